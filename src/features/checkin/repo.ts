import { maybeOne, type Queryable } from '../../core/db/db.ts';
import type { Activity } from '../activities/repo.ts';

/**
 * All SQL of the check-in: the activity and its sessions as the check-in page needs them, the
 * confirmed registrations with their presence at one session, and attendance writes. Every
 * query names the office (office_id in the WHERE clause), so a code of another office is simply
 * not found.
 */

/** What check-in needs of the :activity row (activities/params.ts). */
export type CheckinActivity = Pick<Activity, 'id' | 'title' | 'status' | 'starts_at' | 'ends_at' | 'confirmed_count' | 'capacity'>;

export interface CheckinSession {
  id: string;
  position: number;
  starts_at: Date;
  ends_at: Date;
  title: string;
  present: number;
}

/** The activity's sessions in order, each with how many people are marked present. */
export function listSessionsWithPresence(q: Queryable, officeId: string, activityId: string): Promise<CheckinSession[]> {
  return q.query<CheckinSession>(
    `SELECT s.id, s.position, s.starts_at, s.ends_at, s.title,
            (SELECT count(*)::int FROM attendance a WHERE a.office_id = s.office_id AND a.session_id = s.id) AS present
       FROM activity_sessions s
      WHERE s.office_id = $1 AND s.activity_id = $2
      ORDER BY s.position`,
    [officeId, activityId],
  );
}

export interface CheckinRow {
  id: string;
  full_name: string;
  email: string;
  code: string;
  /** The entry code people type (bare). */
  short_code: string;
  source: 'account' | 'guest' | 'walk_in';
  checked_at: Date | null;
  method: 'qr' | 'list' | null;
}

/** Confirmed registrations of the activity, by name, with their check-in at the session (if any). */
export function listConfirmed(q: Queryable, officeId: string, activityId: string, sessionId: string): Promise<CheckinRow[]> {
  return q.query<CheckinRow>(
    `SELECT r.id, r.full_name, r.email, r.code, r.short_code, r.source, a.checked_at, a.method
       FROM registrations r
       LEFT JOIN attendance a ON a.office_id = r.office_id AND a.registration_id = r.id AND a.session_id = $3
      WHERE r.office_id = $1 AND r.activity_id = $2 AND r.status = 'confirmed'
      ORDER BY lower(r.full_name), r.queued_at`,
    [officeId, activityId, sessionId],
  );
}

export interface CodeOwner {
  id: string;
  activity_id: string;
  status: string;
  full_name: string;
}

/** The registration of the office holding this check-in code: the QR code's long secret, or the typed entry code (bare). */
export function findByCode(q: Queryable, officeId: string, code: { secret: string } | { entry: string }): Promise<CodeOwner | undefined> {
  return 'secret' in code
    ? maybeOne<CodeOwner>(q, 'SELECT id, activity_id, status, full_name FROM registrations WHERE office_id = $1 AND code = $2', [
        officeId,
        code.secret,
      ])
    : maybeOne<CodeOwner>(q, 'SELECT id, activity_id, status, full_name FROM registrations WHERE office_id = $1 AND short_code = $2', [
        officeId,
        code.entry,
      ]);
}

/** The registration of the office's activity with this id. */
export function findRegistration(q: Queryable, officeId: string, activityId: string, id: string): Promise<CodeOwner | undefined> {
  return maybeOne<CodeOwner>(
    q,
    'SELECT id, activity_id, status, full_name FROM registrations WHERE office_id = $1 AND activity_id = $2 AND id = $3',
    [officeId, activityId, id],
  );
}

/**
 * Marks the registration present at the session. The primary key makes a second check-in a
 * no-op: returns false when the person was already marked (the first time is kept).
 */
export async function insertAttendance(
  q: Queryable,
  officeId: string,
  registrationId: string,
  sessionId: string,
  checkedAt: Date,
  checkedBy: string | null,
  method: 'qr' | 'list',
): Promise<boolean> {
  const rows = await q.query<{ registration_id: string }>(
    `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, checked_by, method)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (office_id, registration_id, session_id) DO NOTHING
     RETURNING registration_id`,
    [officeId, registrationId, sessionId, checkedAt, checkedBy, method],
  );
  return rows.length === 1;
}

/** Removes a check-in (a tick undone). Returns whether there was one. */
export async function deleteAttendance(q: Queryable, officeId: string, registrationId: string, sessionId: string): Promise<boolean> {
  const rows = await q.query<{ registration_id: string }>(
    'DELETE FROM attendance WHERE office_id = $1 AND registration_id = $2 AND session_id = $3 RETURNING registration_id',
    [officeId, registrationId, sessionId],
  );
  return rows.length === 1;
}
