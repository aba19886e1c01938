import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts';
import { snapshot } from '../../../test/snapshot.ts';
import { localToday } from '../accounts/age.ts';
import { addDays } from '../partners/service.ts';
import { makeActivity, makeRegistration } from './testing.ts';
import { belgradeInstant, localParts } from '../../core/time.ts';

/**
 * The staff side of activities through HTTP: create (a five-session training with an image,
 * partners, questions), publish, edit (sessions keep their ids), every bad-input rule with its
 * message at its field and nothing written, the capacity rules (lowering below the confirmed
 * count refused with the count; raising it promotes the waitlist), cancelling (everyone told
 * by mail), association representatives by the office's setting, other offices kept out.
 */
let t: TestApp;
let staff: TestClient;
let staffB: TestClient;
before(async () => {
  t = await createTestApp();
  staff = await t.clientAs('pancevo@primer.test');
  staffB = await t.clientAs('cacak@primer.test');
});
after(() => t.close());

const A = '/lat/admin/kancelarije/pancevo/aktivnosti';
const idFrom = (res: Response) => /aktivnosti\/([0-9a-f-]{36})/.exec(res.headers.get('location') ?? '')?.[1] ?? '';
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0,
]);
const day = (n: number) => addDays(localToday(new Date()), n);

/** A valid form: `n` weekly sessions from 10 days ahead, 17:00–20:00. */
function form(extra: Record<string, string> = {}, n = 1): Record<string, string> {
  const f: Record<string, string> = {
    kind: 'training',
    title: 'Obuka za vršnjake (test)',
    summary: 'Kratko',
    description: 'Opis',
    areas: 'education',
    place_kind: 'office',
    place: 'Sala 1',
    capacity: '20',
  };
  for (let i = 0; i < n; i++) {
    f[`s_date_${i}`] = day(10 + 7 * i);
    f[`s_start_${i}`] = '17:00';
    f[`s_end_${i}`] = '20:00';
  }
  return { ...f, ...extra };
}

async function partnerId(name: string): Promise<string> {
  const [p] = await t.db.query<{ id: string }>(
    `SELECT p.id FROM partners p JOIN offices o ON o.id = p.office_id WHERE o.slug = 'pancevo' AND p.name = $1`,
    [name],
  );
  return p!.id;
}

