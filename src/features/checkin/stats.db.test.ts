import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Queryable } from '../../core/db/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { insertAccount } from '../accounts/service.ts';
import { makeActivity, makeRegistration, type TestActivity } from '../activities/testing.ts';
import { display, type OutCell, type Table } from '../../core/suppress.ts';
import { attendanceNumbers, attendanceNumbersByArea } from './stats.ts';
import { rawAttendanceCounts } from './stats-repo.ts';

/**
 * Attendance numbers on a known data set (issue #5, point 6). March 2030 in Pančevo:
 * workshop A (education; two sessions), training B (employment; one session), workshop P in
 * February (before the period), draft D in March (never counted).
 *
 * - g1…g8 (born 2012, 18 in 2030): confirmed for A, all at A's first session, g1…g6 at its second;
 *   g1 also at B, registered there with the same e-mail in capitals (one participant);
 * - h1…h6 (born 2008, 22): at B; h1 was also at P in February (returning, not a first-timer);
 * - p1: in the register (consent in force; female, urban, student, born 2005), registered for
 *   B by person_id with no birth year of its own; u1: an account whose register row (male,
 *   rural, employed) is linked by user_id only; w1: a register row whose consent was
 *   withdrawn (profile unknown), birth year 1990 on the registration (40: "other");
 * - A also has a confirmed no-show, two waitlisted, one cancelled and one guest who never
 *   confirmed; D has one confirmed person who attended.
 */

let t: TestApp;
let officeId: string;
let A: TestActivity;
let B: TestActivity;

const at = (iso: string) => new Date(iso);

async function attend(q: Queryable, a: TestActivity, sessionIndex: number, registrationId: string) {
  await q.query(`INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method) VALUES ($1, $2, $3, $4, 'list')`, [
    a.officeId,
    registrationId,
    a.sessionIds[sessionIndex],
    new Date(),
  ]);
}

async function person(
  q: Queryable,
  p: { name: string; birthYear: number; gender: string; kind: string; status: string; userId?: string; consent: 'in_force' | 'withdrawn' },
) {
  const [row] = await q.query<{ id: string }>(
    `INSERT INTO people (office_id, user_id, full_name, birth_year, gender, settlement_kind, status, source)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'offline') RETURNING id`,
    [officeId, p.userId ?? null, p.name, p.birthYear, p.gender, p.kind, p.status],
  );
  await q.query(
    `INSERT INTO person_consents (office_id, person_id, purpose, notice_version, given_by, evidence, withdrawn_at)
     VALUES ($1, $2, 'register', '2026-12-01', 'self', 'paper', $3)`,
    [officeId, row!.id, p.consent === 'withdrawn' ? new Date() : null],
  );
  return row!.id;
}

