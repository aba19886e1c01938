import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, lastMailTo, type TestApp, type TestClient } from '../../../test/app.ts';
import { makeActivity, makeRegistration, type TestActivity } from '../activities/testing.ts';
import { ENTRY_CODE_ALPHABET, formatEntryCode, parseEntryCode } from './entry-code.ts';

/**
 * The entry code made for people (issue #11 point 5): six characters of an alphabet without
 * look-alikes, unique per office (a collision is drawn again in the database), shown grouped
 * (KZM-4F7-Q2X) on "my registrations", the link page, the mail and the check-in list, and read
 * case-insensitively, with or without dashes, spaces and the prefix, beside the QR code's long
 * secret.
 */

let t: TestApp;
let young: TestClient;
let coord: TestClient;
before(async () => {
  t = await createTestApp();
  young = await t.clientAs('mladi@primer.test');
  coord = await t.clientAs('pancevo@primer.test');
});
after(() => t.close());

const checkin = (a: TestActivity) => `/lat/admin/kancelarije/pancevo/aktivnosti/${a.id}/dolazak`;
const present = async (registrationId: string) =>
  (await t.db.query('SELECT 1 FROM attendance WHERE registration_id = $1', [registrationId])).length;

describe('the entry code', () => {
  test('reads any case, either script, with or without the prefix, dashes and spaces; refuses look-alikes', () => {
    assert.equal(formatEntryCode('4F7Q2X'), 'KZM-4F7-Q2X');
    for (const typed of ['KZM-4F7-Q2X', 'kzm-4f7-q2x', '4f7q2x', ' 4F7 Q2X ', 'kzm 4f7 – q2x', 'КЗМ-4F7-Q2X', 'KZM4F7Q2X']) {
      assert.equal(parseEntryCode(typed), '4F7Q2X', typed);
    }
    // A code may itself begin with KZM: only a nine-character entry loses the prefix.
    assert.equal(parseEntryCode('KZM-ABC'), 'KZMABC');
    assert.equal(parseEntryCode('KZM-KZM-ABC'), 'KZMABC');
    for (const typed of ['4F7Q20', '4F7Q2O', '4F7Q21', '4F7QIX', '4F7QLX', '4F7Q2', '4F7Q2XX', '', 'KZM-']) {
      assert.equal(parseEntryCode(typed), null, typed);
    }
    assert.doesNotMatch(ENTRY_CODE_ALPHABET, /[01ILO]/);
    assert.equal(new Set(ENTRY_CODE_ALPHABET).size, 31);
  });

  test('every registration gets one of the alphabet, unique in its office', async () => {
    const a = await makeActivity(t.db, 'pancevo', { capacity: 200 });
    for (let i = 0; i < 60; i++) await makeRegistration(t.db, a);
    const rows = await t.db.query<{ short_code: string }>('SELECT short_code FROM registrations WHERE activity_id = $1', [a.id]);
    assert.equal(rows.length, 60);
    for (const r of rows) assert.match(r.short_code, new RegExp(`^[${ENTRY_CODE_ALPHABET}]{6}$`));
    assert.equal(new Set(rows.map((r) => r.short_code)).size, 60);
    // The same code in another office is no clash; a second one in the same office is refused by the index.
    const [one] = rows;
    const cacak = await makeActivity(t.db, 'cacak');
    await t.db.query(
      `INSERT INTO registrations (office_id, activity_id, full_name, status, source, code, short_code) VALUES ($1, $2, 'Druga kancelarija', 'confirmed', 'walk_in', 'Cacak00000000000000001', $3)`,
      [cacak.officeId, cacak.id, one!.short_code],
    );
    await assert.rejects(
      t.db.query(
        `INSERT INTO registrations (office_id, activity_id, full_name, status, source, code, short_code) VALUES ($1, $2, 'Ista kancelarija', 'confirmed', 'walk_in', 'Pancevo0000000000000001', $3)`,
        [a.officeId, a.id, one!.short_code],
      ),
      /registrations_short_code_key/,
    );
  });

  test('a drawn code that the office already holds is drawn again, inside the database', async () => {
    const a = await makeActivity(t.db, 'pancevo');
    // The generator made to draw a held code twice before a free one (its own test database).
    const held = (await makeRegistration(t.db, a)).shortCode;
    await t.db.exec(`CREATE TABLE test_draws (n serial PRIMARY KEY, code text NOT NULL)`);
    await t.db.query(`INSERT INTO test_draws (code) VALUES ($1), ($1), ('ZZZZZZ')`, [held]);
    await t.db.exec(`ALTER FUNCTION registration_short_code_candidate() RENAME TO real_candidate`);
    await t.db.exec(`CREATE FUNCTION registration_short_code_candidate() RETURNS text LANGUAGE sql VOLATILE AS $$
      DELETE FROM test_draws WHERE n = (SELECT min(n) FROM test_draws) RETURNING code $$`);
    try {
      const res = await young.post(`/lat/kancelarije/pancevo/aktivnosti/${a.id}/prijava`, {});
      assert.equal(res.status, 303);
      const [row] = await t.db.query<{ short_code: string }>(
        `SELECT r.short_code FROM registrations r JOIN users u ON u.id = r.user_id WHERE r.activity_id = $1 AND u.email = 'mladi@primer.test'`,
        [a.id],
      );
      assert.equal(row!.short_code, 'ZZZZZZ');
      assert.equal((await t.db.query('SELECT 1 FROM test_draws')).length, 0, 'both clashing draws were used up');
      assert.match((await lastMailTo(t.db, 'mladi@primer.test'))!.body_text, /KZM-ZZZ-ZZZ/);
    } finally {
      await t.db.exec(
        `DROP FUNCTION registration_short_code_candidate(); ALTER FUNCTION real_candidate() RENAME TO registration_short_code_candidate`,
      );
    }
  });

  test('the confirmation mail, "my registrations" and the link page show it grouped; the QR keeps the long secret', async () => {
    const a = await makeActivity(t.db, 'pancevo', { title: 'Radionica koda' });
    const res = await young.post(`/lat/kancelarije/pancevo/aktivnosti/${a.id}/prijava`, {});
    assert.equal(res.status, 303);
    const [row] = await t.db.query<{ short_code: string; code: string }>(
      `SELECT r.short_code, r.code FROM registrations r JOIN users u ON u.id = r.user_id WHERE r.activity_id = $1 AND u.email = 'mladi@primer.test'`,
      [a.id],
    );
    const shown = formatEntryCode(row!.short_code);
    const [mail] = await t.db.query<{ body_text: string; attachments: Array<{ filename: string; qr: string }> }>(
      `SELECT body_text, attachments FROM outbox WHERE recipient = 'mladi@primer.test' ORDER BY id DESC LIMIT 1`,
    );
    assert.ok(mail!.body_text.includes(`Vaš kod za ulaz: ${shown}`), mail!.body_text);
    assert.ok(!mail!.body_text.includes(row!.code), 'the mail’s text does not spell out the long secret');
    assert.equal(mail!.attachments[0]!.filename, `prijava-${shown}.png`);
    assert.equal(mail!.attachments[0]!.qr, row!.code, 'the QR carries the long secret');

    for (const script of ['lat', 'cir']) {
      const page = await (await young.get(`/${script}/moj-nalog/prijave`)).text();
      assert.ok(page.includes(`<strong class="entry-code">${shown}</strong>`), `${script}: the grouped code`);
    }
  });

  test('check-in takes the typed entry code in any form, and the QR code’s long secret', async () => {
    const a = await makeActivity(t.db, 'pancevo', { sessions: [[new Date(Date.now() - 3_600_000), new Date(Date.now() + 3_600_000)]] });
    const ana = await makeRegistration(t.db, a, { fullName: 'Ana Ulazić' });
    const ivo = await makeRegistration(t.db, a, { fullName: 'Ivo Kodić' });
    const sesija = a.sessionIds[0]!;
    const typed = ana.shortCode.toLowerCase().replace(/^(...)/, 'kzm $1 - ');
    const ok = await coord.post(`${checkin(a)}/kod`, { code: typed, sesija });
    assert.equal(ok.status, 303, typed);
    assert.equal(await present(ana.id), 1);
    // The list shows each person's code grouped and finds a row by it.
    const list = await (await coord.get(`${checkin(a)}?q=${encodeURIComponent(formatEntryCode(ivo.shortCode).toLowerCase())}`)).text();
    assert.match(list, /Pronađeno: 1/);
    assert.ok(list.includes(formatEntryCode(ivo.shortCode)));
    // The QR code's secret still works (case matters there: it is not a typed code).
    const byQr = await coord.postJson(
      `/api/v1/offices/pancevo/activities/${a.id}/check-ins`,
      JSON.stringify({ items: [{ id: '1', code: ivo.code, session: sesija, at: new Date().toISOString() }] }),
    );
    assert.equal(byQr.status, 200);
    assert.equal(((await byQr.json()) as { results: Array<{ outcome: string }> }).results[0]!.outcome, 'ok');
    assert.equal(await present(ivo.id), 1);
    // A look-alike typed for a real character is no code (nothing is guessed).
    const wrong = ivo.shortCode.replace(/^./, '0');
    const refused = await coord.post(`${checkin(a)}/kod`, { code: wrong, sesija });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /Nepoznat kod/);
  });
});
