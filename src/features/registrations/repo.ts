import { CACHE_CHANNEL } from '../../core/http/page-cache.ts';
import type { Queryable } from '../../core/db/db.ts';
import { maybeOne } from '../../core/db/db.ts';
import { placeSql } from '../activities/place.ts';

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
  /** Where, in words (activities/place.ts). */
  place_text: string;
}

const ACTIVITY_COLS = `id, office_id, status, title, capacity, confirmed_count, needs_approval, registration_opens,
  registration_closes, starts_at, ends_at, age_min, age_max, questions, place_kind, place, online_url, ${placeSql('activities')}`;

/** Locks the activity row (FOR UPDATE): every seat decision of this activity waits here in turn. */
export function lockActivity(q: Queryable, officeId: string, activityId: string): Promise<LockedActivity | undefined> {
  return maybeOne<LockedActivity>(q, `SELECT ${ACTIVITY_COLS} FROM activities WHERE office_id = $1 AND id = $2 FOR UPDATE`, [
    officeId,
    activityId,
  ]);
}

/**
 * What a sign-up is prepared from, read WITHOUT a lock: the activity's rules and what its mail
 * says, the office's name, the account's address and name (when userId is given), and the key
 * (registration_activity_key) that the seat statement compares under the lock.
 */
export interface SignUpActivity extends Omit<LockedActivity, 'capacity' | 'confirmed_count' | 'questions'> {
  key: string;
  office_slug: string;
  office_name: string;
  user_email: string | null;
  user_display_name: string | null;
  /** The signed-in person's birth date ('YYYY-MM-DD'); null for guests and walk-ins. */
  user_birth_date: string | null;
  /** The office's register row of the signed-in person if they joined it (for statistics). */
  user_person_id: string | null;
}

export async function activityForSignUp(
  q: Queryable,
  officeId: string,
  activityId: string,
  userId: string | null,
): Promise<SignUpActivity | undefined> {
  // Only what the checks and the mail need (capacity and counts are read under the lock), and
  // instants as ISO text: PGlite decodes jsonb and timestamptz columns slowly, and this query
  // runs once per sign-up. An account's sign-up takes the person's name, address, birth date
  // and register row from here too (one statement fewer per sign-up).
  const iso = (col: string) => `to_json(a.${col}) #>> '{}' AS ${col}`;
  const row = await maybeOne<
    Omit<SignUpActivity, 'registration_opens' | 'registration_closes' | 'starts_at' | 'ends_at'> &
      Record<'registration_opens' | 'registration_closes' | 'starts_at' | 'ends_at', string | null>
  >(
    q,
    `SELECT a.id, a.office_id, a.status, a.title, a.needs_approval, a.age_min, a.age_max, a.place_kind, a.place, a.online_url, ${placeSql('a', 'o')}, ${['registration_opens', 'registration_closes', 'starts_at', 'ends_at'].map(iso).join(', ')},
            registration_activity_key(a) AS key, o.slug AS office_slug, o.name AS office_name,
            u.email AS user_email, u.display_name AS user_display_name, u.birth_date AS user_birth_date,
            (SELECT p.id FROM people p WHERE p.office_id = a.office_id AND p.user_id = u.id AND p.merged_into_id IS NULL AND p.anonymised_at IS NULL
              ORDER BY p.created_at LIMIT 1) AS user_person_id
       FROM activities a JOIN offices o ON o.id = a.office_id LEFT JOIN users u ON u.id = $3::uuid
      WHERE a.office_id = $1 AND a.id = $2`,
    [officeId, activityId, userId],
  );
  if (!row) return undefined;
  const at = (s: string | null) => (s === null ? null : new Date(s));
  return {
    ...row,
    registration_opens: at(row.registration_opens),
    registration_closes: at(row.registration_closes),
    starts_at: new Date(row.starts_at!),
    ends_at: new Date(row.ends_at!),
  };
}

/** The arguments of registration_take_seat (migration 0005), prepared before the lock. */
export interface SeatStatementInput {
  officeId: string;
  activityId: string;
  key: string;
  source: RegistrationSource;
  userId: string | null;
  personId: string | null;
  fullName: string;
  email: string;
  birthYear: number | null;
  answers: Record<string, string>;
  code: string;
  tokenHash: string;
  tokenExpiresAt: Date | null;
  script: Script;
  actorId: string | null;
  overCapacity: boolean;
  /** Status → the outbox row to insert when the statement decides that status. */
  mails: Partial<Record<RegistrationStatus, unknown>>;
  /** The placeholder for the waitlist position in those rows. */
  mark: string;
  /** The placeholder for the entry code (as shown), which the database picks on insert. */
  codeMark: string;
  /** Page-cache tags of the activity's public pages: notified in the same statement when it confirms a seat (places left change). */
  pageTags: readonly string[];
}

