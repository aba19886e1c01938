import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { t } from '../src/core/i18n/messages.ts';
import { makeActivity } from '../src/features/activities/testing.ts';
import { lastMailTo } from '../test/app.ts';
import { checkA11y, type E2E, notice, openConfirm, screenshot, signIn, startE2E, visit } from './harness.ts';

/**
 * Sign-up in Chromium (issue #5 point 3): a guest signs up and confirms from the mail, the
 * young person signs up with one click, the workshop is full, the next guest waits as number
 * 1, the young person cancels from "my registrations" (QR code shown) and the waiting guest is
 * promoted — the mail is in the outbox. Then the coordinator's page: a walk-in refused when
 * full, added with an explicit extra place. axe on every page.
 */
let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
});

const L = 'lat';
/** A guest fills the form, then opens the mailed link and confirms; returns the link. */
async function guestSignsUp(page: Page, path: string, name: string, email: string): Promise<string> {
  await visit(page, path);
  await checkA11y(page);
  const form = page.locator('main form');
  await form.getByLabel(t(L, 'reg.field.name')).fill(name);
  await form.getByLabel(t(L, 'reg.field.email')).fill(email);
  await form.getByLabel(t(L, 'reg.field.birthYear')).fill('2004');
  await form.getByRole('button', { name: t(L, 'reg.signUp.button') }).click();
  await page.getByRole('heading', { name: t(L, 'reg.checkMail.title') }).waitFor();
  await checkA11y(page);
  const mail = await lastMailTo(e2e.db, email);
  assert.ok(mail, 'the confirmation mail is in the outbox');
  const link = new RegExp(`${e2e.baseUrl}(/${L}/prijava/potvrda\\?t=\\S+)`).exec(mail.body_text)![1]!;
  await visit(page, link);
  await checkA11y(page);
  await Promise.all([page.waitForURL(/n=reg\.n\./), page.getByRole('button', { name: t(L, 'reg.confirm.button') }).click()]);
  await checkA11y(page);
  return link;
}

