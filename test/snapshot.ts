import type { Db } from '../src/core/db/db.ts';

/**
 * The whole database as comparable JSON, for "nothing changed" assertions. Bookkeeping that
 * any request may legitimately touch (throttle counters, session renewal, log-in events) is
 * left out unless asked for.
 */
export const BOOKKEEPING_TABLES = ['throttle', 'sessions', 'account_events', 'schema_migrations'];

/** A table of the public schema: its name, its columns (a bytea column as the MD5 of its bytes) and whether it has such a column. */
interface TableDef {
  table_name: string;
  columns: string[];
  binary: boolean;
}

/**
 * The tables and their columns, from pg_catalog in one statement (information_schema's views
 * cost ~18 ms of PGlite's CPU for the same two lists, ~9 ms this way, and a harness suite reads
 * them around every request that wrote anything).
 */
async function tablesOf(db: Db, opts: { include?: string[] }): Promise<TableDef[]> {
  const tables = await db.query<TableDef>(
    `SELECT c.relname::text AS table_name,
            array_agg(CASE WHEN a.atttypid = 'bytea'::regtype THEN format('md5(t.%I)', a.attname) ELSE format('t.%I', a.attname) END
                      ORDER BY a.attnum) AS columns,
            bool_or(a.atttypid = 'bytea'::regtype) AS binary
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
      GROUP BY c.relname
      ORDER BY c.relname`,
  );
  return tables.filter((t) => !BOOKKEEPING_TABLES.includes(t.table_name) || opts.include?.includes(t.table_name));
}

/** One statement for every table (one round trip instead of one per table). */
async function perTable(db: Db, tables: string[], expression: string | ((table: string) => string)): Promise<Record<string, unknown>> {
  if (tables.length === 0) return {};
  const parts = tables.map(
    (name) => `'${name}', (SELECT ${typeof expression === 'string' ? expression : expression(name)} FROM "${name}" t)`,
  );
  // json_build_object takes at most 100 arguments: 50 tables a column.
  const columns: string[] = [];
  for (let i = 0; i < parts.length; i += 50) columns.push(`json_build_object(${parts.slice(i, i + 50).join(', ')}) AS s${columns.length}`);
  const rows = await db.query<Record<string, Record<string, unknown>>>(`SELECT ${columns.join(', ')}`);
  return Object.assign({}, ...Object.values(rows[0]!)) as Record<string, unknown>;
}

/**
 * A snapshot or fingerprint is taken again only when the database may have changed since the
 * last one. PostgreSQL gives every transaction that writes a row (INSERT, UPDATE, DELETE,
 * TRUNCATE, DDL) a transaction id; pg_current_snapshot() names the next id to be handed out
 * and the ones still running. If it reads the same as when the last one was taken, with no
 * transaction running either time, nothing has been written in between: the tables read the
 * same, so the answer kept from then is the answer now. (A suite that takes one around every
 * request — refused requests write nothing — spent most of its time rereading every table.)
 * Anything else (a write, a transaction in flight, another database's on a shared server)
 * reads the tables again.
 */
const KEPT = new WeakMap<Db, Map<string, { at: string; value: unknown }>>();
async function unlessUnchanged<T>(db: Db, key: string, take: () => Promise<T>): Promise<T> {
  const [{ at } = { at: '' }] = await db.query<{ at: string }>('SELECT pg_current_snapshot()::text AS at');
  // 'xmin:xmax:' — the same xmin and xmax means no transaction in flight.
  const [xmin, xmax, running] = at.split(':');
  const quiet = xmin === xmax && running === '';
  const kept = KEPT.get(db) ?? new Map<string, { at: string; value: unknown }>();
  KEPT.set(db, kept);
  const last = kept.get(key);
  if (quiet && last?.at === at) return structuredClone(last.value) as T;
  const value = await take();
  if (quiet) kept.set(key, { at, value: structuredClone(value) });
  else kept.delete(key);
  return value;
}

export async function snapshot(db: Db, opts: { include?: string[] } = {}): Promise<Record<string, unknown>> {
  return unlessUnchanged(db, `snapshot ${opts.include?.join(',') ?? ''}`, () => takeSnapshot(db, opts));
}

async function takeSnapshot(db: Db, opts: { include?: string[] }): Promise<Record<string, unknown>> {
  // Ordering by the whole row's text makes the comparison independent of physical order.
  const out = await perTable(
    db,
    (await tablesOf(db, opts)).map((d) => d.table_name),
    `COALESCE(json_agg(t ORDER BY t::text), '[]'::json)`,
  );
  // In table order, as the tables are listed.
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k]]),
  );
}

/**
 * A digest of each table (as snapshot() sees it): as strict for "nothing changed" and several
 * times cheaper to take and compare, for tests that take one around every request. Compare two
 * with changedTables(). A bytea column (a stored file) enters the digest as the MD5 of its bytes,
 * not as their hex text: any changed byte still changes the digest, and a database holding
 * megabytes of uploads is not rendered as text for every fingerprint.
 *
 * Only the tables written since their digest was last taken are digested again. PostgreSQL never
 * changes a row in place: an INSERT or UPDATE makes a new row version stamped (xmin) with the id
 * of its transaction, which had not committed when the earlier digest was taken, so that id is
 * not among the table's row stamps then; a DELETE takes a version away. The table's row count and
 * the sorted list of its rows' stamps therefore change with any change of its rows (and also
 * with a write that left the same values, or a vacuum freezing rows: those only cost a digest
 * taken again). A table whose stamps, count and columns read as at its last digest has that
 * digest still, exactly as digesting it again would give (the harness suites took ~300
 * fingerprints per file, each digesting every row of every table, for a request or two between).
 */
const DIGESTS = new WeakMap<Db, Map<string, { stamps: string; digest: string }>>();
export async function fingerprint(db: Db, opts: { include?: string[] } = {}): Promise<Record<string, string>> {
  return unlessUnchanged(db, `fingerprint ${opts.include?.join(',') ?? ''}`, async () => {
    const defs = await tablesOf(db, opts);
    const tables = defs.map((d) => d.table_name);
    const columns = new Map(defs.map((d) => [d.table_name, d]));
    const digest = (name: string) => {
      const def = columns.get(name);
      const row = def?.binary ? `ROW(${def.columns.join(', ')})::text` : 't::text';
      return `md5(COALESCE(string_agg(${row}, E'\\n' ORDER BY ${row}), ''))`;
    };
    const stamps = (await perTable(
      db,
      tables,
      `count(*)::text || ' ' || COALESCE(md5(string_agg(t.xmin::text, ',' ORDER BY t.xmin::text::bigint)), '')`,
    )) as Record<string, string>;
    const stampOf = (name: string) => `${stamps[name]} ${columns.get(name)?.columns.join(',') ?? ''}`;
    const kept = DIGESTS.get(db) ?? new Map<string, { stamps: string; digest: string }>();
    DIGESTS.set(db, kept);
    const stale = tables.filter((name) => kept.get(name)?.stamps !== stampOf(name));
    const fresh = (await perTable(db, stale, digest)) as Record<string, string>;
    for (const name of stale) kept.set(name, { stamps: stampOf(name), digest: fresh[name]! });
    return Object.fromEntries(tables.map((name) => [name, kept.get(name)!.digest]));
  });
}

/** The tables whose digest differs between two fingerprints (tables added or gone included). */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => before[k] !== after[k]).sort();
}
