import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import '../src/app.ts'; // the feature list installs the UI strings that services' mails and errors use
import type { Config } from '../src/core/config.ts';
import { openPglite, openPostgres, type Db } from '../src/core/db/db.ts';
import { listMigrations, migrate } from '../src/core/db/migrate.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { TEST_ENV } from './env.ts';

/**
 * A fresh, migrated database per test file, cloned from one template:
 * - PGlite (default): a data-dir dump made once by `prepareTemplate()` and loaded per file (~0.6 s).
 * - PostgreSQL (TEST_DATABASE_URL or DATABASE_URL set): CREATE DATABASE … TEMPLATE kzm_template.
 */
const CACHE_DIR = fileURLToPath(new URL('../node_modules/.cache/kzm-test/', import.meta.url));

/** The dump's name carries a hash of the migrations, so a changed migration never reuses a stale one. */
async function templateFile(): Promise<string> {
  const hash = createHash('sha256');
  for (const m of await listMigrations()) hash.update(m.name).update(m.sql);
  return `${CACHE_DIR}template-${hash.digest('hex').slice(0, 16)}.tar`;
}
const PG_TEMPLATE = 'kzm_template';

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

/** Builds the template once (scripts/test.ts calls it before the test files run). */
export function prepareTemplate(): Promise<void> {
  return buildTemplate(testDatabaseUrl());
}

/** The migrated template on that server, or PGlite's dump when url is undefined. */
async function buildTemplate(url: string | undefined): Promise<void> {
  if (url) {
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
    return;
  }
  const db = await openPglite();
  await migrate(db);
  const dump = await db.pglite.dumpDataDir('none');
  await db.close();
  await mkdir(CACHE_DIR, { recursive: true });
  const file = await templateFile();
  const tmp = `${file}.${process.pid}`;
  await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
  await rename(tmp, file);
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
export const DEMO_DUMP_ENV = 'KZM_TEST_DEMO_DUMP';
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
 * server at url, or as a PGlite dump when url is undefined; returns the variables that point
 * the test processes at it. dropDemoTemplate(vars, url) removes it afterwards. On a server, the
 * migrated template (prepareTemplate) must exist.
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
  const db = await openFresh(undefined);
  await seedDemo(db, DEMO_SEED_CONFIG);
  const dump = await (db as Db & { pglite: PGlite }).pglite.dumpDataDir('none');
  await db.close();
  await mkdir(CACHE_DIR, { recursive: true });
  const file = `${CACHE_DIR}demo-${process.pid}.tar`;
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  return { [DEMO_DUMP_ENV]: file };
}

export async function dropDemoTemplate(vars: Record<string, string>, url: string | undefined): Promise<void> {
  if (vars[DEMO_DUMP_ENV]) await rm(vars[DEMO_DUMP_ENV], { force: true });
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
    const template = seedsAsTemplate(opts.demo) ? process.env[testDatabaseUrl() ? DEMO_DATABASE_ENV : DEMO_DUMP_ENV] : undefined;
    if (template) return openFresh(testDatabaseUrl(), template);
    const db = await openFresh(testDatabaseUrl());
    await seedDemo(db, opts.demo);
    return db;
  }
  return openFresh(testDatabaseUrl());
}

/**
 * A fresh database on the server at url (PGlite when undefined), copied from a template: the
 * migrated one, or the one given (a database name, or a PGlite dump file).
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
      await buildTemplate(url);
      return openFresh(url);
    }
    await admin.end();
    const db = await openPostgres(withDatabase(url, name));
    const close = db.close.bind(db);
    return Object.assign(db, {
      async close() {
        await close();
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
        await a.end();
      },
    });
  }
  const file = template ?? (await templateFile());
  if (!template && !existsSync(file)) await buildTemplate(undefined);
  const dump = new Blob([await readFile(file)]);
  // KZM_TEST_PGLITE_THREAD=1: the data tests on PGlite in a worker thread (PGLITE_THREAD's driver).
  if (process.env.KZM_TEST_PGLITE_THREAD === '1') {
    const { openPgliteThread } = await import('../src/core/db/pglite-thread.ts');
    return openPgliteThread(undefined, dump);
  }
  return openPglite(undefined, dump);
}
