import {
  PGlite,
  parse as pgliteParse,
  protocol,
  types as pgliteTypes,
  type messages as pgMessages,
  type Transaction,
} from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { setFlagsFromString } from 'node:v8';
import type pg from 'pg';
import { prepareValue } from 'pg/lib/utils.js';

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
  /**
   * Runs fn in one transaction; rolls back when it throws. `atCommit`, when given, is called with
   * fn's result synchronously at the instant the COMMIT becomes durable, for a write of the
   * caller's that must land beside it (the newsletter's final "." of DATA): on PostgreSQL right
   * after the COMMIT's bytes were written to the server's socket (the server commits what it
   * received even if this process dies now), on PGlite right after the commit's WAL record was
   * written to the data directory (inside the COMMIT, before PostgreSQL's own end-of-commit work)
   * — or, should no WAL be written, once the COMMIT has returned. It must not throw; it is not
   * called when fn throws.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, atCommit?: (result: T) => void): Promise<T>;
  /**
   * LISTEN on a channel; returns the function that stops listening. On PostgreSQL the
   * listening connection is re-established when it drops: onState('lost') when it went (any
   * NOTIFY sent meanwhile is missed), onState('listening') once it listens again.
   */
  listen(channel: string, onPayload: (payload: string) => void, onState?: (state: ListenState) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export type ListenState = 'lost' | 'listening';

/** Fetches exactly one row or undefined. */
/** `$from, $from+1, …` for n parameters: the VALUES of an INSERT whose columns come from a list. */
export const placeholders = (from: number, n: number): string => Array.from({ length: n }, (_, i) => `$${from + i}`).join(', ');

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
  /** PGlite on a worker thread of its own (core/db/pglite-thread.ts) instead of the event loop's. */
  thread?: boolean | undefined;
}

export async function openDb(opts: OpenDbOptions): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  if (opts.thread) {
    const { openPgliteThread } = await import('./pglite-thread.ts');
    return openPgliteThread(opts.dataDir, opts.loadDataDir);
  }
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

/**
 * PostgreSQL's WebAssembly (a ~9 MB module) runs on V8's baseline compiler only (Liftoff), with
 * no tier-up to the optimising one (TurboFan). By default V8 re-compiles every function that gets
 * hot with TurboFan, and PostgreSQL's start, its first queries of each kind and a burst of writes
 * make hundreds of large functions hot at once: measured (ARCHITECTURE.md, "PGlite settings"),
 * opening a data directory cost 1.8× the CPU, the demo seed 2.5×, and the compiled code stayed
 * resident (+70 MB), while a page's queries cost the same once warm. The price: a long
 * computation inside PostgreSQL (an aggregate over 200,000 generated rows) takes ~1.5× the CPU.
 * V8 reads the flag when a module is compiled, so it is set before the first PGlite opens
 * (process-wide: no other WebAssembly in the app is hot).
 */
let wasmTierChosen = false;
function chooseWasmTier(): void {
  if (wasmTierChosen) return;
  wasmTierChosen = true;
  setFlagsFromString('--liftoff-only');
}

export async function openPglite(
  dataDir?: string,
  loadDataDir?: Blob,
): Promise<Db & { pglite: PGlite; queryRaw: RawQueryable['queryRaw'] }> {
  chooseWasmTier();
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    startParams: pgliteStartParams(),
    // btree_gist: bookings' exclusion constraint (migration 0012) compares office and resource ids
    // with = inside a GiST index. Its bundle (22 kB) is unpacked at start; the module itself is
    // loaded by PostgreSQL when a bookings query first touches the index (measured in ARCHITECTURE.md).
    extensions: { btree_gist },
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
  // LISTEN callbacks by PostgreSQL's channel name, for a NOTIFY that arrives in a prepared
  // statement's response (which PGlite itself does not parse; see preparedStatements).
  const listeners = new Map<string, Set<(payload: string) => void>>();
  const notify = (channel: string, payload: string) => {
    for (const cb of listeners.get(channel) ?? []) queueMicrotask(() => cb(payload));
  };
  const prepared = preparedStatements(pglite, notify);
  const walHook = afterWalWrite(pglite);
  return {
    kind: 'pglite',
    pglite,
    ...base,
    query: prepared.query,
    queryRaw: prepared.queryRaw,
    // PGlite has a single connection; its transaction() holds an exclusive lock, so
    // transactions are serialised exactly as a real server would order them. Queries inside
    // take the prepared path too (preparedStatements): a transaction of many statements (the
    // demo seed, an import's confirmation) was six round trips into the backend per statement.
    transaction: (fn, atCommit) => {
      if (!atCommit) return pglite.transaction((tx) => fn(prepared.inTransaction(tx)));
      return walHook.around(
        pglite.transaction(async (tx) => {
          const result = await fn(prepared.inTransaction(tx));
          // PGlite runs the COMMIT next, in the same chain of promises, under its transaction lock.
          walHook.arm(() => atCommit(result));
          return result;
        }),
      );
    },
    async exec(sql: string) {
      // exec() runs DDL (migrations, restore): plans prepared before it are dropped.
      prepared.forget();
      await pglite.exec(sql);
    },
    async listen(channel, onPayload) {
      const stop = await pglite.listen(channel, onPayload);
      const name = postgresChannel(channel);
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      // Its own function, so two listens with one callback each stop on their own.
      const cb = (payload: string) => onPayload(payload);
      set.add(cb);
      return async () => {
        set.delete(cb);
        if (set.size === 0 && listeners.get(name) === set) listeners.delete(name);
        await stop();
      };
    },
    close: () => pglite.close(),
  };
}

