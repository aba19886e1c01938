import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, lastMailTo, linkIn, type TestApp, type TestClient } from '../../../test/app.ts';
import { makeActivity, makeRegistration, type TestActivity } from '../activities/testing.ts';

/**
 * Every message tells the truth to the person reading it (issue #11 point 3): one message after
 * a guest confirms, the waitlist position instead of "confirmed", no thanks for a cancellation
 * the coordinator made, the coordinator's list written for the coordinator, and an activity "at
 * the office" showing the office's address on every page, mail and feed.
 */
let t: TestApp;
let staff: TestClient;
let young: TestClient;
let office: { address: string; town: string };
before(async () => {
  t = await createTestApp();
  staff = await t.clientAs('pancevo@primer.test');
  young = await t.clientAs('mladi@primer.test');
  // The office's address as the test database has it, set to something recognisable.
  await t.db.query(`UPDATE offices SET address = 'Трг краља Петра I 2-4', room = 'II спрат, канцеларија 204' WHERE slug = 'pancevo'`);
  office = (await t.db.query<{ address: string; town: string }>(`SELECT address, town FROM offices WHERE slug = 'pancevo'`))[0]!;
});
after(() => t.close());

const signUp = (a: TestActivity) => `/lat/kancelarije/pancevo/aktivnosti/${a.id}/prijava`;
const notices = (html: string) => [...html.matchAll(/<p class="notice"[^>]*>([^<]*)</g)].map((m) => m[1]!);

/** A guest signs up and opens the confirmation link; returns the page the confirmation lands on. */
async function guestConfirms(a: TestActivity, email: string): Promise<string> {
  assert.equal((await t.client().post(signUp(a), { full_name: 'Gost Istinić', email, birth_year: '2005' })).status, 200);
  const token = new URL(`http://x${linkIn((await lastMailTo(t.db, email))!.body_text)}`).searchParams.get('t')!;
  const c = t.client();
  const done = await c.post('/lat/prijava/potvrda', { t: token });
  assert.equal(done.status, 303);
  return (await c.get(done.headers.get('location')!)).text();
}

describe('after a guest confirms', () => {
  test('a seat: one message, not "confirmed" and "this link was already used" together', async () => {
    const a = await makeActivity(t.db, 'pancevo', { capacity: 5 });
    const page = await guestConfirms(a, 'istina1@primer.test');
    assert.deepEqual(notices(page), ['Prijava je potvrđena — mesto je vaše.']);
    assert.doesNotMatch(page, /već iskorišćena/);
    // Opened again later, the link says it was used (and the page shows the state).
    const token = new URL(`http://x${linkIn((await lastMailTo(t.db, 'istina1@primer.test'))!.body_text)}`).searchParams.get('t')!;
    const later = await (await t.client().get(`/lat/prijava/potvrda?t=${encodeURIComponent(token)}`)).text();
    assert.match(later, /Ova veza je već iskorišćena/);
    assert.match(later, /KZM-/);
  });

  test('the waitlist: told the position, not "confirmed"', async () => {
    const a = await makeActivity(t.db, 'pancevo', { capacity: 1 });
    await makeRegistration(t.db, a);
    const page = await guestConfirms(a, 'istina2@primer.test');
    assert.deepEqual(notices(page), [
      'Sva mesta su popunjena: na listi čekanja ste 1. po redu. Ako se mesto oslobodi, dobićete ga i javićemo vam porukom.',
    ]);
    assert.doesNotMatch(page, /potvrđen/i);
    assert.match((await lastMailTo(t.db, 'istina2@primer.test'))!.body_text, /pod brojem 1\./);
  });

  test('an account’s one-click sign-up onto the waitlist is told its position too', async () => {
    const a = await makeActivity(t.db, 'pancevo', { capacity: 1 });
    await makeRegistration(t.db, a);
    await makeRegistration(t.db, a, { status: 'waitlisted' });
    const res = await young.post(signUp(a), {});
    assert.equal(res.status, 303);
    const page = await (await young.get(res.headers.get('location')!)).text();
    assert.deepEqual(notices(page), [
      'Sva mesta su popunjena: na listi čekanja ste 2. po redu. Ako se mesto oslobodi, dobićete ga i javićemo vam porukom.',
    ]);
  });
});

describe('cancellations', () => {
  test('cancelled by the coordinator: told so, not thanked "for letting us know"; cancelling oneself still is', async () => {
    const a = await makeActivity(t.db, 'pancevo');
    const reg = await makeRegistration(t.db, a, { email: 'otkazan@primer.test' });
    const res = await staff.post(`/lat/admin/kancelarije/pancevo/aktivnosti/${a.id}/prijave/otkazi`, { id: reg.id });
    assert.equal(res.status, 303);
    const mail = (await lastMailTo(t.db, 'otkazan@primer.test'))!;
    assert.doesNotMatch(mail.body_text, /Hvala što ste javili/);
    assert.match(mail.body_text, /Kancelarija je otkazala vašu prijavu/);
    // The coordinator's page notice speaks of the registration, not to its owner.
    const page = await (await staff.get(res.headers.get('location')!)).text();
    assert.doesNotMatch(page, /Hvala/);

    const mine = await young.post(signUp(a), {});
    assert.equal(mine.status, 303);
    const [row] = await t.db.query<{ id: string }>(
      `SELECT r.id FROM registrations r JOIN users u ON u.id = r.user_id WHERE r.activity_id = $1 AND u.email = 'mladi@primer.test'`,
      [a.id],
    );
    assert.equal((await young.post('/lat/moj-nalog/prijave/otkazi', { id: row!.id })).status, 303);
    assert.match((await lastMailTo(t.db, 'mladi@primer.test'))!.body_text, /Hvala što ste javili/);
  });
});

