import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, lastMailTo, linkIn, type TestApp } from '../../../test/app.ts';
import { checkConsistency } from '../../../test/consistency.ts';
import { addMember } from '../admin/repo.ts';
import { findFullOffice } from './repo.ts';
import { RETENTION_LOCK, runRetention } from './retention.ts';
import { createParentRequest } from './service.ts';
import { ensureJoined, makeAccount } from './fixtures.ts';

/**
 * Issue #4, retention, driven by the app's clock (deps.now), never by sleeping: an inactive
 * account is warned, then anonymised after the grace period unless it logs in; unconfirmed
 * parent requests and stale import previews go; so does old sent mail. One runner at a time.
 */
let t: TestApp;
let pancevo: string;
const PASSWORD = 'lozinka-za-zadrzavanje';
let hash: string;
const start = Date.now();
const DAY = 24 * 3600 * 1000;
/** The moment `months` months and `days` days after the test started (by the calendar, as the job counts). */
const at = (months: number, days = 0) => {
  const d = new Date(start);
  d.setUTCMonth(d.getUTCMonth() + months);
  return new Date(d.getTime() + days * DAY);
};
const run = (when: Date) => {
  t.deps.now = () => when;
  return runRetention(t.deps);
};

before(async () => {
  t = await createTestApp({ env: { RETENTION_MONTHS: '24', RETENTION_GRACE_DAYS: '30' } });
  pancevo = (await t.db.query<{ id: string }>("SELECT id FROM offices WHERE slug = 'pancevo'"))[0]!.id;
  hash = await t.deps.passwords.hash(PASSWORD);
});
after(() => t.close());

const user = async (email: string) =>
  (
    await t.db.query<{ id: string; last_active_at: Date; retention_warned_at: Date | null }>(
      'SELECT id, last_active_at, retention_warned_at FROM users WHERE email = $1',
      [email],
    )
  )[0];
const mailsTo = async (email: string, subject: RegExp) =>
  (await t.db.query<{ subject: string }>('SELECT subject FROM outbox WHERE recipient = $1 ORDER BY id', [email])).filter((m) =>
    subject.test(m.subject),
  ).length;

describe('inactive accounts', () => {
  test('warned after RETENTION_MONTHS once; logging in cancels; warned again later and, after the grace period, erased like an own erasure', async () => {
    const email = 'zaboravna@primer.test';
    const userId = await makeAccount(t.db, hash, { email, name: 'Zaboravna Osoba' });
    const personId = await ensureJoined(t.deps, 'pancevo', userId);

    // Just short of 24 months: nothing.
    await run(at(24, -1));
    assert.equal((await user(email))!.retention_warned_at, null);

    const first = await run(at(24, 1));
    assert.ok(first.ran);
    assert.ok(first.warned >= 1);
    assert.deepEqual((await user(email))!.retention_warned_at, at(24, 1));
    const warning = await lastMailTo(t.db, email);
    assert.match(warning!.subject, /biće obrisan ako se ne prijavite/);
    assert.match(warning!.body_text, /više od 24 meseca/);
    assert.match(warning!.body_text, /narednih 30 dana/);
    assert.equal(linkIn(warning!.body_text), '/lat/nalog/prijava');
    await run(at(24, 2));
    assert.equal(await mailsTo(email, /biće obrisan/), 1, 'warned once');

    // Logging in (by the app's clock) clears the warning; the grace period passes without erasure.
    t.deps.now = () => at(24, 10);
    const login = await t.client().post('/lat/nalog/prijava', { email, password: PASSWORD });
    assert.equal(login.status, 303);
    assert.deepEqual(await user(email), { id: userId, last_active_at: at(24, 10), retention_warned_at: null });
    const later = await run(at(24, 45));
    assert.ok(later.erased > 0, 'the demo accounts, warned with it and never back, are erased');
    assert.ok(await user(email), 'this one logged in: still there');

    // Two years after that log-in: warned again; a day short of the grace period: kept; then erased.
    await run(at(48, 11));
    assert.deepEqual((await user(email))!.retention_warned_at, at(48, 11));
    await run(at(48, 11 + 29));
    assert.ok(await user(email));
    const last = await run(at(48, 11 + 31));
    assert.ok(last.erased >= 1);
    assert.equal(await user(email), undefined, 'the account is deleted');
    const row = (
      await t.db.query<Record<string, unknown>>(
        'SELECT full_name, email, user_id, anonymised_at FROM people WHERE office_id = $1 AND id = $2',
        [pancevo, personId],
      )
    )[0]!;
    assert.deepEqual([row.full_name, row.email, row.user_id], ['', '', null]);
    assert.deepEqual(row.anonymised_at, at(48, 42));
    assert.match((await lastMailTo(t.db, email))!.subject, /obrisan zbog neaktivnosti/);
    const log = await t.db.query<{ action: string; reason: string; actor_id: string | null }>(
      "SELECT action, reason, actor_id FROM personal_data_access WHERE office_id = $1 AND person_id = $2 AND action = 'anonymise'",
      [pancevo, personId],
    );
    assert.deepEqual(log, [{ action: 'anonymise', reason: 'retention', actor_id: null }]);
  });

  test('using a session (after an hour’s pause) counts as activity and cancels a warning', async () => {
    const email = 'sesija@primer.test';
    await makeAccount(t.db, hash, { email });
    await run(at(24, 3));
    assert.ok((await user(email))!.retention_warned_at);
    const client = await t.clientAs(email);
    t.deps.now = () => at(24, 5);
    assert.equal((await client.get('/lat/nalog')).status, 200);
    assert.deepEqual(await user(email).then((u) => [u!.last_active_at, u!.retention_warned_at]), [at(24, 5), null]);
    // Within the hour the row is not written again.
    t.deps.now = () => new Date(at(24, 5).getTime() + 30 * 60_000);
    await client.get('/lat/nalog');
    assert.deepEqual((await user(email))!.last_active_at, at(24, 5));
  });

  test('the only admin of an office is warned but not erased (the office would have nobody to run it)', async () => {
    const email = 'jedini.admin.zadrzavanje@primer.test';
    const userId = await makeAccount(t.db, hash, { email });
    const ivanjica = (await t.db.query<{ id: string }>("SELECT id FROM offices WHERE slug = 'ivanjica'"))[0]!.id;
    await t.db.query("DELETE FROM office_members WHERE office_id = $1 AND role = 'office_admin'", [ivanjica]);
    await t.db.transaction((tx) => addMember(tx, ivanjica, userId, 'office_admin', null));
    await t.db.query('UPDATE users SET last_active_at = $2 WHERE id = $1', [userId, at(0)]);
    await run(at(24, 50));
    const r = await run(at(24, 90));
    assert.ok(r.kept >= 1);
    assert.ok(await user(email));
  });
});

