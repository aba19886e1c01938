import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { t } from '../src/core/i18n/messages.ts';
import { makeActivity, makeRegistration, type TestActivity } from '../src/features/activities/testing.ts';
import { runFeedbackMails } from '../src/features/certificates/feedback-job.ts';
import { pdfText } from '../src/features/certificates/pdf-text.ts';
import { checkA11y, type E2E, openConfirm, signIn, startE2E, visit } from './harness.ts';

/**
 * Issue #5's certificates, feedback and paper in Chromium, axe on every page visited: a young
 * person who attended a finished training downloads the certificate from their registrations
 * and the verification page its QR points to confirms it; the feedback mail's form takes a
 * rating (a missing one is an error at the field); the coordinator sees the certificates, the
 * results and the paper, revokes the certificate, and the verification page says so.
 */
let e2e: E2E;
let activity: TestActivity;
let registrationId: string;
const HOUR = 3_600_000;
const TITLE = 'Обука за вршњачке едукаторе (е2е)';

before(async () => {
  e2e = await startE2E();
  const lastEnd = Math.floor(Date.now() / HOUR) * HOUR - 24 * HOUR;
  const sessions = [0, 1, 2, 3, 4].map((i) => {
    const end = lastEnd - (4 - i) * 24 * HOUR;
    return [new Date(end - 3 * HOUR), new Date(end)] as [Date, Date];
  });
  activity = await makeActivity(e2e.db, 'pancevo', { title: TITLE, certificateHours: 15, sessions });
  const [user] = await e2e.db.query<{ id: string }>(`SELECT id FROM users WHERE email = 'mladi@primer.test'`);
  const reg = await makeRegistration(e2e.db, activity, {
    userId: user!.id,
    fullName: 'Milica Mladenović',
    email: 'mladi@primer.test',
    script: 'cir',
  });
  registrationId = reg.id;
  // Four of five sessions: 80%, enough for the certificate.
  for (const s of activity.sessionIds.slice(0, 4)) {
    await e2e.db.query(
      `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method) VALUES ($1, $2, $3, now(), 'qr')`,
      [activity.officeId, reg.id, s],
    );
  }
});
after(async () => {
  await e2e?.close();
});

let code = '';
let verifyUrl = '';

