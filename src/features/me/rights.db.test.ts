import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, lastMailTo, type TestApp, type TestClient } from '../../../test/app.ts';
import { checkConsistency } from '../../../test/consistency.ts';
import { snapshot } from '../../../test/snapshot.ts';
import { addMember } from '../admin/repo.ts';
import { countPeople } from '../people/stats-repo.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, type PersonalData } from './export.ts';
import { ensureJoined, makeAccount } from './fixtures.ts';
import { makeActivity } from '../activities/testing.ts';
import { makeSlot } from '../guidance/fixtures.ts';

/**
 * Issue #4, the rights: a person sees everything held about them (page and JSON, nothing of
 * anyone else), sees who at the office looked, corrects it, and erases the account — personal
 * data removed or anonymised while the counts in statistics stay exactly as they were.
 */
let t: TestApp;
let pancevo: string;
let cacak: string;
let hash: string;
const PASSWORD = 'lozinka-za-brisanje-1';
before(async () => {
  t = await createTestApp();
  pancevo = (await t.db.query<{ id: string }>("SELECT id FROM offices WHERE slug = 'pancevo'"))[0]!.id;
  cacak = (await t.db.query<{ id: string }>("SELECT id FROM offices WHERE slug = 'cacak'"))[0]!.id;
  hash = await t.deps.passwords.hash(PASSWORD);
});
after(() => t.close());

let n = 0;
async function person(opts: { name?: string } = {}): Promise<{ client: TestClient; userId: string; email: string; name: string }> {
  const email = `prava.${++n}@primer.test`;
  const name = opts.name ?? `Osoba Prava ${n}`;
  const userId = await makeAccount(t.db, hash, { email, name, birth: '2006-06-06' });
  return { client: await t.clientAs(email), userId, email, name };
}

const settlementOf = async (officeId: string) =>
  (await t.db.query<{ id: string }>("SELECT id FROM office_settlements WHERE office_id = $1 AND kind = 'urban' LIMIT 1", [officeId]))[0]!
    .id;

const joinFields = (over: Record<string, string>) => ({
  phone: '063/765-4321',
  birth_date: '2006-06-06',
  gender: 'female',
  status: 'student',
  interests: 'mobility',
  script: 'lat',
  purposes: 'register,contact,sensitive',
  ethnicity: 'hungarian',
  disability: 'yes',
  health_note: 'Treba mi rampa.',
  ...over,
});

/** A staff client of office A (the demo coordinator of Pančevo). */
const coordinator = () => t.clientAs('pancevo@primer.test');

/** Every table with a column naming a person or an account: what "everything about the person" must cover. */
async function tablesAboutPeople(): Promise<string[]> {
  const rows = await t.db.query<{ table_name: string }>(
    `SELECT DISTINCT table_name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name IN ('user_id', 'person_id') ORDER BY 1`,
  );
  return ['users', ...rows.map((r) => r.table_name)];
}

