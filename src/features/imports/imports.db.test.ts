import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { CSRF_FIELD } from '../../core/http/csrf.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts';
import { checkConsistency } from '../../../test/consistency.ts';
import { textOf } from '../../../test/forms.ts';
import { registryCheckDigit } from '../associations/schema.ts';
import { createAssociation } from '../associations/service.ts';
import { insertSettlement, listSettlements } from '../people/repo.ts';
import { createPerson } from '../people/service.ts';
import { localToday } from '../accounts/age.ts';
import { readCsv, readXlsx } from './parse.ts';

/**
 * Issue #4 point 9 end to end over HTTP: upload → preview with per-row errors in the reader's
 * script → fix rows → confirm writes the valid rows once, in one transaction (or nothing) →
 * exports (logged for people) that import back to the same sheet.
 */
let t: TestApp;
let coord: TestClient;
let coordB: TestClient;
let officeA: string;
let officeB: string;
before(async () => {
  t = await createTestApp();
  coord = await t.clientAs('pancevo@primer.test');
  coordB = await t.clientAs('cacak@primer.test');
  const ids = await t.db.query<{ id: string; slug: string }>(`SELECT id, slug FROM offices WHERE slug IN ('pancevo', 'cacak')`);
  officeA = ids.find((o) => o.slug === 'pancevo')!.id;
  officeB = ids.find((o) => o.slug === 'cacak')!.id;
});
after(() => t.close());

/** A valid matični broj from seven digits (the eighth is the check digit). */
const mb = (seven: string) => seven + registryCheckDigit(seven);
const A = '/lat/admin/kancelarije/pancevo';

async function upload(client: TestClient, path: string, kind: string, file: File): Promise<Response> {
  const body = new FormData();
  body.set(CSRF_FIELD, client.csrf);
  body.set('kind', kind);
  body.set('file', file);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return t.app.request(`http://kzm.test${path}`, { method: 'POST', headers: { cookie }, body });
}
const csv = (text: string, name = 'lista.csv') => new File([text], name, { type: 'text/csv' });
/** Uploads to office A and returns the preview's path (without the script). */
async function uploadOk(kind: string, file: File): Promise<string> {
  const res = await upload(coord, `${A}/uvoz`, kind, file);
  assert.equal(res.status, 303, await res.text());
  const loc = res.headers.get('location')!;
  assert.match(loc, /^\/lat\/admin\/kancelarije\/pancevo\/uvoz\/[0-9a-f-]{36}$/);
  return loc.slice(4);
}
const count = async (sql: string, params: unknown[] = []) =>
  (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]!.n;
const registerCounts = async () => ({
  associations: await count('associations'),
  people: await count('people'),
  consents: await count('person_consents'),
  access: await count('personal_data_access'),
  partners: await count('partners'),
});
const importId = (path: string) => path.split('/').pop()!;
async function importRow(path: string) {
  return (
    await t.db.query<{ status: string; rows: unknown[]; written: number; row_count: number }>(
      'SELECT status, rows, written, row_count FROM imports WHERE id = $1',
      [importId(path)],
    )
  )[0]!;
}
/** The text of a preview row (its state cell and cells), by row number. */
function rowText(html: string, line: number): string {
  const m = new RegExp(`<tr id="row-${line}">([\\s\\S]*?)</tr>`).exec(html);
  assert.ok(m, `row ${line} is shown`);
  return textOf(m[1]!);
}

