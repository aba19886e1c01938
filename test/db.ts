import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import '../src/app.ts'; // the feature list installs the UI strings that services' mails and errors use
import { openPglite, openPostgres, type Db } from '../src/core/db/db.ts';
import { listMigrations, migrate } from '../src/core/db/migrate.ts';

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

/** Builds the template once (scripts/test.ts calls it before the test files run). */
export async function prepareTemplate(): Promise<void> {
  const url = testDatabaseUrl();
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

/** Opens a fresh database for one test file; call close() in after(). */
export async function freshDb(): Promise<Db> {
  const url = testDatabaseUrl();
  if (url) {
    const name = `kzm_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE}`);
    } catch (err) {
      // Running a single file by hand: build the template first.
      if ((err as { code?: string }).code !== '3D000') throw err;
      await admin.end();
      await prepareTemplate();
      return freshDb();
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
  const file = await templateFile();
  if (!existsSync(file)) await prepareTemplate();
  const dump = new Blob([await readFile(file)]);
  return openPglite(undefined, dump);
}
