import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { t } from '../src/core/i18n/messages.ts';
import { makeActivity, makeRegistration, type TestActivity } from '../src/features/activities/testing.ts';
import { formatEntryCode } from '../src/features/registrations/entry-code.ts';
import { checkA11y, closeBrowser, type E2E, launchBrowser, screenshot, signIn, startE2E, visit } from './harness.ts';

/**
 * Issue #5's check-in in Chromium on a phone-sized screen, axe on every page: the coordinator
 * ticks a name on the list (with and without JavaScript), checks one person in by a typed code,
 * is told about an unknown code, goes offline, checks someone in (kept on the device), comes
 * back online and sees it synced with its original time; then the statistics pages.
 */
let e2e: E2E;
let act: TestActivity;
const regs: Record<string, { id: string; code: string; shortCode: string }> = {};
const HOUR = 3_600_000;
const L = 'lat';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

before(async () => {
  e2e = await startE2E();
  const start = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
  act = await makeActivity(e2e.db, 'pancevo', {
    title: 'Радионица: прва помоћ (е2е)',
    sessions: [
      [new Date(start), new Date(start + 3 * HOUR)],
      [new Date(start + 7 * 24 * HOUR), new Date(start + 7 * 24 * HOUR + 3 * HOUR)],
    ],
  });
  regs.ana = await makeRegistration(e2e.db, act, { fullName: 'Ана Анић' });
  regs.bojan = await makeRegistration(e2e.db, act, { fullName: 'Bojan Bojić' });
  regs.ceca = await makeRegistration(e2e.db, act, { fullName: 'Ceca Cvetić' });
  regs.dusan = await makeRegistration(e2e.db, act, { fullName: 'Dušan Dudić' });
  regs.vera = await makeRegistration(e2e.db, act, { fullName: 'Vera Čekić', status: 'waitlisted' });
});
after(async () => {
  await e2e?.close();
});

const base = () => `/${L}/admin/kancelarije/pancevo/aktivnosti/${act.id}`;

const attendance = async (registrationId: string) =>
  e2e.db.query<{ session_id: string; checked_at: Date; method: string }>(
    'SELECT session_id, checked_at, method FROM attendance WHERE registration_id = $1',
    [registrationId],
  );

const row = (page: Page, name: string) => page.locator('li[data-code]').filter({ hasText: name });

