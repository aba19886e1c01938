import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import type { Actor } from '../../core/auth/actor.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import { belgradeInstant, localParts } from '../../core/time.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { makeAccount } from '../me/fixtures.ts';
import { JOBS } from '../../app.ts';
import { runBookingHolds, startBookingHolds } from './holds.ts';
import { bookingHours } from './indicators.ts';
import { requestToken } from './mails.ts';
import { findRequest, requestBookings, type OpeningHours } from './repo.ts';
import {
  addDays,
  GUEST_HOLD_MS,
  approveRequest,
  cancelOwnRequest,
  checkIn,
  confirmGuest,
  declineRequest,
  releaseNoShow,
  requestAsGuest,
  requestBooking,
  saveResource,
  weeklySpans,
  whatIsFree,
  type Booker,
} from './service.ts';

/**
 * Space and equipment booking (issue #14 point 2) on a real database — PGlite, and PostgreSQL
 * with TEST_DATABASE_URL: the rules (hours, past, end before start, overlap), the exclusion
 * constraint itself, 20 requests at once for one room, recurring requests around conflicts, a
 * room and an item together, the guest's link, decisions, check-in and release, the indicator.
 */
let t: TestApp;
let office: OfficeRef;
let staff: Actor;
let young: Booker;
let room: string;
let room2: string;
let projector: string;
let n = 0;

const EVERY_DAY: OpeningHours[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '08:00', closes: '22:00' }));
const DAY = 24 * 3_600_000;

/** A date `days` ahead in Belgrade. */
const ahead = (days: number) => localParts(new Date(Date.now() + days * DAY)).date;

async function resource(name: string, kind: 'room' | 'equipment', hours = EVERY_DAY): Promise<string> {
  const r = await saveResource(
    t.deps,
    staff,
    office,
    null,
    { kind, category: kind === 'room' ? 'hall' : 'projector', name, capacity: 30, accessibility: '', rules: '', active: true },
    hours,
  );
  assert.ok(r.ok);
  return r.value.id;
}

async function booker(): Promise<Booker> {
  const email = `prostor.${++n}@primer.test`;
  const id = await makeAccount(t.db, 'x', { email, name: `Mlada ${n}`, birth: '2004-04-04' });
  return { userId: id, kind: 'informal', groupName: 'Grupa', fullName: `Mlada ${n}`, email, locale: 'lat' };
}

const ask = (
  b: Booker,
  resourceIds: string[],
  date: string,
  from: string,
  to: string,
  extra: Partial<Parameters<typeof requestBooking>[1]> = {},
) => requestBooking(t.deps, { office, resourceIds, spans: weeklySpans(date, from, to), booker: b, purpose: 'Radionica', ...extra });

before(async () => {
  t = await createTestApp();
  const [o] = await t.db.query<OfficeRef>(`SELECT id, slug, name FROM offices WHERE slug = 'pancevo'`);
  office = o!;
  const [c] = await t.db.query<{ user_id: string; email: string }>(
    `SELECT m.user_id, u.email FROM office_members m JOIN users u ON u.id = m.user_id WHERE m.office_id = $1 AND m.role = 'coordinator' LIMIT 1`,
    [office.id],
  );
  staff = { userId: c!.user_id, sessionId: '', email: c!.email, displayName: 'K', locale: 'lat', isNationalAdmin: false, memberships: [] };
  young = await booker();
  room = await resource('Sala A', 'room');
  room2 = await resource('Sala B', 'room');
  projector = await resource('Projektor', 'equipment');
});
after(() => t.close());

