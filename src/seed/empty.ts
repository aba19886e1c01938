import type { Queryable } from '../core/db/db.ts';

/**
 * Whether the demo seed would run: a database without offices. Apart from seed/demo.ts, so a
 * start on a seeded database never loads the seed's modules (every feature's demo rows).
 */
export async function hasNoOffices(db: Queryable): Promise<boolean> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM offices');
  return (rows[0]?.n ?? 0) === 0;
}
