import type { Queryable } from '../../core/db/db.ts';

/** Associations entered in the register before `until`, by kind; `activeOnly`: those marked active. */
export function associationsByKind(
  q: Queryable,
  officeId: string,
  until: Date,
  area: string | null,
  activeOnly: boolean,
): Promise<Array<{ kind: string; n: number }>> {
  return q.query<{ kind: string; n: number }>(
    `SELECT kind, count(*)::int AS n FROM associations
      WHERE office_id = $1 AND created_at < $2 AND ($3::text IS NULL OR $3::text = ANY (areas)) AND (NOT $4::boolean OR active)
      GROUP BY kind ORDER BY kind`,
    [officeId, until, area, activeOnly],
  );
}
