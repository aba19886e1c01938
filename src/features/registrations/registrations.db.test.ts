import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, lastMailTo, linkIn, type TestApp, type TestClient } from '../../../test/app.ts';
import { MailWorker } from '../../core/mail/outbox.ts';
import { createTransport } from '../../core/mail/transport.ts';
import { startSmtp } from '../../../test/smtp.ts';
import { makeActivity, makeRegistration, type TestActivity } from '../activities/testing.ts';
import { runReminders } from './reminders.ts';
import { formatEntryCode } from './entry-code.ts';
import { qrPng } from './qr.ts';
import { eraseUserRegistrations } from './seats.ts';

/**
 * Sign-up, waitlist, cancellation with promotion, approvals, walk-ins, messages and reminders
 * through HTTP (and the outbox), each rule of issue #5 point 3 and its bad inputs.
 */
let t: TestApp;
let staff: TestClient;
let staffB: TestClient;
let young: TestClient;
before(async () => {
  t = await createTestApp();
  staff = await t.clientAs('pancevo@primer.test');
  staffB = await t.clientAs('cacak@primer.test');
  young = await t.clientAs('mladi@primer.test');
});
after(() => t.close());

const signUp = (a: TestActivity) => `/lat/kancelarije/pancevo/aktivnosti/${a.id}/prijava`;
const staffPage = (a: TestActivity) => `/lat/admin/kancelarije/pancevo/aktivnosti/${a.id}/prijave`;
const thisYear = new Date().getFullYear();

async function statusOf(email: string, a: TestActivity): Promise<string | undefined> {
  const rows = await t.db.query<{ status: string }>(
    `SELECT status FROM registrations WHERE activity_id = $1 AND lower(email) = lower($2) ORDER BY created_at DESC LIMIT 1`,
    [a.id, email],
  );
  return rows[0]?.status;
}
const count = async (a: TestActivity) =>
  (await t.db.query<{ confirmed_count: number }>('SELECT confirmed_count FROM activities WHERE id = $1', [a.id]))[0]!.confirmed_count;

async function guest(a: TestActivity, email: string, extra: Record<string, string> = {}) {
  return t.client().post(signUp(a), { full_name: 'Gost Gostić', email, birth_year: '2005', ...extra });
}

/** Signs a guest up and confirms from the mail; returns the link's token. */
async function guestConfirmed(a: TestActivity, email: string): Promise<string> {
  const res = await guest(a, email);
  assert.equal(res.status, 200);
  const link = linkIn((await lastMailTo(t.db, email))!.body_text);
  const token = new URL(`http://x${link}`).searchParams.get('t')!;
  const c = t.client();
  assert.equal((await c.post('/lat/prijava/potvrda', { t: token })).status, 303);
  return token;
}