describe('creating and publishing', () => {
  test('a five-session training with an image, partners and questions; starts/ends from its sessions; published', async () => {
    const school = await partnerId('Srednja škola Primerna (primer)');
    const res = await staff.post(
      A,
      form(
        {
          q_label_0: 'Koja škola?',
          q_required_0: 'on',
          q_label_2: 'Ishrana',
          partners: school,
          certificate_hours: '15',
          age_min: '15',
          age_max: '19',
        },
        5,
      ),
    );
    assert.equal(res.status, 303, await res.text());
    const id = idFrom(res);
    const img = await staff.postMultipart(`${A}/${id}/slika`, {
      image_alt: 'Mladi u krugu na radionici',
      image: new File([PNG], 'slika.png', { type: 'image/png' }),
    });
    assert.equal(img.status, 303, await img.text());
    const [a] = await t.db.query<{
      status: string;
      starts_at: Date;
      ends_at: Date;
      questions: unknown;
      image_file_id: string | null;
      certificate_hours: string;
      search_key: string;
    }>('SELECT status, starts_at, ends_at, questions, image_file_id, certificate_hours::text, search_key FROM activities WHERE id = $1', [
      id,
    ]);
    assert.equal(a!.status, 'draft');
    assert.equal(a!.starts_at.getTime(), belgradeInstant(day(10), '17:00').getTime());
    assert.equal(a!.ends_at.getTime(), belgradeInstant(day(38), '20:00').getTime());
    assert.deepEqual(a!.questions, [
      { id: 'q1', label: 'Koja škola?', required: true },
      { id: 'q3', label: 'Ishrana', required: false },
    ]);
    assert.ok(a!.image_file_id);
    assert.equal(a!.certificate_hours, '15.0');
    const sessions = await t.db.query<{ position: number }>(
      'SELECT position FROM activity_sessions WHERE activity_id = $1 ORDER BY position',
      [id],
    );
    assert.deepEqual(
      sessions.map((s) => s.position),
      [1, 2, 3, 4, 5],
    );
    assert.equal((await t.db.query('SELECT 1 FROM activity_partners WHERE activity_id = $1 AND partner_id = $2', [id, school])).length, 1);
    assert.equal((await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'activity.create' AND target = $1`, [id])).length, 1);

    // A draft's image is not public; staff see it.
    const pub = `/lat/kancelarije/pancevo/aktivnosti/${id}/slika`;
    assert.equal((await t.client().get(pub)).status, 404);
    assert.equal((await staffB.get(pub)).status, 404);
    assert.equal((await staff.get(pub)).status, 200);
    const page = await (await staff.get(`${A}/${id}`)).text();
    assert.match(page, /Obuka za vršnjake \(test\)/);
    assert.match(page, /alt="Mladi u krugu na radionici"/);
    const drafts = await (await staff.get(`${A}?prikaz=drafts`)).text();
    assert.match(drafts, /Obuka za vršnjake \(test\)/);
    assert.match(
      drafts,
      new RegExp(`action="/lat/admin/kancelarije/pancevo/aktivnosti/${id}/objavi"`),
      'a draft can be published from the list',
    );

    assert.equal((await staff.post(`${A}/${id}/objavi`, {})).status, 303);
    assert.equal((await t.db.query<{ status: string }>('SELECT status FROM activities WHERE id = $1', [id]))[0]!.status, 'published');
    assert.equal((await t.client().get(pub)).status, 200);
    assert.match(await (await staff.get(`${A}?prikaz=upcoming`)).text(), /Obuka za vršnjake \(test\)/);
    // Publishing twice is a message, not an error page.
    assert.equal((await staff.post(`${A}/${id}/objavi`, {})).status, 400);
  });

  test('the edit form round-trips: saving it unchanged keeps session ids, even for a session already past', async () => {
    const past = new Date(Date.now() - 3 * 86_400_000);
    const act = await makeActivity(t.db, 'pancevo', {
      sessions: [
        [past, new Date(past.getTime() + 7_200_000)],
        [belgradeInstant(day(5), '10:00'), belgradeInstant(day(5), '12:00')],
      ],
    });
    const html = await (await staff.get(`${A}/${act.id}/uredi`)).text();
    const values: Record<string, string> = {};
    for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) {
      const tag = m[0];
      const type = /type="([^"]+)"/.exec(tag)?.[1] ?? 'text';
      if (type === 'file' || type === 'radio' || type === 'checkbox') {
        if (type !== 'file' && / checked/.test(tag))
          values[m[1]!] = values[m[1]!]
            ? `${values[m[1]!]},${/value="([^"]*)"/.exec(tag)?.[1]}`
            : (/value="([^"]*)"/.exec(tag)?.[1] ?? 'on');
        continue;
      }
      values[m[1]!] = (/value="([^"]*)"/.exec(tag)?.[1] ?? '').replace(/&amp;/g, '&');
    }
    for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[\s\S]*?<\/select>/g))
      values[m[1]!] = /<option value="([^"]*)" selected/.exec(m[0])?.[1] ?? '';
    delete values._csrf;
    const res = await staff.post(`${A}/${act.id}/uredi`, values);
    assert.equal(res.status, 303, await res.text());
    const ids = (
      await t.db.query<{ id: string }>('SELECT id FROM activity_sessions WHERE activity_id = $1 ORDER BY position', [act.id])
    ).map((r) => r.id);
    assert.deepEqual(ids, act.sessionIds);
  });
});

