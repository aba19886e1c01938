import { statfsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import '../src/app.ts'; // the feature list installs the UI strings that services' mails and errors use
import type { Config } from '../src/core/config.ts';
import { openPglite, openPostgres, type Db } from '../src/core/db/db.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { createDataDirFromTemplate, ensureTemplate } from '../src/core/db/pglite-template.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { TEST_ENV } from './env.ts';

/**
 * A fresh, migrated database per test file, copied from a template:
 * - PGlite (default): a data directory in testDbParent(), copied from the migrated template the
 *   app itself starts from (src/core/db/pglite-template.ts) or from this run's demo template, and
 *   opened there. Loading the same data from a dump into memory (as it was) cost 1.3–2 s of CPU
 *   per database and ~250 MB more resident; the copy onto tmpfs and the open cost ~0.4 s
 *   (issue #10). Queries cost the same either way (within this machine's noise; measured on fuzz).
 * - PostgreSQL (TEST_DATABASE_URL or DATABASE_URL set): CREATE DATABASE … TEMPLATE kzm_template.
 */
const PG_TEMPLATE = 'kzm_template';

/**
 * The folder PGlite test databases are made in. scripts/test.ts makes one per run (and removes it,
 * with whatever a killed test process left) and names it in KZM_TEST_DB_DIR; a file run by hand
 * uses the RAM-backed /dev/shm when the machine has one with room, else the system's temporary
 * folder. Copying the template (~1,450 files, 44 MB) onto this machine's ext4 cost 1.4–1.6 s of
 * CPU per test database, in the kernel's file creation; onto tmpfs 70 ms (issue #10: ~90 test
 * processes each make one). A file run by hand and killed leaves its directory behind, as in the
 * temporary folder; in /dev/shm it holds memory until it is removed.
 */
export const TEST_DB_DIR_ENV = 'KZM_TEST_DB_DIR';
export function testDbParent(): string {
  return process.env[TEST_DB_DIR_ENV] || ramFolder() || tmpdir();
}

const TMPFS_MAGIC = 0x01021994;
/** /dev/shm when it is a tmpfs with at least 1 GiB free (four test databases at once, with room; a container's 64 MB is not enough). */
function ramFolder(): string | undefined {
  try {
    const fs = statfsSync('/dev/shm');
    return fs.type === TMPFS_MAGIC && fs.bavail * fs.bsize >= 2 ** 30 ? '/dev/shm' : undefined;
  } catch {
    return undefined;
  }
}

export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/**
 * The variants of a check that differ only in the app's own code, not in the SQL it runs (the
 * script a page is shown in): all of them on PGlite; on PostgreSQL, which runs the same
 * statements once more, the i-th item's turn of them, so across the items each variant still
 * runs there too (issue #10: the PostgreSQL tier of the route harness repeated what only
 * PGlite's tier needs to try in full).
 */
export function variantsHere<T>(variants: readonly T[], i: number): readonly T[] {
  return testDatabaseUrl() ? [variants[i % variants.length]!] : variants;
}

/** Builds the migrated template once (scripts/test.ts calls it before the test files run). */
export async function prepareTemplate(): Promise<void> {
  const url = testDatabaseUrl();
  if (url) await buildPostgresTemplate(url);
  else await ensureTemplate();
}

/** The migrated template on that server. */
async function buildPostgresTemplate(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE}`);
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE}`);
  } finally {
    await admin.end();
  }
  const db = await openPostgres(withDatabase(url, PG_TEMPLATE));
  await migrate(db);
  await db.close();
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * The demo data most test files start from, seeded once per `npm test` into a second template
 * instead of once per file (seeding is most of a file's set-up). scripts/test.ts builds it
 * with prepareDemoTemplate() and names it to the test processes in these variables; a file run
 * by hand finds neither and seeds its own copy, as it always did. The demo's dates are
 * relative to "now", so the template is never kept from one run to the next.
 */
export const DEMO_DATA_DIR_ENV = 'KZM_TEST_DEMO_DATA_DIR';
export const DEMO_DATABASE_ENV = 'KZM_TEST_DEMO_DATABASE';
/**
 * The configuration the demo template is seeded with (TEST_ENV's): the seed reads only
 * ARGON2_MEMORY_KIB (the password hash) and SECRET (registrations; BASE_URL only in mails,
 * which the seed does not send), so a test app configured otherwise seeds its own copy.
 */
const DEMO_SEED_CONFIG = { ARGON2_MEMORY_KIB: Number(TEST_ENV.ARGON2_MEMORY_KIB), SECRET: TEST_ENV.SECRET };
const seedsAsTemplate = (config: Pick<Config, 'ARGON2_MEMORY_KIB' | 'SECRET'>) =>
  config.ARGON2_MEMORY_KIB === DEMO_SEED_CONFIG.ARGON2_MEMORY_KIB && config.SECRET === DEMO_SEED_CONFIG.SECRET;

/**
 * Builds this run's demo template (migrated, then seeded as seedDemo seeds) on the PostgreSQL
 * server at url, or as a closed PGlite data directory when url is undefined; returns the
 * variables that point the test processes at it. dropDemoTemplate(vars, url) removes it
 * afterwards. On a server, the migrated template (prepareTemplate) must exist.
 */
export async function prepareDemoTemplate(url: string | undefined): Promise<Record<string, string>> {
  if (url) {
    const name = `kzm_template_demo_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE}`);
    } finally {
      await admin.end();
    }
    const db = await openPostgres(withDatabase(url, name));
    await seedDemo(db, DEMO_SEED_CONFIG);
    await db.close();
    return { [DEMO_DATABASE_ENV]: name };
  }
  const dir = await mkdtemp(join(testDbParent(), 'kzm-demo-'));
  await createDataDirFromTemplate(dir);
  const db = await openPglite(dir);
  try {
    await seedDemo(db, DEMO_SEED_CONFIG);
  } finally {
    await db.close();
  }
  return { [DEMO_DATA_DIR_ENV]: dir };
}

