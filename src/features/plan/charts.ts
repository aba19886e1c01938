import type { ChartSpec } from '../../core/views/chart.tsx';
import type { View } from '../../core/views/view.ts';
import type { Indicator } from './repo.ts';
import type { Dashboard, IndicatorReport } from './service.ts';
import { areaName } from './views.tsx';

/** The dashboard's pictures: activities planned vs done and budget planned vs spent, per area. */
export function dashboardCharts(v: View, d: Dashboard): ChartSpec[] {
  const categories = d.areas.map((a) => areaName(v, a.area));
  return [
    {
      title: `${v.t('plan.mon.activities')} (${d.year})`,
      categories,
      horizontal: true,
      series: [
        { name: v.t('plan.col.planned'), values: d.areas.map((a) => a.planned) },
        { name: v.t('plan.col.done'), values: d.areas.map((a) => a.done) },
      ],
    },
    {
      title: `${v.t('plan.mon.budget')} (${d.year})`,
      categories,
      horizontal: true,
      unit: 'RSD',
      series: [
        { name: v.t('plan.col.plannedRsd'), values: d.areas.map((a) => a.plannedRsd) },
        { name: v.t('plan.col.spentRsd'), values: d.areas.map((a) => a.spentRsd) },
      ],
    },
  ];
}

/** An indicator against its targets, year by year: values as bars (gaps where none or suppressed), targets as a line. */
export function indicatorChart(v: View, ind: Indicator, years: ReadonlyArray<{ year: number; report: IndicatorReport }>): ChartSpec {
  return {
    title: `${ind.code} ${v.tx(ind.definition)}`,
    categories: years.map((y) => String(y.year)),
    ...(ind.unit === 'percent' ? { unit: '%' } : ind.unit === 'rsd' ? { unit: 'RSD' } : {}),
    series: [
      {
        name: v.t('plan.col.value'),
        values: years.map((y) => y.report.measured.value),
        printed: years.map((y) => (y.report.measured.value === null ? v.t('plan.ind.noValue') : String(y.report.measured.value))),
      },
      { name: v.t('plan.col.target'), kind: 'line', values: years.map((y) => y.report.target) },
    ],
  };
}