/** A channel's name as PostgreSQL knows it (PGlite's listen() does the same): "Quoted" keeps its case, otherwise lower case. */
export const postgresChannel = (channel: string): string =>
  channel.startsWith('"') && channel.endsWith('"') ? channel.slice(1, -1) : channel.toLowerCase();

/**
 * A Queryable of the in-process driver that can also give a statement's response unparsed: the
 * backend's protocol messages as PostgreSQL wrote them (RowDescription, DataRow …, or an
 * ErrorResponse), to be turned into rows by decodeResponse — possibly on another thread
 * (pglite-thread.ts: the worker runs the statement, the main thread parses the reply, and the
 * bytes cross as a transferred buffer instead of a structured clone of the rows). queryRaw
 * gives null where a statement must take PGlite's own path (after DDL in a transaction).
 */
export interface RawQueryable extends Queryable {
  queryRaw(sql: string, params?: readonly unknown[]): Promise<Uint8Array | null>;
}

export type RowParsers = Record<number, (x: string, typeId?: number) => unknown>;

/**
 * The row parsers PGlite's query() uses (its defaults, this module's dates and int8s, and one
 * for each array type), for decodeResponse elsewhere than in PGlite: the array types come from
 * ARRAY_TYPES_SQL, the query PGlite itself runs when it opens.
 */
export function pgliteRowParsers(arrayTypes: ReadonlyArray<{ oid: number; typarray: number }>): RowParsers {
  const parsers: RowParsers = { ...(pgliteTypes.parsers as RowParsers), [DATE_OID]: identity, [INT8_OID]: toNumber };
  for (const { oid, typarray } of arrayTypes) {
    parsers[typarray] = (x: string) => pgliteTypes.arrayParser(x, parsers[oid] as (x: string) => unknown, typarray);
  }
  return parsers;
}

/** PGlite's own query for the array types it parses (BasePGlite._initArrayTypes). */
export const ARRAY_TYPES_SQL = `SELECT b.oid, b.typarray FROM pg_catalog.pg_type a
  LEFT JOIN pg_catalog.pg_type b ON b.oid = a.typelem
  WHERE a.typcategory = 'A' GROUP BY b.oid, b.typarray ORDER BY b.oid`;

/**
 * A statement's rows from its unparsed response (see RawQueryable), as PGlite's execProtocol
 * and parseResults give them; a database error is thrown as PGlite's DatabaseError with the
 * statement's text and parameters, as query() throws it. A NOTIFY in the response (a
 * pg_notify() outside a transaction) is handed to `notify`.
 */
export function decodeResponse(
  bytes: Uint8Array,
  parsers: RowParsers,
  sql: string,
  params: readonly unknown[],
  notify?: (channel: string, payload: string) => void,
): Record<string, unknown>[] {
  return decodeRows(bytes, parsers) ?? decodeMessages(bytes, parsers, sql, params, notify);
}

const utf8 = new TextDecoder('utf-8');

/**
 * The common case of decodeResponse, read straight from the bytes: a response of only
 * ParseComplete, BindComplete, CloseComplete, RowDescription, NoData, DataRow, CommandComplete,
 * EmptyQuery and ReadyForQuery messages. Its rows are exactly what PGlite's parser and
 * parseResults make of them (text decoded as UTF-8 as its TextDecoder does, fields parsed by type,
 * the first result's rows, none without a CommandComplete), without an ArrayBuffer copied per
 * field and a message object per row. Anything else (an error, a notice, a NOTIFY, a column
 * named __proto__): null, and decodeMessages parses it PGlite's way.
 */
