import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { openPglite, openPostgres, type Db } from '../src/core/db/db.ts';
import { listMigrations, migrate, MIGRATIONS_DIR, type Migration } from '../src/core/db/migrate.ts';
import { testDatabaseUrl } from './db.ts';
import { createScratchDatabase } from './server-process.ts';
import { BOOKKEEPING_TABLES, snapshot } from './snapshot.ts';

/**
 * Every migration must keep the data that exists when it runs. Each migration brings
 * `migrations/fixtures/NNNN.sql`: realistic rows for what that migration adds (its new tables
 * and columns, and the states their rows can be in), written by its author, who knows best
 * what real data looks like then. Fixtures are cumulative: fixture N is loaded onto the data
 * of fixtures 1…N-1, so it may refer to their rows.
 *
 * For each migration N, on a fresh EMPTY database (not the test template): apply migrations
 * 1…N-1 one by one, loading each one's fixture after it, then apply N alone, and check that
 * every row is still there — row count per table, a checksum of the primary keys, and a
 * checksum of the columns that existed before N. The newest fixture has no successor yet; it
 * is loaded onto the current schema, so it is valid when the next migration arrives.
 *
 * The rule (enforced below): every migration, the newest included, has a fixture, and after
 * the fixtures up to N every table of the schema as of N has rows. A migration that means to
 * drop or rewrite data lists the tables in INTENDED_CHANGES with the reason; their rows are
 * then not compared.
 */

const FIXTURES_DIR = `${MIGRATIONS_DIR}fixtures/`;

/** Migration name → table → why that migration changes the rows it found there. */
const INTENDED_CHANGES: Record<string, Record<string, string>> = {};

const migrations = await listMigrations();
const fixtureOf = (m: Migration) => `${m.name.slice(0, 4)}.sql`;

/** An empty PGlite cluster, as initdb leaves it: made once, then loaded (initdb costs seconds of CPU, loading a dump a fraction). */
let emptyPglite: Blob | undefined;

/** A fresh, empty database: in-memory PGlite, or a new database on TEST_DATABASE_URL's server. */
async function emptyDb(): Promise<Db> {
  const adminUrl = testDatabaseUrl();
  if (!adminUrl) {
    if (!emptyPglite) {
      const db = await openPglite();
      emptyPglite = await db.pglite.dumpDataDir('none');
      await db.close();
    }
    return openPglite(undefined, emptyPglite);
  }
  const scratch = await createScratchDatabase(adminUrl, 'kzm_mig');
  const db = await openPostgres(scratch.url);
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await close();
      await scratch.drop();
    },
  });
}

async function loadFixture(db: Db, m: Migration): Promise<void> {
  const sql = await readFile(FIXTURES_DIR + fixtureOf(m), 'utf8');
  try {
    await db.exec(sql);
  } catch (err) {
    assert.fail(`migrations/fixtures/${fixtureOf(m)} does not load onto the schema as of ${m.name}: ${(err as Error).message}`);
  }
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The app's tables (everything in public but the migrations' own bookkeeping). */
async function tables(db: Db): Promise<string[]> {
  const rows = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'
      ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

interface Shape {
  columns: string[];
  /** Primary-key columns; all columns for a table without one. */
  keys: string[];
}

async function shapeOf(db: Db, table: string): Promise<Shape> {
  const columns = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  const keys = await db.query<{ attname: string }>(
    `SELECT a.attname FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
      WHERE i.indrelid = to_regclass($1) AND i.indisprimary
      ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [`public.${ident(table)}`],
  );
  const cols = columns.map((c) => c.column_name);
  return { columns: cols, keys: keys.length ? keys.map((k) => k.attname) : cols };
}

interface Fingerprint {
  rows: number;
  keys: string;
  content: string;
}

/** Row count and checksums of one table, over the columns of `shape` (the shape before a migration). */
async function fingerprint(db: Db, table: string, shape: Shape): Promise<Fingerprint> {
  const row = (cols: string[]) => `(ROW(${cols.map(ident).join(', ')}))::text`;
  const rows = await db.query<Fingerprint>(
    `SELECT count(*)::int AS rows,
            md5(coalesce(string_agg(k, E'\\n' ORDER BY k), '')) AS keys,
            md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) AS content
       FROM (SELECT ${row(shape.keys)} AS k, ${row(shape.columns)} AS r FROM ${ident(table)}) s`,
  );
  return rows[0]!;
}

/** Tables, columns, constraints and indexes of the public schema, for "nothing changed". */
async function schemaOf(db: Db): Promise<unknown> {
  return {
    columns: await db.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    ),
    constraints: await db.query(
      `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS def
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`,
    ),
    indexes: await db.query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`),
  };
}

/** Schema and every row of every table, schema_migrations included. */
async function everything(db: Db): Promise<unknown> {
  return { schema: await schemaOf(db), data: await snapshot(db, { include: BOOKKEEPING_TABLES }) };
}

/** Applies migrations[0…n-1] one at a time, each followed by its fixture. */
async function migrateWithFixtures(db: Db, n: number): Promise<void> {
  for (const m of migrations.slice(0, n)) {
    assert.deepEqual(await migrate(db, { upTo: m.name }), [m.name]);
    await loadFixture(db, m);
  }
}

