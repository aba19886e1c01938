import { createRequire } from 'node:module';
import { createInflateRaw } from 'node:zlib';
import { heavyTask } from '../../core/heavy.ts';
import { searchKey } from '../../core/i18n/script.ts';
import type { MessageKey } from '../../core/i18n/messages.ts';

/**
 * csv-parse and iconv-lite load with the first CSV read (in the heavy-work worker), not with the
 * server, which imports this module for its header and row helpers; both are CommonJS, so they
 * are required synchronously where they are used.
 */
const requireCjs = createRequire(import.meta.url);
let csvParse: typeof import('csv-parse/sync').parse | undefined;
const parseCsv: typeof import('csv-parse/sync').parse = (...args: Parameters<typeof import('csv-parse/sync').parse>) =>
  (csvParse ??= (requireCjs('csv-parse/sync') as typeof import('csv-parse/sync')).parse)(...args);
let iconvLite: typeof import('iconv-lite') | undefined;
const iconv = (): typeof import('iconv-lite') => (iconvLite ??= requireCjs('iconv-lite') as typeof import('iconv-lite'));

/**
 * Bytes of an uploaded list → a table of strings (pure; no database, no clock). CSV is decoded
 * by a documented guess at its encoding (below); XLSX is read with exceljs. The first
 * non-empty row is the header; every later non-empty row is data, numbered as a spreadsheet
 * program numbers it (the header is usually row 1), so messages point at the row people see.
 */

/** Most data rows one import takes: a preview stays readable, one transaction stays short. */
export const MAX_ROWS = 5000;
/** Most bytes an XLSX may unpack to (its parts, counted while inflating): no zip bombs. */
export const MAX_XLSX_UNPACKED = 100 * 1024 * 1024;
/** Most columns a sheet's row may reach (the column of its last cell). */
export const MAX_COLUMNS = 200;
/** Most cells a file may hold (all sheets together; an XLSX's shared strings likewise): 5,000 rows of 50 columns. */
export const MAX_CELLS = 250_000;
/** Most rows (empty ones included) one worksheet may hold; filled data rows stop at MAX_ROWS. */
export const MAX_SHEET_ROWS = 10 * MAX_ROWS;

/** A message key with its variables, rendered later in the reader's script. */
export interface MessageRef {
  key: MessageKey;
  vars?: Record<string, string | number>;
}

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1250' | 'windows-1251' | 'xlsx';

export interface TableRow {
  /** Row number as a spreadsheet program shows it (CSV: record number, 1-based). */
  line: number;
  cells: string[];
}

export interface Table {
  encoding: Encoding;
  header: string[];
  headerLine: number;
  rows: TableRow[];
}

export type Read<T> = { ok: true; value: T } | { ok: false; error: MessageRef };

const fail = (key: MessageKey, vars?: Record<string, string | number>): { ok: false; error: MessageRef } => ({
  ok: false,
  error: vars ? { key, vars } : { key },
});

// ── Encodings ──────────────────────────────────────────────────────────────

/** UTF-8 encodings of the Serbian letters outside ASCII: č ć š ž đ (both cases), Cyrillic а–џ. */
function serbianUtf8Sequences(b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i + 1 < b.length; i++) {
    const lead = b[i]!;
    const next = b[i + 1]!;
    if (next < 0x80 || next > 0xbf) continue;
    const cp = ((lead & 0x1f) << 6) | (next & 0x3f);
    const latin = (lead === 0xc4 || lead === 0xc5) && [0x10c, 0x10d, 0x106, 0x107, 0x160, 0x161, 0x17d, 0x17e, 0x110, 0x111].includes(cp);
    const cyrillic =
      (lead === 0xd0 || lead === 0xd1) &&
      ((cp >= 0x410 && cp <= 0x44f) || [0x402, 0x408, 0x409, 0x40a, 0x40b, 0x40f, 0x452, 0x458, 0x459, 0x45a, 0x45b, 0x45f].includes(cp));
    if (latin || cyrillic) {
      n++;
      i++;
    }
  }
  return n;
}

