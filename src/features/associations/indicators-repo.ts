import type { Queryable } from '../../core/db/db.ts';

/**
 * Associations entered in the register before `until`, for several LAP areas at once (null: every
 * area), registered and active together: per area, the kinds with their count and how many of them are active.
 */
export async function associationsByKindByArea(
  q: Queryable,
  officeId: string,
  until: Date,
  areas: ReadonlyArray<string | null>,
): Promise<Map<string | null, Array<{ kind: string; n: number; active: number }>>> {
  const list = [...new Set(areas)];
  const out = new Map<string | null, Array<{ kind: string; n: number; active: number }>>(list.map((a) => [a, []]));
  const rows = await q.query<{ grp: number; kind: string; n: number; active: number }>(
    `SELECT g.grp::int AS grp, a.kind, count(*)::int AS n, count(*) FILTER (WHERE a.active)::int AS active
       FROM associations a JOIN unnest($3::text[]) WITH ORDINALITY AS g(area, grp) ON g.area IS NULL OR g.area = ANY (a.areas)
      WHERE a.office_id = $1 AND a.created_at < $2
      GROUP BY g.grp, a.kind ORDER BY g.grp, a.kind`,
    [officeId, until, list],
  );
  for (const { grp, ...r } of rows) out.get(list[grp - 1]!)!.push(r);
  return out;
}
