import type { Queryable } from '../../core/db/db.ts';
import { maybeOne } from '../../core/db/db.ts';

/**
 * All SQL of registrations. Every query names the office. The seat rules live in seats.ts:
 * every function that changes a registration's status or an activity's confirmed_count is
 * called while the caller holds the activity row's lock (lockActivity).
 */

export type RegistrationStatus = 'unconfirmed' | 'pending' | 'confirmed' | 'waitlisted' | 'declined' | 'cancelled';
export type RegistrationSource = 'account' | 'guest' | 'walk_in';
export type Script = 'cir' | 'lat' | 'en';

export interface Question {
  id: string;
  label: string;
  required: boolean;
}

/** What the seat rules need of an activity (read under its lock). */
export interface LockedActivity {
  id: string;
  office_id: string;
  status: 'draft' | 'published' | 'cancelled';
  title: string;
  capacity: number | null;
  confirmed_count: number;
  needs_approval: boolean;
  registration_opens: Date | null;
  registration_closes: Date | null;
  starts_at: Date;
  ends_at: Date;
  age_min: number | null;
  age_max: number | null;
  questions: Question[];
  place_kind: string;
  place: string;
  online_url: string;
}

const ACTIVITY_COLS = `id, office_id, status, title, capacity, confirmed_count, needs_approval, registration_opens,
  registration_closes, starts_at, ends_at, age_min, age_max, questions, place_kind, place, online_url`;

/** Locks the activity row (FOR UPDATE): every seat decision of this activity waits here in turn. */
export function lockActivity(q: Queryable, officeId: string, activityId: string): Promise<LockedActivity | undefined> {
  return maybeOne<LockedActivity>(q, `SELECT ${ACTIVITY_COLS} FROM activities WHERE office_id = $1 AND id = $2 FOR UPDATE`, [officeId, activityId]);
}

export function findActivity(q: Queryable, officeId: string, activityId: string): Promise<LockedActivity | undefined> {
  return maybeOne<LockedActivity>(q, `SELECT ${ACTIVITY_COLS} FROM activities WHERE office_id = $1 AND id = $2`, [officeId, activityId]);
}

export const findActivityInfo = findActivity;

export function findOffice(q: Queryable, officeId: string): Promise<{ id: string; slug: string; name: string } | undefined> {
  return maybeOne(q, 'SELECT id, slug, name FROM offices WHERE id = $1', [officeId]);
}

/** A public page's office by its slug (only offices that use KZM). */
export function findOfficeBySlug(q: Queryable, slug: string): Promise<{ id: string; slug: string; name: string } | undefined> {
  return maybeOne(q, `SELECT id, slug, name FROM offices WHERE slug = $1 AND status = 'full'`, [slug]);
}

export function addConfirmed(q: Queryable, officeId: string, activityId: string, delta: number): Promise<unknown> {
  return q.query('UPDATE activities SET confirmed_count = confirmed_count + $3 WHERE office_id = $1 AND id = $2', [officeId, activityId, delta]);
}

export interface Registration {
  id: string;
  office_id: string;
  activity_id: string;
  user_id: string | null;
  person_id: string | null;
  full_name: string;
  email: string;
  birth_year: number | null;
  status: RegistrationStatus;
  source: RegistrationSource;
  answers: Record<string, string>;
  queued_at: Date;
  code: string;
  token_hash: string | null;
  token_expires_at: Date | null;
  script: Script;
  created_at: Date;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
  reminded_at: Date | null;
}

const REG_COLS = `id, office_id, activity_id, user_id, person_id, full_name, email, birth_year, status, source, answers, queued_at,
  code, token_hash, token_expires_at, script, created_at, confirmed_at, cancelled_at, reminded_at`;

