import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../../core/auth/actor.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { CHECKS } from '../../../test/consistency.ts';
import { makeActivity, makeRegistration, type TestActivity } from '../activities/testing.ts';
import { listForActivity } from './repo.ts';
import { RegistrationRefused, prepareSignUp, takeSeat, type RegisterInput } from './seats.ts';
import { cancelMine, signUpAccount, staffDecide } from './service.ts';

/**
 * The sign-up's seat statement (issue #12): what it was prepared against is checked again
 * under the lock, and the waitlist position it tells a new arrival — computed from the
 * trigger-kept queue length, not by counting the queue — stays exact after cancellations,
 * promotions and an approval that puts someone back in their original place.
 */
let t: TestApp;
let office: OfficeRef;
let n = 0;
before(async () => {
  t = await createTestApp();
  const [o] = await t.db.query<OfficeRef>(`SELECT id, slug, name FROM offices WHERE slug = 'pancevo'`);
  office = o!;
});
after(() => t.close());

const actorFor = (userId: string): Actor => ({
  userId,
  sessionId: '',
  email: '',
  displayName: '',
  locale: 'lat',
  isNationalAdmin: false,
  memberships: [],
});

async function newUser(): Promise<string> {
  const [u] = await t.db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, display_name, birth_date) VALUES ($1, 'x', $2, '2004-04-04') RETURNING id`,
    [`sediste${++n}@primer.test`, `Sedište ${n}`],
  );
  return u!.id;
}

async function signUp(a: TestActivity, userId: string) {
  const r = await signUpAccount(t.deps, actorFor(userId), office, a.id, {}, 'lat');
  assert.ok(r.ok, 'signed up');
  return r.value;
}

async function queue(a: TestActivity): Promise<{ positions: Array<number | null>; count: number }> {
  const rows = await listForActivity(t.db, office.id, a.id);
  const [c] = await t.db.query<{ n: number }>('SELECT waitlisted_count AS n FROM activities WHERE office_id = $1 AND id = $2', [
    office.id,
    a.id,
  ]);
  return { positions: rows.filter((r) => r.status === 'waitlisted').map((r) => r.position), count: c!.n };
}

const guestInput = (a: TestActivity, email: string): RegisterInput => ({
  officeId: office.id,
  activityId: a.id,
  source: 'guest',
  userId: null,
  fullName: 'Gost Pripremljen',
  email,
  birthYear: 2004,
  script: 'lat',
  actorId: null,
});

test('a new arrival is told its exact place after cancellations in the queue, promotions and an approval back into it', async () => {
  const a = await makeActivity(t.db, 'pancevo', { capacity: 2 });
  const users = await Promise.all(Array.from({ length: 6 }, () => newUser()));
  const results = [];
  for (const u of users) results.push(await signUp(a, u));
  assert.deepEqual(
    results.map((r) => r.position ?? r.status),
    ['confirmed', 'confirmed', 1, 2, 3, 4],
  );

  // The second and third waiting cancel: the queue closes up, and the next arrival is third.
  await cancelMine(t.deps, actorFor(users[3]!), results[3]!.id);
  await cancelMine(t.deps, actorFor(users[4]!), results[4]!.id);
  assert.deepEqual(await queue(a), { positions: [1, 2], count: 2 });
  assert.equal((await signUp(a, await newUser())).position, 3);

  // A confirmed person cancels: the first waiting is promoted, the next arrival is third again.
  await cancelMine(t.deps, actorFor(users[0]!), results[0]!.id);
  assert.deepEqual(await queue(a), { positions: [1, 2], count: 2 });
  assert.equal((await signUp(a, await newUser())).position, 3);

  // A pending registration from before everyone else, approved while the activity is full,
  // goes back to its original place — the front of the queue — and moves everyone back one.
  const [first] = await t.db.query<{ queued_at: Date }>('SELECT min(queued_at) AS queued_at FROM registrations WHERE activity_id = $1', [
    a.id,
  ]);
  const pending = await makeRegistration(t.db, a, { status: 'pending' });
  await t.db.query(`UPDATE registrations SET queued_at = $2::timestamptz - interval '1 second' WHERE id = $1`, [
    pending.id,
    first!.queued_at,
  ]);
  const [staff] = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email = 'pancevo@primer.test'`);
  const decided = await staffDecide(t.deps, actorFor(staff!.id), office, a.id, pending.id, true);
  assert.deepEqual(decided, { ok: true, value: 'waitlisted' });
  assert.deepEqual(await queue(a), { positions: [1, 2, 3, 4], count: 4 });
  const [told] = await t.db.query<{ body_text: string }>(
    `SELECT o.body_text FROM outbox o JOIN registrations r ON o.recipient = r.email WHERE r.id = $1 ORDER BY o.id DESC LIMIT 1`,
    [pending.id],
  );
  assert.match(told!.body_text, /pod brojem 1\./, 'the approved person is told they are first');
  assert.equal((await signUp(a, await newUser())).position, 5);
  for (const check of CHECKS.filter((c) => /_count is the number/.test(c.name)))
    assert.deepEqual(await check.violations(t.db), [], check.name);
});

