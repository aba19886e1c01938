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
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareTemplate } from '../test/db.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => join(e.parentPath, e.name).slice(ROOT.length))
    .sort();
}

const tiers = {
  unit: files('src', /(?<!\.db)\.test\.ts$/),
  db: [...files('src', /\.db\.test\.ts$/), ...files('test', /\.db\.test\.ts$/)],
  e2e: files('e2e', /\.spec\.ts$/),
};

/**
 * The files that take longest, started first: two at a time, a long file started last would
 * run alone at the end while the other slot idles (the crawl alone takes minutes). Measured
 * shares on a 2-core machine, longest first; a file not listed keeps its place after these.
 */
const LONGEST_FIRST = [
  'e2e/crawl.spec.ts',
  'test/security/csrf.db.test.ts',
  'test/security/fuzz.db.test.ts',
  'test/security/bodies.db.test.ts',
  'e2e/journey.spec.ts',
  'src/cli.db.test.ts',
  'test/security/xss.db.test.ts',
  'test/security/cross-office.db.test.ts',
  'e2e/rights.spec.ts',
  'test/migrations.db.test.ts',
  'test/security/matrix.db.test.ts',
];
const longestFirst = (list: string[]) => [
  ...LONGEST_FIRST.filter((f) => list.includes(f)),
  ...list.filter((f) => !LONGEST_FIRST.includes(f)),
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

/** Runs a command with its output shown as it comes; async, so the checks in the background are heard as they end. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', cwd: ROOT, env });
    child.on('close', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });
}

let passed = 0;
let failed = 0;

/** One run of node's test runner; the TAP copy of its report gives the counts. */
async function testRun(label: string, testFiles: string[], env: NodeJS.ProcessEnv): Promise<void> {
  if (testFiles.length === 0) return;
  const started = performance.now();
  console.log(`\n▶ ${label}: ${testFiles.length} files`);
  const tap = join(mkdtempSync(join(tmpdir(), 'kzm-test-')), 'report.tap');
  const status = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=2',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...testFiles,
    ],
    env,
  );
  const report = readFileSync(tap, 'utf8');
  const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(report)?.[1] ?? 0);
  passed += count('pass');
  // Cancelled tests (e.g. a browser that never started) fail the run, and so does a runner
  // that exited with an error without reporting a failed test.
  const bad = count('fail') + count('cancelled');
  failed += bad > 0 ? bad : status !== 0 ? 1 : 0;
  timed(label, started, undefined);
}

// Typecheck and lint read files and use a core each while the tests mostly wait on databases
// and the browser: they run alongside the tests instead of before them.
const checks = only
  ? []
  : [
      background('typecheck', process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit']),
      background('lint', process.execPath, [join(ROOT, 'node_modules/eslint/bin/eslint.js'), '.', '--max-warnings=0']),
      // One pinned formatter (prettier, exact version in package.json; .prettierrc.json): `npx prettier --write .` fixes.
      background('format', process.execPath, [join(ROOT, 'node_modules/prettier/bin/prettier.cjs'), '--check', '--log-level=warn', '.']),
    ];

const postgresUrl = process.env.DATABASE_URL;
const embedded = { ...process.env, DATABASE_URL: '', TEST_DATABASE_URL: '' };
const selected = only ? (tiers[only as keyof typeof tiers] ?? []) : [...tiers.unit, ...tiers.db, ...tiers.e2e];
if (only && selected.length === 0) {
  console.error(`Unknown or empty tier: ${only}`);
  process.exit(2);
}
await testRun(only ? `${only} tests on PGlite` : 'unit, database and browser tests on PGlite', longestFirst(selected), embedded);
if (postgresUrl && (!only || only === 'db')) {
  // The PostgreSQL template is rebuilt from the current migrations before every run: a template
  // left by an earlier run (a migration ago) would make every test file start on an old schema.
  const started = performance.now();
  await prepareTemplate();
  times.push(['PostgreSQL template', performance.now() - started]);
  await testRun(`database tests on PostgreSQL (${new URL(postgresUrl).host})`, longestFirst(tiers.db), {
    ...process.env,
    TEST_DATABASE_URL: postgresUrl,
  });
}
for (const status of await Promise.all(checks)) if (status !== 0) failed++;

const width = Math.max(...times.map(([label]) => label.length));
console.log(
  `\nTime per tier (typecheck and lint ran alongside the tests)\n${times.map(([label, ms]) => `  ${label.padEnd(width)}  ${seconds(ms).padStart(8)}`).join('\n')}\n  ${'whole run'.padEnd(width)}  ${seconds(performance.now()).padStart(8)}`,
);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
