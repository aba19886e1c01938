/**
 * `npm test`: typecheck, lint and the formatter's check (in the background, alongside the tests), every test file in
 * one run of node's test runner on PGlite, and — when DATABASE_URL is set (CI) — the database
 * tests once more on that PostgreSQL server. Ends with the time each tier took and one plain
 * line "N passed, N failed" so a run that executed nothing is noticed.
 *
 *   npm test                      everything
 *   npm test -- --only unit|db|e2e  one tier (skips typecheck and lint)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TEST_DB_DIR_ENV, dropDemoTemplate, prepareDemoTemplate, prepareTemplate, testDbParent } from '../test/db.ts';
import { HEAVY_BUNDLE_ENV } from '../src/core/heavy.ts';
import { COMPILED_ENV, ENTRIES_ENV, buildEntries, buildTests, compiledTest, postgresWrappers, removeEntries } from '../test/entry.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => join(e.parentPath, e.name).slice(ROOT.length))
    .sort();
}

const tiers = {
  unit: [...files('src', /(?<!\.db)\.test\.ts$/), ...files('test', /(?<!\.db)\.test\.ts$/), ...files('bench', /(?<!\.db)\.test\.ts$/)],
  db: [...files('src', /\.db\.test\.ts$/), ...files('test', /\.db\.test\.ts$/)],
  e2e: files('e2e', /\.spec\.ts$/),
};

/**
 * The files that take longest, started first (test/runner.ts keeps this order; `node --test`
 * sorted files by name): a long file started last would run alone at the end while the other
 * slots idle (the crawl alone takes minutes). Named as `npm test` prints the slowest files at the
 * end (test/timing.ts), `file (tier)`, longest first; a file not listed keeps its place after these.
 * Measured in the whole run of 2026-12-07 11:31 (fresh 2-core machine, one pool of four, wall time of each file).
 */
const LONGEST_FIRST = [
  'test/security/fuzz.db.test.ts (pglite)',
  'e2e/crawl.spec.ts (pglite)',
  'test/security/fuzz.db.test.ts (postgres)',
  'test/security/xss.db.test.ts (pglite)',
  'test/security/cross-office-own.db.test.ts (pglite)',
  'test/security/xss.db.test.ts (postgres)',
  'e2e/initiatives.spec.ts (pglite)',
  'e2e/national.spec.ts (pglite)',
  'test/security/cross-office-own.db.test.ts (postgres)',
  'test/security/bodies.db.test.ts (pglite)',
  'e2e/journey.spec.ts (pglite)',
  'e2e/surveys.spec.ts (pglite)',
  'e2e/activity-journey.spec.ts (pglite)',
  'test/security/csrf.db.test.ts (pglite)',
  'e2e/report.spec.ts (pglite)',
  'e2e/rights.spec.ts (pglite)',
  'e2e/national-data.spec.ts (pglite)',
  'e2e/volunteering.spec.ts (pglite)',
  'src/cli.db.test.ts (pglite)',
  'e2e/council.spec.ts (pglite)',
  'e2e/associations.spec.ts (pglite)',
  'e2e/certificates.spec.ts (pglite)',
  'test/newsletter-crash.db.test.ts (postgres)',
  'test/security/matrix.db.test.ts (postgres)',
  'e2e/opportunities.spec.ts (pglite)',
  'e2e/bookings.spec.ts (pglite)',
  'test/newsletter-crash.db.test.ts (pglite)',
  'test/security/matrix.db.test.ts (pglite)',
  'src/core/db/backup.db.test.ts (postgres)',
  'e2e/imports.spec.ts (pglite)',
  'e2e/people.spec.ts (pglite)',
  'src/cli.db.test.ts (postgres)',
  'e2e/news.spec.ts (pglite)',
  'e2e/guidance.spec.ts (pglite)',
  'test/security/cross-office.db.test.ts (pglite)',
  'e2e/newsletter.spec.ts (pglite)',
];
interface Task {
  file: string;
  tier: 'pglite' | 'postgres';
}
/** As the slowest files are printed at the end: `file (tier)`. */
const taskName = (task: Task) => `${task.file} (${task.tier})`;
const longestFirst = (list: Task[]) => [
  ...LONGEST_FIRST.flatMap((name) => list.filter((task) => taskName(task) === name)),
  ...list.filter((task) => !LONGEST_FIRST.includes(taskName(task))),
];

/** How long each tier took, printed at the end. */
const times: Array<[string, number]> = [];
const timed = <T>(label: string, started: number, value: T): T => {
  times.push([label, performance.now() - started]);
  return value;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A command in the background (its output held back and printed when it ends): resolves to its exit status. */
function background(label: string, cmd: string, args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => {
      console.log(`\n▶ ${label} (${code === 0 ? 'ok' : `failed, exit ${code}`})${out.trim() ? `\n${out.trimEnd()}` : ''}`);
      resolve(timed(label, started, code ?? 1));
    });
    child.on('error', (err) => {
      console.log(`\n▶ ${label}: ${err.message}`);
      resolve(timed(label, started, 1));
    });
  });
}

