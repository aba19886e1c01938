import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import { localParts } from '../../core/time.ts';
import { pdfText } from '../certificates/pdf-text.ts';
import { ensureJoined, makeAccount } from '../me/fixtures.ts';
import { volunteeringHours } from './indicators.ts';
import { contractPdf } from './pdf.ts';
import { addMonths, jmbgCheckDigit } from './rules.ts';

/**
 * Volunteering (issue #14 point 3) through HTTP on a real database — PGlite, and PostgreSQL with
 * TEST_DATABASE_URL: posting, applying (minors without consent refused, under 15 only
 * educational), accepting and declining, the hours rules (future, 24 a day), bulk confirmation in
 * one POST, the automatic long-term flag, the certificate with the JMBG (validated, stored apart,
 * its viewing logged) and its public verification, the records and the yearly report, the indicator.
 */
let t: TestApp;
let office: OfficeRef;
let staff: TestClient;
let staffB: TestClient;
let hash: string;
let n = 0;

const ADMIN = '/lat/admin/kancelarije/pancevo/volontiranje';
const PUB = '/lat/kancelarije/pancevo/volontiranje';
const today = () => localParts(new Date()).date;
const daysAgo = (d: number) => localParts(new Date(Date.now() - d * 86_400_000)).date;
/** A birth date `years` years and `days` days before today. */
const bornYearsAgo = (years: number, days = 10) => {
  const d = new Date(Date.now() - days * 86_400_000);
  return `${d.getUTCFullYear() - years}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
};

before(async () => {
  t = await createTestApp();
  office = (await t.db.query<OfficeRef>(`SELECT id, slug, name FROM offices WHERE slug = 'pancevo'`))[0]!;
  staff = await t.clientAs('pancevo@primer.test');
  staffB = await t.clientAs('cacak@primer.test');
  hash = await t.deps.passwords.hash('volontiranje-lozinka');
});
after(() => t.close());

async function volunteer(birth: string): Promise<{ id: string; email: string; client: TestClient }> {
  const email = `volonter.${++n}@primer.test`;
  const id = await makeAccount(t.db, hash, { email, name: `Volonterka Izmišljena ${n}`, birth });
  return { id, email, client: await t.clientAs(email) };
}

async function post(fields: Record<string, string>): Promise<string> {
  const res = await staff.post(ADMIN, {
    association_id: '',
    title: 'Pomoć u omladinskom klubu',
    tasks: 'Dežurstvo u klubu i priprema radionica.',
    place: 'Omladinski klub, Pančevo',
    starts_on: daysAgo(200),
    ends_on: '',
    hours_per_week: '4',
    min_age: '15',
    skills: 'teamwork',
    beneficiaries: 'youth',
    training: 'Uvodna obuka 2 sata',
    costs: '',
    area: 'volunteering',
    ...fields,
  });
  assert.equal(res.status, 303, await res.text());
  return /volontiranje\/([0-9a-f-]{36})/.exec(res.headers.get('location') ?? '')![1]!;
}

async function applicationOf(opp: string, userId: string) {
  return (
    await t.db.query<{ id: string; status: string; minor: boolean; contract_reasons: string[]; long_term_at: Date | null }>(
      'SELECT id, status, minor, contract_reasons, long_term_at FROM volunteer_applications WHERE office_id = $1 AND opportunity_id = $2 AND user_id = $3',
      [office.id, opp, userId],
    )
  )[0];
}

async function applyAndAccept(opp: string, v: { id: string; client: TestClient }, fields: Record<string, string> = {}): Promise<string> {
  const res = await v.client.post(`${PUB}/${opp}/prijava`, { motivation: 'Želim da pomognem.', ...fields });
  assert.equal(res.status, 303, await res.text());
  const a = (await applicationOf(opp, v.id))!;
  assert.equal((await staff.post(`${ADMIN}/${opp}/prijave/${a.id}/prihvati`, {})).status, 303);
  return a.id;
}

/** The bulk form as a browser sends it: one `ids` field per ticked box, in one POST. */
async function bulk(client: TestClient, opp: string, ids: string[], decision: string, reason = ''): Promise<Response> {
  const body = new URLSearchParams();
  body.set('_csrf', client.csrf);
  for (const id of ids) body.append('ids', id);
  body.set('decision', decision);
  body.set('reason', reason);
  return t.app.request(`http://kzm.test${ADMIN}/${opp}/sati`, {
    method: 'POST',
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

test('staff post an opportunity; under 15 only as an educational activity, said in the form and refused otherwise', async () => {
  const form = await (await staff.get(`${ADMIN}/nova`)).text();
  assert.match(form, /only in educational activities|само у образовним активностима|samo u obrazovnim aktivnostima/);
  const before = await t.db.query('SELECT 1 FROM volunteer_opportunities WHERE office_id = $1', [office.id]);
  const refused = await staff.post(ADMIN, {
    title: 'Mlađi',
    tasks: 'x',
    place: 'y',
    starts_on: today(),
    hours_per_week: '2',
    min_age: '13',
  });
  assert.equal(refused.status, 400);
  assert.match(await refused.text(), /Mlađi od 15 godina mogu volontirati samo u obrazovnim aktivnostima/);
  assert.equal((await t.db.query('SELECT 1 FROM volunteer_opportunities WHERE office_id = $1', [office.id])).length, before.length);
  const id = await post({ min_age: '13', educational: 'on', title: 'Čas programiranja za osnovce' });
  const page = await (await t.client().get(`${PUB}/${id}`)).text();
  assert.match(page, /Čas programiranja za osnovce/);
});

test('an adult applies and is accepted; art. 15 reasons stored; a second application refused', async () => {
  const opp = await post({});
  const v = await volunteer('2000-05-15');
  const appId = await applyAndAccept(opp, v, { contract_requested: 'on' });
  const a = (await applicationOf(opp, v.id))!;
  assert.equal(a.id, appId);
  assert.equal(a.status, 'accepted');
  assert.deepEqual(a.contract_reasons, ['requested']);
  const again = await v.client.post(`${PUB}/${opp}/prijava`, { motivation: '' });
  assert.equal(again.status, 400);
  assert.match(await again.text(), /Već ste se prijavili/);
  // Short-term, not asked for: no contract.
  const w = await volunteer('1999-01-02');
  await applyAndAccept(opp, w);
  assert.deepEqual((await applicationOf(opp, w.id))!.contract_reasons, []);
  assert.equal(
    (await w.client.get(`/lat/kancelarije/pancevo/volontiranje/prijave/${(await applicationOf(opp, w.id))!.id}/ugovor.pdf`)).status,
    404,
  );
});

test('a minor without a parent’s written consent is refused and nothing is stored; with it, the contract is required', async () => {
  const opp = await post({ beneficiaries: 'children' });
  const minor = await volunteer(bornYearsAgo(16));
  const res = await minor.client.post(`${PUB}/${opp}/prijava`, { motivation: 'Volim decu.' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Mlađi od 18 godina mogu volontirati samo uz pismenu saglasnost roditelja/);
  assert.equal(await applicationOf(opp, minor.id), undefined, 'nothing half-saved');
  // A consent dated tomorrow is refused too.
  const future = await minor.client.post(`${PUB}/${opp}/prijava`, {
    consent_parent: 'Roditelj Izmišljeni',
    consent_signed_on: localParts(new Date(Date.now() + 2 * 86_400_000)).date,
    consent_document: 'Izjava 1/2026',
  });
  assert.equal(future.status, 400);
  assert.equal(await applicationOf(opp, minor.id), undefined);
  await applyAndAccept(opp, minor, {
    consent_parent: 'Roditelj Izmišljeni',
    consent_signed_on: daysAgo(3),
    consent_document: 'Pisana izjava br. 7/2026',
  });
  const a = (await applicationOf(opp, minor.id))!;
  assert.equal(a.minor, true);
  assert.deepEqual(a.contract_reasons, ['minor', 'vulnerable']);
  // The database refuses a minor's row without consent, whoever writes it.
  await assert.rejects(
    t.db.query(
      `INSERT INTO volunteer_applications (office_id, opportunity_id, user_id, full_name, birth_date, minor) VALUES ($1, $2, $3, 'X', '2010-01-01', true)`,
      [office.id, opp, (await volunteer('2010-01-01')).id],
    ),
  );
  // The contract names the parent's consent (art. 18), read through the worker pool.
  const pdf = await minor.client.get(`${PUB}/prijave/${a.id}/ugovor.pdf`);
  // Not in the register yet: the JMBG is asked first.
  assert.equal(pdf.status, 303);
  assert.match(pdf.headers.get('location') ?? '', /\/jmbg/);
  const text = pdfText(
    await contractPdf(
      {
        locale: 'lat',
        organiser: office.name,
        organiserAddress: 'Trg kralja Petra I 2-4',
        fullName: 'Volonterka Izmišljena',
        birthDate: '2010-01-01',
        identity: null,
        minor: true,
        consentParent: 'Roditelj Izmišljeni',
        consentSignedOn: '2026-01-02',
        consentDocument: 'Pisana izjava br. 7/2026',
        title: 'Pomoć',
        tasks: 'Dežurstvo',
        place: 'Klub',
        startsOn: '2026-01-01',
        endsOn: null,
        hoursPerWeek: '4',
        beneficiaries: ['children'],
        training: '',
        costs: '',
        reasons: ['minor', 'vulnerable'],
      },
      { compress: false },
    ),
  );
  assert.match(text, /UGOVOR O VOLONTIRANJU/);
  assert.match(text, /Roditelj Izmišljeni/);
  assert.match(text, /volonter je maloletan/);
});

test('under 15: refused for an ordinary place, accepted (with consent) for an educational one', async () => {
  const plain = await post({ min_age: '15' });
  const edu = await post({ min_age: '12', educational: 'on' });
  const child = await volunteer(bornYearsAgo(14));
  const consent = { consent_parent: 'Majka Izmišljena', consent_signed_on: daysAgo(1), consent_document: 'Izjava 3/2026' };
  const res = await child.client.post(`${PUB}/${plain}/prijava`, consent);
  assert.equal(res.status, 400);
  assert.match(await res.text(), /samo u obrazovnim aktivnostima/);
  assert.equal(await applicationOf(plain, child.id), undefined);
  assert.equal((await child.client.post(`${PUB}/${edu}/prijava`, consent)).status, 303);
});

test('declining needs a reason; a decided application cannot be decided again', async () => {
  const opp = await post({});
  const v = await volunteer('2001-03-03');
  assert.equal((await v.client.post(`${PUB}/${opp}/prijava`, {})).status, 303);
  const a = (await applicationOf(opp, v.id))!;
  assert.equal((await staff.post(`${ADMIN}/${opp}/prijave/${a.id}/odbij`, { reason: '' })).status, 400);
  assert.equal((await applicationOf(opp, v.id))!.status, 'pending');
  assert.equal((await staff.post(`${ADMIN}/${opp}/prijave/${a.id}/odbij`, { reason: 'Popunjeno' })).status, 303);
  const again = await staff.post(`${ADMIN}/${opp}/prijave/${a.id}/prihvati`, {});
  assert.equal(again.status, 400);
  assert.equal((await applicationOf(opp, v.id))!.status, 'declined');
  // Another office's coordinator: 404 for this office's opportunity under their own office.
  assert.equal((await staffB.get(`/lat/admin/kancelarije/cacak/volontiranje/${opp}`)).status, 404);
  assert.equal((await staffB.get(`${ADMIN}/${opp}`)).status, 403);
});

test('hours: not before acceptance, not in the future, at most 24 in a day across applications; clear messages', async () => {
  const opp1 = await post({});
  const opp2 = await post({});
  const v = await volunteer('1998-08-08');
  assert.equal((await v.client.post(`${PUB}/${opp1}/prijava`, {})).status, 303);
  const pending = (await applicationOf(opp1, v.id))!;
  const early = await v.client.post(`${PUB}/prijave/${pending.id}/sati`, { day: today(), hours: '2', description: 'Rad' });
  assert.equal(early.status, 400);
  assert.match(await early.text(), /tek kada organizator prihvati/);
  await staff.post(`${ADMIN}/${opp1}/prijave/${pending.id}/prihvati`, {});
  const a2 = await applyAndAccept(opp2, v);
  const path1 = `${PUB}/prijave/${pending.id}/sati`;
  const future = await v.client.post(path1, {
    day: localParts(new Date(Date.now() + 2 * 86_400_000)).date,
    hours: '2',
    description: 'Rad',
  });
  assert.equal(future.status, 400);
  assert.match(await future.text(), /ne mogu upisati unapred/);
  const tooMany = await v.client.post(path1, { day: daysAgo(1), hours: '25', description: 'Rad' });
  assert.equal(tooMany.status, 400);
  assert.equal((await v.client.post(path1, { day: daysAgo(1), hours: '20', description: 'Celodnevna akcija' })).status, 303);
  const over = await v.client.post(`${PUB}/prijave/${a2}/sati`, { day: daysAgo(1), hours: '4,5', description: 'Još' });
  assert.equal(over.status, 400);
  assert.match(await over.text(), /Dan ima 24 sata: .* još najviše 4 sata/);
  assert.equal((await v.client.post(`${PUB}/prijave/${a2}/sati`, { day: daysAgo(1), hours: '4', description: 'Još' })).status, 303);
  const sums = await t.db.query<{ total: string }>('SELECT sum(hours)::text AS total FROM volunteer_hours WHERE user_id = $1', [v.id]);
  assert.equal(Number(sums[0]!.total), 24);
  // The database holds the same line if the service's check is skipped.
  await assert.rejects(
    t.db.query(`INSERT INTO volunteer_hours (office_id, application_id, user_id, day, hours) VALUES ($1, $2, $3, $4, 0.5)`, [
      office.id,
      a2,
      v.id,
      daysAgo(1),
    ]),
  );
  // Someone else's application: 404.
  const other = await volunteer('1997-07-07');
  assert.equal((await other.client.post(`${PUB}/prijave/${a2}/sati`, { day: today(), hours: '1', description: 'x' })).status, 404);
  // Check-in and check-out on a phone.
  assert.equal((await v.client.post(`${PUB}/prijave/${a2}/dolazak`, {})).status, 303);
  assert.equal((await v.client.post(`${PUB}/prijave/${a2}/dolazak`, {})).status, 400);
  assert.equal((await v.client.post(`${PUB}/prijave/${a2}/odlazak`, { description: 'Dežurstvo' })).status, 303);
  const open = await t.db.query('SELECT 1 FROM volunteer_hours WHERE application_id = $1 AND hours IS NULL', [a2]);
  assert.equal(open.length, 0);
});

test('bulk confirmation: ticked entries in one POST, one transaction; another opportunity’s entry untouched; a dispute needs a reason', async () => {
  const opp = await post({});
  const elsewhere = await post({});
  const v = await volunteer('1996-06-06');
  const a = await applyAndAccept(opp, v);
  const b = await applyAndAccept(elsewhere, v);
  for (const d of [5, 4, 3])
    assert.equal((await v.client.post(`${PUB}/prijave/${a}/sati`, { day: daysAgo(d), hours: '3', description: `Dan ${d}` })).status, 303);
  assert.equal((await v.client.post(`${PUB}/prijave/${b}/sati`, { day: daysAgo(5), hours: '1', description: 'Drugde' })).status, 303);
  const ids = await t.db.query<{ id: string; application_id: string }>(
    'SELECT id, application_id FROM volunteer_hours WHERE user_id = $1 ORDER BY day',
    [v.id],
  );
  const mine = ids.filter((r) => r.application_id === a).map((r) => r.id);
  const foreign = ids.find((r) => r.application_id === b)!.id;
  const none = await bulk(staff, opp, [], 'confirm');
  assert.equal(none.status, 400);
  assert.match(await none.text(), /Označite bar jedan unos/);
  const noReason = await bulk(staff, opp, [mine[0]!], 'dispute', '');
  assert.equal(noReason.status, 400);
  const done = await bulk(staff, opp, [...mine.slice(0, 2), foreign], 'confirm');
  assert.equal(done.status, 303);
  const states = await t.db.query<{ id: string; status: string }>('SELECT id, status FROM volunteer_hours WHERE user_id = $1', [v.id]);
  const status = new Map(states.map((s) => [s.id, s.status]));
  assert.equal(status.get(mine[0]!), 'confirmed');
  assert.equal(status.get(mine[1]!), 'confirmed');
  assert.equal(status.get(mine[2]!), 'logged');
  assert.equal(status.get(foreign), 'logged', 'another opportunity’s entry is not touched');
  assert.equal((await bulk(staff, opp, [mine[2]!], 'dispute', 'Nije bio prisutan')).status, 303);
  assert.equal(
    (await t.db.query<{ status: string }>('SELECT status FROM volunteer_hours WHERE id = $1', [mine[2]!]))[0]!.status,
    'disputed',
  );
  const audit = await t.db.query<{ data: { entries: number } }>(
    `SELECT data FROM audit_events WHERE office_id = $1 AND action = 'volunteering.hours.confirm' AND target = $2`,
    [office.id, opp],
  );
  assert.deepEqual(
    audit.map((r) => r.data.entries),
    [2],
  );
  // The volunteer's profile shows confirmed hours by year and skill.
  const profile = await (await v.client.get('/lat/moj-nalog/volontiranje')).text();
  assert.match(profile, /timski rad/);
});

test('the contract is flagged when the logged hours cross the long-term threshold (more than 10 a week for 3 months)', async () => {
  const opp = await post({ starts_on: addMonths(daysAgo(0), -5) });
  const v = await volunteer('1995-02-02');
  const a = await applyAndAccept(opp, v);
  assert.deepEqual((await applicationOf(opp, v.id))!.contract_reasons, []);
  // 14 weekly entries of 12 hours, the last one today: 92 days, which is 3 calendar months from any
  // first day (a 3-month span is 89–92 days), so the span reaches 3 months with the last entry.
  for (let w = 13; w >= 1; w--) {
    assert.equal(
      (await v.client.post(`${PUB}/prijave/${a}/sati`, { day: daysAgo(1 + w * 7), hours: '12', description: `Nedelja ${w}` })).status,
      303,
    );
    assert.equal((await applicationOf(opp, v.id))!.long_term_at, null, `not yet after week −${w}`);
  }
  const last = await v.client.post(`${PUB}/prijave/${a}/sati`, { day: daysAgo(0), hours: '12', description: 'Poslednja' });
  assert.equal(last.status, 303);
  assert.match(last.headers.get('location') ?? '', /n=volunteering\.longTerm/);
  const flagged = (await applicationOf(opp, v.id))!;
  assert.ok(flagged.long_term_at);
  assert.deepEqual(flagged.contract_reasons, ['long_term']);
});

function validJmbg(birth: string): string {
  const [y, m, d] = birth.split('-');
  for (let b = 0; b < 1000; b++) {
    const first = `${d}${m}${y!.slice(1)}71${String(b).padStart(3, '0')}`;
    const k = jmbgCheckDigit(first);
    if (k !== null) return first + k;
  }
  throw new Error('no JMBG');
}

test('certificate: issued by the organiser, JMBG asked then (validated, stored apart, every viewing logged), PDF and public verification', async () => {
  const opp = await post({ title: 'Čišćenje obale Tamiša' });
  const v = await volunteer('2002-09-21');
  const a = await applyAndAccept(opp, v);
  await v.client.post(`${PUB}/prijave/${a}/sati`, { day: daysAgo(2), hours: '3,5', description: 'Čišćenje' });
  await v.client.post(`${PUB}/prijave/${a}/sati`, { day: daysAgo(1), hours: '2', description: 'Sortiranje' });
  const noHours = await staff.post(`${ADMIN}/${opp}/prijave/${a}/potvrda`, {});
  assert.equal(noHours.status, 400, 'no confirmed hours yet');
  const ids = (await t.db.query<{ id: string }>('SELECT id FROM volunteer_hours WHERE application_id = $1', [a])).map((r) => r.id);
  assert.equal((await bulk(staff, opp, ids, 'confirm')).status, 303);
  assert.equal((await staff.post(`${ADMIN}/${opp}/prijave/${a}/potvrda`, {})).status, 303);
  const cert = (
    await t.db.query<{ code: string; hours: string }>(
      'SELECT code, hours::text AS hours FROM volunteer_certificates WHERE application_id = $1',
      [a],
    )
  )[0]!;
  assert.equal(Number(cert.hours), 5.5);

  // The volunteer is asked for the JMBG first; not in the register yet, so told to join it.
  const first = await v.client.get(`${PUB}/prijave/${a}/potvrda.pdf`);
  assert.equal(first.status, 303);
  assert.match(await (await v.client.get(`${PUB}/prijave/${a}/jmbg`)).text(), /pridruzi-se/);
  const personId = await ensureJoined(t.deps, 'pancevo', v.id);
  const jmbg = validJmbg('2002-09-21');
  const bad = await v.client.post(`${PUB}/prijave/${a}/jmbg`, {
    jmbg: jmbg.slice(0, 12) + String((Number(jmbg[12]) + 1) % 10),
    address: 'Ulica 1, Pančevo',
    citizenship: 'Srbija',
  });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /JMBG ima 13 cifara/);
  const wrongBirth = validJmbg('2002-09-22');
  assert.equal(
    (await v.client.post(`${PUB}/prijave/${a}/jmbg`, { jmbg: wrongBirth, address: 'Ulica 1', citizenship: 'Srbija' })).status,
    400,
  );
  assert.equal((await t.db.query('SELECT 1 FROM volunteer_identities WHERE person_id = $1', [personId])).length, 0);
  assert.equal(
    (
      await v.client.post(`${PUB}/prijave/${a}/jmbg`, {
        jmbg: `${jmbg.slice(0, 6)} ${jmbg.slice(6)}`,
        address: 'Ulica 1, Pančevo',
        citizenship: 'Srbija',
      })
    ).status,
    303,
  );
  // Stored apart from the person row.
  const columns = await t.db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = 'people'`,
  );
  assert.ok(!columns.some((c) => c.column_name === 'jmbg'));
  assert.equal(
    (
      await t.db.query<{ jmbg: string }>('SELECT jmbg FROM volunteer_identities WHERE office_id = $1 AND person_id = $2', [
        office.id,
        personId,
      ])
    )[0]!.jmbg,
    jmbg,
  );

  const logged = async () =>
    (
      await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM personal_data_access WHERE person_id = $1 AND action = 'view' AND reason LIKE 'volunteering.jmbg%'`,
        [personId],
      )
    )[0]!.n;
  assert.equal(await logged(), 0);
  const pdf = await v.client.get(`${PUB}/prijave/${a}/potvrda.pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.equal(await logged(), 1);
  const staffPdf = await staff.get(`${PUB}/prijave/${a}/potvrda.pdf`);
  assert.equal(staffPdf.status, 200);
  assert.equal(await logged(), 2, 'the organiser’s viewing is logged too');
  // Compressed PDFs from the route: check the fields through an uncompressed build of the same data.
  const { volCertificatePdf } = await import('./pdf.ts');
  const text = pdfText(
    await volCertificatePdf(
      {
        locale: 'cir',
        code: cert.code,
        issuedAt: new Date(),
        organiser: office.name,
        organiserAddress: 'Trg kralja Petra I 2-4',
        fullName: 'Volonterka Izmišljena',
        birthDate: '2002-09-21',
        identity: { jmbg, address: 'Ulica 1, Pančevo', citizenship: 'Srbija' },
        title: 'Čišćenje obale Tamiša',
        tasks: 'Čišćenje',
        place: 'Obala',
        beneficiaries: ['environment'],
        training: '',
        firstDay: daysAgo(2),
        lastDay: daysAgo(1),
        hours: '5.5',
        verifyUrl: `https://kzm.test/cir/kancelarije/pancevo/volontiranje/potvrda/${cert.code}`,
      },
      { compress: false },
    ),
  );
  assert.match(text, /ПОТВРДА О ОБАВЉЕНОМ ВОЛОНТИРАЊУ/);
  assert.match(text, new RegExp(jmbg));
  assert.match(text, /Волонтерка Измишљена/);
  assert.match(text, /5,5 сати/);
  assert.match(text, new RegExp(cert.code));
  // Someone else cannot download it.
  const stranger = await volunteer('1990-01-01');
  assert.equal((await stranger.client.get(`${PUB}/prijave/${a}/potvrda.pdf`)).status, 404);

  // The public verification page confirms it, without the JMBG; an unknown code is 404.
  const page = await t.client().get(`${PUB}/potvrda/${cert.code.toLowerCase()}`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /Čišćenje obale Tamiša/);
  assert.match(html, /Volonterka Izmišljena/);
  assert.doesNotMatch(html, new RegExp(jmbg));
  assert.equal((await t.client().get(`${PUB}/potvrda/ABCDEFGHJK23`)).status, 404);
  assert.equal((await t.client().get('/lat/kancelarije/cacak/volontiranje/potvrda/' + cert.code)).status, 404);
});