describe('guest sign-up', () => {
  test('a guest signs up, gets a mail, and the seat is decided when the link is used', async () => {
    const a = await makeActivity(t.db, 'pancevo', { capacity: 1 });
    const form = await t.client().get(signUp(a));
    assert.equal(form.status, 200);
    assert.match(await form.text(), /name="birth_year"/);
    const res = await guest(a, 'gost1@primer.test');
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Proverite e-poštu/);
    assert.equal(await statusOf('gost1@primer.test', a), 'unconfirmed');
    assert.equal(await count(a), 0, 'no seat before the link is used');
    const mail = (await lastMailTo(t.db, 'gost1@primer.test'))!;
    const link = linkIn(mail.body_text);
    assert.match(link, /^\/lat\/prijava\/potvrda\?t=/);
    // Opening the link (a mail scanner might) changes nothing; the button does.
    const page = await t.client().get(link);
    assert.equal(page.status, 200);
    assert.equal(await statusOf('gost1@primer.test', a), 'unconfirmed');
    const token = new URL(`http://x${link}`).searchParams.get('t')!;
    const done = await t.client().post('/lat/prijava/potvrda', { t: token });
    assert.equal(done.status, 303);
    assert.equal(await statusOf('gost1@primer.test', a), 'confirmed');
    assert.equal(await count(a), 1);
    const confirmedMail = (await lastMailTo(t.db, 'gost1@primer.test'))!;
    assert.match(confirmedMail.subject, /potvrđena/);
    assert.match(confirmedMail.body_text, /\/lat\/prijava\/otkazivanje\?t=/);
    // The link used again: a clear message, nothing changes.
    const again = await t.client().post('/lat/prijava/potvrda', { t: token });
    assert.equal(again.status, 400);
    assert.match(await again.text(), /već iskorišćena/);
    const shown = await t.client().get(link);
    assert.match(await shown.text(), /već iskorišćena/);
    assert.equal(await count(a), 1);
  });

  test('an expired link says so and gives no seat', async () => {
    const a = await makeActivity(t.db, 'pancevo');
    await guest(a, 'gost2@primer.test');
    const link = linkIn((await lastMailTo(t.db, 'gost2@primer.test'))!.body_text);
    await t.db.query(`UPDATE registrations SET token_expires_at = now() - interval '1 minute' WHERE activity_id = $1`, [a.id]);
    const token = new URL(`http://x${link}`).searchParams.get('t')!;
    const res = await t.client().post('/lat/prijava/potvrda', { t: token });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /istekla/);
    assert.equal(await statusOf('gost2@primer.test', a), 'unconfirmed');
    // Signing up again afterwards works: the expired sign-up goes, a new link comes.
    assert.equal((await guest(a, 'gost2@primer.test')).status, 200);
    const fresh = linkIn((await lastMailTo(t.db, 'gost2@primer.test'))!.body_text);
    assert.notEqual(fresh, link);
    assert.equal((await t.db.query('SELECT 1 FROM registrations WHERE activity_id = $1', [a.id])).length, 1);
    // The same guest again before confirming: the link is mailed again, still one sign-up.
    assert.equal((await guest(a, 'gost2@primer.test')).status, 200);
    assert.equal(linkIn((await lastMailTo(t.db, 'gost2@primer.test'))!.body_text), fresh);
    assert.equal((await t.db.query('SELECT 1 FROM registrations WHERE activity_id = $1', [a.id])).length, 1);
    // A week after expiry, the reminder job deletes an unused sign-up.
    await t.db.query(`UPDATE registrations SET token_expires_at = now() - interval '8 days' WHERE activity_id = $1`, [a.id]);
    await runReminders(t.deps);
    assert.equal((await t.db.query('SELECT 1 FROM registrations WHERE activity_id = $1', [a.id])).length, 0);
    const bad = await t.client().get('/lat/prijava/potvrda?t=nonsense-token-that-is-long-enough');
    assert.equal(bad.status, 404);
    assert.match(await bad.text(), /nije ispravna/);
  });

  test('under 15: nothing is stored, the page says how to join with a parent; born exactly 15 years ago is asked then, and only then', async () => {
    const a = await makeActivity(t.db, 'pancevo');
    const res = await guest(a, 'mali@primer.test', { birth_year: String(thisYear - 13) });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /roditelj/);
    assert.equal(await statusOf('mali@primer.test', a), undefined);
    assert.equal(await lastMailTo(t.db, 'mali@primer.test'), undefined);
    // The form asks the birth year once; the question about the birthday is not on it.
    assert.doesNotMatch(await (await t.client().get(signUp(a))).text(), /name="turned15"/);
    const ask = await guest(a, 'petnaest@primer.test', { birth_year: String(thisYear - 15) });
    assert.equal(ask.status, 400);
    const html = await ask.text();
    assert.match(html, /type="radio" id="f-turned15" name="turned15" value="yes"[^>]*aria-invalid="true"/);
    assert.match(html, /Da li ste već napunili 15 godina\?/);
    assert.match(html, /value="petnaest@primer.test"/, 'typed values kept');
    // "Not yet": under 15 after all, nothing stored.
    const no = await guest(a, 'petnaest@primer.test', { birth_year: String(thisYear - 15), turned15: 'no' });
    assert.equal(no.status, 200);
    assert.match(await no.text(), /roditelj/);
    assert.equal(await statusOf('petnaest@primer.test', a), undefined);
    assert.equal((await guest(a, 'petnaest@primer.test', { birth_year: String(thisYear - 15), turned15: 'yes' })).status, 200);
    assert.equal(await statusOf('petnaest@primer.test', a), 'unconfirmed');
  });

  test('bad input re-renders with messages at the fields and values kept', async () => {
    const a = await makeActivity(t.db, 'pancevo', { questions: [{ id: 'q1', label: 'Iskustvo?', required: true }] });
    const res = await t.client().post(signUp(a), { full_name: '', email: 'nije-adresa', birth_year: '05', q_q1: '' });
    assert.equal(res.status, 400);
    const html = await res.text();
    for (const f of ['full_name', 'email', 'birth_year', 'q_q1']) assert.match(html, new RegExp(`href="#f-${f}"`));
    assert.match(html, /value="nije-adresa"/);
  });

  test('a duplicate sign-up by the same address is a clear message, not a second registration', async () => {
    const a = await makeActivity(t.db, 'pancevo');
    await guestConfirmed(a, 'dupli@primer.test');
    const res = await guest(a, 'DUPLI@primer.test');
    assert.equal(res.status, 400);
    assert.match(await res.text(), /Već ste prijavljeni/);
  });
});