/** Runs a command with its output shown as it comes; resolves to its exit status. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', cwd: ROOT, env });
    child.on('close', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });
}

let passed = 0;
let failed = 0;

/** Each test process appends its file's wall and CPU time here (test/timing.ts); the slowest are printed at the end. */
const fileTimes = process.env.KZM_TEST_TIMES || join(mkdtempSync(join(tmpdir(), 'kzm-times-')), 'times.jsonl');

/**
 * One run of node's test runner over the compiled test files (test/entry.ts buildTests) and the
 * PostgreSQL tier's wrappers, `concurrency` processes at a time; the TAP copy of its report
 * gives the counts.
 */
async function testRun(label: string, paths: string[], concurrency: number, env: NodeJS.ProcessEnv): Promise<void> {
  if (paths.length === 0) return;
  const started = performance.now();
  console.log(`\n▶ ${label}: ${paths.length} files, ${concurrency} at a time`);
  const tap = join(mkdtempSync(join(tmpdir(), 'kzm-test-')), 'report.tap');
  const status = await run(
    process.execPath,
    [
      // Failures point into the .ts sources.
      '--enable-source-maps',
      '--import',
      compiledTest(compiledTests, 'test/timing.ts'),
      // node's runner, in the order given (`node --test` would sort them by name).
      compiledTest(compiledTests, 'test/runner.ts'),
      tap,
      String(concurrency),
      ...paths,
    ],
    { ...env, KZM_TEST_TIMES: fileTimes, [COMPILED_ENV]: compiledTests },
  );
  const report = readFileSync(tap, 'utf8');
  rmSync(dirname(tap), { recursive: true, force: true });
  const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(report)?.[1] ?? 0);
  passed += count('pass');
  // Cancelled tests (e.g. a browser that never started) fail the run, and so does a runner
  // that exited with an error without reporting a failed test.
  const bad = count('fail') + count('cancelled');
  failed += bad > 0 ? bad : status !== 0 ? 1 : 0;
  timed(label, started, undefined);
}

// Typecheck, lint and the formatter read files and use a core each while the tests mostly wait
// on databases and the browser: they run alongside the tests instead of before them. Each keeps
// a cache under node_modules/.cache, so a run on a working copy checks only what changed since
// the last (CI starts from a fresh checkout and checks everything).
const CACHE = join(ROOT, 'node_modules/.cache');
const checks = only
  ? []
  : [
      background('typecheck', process.execPath, [
        join(ROOT, 'node_modules/typescript/bin/tsc'),
        '--noEmit',
        '--incremental',
        '--tsBuildInfoFile',
        join(CACHE, 'kzm-tsc/tsconfig.tsbuildinfo'),
      ]),
      background('lint', process.execPath, [
        join(ROOT, 'node_modules/eslint/bin/eslint.js'),
        '.',
        '--max-warnings=0',
        '--cache',
        '--cache-strategy',
        'content',
        '--cache-location',
        join(CACHE, 'eslint/'),
      ]),
      // One pinned formatter (prettier, exact version in package.json; .prettierrc.json): `npx prettier --write .` fixes.
      background('format', process.execPath, [
        join(ROOT, 'node_modules/prettier/bin/prettier.cjs'),
        '--check',
        '--log-level=warn',
        '--cache',
        '--cache-strategy',
        'content',
        '.',
      ]),
    ];

const postgresUrl = process.env.DATABASE_URL;
const selected = only ? (tiers[only as keyof typeof tiers] ?? []) : [...tiers.unit, ...tiers.db, ...tiers.e2e];
if (only && selected.length === 0) {
  console.error(`Unknown or empty tier: ${only}`);
  process.exit(2);
}
const onPostgres = Boolean(postgresUrl) && (!only || only === 'db');
// This run's PGlite test databases (and its demo template) in a folder of their own
// (test/db.ts testDbParent: RAM where there is room), removed at the end with whatever a
// killed test process left in it.
const testDbDir = mkdtempSync(join(testDbParent(), 'kzm-test-dbs-'));
process.env[TEST_DB_DIR_ENV] = testDbDir;
const embedded = { ...process.env, DATABASE_URL: '', TEST_DATABASE_URL: '' };

/** A step before the tests, timed. */
async function step<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  return timed(label, started, await fn());
}

