import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { inScript, type Locale } from '../../core/i18n/locale.ts';
import { t, type MessageKey } from '../../core/i18n/messages.ts';
import { renderPdf, type PdfOptions } from '../../core/pdf.ts';
import { formatDate } from '../../core/views/format.ts';
import { formatDays, formatHours } from '../certificates/format.ts';
import { localToday } from '../accounts/age.ts';

/**
 * The papers of volunteering, made with pdfmake (core/pdf.ts) in the worker pool (./format.ts
 * names the tasks): the certificate of completed volunteering (rulebook "Službeni glasnik RS"
 * 92/2010), the contract (art. 18 of the law) and the organiser's records and yearly report as
 * tables. Everything arrives as plain data; text typed in either script is printed in the
 * reader's (inScript); the JMBG and residence only when the caller read them (and logged it).
 */

export interface Identity {
  jmbg: string;
  address: string;
  citizenship: string;
}

export interface VolCertificateData {
  locale: Locale;
  code: string;
  issuedAt: Date;
  organiser: string;
  organiserAddress: string;
  fullName: string;
  birthDate: string;
  /** null: not given (the volunteer has not entered it yet); the line then says so. */
  identity: Identity | null;
  title: string;
  tasks: string;
  place: string;
  beneficiaries: string[];
  training: string;
  firstDay: string;
  lastDay: string;
  hours: string;
  verifyUrl: string;
}

const row = (l: Locale, key: MessageKey, value: string): TableCell[] => [{ text: t(l, key), bold: true }, value || '—'];

const facts = (rows: TableCell[][]): Content => ({
  table: { widths: [170, '*'], body: rows },
  layout: 'lightHorizontalLines',
  margin: [0, 8, 0, 8],
});

const signatures = (l: Locale, left: string, right: string): Content => ({
  margin: [0, 36, 0, 0],
  columns: [
    {
      stack: [
        { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 200, y2: 0, lineWidth: 0.7 }] },
        { text: left, fontSize: 9, margin: [0, 4, 0, 0] },
      ],
    },
    {
      stack: [
        { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 200, y2: 0, lineWidth: 0.7 }] },
        { text: right, fontSize: 9, margin: [0, 4, 0, 0] },
      ],
    },
  ],
});

const beneficiaryList = (l: Locale, codes: readonly string[]) =>
  codes.map((c) => t(l, `volunteering.beneficiary.${c}` as MessageKey)).join(', ');

