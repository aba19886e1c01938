import type { Queryable } from '../../core/db/db.ts';
import { CONSENT_IN_FORCE } from '../people/consents-repo.ts';
import type { RawCount } from '../../core/suppress.ts';

/**
 * The SQL of the attendance numbers (stats.ts holds the definitions and the suppression):
 * the raw counts of a scope, and the sessions and activities their rows are labelled with.
 * Every query names the office.
 */

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

/** The raw counts (no suppression): only stats.ts's `attendanceNumbers` and tests read them. */
export async function rawAttendanceCounts(q: Queryable, s: AttendanceScope): Promise<RawCount[]> {
  return (await rawAttendanceCountsByArea(q, s, [s.area ?? null])).get(s.area ?? null)!;
}

/**
 * THE attendance query, for several LAP areas of one scope at once (`area` of the scope is
 * ignored; null in `areas` is every area): one statement whose costly part — every registration
 * of the office, its person, every check-in and each person's first check-in ever — is read once
 * and counted per area, where a query per area read it each time (the plan's dashboard and the
 * annual report ask for every area of a year). Each area's rows are what the query of that area
 * alone returns (stats.db.test.ts compares them); `rawAttendanceCounts` is this with one area.
 */
export async function rawAttendanceCountsByArea(
  q: Queryable,
  s: AttendanceScope,
  areas: ReadonlyArray<string | null>,
): Promise<Map<string | null, RawCount[]>> {
  const list = [...new Set(areas)];
  const out = new Map<string | null, RawCount[]>(list.map((a) => [a, []]));
  if (list.length === 0) return out;
  const rows = await q.query<RawCount & { grp: number }>(
    `WITH grps AS (
       SELECT g.area, g.grp::int AS grp FROM unnest($5::text[]) WITH ORDINALITY AS g(area, grp)
     ), scope_acts AS (
       SELECT g.grp, a.id, a.starts_at FROM activities a JOIN grps g ON g.area IS NULL OR g.area = ANY (a.areas)
        WHERE a.office_id = $1 AND a.status <> 'draft'
          AND ($2::uuid IS NULL OR a.id = $2::uuid)
          AND ($6::text IS NULL OR a.kind = $6::text)
          AND EXISTS (SELECT 1 FROM activity_sessions s
                       WHERE s.office_id = a.office_id AND s.activity_id = a.id
                         AND ($3::date IS NULL OR s.starts_at >= ($3::date::timestamp AT TIME ZONE 'Europe/Belgrade'))
                         AND ($4::date IS NULL OR s.starts_at < (($4::date + 1)::timestamp AT TIME ZONE 'Europe/Belgrade')))
     ), scope_sessions AS (
       SELECT sa.grp, s.id, s.activity_id, s.starts_at FROM activity_sessions s JOIN scope_acts sa ON sa.id = s.activity_id
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
         -- The person: by the registration's person_id, else the account's live person (at most
         -- one: people_user_key). Two equality joins, not one join on an OR: the OR left the
         -- planner a nested loop over every registration × every person (seconds per query).
         LEFT JOIN people pu ON r.person_id IS NULL AND r.user_id IS NOT NULL
                            AND pu.office_id = r.office_id AND pu.user_id = r.user_id AND pu.merged_into_id IS NULL
         LEFT JOIN people pl ON pl.office_id = r.office_id AND pl.id = COALESCE(r.person_id, pu.id)
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
       SELECT ss.grp, x.* FROM att_all x JOIN scope_sessions ss ON ss.id = x.session_id
     ), scope_start AS (
       SELECT g.grp, COALESCE(($3::date::timestamp AT TIME ZONE 'Europe/Belgrade'),
                              (SELECT min(ss.starts_at) FROM scope_sessions ss WHERE ss.grp = g.grp)) AS at
         FROM grps g
     ), part AS (
       SELECT DISTINCT ON (x.grp, x.pkey) x.grp, x.pkey, x.starts_at, k.birth_year, k.profiled, k.gender, k.settlement_kind, k.occupation,
              f.first_at >= st.at AS first_time
         FROM att_scope x JOIN regs k ON k.id = x.registration_id JOIN first_ever f ON f.pkey = x.pkey
         JOIN scope_start st ON st.grp = x.grp
        ORDER BY x.grp, x.pkey, k.profiled DESC, x.starts_at
     ), aged AS (
       SELECT *, extract(year FROM (starts_at AT TIME ZONE 'Europe/Belgrade'))::int - birth_year AS age FROM part
     )
     SELECT g.grp, 'activities' AS dimension, NULL AS code, (SELECT count(*)::int FROM scope_acts sa WHERE sa.grp = g.grp) AS n FROM grps g
     UNION ALL SELECT g.grp, 'sessions', NULL, (SELECT count(*)::int FROM scope_sessions ss WHERE ss.grp = g.grp) FROM grps g
     UNION ALL
     SELECT sa.grp, 'reg_status', CASE WHEN r.status = 'declined' THEN 'cancelled' ELSE r.status END, count(*)::int
       FROM regs r JOIN scope_acts sa ON sa.id = r.activity_id WHERE r.status <> 'unconfirmed' GROUP BY 1, 3
     UNION ALL SELECT g.grp, 'attendance', NULL, (SELECT count(*)::int FROM att_scope x WHERE x.grp = g.grp) FROM grps g
     UNION ALL SELECT grp, 'session', session_id::text, count(*)::int FROM att_scope GROUP BY 1, 3
     UNION ALL SELECT grp, 'activity', activity_id::text, count(DISTINCT pkey)::int FROM att_scope GROUP BY 1, 3
     UNION ALL SELECT grp, 'first_time', CASE WHEN first_time THEN 'first' ELSE 'returning' END, count(*)::int FROM part GROUP BY 1, 3
     UNION ALL
     SELECT grp, 'age', CASE WHEN age IS NULL THEN 'unknown' WHEN age BETWEEN 15 AND 19 THEN '15-19' WHEN age BETWEEN 20 AND 24 THEN '20-24'
                        WHEN age BETWEEN 25 AND 30 THEN '25-30' ELSE 'other' END, count(*)::int FROM aged GROUP BY 1, 3
     UNION ALL SELECT grp, 'gender', CASE WHEN profiled THEN gender END, count(*)::int FROM part GROUP BY 1, 3
     UNION ALL SELECT grp, 'settlement_kind', CASE WHEN profiled THEN settlement_kind END, count(*)::int FROM part GROUP BY 1, 3
     UNION ALL SELECT grp, 'status', CASE WHEN profiled THEN occupation END, count(*)::int FROM part GROUP BY 1, 3`,
    [s.officeId, s.activityId ?? null, s.from ?? null, s.to ?? null, list, s.kind ?? null],
  );
  for (const { grp, ...r } of rows) out.get(list[grp - 1]!)!.push(r);
  return out;
}

