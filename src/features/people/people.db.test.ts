import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount } from '../../../test/actors.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts';
import { checkConsistency } from '../../../test/consistency.ts';
import { PRIVACY_NOTICE_VERSION } from '../accounts/service.ts';
import { localToday } from '../accounts/age.ts';
import { yearsAgo as birthDateYearsAgo } from '../accounts/testing.ts';
import { insertPersonConsent } from './consents-repo.ts';
import { insertPerson } from './repo.ts';
import { countPeople } from './stats-repo.ts';
import { personSearchKey } from './schema.ts';
import { createPerson, peopleStats } from './service.ts';
import { display } from '../../core/suppress.ts';

let t: TestApp;
let staff: TestClient;
let pancevo: string;
let cacak: string;
const P = '/lat/admin/kancelarije/pancevo';
const C = '/lat/admin/kancelarije/cacak';
const COORDINATOR_A = 'ljudi.koordinator.a@primer.test';
const COORDINATOR_B = 'ljudi.koordinator.b@primer.test';

before(async () => {
  t = await createTestApp();
  staff = await t.clientAs('pancevo@primer.test'); // office admin and coordinator of Pančevo
  await createAccount(t, { email: COORDINATOR_A, roles: [['pancevo', 'coordinator']] });
  await createAccount(t, { email: COORDINATOR_B, roles: [['cacak', 'coordinator']] });
  const offices = await t.db.query<{ id: string; slug: string }>(`SELECT id, slug FROM offices WHERE slug IN ('pancevo', 'cacak')`);
  pancevo = offices.find((o) => o.slug === 'pancevo')!.id;
  cacak = offices.find((o) => o.slug === 'cacak')!.id;
});
after(async () => {
  await checkConsistency(t.db);
  await t.close();
});

const text = async (res: Response) =>
  (await res.text())
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

/** 'YYYY-MM-DD' of today (Belgrade, by the app's clock) minus years and days. */
const yearsAgo = (years: number, days = 0) => birthDateYearsAgo(years, days, t.deps.now());

let seq = 0;
/** A plausible add-form submission; fields may be overridden. */
function person(fields: Record<string, string> = {}): Record<string, string> {
  seq++;
  return {
    full_name: `Test Osoba ${seq}`,
    email: `test.osoba.${seq}@primer.test`,
    birth_date: yearsAgo(18),
    given_by: 'self',
    evidence_note: `Registrator test, obrazac ${seq}`,
    consent_register: 'on',
    script: 'lat',
    ...fields,
  };
}

/** Adds a person through the form; returns the new id. */
async function add(fields: Record<string, string> = {}, client: TestClient = staff): Promise<string> {
  const res = await client.post(`${P}/mladi/novi`, person(fields));
  const body = res.status === 303 ? '' : await text(res);
  assert.equal(res.status, 303, body.slice(0, 2000));
  const m = /\/mladi\/([0-9a-f-]{36})\?n=people\.added$/.exec(res.headers.get('location') ?? '');
  assert.ok(m, res.headers.get('location') ?? '');
  return m[1]!;
}

const count = async (sql: string, params: unknown[] = []) =>
  (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]!.n;
const accessRows = (personId: string) =>
  t.db.query<{ action: string; reason: string; actor_id: string | null }>(
    'SELECT action, reason, actor_id FROM personal_data_access WHERE person_id = $1 ORDER BY at, action',
    [personId],
  );
const staffId = async (email: string) => (await t.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]))[0]!.id;

