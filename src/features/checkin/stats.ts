/**
 * Attendance numbers: THE query module for what activities add up to (issue #5, point 6).
 * The activity's statistics page, the period page, the attendance API — and later the LAP
 * indicators and the annual report — call `attendanceNumbers`; nothing else counts
 * registrations or attendance for display.
 *
 * Scope: an office, optionally one activity, a period (dates in Belgrade time, both ends
 * included), a LAP area and a kind. Drafts never count. A session is in the scope when it
 * starts in the period; an activity when one of its sessions is.
 *
 * Definitions:
 * - registrations: registrations of the activities in scope, except guests who never confirmed
 *   their e-mail, by status (confirmed / waitlisted / pending / cancelled incl. declined);
 * - attendance: person-sessions — check-ins at sessions in scope;
 * - participants: distinct people checked in at least once in scope. A person is their account
 *   (the registration's, or the account of the register row it links), else the register row
 *   (person_id, following a merge), else the lower-cased e-mail, else the registration itself;
 * - first-timers: participants whose first check-in ever in this office (any activity) is not
 *   before the start of the scope (the period's first day, or the activity's first session);
 * - profile (age group, gender, settlement kind, status) per participant: age from the birth
 *   year at their first attended session in scope (the registration's birth year, else the
 *   register's); gender, settlement kind and status from the office's register row (linked by
 *   person_id, or by the account) when the person's register consent is in force (or the row
 *   is anonymised, which keeps those fields); 'unknown' otherwise.
 *
 * Everything leaves as aggregates with cells under 5 suppressed by the register's own rules
 * (people/stats.ts): partitions of the participants share one total; registrations by status
 * and attendance by session are partitions of their totals.
 */
import type { Queryable } from '../../core/db/db.ts';
import { CONSENT_IN_FORCE } from '../people/repo.ts';
import { AGE_GROUPS, GENDERS, SETTLEMENT_KINDS, STATUSES } from '../people/schema.ts';
import { DEFAULT_THRESHOLD, cellsOf, suppress, suppressShared, type OutCell, type RawCount, type Table } from '../people/stats.ts';

export interface AttendanceScope {
  officeId: string;
  /** One activity (its statistics page); otherwise every activity of the period. */
  activityId?: string | null;
  /** 'YYYY-MM-DD', Belgrade time, included. */
  from?: string | null;
  /** 'YYYY-MM-DD', Belgrade time, included. */
  to?: string | null;
  /** A LAP area code (activities.areas). */
  area?: string | null;
  /** An activity kind (activities.kind). */
  kind?: string | null;
}

export const REG_STATUSES = ['confirmed', 'waitlisted', 'pending', 'cancelled'] as const;
export const PROFILE_DIMENSIONS = ['age', 'gender', 'settlement_kind', 'status'] as const;
export type ProfileDimension = (typeof PROFILE_DIMENSIONS)[number];

const SPECS = {
  age: [...AGE_GROUPS, 'unknown'],
  gender: [...GENDERS, 'unknown'],
  settlement_kind: [...SETTLEMENT_KINDS, 'unknown'],
  status: [...STATUSES, 'unknown'],
  first_time: ['first', 'returning'],
} as const;

export interface AttendanceNumbers {
  threshold: number;
  /** Activities and sessions in scope (not counts of people: exact). */
  activities: number;
  sessions: number;
  /** Registrations by status; its total is the number of registrations. */
  registrations: Table;
  /** Person-sessions (check-ins). With one activity: by session, total = attendance. */
  attendance: OutCell;
  bySession: Array<{ id: string; position: number; startsAt: Date; cell: OutCell }>;
  /** Distinct participants (the shared total of the profile tables). */
  participants: OutCell;
  firstTimers: OutCell;
  /** Participants by profile dimension, and first-time vs returning (one shared total). */
  profile: Record<ProfileDimension | 'first_time', Table>;
  /** Period scope: distinct participants per activity (not a partition: no total). */
  byActivity: Array<{ id: string; title: string; startsAt: Date; cell: OutCell }>;
}

