import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, lastMailTo, linkIn, type TestApp, type TestClient } from '../../../test/app.ts';
import { checkConsistency } from '../../../test/consistency.ts';
import { snapshot } from '../../../test/snapshot.ts';
import { PRIVACY_NOTICE_VERSION } from '../accounts/service.ts';
import { hasLiveConsent, liveConsentSql } from './repo.ts';
import { makeAccount } from './fixtures.ts';
import { withdrawConsent } from '../people/consents.ts';
import { yearsAgo } from '../accounts/testing.ts';

/**
 * Issue #4, consent: from 15 a person joins a register alone; under 15 only a parent, and only
 * once the parent confirmed from their own e-mail; refusing deletes; links expire. Withdrawal
 * is one button and takes effect everywhere.
 */
let t: TestApp;
let pancevo: string;
let settlement: string;
const realNow = () => new Date();
before(async () => {
  t = await createTestApp();
  pancevo = (await t.db.query<{ id: string }>("SELECT id FROM offices WHERE slug = 'pancevo'"))[0]!.id;
  settlement = (
    await t.db.query<{ id: string }>(
      "SELECT id FROM office_settlements WHERE office_id = $1 AND kind = 'rural' ORDER BY position LIMIT 1",
      [pancevo],
    )
  )[0]!.id;
});
after(() => t.close());

let n = 0;
/** A fresh signed-in young person (own account, given birth date). */
async function person(birth = yearsAgo(17)): Promise<{ client: TestClient; userId: string; email: string }> {
  const email = `mlada.osoba.${++n}@primer.test`;
  const userId = await makeAccount(t.db, await t.deps.passwords.hash('lozinka-za-test-1'), { email, name: `Mlada Osoba ${n}`, birth });
  return { client: await t.clientAs(email), userId, email };
}

const joinFields = (over: Record<string, string> = {}) => ({
  full_name: 'Mila Probna',
  email: 'mila.probna@primer.test',
  phone: '064/123-4567',
  birth_date: yearsAgo(17),
  gender: 'undisclosed',
  settlement_id: settlement,
  status: 'pupil',
  interests: 'education,volunteering',
  script: 'lat',
  purposes: 'register,contact',
  ...over,
});

const personOf = async (userId: string) =>
  (
    await t.db.query<{
      id: string;
      full_name: string;
      source: string;
      birth_year: number;
      anonymised_at: Date | null;
      settlement_kind: string | null;
    }>('SELECT id, full_name, source, birth_year, anonymised_at, settlement_kind FROM people WHERE office_id = $1 AND user_id = $2', [
      pancevo,
      userId,
    ])
  )[0];

const consentsOf = (personId: string) =>
  t.db.query<{
    id: string;
    purpose: string;
    given_by: string;
    evidence: string;
    notice_version: string;
    parent_confirmed_at: Date | null;
    withdrawn_at: Date | null;
  }>(
    'SELECT id, purpose, given_by, evidence, notice_version, parent_confirmed_at, withdrawn_at FROM person_consents WHERE office_id = $1 AND person_id = $2 ORDER BY purpose',
    [pancevo, personId],
  );

