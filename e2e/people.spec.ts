import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { t } from '../src/core/i18n/messages.ts';
import { checkA11y, type E2E, signIn, startE2E, visit } from './harness.ts';

/**
 * The coordinator's side of the register of young people, in Chromium: signed in, add someone met
 * offline with a parent's paper consent (after the form refuses it without one), open the
 * person, reveal the special categories with a reason, review the access log as the office
 * admin, look at the statistics. axe checks every page on the way.
 */

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
});

const L = 'lat';
const BASE = '/lat/admin/kancelarije/pancevo';

/** Submits the form holding the button and waits for the page the answer leads to. */
async function submit(
  page: Page,
  button: string,
  form = page.locator('main form').filter({ has: page.getByRole('button', { name: button }) }),
) {
  await Promise.all([
    page.waitForLoadState('load'),
    page.waitForResponse((r) => r.request().method() === 'POST'),
    form.getByRole('button', { name: button }).click(),
  ]);
  await page.waitForLoadState('load');
}

function yearsAgo(years: number): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() - years);
  d.setDate(d.getDate() - 20);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

describe('a coordinator keeps the register', () => {
  test('adds a child met offline with a parent’s paper consent, reveals special categories with a reason, checks the log and the statistics', async () => {
    const context = await e2e.newContext();
    const page = await context.newPage();

    await signIn(e2e, context, 'pancevo@primer.test');

    // The register: demo people, searchable.
    await visit(page, `${BASE}/mladi`);
    await checkA11y(page);
    assert.match(await page.locator('main').innerText(), /Pronađeno osoba: \d+/);
    await page.getByRole('link', { name: t(L, 'people.nav.add') }).click();
    await page.waitForURL(`**${BASE}/mladi/novi`);
    await checkA11y(page);

    // A 12-year-old, first without a parent: refused, with the message beside the field.
    const form = page.locator('main form');
    await form.getByLabel(t(L, 'people.field.full_name')).fill('Mila Izmišljenović');
    await form.getByLabel(t(L, 'people.field.birth_date')).fill(yearsAgo(12));
    await form.getByLabel(t(L, 'people.field.settlement_id')).selectOption({ label: 'Starčevo (seosko)' });
    await form.getByLabel(t(L, 'people.field.status')).selectOption('pupil');
    await form.getByLabel(t(L, 'lap.education')).check();
    await form.getByLabel(t(L, 'people.field.evidence_note')).fill('Registrator 2026, obrazac 77');
    await form.getByLabel(t(L, 'people.purpose.register')).check();
    await form.getByLabel(t(L, 'people.purpose.sensitive')).check();
    await form
      .getByRole('group', { name: t(L, 'people.field.ethnicity') })
      .getByLabel(t(L, 'people.ethnicity.roma'))
      .check();
    await submit(page, t(L, 'people.add.submit'));
    const summary = page.locator('.error-summary');
    assert.match(await summary.innerText(), /Mlađi od 15 godina: saglasnost mora dati roditelj ili staratelj/);
    assert.equal(await form.getByLabel(t(L, 'people.field.full_name')).inputValue(), 'Mila Izmišljenović', 'typed values kept');
    await checkA11y(page);

    // The parent signed the paper form.
    await form.getByLabel(t(L, 'people.givenBy.parent')).check();
    await form.getByLabel(t(L, 'people.field.parent_name')).fill('Jelena Izmišljenović');
    await submit(page, t(L, 'people.add.submit'));
    assert.match(page.url(), /\/mladi\/[0-9a-f-]{36}\?n=people\.added$/);
    const personUrl = page.url().replace(/\?.*$/, '');
    const main = page.locator('main');
    assert.match(await main.innerText(), /Osoba je upisana u registar/);
    assert.match(await main.innerText(), /roditelj ili staratelj: Jelena Izmišljenović/);
    assert.ok(!(await main.innerText()).includes('romska'), 'special categories hidden');
    await checkA11y(page);

    // Reveal with a reason.
    await page.getByLabel(t(L, 'people.sensitive.reason')).fill('Prijava na program podrške za učenike');
    await submit(page, t(L, 'people.sensitive.reveal'));
    const revealed = await main.innerText();
    assert.match(revealed, /romska/);
    assert.match(revealed, /Prikazano zbog: Prijava na program podrške za učenike/);
    await checkA11y(page);

    // The edit and merge pages of the person.
    await visit(page, `${personUrl.replace(e2e.baseUrl, '')}/uredi`);
    await checkA11y(page);
    await visit(page, `${personUrl.replace(e2e.baseUrl, '')}/spoji`);
    await checkA11y(page);

    // As the office admin: the access log shows who looked, and why.
    await visit(page, `${BASE}/pristup?action=reveal_sensitive`);
    const log = await main.innerText();
    assert.match(log, /Petra Primerović\s+Mila Izmišljenović\s+uvid u posebne kategorije\s+Prijava na program podrške za učenike/);
    await checkA11y(page);

    // Statistics: aggregates only, small cells suppressed.
    await page.getByRole('link', { name: t(L, 'people.nav.stats') }).click();
    await page.waitForURL(`**${BASE}/mladi/statistika`);
    const stats = await main.innerText();
    assert.match(stats, /Nacionalna pripadnost/);
    assert.match(stats, /<5/);
    await checkA11y(page);

    await visit(page, `${BASE}/naselja`);
    await checkA11y(page);
    await context.close();
  });
});
