import { heavyTask } from '../../core/heavy.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { exportCell, type ImportColumn } from './kind.ts';

/**
 * Registers (and empty templates) as spreadsheets, with the same columns the import reads, so
 * an export imports back to the same data. Headers and coded values are in the reader's script;
 * free text is shown in it too (Cyrillic ⇄ Latin; e-mails, phones and addresses untouched).
 *
 * CSV: UTF-8 with a BOM (without it Excel reads UTF-8 as the local code page and garbles
 * č, ć, š, ž, đ and Cyrillic), fields separated by ';' — Excel with Serbian regional settings
 * uses ',' as the decimal mark and so expects ';' between fields, and opens such a file by
 * double-click into columns — and CRLF line ends (RFC 4180). A text cell a spreadsheet would
 * run as a formula (starting with = + - @, tab or CR) gets a leading apostrophe (OWASP's
 * advice against CSV injection); the import removes it again (kind.ts unguard).
 */
export const CSV_DELIMITER = ';';

export type Cell = string | number;

export interface Sheet {
  header: string[];
  rows: Cell[][];
}

/** A register's rows (values as stored) as a sheet in the reader's script. */
export function toSheet(locale: Locale, columns: readonly ImportColumn[], rows: ReadonlyArray<Record<string, unknown>>): Sheet {
  return {
    header: columns.map((c) => t(locale, c.header)),
    rows: rows.map((r) => columns.map((c) => exportCell(locale, c, r[c.field]))),
  };
}

const guard = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** One CSV field (quoted where needed, guarded against formulas). */
export function csvCell(v: Cell): string {
  if (typeof v === 'number') return String(v);
  const s = guard(v);
  return /[";\r\n,]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(sheet: Sheet): Uint8Array {
  const lines = [sheet.header, ...sheet.rows].map((cells) => cells.map(csvCell).join(CSV_DELIMITER));
  return new TextEncoder().encode(`\ufeff${lines.join('\r\n')}\r\n`);
}

/** An XLSX workbook with one sheet: bold, frozen header row; every text cell stored as text (registry numbers keep their zeros). */
export async function toXlsx(sheet: Sheet, title: string): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'KZM';
  const ws = wb.addWorksheet(title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'KZM', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(sheet.header).font = { bold: true };
  for (const r of sheet.rows) ws.addRow(r);
  ws.columns.forEach((col, i) => {
    const longest = Math.max(sheet.header[i]?.length ?? 0, ...sheet.rows.slice(0, 200).map((r) => String(r[i] ?? '').length));
    col.width = Math.min(60, Math.max(10, longest + 2));
  });
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

/**
 * A sheet as the bytes of a file in the given format (the XLSX sheet named by `title`). Runs in
 * a worker (`fileTask`); exceljs is loaded there, never on the request thread.
 */
export function toFile(sheet: Sheet, format: Format, title: string): Promise<Uint8Array> {
  return format === 'csv' ? Promise.resolve(toCsv(sheet)) : toXlsx(sheet, title);
}

/** toFile as a task for the worker pool: `deps.heavy.run(fileTask, sheet, format, title)`. */
export const fileTask = heavyTask<typeof import('./export.ts'), 'toFile'>('src/features/imports/export.ts', 'toFile');

export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type Format = keyof typeof CONTENT_TYPES;