before(async () => {
  t = await createTestApp();
  const db = t.db;
  [{ id: officeId }] = (await db.query<{ id: string }>("SELECT id FROM offices WHERE slug = 'pancevo'")) as [{ id: string }];
  A = await makeActivity(db, 'pancevo', {
    kind: 'workshop',
    areas: ['education'],
    capacity: 30,
    sessions: [
      [at('2030-03-05T09:00:00Z'), at('2030-03-05T11:00:00Z')],
      [at('2030-03-12T09:00:00Z'), at('2030-03-12T11:00:00Z')],
    ],
  });
  B = await makeActivity(db, 'pancevo', {
    kind: 'training',
    areas: ['employment'],
    capacity: 30,
    sessions: [[at('2030-03-20T09:00:00Z'), at('2030-03-20T15:00:00Z')]],
  });
  const P = await makeActivity(db, 'pancevo', { kind: 'workshop', sessions: [[at('2030-02-10T09:00:00Z'), at('2030-02-10T11:00:00Z')]] });
  const D = await makeActivity(db, 'pancevo', { status: 'draft', sessions: [[at('2030-03-15T09:00:00Z'), at('2030-03-15T11:00:00Z')]] });

  for (let i = 1; i <= 8; i++) {
    const r = await makeRegistration(db, A, { fullName: `G ${i}`, email: `g${i}@primer.test`, birthYear: 2012 });
    await attend(db, A, 0, r.id);
    if (i <= 6) await attend(db, A, 1, r.id);
  }
  const g1b = await makeRegistration(db, B, { fullName: 'G 1', email: 'G1@Primer.test', birthYear: 2012 });
  await attend(db, B, 0, g1b.id);
  for (let i = 1; i <= 6; i++) {
    const r = await makeRegistration(db, B, { fullName: `H ${i}`, email: `h${i}@primer.test`, birthYear: 2008 });
    await attend(db, B, 0, r.id);
    if (i === 1) {
      const early = await makeRegistration(db, P, { fullName: 'H 1', email: 'h1@primer.test', birthYear: 2008 });
      await attend(db, P, 0, early.id);
    }
  }
  const p1 = await person(db, { name: 'P 1', birthYear: 2005, gender: 'female', kind: 'urban', status: 'student', consent: 'in_force' });
  const rp = await makeRegistration(db, B, { personId: p1, fullName: 'P 1', email: '', birthYear: null, source: 'walk_in' });
  await attend(db, B, 0, rp.id);
  const u1 = await insertAccount(db, {
    email: 'u1@primer.test',
    passwordHash: 'x',
    displayName: 'U 1',
    birthDate: '2005-06-01',
    locale: 'lat',
    confirmed: true,
    nationalAdmin: false,
  });
  await person(db, { name: 'U 1', birthYear: 2005, gender: 'male', kind: 'rural', status: 'employed', userId: u1, consent: 'in_force' });
  const ru = await makeRegistration(db, B, { userId: u1, fullName: 'U 1', email: 'u1@primer.test', birthYear: 2005 });
  await attend(db, B, 0, ru.id);
  const w1 = await person(db, { name: 'W 1', birthYear: 1990, gender: 'female', kind: 'urban', status: 'employed', consent: 'withdrawn' });
  const rw = await makeRegistration(db, B, { personId: w1, fullName: 'W 1', email: 'w1@primer.test', birthYear: 1990 });
  await attend(db, B, 0, rw.id);

  await makeRegistration(db, A, { fullName: 'No Show' });
  await makeRegistration(db, A, { status: 'waitlisted' });
  await makeRegistration(db, A, { status: 'waitlisted' });
  await makeRegistration(db, A, { status: 'cancelled' });
  await makeRegistration(db, A, { status: 'unconfirmed' });
  const d = await makeRegistration(db, D, { fullName: 'D 1' });
  await attend(db, D, 0, d.id);
});
after(() => t.close());

const MARCH = { from: '2030-03-01', to: '2030-03-31' };
const raw = async (scope: Parameters<typeof rawAttendanceCounts>[1]) =>
  Object.fromEntries((await rawAttendanceCounts(t.db, scope)).map((r) => [`${r.dimension}:${r.code ?? ''}`, r.n]));
const shown = (table: Table) => Object.fromEntries(table.cells.map((c) => [c.key, display(c, table.threshold)]));
const fig = (c: OutCell) => display(c);

