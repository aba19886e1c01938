import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'hono/jsx/dom/server';
import '../../app.ts';
import { HeavyPool } from '../heavy.ts';
import { t } from '../i18n/messages.ts';
import { chartFigures, chartSvgs, type ChartSpec } from './chart.tsx';
import type { View } from './view.ts';

const pool = new HeavyPool({ threads: 1, memoryMb: 256, timeoutMs: 30_000 });
after(() => pool.close());

/** Counts the tasks that reach the pool, to see the cache at work. */
let tasks = 0;
const counting = { run: (...args: Parameters<HeavyPool['run']>) => (tasks++, pool.run(...args)) } as unknown as HeavyPool;

const view = (locale: 'cir' | 'en'): View =>
  ({ locale, t: (k: never, vars?: Record<string, string | number>) => t(locale, k, vars), heavy: counting }) as unknown as View;

const spec: ChartSpec = {
  title: 'Учесници по годинама',
  categories: ['2024', '2025', '2026'],
  series: [
    { name: 'Учесници', values: [120, null, 7], printed: ['120', '<5', '7'] },
    { name: 'Циљ', values: [100, 150, 200], kind: 'line' },
  ],
};

describe('server-side charts (ECharts SVG in the worker pool)', () => {
  test('a chart is an SVG image with a name, its caption and its figures as a table, printed values kept', async () => {
    const [figure] = await chartFigures(view('cir'), [spec]);
    const html = renderToString(figure as never);
    assert.match(
      html,
      /<figure class="chart"><figcaption>Учесници по годинама<\/figcaption><svg role="img" aria-label="Учесници по годинама\. Бројке су у табели испод графикона\."/,
    );
    assert.match(html, /viewBox="0 0 640 320"/);
    assert.doesNotMatch(html, /<script/);
    // Two bars drawn (the null is a gap), a line over them, axis labels in the data's order.
    assert.equal((html.match(/<path d="M[\d. ]+l[\dl. -]+Z" fill="#1d4f91"/g) ?? []).length, 2, 'two bars');
    assert.doesNotMatch(html, /<style|ecmeta_|zr\d-/, 'no style block, metadata or shared ids');
    assert.match(html, />2024<\/text>[\s\S]*>2025<\/text>[\s\S]*>2026<\/text>/);
    // The table: a row per category, suppressed cells as printed, the line's figures formatted.
    assert.match(
      html,
      /<th scope="row" role="rowheader">2025<\/th><td role="cell" class="num" data-label="Учесници">&lt;5<\/td><td role="cell" class="num" data-label="Циљ">150<\/td>/,
    );
  });

  test('the same spec is drawn once (cached); another locale or figure is drawn again', async () => {
    const [a] = await chartSvgs(counting, 'en', [spec]);
    const before = tasks;
    const [b] = await chartSvgs(counting, 'en', [spec]);
    assert.equal(b, a);
    assert.equal(tasks, before, 'no worker task for a cached chart');
    await chartSvgs(counting, 'en', [{ ...spec, series: [{ name: 'x', values: [1, 2, 3] }] }, spec]);
    assert.equal(tasks, before + 1, 'one task for the missing chart, the cached one reused');
  });

  test('horizontal and stacked charts size themselves to their categories; units reach the axis', async () => {
    const areas = Array.from({ length: 9 }, (_, i) => `Област ${i + 1}`);
    const [svg] = await chartSvgs(counting, 'en', [
      {
        title: 'By area',
        categories: areas,
        unit: '%',
        horizontal: true,
        stacked: true,
        series: [
          { name: 'a', values: areas.map((_, i) => i * 10) },
          { name: 'b', values: areas.map(() => 5) },
        ],
      },
    ]);
    assert.match(svg!, /viewBox="0 0 640 (\d+)"/);
    assert.ok(Number(/viewBox="0 0 640 (\d+)"/.exec(svg!)![1]) > 320);
    assert.match(svg!, />80%<\/text>/);
  });
});