export interface NewRegistration {
  officeId: string;
  activityId: string;
  userId: string | null;
  personId: string | null;
  fullName: string;
  email: string;
  birthYear: number | null;
  status: RegistrationStatus;
  source: RegistrationSource;
  answers: Record<string, string>;
  code: string;
  tokenHash: string;
  tokenExpiresAt: Date | null;
  script: Script;
}

export async function insertRegistration(q: Queryable, r: NewRegistration): Promise<string> {
  const [row] = await q.query<{ id: string }>(
    `INSERT INTO registrations (office_id, activity_id, user_id, person_id, full_name, email, birth_year, status, source, answers,
                                code, token_hash, token_expires_at, script, confirmed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
             CASE WHEN $8 IN ('confirmed', 'waitlisted', 'pending') THEN now() END)
     RETURNING id`,
    [
      r.officeId,
      r.activityId,
      r.userId,
      r.personId,
      r.fullName,
      r.email,
      r.birthYear,
      r.status,
      r.source,
      JSON.stringify(r.answers),
      r.code,
      r.tokenHash,
      r.tokenExpiresAt,
      r.script,
    ],
  );
  return row!.id;
}

/** The live registration (not cancelled or declined) of an account or an address for an activity. */
export function findLive(q: Queryable, officeId: string, activityId: string, by: { userId?: string | null; email?: string }): Promise<Registration | undefined> {
  return maybeOne<Registration>(
    q,
    `SELECT ${REG_COLS} FROM registrations
      WHERE office_id = $1 AND activity_id = $2 AND status NOT IN ('cancelled', 'declined')
        AND (($3::uuid IS NOT NULL AND user_id = $3) OR ($4 <> '' AND lower(email) = lower($4)))
      LIMIT 1`,
    [officeId, activityId, by.userId ?? null, by.email ?? ''],
  );
}

export function findRegistration(q: Queryable, officeId: string, id: string): Promise<Registration | undefined> {
  return maybeOne<Registration>(q, `SELECT ${REG_COLS} FROM registrations WHERE office_id = $1 AND id = $2`, [officeId, id]);
}

export function lockRegistration(q: Queryable, officeId: string, id: string): Promise<Registration | undefined> {
  return maybeOne<Registration>(q, `SELECT ${REG_COLS} FROM registrations WHERE office_id = $1 AND id = $2 FOR UPDATE`, [officeId, id]);
}

/** By the hash of a mailed link's token (global unique index); the office comes with the row. */
export function findByTokenHash(q: Queryable, hash: string): Promise<Registration | undefined> {
  return maybeOne<Registration>(q, `SELECT ${REG_COLS} FROM registrations WHERE token_hash = $1`, [hash]);
}

/**
 * A guest typed the sign-up again before confirming it: the unconfirmed row takes what was typed
 * this time (the mailed link, to the same address, then shows it) and a fresh expiry.
 */
export function retypeUnconfirmed(
  q: Queryable,
  officeId: string,
  id: string,
  r: Pick<NewRegistration, 'fullName' | 'birthYear' | 'answers' | 'script' | 'tokenExpiresAt'>,
): Promise<unknown> {
  return q.query(
    `UPDATE registrations SET full_name = $3, birth_year = $4, answers = $5, script = $6, token_expires_at = $7
      WHERE office_id = $1 AND id = $2 AND status = 'unconfirmed'`,
    [officeId, id, r.fullName, r.birthYear, JSON.stringify(r.answers), r.script, r.tokenExpiresAt],
  );
}

/** An unconfirmed guest sign-up that goes: its link expired unused, or the address's owner signed up (it never held a seat; nothing refers to it). */
export function deleteUnconfirmed(q: Queryable, officeId: string, id: string): Promise<unknown> {
  return q.query(`DELETE FROM registrations WHERE office_id = $1 AND id = $2 AND status = 'unconfirmed'`, [officeId, id]);
}

/** Guests' sign-ups whose link expired before `before`, unused: deleted (data minimisation). */
export async function deleteExpiredUnconfirmed(q: Queryable, before: Date): Promise<number> {
  const rows = await q.query(`DELETE FROM registrations WHERE status = 'unconfirmed' AND token_expires_at < $1 RETURNING id`, [before]);
  return rows.length;
}

