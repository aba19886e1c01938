import type { Queryable } from '../../core/db/db.ts';

/** Activities held in [from, until) by kind (see indicators.ts), optionally of one LAP area. */
export function heldActivities(
  q: Queryable,
  officeId: string,
  from: Date,
  until: Date,
  area: string | null,
): Promise<Array<{ kind: string; n: number }>> {
  return q.query<{ kind: string; n: number }>(
    `SELECT a.kind, count(*)::int AS n FROM activities a
      WHERE a.office_id = $1 AND a.status = 'published'
        AND ($4::text IS NULL OR $4::text = ANY (a.areas))
        AND EXISTS (SELECT 1 FROM activity_sessions s WHERE s.office_id = a.office_id AND s.activity_id = a.id
                                                       AND s.starts_at >= $2 AND s.starts_at < $3)
      GROUP BY a.kind ORDER BY a.kind`,
    [officeId, from, until, area],
  );
}

/**
 * Activities held in [from, until) carried out under the plan: linked to a plan activity (any
 * version: by key), to the one with this key when given; by kind.
 */
export function heldLinkedActivities(
  q: Queryable,
  officeId: string,
  from: Date,
  until: Date,
  key: string | null,
): Promise<Array<{ kind: string; n: number }>> {
  return q.query<{ kind: string; n: number }>(
    `SELECT a.kind, count(*)::int AS n FROM activities a
      WHERE a.office_id = $1 AND a.status = 'published' AND a.lap_activity_key IS NOT NULL
        AND ($4::uuid IS NULL OR a.lap_activity_key = $4::uuid)
        AND EXISTS (SELECT 1 FROM activity_sessions s WHERE s.office_id = a.office_id AND s.activity_id = a.id
                                                       AND s.starts_at >= $2 AND s.starts_at < $3)
      GROUP BY a.kind ORDER BY a.kind`,
    [officeId, from, until, key],
  );
}
