import type { Activity } from '../activities/repo.ts';
import type { Queryable } from '../../core/db/db.ts';
import type { Locale } from '../../core/i18n/locale.ts';

/**
 * All SQL of certificates, feedback and the paper exports. Every office-owned query names the
 * office; a person's own registration is found by its id and their account together.
 */

/** What certificates, feedback and the paper exports need of the :activity row (activities/params.ts). */
export type CertActivity = Pick<
  Activity,
  | 'id'
  | 'office_id'
  | 'title'
  | 'status'
  | 'kind'
  | 'place_kind'
  | 'place'
  | 'online_url'
  | 'place_text'
  | 'certificate_hours'
  | 'starts_at'
  | 'ends_at'
  | 'feedback_sent_at'
>;

export interface OfficeInfo {
  id: string;
  slug: string;
  name: string;
}

export async function findOffice(q: Queryable, officeId: string): Promise<OfficeInfo | undefined> {
  const rows = await q.query<OfficeInfo>('SELECT id, slug, name FROM offices WHERE id = $1', [officeId]);
  return rows[0];
}

// ── Eligibility and certificates ─────────────────────────────────────────────

/** A confirmed registration of the activity with its attendance and certificate (if issued). */
export interface ParticipantCert {
  registration_id: string;
  full_name: string;
  script: Locale;
  attended: number;
  sessions: number;
  code: string | null;
  revoked_at: Date | null;
}

/**
 * Every confirmed, not anonymised registration of the activity: sessions attended out of all,
 * and its certificate if one was issued. Ordered by name.
 */
export function listParticipantCerts(
  q: Queryable,
  officeId: string,
  activityId: string,
  registrationId?: string,
): Promise<ParticipantCert[]> {
  return q.query<ParticipantCert>(
    `SELECT r.id AS registration_id, r.full_name, r.script,
            (SELECT count(*)::int FROM attendance a WHERE a.office_id = r.office_id AND a.registration_id = r.id) AS attended,
            (SELECT count(*)::int FROM activity_sessions s WHERE s.office_id = r.office_id AND s.activity_id = r.activity_id) AS sessions,
            c.code, c.revoked_at
       FROM registrations r
       LEFT JOIN certificates c ON c.office_id = r.office_id AND c.registration_id = r.id
      WHERE r.office_id = $1 AND r.activity_id = $2 AND r.status = 'confirmed' AND r.anonymised_at IS NULL AND r.full_name <> ''
        AND ($3::uuid IS NULL OR r.id = $3::uuid)
      ORDER BY lower(r.full_name), r.id`,
    [officeId, activityId, registrationId ?? null],
  );
}

export interface NewCertificate {
  officeId: string;
  code: string;
  registrationId: string;
  fullName: string;
  activityTitle: string;
  hours: string;
  firstDay: string;
  lastDay: string;
  issuedAt: Date;
}