describe('adding someone met offline', () => {
  test('15 or older consents alone: person, paper consents with the notice version, access log and audit', async () => {
    const id = await add(person({ consent_contact: 'on', full_name: 'Ђорђе Петровић', email: 'djordje.p@primer.test' }));
    const [p] = await t.db.query<{ full_name: string; source: string; search_key: string; created_by: string }>(
      'SELECT full_name, source, search_key, created_by FROM people WHERE office_id = $1 AND id = $2',
      [pancevo, id],
    );
    assert.equal(p!.full_name, 'Ђорђе Петровић', 'stored as typed');
    assert.equal(p!.source, 'offline');
    assert.equal(p!.search_key, 'djordje petrovic djordje.p@primer.test');
    const consents = await t.db.query<{
      purpose: string;
      given_by: string;
      evidence: string;
      evidence_note: string;
      notice_version: string;
      recorded_by: string;
    }>(
      'SELECT purpose, given_by, evidence, evidence_note, notice_version, recorded_by FROM person_consents WHERE person_id = $1 ORDER BY purpose',
      [id],
    );
    const admin = await staffId('pancevo@primer.test');
    assert.deepEqual(
      consents.map((c) => [c.purpose, c.given_by, c.evidence, c.notice_version, c.recorded_by]),
      [
        ['contact', 'self', 'paper', PRIVACY_NOTICE_VERSION, admin],
        ['register', 'self', 'paper', PRIVACY_NOTICE_VERSION, admin],
      ],
    );
    assert.match(consents[0]!.evidence_note, /^Registrator test/);
    assert.deepEqual(
      (await accessRows(id)).map((a) => [a.action, a.actor_id]),
      [['create', admin]],
    );
    assert.equal(await count(`audit_events WHERE action = 'person.create' AND target = $1`, [id]), 1);
  });

  test('under 15 with a parent: the parent’s consent is recorded as signed; the page notes the age', async () => {
    const id = await add(
      person({ birth_date: yearsAgo(12), given_by: 'parent', parent_name: 'Roditeljka Testić', parent_email: 'roditelj@primer.test' }),
    );
    const [c] = await t.db.query<{ given_by: string; parent_name: string; parent_confirmed_at: Date | null }>(
      `SELECT given_by, parent_name, parent_confirmed_at FROM person_consents WHERE person_id = $1 AND purpose = 'register'`,
      [id],
    );
    assert.equal(c!.given_by, 'parent');
    assert.equal(c!.parent_name, 'Roditeljka Testić');
    assert.ok(c!.parent_confirmed_at);
    const page = await text(await staff.get(`${P}/mladi/${id}`));
    assert.match(page, /manje od 15 godina/);
    assert.match(page, /roditelj ili staratelj: Roditeljka Testić/);
  });

  test('under 15 without a parent, or a parent without a name, is refused with the message beside the field; nothing is written', async () => {
    const before = await count('people');
    const alone = await staff.post(`${P}/mladi/novi`, person({ birth_date: yearsAgo(14, 1), full_name: 'Premlada Osoba' }));
    assert.equal(alone.status, 400);
    const html = await alone.text();
    // The summary names the field it speaks of (issue #11 point 7).
    assert.match(html, /href="#f-given_by">Ko je potpisao saglasnost: Mlađi od 15 godina: saglasnost mora dati roditelj ili staratelj\./);
    assert.match(html, /value="Premlada Osoba"/, 'what was typed is kept');
    const noName = await staff.post(`${P}/mladi/novi`, person({ birth_date: yearsAgo(10), given_by: 'parent' }));
    assert.equal(noName.status, 400);
    assert.match(await noName.text(), /href="#f-parent_name"/);
    const en = await staff.post(`/en/admin/kancelarije/pancevo/mladi/novi`, person({ birth_date: yearsAgo(14) }));
    assert.match(await en.text(), /Under 15: the consent must be given by a parent or guardian\./);
    assert.equal(await count('people'), before);
  });

  test('birth dates in the future or over 120 years back, and nonsense dates, are field errors; over 30 is allowed with a note', async () => {
    for (const birth_date of [yearsAgo(-1), yearsAgo(121), '2001-02-30', 'juče']) {
      const res = await staff.post(`${P}/mladi/novi`, person({ birth_date }));
      assert.equal(res.status, 400, birth_date);
      assert.match(await res.text(), /href="#f-birth_date"/, birth_date);
    }
    const future = await text(await staff.post(`${P}/mladi/novi`, person({ birth_date: yearsAgo(-1) })));
    assert.match(future, /Datum rođenja ne može biti u budućnosti/);
    const old = await add(person({ birth_date: yearsAgo(34) }));
    assert.match(await text(await staff.get(`${P}/mladi/${old}`)), /više od 30 godina — izvan uzrasta iz Zakona o mladima/);
  });

  test('the register consent is required; special categories need their own explicit consent', async () => {
    const noRegister = person();
    delete noRegister.consent_register;
    const res = await staff.post(`${P}/mladi/novi`, noRegister);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /href="#f-consent_register"/);
    const sensitiveAlone = await staff.post(`${P}/mladi/novi`, person({ ethnicity: 'roma' }));
    assert.equal(sensitiveAlone.status, 400);
    assert.match(await text(sensitiveAlone), /samo uz posebnu izričitu saglasnost/);
    const id = await add(person({ ethnicity: 'roma', disability: 'yes', consent_sensitive: 'on' }));
    assert.equal(await count('person_sensitive WHERE person_id = $1 AND ethnicity = $2 AND disability', [id, 'roma']), 1);
  });

  test('a possible duplicate (same e-mail, or same name in any script and birth date) needs an explicit "add anyway"', async () => {
    const birth = yearsAgo(20, 10);
    const first = await add(person({ full_name: 'Љубица Шарић', email: 'ljubica@primer.test', birth_date: birth }));
    const before = await count('people');
    for (const dup of [{ email: 'LJUBICA@primer.test' }, { full_name: 'Ljubica Saric', email: '', birth_date: birth }] as Array<
      Record<string, string>
    >) {
      const res = await staff.post(`${P}/mladi/novi`, person(dup));
      assert.equal(res.status, 400);
      const html = await res.text();
      assert.match(html, new RegExp(`href="/lat/admin/kancelarije/pancevo/mladi/${first}"`), 'links the existing record');
      assert.match(html, /name="confirm_duplicate"/);
    }
    assert.equal(await count('people'), before, 'nothing written');
    await add(person({ email: 'ljubica@primer.test', confirm_duplicate: 'on' }));
    assert.equal(await count('people'), before + 1);
  });
});