describe('import with bad rows', () => {
  test('every kind of bad row gets its message beside its cell, in the reader script; nothing is written', async () => {
    const today = localToday(new Date());
    const year = Number(today.slice(0, 4));
    const future = `${year + 1}-01-15`;
    const under15 = `${year - 10}-06-01`;
    // Someone already in A's register, to be found as a duplicate.
    await t.db.transaction((tx) =>
      createPerson(tx, officeA, null, {
        full_name: 'Vesna Postojeća',
        email: 'vesna.postojeca@primer.test',
        phone: '',
        birth_date: '2001-02-03',
        gender: null,
        settlement_id: null,
        status: null,
        interests: [],
        script: 'lat',
        consents: ['register'],
        source: 'offline',
        paper: { given_by: 'self', parent_name: '', parent_email: '', evidence_note: 'registrator' },
      }),
    );
    const before = await registerCounts();
    const people = [
      'Ime i prezime;Datum rođenja;E-pošta;Telefon;Saglasnost dao/la;Ime roditelja;Gde se čuva saglasnost;Boja očiju',
      'Ana Ispravna;2005-04-01;ana.ispravna@primer.test;064/123-4567;sama;;registrator 2025',
      'Bojan Loš Mejl;2004-01-01;bojan@;;sam;;registrator 2025',
      'Ceca Loš Telefon;2004-01-01;;abc;sama;;registrator 2025',
      `Dušan Budući;${future};;;sam;;registrator 2025`,
      `Ema Mala;${under15};;;sama;;registrator 2025`,
      'Ana Ispravna;01.04.2005.;;;sama;;registrator 2025',
      'Vesna Postojeća;2001-02-03;;;sama;;registrator 2025',
      'Filip Ćirilični;2003-03-03;филип@пример.рс;;sam;;registrator 2025',
      `Goran Dvostruki;${under15};гоки@пример.рс;;sam;;registrator 2025`,
    ].join('\n');
    const path = await uploadOk('people', csv(people, 'mladi.csv'));
    assert.deepEqual(await registerCounts(), before, 'a preview writes nothing to the registers');
    const stored = await importRow(path);
    assert.equal(stored.status, 'preview');
    assert.equal(stored.row_count, 9);

    const html = await (await coord.get(`/lat${path}`)).text();
    assert.match(html, /Ove kolone nisu prepoznate i neće biti uvezene: Boja očiju\./);
    assert.match(rowText(html, 2), /Ispravan/);
    assert.match(rowText(html, 3), /Upišite ispravnu e-adresu/);
    assert.match(rowText(html, 4), /Upišite broj telefona ciframa/);
    assert.match(rowText(html, 5), /Datum rođenja ne može biti u budućnosti/);
    assert.match(rowText(html, 6), /Mlađi od 15 godina: saglasnost mora dati roditelj/);
    assert.match(rowText(html, 7), /Isti kao red 2 u datoteci\./);
    assert.match(rowText(html, 8), /Već postoji u registru: Vesna Postojeća \(2001-02-03\)\./);
    assert.match(rowText(html, 9), /pišu se latiničnim slovima/);
    // Every error of a row at once: the age rule is not held back by a wrong e-mail.
    assert.match(rowText(html, 10), /pišu se latiničnim slovima.*Mlađi od 15 godina/);
    assert.match(textOf(html), /Redova 9 Ispravnih 3 Sa greškama 6 Duplikata 2/);
    // Errors first, then duplicates, then valid rows.
    const order = [...html.matchAll(/<tr id="row-(\d+)">/g)].map((m) => Number(m[1]));
    assert.deepEqual(order, [3, 4, 5, 6, 9, 10, 7, 8, 2]);

    // The same preview in Cyrillic and English: messages re-rendered from their keys.
    const cir = await (await coord.get(`/cir${path}`)).text();
    assert.match(rowText(cir, 5), /Датум рођења не може бити у будућности/);
    assert.match(rowText(cir, 8), /Већ постоји у регистру: Весна Постојећа/);
    const en = await (await coord.get(`/en${path}`)).text();
    assert.match(rowText(en, 3), /Enter a valid e-mail address/);
    assert.match(rowText(en, 9), /written in Latin letters/);

    // Confirming while rows have errors is refused, and writes nothing.
    const refused = await coord.post(`/lat${path}/potvrdi`, {});
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /Neki redovi još imaju greške/);
    assert.deepEqual(await registerCounts(), before);
  });

  test('two rows fixed in place, the rest skipped: exactly the valid rows are written, once', async () => {
    const existing = mb('2812345');
    await t.db.transaction((tx) =>
      createAssociation(tx, officeA, null, {
        kind: 'youth',
        name: 'Staro udruženje (uvoz)',
        short_name: '',
        legal_form: 'association',
        registry_number: existing,
        founded_year: null,
        address: '',
        email: '',
        phone: '',
        website: '',
        contact_person: '',
        description: '',
        areas: [],
        target_groups: [],
        members_total: null,
        members_young: null,
        active: true,
      }),
    );
    const before = await registerCounts();
    const file = [
      'Naziv;Vrsta;Matični broj;E-pošta;Oblasti rada',
      `Prvo dobro (uvoz);Udruženje mladih;${mb('2812346')};prvo@primer.test;"obrazovanje; zdravlje i odrastanje"`,
      `Loš broj (uvoz);Udruženje za mlade;12345678;;`,
      `Ćirilična adresa (uvoz);savez;${mb('2812347')};савез@пример.рс;`,
      `Isto ime (uvoz);neformalna grupa;;;`,
      `Isto ime (uvoz);neformalna grupa;;;`,
      `Drugo ime, isti broj (uvoz);Udruženje mladih;${existing};;`,
      `Ostaje loš (uvoz);mladi ljudi;;;`,
    ].join('\n');
    const path = await uploadOk('associations', csv(file, 'udruzenja.csv'));
    let html = await (await coord.get(`/lat${path}`)).text();
    assert.match(rowText(html, 3), /Matični broj/i);
    assert.match(rowText(html, 6), /Isti kao red 5/);
    assert.match(rowText(html, 7), /Već postoji u registru: Staro udruženje \(uvoz\)/);
    assert.match(rowText(html, 8), /Nepoznata vrednost „mladi ljudi”\. Dozvoljene vrednosti: Udruženje mladih, Udruženje za mlade/);

    // Fix row 3 (registry number) and row 4 (e-mail typed in Cyrillic) on their edit pages.
    const edit = await coord.get(`/lat${path}/red/4`);
    assert.equal(edit.status, 200);
    const editHtml = await edit.text();
    assert.match(editHtml, /value="савез@пример.рс"/, 'the value as typed');
    assert.match(editHtml, /<option value="umbrella" selected="">Savez udruženja<\/option>/, 'a label read as its code');
    const stillBad = await coord.post(`/lat${path}/red/3`, { name: 'Loš broj (uvoz)', kind: 'for_youth', registry_number: '87654321' });
    assert.equal(stillBad.status, 400, 'a fix that is still wrong re-renders the row with its error');
    assert.match(await stillBad.text(), /value="87654321"/);
    for (const [line, values] of [
      [3, { name: 'Loš broj (uvoz)', kind: 'for_youth', registry_number: mb('2812348') }],
      [4, { name: 'Ćirilična adresa (uvoz)', kind: 'umbrella', registry_number: mb('2812347'), email: 'savez@primer.test' }],
    ] as const) {
      const res = await coord.post(`/lat${path}/red/${line}`, values);
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), `/lat${path}?n=imports.rowSaved#row-${line}`);
    }
    html = await (await coord.get(`/lat${path}`)).text();
    assert.match(rowText(html, 3), /Ispravan/);
    assert.match(rowText(html, 4), /Ispravan/);
    assert.match(textOf(html), /Redova 7 Ispravnih 6 Sa greškama 1 Duplikata 2/);
    assert.deepEqual(await registerCounts(), before, 'fixing rows writes nothing');

    // Still one row with errors: refused unless the person chooses to skip it.
    assert.equal((await coord.post(`/lat${path}/potvrdi`, {})).status, 400);
    const ok = await coord.post(`/lat${path}/potvrdi`, { skip_errors: 'on' });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), `/lat${path}?n=imports.confirmed`);
    const written = await t.db.query<{ name: string; kind: string; registry_number: string | null; email: string; areas: string[] }>(
      `SELECT name, kind, registry_number, email, areas FROM associations WHERE office_id = $1 AND name LIKE '%(uvoz)' AND name <> 'Staro udruženje (uvoz)'`,
      [officeA],
    );
    written.sort((a, b) => a.name.localeCompare(b.name, 'sr-Latn'));
    assert.deepEqual(written, [
      { name: 'Ćirilična adresa (uvoz)', kind: 'umbrella', registry_number: mb('2812347'), email: 'savez@primer.test', areas: [] },
      { name: 'Isto ime (uvoz)', kind: 'informal', registry_number: null, email: '', areas: [] },
      { name: 'Loš broj (uvoz)', kind: 'for_youth', registry_number: mb('2812348'), email: '', areas: [] },
      {
        name: 'Prvo dobro (uvoz)',
        kind: 'youth',
        registry_number: mb('2812346'),
        email: 'prvo@primer.test',
        areas: ['education', 'health'],
      },
    ]);
    assert.equal((await registerCounts()).associations, before.associations + 4, 'duplicates skipped, the bad row skipped');
    const done = await importRow(path);
    assert.deepEqual([done.status, done.rows, done.written, done.row_count], ['confirmed', [], 4, 7], 'rows are not kept after confirming');
    assert.equal(await count(`audit_events WHERE action = 'import.confirm' AND target = $1`, [importId(path)]), 1);

    // A second confirmation (another tab) writes nothing more; editing is over.
    const again = await coord.post(`/lat${path}/potvrdi`, { skip_errors: 'on' });
    assert.equal(again.headers.get('location'), `/lat${path}?n=imports.err.finished`);
    assert.equal((await registerCounts()).associations, before.associations + 4);
    assert.equal((await coord.post(`/lat${path}/red/8`, { name: 'x' })).status, 303);
    const page = await (await coord.get(`/lat${path}`)).text();
    assert.match(page, /upisano je 4 od 7 redova/);
  });

  test('a row failing mid-way leaves nothing written; the same preview then confirms in full', async () => {
    const file = [
      'Naziv;Vrsta',
      'Prvi red (atom);neformalna grupa',
      'Kvar u sredini (atom);neformalna grupa',
      'Treći red (atom);neformalna grupa',
    ].join('\n');
    const path = await uploadOk('associations', csv(file));
    const before = await registerCounts();
    const auditBefore = await count('audit_events');
    await t.db.exec(`
      CREATE FUNCTION kzm_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.name = 'Kvar u sredini (atom)' THEN RAISE EXCEPTION 'test: insert fails'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER kzm_test_fail BEFORE INSERT ON associations FOR EACH ROW EXECUTE FUNCTION kzm_test_fail();`);
    try {
      const res = await coord.post(`/lat${path}/potvrdi`, {});
      assert.equal(res.status, 400);
      assert.match(await res.text(), /Ništa nije upisano: red 3 nije mogao da se sačuva/);
      assert.deepEqual(await registerCounts(), before, 'the first row was rolled back with the failing one');
      assert.equal(await count('audit_events'), auditBefore, 'no audit event for a write that did not happen');
      assert.equal((await importRow(path)).status, 'preview');
    } finally {
      await t.db.exec('DROP TRIGGER kzm_test_fail ON associations; DROP FUNCTION kzm_test_fail();');
    }
    assert.equal((await coord.post(`/lat${path}/potvrdi`, {})).status, 303);
    assert.equal((await registerCounts()).associations, before.associations + 3);
  });

  test('two confirmations at once import once', async () => {
    const file = ['Naziv;Vrsta', 'Dvaput A (dupli klik);neformalna grupa', 'Dvaput B (dupli klik);neformalna grupa'].join('\n');
    const path = await uploadOk('associations', csv(file));
    const before = (await registerCounts()).associations;
    const [a, b] = await Promise.all([coord.post(`/lat${path}/potvrdi`, {}), coord.post(`/lat${path}/potvrdi`, {})]);
    const locations = [a.headers.get('location'), b.headers.get('location')].sort();
    assert.deepEqual(locations, [`/lat${path}?n=imports.confirmed`, `/lat${path}?n=imports.err.finished`]);
    assert.equal((await registerCounts()).associations, before + 2);
    assert.equal(await count(`associations WHERE name LIKE '%(dupli klik)'`), 2);
  });

  test('a change in the register after the preview refreshes it instead of writing', async () => {
    const number = mb('2812349');
    const path = await uploadOk('associations', csv(`Naziv;Vrsta;MB\nKasnije upisano (primer);Udruženje mladih;${number}\n`));
    await t.db.transaction((tx) =>
      createAssociation(tx, officeA, null, {
        kind: 'youth',
        name: 'Upisano u međuvremenu (primer)',
        short_name: '',
        legal_form: 'association',
        registry_number: number,
        founded_year: null,
        address: '',
        email: '',
        phone: '',
        website: '',
        contact_person: '',
        description: '',
        areas: [],
        target_groups: [],
        members_total: null,
        members_young: null,
        active: true,
      }),
    );
    const before = await registerCounts();
    const res = await coord.post(`/lat${path}/potvrdi`, {});
    assert.equal(res.status, 400);
    assert.match(await res.text(), /Registar se u međuvremenu promenio/);
    assert.deepEqual(await registerCounts(), before);
    assert.match(rowText(await (await coord.get(`/lat${path}`)).text(), 2), /Već postoji u registru: Upisano u međuvremenu/);
  });

  test('a duplicate is skipped unless chosen; the choice survives a refused confirmation', async () => {
    const file = ['Naziv;Vrsta', 'Ogranak (izbor);neformalna grupa', 'Ogranak (izbor);neformalna grupa', ';neformalna grupa'].join('\n');
    const path = await uploadOk('associations', csv(file));
    let html = await (await coord.get(`/lat${path}`)).text();
    assert.match(rowText(html, 3), /Isti kao red 2 u datoteci\./);
    assert.match(html, /<input type="checkbox" id="f-include-3" name="include" value="3"\/>/, 'not chosen by default');
    // Refused (row 4 has errors), but the choice to import row 3 anyway is kept.
    assert.equal((await coord.post(`/lat${path}/potvrdi`, { include: '3' })).status, 400);
    html = await (await coord.get(`/lat${path}`)).text();
    assert.match(html, /<input type="checkbox" id="f-include-3" name="include" value="3" checked=""\/>/);
    const before = await count(`associations WHERE name = 'Ogranak (izbor)'`);
    assert.equal((await coord.post(`/lat${path}/potvrdi`, { include: '3', skip_errors: 'on' })).status, 303);
    assert.equal(await count(`associations WHERE name = 'Ogranak (izbor)'`), before + 2, 'both rows, as chosen');
    assert.equal((await importRow(path)).written, 2);
  });

  test('cancel empties the preview and writes nothing', async () => {
    const path = await uploadOk('partners', csv('Naziv;Vrsta\nGimnazija (otkazano);škola\n'));
    const before = await registerCounts();
    const res = await coord.post(`/lat${path}/otkazi`, {});
    assert.equal(res.headers.get('location'), `/lat${path}?n=imports.cancelled`);
    assert.deepEqual(await registerCounts(), before);
    const row = await importRow(path);
    assert.deepEqual([row.status, row.rows, row.written], ['cancelled', [], 0]);
    assert.equal((await coord.post(`/lat${path}/potvrdi`, {})).headers.get('location'), `/lat${path}?n=imports.err.finished`);
  });
});

