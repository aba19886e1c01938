import { PassThrough } from 'node:stream';
import { heavyTask } from '../../core/heavy.ts';
import { toCsv, type Cell } from '../imports/export.ts';

/**
 * The anonymous answers as a spreadsheet, one row per response, built in a heavy worker
 * (core/heavy.ts): the request thread only reads the rows as chunks of JSON lines (repo.ts
 * exportChunk) and hands them over; parsing, labelling and writing happen here. XLSX is written
 * with exceljs's streaming writer (rows are committed as they are added, so 100,000 responses
 * never sit as a workbook in memory). No identifiers: no response id, no account, only the date.
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

function* rowsOf(columns: readonly ExportColumn[], chunks: readonly string[]): Generator<Cell[]> {
  for (const chunk of chunks) {
    if (chunk === '') continue;
    for (const text of chunk.split('\n')) {
      const line = JSON.parse(text) as Line;
      yield columns.map((c) => cellOf(c, line));
    }
  }
}

async function xlsx(columns: readonly ExportColumn[], chunks: readonly string[], title: string): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const stream = new PassThrough();
  const parts: Buffer[] = [];
  stream.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: true });
  wb.creator = 'KZM';
  const ws = wb.addWorksheet(title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'KZM', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: Math.min(40, Math.max(10, c.header.length + 2)) }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  for (const r of rowsOf(columns, chunks)) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  await done;
  return new Uint8Array(Buffer.concat(parts));
}

/** The file's bytes (runs in a worker: `deps.heavy.run(answersFileTask, …)`). */
export function answersFile(
  columns: readonly ExportColumn[],
  chunks: readonly string[],
  format: 'csv' | 'xlsx',
  title: string,
): Promise<Uint8Array> {
  if (format === 'csv') return Promise.resolve(toCsv({ header: columns.map((c) => c.header), rows: [...rowsOf(columns, chunks)] }));
  return xlsx(columns, chunks, title);
}

export const answersFileTask = heavyTask<typeof import('./export.ts'), 'answersFile'>('src/features/surveys/export.ts', 'answersFile');