/**
 * Windows-1250 (Central European Latin) or Windows-1251 (Cyrillic)? Both fill the upper half
 * of the byte range with letters, so the letters alone cannot tell. Word shapes can: in
 * Cyrillic text every letter is a byte ≥ 0x80, so its words have no ASCII letters at all,
 * while in Latin text (Serbian, Hungarian, Slovak, Romanian…) the accented letters sit among
 * ASCII ones ("Čačak", "Šimon"). We count words (runs of letters and bytes ≥ 0x80) that have
 * high bytes and no ASCII letter against words that have both; Cyrillic wins only with more.
 */
export function looksLikeCp1251(b: Uint8Array): boolean {
  let cyrillicWords = 0;
  let latinWords = 0;
  let high = false;
  let ascii = false;
  const end = () => {
    if (high && ascii) latinWords++;
    else if (high) cyrillicWords++;
    high = false;
    ascii = false;
  };
  for (const byte of b) {
    if (byte >= 0x80) high = true;
    else if ((byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)) ascii = true;
    else end();
  }
  end();
  return cyrillicWords > latinWords;
}

/**
 * Text of a CSV file and the encoding it was read in: a BOM decides (UTF-8, UTF-16 LE/BE);
 * bytes that are valid UTF-8 are UTF-8; anything else is a Windows code page — 1251 when the
 * word shapes say Cyrillic (looksLikeCp1251), else 1250, what Excel in Serbia writes for
 * "CSV". A file that is neither — valid UTF-8 letters in part, other bytes elsewhere, as when
 * two files saved differently were pasted together — is refused rather than half-garbled.
 */
export function decodeText(b: Uint8Array): Read<{ text: string; encoding: Encoding }> {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    const text = strictUtf8(b.subarray(3));
    return text === null ? fail('imports.err.mixedEncoding') : { ok: true, value: { text, encoding: 'utf-8-bom' } };
  }
  for (const [bom, encoding] of [
    [[0xff, 0xfe], 'utf-16le'],
    [[0xfe, 0xff], 'utf-16be'],
  ] as const) {
    if (b[0] === bom[0] && b[1] === bom[1]) {
      if ((b.length - 2) % 2 !== 0) return fail('imports.err.encoding');
      try {
        const text = new TextDecoder(encoding, { fatal: true }).decode(b.subarray(2));
        return { ok: true, value: { text, encoding } };
      } catch {
        return fail('imports.err.encoding');
      }
    }
  }
  const utf8 = strictUtf8(b);
  if (utf8 !== null) return { ok: true, value: { text: utf8, encoding: 'utf-8' } };
  if (serbianUtf8Sequences(b) >= 2) return fail('imports.err.mixedEncoding');
  const encoding = looksLikeCp1251(b) ? 'windows-1251' : 'windows-1250';
  return { ok: true, value: { text: iconv().decode(Buffer.from(b), encoding), encoding } };
}

function strictUtf8(b: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
  } catch {
    return null;
  }
}

/** Thrown from inside a parser's callback to stop it with a message. */
class Refusal extends Error {
  constructor(readonly ref: MessageRef) {
    super(ref.key);
  }
}

// ── CSV ────────────────────────────────────────────────────────────────────

const DELIMITERS = [';', ',', '\t'] as const;

/**
 * The delimiter is the one of ; , tab that occurs most in the first non-empty line, outside
 * quotes (a header line has no commas inside names). A tie goes to ';' (what Excel writes
 * with Serbian regional settings), then ','.
 */
export function detectDelimiter(text: string): string {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of first) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: string = ';';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

export function readCsv(bytes: Uint8Array): Read<Table> {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return decoded;
  const { encoding } = decoded.value;
  // One line ending everywhere (a quoted cell's line breaks too), so records split the same
  // whichever program wrote the file.
  const text = decoded.value.text.replace(/\r\n?/g, '\n');
  let records: string[][];
  let cells = 0;
  try {
    records = parseCsv(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      // The same limits as a workbook's, checked record by record, so a file of ten million
      // empty cells stops at the first record past them.
      on_record: (record: string[]) => {
        cells += record.length;
        if (cells > MAX_CELLS) throw new Refusal({ key: 'imports.err.tooManyCells', vars: { max: MAX_CELLS } });
        let columns = record.length;
        while (columns > 0 && record[columns - 1]!.trim() === '') columns--;
        if (columns > MAX_COLUMNS) throw new Refusal({ key: 'imports.err.tooManyColumns', vars: { max: MAX_COLUMNS, columns } });
        return record;
      },
    }) as string[][];
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, error: err.ref };
    const line = typeof (err as { lines?: unknown }).lines === 'number' ? (err as { lines: number }).lines : 0;
    return fail('imports.err.csvSyntax', { line });
  }
  return toTable(
    records.map((cells, i) => ({ line: i + 1, cells })),
    encoding,
  );
}