describe('file-level errors', () => {
  test('wrong columns, a disguised file, an empty one: one message each, in the reader script, nothing stored', async () => {
    const before = await count('imports');
    const wrong = await upload(coord, `${A}/uvoz`, 'associations', csv('Adresa;Telefon\nTrg 1;011/123-456\n'));
    assert.equal(wrong.status, 400);
    const html = await wrong.text();
    assert.match(
      html,
      /U datoteci nedostaju kolone: Naziv, Vrsta\. Očekivane kolone: Naziv \(obavezna\), Vrsta \(obavezna\), Skraćeni naziv/,
    );
    const cyr = await upload(coord, '/cir/admin/kancelarije/pancevo/uvoz', 'people', csv('Adresa\nTrg 1\n'));
    assert.match(await cyr.text(), /недостају колоне: Име и презиме, Датум рођења, Сагласност дао\/ла/);
    const disguised = await upload(
      coord,
      `${A}/uvoz`,
      'associations',
      new File(['<html><script>alert(1)</script>'], 'lista.csv', { type: 'text/csv' }),
    );
    assert.equal(disguised.status, 400);
    assert.match(await disguised.text(), /Sadržaj datoteke nije u dozvoljenom obliku/);
    const empty = await upload(coord, `${A}/uvoz`, 'associations', new File([], '', { type: 'application/octet-stream' }));
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /Izaberite datoteku/);
    const badKind = await upload(coord, `${A}/uvoz`, 'users', csv('Naziv;Vrsta\nX;Y\n'));
    assert.equal(badKind.status, 400);
    assert.equal(await count('imports'), before);
  });
});

