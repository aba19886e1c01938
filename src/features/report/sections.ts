import { LAP_AREAS } from '../../core/domain.ts';
import { t } from '../../core/i18n/messages.ts';
import type { Queryable } from '../../core/db/db.ts';
import { shared, type ReportQuery, type ReportSection } from '../../core/report.ts';
import { display, type OutCell, type Table } from '../../core/suppress.ts';
import { formatDate } from '../../core/views/format.ts';
import { attendanceNumbersByArea } from '../checkin/stats.ts';
import { associationCounts } from './repo.ts';

/**
 * The report's own sections: activities by LAP area, participants and reach, associations.
 * Every count of people comes suppressed from checkin/stats.ts (core/suppress.ts) and is printed
 * with `display` ("<5", "×"); counts of activities and associations are exact.
 */

/** A suppressed count as a chart's value: a gap unless shown exactly (the printed figure says "<5" or "×"). */
export const chartValue = (c: OutCell) => (c.status === 'shown' ? c.count : null);

const lastDay = (until: Date) => new Date(until.getTime() - 1).toISOString().slice(0, 10);
const span = (q: { year: number; until: Date }) => ({ from: `${q.year}-01-01`, to: lastDay(q.until) });

/**
 * The year's attendance numbers for every LAP area and for all of them (null), from one grouped
 * attendance query (checkin/stats.ts), once per report: the activities section and the reach
 * section both read them.
 */
const yearNumbers = (db: Queryable, officeId: string, q: ReportQuery) =>
  shared(q, `report.attendance|${officeId}|${q.year}|${q.threshold}`, () =>
    attendanceNumbersByArea(db, { officeId, ...span(q) }, [...LAP_AREAS, null], q.threshold),
  );

export const activitiesSection: ReportSection = {
  key: 'report.activities',
  order: 10,
  async build(db, officeId, q) {
    const L = q.locale;
    const numbers = await yearNumbers(db, officeId, q);
    const rows = LAP_AREAS.map((area) => {
      const n = numbers.get(area)!;
      return {
        n,
        row: [
          t(L, `lap.${area}`),
          String(n.activities),
          String(n.sessions),
          display(n.participants, q.threshold),
          display(n.attendance, q.threshold),
        ],
      };
    });
    const all = numbers.get(null)!;
    const used = rows.filter((r) => r.n.activities > 0);
    return {
      heading: t(L, 'report.activities.heading'),
      paragraphs: [t(L, 'report.activities.summary', { activities: all.activities, sessions: all.sessions })],
      tables: [
        {
          caption: t(L, 'report.activities.byArea'),
          columns: [
            t(L, 'report.area'),
            t(L, 'report.activities'),
            t(L, 'report.sessions'),
            t(L, 'report.participants'),
            t(L, 'report.attendance'),
          ],
          numeric: [false, true, true, true, true],
          rows: [
            ...rows.map((r) => r.row),
            [
              t(L, 'report.all'),
              String(all.activities),
              String(all.sessions),
              display(all.participants, q.threshold),
              display(all.attendance, q.threshold),
            ],
          ],
          note: t(L, 'report.note.areas', { threshold: q.threshold }),
        },
      ],
      charts:
        used.length === 0
          ? []
          : [
              {
                title: t(L, 'report.chart.byArea'),
                categories: used.map((r) => r.row[0]!),
                horizontal: true,
                series: [
                  { name: t(L, 'report.activities'), values: used.map((r) => r.n.activities) },
                  {
                    name: t(L, 'report.participants'),
                    values: used.map((r) => chartValue(r.n.participants)),
                    printed: used.map((r) => r.row[3]!),
                  },
                ],
              },
            ],
    };
  },
};

/** A suppressed dimension as a table: one row per code, then the total. */
function dimension(L: Parameters<typeof t>[0], caption: string, label: (code: string) => string, table: Table) {
  return {
    caption,
    columns: [t(L, 'report.group'), t(L, 'report.participants')],
    numeric: [false, true],
    rows: [
      ...table.cells.map((c) => [label(c.key), display(c, table.threshold)]),
      ...(table.total ? [[t(L, 'report.total'), display(table.total, table.threshold)]] : []),
    ],
    note: t(L, 'report.note.suppressed', { threshold: table.threshold }),
  };
}

export const reachSection: ReportSection = {
  key: 'report.reach',
  order: 20,
  async build(db, officeId, q) {
    const L = q.locale;
    const n = (await yearNumbers(db, officeId, q)).get(null)!;
    const ageLabel = (c: string) => (c === 'unknown' ? t(L, 'people.unknown') : c === 'other' ? t(L, 'people.age.other') : c);
    const code = (prefix: string) => (c: string) =>
      c === 'unknown' ? t(L, 'people.unknown') : t(L, `${prefix}${c}` as Parameters<typeof t>[1]);
    return {
      heading: t(L, 'report.reach.heading'),
      paragraphs: [
        t(L, 'report.reach.summary', {
          participants: display(n.participants, q.threshold),
          firstTimers: display(n.firstTimers, q.threshold),
          from: formatDate(L, span(q).from),
          to: formatDate(L, span(q).to),
        }),
      ],
      tables: [
        dimension(L, t(L, 'report.reach.age'), ageLabel, n.profile.age),
        dimension(L, t(L, 'report.reach.gender'), code('people.gender.'), n.profile.gender),
        dimension(L, t(L, 'report.reach.settlement'), code('people.kind.'), n.profile.settlement_kind),
      ],
      charts:
        n.profile.age.total && n.profile.age.total.count > 0
          ? [
              {
                title: t(L, 'report.reach.age'),
                categories: n.profile.age.cells.map((c) => ageLabel(c.key)),
                series: [
                  {
                    name: t(L, 'report.participants'),
                    values: n.profile.age.cells.map(chartValue),
                    printed: n.profile.age.cells.map((c) => display(c, q.threshold)),
                  },
                ],
              },
            ]
          : [],
    };
  },
};

export const associationsSection: ReportSection = {
  key: 'report.associations',
  order: 30,
  async build(db, officeId, q) {
    const L = q.locale;
    const rows = await associationCounts(db, officeId, q.from, q.until);
    const kinds = ['youth', 'for_youth', 'umbrella', 'informal'] as const;
    const of = (k: string) => rows.find((r) => r.kind === k) ?? { total: 0, active: 0, added: 0 };
    const sum = (f: 'total' | 'active' | 'added') => rows.reduce((s, r) => s + r[f], 0);
    return {
      heading: t(L, 'report.associations.heading'),
      paragraphs: [t(L, 'report.associations.summary', { total: sum('total'), active: sum('active') })],
      tables: [
        {
          caption: t(L, 'report.associations.byKind'),
          columns: [
            t(L, 'report.associations.kind'),
            t(L, 'report.associations.total'),
            t(L, 'report.associations.active'),
            t(L, 'report.associations.added'),
          ],
          numeric: [false, true, true, true],
          rows: [
            ...kinds.map((k) => [t(L, `associations.kind.${k}`), String(of(k).total), String(of(k).active), String(of(k).added)]),
            [t(L, 'report.total'), String(sum('total')), String(sum('active')), String(sum('added'))],
          ],
        },
      ],
    };
  },
};

export const OWN_SECTIONS: readonly ReportSection[] = [activitiesSection, reachSection, associationsSection];
