import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { t } from '../src/core/i18n/messages.ts';
import { makeActivity, makeRegistration } from '../src/features/activities/testing.ts';
import { checkA11y, overflowProblem, PHONE, signIn, visit, startE2E, type E2E } from './harness.ts';

/**
 * The Local Action Plan in Chromium (issue #15 points 1–4): Pančevo's coordinator (signed in
 * by a session cookie) builds a small plan — a goal, a measure, an activity, a live indicator
 * with a target — then an activity of the office in that area gets attendance, and the
 * indicator's value moves. axe-core on every page; the pages fit a 360 px screen.
 */
let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
});

const L = 'lat';
const YEAR = Number(new Date().toISOString().slice(0, 4));

async function check(page: Page): Promise<void> {
  await checkA11y(page);
  const size = page.viewportSize();
  await page.setViewportSize(PHONE);
  const overflow = await overflowProblem(page);
  assert.equal(overflow, null, `${page.url()} at 360 px: ${overflow}`);
  if (size) await page.setViewportSize(size);
}

async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForURL(/n=plan\.n\./), page.getByRole('button', { name: button, exact: true }).click()]);
  await check(page);
}

/** The indicator's value for this year, as the indicator page prints it. */
async function valueNow(page: Page): Promise<string> {
  const table = page.locator('table.data', { has: page.locator('caption', { hasText: t(L, 'plan.ind.targets') }) });
  const row = table.locator('tbody tr', { has: page.locator('th', { hasText: String(YEAR) }) }).first();
  return (await row.locator('td').nth(1).innerText()).trim();
}

describe('the Local Action Plan', () => {
  test('a coordinator builds a small plan; attendance in its area moves the live indicator', async () => {
    const page = await (await e2e.newContext()).newPage();
    await signIn(e2e, page, 'pancevo@primer.test');
    await visit(page, `/${L}/admin/kancelarije/pancevo/lap`);
    await check(page);

    // The plan, with the strategy's areas preset.
    await page.getByLabel(t(L, 'plan.field.title')).fill('LAP proba iz pregledača');
    await page.getByLabel(t(L, 'plan.field.startYear')).fill(String(YEAR));
    await page.getByLabel(t(L, 'plan.field.endYear')).fill(String(YEAR + 3));
    await submit(page, t(L, 'plan.create'));
    const planUrl = page.url().split('?')[0]!;

    const form = (heading: string) => page.locator('main form').filter({ has: page.getByRole('button', { name: heading, exact: true }) });
    const goal = form(t(L, 'plan.goal.add'));
    await goal.getByLabel(t(L, 'plan.area'), { exact: true }).selectOption({ label: t(L, 'lap.education') });
    await goal.getByLabel(t(L, 'plan.goal.text'), { exact: true }).fill('Više mladih na radionicama');
    await submit(page, t(L, 'plan.goal.add'));

    const measure = form(t(L, 'plan.measure.add'));
    await measure.getByLabel(t(L, 'plan.measure.goal')).selectOption({ label: 'Više mladih na radionicama' });
    await measure.getByLabel(t(L, 'plan.measure.title'), { exact: true }).fill('Radionice u selima');
    await submit(page, t(L, 'plan.measure.add'));

    // An activity outside the plan's period is refused, with the message at the year.
    const activity = form(t(L, 'plan.activity.add'));
    await activity.locator('[name=measure_id]').selectOption({ label: 'Radionice u selima' });
    await activity.locator('[name=title]').fill('Radionice veština');
    await activity.locator('[name=year]').fill(String(YEAR + 9));
    await activity.locator('[name=planned_rsd]').fill('150.000');
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 400),
      activity.getByRole('button', { name: t(L, 'plan.activity.add') }).click(),
    ]);
    await page.waitForLoadState();
    await check(page);
    assert.match(await page.locator('#f-year-error').innerText(), /\d{4}/);
    await form(t(L, 'plan.activity.add')).locator('[name=year]').fill(String(YEAR));
    await submit(page, t(L, 'plan.activity.add'));

    const indicator = form(t(L, 'plan.indicator.add'));
    await indicator.locator('[name=area_id]').selectOption({ label: t(L, 'lap.education') });
    await indicator.locator('[name=code]').fill('1.1');
    await indicator.locator('[name=definition]').fill('Mladi obuhvaćeni radionicama');
    await indicator.locator('[name=unit]').selectOption('people');
    await indicator.locator('[name=kind]').selectOption('computed');
    await indicator.locator('[name=source]').selectOption('checkin.reached');
    await indicator.locator(`[name=target_${YEAR}]`).fill('40');
    await submit(page, t(L, 'plan.indicator.add'));

    await page
      .getByRole('link', { name: /^1\.1 / })
      .first()
      .click();
    await page.waitForLoadState();
    await check(page);
    assert.ok(
      (await page.locator('main').innerText()).includes(t(L, 'checkin.ind.reached.how').slice(0, 30)),
      'the page says how it is computed',
    );
    const before = await valueNow(page);

    // An activity of the office in education gets attendance: six young people this year.
    const session = new Date(Date.now() - 3 * 24 * 3_600_000);
    const a = await makeActivity(e2e.db, 'pancevo', {
      areas: ['education'],
      sessions: [[session, new Date(session.getTime() + 2 * 3_600_000)]],
    });
    for (let i = 0; i < 6; i++) {
      const r = await makeRegistration(e2e.db, a, { email: `lap.e2e.${i}@primer.test`, birthYear: 2007 });
      await e2e.db.query(
        `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method) VALUES ($1, $2, $3, now(), 'list')`,
        [a.officeId, r.id, a.sessionIds[0]],
      );
    }
    await page.reload();
    const afterValue = await valueNow(page);
    const n = (s: string) => Number(s.replace(/\D/g, '') || '0');
    assert.notEqual(afterValue, before);
    assert.ok(n(afterValue) >= 6 && (before.match(/^\d/) ? n(afterValue) === n(before) + 6 : true), `${before} → ${afterValue}`);
    await check(page);

    for (const path of ['/pracenje', '/plan-rada', '/poredjenje', '/tabela']) {
      await visit(page, `${planUrl}${path}`);
      await check(page);
    }
    await visit(page, `/cir/kancelarije/pancevo/lap`);
    await check(page);
    await visit(page, `/${L}/kancelarije/pancevo/lap`);
    await check(page);
  });
});