function decodeRows(bytes: Uint8Array, parsers: RowParsers): Record<string, unknown>[] | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (start: number, end: number): string =>
    // TextDecoder drops a leading byte order mark; Buffer's decoder keeps it.
    buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf
      ? utf8.decode(bytes.subarray(start, end))
      : buf.toString('utf8', start, end);
  let names: string[] = [];
  let typeParsers: Array<((x: string, typeId?: number) => unknown) | undefined> = [];
  let types: number[] = [];
  const rows: Record<string, unknown>[] = [];
  let complete = false;
  for (let at = 0; at + 5 <= buf.length;) {
    const type = buf[at]!;
    const end = at + 1 + buf.readUInt32BE(at + 1);
    let p = at + 5;
    switch (type) {
      case 0x54 /* 'T' RowDescription */: {
        const n = buf.readInt16BE(p);
        p += 2;
        names = new Array<string>(n);
        types = new Array<number>(n);
        typeParsers = new Array(n);
        for (let i = 0; i < n; i++) {
          let z = p;
          while (buf[z] !== 0) z++;
          const name = text(p, z);
          if (name === '__proto__') return null;
          names[i] = name;
          // Table oid (4), column (2), then the type's oid (4), size (2), modifier (4), format (2).
          const oid = buf.readInt32BE(z + 7);
          types[i] = oid;
          typeParsers[i] = parsers[oid] ?? (pgliteTypes.parsers as RowParsers)[oid];
          p = z + 19;
        }
        break;
      }
      case 0x44 /* 'D' DataRow */: {
        if (complete) break;
        const n = buf.readInt16BE(p);
        p += 2;
        const row: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const len = buf.readInt32BE(p);
          p += 4;
          let value: unknown = null;
          if (len !== -1) {
            const s = text(p, p + len);
            p += len;
            const parse = typeParsers[i];
            value = parse ? parse(s, types[i]) : s;
          }
          row[names[i]!] = value;
        }
        rows.push(row);
        break;
      }
      case 0x43 /* 'C' CommandComplete: the first result's rows (a NOTIFY may still follow) */:
        complete = true;
        break;
      case 0x31 /* '1' ParseComplete */:
      case 0x32 /* '2' BindComplete */:
      case 0x33 /* '3' CloseComplete */:
      case 0x6e /* 'n' NoData */:
      case 0x49 /* 'I' EmptyQueryResponse */:
      case 0x5a /* 'Z' ReadyForQuery */:
        break;
      default:
        return null;
    }
    at = end;
  }
  return complete ? rows : [];
}

/** decodeResponse through PGlite's own protocol parser and parseResults. */
function decodeMessages(
  bytes: Uint8Array,
  parsers: RowParsers,
  sql: string,
  params: readonly unknown[],
  notify?: (channel: string, payload: string) => void,
): Record<string, unknown>[] {
  const messages: pgMessages.BackendMessage[] = [];
  new protocol.Parser().parse(bytes, (m) => messages.push(m));
  let error: pgMessages.DatabaseError | undefined;
  for (const m of messages) {
    if (m.name === 'error') error ??= m as pgMessages.DatabaseError;
    else if (m.name === 'notification' && notify) {
      const n = m as pgMessages.NotificationResponseMessage;
      notify(n.channel, n.payload);
    }
  }
  if (error) throw Object.assign(error, { query: sql, params });
  return (pgliteParse.parseResults(messages, parsers)[0]?.rows ?? []) as Record<string, unknown>[];
}

/**
 * What preparedStatements needs to know of a response without parsing it: whether the statement
 * was parsed (ParseComplete) and the SQLSTATE of the first error, walking only the messages'
 * headers (a type byte and a length each).
 */
function scanResponse(bytes: Uint8Array): { parsed: boolean; errorCode: string | null } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let parsed = false;
  let errorCode: string | null = null;
  for (let at = 0; at + 5 <= bytes.length;) {
    const type = bytes[at]!;
    const end = at + 1 + view.getUint32(at + 1);
    if (type === 0x31 /* '1' ParseComplete */) parsed = true;
    else if (type === 0x45 /* 'E' ErrorResponse */ && errorCode === null) {
      errorCode = '';
      // Fields: a code byte and a NUL-terminated string each, then a NUL.
      for (let f = at + 5; f < end && bytes[f] !== 0;) {
        const code = bytes[f]!;
        let z = f + 1;
        while (z < end && bytes[z] !== 0) z++;
        if (code === 0x43 /* 'C' */) errorCode = Buffer.from(bytes.buffer, bytes.byteOffset + f + 1, z - f - 1).toString('latin1');
        f = z + 1;
      }
    }
    at = end;
  }
  return { parsed, errorCode };
}
void pgliteTypes;

