/**
 * `npm test`: typecheck, lint, then every test file in one run of node's test runner on PGlite,
 * and — when DATABASE_URL is set (CI) — the database tests once more on that PostgreSQL server.
 * Ends with one plain line "N passed, N failed" so a run that executed nothing is noticed.
 *
 *   npm test                      everything
 *   npm test -- --only unit|db|e2e  one tier (skips typecheck and lint)
 */
import { spawnSync } from 'node:child_process';
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

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, env });
  return r.status ?? 1;
}

let passed = 0;
let failed = 0;

/** One run of node's test runner; the TAP copy of its report gives the counts. */
function testRun(label: string, testFiles: string[], env: NodeJS.ProcessEnv): void {
  if (testFiles.length === 0) return;
  console.log(`\n▶ ${label}: ${testFiles.length} files`);
  const tap = join(mkdtempSync(join(tmpdir(), 'kzm-test-')), 'report.tap');
  const status = run(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...testFiles],
    env,
  );
  const report = readFileSync(tap, 'utf8');
  const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(report)?.[1] ?? 0);
  passed += count('pass');
  // Cancelled tests (e.g. a browser that never started) fail the run, and so does a runner
  // that exited with an error without reporting a failed test.
  const bad = count('fail') + count('cancelled');
  failed += bad > 0 ? bad : status !== 0 ? 1 : 0;
}

if (!only) {
  console.log('▶ typecheck');
  if (run('npx', ['tsc', '--noEmit']) !== 0) failed++;
  console.log('▶ lint');
  if (run('npx', ['eslint', '.', '--max-warnings=0']) !== 0) failed++;
}

const postgresUrl = process.env.DATABASE_URL;
const embedded = { ...process.env, DATABASE_URL: '', TEST_DATABASE_URL: '' };
const selected = only ? (tiers[only as keyof typeof tiers] ?? []) : [...tiers.unit, ...tiers.db, ...tiers.e2e];
if (only && selected.length === 0) {
  console.error(`Unknown or empty tier: ${only}`);
  process.exit(2);
}
testRun('tests on PGlite', selected, embedded);
if (postgresUrl && (!only || only === 'db')) {
  // The PostgreSQL template is rebuilt from the current migrations before every run: a template
  // left by an earlier run (a migration ago) would make every test file start on an old schema.
  await prepareTemplate();
  testRun(`database tests on PostgreSQL (${new URL(postgresUrl).host})`, tiers.db, { ...process.env, TEST_DATABASE_URL: postgresUrl });
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
