import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isUniqueViolation, openPglite, type Db } from './db.ts';
import { openPgliteThread } from './pglite-thread.ts';

/**
 * PGlite on a worker thread (PGLITE_THREAD) behaves as PGlite in-process: the same rows, the
 * same errors with their fields, transactions in one serial order, NOTIFY at commit only. And
 * its point: while the worker runs a statement, the event loop stays free. (PGlite-only by
 * nature: the PostgreSQL driver has no thread; the data tests run on it with
 * KZM_TEST_PGLITE_THREAD=1, see test/db.ts.)
 */
describe('PGlite on a thread of its own', () => {
  let db: Db;
  let local: Db;
  before(async () => {
    [db, local] = await Promise.all([openPgliteThread(), openPglite()]);
    for (const d of [db, local]) await d.exec('CREATE TABLE t (id int PRIMARY KEY, note text, at timestamptz, bytes bytea, doc jsonb)');
  });
  after(async () => {
    await Promise.all([db.close(), local.close()]);
  });

  test('rows and parameters as in-process', async () => {
    const params = [1, 'š "x"', new Date('2026-03-29T01:30:00Z'), Buffer.from([0, 1, 255]), { k: [1, null] }];
    const sql = 'INSERT INTO t VALUES ($1, $2, $3, $4, $5) RETURNING *, $1::int8 AS big, now()::date AS day, ARRAY[$2] AS arr';
    const [a, b] = await Promise.all([db.query(sql, params), local.query(sql, params)]);
    assert.deepEqual(a, b);
    assert.equal(typeof a[0]!.big, 'number');
  });

  test('rows decoded on this thread from the worker’s raw response, arrays of dates and large rows too', async () => {
    const sql = `SELECT ARRAY['2026-01-02'::date] AS days, ARRAY[1, 2]::int8[] AS bigs, repeat('ж', 9000) AS long,
        '{"x": [1, "č"]}'::json AS j, '\\x00ff'::bytea AS b, NULL::int AS nothing, g AS n FROM generate_series(1, $1::int) g`;
    const [a, b] = await Promise.all([db.query(sql, [50]), local.query(sql, [50])]);
    assert.deepEqual(a, b);
    assert.deepEqual(a[0]!.days, ['2026-01-02']);
  });

  test('a NOTIFY sent outside a transaction reaches a listener, as in-process', async () => {
    const got: string[] = [];
    const stop = await db.listen('thread_raw', (p) => got.push(p));
    await db.query(`SELECT pg_notify('thread_raw', $1)`, ['outside']);
    await new Promise((r) => setTimeout(r, 50));
    await stop();
    assert.deepEqual(got, ['outside']);
  });

  test('an error carries its code and constraint, and the database stays usable', async () => {
    const err = await db.query('INSERT INTO t (id) VALUES (1)').then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(err instanceof Error);
    assert.ok(isUniqueViolation(err, 't_pkey'));
    assert.match(err.message, /duplicate key/);
    assert.deepEqual(await db.query('SELECT count(*) AS n FROM t'), [{ n: 1 }]);
  });

  test('a transaction commits, or rolls back when its function throws', async () => {
    assert.equal(await db.transaction(async (tx) => (await tx.query('INSERT INTO t (id) VALUES (2) RETURNING id'))[0]!.id), 2);
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t (id) VALUES (3)');
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t (id) VALUES (4)');
        await tx.query('INSERT INTO t (id) VALUES (4)');
      }),
      (e: unknown) => isUniqueViolation(e),
    );
    assert.deepEqual(await db.query('SELECT id FROM t ORDER BY id'), [{ id: 1 }, { id: 2 }]);
  });

  test('simultaneous transactions run one after the other, and a statement outside waits for them', async () => {
    await db.exec('CREATE TABLE counter (n int NOT NULL); INSERT INTO counter VALUES (0)');
    const bump = () =>
      db.transaction(async (tx) => {
        const [{ n }] = (await tx.query<{ n: number }>('SELECT n FROM counter')) as [{ n: number }];
        await new Promise((r) => setTimeout(r, 1));
        await tx.query('UPDATE counter SET n = $1', [n + 1]);
      });
    await Promise.all([...Array.from({ length: 20 }, bump), db.query('SELECT n FROM counter')]);
    assert.deepEqual(await db.query('SELECT n FROM counter'), [{ n: 20 }]);
  });

  test('NOTIFY reaches a listener at commit, never from a rolled-back transaction', async () => {
    const got: string[] = [];
    const stop = await db.listen('kzm_test', (p) => got.push(p));
    await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_notify('kzm_test', 'kept')`);
    });
    await db
      .transaction(async (tx) => {
        await tx.query(`SELECT pg_notify('kzm_test', 'dropped')`);
        throw new Error('rollback');
      })
      .catch(() => {});
    await db.query('SELECT 1');
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(got, ['kept']);
    await stop();
    await db.query(`SELECT pg_notify('kzm_test', 'after stop')`);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(got, ['kept']);
  });

  test('the event loop stays free while a statement runs (in-process it does not)', async () => {
    const sql = 'SELECT count(*) AS n FROM generate_series(1, 3000000)';
    const ticksDuring = async (d: Db) => {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      await d.query(sql);
      clearInterval(timer);
      return ticks;
    };
    await db.query(sql);
    const [thread, inProcess] = [await ticksDuring(db), await ticksDuring(local)];
    assert.equal(inProcess, 0);
    assert.ok(thread > inProcess, `${thread} timer ticks while the thread ran the statement`);
  });

  test('after close() a query is refused', async () => {
    const other = await openPgliteThread();
    await other.close();
    await assert.rejects(other.query('SELECT 1'), /closed/);
  });
});