/**
 * The instant a PGlite COMMIT becomes durable, for Db.transaction's atCommit: PostgreSQL's
 * commit writes its WAL (XLogFlush, up to the commit record) through the Emscripten file system,
 * whose write() on a data directory is a Node fs.writeSync — once it has returned, the commit
 * survives this process being killed. Measured on the newsletter's commits: one 8 kB write of
 * the WAL page, ~0.2–0.4 ms after the COMMIT is issued and ~0.3–3 ms before PGlite's
 * transaction() resolves. The file system's write is wrapped once per PGlite: a callback armed
 * just before the COMMIT runs right after the first WAL segment write that follows (a commit
 * whose WAL spans the end of PostgreSQL's WAL buffers writes twice; the callback then runs
 * after the first part). In memory (no data directory) nothing is durable; the write still
 * marks the same point.
 */
function afterWalWrite(pglite: PGlite): { arm(fn: () => void): void; around<T>(p: Promise<T>): Promise<T> } {
  interface FsStream {
    path?: string;
  }
  type FsWrite = (stream: FsStream, ...rest: unknown[]) => number;
  const fs = (pglite as unknown as { Module?: { FS?: { write?: FsWrite } } }).Module?.FS;
  let armed: (() => void) | undefined;
  let failed: { err: unknown } | undefined;
  const fire = () => {
    const f = armed;
    armed = undefined;
    f?.();
  };
  if (fs && typeof fs.write === 'function') {
    const write = fs.write;
    const walSegment = /\/pg_wal\/[0-9A-F]{24}$/;
    fs.write = function (this: unknown, stream: FsStream, ...rest: unknown[]): number {
      const n = write.call(this, stream, ...rest);
      if (armed && walSegment.test(stream.path ?? '')) {
        // Called from inside PostgreSQL's WebAssembly: an exception must not unwind through it.
        try {
          fire();
        } catch (err) {
          failed = { err };
        }
      }
      return n;
    };
  }
  return {
    arm(fn) {
      armed = fn;
    },
    async around(p) {
      try {
        const result = await p;
        // No WAL write seen (nothing changed, or PGlite's file system is not the one wrapped): after the COMMIT.
        fire();
        if (failed) throw failed.err;
        return result;
      } finally {
        armed = undefined;
        failed = undefined;
      }
    },
  };
}

/** A dropped LISTEN connection is retried after this long, doubling up to the maximum. */
const LISTEN_RETRY_MIN_MS = 100;
const LISTEN_RETRY_MAX_MS = 5_000;

/** How many prepared statements one PGlite keeps (least recently used are closed). */
export const PREPARED_STATEMENTS_MAX = 200;