/** Inserts unless the registration already has one (or the code is taken): true when inserted. */
export async function insertCertificate(q: Queryable, c: NewCertificate): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO certificates (office_id, code, registration_id, full_name, activity_title, hours, first_day, last_day, issued_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING code`,
    [c.officeId, c.code, c.registrationId, c.fullName, c.activityTitle, c.hours, c.firstDay, c.lastDay, c.issuedAt],
  );
  return rows.length > 0;
}

export interface Certificate {
  office_id: string;
  code: string;
  registration_id: string;
  activity_id: string;
  full_name: string;
  activity_title: string;
  hours: string;
  first_day: string;
  last_day: string;
  issued_at: Date;
  revoked_at: Date | null;
  /** The participant's script (the certificate is printed in it). */
  script: Locale;
}

const CERT_COLUMNS = `c.office_id, c.code, c.registration_id, r.activity_id, c.full_name, c.activity_title, c.hours::text AS hours,
  to_char(c.first_day, 'YYYY-MM-DD') AS first_day, to_char(c.last_day, 'YYYY-MM-DD') AS last_day, c.issued_at, c.revoked_at, r.script`;

export async function findCertificate(q: Queryable, officeId: string, code: string): Promise<Certificate | undefined> {
  const rows = await q.query<Certificate>(
    `SELECT ${CERT_COLUMNS} FROM certificates c JOIN registrations r ON r.office_id = c.office_id AND r.id = c.registration_id
      WHERE c.office_id = $1 AND c.code = $2`,
    [officeId, code],
  );
  return rows[0];
}

export async function findCertificateOfRegistration(
  q: Queryable,
  officeId: string,
  registrationId: string,
): Promise<Certificate | undefined> {
  const rows = await q.query<Certificate>(
    `SELECT ${CERT_COLUMNS} FROM certificates c JOIN registrations r ON r.office_id = c.office_id AND r.id = c.registration_id
      WHERE c.office_id = $1 AND c.registration_id = $2`,
    [officeId, registrationId],
  );
  return rows[0];
}

/** Revokes a live certificate; false when there is none or it was revoked already. */
export async function revokeCertificate(q: Queryable, officeId: string, code: string, at: Date): Promise<boolean> {
  const rows = await q.query(
    'UPDATE certificates SET revoked_at = $3 WHERE office_id = $1 AND code = $2 AND revoked_at IS NULL RETURNING code',
    [officeId, code, at],
  );
  return rows.length > 0;
}

/** The person's own registration (by account), wherever the office: where it is, for the certificate. */
export async function findOwnRegistration(
  q: Queryable,
  userId: string,
  registrationId: string,
): Promise<{ office_id: string; activity_id: string } | undefined> {
  const rows = await q.query<{ office_id: string; activity_id: string }>(
    'SELECT office_id, activity_id FROM registrations WHERE id = $1 AND user_id = $2',
    [registrationId, userId],
  );
  return rows[0];
}

/**
 * The person's registrations that earn a certificate now (see service.ts ELIGIBLE): for the
 * "my registrations" page to show a download link beside each.
 */
export async function eligibleRegistrationIds(q: Queryable, userId: string, now: Date): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `SELECT r.id FROM registrations r
       JOIN activities a ON a.office_id = r.office_id AND a.id = r.activity_id
      WHERE r.user_id = $1 AND r.status = 'confirmed' AND r.anonymised_at IS NULL AND r.full_name <> ''
        AND a.status = 'published' AND a.certificate_hours IS NOT NULL AND a.ends_at <= $2
        AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.office_id = r.office_id AND c.registration_id = r.id AND c.revoked_at IS NOT NULL)
        AND (SELECT count(*) FROM attendance t WHERE t.office_id = r.office_id AND t.registration_id = r.id) * 5
            >= (SELECT count(*) FROM activity_sessions s WHERE s.office_id = r.office_id AND s.activity_id = r.activity_id) * 4
        AND EXISTS (SELECT 1 FROM attendance t WHERE t.office_id = r.office_id AND t.registration_id = r.id)`,
    [userId, now],
  );
  return rows.map((r) => r.id);
}

// ── Participant list and attendance sheet ────────────────────────────────────

export interface ParticipantRow {
  id: string;
  full_name: string;
  email: string;
  birth_year: number | null;
  status: string;
  source: string;
  created_at: Date;
  code: string;
  attended: number;
}

/**
 * The live registrations of an activity (everything but cancelled and declined), confirmed
 * first, then by queue order. The same statement logs an 'export' in personal_data_access for
 * every registration linked to the office's register — by person_id, or through the account's
 * row in the register — (INSERT … SELECT over the same rows), so
 * an export without its log entries cannot happen. `statuses` narrows the list (the
 * attendance sheet takes only the confirmed).
 */
export function exportParticipants(
  q: Queryable,
  officeId: string,
  activityId: string,
  actorId: string | null,
  statuses: readonly string[] = ['confirmed', 'waitlisted', 'pending', 'unconfirmed'],
): Promise<ParticipantRow[]> {
  return q.query<ParticipantRow>(
    `WITH exported AS (
       SELECT r.id,
              COALESCE(r.person_id, (SELECT p.id FROM people p WHERE p.office_id = r.office_id AND p.user_id = r.user_id
                                        AND p.merged_into_id IS NULL)) AS person_id,
              r.full_name, r.email, r.birth_year, r.status, r.source, r.created_at, r.code, r.queued_at,
              (SELECT count(*)::int FROM attendance a WHERE a.office_id = r.office_id AND a.registration_id = r.id) AS attended
         FROM registrations r
        WHERE r.office_id = $1 AND r.activity_id = $2 AND r.status = ANY($4::text[])
     ), logged AS (
       INSERT INTO personal_data_access (office_id, actor_id, person_id, action, reason)
       SELECT $1, $3, person_id, 'export', 'activity participants' FROM exported WHERE person_id IS NOT NULL
     )
     SELECT id, full_name, email, birth_year, status, source, created_at, code, attended FROM exported
      ORDER BY CASE status WHEN 'confirmed' THEN 0 WHEN 'pending' THEN 1 WHEN 'waitlisted' THEN 2 ELSE 3 END, queued_at, id`,
    [officeId, activityId, actorId, statuses],
  );
}

// ── Feedback ─────────────────────────────────────────────────────────────────

export interface FeedbackTarget {
  office_id: string;
  registration_id: string;
  activity_id: string;
  activity_title: string;
  script: Locale;
  token_expires_at: Date | null;
  answered: boolean;
}

/** The confirmed registration a feedback link's token belongs to, with its activity (ended). */
export async function findFeedbackTarget(q: Queryable, tokenHash: string): Promise<FeedbackTarget | undefined> {
  const rows = await q.query<FeedbackTarget>(
    `SELECT r.office_id, r.id AS registration_id, r.activity_id, a.title AS activity_title, r.script, r.token_expires_at,
            EXISTS (SELECT 1 FROM activity_feedback f WHERE f.office_id = r.office_id AND f.registration_id = r.id) AS answered
       FROM registrations r JOIN activities a ON a.office_id = r.office_id AND a.id = r.activity_id
      WHERE r.token_hash = $1 AND r.status = 'confirmed' AND a.feedback_sent_at IS NOT NULL`,
    [tokenHash],
  );
  return rows[0];
}

/** One answer per registration (the primary key): false when there was one already. */
export async function insertFeedback(
  q: Queryable,
  f: { officeId: string; registrationId: string; activityId: string; rating: number; comment: string; at: Date },
): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO activity_feedback (office_id, registration_id, activity_id, rating, comment, submitted_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING registration_id`,
    [f.officeId, f.registrationId, f.activityId, f.rating, f.comment, f.at],
  );
  return rows.length > 0;
}

