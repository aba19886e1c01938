import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import type { Actor } from '../../core/auth/actor.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { withdrawConsent } from '../people/consents.ts';
import { collectPersonalData } from '../me/export.ts';
import { ensureJoined, makeAccount } from '../me/fixtures.ts';
import { eraseUser } from '../me/service.ts';
import { localParts } from '../../core/time.ts';
import { addMember } from '../admin/repo.ts';
import { runGuidanceJob } from './reminders.ts';
import { findSlot, type Slot } from './repo.ts';
import type { SlotInput } from './schema.ts';
import {
  bookAsAccount,
  bookAsGuest,
  cancelByToken,
  cancelMine,
  cancelSlot,
  confirmByToken,
  publishSlots,
  readNotes,
  saveNote,
} from './service.ts';
import { guidanceStats } from './stats.ts';

/**
 * Career guidance (issue #13 point 4) on a real database — PGlite, and PostgreSQL with
 * TEST_DATABASE_URL: slot rules decided by the database, booking (one live booking per slot,
 * 20 people at once), invitations parsed back with ical.js, the reminder job, notes under the
 * personal-data rules, suppressed statistics.
 */
let t: TestApp;
let office: OfficeRef;
let counsellor: Actor;
let other: Actor;
let hash: string;
let n = 0;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function actorOf(userId: string, email: string, name: string): Actor {
  return { userId, sessionId: '', email, displayName: name, locale: 'lat', isNationalAdmin: false, memberships: [] };
}

async function account(name: string, opts: { birth?: string } = {}): Promise<Actor> {
  const email = `savet.${name.toLowerCase()}.${++n}@primer.test`;
  const id = await makeAccount(t.db, hash, { email, name, birth: opts.birth ?? '2004-04-04' });
  return actorOf(id, email, name);
}

async function counsellorAccount(name: string): Promise<Actor> {
  const a = await account(name, { birth: '1985-01-01' });
  await addMember(t.db, office.id, a.userId, 'counsellor', null);
  return { ...a, memberships: [{ officeId: office.id, officeSlug: office.slug, officeName: office.name, role: 'counsellor' }] };
}

/** A slot input `daysAhead` days from today at `time` (Belgrade), one-off by default. */
function slotInput(daysAhead: number, time: string, extra: Partial<SlotInput> = {}): SlotInput {
  const date = localParts(new Date(Date.now() + daysAhead * DAY)).date;
  return { date, time, length: '60', count: 1, repeat: 'once', weeks: 1, place_kind: 'office', place: '', online_url: '', ...extra };
}

async function publishOne(c: Actor, daysAhead: number, time: string, extra: Partial<SlotInput> = {}): Promise<Slot> {
  const r = await publishSlots(t.deps, c, office, slotInput(daysAhead, time, extra));
  assert.ok(r.ok, JSON.stringify(r));
  return (await findSlot(t.db, office.id, r.value.ids[0]!))!;
}

/** The outbox rows to an address, oldest first. */
function mailsTo(email: string) {
  return t.db.query<{ subject: string; body_text: string; attachments: Array<{ filename: string; contentType: string; base64?: string }> }>(
    'SELECT subject, body_text, attachments FROM outbox WHERE recipient = $1 ORDER BY id',
    [email],
  );
}

/** The mail's invitation, parsed back with ical.js. */
function invitationOf(mail: { attachments: Array<{ contentType: string; base64?: string }> }) {
  const a = mail.attachments.find((x) => x.contentType.startsWith('text/calendar'));
  assert.ok(a?.base64, 'the mail carries a text/calendar attachment');
  const comp = new ICAL.Component(ICAL.parse(Buffer.from(a.base64, 'base64').toString('utf8')));
  const ev = comp.getFirstSubcomponent('vevent')!;
  return { comp, ev, contentType: a.contentType };
}

before(async () => {
  t = await createTestApp();
  const [o] = await t.db.query<OfficeRef>(`SELECT id, slug, name FROM offices WHERE slug = 'pancevo'`);
  office = o!;
  hash = await t.deps.passwords.hash('savetovanje-lozinka');
  counsellor = await counsellorAccount('Savetnica');
  other = await counsellorAccount('Drugi');
});
after(() => t.close());