export function setStatus(q: Queryable, officeId: string, id: string, status: RegistrationStatus): Promise<unknown> {
  return q.query(
    `UPDATE registrations SET status = $3,
            confirmed_at = CASE WHEN $3 = 'confirmed' THEN now() ELSE confirmed_at END,
            cancelled_at = CASE WHEN $3 IN ('cancelled', 'declined') THEN now() ELSE cancelled_at END
      WHERE office_id = $1 AND id = $2`,
    [officeId, id, status],
  );
}

/** A guest used their link: the seat is decided now, so their place in any queue starts now. */
export function markGuestConfirmed(q: Queryable, officeId: string, id: string, status: RegistrationStatus): Promise<unknown> {
  return q.query(
    `UPDATE registrations SET status = $3, queued_at = clock_timestamp(), token_expires_at = NULL,
            confirmed_at = now()
      WHERE office_id = $1 AND id = $2`,
    [officeId, id, status],
  );
}

/**
 * Moves the first waiting registrations (queued_at order) into `limit` free seats (all of them
 * when limit is null) and returns their ids. The caller holds the activity's lock.
 */
export async function promoteWaitlisted(q: Queryable, officeId: string, activityId: string, limit: number | null): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `UPDATE registrations SET status = 'confirmed', confirmed_at = now()
      WHERE office_id = $1 AND id IN (
        SELECT id FROM registrations
         WHERE office_id = $1 AND activity_id = $2 AND status = 'waitlisted'
         ORDER BY queued_at, id
         LIMIT $3)
      RETURNING id`,
    [officeId, activityId, limit],
  );
  return rows.map((r) => r.id);
}

/** 1-based place on the waitlist (undefined when not waiting). */
export async function waitlistPosition(q: Queryable, officeId: string, id: string): Promise<number | undefined> {
  const row = await maybeOne<{ n: number }>(
    q,
    `SELECT (SELECT count(*)::int FROM registrations w
              WHERE w.office_id = r.office_id AND w.activity_id = r.activity_id AND w.status = 'waitlisted'
                AND (w.queued_at, w.id) <= (r.queued_at, r.id)) AS n
       FROM registrations r WHERE r.office_id = $1 AND r.id = $2 AND r.status = 'waitlisted'`,
    [officeId, id],
  );
  return row?.n;
}

/** What a registration's mail needs: where to send it, in which script, about what. */
export interface MailTarget {
  id: string;
  office_id: string;
  activity_id: string;
  status: RegistrationStatus;
  source: RegistrationSource;
  user_id: string | null;
  to: string;
  full_name: string;
  script: Script;
  code: string;
  activity_title: string;
  starts_at: Date;
  place_kind: string;
  place: string;
  online_url: string;
  office_slug: string;
  office_name: string;
}

export function mailTargets(q: Queryable, officeId: string, ids: readonly string[]): Promise<MailTarget[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return q.query<MailTarget>(
    `SELECT r.id, r.office_id, r.activity_id, r.status, r.source, r.user_id, COALESCE(u.email, r.email) AS "to",
            COALESCE(NULLIF(r.full_name, ''), u.display_name, '') AS full_name, r.script, r.code,
            a.title AS activity_title, a.starts_at, a.place_kind, a.place, a.online_url, o.slug AS office_slug, o.name AS office_name
       FROM registrations r
       JOIN activities a ON a.office_id = r.office_id AND a.id = r.activity_id
       JOIN offices o ON o.id = r.office_id
       LEFT JOIN users u ON u.id = r.user_id
      WHERE r.office_id = $1 AND r.id = ANY($2::uuid[]) AND r.anonymised_at IS NULL
      ORDER BY r.queued_at, r.id`,
    [officeId, ids],
  );
}