describe('attendance numbers of a period', () => {
  test('raw counts: registrations, person-sessions, participants counted once across activities and scripts of e-mail', async () => {
    const r = await raw({ officeId, ...MARCH });
    assert.equal(r['activities:'], 2, 'the draft and February are out');
    assert.equal(r['sessions:'], 3);
    assert.deepEqual(
      [r['reg_status:confirmed'], r['reg_status:waitlisted'], r['reg_status:cancelled'], r['reg_status:pending']],
      [19, 2, 1, undefined],
    );
    assert.equal(r['attendance:'], 24);
    assert.deepEqual([r['first_time:first'], r['first_time:returning']], [16, 1], '17 participants; h1 came in February');
    assert.deepEqual([r['age:15-19'], r['age:20-24'], r['age:25-30'], r['age:other']], [8, 6, 2, 1]);
    assert.deepEqual([r['gender:female'], r['gender:male'], r['gender:']], [1, 1, 15], 'w1 withdrew consent: unknown');
    assert.deepEqual([r['settlement_kind:urban'], r['settlement_kind:rural']], [1, 1]);
    assert.deepEqual([r['status:student'], r['status:employed']], [1, 1]);
    assert.equal(r[`activity:${A.id}`], 8);
    assert.equal(r[`activity:${B.id}`], 10);
  });

  test('suppressed: cells under 5 as "<5", a cell that would give them away as "×", the shared total kept', async () => {
    const n = await attendanceNumbers(t.db, { officeId, ...MARCH });
    assert.equal(n.activities, 2);
    assert.equal(n.sessions, 3);
    assert.deepEqual(shown(n.registrations), { confirmed: '19', waitlisted: '<5', pending: '0', cancelled: '<5' });
    assert.equal(fig(n.registrations.total!), '22');
    assert.equal(fig(n.attendance), '24');
    assert.equal(fig(n.participants), '17');
    assert.deepEqual(shown(n.profile.first_time), { first: '×', returning: '<5' }, '16 would give the 1 away');
    assert.equal(fig(n.firstTimers), '×');
    assert.deepEqual(shown(n.profile.age), { '15-19': '8', '20-24': '6', '25-30': '<5', other: '<5', unknown: '0' });
    assert.deepEqual(shown(n.profile.gender), { female: '<5', male: '<5', other: '0', undisclosed: '0', unknown: '×' });
    assert.deepEqual(shown(n.profile.settlement_kind), { urban: '<5', rural: '<5', unknown: '×' });
    assert.equal(shown(n.profile.status).unknown, '×');
    for (const table of Object.values(n.profile)) assert.equal(fig(table.total!), '17', 'one shared total');
    assert.deepEqual(
      n.byActivity.map((a) => [a.id, fig(a.cell)]),
      [
        [A.id, '8'],
        [B.id, '10'],
      ],
    );
  });

  test('filters: area, kind, and a period that includes February (h1 becomes a first-timer)', async () => {
    const employment = await attendanceNumbers(t.db, { officeId, ...MARCH, area: 'employment' });
    assert.equal(employment.activities, 1);
    assert.equal(fig(employment.participants), '10');
    const workshops = await attendanceNumbers(t.db, { officeId, ...MARCH, kind: 'workshop' });
    assert.equal(fig(workshops.participants), '8');
    assert.equal(fig(workshops.attendance), '14');
    const r = await raw({ officeId, from: '2030-02-01', to: '2030-03-31' });
    assert.equal(r['activities:'], 3);
    assert.deepEqual([r['first_time:first'], r['first_time:returning']], [17, undefined]);
    const nothing = await attendanceNumbers(t.db, { officeId, from: '2031-01-01', to: '2031-12-31' });
    assert.equal(nothing.activities, 0);
    assert.equal(fig(nothing.participants), '0');
  });

  test('several areas at once (one query): each area what its own scope gives, every area the whole period', async () => {
    const areas = ['employment', 'education', 'health', null];
    const together = await attendanceNumbersByArea(t.db, { officeId, ...MARCH }, areas);
    for (const area of areas)
      assert.deepEqual(together.get(area), await attendanceNumbers(t.db, { officeId, ...MARCH, area }), String(area));
    assert.equal(fig(together.get('employment')!.participants), '10');
    assert.equal(fig(together.get(null)!.participants), '17');
  });

  test('another office sees none of it', async () => {
    const [cacak] = await t.db.query<{ id: string }>("SELECT id FROM offices WHERE slug = 'cacak'");
    const n = await attendanceNumbers(t.db, { officeId: cacak!.id, ...MARCH });
    assert.equal(n.activities, 0);
    assert.equal(fig(n.registrations.total!), '0');
  });
});

