import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { createScratchDatabase } from '../test/server-process.ts';
import {
  freePort,
  load,
  progress,
  sleep,
  startApp,
  startBare,
  stopChild,
  tempDir,
  type AppProcess,
  type Benchmark,
  type Report,
} from './lib.ts';
import { PAGES } from './pages.ts';

/**
 * Start-up and memory (issue #12's targets), each row beside a baseline from the same run:
 * - start: spawn → first 200 from the office page, for `npm start` (dist/, compiled once) and
 *   for the sources through tsx, on a warm data directory and on a new one (first start), with
 *   the phases the app logs (imports, data directory, open, migrate, modules still loading, seed, app, listen); the
 *   baseline is a bare node:http server started the same way.
 * - memory: resident set (RSS) of the app idle, after the page load and after importing a
 *   5,000-row spreadsheet, on PGlite and (when KZM_BENCH_PG or DATABASE_URL names a server)
 *   on PostgreSQL, beside a bare node:http server's RSS.
 */
export const TARGETS = { warmStartMs: 1500, firstStartMs: 3000, pgliteRssMb: 250, postgresRssMb: 150 };
const START_REPEATS = 3;
const IMPORT_ROWS = 5000;
const IMPORT_TIMEOUT_MS = 600_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Phases = Record<string, number>;

/** The `startup` phases from the app's "KZM is listening" log line. */
function phasesOf(output: string): Phases | null {
  for (const line of output.split('\n')) {
    if (!line.includes('KZM is listening')) continue;
    try {
      return (JSON.parse(line) as { startup?: Phases }).startup ?? null;
    } catch {
      return null;
    }
  }
  return null;
}

