import { groupAreas, memoized, type IndicatorSource } from '../../core/indicators.ts';
import { heldActivitiesByArea, heldLinkedActivities } from './indicators-repo.ts';
import { planActivityChoices } from './plan-link.ts';

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
    // One grouped query for every area the page measures (core/indicators.ts groupAreas).
    const areas = groupAreas(q);
    const all = await memoized(q, `activities.held|${officeId}|${q.from.toISOString()}|${q.until.toISOString()}|${areas.join(',')}`, () =>
      heldActivitiesByArea(db, officeId, q.from, q.until, areas),
    );
    const rows = all.get(q.area)!;
    const total = rows.reduce((s, r) => s + r.n, 0);
    return { value: total, rows: rows.map((r) => ({ label: `activities.kind.${r.kind}`, value: String(r.n) })) };
  },
};

/**
 * Activities held under the plan: linked to a plan activity (the activity form's select, or the
 * plan activity's page), to the chosen one or to any. Counted by linked plan activity, so a plan
 * activity's own indicator moves as the office runs it. The choices are the current plan's
 * activities; a link keeps counting across the plan's versions (it is by key).
 */
export const linkedSource: IndicatorSource = {
  key: 'activities.linked',
  title: 'activities.ind.linked',
  description: 'activities.ind.linked.how',
  unit: 'count',
  byArea: false,
  params: async (db, officeId) => (await planActivityChoices(db, officeId)).map((c) => ({ value: c.key, label: `${c.title} (${c.year})` })),
  async compute(db, officeId, q) {
    const all = await memoized(q, `activities.linked|${officeId}|${q.from.toISOString()}|${q.until.toISOString()}`, () =>
      heldLinkedActivities(db, officeId, q.from, q.until),
    );
    const byKind = new Map<string, number>();
    for (const r of all) if (q.param === null || r.key === q.param) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + r.n);
    const rows = [...byKind].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([kind, n]) => ({ kind, n }));
    const total = rows.reduce((s, r) => s + r.n, 0);
    return { value: total, rows: rows.map((r) => ({ label: `activities.kind.${r.kind}`, value: String(r.n) })) };
  },
};

export const activityIndicators: readonly IndicatorSource[] = [heldSource, linkedSource];