describe('other data that outlives its purpose', () => {
  test('a parent request unconfirmed after 7 days is deleted with the child’s row; a confirmed one stays', async () => {
    const office = (await findFullOffice(t.db, 'pancevo'))!;
    const make = (name: string) =>
      t.db.transaction((tx) =>
        createParentRequest(
          tx,
          t.deps.config,
          office,
          {
            full_name: name,
            birth_date: '2016-01-01',
            settlement_id: null,
            parent_name: 'Roditelj',
            parent_email: 'roditelj.z@primer.test',
            purposes: ['register', 'photos'],
          },
          'lat',
          new Date(start),
          null,
        ),
      );
    await make('Nepotvrđeno Dete');
    const token = await make('Potvrđeno Dete');
    t.deps.now = () => new Date(start + DAY);
    assert.equal((await t.client().post(`/lat/saglasnost/pancevo/${token}`, { decision: 'agree' })).status, 200);
    const child = (name: string) => t.db.query('SELECT 1 FROM people WHERE office_id = $1 AND full_name = $2', [pancevo, name]);

    await run(new Date(start + 6 * DAY));
    assert.equal((await child('Nepotvrđeno Dete')).length, 1, 'within 7 days it waits');
    const r = await run(new Date(start + 7 * DAY + 60_000));
    assert.ok(r.parentPeople >= 1);
    assert.equal((await child('Nepotvrđeno Dete')).length, 0);
    assert.equal((await child('Potvrđeno Dete')).length, 1);
  });

  test('import previews older than a day are emptied and cancelled; sent mail older than 30 days is deleted', async () => {
    const insert = (filename: string) =>
      t.db.query<{ id: string }>(
        `INSERT INTO imports (office_id, kind, filename, status, rows, row_count, created_at)
         VALUES ($1, 'people', $2, 'preview', '[{"line": 2, "values": {"full_name": "Neko Uvezen"}, "errors": {}}]', 1, $3) RETURNING id`,
        [pancevo, filename, new Date(start)],
      );
    const [{ id }] = (await insert('stari.csv')) as [{ id: string }];
    const state = async () =>
      (
        await t.db.query<{ status: string; rows: unknown[]; finished_at: Date | null }>(
          'SELECT status, rows, finished_at FROM imports WHERE office_id = $1 AND id = $2',
          [pancevo, id],
        )
      )[0]!;
    await run(new Date(start + 23 * 3600_000));
    assert.equal((await state()).status, 'preview');
    await run(new Date(start + 25 * 3600_000));
    assert.deepEqual(await state(), { status: 'cancelled', rows: [], finished_at: new Date(start + 25 * 3600_000) });

    await t.db.query(
      `INSERT INTO outbox (recipient, subject, body_text, message_id, sent_at) VALUES ('a@primer.test', 'Staro', 'x', '<staro@kzm>', $1)`,
      [new Date(start)],
    );
    await t.db.query(
      `INSERT INTO outbox (recipient, subject, body_text, message_id) VALUES ('b@primer.test', 'Neposlato', 'x', '<neposlato@kzm>')`,
    );
    await run(new Date(start + 29 * DAY));
    assert.equal((await t.db.query("SELECT 1 FROM outbox WHERE message_id = '<staro@kzm>'")).length, 1);
    await run(new Date(start + 31 * DAY));
    assert.equal((await t.db.query("SELECT 1 FROM outbox WHERE message_id = '<staro@kzm>'")).length, 0);
    assert.equal((await t.db.query("SELECT 1 FROM outbox WHERE message_id = '<neposlato@kzm>'")).length, 1, 'unsent mail is never deleted');
  });

  test('only one runner at a time: while another holds the lock, a run does nothing', async (ctx) => {
    if (t.db.kind !== 'postgres') {
      ctx.skip('PGlite has one connection: a second transaction waits instead of running beside the first');
      return;
    }
    await t.db.query(
      `INSERT INTO imports (office_id, kind, filename, status, created_at) VALUES ($1, 'people', 'zakljucano.csv', 'preview', $2)`,
      [pancevo, new Date(start)],
    );
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const other = t.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [RETENTION_LOCK]);
      locked();
      await held;
    });
    await isLocked;
    const r = await run(new Date(start + 3 * DAY));
    release();
    await other;
    assert.equal(r.ran, false);
    assert.equal((await t.db.query("SELECT status FROM imports WHERE filename = 'zakljucano.csv'"))[0]!.status, 'preview');
    assert.equal((await run(new Date(start + 3 * DAY))).ran, true);
  });

  test('the database keeps its invariants', async () => {
    t.deps.now = () => new Date();
    await checkConsistency(t.db);
  });
});