describe('markup in a file', () => {
  test('cells and the file name are shown as text, never as markup, in the preview and the row form', async () => {
    const path = await uploadOk(
      'partners',
      csv(
        'Naziv;Vrsta;Napomene\n<script>alert("kzm-import")</script>;škola;<img src=x onerror=alert(2)>\n',
        '<img src=x onerror=alert(1)>.csv',
      ),
    );
    for (const page of [`/lat${path}`, `/cir${path}`, `/lat${path}/red/2`]) {
      const html = await (await coord.get(page)).text();
      assert.doesNotMatch(html, /<script>alert\("kzm-import"\)|<img src=x/, page);
      assert.match(html, /&lt;script&gt;alert|&lt;img src=x/, `${page} shows the text`);
    }
    assert.equal((await coord.post(`/lat${path}/otkazi`, {})).status, 303);
  });
});

describe('cross-office', () => {
  test("office B cannot see, fix, confirm or cancel office A's import", async () => {
    const path = await uploadOk('associations', csv('Naziv;Vrsta\nTuđe (primer);neformalna grupa\n'));
    const id = importId(path);
    const before = await registerCounts();
    // Through B's own office path the import does not exist; through A's path B has no access.
    const viaB = `/lat/admin/kancelarije/cacak/uvoz/${id}`;
    assert.equal((await coordB.get(viaB)).status, 404);
    assert.equal((await coordB.get(`${viaB}/red/2`)).status, 404);
    assert.equal((await coordB.post(`${viaB}/red/2`, { name: 'Preoteto', kind: 'informal' })).status, 404);
    assert.equal((await coordB.post(`${viaB}/potvrdi`, {})).status, 404);
    assert.equal((await coordB.post(`${viaB}/otkazi`, {})).status, 404);
    assert.equal((await coordB.get(`/lat${path}`)).status, 403);
    assert.equal((await coordB.post(`/lat${path}/potvrdi`, {})).status, 403);
    assert.deepEqual(await registerCounts(), before);
    assert.equal((await importRow(path)).status, 'preview');
    assert.deepEqual((await importRow(path)).rows.length, 1);
  });
});