describe('the coordinator checks people in on a phone', () => {
  test('list, typed code, unknown code, offline queue synced when back online; statistics', async () => {
    const context = await e2e.newContext(PHONE);
    const page = await context.newPage();
    await signIn(e2e, page, 'pancevo@primer.test');

    await visit(page, `${base()}/dolazak`);
    await page.locator('#camera:not([hidden])').waitFor();
    await checkA11y(page);
    const list = await page.locator('ul.checkin-list').innerText();
    assert.match(list, /Ana Anić/);
    assert.doesNotMatch(list, /Vera Čekić/, 'the waitlisted are not on the list');

    // A tick on the list (through the script: the page stays, the row says so).
    await row(page, 'Ana Anić')
      .getByRole('button', { name: /Označi prisustvo\s?: Ana Anić/ })
      .click();
    await row(page, 'Ana Anić')
      .getByText(/prisutan\/na od/)
      .waitFor();
    await page.locator('#camera-status').getByText('Ana Anić: dolazak je zabeležen.').waitFor();
    // The counter follows the mark without a reload.
    await page
      .locator('#summary-count')
      .getByText(/Prisutno 1 od 4 potvrđenih/)
      .waitFor();
    const ana = await attendance(regs.ana!.id);
    assert.deepEqual(
      ana.map((a) => [a.session_id, a.method]),
      [[act.sessionIds[0], 'list']],
    );

    // Each row shows the person's entry code, grouped.
    assert.equal(await row(page, 'Bojan Bojić').locator('.entry-code-small').innerText(), formatEntryCode(regs.bojan!.shortCode));
    // An entry code typed by hand, the way people type it (lower case, spaces); then an unknown one.
    const code = page.getByLabel(t(L, 'checkin.code.label'), { exact: true });
    await code.fill(`kzm ${regs.bojan!.shortCode.slice(0, 3).toLowerCase()} ${regs.bojan!.shortCode.slice(3).toLowerCase()}`);
    await page.getByRole('button', { name: t(L, 'checkin.code.submit') }).click();
    await page.locator('#camera-status').getByText('Bojan Bojić: dolazak je zabeležen.').waitFor();
    // The confirmation stands on the person's row too (found by the server's answer).
    await row(page, 'Bojan Bojić')
      .getByText(/prisutan\/na od/)
      .waitFor();
    assert.equal((await attendance(regs.bojan!.id)).length, 1);
    await screenshot(page, 'checkin-lat');
    await code.fill('OvoNijeNicijiKod12345');
    await page.getByRole('button', { name: t(L, 'checkin.code.submit') }).click();
    await page.locator('#camera-status').getByText(t(L, 'checkin.outcome.unknown')).waitFor();
    await checkA11y(page);

    // Offline: the check-in waits on the device.
    await context.setOffline(true);
    await code.fill(regs.ceca!.code);
    await page.getByRole('button', { name: t(L, 'checkin.code.submit') }).click();
    await page.locator('#camera-status').getByText(t(L, 'checkin.queued')).waitFor();
    await page
      .locator('#queue-status')
      .getByText(t(L, 'checkin.queue', { n: 1 }))
      .waitFor();
    await row(page, 'Ceca Cvetić').getByText(t(L, 'checkin.pending')).waitFor();
    const queued = await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('kzm-checkin:'))!;
      return JSON.parse(localStorage.getItem(key)!) as Array<{ code: string; at: string }>;
    });
    assert.equal(queued.length, 1);
    assert.equal(queued[0]!.code, regs.ceca!.code);
    assert.equal((await attendance(regs.ceca!.id)).length, 0, 'nothing reached the server');
    await checkA11y(page);

    // Back online: it syncs by itself, with the time it was made.
    await context.setOffline(false);
    await row(page, 'Ceca Cvetić')
      .getByText(/prisutan\/na od/)
      .waitFor();
    await page.locator('#queue-status:empty').waitFor({ state: 'attached' });
    const ceca = await attendance(regs.ceca!.id);
    assert.equal(ceca.length, 1);
    assert.equal(ceca[0]!.checked_at.toISOString(), new Date(queued[0]!.at).toISOString(), 'the original time is kept');

    // After a reload the server's state shows: three present, Dušan not.
    await visit(page, `${base()}/dolazak`);
    assert.match(await page.locator('#summary').innerText(), /Prisutno 3 od 4 potvrđenih/);
    assert.match(await row(page, 'Dušan Dudić').innerText(), /nije označen\/a/);

    // The second session of the series: nobody yet.
    await page.getByRole('link', { name: /2\. termin/ }).click();
    await page.waitForURL(`**/dolazak?sesija=${act.sessionIds[1]}`);
    assert.match(await page.locator('#summary').innerText(), /Prisutno 0 od 4/);
    await checkA11y(page);

    // Statistics of the activity and of the period.
    await page.getByRole('link', { name: t(L, 'checkin.statsLink') }).click();
    await page.waitForURL(`**${base()}/statistika`);
    assert.equal(await page.locator('[data-figure="attendance"]').innerText(), '<5');
    await checkA11y(page);
    await page.getByRole('link', { name: t(L, 'checkin.stats.periodLink') }).click();
    await page.waitForURL('**/aktivnosti/statistika');
    await page.locator('#figures').waitFor();
    await checkA11y(page);
    // The check-in page in Cyrillic, at a phone's width, for a person to look at.
    await visit(page, `${base().replace(`/${L}/`, '/cir/')}/dolazak`);
    await screenshot(page, 'checkin-cir');
    await context.close();
  });

  test('without JavaScript the list and the code form post and come back with the result', async () => {
    const context = await e2e.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(e2e, page, 'pancevo@primer.test');
    await visit(page, `${base()}/dolazak?q=dudic`);
    assert.equal(await page.locator('#camera').isHidden(), true, 'no camera without the script');
    await Promise.all([
      page.waitForURL(/ishod=ok/),
      row(page, 'Dušan Dudić')
        .getByRole('button', { name: /Označi prisustvo/ })
        .click(),
    ]);
    assert.match(await page.locator('#result').innerText(), /Dušan Dudić: dolazak je zabeležen\./);
    // The entry code as printed, posted by the form itself.
    const typed = formatEntryCode(regs.vera!.shortCode);
    await page.getByLabel(t(L, 'checkin.code.label'), { exact: true }).fill(typed);
    await page.getByRole('button', { name: t(L, 'checkin.code.submit') }).click();
    await page.locator('.error-summary').waitFor();
    assert.match(await page.locator('.error-summary').innerText(), /Vera Čekić nema potvrđeno mesto/);
    assert.equal(await page.getByLabel(t(L, 'checkin.code.label'), { exact: true }).inputValue(), typed, 'the typed code is kept');
    // (axe needs JavaScript in the page: these pages are checked with it in the test above.)
    await context.close();
  });
});

