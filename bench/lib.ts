import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../src/core/db/db.ts';
import { configSchema } from '../src/core/config.ts';
import { processCpuMs } from '../test/process-cpu.ts';
import type { BarePage } from './bare-server.ts';
import { parseStartCommand } from './start-command.ts';

/** Helpers shared by every benchmark: child processes, load runs, percentiles, the report. */

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.dirname(BENCH_DIR);

// ---------------------------------------------------------------------------------------------
// Cleanup: every child and temp dir is registered, so a failing or interrupted run leaves
// nothing behind.

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** SIGTERM (the app shuts down cleanly on it), then SIGKILL if it lingers. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (alive(child)) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => alive(child) && child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  children.delete(child);
}

export async function cleanupAll(): Promise<void> {
  await Promise.all([...children].map((c) => stopChild(c)));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

// Last resort when the process exits without reaching cleanupAll (an uncaught error, Ctrl-C).
process.on('exit', () => {
  for (const c of children) if (alive(c)) c.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping children…`);
    void cleanupAll().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// Processes under test

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface AppProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Spawn → first 200 from readyPath. */
  startMs: number;
  /** Memory as the app sees it (heap) and as the kernel does (RSS, peak RSS). */
  memory(): Promise<MemorySample>;
  /** The child's recent output, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface MemorySample {
  rssMb: number | null;
  peakRssMb: number | null;
  heapUsedMb: number | null;
  heapTotalMb: number | null;
}

/** `npm start` as package.json has it: its environment, node flags and script. */
export const NPM_START = parseStartCommand(
  (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start,
);

/**
 * Starts the real app the way users do (`npm start`: the environment and node flags of
 * package.json's start script, then `scripts/start.mjs`, which runs the compiled dist/main.js;
 * run.ts builds it first) with PGlite in dataDir, and resolves once readyPath answers 200. Config
 * variables inherited from the calling shell (DATABASE_URL, NODE_ENV, …) are dropped so every
 * run measures the same setup. `entry` replaces only the script.
 */
export async function startApp(opts: {
  dataDir: string;
  readyPath: string;
  env?: Record<string, string>;
  /** Extra node flags, e.g. ['--cpu-prof'] to profile a run. */
  nodeArgs?: string[];
  /** What node runs after npm start's flags: its script by default; ['--import', 'tsx', 'src/main.ts'] for the sources. */
  entry?: string[];
  timeoutMs?: number;
}): Promise<AppProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(configSchema.in.shape)) delete env[key];
  Object.assign(env, {
    PORT: String(port),
    DATA_DIR: opts.dataDir,
    LOG_LEVEL: 'warn',
    MAIL_WORKER: 'false',
    ...NPM_START.env,
    ...opts.env,
  });

  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...NPM_START.nodeArgs, ...(opts.nodeArgs ?? []), '--import', './bench/memory-probe.mjs', ...(opts.entry ?? [NPM_START.script])],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  children.add(child);
  // Keep the tail of the output (and keep the pipes drained, or a chatty app would block).
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const url = `http://127.0.0.1:${port}`;
  const deadline = started + (opts.timeoutMs ?? 120_000);
  for (;;) {
    if (!alive(child)) throw new Error(`app exited (code ${child.exitCode}) before it was ready:\n${tail}`);
    if (performance.now() > deadline) {
      await stopChild(child);
      throw new Error(`app not ready after ${opts.timeoutMs ?? 120_000} ms:\n${tail}`);
    }
    const status = await fetch(url + opts.readyPath, { signal: AbortSignal.timeout(10_000) }).then(
      async (r) => (await r.arrayBuffer(), r.status),
      () => 0,
    );
    if (status === 200) break;
    await sleep(20);
  }
  const startMs = performance.now() - started;

  return {
    url,
    pid: child.pid ?? -1,
    child,
    startMs,
    memory: () => memoryOf(child),
    output: () => tail,
    stop: () => stopChild(child),
  };
}

/** Fetches a page once: its exact bytes and content-type (for the bare server), plus headers. */
export async function fetchPage(url: string): Promise<{ body: Buffer; contentType: string; headers: Headers }> {
  const res = await fetch(url);
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}`);
  return { body, contentType: res.headers.get('content-type') ?? 'application/octet-stream', headers: res.headers };
}

export interface BareServer {
  url: string;
  pid: number;
  memory(): Promise<MemorySample>;
  stop(): Promise<void>;
}

/** A bare node:http server in its own process serving exactly these bytes at these paths. */
export async function startBare(pages: { path: string; body: Buffer; contentType: string }[]): Promise<BareServer> {
  const child = fork(path.join(BENCH_DIR, 'bare-server.ts'), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`bare server exited (code ${code})`)));
    const msg: { pages: BarePage[] } = {
      pages: pages.map((p) => ({ path: p.path, contentType: p.contentType, bodyBase64: p.body.toString('base64') })),
    };
    child.send(msg);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    memory: () => memoryOf(child),
    stop: () => stopChild(child),
  };
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** RSS and peak RSS from /proc (Linux only; null elsewhere), heap from the memory probe if loaded. */
export async function memoryOf(child: ChildProcess): Promise<MemorySample> {
  const out: MemorySample = { rssMb: null, peakRssMb: null, heapUsedMb: null, heapTotalMb: null };
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
  const kb = (field: string) => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return m?.[1] ? mb(Number(m[1]) * 1024) : null;
  };
  out.rssMb = kb('VmRSS');
  out.peakRssMb = kb('VmHWM');
  if (child.connected) {
    const reply = await Promise.race([
      new Promise<NodeJS.MemoryUsage | null>((resolve) => {
        const onMessage = (m: unknown) => {
          const memory = (m as { memory?: NodeJS.MemoryUsage }).memory;
          if (!memory) return;
          child.off('message', onMessage);
          resolve(memory);
        };
        child.on('message', onMessage);
        child.send('kzm-bench:memory');
      }),
      sleep(2000).then(() => null),
    ]);
    if (reply) {
      out.heapUsedMb = mb(reply.heapUsed);
      out.heapTotalMb = mb(reply.heapTotal);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Load

export const LOAD = {
  connections: 50,
  warmupS: 2,
  durationS: 10,
};

export interface LoadResult {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  /** Non-2xx responses + socket errors + timeouts (autocannon gives up on a request after 10 s). */
  errors: number;
  non2xx: number;
  timeouts: number;
  mbPerSec: number;
  /** Server CPU time (user + system) per response, when its pid was given; steadier than req/s on a busy machine. */
  cpuUsPerReq: number | null;
}

/**
 * Warm-up, then a measured autocannon run. Latencies come from every response (autocannon's
 * own histogram rounds to whole milliseconds, too coarse at loopback speeds).
 */
export async function load(url: string, opts: Partial<typeof LOAD> & { pid?: number } = {}): Promise<LoadResult> {
  const { connections, warmupS, durationS, pid } = { ...LOAD, ...opts };
  if (warmupS > 0) await autocannon({ url, connections, duration: warmupS });

  const latencies: number[] = [];
  const cpuBefore = pid ? (processCpuMs(pid) ?? null) : null;
  const instance = autocannon({ url, connections, duration: durationS });
  instance.on('response', (_client, _status, _bytes, ms) => {
    latencies.push(ms);
  });
  const r = await instance;
  const cpuAfter = pid ? (processCpuMs(pid) ?? null) : null;
  const sorted = Float64Array.from(latencies).sort();
  return {
    reqPerSec: r.requests.average,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length ? sorted[sorted.length - 1]! : NaN,
    requests: r.requests.total,
    errors: r.non2xx + r.errors + r.timeouts,
    non2xx: r.non2xx,
    timeouts: r.timeouts,
    mbPerSec: mb(r.throughput.average),
    cpuUsPerReq: cpuBefore !== null && cpuAfter !== null && latencies.length ? ((cpuAfter - cpuBefore) * 1000) / latencies.length : null,
  };
}

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

// ---------------------------------------------------------------------------------------------
// Report: sections of rows, printed as tables and saved as JSON.

export type Figure = number | string | boolean | null;
export type Row = Record<string, Figure>;

export interface Column {
  key: string;
  title: string;
  /** Decimal places for numbers (default 0). */
  digits?: number;
  /** Left-align (text); numbers are right-aligned. */
  left?: boolean;
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memoryGb: Math.round(os.totalmem() / 1e8) / 10,
    loadAvg: loadAvg(),
  };
}

/** 1/5/15-minute load averages: above the core count, other work is competing with the run. */
export function loadAvg(): number[] {
  return os.loadavg().map((l) => Math.round(l * 100) / 100);
}

export class Report {
  readonly startedAt = new Date();
  readonly machine = machineInfo();
  readonly settings = { ...LOAD };
  readonly notes: string[] = [];
  private sections = new Map<string, { title: string; columns: Column[]; rows: Row[] }>();

  /** Declares a section (a table); rows added later print under these columns. */
  section(key: string, title: string, columns: Column[]): void {
    if (!this.sections.has(key)) this.sections.set(key, { title, columns, rows: [] });
  }

  add(section: string, row: Row): void {
    const s = this.sections.get(section);
    if (!s) throw new Error(`unknown report section ${section}`);
    s.rows.push(row);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  header(): string {
    const m = this.machine;
    return [
      `KZM benchmark — ${this.startedAt.toISOString()}`,
      `machine: ${m.cpu} × ${m.cores} cores, ${m.memoryGb} GB, ${m.platform}; node ${m.node}; load avg ${m.loadAvg.join(' ')}`,
      `load: autocannon, ${LOAD.connections} connections, ${LOAD.warmupS} s warm-up + ${LOAD.durationS} s measured, loopback`,
    ].join('\n');
  }

  print(): void {
    for (const s of this.sections.values()) {
      if (s.rows.length === 0) continue;
      console.log(`\n${s.title}`);
      console.log(formatTable(s.columns, s.rows));
    }
    for (const n of this.notes) console.log(`• ${n}`);
  }

  toJSON() {
    return {
      startedAt: this.startedAt.toISOString(),
      machine: this.machine,
      settings: this.settings,
      sections: Object.fromEntries([...this.sections].map(([k, s]) => [k, s.rows])),
      notes: this.notes,
    };
  }

  /** Writes bench/results/<timestamp>.json and bench/results/latest.json; returns the first. */
  async write(error?: unknown): Promise<string> {
    const dir = path.join(BENCH_DIR, 'results');
    await mkdir(dir, { recursive: true });
    const json = JSON.stringify({ ...this.toJSON(), error: error ? String(error) : undefined }, null, 2) + '\n';
    const file = path.join(dir, `${this.startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    await writeFile(file, json);
    await writeFile(path.join(dir, 'latest.json'), json);
    return file;
  }
}

export function formatTable(columns: Column[], rows: Row[]): string {
  const cell = (c: Column, v: Figure | undefined) => {
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '—';
    if (typeof v === 'number')
      return v.toLocaleString('en-US', { minimumFractionDigits: c.digits ?? 0, maximumFractionDigits: c.digits ?? 0 });
    if (typeof v === 'boolean') return v ? 'yes' : 'NO';
    return v;
  };
  const text = rows.map((r) => columns.map((c) => cell(c, r[c.key])));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...text.map((t) => t[i]!.length)));
  const line = (cells: string[], left: (i: number) => boolean) =>
    cells
      .map((t, i) => (left(i) ? t.padEnd(widths[i]!) : t.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const isLeft = (i: number) => columns[i]!.left === true;
  return [
    line(
      columns.map((c) => c.title),
      isLeft,
    ),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...text.map((t) => line(t, isLeft)),
  ].join('\n');
}

export interface Benchmark {
  name: string;
  run(report: Report): Promise<void>;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Progress on stderr, so stdout carries only the results. */
export function progress(text: string): void {
  process.stderr.write(`  ${text}\n`);
}

/**
 * Runs a database benchmark on PGlite, then on a throwaway database of the PostgreSQL server in
 * KZM_BENCH_PG (or DATABASE_URL), dropped afterwards; without one, `skipped()` records the row
 * that says so; with `thread`, also on PGlite in a worker thread. The sign-up, booking and survey rows share it.
 */
export async function onBothDatabases(
  run: (db: Db, label: string) => Promise<void>,
  skipped: () => void,
  opts: { thread?: boolean } = {},
): Promise<void> {
  const lite = await openPglite();
  try {
    await run(lite, 'PGlite (embedded)');
  } finally {
    await lite.close();
  }
  if (opts.thread) {
    // PGlite on a worker thread (PGLITE_THREAD, the server's default): the row beside in-process.
    const { openPgliteThread } = await import('../src/core/db/pglite-thread.ts');
    const threaded = await openPgliteThread();
    try {
      await run(threaded, 'PGlite on a thread');
    } finally {
      await threaded.close();
    }
  }
  const url = process.env.KZM_BENCH_PG || process.env.DATABASE_URL;
  if (!url) return skipped();
  await onScratchPostgres(url, (server) => run(server, 'PostgreSQL (pool of 10)'));
}

/**
 * Runs `use` on a throwaway database made on the PostgreSQL server at `url` (opened as the app
 * opens it; `scratchUrl` for a process of its own), dropped afterwards.
 */
export async function onScratchPostgres<T>(url: string, use: (db: Db, scratchUrl: string) => Promise<T>): Promise<T> {
  const name = `kzm_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    const db = await openPostgres(u.toString());
    try {
      return await use(db, u.toString());
    } finally {
      await db.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
}

export interface Timed {
  perSecond: number;
  p50: number;
  p99: number;
}

/** Runs `total` jobs from `clients` concurrent loops; throughput and latency per job (the sign-up and booking rows). */
export async function drive(clients: number, total: number, job: (i: number) => Promise<unknown>): Promise<Timed> {
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const t0 = performance.now();
        await job(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}