/** The raw counts (no suppression): only this module's `attendanceNumbers` and tests read them. */
export async function rawAttendanceCounts(q: Queryable, s: AttendanceScope): Promise<RawCount[]> {
  return q.query<RawCount>(
    `WITH scope_acts AS (
       SELECT a.id, a.starts_at FROM activities a
        WHERE a.office_id = $1 AND a.status <> 'draft'
          AND ($2::uuid IS NULL OR a.id = $2::uuid)
          AND ($5::text IS NULL OR $5::text = ANY (a.areas))
          AND ($6::text IS NULL OR a.kind = $6::text)
          AND EXISTS (SELECT 1 FROM activity_sessions s
                       WHERE s.office_id = a.office_id AND s.activity_id = a.id
                         AND ($3::date IS NULL OR s.starts_at >= ($3::date::timestamp AT TIME ZONE 'Europe/Belgrade'))
                         AND ($4::date IS NULL OR s.starts_at < (($4::date + 1)::timestamp AT TIME ZONE 'Europe/Belgrade')))
     ), scope_sessions AS (
       SELECT s.id, s.activity_id, s.starts_at FROM activity_sessions s JOIN scope_acts sa ON sa.id = s.activity_id
        WHERE s.office_id = $1
          AND ($3::date IS NULL OR s.starts_at >= ($3::date::timestamp AT TIME ZONE 'Europe/Belgrade'))
          AND ($4::date IS NULL OR s.starts_at < (($4::date + 1)::timestamp AT TIME ZONE 'Europe/Belgrade'))
     ), regs AS (
       SELECT r.id, r.activity_id, r.status,
              COALESCE('u:' || COALESCE(r.user_id, pt.user_id)::text, 'p:' || pt.id::text, 'e:' || nullif(lower(r.email), ''), 'r:' || r.id::text) AS pkey,
              COALESCE(r.birth_year, pt.birth_year) AS birth_year,
              (pt.id IS NOT NULL AND (pt.anonymised_at IS NOT NULL OR EXISTS (
                 SELECT 1 FROM person_consents c WHERE c.office_id = pt.office_id AND c.person_id = pt.id
                                                   AND c.purpose = 'register' AND ${CONSENT_IN_FORCE}))) AS profiled,
              pt.gender, pt.settlement_kind, pt.status AS occupation
         FROM registrations r
         LEFT JOIN people pl ON pl.office_id = r.office_id
                            AND (pl.id = r.person_id OR (r.person_id IS NULL AND r.user_id IS NOT NULL AND pl.user_id = r.user_id AND pl.merged_into_id IS NULL))
         LEFT JOIN people pt ON pt.office_id = pl.office_id AND pt.id = COALESCE(pl.merged_into_id, pl.id)
        WHERE r.office_id = $1
     ), att_all AS (
       SELECT k.pkey, a.registration_id, a.session_id, s.activity_id, s.starts_at
         FROM attendance a
         JOIN regs k ON k.id = a.registration_id
         JOIN activity_sessions s ON s.office_id = a.office_id AND s.id = a.session_id
        WHERE a.office_id = $1
     ), first_ever AS (
       SELECT pkey, min(starts_at) AS first_at FROM att_all GROUP BY pkey
     ), att_scope AS (
       SELECT x.* FROM att_all x JOIN scope_sessions ss ON ss.id = x.session_id
     ), part AS (
       SELECT DISTINCT ON (x.pkey) x.pkey, x.starts_at, k.birth_year, k.profiled, k.gender, k.settlement_kind, k.occupation,
              f.first_at >= COALESCE(($3::date::timestamp AT TIME ZONE 'Europe/Belgrade'), (SELECT min(starts_at) FROM scope_sessions)) AS first_time
         FROM att_scope x JOIN regs k ON k.id = x.registration_id JOIN first_ever f ON f.pkey = x.pkey
        ORDER BY x.pkey, k.profiled DESC, x.starts_at
     ), aged AS (
       SELECT *, extract(year FROM (starts_at AT TIME ZONE 'Europe/Belgrade'))::int - birth_year AS age FROM part
     )
     SELECT 'activities' AS dimension, NULL AS code, count(*)::int AS n FROM scope_acts
     UNION ALL SELECT 'sessions', NULL, count(*)::int FROM scope_sessions
     UNION ALL
     SELECT 'reg_status', CASE WHEN r.status = 'declined' THEN 'cancelled' ELSE r.status END, count(*)::int
       FROM regs r JOIN scope_acts sa ON sa.id = r.activity_id WHERE r.status <> 'unconfirmed' GROUP BY 2
     UNION ALL SELECT 'attendance', NULL, count(*)::int FROM att_scope
     UNION ALL SELECT 'session', session_id::text, count(*)::int FROM att_scope GROUP BY 2
     UNION ALL SELECT 'activity', activity_id::text, count(DISTINCT pkey)::int FROM att_scope GROUP BY 2
     UNION ALL SELECT 'first_time', CASE WHEN first_time THEN 'first' ELSE 'returning' END, count(*)::int FROM part GROUP BY 2
     UNION ALL
     SELECT 'age', CASE WHEN age IS NULL THEN 'unknown' WHEN age BETWEEN 15 AND 19 THEN '15-19' WHEN age BETWEEN 20 AND 24 THEN '20-24'
                        WHEN age BETWEEN 25 AND 30 THEN '25-30' ELSE 'other' END, count(*)::int FROM aged GROUP BY 2
     UNION ALL SELECT 'gender', CASE WHEN profiled THEN gender END, count(*)::int FROM part GROUP BY 2
     UNION ALL SELECT 'settlement_kind', CASE WHEN profiled THEN settlement_kind END, count(*)::int FROM part GROUP BY 2
     UNION ALL SELECT 'status', CASE WHEN profiled THEN occupation END, count(*)::int FROM part GROUP BY 2`,
    [s.officeId, s.activityId ?? null, s.from ?? null, s.to ?? null, s.area ?? null, s.kind ?? null],
  );
}