describe('see and download everything', () => {
  test('the JSON export holds every table’s rows about the person, and nothing of anyone else', async () => {
    const me = await person({ name: 'Jelena Izvozić' });
    const other = await person({ name: 'Drugi Neko' });
    const pSettlement = await settlementOf(pancevo);
    await me.client.post(
      '/lat/kancelarije/pancevo/pridruzi-se',
      joinFields({ full_name: me.name, email: me.email, settlement_id: pSettlement }),
    );
    await ensureJoined(t.deps, 'cacak', me.userId, ['register', 'photos']);
    await other.client.post(
      '/lat/kancelarije/pancevo/pridruzi-se',
      joinFields({ full_name: other.name, email: other.email, settlement_id: pSettlement }),
    );
    const mine = (await t.db.query<{ id: string }>('SELECT id FROM people WHERE office_id = $1 AND user_id = $2', [pancevo, me.userId]))[0]!
      .id;
    // A duplicate staff typed in earlier and merged into the person's row.
    await t.db.query(
      `INSERT INTO people (office_id, full_name, email, birth_year, source, merged_into_id, search_key)
       VALUES ($1, 'Jelena Izvozic', 'stara.adresa@primer.test', 2006, 'offline', $2, 'jelena izvozic stara.adresa@primer.test')`,
      [pancevo, mine],
    );
    await t.db.transaction((tx) => addMember(tx, cacak, me.userId, 'youth_council', null));
    const association = (
      await t.db.query<{ id: string }>(
        `INSERT INTO associations (office_id, kind, name, legal_form, search_key) VALUES ($1, 'informal', 'Grupa za izvoz', 'informal_group', 'grupa za izvoz') RETURNING id`,
        [cacak],
      )
    )[0]!.id;
    await t.db.query(
      `INSERT INTO association_representatives (office_id, association_id, user_id, status) VALUES ($1, $2, $3, 'pending')`,
      [cacak, association, me.userId],
    );
    // A sign-up for an activity (features/registrations).
    const activity = await makeActivity(t.db, 'pancevo');
    assert.equal((await me.client.post(`/lat/kancelarije/pancevo/aktivnosti/${activity.id}/prijava`, {})).status, 303);
    // A career-guidance talk (features/guidance) under the guidance consent, with the counsellor's notes,
    // and a counsellor's link to a partner in another office.
    const slotId = await makeSlot(t.deps, 'pancevo', 'pancevo@primer.test');
    assert.equal((await me.client.post(`/lat/kancelarije/pancevo/savetovanje/${slotId}/zakazivanje`, { topic: 'cv' })).status, 303);
    await t.db.query(
      `WITH c AS (INSERT INTO person_consents (office_id, person_id, purpose, notice_version, given_by, evidence)
                  VALUES ($1, $2, 'guidance', '2026-11-01', 'self', 'online') RETURNING id)
       INSERT INTO guidance_notes (office_id, booking_id, person_id, consent_id, body)
       SELECT $1, b.id, $2, c.id, 'Beleška savetnika' FROM guidance_bookings b, c WHERE b.office_id = $1 AND b.slot_id = $3`,
      [pancevo, mine, slotId],
    );
    await t.db.query('INSERT INTO guidance_counsellors (office_id, user_id) VALUES ($1, $2)', [cacak, me.userId]);
    // An initiative's team (features/initiatives): the person leads one and is invited (not yet accepted) to
    // another by e-mail; the other person's membership stays out.
    const initiative = async (title: string) =>
      (
        await t.db.query<{ id: string }>(
          `INSERT INTO initiatives (office_id, proposer_kind, title, idea, why, audience, area, place, starts_on, ends_on)
           VALUES ($1, 'person', $2, 'Ideja', 'Zašto', 'Mladi', 'education', 'Pančevo', '2027-03-01', '2027-03-02') RETURNING id`,
          [pancevo, title],
        )
      )[0]!.id;
    const led = await initiative('Inicijativa za izvoz');
    const invitedTo = await initiative('Tuđa inicijativa');
    await t.db.query(
      `INSERT INTO initiative_members (office_id, initiative_id, email, user_id, role, accepted_at)
       VALUES ($1, $2, $3, $4, 'lead', now()), ($1, $5, $6, $7, 'lead', now())`,
      [pancevo, led, me.email, me.userId, invitedTo, other.email, other.userId],
    );
    await t.db.query(`INSERT INTO initiative_members (office_id, initiative_id, email, token_hash) VALUES ($1, $2, $3, repeat('a', 64))`, [
      pancevo,
      invitedTo,
      me.email.toUpperCase(),
    ]);
    // A booking request (features/bookings) with one booked span.
    const resource = (
      await t.db.query<{ id: string }>(
        `INSERT INTO booking_resources (office_id, kind, category, name) VALUES ($1, 'room', 'hall', 'Sala za izvoz') RETURNING id`,
        [pancevo],
      )
    )[0]!.id;
    await t.db.query(
      `WITH r AS (INSERT INTO booking_requests (office_id, user_id, booker_kind, full_name, email, purpose, status, code, token_hash)
                  VALUES ($1, $2, 'person', $3, $4, 'Proba hora', 'pending', 'IZVOZ1', repeat('b', 64)) RETURNING id)
       INSERT INTO bookings (office_id, request_id, resource_id, during, status)
       SELECT $1, r.id, $5, tstzrange('2027-03-05 18:00+01', '2027-03-05 20:00+01'), 'pending' FROM r`,
      [pancevo, me.userId, me.name, me.email, resource],
    );
    // A coordinator's self-assessment (features/national).
    await t.db.query(
      `INSERT INTO competency_assessments (office_id, user_id, answers, management, partnership, participation, inclusion)
       VALUES ($1, $2, '{"management_1": 3}', 2, 2, 1, 1)`,
      [pancevo, me.userId],
    );
    // Volunteering (features/volunteering): an application, an hour, and the JMBG kept with the register row.
    const application = (
      await t.db.query<{ id: string }>(
        `WITH v AS (INSERT INTO volunteer_opportunities (office_id, title, tasks, place, starts_on, hours_per_week, min_age)
                    VALUES ($1, 'Volontiranje za izvoz', 'Zadaci', 'Pančevo', '2027-01-01', 4, 15) RETURNING id)
         INSERT INTO volunteer_applications (office_id, opportunity_id, user_id, full_name, birth_date, minor)
         SELECT $1, v.id, $2, $3, '2006-06-06', false FROM v RETURNING id`,
        [pancevo, me.userId, me.name],
      )
    )[0]!.id;
    await t.db.query(
      `INSERT INTO volunteer_hours (office_id, application_id, user_id, day, hours, description) VALUES ($1, $2, $3, '2027-01-10', 3, 'Rad')`,
      [pancevo, application, me.userId],
    );
    await t.db.query(`INSERT INTO volunteer_identities (office_id, person_id, jmbg) VALUES ($1, $2, '0606006715123')`, [pancevo, mine]);
    // A seat in the youth council, chosen from the register row (features/council).
    await t.db.query(
      `INSERT INTO council_members (office_id, person_id, full_name, role, birth_year, term_from) VALUES ($1, $2, $3, 'member', 2006, '2027-01-01')`,
      [pancevo, mine, me.name],
    );
    // A survey answered (only that it was, never what: the response has no link to anyone) and answers saved
    // for later (features/surveys).
    const survey = (
      await t.db.query<{ survey_id: string }>(
        `WITH s AS (INSERT INTO surveys (office_id, title, one_per_account) VALUES ($1, 'Anketa za izvoz', true) RETURNING id)
         INSERT INTO survey_versions (office_id, survey_id, version, definition) SELECT $1, s.id, 1, '{}'::jsonb FROM s RETURNING survey_id`,
        [pancevo],
      )
    )[0]!.survey_id;
    await t.db.query('INSERT INTO survey_participants (office_id, survey_id, user_id) VALUES ($1, $2, $3), ($1, $2, $4)', [
      pancevo,
      survey,
      me.userId,
      other.userId,
    ]);
    await t.db.query(
      `INSERT INTO survey_responses (office_id, survey_id, version, submission_key, answers) VALUES ($1, $2, 1, repeat('c', 64), '{"q1": "Tajni odgovor"}')`,
      [pancevo, survey],
    );
    await t.db.query(
      `INSERT INTO survey_drafts (office_id, survey_id, token_hash, version, answers, user_id) VALUES ($1, $2, repeat('d', 64), 1, '{"q1": "Nacrt"}', $3)`,
      [pancevo, survey, me.userId],
    );
    // A staff member opens the person and reveals the special categories (logged with the reason).
    const staff = await coordinator();
    assert.equal((await staff.get(`/lat/admin/kancelarije/pancevo/mladi/${mine}`)).status, 200);
    const reveal = await staff.post(`/lat/admin/kancelarije/pancevo/mladi/${mine}/posebni`, {
      reason: 'Planiranje pristupačnosti radionice',
    });
    assert.equal(reveal.status, 200);
    // The login writes an account event and a session.
    const browser = t.client();
    assert.equal((await browser.post('/lat/nalog/prijava', { email: me.email, password: PASSWORD })).status, 303);

    const res = await browser.get('/lat/moj-nalog/podaci.json');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^application\/json/);
    assert.match(res.headers.get('content-disposition')!, /^attachment; filename="kzm-moji-podaci-\d{4}-\d{2}-\d{2}\.json"$/);
    assert.equal(res.headers.get('cache-control'), 'private, no-store');
    const text = await res.text();
    const data = JSON.parse(text) as PersonalData;
    assert.equal(data.format, EXPORT_FORMAT);
    assert.equal(data.version, EXPORT_VERSION);
    assert.equal(data.account.email, me.email);
    assert.equal(data.account.display_name, me.name);

    // Every table that names a person or an account is covered, row for row.
    const count = async (sql: string) => (await t.db.query<{ n: number }>(sql, [me.userId]))[0]!.n;
    const people = `SELECT office_id, id FROM people WHERE user_id = $1 AND merged_into_id IS NULL`;
    const all = `(SELECT office_id, id FROM people WHERE user_id = $1 UNION SELECT d.office_id, d.id FROM people d JOIN (${people}) r ON d.office_id = r.office_id AND d.merged_into_id = r.id)`;
    const covered: Record<string, { db: string; exported: number } | { excluded: string }> = {
      users: { db: 'SELECT count(*)::int AS n FROM users WHERE id = $1', exported: 1 },
      consents: { db: 'SELECT count(*)::int AS n FROM consents WHERE user_id = $1', exported: data.account_consents.length },
      sessions: { db: 'SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', exported: data.sessions.length },
      account_events: { db: 'SELECT count(*)::int AS n FROM account_events WHERE user_id = $1', exported: data.account_events.length },
      office_members: { db: 'SELECT count(*)::int AS n FROM office_members WHERE user_id = $1', exported: data.roles.length },
      people: {
        db: `SELECT count(*)::int AS n FROM ${all} x`,
        exported: data.registers.length + data.registers.flatMap((r) => r.duplicates).length,
      },
      person_consents: {
        db: `SELECT count(*)::int AS n FROM person_consents c JOIN ${all} x ON c.office_id = x.office_id AND c.person_id = x.id`,
        exported: data.registers.flatMap((r) => r.consents).length,
      },
      person_sensitive: {
        db: `SELECT count(*)::int AS n FROM person_sensitive s JOIN ${all} x ON s.office_id = x.office_id AND s.person_id = x.id`,
        exported: data.registers.filter((r) => r.sensitive).length,
      },
      personal_data_access: {
        db: `SELECT count(*)::int AS n FROM personal_data_access a JOIN ${all} x ON a.office_id = x.office_id AND a.person_id = x.id`,
        exported: data.registers.flatMap((r) => r.access_log).length,
      },
      association_representatives: {
        db: 'SELECT count(*)::int AS n FROM association_representatives WHERE user_id = $1',
        exported: data.association_representations.length,
      },
      registrations: {
        db: 'SELECT count(*)::int AS n FROM registrations WHERE user_id = $1',
        exported: data.activity_registrations.length,
      },
      guidance_bookings: {
        db: 'SELECT count(*)::int AS n FROM guidance_bookings WHERE user_id = $1',
        exported: data.guidance_bookings.length,
      },
      guidance_notes: {
        db: 'SELECT count(*)::int AS n FROM guidance_notes n JOIN guidance_bookings b ON b.office_id = n.office_id AND b.id = n.booking_id WHERE b.user_id = $1',
        exported: data.guidance_bookings.filter((b) => b.counsellor_notes).length,
      },
      guidance_counsellors: {
        db: 'SELECT count(*)::int AS n FROM guidance_counsellors WHERE user_id = $1',
        exported: data.guidance_counselling.length,
      },
      user_tokens: { excluded: 'one-time links: secrets that expire within hours' },
      initiative_members: {
        db: `SELECT count(*)::int AS n FROM initiative_members
              WHERE user_id = $1 OR (user_id IS NULL AND lower(email) = (SELECT lower(email) FROM users WHERE id = $1))`,
        exported: data.initiative_memberships.length,
      },
      booking_requests: {
        db: 'SELECT count(*)::int AS n FROM booking_requests WHERE user_id = $1',
        exported: data.booking_requests.length,
      },
      volunteer_applications: {
        db: 'SELECT count(*)::int AS n FROM volunteer_applications WHERE user_id = $1',
        exported: data.volunteer_applications.length,
      },
      volunteer_hours: { db: 'SELECT count(*)::int AS n FROM volunteer_hours WHERE user_id = $1', exported: data.volunteer_hours.length },
      competency_assessments: {
        db: 'SELECT count(*)::int AS n FROM competency_assessments WHERE user_id = $1',
        exported: data.competency_assessments.length,
      },
      volunteer_identities: {
        db: `SELECT count(*)::int AS n FROM volunteer_identities v JOIN ${all} x ON v.office_id = x.office_id AND v.person_id = x.id`,
        exported: data.registers.flatMap((r) => r.volunteer_identities).length,
      },
      // Only seats chosen from the person's register row: a member typed in by name has no person_id
      // (nor any other tie to an account), so no person's export can claim it.
      council_members: {
        db: `SELECT count(*)::int AS n FROM council_members m JOIN ${all} x ON m.office_id = x.office_id AND m.person_id = x.id`,
        exported: data.registers.flatMap((r) => r.council_memberships).length,
      },
      survey_participants: {
        db: 'SELECT count(*)::int AS n FROM survey_participants WHERE user_id = $1',
        exported: data.survey_participations.length,
      },
      survey_drafts: { db: 'SELECT count(*)::int AS n FROM survey_drafts WHERE user_id = $1', exported: data.survey_drafts.length },
    };
    const missing = (await tablesAboutPeople()).filter((table) => !(table in covered));
    assert.deepEqual(missing, [], 'a table about people that the export does not cover: add it to export.ts and here');
    for (const [table, c] of Object.entries(covered)) {
      if ('excluded' in c) continue;
      const inDb = await count(c.db);
      assert.ok(inDb > 0, `${table}: the test should have rows to compare`);
      assert.equal(c.exported, inDb, `${table}: exported rows`);
    }
    const access = data.registers.find((r) => r.office.slug === 'pancevo')!.access_log;
    assert.deepEqual(access.map((a) => [a.action, a.by, a.reason]).sort(), [
      ['reveal_sensitive', 'Petra Primerović', 'Planiranje pristupačnosti radionice'],
      ['view', 'Petra Primerović', ''],
    ]);
    assert.equal(data.registers.find((r) => r.office.slug === 'pancevo')!.sensitive?.ethnicity, 'hungarian');
    assert.equal(data.registers.find((r) => r.office.slug === 'pancevo')!.volunteer_identities[0]?.jmbg, '0606006715123');
    assert.deepEqual(
      data.survey_participations.map((p) => p.survey),
      ['Anketa za izvoz'],
    );
    assert.ok(!text.includes('Tajni odgovor'), 'a survey answer is anonymous: never in anyone’s export');
    assert.ok(!/"token_hash"|a{64}|b{64}|d{64}/.test(text), 'no token of a mailed or private link');

    // Nothing of the other person (same office), nor the staff member's contact details.
    const otherIds = await t.db.query<{ id: string }>(
      'SELECT id FROM people WHERE user_id = $1 UNION SELECT id::uuid FROM (SELECT $1::text AS id) u',
      [other.userId],
    );
    for (const needle of [other.email, other.name, 'pancevo@primer.test', ...otherIds.map((r) => r.id)]) {
      assert.ok(!text.includes(needle), `the export mentions ${needle}`);
    }
    assert.ok(!text.includes('password'), 'no password hash');

    // The page shows the same, the merged duplicate included.
    const html = await (await browser.get('/lat/moj-nalog/podaci')).text();
    assert.match(html, /Dupli upisi koje je kancelarija spojila sa ovim/);
    assert.match(html, /stara\.adresa@primer\.test/);
    assert.match(html, /Grupa za izvoz/);
    assert.ok(!html.includes(other.email));
  });

  test('the page shows the same, in the reader’s script, with the who-looked log', async () => {
    const me = await person({ name: 'Jovan Gledanović' });
    await me.client.post(
      '/lat/kancelarije/pancevo/pridruzi-se',
      joinFields({ full_name: me.name, email: me.email, settlement_id: await settlementOf(pancevo) }),
    );
    const mine = (await t.db.query<{ id: string }>('SELECT id FROM people WHERE office_id = $1 AND user_id = $2', [pancevo, me.userId]))[0]!
      .id;
    let html = await (await me.client.get('/cir/moj-nalog/podaci')).text();
    assert.match(html, /Нико из канцеларије још није отварао ваше податке/);
    assert.match(html, /Јован Гледановић/, 'content in the reader’s script');
    assert.match(html, /мађарска/);
    assert.match(html, /href="\/cir\/moj-nalog\/podaci.json"/);

    await (await coordinator()).get(`/lat/admin/kancelarije/pancevo/mladi/${mine}`);
    html = await (await me.client.get('/cir/moj-nalog/podaci')).text();
    assert.match(html, /<td[^>]*>Петра Примеровић<\/td>\s*<td[^>]*>преглед<\/td>/);
    html = await (await me.client.get('/en/moj-nalog/podaci')).text();
    assert.match(html, /<td[^>]*>Petra Primerović<\/td>\s*<td[^>]*>viewed<\/td>/);
    // The anonymous visitor and the JSON without a session: log in first.
    assert.match((await t.client().get('/lat/moj-nalog/podaci.json')).headers.get('location')!, /^\/lat\/nalog\/prijava/);
  });
});