test('refused with a message: outside opening hours, in the past, end before start, and an unknown resource', async () => {
  const weekdaysOnly = await resource(
    'Kancelarija',
    'room',
    [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '15:00' })),
  );
  let d = ahead(10);
  while (new Date(`${d}T12:00:00Z`).getUTCDay() !== 6) d = addDays(d, 1); // a Saturday
  const closed = await ask(young, [weekdaysOnly], d, '10:00', '11:00');
  assert.equal(!closed.ok && closed.error, 'bk.err.closed');
  const late = await ask(young, [weekdaysOnly], addDays(d, 2), '14:00', '16:00'); // Monday, past closing
  assert.equal(!late.ok && late.error, 'bk.err.closed');
  const past = await ask(young, [room], ahead(-2), '10:00', '11:00');
  assert.equal(!past.ok && past.error, 'bk.err.past');
  const backwards = await ask(young, [room], ahead(5), '12:00', '11:00');
  assert.equal(!backwards.ok && backwards.error, 'bk.err.endBeforeStart');
  const unknown = await ask(young, ['00000000-0000-4000-8000-000000000000'], ahead(5), '10:00', '11:00');
  assert.equal(!unknown.ok && unknown.error, 'bk.err.noResource');
  assert.equal((await t.db.query('SELECT 1 FROM booking_requests WHERE user_id = $1', [young.userId])).length, 0, 'nothing written');
});

test('an overlapping request is refused; touching ends are not an overlap; the database refuses an overlap written around the app', async () => {
  const d = ahead(12);
  assert.ok((await ask(young, [room], d, '18:00', '20:00')).ok);
  const overlap = await ask(await booker(), [room], d, '19:00', '21:00');
  assert.equal(!overlap.ok && overlap.error, 'bk.err.conflicts');
  assert.ok((await ask(await booker(), [room], d, '20:00', '21:00')).ok, '[18, 20) and [20, 21) do not overlap');
  assert.ok((await ask(await booker(), [room2], d, '18:00', '20:00')).ok, 'another room is free');
  const [req] = await t.db.query<{ id: string }>('SELECT id FROM booking_requests WHERE office_id = $1 LIMIT 1', [office.id]);
  await assert.rejects(
    t.db.query(
      `INSERT INTO bookings (office_id, request_id, resource_id, during, status) VALUES ($1, $2, $3, tstzrange($4, $5, '[)'), 'approved')`,
      [office.id, req!.id, room, belgradeInstant(d, '18:30'), belgradeInstant(d, '19:00')],
    ),
    (err: { code?: string; constraint?: string }) => err.code === '23P01' && err.constraint === 'bookings_no_overlap',
  );
});

