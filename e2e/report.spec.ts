import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { t } from '../src/core/i18n/messages.ts';
import { checkA11y, overflowProblem, PHONE, signIn, visit, startE2E, type E2E } from './harness.ts';

/**
 * The annual report in Chromium (issue #15 point 6, the end of the journey): Pančevo's
 * coordinator (signed in by a session cookie) sends last year's work plan of the demo LAP to the
 * Youth Council and records the council's opinion, then opens the annual report for that year,
 * writes the narrative in Latin, asks for the report in Cyrillic and Latin, watches the page
 * (which refreshes itself, no script) until it is made, and downloads the PDF and the DOCX — the
 * DOCX's text in Cyrillic. A year outside the plan is refused with the reason. axe-core on every
 * page; every page fits a 360 px screen.
 */
let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
});

const L = 'lat';
const YEAR = 2025;

async function check(page: Page): Promise<void> {
  await checkA11y(page);
  const size = page.viewportSize();
  await page.setViewportSize(PHONE);
  const overflow = await overflowProblem(page);
  assert.equal(overflow, null, `${page.url()} at 360 px: ${overflow}`);
  if (size) await page.setViewportSize(size);
}

async function press(page: Page, button: string, url: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(url), page.getByRole('button', { name: button, exact: true }).click()]);
  await check(page);
}

describe('the annual report', () => {
  test('the council gives its opinion on the work plan; the report is made in the background and downloads', async () => {
    const page = await (await e2e.newContext({ acceptDownloads: true })).newPage();
    await signIn(e2e, page, 'pancevo@primer.test');
    const [plan] = await e2e.db.query<{ id: string }>(
      `SELECT p.id FROM lap_plans p JOIN offices o ON o.id = p.office_id WHERE o.slug = 'pancevo' AND p.status = 'adopted' ORDER BY version DESC LIMIT 1`,
    );
    assert.ok(plan, 'the demo plan of Pančevo');

    // The work plan of the year, to the Youth Council, and its opinion.
    await visit(page, `/${L}/admin/kancelarije/pancevo/lap/${plan.id}/plan-rada?godina=${YEAR}`);
    await check(page);
    await press(page, t(L, 'plan.wp.create'), /n=plan\.n\./);
    await press(page, t(L, 'plan.wp.send'), /n=plan\.n\./);
    await page.getByLabel(t(L, 'plan.wp.opinionDate')).fill(`${YEAR}-02-10`);
    await page.getByLabel(t(L, 'plan.wp.opinionText')).fill('Savet za mlade daje pozitivno mišljenje na plan rada.');
    await press(page, t(L, 'plan.wp.opinionSave'), /n=plan\.n\./);
    assert.match(await page.locator('main').innerText(), /pozitivno mišljenje na plan rada/);

    // The report's years; a year outside the plan is refused with the plan's years named.
    await visit(page, `/${L}/admin/kancelarije/pancevo/izvestaj`);
    await check(page);
    await page.getByLabel(t(L, 'report.index.year'), { exact: true }).fill('2031');
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('godina=2031') && r.status() === 400),
      page.getByRole('button', { name: t(L, 'report.index.open') }).click(),
    ]);
    await page.waitForLoadState();
    await check(page);
    assert.match(await page.locator('#f-godina-error').innerText(), /2025–2029/);

    await page.getByRole('link', { name: String(YEAR), exact: true }).click();
    await page.waitForLoadState();
    await check(page);
    await page.getByLabel(t(L, 'report.narrative.intro')).fill('Godina je bila dobra za mlade Pančeva.');
    await page.getByLabel(t(L, 'report.narrative.next')).fill('Otvaramo omladinski klub u Starčevu.');
    await press(page, t(L, 'report.narrative.save'), /n=report\.n\.saved/);
    await page.getByLabel(t(L, 'report.generate.latin')).check();
    await press(page, t(L, 'report.generate.submit'), /n=report\.n\.queued/);

    // The page refreshes itself (an HTTP header, no script) until the files are there.
    await page.locator('#files').waitFor({ timeout: 420_000 });
    await check(page);
    assert.match(await page.locator('main').innerText(), new RegExp(t(L, 'report.status.done')));

    const download = async (name: string) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name, exact: true }).first().click()]);
      return readFile((await d.path())!);
    };
    const pdf = await download(`izvestaj-${YEAR}.pdf`);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const docx = await download(`izvestaj-${YEAR}.docx`);
    const xml = (await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    for (const s of [
      `Извештај о раду за ${YEAR}. годину`,
      'Година је била добра за младе Панчева.',
      'Извршење буџета',
      'Показатељи према циљевима',
    ])
      assert.ok(xml.includes(s), `the DOCX says "${s}"`);
    const latin = await download(`izvestaj-latinica-${YEAR}.docx`);
    const latXml = (await (await JSZip.loadAsync(latin)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    assert.ok(latXml.includes(`Izveštaj o radu za ${YEAR}. godinu`));

    // The report made is frozen; the Cyrillic page too passes the checks.
    await visit(page, `/cir/admin/kancelarije/pancevo/izvestaj/${YEAR}`);
    await check(page);
    assert.equal(await page.locator('textarea[name=intro]').count(), 0);
    await visit(page, `/cir/admin/kancelarije/pancevo/izvestaj`);
    await check(page);
  });
});
