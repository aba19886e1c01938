import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { t } from '../src/core/i18n/messages.ts';
import { belgradeInstant } from '../src/core/time.ts';
import { localToday } from '../src/features/accounts/age.ts';
import { insertAccount } from '../src/features/accounts/service.ts';
import { makeActivity } from '../src/features/activities/testing.ts';
import { DEMO_CAMPAIGN_SLUG, DEMO_REGIONAL_TRAINING, nextYouthDay } from '../src/features/national/campaigns-demo.ts';
import { ALL_FIELDS } from '../src/features/national/competencies.ts';
import { checkA11y, type E2E, notice, screenshot, signIn, startE2E, visit } from './harness.ts';

/**
 * The national network in Chromium (issue #17): the national admin opens an office, its
 * coordinator accepts the mailed invitation, completes the self-assessment (a half-filled one
 * is refused first, keeping the answers) and signs up for a regional training of the National
 * Association; an office adds an activity to the International Youth Day campaign and it shows
 * on the national page and its map. Every page is checked with axe; each new page is shot at
 * 360 px (which also checks it does not scroll sideways) and at 1280 px, in both scripts.
 */
let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
});

const L = 'lat';
const DESKTOP = { width: 1280, height: 900 } as const;
const NEW_ADMIN = 'kikinda.koordinatorka@primer.test';

/** axe, then the 360 px shot of the page in Latin and Cyrillic, and a desktop shot of the Cyrillic one. */
async function look(page: Page, name: string): Promise<void> {
  await checkA11y(page);
  await screenshot(page, `national-${name}-lat`);
  const url = page.url();
  await page.goto(url.replace(`/${L}/`, '/cir/'));
  await checkA11y(page);
  await screenshot(page, `national-${name}-cir`);
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: `test-results/screenshots/national-${name}-cir-desktop.png`, fullPage: true });
  await page.goto(url);
}

