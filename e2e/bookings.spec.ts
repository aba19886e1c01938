import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { t } from '../src/core/i18n/messages.ts';
import { localParts } from '../src/core/time.ts';
import { lastMailTo } from '../test/app.ts';
import { checkA11y, type E2E, notice, screenshot, signIn, startE2E, visit } from './harness.ts';

/**
 * Space and equipment in Chromium (issue #14 point 2): a guest finds the youth club free, books
 * it twice with one address (each request confirmed by the mailed link from the outbox), a
 * clash is refused with its dates listed; the Čačak coordinator sees the pending count on the
 * dashboard and approves a request. axe on every page; screenshots at 360 px.
 */
let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
});

const L = 'lat';
const DAY = 24 * 3_600_000;

/** A Wednesday at least `min` days ahead (the club opens 16:00–21:00 on weekdays). */
function wednesday(min: number): string {
  for (let d = min; ; d++) {
    const date = localParts(new Date(Date.now() + d * DAY)).date;
    if (new Date(`${date}T12:00:00Z`).getUTCDay() === 3) return date;
  }
}

async function guestRequests(page: Page, club: string, date: string, email: string, status: number) {
  await visit(page, `/${L}/kancelarije/cacak/prostor/zahtev?resource=${club}`);
  await checkA11y(page);
  const form = page.locator('main form');
  await form.getByLabel(t(L, 'bk.date'), { exact: true }).fill(date);
  await form.getByLabel(t(L, 'bk.from'), { exact: true }).fill('17:00');
  await form.getByLabel(t(L, 'bk.to'), { exact: true }).fill('19:00');
  await form.getByLabel(t(L, 'bk.purpose'), { exact: true }).fill('Proba benda');
  await form.getByLabel(t(L, 'bk.fullName'), { exact: true }).fill('Gost Gostić');
  await form.getByLabel(t(L, 'bk.email'), { exact: true }).fill(email);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.status() === status),
    form.getByRole('button', { name: t(L, 'bk.request') }).click(),
  ]);
  await page.waitForLoadState();
  await checkA11y(page);
}

async function confirmByMail(page: Page, email: string) {
  const mail = await lastMailTo(e2e.db, email);
  assert.ok(mail, 'the confirmation mail is in the outbox');
  const link = new RegExp(`${e2e.baseUrl}(/${L}/prostor/potvrda\\?t=\\S+)`).exec(mail.body_text)![1]!;
  await visit(page, link);
  await checkA11y(page);
  await Promise.all([page.waitForURL(/n=bk\.n\.confirmed/), page.getByRole('button', { name: t(L, 'bk.link.button') }).click()]);
  await checkA11y(page);
  assert.equal(await notice(page).innerText(), t(L, 'bk.n.confirmed'));
}

describe('space and equipment', () => {
  test('a guest books the youth club twice with one address; a clash is refused; the coordinator approves', async () => {
    const [club] = await e2e.db.query<{ id: string }>(
      `SELECT r.id FROM booking_resources r JOIN offices o ON o.id = r.office_id WHERE o.slug = 'cacak' AND r.category = 'youth_club'`,
    );
    assert.ok(club, 'the demo has Čačak’s youth club');
    const email = `gost.klub.${Date.now()}@primer.test`;
    const first = wednesday(10);
    const second = wednesday(17);

    const g = await (await e2e.newContext()).newPage();
    // What is free on the first Wednesday, 17:00–19:00.
    await visit(g, `/${L}/kancelarije/cacak/prostor?datum=${first}&od=17:00&do=19:00`);
    await checkA11y(g);
    await screenshot(g, 'bookings-public-lat');
    assert.match(await g.locator('main').innerText(), new RegExp(t(L, 'bk.free.state.free')));
    await visit(g, `/${L}/kancelarije/cacak/prostor/${club.id}?nedelja=${first}`);
    await checkA11y(g);
    await screenshot(g, 'bookings-week-lat');

    await guestRequests(g, club.id, first, email, 200);
    await g.getByRole('heading', { name: t(L, 'bk.checkMail.title') }).waitFor();
    await confirmByMail(g, email);
    // The same address again, another Wednesday.
    await guestRequests(g, club.id, second, email, 200);
    await confirmByMail(g, email);
    // The first Wednesday again: taken, refused with the date listed.
    await guestRequests(g, club.id, first, `drugi.${email}`, 409);
    assert.match(await g.locator('#conflicts').innerText(), new RegExp(t(L, 'bk.conflicts.title')));
    await screenshot(g, 'bookings-conflict-lat');

    // The coordinator: the dashboard counts the pending requests; approve the first.
    const c = await (await e2e.newContext()).newPage();
    await signIn(e2e, c, 'cacak@primer.test');
    await visit(c, `/${L}/admin`);
    await checkA11y(c);
    assert.match(await c.locator('main').innerText(), new RegExp(t(L, 'bk.dashboard')));
    await visit(c, `/${L}/admin/kancelarije/cacak/prostor`);
    await checkA11y(c);
    await screenshot(c, 'bookings-admin-lat');
    const [req] = await e2e.db.query<{ id: string }>(
      `SELECT id FROM booking_requests WHERE email = $1 AND status = 'pending' ORDER BY created_at LIMIT 1`,
      [email],
    );
    assert.ok(req);
    await visit(c, `/${L}/admin/kancelarije/cacak/prostor/zahtevi/${req.id}`);
    await checkA11y(c);
    await screenshot(c, 'bookings-request-lat');
    await Promise.all([c.waitForURL(/n=bk\.n\.approved/), c.getByRole('button', { name: t(L, 'bk.approve') }).click()]);
    await checkA11y(c);
    assert.equal(await notice(c).innerText(), t(L, 'bk.n.approved'));
    const approved = await lastMailTo(e2e.db, email);
    assert.match(approved!.subject, /Odobreno/);
    await visit(c, `/${L}/admin/kancelarije/cacak/prostor/statistika`);
    await checkA11y(c);
    await screenshot(c, 'bookings-stats-lat');
    await visit(c, `/cir/admin/kancelarije/cacak/prostor/resursi/${club.id}`);
    await checkA11y(c);
    await screenshot(c, 'bookings-resource-form-cir');
  });
});
