import { crc32, constants, deflateRawSync } from 'node:zlib';

/**
 * Hand-made XLSX files for tests, honest and hostile, written without exceljs so a test can
 * shape the ZIP itself: declared sizes that lie, parts that inflate to far more than they
 * declare, sheets of millions of tiny cells. A part's data is a list of deflated pieces, each
 * ended by a full flush, so one piece repeated a thousand times costs a thousand times its
 * compressed size (a kilobyte for a megabyte of spaces), not the time to deflate it all.
 */

export interface Part {
  name: string;
  /** Raw-deflate data (pieces from `piece`, ended by `END`), or text stored deflated in one go. */
  deflated: Uint8Array;
  /** Bytes it inflates to (declared in the ZIP unless `declare` says otherwise). */
  size: number;
  crc: number;
  /** A size to declare instead of the real one: a lie. */
  declare?: number;
}

/** A raw-deflate piece for `text`, ended by a full flush: pieces concatenate into one stream. */
export function piece(text: string | Buffer): Buffer {
  return deflateRawSync(typeof text === 'string' ? Buffer.from(text) : text, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
}

/** The final, empty deflate block that ends a stream of pieces. */
export const END = Buffer.from([0x03, 0x00]);

/** A part of ordinary text, deflated in one go. */
export function textPart(name: string, text: string): Part {
  const raw = Buffer.from(text);
  return { name, deflated: deflateRawSync(raw), size: raw.length, crc: crc32(raw) };
}

/** A part made of deflated pieces (from `piece`), `size` bytes inflated (crc left 0: nothing checks it). */
export function piecesPart(name: string, pieces: readonly Buffer[], size: number): Part {
  return { name, deflated: Buffer.concat([...pieces, END]), size, crc: 0 };
}

/** A ZIP of the parts (deflate method, sizes as declared), as a spreadsheet program would write it. */
export function zip(parts: readonly Part[]): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const size = p.declare ?? p.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, Buffer.from(p.deflated));
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(p.crc >>> 0, 16);
    dir.writeUInt32LE(p.deflated.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += 30 + name.length + p.deflated.length;
  }
  const dirSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, ...central, end]));
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts every workbook needs besides its sheet. */
function frame(): Part[] {
  return [
    textPart(
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ),
    textPart(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    textPart(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="List" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    textPart(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
  ];
}

const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>`;
const SHEET_TAIL = '</sheetData></worksheet>';

/**
 * The issue's "one small spreadsheet": `rows` rows of `columns` tiny numeric cells (15 bytes of
 * XML each), e.g. 5,000 × 1,240 = 93 MB unpacked in a file of a few hundred KB.
 */
export function manyCellsXlsx(rows: number, columns: number): Uint8Array {
  const cells = '<c><v>1</v></c>'.repeat(columns);
  const cellsPiece = piece(cells);
  const pieces = [piece(SHEET_HEAD)];
  let size = Buffer.byteLength(SHEET_HEAD) + Buffer.byteLength(SHEET_TAIL);
  for (let r = 1; r <= rows; r++) {
    const open = `<row r="${r}">`;
    pieces.push(piece(open), cellsPiece, piece('</row>'));
    size += open.length + cells.length + 6;
  }
  pieces.push(piece(SHEET_TAIL));
  return zip([...frame(), piecesPart('xl/worksheets/sheet1.xml', pieces, size)]);
}

/**
 * A sheet that declares `declared` bytes and inflates to `mb` megabytes (spaces after its one
 * row): ~1 KB per MB, so 950 MB fit in a 1 MB upload.
 */
export function lyingXlsx(mb: number, declared: number): Uint8Array {
  const head = `${SHEET_HEAD}<row r="1"><c r="A1" t="inlineStr"><is><t>Naziv</t></is></c></row>`;
  const spaces = piece(Buffer.alloc(1 << 20, 0x20));
  const pieces = [piece(head), ...Array.from({ length: mb }, () => spaces), piece(SHEET_TAIL)];
  const sheet = piecesPart('xl/worksheets/sheet1.xml', pieces, head.length + mb * (1 << 20) + SHEET_TAIL.length);
  return zip([...frame(), { ...sheet, declare: declared }]);
}

/** An honest workbook of inline-string cells (header row first), for checking the reader accepts what it should. */
export function plainXlsx(rows: readonly (readonly string[])[]): Uint8Array {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const col = (i: number): string =>
    i < 26 ? String.fromCharCode(65 + i) : col(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26));
  const body = rows
    .map(
      (r, i) =>
        `<row r="${i + 1}">${r.map((c, j) => `<c r="${col(j)}${i + 1}" t="inlineStr"><is><t>${esc(c)}</t></is></c>`).join('')}</row>`,
    )
    .join('');
  return zip([...frame(), textPart('xl/worksheets/sheet1.xml', SHEET_HEAD + body + SHEET_TAIL)]);
}

/** A workbook whose one sheet holds `rowsXml` (rows written by the caller, e.g. with odd cell references). */
export function sheetXlsx(rowsXml: string): Uint8Array {
  return zip([...frame(), textPart('xl/worksheets/sheet1.xml', SHEET_HEAD + rowsXml + SHEET_TAIL)]);
}
