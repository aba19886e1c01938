import { memoized, type IndicatorSource } from '../../core/indicators.ts';
import { localParts } from '../../core/time.ts';
import { confirmedHoursByArea } from './records-repo.ts';

/**
 * 'volunteering.hours': the volunteer hours organisers confirmed on days in the span (Belgrade's
 * calendar: a span [from, until) of instants is the days from from's date up to until's), for the
 * plan's live indicators. byArea: the LAP area of the volunteer place; rows are the hours per
 * area (code, '' for places that name none). Hours are not counts of people, so no cell is
 * suppressed; null when no hour was confirmed in the span.
 */
export const volunteeringHours: IndicatorSource = {
  key: 'volunteering.hours',
  title: 'volunteering.indicator.hours',
  description: 'volunteering.indicator.hours.description',
  unit: 'hours',
  byArea: true,
  async compute(db, officeId, q) {
    const [from, until] = [localParts(q.from).date, localParts(q.until).date];
    // Every area's hours in one query per page, each indicator taking its own.
    const rows = await memoized(q, `volunteering.hours|${officeId}|${from}|${until}`, () =>
      confirmedHoursByArea(db, officeId, from, until),
    );
    const chosen = q.area ? rows.filter((r) => r.area === q.area) : rows;
    if (chosen.length === 0) return { value: null, rows: [] };
    const value = chosen.reduce((s, r) => s + Number(r.hours), 0);
    return { value: Math.round(value * 100) / 100, rows: chosen.map((r) => ({ label: r.area ?? '', value: String(Number(r.hours)) })) };
  },
};