/** A bare node:http server started as a process, spawn → first 200 (the start baseline). */
async function bareStart(): Promise<{ ms: number; rssMb: number | null }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`], {
    stdio: 'ignore',
  });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(10);
  }
  const ms = performance.now() - started;
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  await stopChild(child);
  return { ms, rssMb: kb ? Math.round(Number(kb) / 102.4) / 10 : null };
}

/** Logs in as Pančevo's demo coordinator and imports a generated spreadsheet of `rows` people. */
export async function importSpreadsheet(app: AppProcess, rows: number): Promise<string> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const req = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(app.url + url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), cookie: cookie() },
      // A bound, so a stuck import fails the row instead of the run.
      signal: AbortSignal.timeout(IMPORT_TIMEOUT_MS),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  };
  const token = async (url: string) => {
    const html = await (await req(url)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no CSRF token on ${url}`);
    return m[1]!;
  };
  const login = new URLSearchParams({ email: 'pancevo@primer.test', password: 'demo-lozinka', _csrf: await token('/lat/nalog/prijava') });
  const li = await req('/lat/nalog/prijava', {
    method: 'POST',
    body: login,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (li.status !== 303) throw new Error(`log-in answered ${li.status}`);

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('mladi');
  ws.addRow(['ime i prezime', 'datum rodjenja', 'email', 'saglasnost']);
  for (let i = 0; i < rows; i++) {
    ws.addRow([`Uvezena Osoba ${i} (primer)`, `${1996 + (i % 10)}-0${1 + (i % 9)}-1${i % 10}`, `uvoz${i}@primer.test`, 'sam']);
  }
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  const importPath = '/lat/admin/kancelarije/pancevo/uvoz';
  const form = new FormData();
  form.set('_csrf', await token(importPath));
  form.set('kind', 'people');
  form.set('file', new File([xlsx], 'mladi.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  const up = await req(importPath, { method: 'POST', body: form });
  const preview = up.headers.get('location');
  if (up.status !== 303 || !preview) throw new Error(`upload answered ${up.status}`);
  const confirm = new URLSearchParams({ _csrf: await token(preview) });
  const done = await req(`${preview}/potvrdi`, {
    method: 'POST',
    body: confirm,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (done.status !== 303) throw new Error(`confirm answered ${done.status}`);
  return `${rows} rows imported`;
}

export const startupBenchmark: Benchmark = {
  name: 'start-up and memory',
  async run(report: Report) {
    report.section(
      'start',
      `Start — spawn → first 200 from the office page, median of ${START_REPEATS} (target: warm ≤ ${TARGETS.warmStartMs} ms, first ≤ ${TARGETS.firstStartMs} ms); phases (ms) from the app's log`,
      [
        { key: 'process', title: 'process', left: true },
        { key: 'startMs', title: 'start ms' },
        { key: 'imports', title: 'imports' },
        { key: 'dataDir', title: 'data dir' },
        { key: 'open', title: 'db open' },
        { key: 'migrate', title: 'migrate' },
        { key: 'modules', title: 'modules' },
        { key: 'seed', title: 'seed' },
        { key: 'app', title: 'app' },
        { key: 'listen', title: 'listen' },
        { key: 'rssMb', title: 'RSS MB', digits: 1 },
        { key: 'meetsTarget', title: 'target', left: true },
      ],
    );
    const office = PAGES[0]!.path;
    const bare: number[] = [];
    let bareRss: number | null = null;
    for (let i = 0; i < START_REPEATS; i++) {
      const b = await bareStart();
      bare.push(b.ms);
      bareRss = b.rssMb;
    }
    report.add('start', { process: 'baseline: bare node:http (node -e)', startMs: median(bare), rssMb: bareRss });

    const variants: Array<{ label: string; entry: string[] }> = [
      { label: 'npm start (dist/)', entry: ['scripts/start.mjs'] },
      { label: 'sources through tsx', entry: ['--import', 'tsx', 'src/main.ts'] },
    ];
    const warmDir = tempDir('kzm-bench-warm-');
    // Seed the warm directory once (a first start), outside the figures.
    (await startApp({ dataDir: warmDir, readyPath: office })).stop();
    await sleep(500);
    for (const v of variants) {
      for (const kind of ['first', 'warm'] as const) {
        const runs: Array<{ ms: number; phases: Phases | null; rss: number | null }> = [];
        for (let i = 0; i < START_REPEATS; i++) {
          progress(`${kind} start, ${v.label} (${i + 1}/${START_REPEATS})…`);
          const dir = kind === 'warm' ? warmDir : tempDir('kzm-bench-first-');
          const app = await startApp({ dataDir: dir, readyPath: office, entry: v.entry, env: { LOG_LEVEL: 'info' } });
          const mem = await app.memory();
          runs.push({ ms: app.startMs, phases: phasesOf(app.output()), rss: mem.rssMb });
          await app.stop();
        }
        const mid = runs.slice().sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]!;
        const target = kind === 'warm' ? TARGETS.warmStartMs : TARGETS.firstStartMs;
        report.add('start', {
          process: `app — ${kind} start, ${v.label}`,
          startMs: mid.ms,
          ...(mid.phases ?? {}),
          rssMb: mid.rss,
          meetsTarget: mid.ms <= target,
        });
      }
    }

    await memoryRows(report);
  },
};

/**
 * The memory rows: resident set idle, after the public pages under load (page cache off: every
 * request renders) and after a 5,000-row import, on PGlite and PostgreSQL. Also alone:
 * `npm run bench -- memory`.
 */
async function memoryRows(report: Report): Promise<void> {
  report.section(
    'memory',
    `Memory — resident set (RSS, MB) of the app process (target: PGlite ≤ ${TARGETS.pgliteRssMb} MB, the app on PostgreSQL ≤ ${TARGETS.postgresRssMb} MB)`,
    [
      { key: 'process', title: 'process', left: true },
      { key: 'idleMb', title: 'idle', digits: 1 },
      { key: 'afterPagesMb', title: 'after pages', digits: 1 },
      { key: 'afterPagesSettledMb', title: 'after pages + 2 s', digits: 1 },
      { key: 'afterImportMb', title: `after ${IMPORT_ROWS} rows import`, digits: 1 },
      { key: 'peakMb', title: 'peak', digits: 1 },
      { key: 'heapMb', title: 'heap used', digits: 1 },
      { key: 'meetsTarget', title: 'target', left: true },
    ],
  );

  const office = PAGES[0]!.path;
  const bareServer = await startBare([{ path: '/', body: Buffer.from('ok'), contentType: 'text/plain' }]);
  await load(bareServer.url + '/', { warmupS: 0, durationS: 3 });
  const bareMem = await bareServer.memory();
  await bareServer.stop();
  report.add('memory', {
    process: 'baseline: bare node:http',
    idleMb: bareMem.rssMb,
    afterPagesMb: bareMem.rssMb,
    afterPagesSettledMb: bareMem.rssMb,
    peakMb: bareMem.peakRssMb,
    heapMb: bareMem.heapUsedMb,
  });

  const targets: Array<{ label: string; env: Record<string, string>; target: number; drop?: () => Promise<void> }> = [
    { label: 'app on PGlite (npm start)', env: {}, target: TARGETS.pgliteRssMb },
  ];
  const pgUrl = process.env.KZM_BENCH_PG || process.env.DATABASE_URL;
  if (pgUrl) {
    const scratch = await createScratchDatabase(pgUrl, 'kzm_bench');
    targets.push({
      label: 'app on PostgreSQL (npm start)',
      env: { DATABASE_URL: scratch.url },
      target: TARGETS.postgresRssMb,
      drop: scratch.drop,
    });
  } else {
    report.note('memory on PostgreSQL not measured: set KZM_BENCH_PG=postgres://… (or DATABASE_URL) to add that row');
  }
  for (const t of targets) {
    try {
      progress(`memory: ${t.label}…`);
      const app = await startApp({
        dataDir: tempDir('kzm-bench-mem-'),
        readyPath: office,
        env: { PAGE_CACHE: 'false', ...t.env },
      });
      await sleep(2000);
      const idle = await app.memory();
      for (const p of PAGES.filter((x) => !x.find)) await load(app.url + p.path, { warmupS: 0, durationS: 3, pid: app.pid });
      const afterPages = await app.memory();
      // Settled, as idle and after the import are: a server quiet again after a burst collects
      // its garbage (core/memory.ts collectWhenQuiet); the column beside it is read at once.
      await sleep(2000);
      const afterPagesSettled = await app.memory();
      let afterImport: number | null = null;
      try {
        progress(`memory: ${t.label}, importing ${IMPORT_ROWS} rows…`);
        await importSpreadsheet(app, IMPORT_ROWS);
        // Settled, as idle is: the garbage the confirmation leaves is collected right after its
        // response (core/memory.ts), and V8 gives the emptied pages back within a second or two.
        await sleep(2000);
        afterImport = (await app.memory()).rssMb;
      } catch (err) {
        report.note(`${t.label}: the ${IMPORT_ROWS}-row import failed (${err instanceof Error ? err.message : String(err)})`);
      }
      const end = await app.memory();
      await app.stop();
      const worst = Math.max(idle.rssMb ?? Infinity, afterPagesSettled.rssMb ?? Infinity, afterImport ?? 0);
      report.add('memory', {
        process: t.label,
        idleMb: idle.rssMb,
        afterPagesMb: afterPages.rssMb,
        afterPagesSettledMb: afterPagesSettled.rssMb,
        afterImportMb: afterImport,
        peakMb: end.peakRssMb,
        heapMb: end.heapUsedMb,
        meetsTarget: worst <= t.target,
      });
    } finally {
      await t.drop?.();
    }
  }
}

export const memoryBenchmark: Benchmark = { name: 'memory', run: memoryRows };