describe('the national network', () => {
  test('an office is opened, its coordinator assesses and signs up for a regional training; a Youth Day activity shows on the national map', async () => {
    // ── The national admin opens an office ──
    const admin = await (await e2e.newContext()).newPage();
    await signIn(e2e, admin, 'admin@primer.test');
    await visit(admin, `/${L}/admin/mreza/nova`);
    await checkA11y(admin);
    await admin.getByLabel(t(L, 'field.name')).fill('Kancelarija za mlade grada Kikinde');
    await admin.getByLabel(t(L, 'field.town')).fill('Kikinda');
    await admin.getByLabel(t(L, 'nat.field.slug')).fill('kikinda');
    await admin.getByLabel(t(L, 'nat.field.district')).selectOption('RS-03');
    await admin.getByLabel(t(L, 'nat.field.latitude')).fill('45.829');
    await admin.getByLabel(t(L, 'nat.field.longitude')).fill('20.465');
    await admin.getByLabel(t(L, 'nat.field.adminEmail')).fill(NEW_ADMIN);
    await Promise.all([
      admin.waitForURL(/\/admin\/mreza\?n=nat\.opened/),
      admin.getByRole('button', { name: t(L, 'nat.admin.open') }).click(),
    ]);
    assert.equal(await notice(admin).textContent(), t(L, 'nat.opened'));
    await checkA11y(admin);

    // ── The invited coordinator accepts the mailed link ──
    const [mail] = await e2e.db.query<{ body_text: string }>('SELECT body_text FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1', [
      NEW_ADMIN,
    ]);
    const link = /https?:\/\/\S+\/poziv\/\S+/.exec(mail!.body_text)![0];
    await e2e.db.transaction((tx) =>
      insertAccount(tx, {
        email: NEW_ADMIN,
        passwordHash: 'x',
        displayName: 'Koordinatorka Kikinde',
        birthDate: '1992-03-03',
        locale: 'lat',
        confirmed: true,
      }),
    );
    const coordinator = await (await e2e.newContext()).newPage();
    await signIn(e2e, coordinator, NEW_ADMIN);
    await visit(coordinator, new URL(link).pathname);
    await checkA11y(coordinator);
    await Promise.all([
      coordinator.waitForURL(/\/admin\/kancelarije\/kikinda\?n=nat\.invite\.accepted/),
      coordinator.getByRole('button', { name: t(L, 'nat.invite.accept') }).click(),
    ]);

    // ── The self-assessment: half filled is refused and keeps what was answered; then complete ──
    const assess = `/${L}/admin/kancelarije/kikinda/kompetencije`;
    await visit(coordinator, assess);
    await look(coordinator, 'competencies');
    // Every statement "partly" (2): a basic level in each standard.
    const answer = (field: string) => coordinator.locator(`input[name="${field}"][value="2"]`).check();
    for (const f of ALL_FIELDS.slice(0, 10)) await answer(f);
    await coordinator.getByRole('button', { name: t(L, 'nat.comp.submit') }).click();
    await coordinator.locator('.error-summary').waitFor();
    assert.match((await coordinator.locator('.error-summary').textContent()) ?? '', /Bez odgovora je ostalo 6 tvrdnji/);
    assert.ok(await coordinator.locator(`input[name="${ALL_FIELDS[0]}"][value="2"]`).isChecked(), 'the answers given are kept');
    await checkA11y(coordinator);
    for (const f of ALL_FIELDS.slice(10)) await answer(f);
    await Promise.all([
      coordinator.waitForURL(/n=nat\.comp\.saved/),
      coordinator.getByRole('button', { name: t(L, 'nat.comp.submit') }).click(),
    ]);
    assert.equal(await notice(coordinator).textContent(), t(L, 'nat.comp.saved'));
    await checkA11y(coordinator);

    // ── The regional training (Vojvodina, basic participation) fits: sign up with the account ──
    const latinTitle = 'Regionalna obuka: Aktivno učešće mladih — osnovni nivo (primer)';
    assert.ok(DEMO_REGIONAL_TRAINING.startsWith('Регионална обука'));
    await Promise.all([
      coordinator.waitForURL(/\/aktivnosti\/[0-9a-f-]{36}$/),
      coordinator.getByRole('link', { name: latinTitle }).first().click(),
    ]);
    await checkA11y(coordinator);
    await visit(coordinator, `${new URL(coordinator.url()).pathname}/prijava`);
    await checkA11y(coordinator);
    await Promise.all([coordinator.waitForURL(/n=reg\.n\./), coordinator.getByRole('button', { name: t(L, 'reg.signUp.button') }).click()]);
    await visit(coordinator, assess);
    const history = coordinator.locator('section[aria-labelledby="history-title"]');
    assert.match((await history.textContent()) ?? '', /Regionalna obuka: Aktivno učešće mladih[\s\S]*prijavljeni ste/);

    // Public trainings page; the national admin's "who needs which training" report.
    await visit(coordinator, `/${L}/mreza/obuke`);
    await look(coordinator, 'trainings');
    await visit(admin, `/${L}/admin/mreza/obuke`);
    await look(admin, 'trainings-admin');

    // ── An office adds its Youth Day activity to the campaign ──
    const day = nextYouthDay(localToday(new Date()));
    await makeActivity(e2e.db, 'pancevo', {
      title: 'Kviz za Dan mladih',
      sessions: [[belgradeInstant(day, '18:00'), belgradeInstant(day, '20:00')]],
    });
    const pancevo = await (await e2e.newContext()).newPage();
    await signIn(e2e, pancevo, 'pancevo@primer.test');
    await visit(pancevo, `/${L}/admin/kancelarije/pancevo/kampanje`);
    await look(pancevo, 'campaigns-office');
    const select = pancevo.getByLabel(t(L, 'nat.camp.field.activity'));
    const value = await select.locator('option', { hasText: 'Kviz za Dan mladih' }).getAttribute('value');
    await select.selectOption(value!);
    await Promise.all([pancevo.waitForURL(/n=nat\.camp\.added/), pancevo.getByRole('button', { name: t(L, 'nat.camp.add') }).click()]);
    assert.equal(await notice(pancevo).textContent(), t(L, 'nat.camp.added'));
    await checkA11y(pancevo);

    // ── The national page lists it, with Pančevo's point on the map ──
    const visitor = await (await e2e.newContext()).newPage();
    await visit(visitor, `/${L}/mreza/kampanje/${DEMO_CAMPAIGN_SLUG}`);
    assert.ok(await visitor.getByRole('link', { name: 'Kviz za Dan mladih' }).isVisible());
    const point = visitor.locator('svg a[aria-label^="Kancelarija za mlade grada Pančeva"]');
    assert.equal(await point.count(), 1);
    assert.match((await point.getAttribute('aria-label')) ?? '', /2 aktivnosti/);
    await look(visitor, 'campaign');
    await visit(visitor, `/${L}/mreza/kampanje`);
    await look(visitor, 'campaigns');
    await visit(admin, `/${L}/admin/mreza/kampanje`);
    await look(admin, 'campaigns-admin');
    await visit(admin, `/${L}/admin/mreza/kampanje/${DEMO_CAMPAIGN_SLUG}`);
    await look(admin, 'campaign-admin');
    // The new office is on the network's map.
    await visit(visitor, `/${L}/mreza`);
    assert.equal(await visitor.locator('svg a[aria-label="Kancelarija za mlade grada Kikinde"]').count(), 1);
    await checkA11y(visitor);
  });
});