export interface SeatOutcome {
  r_outcome: 'ok' | 'missing' | 'stale' | 'live' | 'walk_in_full';
  r_id: string | null;
  r_status: RegistrationStatus | null;
  r_position: number | null;
  r_live_id: string | null;
  r_live_status: RegistrationStatus | null;
  r_live_token_expires_at: Date | null;
  r_confirmed_count: number | null;
}

/**
 * The seat decision of a sign-up in one statement: lock, duplicate check, decision, insert,
 * count, audit, outbox (registration_take_seat, migrations 0005 and 0006). Nothing is written unless
 * the outcome is 'ok', so it may run on its own (autocommit) as well as in a transaction.
 */
export async function takeSeatStatement(q: Queryable, s: SeatStatementInput): Promise<SeatOutcome> {
  // The page-cache NOTIFY rides in the same statement, so in the same transaction: sent if and
  // only if a confirmed seat was taken (the public pages show places left; a waitlisted,
  // pending or unconfirmed sign-up changes no page).
  const [row] = await q.query<SeatOutcome>(
    `WITH r AS (
       SELECT * FROM registration_take_seat($1::uuid, $2::uuid, $3, $4, $5::uuid, $6::uuid, $7, $8, $9::integer, $10::jsonb, $11, $12,
                                            $13::timestamptz, $14, $15::uuid, $16::boolean, $17::jsonb, $18, $21)
     )
     SELECT r.*, CASE WHEN r.r_outcome = 'ok' AND r.r_status = 'confirmed' THEN pg_notify($19, $20) END AS r_notified FROM r`,
    [
      s.officeId,
      s.activityId,
      s.key,
      s.source,
      s.userId,
      s.personId,
      s.fullName,
      s.email,
      s.birthYear,
      JSON.stringify(s.answers),
      s.code,
      s.tokenHash,
      s.tokenExpiresAt,
      s.script,
      s.actorId,
      s.overCapacity,
      JSON.stringify(s.mails),
      s.mark,
      CACHE_CHANNEL,
      [...new Set(s.pageTags)].join(' '),
      s.codeMark,
    ],
  );
  return row!;
}

export function findOffice(q: Queryable, officeId: string): Promise<{ id: string; slug: string; name: string } | undefined> {
  return maybeOne(q, 'SELECT id, slug, name FROM offices WHERE id = $1', [officeId]);
}

export function addConfirmed(q: Queryable, officeId: string, activityId: string, delta: number): Promise<unknown> {
  return q.query('UPDATE activities SET confirmed_count = confirmed_count + $3 WHERE office_id = $1 AND id = $2', [
    officeId,
    activityId,
    delta,
  ]);
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
  /** The entry code people type (bare; formatEntryCode shows it). */
  short_code: string;
  token_hash: string | null;
  token_expires_at: Date | null;
  script: Script;
  created_at: Date;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
  reminded_at: Date | null;
}

const REG_COLS = `id, office_id, activity_id, user_id, person_id, full_name, email, birth_year, status, source, answers, queued_at,
  code, short_code, token_hash, token_expires_at, script, created_at, confirmed_at, cancelled_at, reminded_at`;