describe('export', () => {
  test('exporting young people logs an export access for every exported person, and is never cached', async () => {
    const live = await count(
      `people p WHERE p.office_id = $1 AND p.merged_into_id IS NULL AND p.anonymised_at IS NULL
         AND EXISTS (SELECT 1 FROM person_consents c WHERE c.office_id = p.office_id AND c.person_id = p.id AND c.purpose = 'register'
                     AND c.withdrawn_at IS NULL AND (c.given_by = 'self' OR c.evidence <> 'online' OR c.parent_confirmed_at IS NOT NULL))`,
      [officeA],
    );
    assert.ok(live > 3, `the demo office has people (${live})`);
    const exportsBefore = await count(`personal_data_access WHERE action = 'export' AND office_id = $1`, [officeA]);
    const res = await coord.get(`${A}/izvoz/mladi.csv`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="pancevo-people-\d{4}-\d{2}-\d{2}\.csv"/);
    const table = readCsv(new Uint8Array(await res.arrayBuffer()));
    assert.ok(table.ok);
    assert.equal(table.value.rows.length, live);
    assert.equal(table.value.header[0], 'Ime i prezime');
    assert.ok(!table.value.header.some((h) => /etni|invalid|zdravlj/i.test(h)), 'no special categories');
    assert.equal(await count(`personal_data_access WHERE action = 'export' AND office_id = $1`, [officeA]), exportsBefore + live);
    const logged = await t.db.query<{ n: number }>(
      `SELECT count(DISTINCT person_id)::int AS n FROM personal_data_access a JOIN users u ON u.id = a.actor_id
        WHERE a.office_id = $1 AND a.action = 'export' AND u.email = 'pancevo@primer.test'`,
      [officeA],
    );
    assert.equal(logged[0]!.n, live, 'one entry per person, naming who exported');
  });

  test('templates have the import columns in the reader script', async () => {
    const cir = await coord.get('/cir/admin/kancelarije/pancevo/uvoz/obrazac/udruzenja.xlsx');
    assert.equal(cir.status, 200);
    const table = await readXlsx(new Uint8Array(await cir.arrayBuffer()));
    assert.equal(table.ok, false, 'a template has no data rows');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (await (await coord.get('/cir/admin/kancelarije/pancevo/uvoz/obrazac/udruzenja.xlsx')).arrayBuffer()) as ArrayBuffer,
    );
    assert.deepEqual((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1, 4), ['Назив', 'Врста', 'Скраћени назив']);
    const csvTemplate = await (await coord.get(`${A}/uvoz/obrazac/mladi.csv`)).text();
    assert.match(csvTemplate, /^Ime i prezime;Datum rođenja;E-pošta/);
    assert.equal((await coord.get(`${A}/uvoz/obrazac/svi.csv`)).status, 404);
    assert.equal((await coord.get(`${A}/izvoz/udruzenja.pdf`)).status, 404);
  });

  test('export → import → export gives the same sheet (associations, partners, people, CSV and XLSX)', async () => {
    // People: office B needs A's settlements to place them.
    for (const s of await listSettlements(t.db, officeA))
      await insertSettlement(t.db, officeB, { name: s.name, kind: s.kind, searchKey: searchKey(s.name) });
    const cases = [
      ['udruzenja', 'associations', 'xlsx'],
      ['partneri', 'partners', 'csv'],
      ['mladi', 'people', 'xlsx'],
    ] as const;
    // Something in every register of A, typed in both scripts.
    const seed = await uploadOk(
      'partners',
      csv(
        'Naziv;Vrsta;E-pošta;Telefon;Napomene;Aktivno\nDom zdravlja Pančevo;dom zdravlja;dz@primer.test;+381 13 123 456;=napomena;da\nКултурни центар;културни центар;;;"Два\nреда";не\n',
      ),
    );
    assert.equal((await coord.post(`/lat${seed}/potvrdi`, {})).status, 303);
    const B = '/lat/admin/kancelarije/cacak';
    for (const [slug, kind, format] of cases) {
      const fromA = await coord.get(`${A}/izvoz/${slug}.${format}`);
      const bytes = new Uint8Array(await fromA.arrayBuffer());
      const sheetA = format === 'csv' ? readCsv(bytes) : await readXlsx(bytes);
      assert.ok(sheetA.ok, `${slug}: A's export reads`);
      assert.ok(sheetA.value.rows.length > 1, `${slug}: A has rows`);
      const up = await upload(coordB, `${B}/uvoz`, kind, new File([bytes], `${slug}.${format}`));
      assert.equal(up.status, 303, `${slug}: B's upload`);
      const preview = up.headers.get('location')!;
      const stored = (
        await t.db.query<{ rows: Array<{ line: number; errors: object; duplicate: { of: string } | null }> }>(
          'SELECT rows FROM imports WHERE id = $1',
          [preview.split('/').pop()],
        )
      )[0]!.rows;
      assert.deepEqual(
        stored.filter((r) => Object.keys(r.errors).length > 0 || r.duplicate?.of === 'register'),
        [],
        `${slug}: every exported row imports cleanly`,
      );
      // A holds look-alikes on purpose (an earlier test chose to import a duplicate): so does B.
      const alike = stored.filter((r) => r.duplicate?.of === 'file').map((r) => String(r.line));
      assert.equal((await coordB.post(`${preview}/potvrdi`, { include: alike.join(',') })).status, 303);
      const fromB = new Uint8Array(await (await coordB.get(`${B}/izvoz/${slug}.${format}`)).arrayBuffer());
      const sheetB = format === 'csv' ? readCsv(fromB) : await readXlsx(fromB);
      assert.ok(sheetB.ok);
      assert.deepEqual(sheetB.value.header, sheetA.value.header);
      const key = (cells: string[]) => JSON.stringify(cells);
      const inB = new Set(sheetB.value.rows.map((r) => key(r.cells)));
      const missing = sheetA.value.rows.filter((r) => !inB.has(key(r.cells)));
      assert.deepEqual(missing, [], `${slug}: every row of A's sheet is in B's, cell for cell`);
    }
  });
});

describe('afterwards', () => {
  test('the database is consistent (imports hold no rows once finished; imported people have their consent and log)', async () => {
    const imported = await count(`people WHERE source = 'import'`);
    assert.ok(imported > 10, `people were imported (${imported})`);
    await checkConsistency(t.db);
  });
});
