import type { IndicatorSource } from '../../core/indicators.ts';
import { heldActivities } from './indicators-repo.ts';

/**
 * The Local Action Plan's live indicator of activities held (core/indicators.ts): activities
 * of the office, not drafts nor cancelled, with a session starting in the span, optionally of
 * one LAP area; the drill-down is by kind. Activities are not people: no suppression.
 */
export const heldSource: IndicatorSource = {
  key: 'activities.held',
  title: 'activities.ind.held',
  description: 'activities.ind.held.how',
  unit: 'count',
  byArea: true,
  async compute(db, officeId, q) {
    const rows = await heldActivities(db, officeId, q.from, q.until, q.area);
    const total = rows.reduce((s, r) => s + r.n, 0);
    return { value: total, rows: rows.map((r) => ({ label: `activities.kind.${r.kind}`, value: String(r.n) })) };
  },
};

export const activityIndicators: readonly IndicatorSource[] = [heldSource];
