import '../../app.ts'; // installs the UI strings
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sniffType } from '../../core/http/uploads.ts';
import { t } from '../../core/i18n/messages.ts';
import { toCsv, toSheet, toXlsx } from './export.ts';
import { excelDay, headerSpecs, normaliseRow } from './kind.ts';
import { associationColumns } from './kinds/associations.ts';
import { peopleColumns } from './kinds/people.ts';
import { lyingXlsx, manyCellsXlsx, plainXlsx, sheetXlsx } from '../../../test/xlsx.ts';
import {
  MAX_CELLS,
  MAX_COLUMNS,
  MAX_ROWS,
  MAX_XLSX_UNPACKED,
  cellText,
  chooseHeader,
  decodeText,
  detectDelimiter,
  looksLikeCp1251,
  matchHeaders,
  readCsv,
  readXlsx,
  zipUnpackedSize,
  type Read,
  type Table,
} from './parse.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const utf16 = (s: string, le: boolean) => {
  const b = new Uint8Array(2 + s.length * 2);
  b.set(le ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    b[2 + 2 * i] = le ? c & 0xff : c >> 8;
    b[3 + 2 * i] = le ? c >> 8 : c & 0xff;
  }
  return b;
};
function ok(r: Read<Table>): Table {
  if (!r.ok) assert.fail(`expected a table, got ${r.error.key} ${JSON.stringify(r.error.vars ?? {})}`);
  return r.value;
}

const SAMPLE = 'Naziv;Grad;E-pošta\nUdruženje „Đački most”;Čačak;info@most.rs\nЂорђе и Љиља;Пожега;\n';
const SAMPLE_ROWS = [
  { line: 2, cells: ['Udruženje „Đački most”', 'Čačak', 'info@most.rs'] },
  { line: 3, cells: ['Ђорђе и Љиља', 'Пожега', ''] },
];

describe('encodings', () => {
  test('UTF-8 with and without a BOM, UTF-16 LE and BE with their BOMs read the same', () => {
    for (const [bytes, encoding] of [
      [utf8(SAMPLE), 'utf-8'],
      [concat(new Uint8Array([0xef, 0xbb, 0xbf]), utf8(SAMPLE)), 'utf-8-bom'],
      [utf16(SAMPLE, true), 'utf-16le'],
      [utf16(SAMPLE, false), 'utf-16be'],
    ] as const) {
      const table = ok(readCsv(bytes));
      assert.equal(table.encoding, encoding);
      assert.deepEqual(table.header, ['Naziv', 'Grad', 'E-pošta'], encoding);
      assert.deepEqual(table.rows, SAMPLE_ROWS, encoding);
    }
  });

  test('a real Windows-1250 file (Serbian and Hungarian Latin) is read as Windows-1250', () => {
    const text = 'Ime;Mesto\nŠćepan Đurić;Čačak\nŽiža Ćosić;Šabac\nKovács Ödön;Szabadka\n';
    const bytes = new Uint8Array(iconv.encode(text, 'windows-1250'));
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'not valid UTF-8');
    const table = ok(readCsv(bytes));
    assert.equal(table.encoding, 'windows-1250');
    assert.deepEqual(
      table.rows.map((r) => r.cells),
      [
        ['Šćepan Đurić', 'Čačak'],
        ['Žiža Ćosić', 'Šabac'],
        ['Kovács Ödön', 'Szabadka'],
      ],
    );
  });

  test('Cyrillic saved as Windows-1251 is recognised by its word shapes, not read as 1250 gibberish', () => {
    const text = 'Име;Место\nЂорђе Љубић;Чачак\nЖељка Њежић;Шабац\nMilan Markovic;Ivanjica\n';
    const bytes = new Uint8Array(iconv.encode(text, 'windows-1251'));
    assert.equal(looksLikeCp1251(bytes), true);
    const table = ok(readCsv(bytes));
    assert.equal(table.encoding, 'windows-1251');
    assert.deepEqual(table.header, ['Име', 'Место']);
    assert.deepEqual(table.rows[0]!.cells, ['Ђорђе Љубић', 'Чачак']);
    assert.deepEqual(table.rows[2]!.cells, ['Milan Markovic', 'Ivanjica'], 'ASCII Latin in a 1251 file survives too');
    // The heuristic on its own: Latin words with accents sit among ASCII letters.
    assert.equal(looksLikeCp1251(new Uint8Array(iconv.encode('Šćepan Čačak Ödön', 'windows-1250'))), false);
  });

  test('a file mixing UTF-8 and Windows-1250 is refused with one clear message, not half-garbled', () => {
    const bytes = concat(
      utf8('Naziv;Grad\nČačanski đaci;Čačak\n'),
      new Uint8Array(iconv.encode('Šabački omladinci;Šabac\n', 'windows-1250')),
    );
    const r = readCsv(bytes);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.key, 'imports.err.mixedEncoding');
    assert.match(t('lat', 'imports.err.mixedEncoding'), /CSV UTF-8/);
  });

  test('broken UTF-16 and broken UTF-8 after a BOM are errors', () => {
    assert.equal(decodeText(new Uint8Array([0xff, 0xfe, 0x41])).ok, false, 'odd length');
    const r = decodeText(concat(new Uint8Array([0xef, 0xbb, 0xbf]), utf8('a;b\n'), new Uint8Array([0xe8, 0x9a])));
    assert.equal(!r.ok && r.error.key, 'imports.err.mixedEncoding');
  });

  test('UTF-16 files with a BOM pass the upload check as text; other NUL-laden bytes do not', () => {
    assert.equal(sniffType(utf16(SAMPLE, true)), 'text/csv');
    assert.equal(sniffType(utf16(SAMPLE, false)), 'text/csv');
    assert.equal(sniffType(utf16('<html><script>alert(1)</script>', true)), null, 'markup stays refused');
    assert.equal(sniffType(new Uint8Array([0, 0, 0, 0, 65, 0])), null);
  });
});

