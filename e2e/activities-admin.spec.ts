import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { t } from '../src/core/i18n/messages.ts';
import { localToday } from '../src/features/accounts/age.ts';
import { addDays } from '../src/features/partners/service.ts';
import { checkA11y, type E2E, notice, signIn, startE2E, visit } from './harness.ts';

/**
 * Issue #5, the staff side in Chromium, axe on every page visited: the Pančevo coordinator
 * opens the activities, sends a form with mistakes (the messages name the fields, everything
 * typed is still there), then creates a five-session peer-educator training with an image and
 * alt text, publishes it, and opens its edit form; the image is public once published.
 */
let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
});

/** A valid 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const day = (n: number) => addDays(localToday(new Date()), n);
describe('activities, staff side, in the browser', () => {
  test('a coordinator creates a five-session training with an image and publishes it; a bad form keeps its values', async () => {
    const page = await (await e2e.newContext()).newPage();
    await signIn(e2e, page, 'pancevo@primer.test');
    const list = '/lat/admin/kancelarije/pancevo/aktivnosti';
    await visit(page, list);
    await checkA11y(page);
    await page.getByRole('link', { name: t('lat', 'activities.new') }).click();
    await page.waitForURL(`**${list}/nova`);
    await checkA11y(page);

    // First with mistakes: the end before the start, the age range upside down.
    const title = `Obuka za vršnjačke edukatore ${Date.now()}`;
    await page.locator('#f-kind').selectOption('training');
    await page.locator('#f-title').fill(title);
    await page.locator('#f-summary').fill('Pet susreta za srednjoškolce.');
    await page.locator('#f-age_min').fill('19');
    await page.locator('#f-age_max').fill('15');
    for (let i = 0; i < 5; i++) {
      await page.locator(`#f-s_date_${i}`).fill(day(14 + 7 * i));
      await page.locator(`#f-s_start_${i}`).fill('17:00');
      await page.locator(`#f-s_end_${i}`).fill(i === 2 ? '16:00' : '20:00');
      await page.locator(`#f-s_title_${i}`).fill(`Susret ${i + 1}`);
    }
    await page.locator('#f-capacity').fill('20');
    await page.locator('#f-areas').check();
    await page.locator('#f-q_label_0').fill('Koju školu pohađaš?');
    await page.locator('#f-q_required_0').check();
    await page.getByRole('button', { name: t('lat', 'activities.create') }).click();
    await page.locator('#errors').waitFor();
    await checkA11y(page);
    const summary = page.locator('#errors');
    assert.match((await summary.textContent()) ?? '', new RegExp(t('lat', 'activities.err.endBeforeStart')));
    assert.match((await summary.textContent()) ?? '', new RegExp(t('lat', 'activities.err.ageRange')));
    assert.equal(await page.locator('#f-s_end_2').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#f-title').inputValue(), title);
    assert.equal(await page.locator('#f-s_date_4').inputValue(), day(42));
    assert.equal(await page.locator('#f-q_label_0').inputValue(), 'Koju školu pohađaš?');
    assert.ok(await page.locator('#f-q_required_0').isChecked());

    // Fixed.
    await page.locator('#f-s_end_2').fill('20:00');
    await page.locator('#f-age_min').fill('15');
    await page.locator('#f-age_max').fill('19');
    await page.getByRole('button', { name: t('lat', 'activities.create') }).click();
    await page.waitForURL(/\/aktivnosti\/[0-9a-f-]{36}\?n=activities\.created$/);
    assert.equal(await notice(page).textContent(), t('lat', 'activities.created'));
    await checkA11y(page);
    const overview = new URL(page.url()).pathname;
    const id = /([0-9a-f-]{36})$/.exec(overview)![1]!;
    assert.equal(await page.locator('main ol > li').count(), 5);

    // The image, on its own form: first without a description (refused), then with one.
    await page.locator('#f-image').setInputFiles({ name: 'obuka.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: t('lat', 'activities.image.save') }).click();
    await page.locator('#errors').waitFor();
    assert.match((await page.locator('#errors').textContent()) ?? '', new RegExp(t('lat', 'err.required')));
    await checkA11y(page);
    await page.locator('#f-image').setInputFiles({ name: 'obuka.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('#f-image_alt').fill('Srednjoškolci u krugu na radionici');
    await page.getByRole('button', { name: t('lat', 'activities.image.save') }).click();
    await page.waitForURL(/\?n=activities\.image\.saved#image$/);
    await checkA11y(page);
    assert.equal(await page.locator('main img').getAttribute('alt'), 'Srednjoškolci u krugu na radionici');
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>('main img')?.complete === true);
    assert.equal(await page.locator('main img').evaluate((i: HTMLImageElement) => i.naturalWidth), 1, 'the image is displayed');

    await page.getByRole('button', { name: t('lat', 'activities.publish') }).click();
    await page.waitForURL(/\?n=activities\.published$/);
    assert.equal(await notice(page).textContent(), t('lat', 'activities.published'));
    await checkA11y(page);

    await page.getByRole('link', { name: t('lat', 'activities.edit') }).click();
    await page.waitForURL(`**${overview}/uredi`);
    await checkA11y(page);
    assert.equal(await page.locator('#f-s_title_4').inputValue(), 'Susret 5');
    assert.equal(await page.locator('#f-s_date_5').inputValue(), '', 'blank rows follow the five sessions');

    await visit(page, `${list}?prikaz=upcoming`);
    await checkA11y(page);
    assert.ok(await page.getByRole('link', { name: title }).isVisible());

    // Published: anyone may load the image (the calendar shows it).
    const visitor = await e2e.newContext();
    const img = await visitor.request.get(`/lat/kancelarije/pancevo/aktivnosti/${id}/slika`);
    assert.equal(img.status(), 200);
    assert.equal(img.headers()['content-type'], 'image/png');
  });

  test('the office admin finds the associations setting in the office form', async () => {
    const page = await (await e2e.newContext()).newPage();
    await signIn(e2e, page, 'cacak@primer.test');
    await visit(page, '/cir/admin/kancelarije/cacak');
    await checkA11y(page);
    const box = page.getByLabel(t('cir', 'activities.setting.associations'));
    assert.equal(await box.isChecked(), false);
    await visit(page, '/cir/admin/kancelarije/cacak/aktivnosti?prikaz=past');
    await checkA11y(page);
    assert.ok((await page.locator('main table tbody tr').count()) >= 1);
  });
});
