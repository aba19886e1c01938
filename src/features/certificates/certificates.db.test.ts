import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createTestApp, lastMailTo, linkIn, type TestApp, type TestClient } from '../../../test/app.ts';
import { makeActivity, makeRegistration, type TestActivity } from '../activities/testing.ts';
import { runFeedbackMails } from './feedback-job.ts';
import { certificatePdf } from './pdf.ts';
import { eligibleRegistrationIds } from './repo.ts';
import { pdfText } from './pdf-text.ts';
import { certificateFor, newCertificateCode, normaliseCode } from './service.ts';

/**
 * Certificates, feedback and paper through HTTP: who earns a certificate (80% of sessions of a
 * finished activity with hours), the PDF in the participant's script with its code, the public
 * verification page (valid / revoked / unknown), the participant's own download only, the
 * feedback job and form (one answer per registration; bad and expired links), results, and
 * the participant list and attendance sheet.
 */
let t: TestApp;
let staff: TestClient;
let staffB: TestClient;
let young: TestClient;
let youngId: string;
before(async () => {
  t = await createTestApp();
  staff = await t.clientAs('pancevo@primer.test');
  staffB = await t.clientAs('cacak@primer.test');
  young = await t.clientAs('mladi@primer.test');
  youngId = (await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email = 'mladi@primer.test'`))[0]!.id;
});
after(() => t.close());

const HOUR = 3_600_000;
const A = '/lat/admin/kancelarije/pancevo/aktivnosti';

/** A finished series: `n` two-hour sessions on consecutive days, the last ending yesterday. */
function pastSessions(n: number): Array<[Date, Date]> {
  const lastEnd = Math.floor(Date.now() / HOUR) * HOUR - 24 * HOUR;
  return Array.from({ length: n }, (_, i) => {
    const end = lastEnd - (n - 1 - i) * 24 * HOUR;
    return [new Date(end - 2 * HOUR), new Date(end)] as [Date, Date];
  });
}

async function attend(a: TestActivity, registrationId: string, sessions: number): Promise<void> {
  for (const s of a.sessionIds.slice(0, sessions)) {
    await t.db.query(
      `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method) VALUES ($1, $2, $3, now(), 'qr')`,
      [a.officeId, registrationId, s],
    );
  }
}

const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

describe('certificate codes', () => {
  test('codes are 12 readable characters and are read back in any case, with dashes or spaces', () => {
    const code = newCertificateCode();
    assert.match(code, /^[2-9A-HJ-NP-Z]{12}$/);
    assert.equal(
      normaliseCode(
        code
          .toLowerCase()
          .replace(/(.{4})/g, '$1-')
          .slice(0, -1),
      ),
      code,
    );
    assert.equal(normaliseCode('abc'), null);
    assert.equal(normaliseCode('<script>'), null);
  });

  test('the PDF says what it certifies in the participant’s script', async () => {
    const data = {
      officeName: 'Kancelarija za mlade Pančevo',
      fullName: 'Đorđe Šljivić',
      activityTitle: 'Обука вршњачких едукатора',
      hours: '12.5',
      firstDay: '2026-11-02',
      lastDay: '2026-11-30',
      code: 'ABCDEFGH2345',
      verifyUrl: 'http://kzm.test/cir/kancelarije/pancevo/sertifikat/ABCDEFGH2345',
      issuedAt: new Date('2026-12-01T10:00:00Z'),
    };
    const cir = await certificatePdf({ ...data, locale: 'cir' }, { compress: false });
    assert.equal(Buffer.from(cir.slice(0, 5)).toString('latin1'), '%PDF-');
    const cirText = pdfText(cir);
    for (const s of [
      'Ђорђе Шљивић',
      'Обука вршњачких едукатора',
      'Канцеларија за младе Панчево',
      '12,5',
      'ABCDEFGH2345',
      '2. 11. 2026.',
      '30. 11. 2026.',
    ]) {
      assert.ok(cirText.includes(s), `${s} in\n${cirText}`);
    }
    const latText = pdfText(await certificatePdf({ ...data, locale: 'lat' }));
    for (const s of ['Đorđe Šljivić', 'Obuka vršnjačkih edukatora', 'POTVRDA O UČEŠĆU'])
      assert.ok(latText.includes(s), `${s} in\n${latText}`);
    assert.ok(!latText.includes('Ђорђе'));
    const enText = pdfText(await certificatePdf({ ...data, locale: 'en' }));
    assert.ok(enText.includes('CERTIFICATE OF PARTICIPATION') && enText.includes('Đorđe Šljivić') && enText.includes('12.5'), enText);
  });
});

describe('who earns a certificate', () => {
  test('80% of the sessions of a finished activity with hours; not before the end, not without hours, not the waitlist', async () => {
    const a = await makeActivity(t.db, 'pancevo', { certificateHours: 10, sessions: pastSessions(5) });
    const four = await makeRegistration(t.db, a, { fullName: 'Četiri Sesije' });
    const three = await makeRegistration(t.db, a, { fullName: 'Tri Sesije' });
    const waiting = await makeRegistration(t.db, a, { status: 'waitlisted' });
    await attend(a, four.id, 4);
    await attend(a, three.id, 3);
    await attend(a, waiting.id, 5);
    assert.ok(await certificateFor(t.deps, a.officeId, a.id, four.id));
    assert.equal(await certificateFor(t.deps, a.officeId, a.id, three.id), undefined);
    assert.equal(await certificateFor(t.deps, a.officeId, a.id, waiting.id), undefined);

    const noHours = await makeActivity(t.db, 'pancevo', { sessions: pastSessions(1) });
    const r1 = await makeRegistration(t.db, noHours);
    await attend(noHours, r1.id, 1);
    assert.equal(await certificateFor(t.deps, noHours.officeId, noHours.id, r1.id), undefined);

    const start = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR);
    const running = await makeActivity(t.db, 'pancevo', { certificateHours: 3, sessions: [[start, new Date(start.getTime() + 3 * HOUR)]] });
    const r2 = await makeRegistration(t.db, running);
    await attend(running, r2.id, 1);
    assert.equal(await certificateFor(t.deps, running.officeId, running.id, r2.id), undefined);

    // Issued once: the second call returns the same certificate; the data was copied at issue.
    const first = await certificateFor(t.deps, a.officeId, a.id, four.id);
    await t.db.query(`UPDATE activities SET title = 'Promenjen naslov', certificate_hours = 1 WHERE id = $1`, [a.id]);
    const again = await certificateFor(t.deps, a.officeId, a.id, four.id);
    assert.equal(again?.code, first?.code);
    assert.equal(again?.hours, '10.0');
    assert.notEqual(again?.activity_title, 'Promenjen naslov');
    assert.equal((await t.db.query('SELECT 1 FROM certificates WHERE registration_id = $1', [four.id])).length, 1);
  });

  test('simultaneous downloads issue one certificate (the unique registration decides)', async () => {
    const a = await makeActivity(t.db, 'pancevo', { certificateHours: 2, sessions: pastSessions(1) });
    const r = await makeRegistration(t.db, a);
    await attend(a, r.id, 1);
    const certs = await Promise.all(Array.from({ length: 8 }, () => certificateFor(t.deps, a.officeId, a.id, r.id)));
    assert.equal(new Set(certs.map((c) => c?.code)).size, 1);
    assert.equal((await t.db.query('SELECT 1 FROM certificates WHERE registration_id = $1', [r.id])).length, 1);
  });

  test('staff see who earns one, issue the rest in one go, download, revoke; the public page follows', async () => {
    const a = await makeActivity(t.db, 'pancevo', {
      title: 'Radionica o medijskoj pismenosti',
      certificateHours: 4,
      sessions: pastSessions(2),
    });
    const ana = await makeRegistration(t.db, a, { fullName: 'Ana Anić', script: 'cir' });
    const bob = await makeRegistration(t.db, a, { fullName: 'Boban Bobić' });
    await attend(a, ana.id, 2);
    await attend(a, bob.id, 1);
    const page = await (await staff.get(`${A}/${a.id}/sertifikati`)).text();
    assert.match(page, /Ana Anić/);
    assert.match(page, /još nije izdata/);
    assert.match(page, /ne ispunjava uslov/);
    assert.match(page, /80%/);

    const issued = await staff.post(`${A}/${a.id}/sertifikati`, {});
    assert.equal(issued.status, 303);
    const [row] = await t.db.query<{ code: string }>('SELECT code FROM certificates WHERE registration_id = $1', [ana.id]);
    assert.ok(row);
    assert.equal((await t.db.query('SELECT 1 FROM certificates WHERE registration_id = $1', [bob.id])).length, 0);
    assert.equal((await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'certificate.issue_all' AND target = $1`, [a.id])).length, 1);

    // The staff PDF is in Ana's script (she signed up in Cyrillic), whatever the staff reads.
    const pdf = await staff.get(`/lat/admin/kancelarije/pancevo/sertifikati/${row.code}/sertifikat.pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const text = pdfText(await bytes(pdf));
    assert.ok(text.includes('Ана Анић') && text.includes('Радионица о медијској писмености') && text.includes(row.code), text);

    // Public verification: valid, in the reader's script; the code is read in any case.
    const anon = t.client();
    const valid = await anon.get(`/cir/kancelarije/pancevo/sertifikat/${row.code.toLowerCase()}`);
    assert.equal(valid.status, 200);
    const validText = await valid.text();
    assert.match(validText, /Потврда је важећа/);
    assert.match(validText, /Ана Анић/);
    assert.match(validText, /Радионица о медијској писмености/);
    assert.doesNotMatch(validText, /<script/);
    // Another office's page does not know it; an unknown code says so.
    assert.equal((await anon.get(`/lat/kancelarije/cacak/sertifikat/${row.code}`)).status, 404);
    const unknown = await anon.get('/lat/kancelarije/pancevo/sertifikat/ZZZZZZZZZZZZ');
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /nije izdata u ovoj kancelariji/);

    // Office B's staff cannot see, download or revoke it.
    assert.equal((await staffB.get(`/lat/admin/kancelarije/cacak/sertifikati/${row.code}`)).status, 404);
    assert.equal((await staffB.get(`/lat/admin/kancelarije/pancevo/sertifikati/${row.code}`)).status, 403);
    assert.equal((await staffB.post(`/lat/admin/kancelarije/cacak/sertifikati/${row.code}/opozovi`, {})).status, 404);
    assert.equal((await staffB.get(`/lat/admin/kancelarije/cacak/aktivnosti/${a.id}/sertifikati`)).status, 404);

    // Revoke: the public page says so; a second revoke is a clear message; the participant gets no PDF.
    assert.equal((await staff.post(`/lat/admin/kancelarije/pancevo/sertifikati/${row.code}/opozovi`, {})).status, 303);
    assert.match(await (await anon.get(`/lat/kancelarije/pancevo/sertifikat/${row.code}`)).text(), /opozvana .* i više ne važi/);
    const twice = await staff.post(`/lat/admin/kancelarije/pancevo/sertifikati/${row.code}/opozovi`, {});
    assert.equal(twice.status, 400);
    assert.match(await twice.text(), /već opozvana/);
    assert.equal(await certificateFor(t.deps, a.officeId, a.id, ana.id), undefined);
  });

  test('the participant downloads their own certificate; anyone else’s registration is a 404', async () => {
    const a = await makeActivity(t.db, 'pancevo', { title: 'Kamp liderstva', certificateHours: 16, sessions: pastSessions(3) });
    const mine = await makeRegistration(t.db, a, { userId: youngId, fullName: 'Mlada Osoba', script: 'lat' });
    const other = await makeRegistration(t.db, a, { fullName: 'Neko Drugi' });
    await attend(a, mine.id, 3);
    await attend(a, other.id, 3);
    // "My registrations" lists it as earned (before and after the first download).
    assert.ok((await eligibleRegistrationIds(t.db, youngId, new Date())).includes(mine.id));
    const res = await young.get(`/lat/moj-nalog/prijave/${mine.id}/sertifikat.pdf`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="potvrda-[A-Z0-9]+\.pdf"/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const text = pdfText(await bytes(res));
    assert.ok(text.includes('Mlada Osoba') && text.includes('Kamp liderstva') && text.includes('16 sati'), text);
    assert.equal((await young.get(`/lat/moj-nalog/prijave/${other.id}/sertifikat.pdf`)).status, 404);
    assert.equal((await staff.get(`/lat/moj-nalog/prijave/${mine.id}/sertifikat.pdf`)).status, 404);
    assert.equal((await young.get('/lat/moj-nalog/prijave/nije-id/sertifikat.pdf')).status, 404);
    assert.ok((await eligibleRegistrationIds(t.db, youngId, new Date())).includes(mine.id));
    assert.ok(!(await eligibleRegistrationIds(t.db, youngId, new Date())).includes(other.id));
    const anon = await t.client().get(`/lat/moj-nalog/prijave/${mine.id}/sertifikat.pdf`);
    assert.equal(anon.status, 303);
  });
});

describe('feedback', () => {
  let a: TestActivity;
  let ana: { id: string };
  test('after the end, the job mails everyone who attended once, with a link; the form takes one answer', async () => {
    a = await makeActivity(t.db, 'pancevo', { title: 'Радионица о волонтирању', sessions: pastSessions(1) });
    ana = await makeRegistration(t.db, a, { fullName: 'Ana Utisak', email: 'ana.utisak@primer.test', script: 'cir' });
    const absent = await makeRegistration(t.db, a, { fullName: 'Nije Došla', email: 'nije.dosla@primer.test' });
    const cancelled = await makeRegistration(t.db, a, { status: 'cancelled', email: 'otkazala@primer.test' });
    await attend(a, ana.id, 1);
    await attend(a, cancelled.id, 1);
    void absent;
    // A finished activity long ago is left alone; an upcoming one too.
    const old = await makeActivity(t.db, 'pancevo', {
      sessions: [[new Date(Date.now() - 40 * 24 * HOUR), new Date(Date.now() - 40 * 24 * HOUR + HOUR)]],
    });
    const r = await runFeedbackMails(t.deps);
    assert.ok(r.ran);
    assert.ok(r.activities >= 1);
    const mail = await lastMailTo(t.db, 'ana.utisak@primer.test');
    assert.ok(mail);
    assert.match(mail.subject, /Радионица о волонтирању/);
    assert.equal(await lastMailTo(t.db, 'nije.dosla@primer.test'), undefined);
    assert.equal(await lastMailTo(t.db, 'otkazala@primer.test'), undefined);
    assert.equal(
      (await t.db.query('SELECT feedback_sent_at FROM activities WHERE id = $1 AND feedback_sent_at IS NULL', [old.id])).length,
      1,
    );
    // Run again: nothing new.
    const outbox = (await t.db.query('SELECT count(*)::int AS n FROM outbox'))[0] as { n: number };
    await runFeedbackMails(t.deps);
    assert.deepEqual((await t.db.query('SELECT count(*)::int AS n FROM outbox'))[0], outbox);

    const link = linkIn(mail.body_text);
    assert.match(link, /^\/cir\/utisak\?t=/);
    const anon = t.client();
    const form = await anon.get(link);
    assert.equal(form.status, 200);
    const html = await form.text();
    assert.match(html, /type="radio"/);
    assert.match(html, /Радионица о волонтирању/);
    const token = new URL(`http://x${link}`).searchParams.get('t')!;

    // No rating: 400, the comment kept, the radio group marked.
    const bad = await anon.post('/cir/utisak', { t: token, comment: 'Било је <b>одлично</b>' });
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /Изаберите оцену од 1 до 5/);
    assert.match(badHtml, /Било је &lt;b&gt;одлично&lt;\/b&gt;/);
    assert.match(badHtml, /aria-invalid="true"/);
    assert.equal((await anon.post('/cir/utisak', { t: token, rating: '6' })).status, 400);

    const ok = await anon.post('/cir/utisak', { t: token, rating: '5', comment: 'Odlično, hvala!' });
    assert.equal(ok.status, 303);
    assert.match(await (await anon.get(ok.headers.get('location')!)).text(), /Хвала! Ваш утисак је забележен/);
    const twice = await anon.post('/cir/utisak', { t: token, rating: '1', comment: 'drugi put' });
    assert.equal(twice.status, 409);
    assert.match(await twice.text(), /већ послали/);
    assert.match(await (await anon.get(link)).text(), /већ послали/);
    const rows = await t.db.query<{ rating: number }>('SELECT rating FROM activity_feedback WHERE registration_id = $1', [ana.id]);
    assert.deepEqual(
      rows.map((x) => x.rating),
      [5],
    );
  });

  test('two runs at once mail each attendee once', async () => {
    const b = await makeActivity(t.db, 'pancevo', { sessions: pastSessions(1) });
    const r = await makeRegistration(t.db, b, { email: 'jednom@primer.test' });
    await attend(b, r.id, 1);
    await Promise.all([runFeedbackMails(t.deps), runFeedbackMails(t.deps), runFeedbackMails(t.deps)]);
    assert.equal((await t.db.query(`SELECT 1 FROM outbox WHERE recipient = 'jednom@primer.test'`)).length, 1);
  });

  test('a wrong, tampered or expired link is a clear message, nothing stored', async () => {
    const anon = t.client();
    for (const q of ['', '?t=', '?t=nepostojeci-token-1234567890', '?t=%3Cscript%3E']) {
      const res = await anon.get(`/lat/utisak${q}`);
      assert.equal(res.status, 400, q);
      assert.match(await res.text(), /nije važeća ili je istekla/);
    }
    assert.equal((await anon.post('/lat/utisak', { t: 'nepostojeci-token-1234567890', rating: '3' })).status, 400);
    // Expired: a fresh activity's link, its expiry moved into the past.
    const b = await makeActivity(t.db, 'pancevo', { sessions: pastSessions(1) });
    const r = await makeRegistration(t.db, b, { email: 'istekao@primer.test' });
    await attend(b, r.id, 1);
    await runFeedbackMails(t.deps);
    const link = linkIn((await lastMailTo(t.db, 'istekao@primer.test'))!.body_text);
    await t.db.query(`UPDATE registrations SET token_expires_at = now() - interval '1 minute' WHERE id = $1`, [r.id]);
    assert.equal((await anon.get(link)).status, 400);
    const token = new URL(`http://x${link}`).searchParams.get('t')!;
    assert.equal((await anon.post('/lat/utisak', { t: token, rating: '4' })).status, 400);
    assert.equal((await t.db.query('SELECT 1 FROM activity_feedback WHERE registration_id = $1', [r.id])).length, 0);
  });

  test('results: count, average, distribution, comments — staff of the office only', async () => {
    const res = await staff.get(`${A}/${a.id}/utisci`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /Odgovora: 1/);
    assert.match(html, /Prosečna ocena: 5,0 od 5/);
    assert.match(html, /Odlično, hvala!/);
    assert.equal((await staffB.get(`/lat/admin/kancelarije/cacak/aktivnosti/${a.id}/utisci`)).status, 404);
    assert.equal((await young.get(`${A}/${a.id}/utisci`)).status, 403);
  });
});

