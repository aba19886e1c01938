import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import { t } from '../src/core/i18n/messages.ts';
import { localParts } from '../src/core/time.ts';
import { formatRange } from '../src/core/views/format.ts';
import { checkA11y, type E2E, notice, openConfirm, screenshot, signIn, startE2E, visit } from './harness.ts';

/**
 * Career guidance in Chromium (issue #13 point 4): the National Employment Service's
 * counsellor (signed in by a session cookie) publishes slots — a slot in the past and an
 * overlapping one are refused with messages at the fields — then a young person books one from
 * the office's page, gets the invitation (.ics, METHOD:REQUEST) and cancels it from "my talks"
 * (METHOD:CANCEL). axe on every page; screenshots at 360 px and on a desktop, in both scripts.
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

/**
 * The newest mail to the address: its subject and, while the outbox still holds it (the worker
 * drops an attachment's bytes once the mail is sent), its invitation's METHOD and UID.
 */
async function lastMail(email: string): Promise<{ subject: string; method: string | null; uid: string | null }> {
  const [row] = await e2e.db.query<{ subject: string; attachments: Array<{ contentType: string; base64?: string }> }>(
    'SELECT subject, attachments FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1',
    [email],
  );
  const a = row!.attachments.find((x) => x.contentType.startsWith('text/calendar'));
  if (!a?.base64) return { subject: row!.subject, method: null, uid: null };
  const comp = new ICAL.Component(ICAL.parse(Buffer.from(a.base64, 'base64').toString('utf8')));
  return {
    subject: row!.subject,
    method: String(comp.getFirstPropertyValue('method')),
    uid: String(comp.getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid')),
  };
}

describe('career guidance', () => {
  test('a counsellor publishes slots; a young person books one and cancels it', async () => {
    const admin = `/${L}/admin/kancelarije/pancevo/savetovanje`;
    const c = await (await e2e.newContext()).newPage();
    await signIn(e2e, c, 'savetnik@primer.test');
    await visit(c, admin);
    await checkA11y(c);
    await screenshot(c, 'guidance-admin-lat');
    await c.goto(admin.replace(`/${L}/`, '/cir/'));
    await screenshot(c, 'guidance-admin-cir');
    await c.setViewportSize(DESKTOP);
    await c.screenshot({ path: 'test-results/screenshots/guidance-admin-cir-desktop.png', fullPage: true });
    await c.goto(admin);

    const form = c.locator('main form', { has: c.getByRole('button', { name: t(L, 'guid.admin.publishButton') }) });
    const publish = async (date: string, time: string, status: number) => {
      await form.getByLabel(t(L, 'guid.slot.date')).fill(date);
      await form.getByLabel(t(L, 'guid.slot.time')).fill(time);
      await form.getByLabel(t(L, 'guid.slot.count')).fill('2');
      await Promise.all([
        c.waitForResponse((r) => r.request().method() === 'POST' && r.status() === status),
        form.getByRole('button', { name: t(L, 'guid.admin.publishButton') }).click(),
      ]);
      await c.waitForLoadState();
      await checkA11y(c);
    };
    // In the past: refused, with the message at the date, what was typed kept.
    const yesterday = localParts(new Date(Date.now() - 24 * 3_600_000)).date;
    await publish(yesterday, '15:00', 400);
    assert.match(await c.locator('#f-date-error').innerText(), new RegExp(t(L, 'guid.err.past').slice(0, 20)));
    assert.equal(await form.getByLabel(t(L, 'guid.slot.time')).inputValue(), '15:00');

    const day = localParts(new Date(Date.now() + 20 * 24 * 3_600_000)).date;
    await publish(day, '15:00', 303);
    await c.waitForURL(/n=guid\.n\.published/);
    assert.equal(await notice(c).innerText(), t(L, 'guid.n.published'));
    // The same hour again overlaps: refused by the database, with the message at the time.
    await publish(day, '15:30', 400);
    assert.match(await c.locator('#f-time-error').innerText(), new RegExp(t(L, 'guid.err.overlap').slice(0, 20)));

    const [slot] = await e2e.db.query<{ id: string; starts_at: Date; ends_at: Date }>(
      `SELECT s.id, s.starts_at, s.ends_at FROM guidance_slots s JOIN users u ON u.id = s.counsellor_id
        WHERE u.email = 'savetnik@primer.test' AND s.starts_at::date = $1::date ORDER BY s.starts_at LIMIT 1`,
      [day],
    );
    assert.ok(slot);

    // The young person books it from the office's page.
    const y = await (await e2e.newContext()).newPage();
    await signIn(e2e, y, 'mladi@primer.test');
    await visit(y, `/${L}/kancelarije/pancevo/savetovanje`);
    await checkA11y(y);
    await screenshot(y, 'guidance-public-lat');
    await y.goto('/cir/kancelarije/pancevo/savetovanje');
    await screenshot(y, 'guidance-public-cir');
    await y.setViewportSize(DESKTOP);
    await y.screenshot({ path: 'test-results/screenshots/guidance-public-cir-desktop.png', fullPage: true });
    await y.goto(`/${L}/kancelarije/pancevo/savetovanje`);
    await y.getByRole('link', { name: t(L, 'guid.bookAt', { when: formatRange(L, slot.starts_at, slot.ends_at) }) }).click();
    await y.getByRole('heading', { name: t(L, 'guid.book.title') }).waitFor();
    await checkA11y(y);
    const book = y.locator('main form');
    await screenshot(y, 'guidance-book-lat');
    await book.getByLabel(t(L, 'guid.topic.cv')).check();
    await Promise.all([y.waitForURL(/n=guid\.n\.booked/), book.getByRole('button', { name: t(L, 'guid.book.submit') }).click()]);
    await checkA11y(y);
    assert.equal(await notice(y).innerText(), t(L, 'guid.n.booked'));
    const when = formatRange(L, slot.starts_at, slot.ends_at);
    const request = await lastMail('mladi@primer.test');
    assert.equal(request.subject, t(L, 'guid.mail.confirmed.subject', { topic: t(L, 'guid.topic.cv'), when }));
    if (request.method) assert.equal(request.method, 'REQUEST');
    await screenshot(y, 'guidance-mine-lat');
    await y.goto('/cir/moj-nalog/savetovanje');
    await screenshot(y, 'guidance-mine-cir');
    await y.setViewportSize(DESKTOP);
    await y.screenshot({ path: 'test-results/screenshots/guidance-mine-lat-desktop.png', fullPage: true });
    await y.goto(`/${L}/moj-nalog/savetovanje`);

    // Now taken: the public list no longer offers it, and its form says so (409).
    await visit(y, `/${L}/kancelarije/pancevo/savetovanje/${slot.id}/zakazivanje`);
    await checkA11y(y);
    assert.match(await y.locator('main').innerText(), new RegExp(t(L, 'guid.err.taken').slice(0, 20)));

    // Cancel from "my talks": the cancellation with METHOD:CANCEL, same UID.
    await visit(y, `/${L}/moj-nalog/savetovanje`);
    const cancel = await openConfirm(y.locator('main'), t(L, 'guid.cancelAt', { when: formatRange(L, slot.starts_at, slot.ends_at) }));
    await Promise.all([y.waitForURL(/n=guid\.n\.cancelled/), cancel.click()]);
    await checkA11y(y);
    const cancelled = await lastMail('mladi@primer.test');
    assert.equal(cancelled.subject, t(L, 'guid.mail.cancelled.subject', { topic: t(L, 'guid.topic.cv'), when }));
    if (cancelled.method) assert.deepEqual([cancelled.method, cancelled.uid], ['CANCEL', request.uid ?? cancelled.uid]);

    // The counsellor's slot page: free again.
    await visit(c, `${admin}/termini/${slot.id}`);
    await checkA11y(c);
    await screenshot(c, 'guidance-slot-lat');
  });
});
