import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { makeActivity, makeRegistration } from '../activities/testing.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { refreshFigures } from './figures-repo.ts';

let t: TestApp;
const ADMIN = 'admin@primer.test';
const COORDINATOR = 'pancevo@primer.test';

before(async () => {
  t = await createTestApp();
  const people = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}.${i}@primer.test`);
  await held('pancevo', '2024-03-10T10:00:00Z', people(9, 'p'));
  await held('pancevo', '2025-03-10T10:00:00Z', [...people(3, 'p'), ...people(4, 'q')]); // 7 people, 3 back
  await held('cacak', '2025-05-05T10:00:00Z', people(3, 'c')); // a small cell: the 2025 total would give it away
  await held('cacak', '2024-05-05T10:00:00Z', people(12, 'd'));
  await refreshFigures(t.db);
});
after(() => t.close());

async function held(office: string, start: string, emails: string[]): Promise<void> {
  const at = new Date(start);
  const a = await makeActivity(t.db, office, {
    sessions: [[at, new Date(at.getTime() + 7_200_000)]],
    areas: ['education'],
    capacity: 1000,
  });
  const [session] = await t.db.query<{ id: string }>('SELECT id FROM activity_sessions WHERE office_id = $1 AND activity_id = $2', [
    a.officeId,
    a.id,
  ]);
  for (const email of emails) {
    const r = await makeRegistration(t.db, a, { status: 'confirmed', email });
    await t.db.query(
      `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method) VALUES ($1, $2, $3, now(), 'list')`,
      [a.officeId, r.id, session!.id],
    );
  }
}

/** Distinct participants per office slug × Belgrade year, from the raw rows. */
async function participants(): Promise<Map<string, number>> {
  const raw = await t.db.query<{ slug: string; who: string; starts_at: Date }>(
    `SELECT o.slug, lower(r.email) AS who, s.starts_at
       FROM attendance a JOIN registrations r ON r.office_id = a.office_id AND r.id = a.registration_id
       JOIN activity_sessions s ON s.office_id = a.office_id AND s.id = a.session_id JOIN offices o ON o.id = a.office_id`,
  );
  const yearOf = (d: Date) => new Intl.DateTimeFormat('en', { timeZone: 'Europe/Belgrade', year: 'numeric' }).format(new Date(d));
  const m = new Map<string, Set<string>>();
  for (const r of raw) m.set(`${r.slug}|${yearOf(r.starts_at)}`, (m.get(`${r.slug}|${yearOf(r.starts_at)}`) ?? new Set()).add(r.who));
  return new Map([...m].map(([k, s]) => [k, s.size]));
}

/** A table's body rows as arrays of cell texts. */
function tableRows(html: string, caption: RegExp): string[][] {
  const table = html.split('<table').find((part) => caption.test(part.slice(0, part.indexOf('</caption>'))));
  assert.ok(table, `a table captioned ${caption}`);
  const body = table.slice(table.indexOf('<tbody'), table.indexOf('</table>'));
  return body
    .split('<tr')
    .slice(1)
    .map((tr) =>
      [...tr.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) =>
        m[1]!
          .replace(/<[^>]+>/g, '')
          .replace(/&lt;/g, '<')
          .trim(),
      ),
    );
}

test('the national admin’s dashboard by office: figures equal the ones computed here, totals, trend, and the cell a total would give away hidden', async () => {
  const admin = await t.clientAs(ADMIN);
  const res = await admin.get('/lat/admin/mreza/pregled?po=office&od=2024&do=2025&m=participants');
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<svg/, 'charts drawn on the server');
  const rows = tableRows(html, /Brojevi po grupi i godini/);
  const expected = await participants();
  const cell = (label: RegExp, year: string) => rows.find((r) => label.test(r[0]!) && r[1] === year);
  // Columns: group, year, activities, participants, …
  assert.equal(cell(/Pan/, '2024')![3], String(expected.get('pancevo|2024')));
  assert.equal(cell(/Čač/, '2024')![3], String(expected.get('cacak|2024')));
  assert.equal(cell(/Čač/, '2025')![3], '<5');
  // 2025: Pančevo 7 + Čačak 3 = 10 shown as the total, so Pančevo's 7 would give Čačak's 3 away: hidden.
  const total2025 = (expected.get('pancevo|2025') ?? 0) + (expected.get('cacak|2025') ?? 0);
  assert.equal(cell(/Ukupno/, '2025')![3], String(total2025));
  assert.equal(cell(/Pan/, '2025')![3], '×');
  // The trend: 2024 → 2025 change for a group with both years shown.
  assert.match(cell(/Čač/, '2025')!.at(-1)!, /—/);
  const p24 = expected.get('pancevo|2024')!;
  const c24 = expected.get('cacak|2024')!;
  assert.equal(cell(/Ukupno/, '2024')![3], String(p24 + c24));

  // Comparing Pančevo alone never shows the 7 the full table hides.
  const compared = await (await admin.get('/lat/admin/mreza/pregled?po=region&od=2024&do=2025&m=participants&k=pancevo')).text();
  const cmp = tableRows(compared, /Poređenje kancelarija/);
  assert.deepEqual(
    cmp.map((r) => [r[1], r[3]]),
    [
      ['2024', String(p24)],
      ['2025', '×'],
    ],
  );
});

test('exports: the CSV and the XLSX (built in the worker pool) carry the page’s cells', async () => {
  const admin = await t.clientAs(ADMIN);
  const csvRes = await admin.get('/lat/admin/mreza/pregled.csv?po=office&od=2024&do=2025');
  assert.equal(csvRes.status, 200);
  assert.match(csvRes.headers.get('content-disposition') ?? '', /attachment; filename="kzm-mreza-office-2024-2025-/);
  const csv = parse(await csvRes.text(), { delimiter: ';', bom: true }) as string[][];
  assert.equal(csv[0]![1], 'Godina');
  const pan2025 = csv.find((r) => /Pan/.test(r[0]!) && r[1] === '2025')!;
  assert.equal(pan2025[3], '×');
  const xlsxRes = await admin.get('/cir/admin/mreza/pregled.xlsx?po=office&od=2024&do=2025');
  assert.equal(xlsxRes.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await xlsxRes.arrayBuffer());
  const ws = wb.worksheets[0]!;
  assert.equal(ws.getRow(1).getCell(2).value, 'Година');
  const values: string[][] = [];
  ws.eachRow((row) => values.push((row.values as unknown[]).slice(1).map(String)));
  assert.equal(values.length, csv.length);
  assert.ok(values.some((r) => r[1] === '2025' && r[3] === '<5'));
});

test('only the national admin: an office’s coordinator is refused, a visitor asked to sign in; a bad query falls back', async () => {
  const coordinator = await t.clientAs(COORDINATOR);
  assert.equal((await coordinator.get('/lat/admin/mreza/pregled')).status, 403);
  assert.equal((await coordinator.get('/lat/admin/mreza/pregled.xlsx')).status, 403);
  assert.equal((await t.client().get('/lat/admin/mreza/pregled')).status, 303);
  const admin = await t.clientAs(ADMIN);
  const odd = await admin.get('/en/admin/mreza/pregled?po=x&od=abc&m=zzz&k=../etc&k=pancevo');
  assert.equal(odd.status, 200);
});
