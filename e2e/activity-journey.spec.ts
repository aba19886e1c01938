import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { t } from '../src/core/i18n/messages.ts';
import { pdfText } from '../src/features/certificates/pdf-text.ts';
import { lastMailTo } from '../test/app.ts';
import { checkA11y, type E2E, signIn, startE2E, visit } from './harness.ts';

/**
 * Issue #5's whole journey in one workshop, through the pages only (axe on every page): the
 * Pančevo coordinator creates a two-place workshop with certificate hours and publishes it;
 * the demo young person signs up with one click and a guest confirms from the mail — full; a
 * second guest waits as number 1; the first guest cancels from the mailed link and the waiting
 * guest is promoted (the mail is in the outbox); the coordinator checks both remaining people
 * in from the list; the workshop then ends (its dates are moved into the past: the one step
 * not done through a page), the young person downloads the certificate and the verification
 * page confirms it.
 */
let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
});

const L = 'lat';
const TITLE = `Radionica medijske pismenosti ${Date.now()}`;
/** The demo young person (mladi@primer.test). */
const YOUNG = 'Tara Izmišljenović';

/** The link in the newest mail to an address that starts with the given path. */
async function mailedLink(email: string, path: string): Promise<string> {
  const mail = await lastMailTo(e2e.db, email);
  assert.ok(mail, `a mail to ${email}`);
  const m = new RegExp(`${e2e.baseUrl}(/${L}${path.replace('?', '\\?')}\\S+)`).exec(mail.body_text);
  assert.ok(m, `a ${path} link in: ${mail.body_text}`);
  return m[1]!;
}

async function guestSignsUp(page: Page, signUpPath: string, name: string, email: string): Promise<void> {
  await visit(page, signUpPath);
  await checkA11y(page);
  const form = page.locator('main form');
  await form.getByLabel(t(L, 'reg.field.name')).fill(name);
  await form.getByLabel(t(L, 'reg.field.email')).fill(email);
  await form.getByLabel(t(L, 'reg.field.birthYear')).fill('2003');
  await form.getByRole('button', { name: t(L, 'reg.signUp.button') }).click();
  await page.getByRole('heading', { name: t(L, 'reg.checkMail.title') }).waitFor();
  await checkA11y(page);
  await visit(page, await mailedLink(email, '/prijava/potvrda?t='));
  await checkA11y(page);
  await Promise.all([page.waitForURL(/n=reg\.n\./), page.getByRole('button', { name: t(L, 'reg.confirm.button') }).click()]);
  await checkA11y(page);
}

