import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { t } from '../src/core/i18n/messages.ts';
import { registryCheckDigit } from '../src/features/associations/schema.ts';
import { checkA11y, type E2E, notice, signIn, startE2E, visit } from './harness.ts';

/**
 * Issue #4's import journey in Chromium: a coordinator uploads a spreadsheet of associations
 * (an XLSX made here) with two bad rows, sees the errors beside the cells, fixes both rows in
 * the preview, confirms, and finds the associations in the register. The upload goes through
 * the progress-bar script; a file with wrong columns falls back to the plain form answer.
 * axe checks every page on the way.
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
const mb = (seven: string) => seven + registryCheckDigit(seven);

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Udruženja');
  for (const r of rows) ws.addRow(r);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('a coordinator imports a list of associations', () => {
  test('uploads an XLSX with two bad rows, fixes them in the preview, confirms, finds them in the register', async () => {
    const context = await e2e.newContext();
    const page = await context.newPage();
    await signIn(e2e, page, 'pancevo@primer.test');

    // From the dashboard to the import page.
    await visit(page, `/${L}/admin`);
    await page
      .getByRole('link', { name: t(L, 'imports.title') })
      .first()
      .click();
    await page.waitForURL(`**${BASE}/uvoz`);
    await checkA11y(page);
    const main = page.locator('main');

    // A file with wrong columns: one message naming what is missing (the script hands the answer to the plain form).
    await page.getByLabel(t(L, 'imports.kind')).selectOption('associations');
    await page.getByLabel(t(L, 'imports.file')).setInputFiles({
      name: 'pogresno.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await xlsx([
        ['Adresa', 'Telefon'],
        ['Trg 1', '013/111-222'],
      ]),
    });
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 400 && r.request().resourceType() === 'document'),
      page.getByRole('button', { name: t(L, 'imports.submit') }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.match(await page.locator('.error-summary').innerText(), /U datoteci nedostaju kolone: Naziv, Vrsta\./);
    await checkA11y(page);

    // The real list: three good rows, a bad registry number, an e-mail typed in Cyrillic.
    const file = await xlsx([
      ['Spisak udruženja, Pančevo 2026'],
      ['Naziv', 'Vrsta', 'Matični broj', 'E-pošta', 'Oblasti rada', 'Broj članova', 'Osnovano'],
      [
        'Mladi volonteri Banata (uvoz)',
        'Udruženje mladih',
        mb('3100001'),
        'volonteri@primer.test',
        'Volonterizam i aktivizam; Obrazovanje',
        40,
        2012,
      ],
      ['Klub ljubitelja nauke (uvoz)', 'udruženje za mlade', mb('3100002'), 'nauka@primer.test', 'obrazovanje', 25, 2018],
      ['Savez omladinskih klubova (uvoz)', 'Савез удружења', '3100003', 'savez@primer.test', '', 5, 2010],
      ['Grafiti kolektiv (uvoz)', 'neformalna grupa', '', 'графити@пример.рс', 'Omladinski rad i prostori za mlade', 8, ''],
      ['Debatni klub Pančevo (uvoz)', 'Udruženje mladih', mb('3100005'), 'debata@primer.test', 'Aktivno učešće u odlučivanju', 30, 2016],
    ]);
    await page.getByLabel(t(L, 'imports.kind')).selectOption('associations');
    await page.getByLabel(t(L, 'imports.file')).setInputFiles({
      name: 'udruzenja-2026.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    // Sent by the progress-bar script (XMLHttpRequest), which then opens the preview it was redirected to.
    const [xhr] = await Promise.all([
      page.waitForResponse((r) => r.request().resourceType() === 'xhr' && /\/uvoz\/[0-9a-f-]{36}$/.test(r.url())),
      page.waitForURL(/\/uvoz\/[0-9a-f-]{36}$/),
      page.getByRole('button', { name: t(L, 'imports.submit') }).click(),
    ]);
    assert.equal(xhr.status(), 200);
    const previewUrl = page.url();
    assert.match(await page.locator('h1').innerText(), /Pregled uvoza: udruzenja-2026\.xlsx/);
    assert.match(await main.innerText(), /Redova\s+5\s+Ispravnih\s+3\s+Sa greškama\s+2/);
    assert.match(await page.locator('#row-5').innerText(), /Matični broj ima 8 cifara/);
    assert.match(await page.locator('#row-6').innerText(), /pišu se latiničnim slovima/);
    await checkA11y(page);

    // Fix row 5: the registry number.
    await page.getByRole('link', { name: t(L, 'imports.row.fix', { line: 5 }) }).click();
    await page.waitForURL(/\/red\/5$/);
    await checkA11y(page);
    await page.getByLabel(t(L, 'imports.h.registryNumber')).fill(mb('3100003'));
    await Promise.all([page.waitForURL(/n=imports\.rowSaved/), page.getByRole('button', { name: t(L, 'imports.row.save') }).click()]);
    assert.match(await notice(page).innerText(), /Red je sačuvan\./);
    assert.match(await page.locator('#row-5').innerText(), /Ispravan/);
    await checkA11y(page);

    // Fix row 6: first still wrong (the message stays beside the field), then right.
    await page.getByRole('link', { name: t(L, 'imports.row.fix', { line: 6 }) }).click();
    await page.waitForURL(/\/red\/6$/);
    await page.getByLabel(t(L, 'imports.h.email')).fill('grafiti@');
    await page.getByRole('button', { name: t(L, 'imports.row.save') }).click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('.error-summary').innerText(), /Upišite ispravnu e-adresu/);
    assert.equal(await page.getByLabel(t(L, 'imports.h.email')).inputValue(), 'grafiti@', 'what was typed is kept');
    await checkA11y(page);
    await page.getByLabel(t(L, 'imports.h.email')).fill('grafiti@primer.test');
    await Promise.all([page.waitForURL(/n=imports\.rowSaved/), page.getByRole('button', { name: t(L, 'imports.row.save') }).click()]);
    assert.match(await main.innerText(), /Redova\s+5\s+Ispravnih\s+5\s+Sa greškama\s+0/);

    // Confirm: all five written at once.
    await Promise.all([page.waitForURL(/n=imports\.confirmed/), page.getByRole('button', { name: t(L, 'imports.confirm') }).click()]);
    assert.match(await main.innerText(), /upisano je 5 od 5 redova/);
    await checkA11y(page);

    // The register has them.
    await page.getByRole('link', { name: t(L, 'imports.done.register') }).click();
    await page.waitForURL(`**${BASE}/udruzenja`);
    const register = await main.innerText();
    for (const name of [
      'Mladi volonteri Banata (uvoz)',
      'Klub ljubitelja nauke (uvoz)',
      'Savez omladinskih klubova (uvoz)',
      'Grafiti kolektiv (uvoz)',
      'Debatni klub Pančevo (uvoz)',
    ]) {
      assert.ok(register.includes(name), `${name} is in the register`);
    }
    await checkA11y(page);

    // The confirmed import can be opened again but not confirmed twice.
    await visit(page, previewUrl);
    assert.equal(await page.getByRole('button', { name: t(L, 'imports.confirm') }).count(), 0);
    await checkA11y(page);
    await context.close();
  });
});