describe('the register list', () => {
  test('search in any script by name or e-mail; merged and anonymised rows never appear; no special categories', async () => {
    const id = await add(
      person({ full_name: 'Đurđa Čolić', email: 'djurdja@primer.test', consent_sensitive: 'on', ethnicity: 'hungarian' }),
    );
    for (const q of ['Ђурђа', 'djurdja', 'ČOLIĆ', 'colic', 'djurdja@primer']) {
      const page = await text(await staff.get(`${P}/mladi?q=${encodeURIComponent(q)}`));
      assert.ok(page.includes('Đurđa Čolić'), q);
      assert.ok(page.includes('Pronađeno osoba: 1'), q);
    }
    const html = await (await staff.get(`${P}/mladi?q=djurdja`)).text();
    assert.ok(html.includes(`/mladi/${id}"`), 'links the person');
    assert.ok(!html.includes('mađarska'), 'special categories are not in the list');
    // Merged and anonymised rows are gone from the list (the fixture data below makes both).
    const merged = await add(person({ full_name: 'Đurđa Čolić', email: '', confirm_duplicate: 'on' }));
    assert.equal((await staff.post(`${P}/mladi/${id}/spoji`, { other_id: merged, keep: 'this' })).status, 303);
    assert.match(await text(await staff.get(`${P}/mladi?q=djurdja`)), /Pronađeno osoba: 1 /);
    const register = (
      await t.db.query<{ id: string }>(
        `SELECT id FROM person_consents WHERE person_id = $1 AND purpose = 'register' AND withdrawn_at IS NULL`,
        [id],
      )
    )[0]!.id;
    assert.equal((await staff.post(`${P}/mladi/${id}/povuci`, { consent_id: register })).status, 303);
    assert.match(await text(await staff.get(`${P}/mladi?q=djurdja`)), /Pronađeno osoba: 0 /);
  });

  test('filters: status, settlement kind, age group, interest; hostile query values are ignored; paging', async () => {
    const [rural] = await t.db.query<{ id: string }>(`SELECT id FROM office_settlements WHERE office_id = $1 AND kind = 'rural' LIMIT 1`, [
      pancevo,
    ]);
    await add(
      person({ full_name: 'Filter Filtrić', status: 'neet', settlement_id: rural!.id, interests: 'mobility', birth_date: yearsAgo(26) }),
    );
    const hit = (q: string) => staff.get(`${P}/mladi?q=filtri&${q}`).then(text);
    for (const q of ['status=neet', 'kind=rural', 'age=25-30', 'interest=mobility', `settlement=${rural!.id}`])
      assert.match(await hit(q), /Pronađeno osoba: 1/, q);
    for (const q of ['status=student', 'kind=urban', 'age=15-19', 'interest=health']) assert.match(await hit(q), /Pronađeno osoba: 0/, q);
    const odd = await staff.get(`${P}/mladi?status=boss&age=99&page=-3&settlement=x'--&q=${'%25_'.repeat(60)}`);
    assert.equal(odd.status, 200);
    // Enough people for three pages of 50.
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < 101; i++) {
        await createPerson(tx, pancevo, null, {
          full_name: `Stranica Osoba ${i}`,
          email: '',
          phone: '',
          birth_date: yearsAgo(20),
          gender: null,
          settlement_id: null,
          status: null,
          interests: [],
          script: 'lat',
          consents: ['register'],
          paper: { given_by: 'self', parent_name: '', parent_email: '', evidence_note: 'x' },
          source: 'import',
        });
      }
    });
    const paged = await text(await staff.get(`${P}/mladi?q=stranica+osoba`));
    assert.match(paged, /Pronađeno osoba: 101 .*Stranica 1 od 3/);
    const last = await text(await staff.get(`${P}/mladi?q=stranica+osoba&page=3`));
    assert.match(last, /Stranica 3 od 3/);
    assert.equal((last.match(/Stranica Osoba \d+/g) ?? []).length, 1, 'the last page holds the 101st');
  });

  test('someone whose parent has not confirmed yet is marked as awaiting', async () => {
    const id = await t.db.transaction(async (tx) => {
      const pid = await insertPerson(tx, pancevo, {
        userId: null,
        fullName: 'Čeka Roditelja',
        email: '',
        phone: '',
        birthDate: yearsAgo(13),
        gender: null,
        settlementId: null,
        settlementKind: null,
        status: null,
        interests: [],
        script: 'lat',
        source: 'online',
        searchKey: personSearchKey('Čeka Roditelja', ''),
        createdBy: null,
      });
      await insertPersonConsent(tx, pancevo, pid, {
        purpose: 'register',
        noticeVersion: PRIVACY_NOTICE_VERSION,
        givenBy: 'parent',
        parentName: 'Roditelj',
        parentEmail: 'r@primer.test',
        parentConfirmed: false,
        evidence: 'online',
        evidenceNote: '',
        recordedBy: null,
      });
      return pid;
    });
    assert.match(await text(await staff.get(`${P}/mladi?q=ceka`)), /Čeka Roditelja .*čeka potvrdu roditelja/);
    assert.match(await text(await staff.get(`${P}/mladi/${id}`)), /čeka potvrdu roditelja/);
  });
});