describe('CSV structure', () => {
  test('delimiter: ; , or tab, whichever the header uses (quotes ignored); ; on a tie', () => {
    assert.equal(detectDelimiter('a;b;c\n1,5;2'), ';');
    assert.equal(detectDelimiter('a,b,c\n1;2'), ',');
    assert.equal(detectDelimiter('a\tb\tc'), '\t');
    assert.equal(detectDelimiter('"a;b",c,d'), ',');
    assert.equal(detectDelimiter('\n\nnaziv'), ';');
    for (const d of [';', ',', '\t']) {
      const table = ok(readCsv(utf8(['Naziv', 'Grad'].join(d) + '\n' + ['Most', 'Čačak'].join(d) + '\n')));
      assert.deepEqual(table.rows[0]!.cells, ['Most', 'Čačak'], JSON.stringify(d));
    }
  });

  test('quoted cells keep delimiters, quotes and line breaks; rows are numbered as a spreadsheet shows them', () => {
    const csv = 'Naziv,Opis\r\n"Most, Čačak","Prvi red\r\nDrugi ""red"""\r\n\r\nTreće,x\r\n\r\n\r\n';
    const table = ok(readCsv(utf8(csv)));
    assert.deepEqual(table.rows, [
      { line: 2, cells: ['Most, Čačak', 'Prvi red\nDrugi "red"'] },
      { line: 4, cells: ['Treće', 'x'] },
    ]);
  });

  test('cells are trimmed; empty rows and trailing empty lines are no rows', () => {
    const table = ok(readCsv(utf8('  Naziv ; Grad \n;\n  Most ;  Čačak  \n;;\n\n')));
    assert.deepEqual(table.header, ['Naziv', 'Grad']);
    assert.deepEqual(table.rows, [{ line: 3, cells: ['Most', 'Čačak'] }]);
  });

  test('an unclosed quote is a file error naming the row', () => {
    const r = readCsv(utf8('Naziv;Grad\nMost;Čačak\n"Neki;Šabac\n'));
    assert.equal(!r.ok && r.error.key, 'imports.err.csvSyntax');
    assert.equal(!r.ok && r.error.vars?.line, 3);
  });

  test('empty file, blank file, header without data, too many rows', () => {
    assert.equal((readCsv(utf8('')) as { error: { key: string } }).error.key, 'imports.err.empty');
    assert.equal((readCsv(utf8(' \n ; \n\n')) as { error: { key: string } }).error.key, 'imports.err.empty');
    assert.equal((readCsv(utf8('Naziv;Grad\n\n')) as { error: { key: string } }).error.key, 'imports.err.noData');
    const many = 'Naziv\n' + Array.from({ length: MAX_ROWS + 1 }, (_, i) => `Udruženje ${i}`).join('\n');
    const r = readCsv(utf8(many));
    assert.equal(!r.ok && r.error.key, 'imports.err.tooManyRows');
    assert.deepEqual(!r.ok && r.error.vars, { max: MAX_ROWS, rows: MAX_ROWS + 1 });
    assert.equal(ok(readCsv(utf8('Naziv\n' + Array.from({ length: MAX_ROWS }, (_, i) => `U ${i}`).join('\n')))).rows.length, MAX_ROWS);
  });
});

