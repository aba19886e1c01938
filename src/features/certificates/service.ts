import { createHash, randomInt } from 'node:crypto';
import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Queryable } from '../../core/db/db.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import { inScript, type Locale } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { formatDateTime } from '../../core/views/format.ts';
import { localToday } from '../accounts/age.ts';
import { placeShown } from '../activities/place.ts';
import { CONTENT_TYPES, fileTask, type Format, type Sheet } from '../imports/export.ts';
import { attendanceSheetTask, certificateTask } from './format.ts';
import { findActivity, listSessions } from '../activities/repo.ts';
import {
  exportParticipants,
  feedbackResults,
  findCertificate,
  findCertificateOfRegistration,
  findFeedbackTarget,
  findOffice,
  findOwnRegistration,
  insertCertificate,
  insertFeedback,
  listParticipantCerts,
  revokeCertificate,
  type CertActivity,
  type Certificate,
  type FeedbackTarget,
  type ParticipantCert,
} from './repo.ts';

// ── Who gets a certificate ───────────────────────────────────────────────────

/**
 * The rule (stated on the pages as 'cert.rule'): a confirmed participant of a published
 * activity with certificate hours, once it has ended, who attended at least 80% of its
 * sessions (a one-day activity: that day; five sessions: four). Kept in one place; the SQL
 * twin for "my registrations" is repo.eligibleRegistrationIds.
 */
export const ATTENDANCE_SHARE = 0.8;

export function activityIssues(a: Pick<CertActivity, 'status' | 'certificate_hours' | 'ends_at'>, now: Date): boolean {
  return a.status === 'published' && a.certificate_hours !== null && a.ends_at.getTime() <= now.getTime();
}

export function attendedEnough(p: Pick<ParticipantCert, 'attended' | 'sessions'>): boolean {
  return p.attended > 0 && p.attended * 5 >= p.sessions * ATTENDANCE_SHARE * 5;
}

/** Codes people can read aloud and type: no 0/O, 1/I. */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 12;

export function newCertificateCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** A code as typed or read from a URL (any case, spaces or dashes) → as stored, or null. */
export function normaliseCode(raw: string): string | null {
  const s = raw.toUpperCase().replace(/[\s-]/g, '');
  return /^[A-Z0-9]{10,20}$/.test(s) ? s : null;
}

/**
 * Issues the certificate of one participant if they earn it and have none: the data is copied
 * at issue time (name, title, hours, first and last day in Belgrade), so later edits of the
 * activity do not change what was certified. Decided by the unique (office, registration):
 * two simultaneous downloads issue one. Returns whether one was inserted.
 */
async function issueOne(tx: Queryable, a: CertActivity, p: ParticipantCert, now: Date): Promise<boolean> {
  if (p.code || !attendedEnough(p)) return false;
  for (let attempt = 0; attempt < 5; attempt++) {
    const inserted = await insertCertificate(tx, {
      officeId: a.office_id,
      code: newCertificateCode(),
      registrationId: p.registration_id,
      fullName: p.full_name,
      activityTitle: a.title,
      hours: a.certificate_hours!,
      firstDay: localToday(a.starts_at),
      lastDay: localToday(a.ends_at),
      issuedAt: now,
    });
    if (inserted) return true;
    // Either the registration got one meanwhile (done) or the code was taken (try another).
    if (await findCertificateOfRegistration(tx, a.office_id, p.registration_id)) return false;
  }
  throw new Error('could not find a free certificate code');
}

/**
 * The certificate of a registration, issued now if it is earned and not issued yet. Undefined
 * when it is not earned or was revoked (a revoked certificate is not handed out again).
 */
export async function certificateFor(
  deps: Deps,
  officeId: string,
  activityId: string,
  registrationId: string,
): Promise<Certificate | undefined> {
  const now = deps.now();
  const cert = await deps.db.transaction(async (tx) => {
    const a = await findActivity(tx, officeId, activityId);
    if (!a) return undefined;
    const [p] = await listParticipantCerts(tx, officeId, activityId, registrationId);
    if (!p) return undefined;
    if (!p.code) {
      if (!activityIssues(a, now) || !attendedEnough(p)) return undefined;
      if (await issueOne(tx, a, p, now)) {
        await recordAudit(tx, {
          officeId,
          actorId: null,
          action: 'certificate.issue',
          target: registrationId,
          data: { activity: activityId },
        });
      }
    }
    return findCertificateOfRegistration(tx, officeId, registrationId);
  });
  return cert && !cert.revoked_at ? cert : undefined;
}

/** The participant's own certificate (their account's registration; anyone else's: undefined). */
export async function ownCertificate(deps: Deps, userId: string, registrationId: string): Promise<Certificate | undefined> {
  const reg = await findOwnRegistration(deps.db, userId, registrationId);
  return reg ? certificateFor(deps, reg.office_id, reg.activity_id, registrationId) : undefined;
}

/** Issues every earned certificate of the activity not issued yet: one transaction, one audit event. */
export async function issueAll(deps: Deps, actor: Actor, office: OfficeRef, activityId: string): Promise<number | undefined> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const a = await findActivity(tx, office.id, activityId);
    if (!a) return undefined;
    let issued = 0;
    if (activityIssues(a, now)) {
      for (const p of await listParticipantCerts(tx, office.id, activityId)) if (await issueOne(tx, a, p, now)) issued++;
    }
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'certificate.issue_all',
      target: activityId,
      data: { issued },
    });
    return issued;
  });
}

