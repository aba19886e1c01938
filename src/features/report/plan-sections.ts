import { LAP_AREAS } from '../../core/domain.ts';
import type { Queryable } from '../../core/db/db.ts';
import { inScript, type Locale } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { numberFormat } from '../../core/intl.ts';
import { shared, type ReportQuery, type ReportSection } from '../../core/report.ts';
import { FUNDING_SOURCES, listPlans, planActivities, type Area, type Plan } from '../plan/repo.ts';
import { dashboard, type Dashboard } from '../plan/service.ts';

/**
 * The plan's part of the annual report: the budget execution table (planned and spent per LAP
 * area and per funding source) and the indicators against the year's targets, with the status the
 * monitoring dashboard shows (plan/rules.ts, the one rule) — from the version of the office's Local
 * Action Plan that covers the year (the adopted one first, its newest version). Money and counts of
 * activities are not counts of people; an indicator of people comes from its source already
 * suppressed (a suppressed value is "no data", never a small number).
 */

/** The version of the office's plan the report of `year` follows: one covering the year, adopted first, newest version. */
export function planFor(plans: readonly Plan[], year: number): Plan | undefined {
  return plans
    .filter((p) => p.start_year <= year && year <= p.end_year)
    .sort((a, b) => Number(b.status === 'adopted') - Number(a.status === 'adopted') || b.version - a.version)[0];
}

export async function coveringPlan(db: Queryable, officeId: string, year: number): Promise<{ plan?: Plan; all: Plan[] }> {
  const all = await listPlans(db, officeId);
  const plan = planFor(all, year);
  return plan ? { plan, all } : { all };
}

const TAG: Record<Locale, string> = { cir: 'sr-Cyrl', lat: 'sr-Latn', en: 'en' };
const money = (L: Locale, n: number) => numberFormat(TAG[L], { maximumFractionDigits: 0 }).format(n);
const share = (L: Locale, part: number, whole: number) =>
  whole > 0 ? `${numberFormat(TAG[L], { maximumFractionDigits: 1 }).format((100 * part) / whole)} %` : '—';
const areaName = (L: Locale, a: Pick<Area, 'code' | 'name'>) =>
  a.name
    ? inScript(L, a.name)
    : a.code && (LAP_AREAS as readonly string[]).includes(a.code)
      ? t(L, `lap.${a.code as (typeof LAP_AREAS)[number]}`)
      : '';

/** When the status is judged: the year's end for a past year, now for the current one. */
const judgedAt = (q: ReportQuery) => new Date(Math.min(Date.now(), q.until.getTime() - 1));

/**
 * The covering plan and its dashboard for the report's year, computed once per report: the
 * budget section and the indicators section both read it (ReportQuery.memo).
 */
export function planOfYear(db: Queryable, officeId: string, q: ReportQuery): Promise<{ plan: Plan; d: Dashboard } | null> {
  return shared(q, `plan.dashboard|${officeId}|${q.year}`, async () => {
    const { plan } = await coveringPlan(db, officeId, q.year);
    return plan ? { plan, d: await dashboard(db, officeId, plan, q.year, judgedAt(q)) } : null;
  });
}

