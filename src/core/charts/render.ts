import { createHash } from 'node:crypto';
import * as echarts from 'echarts';
import type { Locale } from '../i18n/locale.ts';
import { numberFormat } from '../intl.ts';
import { CHART_COLOURS, chartSize, type ChartSpec } from './spec.ts';

/**
 * Charts drawn as SVG on the server by Apache ECharts (its server-side rendering: no DOM, no
 * canvas, no script in the page). This module loads echarts (~45 MB of heap), so it runs only in
 * the worker pool (core/heavy.ts): pages ask through core/views/chart.tsx, and a PDF or DOCX
 * task already in a worker imports it directly. Pure: the same spec gives the same SVG.
 */

const TEXT = '#222222';
const GRID = '#d0d4da';

const LOCALE_TAG: Record<Locale, string> = { cir: 'sr-Cyrl', lat: 'sr-Latn', en: 'en' };

/** One chart's SVG markup, sized by its viewBox (the page's CSS sets its width). */
export function renderChart(spec: ChartSpec, locale: Locale): string {
  const { width, height } = chartSize(spec);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  const nf = numberFormat(LOCALE_TAG[locale], { maximumFractionDigits: 1 });
  const figure = (v: number) => `${nf.format(v)}${spec.unit ? (spec.unit === '%' ? '%' : ` ${spec.unit}`) : ''}`;
  const categoryAxis = {
    type: 'category' as const,
    data: [...spec.categories],
    // ECharts measures text without the browser's fonts, which draw wider: labels get room to spare.
    axisLabel: { color: TEXT, fontSize: 12, interval: 0, width: spec.horizontal ? 120 : undefined, overflow: 'truncate' as const },
    axisLine: { lineStyle: { color: TEXT } },
  };
  const whole = spec.series.every((x) => x.values.every((v) => v === null || Number.isInteger(v)));
  const valueAxis = {
    type: 'value' as const,
    // Counts are whole numbers: no 0.2 ticks on an axis of activities.
    minInterval: whole ? 1 : undefined,
    axisLabel: { color: TEXT, fontSize: 12, formatter: figure },
    splitLine: { lineStyle: { color: GRID } },
  };
  try {
    chart.setOption({
      animation: false,
      color: [...CHART_COLOURS],
      textStyle: { fontFamily: 'system-ui, sans-serif', color: TEXT },
      legend: spec.series.length > 1 ? { bottom: 0, itemGap: 32, textStyle: { color: TEXT, fontSize: 12 } } : undefined,
      grid: { left: spec.horizontal ? 160 : 64, right: 24, top: 16, bottom: spec.series.length > 1 ? 56 : 32, containLabel: false },
      xAxis: spec.horizontal ? valueAxis : categoryAxis,
      yAxis: spec.horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
      series: spec.series.map((s) => ({
        name: s.name,
        type: s.kind ?? 'bar',
        data: [...s.values],
        stack: spec.stacked && (s.kind ?? 'bar') === 'bar' ? 'all' : undefined,
        symbolSize: 7,
        lineStyle: s.kind === 'line' ? { width: 3 } : undefined,
        connectNulls: false,
      })),
    });
    return tidy(chart.renderToSVGString(), spec);
  } finally {
    chart.dispose();
  }
}

/**
 * What a static page needs of ECharts' SVG: its hover styles (a <style> the page's CSP would
 * refuse, and nothing hovers without script), its event metadata and classes go; its ids (a
 * clip path) get a prefix of the chart's own, so two charts on one page never share an id.
 */
function tidy(svg: string, spec: ChartSpec): string {
  const id = `c${createHash('sha1').update(JSON.stringify(spec)).digest('hex').slice(0, 8)}`;
  return svg
    .replace(/<style\b[\s\S]*?<\/style>/g, '')
    .replace(/ (?:ecmeta_\w+|pointer-events|class)="[^"]*"/g, '')
    .replace(/\bzr\d+-/g, `${id}-`)
    .replace(/\n/g, '');
}

/** Several charts in one worker round trip (a page's charts). */
export function renderCharts(specs: readonly ChartSpec[], locale: Locale): string[] {
  return specs.map((s) => renderChart(s, locale));
}
