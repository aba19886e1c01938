import type { Child } from 'hono/jsx';
import { z } from 'zod';
import { DEFAULT_THRESHOLD, display, suppress, suppressNested, type OutCell } from '../../core/suppress.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import type { FigureRow, GroupBy } from './figures-repo.ts';
import type { OpenFigureRow } from './opendata-repo.ts';

export const DASHBOARD = '/mreza/pregled';
export const MEASURES = [
  'activities',
  'participants',
  'first_timers',
  'attendances',
  'associations',
  'counselling',
  'volunteer_hours',
  'initiatives_supported',
] as const;
export type Measure = (typeof MEASURES)[number];
/** Counts of people (or of their visits): small cells are suppressed (core/suppress.ts). Activities, associations, volunteer hours and initiatives are not people. */
const OF_PEOPLE: ReadonlySet<Measure> = new Set(['participants', 'first_timers', 'attendances', 'counselling']);

const thisYear = () => new Date().getUTCFullYear();
export const dashboardQuery = z.object({
  po: z.enum(['region', 'office', 'area']).catch('region'),
  od: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .catch(() => thisYear() - 4),
  do: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .catch(() => thisYear()),
});
export type DashboardQuery = z.output<typeof dashboardQuery>;

export interface PrintedRow {
  key: string;
  label: string;
  year: number;
  values: Record<Measure, string>;
}

/**
 * Counts of people by office, region and the whole country, printed together once
 * (core/suppress.ts suppressNested: offices within regions within the country) so that no view —
 * by region, by office, the open data, the admin's — gives away a cell another view hides.
 * Keys: `office:<slug>|<year>|<measure>`, `region:<code>|<year>|<measure>`, `total|<year>|<measure>`.
 */
export type NationalPrinting = ReadonlyMap<string, OutCell>;

export function nationalPrinting(offices: readonly OpenFigureRow[], threshold = DEFAULT_THRESHOLD): NationalPrinting {
  const out = new Map<string, OutCell>();
  // Year → region → its offices' rows, in one pass.
  const byYear = new Map<number, Map<string, OpenFigureRow[]>>();
  for (const r of offices) {
    let regions = byYear.get(r.year);
    if (!regions) byYear.set(r.year, (regions = new Map()));
    const own = regions.get(r.region);
    if (own) own.push(r);
    else regions.set(r.region, [r]);
  }
  for (const [y, regions] of byYear) {
    for (const m of MEASURES) {
      if (!OF_PEOPLE.has(m)) continue;
      const nested = suppressNested(
        [...regions].map(([code, rs]) => ({
          key: `region:${code}|${y}|${m}`,
          cells: rs.map((r) => ({ key: `office:${r.key}|${y}|${m}`, count: r[m] })),
        })),
        threshold,
      );
      for (const [k, c] of nested) out.set(k === 'total' ? `total|${y}|${m}` : k, c);
    }
  }
  return out;
}

/**
 * The figures as they may be published: per year and measure, the groups' counts of people go
 * through suppress() (a group below the threshold shows "<5", and one more is hidden where the
 * total would give it away). By region or office, the cells come from the national printing
 * (`nested`), so the two views and the open data agree; by LAP area, the areas are printed on
 * their own (one person may count in several areas). The same printing serves the page, the
 * CSV/XLSX and the open data.
 */