describe('a sign-up typed with someone else’s address (issue #9 point 8)', () => {
  test('never blocks the owner’s one-click sign-up, and its link then leads nowhere', async () => {
    const a = await makeActivity(t.db, 'pancevo', { capacity: 1 });
    assert.equal((await guest(a, 'MLADI@primer.test', { full_name: 'Stranac Uljez' })).status, 200);
    const link = linkIn((await lastMailTo(t.db, 'mladi@primer.test'))!.body_text);
    // The mailed link shows what was typed before anyone confirms; opening it changes nothing.
    const page = await (await t.client().get(link)).text();
    assert.match(page, /Stranac Uljez/);
    assert.match(page, /MLADI@primer\.test/);
    assert.match(page, /nisu vaši podaci/);
    assert.equal(await statusOf('mladi@primer.test', a), 'unconfirmed');
    // The owner signs up with their account: confirmed, the stranger's sign-up is gone.
    const res = await young.post(signUp(a), {});
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location')!, /n=reg\.n\.confirmed/);
    const rows = await t.db.query<{ full_name: string; source: string; status: string }>(
      'SELECT full_name, source, status FROM registrations WHERE activity_id = $1',
      [a.id],
    );
    assert.deepEqual(
      rows.map((r) => [r.source, r.status]),
      [['account', 'confirmed']],
    );
    assert.equal(await count(a), 1);
    const old = await t.client().post('/lat/prijava/potvrda', { t: new URL(`http://x${link}`).searchParams.get('t')! });
    assert.equal(old.status, 404, 'the stranger’s link confirms nothing');
    assert.equal(await count(a), 1);
  });

  test('the owner’s own guest sign-up replaces what a stranger typed; their link shows and confirms their details', async () => {
    const a = await makeActivity(t.db, 'pancevo', { questions: [{ id: 'q1', label: 'Iskustvo?', required: false }] });
    assert.equal(
      (await guest(a, 'vlasnica@primer.test', { full_name: 'Stranac Uljez', birth_year: '2001', q_q1: 'tuđi odgovor' })).status,
      200,
    );
    assert.equal(
      (await guest(a, 'vlasnica@primer.test', { full_name: 'Prava Vlasnica', birth_year: '2004', q_q1: 'moj odgovor' })).status,
      200,
    );
    const link = linkIn((await lastMailTo(t.db, 'vlasnica@primer.test'))!.body_text);
    const page = await (await t.client().get(link)).text();
    assert.match(page, /Prava Vlasnica/);
    assert.match(page, /2004/);
    assert.match(page, /moj odgovor/);
    assert.doesNotMatch(page, /Stranac|tuđi/);
    assert.equal((await t.db.query('SELECT 1 FROM registrations WHERE activity_id = $1', [a.id])).length, 1);
    const done = await t.client().post('/lat/prijava/potvrda', { t: new URL(`http://x${link}`).searchParams.get('t')! });
    assert.equal(done.status, 303);
    const [row] = await t.db.query<{ full_name: string; birth_year: number; status: string }>(
      'SELECT full_name, birth_year, status FROM registrations WHERE activity_id = $1',
      [a.id],
    );
    assert.deepEqual([row!.full_name, row!.birth_year, row!.status], ['Prava Vlasnica', 2004, 'confirmed']);
  });
});

test('one address gets at most five sign-up mails an hour', async () => {
  const a = await makeActivity(t.db, 'pancevo');
  for (let i = 0; i < 5; i++) {
    const b = await makeActivity(t.db, 'pancevo');
    assert.equal((await guest(b, 'cesto@primer.test')).status, 200);
  }
  const res = await guest(a, 'cesto@primer.test');
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Previše pokušaja/);
  assert.equal(await statusOf('cesto@primer.test', a), undefined);
});

