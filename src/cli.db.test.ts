import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { testDatabaseUrl, testDbParent, withDatabase } from '../test/db.ts';
import { entryArgs } from '../test/entry.ts';
import { createPasswordHasher } from './core/auth/password.ts';
import { openPglite, openPostgres, type Db } from './core/db/db.ts';
import { listMigrations } from './core/db/migrate.ts';
import { PRIVACY_NOTICE_VERSION } from './features/accounts/service.ts';

/**
 * The real CLI in child processes, against PGlite data dirs (or, with TEST_DATABASE_URL,
 * new PostgreSQL databases). Each PGlite invocation costs a few seconds, so the steps build
 * on each other: migrate → seed → create-user → backup → restore elsewhere.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A database for the CLI: its environment, and how the test opens it after the CLI exited. */
interface Target {
  env: Record<string, string>;
  open(): Promise<Db>;
  drop(): Promise<void>;
}

const url = testDatabaseUrl();
let tmp: string;

async function newTarget(label: string): Promise<Target> {
  if (url) {
    // An empty database, not the migrated template: `migrate` and `restore` must do the work.
    const name = `kzm_cli_${randomBytes(5).toString('hex')}`;
    const admin = async (sql: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(sql).finally(() => c.end());
    };
    await admin(`CREATE DATABASE ${name}`);
    const dbUrl = withDatabase(url, name);
    return {
      env: { DATABASE_URL: dbUrl },
      open: () => openPostgres(dbUrl),
      drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const dir = join(tmp, label);
  return { env: { DATA_DIR: dir }, open: () => openPglite(dir), drop: async () => {} };
}

function kzm(target: Target | undefined, ...args: string[]): Promise<Run> {
  return kzmWithInput(target, undefined, ...args);
}

/** The CLI with `input` on its standard input (closed at once when undefined). */
async function kzmWithInput(target: Target | undefined, input: string | undefined, ...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', ARGON2_MEMORY_KIB: '1024', NODE_ENV: 'test' };
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  delete env.NODE_TEST_CONTEXT; // set by the test runner; not for the CLI
  Object.assign(env, target?.env ?? { DATA_DIR: join(tmp, 'never-opened') });
  // src/cli.ts compiled once (test/entry.ts): a start through tsx costs ~2 s of CPU more.
  const cli = await entryArgs('cli');
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [...cli, ...args], { cwd: ROOT, env }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
}

/** Fails with the CLI's output, which is what one needs to see when it exits wrongly. */
function assertExit(run: Run, code: number): void {
  assert.equal(run.code, code, `exit code ${run.code}, expected ${code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
}

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const out: Record<string, number> = {};
  for (const { table_name: t } of tables) out[t] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t}"`))[0]!.n;
  return out;
}

async function withDb<T>(target: Target, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await target.open();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe(`kzm CLI (${url ? 'PostgreSQL' : 'PGlite'})`, () => {
  let main: Target;
  const targets: Target[] = [];

  before(async () => {
    tmp = await mkdtemp(join(testDbParent(), 'kzm-cli-'));
    main = await newTarget('main');
    targets.push(main);
  });

  after(async () => {
    for (const t of targets) await t.drop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test('help prints the usage; an unknown command prints it too and exits 2', async () => {
    const [help, unknown] = await Promise.all([kzm(undefined, 'help'), kzm(undefined, 'frobnicate')]);
    assertExit(help, 0);
    assert.match(help.stdout, /^Usage: npm run kzm -- <command>/);
    for (const c of ['migrate', 'seed', 'create-user', 'backup <file>', 'restore <file>']) assert.ok(help.stdout.includes(`  ${c}`), c);
    assertExit(unknown, 2);
    assert.match(unknown.stderr, /Unknown command: frobnicate/);
    assert.match(unknown.stderr, /Usage: npm run kzm/);
  });

  test('create-user with bad arguments exits 1 with readable messages and no stack trace', async () => {
    const bad = await kzm(undefined, 'create-user', '--email', 'not-an-address', '--name', 'Ana', '--password', 'short', '--role', 'boss');
    assertExit(bad, 1);
    assert.match(bad.stderr, /--email: Enter a valid e-mail address/);
    assert.match(bad.stderr, /--password: The password must have at least 10 characters/);
    assert.match(bad.stderr, /--role: must be one of association_rep, youth_council, coordinator, office_admin/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
  });

  test('migrate applies every migration and prints their names', async () => {
    const run = await kzm(main, 'migrate');
    assertExit(run, 0);
    for (const m of await listMigrations()) assert.ok(run.stdout.includes(m.name), `${m.name} in ${run.stdout}`);
  });

  test('seed loads the demo data once, then refuses', async () => {
    const first = await kzm(main, 'seed');
    assertExit(first, 0);
    assert.match(first.stdout, /11 offices, 8 accounts/);
    const again = await kzm(main, 'seed');
    assertExit(again, 1);
    assert.match(again.stderr, /already has offices/);
  });

  test('create-user makes a confirmed account with consent and the role, in the office', async () => {
    const run = await kzm(
      main,
      'create-user',
      '--email',
      'Nova.Koordinatorka@Primer.test',
      '--name',
      'Nova Koordinatorka',
      '--password',
      'vrlo-tajna-lozinka',
      '--birth',
      '1994-02-03',
      '--role',
      'coordinator',
      '--office',
      'cacak',
    );
    assertExit(run, 0);
    assert.match(run.stdout, /created the confirmed account .*granted coordinator in cacak/);

    // PGlite opens a data dir in one process at a time: only now that the CLI has exited.
    await withDb(main, async (db) => {
      const [user] = await db.query<{
        id: string;
        display_name: string;
        birth_date: string;
        confirmed: boolean;
        is_national_admin: boolean;
        password_hash: string;
      }>(
        `SELECT id, display_name, birth_date, email_confirmed_at IS NOT NULL AS confirmed, is_national_admin, password_hash
           FROM users WHERE lower(email) = 'nova.koordinatorka@primer.test'`,
      );
      assert.ok(user, 'the account exists');
      assert.equal(user.display_name, 'Nova Koordinatorka');
      assert.equal(user.birth_date, '1994-02-03');
      assert.equal(user.confirmed, true);
      assert.equal(user.is_national_admin, false);
      assert.match(user.password_hash, /^\$argon2id\$/);
      assert.equal(await createPasswordHasher(1024).verify(user.password_hash, 'vrlo-tajna-lozinka'), true);
      assert.deepEqual(await db.query('SELECT purpose, notice_version, given_by FROM consents WHERE user_id = $1', [user.id]), [
        { purpose: 'privacy_notice', notice_version: PRIVACY_NOTICE_VERSION, given_by: 'self' },
      ]);
      assert.deepEqual(
        await db.query('SELECT o.slug, m.role FROM office_members m JOIN offices o ON o.id = m.office_id WHERE m.user_id = $1', [user.id]),
        [{ slug: 'cacak', role: 'coordinator' }],
      );
      assert.deepEqual(await db.query(`SELECT action, actor_id, data FROM audit_events WHERE target = $1`, [user.id]), [
        { action: 'member.grant', actor_id: null, data: { role: 'coordinator', via: 'cli' } },
      ]);
    });
  });

  test('create-user --password-stdin reads the password from standard input (first line), never from the command line', async () => {
    const both = await kzmWithInput(
      undefined,
      'x',
      'create-user',
      '--email',
      'a@primer.test',
      '--password',
      'vrlo-tajna-lozinka',
      '--password-stdin',
    );
    assertExit(both, 2);
    assert.match(both.stderr, /--password or --password-stdin, not both/);
    const empty = await kzmWithInput(undefined, '', 'create-user', '--email', 'a@primer.test', '--name', 'A', '--password-stdin');
    assertExit(empty, 1);
    assert.match(empty.stderr, /standard input was empty/);
    const short = await kzmWithInput(undefined, 'kratka\n', 'create-user', '--email', 'a@primer.test', '--name', 'A', '--password-stdin');
    assertExit(short, 1);
    assert.match(short.stderr, /--password: The password must have at least 10 characters/);

    const secret = 'lozinka iz cevi, sa razmacima ';
    const run = await kzmWithInput(
      main,
      `${secret}\r\ndruga linija\n`,
      'create-user',
      '--email',
      'stdin@primer.test',
      '--name',
      'Iz Cevi',
      '--password-stdin',
    );
    assertExit(run, 0);
    assert.match(run.stdout, /created the confirmed account stdin@primer\.test/);
    await withDb(main, async (db) => {
      const [user] = await db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE email = 'stdin@primer.test'`);
      assert.ok(user);
      assert.equal(await createPasswordHasher(1024).verify(user.password_hash, secret), true);
    });
  });

  test('backup, then restore into a new database: the same rows', async () => {
    const file = join(tmp, 'kzm.jsonl.gz');
    const backup = await kzm(main, 'backup', file);
    assertExit(backup, 0);
    assert.match(backup.stdout, /users\s+10\b/);

    const copy = await newTarget('copy');
    targets.push(copy);
    const restore = await kzm(copy, 'restore', file);
    assertExit(restore, 0);
    assert.match(restore.stdout, /migrations applied first: 0001_/);
    assert.match(restore.stdout, /office_members\s+12\b/);

    const expected = await withDb(main, rowCounts);
    assert.equal(expected.users, 10);
    assert.deepEqual(await withDb(copy, rowCounts), expected);
  });
});