describe('attendance numbers of one activity', () => {
  test('by session (a partition of the attendance), first-timers since its first session', async () => {
    const n = await attendanceNumbers(t.db, { officeId, activityId: A.id });
    assert.deepEqual(
      n.bySession.map((s) => [s.position, fig(s.cell)]),
      [
        [1, '8'],
        [2, '6'],
      ],
    );
    assert.equal(fig(n.attendance), '14');
    assert.equal(fig(n.participants), '8');
    assert.equal(fig(n.firstTimers), '8');
    assert.deepEqual(shown(n.registrations), { confirmed: '9', waitlisted: '<5', pending: '0', cancelled: '<5' });
    const b = await attendanceNumbers(t.db, { officeId, activityId: B.id });
    assert.deepEqual(shown(b.profile.first_time), { first: '×', returning: '<5' }, 'g1 (at A before) and h1 (at P) returned');
  });
});

describe('pages and API', () => {
  test('the activity and period pages show the suppressed figures; staff only', async () => {
    const coord = await t.clientAs('pancevo@primer.test');
    const page = await coord.get(`/lat/admin/kancelarije/pancevo/aktivnosti/${A.id}/statistika`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /data-figure="participants">8</);
    assert.match(html, /data-figure="attendance">14</);
    const period = await coord.get('/lat/admin/kancelarije/pancevo/aktivnosti/statistika?od=2030-03-01&do=2030-03-31');
    assert.equal(period.status, 200);
    const p = await period.text();
    assert.match(p, /data-figure="participants">17</);
    assert.match(p, /data-figure="firstTimers">×</);
    assert.match(p, /&lt;5/);
    const junk = await coord.get('/lat/admin/kancelarije/pancevo/aktivnosti/statistika?od=x&do=2030-99-99&oblast=nope&vrsta=%00');
    assert.ok(junk.status < 500);
    const cacak = await t.clientAs('cacak@primer.test');
    assert.equal((await cacak.get(`/lat/admin/kancelarije/pancevo/aktivnosti/${A.id}/statistika`)).status, 403);
  });

  test('GET /api/v1/offices/{office}/attendance: the same numbers, cells with status and display; 401/403/400', async () => {
    const coord = await t.clientAs('pancevo@primer.test');
    const res = await coord.get('/api/v1/offices/pancevo/attendance?from=2030-03-01&to=2030-03-31');
    assert.equal(res.status, 200);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document read field by field
    const body = (await res.json()) as Record<string, any>;
    assert.equal(body.activities, 2);
    assert.deepEqual(body.participants, { key: 'total', status: 'shown', value: 17, display: '17' });
    assert.deepEqual(body.firstTimers, { key: 'first', status: 'hidden', value: null, display: '×' });
    assert.equal(body.registrations.total.value, 22);
    assert.deepEqual(body.profile.age.cells[2], { key: '25-30', status: 'small', value: null, display: '<5' });
    assert.equal(body.byActivity.length, 2);
    const one = (await (await coord.get(`/api/v1/offices/pancevo/attendance?activity=${A.id}&from=2030-01-01&to=2030-12-31`)).json()) as {
      attendance: { value: number };
    };
    assert.equal(one.attendance.value, 14);

    assert.equal((await t.client().get('/api/v1/offices/pancevo/attendance')).status, 401);
    assert.equal((await (await t.clientAs('cacak@primer.test')).get('/api/v1/offices/pancevo/attendance')).status, 403);
    assert.equal((await (await t.clientAs('udruzenje@primer.test')).get('/api/v1/offices/pancevo/attendance')).status, 403);
    assert.equal((await coord.get('/api/v1/offices/pancevo/attendance?from=2030-13-01')).status, 400);
    assert.equal((await coord.get('/api/v1/offices/pancevo/attendance?area=nope')).status, 400);
    const doc = (await (await t.client().get('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    assert.ok(doc.paths['/offices/{office}/attendance'], 'in the OpenAPI document');
  });
});