/** Header = first non-empty row; data = the later non-empty rows; cells trimmed. */
function toTable(all: TableRow[], encoding: Encoding): Read<Table> {
  const rows = all.map((r) => ({ line: r.line, cells: r.cells.map((c) => c.trim()) })).filter((r) => r.cells.some((c) => c !== ''));
  const [header, ...data] = rows;
  if (!header) return fail('imports.err.empty');
  if (data.length === 0) return fail('imports.err.noData');
  if (data.length > MAX_ROWS) return fail('imports.err.tooManyRows', { max: MAX_ROWS, rows: data.length });
  return { ok: true, value: { encoding, header: header.cells, headerLine: header.line, rows: data } };
}

// ── XLSX ───────────────────────────────────────────────────────────────────

/**
 * An XLSX file is a ZIP of XML parts. Before exceljs sees it, every part is inflated here once,
 * as a stream, counting the bytes that actually come out (the sizes a ZIP declares can lie: a
 * 1 MB file declaring 2 KB may inflate to a gigabyte) and stopping at the first of: the part's
 * declared size (a lie: the file is broken) or MAX_XLSX_UNPACKED in all (too big). Worksheets
 * are scanned on the way for their cells, so a small file of millions of tiny cells, which
 * would cost exceljs gigabytes, is refused with a count instead. Nothing inflated is kept.
 */

/** The ZIP entries as its central directory lists them, or null when there is no readable directory. */
interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
}

function zipEntries(b: Uint8Array): ZipEntry[] | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  // End of central directory: signature 0x06054b50, at most 22 + 65535 bytes from the end.
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > b.length || view.getUint32(p, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(p + 28, true);
    entries.push({
      name: new TextDecoder().decode(b.subarray(p + 46, p + 46 + nameLength)),
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      offset: view.getUint32(p + 42, true),
    });
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return entries;
}

/**
 * The sum of the uncompressed sizes a ZIP's central directory declares, or null when the
 * directory cannot be found: a cheap first refusal of an honest large file. (ZIP64 archives
 * declare 0xFFFFFFFF: too big.) Declarations are not trusted beyond that (inspectXlsx).
 */
export function zipUnpackedSize(b: Uint8Array): number | null {
  const entries = zipEntries(b);
  return entries && entries.reduce((sum, e) => sum + e.size, 0);
}

/** Column letters → number: A → 1, Z → 26, AA → 27. */
function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/**
 * Counts a worksheet's rows and cells (and a shared-string table's strings) from XML chunks as
 * they are inflated. Element names may carry a namespace prefix (x:c). A tag split between two
 * chunks is carried over; one longer than 64 KB is not counted, which costs it 64 KB of the
 * unpacked-size budget, so at most a few thousand cells could hide that way.
 */
class XmlCounter {
  private carry = '';
  private column = 0;
  private rows = 0;
  maxColumn = 0;

  constructor(private readonly totals: { cells: number; strings: number }) {}

