import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { recordAccountEvent } from '../src/core/audit.ts';
import { t } from '../src/core/i18n/messages.ts';
import type { PersonalData } from '../src/features/me/export.ts';
import { DEMO_PASSWORD } from '../src/seed/demo.ts';
import { checkA11y, type E2E, notice, openConfirm, signIn, startE2E, visit } from './harness.ts';

/**
 * Issue #4's rights journey in Chromium: the demo young person, signed in, joins Pančevo's
 * register from the office page, opens "my data", downloads it as JSON (and checks what is in
 * it), withdraws a consent with one click, reads the record of processing, then erases the
 * account — and can no longer log in. axe checks every page on the way.
 */

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
});

const L = 'lat';
const EMAIL = 'mladi@primer.test';
/**
 * Signed in by a session cookie (journey.spec.ts tests the log-in form); the account's log-in
 * history holds one log-in, as a form log-in records it, for the export to carry.
 */
async function logIn(page: Page): Promise<void> {
  const [user] = await e2e.db.query<{ id: string }>('SELECT id FROM users WHERE lower(email) = $1', [EMAIL]);
  await recordAccountEvent(e2e.db, user!.id, 'account.login');
  await signIn(e2e, page, EMAIL);
}

describe('a young person’s data and rights', () => {
  test('joins a register, sees and downloads everything, withdraws a consent, erases the account and cannot log in again', async () => {
    const context = await e2e.newContext();
    const page = await context.newPage();
    await logIn(page);

    // From the office page to the join form.
    await visit(page, `/${L}/kancelarije/pancevo`);
    await checkA11y(page);
    await page.getByRole('link', { name: t(L, 'me.join.cta') }).click();
    await page.waitForURL(`**/${L}/kancelarije/pancevo/pridruzi-se`);
    await checkA11y(page);
    const form = page.locator('main form');
    assert.equal(await form.getByLabel(t(L, 'me.field.full_name')).inputValue(), 'Tara Izmišljenović', 'prefilled from the account');

    // Submitting without the register consent: the error is shown beside it, the page stays accessible.
    await form.getByRole('checkbox', { name: new RegExp(`^${t(L, 'purpose.register')}`) }).uncheck();
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 400),
      form.getByRole('button', { name: t(L, 'me.join.submit') }).click(),
    ]);
    await page.waitForLoadState();
    await checkA11y(page);
    assert.match(await page.locator('.error-summary').innerText(), new RegExp(t(L, 'me.err.registerRequired')));

    await form.getByRole('checkbox', { name: new RegExp(`^${t(L, 'purpose.register')}`) }).check();
    await form.getByRole('checkbox', { name: new RegExp(`^${t(L, 'purpose.contact')}`) }).check();
    await form.locator('select[name="settlement_id"]').selectOption({ label: 'Starčevo (seosko)' });
    await form.locator('select[name="gender"]').selectOption('undisclosed');
    await form.locator('select[name="status"]').selectOption('pupil');
    await form.getByRole('checkbox', { name: t(L, 'lap.volunteering') }).check();
    await Promise.all([
      page.waitForURL(`**/${L}/moj-nalog/podaci?n=me.join.done`),
      form.getByRole('button', { name: t(L, 'me.join.submit') }).click(),
    ]);
    await checkA11y(page);
    assert.equal(await notice(page).innerText(), t(L, 'me.join.done'));
    const main = page.locator('main');
    assert.match(await main.innerText(), /Registar: Kancelarija za mlade grada Pančeva/);
    assert.match(await main.innerText(), /Registar: Kancelarija za mlade grada Čačka/, 'the demo register of Čačak too');
    assert.match(await main.innerText(), /Luka Demić/, 'who looked: Čačak’s coordinator');

    // Download as JSON.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('link', { name: t(L, 'me.data.download') })
        .first()
        .click(),
    ]);
    assert.match(download.suggestedFilename(), /^kzm-moji-podaci/);
    const data = JSON.parse(await readFile((await download.path())!, 'utf8')) as PersonalData;
    assert.equal(data.format, 'kzm-personal-data');
    assert.equal(data.version, 1);
    assert.equal(data.account.email, EMAIL);
    assert.deepEqual(data.registers.map((r) => r.office.slug).sort(), ['cacak', 'pancevo']);
    const pancevo = data.registers.find((r) => r.office.slug === 'pancevo')!;
    assert.equal(pancevo.person.full_name, 'Tara Izmišljenović');
    assert.equal(pancevo.person.settlement?.name, 'Starčevo');
    assert.equal(pancevo.person.gender, 'undisclosed');
    assert.deepEqual(pancevo.consents.map((c) => c.purpose).sort(), ['contact', 'register']);
    assert.ok(data.account_events.some((e) => e.action === 'account.login'));

    // Consents: withdraw news from Pančevo with one click.
    await visit(page, `/${L}/moj-nalog/saglasnosti`);
    await checkA11y(page);
    const pancevoSection = page
      .locator('main section')
      .filter({ has: page.getByRole('heading', { name: 'Kancelarija za mlade grada Pančeva' }) });
    // Withdrawing asks first: the question, then "Yes, withdraw".
    const withdraw = await openConfirm(pancevoSection, t(L, 'me.consents.withdrawLabel', { purpose: t(L, 'purpose.contact') }));
    await checkA11y(page);
    await Promise.all([page.waitForURL(`**/${L}/moj-nalog/saglasnosti?n=me.consents.withdrawn`), withdraw.click()]);
    await checkA11y(page);
    assert.equal(await notice(page).innerText(), t(L, 'me.consents.withdrawn'));

    // The record of processing this office keeps.
    await visit(page, `/${L}/kancelarije/pancevo/privatnost/evidencija`);
    await checkA11y(page);

    // Erase.
    await visit(page, `/${L}/nalog`);
    await page.getByRole('link', { name: t(L, 'me.nav.erase') }).click();
    await page.waitForURL(`**/${L}/moj-nalog/obrisi`);
    await checkA11y(page);
    const sent = e2e.smtp.received.length;
    await page.getByLabel(t(L, 'me.erase.password')).fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL(`**/${L}/?n=me.erase.done`), page.getByRole('button', { name: t(L, 'me.erase.submit') }).click()]);
    await checkA11y(page);
    assert.equal(await notice(page).innerText(), t(L, 'me.erase.done'));
    assert.ok(!(await page.getByRole('link', { name: t(L, 'nav.account') }).count()), 'logged out');
    const mail = await e2e.smtp.waitForMail(EMAIL, { since: sent });
    assert.match(mail.subject, /obrisan/);
    assert.equal((await e2e.db.query('SELECT 1 FROM users WHERE lower(email) = $1', [EMAIL])).length, 0);

    // The password no longer opens anything.
    await visit(page, `/${L}/nalog/prijava`);
    await page.getByLabel(t(L, 'signup.email')).fill(EMAIL);
    await page.getByLabel(t(L, 'signup.password')).fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 400),
      page
        .locator('main form')
        .getByRole('button', { name: t(L, 'login.submit') })
        .click(),
    ]);
    await page.waitForLoadState();
    await checkA11y(page);
    assert.match(await page.locator('.error-summary').innerText(), new RegExp(t(L, 'login.bad')));
    await context.close();
  });

  test('under 15: a parent asks, gets the link by mail, reads exactly what is agreed to and agrees; the link then no longer works', async () => {
    const context = await e2e.newContext();
    const page = await context.newPage();
    await visit(page, `/${L}/kancelarije/cacak`);
    await page.getByRole('link', { name: t(L, 'me.join.under15Link') }).click();
    await page.waitForURL(`**/${L}/kancelarije/cacak/pridruzi-se/roditelj`);
    await checkA11y(page);
    const form = page.locator('main form');
    await form.getByLabel(t(L, 'me.parent.childName')).fill('Mali Izmišljenović');
    const birth = `${new Date().getFullYear() - 11}-05-05`;
    await form.getByLabel(t(L, 'me.parent.childBirth')).fill(birth);
    await form.getByLabel(t(L, 'me.parent.parentName')).fill('Roditeljka Izmišljenović');
    await form.getByLabel(t(L, 'me.parent.parentEmail')).fill('roditeljka@primer.test');
    await form.getByRole('checkbox', { name: new RegExp(`^${t(L, 'purpose.photos')}`) }).check();
    const sent = e2e.smtp.received.length;
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 200),
      form.getByRole('button', { name: t(L, 'me.parent.submit') }).click(),
    ]);
    await page.waitForLoadState();
    await checkA11y(page);
    assert.match(await page.locator('main').innerText(), /roditeljka@primer\.test/);

    const mail = await e2e.smtp.waitForMail('roditeljka@primer.test', { since: sent });
    const link = /http:\/\/127\.0\.0\.1:\d+(\/lat\/saglasnost\/cacak\/\S+)/.exec(mail.text)?.[1];
    assert.ok(link, mail.text);
    const parent = await (await e2e.newContext()).newPage();
    await visit(parent, link);
    await checkA11y(parent);
    const text = await parent.locator('main').innerText();
    assert.match(text, /Mali Izmišljenović/);
    assert.match(text, new RegExp(t(L, 'purpose.register')));
    assert.match(text, new RegExp(t(L, 'purpose.photos')));
    await parent.getByRole('button', { name: t(L, 'me.confirm.agree'), exact: true }).click();
    await parent.waitForLoadState();
    await checkA11y(parent);
    assert.match(await parent.locator('h1').innerText(), new RegExp(t(L, 'me.confirm.agreed.title')));
    const confirmed = await e2e.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM person_consents c JOIN people p ON p.office_id = c.office_id AND p.id = c.person_id
        WHERE p.full_name = 'Mali Izmišljenović' AND c.parent_confirmed_at IS NOT NULL`,
    );
    assert.equal(confirmed[0]!.n, 2);
    const again = await parent.goto(link);
    assert.equal(again?.status(), 410);
    await checkA11y(parent);
    await context.close();
  });
});