export function findUserForSignUp(q: Queryable, userId: string): Promise<{ email: string; display_name: string; birth_date: string } | undefined> {
  return maybeOne(q, 'SELECT email, display_name, birth_date FROM users WHERE id = $1', [userId]);
}

/** The office's register row of this account, if the person joined it (for statistics). */
export async function personIdForUser(q: Queryable, officeId: string, userId: string): Promise<string | null> {
  const row = await maybeOne<{ id: string }>(
    q,
    'SELECT id FROM people WHERE office_id = $1 AND user_id = $2 AND merged_into_id IS NULL AND anonymised_at IS NULL ORDER BY created_at LIMIT 1',
    [officeId, userId],
  );
  return row?.id ?? null;
}

/** One of the person's own registrations, in any office (their account is the scope). */
export function findMyRegistration(q: Queryable, userId: string, id: string): Promise<Registration | undefined> {
  return maybeOne<Registration>(q, `SELECT ${REG_COLS} FROM registrations WHERE user_id = $1 AND id = $2`, [userId, id]);
}

export interface MyRegistration {
  id: string;
  office_id: string;
  office_slug: string;
  office_name: string;
  activity_id: string;
  activity_title: string;
  activity_status: string;
  starts_at: Date;
  ends_at: Date;
  place_kind: string;
  place: string;
  online_url: string;
  status: RegistrationStatus;
  code: string;
  position: number | null;
}

/** The person's registrations across offices, upcoming first, with waitlist positions. */
export function listMyRegistrations(q: Queryable, userId: string): Promise<MyRegistration[]> {
  return q.query<MyRegistration>(
    `SELECT r.id, r.office_id, o.slug AS office_slug, o.name AS office_name, r.activity_id, a.title AS activity_title,
            a.status AS activity_status, a.starts_at, a.ends_at, a.place_kind, a.place, a.online_url, r.status, r.code,
            CASE WHEN r.status = 'waitlisted' THEN
              (SELECT count(*)::int FROM registrations w
                WHERE w.office_id = r.office_id AND w.activity_id = r.activity_id AND w.status = 'waitlisted'
                  AND (w.queued_at, w.id) <= (r.queued_at, r.id)) END AS position
       FROM registrations r
       JOIN activities a ON a.office_id = r.office_id AND a.id = r.activity_id
       JOIN offices o ON o.id = r.office_id
      WHERE r.user_id = $1
      ORDER BY (a.ends_at < now()), CASE WHEN a.ends_at < now() THEN NULL ELSE a.starts_at END, a.starts_at DESC, r.created_at DESC`,
    [userId],
  );
}

export interface StaffRow {
  id: string;
  person_id: string | null;
  full_name: string;
  email: string;
  birth_year: number | null;
  status: RegistrationStatus;
  source: RegistrationSource;
  answers: Record<string, string>;
  queued_at: Date;
  created_at: Date;
  position: number | null;
}

/** Every registration of an activity for its office's staff: live ones first, waitlist in order. */
export function listForActivity(q: Queryable, officeId: string, activityId: string): Promise<StaffRow[]> {
  return q.query<StaffRow>(
    `SELECT r.id, r.person_id, COALESCE(NULLIF(r.full_name, ''), u.display_name, '') AS full_name, COALESCE(u.email, r.email) AS email,
            r.birth_year, r.status, r.source, r.answers, r.queued_at, r.created_at,
            CASE WHEN r.status = 'waitlisted' THEN
              row_number() OVER (PARTITION BY r.status = 'waitlisted' ORDER BY r.queued_at, r.id)::int END AS position
       FROM registrations r LEFT JOIN users u ON u.id = r.user_id
      WHERE r.office_id = $1 AND r.activity_id = $2
      ORDER BY array_position(ARRAY['pending', 'confirmed', 'waitlisted', 'unconfirmed', 'cancelled', 'declined'], r.status), r.queued_at, r.id`,
    [officeId, activityId],
  );
}