interface PgliteInternals {
  closed: boolean;
  parsers: Parameters<typeof pgliteParse.parseResults>[1];
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * Queries outside a transaction as named prepared statements, sent in one protocol message.
 *
 * PGlite's query() sends Parse, Describe, Bind, Describe, Execute and Sync as six round trips
 * into the WASM backend and plans the statement every time; on the public pages that was most
 * of a request's CPU (issue #12: 0.5–1.5 ms a query on the event loop). Here each distinct SQL
 * text is parsed once under a name (PostgreSQL then reuses its plan the way a pooled server
 * connection does), and each call is one Bind/Describe/Execute/Sync message: 2–3× less CPU a
 * query. Parameters are serialised as node-postgres does (untyped text, the server infers the
 * type), so the SQL behaves as on the PostgreSQL driver; rows are parsed by PGlite's own
 * parsers, as in query(). Transactions keep PGlite's own path.
 */
function preparedStatements(
  pglite: PGlite,
  notify: (channel: string, payload: string) => void,
): {
  query: Queryable['query'];
  queryRaw: RawQueryable['queryRaw'];
  inTransaction(tx: Transaction): RawQueryable;
  forget(): void;
} {
  const db = pglite as unknown as PgliteInternals;
  const { serialize } = protocol;
  /** SQL text → statement name, least recently used first. */
  const names = new Map<string, string>();
  let counter = 0;
  /** Names to close with the next message (evicted, or failed after they were parsed). */
  let toClose: string[] = [];
  /** Drops every cached statement (closed with the next message): after DDL their plans may no longer fit. */
  const forget = () => {
    toClose.push(...names.values());
    names.clear();
  };

  /**
   * Runs one statement. `retry`: a cached statement whose result columns changed under it
   * (0A000, after DDL) is prepared again once — outside a transaction only, since inside one the
   * error has already aborted it (the name is dropped, so the next attempt prepares afresh).
   */
  const run = async (sql: string, params: readonly unknown[], retry: boolean, syncToFs = true): Promise<Uint8Array> => {
    let name = names.get(sql);
    const fresh = name === undefined;
    if (fresh && names.size >= PREPARED_STATEMENTS_MAX) {
      const [oldSql, oldName] = names.entries().next().value as [string, string];
      names.delete(oldSql);
      toClose.push(oldName);
    }
    const parts: Uint8Array[] = toClose.map((n) => serialize.close({ type: 'S', name: n }));
    toClose = [];
    if (name === undefined) {
      name = `kzm_${++counter}`;
      parts.push(serialize.parse({ name, text: sql, types: [] }));
    } else {
      // Most recently used last.
      names.delete(sql);
    }
    const values = params.map((v) =>
      v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString() : (prepareValue(v) as string | Buffer | null),
    );
    parts.push(serialize.bind({ statement: name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync());
    // The response unparsed (PGlite's execProtocol parses every message it receives, in the
    // thread that runs PostgreSQL): decodeResponse parses it where the rows are wanted.
    const bytes = await execRaw(Buffer.concat(parts), syncToFs);
    const { parsed, errorCode } = scanResponse(bytes);
    if (!fresh || parsed) names.set(sql, name);
    // A schema change that alters a cached statement's result columns: prepare it again, once.
    if (errorCode === '0A000' && !fresh) {
      names.delete(sql);
      toClose.push(name);
      if (retry) return run(sql, params, false, syncToFs);
    }
    return bytes;
  };

  /** One protocol message through PostgreSQL, its whole response copied out of WebAssembly memory. */
  const execRaw = async (message: Uint8Array, syncToFs: boolean): Promise<Uint8Array> => {
    const chunks: Uint8Array[] = [];
    let length = 0;
    await pglite.execProtocolRawStream(message, {
      syncToFs,
      onRawData: (b) => {
        chunks.push(b.slice());
        length += b.length;
      },
    });
    if (chunks.length === 1) return chunks[0]!;
    const out = new Uint8Array(length);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  };

  const decode = (bytes: Uint8Array, sql: string, params: readonly unknown[]) => decodeResponse(bytes, db.parsers, sql, params, notify);
  const queryRaw = (sql: string, params: readonly unknown[] = []): Promise<Uint8Array | null> => {
    // After close(), PGlite's own query() gives the usual error.
    if (db.closed) return pglite.query(sql, params as unknown[]).then(() => null);
    return db._runExclusiveTransaction(() => db._runExclusiveQuery(() => run(sql, params, true)));
  };

  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      // After close(), PGlite's own query() gives the usual error.
      if (db.closed) return (await pglite.query<T>(sql, params as unknown[])).rows;
      return decode(await db._runExclusiveTransaction(() => db._runExclusiveQuery(() => run(sql, params, true))), sql, params) as T[];
    },
    queryRaw,
    /**
     * The Queryable inside one of PGlite's transactions: statements go the same prepared way
     * (PGlite's transaction already holds the transaction lock; each statement takes the query
     * lock as PGlite's own tx.query does, and the file system is synced at commit). After an
     * exec() in the transaction (DDL), its statements take PGlite's own path.
     */
    inTransaction(tx: Transaction): RawQueryable {
      let ddl = false;
      return {
        async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
          if (ddl || tx.closed) return (await tx.query<T>(sql, params as unknown[])).rows;
          return decode(await db._runExclusiveQuery(() => run(sql, params, false, false)), sql, params) as T[];
        },
        async queryRaw(sql: string, params: readonly unknown[] = []): Promise<Uint8Array | null> {
          if (ddl || tx.closed) return null;
          return db._runExclusiveQuery(() => run(sql, params, false, false));
        },
        async exec(sql: string) {
          ddl = true;
          forget();
          await tx.exec(sql);
        },
      };
    },
    forget,
  };
}

/** How many distinct SQL texts one PostgreSQL pool runs as named prepared statements (later ones unnamed). */
export const NAMED_STATEMENTS_MAX = 1000;

