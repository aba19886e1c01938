import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../../core/auth/actor.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { makeActivity } from '../activities/testing.ts';
import { listForActivity } from './repo.ts';
import { signUpAccount, cancelMine } from './service.ts';

/**
 * THE concurrency proof of issue #5, point 4: 500 people press "sign up" at the same moment for
 * 50 places. The database decides (the activity row's lock): exactly 50 confirmed, 450 on the
 * waitlist with positions 1…450, confirmed_count 50, one mail each. Then 10 confirmed cancel at
 * once: the first 10 waiting move up, in order. Runs on PGlite and, with TEST_DATABASE_URL, on
 * PostgreSQL (real parallel connections).
 */
let t: TestApp;
let office: OfficeRef;
before(async () => {
  t = await createTestApp();
  const [o] = await t.db.query<OfficeRef>(`SELECT id, slug, name FROM offices WHERE slug = 'pancevo'`);
  office = o!;
});
after(() => t.close());

const N = 500;
const SEATS = 50;

function actorFor(userId: string): Actor {
  return { userId, sessionId: '', email: '', displayName: '', locale: 'lat', isNationalAdmin: false, memberships: [] };
}

test(`${N} simultaneous sign-ups for ${SEATS} places: exactly ${SEATS} confirmed, ${N - SEATS} waitlisted in order`, async () => {
  const activity = await makeActivity(t.db, 'pancevo', { capacity: SEATS });
  const users = await t.db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, display_name, birth_date, email_confirmed_at)
     SELECT 'trka' || g || '@primer.test', 'x', 'Trka ' || g, '2005-05-05', now() FROM generate_series(1, ${N}) g
     RETURNING id`,
  );
  assert.equal(users.length, N);
  const outboxBefore = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox'))[0]!.n;

  const results = await Promise.all(users.map((u) => signUpAccount(t.deps, actorFor(u.id), office, activity.id, {}, 'lat')));
  assert.ok(
    results.every((r) => r.ok),
    'every sign-up answered (none refused, none threw)',
  );
  const ok = results.map((r) => (r.ok ? r.value : assert.fail('refused')));
  assert.equal(ok.filter((r) => r.status === 'confirmed').length, SEATS);
  assert.equal(ok.filter((r) => r.status === 'waitlisted').length, N - SEATS);
  // Each waiting person was told a distinct position, 1…450.
  const told = ok
    .filter((r) => r.status === 'waitlisted')
    .map((r) => r.position!)
    .sort((a, b) => a - b);
  assert.deepEqual(
    told,
    Array.from({ length: N - SEATS }, (_, i) => i + 1),
  );

  const [a] = await t.db.query<{ confirmed_count: number }>('SELECT confirmed_count FROM activities WHERE office_id = $1 AND id = $2', [
    office.id,
    activity.id,
  ]);
  assert.equal(a!.confirmed_count, SEATS);
  const byStatus = await t.db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM registrations WHERE office_id = $1 AND activity_id = $2 GROUP BY status ORDER BY status',
    [office.id, activity.id],
  );
  assert.deepEqual(byStatus, [
    { status: 'confirmed', n: SEATS },
    { status: 'waitlisted', n: N - SEATS },
  ]);
  const rows = await listForActivity(t.db, office.id, activity.id);
  const positions = rows.filter((r) => r.status === 'waitlisted').map((r) => r.position);
  assert.deepEqual(
    positions,
    Array.from({ length: N - SEATS }, (_, i) => i + 1),
  );
  const outboxAfter = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox'))[0]!.n;
  assert.equal(outboxAfter - outboxBefore, N, 'one mail per sign-up');

  // Ten confirmed people cancel at the same moment: the first ten waiting get the places, in order.
  const firstWaiting = rows
    .filter((r) => r.status === 'waitlisted')
    .slice(0, 10)
    .map((r) => r.id)
    .sort();
  const confirmed = await t.db.query<{ id: string; user_id: string }>(
    `SELECT id, user_id FROM registrations WHERE office_id = $1 AND activity_id = $2 AND status = 'confirmed' LIMIT 10`,
    [office.id, activity.id],
  );
  const cancels = await Promise.all(confirmed.map((r) => cancelMine(t.deps, actorFor(r.user_id), r.id)));
  assert.ok(cancels.every((r) => r.ok && r.value.was === 'confirmed'));
  const promoted = await t.db.query<{ id: string }>(
    `SELECT r.id FROM registrations r WHERE r.office_id = $1 AND r.activity_id = $2 AND r.status = 'confirmed'
        AND r.id = ANY($3::uuid[]) ORDER BY r.id`,
    [office.id, activity.id, firstWaiting],
  );
  assert.deepEqual(
    promoted.map((r) => r.id),
    firstWaiting,
  );
  const after2 = await listForActivity(t.db, office.id, activity.id);
  assert.equal(after2.filter((r) => r.status === 'confirmed').length, SEATS);
  assert.deepEqual(
    after2.filter((r) => r.status === 'waitlisted').map((r) => r.position),
    Array.from({ length: N - SEATS - 10 }, (_, i) => i + 1),
  );
  const [a2] = await t.db.query<{ confirmed_count: number }>('SELECT confirmed_count FROM activities WHERE office_id = $1 AND id = $2', [
    office.id,
    activity.id,
  ]);
  assert.equal(a2!.confirmed_count, SEATS);
});

test('the same person pressing sign-up five times at once gets one registration and a clear message for the rest', async () => {
  const activity = await makeActivity(t.db, 'pancevo', { capacity: 3 });
  const [u] = await t.db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, display_name, birth_date) VALUES ('dupli@primer.test', 'x', 'Dupli', '2004-01-01') RETURNING id`,
  );
  const results = await Promise.all(
    Array.from({ length: 5 }, () => signUpAccount(t.deps, actorFor(u!.id), office, activity.id, {}, 'lat')),
  );
  assert.equal(results.filter((r) => r.ok).length, 1);
  assert.ok(results.filter((r) => !r.ok).every((r) => !r.ok && r.error === 'reg.err.duplicate'));
  const [n] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations WHERE office_id = $1 AND activity_id = $2', [
    office.id,
    activity.id,
  ]);
  assert.equal(n!.n, 1);
});