describe('correct', () => {
  test('the person corrects their own row; special categories only under their consent, emptied means deleted', async () => {
    const me = await person();
    const res0 = await me.client.post(
      '/lat/kancelarije/pancevo/pridruzi-se',
      joinFields({ full_name: me.name, email: me.email, purposes: 'register', ethnicity: '', disability: '', health_note: '' }),
    );
    assert.equal(res0.status, 303);
    const form = await me.client.get('/lat/moj-nalog/podaci/pancevo/uredi');
    assert.equal(form.status, 200);
    const formHtml = await form.text();
    assert.match(formHtml, new RegExp(`value="${me.name}"`));
    assert.doesNotMatch(formHtml, /name="ethnicity"/, 'no special categories without their consent');
    assert.match(formHtml, /href="\/lat\/nalog"/, 'the account’s e-mail is changed on the account page');

    const rural = (
      await t.db.query<{ id: string }>("SELECT id FROM office_settlements WHERE office_id = $1 AND kind = 'rural' LIMIT 1", [pancevo])
    )[0]!.id;
    const fields = {
      full_name: 'Ispravljeno Ime',
      email: 'nova@primer.test',
      phone: '',
      birth_date: '2006-06-07',
      gender: 'undisclosed',
      settlement_id: rural,
      status: 'employed',
      interests: 'education',
      script: 'cir',
    };
    const bad = await me.client.post('/lat/moj-nalog/podaci/pancevo/uredi', { ...fields, ethnicity: 'roma' });
    assert.equal(bad.status, 400);
    const res = await me.client.post('/lat/moj-nalog/podaci/pancevo/uredi', fields);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/lat/moj-nalog/podaci?n=form.saved');
    const row = (
      await t.db.query<Record<string, unknown>>('SELECT * FROM people WHERE office_id = $1 AND user_id = $2', [pancevo, me.userId])
    )[0]!;
    assert.deepEqual(
      [
        row.full_name,
        row.email,
        row.phone,
        row.birth_date,
        row.gender,
        row.settlement_id,
        row.settlement_kind,
        row.status,
        row.interests,
        row.script,
        row.search_key,
      ],
      [
        'Ispravljeno Ime',
        'nova@primer.test',
        '',
        '2006-06-07',
        'undisclosed',
        rural,
        'rural',
        'employed',
        ['education'],
        'cir',
        'ispravljeno ime nova@primer.test',
      ],
    );

    // With the consent given, the fields appear and are saved; emptied, the row goes.
    const consent = await me.client.post('/lat/moj-nalog/saglasnosti/daj', { office: 'pancevo', purpose: 'sensitive' });
    assert.equal(consent.status, 303);
    assert.match(await (await me.client.get('/lat/moj-nalog/podaci/pancevo/uredi')).text(), /name="ethnicity"/);
    await me.client.post('/lat/moj-nalog/podaci/pancevo/uredi', { ...fields, ethnicity: 'roma', disability: 'no', health_note: '' });
    const sensitive = () =>
      t.db.query<{ ethnicity: string }>('SELECT ethnicity FROM person_sensitive WHERE office_id = $1 AND person_id = $2', [
        pancevo,
        row.id,
      ]);
    assert.deepEqual(await sensitive(), [{ ethnicity: 'roma' }]);
    await me.client.post('/lat/moj-nalog/podaci/pancevo/uredi', { ...fields, ethnicity: '', disability: '', health_note: '' });
    assert.deepEqual(await sensitive(), []);
  });

  test('a register the person is not in answers 404; nobody edits another person’s row', async () => {
    const me = await person();
    await me.client.post(
      '/lat/kancelarije/pancevo/pridruzi-se',
      joinFields({ full_name: me.name, email: me.email, purposes: 'register', ethnicity: '', disability: '', health_note: '' }),
    );
    const stranger = await person();
    const before = await snapshot(t.db);
    assert.equal((await stranger.client.get('/lat/moj-nalog/podaci/pancevo/uredi')).status, 404);
    assert.equal(
      (await stranger.client.post('/lat/moj-nalog/podaci/pancevo/uredi', { full_name: 'Uljez', birth_date: '2000-01-01' })).status,
      404,
    );
    assert.equal((await me.client.get('/lat/moj-nalog/podaci/nema-je/uredi')).status, 404);
    assert.deepEqual(await snapshot(t.db), before);
  });
});