/** The sessions of one activity that start in the scope's period, in order. */
export function scopeSessions(
  q: Queryable,
  officeId: string,
  activityId: string,
  period: Pick<AttendanceScope, 'from' | 'to'>,
): Promise<Array<{ id: string; position: number; starts_at: Date }>> {
  return q.query<{ id: string; position: number; starts_at: Date }>(
    `SELECT id, position, starts_at FROM activity_sessions WHERE office_id = $1 AND activity_id = $2
        AND ($3::date IS NULL OR starts_at >= ($3::date::timestamp AT TIME ZONE 'Europe/Belgrade'))
        AND ($4::date IS NULL OR starts_at < (($4::date + 1)::timestamp AT TIME ZONE 'Europe/Belgrade'))
      ORDER BY position`,
    [officeId, activityId, period.from ?? null, period.to ?? null],
  );
}

/** The titles of the office's activities with these ids, by start; none asked, none read. */
export async function activityTitles(
  q: Queryable,
  officeId: string,
  ids: readonly string[],
): Promise<Array<{ id: string; title: string; starts_at: Date }>> {
  if (ids.length === 0) return [];
  return q.query<{ id: string; title: string; starts_at: Date }>(
    'SELECT id, title, starts_at FROM activities WHERE office_id = $1 AND id = ANY ($2::uuid[]) ORDER BY starts_at, title',
    [officeId, ids],
  );
}