test('records (art. 28) and the yearly report (art. 30) as XLSX and PDF; the indicator matches an independent sum', async () => {
  const res = await staff.get(`${ADMIN}/evidencija.xlsx`);
  assert.equal(res.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  assert.equal(ws.getRow(1).getCell(1).value, 'Program');
  const titles: string[] = [];
  ws.eachRow((r, i) => {
    if (i > 1) titles.push(String(r.getCell(1).value));
  });
  assert.ok(titles.includes('Čišćenje obale Tamiša'));
  const year = Number(daysAgo(1).slice(0, 4));
  const pdf = await staff.get(`${ADMIN}/izvestaj.pdf?godina=${year}`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.equal((await staff.get(`${ADMIN}/izvestaj.xlsx?godina=abc`)).status, 200);
  assert.equal((await staff.get(`${ADMIN}/evidencija.pdf`)).status, 200);

  const from = new Date(`${year}-01-01T00:00:00+01:00`);
  const until = new Date(`${year + 1}-01-01T00:00:00+01:00`);
  const expected = await t.db.query<{ total: string | null }>(
    `SELECT sum(hours)::text AS total FROM volunteer_hours WHERE office_id = $1 AND status = 'confirmed' AND extract(year FROM day) = $2`,
    [office.id, year],
  );
  const got = await volunteeringHours.compute(t.db, office.id, { from, until, area: null, param: null, threshold: 5 });
  assert.equal(got.value, Number(expected[0]!.total));
  const inArea = await t.db.query<{ total: string | null }>(
    `SELECT sum(h.hours)::text AS total FROM volunteer_hours h
       JOIN volunteer_applications x ON x.office_id = h.office_id AND x.id = h.application_id
       JOIN volunteer_opportunities v ON v.office_id = x.office_id AND v.id = x.opportunity_id
      WHERE h.office_id = $1 AND h.status = 'confirmed' AND extract(year FROM h.day) = $2 AND v.area = 'volunteering'`,
    [office.id, year],
  );
  const byArea = await volunteeringHours.compute(t.db, office.id, { from, until, area: 'volunteering', param: null, threshold: 5 });
  assert.ok(Number(inArea[0]!.total) > 0, 'this file’s places name the volunteering area');
  assert.equal(byArea.value, Number(inArea[0]!.total));
  const none = await volunteeringHours.compute(t.db, office.id, { from, until, area: 'health', param: null, threshold: 5 });
  assert.equal(none.value, null);
});

test('the applicant is mailed when accepted or declined (with the reason), in their own script, through the outbox', async () => {
  const opp = await post({ title: 'Podela paketa' });
  const lat = await volunteer('2000-06-06');
  await applyAndAccept(opp, lat);
  const email = `volonter.${++n}@primer.test`;
  const cirId = await makeAccount(t.db, hash, { email, name: 'Volonter Ćirilični', birth: '2000-07-07', locale: 'cir' });
  const cir = { id: cirId, email, client: await t.clientAs(email) };
  assert.equal((await cir.client.post(`${PUB}/${opp}/prijava`, {})).status, 303);
  const a = (await applicationOf(opp, cir.id))!;
  assert.equal((await staff.post(`${ADMIN}/${opp}/prijave/${a.id}/odbij`, { reason: 'Sva mesta su popunjena' })).status, 303);
  const mails = async (to: string) =>
    t.db.query<{ subject: string; body_text: string }>('SELECT subject, body_text FROM outbox WHERE recipient = $1 ORDER BY id', [to]);
  const [accepted] = await mails(lat.email);
  assert.match(accepted!.subject, /Prijava prihvaćena: Podela paketa/);
  assert.match(accepted!.body_text, /prijave\/[0-9a-f-]{36}/);
  const [declined] = await mails(cir.email);
  assert.match(declined!.subject, /Пријава није прихваћена: Подела пакета/);
  assert.match(declined!.body_text, /Разлог: Сва места су попуњена/);
  // A refused decision mails no one.
  assert.equal((await staff.post(`${ADMIN}/${opp}/prijave/${a.id}/prihvati`, {})).status, 400);
  assert.equal((await mails(cir.email)).length, 1);
});

test('the organiser edits the place; with applications the age and contract fields are fixed; closing stops new applications, pending ones can still be decided', async () => {
  const opp = await post({ title: 'Biblioteka: čitalački klub' });
  const form = await (await staff.get(`${ADMIN}/${opp}/uredi`)).text();
  assert.match(form, /value="Biblioteka: čitalački klub"/);
  const edited = {
    title: 'Biblioteka: čitalački klub za srednjoškolce',
    tasks: 'Vođenje susreta čitalačkog kluba.',
    place: 'Gradska biblioteka, čitaonica',
    starts_on: daysAgo(200),
    ends_on: '',
    hours_per_week: '3',
    min_age: '15',
    skills: 'teamwork,communication',
    beneficiaries: 'youth',
    training: '',
    costs: 'Prevoz',
    area: 'volunteering',
  };
  assert.equal((await staff.post(`${ADMIN}/${opp}/uredi`, edited)).status, 303);
  const page = await (await t.client().get(`${PUB}/${opp}`)).text();
  assert.match(page, /Gradska biblioteka, čitaonica/);
  assert.match(page, /za srednjoškolce/);
  // Bad input: 400 at the field, nothing saved.
  const bad = await staff.post(`${ADMIN}/${opp}/uredi`, { ...edited, place: 'Drugde', ends_on: daysAgo(300) });
  assert.equal(bad.status, 400);
  assert.equal(
    (await t.db.query<{ place: string }>('SELECT place FROM volunteer_opportunities WHERE id = $1', [opp]))[0]!.place,
    edited.place,
  );

  const pending = await volunteer('2001-01-01');
  assert.equal((await pending.client.post(`${PUB}/${opp}/prijava`, {})).status, 303);
  // Once someone applied, the age (and the other rules the application was decided by) no longer change.
  const locked = await staff.post(`${ADMIN}/${opp}/uredi`, { ...edited, min_age: '18' });
  assert.equal(locked.status, 400);
  assert.match(await locked.text(), /Mesto već ima prijava: ovo polje se više ne menja/);
  assert.equal((await t.db.query<{ min_age: number }>('SELECT min_age FROM volunteer_opportunities WHERE id = $1', [opp]))[0]!.min_age, 15);
  assert.equal((await staff.post(`${ADMIN}/${opp}/uredi`, { ...edited, place: 'Biblioteka, sala 2' })).status, 303);

  // Close: the manage page says what happens to the pending application.
  const manage = await (await staff.get(`${ADMIN}/${opp}`)).text();
  assert.match(manage, /1 prijava čeka odluku: ostaje, i možete je prihvatiti ili odbiti/);
  assert.equal((await staff.post(`${ADMIN}/${opp}/prijem`, { action: 'close' })).status, 303);
  const late = await volunteer('2001-02-02');
  const refused = await late.client.post(`${PUB}/${opp}/prijava`, {});
  assert.equal(refused.status, 400);
  assert.match(await refused.text(), /Prijave za ovo mesto su zatvorene/);
  assert.equal(await applicationOf(opp, late.id), undefined);
  assert.doesNotMatch(await (await t.client().get(PUB)).text(), new RegExp(opp));
  const a = (await applicationOf(opp, pending.id))!;
  assert.equal((await staff.post(`${ADMIN}/${opp}/prijave/${a.id}/prihvati`, {})).status, 303, 'a pending application is still decided');
  assert.equal((await applicationOf(opp, pending.id))!.status, 'accepted');
  assert.equal((await staff.post(`${ADMIN}/${opp}/prijem`, { action: 'nope' })).status, 400);
  assert.equal((await staff.post(`${ADMIN}/${opp}/prijem`, { action: 'reopen' })).status, 303);
  assert.equal((await late.client.post(`${PUB}/${opp}/prijava`, {})).status, 303);
  // Another office's coordinator cannot edit or close it.
  assert.equal((await staffB.post(`/lat/admin/kancelarije/cacak/volontiranje/${opp}/prijem`, { action: 'close' })).status, 404);
  const audit = await t.db.query<{ action: string }>(
    `SELECT action FROM audit_events WHERE target = $1 AND action LIKE 'volunteering.opportunity.%'`,
    [opp],
  );
  assert.deepEqual(
    audit.map((r) => r.action).sort(),
    [
      'volunteering.opportunity.create',
      'volunteering.opportunity.edit',
      'volunteering.opportunity.edit',
      'volunteering.opportunity.close',
      'volunteering.opportunity.reopen',
    ].sort(),
  );
});

test('a revoked certificate: its verification page says revoked, its PDF is gone, a corrected one may be issued; a reason is required', async () => {
  const opp = await post({ title: 'Sadnja drveća' });
  const v = await volunteer('1998-08-08');
  const a = await applyAndAccept(opp, v);
  await v.client.post(`${PUB}/prijave/${a}/sati`, { day: daysAgo(3), hours: '4', description: 'Sadnja' });
  const ids = (await t.db.query<{ id: string }>('SELECT id FROM volunteer_hours WHERE application_id = $1', [a])).map((r) => r.id);
  assert.equal((await bulk(staff, opp, ids, 'confirm')).status, 303);
  assert.equal((await staff.post(`${ADMIN}/${opp}/prijave/${a}/potvrda`, {})).status, 303);
  const codes = async () =>
    t.db.query<{ code: string; revoked_at: Date | null; revoke_reason: string }>(
      'SELECT code, revoked_at, revoke_reason FROM volunteer_certificates WHERE application_id = $1 ORDER BY issued_at',
      [a],
    );
  const [first] = await codes();
  assert.match(await (await staff.get(`${ADMIN}/${opp}`)).text(), /Opozovi potvrdu/);
  assert.equal((await staff.post(`${ADMIN}/${opp}/prijave/${a}/opoziv`, { reason: '' })).status, 400);
  assert.equal((await codes())[0]!.revoked_at, null, 'nothing changed without a reason');
  assert.equal((await staff.post(`${ADMIN}/${opp}/prijave/${a}/opoziv`, { reason: 'Pogrešan broj sati' })).status, 303);
  const [revoked] = await codes();
  assert.ok(revoked!.revoked_at);
  assert.equal(revoked!.revoke_reason, 'Pogrešan broj sati');
  const check = await t.client().get(`/cir/kancelarije/pancevo/volontiranje/potvrda/${first!.code}`);
  assert.equal(check.status, 200);
  assert.match(await check.text(), /Ова потврда је опозвана .* и више не важи/);
  assert.equal((await v.client.get(`${PUB}/prijave/${a}/potvrda.pdf`)).status, 404);
  assert.equal((await staff.post(`${ADMIN}/${opp}/prijave/${a}/opoziv`, { reason: 'Opet' })).status, 400, 'no live certificate left');
  // A corrected certificate: a new code, valid; the revoked one stays revoked.
  assert.equal((await staff.post(`${ADMIN}/${opp}/prijave/${a}/potvrda`, {})).status, 303);
  const after = await codes();
  assert.equal(after.length, 2);
  assert.notEqual(after[1]!.code, first!.code);
  assert.match(await (await t.client().get(`${PUB}/potvrda/${after[1]!.code}`)).text(), /Potvrda je važeća|važi/);
  assert.match(await (await t.client().get(`${PUB}/potvrda/${first!.code}`)).text(), /opozvana/);
  // The database keeps one live certificate per application.
  await assert.rejects(
    t.db.query(
      `INSERT INTO volunteer_certificates (office_id, code, application_id, full_name, organiser, title, tasks, place, first_day, last_day, hours)
       SELECT office_id, 'ZZZZZZZZZZ99', application_id, full_name, organiser, title, tasks, place, first_day, last_day, hours
         FROM volunteer_certificates WHERE code = $1`,
      [after[1]!.code],
    ),
  );
});