describe('one click, waitlist, cancel and promotion', () => {
  test('full → waitlist with position; a cancel by the mail link promotes the first waiting, who is mailed', async () => {
    const a = await makeActivity(t.db, 'pancevo', { capacity: 1 });
    const res = await young.post(signUp(a), {});
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location')!, /n=reg\.n\.confirmed/);
    const page = await young.get(signUp(a));
    assert.match(await page.text(), /potvrđeno/);
    // The same person again: one registration per person.
    const dup = await young.post(signUp(a), {});
    assert.equal(dup.status, 400);
    // Two guests wait, in order.
    await guestConfirmed(a, 'cekam1@primer.test');
    await guestConfirmed(a, 'cekam2@primer.test');
    assert.equal(await statusOf('cekam1@primer.test', a), 'waitlisted');
    const w2 = (await lastMailTo(t.db, 'cekam2@primer.test'))!;
    assert.match(w2.body_text, /pod brojem 2/);
    // The young person cancels from "my registrations".
    const mine = await young.get('/lat/moj-nalog/prijave');
    const html = await mine.text();
    assert.match(html, /<svg/);
    const [reg] = await t.db.query<{ id: string; short_code: string }>(
      `SELECT r.id, r.short_code FROM registrations r JOIN users u ON u.id = r.user_id WHERE r.activity_id = $1 AND u.email = 'mladi@primer.test'`,
      [a.id],
    );
    assert.ok(html.includes(formatEntryCode(reg!.short_code)), 'the entry code is shown beside the QR');
    const cancel = await young.post('/lat/moj-nalog/prijave/otkazi', { id: reg!.id });
    assert.equal(cancel.status, 303);
    assert.equal(await statusOf('cekam1@primer.test', a), 'confirmed');
    assert.equal(await statusOf('cekam2@primer.test', a), 'waitlisted');
    const promoted = (await lastMailTo(t.db, 'cekam1@primer.test'))!;
    assert.match(promoted.subject, /Dobili ste mesto/);
    assert.equal(await count(a), 1);
    // The promoted guest cancels by the mail link: the next one moves up.
    const cancelLink = /http:\/\/kzm\.test(\/lat\/prijava\/otkazivanje\?t=\S+)/.exec(promoted.body_text)![1]!;
    const show = await t.client().get(cancelLink);
    assert.equal(show.status, 200);
    assert.equal(await statusOf('cekam1@primer.test', a), 'confirmed', 'opening the link changes nothing');
    const token = new URL(`http://x${cancelLink}`).searchParams.get('t')!;
    assert.equal((await t.client().post('/lat/prijava/otkazivanje', { t: token })).status, 303);
    assert.equal(await statusOf('cekam1@primer.test', a), 'cancelled');
    assert.equal(await statusOf('cekam2@primer.test', a), 'confirmed');
    // Cancelling twice is harmless.
    assert.equal((await t.client().post('/lat/prijava/otkazivanje', { t: token })).status, 303);
    assert.equal(await count(a), 1);
  });

  test('another person cannot cancel my registration', async () => {
    const a = await makeActivity(t.db, 'pancevo');
    const r = await makeRegistration(t.db, a);
    const res = await young.post('/lat/moj-nalog/prijave/otkazi', { id: r.id });
    assert.equal(res.status, 404);
  });

  test('registration window, age range, drafts and cancelled activities', async () => {
    const closed = await makeActivity(t.db, 'pancevo', {
      registrationCloses: new Date(Date.now() - 3_600_000),
      registrationOpens: new Date(Date.now() - 7_200_000),
    });
    assert.match(await (await young.get(signUp(closed))).text(), /zatvorene/);
    assert.equal((await young.post(signUp(closed), {})).status, 400);
    const later = await makeActivity(t.db, 'pancevo', { registrationOpens: new Date(Date.now() + 86_400_000) });
    assert.equal((await young.post(signUp(later), {})).status, 400);
    const kids = await makeActivity(t.db, 'pancevo', { ageMin: 10, ageMax: 12 });
    const res = await guest(kids, 'star@primer.test');
    assert.equal(res.status, 400);
    assert.match(await res.text(), /uzrast od 10 do 12/);
    const draft = await makeActivity(t.db, 'pancevo', { status: 'draft' });
    assert.equal((await t.client().get(signUp(draft))).status, 404);
    const gone = await makeActivity(t.db, 'pancevo', { status: 'cancelled' });
    assert.match(await (await t.client().get(signUp(gone))).text(), /otkazana/);
  });

  test('extra questions are stored with the sign-up', async () => {
    const a = await makeActivity(t.db, 'pancevo', { questions: [{ id: 'q1', label: 'Šta očekuješ?', required: true }] });
    const miss = await young.post(signUp(a), {});
    assert.equal(miss.status, 400);
    assert.equal((await young.post(signUp(a), { q_q1: 'Da naučim' })).status, 303);
    const [r] = await t.db.query<{ answers: Record<string, string> }>('SELECT answers FROM registrations WHERE activity_id = $1', [a.id]);
    assert.deepEqual(r!.answers, { q1: 'Da naučim' });
  });
});

