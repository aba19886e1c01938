import type { Db } from '../src/core/db/db.ts';

/**
 * The whole database as comparable JSON, for "nothing changed" assertions. Bookkeeping that
 * any request may legitimately touch (throttle counters, session renewal, log-in events) is
 * left out unless asked for.
 */
export const BOOKKEEPING_TABLES = ['throttle', 'sessions', 'account_events', 'schema_migrations'];

export async function snapshot(db: Db, opts: { include?: string[] } = {}): Promise<Record<string, unknown>> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const out: Record<string, unknown> = {};
  for (const { table_name } of tables) {
    if (BOOKKEEPING_TABLES.includes(table_name) && !opts.include?.includes(table_name)) continue;
    // Ordering by the whole row's text makes the comparison independent of physical order.
    const rows = await db.query<{ rows: unknown }>(
      `SELECT COALESCE(json_agg(t ORDER BY t::text), '[]'::json) AS rows FROM "${table_name}" t`,
    );
    out[table_name] = rows[0]!.rows;
  }
  return out;
}