describe('paper', () => {
  test('participant list as CSV and XLSX in the reader’s script, logged; attendance sheet per session', async () => {
    const a = await makeActivity(t.db, 'pancevo', { title: 'Trening za trenere', sessions: pastSessions(2) });
    const [person] = await t.db.query<{ id: string }>(`SELECT id FROM people WHERE office_id = $1 LIMIT 1`, [a.officeId]);
    const ana = await makeRegistration(t.db, a, { fullName: 'Ana Spisak', email: 'ana.spisak@primer.test', personId: person?.id ?? null });
    await makeRegistration(t.db, a, { fullName: '=HYPERLINK("x")', email: 'formula@primer.test' });
    await makeRegistration(t.db, a, { fullName: 'Čeka Red', status: 'waitlisted' });
    await makeRegistration(t.db, a, { fullName: 'Otkazao Ranije', status: 'cancelled' });
    await attend(a, ana.id, 2);
    const logBefore = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM personal_data_access WHERE action = 'export'`))[0]!
      .n;

    const csv = await staff.get(`/cir/admin/kancelarije/pancevo/aktivnosti/${a.id}/ucesnici.csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    assert.equal(csv.headers.get('cache-control'), 'no-store');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await bytes(csv));
    assert.ok(text.startsWith('\ufeffР. бр.;Име и презиме;'), text.slice(0, 80));
    assert.match(text, /Ана Списак;ana\.spisak@primer\.test;2005;потврђена;гост;/);
    assert.match(text, /;2\r\n/);
    assert.match(text, /Чека Ред;.*на листи чекања/);
    assert.doesNotMatch(text, /Отказао/);
    assert.match(text, /"'=HYPERLINK/, 'a formula is neutralised');
    if (person) {
      const logAfter = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM personal_data_access WHERE action = 'export'`))[0]!
        .n;
      assert.equal(logAfter, logBefore + 1);
    }
    assert.equal(
      (await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'activity.participants.export' AND target = $1`, [a.id])).length,
      1,
    );

    const xlsx = await staff.get(`${A}/${a.id}/ucesnici.xlsx`);
    assert.equal(xlsx.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    assert.equal(ws.getRow(1).getCell(2).value, 'Ime i prezime');
    assert.equal(ws.getRow(2).getCell(2).value, 'Ana Spisak');
    assert.equal(ws.rowCount, 4);

    const sheet = await staff.get(`${A}/${a.id}/lista-prisutnih.pdf`);
    assert.equal(sheet.status, 200);
    assert.equal(sheet.headers.get('content-type'), 'application/pdf');
    const sheetText = pdfText(await bytes(sheet));
    assert.ok(sheetText.includes('LISTA PRISUTNIH') && sheetText.includes('Trening za trenere'), sheetText);
    assert.ok(sheetText.includes('Termin 1 od 2') && sheetText.includes('Termin 2 od 2'), sheetText);
    assert.ok(sheetText.includes('Ana Spisak') && !sheetText.includes('Čeka Red') && !sheetText.includes('Otkazao'), sheetText);
    assert.ok(sheetText.includes('Potpis'));

    // A registration by account is logged against the account's row in the office's register.
    const c = await makeActivity(t.db, 'cacak', { sessions: pastSessions(1) });
    await makeRegistration(t.db, c, { userId: youngId, fullName: 'Mlada Osoba', email: 'mladi@primer.test' });
    const [row] = await t.db.query<{ id: string }>('SELECT id FROM people WHERE office_id = $1 AND user_id = $2', [c.officeId, youngId]);
    assert.ok(row, 'the demo young person is in Čačak’s register');
    const logged = async () =>
      (await t.db.query(`SELECT 1 FROM personal_data_access WHERE person_id = $1 AND action = 'export'`, [row.id])).length;
    const before = await logged();
    assert.equal((await staffB.get(`/lat/admin/kancelarije/cacak/aktivnosti/${c.id}/lista-prisutnih.pdf`)).status, 200);
    assert.equal(await logged(), before + 1);

    for (const p of ['ucesnici.csv', 'ucesnici.xlsx', 'lista-prisutnih.pdf']) {
      assert.equal((await staffB.get(`/lat/admin/kancelarije/cacak/aktivnosti/${a.id}/${p}`)).status, 404, p);
      assert.equal((await young.get(`${A}/${a.id}/${p}`)).status, 403, p);
    }
  });
});