  feed(chunk: Buffer): MessageRef | null {
    const text = this.carry + chunk.toString('latin1');
    const open = text.lastIndexOf('<');
    const cut = open >= 0 && text.indexOf('>', open) < 0 ? open : text.length;
    this.carry = text.length - cut <= 65536 ? text.slice(cut) : '';
    const tags = /<(?:[A-Za-z_][\w.-]*:)?(c|row|si)(?=[\s/>])([^>]*)>/g;
    const body = text.slice(0, cut);
    for (let m = tags.exec(body); m; m = tags.exec(body)) {
      if (m[1] === 'row') {
        this.column = 0;
        if (++this.rows > MAX_SHEET_ROWS) return { key: 'imports.err.tooManyRows', vars: { max: MAX_ROWS, rows: `${MAX_SHEET_ROWS}+` } };
        continue;
      }
      if (m[1] === 'si') {
        if (++this.totals.strings > MAX_CELLS) return { key: 'imports.err.tooManyCells', vars: { max: MAX_CELLS } };
        continue;
      }
      if (++this.totals.cells > MAX_CELLS) return { key: 'imports.err.tooManyCells', vars: { max: MAX_CELLS } };
      {
        const ref = /\br="([A-Z]{1,3})[0-9]+"/.exec(m[2]!);
        this.column = ref ? columnNumber(ref[1]!) : this.column + 1;
        if (this.column > MAX_COLUMNS) return { key: 'imports.err.tooManyColumns', vars: { max: MAX_COLUMNS, columns: this.column } };
      }
    }
    return null;
  }
}

type Inflated = 'ok' | 'over' | 'broken' | MessageRef;

/** Inflates one ZIP entry as a stream, handing each chunk to `onChunk` and stopping past `limit` bytes. */
function inflateCounted(data: Uint8Array, method: number, limit: number, onChunk: (c: Buffer) => MessageRef | null): Promise<Inflated> {
  if (method === 0) {
    if (data.length > limit) return Promise.resolve('over');
    return Promise.resolve(onChunk(Buffer.from(data.buffer, data.byteOffset, data.byteLength)) ?? 'ok');
  }
  if (method !== 8) return Promise.resolve('broken');
  return new Promise((resolve) => {
    const z = createInflateRaw({ chunkSize: 64 * 1024 });
    let inflated = 0;
    let done = false;
    const end = (r: Inflated) => {
      if (done) return;
      done = true;
      z.destroy();
      resolve(r);
    };
    z.on('data', (c: Buffer) => {
      inflated += c.length;
      if (inflated > limit) return end('over');
      const refused = onChunk(c);
      if (refused) end(refused);
    });
    z.on('error', () => end('broken'));
    z.on('end', () => end('ok'));
    z.end(data);
  });
}

/**
 * Checks an XLSX file's real unpacked size and its cells before it is parsed (see above).
 * Worksheets and the shared-string table are counted; other parts only by size.
 */
export async function inspectXlsx(b: Uint8Array): Promise<Read<null>> {
  const entries = zipEntries(b);
  if (!entries) return fail('imports.err.xlsxBroken');
  if (entries.reduce((sum, e) => sum + e.size, 0) > MAX_XLSX_UNPACKED) return fail('imports.err.xlsxTooBig');
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const totals = { cells: 0, strings: 0 };
  let unpacked = 0;
  for (const e of entries) {
    if (e.offset + 30 > b.length || view.getUint32(e.offset, true) !== 0x04034b50) return fail('imports.err.xlsxBroken');
    const start = e.offset + 30 + view.getUint16(e.offset + 26, true) + view.getUint16(e.offset + 28, true);
    const data = b.subarray(start, start + e.compressedSize);
    const counted = /^xl\/worksheets\/[^/]+\.xml$/.test(e.name) || e.name === 'xl/sharedStrings.xml';
    const counter = counted ? new XmlCounter(totals) : null;
    let size = 0;
    const budget = MAX_XLSX_UNPACKED - unpacked;
    const r = await inflateCounted(data, e.method, Math.min(e.size, budget), (c) => {
      size += c.length;
      return counter ? counter.feed(c) : null;
    });
    if (r === 'over') return fail(e.size > budget ? 'imports.err.xlsxTooBig' : 'imports.err.xlsxBroken');
    if (r === 'broken') return fail('imports.err.xlsxBroken');
    if (r !== 'ok') return { ok: false, error: r };
    unpacked += size;
  }
  return { ok: true, value: null };
}

/** A date cell as ISO: the day, or the day and time when it has one. */
function isoOf(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/**
 * A cell's value as the text a person sees: rich text joined, dates as ISO, numbers without
 * binary noise (0.1 + 0.2 shows as 0.3), a formula's cached result, a hyperlink's text, an
 * error as its code (#N/A), so it is reported rather than silently blank.
 */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return isoOf(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return o.richText.map((r: { text?: unknown }) => (typeof r.text === 'string' ? r.text : '')).join('');
    if ('formula' in o || 'sharedFormula' in o) return cellText(o.result);
    if ('hyperlink' in o) return cellText(o.text);
    if (typeof o.error === 'string') return o.error;
    if ('text' in o) return cellText(o.text);
  }
  return '';
}

