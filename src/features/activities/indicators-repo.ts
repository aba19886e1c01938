import type { Queryable } from '../../core/db/db.ts';

/** Activities held in [from, until) by kind (see indicators.ts), for several LAP areas at once (null: every area), in one grouped query. */
export async function heldActivitiesByArea(
  q: Queryable,
  officeId: string,
  from: Date,
  until: Date,
  areas: ReadonlyArray<string | null>,
): Promise<Map<string | null, Array<{ kind: string; n: number }>>> {
  const list = [...new Set(areas)];
  const out = new Map<string | null, Array<{ kind: string; n: number }>>(list.map((a) => [a, []]));
  const rows = await q.query<{ grp: number; kind: string; n: number }>(
    `SELECT g.grp::int AS grp, a.kind, count(*)::int AS n
       FROM activities a JOIN unnest($4::text[]) WITH ORDINALITY AS g(area, grp) ON g.area IS NULL OR g.area = ANY (a.areas)
      WHERE a.office_id = $1 AND a.status = 'published'
        AND EXISTS (SELECT 1 FROM activity_sessions s WHERE s.office_id = a.office_id AND s.activity_id = a.id
                                                       AND s.starts_at >= $2 AND s.starts_at < $3)
      GROUP BY g.grp, a.kind ORDER BY g.grp, a.kind`,
    [officeId, from, until, list],
  );
  for (const r of rows) out.get(list[r.grp - 1]!)!.push({ kind: r.kind, n: r.n });
  return out;
}

/**
 * Activities held in [from, until) carried out under the plan: linked to a plan activity (any
 * version: by key), counted by key and kind in one query (a page's indicators on several plan
 * activities read it once; "any" is the sum over the keys).
 */
export function heldLinkedActivities(
  q: Queryable,
  officeId: string,
  from: Date,
  until: Date,
): Promise<Array<{ key: string; kind: string; n: number }>> {
  return q.query<{ key: string; kind: string; n: number }>(
    `SELECT a.lap_activity_key AS key, a.kind, count(*)::int AS n FROM activities a
      WHERE a.office_id = $1 AND a.status = 'published' AND a.lap_activity_key IS NOT NULL
        AND EXISTS (SELECT 1 FROM activity_sessions s WHERE s.office_id = a.office_id AND s.activity_id = a.id
                                                       AND s.starts_at >= $2 AND s.starts_at < $3)
      GROUP BY a.lap_activity_key, a.kind ORDER BY a.kind`,
    [officeId, from, until],
  );
}
