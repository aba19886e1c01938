import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inScript } from '../src/core/i18n/locale.ts';
import { t } from '../src/core/i18n/messages.ts';
import { DEMO_REP_ASSOCIATION, DEMO_REP_EMAIL } from '../src/features/associations/demo.ts';
import { SAMPLE_PDF } from '../src/features/partners/fixtures.ts';
import { checkA11y, type E2E, notice, signIn, startE2E, visit } from './harness.ts';

/**
 * Issue #4's association journeys in Chromium, axe on every page visited: the demo
 * association's representative edits the public profile (a new description, the e-mail
 * published) and the public directory shows it in both scripts at once; a coordinator
 * approves a young person's request to represent an association, and records a partner
 * agreement with a PDF, which downloads as an attachment.
 */
let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
});

describe('associations in the browser', () => {
  test('the representative edits the public profile; the directory shows it in both scripts at once', async () => {
    const visitor = await (await e2e.newContext()).newPage();
    // The visitor finds the directory from the office page, and the association in it.
    await visit(visitor, '/cir/kancelarije/pancevo');
    await visitor.getByRole('link', { name: t('cir', 'associations.directory.link') }).click();
    await visitor.waitForURL('**/cir/kancelarije/pancevo/udruzenja');
    await checkA11y(visitor);
    const name = inScript('cir', DEMO_REP_ASSOCIATION);
    await visitor.getByRole('link', { name }).click();
    await visitor.waitForURL(/\/cir\/kancelarije\/pancevo\/udruzenja\/[0-9a-f-]{36}$/);
    await checkA11y(visitor);
    const publicPath = new URL(visitor.url()).pathname.replace(/^\/cir/, '');
    assert.equal(await visitor.getByText('iskra@primer.test').count(), 0, 'the e-mail is not published yet');
    // Cached for visitors now.
    assert.equal((await visit(visitor, `/cir${publicPath}`)).headers()['x-cache'], 'hit');

    const page = await (await e2e.newContext()).newPage();
    await signIn(e2e, page, DEMO_REP_EMAIL);
    await visit(page, '/lat/admin');
    await checkA11y(page);
    await page.getByRole('link', { name: t('lat', 'associations.mine') }).click();
    await page.waitForURL('**/lat/admin/moja-udruzenja');
    await checkA11y(page);
    await page.getByRole('link', { name: t('lat', 'associations.mine.edit') }).click();
    await page.waitForURL(/\/lat\/admin\/kancelarije\/pancevo\/udruzenja\/[0-9a-f-]{36}\/uredi$/);
    await checkA11y(page);

    const text = `Debatni klub svakog utorka u 18 časova (izmena ${Date.now()}).`;
    await page.getByLabel(`${t('lat', 'associations.field.description')} ${t('lat', 'form.optional')}`, { exact: true }).fill(text);
    const publishEmail = page
      .getByRole('group', { name: t('lat', 'associations.field.publishedFields') })
      .getByLabel(t('lat', 'associations.published.email'), { exact: true });
    await publishEmail.check();
    await page.getByRole('button', { name: t('lat', 'form.save') }).click();
    await page.waitForURL(/\?n=associations\.saved$/);
    assert.equal(await notice(page).textContent(), t('lat', 'associations.saved'));
    assert.ok(await publishEmail.isChecked());
    await checkA11y(page);

    // The visitor sees the change at once, in Cyrillic and in Latin.
    const fresh = await visit(visitor, `/cir${publicPath}`);
    assert.notEqual(fresh.headers()['x-cache'], 'hit');
    assert.equal(await visitor.locator('main p', { hasText: inScript('cir', text) }).count(), 1);
    assert.equal(await visitor.getByRole('link', { name: 'iskra@primer.test' }).count(), 1);
    await checkA11y(visitor);
    await visit(visitor, `/lat${publicPath}`);
    assert.equal(await visitor.locator('main p', { hasText: text }).count(), 1);
    assert.equal(await visitor.getByRole('link', { name: 'iskra@primer.test' }).count(), 1);
    await checkA11y(visitor);
    // The Latin directory lists it, found by a Cyrillic search.
    await visit(visitor, `/lat/kancelarije/pancevo/udruzenja?q=${encodeURIComponent('искра')}`);
    assert.equal(await visitor.getByRole('link', { name: inScript('lat', DEMO_REP_ASSOCIATION) }).count(), 1);
    await checkA11y(visitor);
  });

  test('a coordinator approves a request to represent an association and records a partner agreement with a PDF', async () => {
    // A young person asks to represent the informal group.
    const young = await (await e2e.newContext()).newPage();
    await signIn(e2e, young, 'mladi@primer.test');
    await visit(young, '/cir/kancelarije/pancevo/udruzenja');
    await young.getByRole('link', { name: 'Неформална група Кварт (пример)' }).click();
    await young.waitForURL(/udruzenja\/[0-9a-f-]{36}$/);
    await young.getByRole('link', { name: t('cir', 'associations.request.link') }).click();
    await young.waitForURL(/\/predstavnik$/);
    await checkA11y(young);
    await young.getByLabel(`${t('cir', 'associations.request.note')} ${t('cir', 'form.optional')}`).fill('Координаторка групе');
    await young.getByRole('button', { name: t('cir', 'associations.request.submit') }).click();
    await young.waitForURL(/n=associations\.request\.sent$/);
    assert.equal(await notice(young).textContent(), t('cir', 'associations.request.sent'));
    await checkA11y(young);

    // The coordinator approves it from the register.
    const page = await (await e2e.newContext()).newPage();
    await signIn(e2e, page, 'pancevo@primer.test');
    await visit(page, '/cir/admin');
    await page.getByRole('link', { name: t('cir', 'associations.register') }).click();
    await page.waitForURL('**/cir/admin/kancelarije/pancevo/udruzenja');
    await checkA11y(page);
    const youngName = inScript('cir', 'Tara Izmišljenović');
    await page.getByRole('button', { name: t('cir', 'associations.reps.approveLabel', { name: youngName }) }).click();
    await page.waitForURL(/n=associations\.reps\.approved$/);
    assert.equal(await notice(page).textContent(), t('cir', 'associations.reps.approved'));
    const row = page.locator('main table tr', { hasText: youngName });
    assert.equal(
      await row.locator(`td[data-label="${t('cir', 'associations.reps.status')}"]`).textContent(),
      t('cir', 'associations.reps.status.approved'),
    );
    await checkA11y(page);
    const roles = await e2e.db.query(
      `SELECT 1 FROM office_members m JOIN users u ON u.id = m.user_id WHERE u.email = 'mladi@primer.test' AND m.role = 'association_rep'`,
    );
    assert.equal(roles.length, 1);

    // A new association with a mistake: messages at the fields, checked by axe too.
    await visit(page, '/cir/admin/kancelarije/pancevo/udruzenja/novo');
    await checkA11y(page);
    await page.getByRole('button', { name: t('cir', 'form.save') }).click();
    await page.waitForLoadState();
    assert.ok(await page.locator('.error-summary').isVisible());
    await checkA11y(page);

    // A partner agreement with a PDF.
    await visit(page, '/cir/admin');
    await page.getByRole('link', { name: t('cir', 'partners.register') }).click();
    await page.waitForURL('**/cir/admin/kancelarije/pancevo/partneri');
    await checkA11y(page);
    await page.getByRole('link', { name: 'Полицијска управа, превенција (пример)' }).click();
    await page.waitForURL(/partneri\/[0-9a-f-]{36}$/);
    await checkA11y(page);
    const form = page.locator('form[enctype="multipart/form-data"]');
    await form.getByLabel(t('cir', 'partners.agreement.title')).fill('Споразум о превенцији вршњачког насиља');
    await form.getByLabel(t('cir', 'partners.agreement.signedOn')).fill('2025-09-01');
    await form.getByLabel(`${t('cir', 'partners.agreement.validUntil')} ${t('cir', 'form.optional')}`).fill('2027-08-31');
    await form.getByLabel(`${t('cir', 'partners.agreement.file')} ${t('cir', 'form.optional')}`).setInputFiles({
      name: 'sporazum-policija.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(SAMPLE_PDF),
    });
    await form.getByRole('button', { name: t('cir', 'partners.agreement.add') }).click();
    await page.waitForURL(/n=partners\.agreement\.added/);
    assert.equal(await notice(page).textContent(), t('cir', 'partners.agreement.added'));
    await checkA11y(page);
    const link = page.getByRole('link', {
      name: new RegExp(t('cir', 'partners.agreement.download', { name: 'sporazum-policija.pdf' }).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    });
    const href = await link.getAttribute('href');
    assert.ok(href);
    const download = await page.request.get(href);
    assert.equal(download.status(), 200);
    assert.equal(download.headers()['content-type'], 'application/pdf');
    assert.match(download.headers()['content-disposition'] ?? '', /^attachment; filename="sporazum-policija\.pdf"/);
    assert.deepEqual(new Uint8Array(await download.body()), SAMPLE_PDF);
  });
});