describe('joining from 15, alone', () => {
  test('the form is prefilled from the account; joining writes the person, a self consent per purpose with the notice version, and no special categories', async () => {
    const { client, userId } = await person();
    const form = await client.get('/lat/kancelarije/pancevo/pridruzi-se');
    assert.equal(form.status, 200);
    const html = await form.text();
    assert.match(html, /value="Mlada Osoba \d+"/);
    assert.match(html, /name="purposes" value="sensitive"/, 'the special categories have their own consent box');
    assert.match(html, /<legend>Posebne vrste podataka \(nije obavezno\)<\/legend>/);

    const res = await client.post('/lat/kancelarije/pancevo/pridruzi-se', joinFields());
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/lat/moj-nalog/podaci?n=me.join.done');
    const p = await personOf(userId);
    assert.ok(p);
    assert.equal(p.source, 'online');
    assert.equal(p.settlement_kind, 'rural');
    const consents = await consentsOf(p.id);
    assert.deepEqual(
      consents.map((c) => [c.purpose, c.given_by, c.evidence, c.notice_version, c.withdrawn_at]),
      [
        ['contact', 'self', 'online', PRIVACY_NOTICE_VERSION, null],
        ['register', 'self', 'online', PRIVACY_NOTICE_VERSION, null],
      ],
    );
    assert.equal((await t.db.query('SELECT 1 FROM person_sensitive WHERE office_id = $1 AND person_id = $2', [pancevo, p.id])).length, 0);
    assert.equal(await hasLiveConsent(t.db, pancevo, p.id, 'contact'), true);
    assert.equal(await hasLiveConsent(t.db, pancevo, p.id, 'photos'), false);

    // Already in the register: the form sends the person to their data, and a second post writes nothing.
    const again = await client.get('/lat/kancelarije/pancevo/pridruzi-se');
    assert.equal(again.headers.get('location'), '/lat/moj-nalog/podaci?n=me.join.already');
    const before = await snapshot(t.db);
    const twice = await client.post('/lat/kancelarije/pancevo/pridruzi-se', joinFields());
    assert.equal(twice.headers.get('location'), '/lat/moj-nalog/podaci?n=me.join.already');
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('special categories are stored only with their own explicit consent', async () => {
    const { client, userId } = await person();
    const without = await client.post('/lat/kancelarije/pancevo/pridruzi-se', joinFields({ ethnicity: 'roma' }));
    assert.equal(without.status, 400);
    assert.match(await without.text(), /samo uz vašu izričitu saglasnost/);
    assert.equal(await personOf(userId), undefined);

    const res = await client.post(
      '/lat/kancelarije/pancevo/pridruzi-se',
      joinFields({ ethnicity: 'roma', disability: 'no', purposes: 'register,sensitive' }),
    );
    assert.equal(res.status, 303);
    const p = (await personOf(userId))!;
    const s = await t.db.query<{ ethnicity: string; disability: boolean; consent_id: string }>(
      'SELECT ethnicity, disability, consent_id FROM person_sensitive WHERE office_id = $1 AND person_id = $2',
      [pancevo, p.id],
    );
    assert.deepEqual(
      s.map((r) => [r.ethnicity, r.disability]),
      [['roma', false]],
    );
    const sensitiveConsent = (await consentsOf(p.id)).find((c) => c.purpose === 'sensitive')!;
    assert.equal(s[0]!.consent_id, sensitiveConsent.id);
  });

  test('bad input re-renders with messages in the reader’s script, nothing written: no register consent, under 15, future birth, unknown settlement', async () => {
    const { client, userId } = await person();
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ purposes: 'contact' }, /Без сагласности за регистар не можемо да вас упишемо/],
      [{ birth_date: yearsAgo(14) }, /млађи сте од 15 година: упис обавља родитељ/],
      [{ birth_date: yearsAgo(-1) }, /не може бити у будућности/],
      [{ settlement_id: '00000000-0000-4000-8000-000000000000' }, /Изаберите једну од понуђених вредности/],
      [{ email: 'nije-adresa', gender: 'robot' }, /Упишите исправну е-адресу/],
    ];
    for (const [over, message] of cases) {
      const res = await client.post('/cir/kancelarije/pancevo/pridruzi-se', joinFields(over));
      assert.equal(res.status, 400, JSON.stringify(over));
      const html = await res.text();
      assert.match(html, message, JSON.stringify(over));
      assert.match(html, /value="Mila Probna"/, 'what was typed is kept');
    }
    assert.equal(await personOf(userId), undefined);
  });

  test('an account joins only through its own session: logged out it is sent to log in', async () => {
    const res = await t.client().get('/lat/kancelarije/pancevo/pridruzi-se');
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location')!, /^\/lat\/nalog\/prijava\?next=/);
    const directory = await (await person()).client.get('/lat/kancelarije/opovo/pridruzi-se');
    assert.equal(directory.status, 404, 'a directory-only office keeps no register');
  });
});