describe('certificates in the browser', () => {
  test('a participant who attended downloads the certificate; the verification page confirms it', async () => {
    const page = await (await e2e.newContext()).newPage();
    await signIn(e2e, page, 'mladi@primer.test');
    // The link on "my registrations", beside the registration that earned it.
    await visit(page, '/cir/moj-nalog/prijave');
    await checkA11y(page);
    const link = page.getByRole('link', { name: t('cir', 'cert.download') });
    assert.equal(await link.count(), 1, 'one certificate link on my registrations');
    const href = (await link.getAttribute('href')) ?? '';
    assert.equal(href, `/cir/moj-nalog/prijave/${registrationId}/sertifikat.pdf`);
    const download = await page.request.get(href);
    assert.equal(download.status(), 200);
    assert.equal(download.headers()['content-type'], 'application/pdf');
    assert.match(download.headers()['content-disposition'] ?? '', /^attachment; filename="potvrda-[A-Z0-9]+\.pdf"/);
    const text = pdfText(new Uint8Array(await download.body()));
    assert.ok(text.includes('Милица Младеновић') && text.includes('Обука за вршњачке едукаторе') && text.includes('15 сати'), text);
    code = /Код за проверу: ([A-Z0-9]+)/.exec(text)?.[1] ?? '';
    assert.match(code, /^[A-Z0-9]{12}$/);
    verifyUrl = `${e2e.baseUrl}/cir/kancelarije/pancevo/sertifikat/${code}`;
    assert.ok(text.replace(/\s/g, '').includes(verifyUrl), 'the PDF names its verification page');

    // Anyone opens the verification page (what the QR encodes).
    const visitor = await (await e2e.newContext()).newPage();
    await visit(visitor, verifyUrl);
    await checkA11y(visitor);
    await visitor.getByText(t('cir', 'cert.verify.valid')).waitFor();
    await visitor.getByText('Милица Младеновић').waitFor();
    await visitor.getByText(TITLE).waitFor();
    // The same page in Latin.
    await visitor.getByRole('link', { name: 'Latinica' }).click();
    await visitor.getByText('Milica Mladenović').waitFor();
    await checkA11y(visitor);
  });

  test('the feedback mail leads to a form that takes one rating and comment', async () => {
    // The server's own hourly job may have sent it already, or be sending it now (its first run is
    // 10 s after the start, which a loaded machine reaches before this test; one run at a time):
    // whichever run sends it leaves it in the outbox.
    let mail: { body_text: string } | undefined;
    for (let tries = 0; !mail && tries < 50; tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      await runFeedbackMails(e2e.deps);
      [mail] = await e2e.db.query<{ body_text: string }>(
        `SELECT body_text FROM outbox WHERE recipient = 'mladi@primer.test' AND subject LIKE '%' || $1 || '%' ORDER BY id DESC LIMIT 1`,
        ['Обука за вршњачке'],
      );
    }
    assert.ok(mail, 'no feedback mail in the outbox');
    const link = /(\/cir\/utisak\?t=\S+)/.exec(mail.body_text)?.[1];
    assert.ok(link, mail.body_text);

    const page = await (await e2e.newContext()).newPage();
    await visit(page, link);
    await checkA11y(page);
    // Sent without a rating: the error at the group, the comment kept.
    await page.getByLabel(t('cir', 'feedback.comment')).fill('Одлична обука, хвала!');
    await page.getByRole('button', { name: t('cir', 'feedback.submit') }).click();
    await page.locator('.error-summary').waitFor();
    assert.equal(await page.getByLabel(t('cir', 'feedback.comment')).inputValue(), 'Одлична обука, хвала!');
    await checkA11y(page);
    await page.getByLabel(t('cir', 'feedback.rating.5')).check();
    await page.getByRole('button', { name: t('cir', 'feedback.submit') }).click();
    await page.getByText(t('cir', 'feedback.thanks')).waitFor();
    await checkA11y(page);
    // The link again: already answered.
    await visit(page, link);
    await page.getByText(t('cir', 'feedback.already')).waitFor();
  });

  test('the coordinator sees certificates, feedback and paper, and revokes the certificate', async () => {
    const page = await (await e2e.newContext()).newPage();
    await signIn(e2e, page, 'pancevo@primer.test');
    const base = `/lat/admin/kancelarije/pancevo/aktivnosti/${activity.id}`;
    await visit(page, `${base}/sertifikati`);
    await checkA11y(page);
    await page.getByText('Milica Mladenović').waitFor();

    await visit(page, `${base}/utisci`);
    await checkA11y(page);
    await page.getByText('Odlična obuka, hvala!').waitFor();
    await page.getByText(t('lat', 'feedback.results.average', { avg: '5,0' })).waitFor();

    for (const [file, type] of [
      ['ucesnici.csv', 'text/csv; charset=utf-8'],
      ['ucesnici.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['lista-prisutnih.pdf', 'application/pdf'],
    ] as const) {
      const res = await page.request.get(`${base}/${file}`);
      assert.equal(res.status(), 200, file);
      assert.equal(res.headers()['content-type'], type, file);
    }

    await visit(page, `${base}/sertifikati`);
    await page.getByRole('link', { name: code }).click();
    await page.waitForURL(`**/sertifikati/${code}`);
    await checkA11y(page);
    await (await openConfirm(page, t('lat', 'cert.admin.revoke'))).click();
    await page.getByText(t('lat', 'cert.admin.revoked')).waitFor();
    await checkA11y(page);

    const visitor = await (await e2e.newContext()).newPage();
    await visit(visitor, verifyUrl);
    await visitor.locator('p.status', { hasText: 'опозвана' }).waitFor();
    await checkA11y(visitor);
    const unknown = await visitor.goto('/cir/kancelarije/pancevo/sertifikat/ZZZZZZZZZZZZ');
    assert.equal(unknown?.status(), 404);
    await checkA11y(visitor);
  });
});