test('a sign-up prepared before the activity changed is decided on the activity as it is under the lock', async () => {
  // Registration closes between preparing and deciding: refused, nothing written.
  const a = await makeActivity(t.db, 'pancevo', { capacity: 5 });
  const closing = await prepareSignUp(t.db, t.deps, guestInput(a, 'pripremljen1@primer.test'));
  await t.db.query(`UPDATE activities SET registration_closes = now() - interval '1 minute' WHERE id = $1`, [a.id]);
  await assert.rejects(
    t.db.transaction((tx) => takeSeat(tx, t.deps, closing)),
    (err: unknown) => err instanceof RegistrationRefused && err.key === 'reg.err.closed',
  );
  const [none] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations WHERE activity_id = $1', [a.id]);
  assert.equal(none!.n, 0);

  // The title changes in between: the sign-up goes through and its mail names the new title.
  const b = await makeActivity(t.db, 'pancevo', { capacity: 5, title: 'Stari naslov radionice' });
  const renamed = await prepareSignUp(t.db, t.deps, guestInput(b, 'pripremljen2@primer.test'));
  await t.db.query(`UPDATE activities SET title = 'Novi naslov radionice' WHERE id = $1`, [b.id]);
  const r = await t.db.transaction((tx) => takeSeat(tx, t.deps, renamed));
  assert.equal(r.status, 'unconfirmed');
  const mails = await t.db.query<{ subject: string; body_text: string }>('SELECT subject, body_text FROM outbox WHERE recipient = $1', [
    'pripremljen2@primer.test',
  ]);
  assert.equal(mails.length, 1);
  assert.match(mails[0]!.body_text, /Novi naslov radionice/);
  assert.doesNotMatch(mails[0]!.body_text, /Stari naslov/);
});

test("an account's sign-up takes name, address, birth year and register row from the account, read with the activity", async () => {
  const userId = await newUser();
  const [p] = await t.db.query<{ id: string }>(
    `INSERT INTO people (office_id, user_id, full_name, birth_year, gender, settlement_kind, status, source)
     VALUES ($1, $2, 'Sedište Upisan', 2004, 'female', 'urban', 'student', 'offline') RETURNING id`,
    [office.id, userId],
  );
  const a = await makeActivity(t.db, 'pancevo', { capacity: 5 });
  const r = await signUp(a, userId);
  const [row] = await t.db.query<{ person_id: string | null; full_name: string; email: string; birth_year: number; user_id: string }>(
    'SELECT person_id, full_name, email, birth_year, user_id FROM registrations WHERE id = $1',
    [r.id],
  );
  assert.deepEqual(row, {
    person_id: p!.id,
    full_name: `Sedište ${n}`,
    email: `sediste${n}@primer.test`,
    birth_year: 2004,
    user_id: userId,
  });
  const [mail] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE recipient = $1', [`sediste${n}@primer.test`]);
  assert.equal(mail!.n, 1, 'the mail goes to the account');

  // Without a register row: none; the age rule reads the account's birth year (2004).
  const other = await newUser();
  const b = await makeActivity(t.db, 'pancevo', { capacity: 5 });
  const [free] = await t.db.query<{ person_id: string | null }>('SELECT person_id FROM registrations WHERE id = $1', [
    (await signUp(b, other)).id,
  ]);
  assert.equal(free!.person_id, null);
  const young = await makeActivity(t.db, 'pancevo', { capacity: 5, ageMin: 15, ageMax: 18 });
  const refused = await signUpAccount(t.deps, actorFor(await newUser()), office, young.id, {}, 'lat');
  assert.deepEqual(refused.ok ? 'signed up' : refused.error, 'reg.err.age');
  // An account that no longer exists signs nobody up.
  const gone = await signUpAccount(t.deps, actorFor('00000000-0000-4000-8000-000000000000'), office, b.id, {}, 'lat');
  assert.deepEqual(gone.ok ? 'signed up' : gone.error, 'reg.err.notFound');
});

test('a new arrival is last in line even when the clock has not moved past the one before (PGlite counts whole milliseconds)', async () => {
  // Two sign-ups within one millisecond read the same clock on PGlite; here the one before is
  // stamped an hour ahead, as a tie (or a clock stepped back) would leave it, so the case is certain.
  const a = await makeActivity(t.db, 'pancevo', { capacity: 1 });
  await signUp(a, await newUser());
  const first = await signUp(a, await newUser());
  assert.equal(first.position, 1);
  await t.db.query(`UPDATE registrations SET queued_at = clock_timestamp() + interval '1 hour' WHERE office_id = $1 AND id = $2`, [
    office.id,
    first.id,
  ]);
  const second = await signUp(a, await newUser());
  assert.equal(second.position, 2, 'told the place after the one before, not the same place');
  const waiting = (await listForActivity(t.db, office.id, a.id)).filter((r) => r.status === 'waitlisted');
  assert.deepEqual(
    waiting.map((r) => [r.id, r.position]),
    [
      [first.id, 1],
      [second.id, 2],
    ],
    'the queue is in the order of arrival',
  );
});