describe('under 15, through a parent’s confirmed e-mail', () => {
  const parentFields = (over: Record<string, string> = {}) => ({
    full_name: 'Mali Probić',
    birth_date: yearsAgo(10),
    settlement_id: settlement,
    parent_name: 'Roditelj Probić',
    parent_email: `roditelj.${++n}@primer.test`,
    purposes: 'register,photos',
    ...over,
  });
  const childRows = (name: string) =>
    t.db.query<{ id: string; user_id: string | null }>('SELECT id, user_id FROM people WHERE office_id = $1 AND full_name = $2', [
      pancevo,
      name,
    ]);

  test('the request is pending until the parent agrees from the mailed link; then every consent is in force, and the link works once', async () => {
    const fields = parentFields({ full_name: 'Dete Saglasno' });
    const res = await t.client().post('/lat/kancelarije/pancevo/pridruzi-se/roditelj', fields);
    assert.equal(res.status, 200);
    assert.match(await res.text(), new RegExp(`Poslali smo poruku na ${fields.parent_email}`));
    const [child] = await childRows('Dete Saglasno');
    assert.ok(child);
    assert.equal(child.user_id, null);
    const consents = await consentsOf(child.id);
    assert.deepEqual(
      consents.map((c) => [c.purpose, c.given_by, c.evidence, c.parent_confirmed_at]),
      [
        ['photos', 'parent', 'online', null],
        ['register', 'parent', 'online', null],
      ],
    );
    assert.equal(await hasLiveConsent(t.db, pancevo, child.id, 'register'), false, 'pending: nothing is done with the data');
    const listed = await t.db.query(`SELECT p.id FROM people p WHERE p.office_id = $1 AND ${liveConsentSql("'photos'")}`, [pancevo]);
    assert.ok(!listed.some((r) => r.id === child.id));

    const mail = await lastMailTo(t.db, fields.parent_email);
    assert.match(mail!.subject, /Potvrdite saglasnost/);
    assert.match(mail!.body_text, /Dete Saglasno/);
    assert.match(mail!.body_text, /^Zdravo, Roditelj Probić,/);
    const link = linkIn(mail!.body_text);
    assert.match(link, /^\/lat\/saglasnost\/pancevo\/[A-Za-z0-9_-]{43}$/);
    const tokens = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM consent_tokens WHERE office_id = $1', [pancevo]);
    assert.ok(!tokens.some((r) => link.includes(r.token_hash)), 'only the hash is stored');

    const page = await t.client().get(link);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'private, no-store');
    const html = await page.text();
    assert.match(html, /Dete Saglasno/);
    assert.match(html, /Registar mladih/);
    assert.match(html, /Fotografije i snimci sa aktivnosti/);
    assert.match(html, new RegExp(`verzija ${PRIVACY_NOTICE_VERSION}`));
    assert.match(html, /href="\/lat\/privatnost"/);
    // A browser without any cookie yet: both answers' forms carry the token of the one cookie set.
    const fresh = await t.app.request(`http://kzm.test${link}`);
    const csrfCookies = fresh.headers.getSetCookie().filter((c) => c.startsWith('kzm_csrf='));
    assert.equal(csrfCookies.length, 1);
    const formTokens = [...(await fresh.text()).matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(formTokens.length, 2);
    assert.equal(formTokens[0], formTokens[1]);

    const agree = await t.client().post(link, { decision: 'agree' });
    assert.equal(agree.status, 200);
    assert.match(await agree.text(), /Saglasnost je data/);
    const after = await consentsOf(child.id);
    assert.ok(after.every((c) => c.parent_confirmed_at !== null && c.withdrawn_at === null));
    assert.equal(await hasLiveConsent(t.db, pancevo, child.id, 'photos'), true);

    assert.equal((await t.client().get(link)).status, 410, 'a used link is refused');
    const second = await t.client().post(link, { decision: 'refuse' });
    assert.equal(second.status, 410);
    assert.match(await second.text(), /Veza nije važeća/);
    assert.equal((await childRows('Dete Saglasno')).length, 1, 'a used link cannot undo the answer');
  });

  test('refusing deletes the child’s row, its consents and the link', async () => {
    const fields = parentFields({ full_name: 'Dete Odbijeno' });
    await t.client().post('/lat/kancelarije/pancevo/pridruzi-se/roditelj', fields);
    const link = linkIn((await lastMailTo(t.db, fields.parent_email))!.body_text);
    const res = await t.client().post(link, { decision: 'refuse' });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Podaci deteta su obrisani/);
    assert.deepEqual(await childRows('Dete Odbijeno'), []);
    assert.equal((await t.client().get(link)).status, 410);
  });

  test('an expired link (after 7 days, by the app’s clock) is refused and confirms nothing', async () => {
    const fields = parentFields({ full_name: 'Dete Zakasnelo' });
    await t.client().post('/lat/kancelarije/pancevo/pridruzi-se/roditelj', fields);
    const link = linkIn((await lastMailTo(t.db, fields.parent_email))!.body_text);
    t.deps.now = () => new Date(Date.now() + 7 * 24 * 3600 * 1000 + 60_000);
    try {
      assert.equal((await t.client().get(link)).status, 410);
      assert.equal((await t.client().post(link, { decision: 'agree' })).status, 410);
    } finally {
      t.deps.now = realNow;
    }
    const [child] = await childRows('Dete Zakasnelo');
    assert.ok((await consentsOf(child!.id)).every((c) => c.parent_confirmed_at === null));
    // A day before expiry the same link still works.
    assert.equal((await t.client().get(link)).status, 200);
  });

  test('a child of 15 or more is sent to sign up; a bad answer or token changes nothing', async () => {
    const before = await snapshot(t.db);
    const res = await t.client().post('/lat/kancelarije/pancevo/pridruzi-se/roditelj', parentFields({ birth_date: yearsAgo(15) }));
    assert.equal(res.status, 400);
    assert.match(await res.text(), /dete ima 15 ili više godina/);
    const sensitive = await t
      .client()
      .post('/lat/kancelarije/pancevo/pridruzi-se/roditelj', parentFields({ purposes: 'register,sensitive' }));
    assert.equal(sensitive.status, 400, 'special categories are not asked of a parent online');
    assert.equal((await t.client().get(`/lat/saglasnost/pancevo/${'A'.repeat(43)}`)).status, 410);
    assert.equal((await t.client().post(`/lat/saglasnost/pancevo/${'A'.repeat(43)}`, { decision: 'agree' })).status, 410);
    assert.equal((await t.client().get('/lat/saglasnost/pancevo/kratak')).status, 410);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('the link of one office does not open in another', async () => {
    const fields = parentFields({ full_name: 'Dete Pancevo' });
    await t.client().post('/lat/kancelarije/pancevo/pridruzi-se/roditelj', fields);
    const link = linkIn((await lastMailTo(t.db, fields.parent_email))!.body_text);
    assert.equal((await t.client().get(link.replace('/pancevo/', '/cacak/'))).status, 410);
    assert.equal((await t.client().post(link.replace('/pancevo/', '/cacak/'), { decision: 'agree' })).status, 410);
  });

  test('mail to one parent address is throttled like account mail', async () => {
    const parent_email = `roditelj.ograniceni@primer.test`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t
        .client()
        .post('/lat/kancelarije/pancevo/pridruzi-se/roditelj', parentFields({ full_name: `Dete Broj ${i}`, parent_email }));
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    assert.equal((await childRows('Dete Broj 5')).length, 0);
  });
});

describe('withdrawing, as easily as giving', () => {
  test('contact: one button; the purpose is off everywhere at once (hasLiveConsent, liveConsentSql), and given again with one button', async () => {
    const { client, userId } = await person();
    await client.post('/lat/kancelarije/pancevo/pridruzi-se', joinFields({ purposes: 'register,contact' }));
    const p = (await personOf(userId))!;
    const contact = (await consentsOf(p.id)).find((c) => c.purpose === 'contact')!;
    const page = await (await client.get('/lat/moj-nalog/saglasnosti')).text();
    assert.match(page, new RegExp(`name="consent" value="${contact.id}"`));

    const res = await client.post('/lat/moj-nalog/saglasnosti/povuci', { office: 'pancevo', consent: contact.id });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/lat/moj-nalog/saglasnosti?n=me.consents.withdrawn');
    assert.equal(await hasLiveConsent(t.db, pancevo, p.id, 'contact'), false);
    const mailing = await t.db.query(`SELECT p.id FROM people p WHERE p.office_id = $1 AND ${liveConsentSql('$2')}`, [pancevo, 'contact']);
    assert.ok(!mailing.some((r) => r.id === p.id));
    assert.equal(await hasLiveConsent(t.db, pancevo, p.id, 'register'), true, 'the other purposes stay');

    const give = await client.post('/lat/moj-nalog/saglasnosti/daj', { office: 'pancevo', purpose: 'contact' });
    assert.equal(give.headers.get('location'), '/lat/moj-nalog/saglasnosti?n=me.consents.givenNotice');
    assert.equal(await hasLiveConsent(t.db, pancevo, p.id, 'contact'), true);
    const history = await consentsOf(p.id);
    assert.equal(history.filter((c) => c.purpose === 'contact').length, 2, 'the withdrawn consent stays in the history');
  });

  test('sensitive: withdrawing deletes the special-category row', async () => {
    const { client, userId } = await person();
    await client.post(
      '/lat/kancelarije/pancevo/pridruzi-se',
      joinFields({ purposes: 'register,sensitive', ethnicity: 'roma', health_note: 'astma' }),
    );
    const p = (await personOf(userId))!;
    const sensitive = (await consentsOf(p.id)).find((c) => c.purpose === 'sensitive')!;
    const res = await client.post('/lat/moj-nalog/saglasnosti/povuci', { office: 'pancevo', consent: sensitive.id });
    assert.equal(res.headers.get('location'), '/lat/moj-nalog/saglasnosti?n=me.consents.sensitiveWithdrawn');
    assert.equal((await t.db.query('SELECT 1 FROM person_sensitive WHERE office_id = $1 AND person_id = $2', [pancevo, p.id])).length, 0);
    assert.equal(await hasLiveConsent(t.db, pancevo, p.id, 'sensitive'), false);
  });

  test('register: a confirmation step first, then the row is anonymised in place (counts stay) and every consent withdrawn', async () => {
    const { client, userId } = await person(yearsAgo(18));
    await client.post(
      '/lat/kancelarije/pancevo/pridruzi-se',
      joinFields({ purposes: 'register,contact,sensitive', ethnicity: 'roma', birth_date: yearsAgo(18) }),
    );
    const p = (await personOf(userId))!;
    const register = (await consentsOf(p.id)).find((c) => c.purpose === 'register')!;

    const before = await snapshot(t.db);
    const ask = await client.post('/lat/moj-nalog/saglasnosti/povuci', { office: 'pancevo', consent: register.id });
    assert.equal(ask.status, 200);
    assert.match(await ask.text(), /trajno anonimizovani/);
    assert.deepEqual(await snapshot(t.db), before, 'nothing happens before the confirmation');

    const res = await client.post('/lat/moj-nalog/saglasnosti/povuci', { office: 'pancevo', consent: register.id, confirm: 'yes' });
    assert.equal(res.headers.get('location'), '/lat/moj-nalog/podaci?n=me.withdraw.done');
    const row = (await t.db.query<Record<string, unknown>>('SELECT * FROM people WHERE office_id = $1 AND id = $2', [pancevo, p.id]))[0]!;
    assert.deepEqual(
      {
        full_name: row.full_name,
        email: row.email,
        phone: row.phone,
        birth_date: row.birth_date,
        user_id: row.user_id,
        settlement_id: row.settlement_id,
      },
      { full_name: '', email: '', phone: '', birth_date: null, user_id: null, settlement_id: null },
    );
    assert.equal(row.birth_year, p.birth_year);
    assert.equal(row.gender, 'undisclosed');
    assert.equal(row.settlement_kind, 'rural');
    assert.equal(row.status, 'pupil');
    assert.ok(row.anonymised_at);
    assert.ok((await consentsOf(p.id)).every((c) => c.withdrawn_at !== null));
    assert.equal((await t.db.query('SELECT 1 FROM person_sensitive WHERE office_id = $1 AND person_id = $2', [pancevo, p.id])).length, 0);
    assert.match(await (await client.get('/lat/moj-nalog/saglasnosti')).text(), /Niste upisani ni u jedan registar/);
    // The person may join again: a new row.
    assert.equal((await client.get('/lat/kancelarije/pancevo/pridruzi-se')).status, 200);
  });

  test('nobody reaches another person’s consent: a foreign consent id answers 404 and changes nothing', async () => {
    const owner = await person();
    await owner.client.post('/lat/kancelarije/pancevo/pridruzi-se', joinFields());
    const p = (await personOf(owner.userId))!;
    const contact = (await consentsOf(p.id)).find((c) => c.purpose === 'contact')!;
    const other = await person();
    await other.client.post('/lat/kancelarije/pancevo/pridruzi-se', joinFields());
    const before = await snapshot(t.db);
    for (const office of ['pancevo', 'cacak']) {
      const res = await other.client.post('/lat/moj-nalog/saglasnosti/povuci', { office, consent: contact.id, confirm: 'yes' });
      assert.equal(res.status, 404);
    }
    assert.equal((await other.client.post('/lat/moj-nalog/saglasnosti/povuci', { office: 'pancevo', consent: 'nije-uuid' })).status, 400);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('withdrawConsent for staff pages: any consent of the office, logged as an edit in the access log', async () => {
    const { client, userId } = await person();
    await client.post('/lat/kancelarije/pancevo/pridruzi-se', joinFields({ purposes: 'register,photos' }));
    const p = (await personOf(userId))!;
    const photos = (await consentsOf(p.id)).find((c) => c.purpose === 'photos')!;
    const staff = (await t.db.query<{ id: string }>("SELECT id FROM users WHERE email = 'pancevo@primer.test'"))[0]!.id;
    const actor = {
      userId: staff,
      sessionId: '',
      email: 'pancevo@primer.test',
      displayName: 'Petra',
      locale: 'lat' as const,
      isNationalAdmin: false,
      memberships: [],
    };
    const cacak = (await t.db.query<{ id: string }>("SELECT id FROM offices WHERE slug = 'cacak'"))[0]!.id;
    assert.deepEqual(
      await withdrawConsent(t.deps, actor, cacak, photos.id, 'staff'),
      { ok: false },
      'another office’s consent is not found',
    );
    assert.deepEqual(await withdrawConsent(t.deps, actor, pancevo, photos.id, 'staff'), { ok: true, purpose: 'photos' });
    assert.equal(await hasLiveConsent(t.db, pancevo, p.id, 'photos'), false);
    const log = await t.db.query<{ actor_id: string; action: string }>(
      'SELECT actor_id, action FROM personal_data_access WHERE office_id = $1 AND person_id = $2',
      [pancevo, p.id],
    );
    assert.deepEqual(log, [{ actor_id: staff, action: 'edit' }]);
    assert.deepEqual(
      await withdrawConsent(t.deps, null, pancevo, photos.id, 'person'),
      { ok: false },
      'a person’s withdrawal needs the person',
    );
  });

  test('the database keeps its invariants', async () => {
    await checkConsistency(t.db);
  });
});