export interface FeedbackResults {
  count: number;
  average: number | null;
  /** Answers per rating, index 0 = rating 1. */
  distribution: number[];
  comments: Array<{ rating: number; comment: string; submitted_at: Date }>;
}

export async function feedbackResults(q: Queryable, officeId: string, activityId: string): Promise<FeedbackResults> {
  const dist = await q.query<{ rating: number; n: number }>(
    `SELECT rating, count(*)::int AS n FROM activity_feedback WHERE office_id = $1 AND activity_id = $2 GROUP BY rating`,
    [officeId, activityId],
  );
  const comments = await q.query<{ rating: number; comment: string; submitted_at: Date }>(
    `SELECT rating, comment, submitted_at FROM activity_feedback
      WHERE office_id = $1 AND activity_id = $2 AND comment <> '' ORDER BY submitted_at, registration_id`,
    [officeId, activityId],
  );
  const distribution = [1, 2, 3, 4, 5].map((r) => dist.find((d) => d.rating === r)?.n ?? 0);
  const count = distribution.reduce((a, b) => a + b, 0);
  const sum = distribution.reduce((a, n, i) => a + n * (i + 1), 0);
  return { count, average: count ? sum / count : null, distribution, comments };
}

/**
 * Published activities that ended in (since, now] and have not had their feedback mails,
 * locked for this run (SKIP LOCKED: a second runner takes others).
 */
export function activitiesDueForFeedback(
  q: Queryable,
  since: Date,
  now: Date,
  limit: number,
): Promise<Array<{ office_id: string; id: string; title: string; certifies: boolean }>> {
  return q.query(
    `SELECT office_id, id, title, certificate_hours IS NOT NULL AS certifies FROM activities
      WHERE status = 'published' AND feedback_sent_at IS NULL AND ends_at <= $2 AND ends_at > $1
      ORDER BY ends_at, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
    [since, now, limit],
  );
}

/** Who attended (at least one session) and has an address to write to. */
export function attendeesToAsk(
  q: Queryable,
  officeId: string,
  activityId: string,
): Promise<Array<{ id: string; full_name: string; email: string; script: Locale; user_id: string | null }>> {
  return q.query(
    `SELECT r.id, r.full_name, r.email, r.script, r.user_id FROM registrations r
      WHERE r.office_id = $1 AND r.activity_id = $2 AND r.status = 'confirmed' AND r.email <> '' AND r.anonymised_at IS NULL
        AND EXISTS (SELECT 1 FROM attendance a WHERE a.office_id = r.office_id AND a.registration_id = r.id)
      ORDER BY r.queued_at, r.id`,
    [officeId, activityId],
  );
}

export async function setRegistrationToken(
  q: Queryable,
  officeId: string,
  registrationId: string,
  tokenHash: string,
  expiresAt: Date,
): Promise<void> {
  await q.query('UPDATE registrations SET token_hash = $3, token_expires_at = $4 WHERE office_id = $1 AND id = $2', [
    officeId,
    registrationId,
    tokenHash,
    expiresAt,
  ]);
}

export async function markFeedbackSent(q: Queryable, officeId: string, activityId: string, at: Date): Promise<void> {
  await q.query('UPDATE activities SET feedback_sent_at = $3 WHERE office_id = $1 AND id = $2', [officeId, activityId, at]);
}