/** "Potvrda o obavljenom volontiranju" with the rulebook's fields, its number, a QR code and the verification address. */
export function volCertificatePdf(d: VolCertificateData, opts: PdfOptions = {}): Promise<Uint8Array> {
  const l = d.locale;
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [50, 50, 50, 50],
    info: {
      title: `${t(l, 'volunteering.cert.heading')} — ${inScript(l, d.fullName)}`,
      author: inScript(l, d.organiser),
      subject: d.code,
      creator: 'KZM',
    },
    content: [
      { text: inScript(l, d.organiser), fontSize: 11, color: '#444444' },
      { text: inScript(l, d.organiserAddress), fontSize: 9, color: '#444444' },
      { text: t(l, 'volunteering.cert.heading'), fontSize: 20, bold: true, alignment: 'center', margin: [0, 18, 0, 2] },
      {
        text: t(l, 'volunteering.cert.number', { code: d.code, date: formatDate(l, localToday(d.issuedAt)) }),
        alignment: 'center',
        margin: [0, 0, 0, 10],
      },
      { text: t(l, 'volunteering.cert.certifies'), margin: [0, 6, 0, 0] },
      facts([
        row(
          l,
          'volunteering.paper.organiser',
          `${inScript(l, d.organiser)}${d.organiserAddress ? `, ${inScript(l, d.organiserAddress)}` : ''}`,
        ),
        row(l, 'volunteering.paper.volunteer', inScript(l, d.fullName)),
        row(l, 'volunteering.paper.jmbg', d.identity?.jmbg ?? t(l, 'volunteering.paper.notGiven')),
        row(l, 'volunteering.paper.birthDate', formatDate(l, d.birthDate)),
        row(l, 'volunteering.paper.address', d.identity ? inScript(l, d.identity.address) : t(l, 'volunteering.paper.notGiven')),
        row(l, 'volunteering.paper.citizenship', d.identity ? inScript(l, d.identity.citizenship) : t(l, 'volunteering.paper.notGiven')),
        row(l, 'volunteering.paper.programme', inScript(l, d.title)),
        row(l, 'volunteering.paper.beneficiary', beneficiaryList(l, d.beneficiaries)),
        row(l, 'volunteering.paper.activities', inScript(l, d.tasks)),
        row(l, 'volunteering.paper.place', inScript(l, d.place)),
        row(l, 'volunteering.paper.period', formatDays(l, d.firstDay, d.lastDay)),
        row(l, 'volunteering.paper.hours', t(l, 'volunteering.hours.n', { n: Number(d.hours), hours: formatHours(l, d.hours) })),
        row(l, 'volunteering.paper.training', inScript(l, d.training)),
      ]),
      {
        margin: [0, 16, 0, 0],
        columns: [
          signatures(l, t(l, 'volunteering.paper.signOrganiser'), t(l, 'volunteering.paper.seal')),
          {
            width: 150,
            stack: [
              { qr: d.verifyUrl, fit: 90, alignment: 'right' },
              { text: t(l, 'volunteering.cert.verify', { url: d.verifyUrl }), alignment: 'right', fontSize: 7, margin: [0, 4, 0, 0] },
            ],
          },
        ],
      },
    ],
    defaultStyle: { fontSize: 10 },
  };
  return renderPdf(doc, opts);
}

export interface ContractData {
  locale: Locale;
  organiser: string;
  organiserAddress: string;
  fullName: string;
  birthDate: string;
  identity: Identity | null;
  minor: boolean;
  consentParent: string;
  consentSignedOn: string | null;
  consentDocument: string;
  title: string;
  tasks: string;
  place: string;
  startsOn: string;
  endsOn: string | null;
  hoursPerWeek: string;
  beneficiaries: string[];
  training: string;
  costs: string;
  /** Art. 15's reasons (codes), printed as why the contract is in writing. */
  reasons: string[];
}

