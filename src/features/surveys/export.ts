import { constants, crc32, deflateRawSync } from 'node:zlib';
import { heavyTask } from '../../core/heavy.ts';
import { CSV_DELIMITER, csvCell, type Cell } from '../imports/export.ts';

/**
 * The anonymous answers as a spreadsheet, one row per response, streamed: the request thread
 * reads the responses a batch at a time (repo.ts exportChunk: JSON lines) and hands each batch to
 * a heavy worker (core/heavy.ts), which parses, labels and writes it — CSV lines, or the XLSX
 * sheet's rows as XML, deflated as one piece of the sheet's stream (ended by a sync flush, so the
 * pieces concatenate; results.ts puts them into the ZIP as they come). One batch is one short
 * task, so another office's task waits at most a batch, never a whole export, and no more than
 * a batch sits in memory. No identifiers: no response id, no account, only the date.
 */

/** One column of the export: a fixed field of the line, or an answer (a matrix row's or a ranking option's). */
export type ExportColumn =
  | { header: string; field: number; labels?: Record<string, string> }
  | { header: string; question: string; kind: 'value'; labels?: Record<string, string> }
  | { header: string; question: string; kind: 'list'; labels: Record<string, string> }
  | { header: string; question: string; kind: 'row'; row: string }
  | { header: string; question: string; kind: 'rank'; option: string };

type Line = [number, string, string | null, string | null, string | null, string | null, Record<string, unknown>];

function cellOf(col: ExportColumn, line: Line): Cell {
  if ('field' in col) {
    const v = line[col.field] as string | number | null;
    if (v === null || v === undefined) return '';
    return typeof v === 'number' ? v : (col.labels?.[v] ?? v);
  }
  const a = line[6][col.question];
  if (a === undefined || a === null) return '';
  switch (col.kind) {
    case 'value':
      return typeof a === 'number' ? a : (col.labels?.[String(a)] ?? String(a));
    case 'list':
      return Array.isArray(a) ? a.map((c) => col.labels[String(c)] ?? String(c)).join('; ') : '';
    case 'row': {
      const v = (a as Record<string, number>)[col.row];
      return typeof v === 'number' ? v : '';
    }
    case 'rank': {
      const i = Array.isArray(a) ? a.indexOf(col.option) : -1;
      return i >= 0 ? i + 1 : '';
    }
  }
}

function* rowsOf(columns: readonly ExportColumn[], chunk: string): Generator<Cell[]> {
  if (chunk === '') return;
  for (const text of chunk.split('\n')) {
    const line = JSON.parse(text) as Line;
    yield columns.map((c) => cellOf(c, line));
  }
}

// ── XLSX: a workbook of one sheet, its rows as inline strings (no shared-strings table to hold) ──

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// Characters XML 1.0 does not allow (control characters other than tab, line feed, carriage return).
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const escapeXml = (s: string) =>
  NEEDS_ESCAPE.test(s)
    ? s.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    : s;

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function xmlRow(cells: readonly Cell[], r: number, style: number): string {
  let xml = `<row r="${r}">`;
  cells.forEach((v, i) => {
    const ref = `${columnName(i)}${r}`;
    const s = style ? ` s="${style}"` : '';
    if (typeof v === 'number') xml += `<c r="${ref}"${s}><v>${v}</v></c>`;
    else if (v !== '') xml += `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(v)}</t></is></c>`;
  });
  return `${xml}</row>`;
}

/** The workbook's fixed parts (everything but the sheet), by path in the ZIP. */
export function xlsxFixedParts(title: string): Array<[string, string]> {
  const name = escapeXml(
    title
      .replace(/[[\]:*?/\\]/g, ' ')
      .slice(0, 31)
      .trim() || 'KZM',
  );
  return [
    [
      '[Content_Types].xml',
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
    ],
    [
      '_rels/.rels',
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${name}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    ],
    [
      'xl/styles.xml',
      `${XML}<styleSheet xmlns="${MAIN}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
    ],
  ];
}

/** The sheet's path in the ZIP. */
export const SHEET_PART = 'xl/worksheets/sheet1.xml';
/** What closes the sheet's XML (the last piece, deflated as the stream's end by results.ts). */
export const SHEET_END = '</sheetData></worksheet>';

function sheetStart(columns: readonly ExportColumn[]): string {
  const cols = columns
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.min(40, Math.max(10, c.header.length + 2))}" customWidth="1"/>`)
    .join('');
  return (
    `${XML}<worksheet xmlns="${MAIN}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<cols>${cols}</cols><sheetData>${xmlRow(
      columns.map((c) => c.header),
      1,
      1,
    )}`
  );
}

export interface Part {
  /** CSV: the lines' bytes. XLSX: the rows' XML as raw-deflate data ended by a sync flush. */
  bytes: Uint8Array;
  /** XLSX: the CRC-32 of the sheet's XML so far and how many bytes of it this part adds. */
  crc: number;
  size: number;
}

/**
 * One batch of the export (runs in a worker: `deps.heavy.run(answersPartTask, …)`): the lines of
 * `chunk` (repo.ts exportChunk) as CSV or as the XLSX sheet's rows from row `at.row` on; the first
 * part carries the header (CSV: after the byte-order mark; XLSX: the sheet's start).
 */
export function answersPart(
  columns: readonly ExportColumn[],
  chunk: string,
  format: 'csv' | 'xlsx',
  at: { first: boolean; row: number; crc: number },
): Part {
  if (format === 'csv') {
    let text = at.first ? `\ufeff${columns.map((c) => csvCell(c.header)).join(CSV_DELIMITER)}\r\n` : '';
    for (const cells of rowsOf(columns, chunk)) text += `${cells.map(csvCell).join(CSV_DELIMITER)}\r\n`;
    return { bytes: new TextEncoder().encode(text), crc: 0, size: 0 };
  }
  let xml = at.first ? sheetStart(columns) : '';
  let r = at.row;
  for (const cells of rowsOf(columns, chunk)) xml += xmlRow(cells, r++, 0);
  return deflatePiece(xml, at.crc, false);
}

/** Text as a piece of a raw-deflate stream (a sync flush ends it; `last`: the stream's end) and the running CRC-32. */
export function deflatePiece(text: string, crc: number, last: boolean): Part {
  const raw = Buffer.from(text);
  const bytes = deflateRawSync(raw, { level: 6, finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), crc: crc32(raw, crc), size: raw.length };
}

export const answersPartTask = heavyTask<typeof import('./export.ts'), 'answersPart'>('src/features/surveys/export.ts', 'answersPart');