/**
 * The counts statistics are made of: the people register's own query (people/repo countPeople,
 * which the statistics page shows through stats.ts) for the dimensions erasure keeps — special
 * categories are deleted with the person, so their counts must drop — and, as a check of that
 * query, a plain count by exact birth year and the other kept dimensions.
 */
async function aggregates(officeId: string) {
  const year = new Date().getUTCFullYear();
  const kept = (await countPeople(t.db, officeId, year)).filter((r) =>
    ['gender', 'age', 'settlement_kind', 'status', 'interest'].includes(r.dimension),
  );
  return { stats: kept, plain: await plainCounts(officeId) };
}

async function plainCounts(officeId: string) {
  return t.db.query<{ dimension: string; code: string | null; n: number }>(
    `WITH counted AS (
       SELECT p.* FROM people p
        WHERE p.office_id = $1 AND p.merged_into_id IS NULL
          AND (p.anonymised_at IS NOT NULL OR EXISTS (
                SELECT 1 FROM person_consents c WHERE c.office_id = p.office_id AND c.person_id = p.id AND c.purpose = 'register'
                   AND c.withdrawn_at IS NULL AND (c.given_by = 'self' OR c.evidence <> 'online' OR c.parent_confirmed_at IS NOT NULL)))
     )
     SELECT 'gender' AS dimension, gender AS code, count(*)::int AS n FROM counted GROUP BY 2
     UNION ALL SELECT 'birth_year', birth_year::text, count(*)::int FROM counted GROUP BY 2
     UNION ALL SELECT 'settlement_kind', settlement_kind, count(*)::int FROM counted GROUP BY 2
     UNION ALL SELECT 'status', status, count(*)::int FROM counted GROUP BY 2
     UNION ALL SELECT 'interest', i, count(*)::int FROM counted, unnest(counted.interests) i GROUP BY 2
     ORDER BY 1, 2`,
    [officeId],
  );
}