// ── Slots ──────────────────────────────────────────────────────────────────

test('a weekly publication makes the concrete slots: count × weeks, back to back, a week apart', async () => {
  const r = await publishSlots(t.deps, counsellor, office, slotInput(30, '09:00', { count: 3, repeat: 'weekly', weeks: 4, length: '45' }));
  assert.ok(r.ok);
  assert.equal(r.value.ids.length, 12);
  const rows = await t.db.query<{ starts_at: Date; ends_at: Date; series_id: string }>(
    'SELECT starts_at, ends_at, series_id FROM guidance_slots WHERE office_id = $1 AND id = ANY($2::uuid[]) ORDER BY starts_at',
    [office.id, r.value.ids],
  );
  assert.equal(new Set(rows.map((x) => x.series_id)).size, 1);
  assert.equal(new Date(rows[1]!.starts_at).getTime(), new Date(rows[0]!.ends_at).getTime(), 'back to back');
  assert.equal(new Date(rows[0]!.ends_at).getTime() - new Date(rows[0]!.starts_at).getTime(), 45 * 60_000);
  assert.equal(localParts(new Date(rows[3]!.starts_at)).time, '09:00', 'the next week starts at the same local time');
  const gap = new Date(rows[3]!.starts_at).getTime() - new Date(rows[0]!.starts_at).getTime();
  assert.ok(Math.abs(gap - 7 * DAY) <= HOUR, 'a week apart (± a DST change)');
});

test('a slot in the past is refused with a message, and by the database itself', async () => {
  const r = await publishSlots(t.deps, counsellor, office, slotInput(-1, '10:00'));
  assert.deepEqual(r, { ok: false, field: 'date', error: 'guid.err.past' });
  await assert.rejects(
    t.db.query(
      `INSERT INTO guidance_slots (office_id, counsellor_id, counsellor_name, starts_at, ends_at, place_kind)
       VALUES ($1, $2, 'X', now() - interval '1 hour', now(), 'office')`,
      [office.id, counsellor.userId],
    ),
    (err: { constraint?: string }) => err.constraint === 'guidance_slots_future',
  );
});

test('overlapping slots of one counsellor are refused (all of a series or none); another counsellor may use the hour', async () => {
  await publishOne(counsellor, 40, '10:00');
  const before = await t.db.query('SELECT 1 FROM guidance_slots WHERE counsellor_id = $1', [counsellor.userId]);
  // A weekly series whose second week overlaps nothing but whose first slot overlaps: nothing is saved.
  const r = await publishSlots(t.deps, counsellor, office, slotInput(40, '10:30', { repeat: 'weekly', weeks: 3 }));
  assert.deepEqual(r, { ok: false, field: 'time', error: 'guid.err.overlap' });
  const afterRows = await t.db.query('SELECT 1 FROM guidance_slots WHERE counsellor_id = $1', [counsellor.userId]);
  assert.equal(afterRows.length, before.length, 'nothing half-saved');
  // Touching is not overlapping.
  assert.ok((await publishSlots(t.deps, counsellor, office, slotInput(40, '11:00'))).ok);
  assert.ok((await publishSlots(t.deps, other, office, slotInput(40, '10:30'))).ok);
  // The database refuses it without the app.
  await assert.rejects(
    t.db.query(
      `INSERT INTO guidance_slots (office_id, counsellor_id, counsellor_name, starts_at, ends_at, place_kind)
       SELECT office_id, counsellor_id, 'X', starts_at + interval '10 minutes', ends_at, 'office' FROM guidance_slots
        WHERE counsellor_id = $1 AND status = 'open' ORDER BY starts_at LIMIT 1`,
      [counsellor.userId],
    ),
    (err: { constraint?: string }) => err.constraint === 'guidance_slots_no_overlap',
  );
});

test('the same overlapping slot published 10 times at once: exactly one is saved', async () => {
  const c = await counsellorAccount('Trka');
  const results = await Promise.all(Array.from({ length: 10 }, () => publishSlots(t.deps, c, office, slotInput(41, '12:00'))));
  assert.equal(results.filter((r) => r.ok).length, 1);
  assert.ok(results.filter((r) => !r.ok).every((r) => !r.ok && r.error === 'guid.err.overlap'));
  const rows = await t.db.query('SELECT 1 FROM guidance_slots WHERE counsellor_id = $1', [c.userId]);
  assert.equal(rows.length, 1);
});