export function printFigures(
  rows: readonly FigureRow[],
  label: (r: FigureRow) => string,
  threshold = DEFAULT_THRESHOLD,
  nested?: { printing: NationalPrinting; by: 'region' | 'office' },
): PrintedRow[] {
  const printed = new Map<string, OutCell>();
  const years = [...new Set(rows.map((r) => r.year))];
  for (const m of MEASURES) {
    if (!OF_PEOPLE.has(m)) continue;
    for (const y of years) {
      const cells = rows.filter((r) => r.year === y).map((r) => ({ key: `${r.key}|${y}|${m}`, count: r[m] }));
      if (nested) for (const c of cells) printed.set(c.key, nested.printing.get(`${nested.by}:${c.key}`) ?? { ...c, status: 'hidden' });
      else for (const c of suppress(cells, threshold, { partition: false }).cells) printed.set(c.key, c);
    }
  }
  return rows.map((r) => ({
    key: r.key,
    label: label(r),
    year: r.year,
    values: Object.fromEntries(
      MEASURES.map((m) => [m, OF_PEOPLE.has(m) ? display(printed.get(`${r.key}|${r.year}|${m}`)!, threshold) : String(r[m])]),
    ) as Record<Measure, string>,
  }));
}

export const labelOf = (v: View, by: GroupBy) => (r: FigureRow) =>
  by === 'area' ? v.t(`lap.${r.key}` as Parameters<View['t']>[0]) : v.locale === 'en' && by === 'region' ? r.label_en : v.tx(r.label);

export function DashboardPage({ v, query, rows, trained }: { v: View; query: DashboardQuery; rows: PrintedRow[]; trained?: Child }) {
  const qs = `?po=${query.po}&od=${query.od}&do=${query.do}`;
  return (
    <Page v={v} title={v.t('nat.dash.title')}>
      <p class="crumbs">
        <a href={v.href('/mreza')}>{v.t('nat.map.title')}</a>
      </p>
      <h1>{v.t('nat.dash.title')}</h1>
      <p>{v.t('nat.dash.lead', { threshold: DEFAULT_THRESHOLD })}</p>
      <form method="get" action={v.href(DASHBOARD)} class="filters">
        <div class="field">
          <label for="f-po">{v.t('nat.dash.by')}</label>
          <select id="f-po" name="po">
            {(['region', 'office', 'area'] as const).map((b) => (
              <option value={b} selected={b === query.po}>
                {v.t(`nat.dash.by.${b}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-od">{v.t('nat.dash.from')}</label>
          <input id="f-od" name="od" inputmode="numeric" maxlength={4} value={String(query.od)} />
        </div>
        <div class="field">
          <label for="f-do">{v.t('nat.dash.to')}</label>
          <input id="f-do" name="do" inputmode="numeric" maxlength={4} value={String(query.do)} />
        </div>
        <button type="submit">{v.t('nat.dash.show')}</button>
      </form>
      <p>
        <a href={v.href(`${DASHBOARD}.csv${qs}`)}>{v.t('nat.dash.csv')}</a>
      </p>
      <div class="wide-table" role="region" aria-label={v.t('nat.dash.title')} tabindex={0}>
        <DataTable
          caption={v.t('nat.dash.title')}
          captionHidden
          rows={rows}
          empty={v.t('nat.dash.empty')}
          columns={[
            { label: v.t(`nat.dash.by.${query.po}`), rowHeader: true, cell: (r) => r.label },
            { label: v.t('nat.dash.year'), numeric: true, cell: (r) => String(r.year) },
            ...MEASURES.map((m) => ({ label: v.t(`nat.m.${m}`), numeric: true, cell: (r: PrintedRow) => r.values[m] })),
          ]}
        />
      </div>
      {trained}
    </Page>
  );
}

/** The printed figures as CSV (RFC 4180, UTF-8 with BOM for spreadsheet programs): the same cells as the page. */
export function figuresCsv(v: Pick<View, 't'>, by: GroupBy, rows: readonly PrintedRow[]): string {
  const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const head = ['key', v.t(`nat.dash.by.${by}`), v.t('nat.dash.year'), ...MEASURES.map((m) => v.t(`nat.m.${m}`))];
  const lines = [head, ...rows.map((r) => [r.key, r.label, String(r.year), ...MEASURES.map((m) => r.values[m])])];
  return `\ufeff${lines.map((l) => l.map(q).join(',')).join('\r\n')}\r\n`;
}