const scalar = (raw: readonly RawCount[], name: string) => raw.filter((r) => r.dimension === name).reduce((sum, r) => sum + r.n, 0);

/** One figure about people, suppressed on its own (a count under the threshold shows as "<5"). */
const single = (key: string, count: number, threshold: number): OutCell => suppress([{ key, count }], threshold, { partition: false }).cells[0]!;

/**
 * The attendance numbers of a scope, suppressed. `threshold` is 5 unless a test says otherwise.
 */
export async function attendanceNumbers(q: Queryable, scope: AttendanceScope, threshold: number = DEFAULT_THRESHOLD): Promise<AttendanceNumbers> {
  const raw = await rawAttendanceCounts(q, scope);
  const registrations = suppress(cellsOf(raw, { name: 'reg_status', codes: REG_STATUSES, partition: true }), threshold);
  const profile = suppressShared(
    {
      age: cellsOf(raw, { name: 'age', codes: SPECS.age, partition: true }),
      gender: cellsOf(raw, { name: 'gender', codes: SPECS.gender, partition: true }),
      settlement_kind: cellsOf(raw, { name: 'settlement_kind', codes: SPECS.settlement_kind, partition: true }),
      status: cellsOf(raw, { name: 'status', codes: SPECS.status, partition: true }),
      first_time: cellsOf(raw, { name: 'first_time', codes: SPECS.first_time, partition: true }),
    },
    threshold,
  ) as AttendanceNumbers['profile'];
  const participants = profile.age.total!;
  const firstTimers = profile.first_time.cells.find((c) => c.key === 'first')!;

  let attendance = single('attendance', scalar(raw, 'attendance'), threshold);
  let bySession: AttendanceNumbers['bySession'] = [];
  let byActivity: AttendanceNumbers['byActivity'] = [];
  if (scope.activityId) {
    const sessions = await q.query<{ id: string; position: number; starts_at: Date }>(
      `SELECT id, position, starts_at FROM activity_sessions WHERE office_id = $1 AND activity_id = $2
          AND ($3::date IS NULL OR starts_at >= ($3::date::timestamp AT TIME ZONE 'Europe/Belgrade'))
          AND ($4::date IS NULL OR starts_at < (($4::date + 1)::timestamp AT TIME ZONE 'Europe/Belgrade'))
        ORDER BY position`,
      [scope.officeId, scope.activityId, scope.from ?? null, scope.to ?? null],
    );
    // Attendance by session is a partition of the attendance: suppressed together.
    const table = suppress(cellsOf(raw, { name: 'session', codes: sessions.map((x) => x.id), partition: true }), threshold);
    attendance = { ...table.total!, key: 'attendance' };
    bySession = sessions.map((x, i) => ({ id: x.id, position: x.position, startsAt: x.starts_at, cell: table.cells[i]! }));
  } else {
    const ids = raw.filter((r) => r.dimension === 'activity').map((r) => r.code!);
    const acts = ids.length
      ? await q.query<{ id: string; title: string; starts_at: Date }>(
          'SELECT id, title, starts_at FROM activities WHERE office_id = $1 AND id = ANY ($2::uuid[]) ORDER BY starts_at, title',
          [scope.officeId, ids],
        )
      : [];
    const table = suppress(cellsOf(raw, { name: 'activity', codes: acts.map((a) => a.id), partition: false }), threshold, { partition: false });
    byActivity = acts.map((a, i) => ({ id: a.id, title: a.title, startsAt: a.starts_at, cell: table.cells[i]! }));
  }
  return {
    threshold,
    activities: scalar(raw, 'activities'),
    sessions: scalar(raw, 'sessions'),
    registrations,
    attendance,
    bySession,
    participants,
    firstTimers,
    profile,
    byActivity,
  };
}