describe('the coordinator’s registration list', () => {
  test('speaks to the coordinator: a full activity is not "you can join the waiting list"; an online one shows its link', async () => {
    const a = await makeActivity(t.db, 'pancevo', { capacity: 1, placeKind: 'online', onlineUrl: 'https://meet.primer.test/radionica' });
    await makeRegistration(t.db, a);
    const page = await (await staff.get(`/lat/admin/kancelarije/pancevo/aktivnosti/${a.id}/prijave`)).text();
    assert.doesNotMatch(page, /možete se upisati/);
    assert.doesNotMatch(page, /veza stiže porukom/);
    assert.match(page, /Sva mesta su popunjena: nove prijave idu na listu čekanja\./);
    assert.match(page, /https:\/\/meet\.primer\.test\/radionica/);
  });
});

describe('an activity held at the office', () => {
  test('shows the office’s address everywhere: pages, mails, the calendar feed — "Where:" is never blank', async () => {
    const a = await makeActivity(t.db, 'pancevo', { title: 'Radionica u kancelariji', placeKind: 'office', place: '' });
    const address = 'Trg kralja Petra I 2-4';
    // The sign-up mail (the seat statement's) and its reminder-style text.
    assert.equal((await young.post(signUp(a), {})).status, 303);
    const mail = (await lastMailTo(t.db, 'mladi@primer.test'))!;
    assert.match(mail.body_text, new RegExp(`Mesto: II sprat, kancelarija 204, ${address}, Pančevo`));
    // Pages: the activity, the sign-up page, my registrations, the coordinator's list.
    for (const path of [
      `/lat/kancelarije/pancevo/aktivnosti/${a.id}`,
      signUp(a),
      '/lat/moj-nalog/prijave',
      `/lat/admin/kancelarije/pancevo/aktivnosti/${a.id}/prijave`,
    ]) {
      const html = await (path.includes('/admin/') ? staff : young).get(path).then((r) => r.text());
      assert.ok(html.includes(address), `${path} shows the office’s address`);
    }
    // The calendar feed's LOCATION, in both scripts.
    const ics = await (await t.client().get(`/kancelarije/pancevo/aktivnosti/${a.id}/kalendar.ics?pismo=lat`)).text();
    assert.match(ics.replace(/\r\n[ \t]/g, ''), new RegExp(`LOCATION:II sprat\\\\, kancelarija 204\\\\, ${address}\\\\, Pančevo`));
    const cir = await (await t.client().get(`/kancelarije/pancevo/aktivnosti/${a.id}/kalendar.ics?pismo=cir`)).text();
    assert.ok(cir.replace(/\r\n[ \t]/g, '').includes(office.address.replace(/,/g, '\\,')), 'Cyrillic feed');
    // A room named on the activity comes first, then the office's street.
    const room = await makeActivity(t.db, 'pancevo', { placeKind: 'office', place: 'sala 2' });
    const [w] = await t.db.query<{ w: string }>('SELECT activity_where(a) AS w FROM activities a WHERE id = $1', [room.id]);
    assert.equal(w!.w, `sala 2, ${office.address}, ${office.town}`);
  });
});

describe('where, in words, with the office joined', () => {
  test('activity_where(a, o) (inlined, migration 0024) says what activity_where(a) says for every kind of place', async () => {
    const made = [
      await makeActivity(t.db, 'pancevo', { placeKind: 'office', place: '' }),
      await makeActivity(t.db, 'pancevo', { placeKind: 'office', place: 'sala 3' }),
      await makeActivity(t.db, 'pancevo', { placeKind: 'address', place: 'Dom omladine' }),
      await makeActivity(t.db, 'pancevo', { placeKind: 'address', place: `Dom omladine, ${office.town}` }),
      await makeActivity(t.db, 'pancevo', { placeKind: 'address', place: '' }),
      await makeActivity(t.db, 'pancevo', { placeKind: 'online', onlineUrl: 'https://meet.primer.test/w' }),
    ];
    const rows = await t.db.query<{ one: string; two: string }>(
      `SELECT activity_where(a) AS one, activity_where(a, o) AS two
         FROM activities a JOIN offices o ON o.id = a.office_id WHERE a.id = ANY ($1::uuid[])`,
      [made.map((a) => a.id)],
    );
    assert.equal(rows.length, made.length);
    const expected = [
      `II спрат, канцеларија 204, ${office.address}, ${office.town}`,
      `sala 3, ${office.address}, ${office.town}`,
      `Dom omladine, ${office.town}`,
      office.town,
      'https://meet.primer.test/w',
    ];
    for (const e of expected)
      assert.ok(
        rows.some((r) => r.two === e),
        `${e} among ${rows.map((r) => r.two).join(' | ')}`,
      );
    for (const r of rows) assert.equal(r.two, r.one);
  });
});