test('over HTTP, in Cyrillic: a past slot, an online slot without its link, an overlap — a message at each field, nothing saved; an online slot’s invitation carries its link', async () => {
  const c = await t.clientAs(counsellor.email);
  const PUBLISH = '/cir/admin/kancelarije/pancevo/savetovanje/termini';
  const fields = (daysAhead: number, time: string, extra: Record<string, string> = {}) => ({
    date: slotInput(daysAhead, time).date,
    time,
    length: '60',
    count: '1',
    repeat: 'once',
    weeks: '1',
    place_kind: 'office',
    place: '',
    online_url: '',
    ...extra,
  });
  await publishOne(counsellor, 16, '12:00');
  const slots = async () => (await t.db.query('SELECT 1 FROM guidance_slots WHERE counsellor_id = $1', [counsellor.userId])).length;
  const before = await slots();
  for (const [form, field, message] of [
    [fields(-1, '10:00'), 'date', /Термин не може почети у прошлости/],
    [fields(16, '09:00', { place_kind: 'online' }), 'online_url', /Упишите везу за разговор на мрежи/],
    [fields(16, '12:30'), 'time', /Овај термин се преклапа са другим вашим термином/],
  ] as const) {
    const res = await c.post(PUBLISH, form);
    assert.equal(res.status, 400, field);
    const html = await res.text();
    assert.match(html, message);
    assert.match(html, new RegExp(`href="#f-${field}"`), `the message links to its field (${field})`);
  }
  assert.equal(await slots(), before, 'nothing saved');

  const link = 'https://meet.example.org/kzm-savetovanje-16';
  const ok = await c.post(PUBLISH, fields(16, '15:00', { place_kind: 'online', online_url: link }));
  assert.equal(ok.status, 303, await ok.clone().text());
  const [online] = await t.db.query<{ id: string }>(`SELECT id FROM guidance_slots WHERE counsellor_id = $1 AND online_url = $2`, [
    counsellor.userId,
    link,
  ]);
  const young = await account('Onlajn');
  assert.ok((await bookAsAccount(t.deps, young, office, online!.id, { topic: 'info', settlementId: '' }, 'cir')).ok);
  const inv = invitationOf((await mailsTo(young.email))[0]!);
  assert.equal(inv.ev.getFirstPropertyValue('location'), link);
});

// ── Booking and invitations ────────────────────────────────────────────────