describe('every staff access is logged', () => {
  test('viewing logs "view"; special categories stay hidden until a reason is given, which is logged and never cached', async () => {
    const id = await add(person({ full_name: 'Osetljiva Osoba', consent_sensitive: 'on', ethnicity: 'roma', health_note: 'Astma (test)' }));
    const coordinator = await t.clientAs(COORDINATOR_A);
    const page = await coordinator.get(`${P}/mladi/${id}`);
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.ok(!html.includes('romska') && !html.includes('Astma'), 'not shown before a reason');
    assert.match(html, /action="\/lat\/admin\/kancelarije\/pancevo\/mladi\/[0-9a-f-]+\/posebni"/);
    const me = await staffId(COORDINATOR_A);
    assert.deepEqual(
      (await accessRows(id)).filter((a) => a.action === 'view').map((a) => a.actor_id),
      [me],
    );

    for (const reason of ['', '   ', 'abc']) {
      const res = await coordinator.post(`${P}/mladi/${id}/posebni`, { reason });
      assert.equal(res.status, 400, JSON.stringify(reason));
      const body = await res.text();
      assert.ok(!body.includes('Astma'));
      assert.match(body, /href="#f-reason"/);
    }
    assert.equal((await accessRows(id)).filter((a) => a.action === 'reveal_sensitive').length, 0, 'a refused reveal logs nothing');

    const shown = await coordinator.post(`${P}/mladi/${id}/posebni`, { reason: 'Prijava na program podrške' });
    assert.equal(shown.status, 200);
    assert.equal(shown.headers.get('cache-control'), 'no-store');
    const body = await text(shown);
    assert.match(body, /Nacionalna pripadnost romska/);
    assert.match(body, /Astma \(test\)/);
    assert.match(body, /Prikazano zbog: Prijava na program podrške/);
    const reveal = (await accessRows(id)).filter((a) => a.action === 'reveal_sensitive');
    assert.deepEqual(reveal, [{ action: 'reveal_sensitive', reason: 'Prijava na program podrške', actor_id: me }]);
  });

  test('a person without a separate consent has nothing to reveal (refused, not logged)', async () => {
    const id = await add();
    const res = await staff.post(`${P}/mladi/${id}/posebni`, { reason: 'Samo da vidim' });
    assert.equal(res.status, 400);
    assert.equal((await accessRows(id)).filter((a) => a.action === 'reveal_sensitive').length, 0);
  });

  test('editing logs "edit"; the settlement kind is copied from the settlement and follows its changes', async () => {
    const [village] = await t.db.query<{ id: string; name: string }>(
      `SELECT id, name FROM office_settlements WHERE office_id = $1 AND name = 'Dolovo'`,
      [pancevo],
    );
    const id = await add(person({ full_name: 'Menja Profil' }));
    const form = await staff.get(`${P}/mladi/${id}/uredi`);
    assert.match(await form.text(), /value="Menja Profil"/);
    assert.deepEqual(
      (await accessRows(id)).map((a) => a.action),
      ['create', 'view'],
      'opening the form shows the data: a view',
    );
    const res = await staff.post(`${P}/mladi/${id}/uredi`, {
      full_name: 'Menja Profil Drugačije',
      email: 'menja@primer.test',
      birth_date: yearsAgo(22),
      settlement_id: village!.id,
      status: 'employed',
      interests: 'education,health',
      script: 'cir',
    });
    assert.equal(res.status, 303);
    const [p] = await t.db.query<{ full_name: string; settlement_kind: string; interests: string[]; search_key: string }>(
      'SELECT full_name, settlement_kind, interests, search_key FROM people WHERE id = $1',
      [id],
    );
    assert.deepEqual(
      [p!.full_name, p!.settlement_kind, p!.interests, p!.search_key],
      ['Menja Profil Drugačije', 'rural', ['education', 'health'], 'menja profil drugacije menja@primer.test'],
    );
    assert.ok((await accessRows(id)).some((a) => a.action === 'edit'));
    // Dolovo made urban (say, a mistake fixed): its people follow.
    const renamed = await staff.post(`${P}/naselja/izmeni`, { settlement_id: village!.id, name: 'Dolovo', kind: 'urban' });
    assert.equal(renamed.status, 303);
    assert.equal(await count(`people WHERE id = $1 AND settlement_kind = 'urban'`, [id]), 1);
    await staff.post(`${P}/naselja/izmeni`, { settlement_id: village!.id, name: 'Dolovo', kind: 'rural' });
    const blank = await staff.post(`${P}/mladi/${id}/uredi`, { full_name: '', birth_date: yearsAgo(22) });
    assert.equal(blank.status, 400);
    assert.match(await blank.text(), /href="#f-full_name"/);
    const future = await staff.post(`${P}/mladi/${id}/uredi`, { full_name: 'Menja Profil', birth_date: yearsAgo(-2) });
    assert.equal(future.status, 400);
    assert.match(await future.text(), /href="#f-birth_date"/);
    // Under 15 on a consent the person gave alone: the age cannot be changed without a parent's consent.
    const young = await staff.post(`${P}/mladi/${id}/uredi`, { full_name: 'Menja Profil', birth_date: yearsAgo(13) });
    assert.equal(young.status, 400);
    assert.match(await text(young), /Mlađi od 15 godina/);
    assert.equal(await count('people WHERE id = $1 AND full_name = $2', [id, 'Menja Profil Drugačije']), 1, 'refused edits change nothing');
  });

  test('staff withdraw a consent on the person’s behalf: contact stops, special categories go, register anonymises', async () => {
    const id = await add(person({ full_name: 'Povlači Saglasnost', consent_contact: 'on', consent_sensitive: 'on', ethnicity: 'roma' }));
    const consent = async (purpose: string) =>
      (
        await t.db.query<{ id: string }>(`SELECT id FROM person_consents WHERE person_id = $1 AND purpose = $2 AND withdrawn_at IS NULL`, [
          id,
          purpose,
        ])
      )[0]?.id;
    let res = await staff.post(`${P}/mladi/${id}/povuci`, { consent_id: (await consent('contact'))! });
    assert.equal(res.status, 303);
    assert.equal(await consent('contact'), undefined);
    res = await staff.post(`${P}/mladi/${id}/povuci`, { consent_id: (await consent('sensitive'))! });
    assert.equal(res.status, 303);
    assert.equal(await count('person_sensitive WHERE person_id = $1', [id]), 0);
    // Someone else's consent id on this person's path changes nothing.
    const other = await add();
    const otherConsent = (await t.db.query<{ id: string }>(`SELECT id FROM person_consents WHERE person_id = $1`, [other]))[0]!.id;
    res = await staff.post(`${P}/mladi/${id}/povuci`, { consent_id: otherConsent });
    assert.equal(res.status, 404, 'not this person’s consent: not found, not "already withdrawn" (issue #9 point 10)');
    assert.equal(await count('person_consents WHERE id = $1 AND withdrawn_at IS NULL', [otherConsent]), 1);

    const statsBefore = await countPeople(t.db, pancevo, 2026);
    res = await staff.post(`${P}/mladi/${id}/povuci`, { consent_id: (await consent('register'))! });
    assert.equal(res.status, 303);
    const [p] = await t.db.query<{ full_name: string; anonymised_at: Date | null }>(
      'SELECT full_name, anonymised_at FROM people WHERE id = $1',
      [id],
    );
    assert.equal(p!.full_name, '');
    assert.ok(p!.anonymised_at);
    assert.deepEqual(await countPeople(t.db, pancevo, 2026), statsBefore, 'anonymising keeps every count');
    assert.match(await text(await staff.get(`${P}/mladi/${id}`)), /anonimizovani/);
  });
});