describe('an activity from creation to certificate', () => {
  test('create → sign up until full → cancel promotes the first waiting → check-in → certificate verified', async () => {
    // The coordinator creates the workshop (the form suggests one session a week ahead).
    const staff = await (await e2e.newContext()).newPage();
    await signIn(e2e, staff, 'pancevo@primer.test');
    await visit(staff, `/${L}/admin`);
    await checkA11y(staff);
    await staff
      .locator('main')
      .getByRole('link', { name: t(L, 'activities.title') })
      .first()
      .click();
    await staff.waitForURL('**/admin/kancelarije/pancevo/aktivnosti');
    await checkA11y(staff);
    await staff.getByRole('link', { name: t(L, 'activities.new') }).click();
    await checkA11y(staff);
    await staff.locator('#f-kind').selectOption('workshop');
    await staff.locator('#f-title').fill(TITLE);
    await staff.locator('#f-capacity').fill('2');
    await staff.locator('#f-certificate_hours').fill('3');
    await staff.getByRole('button', { name: t(L, 'activities.create') }).click();
    await staff.waitForURL(/\/aktivnosti\/[0-9a-f-]{36}\?n=activities\.created$/);
    await checkA11y(staff);
    const adminPath = new URL(staff.url()).pathname;
    const id = /([0-9a-f-]{36})$/.exec(adminPath)![1]!;
    await staff.getByRole('button', { name: t(L, 'activities.publish') }).click();
    await staff.waitForURL(/\?n=activities\.published$/);
    await checkA11y(staff);

    // The young person finds it in the office's calendar and signs up with one click.
    const young = await (await e2e.newContext()).newPage();
    await signIn(e2e, young, 'mladi@primer.test');
    await visit(young, `/${L}/kancelarije/pancevo/aktivnosti`);
    await checkA11y(young);
    await young.getByRole('link', { name: TITLE }).click();
    await young.waitForURL(`**/kancelarije/pancevo/aktivnosti/${id}`);
    await checkA11y(young);
    await Promise.all([
      young.waitForURL(/n=reg\.n\.confirmed/),
      young.getByRole('button', { name: t(L, 'calendar.activity.signup.button') }).click(),
    ]);
    await checkA11y(young);

    // A guest takes the last place; the next one waits as number 1.
    const signUpPath = `/${L}/kancelarije/pancevo/aktivnosti/${id}/prijava`;
    const first = await (await e2e.newContext()).newPage();
    await guestSignsUp(first, signUpPath, 'Jovana Prva', 'jovana.prva@primer.test');
    const second = await (await e2e.newContext()).newPage();
    await guestSignsUp(second, signUpPath, 'Stefan Drugi', 'stefan.drugi@primer.test');
    assert.match(await second.locator('main').innerText(), new RegExp(t(L, 'reg.status.waitlistedN', { n: 1 })));
    const visitor = await (await e2e.newContext()).newPage();
    await visit(visitor, `/${L}/kancelarije/pancevo/aktivnosti/${id}`);
    await checkA11y(visitor);

    // The first guest cancels from the link in their mail; Stefan gets the place and a mail.
    await visit(first, await mailedLink('jovana.prva@primer.test', '/prijava/otkazivanje?t='));
    await checkA11y(first);
    // The mailed link's page is itself the step that asks first: one button confirms.
    await Promise.all([first.waitForURL(/n=reg\.n\.cancelled/), first.getByRole('button', { name: t(L, 'reg.cancel.button') }).click()]);
    await checkA11y(first);
    const promoted = await lastMailTo(e2e.db, 'stefan.drugi@primer.test');
    assert.equal(promoted!.subject, t(L, 'reg.mail.promoted.subject', { title: TITLE }));

    // The coordinator checks both in from the list.
    await visit(staff, `${adminPath}/dolazak`);
    await checkA11y(staff);
    for (const name of ['Stefan Drugi', YOUNG]) {
      const row = staff.locator('li[data-code]').filter({ hasText: name });
      await row.getByRole('button', { name: new RegExp(t(L, 'checkin.list.mark')) }).click();
      await row.getByRole('button', { name: new RegExp(t(L, 'checkin.list.unmark')) }).waitFor();
    }
    await staff.reload();
    await checkA11y(staff);
    const [{ n }] = (await e2e.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM attendance a JOIN registrations r ON r.office_id = a.office_id AND r.id = a.registration_id WHERE r.activity_id = $1`,
      [id],
    )) as [{ n: number }];
    assert.equal(n, 2);

    // The workshop takes place and ends: its dates move into the past (time is not a page).
    await e2e.db.query(
      `UPDATE activity_sessions SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE activity_id = $1`,
      [id],
    );
    await e2e.db.query(`UPDATE activities SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, [
      id,
    ]);
    await e2e.db.query(
      `UPDATE attendance SET checked_at = now() - interval '2 hours' WHERE registration_id IN (SELECT id FROM registrations WHERE activity_id = $1)`,
      [id],
    );

    // The young person downloads the certificate; the verification page confirms it.
    await visit(young, `/${L}/moj-nalog/prijave`);
    await checkA11y(young);
    const card = young.locator('li.card', { hasText: TITLE });
    const href = (await card.getByRole('link', { name: t(L, 'cert.download') }).getAttribute('href')) ?? '';
    const pdf = await young.request.get(href);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    const text = pdfText(new Uint8Array(await pdf.body()));
    assert.ok(text.includes(YOUNG) && text.includes(TITLE), text);
    const verifyPath = new RegExp(`${e2e.baseUrl}(/${L}/kancelarije/pancevo/sertifikat/[A-Z0-9]+)`).exec(text.replace(/\s/g, ''))?.[1];
    assert.ok(verifyPath, `the PDF names its verification page: ${text}`);
    await visit(visitor, verifyPath);
    await checkA11y(visitor);
    await visitor.getByText(t(L, 'cert.verify.valid')).waitFor();
    await visitor.getByText(TITLE).waitFor();
  });
});