/** The live registration (not cancelled or declined) of an account or an address for an activity. */
export function findLive(
  q: Queryable,
  officeId: string,
  activityId: string,
  by: { userId?: string | null; email?: string },
): Promise<Registration | undefined> {
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
  r: { fullName: string; birthYear: number | null; answers: Record<string, string>; script: Script; tokenExpiresAt: Date | null },
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

/** The activity of a registration (read before its lock is taken: activity first, then registration). */
export async function registrationActivityId(q: Queryable, officeId: string, id: string): Promise<string | undefined> {
  const rows = await q.query<{ activity_id: string }>('SELECT activity_id FROM registrations WHERE office_id = $1 AND id = $2', [
    officeId,
    id,
  ]);
  return rows[0]?.activity_id;
}

/**
 * Cancels every live registration (unconfirmed, pending, confirmed, waitlisted) of an activity
 * being cancelled, and sets its confirmed count to 0; the caller holds the activity's lock.
 * Returns the ids cancelled.
 */
export async function cancelLiveRegistrations(q: Queryable, officeId: string, activityId: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `UPDATE registrations SET status = 'cancelled', cancelled_at = now()
      WHERE office_id = $1 AND activity_id = $2 AND status IN ('unconfirmed', 'pending', 'confirmed', 'waitlisted')
      RETURNING id`,
    [officeId, activityId],
  );
  await q.query('UPDATE activities SET confirmed_count = 0 WHERE office_id = $1 AND id = $2', [officeId, activityId]);
  return rows.map((r) => r.id);
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

/**
 * A guest used their link: the seat is decided now, so their place in any queue starts now — on
 * the waitlist after everyone already waiting (registration_queue_time, migration 0030; the
 * caller holds the activity's lock).
 */
export function markGuestConfirmed(q: Queryable, officeId: string, id: string, status: RegistrationStatus): Promise<unknown> {
  return q.query(
    `UPDATE registrations
        SET status = $3, token_expires_at = NULL,
            queued_at = CASE WHEN $3 = 'waitlisted' THEN registration_queue_time(office_id, activity_id) ELSE clock_timestamp() END,
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

/**
 * 1-based place on the waitlist (undefined when not waiting): the queue's length
 * (activities.waitlisted_count, kept by a trigger) less the waiting rows queued after this one
 * — one statement, so both come from one snapshot. A person who just joined the end of the
 * queue costs one index probe, not a count of everyone ahead (migration 0005).
 */
export async function waitlistPosition(q: Queryable, officeId: string, id: string): Promise<number | undefined> {
  const row = await maybeOne<{ n: number }>(
    q,
    `SELECT a.waitlisted_count - (SELECT count(*)::int FROM registrations w
              WHERE w.office_id = r.office_id AND w.activity_id = r.activity_id AND w.status = 'waitlisted'
                AND w.queued_at >= r.queued_at AND (w.queued_at, w.id) > (r.queued_at, r.id)) AS n
       FROM registrations r JOIN activities a ON a.office_id = r.office_id AND a.id = r.activity_id
      WHERE r.office_id = $1 AND r.id = $2 AND r.status = 'waitlisted'`,
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
  /** The entry code people type (bare; formatEntryCode shows it). */
  short_code: string;
  activity_title: string;
  starts_at: Date;
  place_kind: string;
  place: string;
  online_url: string;
  place_text: string;
  office_slug: string;
  office_name: string;
}

export function mailTargets(q: Queryable, officeId: string, ids: readonly string[]): Promise<MailTarget[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return q.query<MailTarget>(
    `SELECT r.id, r.office_id, r.activity_id, r.status, r.source, r.user_id, COALESCE(u.email, r.email) AS "to",
            COALESCE(NULLIF(r.full_name, ''), u.display_name, '') AS full_name, r.script, r.code, r.short_code,
            a.title AS activity_title, a.starts_at, a.place_kind, a.place, a.online_url, ${placeSql('a', 'o')}, o.slug AS office_slug, o.name AS office_name
       FROM registrations r
       JOIN activities a ON a.office_id = r.office_id AND a.id = r.activity_id
       JOIN offices o ON o.id = r.office_id
       LEFT JOIN users u ON u.id = r.user_id
      WHERE r.office_id = $1 AND r.id = ANY($2::uuid[]) AND r.anonymised_at IS NULL
      ORDER BY r.queued_at, r.id`,
    [officeId, ids],
  );
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
  place_text: string;
  status: RegistrationStatus;
  code: string;
  short_code: string;
  position: number | null;
}

/** The person's registrations across offices, upcoming first, with waitlist positions. */
export function listMyRegistrations(q: Queryable, userId: string): Promise<MyRegistration[]> {
  return q.query<MyRegistration>(
    `SELECT r.id, r.office_id, o.slug AS office_slug, o.name AS office_name, r.activity_id, a.title AS activity_title,
            a.status AS activity_status, a.starts_at, a.ends_at, a.place_kind, a.place, a.online_url, ${placeSql('a', 'o')}, r.status, r.code, r.short_code,
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

export function messageRecipients(
  q: Queryable,
  officeId: string,
  activityId: string,
  statuses: readonly RegistrationStatus[],
): Promise<Recipient[]> {
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

export function liveUpcomingOfUser(q: Queryable, userId: string): Promise<Array<{ office_id: string; id: string; activity_id: string }>> {
  return q.query(
    `SELECT r.office_id, r.id, r.activity_id FROM registrations r
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
            r.answers, r.code, registration_short_code_display(r.short_code) AS entry_code, r.created_at, r.confirmed_at, r.cancelled_at
       FROM registrations r
       JOIN activities a ON a.office_id = r.office_id AND a.id = r.activity_id
       JOIN offices o ON o.id = r.office_id
      WHERE r.user_id = $1
      ORDER BY r.created_at`,
    [userId],
  );
}