describe('offices stay apart', () => {
  test('Čačak’s coordinator cannot open, reveal, edit, merge or withdraw Pančevo’s person — by path or by guessed ids', async () => {
    const id = await add(person({ consent_sensitive: 'on', ethnicity: 'roma' }));
    const b = await t.clientAs(COORDINATOR_B);
    const before = await count('personal_data_access WHERE person_id = $1', [id]);
    for (const base of [P, C]) {
      const expected = base === P ? 403 : 404;
      assert.equal((await b.get(`${base}/mladi/${id}`)).status, expected);
      assert.equal((await b.get(`${base}/mladi/${id}/uredi`)).status, expected);
      assert.equal((await b.get(`${base}/mladi/${id}/spoji`)).status, expected);
      assert.equal((await b.post(`${base}/mladi/${id}/posebni`, { reason: 'Radoznalost, ništa više' })).status, expected);
      assert.equal((await b.post(`${base}/mladi/${id}/uredi`, person())).status, expected);
      assert.equal((await b.post(`${base}/mladi/${id}/spoji`, { other_id: id, keep: 'other' })).status, expected);
    }
    // Merging Čačak's own person with Pančevo's id, or withdrawing Pančevo's consent from Čačak's page.
    const [own] = await t.db.query<{ id: string }>('SELECT id FROM people WHERE office_id = $1 AND merged_into_id IS NULL LIMIT 1', [
      cacak,
    ]);
    // Another office's ids are not found here (404), never a misleading 400 (issue #9 point 10).
    const res = await b.post(`${C}/mladi/${own!.id}/spoji`, { other_id: id, keep: 'this' });
    assert.equal(res.status, 404);
    const consentA = (await t.db.query<{ id: string }>('SELECT id FROM person_consents WHERE person_id = $1 LIMIT 1', [id]))[0]!.id;
    assert.equal((await b.post(`${C}/mladi/${own!.id}/povuci`, { consent_id: consentA })).status, 404);
    assert.equal(await count('person_consents WHERE id = $1 AND withdrawn_at IS NULL', [consentA]), 1);
    for (const guess of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', "1' OR '1'='1"]) {
      assert.equal((await b.get(`${C}/mladi/${encodeURIComponent(guess)}`)).status, 404, guess);
    }
    assert.equal(await count('personal_data_access WHERE person_id = $1', [id]), before, 'nothing logged, nothing shown');
    assert.equal(await count('people WHERE id = $1 AND merged_into_id IS NULL', [id]), 1);
  });

  test('the access log is the office admin’s: a coordinator may not open it', async () => {
    assert.equal((await (await t.clientAs(COORDINATOR_A)).get(`${P}/pristup`)).status, 403);
    assert.equal((await staff.get(`${P}/pristup`)).status, 200);
  });
});

