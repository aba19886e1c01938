import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { ChartSpec } from '../charts/spec.ts';
import { heavyTask, type HeavyPool } from '../heavy.ts';
import type { Locale } from '../i18n/locale.ts';
import { numberFormat } from '../intl.ts';
import { HREFLANG } from '../i18n/locale.ts';
import { DataTable } from './table.tsx';
import type { View } from './view.ts';

export type { ChartSpec, ChartSeries } from '../charts/spec.ts';

/**
 * A chart on a page: the SVG drawn by ECharts in the worker pool (core/charts/render.ts: ~8 ms
 * of CPU a chart and a 45 MB library that the server process never loads), with its caption, a
 * text alternative on the image and the figures as a table, so it reads without JavaScript,
 * without sight and on a 360 px screen (the SVG scales to its box).
 *
 * Rendered SVGs are kept by spec (a chart is a pure function of its data), bounded in bytes, so
 * a dashboard viewed again with unchanged figures costs no worker round trip.
 */

type Render = typeof import('../charts/render.ts');
export const chartsTask = heavyTask<Render, 'renderCharts'>('src/core/charts/render.ts', 'renderCharts');

const CACHE_BYTES = 4 * 1024 * 1024;
const cache = new Map<string, string>();
let cachedBytes = 0;

function remember(key: string, svg: string): void {
  cache.set(key, svg);
  cachedBytes += key.length + svg.length;
  for (const [k, v] of cache) {
    if (cachedBytes <= CACHE_BYTES) break;
    cache.delete(k);
    cachedBytes -= k.length + v.length;
  }
}

/** The charts' SVG markup, in order: from the cache, the rest in one worker task. */
export async function chartSvgs(heavy: HeavyPool, locale: Locale, specs: readonly ChartSpec[]): Promise<string[]> {
  const keys = specs.map((s) => `${locale}|${JSON.stringify(s)}`);
  const out = keys.map((k) => {
    const hit = cache.get(k);
    if (hit !== undefined) {
      cache.delete(k); // most recently used last
      cache.set(k, hit);
    }
    return hit;
  });
  const missing = specs.filter((_, i) => out[i] === undefined);
  if (missing.length > 0) {
    const drawn = await heavy.run(chartsTask, missing, locale);
    let j = 0;
    out.forEach((svg, i) => {
      if (svg !== undefined) return;
      out[i] = drawn[j++]!;
      remember(keys[i]!, out[i]);
    });
  }
  return out as string[];
}

/** One chart's SVG markup (for a document built outside a worker). */
export async function chartSvg(heavy: HeavyPool, locale: Locale, spec: ChartSpec): Promise<string> {
  return (await chartSvgs(heavy, locale, [spec]))[0]!;
}

/** The SVG as an image with a name: it scales to the figure, and its text alternative points to the table. */
function accessible(svg: string, label: string): string {
  const esc = label.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return svg.replace(/^<svg width="\d+" height="\d+"/, `<svg role="img" aria-label="${esc}" focusable="false"`);
}

function Figure(p: { v: View; spec: ChartSpec; svg: string }) {
  const { v, spec } = p;
  const nf = numberFormat(HREFLANG[v.locale], { maximumFractionDigits: 1 });
  const rows = spec.categories.map((name, i) => ({ name, i }));
  return (
    <figure class="chart">
      <figcaption>{spec.title}</figcaption>
      {raw(accessible(p.svg, v.t('chart.alt', { title: spec.title })))}
      <details>
        <summary>{v.t('chart.table')}</summary>
        <DataTable
          caption={spec.title}
          captionHidden
          rows={rows}
          columns={[
            { label: v.t('chart.category'), rowHeader: true, cell: (r) => r.name },
            ...spec.series.map((s) => ({
              label: spec.unit ? `${s.name} (${spec.unit})` : s.name,
              numeric: true,
              cell: (r: { i: number }): Child => s.printed?.[r.i] ?? (s.values[r.i] === null ? '—' : nf.format(s.values[r.i]!)),
            })),
          ]}
        />
      </details>
    </figure>
  );
}

/** Several charts of one page, drawn in one worker task. */
export async function chartFigures(v: View, specs: readonly ChartSpec[]): Promise<Child[]> {
  const svgs = await chartSvgs(v.heavy, v.locale, specs);
  return specs.map((spec, i) => <Figure v={v} spec={spec} svg={svgs[i]!} />);
}

/** One chart as a <figure>: the drawing, its caption, its text alternative and its table. */
export async function chartFigure(v: View, spec: ChartSpec): Promise<Child> {
  return (await chartFigures(v, [spec]))[0]!;
}
