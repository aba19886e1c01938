import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { HeavyPool } from '../../core/heavy.ts';
import { CSRF_FIELD } from '../../core/http/csrf.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts';
import { textOf } from '../../../test/forms.ts';
import { lyingXlsx, manyCellsXlsx, plainXlsx } from '../../../test/xlsx.ts';

/**
 * Issue #9, points 1 and 2: hostile spreadsheets uploaded to the import page. Each is refused
 * with a clear 400 in the reader's script (the form again, the chosen register kept), while an
 * anonymous page keeps answering in its normal time — measured as a ratio against the same page
 * without an import running, never as an absolute time — and the process's memory stays flat,
 * the parsing being done in a worker thread whose heap is capped. A valid 5,000-row import
 * still goes through.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MEMORY_MB = 128;

let t: TestApp;
let coord: TestClient;
let visitor: TestClient;
before(async () => {
  // No page cache: the visitor's page is rendered each time, as most pages are. A generous
  // time limit: on a busy test machine a valid file's parse may take long, and only the memory
  // cap is under test here.
  t = await createTestApp({
    env: { HEAVY_MEMORY_MB: String(MEMORY_MB), HEAVY_TIMEOUT_MS: '300000', BODY_LIMIT_BYTES: String(2 * 1024 * 1024), PAGE_CACHE: '0' },
  });
  coord = await t.clientAs('pancevo@primer.test');
  visitor = t.client();
  // A worker that has read a file before: its start-up (loading TypeScript and exceljs) takes
  // CPU but never this thread's event loop, and is not what is measured here.
  const res = await upload(
    'lat',
    'partners',
    plainXlsx([
      ['Naziv', 'Vrsta'],
      ['Škola „Vuk”', 'škola'],
    ]),
  );
  assert.equal(res.status, 303);
});
after(() => t.close());

async function upload(locale: string, kind: string, bytes: Uint8Array, name = 'lista.xlsx'): Promise<Response> {
  const body = new FormData();
  body.set(CSRF_FIELD, coord.csrf);
  body.set('kind', kind);
  body.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type: XLSX }));
  const cookie = [...coord.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return t.app.request(`http://kzm.test/${locale}/admin/kancelarije/pancevo/uvoz`, { method: 'POST', headers: { cookie }, body });
}

/** An anonymous visitor's page of another office. */
const PAGE = '/lat/kancelarije/cacak';
/** Loads PAGE; returns the time from `since` (when the visitor meant to ask) to its last byte, in ms. */
async function pageTime(since = performance.now()): Promise<number> {
  const res = await visitor.get(PAGE);
  assert.equal(res.status, 200);
  await res.text();
  return performance.now() - since;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Visitors arriving on a schedule, one every `every` ms whether or not earlier ones were
 * answered (as real visitors do: a stalled event loop makes them pile up, not wait politely),
 * until `stop()` and at least `min` of them; each one's time counts from its scheduled arrival.
 */
async function visitors(every: number, min: number, stop: () => boolean): Promise<number[]> {
  const times: Array<Promise<number>> = [];
  const start = performance.now();
  for (let i = 0; i < min || !stop(); i++) {
    const at = start + i * every;
    const wait = at - performance.now();
    // Always yield (a page served without I/O never would), so the worker's answer can land.
    await (wait > 0 ? sleep(wait) : new Promise((resolve) => setImmediate(resolve)));
    times.push(pageTime(at));
  }
  return Promise.all(times);
}

interface Visited<T> {
  value: T;
  /** The visitors' median and slowest time during the work, each divided by the median without it. */
  ratio: number;
  worst: number;
  samples: number;
  rssMb: number;
}

/**
 * Runs `work` while visitors load PAGE on a schedule; compares their times with the same
 * schedule without the work, and measures how much the process's resident memory grew at its
 * peak (MB).
 */
async function whileVisiting<T>(work: () => Promise<T>, measuredUntil?: () => boolean): Promise<Visited<T>> {
  for (let i = 0; i < 5; i++) await pageTime(); // warm: JIT, connections
  const one: number[] = [];
  for (let i = 0; i < 10; i++) one.push(await pageTime());
  // One visitor every four page-times: a quarter of this thread's time, leaving room for the
  // noise of a shared test machine without a queue building up.
  const every = Math.max(5, 4 * median(one));
  const alone = await visitors(every, 30, () => true);
  const rss = process.memoryUsage().rss;
  let peak = rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  let done = false;
  const running = work().finally(() => (done = true));
  const during = await visitors(every, 10, measuredUntil ?? (() => done));
  const value = await running;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const normal = median(alone);
  return {
    value,
    ratio: median(during) / normal,
    worst: Math.max(...during) / normal,
    samples: during.length,
    rssMb: (peak - rss) / 1024 / 1024,
  };
}

/**
 * The visitor was not held up: their median time stayed near normal and no one waited long
 * (the stalls were seconds: the old code measured ×300 to ×1,250 here); memory grew by less than
 * the worker's cap allows.
 */
function unaffected(ctx: { diagnostic(s: string): void }, r: Visited<unknown>, opts: { memory?: boolean; worst?: boolean } = {}): void {
  ctx.diagnostic(
    `${r.samples} visitors during the import: median ×${r.ratio.toFixed(1)}, slowest ×${r.worst.toFixed(1)}; memory +${r.rssMb.toFixed(0)} MB`,
  );
  // Bounds with room for a busy machine (npm test runs four files at once, beside the checks and
  // the browser): alone the new code measures ×1–1.3 (median) and ×6–7 (slowest), the old ×42–320
  // and ×760–1,250. On a fresh 2-core machine during the whole run (2026-12-07) the new code's
  // median reached ×11.6 — the worker and this thread sharing cores the other files were using —
  // so the median's bound sits at ×20, still half the old code's least.
  assert.ok(r.ratio < 20, `visitors' median time ×${r.ratio.toFixed(1)} during the import`);
  if (opts.worst !== false) assert.ok(r.worst < 60, `visitors' slowest time ×${r.worst.toFixed(1)} during the import`);
  if (opts.memory !== false) assert.ok(r.rssMb < MEMORY_MB + 128, `memory grew ${r.rssMb.toFixed(0)} MB`);
}

/** The upload form, shown again, as text (its error sits beside the file field). */
function fileError(html: string): string {
  const m = /<form[^>]*enctype="multipart\/form-data"[\s\S]*?<\/form>/.exec(html);
  assert.ok(m, 'the upload form is shown again');
  return textOf(m[0]);
}

describe('hostile spreadsheets on the import page', () => {
  test('5,000 × 1,240 tiny cells (93 MB unpacked): a clear 400, other visitors unaffected, memory flat', async (ctx) => {
    const file = manyCellsXlsx(5000, 1240);
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM imports'))[0]!.n;
    const r = await whileVisiting(() => upload('cir', 'partners', file));
    unaffected(ctx, r);
    assert.equal(r.value.status, 400);
    const html = await r.value.text();
    assert.match(fileError(html), /Датотека има попуњену колону број 201, а увоз чита највише 200 колона/);
    assert.match(html, /<option[^>]*value="partners"[^>]*selected/, 'the chosen register is kept');
    assert.equal((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM imports'))[0]!.n, before, 'nothing stored');
  });

  test('a ZIP declaring 2,000 bytes that inflates to 950 MB: a clear 400, other visitors unaffected, memory flat', async (ctx) => {
    const file = lyingXlsx(950, 2000);
    const r = await whileVisiting(() => upload('lat', 'associations', file));
    unaffected(ctx, r);
    assert.equal(r.value.status, 400);
    assert.match(fileError(await r.value.text()), /XLSX datoteka ne može da se pročita/);
  });

  const valid = () => {
    const header = ['Naziv', 'Vrsta', ...Array.from({ length: 38 }, (_, i) => `Kolona ${i + 1}`)];
    const rows = Array.from({ length: 5000 }, (_, r) => [
      `Partner ${r + 1}`,
      'škola',
      ...Array.from({ length: 38 }, (_, i) => `v${r}-${i}`),
    ]);
    return plainXlsx([header, ...rows]);
  };

  test('a valid 5,000 × 40 file is read in the worker, every other request going on; its preview holds 5,000 rows', async (ctx) => {
    // Visitors are counted while the worker reads the file. What follows on this thread —
    // taking the 5,000-row table back, checking it, storing it (with PGlite, the database
    // itself runs here) — is ordinary request work: on a busy CI machine it alone made the
    // median ×14 when it was counted too.
    const pool = t.deps.heavy;
    let read = false;
    t.deps.heavy = Object.assign(Object.create(pool) as HeavyPool, {
      run: ((...args: Parameters<HeavyPool['run']>) => pool.run(...args).finally(() => (read = true))) as HeavyPool['run'],
    });
    const r = await whileVisiting(
      () => upload('lat', 'partners', valid()),
      () => read,
    ).finally(() => (t.deps.heavy = pool));
    assert.equal(r.value.status, 303, await r.value.clone().text());
    const id = r.value.headers.get('location')!.split('/').pop()!;
    const [imp] = await t.db.query<{ row_count: number; status: string }>('SELECT row_count, status FROM imports WHERE id = $1', [id]);
    assert.deepEqual(imp, { row_count: 5000, status: 'preview' });
    // The parsing, in the worker, must not hold other requests up; the table's arrival on this
    // thread may still delay a few visitors, so only the median is held here.
    unaffected(ctx, r, { memory: false, worst: false });
  });

  test("a file that outgrows the worker's memory cap is a clear 400 too, and the next import works", async () => {
    const strict = new HeavyPool({ threads: 1, memoryMb: 32, timeoutMs: 60_000 });
    const normal = t.deps.heavy;
    t.deps.heavy = strict;
    try {
      const res = await upload('en', 'partners', valid());
      assert.equal(res.status, 400);
      assert.match(fileError(await res.text()), /The file is too large or too complex to read/);
    } finally {
      t.deps.heavy = normal;
      await strict.close();
    }
    const small = await upload(
      'lat',
      'partners',
      plainXlsx([
        ['Naziv', 'Vrsta'],
        ['Dom zdravlja Pančevo', 'dom zdravlja'],
      ]),
    );
    assert.equal(small.status, 303);
  });
});
