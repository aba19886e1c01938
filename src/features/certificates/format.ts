import { heavyTask } from '../../core/heavy.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { formatDate } from '../../core/views/format.ts';

/**
 * What the pages and the PDFs of this feature share, without loading pdfmake: number and date
 * formats, and the PDF builders of ./pdf.ts as tasks for the worker pool (core/heavy.ts), run
 * as `deps.heavy.run(certificateTask, data)`.
 */

/** Hours as people write them: 4, 2,5 (Serbian) or 2.5 (English). */
export function formatHours(locale: Locale, hours: string | number): string {
  const n = Number(hours);
  const s = Number.isInteger(n) ? String(n) : n.toFixed(1);
  return locale === 'en' ? s : s.replace('.', ',');
}

/** One day, or a first and a last day joined by a dash. */
export function formatDays(locale: Locale, first: string, last: string): string {
  return first === last ? formatDate(locale, first) : `${formatDate(locale, first)} – ${formatDate(locale, last)}`;
}

type Pdf = typeof import('./pdf.ts');
export const certificateTask = heavyTask<Pdf, 'certificatePdf'>('src/features/certificates/pdf.ts', 'certificatePdf');
export const attendanceSheetTask = heavyTask<Pdf, 'attendanceSheetPdf'>('src/features/certificates/pdf.ts', 'attendanceSheetPdf');
