import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t, type MessageKey } from '../../core/i18n/messages.ts';
import { formatDate } from '../../core/views/format.ts';
import { formatDays, formatHours } from '../certificates/format.ts';
import { CONTENT_TYPES, fileTask, type Sheet } from '../imports/export.ts';
import { contractTask, tablePdfTask, volCertificateTask } from './format.ts';
import { personOfUser, readIdentity } from './identity-repo.ts';
import { organiserAssociations } from './policy.ts';
import { listRecords, yearReport } from './records-repo.ts';
import { findVolOpportunity, organiserOf, type Application, type VolCertificate } from './repo.ts';

/**
 * The files of volunteering: certificate and contract PDFs (the JMBG read and its reading logged
 * in the register's access log, in one transaction with the read), the organiser's records and
 * the yearly report as XLSX or PDF. Every file is made in the worker pool (core/heavy.ts).
 */

export interface FileOut {
  body: Uint8Array;
  type: string;
  filename: string;
}

const PDF = 'application/pdf';

/** Where the public verification page of a volunteering certificate is. */
export const volVerifyPath = (officeSlug: string, code: string) => `/kancelarije/${officeSlug}/volontiranje/potvrda/${code}`;

/** The volunteer's identity, read with a log entry (who read it and why); null when not given or not in the register. */
async function identityFor(deps: Deps, officeId: string, userId: string, actorId: string, why: string) {
  return deps.db.transaction(async (tx) => {
    const person = await personOfUser(tx, officeId, userId);
    const i = person ? await readIdentity(tx, officeId, person.id, actorId, why) : undefined;
    return i ? { jmbg: i.jmbg, address: i.address, citizenship: i.citizenship } : null;
  });
}

export async function certificateFile(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  cert: VolCertificate,
  a: Application,
  locale: Locale,
): Promise<FileOut> {
  const o = await findVolOpportunity(deps.db, office.id, a.opportunity_id);
  const org = await organiserOf(deps.db, office.id, a.opportunity_id);
  const identity = await identityFor(deps, office.id, a.user_id, actor.userId, `certificate ${cert.code}`);
  const body = await deps.heavy.run(volCertificateTask, {
    locale,
    code: cert.code,
    issuedAt: cert.issued_at,
    organiser: cert.organiser,
    organiserAddress: org?.address ?? '',
    fullName: cert.full_name,
    birthDate: a.birth_date,
    identity,
    title: cert.title,
    tasks: cert.tasks,
    place: cert.place,
    beneficiaries: o?.beneficiaries ?? [],
    training: o?.training ?? '',
    firstDay: cert.first_day,
    lastDay: cert.last_day,
    hours: cert.hours,
    verifyUrl: `${deps.config.BASE_URL}/${locale}${volVerifyPath(office.slug, cert.code)}`,
  });
  return { body, type: PDF, filename: `potvrda-volontiranje-${cert.code}.pdf` };
}

export async function contractFile(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  a: Application,
  locale: Locale,
): Promise<FileOut | undefined> {
  const o = await findVolOpportunity(deps.db, office.id, a.opportunity_id);
  const org = await organiserOf(deps.db, office.id, a.opportunity_id);
  if (!o || !org) return undefined;
  const identity = await identityFor(deps, office.id, a.user_id, actor.userId, `contract ${a.id}`);
  const body = await deps.heavy.run(contractTask, {
    locale,
    organiser: org.name,
    organiserAddress: org.address,
    fullName: a.full_name,
    birthDate: a.birth_date,
    identity,
    minor: a.minor,
    consentParent: a.consent_parent,
    consentSignedOn: a.consent_signed_on,
    consentDocument: a.consent_document,
    title: o.title,
    tasks: o.tasks,
    place: o.place,
    startsOn: o.starts_on,
    endsOn: o.ends_on,
    hoursPerWeek: o.hours_per_week,
    beneficiaries: o.beneficiaries,
    training: o.training,
    costs: o.costs,
    reasons: a.contract_reasons,
  });
  return { body, type: PDF, filename: `ugovor-o-volontiranju-${a.id.slice(0, 8)}.pdf` };
}