describe('coordinator', () => {
  test('approval: pending until decided; approve confirms (or waitlists when full), decline mails', async () => {
    const a = await makeActivity(t.db, 'pancevo', { needsApproval: true, capacity: 1 });
    await guestConfirmed(a, 'odobri1@primer.test');
    await guestConfirmed(a, 'odobri2@primer.test');
    await guestConfirmed(a, 'odbij@primer.test');
    assert.equal(await statusOf('odobri1@primer.test', a), 'pending');
    const ids = async (email: string) =>
      (await t.db.query<{ id: string }>('SELECT id FROM registrations WHERE activity_id = $1 AND email = $2', [a.id, email]))[0]!.id;
    const list = await staff.get(staffPage(a));
    assert.equal(list.status, 200);
    assert.match(await list.text(), /odobri1@primer.test/);
    assert.equal((await staff.post(`${staffPage(a)}/odluka`, { id: await ids('odobri1@primer.test'), odluka: 'approve' })).status, 303);
    assert.equal(await statusOf('odobri1@primer.test', a), 'confirmed');
    assert.equal((await staff.post(`${staffPage(a)}/odluka`, { id: await ids('odobri2@primer.test'), odluka: 'approve' })).status, 303);
    assert.equal(await statusOf('odobri2@primer.test', a), 'waitlisted');
    assert.equal((await staff.post(`${staffPage(a)}/odluka`, { id: await ids('odbij@primer.test'), odluka: 'decline' })).status, 303);
    assert.equal(await statusOf('odbij@primer.test', a), 'declined');
    assert.match((await lastMailTo(t.db, 'odbij@primer.test'))!.subject, /nije odobrena/);
    // Deciding twice: a message, no change.
    const again = await staff.post(`${staffPage(a)}/odluka`, { id: await ids('odbij@primer.test'), odluka: 'approve' });
    assert.equal(again.status, 400);
    assert.equal(await statusOf('odbij@primer.test', a), 'declined');
  });

  test('walk-ins: confirmed; when full refused unless a place is added explicitly', async () => {
    const a = await makeActivity(t.db, 'pancevo', { capacity: 1 });
    assert.equal(
      (await staff.post(`${staffPage(a)}/na-licu-mesta`, { full_name: 'Došao Sam', email: '', birth_year: '2006' })).status,
      303,
    );
    assert.equal(await count(a), 1);
    const full = await staff.post(`${staffPage(a)}/na-licu-mesta`, { full_name: 'Još Jedan', email: 'jos@primer.test', birth_year: '' });
    assert.equal(full.status, 400);
    const html = await full.text();
    assert.match(html, /potvrđeno: 1/);
    assert.match(html, /value="Još Jedan"/);
    assert.equal(
      (
        await staff.post(`${staffPage(a)}/na-licu-mesta`, {
          full_name: 'Još Jedan',
          email: 'jos@primer.test',
          birth_year: '',
          over_capacity: 'on',
        })
      ).status,
      303,
    );
    const [row] = await t.db.query<{ capacity: number; confirmed_count: number }>(
      'SELECT capacity, confirmed_count FROM activities WHERE id = $1',
      [a.id],
    );
    assert.deepEqual(row, { capacity: 2, confirmed_count: 2 });
  });

  test('write to everyone registered, by status, in each person’s script', async () => {
    const a = await makeActivity(t.db, 'pancevo', { capacity: 1 });
    await makeRegistration(t.db, a, { email: 'svi1@primer.test', script: 'cir' });
    await makeRegistration(t.db, a, { email: 'svi2@primer.test', status: 'waitlisted' });
    const none = await staff.post(`${staffPage(a)}/poruka`, { to: '', subject: 'Promena sale', body: 'Vidimo se u sali 2.' });
    assert.equal(none.status, 400);
    assert.equal(
      (await staff.post(`${staffPage(a)}/poruka`, { to: 'confirmed', subject: 'Promena sale', body: 'Vidimo se u sali 2.' })).status,
      303,
    );
    const m = (await lastMailTo(t.db, 'svi1@primer.test'))!;
    assert.equal(m.subject, 'Промена сале');
    assert.equal(await lastMailTo(t.db, 'svi2@primer.test'), undefined);
  });

  test('opening the list logs a view of each person from the office’s register', async () => {
    const a = await makeActivity(t.db, 'pancevo');
    const [p] = await t.db.query<{ id: string; office_id: string }>(
      `SELECT p.id, p.office_id FROM people p JOIN offices o ON o.id = p.office_id WHERE o.slug = 'pancevo' AND p.anonymised_at IS NULL LIMIT 1`,
    );
    await makeRegistration(t.db, a, { personId: p!.id });
    const before = (
      await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM personal_data_access WHERE person_id = $1', [p!.id])
    )[0]!.n;
    assert.equal((await staff.get(staffPage(a))).status, 200);
    const rows = await t.db.query<{ action: string; reason: string }>(
      'SELECT action, reason FROM personal_data_access WHERE person_id = $1 ORDER BY at DESC LIMIT 1',
      [p!.id],
    );
    assert.equal(
      (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM personal_data_access WHERE person_id = $1', [p!.id]))[0]!.n,
      before + 1,
    );
    assert.deepEqual(rows[0], { action: 'view', reason: 'registrations' });
  });

  test('a coordinator’s cancellation sends the one cancellation mail, saying the office cancelled it', async () => {
    const a = await makeActivity(t.db, 'pancevo', { title: 'Radionica za otkazivanje' });
    const r = await makeRegistration(t.db, a, { email: 'otkazan@primer.test', script: 'lat' });
    assert.equal((await staff.post(`${staffPage(a)}/otkazi`, { id: r.id })).status, 303);
    const m = (await lastMailTo(t.db, 'otkazan@primer.test'))!;
    assert.equal(m.subject, 'Prijava je otkazana: Radionica za otkazivanje');
    assert.match(m.body_text, /Kancelarija je otkazala vašu prijavu/);
    assert.doesNotMatch(m.body_text, /Hvala što ste javili/);
  });

  test('another office’s coordinator gets 403/404, never the list', async () => {
    const a = await makeActivity(t.db, 'pancevo');
    const res = await staffB.get(staffPage(a));
    assert.ok(res.status === 403 || res.status === 404);
    const own = await staffB.get(`/lat/admin/kancelarije/cacak/aktivnosti/${a.id}/prijave`);
    assert.equal(own.status, 404);
    const r = await makeRegistration(t.db, a);
    const cross = await staffB.post(`/lat/admin/kancelarije/cacak/aktivnosti/${a.id}/prijave/otkazi`, { id: r.id });
    assert.equal(cross.status, 404);
    // A registration of another activity, posted to this one's list: 404, nothing changes.
    const other = await makeActivity(t.db, 'pancevo');
    assert.equal((await staff.post(`${staffPage(other)}/otkazi`, { id: r.id })).status, 404);
    assert.equal(await count(a), 1);
  });
});

describe('reminders and erasure', () => {
  test('the day before, each confirmed person gets one reminder', async () => {
    const soon = new Date(Date.now() + 20 * 3_600_000);
    const a = await makeActivity(t.db, 'pancevo', { sessions: [[soon, new Date(soon.getTime() + 3_600_000)]] });
    await makeRegistration(t.db, a, { email: 'podseti@primer.test' });
    await makeRegistration(t.db, a, { email: 'ceka@primer.test', status: 'waitlisted' });
    const first = await runReminders(t.deps);
    assert.ok(first.ran && first.mails >= 1);
    assert.match((await lastMailTo(t.db, 'podseti@primer.test'))!.subject, /Podsetnik/);
    assert.equal(await lastMailTo(t.db, 'ceka@primer.test'), undefined);
    const second = await runReminders(t.deps);
    assert.equal(second.mails, 0, 'once only');
  });

  test('erasing an account frees its seat for the first waiting and anonymises its registrations', async () => {
    const a = await makeActivity(t.db, 'pancevo', { capacity: 1 });
    const [u] = await t.db.query<{ id: string }>(
      `INSERT INTO users (email, password_hash, display_name, birth_date) VALUES ('brisem@primer.test', 'x', 'Brišem Se', '2003-03-03') RETURNING id`,
    );
    await makeRegistration(t.db, a, { userId: u!.id, email: 'brisem@primer.test', birthYear: 2003 });
    await makeRegistration(t.db, a, { email: 'sledeci@primer.test', status: 'waitlisted' });
    await t.db.transaction((tx) => eraseUserRegistrations(tx, t.deps, u!.id));
    const rows = await t.db.query<{ email: string; full_name: string; birth_year: number; status: string; anonymised_at: Date | null }>(
      'SELECT email, full_name, birth_year, status, anonymised_at FROM registrations WHERE activity_id = $1 ORDER BY created_at',
      [a.id],
    );
    assert.equal(rows[0]!.email, '');
    assert.equal(rows[0]!.full_name, '');
    assert.equal(rows[0]!.birth_year, 2003);
    assert.equal(rows[0]!.status, 'cancelled');
    assert.ok(rows[0]!.anonymised_at);
    assert.equal(rows[1]!.status, 'confirmed');
    assert.equal(await count(a), 1);
  });
});

describe('the QR code in the mail', () => {
  test('a confirmed place’s mail carries its QR code as a PNG, drawn when the mail is sent; a waitlist mail carries none', async () => {
    const a = await makeActivity(t.db, 'pancevo', { capacity: 2 });
    // Both paths that confirm a place: an account's one-click sign-up (the seat statement
    // queues its mail) and a guest's confirmation link (queueRegistrationMails).
    assert.equal((await young.post(signUp(a), {})).status, 303);
    await guestConfirmed(a, 'qr.prvi@primer.test');
    await guestConfirmed(a, 'qr.drugi@primer.test');
    const codesOf = async (email: string) =>
      (
        await t.db.query<{ code: string; short_code: string }>(
          `SELECT code, short_code FROM registrations WHERE activity_id = $1 AND lower(email) = $2`,
          [a.id, email],
        )
      )[0]!;
    const queued = async (to: string) =>
      (
        await t.db.query<{ message_id: string; attachments: Array<Record<string, string>> }>(
          'SELECT message_id, attachments FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1',
          [to],
        )
      )[0]!;
    const confirmed = ['mladi@primer.test', 'qr.prvi@primer.test'];
    for (const to of confirmed) {
      const { code, short_code } = await codesOf(to);
      // Queued inside the sign-up: the code to draw, no image yet; the file is named by the entry code.
      assert.deepEqual(
        (await queued(to)).attachments,
        [{ filename: `prijava-${formatEntryCode(short_code)}.png`, contentType: 'image/png', qr: code }],
        to,
      );
    }
    assert.deepEqual((await queued('qr.drugi@primer.test')).attachments, [], 'waiting: no code to show yet');

    const smtp = await startSmtp();
    const transport = createTransport({ SMTP_URL: smtp.url });
    try {
      await new MailWorker(t.db, transport, { from: 'KZM <no-reply@kzm.localhost>', log: t.deps.log }).runOnce();
      for (const to of confirmed) {
        const { code, short_code } = await codesOf(to);
        const { message_id } = await queued(to);
        const got = smtp.received.find((m) => m.messageId === message_id);
        assert.ok(got, `${to} got the mail`);
        assert.match(got.raw, new RegExp(`Content-Type: image/png; name=prijava-${formatEntryCode(short_code)}\\.png`, 'i'));
        assert.ok(
          got.raw.replace(/\s+/g, '').includes(Buffer.from(await qrPng(code)).toString('base64')),
          'the QR code of this registration’s code, drawn at sending',
        );
      }
      const { message_id: waitingId } = await queued('qr.drugi@primer.test');
      const waiting = smtp.received.find((m) => m.messageId === waitingId);
      assert.ok(waiting);
      assert.doesNotMatch(waiting.raw, /image\/png/i);
    } finally {
      transport.close?.();
      await smtp.close();
    }
  });
});
