import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inScript } from '../src/core/i18n/locale.ts';
import { t } from '../src/core/i18n/messages.ts';
import { localParts } from '../src/core/time.ts';
import { addDays } from '../src/features/opportunities/service.ts';
import { checkA11y, type E2E, notice, overflowProblem, PHONE, screenshot, signIn, startE2E, visit } from './harness.ts';

/**
 * Issue #13 points 2 and 5 in Chromium, axe on every page: a coordinator (signed in by a session
 * cookie) publishes an opportunity closing in three days; a visitor sees it on the office's home
 * page, under "closing soon", and in the office's list and the national one with its "closes in
 * 3 days" mark, in both scripts; every page fits a 360 px phone. Screenshots at 360 px and at a
 * desktop width in both scripts are left in test-results/screenshots/ for a person to look at.
 */
let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
});

const DESKTOP = { width: 1280, height: 900 } as const;

describe('opportunities in the browser', () => {
  test('staff add an opportunity; the office home page and the lists show it with its "closes in" mark', async () => {
    const page = await (await e2e.newContext()).newPage();
    await signIn(e2e, page, 'pancevo@primer.test');
    await visit(page, '/lat/admin');
    await page
      .getByRole('link', { name: t('lat', 'opportunities.title') })
      .first()
      .click();
    await page.waitForURL('**/lat/admin/kancelarije/pancevo/prilike');
    await checkA11y(page);
    await page.getByRole('link', { name: t('lat', 'opportunities.new') }).click();
    await page.waitForURL('**/lat/admin/kancelarije/pancevo/prilike/nova');
    await checkA11y(page);

    const title = `Razmena mladih u Sloveniji ${Date.now().toString(36)}`;
    const deadline = addDays(localParts(new Date()).date, 3);
    await page.getByLabel(t('lat', 'opportunities.field.kind')).selectOption('exchange');
    await page.getByLabel(t('lat', 'opportunities.field.title')).fill(title);
    await page.getByLabel(t('lat', 'opportunities.field.source')).fill('Fondacija Tempus');
    // A bad link first: the form comes back with the message and everything typed.
    await page.getByLabel(t('lat', 'opportunities.field.link')).fill('ftp://example.org/poziv');
    await page.getByLabel(t('lat', 'opportunities.field.deadline'), { exact: false }).first().fill(deadline);
    await page
      .getByRole('group', { name: t('lat', 'opportunities.field.areas') })
      .getByLabel(t('lat', 'lap.mobility'))
      .check();
    await page.getByRole('button', { name: t('lat', 'opportunities.publish') }).click();
    await page.locator('.error-summary').waitFor();
    assert.equal(await page.getByLabel(t('lat', 'opportunities.field.title')).inputValue(), title);
    await checkA11y(page);
    await page.getByLabel(t('lat', 'opportunities.field.link')).fill('https://example.org/poziv');
    await page.getByRole('button', { name: t('lat', 'opportunities.publish') }).click();
    await page.waitForURL(/\?n=opportunities\.created$/);
    assert.equal(await notice(page).textContent(), t('lat', 'opportunities.created'));
    await checkA11y(page);

    const mark = (locale: 'cir' | 'lat') => t(locale, 'opportunities.closesIn', { n: 3 });
    const visitor = await (await e2e.newContext({ viewport: PHONE })).newPage();
    for (const locale of ['cir', 'lat'] as const) {
      const name = inScript(locale, title);
      // The office's home page: "closing soon" lists it with its mark.
      await visit(visitor, `/${locale}/kancelarije/pancevo`);
      const soon = visitor.locator('section', { has: visitor.getByRole('heading', { name: t(locale, 'opportunities.home.title') }) });
      assert.equal(await soon.getByRole('link', { name }).count(), 1, `${locale}: on the home page`);
      assert.equal((await soon.getByText(mark(locale)).count()) > 0, true, `${locale}: its mark on the home page`);
      assert.equal(await overflowProblem(visitor), null);
      await checkA11y(visitor);
      await screenshot(visitor, `office-home-${locale}-360`);
      await visitor.setViewportSize(DESKTOP);
      await visitor.screenshot({ path: `test-results/screenshots/office-home-${locale}-desktop.png`, fullPage: true });
      await visitor.setViewportSize(PHONE);

      // The office's list, reached from the home page.
      await visitor.getByRole('link', { name: t(locale, 'opportunities.officeList') }).click();
      await visitor.waitForURL(`**/${locale}/kancelarije/pancevo/prilike`);
      const row = visitor.locator('tr', { has: visitor.getByRole('link', { name }) });
      assert.equal(await row.getByText(mark(locale)).count(), 1, `${locale}: its mark in the list`);
      assert.equal(await overflowProblem(visitor), null);
      await checkA11y(visitor);
      await screenshot(visitor, `opportunities-${locale}-360`);
      await visitor.setViewportSize(DESKTOP);
      await visitor.screenshot({ path: `test-results/screenshots/opportunities-${locale}-desktop.png`, fullPage: true });
      await visitor.setViewportSize(PHONE);

      // The national list, filtered to those closing soon.
      await visit(visitor, `/${locale}/prilike?uskoro=1`);
      assert.equal(await visitor.getByRole('link', { name }).count(), 1, `${locale}: in the national list`);
      await checkA11y(visitor);

      // Its own page.
      await visitor.getByRole('link', { name }).click();
      await visitor.waitForURL(new RegExp(`/${locale}/kancelarije/pancevo/prilike/[0-9a-f-]{36}$`));
      assert.equal(await visitor.getByRole('heading', { level: 1, name }).count(), 1);
      assert.equal(
        await visitor.getByRole('link', { name: t(locale, 'opportunities.apply') }).getAttribute('href'),
        'https://example.org/poziv',
      );
      await checkA11y(visitor);
      await screenshot(visitor, `opportunity-${locale}-360`);
    }
  });
});