async function assertFixtureFillsEveryTable(db: Db, m: Migration): Promise<void> {
  const empty: string[] = [];
  for (const table of await tables(db)) {
    const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(table)}`);
    if (rows[0]!.n === 0) empty.push(table);
  }
  assert.deepEqual(
    empty,
    [],
    `migrations/fixtures/${fixtureOf(m)} must put rows in every table ${m.name} creates (fixtures up to it leave these empty)`,
  );
}

describe('migrations', () => {
  test('every migration has a fixture, and every fixture a migration', async () => {
    assert.ok(migrations.length > 0, `no migrations found in ${MIGRATIONS_DIR}`);
    const fixtures = (await readdir(FIXTURES_DIR)).filter((f) => f.endsWith('.sql')).sort();
    const wanted = migrations.map(fixtureOf);
    assert.deepEqual(
      wanted.filter((f) => !fixtures.includes(f)),
      [],
      'each migration NNNN_name.sql brings migrations/fixtures/NNNN.sql: realistic rows for every table of the schema after it',
    );
    assert.deepEqual(
      fixtures.filter((f) => !wanted.includes(f)),
      [],
      'fixtures without a migration of the same number',
    );
  });

  /**
   * Migration i's test starts where migration i-1's test ended (migrations up to i-1 applied,
   * fixtures up to i-2 loaded) and loads fixture i-1: the same steps as replaying everything
   * from an empty database, once instead of once per migration. After a failed test the next
   * starts from an empty database again.
   */
  let chain: { db: Db; next: number } | undefined;
  after(() => chain?.db.close());

  for (const [i, m] of migrations.entries()) {
    const prev = migrations[i - 1];
    const title = prev
      ? `${m.name} keeps the data of the schema before it (fixtures/${fixtureOf(prev)})`
      : `${m.name} applies to an empty database`;
    test(title, async () => {
      const continued = chain?.next === i ? chain.db : undefined;
      if (chain && !continued) await chain.db.close();
      chain = undefined;
      const db = continued ?? (await emptyDb());
      let passed = false;
      try {
        const before = new Map<string, { shape: Shape; print: Fingerprint }>();
        if (prev) {
          if (continued) await loadFixture(db, prev);
          else await migrateWithFixtures(db, i);
          await assertFixtureFillsEveryTable(db, prev);
          for (const table of await tables(db)) {
            const shape = await shapeOf(db, table);
            before.set(table, { shape, print: await fingerprint(db, table, shape) });
          }
        }

        assert.deepEqual(await migrate(db, { upTo: m.name }), prev ? [m.name] : migrations.slice(0, 1).map((x) => x.name));

        const intended = INTENDED_CHANGES[m.name] ?? {};
        for (const [table, { shape, print }] of before) {
          if (table in intended) continue;
          let now: Fingerprint;
          try {
            now = await fingerprint(db, table, shape);
          } catch (err) {
            assert.fail(
              `${m.name} removed table ${table} or some of its columns (${(err as Error).message}); ` +
                'if that is intended, list the table under this migration in INTENDED_CHANGES with the reason',
            );
          }
          assert.equal(now.rows, print.rows, `${m.name} changed the number of rows in ${table}`);
          assert.equal(now.keys, print.keys, `${m.name} changed primary keys of rows in ${table}`);
          assert.equal(now.content, print.content, `${m.name} changed values in existing columns of ${table}`);
        }
        passed = true;
      } finally {
        if (passed) chain = { db, next: i + 1 };
        else await db.close();
      }
    });
  }

  describe('on a database with the current schema and data', () => {
    let db: Db;
    const newest = migrations[migrations.length - 1]!;

    before(async () => {
      // Where the last migration's test ended (every migration applied, fixtures up to the one
      // before the newest loaded), or the same state built from an empty database.
      if (chain?.next === migrations.length) {
        db = chain.db;
        chain = undefined;
      } else {
        db = await emptyDb();
        await migrateWithFixtures(db, migrations.length - 1);
        await migrate(db);
      }
    });
    after(() => db?.close());

    // The newest fixture has no successor to be checked by yet; it must fit the schema now.
    test(`the newest fixture (fixtures/${fixtureOf(newest)}) loads and fills every table`, async () => {
      await loadFixture(db, newest);
      await assertFixtureFillsEveryTable(db, newest);
    });

    test('migrating again applies nothing and changes nothing', async () => {
      const was = await everything(db);
      assert.deepEqual(await migrate(db), []);
      assert.deepEqual(await migrate(db, { upTo: newest.name }), []);
      assert.deepEqual(await everything(db), was);
    });

    test('a migration that fails is rolled back whole and not recorded', async () => {
      const was = await everything(db);
      const broken: Migration = {
        name: '9999_broken.sql',
        sql: `CREATE TABLE broken_extra (id integer PRIMARY KEY);
              INSERT INTO broken_extra VALUES (1);
              ALTER TABLE users ADD COLUMN nickname text;
              UPDATE offices SET name = 'Pokvareno';
              DELETE FROM throttle;
              SELECT no_such_column FROM offices;`,
      };
      await assert.rejects(migrate(db, { migrations: [...migrations, broken] }), /no_such_column/);
      assert.deepEqual(await everything(db), was, 'schema, data and schema_migrations are as before');

      // Each migration runs in its own transaction: one that succeeded before the failing one
      // stays applied and recorded, and the failing one runs again on the next start.
      const fine: Migration = { name: '9998_fine.sql', sql: 'CREATE TABLE fine_extra (id integer PRIMARY KEY);' };
      await assert.rejects(migrate(db, { migrations: [...migrations, fine, broken] }), /no_such_column/);
      const names = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
      assert.deepEqual(
        names.map((r) => r.name),
        [...migrations.map((x) => x.name), fine.name],
      );
      const tablesBefore = Object.keys((was as { data: Record<string, unknown> }).data).filter((t) => t !== 'schema_migrations');
      assert.deepEqual(await tables(db), [...tablesBefore, 'fine_extra'].sort());
    });
  });
});
