import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * The one database interface the app codes against. Two drivers stand behind it: PGlite
 * (Postgres compiled to WASM, the embedded default) and node-postgres for a real server.
 * Both speak the same SQL, so every query is written once, in PostgreSQL's dialect.
 */
export interface Queryable {
  /** Parameterised query ($1, $2 …); returns the rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations, restore). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction; rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; returns the function that stops listening. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Fetches exactly one row or undefined. */
export async function maybeOne<T>(q: Queryable, sql: string, params?: readonly unknown[]): Promise<T | undefined> {
  const rows = await q.query<T>(sql, params);
  return rows[0];
}

export async function one<T>(q: Queryable, sql: string, params?: readonly unknown[]): Promise<T> {
  const row = await maybeOne<T>(q, sql, params);
  if (row === undefined) throw new Error('Expected one row, got none');
  return row;
}

// Dates stay 'YYYY-MM-DD' strings (a birth date has no time zone) and int8 counts become
// numbers, identically on both drivers.
const DATE_OID = 1082;
const INT8_OID = 20;
const identity = (v: string) => v;
const toNumber = (v: string) => Number(v);

export interface OpenDbOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** Start PGlite from a dump made by dumpDataDir (tests start from a migrated template). */
  loadDataDir?: Blob | undefined;
}

export async function openDb(opts: OpenDbOptions): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPglite(opts.dataDir, opts.loadDataDir);
}

/**
 * PostgreSQL settings for the embedded database, chosen for one small server (measured figures
 * in ARCHITECTURE.md, "PGlite settings"). PGlite is one backend in one process, so what a server
 * sizes for 100 connections is waste here, and WebAssembly memory is never given back: whatever
 * PostgreSQL touches once stays in the process's resident memory.
 * - shared_buffers 16MB (initdb writes 128MB): zeroing 128 MB cost ~0.6–1 s at every start and
 *   ~120 MB resident; the demo data and a town's register fit in 16 MB with no measurable loss.
 * - max_connections 10 (100): the lock and process tables are sized by it; 10 keeps 640 lock
 *   slots (max_locks_per_transaction 64 × 10), enough for a restore or migration in one transaction.
 * - work_mem 4MB (the default, stated): per sort or hash, allocated while it runs.
 * - maintenance_work_mem 16MB (64MB): CREATE INDEX and VACUUM take it whole, and it would stay resident.
 * - temp_buffers 2MB (8MB): the app makes no temporary tables.
 */
export const PGLITE_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: '16MB',
  max_connections: '10',
  work_mem: '4MB',
  maintenance_work_mem: '16MB',
  temp_buffers: '2MB',
};

export const pgliteStartParams = (settings: Readonly<Record<string, string>> = PGLITE_SETTINGS): string[] => [
  ...PGlite.defaultStartParams,
  ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
];

export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<Db & { pglite: PGlite }> {
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    startParams: pgliteStartParams(),
    parsers: { [DATE_OID]: identity, [INT8_OID]: toNumber },
  });
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await q.query<T>(sql, params as unknown[] | undefined);
      return r.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const base = wrap(pglite);
  return {
    kind: 'pglite',
    pglite,
    ...base,
    // PGlite has a single connection; its transaction() holds an exclusive lock, so
    // transactions are serialised exactly as a real server would order them.
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    async listen(channel, onPayload) {
      const stop = await pglite.listen(channel, onPayload);
      return async () => {
        await stop();
      };
    },
    close: () => pglite.close(),
  };
}
void pgliteTypes;

export async function openPostgres(url: string): Promise<Db> {
  const typeParser = (oid: number, format?: string) => {
    if (oid === DATE_OID) return identity;
    if (oid === INT8_OID) return toNumber;
    return pg.types.getTypeParser(oid, format as 'text');
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types: { getTypeParser: typeParser } as pg.CustomTypesConfig });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => {});
  await pool.query('SELECT 1');
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await c.query(sql, params as unknown[] | undefined);
      return r.rows as T[];
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  const listeners: pg.Client[] = [];
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      // LISTEN needs a connection of its own that outlives any query.
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => {});
      await client.connect();
      client.on('notification', (n) => {
        if (n.channel === channel) onPayload(n.payload ?? '');
      });
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => {});
      };
    },
    async close() {
      await Promise.all(listeners.splice(0).map((c) => c.end().catch(() => {})));
      await pool.end();
    },
  };
}

/** True when err is a unique-constraint violation (optionally of the named constraint). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string } | null;
  return !!e && e.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