describe('merging duplicates', () => {
  test('the loser points at the winner, empty fields and missing consents move, history stays, counts count one person', async () => {
    const birth = yearsAgo(19, 40);
    const winner = await add(person({ full_name: 'Dupla Osoba', email: '', birth_date: birth }));
    const loser = await add(
      person({
        full_name: 'Дупла Особа',
        email: 'dupla@primer.test',
        phone: '064/123-4567',
        birth_date: birth,
        consent_photos: 'on',
        consent_sensitive: 'on',
        ethnicity: 'roma',
        confirm_duplicate: 'on',
      }),
    );
    await staff.get(`${P}/mladi/${loser}`); // a view in the loser's history
    const loserHistory = await accessRows(loser);
    const year = Number(localToday(t.deps.now()).slice(0, 4));
    const totalOf = async () => display((await peopleStats(t.deps, { id: pancevo, slug: 'pancevo', name: '' })).population.gender!.total!);
    const before = (await countPeople(t.db, pancevo, year)).filter((r) => r.dimension === 'gender').reduce((s, r) => s + r.n, 0);

    const page = await staff.get(`${P}/mladi/${winner}/spoji`);
    const html = await page.text();
    assert.match(html, new RegExp(`name="other_id" value="${loser}"`), 'the duplicate is suggested');
    const res = await staff.post(`${P}/mladi/${winner}/spoji`, { other_id: loser, keep: 'this' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `${P}/mladi/${winner}?n=people.merged`);

    const [w] = await t.db.query<{ email: string; phone: string; full_name: string }>(
      'SELECT email, phone, full_name FROM people WHERE id = $1',
      [winner],
    );
    assert.deepEqual(
      [w!.full_name, w!.email, w!.phone],
      ['Dupla Osoba', 'dupla@primer.test', '064/123-4567'],
      'own name kept, empty fields filled',
    );
    assert.equal(await count('people WHERE id = $1 AND merged_into_id = $2', [loser, winner]), 1);
    assert.deepEqual(
      (
        await t.db.query<{ purpose: string }>(
          'SELECT purpose FROM person_consents WHERE person_id = $1 AND withdrawn_at IS NULL ORDER BY purpose',
          [winner],
        )
      ).map((r) => r.purpose),
      ['photos', 'register', 'sensitive'],
    );
    assert.equal(await count('person_sensitive WHERE person_id = $1', [winner]), 1, 'special categories moved with their consent');
    const after = await accessRows(loser);
    assert.deepEqual(after.slice(0, loserHistory.length), loserHistory, "the loser's history stays");
    assert.ok(after.some((a) => a.action === 'merge'));
    assert.ok((await accessRows(winner)).some((a) => a.action === 'merge'));
    const now = (await countPeople(t.db, pancevo, year)).filter((r) => r.dimension === 'gender').reduce((s, r) => s + r.n, 0);
    assert.equal(now, before - 1, 'the merged duplicate is no longer counted');
    assert.equal(await totalOf(), String(now));

    // The loser's address says where it went; it is in no list.
    const gone = await text(await staff.get(`${P}/mladi/${loser}`));
    assert.match(gone, /spojen sa drugim zapisom/);
    assert.ok((await staff.get(`${P}/mladi/${loser}`).then((r) => r.text())).includes(`/mladi/${winner}`));
    assert.match(await text(await staff.get(`${P}/mladi?q=dupla`)), /Pronađeno osoba: 1/);

    // Merging into (or from) a merged row is refused.
    const third = await add(person({ full_name: 'Treća Osoba' }));
    const refused = await staff.post(`${P}/mladi/${third}/spoji`, { other_id: loser, keep: 'other' });
    assert.equal(refused.status, 400);
    assert.match(await text(refused), /već spojen ili anonimizovan/);
    assert.equal(await count('people WHERE id = $1 AND merged_into_id IS NULL', [third]), 1);
    assert.equal((await staff.post(`${P}/mladi/${third}/spoji`, { other_id: third, keep: 'this' })).status, 400);
    await checkConsistency(t.db);
  });

  test('two records with different accounts are not merged', async () => {
    const [u1, u2] = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email IN ($1, $2) ORDER BY email`, [
      COORDINATOR_A,
      COORDINATOR_B,
    ]);
    const a = await add(person({ full_name: 'Nalog Jedan' }));
    const b = await add(person({ full_name: 'Nalog Dva' }));
    await t.db.query('UPDATE people SET user_id = $2 WHERE id = $1', [a, u1!.id]);
    await t.db.query('UPDATE people SET user_id = $2 WHERE id = $1', [b, u2!.id]);
    const res = await staff.post(`${P}/mladi/${a}/spoji`, { other_id: b, keep: 'this' });
    assert.equal(res.status, 400);
    assert.match(await text(res), /različite korisničke naloge/);
    assert.equal(await count('people WHERE id IN ($1, $2) AND merged_into_id IS NULL', [a, b]), 2);
  });
});

describe('statistics', () => {
  test('counts people with a register consent in force and anonymised people, by birth year; small cells suppressed', async () => {
    const year = Number(localToday(t.deps.now()).slice(0, 4));
    const raw = await countPeople(t.db, pancevo, year);
    const [{ n }] = (await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM people p WHERE p.office_id = $1 AND p.merged_into_id IS NULL
          AND (p.anonymised_at IS NOT NULL OR EXISTS (SELECT 1 FROM person_consents c WHERE c.person_id = p.id AND c.purpose = 'register'
               AND c.withdrawn_at IS NULL AND (c.given_by = 'self' OR c.evidence <> 'online' OR c.parent_confirmed_at IS NOT NULL)))`,
      [pancevo],
    )) as [{ n: number }];
    for (const dim of ['gender', 'age', 'settlement_kind', 'status']) {
      assert.equal(
        raw.filter((r) => r.dimension === dim).reduce((s, r) => s + r.n, 0),
        n,
        dim,
      );
    }
    // Not counted: the person awaiting a parent (earlier test) — the sum above would include them otherwise.
    assert.equal(await count(`people p WHERE p.office_id = $1 AND p.full_name = 'Čeka Roditelja'`, [pancevo]), 1);

    const page = await staff.get(`${P}/mladi/statistika`);
    assert.equal(page.status, 200);
    const body = await text(page);
    // Every number in a table cell is 0 or ≥ 5: small counts only ever appear as "<5".
    const cells = [...(await (await staff.get(`${P}/mladi/statistika`)).text()).matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]!);
    assert.ok(cells.length > 30);
    for (const c of cells) assert.ok(c === '&lt;5' || c === '×' || c === '0' || Number(c) >= 5, `cell ${c}`);
    assert.match(body, /Ukupno/);
  });

  test('a category with 1–4 people shows "<5", and the next smallest is hidden so the total gives nothing away', async () => {
    // Čačak's roma count: set up so exactly 2 people have 'bosniak'.
    const ids = await t.db.query<{ person_id: string }>('SELECT person_id FROM person_sensitive WHERE office_id = $1', [cacak]);
    assert.ok(ids.length >= 2, 'the demo has special-category data in Čačak');
    await t.db.query(`UPDATE person_sensitive SET ethnicity = 'bosniak' WHERE office_id = $1 AND person_id = ANY($2::uuid[])`, [
      cacak,
      ids.slice(0, 2).map((r) => r.person_id),
    ]);
    const stats = await peopleStats(t.deps, { id: cacak, slug: 'cacak', name: '' });
    const eth = stats.sensitive.ethnicity!;
    const bosniak = eth.cells.find((c) => c.key === 'bosniak')!;
    assert.equal(display(bosniak), '<5');
    assert.ok(eth.cells.every((c) => c.count === 0 || c.count >= 5 || c.status !== 'shown'));
    const hidden = eth.cells.filter((c) => c.status !== 'shown');
    if (eth.total!.status === 'shown') assert.ok(hidden.length >= 2, 'never exactly one hidden cell beside a shown total');
  });
});

