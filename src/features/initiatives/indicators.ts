import { memoized, type IndicatorSource } from '../../core/indicators.ts';
import { supportedByArea } from './repo.ts';

/**
 * 'initiatives.supported': how many youth initiatives the office supported in the span — by the
 * date of the decision to support, so one that has since started or been completed still counts
 * in the year it was supported — narrowed to a LAP area when the plan's indicator names one.
 * It counts initiatives, not people, so nothing is suppressed; none supported in the span is 0
 * (a count the office can act on), not "no data".
 */
export const supportedInitiatives: IndicatorSource = {
  key: 'initiatives.supported',
  title: 'init.ind.supported',
  description: 'init.ind.supported.desc',
  unit: 'count',
  byArea: true,
  async compute(db, officeId, q) {
    // Every area's count in one query per page (the query groups by area), each indicator taking its own.
    const all = await memoized(q, `initiatives.supported|${officeId}|${q.from.toISOString()}|${q.until.toISOString()}`, () =>
      supportedByArea(db, officeId, q.from, q.until, null),
    );
    const rows = q.area ? all.filter((r) => r.area === q.area) : all;
    const total = rows.reduce((s, r) => s + r.n, 0);
    return { value: total, rows: rows.map((r) => ({ label: `lap.${r.area}`, value: String(r.n) })) };
  },
};