describe('sign-up, waitlist and promotion', () => {
  test('guest confirms by mail, one click when logged in, full → waitlist, a cancel promotes the first waiting', async () => {
    const activity = await makeActivity(e2e.db, 'pancevo', { capacity: 2, title: 'Radionica pisanja projekata (e2e)' });
    const path = `/${L}/kancelarije/pancevo/aktivnosti/${activity.id}/prijava`;

    // A bad guest form: messages at the fields, values kept, still accessible.
    const guestCtx = await e2e.newContext();
    const g = await guestCtx.newPage();
    await visit(g, path);
    const form = g.locator('main form');
    await form.getByLabel(t(L, 'reg.field.email')).fill('nije-adresa');
    await Promise.all([
      g.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 400),
      form.getByRole('button', { name: t(L, 'reg.signUp.button') }).click(),
    ]);
    await g.waitForLoadState();
    await checkA11y(g);
    assert.equal(await form.getByLabel(t(L, 'reg.field.email')).inputValue(), 'nije-adresa');

    // The form asks the birth year once (no "I have turned 15" box) and links the privacy notice.
    assert.equal(await form.locator('input[name="turned15"]').count(), 0);
    assert.equal(await form.getByRole('link', { name: t(L, 'footer.privacy') }).count(), 1);
    await g.goto(path);
    await screenshot(g, 'guest-form-lat');
    await g.goto(path.replace(`/${L}/`, '/cir/'));
    await screenshot(g, 'guest-form-cir');
    await g.goto(path);

    // Born exactly 15 years ago: asked then whether they have turned 15; "not yet" is under 15.
    await form.getByLabel(t(L, 'reg.field.name')).fill('Skoro Petnaest');
    await form.getByLabel(t(L, 'reg.field.email')).fill('skoro.15@primer.test');
    await form.getByLabel(t(L, 'reg.field.birthYear')).fill(String(new Date().getFullYear() - 15));
    await Promise.all([
      g.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 400),
      form.getByRole('button', { name: t(L, 'reg.signUp.button') }).click(),
    ]);
    await g.waitForLoadState();
    await checkA11y(g);
    await form.getByLabel(t(L, 'reg.field.turned15.no')).check();
    await form.getByRole('button', { name: t(L, 'reg.signUp.button') }).click();
    await g.getByRole('heading', { name: t(L, 'signup.under15.title') }).waitFor();
    await g.goto(path);

    // Under 15: nothing stored, told how to join with a parent.
    await form.getByLabel(t(L, 'reg.field.name')).fill('Mali Gost');
    await form.getByLabel(t(L, 'reg.field.email')).fill('mali.gost@primer.test');
    await form.getByLabel(t(L, 'reg.field.birthYear')).fill(String(new Date().getFullYear() - 12));
    await form.getByRole('button', { name: t(L, 'reg.signUp.button') }).click();
    await g.getByRole('heading', { name: t(L, 'signup.under15.title') }).waitFor();
    await checkA11y(g);

    // The first guest confirms from the mail: a place.
    await guestSignsUp(g, path, 'Prvi Gost', 'prvi.gost@primer.test');
    assert.equal(await notice(g).innerText(), t(L, 'reg.n.confirmed'));

    // The young person signs up with one click: the last place.
    const youngCtx = await e2e.newContext();
    const y = await youngCtx.newPage();
    await signIn(e2e, y, 'mladi@primer.test');
    await visit(y, path);
    await checkA11y(y);
    await Promise.all([y.waitForURL(/n=reg\.n\.confirmed/), y.getByRole('button', { name: t(L, 'reg.signUp.button') }).click()]);
    await checkA11y(y);

    // Full: the next guest waits as number 1.
    const g2Ctx = await e2e.newContext();
    const g2 = await g2Ctx.newPage();
    await guestSignsUp(g2, path, 'Drugi Gost', 'drugi.gost@primer.test');
    // One message, naming the place in the queue (not "confirmed", not "link already used").
    assert.equal(await notice(g2).innerText(), t(L, 'reg.n.waitlistedN', { n: 1 }));
    assert.equal(await g2.locator('main p.notice').count(), 1);
    assert.match(await g2.locator('main').innerText(), new RegExp(t(L, 'reg.status.waitlistedN', { n: 1 })));

    // The young person cancels from "my registrations", where the QR code is shown.
    await visit(y, `/${L}/moj-nalog/prijave`);
    await checkA11y(y);
    const card = y.locator('li.card', { hasText: 'Radionica pisanja projekata (e2e)' });
    assert.equal(await card.locator('svg').count(), 1, 'a QR code for the confirmed place');
    // Beside it the entry code to type, grouped and without look-alikes.
    assert.match(await card.locator('.entry-code').innerText(), /^KZM-[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/);
    await screenshot(y, 'my-registrations-lat');
    await y.goto('/cir/moj-nalog/prijave');
    await screenshot(y, 'my-registrations-cir');
    await y.goto(`/${L}/moj-nalog/prijave`);
    const cancel = await openConfirm(card, t(L, 'reg.cancel.button'));
    await Promise.all([y.waitForURL(/n=reg\.n\.cancelled/), cancel.click()]);
    await checkA11y(y);

    // The waiting guest got the place and the mail says so.
    const [row] = await e2e.db.query<{ status: string }>(
      `SELECT status FROM registrations WHERE activity_id = $1 AND email = 'drugi.gost@primer.test'`,
      [activity.id],
    );
    assert.equal(row!.status, 'confirmed');
    const promoted = await lastMailTo(e2e.db, 'drugi.gost@primer.test');
    assert.equal(promoted!.subject, t(L, 'reg.mail.promoted.subject', { title: 'Radionica pisanja projekata (e2e)' }));

    // The coordinator's list: a walk-in when full is refused, then added with an extra place.
    const staffCtx = await e2e.newContext();
    const s = await staffCtx.newPage();
    await signIn(e2e, s, 'pancevo@primer.test');
    await visit(s, `/${L}/admin/kancelarije/pancevo/aktivnosti/${activity.id}/prijave`);
    await checkA11y(s);
    assert.match(await s.locator('table').innerText(), /Drugi Gost/);
    const walkIn = s.locator('main form', { has: s.getByRole('button', { name: t(L, 'reg.walkIn.button') }) });
    await walkIn.getByLabel(t(L, 'reg.field.name')).fill('Došla Bez Prijave');
    await Promise.all([
      s.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 400),
      walkIn.getByRole('button', { name: t(L, 'reg.walkIn.button') }).click(),
    ]);
    await s.waitForLoadState();
    await checkA11y(s);
    await walkIn.getByLabel(t(L, 'reg.walkIn.overCapacity')).check();
    await Promise.all([s.waitForURL(/n=reg\.n\.walkIn/), walkIn.getByRole('button', { name: t(L, 'reg.walkIn.button') }).click()]);
    await checkA11y(s);
    assert.match(await s.locator('table').innerText(), /Došla Bez Prijave/);
  });
});