test('booking sends a real invitation (METHOD:REQUEST, organizer, attendee); cancelling sends METHOD:CANCEL with the same UID', async () => {
  const slot = await publishOne(counsellor, 5, '14:00');
  const young = await account('Mlada');
  const r = await bookAsAccount(t.deps, young, office, slot.id, { topic: 'cv', settlementId: '' }, 'lat');
  assert.ok(r.ok);
  assert.equal(r.value.status, 'confirmed');
  const [mail] = await mailsTo(young.email);
  assert.match(mail!.subject, /CV/);
  const inv = invitationOf(mail!);
  assert.match(inv.contentType, /method=REQUEST/);
  assert.equal(inv.comp.getFirstPropertyValue('method'), 'REQUEST');
  const uid = inv.ev.getFirstPropertyValue('uid') as string;
  assert.equal(uid, `${r.value.id}@kzm.test`);
  assert.match(String(inv.ev.getFirstPropertyValue('organizer')), new RegExp(`mailto:${counsellor.email}`, 'i'));
  assert.match(String(inv.ev.getFirstPropertyValue('attendee')), new RegExp(`mailto:${young.email}`, 'i'));
  const start = (inv.ev.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate();
  assert.equal(start.getTime(), new Date(slot.starts_at).getTime());
  assert.equal(inv.ev.getFirstPropertyValue('status'), 'CONFIRMED');

  const c = await cancelMine(t.deps, young, office.id, r.value.id);
  assert.ok(c.ok);
  const mails = await mailsTo(young.email);
  assert.equal(mails.length, 2);
  const cancel = invitationOf(mails[1]!);
  assert.equal(cancel.comp.getFirstPropertyValue('method'), 'CANCEL');
  assert.equal(cancel.ev.getFirstPropertyValue('uid'), uid);
  assert.equal(cancel.ev.getFirstPropertyValue('status'), 'CANCELLED');
  assert.ok(Number(cancel.ev.getFirstPropertyValue('sequence')) > Number(inv.ev.getFirstPropertyValue('sequence') ?? 0));
  // The slot is free again.
  const again = await bookAsAccount(t.deps, await account('Sledeca'), office, slot.id, { topic: 'info', settlementId: '' }, 'lat');
  assert.ok(again.ok);
});

test('a taken, past or cancelled slot is refused with a clear message, nothing written', async () => {
  const slot = await publishOne(counsellor, 6, '09:00');
  const first = await account('Prva');
  assert.ok((await bookAsAccount(t.deps, first, office, slot.id, { topic: 'career', settlementId: '' }, 'lat')).ok);
  const second = await account('Druga');
  assert.deepEqual(await bookAsAccount(t.deps, second, office, slot.id, { topic: 'career', settlementId: '' }, 'lat'), {
    ok: false,
    error: 'guid.err.taken',
  });
  assert.equal((await mailsTo(second.email)).length, 0);

  const cancelled = await publishOne(counsellor, 6, '11:00');
  assert.ok((await cancelSlot(t.deps, counsellor, office, cancelled)).ok);
  assert.deepEqual(await bookAsAccount(t.deps, second, office, cancelled.id, { topic: 'career', settlementId: '' }, 'lat'), {
    ok: false,
    error: 'guid.err.slotCancelled',
  });

  const past = await publishOne(counsellor, 6, '13:00');
  // A slot that has since started (the trigger refuses writing one into the past, so it is switched off here).
  await t.db.exec(
    `ALTER TABLE guidance_slots DISABLE TRIGGER guidance_slots_check;
     UPDATE guidance_slots SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' WHERE id = '${past.id}';
     ALTER TABLE guidance_slots ENABLE TRIGGER guidance_slots_check;`,
  );
  assert.deepEqual(await bookAsAccount(t.deps, second, office, past.id, { topic: 'career', settlementId: '' }, 'lat'), {
    ok: false,
    error: 'guid.err.slotPast',
  });
  assert.equal(
    (await t.db.query('SELECT 1 FROM guidance_bookings WHERE user_id = $1', [second.userId])).length,
    0,
    'the refused booker has no booking',
  );
});

test('20 people book one slot at the same moment: exactly one wins, the others are told it was taken', async () => {
  const slot = await publishOne(counsellor, 7, '10:00');
  const people = await Promise.all(Array.from({ length: 20 }, (_, i) => account(`Trka${i}`)));
  const results = await Promise.all(
    people.map((p) => bookAsAccount(t.deps, p, office, slot.id, { topic: 'interview', settlementId: '' }, 'lat')),
  );
  assert.equal(results.filter((r) => r.ok).length, 1, 'one winner');
  assert.deepEqual(
    results.filter((r) => !r.ok).map((r) => (!r.ok ? r.error : '')),
    Array(19).fill('guid.err.taken'),
  );
  const rows = await t.db.query('SELECT 1 FROM guidance_bookings WHERE office_id = $1 AND slot_id = $2', [office.id, slot.id]);
  assert.equal(rows.length, 1, 'the losers left nothing behind');
  const mails = await t.db.query('SELECT 1 FROM outbox WHERE recipient = ANY($1::text[])', [people.map((p) => p.email)]);
  assert.equal(mails.length, 1, 'one confirmation in all');
});

test('the database refuses a second live booking of a slot, whoever writes it', async () => {
  const slot = await publishOne(counsellor, 8, '10:00');
  assert.ok((await bookAsAccount(t.deps, await account('Jedan'), office, slot.id, { topic: 'cv', settlementId: '' }, 'lat')).ok);
  await assert.rejects(
    t.db.query(
      `INSERT INTO guidance_bookings (office_id, slot_id, topic, status, code, token_hash) VALUES ($1, $2, 'cv', 'pending', 'x', 'y-${Date.now()}')`,
      [office.id, slot.id],
    ),
    (err: { constraint?: string }) => err.constraint === 'guidance_bookings_live_key',
  );
});

test('a guest holds the slot until the mailed link confirms it; an unused link expires and frees the slot', async () => {
  const slot = await publishOne(counsellor, 9, '10:00');
  const guest = { full_name: 'Gost Savetović', email: `gost.${Date.now()}@primer.test`, birth_year: 2005 };
  const r = await bookAsGuest(t.deps, office, slot.id, { topic: 'info', settlementId: '' }, guest, 'cir', '203.0.113.9');
  assert.ok(r.ok);
  assert.equal(r.value.status, 'pending');
  const [confirmMail] = await mailsTo(guest.email);
  assert.equal(confirmMail!.attachments.length, 0, 'no invitation before the address is confirmed');
  assert.match(confirmMail!.body_text, /Потврдите/);
  const token = decodeURIComponent(/\/savetovanje\/potvrda\?t=([^\s]+)/.exec(confirmMail!.body_text)![1]!);
  // Someone else cannot take the held slot.
  assert.deepEqual(await bookAsAccount(t.deps, await account('Nestrpljiv'), office, slot.id, { topic: 'cv', settlementId: '' }, 'lat'), {
    ok: false,
    error: 'guid.err.taken',
  });
  const c = await confirmByToken(t.deps, token);
  assert.ok(c.ok);
  const mails = await mailsTo(guest.email);
  assert.equal(invitationOf(mails[1]!).comp.getFirstPropertyValue('method'), 'REQUEST');
  // Cancel by the mailed link: METHOD:CANCEL.
  assert.ok((await cancelByToken(t.deps, token)).ok);
  assert.equal(invitationOf((await mailsTo(guest.email))[2]!).comp.getFirstPropertyValue('method'), 'CANCEL');
  assert.deepEqual(await confirmByToken(t.deps, token), { ok: false, error: 'guid.err.linkCancelled' });
  assert.deepEqual(await confirmByToken(t.deps, 'not-a-token'), { ok: false, error: 'guid.err.badLink' });

  // An unconfirmed hold expires (the job, two hours later) and the slot is free again.
  const slot2 = await publishOne(counsellor, 9, '12:00');
  const g2 = { ...guest, email: `gost2.${Date.now()}@primer.test` };
  const held = await bookAsGuest(t.deps, office, slot2.id, { topic: 'info', settlementId: '' }, g2, 'lat', '203.0.113.9');
  assert.ok(held.ok);
  const later = { ...t.deps, now: () => new Date(Date.now() + 3 * HOUR) };
  const job = await runGuidanceJob(later);
  assert.ok(job.expired >= 1);
  const token2 = decodeURIComponent(/\/savetovanje\/potvrda\?t=([^\s]+)/.exec((await mailsTo(g2.email))[0]!.body_text)![1]!);
  assert.deepEqual(await confirmByToken(t.deps, token2), { ok: false, error: 'guid.err.linkExpired' });
  assert.ok((await bookAsAccount(t.deps, await account('Posle'), office, slot2.id, { topic: 'cv', settlementId: '' }, 'lat')).ok);
});

test('the reminder the day before goes out once per booking', async () => {
  const at = localParts(new Date(Date.now() + 3 * HOUR));
  const r = await publishSlots(t.deps, counsellor, office, { ...slotInput(0, at.time), date: at.date });
  assert.ok(r.ok);
  const soon = (await findSlot(t.db, office.id, r.value.ids[0]!))!;
  const far = await publishOne(counsellor, 12, '10:00');
  const young = await account('Podsetnik');
  assert.ok((await bookAsAccount(t.deps, young, office, soon.id, { topic: 'career', settlementId: '' }, 'lat')).ok);
  assert.ok((await bookAsAccount(t.deps, young, office, far.id, { topic: 'career', settlementId: '' }, 'lat')).ok);
  const first = await runGuidanceJob(t.deps);
  assert.ok(first.ran);
  const reminders = (await mailsTo(young.email)).filter((m) => /Podsetnik|Reminder/i.test(m.subject));
  assert.equal(reminders.length, 1, 'only the session within 24 hours');
  await runGuidanceJob(t.deps);
  assert.equal((await mailsTo(young.email)).filter((m) => /Podsetnik/i.test(m.subject)).length, 1, 'never twice');
});

// ── Notes under the register's personal-data rules ─────────────────────────

test('notes: only under the guidance consent, every reading logged, in the export, gone with withdrawal and erasure', async () => {
  const young = await account('Beleske');
  const personId = await ensureJoined(t.deps, 'pancevo', young.userId, ['register', 'guidance']);
  const slot = await publishOne(counsellor, 13, '10:00');
  const b = await bookAsAccount(t.deps, young, office, slot.id, { topic: 'career', settlementId: '' }, 'lat');
  assert.ok(b.ok);
  const booking = (await t.db.query<{ person_id: string }>('SELECT * FROM guidance_bookings WHERE id = $1', [b.value.id]))[0]!;
  assert.equal(booking.person_id, personId, 'the booking names the register row');
  const full = (await t.db.query('SELECT * FROM guidance_bookings WHERE id = $1', [b.value.id]))[0] as never;

  // Another counsellor, or the office's coordinator, cannot keep or read them.
  assert.deepEqual(await saveNote(t.deps, other, office, slot, 'x'), { ok: false, error: 'guid.err.notesNotYours' });
  assert.deepEqual(await readNotes(t.deps, other, office, slot, full), { kind: 'notAllowed' });

  assert.ok((await saveNote(t.deps, counsellor, office, slot, 'Želi da radi u IT podršci.')).ok);
  const logBefore = await t.db.query('SELECT 1 FROM personal_data_access WHERE person_id = $1 AND reason = $2 AND action = $3', [
    personId,
    'guidance',
    'view',
  ]);
  const state = await readNotes(t.deps, counsellor, office, slot, full);
  assert.equal(state.kind, 'open');
  assert.equal(state.kind === 'open' ? state.note?.body : '', 'Želi da radi u IT podršci.');
  await readNotes(t.deps, counsellor, office, slot, full);
  const logAfter = await t.db.query<{ actor_id: string }>(
    'SELECT actor_id FROM personal_data_access WHERE person_id = $1 AND reason = $2 AND action = $3',
    [personId, 'guidance', 'view'],
  );
  assert.equal(logAfter.length - logBefore.length, 2, 'each reading is logged');
  assert.ok(logAfter.every((x) => x.actor_id === counsellor.userId));

  const exported = await collectPersonalData(t.db, young.userId, new Date());
  const row = exported!.guidance_bookings.find((x) => x.counsellor_notes);
  assert.equal(row?.counsellor_notes, 'Želi da radi u IT podršci.');

  // Withdrawal deletes them (a trigger, whoever withdraws); a new note is refused.
  const [consent] = await t.db.query<{ id: string }>(
    `SELECT id FROM person_consents WHERE office_id = $1 AND person_id = $2 AND purpose = 'guidance' AND withdrawn_at IS NULL`,
    [office.id, personId],
  );
  assert.ok((await withdrawConsent(t.deps, young, office.id, consent!.id, 'person')).ok);
  assert.equal((await t.db.query('SELECT 1 FROM guidance_notes WHERE person_id = $1', [personId])).length, 0);
  assert.deepEqual(await saveNote(t.deps, counsellor, office, slot, 'Nova'), { ok: false, error: 'guid.notes.noConsent' });
  assert.deepEqual(await readNotes(t.deps, counsellor, office, slot, full), { kind: 'noConsent' });
  await assert.rejects(
    t.db.query(`INSERT INTO guidance_notes (office_id, booking_id, person_id, consent_id, body) VALUES ($1, $2, $3, $4, 'x')`, [
      office.id,
      b.value.id,
      personId,
      consent!.id,
    ]),
    (err: { constraint?: string }) => err.constraint === 'guidance_notes_consent',
  );

  // Erasure: notes of another session go, the booking keeps only what statistics count.
  const young2 = await account('Brisanje');
  const p2 = await ensureJoined(t.deps, 'pancevo', young2.userId, ['register', 'guidance']);
  const slot2 = await publishOne(counsellor, 13, '12:00');
  const b2 = await bookAsAccount(t.deps, young2, office, slot2.id, { topic: 'cv', settlementId: '' }, 'lat');
  assert.ok(b2.ok);
  assert.ok((await saveNote(t.deps, counsellor, office, slot2, 'Beleška za brisanje')).ok);
  await t.db.transaction((tx) =>
    eraseUser(
      tx,
      t.deps.config,
      { id: young2.userId, email: young2.email, display_name: young2.displayName, locale: 'lat' },
      'erasure',
      new Date(),
    ),
  );
  assert.equal((await t.db.query('SELECT 1 FROM guidance_notes WHERE person_id = $1', [p2])).length, 0, 'notes erased');
  const [erased] = await t.db.query<{ full_name: string; email: string; user_id: string | null; status: string; topic: string }>(
    'SELECT full_name, email, user_id, status, topic FROM guidance_bookings WHERE office_id = $1 AND id = $2',
    [office.id, b2.value.id],
  );
  assert.deepEqual(erased, { full_name: '', email: '', user_id: null, status: 'cancelled', topic: 'cv' });
});

test('notes are not kept for someone outside the register', async () => {
  const young = await account('Izvan');
  const slot = await publishOne(counsellor, 14, '10:00');
  const b = await bookAsAccount(t.deps, young, office, slot.id, { topic: 'career', settlementId: '' }, 'lat');
  assert.ok(b.ok);
  const full = (await t.db.query('SELECT * FROM guidance_bookings WHERE id = $1', [b.value.id]))[0] as never;
  assert.deepEqual(await readNotes(t.deps, counsellor, office, slot, full), { kind: 'noRegister' });
  assert.deepEqual(await saveNote(t.deps, counsellor, office, slot, 'x'), { ok: false, error: 'guid.notes.noRegister' });
});

// ── Statistics ─────────────────────────────────────────────────────────────

test('statistics by topic, age group and settlement suppress small cells', async () => {
  const [o] = await t.db.query<OfficeRef>(`SELECT id, slug, name FROM offices WHERE slug = 'cacak'`);
  const c = await account('StatSavetnik', { birth: '1980-01-01' });
  await addMember(t.db, o!.id, c.userId, 'counsellor', null);
  const settlements = await t.db.query<{ id: string }>(
    'SELECT id FROM office_settlements WHERE office_id = $1 ORDER BY position, id LIMIT 2',
    [o!.id],
  );
  const r = await publishSlots(t.deps, c, o!, slotInput(20, '08:00', { count: 9, length: '30' }));
  assert.ok(r.ok);
  // 7 career talks with people born 2005, 2 CV talks with people born 1990 (age "other").
  for (const [i, id] of r.value.ids.entries()) {
    const p = await account(`Stat${i}`, { birth: i < 7 ? '2005-05-05' : '1990-05-05' });
    const settlementId = settlements.length > 0 ? settlements[i < 7 ? 0 : settlements.length - 1]!.id : '';
    assert.ok((await bookAsAccount(t.deps, p, o!, id, { topic: i < 7 ? 'career' : 'cv', settlementId }, 'lat')).ok);
  }
  const from = localParts(new Date()).date;
  const to = localParts(new Date(Date.now() + 40 * DAY)).date;
  const s = await guidanceStats(t.db, { officeId: o!.id, from, to });
  const cell = (table: typeof s.topic, key: string) => table.cells.find((x) => x.key === key)!;
  assert.equal(s.topic.total!.count, 9);
  assert.equal(cell(s.topic, 'cv').status, 'small', '2 CV talks are shown as <5');
  assert.notEqual(cell(s.topic, 'career').status, 'shown', 'the 7 would give the 2 away: hidden as well');
  assert.equal(cell(s.age, 'other').status, 'small');
  // Nothing a reader could work out: no shown total with a single hidden cell.
  for (const table of [s.topic, s.age, s.settlement]) {
    const hidden = table.cells.filter((x) => x.status !== 'shown' && x.count > 0);
    if (table.total?.status === 'shown') assert.notEqual(hidden.length, 1);
  }
});
