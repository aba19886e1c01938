import { z } from 'zod';
import type { ChartSpec } from '../../core/views/chart.tsx';
import type { Child } from 'hono/jsx';
import { DEFAULT_THRESHOLD, display, suppress, type OutCell } from '../../core/suppress.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import type { Sheet } from '../imports/export.ts';
import { MEASURES, type Measure, type NationalPrinting } from './dashboard.tsx';
import type { FigureRow, GroupBy } from './figures-repo.ts';
import { NETWORK_ADMIN } from './views.tsx';

/**
 * The national admin's dashboard (issue #17 point 3): the national figures by region, office or
 * LAP area and year, with each group's change on the year before, the national totals' trend,
 * office-to-office comparison and CSV/XLSX export. Aggregates only (national_figures); counts of
 * people through core/suppress.ts — here with the totals: per year and measure the groups and
 * their sum are one partition (a person active in two offices counts in each, as the sum is
 * defined), so a small cell that the total would give away has a second cell hidden ("×"). The
 * comparison picks its offices' cells from the same printing of every office, so choosing a few
 * offices can never show a cell the full table hides.
 */

export const ADMIN_DASHBOARD = `${NETWORK_ADMIN}/pregled`;
/** Offices compared at most. */
export const COMPARE_MAX = 6;
const OF_PEOPLE: ReadonlySet<Measure> = new Set(['participants', 'first_timers', 'attendances', 'counselling']);

const thisYear = () => new Date().getUTCFullYear();
const year = (fallback: () => number) => z.coerce.number().int().min(2000).max(2100).catch(fallback);
export const adminQuery = z.object({
  po: z.enum(['region', 'office', 'area']).catch('region'),
  od: year(() => thisYear() - 4),
  do: year(() => thisYear()),
  m: z.enum(MEASURES).catch('participants'),
  k: z
    .array(z.string().regex(/^[a-z0-9-]{1,60}$/))
    .catch([])
    .transform((ks) => [...new Set(ks)].slice(0, COMPARE_MAX)),
});
export type AdminQuery = z.output<typeof adminQuery>;

/** The query string of a view of the dashboard (for its links and exports). */
export function adminQs(q: AdminQuery): string {
  const p = new URLSearchParams({ po: q.po, od: String(q.od), do: String(q.do), m: q.m });
  for (const k of q.k) p.append('k', k);
  return `?${p.toString()}`;
}

export interface AdminRow {
  key: string;
  label: string;
  year: number;
  printed: Record<Measure, string>;
  /** A shown count, or null where suppressed. */
  value: Record<Measure, number | null>;
  /** The change on the group's year before, for the dashboard's measure: "+12 %", or "—" when either is suppressed or 0. */
  change: string;
}

export interface AdminFigures {
  rows: AdminRow[];
  /** Per year: the sum over the groups, as printed (none for LAP areas, where one person is in several areas). */
  totals: Array<{ year: number; printed: Record<Measure, string>; value: Record<Measure, number | null> }>;
}

const shown = (c: OutCell | undefined): number | null => (c && c.status === 'shown' ? c.count : null);

/** The figures as the national admin may see them (see the module's comment), with the trend for measure `m`. */
export function printAdmin(
  rows: readonly FigureRow[],
  by: GroupBy,
  label: (r: FigureRow) => string,
  m: Measure,
  threshold = DEFAULT_THRESHOLD,
  /** By region or office: the national printing (dashboard.tsx), so the views agree with each other and the public ones. */
  printing?: NationalPrinting,
): AdminFigures {
  const partition = by !== 'area';
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  // Each row's cells in MEASURES order, found once (1,500 office-years × 6 measures by office
  // over ten years: a key built and looked up per cell and use was most of this function's time).
  const rowCells: OutCell[][] = rows.map(() => []);
  const inYear = new Map<number, number[]>();
  rows.forEach((r, i) => {
    const own = inYear.get(r.year);
    if (own) own.push(i);
    else inYear.set(r.year, [i]);
  });
  const totals = new Map<number, OutCell[]>();
  for (const y of years) {
    const idx = inYear.get(y)!;
    const yt: OutCell[] = [];
    MEASURES.forEach((ms, j) => {
      const input = idx.map((i) => ({ key: `${rows[i]!.key}|${y}|${ms}`, count: rows[i]![ms] }));
      if (OF_PEOPLE.has(ms) && printing && by !== 'area') {
        input.forEach((c, k) => (rowCells[idx[k]!]![j] = printing.get(`${by}:${c.key}`) ?? { ...c, status: 'hidden' }));
        yt[j] = printing.get(`total|${y}|${ms}`) ?? { key: 'total', count: input.reduce((s, c) => s + c.count, 0), status: 'hidden' };
      } else if (OF_PEOPLE.has(ms)) {
        const table = suppress(input, threshold, { partition });
        table.cells.forEach((c, k) => (rowCells[idx[k]!]![j] = c));
        if (table.total) yt[j] = table.total;
      } else {
        input.forEach((c, k) => (rowCells[idx[k]!]![j] = { ...c, status: 'shown' }));
        yt[j] = { key: 'total', count: input.reduce((s, c) => s + c.count, 0), status: 'shown' };
      }
    });
    totals.set(y, yt);
  }
  const rowAt = new Map(rows.map((r, i) => [`${r.key}|${r.year}`, i]));
  const mi = MEASURES.indexOf(m);
  const printedOf = (cs: readonly OutCell[]) => {
    const printed = {} as Record<Measure, string>;
    const value = {} as Record<Measure, number | null>;
    MEASURES.forEach((ms, j) => {
      printed[ms] = display(cs[j]!, threshold);
      value[ms] = shown(cs[j]);
    });
    return { printed, value };
  };
  const out = rows.map((r, i) => {
    const b = rowAt.get(`${r.key}|${r.year - 1}`);
    const now = shown(rowCells[i]![mi]);
    const was = b === undefined ? null : shown(rowCells[b]![mi]);
    const change =
      now !== null && was !== null && was > 0 ? `${now >= was ? '+' : '−'}${Math.round((Math.abs(now - was) / was) * 100)} %` : '—';
    return { key: r.key, label: label(r), year: r.year, ...printedOf(rowCells[i]!), change };
  });
  return {
    rows: out,
    totals: partition ? years.map((y) => ({ year: y, ...printedOf(totals.get(y)!) })) : [],
  };
}