/**
 * A camera that films a QR code: a Y4M video (Chromium's fake capture device plays it) of the
 * code as the registration's mail and account page show it, 8 pixels a module, quiet zone 4.
 */
function qrVideo(dir: string, text: string): string {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const scale = 8;
  const side = (n + 8) * scale;
  const y = Buffer.alloc(side * side, 255);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.modules.get(r, c))
        for (let dy = 0; dy < scale; dy++)
          y.fill(0, ((r + 4) * scale + dy) * side + (c + 4) * scale, ((r + 4) * scale + dy) * side + (c + 5) * scale);
  const chroma = Buffer.alloc((side / 2) * (side / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
  const file = join(dir, 'qr.y4m');
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${side} H${side} F10:1 Ip A1:1 C420jpeg\n`), frame, frame]));
  return file;
}

describe('the camera', () => {
  test('reads a registration’s QR code and checks the person in (BarcodeDetector, or jsQR where the browser lacks it)', async (ctx) => {
    const dir = mkdtempSync(join(tmpdir(), 'kzm-qr-'));
    const browser = await launchBrowser([
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${qrVideo(dir, regs.dusan!.code)}`,
    ]);
    try {
      const context = await browser.newContext({ ...PHONE, baseURL: e2e.baseUrl, locale: 'sr-RS' });
      await context.grantPermissions(['camera'], { origin: e2e.baseUrl });
      const page = await context.newPage();
      await signIn(e2e, page, 'pancevo@primer.test');
      await visit(page, `${base()}/dolazak?sesija=${act.sessionIds[1]}`);
      await page.getByRole('button', { name: t(L, 'checkin.camera.start') }).click();
      await page.locator('#camera-video:not([hidden])').waitFor();
      await row(page, 'Dušan Dudić')
        .getByText(/prisutan\/na od/)
        .waitFor();
      await page
        .locator('#camera-status')
        .getByText(/Dušan Dudić: dolazak je zabeležen\.|Dušan Dudić je već označen/)
        .waitFor();
      // Debian's headless Chromium has no BarcodeDetector: then the bundled jsQR was loaded and read it.
      const decoder = await page.evaluate(() =>
        'BarcodeDetector' in window ? 'BarcodeDetector' : typeof (window as unknown as { jsQR?: unknown }).jsQR,
      );
      assert.ok(decoder === 'BarcodeDetector' || decoder === 'function', `decoder: ${decoder}`);
      ctx.diagnostic(`decoded with ${decoder === 'function' ? 'jsQR' : decoder}`);
      await checkA11y(page);
      await page.getByRole('button', { name: t(L, 'checkin.camera.stop') }).click();
      const rows = await attendance(regs.dusan!.id);
      assert.deepEqual(
        rows.filter((r) => r.session_id === act.sessionIds[1]).map((r) => r.method),
        ['qr'],
      );
    } finally {
      await closeBrowser(browser);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