export const budgetSection: ReportSection = {
  key: 'report.budget',
  order: 50,
  async build(db, officeId, q) {
    const of = await planOfYear(db, officeId, q);
    if (!of) return null;
    const { plan, d } = of;
    const L = q.locale;
    const acts = await planActivities(db, officeId, plan.id, q.year);
    const bySource = FUNDING_SOURCES.map((f) => {
      const of = acts.filter((a) => a.funding === f);
      return { f, planned: of.reduce((s, a) => s + a.planned_rsd, 0), spent: of.reduce((s, a) => s + a.spent_rsd, 0), n: of.length };
    }).filter((x) => x.n > 0);
    const T = d.totals;
    return {
      heading: t(L, 'report.budget.heading'),
      paragraphs: [
        t(L, 'report.budget.summary', {
          plan: inScript(L, plan.title),
          planned: T.planned,
          done: T.done,
          plannedRsd: money(L, T.plannedRsd),
          spentRsd: money(L, T.spentRsd),
          share: share(L, T.spentRsd, T.plannedRsd),
        }),
      ],
      tables: [
        {
          caption: t(L, 'report.budget.byArea'),
          columns: [
            t(L, 'report.area'),
            t(L, 'plan.col.planned'),
            t(L, 'plan.col.done'),
            t(L, 'plan.col.plannedRsd'),
            t(L, 'plan.col.spentRsd'),
            t(L, 'report.budget.execution'),
          ],
          numeric: [false, true, true, true, true, true],
          rows: [
            ...d.areas.map((a) => [
              areaName(L, a.area),
              String(a.planned),
              String(a.done),
              money(L, a.plannedRsd),
              money(L, a.spentRsd),
              share(L, a.spentRsd, a.plannedRsd),
            ]),
            [
              t(L, 'report.total'),
              String(T.planned),
              String(T.done),
              money(L, T.plannedRsd),
              money(L, T.spentRsd),
              share(L, T.spentRsd, T.plannedRsd),
            ],
          ],
        },
        {
          caption: t(L, 'report.budget.bySource'),
          columns: [t(L, 'plan.funding'), t(L, 'plan.col.plannedRsd'), t(L, 'plan.col.spentRsd'), t(L, 'report.budget.execution')],
          numeric: [false, true, true, true],
          rows: bySource.map((x) => [t(L, `plan.funding.${x.f}`), money(L, x.planned), money(L, x.spent), share(L, x.spent, x.planned)]),
        },
      ],
      charts:
        d.areas.length > 0
          ? [
              {
                title: t(L, 'report.budget.byArea'),
                categories: d.areas.map((a) => areaName(L, a.area)),
                horizontal: true,
                unit: 'RSD',
                series: [
                  { name: t(L, 'plan.col.plannedRsd'), values: d.areas.map((a) => a.plannedRsd) },
                  { name: t(L, 'plan.col.spentRsd'), values: d.areas.map((a) => a.spentRsd) },
                ],
              },
            ]
          : [],
    };
  },
};

export const indicatorsSection: ReportSection = {
  key: 'report.indicators',
  order: 60,
  async build(db, officeId, q) {
    const of = await planOfYear(db, officeId, q);
    if (!of) return null;
    const { d } = of;
    const L = q.locale;
    const reports = d.areas.flatMap((a) => a.indicators.map((r) => ({ area: a.area, ...r })));
    if (reports.length === 0) return null;
    const figure = (n: number | null) =>
      n === null ? t(L, 'report.noData') : numberFormat(TAG[L], { maximumFractionDigits: 1 }).format(n);
    // How much of the year's target each indicator reached (a picture across units); none without a value or a target.
    const reached = reports.flatMap((r) =>
      r.measured.value !== null && r.target !== null && r.target > 0
        ? [{ indicator: r.indicator, pct: Math.round((1000 * r.measured.value) / r.target) / 10 }]
        : [],
    );
    const counted = (s: string) => reports.filter((r) => r.status === s).length;
    return {
      heading: t(L, 'report.indicators.heading'),
      paragraphs: [
        t(L, 'report.indicators.summary', {
          total: reports.length,
          onTrack: counted('on_track'),
          atRisk: counted('at_risk'),
          offTrack: counted('off_track'),
          noData: counted('no_data'),
        }),
      ],
      tables: [
        {
          caption: t(L, 'report.indicators.table'),
          columns: [
            t(L, 'report.indicators.code'),
            t(L, 'report.indicators.definition'),
            t(L, 'report.area'),
            t(L, 'report.indicators.unit'),
            t(L, 'report.indicators.baseline'),
            t(L, 'plan.col.target'),
            t(L, 'plan.col.value'),
            t(L, 'plan.col.status'),
          ],
          numeric: [false, false, false, false, true, true, true, false],
          rows: reports.map((r) => [
            r.indicator.code,
            inScript(L, r.indicator.definition),
            areaName(L, r.area),
            t(L, `plan.unit.${r.indicator.unit}`),
            figure(r.indicator.baseline),
            figure(r.target),
            figure(r.measured.value),
            t(L, `plan.status.${r.status}`),
          ]),
          note: t(L, 'report.indicators.note'),
        },
      ],
      charts: reached.length
        ? [
            {
              title: t(L, 'report.indicators.chart'),
              categories: reached.map((r) => r.indicator.code),
              horizontal: true,
              unit: '%',
              series: [{ name: t(L, 'report.indicators.reached'), values: reached.map((r) => r.pct) }],
            },
          ]
        : [],
    };
  },
};

export const PLAN_SECTIONS: readonly ReportSection[] = [budgetSection, indicatorsSection];
