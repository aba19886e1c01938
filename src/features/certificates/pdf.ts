import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { inScript, type Locale } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { renderPdf as render, type PdfOptions } from '../../core/pdf.ts';
import { formatDate, formatRange } from '../../core/views/format.ts';
import { formatDays, formatHours } from './format.ts';
import { localToday } from '../accounts/age.ts';

export type { PdfOptions };

/**
 * PDFs of this feature, made with pdfmake (set up in core/pdf.ts): the certificate of
 * participation and the attendance sheet.
 *
 * This module runs in the worker pool (core/heavy.ts; `certificateTask`, `attendanceSheetTask`
 * in ./format.ts), so pdfmake is never loaded on the request thread.
 */

export interface CertificateData {
  /** The participant's script: the certificate is written in it. */
  locale: Locale;
  officeName: string;
  fullName: string;
  activityTitle: string;
  hours: string;
  firstDay: string;
  lastDay: string;
  code: string;
  /** The public verification page (also in the QR code). */
  verifyUrl: string;
  issuedAt: Date;
  revoked?: boolean;
}

/** A certificate of participation: A4 landscape, in the participant's script, with its code and QR. */
export function certificatePdf(d: CertificateData, opts: PdfOptions = {}): Promise<Uint8Array> {
  const l = d.locale;
  const office = inScript(l, d.officeName);
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [60, 50, 60, 40],
    info: { title: `${t(l, 'cert.pdf.heading')} — ${inScript(l, d.fullName)}`, author: office, subject: d.code, creator: 'KZM' },
    content: [
      { text: office, style: 'office' },
      { text: t(l, 'cert.pdf.heading'), style: 'heading' },
      { text: t(l, 'cert.pdf.kind'), style: 'kind' },
      { text: t(l, 'cert.pdf.certifies', { office }), style: 'line' },
      { text: inScript(l, d.fullName), style: 'name' },
      { text: t(l, 'cert.pdf.took'), style: 'line' },
      { text: `„${inScript(l, d.activityTitle)}”`, style: 'title' },
      { text: t(l, 'cert.pdf.hours', { n: Number(d.hours), hours: formatHours(l, d.hours) }), style: 'line' },
      { text: t(l, 'cert.pdf.dates', { dates: formatDays(l, d.firstDay, d.lastDay) }), style: 'line' },
      {
        margin: [0, 30, 0, 0],
        columns: [
          {
            width: '*',
            stack: [
              { text: t(l, 'cert.pdf.issued', { date: formatDate(l, localToday(d.issuedAt)) }), margin: [0, 0, 0, 36] },
              { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 220, y2: 0, lineWidth: 0.7 }] },
              { text: t(l, 'cert.pdf.signature'), fontSize: 9, margin: [0, 4, 0, 0] },
            ],
          },
          {
            width: 260,
            stack: [
              { qr: d.verifyUrl, fit: 96, alignment: 'right' },
              { text: t(l, 'cert.pdf.code', { code: d.code }), alignment: 'right', bold: true, margin: [0, 6, 0, 2] },
              { text: t(l, 'cert.pdf.verify', { url: d.verifyUrl }), alignment: 'right', fontSize: 8 },
            ],
          },
        ],
      },
    ],
    styles: {
      office: { fontSize: 12, alignment: 'center', color: '#444444' },
      heading: { fontSize: 30, bold: true, alignment: 'center', margin: [0, 18, 0, 2], characterSpacing: 2 },
      kind: { fontSize: 12, alignment: 'center', margin: [0, 0, 0, 18] },
      line: { fontSize: 13, alignment: 'center', margin: [0, 3, 0, 3] },
      name: { fontSize: 26, bold: true, alignment: 'center', margin: [0, 8, 0, 8] },
      title: { fontSize: 17, bold: true, alignment: 'center', margin: [0, 6, 0, 6] },
    },
  };
  return render(doc, opts);
}

export interface SheetSession {
  position: number;
  starts_at: Date;
  ends_at: Date;
  title: string;
}

export interface AttendanceSheetData {
  locale: Locale;
  officeName: string;
  activityTitle: string;
  place: string;
  sessions: SheetSession[];
  /** Confirmed participants, in the order to print. */
  people: Array<{ full_name: string }>;
}

/** Blank numbered rows after the list, for people who came without signing up. */
const WALK_IN_ROWS = 6;

/**
 * The attendance sheet for signatures: one section per session (each on its own pages), a row
 * per confirmed person with a signature column, then blank rows for walk-ins.
 */
export function attendanceSheetPdf(d: AttendanceSheetData, opts: PdfOptions = {}): Promise<Uint8Array> {
  const l = d.locale;
  const header = (text: string): TableCell => ({ text, bold: true, fillColor: '#eeeeee' });
  const content: Content[] = d.sessions.map((s, i) => {
    const when = formatRange(l, s.starts_at, s.ends_at);
    const body: TableCell[][] = [[header(t(l, 'paper.col.no')), header(t(l, 'paper.col.name')), header(t(l, 'paper.col.signature'))]];
    d.people.forEach((p, n) => body.push([`${n + 1}.`, inScript(l, p.full_name), '']));
    for (let n = 0; n < WALK_IN_ROWS; n++) body.push([`${d.people.length + n + 1}.`, '', '']);
    return {
      ...(i > 0 ? { pageBreak: 'before' as const } : {}),
      stack: [
        { text: inScript(l, d.officeName), fontSize: 10, color: '#444444' },
        { text: t(l, 'paper.sheet.heading'), fontSize: 18, bold: true, margin: [0, 6, 0, 2] },
        { text: inScript(l, d.activityTitle), fontSize: 14, bold: true },
        {
          text:
            t(l, 'paper.sheet.session', { n: s.position, total: d.sessions.length, when }) + (s.title ? ` — ${inScript(l, s.title)}` : ''),
          margin: [0, 4, 0, 0],
        },
        ...(d.place ? [{ text: t(l, 'paper.sheet.place', { place: inScript(l, d.place) }) }] : []),
        {
          margin: [0, 12, 0, 0],
          table: { headerRows: 1, widths: [32, '*', 190], heights: (row: number) => (row === 0 ? 18 : 24), body },
          layout: { paddingTop: () => 5, paddingBottom: () => 3 },
        },
      ],
    } as Content;
  });
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 50],
    info: { title: `${t(l, 'paper.sheet.heading')} — ${inScript(l, d.activityTitle)}`, author: inScript(l, d.officeName), creator: 'KZM' },
    footer: (page: number, pages: number) => ({
      text: t(l, 'paper.sheet.page', { n: page, total: pages }),
      alignment: 'center',
      fontSize: 8,
      margin: [0, 20, 0, 0],
    }),
    content,
    defaultStyle: { fontSize: 10 },
  };
  return render(doc, opts);
}
