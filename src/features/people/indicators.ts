import { memoized, type IndicatorSource } from '../../core/indicators.ts';
import { cellsOf, display, suppress } from '../../core/suppress.ts';
import { localParts } from '../../core/time.ts';
import { STATUSES } from './schema.ts';
import { countPeople } from './stats-repo.ts';

/**
 * The Local Action Plan's live indicator from the register of young people
 * (core/indicators.ts): people counted by the register's statistics (stats-repo.ts: consent in
 * force or anonymised) with one status (pupil, student, employed, unemployed, NEET), or all of
 * them with no status chosen. As the register stands now (it keeps no history of statuses).
 * Suppressed: a cell under the threshold is no value.
 */
export const byStatusSource: IndicatorSource = {
  key: 'people.by_status',
  title: 'people.ind.byStatus',
  description: 'people.ind.byStatus.how',
  unit: 'people',
  byArea: false,
  // Labels are message keys (the plan shows them in the reader's script).
  params: async () => STATUSES.map((s) => ({ value: s, label: `people.status.${s}` })),
  async compute(db, officeId, q) {
    const year = Number(localParts(new Date(q.until.getTime() - 1)).date.slice(0, 4));
    // One query per page for every status chosen (the indicators differ only in the cell they read).
    const raw = await memoized(q, `people.by_status|${officeId}|${year}`, () => countPeople(db, officeId, year));
    const table = suppress(cellsOf(raw, { name: 'status', codes: [...STATUSES, 'unknown'], partition: true }), q.threshold);
    const rows = table.cells.map((c) => ({
      label: c.key === 'unknown' ? 'people.unknown' : `people.status.${c.key}`,
      value: display(c, q.threshold),
    }));
    rows.push({ label: 'plan.row.total', value: display(table.total!, q.threshold) });
    const cell = q.param === null ? table.total! : table.cells.find((c) => c.key === q.param);
    return { value: cell && cell.status === 'shown' ? cell.count : null, rows };
  },
};

export const peopleIndicators: readonly IndicatorSource[] = [byStatusSource];