/** The written contract on volunteering with the content of art. 18, ready for two signatures. */
export function contractPdf(d: ContractData, opts: PdfOptions = {}): Promise<Uint8Array> {
  const l = d.locale;
  const clause = (n: number, key: MessageKey, body: string): Content[] => [
    { text: t(l, 'volunteering.contract.clause', { n, title: t(l, key) }), bold: true, margin: [0, 10, 0, 2] },
    { text: body || '—' },
  ];
  const period = d.endsOn
    ? formatDays(l, d.startsOn, d.endsOn)
    : t(l, 'volunteering.contract.openEnded', { date: formatDate(l, d.startsOn) });
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [55, 50, 55, 50],
    info: {
      title: `${t(l, 'volunteering.contract.heading')} — ${inScript(l, d.fullName)}`,
      author: inScript(l, d.organiser),
      creator: 'KZM',
    },
    content: [
      { text: t(l, 'volunteering.contract.heading'), fontSize: 16, bold: true, alignment: 'center' },
      { text: t(l, 'volunteering.contract.law'), alignment: 'center', fontSize: 9, margin: [0, 2, 0, 10] },
      { text: t(l, 'volunteering.contract.parties') },
      facts([
        row(
          l,
          'volunteering.paper.organiser',
          `${inScript(l, d.organiser)}${d.organiserAddress ? `, ${inScript(l, d.organiserAddress)}` : ''}`,
        ),
        row(l, 'volunteering.paper.volunteer', inScript(l, d.fullName)),
        row(l, 'volunteering.paper.birthDate', formatDate(l, d.birthDate)),
        row(l, 'volunteering.paper.jmbg', d.identity?.jmbg ?? t(l, 'volunteering.paper.notGiven')),
        row(l, 'volunteering.paper.address', d.identity ? inScript(l, d.identity.address) : t(l, 'volunteering.paper.notGiven')),
        row(l, 'volunteering.paper.citizenship', d.identity ? inScript(l, d.identity.citizenship) : t(l, 'volunteering.paper.notGiven')),
        ...(d.minor
          ? [
              row(
                l,
                'volunteering.paper.consent',
                t(l, 'volunteering.paper.consentText', {
                  parent: inScript(l, d.consentParent),
                  date: d.consentSignedOn ? formatDate(l, d.consentSignedOn) : '—',
                  document: inScript(l, d.consentDocument),
                }),
              ),
            ]
          : []),
      ]),
      {
        text: t(l, 'volunteering.contract.why', {
          reasons: d.reasons.map((r) => t(l, `volunteering.reason.${r}` as MessageKey)).join('; '),
        }),
        fontSize: 9,
      },
      ...clause(1, 'volunteering.contract.c.services', `${inScript(l, d.title)}: ${inScript(l, d.tasks)}`),
      ...clause(2, 'volunteering.contract.c.beneficiary', beneficiaryList(l, d.beneficiaries)),
      ...clause(
        3,
        'volunteering.contract.c.placeTime',
        t(l, 'volunteering.contract.placeTime', { place: inScript(l, d.place), period, hours: formatHours(l, d.hoursPerWeek) }),
      ),
      ...clause(4, 'volunteering.contract.c.training', inScript(l, d.training)),
      ...clause(5, 'volunteering.contract.c.costs', d.costs ? inScript(l, d.costs) : t(l, 'volunteering.contract.noCosts')),
      ...clause(6, 'volunteering.contract.c.rights', t(l, 'volunteering.contract.rights')),
      ...clause(7, 'volunteering.contract.c.end', t(l, 'volunteering.contract.end')),
      signatures(
        l,
        t(l, 'volunteering.paper.signOrganiser'),
        d.minor ? t(l, 'volunteering.paper.signVolunteerParent') : t(l, 'volunteering.paper.signVolunteer'),
      ),
    ],
    defaultStyle: { fontSize: 10 },
  };
  return renderPdf(doc, opts);
}

export interface TableData {
  locale: Locale;
  title: string;
  subtitle: string;
  header: string[];
  rows: Array<Array<string | number>>;
}

/** A report as a landscape table with its heading and a page footer (records of art. 28, the report of art. 30). */
export function tablePdf(d: TableData, opts: PdfOptions = {}): Promise<Uint8Array> {
  const l = d.locale;
  const body: TableCell[][] = [
    d.header.map((h) => ({ text: h, bold: true, fillColor: '#eeeeee' })),
    ...d.rows.map((r) => r.map((c) => (typeof c === 'number' ? { text: String(c), alignment: 'right' as const } : c))),
  ];
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [36, 40, 36, 46],
    info: { title: d.title, creator: 'KZM' },
    footer: (page: number, pages: number) => ({
      text: t(l, 'paper.sheet.page', { n: page, total: pages }),
      alignment: 'center',
      fontSize: 8,
      margin: [0, 18, 0, 0],
    }),
    content: [
      { text: d.title, fontSize: 15, bold: true },
      { text: d.subtitle, fontSize: 9, color: '#444444', margin: [0, 2, 0, 10] },
      d.rows.length === 0
        ? { text: t(l, 'volunteering.records.empty') }
        : { table: { headerRows: 1, widths: d.header.map(() => '*'), body }, layout: 'lightHorizontalLines', fontSize: 8 },
    ],
    defaultStyle: { fontSize: 9 },
  };
  return renderPdf(doc, opts);
}