/** The charts: the trend of measure `m` by year (the national total, and each group while there are few), and the groups in the last year. */
export function adminCharts(v: View, q: AdminQuery, f: AdminFigures): ChartSpec[] {
  const years = [...new Set(f.rows.map((r) => r.year))].sort((a, b) => a - b);
  if (years.length === 0) return [];
  const groups = [...new Map(f.rows.map((r) => [r.key, r.label])).entries()];
  const measure = v.t(`nat.m.${q.m}`);
  const series: ChartSpec['series'][number][] = [];
  if (f.totals.length > 0)
    series.push({
      name: v.t('natd.adm.total'),
      kind: 'line',
      values: years.map((y) => f.totals.find((x) => x.year === y)?.value[q.m] ?? null),
      printed: years.map((y) => f.totals.find((x) => x.year === y)?.printed[q.m] ?? '—'),
    });
  if (groups.length <= 6)
    for (const [key, name] of groups) {
      const of = (y: number) => f.rows.find((r) => r.key === key && r.year === y);
      series.push({
        name,
        kind: 'line',
        values: years.map((y) => of(y)?.value[q.m] ?? null),
        printed: years.map((y) => of(y)?.printed[q.m] ?? '—'),
      });
    }
  const last = years[years.length - 1]!;
  const lastRows = f.rows.filter((r) => r.year === last);
  return [
    { title: v.t('natd.adm.chart.trend', { measure }), categories: years.map(String), series },
    {
      title: v.t('natd.adm.chart.groups', { measure, year: last }),
      categories: lastRows.map((r) => r.label),
      horizontal: true,
      series: [{ name: measure, values: lastRows.map((r) => r.value[q.m]), printed: lastRows.map((r) => r.printed[q.m]) }],
    },
  ];
}

/** The table as a sheet (CSV/XLSX export): the same printed cells as the page. */
export function adminSheet(v: View, by: GroupBy, f: AdminFigures, m: Measure): Sheet {
  return {
    header: [
      v.t(`nat.dash.by.${by}`),
      v.t('nat.dash.year'),
      ...MEASURES.map((ms) => v.t(`nat.m.${ms}`)),
      v.t('natd.adm.change', { measure: v.t(`nat.m.${m}`) }),
    ],
    rows: [
      ...f.rows.map((r) => [r.label, r.year, ...MEASURES.map((ms) => r.printed[ms]), r.change]),
      ...f.totals.map((x) => [v.t('natd.adm.total'), x.year, ...MEASURES.map((ms) => x.printed[ms]), '']),
    ],
  };
}

export interface OfficeOption {
  slug: string;
  name: string;
}