test('20 requests at once for overlapping slots of one room: exactly one wins, the others are told', async (ctx) => {
  const d = ahead(15);
  const people = await Promise.all(Array.from({ length: 20 }, () => booker()));
  // Twenty different spans that all cover [11:30, 13:00).
  const from = (i: number) => `${8 + (i % 4)}:${i % 2 ? '30' : '00'}`.padStart(5, '0');
  const results = await Promise.all(people.map((p, i) => ask(p, [room], d, from(i), `${13 + (i % 5)}:00`)));
  const won = results.filter((r) => r.ok);
  assert.equal(won.length, 1, JSON.stringify(results.map((r) => (r.ok ? 'ok' : r.error))));
  for (const r of results) if (!r.ok) assert.ok(r.error === 'bk.err.conflicts' || r.error === 'bk.err.taken', r.error);
  // Which path refused them: the check before the insert (conflicts) or the constraint at the insert (taken, a race).
  ctx.diagnostic(
    `refused by the check: ${results.filter((r) => !r.ok && r.error === 'bk.err.conflicts').length}, by the constraint: ${results.filter((r) => !r.ok && r.error === 'bk.err.taken').length}`,
  );
  const rows = await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM bookings WHERE office_id = $1 AND resource_id = $2 AND status IN ('pending', 'approved', 'unconfirmed')
        AND during && tstzrange($3, $4, '[)')`,
    [office.id, room, belgradeInstant(d, '00:00'), belgradeInstant(addDays(d, 1), '00:00')],
  );
  assert.equal(rows[0]!.n, 1);
  assert.equal(
    (
      await t.db.query(`SELECT 1 FROM booking_requests WHERE office_id = $1 AND user_id = ANY($2::uuid[])`, [
        office.id,
        people.map((p) => p.userId),
      ])
    ).length,
    1,
    'no half-written request of the losers',
  );
});

test('a recurring request lists the conflicts date by date, and books around them in one go', async () => {
  const start = ahead(20);
  assert.ok((await ask(await booker(), [room], addDays(start, 14), '18:00', '19:00')).ok, 'the third Friday is taken');
  const b = await booker();
  const spans = weeklySpans(start, '18:00', '20:00', 10);
  const refused = await requestBooking(t.deps, { office, resourceIds: [room, projector], spans, booker: b, purpose: 'Proba benda' });
  assert.ok(!refused.ok && 'conflicts' in refused);
  assert.equal(refused.conflicts.length, 1);
  assert.equal(localParts(refused.conflicts[0]!.start).date, addDays(start, 14));
  assert.deepEqual(refused.conflicts[0]!.taken, ['Sala A']);
  assert.equal(refused.free, 9);
  const ok = await requestBooking(t.deps, {
    office,
    resourceIds: [room, projector],
    spans,
    booker: b,
    purpose: 'Proba benda',
    skipConflicts: true,
  });
  assert.ok(ok.ok);
  assert.equal(ok.value.booked.length, 9);
  const rows = await requestBookings(t.db, office.id, ok.value.id);
  assert.equal(rows.length, 18, 'nine dates × room and projector: both or neither');
  assert.ok(!rows.some((r) => localParts(r.starts).date === addDays(start, 14)), 'the taken date is left out for both');
});

test('a guest books twice with one address; the link confirms; the coordinator approves and declines with a reason; mails go out', async () => {
  const email = `gost.${++n}@primer.test`;
  const guest: Booker = { userId: null, kind: 'person', groupName: '', fullName: 'Gost Gostić', email, locale: 'lat' };
  const a = await requestAsGuest(
    t.deps,
    { office, resourceIds: [room2], spans: weeklySpans(ahead(25), '10:00', '11:00'), booker: guest, purpose: 'Sastanak' },
    '203.0.113.5',
  );
  const b = await requestAsGuest(
    t.deps,
    { office, resourceIds: [room2], spans: weeklySpans(ahead(26), '10:00', '11:00'), booker: guest, purpose: 'Sastanak 2' },
    '203.0.113.5',
  );
  assert.ok(a.ok && b.ok);
  assert.equal(a.value.status, 'unconfirmed');
  for (const r of [a, b]) {
    const row = await findRequest(t.db, office.id, r.value.id);
    const c = await confirmGuest(t.deps, requestToken(t.deps, row!.code));
    assert.ok(c.ok);
    assert.equal((await findRequest(t.db, office.id, r.value.id))!.status, 'pending');
  }
  assert.ok((await approveRequest(t.deps, staff, office, a.value.id)).ok);
  assert.ok((await declineRequest(t.deps, staff, office, b.value.id, 'Sala je zatvorena zbog radova')).ok);
  const declined = await findRequest(t.db, office.id, b.value.id);
  assert.equal(declined!.decline_reason, 'Sala je zatvorena zbog radova');
  assert.ok((await ask(await booker(), [room2], ahead(26), '10:00', '11:00')).ok, 'a declined request frees its slot');
  const mails = await t.db.query<{ subject: string }>('SELECT subject FROM outbox WHERE recipient = $1 ORDER BY id', [email]);
  assert.equal(mails.length, 6, mails.map((m) => m.subject).join(' | ')); // 2 × (confirm link, received) + approved + declined
  assert.ok(mails.some((m) => /Odobreno/.test(m.subject)));
  assert.ok(mails.some((m) => /nije odobren/.test(m.subject)));
});

test('a guest’s hold never confirmed is expired by the background job declared in app.ts: the room is free again', async () => {
  assert.ok(JOBS.includes(startBookingHolds), 'the job is in the bookings entry of src/app.ts');
  const d = ahead(45);
  const guest: Booker = {
    userId: null,
    kind: 'person',
    groupName: '',
    fullName: 'Gost Zaboravni',
    email: `gost.${++n}@primer.test`,
    locale: 'cir',
  };
  const held = await requestAsGuest(
    t.deps,
    { office, resourceIds: [room], spans: weeklySpans(d, '12:00', '13:00'), booker: guest, purpose: 'Proba' },
    '203.0.113.9',
  );
  assert.ok(held.ok);
  const span = { start: belgradeInstant(d, '12:00'), end: belgradeInstant(d, '13:00') };
  const state = async (deps: typeof t.deps) => (await whatIsFree(deps, office.id, span)).find((x) => x.resource.id === room)?.state;

  // Within the hold: the job leaves it, the room stays taken.
  const soon = { ...t.deps, now: () => new Date(Date.now() + GUEST_HOLD_MS / 2) };
  assert.ok((await runBookingHolds(soon)).ran);
  assert.equal((await findRequest(t.db, office.id, held.value.id))!.status, 'unconfirmed');
  assert.equal(await state(soon), 'taken');

  // Past the hold, before the job: still taken (nothing else frees it) — then the job runs.
  const later = { ...t.deps, now: () => new Date(Date.now() + GUEST_HOLD_MS + 60_000) };
  assert.equal(await state(later), 'taken');
  const run = await runBookingHolds(later);
  assert.ok(run.ran && run.expired >= 1);
  assert.equal((await findRequest(t.db, office.id, held.value.id))!.status, 'expired');
  assert.deepEqual(
    (await requestBookings(t.db, office.id, held.value.id)).map((b) => b.status),
    ['expired'],
  );
  assert.equal(await state(later), 'free');
  const [audit] = await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_events WHERE action = 'bookings.request.expire' AND target = $1`,
    [held.value.id],
  );
  assert.equal(audit!.n, 1);
  // The link no longer confirms; a second run has nothing left to do for this request.
  const row = await findRequest(t.db, office.id, held.value.id);
  assert.equal(((await confirmGuest(later, requestToken(t.deps, row!.code))) as { error?: string }).error, 'bk.err.linkExpired');
  await runBookingHolds(later);
  const [again] = await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_events WHERE action = 'bookings.request.expire' AND target = $1`,
    [held.value.id],
  );
  assert.equal(again!.n, 1);
  // The slot a forgotten guest held is booked by the next one.
  const next = await requestBooking(later, {
    office,
    resourceIds: [room],
    spans: weeklySpans(d, '12:00', '13:00'),
    booker: await booker(),
    purpose: 'Posle gosta',
  });
  assert.ok(next.ok);
});

test('the booker cancels their own request before it begins: the slot is free at once; another account’s answers 404; a started one stays', async () => {
  const d = ahead(50);
  const b = await booker();
  const me = { ...staff, userId: b.userId!, memberships: [] };
  const r = await ask(b, [room, projector], d, '16:00', '18:00');
  assert.ok(r.ok);
  assert.ok((await approveRequest(t.deps, staff, office, r.value.id)).ok);
  const stranger = { ...me, userId: (await booker()).userId! };
  assert.equal(((await cancelOwnRequest(t.deps, stranger, office, r.value.id)) as { error?: string }).error, 'error.404.title');
  const started = { ...t.deps, now: () => belgradeInstant(d, '16:30') };
  assert.equal(((await cancelOwnRequest(started, me, office, r.value.id)) as { error?: string }).error, 'bk.err.started');
  assert.ok((await cancelOwnRequest(t.deps, me, office, r.value.id)).ok);
  assert.equal((await findRequest(t.db, office.id, r.value.id))!.status, 'cancelled');
  assert.deepEqual(
    (await requestBookings(t.db, office.id, r.value.id)).map((x) => x.status),
    ['cancelled', 'cancelled'],
  );
  assert.ok((await ask(await booker(), [room, projector], d, '16:00', '18:00')).ok, 'the slot is free again');
  // Through the form, in the reader's script: the owner's POST redirects; a declined request is refused with a message.
  const web = await t.clientAs(b.email);
  const again = await ask(b, [room2], d, '10:00', '11:00');
  assert.ok(again.ok);
  const mine = await (await web.get('/cir/moj-nalog/prostor')).text();
  assert.match(mine, /Откажи/);
  const res = await web.post(`/cir/kancelarije/pancevo/prostor/zahtevi/${again.value.id}/otkaz`, {});
  assert.equal(res.status, 303);
  assert.equal((await findRequest(t.db, office.id, again.value.id))!.status, 'cancelled');
  const third = await ask(b, [room2], d, '11:00', '12:00');
  assert.ok(third.ok);
  assert.ok((await declineRequest(t.deps, staff, office, third.value.id, 'Sala je zauzeta')).ok);
  const refused = await web.post(`/cir/kancelarije/pancevo/prostor/zahtevi/${third.value.id}/otkaz`, {});
  assert.equal(refused.status, 409);
  assert.match(await refused.text(), /Овај захтев се више не може отказати/);
  const other = await t.clientAs((await booker()).email);
  assert.equal((await other.post(`/lat/kancelarije/pancevo/prostor/zahtevi/${again.value.id}/otkaz`, {})).status, 404);
});

test('check-in, and release of a no-show 15 minutes after the start frees the slot', async () => {
  const d = ahead(30);
  const r = await ask(await booker(), [room2], d, '18:00', '20:00');
  assert.ok(r.ok);
  assert.ok((await approveRequest(t.deps, staff, office, r.value.id)).ok);
  const [bk] = await requestBookings(t.db, office.id, r.value.id);
  const at = (time: string) => ({ ...t.deps, now: () => belgradeInstant(d, time) });
  assert.equal(((await releaseNoShow(at('18:10'), staff, office, bk!.id)) as { error?: string }).error, 'bk.err.tooEarlyToRelease');
  assert.ok((await releaseNoShow(at('18:16'), staff, office, bk!.id)).ok);
  assert.equal(((await checkIn(at('18:20'), staff, office, bk!.id)) as { error?: string }).error, 'bk.err.notApproved');
  const free = await whatIsFree(at('18:20'), office.id, { start: belgradeInstant(d, '18:30'), end: belgradeInstant(d, '20:00') });
  assert.equal(free.find((x) => x.resource.id === room2)!.state, 'free');
  const again = await requestBooking(at('18:20'), {
    office,
    resourceIds: [room2],
    spans: weeklySpans(d, '18:30', '20:00'),
    booker: await booker(),
    purpose: 'Umesto njih',
  });
  assert.ok(again.ok, 'the released slot can be booked again');

  const other = await ask(await booker(), [room], addDays(d, 1), '18:00', '19:00');
  assert.ok(other.ok);
  await approveRequest(t.deps, staff, office, other.value.id);
  const [ob] = await requestBookings(t.db, office.id, other.value.id);
  const on = { ...t.deps, now: () => belgradeInstant(addDays(d, 1), '17:45') };
  assert.ok((await checkIn(on, staff, office, ob!.id)).ok);
  const later = { ...t.deps, now: () => belgradeInstant(addDays(d, 1), '18:30') };
  assert.equal(((await releaseNoShow(later, staff, office, ob!.id)) as { error?: string }).error, 'bk.err.notReleasable');
});

test('what is free: every room and item for one span — free, taken, closed', async () => {
  const d = ahead(40);
  assert.ok((await ask(await booker(), [room], d, '18:00', '20:00')).ok);
  const rows = await whatIsFree(t.deps, office.id, { start: belgradeInstant(d, '18:00'), end: belgradeInstant(d, '20:00') });
  const state = (id: string) => rows.find((x) => x.resource.id === id)?.state;
  assert.equal(state(room), 'taken');
  assert.equal(state(room2), 'free');
  assert.equal(state(projector), 'free');
  const night = await whatIsFree(t.deps, office.id, { start: belgradeInstant(d, '22:00'), end: belgradeInstant(d, '23:00') });
  assert.equal(night.find((x) => x.resource.id === room)?.state, 'closed');
});

test('the indicator bookings.hours equals the hours computed independently, by area and clipped to the span', async () => {
  const o = (await t.db.query<OfficeRef>(`SELECT id, slug, name FROM offices WHERE slug = 'cacak'`))[0]!;
  const saved = await saveResource(
    t.deps,
    staff,
    o,
    null,
    { kind: 'room', category: 'youth_club', name: 'Klub', capacity: 20, accessibility: '', rules: '', active: true },
    EVERY_DAY,
  );
  assert.ok(saved.ok);
  const eq = await saveResource(
    t.deps,
    staff,
    o,
    null,
    { kind: 'equipment', category: 'laptop', name: 'Laptopovi', capacity: 5, accessibility: '', rules: '', active: true },
    EVERY_DAY,
  );
  assert.ok(eq.ok);
  const d = ahead(50);
  const made: Array<{ hours: number; area: 'education' | 'health' | null; approve: boolean; with?: string }> = [
    { hours: 2, area: 'education', approve: true, with: eq.value.id },
    { hours: 3, area: 'health', approve: true },
    { hours: 1.5, area: null, approve: true },
    { hours: 4, area: 'education', approve: false },
  ];
  let h = 8;
  for (const m of made) {
    const from = `${String(h).padStart(2, '0')}:00`;
    const endMin = h * 60 + m.hours * 60;
    const to = `${String(Math.floor(endMin / 60)).padStart(2, '0')}:${String(endMin % 60).padStart(2, '0')}`;
    h = Math.ceil(endMin / 60);
    const r = await requestBooking(t.deps, {
      office: o,
      resourceIds: m.with ? [saved.value.id, m.with] : [saved.value.id],
      spans: weeklySpans(d, from, to),
      booker: await booker(),
      purpose: 'Indikator',
      area: m.area,
    });
    assert.ok(r.ok, JSON.stringify(r));
    if (m.approve) assert.ok((await approveRequest(t.deps, staff, o, r.value.id)).ok);
  }
  const q = { from: belgradeInstant(d, '00:00'), until: belgradeInstant(addDays(d, 1), '00:00'), area: null, param: null, threshold: 5 };
  const expected = made.filter((m) => m.approve).reduce((s, m) => s + m.hours, 0); // rooms only: the laptops' hours are not space
  assert.equal((await bookingHours.compute(t.db, o.id, q)).value, expected);
  assert.equal((await bookingHours.compute(t.db, o.id, { ...q, area: 'education' })).value, 2);
  assert.equal((await bookingHours.compute(t.db, o.id, { ...q, area: 'mobility' })).value, null, 'no data is not 0');
  // Clipped: a span that ends at 09:00 counts the first booking's 08:00–09:00 only.
  assert.equal((await bookingHours.compute(t.db, o.id, { ...q, until: belgradeInstant(d, '09:00') })).value, 1);
});

test('the room’s iCalendar feed lists its approved bookings in Belgrade time', async () => {
  const d = ahead(60);
  const r = await ask(await booker(), [room], d, '17:00', '18:30');
  assert.ok(r.ok);
  await approveRequest(t.deps, staff, office, r.value.id);
  const res = await t.client().get(`/kancelarije/pancevo/prostor/${room}/kalendar.ics?pismo=lat`);
  assert.equal(res.status, 200);
  const comp = new ICAL.Component(ICAL.parse(await res.text()));
  const ev = comp
    .getAllSubcomponents('vevent')
    .map((e) => new ICAL.Event(e))
    .find((e) => e.startDate.toJSDate().getTime() === belgradeInstant(d, '17:00').getTime());
  assert.ok(ev, 'the approved booking is in the feed');
  assert.equal(ev.endDate.toJSDate().getTime(), belgradeInstant(d, '18:30').getTime());
  assert.match(ev.summary, /Sala A/);
});

test('the form: a taken slot answers 409 with the dates listed in the reader’s script, bad times 400 with the message at the field — never a 500', async () => {
  const d = ahead(70);
  assert.ok((await ask(await booker(), [room], d, '18:00', '20:00')).ok);
  const c = t.client();
  await c.get('/cir/kancelarije/pancevo/prostor/zahtev');
  const fields = {
    resource: room,
    date: d,
    from: '19:00',
    to: '21:00',
    weeks: '1',
    booker_kind: 'person',
    group_name: '',
    purpose: 'Радионица',
    attendees: '',
    area: '',
    full_name: 'Гост Гостић',
    email: `gost.forma.${++n}@primer.test`,
  };
  const taken = await c.post('/cir/kancelarije/pancevo/prostor/zahtev', fields);
  assert.equal(taken.status, 409);
  const html = await taken.text();
  assert.match(html, /Заузети термини/);
  assert.match(html, /Сала А/, 'the resource named in Cyrillic');
  const backwards = await c.post('/cir/kancelarije/pancevo/prostor/zahtev', { ...fields, from: '20:00', to: '19:00' });
  assert.equal(backwards.status, 400);
  assert.match(await backwards.text(), /Крај мора бити после почетка/);
  const lat = await c.post('/lat/kancelarije/pancevo/prostor/zahtev', { ...fields, date: ahead(-3) });
  assert.equal(lat.status, 400);
  assert.match(await lat.text(), /Termin je u prošlosti/);
});
