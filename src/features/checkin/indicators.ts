import { groupAreas, memoized, type IndicatorQuery, type IndicatorSource, type IndicatorValue } from '../../core/indicators.ts';
import type { Queryable } from '../../core/db/db.ts';
import { cellsOf, display, suppress, suppressShared, type RawCount } from '../../core/suppress.ts';
import { localParts } from '../../core/time.ts';
import { AGE_GROUPS, SETTLEMENT_KINDS } from '../people/schema.ts';
import { REG_STATUSES } from './stats.ts';
import { rawAttendanceCountsByArea } from './stats-repo.ts';

/**
 * The Local Action Plan's live indicators about who took part (core/indicators.ts), computed by
 * THE attendance query (stats-repo.ts) so the plan counts exactly what the statistics pages do:
 * participants, first-timers, the rural share, registrations and attendance, for a span and
 * optionally a LAP area. Every figure about people is suppressed (core/suppress.ts): a value
 * under the threshold is no value (null) and its rows say "<5".
 */

/** The attendance query's period for [from, until): both ends as Belgrade dates, the last included. */
function scopeOf(officeId: string, q: IndicatorQuery) {
  return {
    officeId,
    from: localParts(q.from).date,
    to: localParts(new Date(q.until.getTime() - 1)).date,
  };
}

/**
 * The attendance query's raw counts for the indicator's area: one grouped query for every area
 * the page measures (`q.areas`: the dashboard's), run once per page for the five sources below
 * (core/indicators.ts `memoized`), each indicator reading its area's counts.
 */
async function rawCounts(db: Queryable, officeId: string, q: IndicatorQuery): Promise<RawCount[]> {
  const scope = scopeOf(officeId, q);
  const areas = groupAreas(q);
  const all = await memoized(q, `checkin.raw|${officeId}|${scope.from}|${scope.to}|${areas.join(',')}`, () =>
    rawAttendanceCountsByArea(db, scope, areas),
  );
  return all.get(q.area)!;
}

const sum = (raw: readonly RawCount[], dim: string, code?: string) =>
  raw.filter((r) => r.dimension === dim && (code === undefined || r.code === code)).reduce((s, r) => s + r.n, 0);

/** A count of people as an indicator value: null when it is under the threshold (shown "<t"). */
function peopleValue(count: number, threshold: number): number | null {
  return count > 0 && count < threshold ? null : count;
}

function rowsOf(table: ReturnType<typeof suppress>, label: (key: string) => string): IndicatorValue['rows'] {
  const rows = table.cells.map((c) => ({ label: label(c.key), value: display(c, table.threshold) }));
  if (table.total) rows.push({ label: 'plan.row.total', value: display(table.total, table.threshold) });
  return rows;
}

export const reachedSource: IndicatorSource = {
  key: 'checkin.reached',
  title: 'checkin.ind.reached',
  description: 'checkin.ind.reached.how',
  unit: 'people',
  byArea: true,
  async compute(db, officeId, q) {
    const raw = await rawCounts(db, officeId, q);
    const participants = sum(raw, 'first_time');
    const tables = suppressShared({ age: cellsOf(raw, { name: 'age', codes: [...AGE_GROUPS, 'unknown'], partition: true }) }, q.threshold);
    return {
      value: peopleValue(participants, q.threshold),
      rows: rowsOf(tables.age!, (k) => (k === 'unknown' ? 'people.unknown' : `people.age.${k}`)),
    };
  },
};

export const ruralShareSource: IndicatorSource = {
  key: 'checkin.rural_share',
  title: 'checkin.ind.rural',
  description: 'checkin.ind.rural.how',
  unit: 'percent',
  byArea: true,
  async compute(db, officeId, q) {
    const raw = await rawCounts(db, officeId, q);
    const rural = sum(raw, 'settlement_kind', 'rural');
    const known = rural + sum(raw, 'settlement_kind', 'urban');
    const table = suppress(cellsOf(raw, { name: 'settlement_kind', codes: [...SETTLEMENT_KINDS], partition: true }), q.threshold);
    // A share of fewer people than the threshold would give away who they are: no value.
    const hidden = table.cells.some((c) => c.status !== 'shown') || known < q.threshold;
    const value = known === 0 || hidden ? null : Math.round((rural / known) * 1000) / 10;
    return { value, rows: rowsOf(table, (k) => `people.kind.${k}`) };
  },
};

export const firstTimeSource: IndicatorSource = {
  key: 'checkin.first_time',
  title: 'checkin.ind.first',
  description: 'checkin.ind.first.how',
  unit: 'people',
  byArea: true,
  async compute(db, officeId, q) {
    const raw = await rawCounts(db, officeId, q);
    const table = suppress(cellsOf(raw, { name: 'first_time', codes: ['first', 'returning'], partition: true }), q.threshold);
    const first = table.cells.find((c) => c.key === 'first')!;
    return { value: first.status === 'shown' ? first.count : null, rows: rowsOf(table, (k) => `checkin.first.${k}`) };
  },
};

export const registrationsSource: IndicatorSource = {
  key: 'checkin.registrations',
  title: 'checkin.ind.registrations',
  description: 'checkin.ind.registrations.how',
  unit: 'count',
  byArea: true,
  async compute(db, officeId, q) {
    const raw = await rawCounts(db, officeId, q);
    const table = suppress(cellsOf(raw, { name: 'reg_status', codes: [...REG_STATUSES], partition: true }), q.threshold);
    return { value: peopleValue(sum(raw, 'reg_status'), q.threshold), rows: rowsOf(table, (k) => `checkin.reg.${k}`) };
  },
};

export const attendanceSource: IndicatorSource = {
  key: 'checkin.attendance',
  title: 'checkin.ind.attendance',
  description: 'checkin.ind.attendance.how',
  unit: 'count',
  byArea: true,
  async compute(db, officeId, q) {
    const raw = await rawCounts(db, officeId, q);
    const attendance = sum(raw, 'attendance');
    const cell = suppress([{ key: 'attendance', count: attendance }], q.threshold, { partition: false }).cells[0]!;
    return {
      value: peopleValue(attendance, q.threshold),
      rows: [
        { label: 'checkin.ind.row.activities', value: String(sum(raw, 'activities')) },
        { label: 'checkin.ind.row.sessions', value: String(sum(raw, 'sessions')) },
        { label: 'checkin.ind.row.attendance', value: display(cell, q.threshold) },
      ],
    };
  },
};

export const checkinIndicators: readonly IndicatorSource[] = [
  reachedSource,
  ruralShareSource,
  firstTimeSource,
  registrationsSource,
  attendanceSource,
];