export function AdminDashboardPage(p: {
  v: View;
  q: AdminQuery;
  f: AdminFigures;
  charts: Child[];
  offices: readonly OfficeOption[];
  compared: AdminRow[];
  /** The National Association's trainings and coordinators trained (trained.tsx). */
  trained?: Child;
  consultation?: Child;
}) {
  const { v, q, f } = p;
  const qs = adminQs(q);
  return (
    <Page v={v} title={v.t('natd.adm.title')}>
      <p class="crumbs">
        <a href={v.href(NETWORK_ADMIN)}>{v.t('nat.admin.title')}</a> · <a href={v.href('/mreza/pregled')}>{v.t('nat.dash.title')}</a> ·{' '}
        <a href={v.href('/otvoreni-podaci')}>{v.t('natd.od.title')}</a>
      </p>
      <h1>{v.t('natd.adm.title')}</h1>
      <p>{v.t('natd.adm.lead', { threshold: DEFAULT_THRESHOLD })}</p>
      <form method="get" action={v.href(ADMIN_DASHBOARD)} class="filters">
        <div class="field">
          <label for="f-po">{v.t('nat.dash.by')}</label>
          <select id="f-po" name="po">
            {(['region', 'office', 'area'] as const).map((b) => (
              <option value={b} selected={b === q.po}>
                {v.t(`nat.dash.by.${b}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-m">{v.t('natd.adm.measure')}</label>
          <select id="f-m" name="m">
            {MEASURES.map((ms) => (
              <option value={ms} selected={ms === q.m}>
                {v.t(`nat.m.${ms}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-od">{v.t('nat.dash.from')}</label>
          <input id="f-od" name="od" inputmode="numeric" maxlength={4} value={String(q.od)} />
        </div>
        <div class="field">
          <label for="f-do">{v.t('nat.dash.to')}</label>
          <input id="f-do" name="do" inputmode="numeric" maxlength={4} value={String(q.do)} />
        </div>
        {q.k.map((k) => (
          <input type="hidden" name="k" value={k} />
        ))}
        <button type="submit">{v.t('nat.dash.show')}</button>
      </form>
      <p>
        <a href={v.href(`${ADMIN_DASHBOARD}.csv${qs}`)}>{v.t('natd.adm.csv')}</a> ·{' '}
        <a href={v.href(`${ADMIN_DASHBOARD}.xlsx${qs}`)}>{v.t('natd.adm.xlsx')}</a>
      </p>
      {p.charts}
      <div class="wide-table" role="region" aria-label={v.t('natd.adm.table')} tabindex={0}>
        <DataTable
          caption={v.t('natd.adm.table')}
          rows={[
            ...f.rows.map((r) => ({ ...r, total: false })),
            ...f.totals.map((x) => ({ key: '', label: v.t('natd.adm.total'), year: x.year, printed: x.printed, change: '', total: true })),
          ]}
          empty={v.t('nat.dash.empty')}
          columns={[
            { label: v.t(`nat.dash.by.${q.po}`), rowHeader: true, cell: (r) => (r.total ? <strong>{r.label}</strong> : r.label) },
            { label: v.t('nat.dash.year'), numeric: true, cell: (r) => String(r.year) },
            ...MEASURES.map((ms) => ({
              label: v.t(`nat.m.${ms}`),
              numeric: true,
              cell: (r: { printed: Record<Measure, string> }) => r.printed[ms],
            })),
            { label: v.t('natd.adm.change', { measure: v.t(`nat.m.${q.m}`) }), numeric: true, cell: (r) => r.change },
          ]}
        />
      </div>
      <h2 id="poredjenje">{v.t('natd.adm.compare')}</h2>
      <p>{v.t('natd.adm.compare.lead', { max: COMPARE_MAX })}</p>
      <form method="get" action={`${v.href(ADMIN_DASHBOARD)}#poredjenje`} class="filters">
        <input type="hidden" name="po" value={q.po} />
        <input type="hidden" name="m" value={q.m} />
        <input type="hidden" name="od" value={String(q.od)} />
        <input type="hidden" name="do" value={String(q.do)} />
        <div class="field">
          <label for="f-k">{v.t('natd.adm.compare.offices')}</label>
          <select id="f-k" name="k" multiple size={Math.min(8, Math.max(2, p.offices.length))}>
            {p.offices.map((o) => (
              <option value={o.slug} selected={q.k.includes(o.slug)}>
                {v.tx(o.name)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{v.t('natd.adm.compare.submit')}</button>
      </form>
      {q.k.length > 0 ? (
        <DataTable
          caption={v.t('natd.adm.compare')}
          captionHidden
          rows={p.compared}
          empty={v.t('nat.dash.empty')}
          columns={[
            { label: v.t('nat.dash.by.office'), rowHeader: true, cell: (r) => r.label },
            { label: v.t('nat.dash.year'), numeric: true, cell: (r) => String(r.year) },
            ...MEASURES.map((ms) => ({ label: v.t(`nat.m.${ms}`), numeric: true, cell: (r: AdminRow) => r.printed[ms] })),
            { label: v.t('natd.adm.change', { measure: v.t(`nat.m.${q.m}`) }), numeric: true, cell: (r) => r.change },
          ]}
        />
      ) : null}
      {p.trained}
      {p.consultation}
    </Page>
  );
}