describe('bad input', () => {
  const cases: Array<[string, Record<string, string>, string, RegExp]> = [
    ['end before start', { s_end_0: '16:00' }, 's_end_0', /posle početka/],
    ['a session in the past', { s_date_0: day(-2) }, 's_date_0', /u prošlosti/],
    ['a session outside the stated days', { first_day: day(11), last_day: day(20) }, 's_date_0', /van prvog i poslednjeg dana/],
    ['last day before first', { first_day: day(20), last_day: day(11) }, 'last_day', /ne može biti pre prvog/],
    ['age min above max', { age_min: '20', age_max: '16' }, 'age_max', /ne može biti manja/],
    ['window closing after the start', { registration_closes: `${day(11)}T10:00` }, 'registration_closes', /pre početka prvog termina/],
    [
      'window closing before it opens',
      { registration_opens: `${day(3)}T10:00`, registration_closes: `${day(2)}T10:00` },
      'registration_closes',
      /posle početka prijava/,
    ],
    ['no session at all', { s_date_0: '', s_start_0: '', s_end_0: '' }, 's_date_0', /bar jedan termin/],
    ['online without a link', { place_kind: 'online' }, 'online_url', /vezu za onlajn/],
    ['a wrong datetime', { registration_opens: 'sutra' }, 'registration_opens', /datum i vreme/],
    ['an unknown kind and area', { kind: 'party', areas: 'fun' }, 'kind', /./],
    ['a partner of another office', { partners: '00000000-0000-4000-8000-000000000000' }, 'partners', /nije u registru/],
    ['a garbled time beside a past date in another row', { s_date_2: '2001-12-31', s_start_2: '09:00', s_end_2: 'a,' }, 's_end_2', /./],
    ['a garbled date', { s_date_0: '31.02.2030.', first_day: 'juče' }, 's_date_0', /./],
    ['a negative capacity', { capacity: '-5' }, 'capacity', /Broj ne može biti negativan/],
    ['a zero capacity', { capacity: '0' }, 'capacity', /između 1 i 100000/],
  ];
  for (const [name, extra, field, message] of cases) {
    test(`${name}: 400, the message at ${field}, typed values kept, nothing written`, async () => {
      const before = await snapshot(t.db);
      const res = await staff.post(A, form({ title: 'Zadržani naslov „Ћирилица”', ...extra }));
      assert.equal(res.status, 400);
      const html = await res.text();
      assert.match(html, new RegExp(`href="#f-${field}"`));
      assert.match(html, message);
      assert.match(html, new RegExp(`id="f-${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-${field}"`));
      assert.match(html, /value="Zadržani naslov „Ћирилица”"/);
      assert.deepEqual(await snapshot(t.db), before);
    });
  }

  test('an image without alt text, no image, a file that is not an image: refused at their fields; replace and remove', async () => {
    const act = await makeActivity(t.db, 'pancevo', { status: 'draft' });
    const before = await snapshot(t.db);
    const noAlt = await staff.postMultipart(`${A}/${act.id}/slika`, {
      image_alt: ' ',
      image: new File([PNG], 'a.png', { type: 'image/png' }),
    });
    assert.equal(noAlt.status, 400);
    assert.match(await noAlt.text(), /href="#f-image_alt"/);
    const none = await staff.postMultipart(`${A}/${act.id}/slika`, { image_alt: 'Opis' });
    assert.equal(none.status, 400);
    assert.match(await none.text(), /href="#f-image"[^<]*Izaberite sliku/);
    const html = await staff.postMultipart(`${A}/${act.id}/slika`, {
      image_alt: 'Opis',
      image: new File(['<svg onload=alert(1)>'], 'a.png', { type: 'image/png' }),
    });
    assert.equal(html.status, 400);
    const body = await html.text();
    assert.match(body, /href="#f-image"/);
    assert.match(body, /value="Opis"/);
    assert.deepEqual(await snapshot(t.db), before);

    assert.equal(
      (await staff.postMultipart(`${A}/${act.id}/slika`, { image_alt: 'Prvi', image: new File([PNG], 'a.png', { type: 'image/png' }) }))
        .status,
      303,
    );
    const first = (await t.db.query<{ image_file_id: string }>('SELECT image_file_id FROM activities WHERE id = $1', [act.id]))[0]!
      .image_file_id;
    // Only the description, then a new file: the old file goes.
    assert.equal((await staff.postMultipart(`${A}/${act.id}/slika`, { image_alt: 'Drugi opis' })).status, 303);
    assert.deepEqual(await t.db.query('SELECT image_file_id, image_alt FROM activities WHERE id = $1', [act.id]), [
      { image_file_id: first, image_alt: 'Drugi opis' },
    ]);
    assert.equal(
      (await staff.postMultipart(`${A}/${act.id}/slika`, { image_alt: 'Treći', image: new File([PNG], 'b.png', { type: 'image/png' }) }))
        .status,
      303,
    );
    assert.equal((await t.db.query('SELECT 1 FROM files WHERE id = $1', [first])).length, 0);
    assert.equal((await staff.postMultipart(`${A}/${act.id}/slika`, { image_alt: '', remove_image: 'on' })).status, 303);
    assert.deepEqual(await t.db.query('SELECT image_file_id, image_alt FROM activities WHERE id = $1', [act.id]), [
      { image_file_id: null, image_alt: '' },
    ]);
    assert.equal(
      (await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE target = $1 AND action LIKE 'activity.image.%'`, [act.id]))[0]!
        .n,
      4,
    );
  });
});

describe('capacity', () => {
  test('lowering capacity below the confirmed count is refused, naming the count; to the count is fine', async () => {
    const act = await makeActivity(t.db, 'pancevo', { capacity: 10 });
    for (let i = 0; i < 4; i++) await makeRegistration(t.db, act);
    const [start] = await t.db.query<{ starts_at: Date; ends_at: Date }>(
      'SELECT starts_at, ends_at FROM activity_sessions WHERE activity_id = $1',
      [act.id],
    );
    const s = localParts(start!.starts_at);
    const e = localParts(start!.ends_at);
    const base = {
      ...form(),
      s_id_0: act.sessionIds[0]!,
      s_date_0: s.date,
      s_start_0: s.time,
      s_end_0: e.time,
      s_end_date_0: e.date === s.date ? '' : e.date,
      title: 'Kapacitet',
    };
    const before = await snapshot(t.db);
    const res = await staff.post(`${A}/${act.id}/uredi`, { ...base, capacity: '3' });
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /Već su potvrđene 4 prijave: broj mesta ne može biti manji od 4/);
    assert.match(html, /href="#f-capacity"/);
    assert.deepEqual(await snapshot(t.db), before);
    assert.equal((await staff.post(`${A}/${act.id}/uredi`, { ...base, capacity: '4' })).status, 303);
  });

  test('raising capacity promotes the waitlist in order and mails them; removing it promotes the rest', async () => {
    const act = await makeActivity(t.db, 'pancevo', { capacity: 2 });
    await makeRegistration(t.db, act);
    await makeRegistration(t.db, act);
    const waiting = [];
    for (let i = 0; i < 3; i++) waiting.push(await makeRegistration(t.db, act, { status: 'waitlisted', email: `ceka${i}@primer.test` }));
    const [row] = await t.db.query<{ starts_at: Date; ends_at: Date }>(
      'SELECT starts_at, ends_at FROM activity_sessions WHERE activity_id = $1',
      [act.id],
    );
    const s = localParts(row!.starts_at);
    const e = localParts(row!.ends_at);
    const base = {
      ...form(),
      s_id_0: act.sessionIds[0]!,
      s_date_0: s.date,
      s_start_0: s.time,
      s_end_0: e.time,
      s_end_date_0: e.date === s.date ? '' : e.date,
      title: 'Više mesta',
    };
    assert.equal((await staff.post(`${A}/${act.id}/uredi`, { ...base, capacity: '3' })).status, 303);
    const statuses = async () =>
      (
        await t.db.query<{ email: string; status: string }>(
          'SELECT email, status FROM registrations WHERE activity_id = $1 AND email LIKE $2 ORDER BY email',
          [act.id, 'ceka%'],
        )
      ).map((r) => r.status);
    assert.deepEqual(await statuses(), ['confirmed', 'waitlisted', 'waitlisted']);
    assert.equal((await t.db.query('SELECT 1 FROM outbox WHERE recipient = $1', ['ceka0@primer.test'])).length, 1);
    assert.equal((await t.db.query('SELECT 1 FROM outbox WHERE recipient = $1', ['ceka1@primer.test'])).length, 0);
    assert.equal((await staff.post(`${A}/${act.id}/uredi`, { ...base, capacity: '' })).status, 303);
    assert.deepEqual(await statuses(), ['confirmed', 'confirmed', 'confirmed']);
    const [a] = await t.db.query<{ confirmed_count: number; capacity: number | null }>(
      'SELECT confirmed_count, capacity FROM activities WHERE id = $1',
      [act.id],
    );
    assert.deepEqual(a, { confirmed_count: 5, capacity: null });
  });
});

describe('sessions', () => {
  test('a session with check-ins cannot be removed; the others move and keep their attendance', async () => {
    const s1 = belgradeInstant(day(3), '10:00');
    const s2 = belgradeInstant(day(4), '10:00');
    const act = await makeActivity(t.db, 'pancevo', {
      sessions: [
        [s1, new Date(s1.getTime() + 3_600_000)],
        [s2, new Date(s2.getTime() + 3_600_000)],
      ],
    });
    const reg = await makeRegistration(t.db, act);
    await t.db.query(
      `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method) VALUES ($1, $2, $3, now(), 'list')`,
      [act.officeId, reg.id, act.sessionIds[0]],
    );
    const only2 = { ...form(), title: 'Sesije', s_id_0: act.sessionIds[1]!, s_date_0: day(4), s_start_0: '10:00', s_end_0: '11:00' };
    const res = await staff.post(`${A}/${act.id}/uredi`, only2);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /već evidentiran dolazak/);
    const moved = { ...only2, s_id_1: act.sessionIds[0]!, s_date_1: day(3), s_start_1: '10:00', s_end_1: '11:00', s_date_0: day(6) };
    assert.equal((await staff.post(`${A}/${act.id}/uredi`, moved)).status, 303);
    const rows = await t.db.query<{ id: string; position: number }>(
      'SELECT id, position FROM activity_sessions WHERE activity_id = $1 ORDER BY position',
      [act.id],
    );
    assert.deepEqual(
      rows.map((r) => r.id),
      [act.sessionIds[0], act.sessionIds[1]],
    );
    assert.equal((await t.db.query('SELECT 1 FROM attendance WHERE session_id = $1', [act.sessionIds[0]])).length, 1);
    const [a] = await t.db.query<{ ends_at: Date }>('SELECT ends_at FROM activities WHERE id = $1', [act.id]);
    assert.equal(a!.ends_at.getTime(), belgradeInstant(day(6), '11:00').getTime());
  });
});

describe('cancelling', () => {
  test('every live registrant is mailed in their script and cancelled; confirmation required; then read-only', async () => {
    const act = await makeActivity(t.db, 'pancevo', { capacity: 2, title: 'Otkazana radionica' });
    await makeRegistration(t.db, act, { email: 'potvrdjen@primer.test', script: 'cir' });
    await makeRegistration(t.db, act, { email: 'drugi@primer.test', script: 'en' });
    await makeRegistration(t.db, act, { status: 'waitlisted', email: 'ceka@primer.test' });
    await makeRegistration(t.db, act, { status: 'declined', email: 'odbijen@primer.test' });
    const unconfirmed = await staff.post(`${A}/${act.id}/otkazi`, { reason: 'Bolest predavača' });
    assert.equal(unconfirmed.status, 400);
    assert.match(await unconfirmed.text(), /href="#f-confirm"/);
    assert.equal((await staff.post(`${A}/${act.id}/otkazi`, { reason: 'Bolest predavača', confirm: 'on' })).status, 303);
    const regs = await t.db.query<{ status: string }>('SELECT status FROM registrations WHERE activity_id = $1 ORDER BY email', [act.id]);
    assert.deepEqual(regs.map((r) => r.status).sort(), ['cancelled', 'cancelled', 'cancelled', 'declined']);
    const mails = await t.db.query<{ recipient: string; subject: string; body_text: string }>(
      `SELECT recipient, subject, body_text FROM outbox WHERE recipient IN ('potvrdjen@primer.test', 'drugi@primer.test', 'ceka@primer.test', 'odbijen@primer.test') ORDER BY recipient`,
    );
    assert.deepEqual(
      mails.map((m) => m.recipient),
      ['ceka@primer.test', 'drugi@primer.test', 'potvrdjen@primer.test'],
    );
    assert.match(mails.find((m) => m.recipient === 'potvrdjen@primer.test')!.subject, /^Отказано: Отказана радионица$/);
    // The one cancellation mail (registrations/seats.ts): the organiser's message, then the activity's details.
    assert.match(
      mails.find((m) => m.recipient === 'drugi@primer.test')!.body_text,
      /has been cancelled[\s\S]*Bolest predavača[\s\S]*Activity: Otkazana radionica\nStarts: /,
    );
    const [a] = await t.db.query<{ status: string; confirmed_count: number }>(
      'SELECT status, confirmed_count FROM activities WHERE id = $1',
      [act.id],
    );
    assert.deepEqual(a, { status: 'cancelled', confirmed_count: 0 });
    assert.equal((await staff.post(`${A}/${act.id}/uredi`, form())).status, 400);
    assert.equal((await staff.post(`${A}/${act.id}/otkazi`, { confirm: 'on' })).status, 400);
  });
});

describe('association representatives', () => {
  test('allowed by the office setting: create for their association, see only theirs; refused when the office turns it off', async () => {
    const rep = await t.clientAs('udruzenje@primer.test');
    const created = await rep.post(A, form({ title: 'Klub: veče kvizova (test)' }));
    assert.equal(created.status, 303, await created.text());
    const id = idFrom(created);
    const [a] = await t.db.query<{ name: string }>(
      'SELECT s.name FROM activities a JOIN associations s ON s.office_id = a.office_id AND s.id = a.association_id WHERE a.id = $1',
      [id],
    );
    assert.equal(a!.name, 'Omladinski klub Iskra (primer)');
    const list = await (await rep.get(`${A}?prikaz=all`)).text();
    assert.match(list, /Klub: veče kvizova/);
    assert.doesNotMatch(list, /Obuka za vršnjačke edukatore/);
    const other = await makeActivity(t.db, 'pancevo');
    assert.equal((await rep.get(`${A}/${other.id}`)).status, 404);
    assert.equal((await rep.post(`${A}/${other.id}/uredi`, form())).status, 404);
    assert.equal((await rep.post(`${A}/${other.id}/otkazi`, { confirm: 'on' })).status, 404);
    // Another association's id is not theirs to choose.
    const [most] = await t.db.query<{ id: string }>(`SELECT id FROM associations WHERE name = 'Centar za podršku mladima Most (primer)'`);
    const wrong = await rep.post(A, form({ association: most!.id }));
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /href="#f-association"/);

    // The office turns it off in its profile form: the representative reads why, nothing is written.
    const editForm = await (await staff.get('/lat/admin/kancelarije/pancevo')).text();
    assert.match(editForm, /name="associations_create_activities"[^>]*checked/);
    await t.db.query(`UPDATE offices SET associations_create_activities = false WHERE slug = 'pancevo'`);
    const before = await snapshot(t.db);
    const refused = await rep.post(A, form({ title: 'Ne sme' }));
    assert.equal(refused.status, 200);
    assert.match(await refused.text(), /nije omogućila udruženjima/);
    assert.equal((await rep.get(`${A}/${id}`)).status, 404);
    assert.match(await (await rep.get(`${A}/nova`)).text(), /nije omogućila udruženjima/);
    assert.deepEqual(await snapshot(t.db), before);
    await t.db.query(`UPDATE offices SET associations_create_activities = true WHERE slug = 'pancevo'`);
  });

  test('the office profile form saves the setting', async () => {
    const html = await (await staff.get('/lat/admin/kancelarije/pancevo')).text();
    assert.match(html, /Udruženja mogu sama da unose svoje aktivnosti/);
    const [o] = await t.db.query<{ name: string; town: string; region: string }>(
      `SELECT name, town, region FROM offices WHERE slug = 'pancevo'`,
    );
    assert.equal((await staff.post('/lat/admin/kancelarije/pancevo', { name: o!.name, town: o!.town, region: o!.region })).status, 303);
    assert.equal(
      (await t.db.query<{ on: boolean }>(`SELECT associations_create_activities AS on FROM offices WHERE slug = 'pancevo'`))[0]!.on,
      false,
    );
    assert.equal(
      (
        await staff.post('/lat/admin/kancelarije/pancevo', {
          name: o!.name,
          town: o!.town,
          region: o!.region,
          associations_create_activities: 'on',
        })
      ).status,
      303,
    );
    assert.equal(
      (await t.db.query<{ on: boolean }>(`SELECT associations_create_activities AS on FROM offices WHERE slug = 'pancevo'`))[0]!.on,
      true,
    );
  });
});

describe('other offices', () => {
  test('reach nothing of office A’s activities by any path', async () => {
    const act = await makeActivity(t.db, 'pancevo');
    const before = await snapshot(t.db);
    const B = '/lat/admin/kancelarije/cacak/aktivnosti';
    assert.equal((await staffB.get(`${B}/${act.id}`)).status, 404);
    assert.equal((await staffB.get(`${B}/${act.id}/uredi`)).status, 404);
    assert.equal((await staffB.post(`${B}/${act.id}/uredi`, form())).status, 404);
    assert.equal((await staffB.post(`${B}/${act.id}/objavi`, {})).status, 404);
    assert.equal((await staffB.post(`${B}/${act.id}/otkazi`, { confirm: 'on' })).status, 404);
    assert.equal((await staffB.get(`${A}/${act.id}`)).status, 403);
    assert.equal((await t.client().get(`/lat/kancelarije/cacak/aktivnosti/${act.id}/slika`)).status, 404);
    assert.equal(
      (await staffB.postMultipart(`${B}/${act.id}/slika`, { image_alt: 'Upad', image: new File([PNG], 'a.png', { type: 'image/png' }) }))
        .status,
      404,
    );
    assert.equal((await staffB.postMultipart(`${B}/${act.id}/slika`, { remove_image: 'on' })).status, 404);
    assert.doesNotMatch(await (await staffB.get(`${B}?prikaz=all`)).text(), new RegExp(act.id));
    assert.deepEqual(await snapshot(t.db), before);
  });
});

describe('demo data', () => {
  test('both offices have upcoming, past, full and draft activities; a five-session training; Pančevo lets associations in', async () => {
    const rows = await t.db.query<{ slug: string; title: string; status: string; sessions: number; full: boolean; past: boolean }>(
      `SELECT o.slug, a.title, a.status, (SELECT count(*)::int FROM activity_sessions s WHERE s.activity_id = a.id) AS sessions,
              a.capacity IS NOT NULL AND a.confirmed_count >= a.capacity AS full, a.ends_at < now() AS past
         FROM activities a JOIN offices o ON o.id = a.office_id WHERE a.title LIKE '%(primer)'`,
    );
    for (const slug of ['pancevo', 'cacak']) {
      const mine = rows.filter((r) => r.slug === slug);
      assert.ok(
        mine.some((r) => r.sessions === 5),
        slug,
      );
      assert.ok(
        mine.some((r) => r.past),
        slug,
      );
      assert.ok(
        mine.some((r) => !r.past && r.status === 'published'),
        slug,
      );
    }
    assert.ok(rows.some((r) => r.full));
    assert.ok(rows.some((r) => r.status === 'draft'));
    const [p] = await t.db.query<{ on: boolean }>(`SELECT associations_create_activities AS on FROM offices WHERE slug = 'pancevo'`);
    assert.equal(p!.on, true);
  });
});

describe('afterwards', () => {
  test('the database is consistent', async () => {
    const { checkConsistency } = await import('../../../test/consistency.ts');
    await checkConsistency(t.db);
  });
});

describe('the plan link (migration 0020)', () => {
  test("staff pick one of the current plan's activities on the form; a key not offered is refused at its field, nothing written; the link is office-scoped; the plan's indicator counts it", async () => {
    const { currentPlanActivities } = await import('../plan/links-repo.ts');
    const { findSource, yearSpan } = await import('../plan/catalogue.ts');
    const [o] = await t.db.query<{ id: string }>("SELECT id FROM offices WHERE slug = 'pancevo'");
    const choices = await currentPlanActivities(t.db, o!.id);
    assert.ok(choices.length >= 2, 'the demo plan offers activities');
    const page = await (await staff.get(`${A}/nova`)).text();
    assert.match(page, /name="lap_activity_key"/);
    assert.ok(page.includes(`value="${choices[0]!.key}"`));

    const n0 = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM activities'))[0]!.n;
    // Another office's plan activity key, and a made-up one: refused at the field.
    const [foreign] = await t.db.query<{ key: string }>(
      "SELECT a.key FROM lap_activities a JOIN offices o ON o.id = a.office_id WHERE o.slug <> 'pancevo' LIMIT 1",
    );
    for (const bad of [foreign?.key ?? '00000000-0000-4000-8000-00000000000f', '00000000-0000-4000-8000-000000000000', 'nije-kljuc']) {
      const res = await staff.post(A, form({ lap_link: '1', lap_activity_key: bad, title: 'Veza sa planom (loša)' }));
      assert.equal(res.status, 400, bad);
      assert.match(await res.text(), /f-lap_activity_key-error/);
    }
    assert.equal((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM activities'))[0]!.n, n0);

    const res = await staff.post(A, form({ lap_link: '1', lap_activity_key: choices[0]!.key, title: 'Veza sa planom' }));
    assert.equal(res.status, 303, await res.text());
    const id = idFrom(res);
    const stored = async () =>
      (await t.db.query<{ k: string | null }>('SELECT lap_activity_key AS k FROM activities WHERE id = $1', [id]))[0]!.k;
    assert.equal(await stored(), choices[0]!.key);
    // The edit form shows it chosen; a form without the select (no marker) leaves it; choosing none unlinks.
    assert.match(await (await staff.get(`${A}/${id}/uredi`)).text(), new RegExp(`<option value="${choices[0]!.key}" selected`));
    assert.equal((await staff.post(`${A}/${id}/uredi`, form({ title: 'Veza sa planom' }))).status, 303);
    assert.equal(await stored(), choices[0]!.key);
    assert.equal(
      (await staff.post(`${A}/${id}/uredi`, form({ title: 'Veza sa planom', lap_link: '1', lap_activity_key: choices[1]!.key }))).status,
      303,
    );
    assert.equal(await stored(), choices[1]!.key);

    // The database keeps the link in the office: another office's key is a foreign-key violation.
    if (foreign)
      await assert.rejects(
        t.db.query('UPDATE activities SET lap_activity_key = $2 WHERE id = $1', [id, foreign.key]),
        /activities_lap_activity_fkey/,
      );

    // The plan's indicator "activities held per plan activity", against a count made here.
    await t.db.query("UPDATE activities SET status = 'published' WHERE id = $1", [id]);
    const year = Number(localParts(belgradeInstant(day(10), '17:00')).date.slice(0, 4));
    const span = yearSpan(year);
    const [expected] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM activities a WHERE a.office_id = $1 AND a.status = 'published' AND a.lap_activity_key = $2
          AND EXISTS (SELECT 1 FROM activity_sessions s WHERE s.activity_id = a.id AND s.starts_at >= $3 AND s.starts_at < $4)`,
      [o!.id, choices[1]!.key, span.from, span.until],
    );
    assert.ok(expected!.n >= 1);
    const source = findSource('activities.linked')!;
    const got = await source.compute(t.db, o!.id, { ...span, area: null, param: choices[1]!.key, threshold: 5 });
    assert.equal(got.value, expected!.n);
    const params = await source.params!(t.db, o!.id);
    assert.deepEqual(
      params.map((p) => p.value),
      choices.map((c) => c.key),
    );
  });
});