/**
 * Names for the SQL texts a PostgreSQL pool prepares once per connection. node-postgres sends an
 * unnamed statement through Parse, analysis and planning on every call; on the sign-up's seat
 * statement that was a fifth of the server's CPU (issue #12). A named statement is parsed once
 * per connection and PostgreSQL reuses its plan as PGlite's preparedStatements does, so both
 * databases run the app's SQL the same way (query() is one statement on both: several go through
 * exec()). The number of names is bounded, since each connection keeps the statements it
 * prepared; texts past the bound run unnamed as before.
 */
function namedStatements(): { nameOf(sql: string): string | undefined; renew(sql: string, name: string): void } {
  const names = new Map<string, string>();
  let counter = 0;
  return {
    nameOf(sql) {
      const known = names.get(sql);
      if (known !== undefined) return known;
      if (names.size >= NAMED_STATEMENTS_MAX) return undefined;
      const name = `kzm_${++counter}`;
      names.set(sql, name);
      return name;
    },
    renew(sql, name) {
      if (names.get(sql) === name) names.delete(sql);
    },
  };
}

export async function openPostgres(url: string): Promise<Db> {
  // node-postgres is loaded only for a server (its pool, client and type parsers are ~50 ms of a
  // start on PGlite, which needs only its parameter serialiser, pg/lib/utils.js).
  const { default: pg } = await import('pg');
  const typeParser = (oid: number, format?: string) => {
    if (oid === DATE_OID) return identity;
    if (oid === INT8_OID) return toNumber;
    return pg.types.getTypeParser(oid, format as 'text');
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types: { getTypeParser: typeParser } as pg.CustomTypesConfig });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => {});
  await pool.query('SELECT 1');
  const statements = namedStatements();
  const wrap = (c: pg.Pool | pg.PoolClient, inTransaction: boolean): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const values = params as unknown[] | undefined;
      const name = statements.nameOf(sql);
      if (name === undefined) return (await c.query(sql, values)).rows as T[];
      try {
        return (await c.query({ name, text: sql, values })).rows as T[];
      } catch (err) {
        // A schema change that altered the statement's result columns (0A000, after DDL): the
        // statement is prepared again under a new name, once — outside a transaction only, since
        // inside one the error has already aborted it (the next statement gets the new name).
        if ((err as { code?: string }).code !== '0A000') throw err;
        statements.renew(sql, name);
        if (inTransaction) throw err;
        return (await c.query({ name: statements.nameOf(sql), text: sql, values })).rows as T[];
      }
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  const listeners = new Set<() => Promise<void>>();
  return {
    kind: 'postgres',
    ...wrap(pool, false),
    async transaction(fn, atCommit) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client, true));
        // node-postgres writes the COMMIT to the socket within query() (the client is idle: fn's
        // last statement has had its ReadyForQuery), so atCommit runs a write(2) after it.
        const commit = client.query('COMMIT');
        atCommit?.(result);
        await commit;
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload, onState) {
      // LISTEN needs a connection of its own that outlives any query; when the server drops it
      // (restart, pg_terminate_backend, network), a new one is opened, retrying with backoff.
      let current: pg.Client | undefined;
      let stopped = false;
      let timer: NodeJS.Timeout | undefined;
      const open = async (): Promise<pg.Client> => {
        const client = new pg.Client({ connectionString: url });
        client.on('error', () => {});
        client.on('notification', (n) => {
          if (n.channel === channel) onPayload(n.payload ?? '');
        });
        try {
          await client.connect();
          await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        } catch (err) {
          await client.end().catch(() => {});
          throw err;
        }
        client.once('end', () => {
          if (stopped || current !== client) return;
          current = undefined;
          onState?.('lost');
          retry(LISTEN_RETRY_MIN_MS);
        });
        return client;
      };
      const retry = (delay: number) => {
        timer = setTimeout(() => {
          timer = undefined;
          if (stopped) return;
          open().then(
            async (client) => {
              if (stopped) return void (await client.end().catch(() => {}));
              current = client;
              onState?.('listening');
            },
            () => retry(Math.min(delay * 2, LISTEN_RETRY_MAX_MS)),
          );
        }, delay);
      };
      current = await open();
      const stop = async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        listeners.delete(stop);
        await current?.end().catch(() => {});
        current = undefined;
      };
      listeners.add(stop);
      return stop;
    },
    async close() {
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}

/** True when err is a unique-constraint violation (optionally of the named constraint). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string } | null;
  return !!e && e.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