describe('settlements', () => {
  test('list, add, rename; duplicate names (any script) refused beside the field', async () => {
    const page = await text(await staff.get(`${P}/naselja`));
    for (const s of ['Pančevo', 'Starčevo', 'Omoljica', 'Banatsko Novo Selo', 'Dolovo']) assert.ok(page.includes(s), s);
    const res = await staff.post(`${P}/naselja`, { name: 'Новоселово', kind: 'rural' });
    assert.equal(res.status, 303);
    const dup = await staff.post(`${P}/naselja`, { name: 'STARCEVO', kind: 'rural' });
    assert.equal(dup.status, 400);
    assert.match(await text(dup), /Naselje sa tim nazivom već postoji/);
    const [s] = await t.db.query<{ id: string }>(`SELECT id FROM office_settlements WHERE office_id = $1 AND name = 'Новоселово'`, [
      pancevo,
    ]);
    const clash = await staff.post(`${P}/naselja/izmeni`, { settlement_id: s!.id, name: 'Omoljica', kind: 'rural' });
    assert.equal(clash.status, 400);
    assert.match(await clash.text(), new RegExp(`href="#f-name-${s!.id}"`));
    assert.equal((await staff.post(`${P}/naselja/izmeni`, { settlement_id: s!.id, name: 'Novo Selovo', kind: 'urban' })).status, 303);
    const [cacakVillage] = await t.db.query<{ id: string }>(`SELECT id FROM office_settlements WHERE office_id = $1 LIMIT 1`, [cacak]);
    assert.equal((await staff.post(`${P}/naselja/izmeni`, { settlement_id: cacakVillage!.id, name: 'Oteto', kind: 'urban' })).status, 404);
  });
});

