import type { Queryable } from '../../core/db/db.ts';

/** The annual report's own reads (the registers'): associations by kind, registered and active. */
export function associationCounts(q: Queryable, officeId: string, from: Date, until: Date) {
  return q.query<{ kind: string; total: number; active: number; added: number }>(
    `SELECT kind, count(*)::int AS total, count(*) FILTER (WHERE active)::int AS active,
            count(*) FILTER (WHERE created_at >= $3)::int AS added
       FROM associations WHERE office_id = $1 AND created_at < $2 GROUP BY kind`,
    [officeId, until, from],
  );
}

export function officeName(q: Queryable, officeId: string) {
  return q.query<{ name: string }>('SELECT name FROM offices WHERE id = $1', [officeId]);
}