export type PaperFormat = 'xlsx' | 'pdf';

async function asFile(
  deps: Deps,
  locale: Locale,
  sheet: Sheet,
  format: PaperFormat,
  title: string,
  subtitle: string,
  name: string,
): Promise<FileOut> {
  if (format === 'xlsx')
    return { body: await deps.heavy.run(fileTask, sheet, 'xlsx', title), type: CONTENT_TYPES.xlsx, filename: `${name}.xlsx` };
  const body = await deps.heavy.run(tablePdfTask, { locale, title, subtitle, header: sheet.header, rows: sheet.rows });
  return { body, type: PDF, filename: `${name}.pdf` };
}

const beneficiaries = (l: Locale, codes: readonly string[]) =>
  codes.map((c) => t(l, `volunteering.beneficiary.${c}` as MessageKey)).join(', ');

/** Art. 28: the organiser's records — programmes, duration, number of volunteers, long-term volunteers with their training. */
export async function recordsFile(deps: Deps, actor: Actor, office: OfficeRef, format: PaperFormat, locale: Locale): Promise<FileOut> {
  const rows = await deps.db.transaction(async (tx) => {
    const rows = await listRecords(tx, office.id, await organiserAssociations(tx, actor, office.id));
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'volunteering.records.export',
      data: { format, rows: rows.length },
    });
    return rows;
  });
  const col = (k: string) => t(locale, `volunteering.records.col.${k}` as MessageKey);
  const sheet: Sheet = {
    header: ['programme', 'organiser', 'place', 'period', 'hoursPerWeek', 'volunteers', 'hours', 'longTerm', 'training'].map(col),
    rows: rows.map((r) => [
      inScript(locale, r.title),
      inScript(locale, r.organiser),
      inScript(locale, r.place),
      r.ends_on ? formatDays(locale, r.starts_on, r.ends_on) : `${formatDate(locale, r.starts_on)} –`,
      formatHours(locale, r.hours_per_week),
      r.volunteers,
      Number(r.confirmed_hours),
      r.long_term.map((n) => inScript(locale, n)).join('; '),
      inScript(locale, r.training),
    ]),
  };
  const title = t(locale, 'volunteering.records.title');
  return asFile(
    deps,
    locale,
    sheet,
    format,
    title,
    `${inScript(locale, office.name)} · ${t(locale, 'volunteering.records.law')}`,
    'evidencija-volontiranja',
  );
}

/** Art. 30: the yearly report to the ministry (due 31 March of the next year): programmes, volunteers, hours in the year. */
export async function reportFile(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  year: number,
  format: PaperFormat,
  locale: Locale,
): Promise<FileOut> {
  const rows = await deps.db.transaction(async (tx) => {
    const rows = await yearReport(tx, office.id, await organiserAssociations(tx, actor, office.id), year);
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'volunteering.report.export', data: { format, year } });
    return rows;
  });
  const col = (k: string) => t(locale, `volunteering.report.col.${k}` as MessageKey);
  const total = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
  const sheet: Sheet = {
    header: ['programme', 'organiser', 'beneficiaries', 'volunteers', 'longTerm', 'minors', 'hours'].map(col),
    rows: [
      ...rows.map((r) => [
        inScript(locale, r.title),
        inScript(locale, r.organiser),
        beneficiaries(locale, r.beneficiaries),
        r.volunteers,
        r.long_term,
        r.minors,
        Number(r.hours),
      ]),
      ...(rows.length > 0
        ? [
            [
              t(locale, 'volunteering.report.total'),
              '',
              '',
              total((r) => r.volunteers),
              total((r) => r.long_term),
              total((r) => r.minors),
              total((r) => Number(r.hours)),
            ],
          ]
        : []),
    ],
  };
  const title = t(locale, 'volunteering.report.title', { year });
  return asFile(
    deps,
    locale,
    sheet,
    format,
    title,
    `${inScript(locale, office.name)} · ${t(locale, 'volunteering.report.law', { next: year + 1 })}`,
    `izvestaj-volontiranje-${year}`,
  );
}