describe('the office admin reviews the access log', () => {
  test('who, when, which person, action and reason; filtered by staff member, action and date; paged', async () => {
    const id = await add(person({ full_name: 'Pregledana Osoba', consent_sensitive: 'on', disability: 'no' }));
    const coordinator = await t.clientAs(COORDINATOR_A);
    await coordinator.post(`${P}/mladi/${id}/posebni`, { reason: 'Provera za ekskurziju' });
    const me = await staffId(COORDINATOR_A);
    const page = await text(await staff.get(`${P}/pristup?action=reveal_sensitive&actor=${me}`));
    assert.match(page, /Matrica ljudi\.koordinator\.a Pregledana Osoba uvid u posebne kategorije Provera za ekskurziju/);
    const today = localToday(t.deps.now());
    const mine = await count(`personal_data_access WHERE office_id = $1 AND actor_id = $2 AND action = 'reveal_sensitive'`, [pancevo, me]);
    assert.ok(mine >= 1);
    assert.match(
      await text(await staff.get(`${P}/pristup?from=${today}&to=${today}&action=reveal_sensitive&actor=${me}`)),
      new RegExp(`Upisa: ${mine} `),
    );
    assert.match(await text(await staff.get(`${P}/pristup?from=2001-01-01&to=2001-01-02`)), /Upisa: 0 /);
    const total = await count('personal_data_access WHERE office_id = $1', [pancevo]);
    assert.ok(total > 100, `${total}`);
    const all = await text(await staff.get(`${P}/pristup`));
    assert.match(all, new RegExp(`Upisa: ${total} .*Stranica 1 od ${Math.ceil(total / 50)}`));
    assert.match(await text(await staff.get(`${P}/pristup?page=2`)), new RegExp(`Stranica 2 od ${Math.ceil(total / 50)}`));
    assert.equal((await staff.get(`${P}/pristup?actor=x&action=boss&from=2026-13-45&page=0`)).status, 200);
  });
});