export async function readXlsx(bytes: Uint8Array): Promise<Read<Table>> {
  const inspected = await inspectXlsx(bytes);
  if (!inspected.ok) return inspected;
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    return fail('imports.err.xlsxBroken');
  }
  const ws = wb.worksheets[0];
  if (!ws) return fail('imports.err.empty');
  // Cheap early refusal; toTable counts non-empty rows exactly.
  if (ws.actualRowCount > MAX_ROWS + 1) return fail('imports.err.tooManyRows', { max: MAX_ROWS, rows: ws.actualRowCount - 1 });
  const rows: TableRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let i = 1; i <= row.cellCount; i++) cells.push(cellText(row.getCell(i).value));
    rows.push({ line, cells });
  });
  return toTable(rows, 'xlsx');
}

/** A spreadsheet file by its sniffed type (core/http/uploads.ts): XLSX, else CSV text. */
export function readTable(bytes: Uint8Array, type: string): Promise<Read<Table>> {
  return type === 'text/csv' ? Promise.resolve(readCsv(bytes)) : readXlsx(bytes);
}

/** readTable as a task for the worker pool: `deps.heavy.run(readTableTask, bytes, type)`. */
export const readTableTask = heavyTask<typeof import('./parse.ts'), 'readTable'>('src/features/imports/parse.ts', 'readTable');

// ── Headers ────────────────────────────────────────────────────────────────

export interface HeaderSpec {
  field: string;
  /** Every accepted spelling (labels in each script, aliases); compared by searchKey. */
  names: readonly string[];
  required: boolean;
}

export interface HeaderMatch {
  /** For each column of the file, the field it fills, or null when ignored. */
  fields: Array<string | null>;
  /** Headers of columns that fill nothing (unknown, or a second column for the same field). */
  ignored: string[];
  /** Required fields no column fills. */
  missing: string[];
}

/** Matches a file's header cells to fields, ignoring script, case, diacritics and spacing. */
export function matchHeaders(header: readonly string[], specs: readonly HeaderSpec[]): HeaderMatch {
  const byKey = new Map<string, string>();
  for (const s of specs) for (const n of [s.field, s.field.replace(/_/g, ' '), ...s.names]) byKey.set(headerKey(n), s.field);
  const taken = new Set<string>();
  const ignored: string[] = [];
  const fields = header.map((h) => {
    const field = byKey.get(headerKey(h));
    if (!field || taken.has(field)) {
      if (h.trim() !== '') ignored.push(h.trim());
      return null;
    }
    taken.add(field);
    return field;
  });
  return { fields, ignored, missing: specs.filter((s) => s.required && !taken.has(s.field)).map((s) => s.field) };
}

/** Header comparison key: searchKey without punctuation (so "E-pošta", "e pošta", "Е-пошта:" match). */
export function headerKey(h: string): string {
  return searchKey(h.replace(/[-_.:*()/]+/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Some lists carry a title above the header ("Spisak udruženja, 2025"). The header is the row,
 * among the first five filled ones, whose cells name the most known columns (the first on a
 * tie); rows above it are dropped.
 */
export function chooseHeader(table: Table, specs: readonly HeaderSpec[]): { table: Table; match: HeaderMatch } {
  const candidates = [{ line: table.headerLine, cells: table.header }, ...table.rows.slice(0, 4)];
  const known = (m: HeaderMatch) => m.fields.filter((f) => f !== null).length;
  let best = 0;
  let match = matchHeaders(candidates[0]!.cells, specs);
  for (let i = 1; i < candidates.length; i++) {
    const m = matchHeaders(candidates[i]!.cells, specs);
    if (known(m) > known(match)) {
      best = i;
      match = m;
    }
  }
  if (best === 0) return { table, match };
  const header = candidates[best]!;
  return { table: { ...table, header: header.cells, headerLine: header.line, rows: table.rows.slice(best) }, match };
}