export interface Recipient {
  to: string;
  full_name: string;
  script: Script;
  activity_title: string;
  office_name: string;
}

export function messageRecipients(q: Queryable, officeId: string, activityId: string, statuses: readonly RegistrationStatus[]): Promise<Recipient[]> {
  return q.query<Recipient>(
    `SELECT COALESCE(u.email, r.email) AS "to", COALESCE(NULLIF(r.full_name, ''), u.display_name, '') AS full_name, r.script,
            a.title AS activity_title, o.name AS office_name
       FROM registrations r
       JOIN activities a ON a.office_id = r.office_id AND a.id = r.activity_id
       JOIN offices o ON o.id = r.office_id
       LEFT JOIN users u ON u.id = r.user_id
      WHERE r.office_id = $1 AND r.activity_id = $2 AND r.status = ANY($3::text[]) AND r.anonymised_at IS NULL
        AND COALESCE(u.email, r.email) <> ''
      ORDER BY r.queued_at, r.id`,
    [officeId, activityId, statuses],
  );
}

/** Published activities starting in (from, to] with confirmed registrations not reminded yet. */
export function activitiesToRemind(q: Queryable, from: Date, to: Date): Promise<Array<{ office_id: string; id: string }>> {
  return q.query(
    `SELECT a.office_id, a.id FROM activities a
      WHERE a.status = 'published' AND a.starts_at > $1 AND a.starts_at <= $2
        AND EXISTS (SELECT 1 FROM registrations r WHERE r.office_id = a.office_id AND r.activity_id = a.id
                      AND r.status = 'confirmed' AND r.reminded_at IS NULL AND r.anonymised_at IS NULL)
      ORDER BY a.starts_at LIMIT 200`,
    [from, to],
  );
}

/** Marks the confirmed registrations not reminded yet and returns their ids. */
export async function claimReminders(q: Queryable, officeId: string, activityId: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `UPDATE registrations SET reminded_at = now()
      WHERE office_id = $1 AND activity_id = $2 AND status = 'confirmed' AND reminded_at IS NULL AND anonymised_at IS NULL
      RETURNING id`,
    [officeId, activityId],
  );
  await q.query('UPDATE activities SET reminders_sent_at = now() WHERE office_id = $1 AND id = $2', [officeId, activityId]);
  return rows.map((r) => r.id);
}

export function liveUpcomingOfUser(q: Queryable, userId: string): Promise<Array<{ office_id: string; id: string }>> {
  return q.query(
    `SELECT r.office_id, r.id FROM registrations r
       JOIN activities a ON a.office_id = r.office_id AND a.id = r.activity_id
      WHERE r.user_id = $1 AND r.status NOT IN ('cancelled', 'declined') AND a.ends_at > now()
      ORDER BY r.office_id, r.activity_id`,
    [userId],
  );
}

/** Erasure of an account: its registrations keep their counts but lose name and address. */
export function anonymiseUserRegistrations(q: Queryable, userId: string): Promise<unknown> {
  return q.query(
    `UPDATE registrations SET full_name = '', email = '', answers = '{}', user_id = NULL, token_hash = NULL, anonymised_at = now()
      WHERE user_id = $1`,
    [userId],
  );
}

/** The person's registrations for "my data". */
export function registrationsForExport(q: Queryable, userId: string): Promise<Array<Record<string, unknown>>> {
  return q.query(
    `SELECT o.name AS office, a.title AS activity, a.starts_at, r.status, r.source, r.full_name, r.email, r.birth_year,
            r.answers, r.code, r.created_at, r.confirmed_at, r.cancelled_at
       FROM registrations r
       JOIN activities a ON a.office_id = r.office_id AND a.id = r.activity_id
       JOIN offices o ON o.id = r.office_id
      WHERE r.user_id = $1
      ORDER BY r.created_at`,
    [userId],
  );
}
