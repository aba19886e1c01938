import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { freshDb, testDatabaseUrl, testDbParent } from '../../../test/db.ts';
import { seedDemo } from '../../seed/demo.ts';
import { recordAccountEvent, recordAudit } from '../audit.ts';
import { createSession } from '../auth/sessions.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { backupDatabase, BackupError, restoreDatabase } from './backup.ts';
import { openPglite, type Db, type Queryable } from './db.ts';
import { listMigrations, migrate } from './migrate.ts';

/**
 * Every table, read independently of backup.ts (information_schema, not its catalog code):
 * table name → all rows as PostgreSQL's JSON text, ordered by primary key, timestamps in UTC.
 */
async function snapshot(db: Db): Promise<Record<string, string>> {
  return db.transaction(async (tx) => {
    await tx.query(`SET LOCAL TIME ZONE 'UTC'`);
    const tables = await tx.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'
        ORDER BY table_name`,
    );
    const out: Record<string, string> = {};
    for (const { table_name: t } of tables) {
      const keys = await tx.query<{ column_name: string }>(
        `SELECT k.column_name FROM information_schema.table_constraints c
           JOIN information_schema.key_column_usage k USING (constraint_schema, constraint_name)
          WHERE c.table_schema = 'public' AND c.table_name = $1 AND c.constraint_type = 'PRIMARY KEY'
          ORDER BY k.ordinal_position`,
        [t],
      );
      assert.ok(keys.length > 0, `${t} has a primary key`);
      const order = keys.map((k) => `"${k.column_name}"`).join(', ');
      const [row] = await tx.query<{ j: string }>(`SELECT coalesce(json_agg(t ORDER BY ${order})::text, '[]') AS j FROM "${t}" t`);
      out[t] = row!.j;
    }
    return out;
  });
}

function assertSameData(actual: Record<string, string>, expected: Record<string, string>): void {
  assert.deepEqual(Object.keys(actual), Object.keys(expected), 'same tables');
  for (const t of Object.keys(expected)) assert.equal(actual[t], expected[t], `rows of ${t} differ`);
}

const newOutboxId = async (q: Queryable, tag: string) =>
  (
    await q.query<{ id: number }>(
      `INSERT INTO outbox (recipient, subject, body_text, message_id) VALUES ('x@primer.test', 's', 'b', $1) RETURNING id`,
      [`<${tag}-${Math.random()}@test>`],
    )
  )[0]!.id;

/** Rewrites a backup file line by line (to damage it on purpose). */
async function editBackup(from: string, to: string, edit: (lines: string[]) => string[]): Promise<void> {
  const lines = gunzipSync(await readFile(from))
    .toString('utf8')
    .split('\n');
  await writeFile(to, gzipSync(edit(lines).join('\n')));
}

describe('logical backup and restore', () => {
  let src: Db;
  let dir: string;
  let file: string;
  let expected: Record<string, string>;
  const cleanups: Array<() => Promise<unknown>> = [];

  before(async () => {
    dir = await mkdtemp(join(testDbParent(), 'kzm-backup-'));
    file = join(dir, 'kzm.jsonl.gz');
    src = await freshDb();
    await seedDemo(src, { ARGON2_MEMORY_KIB: 1024 });
    const [user] = await src.query<{ id: string }>(`SELECT id FROM users WHERE email = 'pancevo@primer.test'`);
    const [office] = await src.query<{ id: string }>(`SELECT id FROM offices WHERE slug = 'pancevo'`);
    await src.transaction(async (tx) => {
      // Text that trips naive encoders: line breaks, CR, quotes, backslashes, U+2028, emoji, Cyrillic.
      await enqueueMail(tx, { to: 'a@primer.test', subject: 'Прво', text: 'red 1\nred 2\r\n"navodnici" \\ \u2028 🎉', html: '<p>x</p>' });
      await enqueueMail(tx, { to: 'b@primer.test', subject: 'Drugo', text: 'b' });
      await enqueueMail(tx, { to: 'c@primer.test', subject: 'Treće', text: 'c' });
      await createSession(tx, user!.id, 30);
      await tx.query(
        `INSERT INTO user_tokens (token_hash, user_id, purpose, expires_at) VALUES ($1, $2, 'reset_password', now() + interval '1 hour')`,
        ['x'.repeat(43), user!.id],
      );
      await recordAudit(tx, {
        officeId: office!.id,
        actorId: user!.id,
        action: 'office.edit',
        data: { fields: ['name'], n: 1.5, deep: { a: [1, null, 'ž'] } },
      });
      await recordAccountEvent(tx, user!.id, 'account.login', { ip: '127.0.0.1' });
      // More rows than one chunk, so both the backup's FETCH and the restore's INSERT loop.
      await tx.query(
        `INSERT INTO throttle (key, window_start, hits) SELECT 'k' || i, now() - i * interval '1 second', i FROM generate_series(1, 12345) i`,
      );
    });
    // The last mail is gone: the sequence (next 4) is now ahead of max(id) (3 → 2).
    await src.query(`DELETE FROM outbox WHERE id = (SELECT max(id) FROM outbox)`);
    expected = await snapshot(src);
  });

  after(async () => {
    for (const c of cleanups.reverse()) await c();
    await src?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('a backup restores into an empty database row for row, and sequences continue', async () => {
    const summary = await backupDatabase(src, file);
    assert.deepEqual(
      summary.migrations,
      (await listMigrations()).map((m) => m.name),
    );
    assert.equal(summary.tables.find((t) => t.name === 'throttle')?.rows, 12345);
    assert.ok(summary.tables.some((t) => t.name === 'sessions' && t.rows === 1));

    const dst = await freshDb();
    cleanups.push(() => dst.close());
    // A user trigger on the target must not rewrite restored rows, and must be back on afterwards.
    await dst.exec(`
      CREATE FUNCTION kzm_test_touch() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.display_name := 'trigger ran'; RETURN NEW; END $$;
      CREATE TRIGGER kzm_test_touch BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION kzm_test_touch();`);

    const restored = await restoreDatabase(dst, file);
    assert.deepEqual(restored.migrated, [], 'the target was already migrated');
    assert.deepEqual(restored.tables, summary.tables);
    assertSameData(await snapshot(dst), expected);

    const [trigger] = await dst.query<{ tgenabled: string }>(`SELECT tgenabled FROM pg_trigger WHERE tgname = 'kzm_test_touch'`);
    assert.equal(trigger?.tgenabled, 'O', 'the trigger is enabled again');

    // The next id is the source's next one (4), not max(id) + 1 (3): nothing is reused.
    const srcNext = await newOutboxId(src, 'src');
    const dstNext = await newOutboxId(dst, 'dst');
    assert.equal(srcNext, 4);
    assert.equal(dstNext, srcNext);
    await src.query('DELETE FROM outbox WHERE id = $1', [srcNext]);
  });

  test('restore into a database with data is refused and changes nothing', async () => {
    const before = await snapshot(src);
    const migrationsBefore = await src.query('SELECT * FROM schema_migrations ORDER BY name');
    await assert.rejects(restoreDatabase(src, file), (err: Error) => {
      assert.ok(err instanceof BackupError);
      assert.match(err.message, /not empty.*offices.*users/s);
      return true;
    });
    assertSameData(await snapshot(src), before);
    assert.deepEqual(await src.query('SELECT * FROM schema_migrations ORDER BY name'), migrationsBefore);
  });

  test('damaged backups and unknown migrations are refused; a failed restore leaves the target empty', async () => {
    const empty = await freshDb();
    cleanups.push(() => empty.close());
    const bad = join(dir, 'bad.jsonl.gz');

    await editBackup(file, bad, ([header, ...rest]) => {
      const h = JSON.parse(header!) as { migrations: string[] };
      h.migrations.push('9999_from_the_future.sql');
      return [JSON.stringify(h), ...rest];
    });
    await assert.rejects(restoreDatabase(empty, bad), /needs migrations .*9999_from_the_future\.sql/);

    // Cut after the throttle rows were sent to the database: the transaction must roll them back.
    await editBackup(file, bad, (lines) =>
      lines.slice(
        0,
        lines.findIndex((l) => l.startsWith('["end-table",{"name":"users"')),
      ),
    );
    await assert.rejects(restoreDatabase(empty, bad), /incomplete/);
    await writeFile(bad, gzipSync('not a backup\n'));
    await assert.rejects(restoreDatabase(empty, bad), /not a KZM backup/);
    await writeFile(bad, (await readFile(file)).subarray(0, 2000));
    await assert.rejects(restoreDatabase(empty, bad), /damaged or truncated|incomplete/);

    // Nothing of the backup: only the reference rows the migrations themselves wrote (regions, districts).
    const reference = await empty.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_description d ON d.objoid = c.oid AND d.objsubid = 0
        WHERE d.description LIKE 'kzm:reference%'`,
    );
    assert.deepEqual(reference.map((r) => r.name).sort(), ['districts', 'statistical_regions']);
    const rows = Object.entries(await snapshot(empty)).filter(([table, j]) => j !== '[]' && !reference.some((r) => r.name === table));
    assert.deepEqual(rows, [], 'no rows anywhere');
  });

  const url = testDatabaseUrl();
  test(
    'a PostgreSQL backup restores into PGlite, and a PGlite backup into PostgreSQL',
    { skip: url ? false : 'TEST_DATABASE_URL is not set: PGlite ↔ PostgreSQL restore needs a PostgreSQL server' },
    async () => {
      assert.equal(src.kind, 'postgres');
      // A never-migrated PGlite: restore migrates it to the backup's migrations first.
      const lite = await openPglite();
      cleanups.push(() => lite.close());
      const intoLite = await restoreDatabase(lite, file);
      assert.deepEqual(
        intoLite.migrated,
        (await listMigrations()).map((m) => m.name),
      );
      assertSameData(await snapshot(lite), expected);

      const fromLite = join(dir, 'from-pglite.jsonl.gz');
      await backupDatabase(lite, fromLite);
      const pg2 = await freshDb();
      cleanups.push(() => pg2.close());
      assert.equal(pg2.kind, 'postgres');
      await restoreDatabase(pg2, fromLite);
      assertSameData(await snapshot(pg2), expected);
      assert.equal(await newOutboxId(lite, 'lite'), 4);
      assert.equal(await newOutboxId(pg2, 'pg2'), 4);
    },
  );

  test('schema mismatches are refused before anything changes', async () => {
    // The code has one migration more than the backup made above.
    const extra = { name: '9999_later.sql', sql: 'CREATE TABLE later (id int PRIMARY KEY)' };
    const code = [...(await listMigrations()), extra];
    const newer = await freshDb();
    cleanups.push(() => newer.close());
    await migrate(newer, { migrations: code });
    await assert.rejects(restoreDatabase(newer, file, { migrations: code }), /migrated past the backup \(9999_later\.sql\)/);

    // A backup that needs that migration, into a target with data that lacks it: refused
    // before migrating, so the target's schema is untouched too.
    await newer.query('INSERT INTO later VALUES (1)');
    const newerFile = join(dir, 'newer.jsonl.gz');
    assert.deepEqual(
      (await backupDatabase(newer, newerFile)).migrations,
      code.map((m) => m.name),
    );
    const migrationsBefore = await src.query('SELECT name FROM schema_migrations ORDER BY name');
    await assert.rejects(restoreDatabase(src, newerFile, { migrations: code }), /not empty/);
    assert.deepEqual(await src.query('SELECT name FROM schema_migrations ORDER BY name'), migrationsBefore);
    assert.deepEqual(await src.query(`SELECT to_regclass('public.later') AS t`), [{ t: null }]);
  });
});
