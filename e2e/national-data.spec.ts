import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { refreshFigures } from '../src/features/national/figures-repo.ts';
import { checkA11y, type E2E, notice, screenshot, signIn, startE2E, visit } from './harness.ts';

/**
 * The national open data, the national admin's dashboard and the LAP consultation in Chromium
 * (issue #17 points 3, 5, 7), on the demo data: the open-data page in both scripts; the admin
 * dashboard with its charts; Čačak's coordinator shares nothing new but answers the reviewer's
 * waiting comment on the demo draft, and the national admin (the reviewer) comments on a measure.
 * axe on every page; each page pictured at 360 px (fitting it) and at 1280 px, in Cyrillic and Latin.
 */
let e2e: E2E;
before(async () => {
  e2e = await startE2E();
  await refreshFigures(e2e.db);
});
after(async () => {
  await e2e?.close();
});

/** Checked with axe, then pictured at 360 px (screenshot: no sideways scroll) and 1280 px. */
async function look(page: Page, name: string): Promise<void> {
  await checkA11y(page);
  await screenshot(page, `${name}-360`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `test-results/screenshots/${name}-1280.png`, fullPage: true });
}

test('the open-data page and files, in both scripts', async () => {
  const page = await (await e2e.newContext()).newPage();
  for (const l of ['cir', 'lat'] as const) {
    await visit(page, `/${l}/otvoreni-podaci`);
    await look(page, `national-opendata-${l}`);
  }
  assert.match(await page.locator('blockquote').innerText(), /Izvor: Nacionalna asocijacija kancelarija za mlade/);
  const res = await page.request.get('/otvoreni-podaci/dcat.jsonld');
  assert.equal(res.status(), 200);
  assert.ok(((await res.json()) as { '@graph': unknown[] })['@graph'].length >= 3);
});

test('the national admin’s dashboard, the reviewers’ list and a comment; the office answers', async () => {
  const admin = await (await e2e.newContext()).newPage();
  await signIn(e2e, admin, 'admin@primer.test');
  for (const l of ['cir', 'lat'] as const) {
    await visit(admin, `/${l}/admin/mreza/pregled?po=region`);
    assert.ok((await admin.locator('figure svg').count()) >= 1, 'charts');
    await look(admin, `national-admin-dashboard-${l}`);
    await visit(admin, `/${l}/admin/mreza/konsultacije`);
    await look(admin, `national-reviews-${l}`);
  }
  const [plan] = await e2e.db.query<{ plan_id: string }>(
    `SELECT c.plan_id FROM lap_consultations c JOIN offices o ON o.id = c.office_id WHERE o.slug = 'cacak'`,
  );
  assert.ok(plan, 'the demo consultation');
  await visit(admin, `/lat/admin/mreza/konsultacije/${plan.plan_id}`);
  await look(admin, 'national-review-lat');
  const measure = admin.locator('li', { has: admin.locator('p', { hasText: 'Mera:' }) }).first();
  await measure.locator('summary').first().click();
  await measure.locator('textarea').first().fill('Predlažemo i praksu u kancelariji za mlade.');
  await Promise.all([
    admin.waitForURL(/n=natd\.cons\.commented/),
    measure.getByRole('button', { name: 'Pošalji komentar' }).first().click(),
  ]);
  await assert.doesNotReject(notice(admin).waitFor());
  await visit(admin, `/cir/admin/mreza/konsultacije/${plan.plan_id}`);
  await look(admin, 'national-review-cir');

  const office = await (await e2e.newContext()).newPage();
  await signIn(e2e, office, 'cacak@primer.test');
  for (const l of ['cir', 'lat'] as const) {
    await visit(office, `/${l}/admin/kancelarije/cacak/konsultacije`);
    await look(office, `consultations-office-${l}`);
  }
  await visit(office, `/lat/admin/kancelarije/cacak/lap/${plan.plan_id}/konsultacije`);
  await look(office, 'consultation-office-lat');
  const form = office.locator('form', { has: office.locator('textarea[name="answer"]:empty') }).first();
  await form.locator('textarea').fill('Dodaćemo praksu u kancelariji.');
  await Promise.all([office.waitForURL(/n=natd\.cons\.answered/), form.getByRole('button').click()]);
  await visit(office, `/cir/admin/kancelarije/cacak/lap/${plan.plan_id}/konsultacije`);
  await look(office, 'consultation-office-cir');
});
