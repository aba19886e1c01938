import { memoized, type IndicatorSource } from '../../core/indicators.ts';
import { meetingsHeld } from './repo.ts';

/**
 * 'council.meetings': the Youth Council's meetings held in the span — a meeting counts once at
 * least one member was recorded present at it (a meeting only scheduled, or one nobody came
 * to, is not "held"). The drill-down splits them by whether their minutes were adopted. A count
 * of meetings, not of people, so nothing is suppressed; an office whose council never met in
 * KZM has "no data" (not 0).
 */
export const councilMeetings: IndicatorSource = {
  key: 'council.meetings',
  title: 'council.ind.meetings',
  description: 'council.ind.meetings.about',
  unit: 'count',
  byArea: false,
  async compute(db, officeId, q) {
    const r = await memoized(q, `council.meetings|${officeId}|${q.from.toISOString()}|${q.until.toISOString()}`, () =>
      meetingsHeld(db, officeId, q.from, q.until),
    );
    if (r.ever === 0) return { value: null, rows: [] };
    return {
      value: r.held,
      rows: [
        { label: 'council.ind.adopted', value: String(r.adopted) },
        { label: 'council.ind.pending', value: String(r.held - r.adopted) },
      ],
    };
  },
};