describe('XLSX', () => {
  async function workbook(fill: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    fill(wb.addWorksheet('Udruženja'));
    fill(wb.addWorksheet('Drugi list')); // only the first sheet is read
    return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  }

  test('first worksheet; rich text, dates, numbers, formula results, hyperlinks become the text people see', async () => {
    const bytes = await workbook((ws) => {
      ws.addRow(['Назив', 'Datum', 'Broj', 'Zbir', 'Sajt', 'Greška']);
      ws.addRow([
        { richText: [{ text: 'Udruženje ' }, { text: 'Most', font: { bold: true } }] },
        new Date(Date.UTC(2008, 2, 21)),
        25,
        { formula: 'C2*2', result: 50 },
        { text: 'most.rs', hyperlink: 'https://most.rs' },
        { error: '#N/A' },
      ]);
      ws.addRow([]);
      ws.addRow([
        'Drugo',
        new Date(Date.UTC(2024, 0, 5, 14, 30)),
        0.1 + 0.2,
        { formula: 'TODAY()', result: new Date(Date.UTC(2025, 5, 1)) },
        { text: { richText: [{ text: 'a' }, { text: 'b' }] }, hyperlink: 'https://ab.rs' },
        '',
      ]);
    });
    assert.equal(sniffType(bytes), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const r = await readXlsx(bytes);
    const table = ok(r);
    assert.equal(table.encoding, 'xlsx');
    assert.deepEqual(table.header, ['Назив', 'Datum', 'Broj', 'Zbir', 'Sajt', 'Greška']);
    assert.deepEqual(table.rows, [
      { line: 2, cells: ['Udruženje Most', '2008-03-21', '25', '50', 'most.rs', '#N/A'] },
      { line: 4, cells: ['Drugo', '2024-01-05 14:30', '0.3', '2025-06-01', 'ab', ''] },
    ]);
  });

  test('cellText on its own', () => {
    assert.equal(cellText(null), '');
    assert.equal(cellText(true), 'true');
    assert.equal(cellText(1e3), '1000');
    assert.equal(cellText({ sharedFormula: 'A1', result: 'x' }), 'x');
    assert.equal(cellText(new Date(Number.NaN)), '');
  });

  test('a broken XLSX, an empty sheet and too many rows are file errors; the ZIP directory is read before unpacking', async () => {
    const broken = concat(new Uint8Array([0x50, 0x4b, 0x03, 0x04]), utf8('[Content_Types].xml garbage'));
    assert.equal(((await readXlsx(broken)) as { error: { key: string } }).error.key, 'imports.err.xlsxBroken');
    const empty = await workbook(() => {});
    assert.equal(((await readXlsx(empty)) as { error: { key: string } }).error.key, 'imports.err.empty');
    const many = await workbook((ws) => {
      ws.addRow(['Naziv']);
      for (let i = 0; i <= MAX_ROWS; i++) ws.addRow([`U ${i}`]);
    });
    assert.equal(((await readXlsx(many)) as { error: { key: string } }).error.key, 'imports.err.tooManyRows');
    const size = zipUnpackedSize(empty);
    assert.ok(size !== null && size > 1000 && size < 1_000_000, String(size));
    assert.equal(zipUnpackedSize(utf8('not a zip at all, no directory')), null);
  });
});

describe('headers', () => {
  const specs = headerSpecs(associationColumns);

  test('headers match in any script, case, diacritics, punctuation and spacing; unknown columns are listed', () => {
    const m = matchHeaders(['НАЗИВ', 'vrsta', 'Maticni  broj', 'E-POŠTA:', 'Е-пошта', 'Napomena', 'Napomena za nas', ''], specs);
    assert.deepEqual(m.fields, ['name', 'kind', 'registry_number', 'email', null, 'description', null, null]);
    assert.deepEqual(m.ignored, ['Е-пошта', 'Napomena za nas']);
    assert.deepEqual(m.missing, []);
    const en = matchHeaders(['Name', 'Kind', 'Registry number', 'Areas of work', 'Unknown'], specs);
    assert.deepEqual(en.fields, ['name', 'kind', 'registry_number', 'areas', null]);
    assert.deepEqual(en.ignored, ['Unknown']);
  });

  test('missing required columns are named', () => {
    assert.deepEqual(matchHeaders(['Adresa', 'Telefon'], specs).missing, ['name', 'kind']);
  });

  test('a title row above the header is skipped', () => {
    const table = ok(readCsv(utf8('Spisak udruženja 2025;;\nNaziv;Vrsta;MB\nMost;Udruženje mladih;17162543\n')));
    const { table: chosen, match } = chooseHeader(table, specs);
    assert.equal(chosen.headerLine, 2);
    assert.deepEqual(match.fields, ['name', 'kind', 'registry_number']);
    assert.deepEqual(chosen.rows, [{ line: 3, cells: ['Most', 'Udruženje mladih', '17162543'] }]);
  });
});

describe('values', () => {
  test('codes accept the code or the label in Cyrillic, Latin or English; lists take , or ;', () => {
    for (const kind of ['youth', 'Удружење младих', 'udruženje mladih', 'UDRUZENJE MLADIH', 'Youth association', 'omladinsko udruženje']) {
      assert.equal(normaliseRow(associationColumns, { name: 'X', kind }).input.kind, 'youth', kind);
    }
    const r = normaliseRow(associationColumns, { name: 'X', kind: 'youth', areas: 'Образовање; zapošljavanje, youth_work' });
    assert.equal(r.input.areas, 'education,employment,youth_work');
    assert.deepEqual(r.errors, {});
    const comma = normaliseRow(associationColumns, {
      target_groups: 'Nezaposleni mladi, Mladi koji nisu u obrazovanju,zaposlenju ni obuci; Ромска омладина',
    });
    assert.deepEqual(
      [comma.input.target_groups, comma.errors.target_groups],
      ['unemployed,neet,roma', undefined],
      'a label holding a comma',
    );
    const bad = normaliseRow(associationColumns, { name: 'X', kind: 'mladi ljudi', areas: 'obrazovanje; sport' });
    assert.deepEqual(bad.errors.kind, { key: 'imports.err.code', vars: { value: 'mladi ljudi' } });
    assert.deepEqual(bad.errors.areas, { key: 'imports.err.code', vars: { value: 'sport' } });
  });

  test('e-mail, phone, registry number and website typed with Cyrillic letters are errors, never transliterated', () => {
    const r = normaliseRow(associationColumns, {
      name: 'X',
      kind: 'youth',
      email: 'мила@пример.рс',
      phone: '064/123-4567',
      website: 'https://пример.рс',
      registry_number: '17162543',
    });
    assert.deepEqual(r.errors, { email: { key: 'imports.err.latinOnly' }, website: { key: 'imports.err.latinOnly' } });
    assert.equal(r.input.email, 'мила@пример.рс', 'kept as typed');
    assert.match(t('cir', 'imports.err.latinOnly'), /латиничним/);
    assert.match(t('en', 'imports.err.latinOnly'), /Latin/);
  });

  test('a registry number whose leading zero a spreadsheet dropped gets it back', () => {
    assert.equal(normaliseRow(associationColumns, { registry_number: '7737068' }).input.registry_number, '07737068');
    assert.equal(normaliseRow(associationColumns, { registry_number: '17162543' }).input.registry_number, '17162543');
    assert.equal(normaliseRow(associationColumns, { registry_number: '123' }).input.registry_number, '123', 'too short to be a lost zero');
  });

  test('yes/no in any script; empty takes the default; required cells must be filled', () => {
    const yes = ['da', 'Да', 'YES', 'x', '1'].map((active) => normaliseRow(associationColumns, { active }).input.active);
    assert.deepEqual(yes, ['true', 'true', 'true', 'true', 'true']);
    assert.equal(normaliseRow(associationColumns, { active: 'не' }).input.active, '');
    assert.equal(normaliseRow(associationColumns, {}).input.active, 'true', 'no column: active');
    assert.deepEqual(normaliseRow(associationColumns, { active: 'možda' }).errors.active, { key: 'imports.err.bool' });
    assert.deepEqual(normaliseRow(associationColumns, { name: ' ' }).errors.name, { key: 'err.required' });
  });

  test('dates: ISO, 21.03.2008., Excel date cells and Excel day numbers', () => {
    const d = (birth_date: string) => normaliseRow(peopleColumns, { birth_date }).input.birth_date;
    assert.equal(d('2008-03-21'), '2008-03-21');
    assert.equal(d('21.03.2008.'), '21.03.2008.', 'left for the schema, which reads it');
    assert.equal(d('39528'), '2008-03-21');
    assert.equal(d('2008-03-21 00:00'), '2008-03-21');
    assert.equal(excelDay('123'), null);
    assert.equal(excelDay('45658'), '2025-01-01');
  });

  test("a CSV export's formula guard is removed on import", () => {
    assert.equal(normaliseRow(associationColumns, { phone: "'+381 64 123 4567" }).input.phone, '+381 64 123 4567');
    assert.equal(normaliseRow(associationColumns, { description: "'-- napomena" }).input.description, '-- napomena');
    assert.equal(normaliseRow(associationColumns, { description: "'ne dira se" }).input.description, "'ne dira se");
  });
});

describe('export files read back', () => {
  const rows = [
    {
      name: 'Udruženje „Most”; Čačak',
      kind: 'youth',
      registry_number: '07737068',
      phone: '+381 64 123 4567',
      description: 'Prvi red\nDrugi "red"',
      areas: ['education', 'health'],
      members_total: 40,
      active: true,
    },
    { name: 'Ђачки парламент', kind: 'informal', registry_number: null, description: '=1+1', areas: [], active: false },
  ];

  test('CSV: UTF-8 with BOM, ; between fields, formula cells guarded — and read back to the same cells', () => {
    const sheet = toSheet('lat', associationColumns, rows);
    const csv = toCsv(sheet);
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv);
    assert.match(text, /^\ufeffNaziv;Vrsta;/);
    assert.match(text, /;'\+381 64 123 4567;/);
    assert.match(text, /;'=1\+1;/);
    const table = ok(readCsv(csv));
    assert.equal(table.encoding, 'utf-8-bom');
    assert.deepEqual(table.header, sheet.header);
    assert.deepEqual(
      table.rows.map((r) =>
        r.cells.map((c) => normaliseRow([{ field: 'x', header: 'imports.h.name', type: { type: 'text' } }], { x: c }).input.x),
      ),
      sheet.rows.map((r) => r.map(String)),
    );
  });

  test('XLSX: the same cells, registry numbers keep their leading zero', async () => {
    const sheet = toSheet('cir', associationColumns, rows);
    const table = ok(await readXlsx(await toXlsx(sheet, 'Удружења')));
    assert.deepEqual(table.header, sheet.header);
    assert.deepEqual(
      table.rows.map((r) => r.cells.slice(0, sheet.header.length)),
      sheet.rows.map((r) => r.map(String)),
    );
    assert.equal(table.rows[0]!.cells[4], '07737068');
    assert.equal(table.rows[1]!.cells[0], 'Ђачки парламент');
  });
});

describe('hostile files', () => {
  const errorOf = (r: Read<Table>) => (r.ok ? null : r.error);
  /** Memory this process gained while `f` ran (sampled between its steps), in MB. */
  async function growth<T>(f: () => Promise<T>): Promise<{ value: T; mb: number }> {
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const value = await f();
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, mb: (peak - before) / 1024 / 1024 };
  }

  test('a 1 MB XLSX declaring 2,000 bytes that inflates to 950 MB stops at its declaration: broken, memory flat', async () => {
    const bomb = lyingXlsx(950, 2000);
    assert.ok(bomb.length < 1024 * 1024 && (zipUnpackedSize(bomb) ?? 0) < 10_000, 'small, and its directory declares little');
    const { value, mb } = await growth(() => readXlsx(bomb));
    assert.deepEqual(errorOf(value), { key: 'imports.err.xlsxBroken' });
    assert.ok(mb < 64, `memory grew ${mb.toFixed(0)} MB`);
    // A lie within the cap is caught the same way; an honest declaration over the cap is refused unread.
    assert.deepEqual(errorOf(await readXlsx(lyingXlsx(200, 60 * 1024 * 1024))), { key: 'imports.err.xlsxBroken' });
    const honest = lyingXlsx(110, 110 * 1024 * 1024 + 500);
    assert.ok(zipUnpackedSize(honest)! > MAX_XLSX_UNPACKED);
    assert.deepEqual(errorOf(await readXlsx(honest)), { key: 'imports.err.xlsxTooBig' });
  });

  test('5,000 rows × 1,240 tiny cells (93 MB unpacked, a few hundred KB packed) are refused by their columns, memory flat', async () => {
    const many = manyCellsXlsx(5000, 1240);
    assert.ok(many.length < 1024 * 1024 && zipUnpackedSize(many)! > 90_000_000 && zipUnpackedSize(many)! < MAX_XLSX_UNPACKED);
    const { value, mb } = await growth(() => readXlsx(many));
    assert.deepEqual(errorOf(value), { key: 'imports.err.tooManyColumns', vars: { max: MAX_COLUMNS, columns: MAX_COLUMNS + 1 } });
    assert.ok(mb < 64, `memory grew ${mb.toFixed(0)} MB`);
  });

  test('limits on cells, rows and columns of a workbook, each with its message', async () => {
    assert.deepEqual(errorOf(await readXlsx(manyCellsXlsx(5000, 60))), { key: 'imports.err.tooManyCells', vars: { max: MAX_CELLS } });
    assert.equal(errorOf(await readXlsx(manyCellsXlsx(10 * MAX_ROWS + 1, 0)))?.key, 'imports.err.tooManyRows');
    // One cell far to the right counts as that many columns (exceljs would make a row that wide).
    const far = sheetXlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>Naziv</t></is></c><c r="XFD1"><v>1</v></c></row>');
    assert.deepEqual(errorOf(await readXlsx(far)), { key: 'imports.err.tooManyColumns', vars: { max: MAX_COLUMNS, columns: 16384 } });
    // Within the limits: 50 columns, and a namespaced sheet's cells are counted too.
    const wide = [Array.from({ length: 50 }, (_, i) => `K${i}`), Array.from({ length: 50 }, (_, i) => `v${i}`)];
    assert.equal(ok(await readXlsx(plainXlsx(wide))).header.length, 50);
    const prefixed = sheetXlsx(`<row r="1">${'<x:c><x:v>1</x:v></x:c>'.repeat(MAX_COLUMNS + 1)}</row>`);
    assert.equal(errorOf(await readXlsx(prefixed))?.key, 'imports.err.tooManyColumns');
  });

  test('CSV: the same limits on columns and cells', () => {
    const wide = readCsv(utf8(`${Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => `K${i}`).join(';')}\n1;2\n`));
    assert.deepEqual(errorOf(wide), { key: 'imports.err.tooManyColumns', vars: { max: MAX_COLUMNS, columns: MAX_COLUMNS + 1 } });
    // Trailing empty cells (an export's unused columns) do not count as columns.
    assert.equal(ok(readCsv(utf8(`Naziv${';'.repeat(MAX_COLUMNS + 50)}\nMost\n`))).rows.length, 1);
    const row = Array.from({ length: 60 }, (_, i) => `v${i}`).join(';');
    const many = readCsv(utf8(Array.from({ length: MAX_CELLS / 60 + 2 }, () => row).join('\n')));
    assert.deepEqual(errorOf(many), { key: 'imports.err.tooManyCells', vars: { max: MAX_CELLS } });
    const empties = readCsv(utf8(';'.repeat(1_000_000)));
    assert.equal(errorOf(empties)?.key, 'imports.err.tooManyCells');
  });
});