// The demo data most files start from is seeded once per run into a template per database
// (test/db.ts), which each file then copies. On PostgreSQL the migrated template is rebuilt from
// the current migrations before every run: a template left by an earlier run (a migration ago)
// would make every test file start on an old schema.
const usesDb = selected.some((f) => !tiers.unit.includes(f));
// The programs database tests start as child processes (the CLI, the newsletter sender),
// compiled once for both tiers (test/entry.ts) instead of once per test file.
const [pgliteDemo, postgresDemo, entries, compiledTests] = await Promise.all([
  usesDb ? step('PGlite demo template', () => prepareDemoTemplate(undefined)) : {},
  onPostgres
    ? step('PostgreSQL templates', async () => {
        await prepareTemplate();
        return prepareDemoTemplate(postgresUrl);
      })
    : {},
  usesDb ? step('compiled test entries', buildEntries) : undefined,
  step('compiled test files', () => buildTests(selected)),
]);
// The same folder holds the heavy pool's compiled worker and tasks (core/heavy.ts HEAVY_BUNDLE_ENV).
const compiled = entries ? { [ENTRIES_ENV]: entries, [HEAVY_BUNDLE_ENV]: entries } : {};

// The two tiers share one pool of four test processes: each test file mostly waits (on the
// browser, on PGlite in another process, on the PostgreSQL server, on a child process), so a
// third and fourth file in flight use the cores the first two leave idle; and one pool, unlike a
// runner per tier with two processes each, never leaves a slot idle while the other tier still
// has files waiting (with two runners the PostgreSQL one ended ~700 s before the PGlite one, which
// then ran alone on two). Measured: see LONGEST_FIRST. A file of the PostgreSQL tier starts
// through a wrapper that sets its environment (test/entry.ts postgresWrappers).
const tasks: Task[] = [
  ...selected.map((file) => ({ file, tier: 'pglite' as const })),
  ...(onPostgres ? tiers.db.map((file) => ({ file, tier: 'postgres' as const })) : []),
];
const wrappers = onPostgres
  ? await postgresWrappers(compiledTests, tiers.db, { DATABASE_URL: postgresUrl!, TEST_DATABASE_URL: postgresUrl!, ...postgresDemo })
  : [];
const pathOf = (task: Task) => (task.tier === 'postgres' ? wrappers[tiers.db.indexOf(task.file)]! : compiledTest(compiledTests, task.file));
await testRun(
  onPostgres
    ? `${only ? `${only} tests` : 'unit, database and browser tests'} on PGlite, database tests on PostgreSQL (${new URL(postgresUrl!).host})`
    : `${only ? `${only} tests` : 'unit, database and browser tests'} on PGlite`,
  longestFirst(tasks).map(pathOf),
  onPostgres ? 4 : 2,
  { ...embedded, ...pgliteDemo, ...compiled },
);
await dropDemoTemplate(pgliteDemo, undefined);
if (onPostgres) await dropDemoTemplate(postgresDemo, postgresUrl);
if (entries) removeEntries(entries);
removeEntries(compiledTests);
rmSync(testDbDir, { recursive: true, force: true });
for (const status of await Promise.all(checks)) if (status !== 0) failed++;

const measured = existsSync(fileTimes)
  ? readFileSync(fileTimes, 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            file: string;
            wallMs: number;
            cpuMs: number;
            childCpuMs: number;
            env: string;
            endedAt: number;
          },
      )
  : [];
// Our own folder (not one named in KZM_TEST_TIMES) goes once read: every run left one behind.
if (!process.env.KZM_TEST_TIMES) rmSync(dirname(fileTimes), { recursive: true, force: true });
// Each tier's span, from its first file's start to its last file's end (the tiers share the pool).
const tierOf = (m: (typeof measured)[number]) =>
  `${m.file.endsWith('.spec.ts') ? 'browser' : m.file.endsWith('.db.test.ts') ? 'database' : 'unit'} tests on ${m.env === 'postgres' ? 'PostgreSQL' : 'PGlite'}`;
for (const tier of [...new Set(measured.map(tierOf))].sort()) {
  const rows = measured.filter((m) => tierOf(m) === tier);
  const cpu = rows.reduce((s, m) => s + m.cpuMs + m.childCpuMs, 0);
  times.push([
    `${tier} (${rows.length} files, ${seconds(cpu)} CPU)`,
    Math.max(...rows.map((m) => m.endedAt)) - Math.min(...rows.map((m) => m.endedAt - m.wallMs)),
  ]);
}
const width = Math.max(...times.map(([label]) => label.length));
console.log(
  `\nTime per tier (typecheck, lint and format ran alongside the tests, and every tier's files in one pool)\n${times.map(([label, ms]) => `  ${label.padEnd(width)}  ${seconds(ms).padStart(8)}`).join('\n')}\n  ${'whole run'.padEnd(width)}  ${seconds(performance.now()).padStart(8)}`,
);
if (measured.length > 0) {
  const total = measured.reduce((s, m) => s + m.wallMs, 0);
  const slowest = measured.sort((a, b) => b.wallMs - a.wallMs).slice(0, 15);
  console.log(
    `\nSlowest test files (wall and CPU time of the file's process; share of all files' wall time)\n${slowest
      .map(
        (m) =>
          `  ${`${m.file} (${m.env})`.padEnd(60)} ${seconds(m.wallMs).padStart(8)} ${seconds(m.cpuMs).padStart(8)} CPU ${((100 * m.wallMs) / total).toFixed(1).padStart(5)} %`,
      )
      .join('\n')}`,
  );
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