export async function dropDemoTemplate(vars: Record<string, string>, url: string | undefined): Promise<void> {
  if (vars[DEMO_DATA_DIR_ENV]) await rm(vars[DEMO_DATA_DIR_ENV], { recursive: true, force: true });
  if (vars[DEMO_DATABASE_ENV] && url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${vars[DEMO_DATABASE_ENV]}`).catch(() => {});
    await admin.end();
  }
}

/**
 * Opens a fresh database for one test file; call close() in after(). With `demo`, it holds the
 * demo data as seedDemo(db, demo) writes it: copied from this run's demo template when there is
 * one and the configuration seeds the same data, else seeded here.
 */
export async function freshDb(opts: { demo?: Pick<Config, 'ARGON2_MEMORY_KIB' | 'SECRET'> } = {}): Promise<Db> {
  if (opts.demo) {
    const template = seedsAsTemplate(opts.demo) ? process.env[testDatabaseUrl() ? DEMO_DATABASE_ENV : DEMO_DATA_DIR_ENV] : undefined;
    if (template) return openFresh(testDatabaseUrl(), template);
    const db = await openFresh(testDatabaseUrl());
    await seedDemo(db, opts.demo);
    return db;
  }
  return openFresh(testDatabaseUrl());
}

/**
 * A fresh database on the server at url (PGlite when undefined), copied from a template: the
 * migrated one, or the one given (a database name, or a PGlite data directory).
 */
async function openFresh(url: string | undefined, template?: string): Promise<Db> {
  if (url) {
    const name = `kzm_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template ?? PG_TEMPLATE}`);
    } catch (err) {
      // Running a single file by hand: build the template first.
      if ((err as { code?: string }).code !== '3D000' || template) throw err;
      await admin.end();
      await buildPostgresTemplate(url);
      return openFresh(url);
    }
    await admin.end();
    const db = await openPostgres(withDatabase(url, name));
    return onClose(db, async () => {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await a.end();
    });
  }
  const dir = await mkdtemp(join(testDbParent(), 'kzm-test-db-'));
  try {
    await createDataDirFromTemplate(dir, template);
    // KZM_TEST_PGLITE_THREAD=1: the data tests on PGlite in a worker thread (PGLITE_THREAD's driver).
    const db =
      process.env.KZM_TEST_PGLITE_THREAD === '1'
        ? await (await import('../src/core/db/pglite-thread.ts')).openPgliteThread(dir)
        : await openPglite(dir);
    return onClose(db, () => rm(dir, { recursive: true, force: true }));
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** The database, whose close() also runs `cleanUp` once it has closed. */
function onClose<T extends Db>(db: T, cleanUp: () => Promise<void>): T {
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await close();
      await cleanUp();
    },
  });
}