describe('erase', () => {
  test('a wrong password, or being an office’s only admin, erases nothing', async () => {
    const me = await person();
    await ensureJoined(t.deps, 'pancevo', me.userId);
    const before = await snapshot(t.db);
    const wrong = await me.client.post('/lat/moj-nalog/obrisi', { password: 'pogresna-lozinka' });
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /Lozinka nije tačna/);
    assert.deepEqual(await snapshot(t.db), before);

    const ivanjica = (await t.db.query<{ id: string }>("SELECT id FROM offices WHERE slug = 'ivanjica'"))[0]!.id;
    const adminEmail = 'jedini.admin@primer.test';
    const adminId = await makeAccount(t.db, hash, { email: adminEmail });
    await t.db.query("DELETE FROM office_members WHERE office_id = $1 AND role = 'office_admin'", [ivanjica]);
    await t.db.transaction((tx) => addMember(tx, ivanjica, adminId, 'office_admin', null));
    const admin = await t.clientAs(adminEmail);
    const blocked = await admin.post('/lat/moj-nalog/obrisi', { password: PASSWORD });
    assert.equal(blocked.status, 400);
    assert.match(
      await blocked.text(),
      /jedini administrator kancelarije „Kancelarija za mlade opštine Ivanjica“/,
      'the office named in the reader’s script',
    );
    assert.equal((await t.db.query('SELECT 1 FROM users WHERE id = $1', [adminId])).length, 1);
  });

  test('erasing anonymises every register row in place (with merged duplicates), keeps the statistics exact, and removes the account', async () => {
    const me = await person({ name: 'Brisana Osoba' });
    const settlement = await settlementOf(pancevo);
    await me.client.post(
      '/lat/kancelarije/pancevo/pridruzi-se',
      joinFields({ full_name: me.name, email: me.email, settlement_id: settlement }),
    );
    await ensureJoined(t.deps, 'cacak', me.userId, ['register']);
    const rows = await t.db.query<{ office_id: string; id: string }>(
      'SELECT office_id, id FROM people WHERE user_id = $1 ORDER BY office_id',
      [me.userId],
    );
    const pRow = rows.find((r) => r.office_id === pancevo)!.id;
    await t.db.query(
      `INSERT INTO people (office_id, full_name, email, phone, birth_date, birth_year, source, merged_into_id, search_key)
       VALUES ($1, 'Brisana Osoba', 'duplikat@primer.test', '011/555-0000', '2006-06-06', 2006, 'import', $2, 'brisana osoba duplikat@primer.test')`,
      [pancevo, pRow],
    );
    await (await coordinator()).get(`/lat/admin/kancelarije/pancevo/mladi/${pRow}`);
    const association = (
      await t.db.query<{ id: string }>(
        `INSERT INTO associations (office_id, kind, name, legal_form, search_key) VALUES ($1, 'informal', 'Grupa za brisanje', 'informal_group', 'grupa za brisanje') RETURNING id`,
        [pancevo],
      )
    )[0]!.id;
    await t.db.query(
      `INSERT INTO association_representatives (office_id, association_id, user_id, status) VALUES ($1, $2, $3, 'pending')`,
      [pancevo, association, me.userId],
    );

    const beforeP = await aggregates(pancevo);
    const beforeC = await aggregates(cacak);
    const accessBefore = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM personal_data_access WHERE office_id = $1 AND person_id = $2',
      [pancevo, pRow],
    );
    const page = await me.client.get('/lat/moj-nalog/obrisi');
    assert.match(await page.text(), /anonimni redovi za statistiku/);

    const res = await me.client.post('/lat/moj-nalog/obrisi', { password: PASSWORD });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/lat/?n=me.erase.done');
    assert.match(res.headers.getSetCookie().join('\n'), /kzm_session=;/);

    assert.ok(beforeP.stats.length > 0 && beforeP.plain.length > 0);
    assert.deepEqual(await aggregates(pancevo), beforeP, 'statistics of Pančevo unchanged');
    assert.deepEqual(await aggregates(cacak), beforeC, 'statistics of Čačak unchanged');
    assert.equal((await t.db.query('SELECT 1 FROM users WHERE id = $1', [me.userId])).length, 0);
    for (const table of ['sessions', 'consents', 'user_tokens', 'office_members', 'association_representatives', 'account_events']) {
      assert.equal((await t.db.query(`SELECT 1 FROM ${table} WHERE user_id = $1`, [me.userId])).length, 0, table);
    }
    const left = await t.db.query<Record<string, unknown>>(
      `SELECT * FROM people WHERE (office_id, id) IN (SELECT office_id, id FROM people WHERE id = ANY($1::uuid[]) OR merged_into_id = ANY($1::uuid[]))`,
      [rows.map((r) => r.id)],
    );
    assert.equal(left.length, 3);
    for (const r of left) {
      assert.deepEqual(
        [r.full_name, r.email, r.phone, r.birth_date, r.user_id, r.settlement_id, r.search_key],
        ['', '', '', null, null, null, ''],
        JSON.stringify(r),
      );
      assert.ok(r.anonymised_at);
      assert.equal(r.birth_year, 2006);
    }
    assert.equal((await t.db.query('SELECT 1 FROM person_sensitive WHERE person_id = ANY($1::uuid[])', [rows.map((r) => r.id)])).length, 0);
    const consents = await t.db.query<{ parent_name: string; parent_email: string; evidence_note: string; withdrawn_at: Date | null }>(
      'SELECT parent_name, parent_email, evidence_note, withdrawn_at FROM person_consents WHERE person_id = ANY($1::uuid[])',
      [rows.map((r) => r.id)],
    );
    assert.ok(consents.length > 0 && consents.every((c) => c.withdrawn_at && !c.parent_name && !c.parent_email && !c.evidence_note));
    const accessAfter = await t.db.query<{ action: string }>(
      'SELECT action FROM personal_data_access WHERE office_id = $1 AND person_id = $2',
      [pancevo, pRow],
    );
    assert.equal(accessAfter.length, accessBefore[0]!.n + 1, 'the office’s access log is kept, with the anonymisation added');
    const audit = await t.db.query<{ office_id: string; data: unknown }>(
      "SELECT office_id, data FROM audit_events WHERE action = 'account.erased' AND target = ANY($1::text[])",
      [rows.map((r) => r.id)],
    );
    assert.deepEqual(audit.map((a) => a.office_id).sort(), [pancevo, cacak].sort());
    assert.ok(
      !JSON.stringify(audit).includes(me.email) && !JSON.stringify(audit).includes('Brisana'),
      'no personal data in the audit events',
    );
    const mail = await lastMailTo(t.db, me.email);
    assert.match(mail!.subject, /Vaš nalog na KZM je obrisan/);

    // The account is gone: the old session is dead and the password no longer logs in.
    assert.match((await me.client.get('/lat/moj-nalog/podaci')).headers.get('location')!, /^\/lat\/nalog\/prijava/);
    const login = await t.client().post('/lat/nalog/prijava', { email: me.email, password: PASSWORD });
    assert.equal(login.status, 400);
    await checkConsistency(t.db);
  });
});