export type RevokeResult = 'ok' | 'not_found' | 'already';

export async function revoke(deps: Deps, actor: Actor, office: OfficeRef, code: string): Promise<RevokeResult> {
  return deps.db.transaction(async (tx) => {
    const cert = await findCertificate(tx, office.id, code);
    if (!cert) return 'not_found';
    if (!(await revokeCertificate(tx, office.id, code, deps.now()))) return 'already';
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'certificate.revoke',
      target: code,
      data: { registration: cert.registration_id },
    });
    return 'ok';
  });
}

/** Where the public verification page of a certificate is, in a script. */
export function verifyUrl(baseUrl: string, locale: Locale, officeSlug: string, code: string): string {
  return `${baseUrl}/${locale}/kancelarije/${officeSlug}/sertifikat/${code}`;
}

/** The certificate as a PDF in the participant's script. */
export async function certificateFile(deps: Deps, cert: Certificate): Promise<{ body: Uint8Array; filename: string }> {
  const office = await findOffice(deps.db, cert.office_id);
  const locale = cert.script;
  const body = await deps.heavy.run(certificateTask, {
    locale,
    officeName: office?.name ?? '',
    fullName: cert.full_name,
    activityTitle: cert.activity_title,
    hours: cert.hours,
    firstDay: cert.first_day,
    lastDay: cert.last_day,
    code: cert.code,
    verifyUrl: verifyUrl(deps.config.BASE_URL, locale, office?.slug ?? '', cert.code),
    issuedAt: cert.issued_at,
  });
  return { body, filename: `potvrda-${cert.code}.pdf` };
}

// ── Paper: participant list and attendance sheet ─────────────────────────────

/**
 * The participant list as CSV or XLSX in the reader's script. Every registration linked to the
 * register gets an 'export' access entry in the statement that reads it (repo.ts); the export
 * is an audit event.
 */
export async function participantList(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  activity: CertActivity,
  format: Format,
  locale: Locale,
): Promise<{ body: Uint8Array; type: string; filename: string }> {
  const rows = await deps.db.transaction(async (tx) => {
    const rows = await exportParticipants(tx, office.id, activity.id, actor.userId);
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'activity.participants.export',
      target: activity.id,
      data: { format, rows: rows.length },
    });
    return rows;
  });
  const sheet: Sheet = {
    header: (['no', 'name', 'email', 'birthYear', 'status', 'source', 'registered', 'code', 'attended'] as const).map((k) =>
      t(locale, `paper.col.${k}`),
    ),
    rows: rows.map((r, i) => [
      i + 1,
      inScript(locale, r.full_name),
      r.email,
      r.birth_year ?? '',
      t(locale, `paper.status.${r.status as 'confirmed'}`),
      t(locale, `paper.source.${r.source as 'guest'}`),
      formatDateTime(locale, r.created_at),
      r.code,
      r.attended,
    ]),
  };
  const body = await deps.heavy.run(fileTask, sheet, format, inScript(locale, activity.title));
  return { body, type: CONTENT_TYPES[format], filename: `ucesnici-${activity.id.slice(0, 8)}-${localToday(deps.now())}.${format}` };
}

/** The attendance sheet for signatures (confirmed people; one section per session), logged like an export. */
export async function attendanceSheet(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  activity: CertActivity,
  locale: Locale,
): Promise<{ body: Uint8Array; filename: string }> {
  const { people, sessions } = await deps.db.transaction(async (tx) => {
    const people = await exportParticipants(tx, office.id, activity.id, actor.userId, ['confirmed']);
    people.sort((a, b) => a.full_name.localeCompare(b.full_name, 'sr'));
    const sessions = await listSessions(tx, office.id, activity.id);
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'activity.attendance_sheet',
      target: activity.id,
      data: { rows: people.length },
    });
    return { people, sessions };
  });
  const place = placeShown(activity, (s) => s);
  const body = await deps.heavy.run(attendanceSheetTask, {
    locale,
    officeName: office.name,
    activityTitle: activity.title,
    place,
    sessions,
    people,
  });
  return { body, filename: `lista-prisutnih-${activity.id.slice(0, 8)}.pdf` };
}

// ── Feedback ─────────────────────────────────────────────────────────────────

export const hashToken = (raw: string) => createHash('sha256').update(raw).digest('hex');

/** The registration a feedback link names, if the link is well formed, known and not expired. */
export async function feedbackTarget(deps: Deps, raw: string | undefined): Promise<FeedbackTarget | undefined> {
  if (!raw || !/^[A-Za-z0-9_-]{20,100}$/.test(raw)) return undefined;
  const target = await findFeedbackTarget(deps.db, hashToken(raw));
  if (!target || (target.token_expires_at && target.token_expires_at.getTime() < deps.now().getTime())) return undefined;
  return target;
}

export type FeedbackResult = 'ok' | 'already' | 'bad_link';

/** One answer per registration, decided by the primary key (a second submission changes nothing). */
export async function submitFeedback(
  deps: Deps,
  raw: string | undefined,
  input: { rating: number; comment: string },
): Promise<FeedbackResult> {
  const target = await feedbackTarget(deps, raw);
  if (!target) return 'bad_link';
  const inserted = await insertFeedback(deps.db, {
    officeId: target.office_id,
    registrationId: target.registration_id,
    activityId: target.activity_id,
    rating: input.rating,
    comment: input.comment,
    at: deps.now(),
  });
  return inserted ? 'ok' : 'already';
}

export { feedbackResults };
