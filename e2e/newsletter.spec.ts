import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { t } from '../src/core/i18n/messages.ts';
import { makeActivity } from '../src/features/activities/testing.ts';
import { parseMime } from '../test/smtp.ts';
import { checkA11y, type E2E, notice, openConfirm, signIn, startE2E, visit } from './harness.ts';

/**
 * The newsletter in Chromium (issue #13 point 3): a young person subscribes on the office's
 * page, confirms from the mail (the real SMTP server on loopback), the coordinator builds a
 * digest of the office's new items and sends it, the subscriber receives it in their script and
 * unsubscribes in one click (RFC 8058: the POST a mail client makes, without cookies). axe on
 * every page.
 */
let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
});

const L = 'lat';

describe('newsletter', () => {
  test('subscribe, confirm from the mail, receive a digest, unsubscribe in one click', async () => {
    const email = 'bilten.e2e@primer.test';
    const activity = await makeActivity(e2e.db, 'pancevo', { title: 'Radionica za bilten (e2e)' });

    // Subscribe.
    const ctx = await e2e.newContext();
    const page = await ctx.newPage();
    await visit(page, `/${L}/kancelarije/pancevo/bilten`);
    await checkA11y(page);
    const form = page.locator('main form');
    await form.getByLabel(t(L, 'newsletter.field.email')).fill(email);
    await form.getByLabel(t(L, 'lap.education')).check();
    await form.getByLabel(t(L, 'newsletter.field.consent')).check();
    await form.getByRole('button', { name: t(L, 'newsletter.subscribe.submit') }).click();
    await page.getByRole('heading', { name: t(L, 'newsletter.subscribed.title') }).waitFor();
    await checkA11y(page);

    // Confirm from the mail.
    const confirmation = await e2e.smtp.waitForMail(email, { waitMs: 30_000 });
    const link = new RegExp(`${e2e.baseUrl}(/${L}/bilten/potvrda\\?token=\\S+)`).exec(confirmation.text)![1]!;
    await visit(page, link);
    await checkA11y(page);
    await page.getByRole('button', { name: t(L, 'newsletter.confirm.submit') }).click();
    await page.getByRole('heading', { name: t(L, 'newsletter.confirmed.title') }).waitFor();
    await checkA11y(page);
    const welcome = await e2e.smtp.waitForMail(email, { since: e2e.smtp.received.indexOf(confirmation) + 1, waitMs: 30_000 });
    assert.equal(welcome.subject, t(L, 'newsletter.mail.welcome.subject'));

    // The coordinator builds a digest and sends it.
    const staffCtx = await e2e.newContext();
    const staff = await staffCtx.newPage();
    await signIn(e2e, staff, 'pancevo@primer.test');
    await visit(staff, `/${L}/admin/kancelarije/pancevo/bilten`);
    await checkA11y(staff);
    await Promise.all([
      staff.waitForURL(/n=newsletter\.admin\.created/),
      staff.getByRole('button', { name: t(L, 'newsletter.admin.digest.submit') }).click(),
    ]);
    await checkA11y(staff);
    assert.match(await staff.locator('main').innerText(), /Radionica za bilten \(e2e\)/);
    assert.match(await staff.locator('main').innerText(), /Радионица за билтен/, 'the preview in Cyrillic too');
    const since = e2e.smtp.received.length;
    const send = await openConfirm(staff, t(L, 'newsletter.campaign.send'));
    await checkA11y(staff);
    await Promise.all([staff.waitForURL(/n=newsletter\.campaign\.sent/), send.click()]);
    await notice(staff).waitFor();
    await checkA11y(staff);

    // The subscriber receives it: Latin, the activity's link, List-Unsubscribe for one click.
    const digest = await e2e.smtp.waitForMail(email, { since, waitMs: 60_000 });
    assert.match(digest.text, /Radionica za bilten \(e2e\)/);
    assert.ok(digest.text.includes(`${e2e.baseUrl}/${L}/kancelarije/pancevo/aktivnosti/${activity.id}`));
    const headers = parseMime(digest.raw).headers;
    assert.equal(headers.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    const unsubscribeUrl = /^<(.+)>$/.exec(headers.get('list-unsubscribe')!)![1]!;

    // The link's page asks (and is accessible); the one-click POST, as a mail client sends it, unsubscribes.
    await visit(page, new URL(unsubscribeUrl).pathname);
    await checkA11y(page);
    const res = await fetch(unsubscribeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    assert.equal(res.status, 200);
    const [row] = await e2e.db.query<{ status: string }>(`SELECT status FROM newsletter_subscribers WHERE email = $1`, [email]);
    assert.equal(row!.status, 'unsubscribed');
    await visit(page, new URL(unsubscribeUrl).pathname.replace('/odjava/', '/podesavanja/'));
    await page.getByText(t(L, 'newsletter.manage.inactive')).waitFor();
    await checkA11y(page);
    await ctx.close();
    await staffCtx.close();
  });
});
