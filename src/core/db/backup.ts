import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import { z } from 'zod';
import type { Db, Queryable } from './db.ts';
import { listMigrations, migrate, type Migration } from './migrate.ts';

/**
 * Logical backup and restore, identical on PGlite and PostgreSQL (so it also moves data
 * between them). A backup is gzip'ed JSON lines:
 *
 *   {"format":"kzm-backup","version":1,"created_at":…,"source":…,"migrations":[…],"tables":[…]}
 *   ["table",{"name":"offices","columns":[…]}]
 *   {"id":"…","slug":"pancevo",…}            one line per row, PostgreSQL's own row_to_json text
 *   ["end-table",{"name":"offices","rows":10}]
 *   …
 *   ["end",{"tables":12,"rows":1234,"sequences":[{"name":"public.outbox_id_seq","next":"42"}]}]
 *
 * Rows stay the exact text PostgreSQL wrote (timestamps, jsonb, numerics are never parsed by
 * JavaScript, so nothing is rounded) and go back in through json_populate_recordset. A row
 * whose text holds a raw line break (possible only inside a `json` column) is written as a
 * JSON string of that text instead. Control lines are arrays, rows are objects (or strings),
 * so a column called "table" cannot be mistaken for one. The closing "end" line tells a
 * complete file from a truncated one.
 */

export const BACKUP_FORMAT = 'kzm-backup';
export const BACKUP_VERSION = 1;
/** Rows per FETCH and per INSERT, so memory stays bounded whatever the table's size. */
export const CHUNK_ROWS = 5_000;
/** …and a byte cap per INSERT for tables with big rows. */
const CHUNK_BYTES = 16 * 1024 * 1024;
const MIGRATIONS_TABLE = 'schema_migrations';

/** A refusal or a broken file: the CLI prints the message alone, without a stack. */
export class BackupError extends Error {
  override name = 'BackupError';
}

const qi = (name: string) => `"${name.replace(/"/g, '""')}"`;

// ── Catalog ─────────────────────────────────────────────────────────────────

export interface TableInfo {
  name: string;
  /** Insertable columns (generated ones excluded), in table order. */
  columns: string[];
  primaryKey: string[];
  /** Other public tables this one references by foreign key. */
  parents: string[];
  /** Sequences owned by a column (serial / identity), as pg_get_serial_sequence names them. */
  sequences: Array<{ column: string; sequence: string }>;
}

/** The data tables of the public schema (all but schema_migrations), parents before children. */
export async function describeTables(q: Queryable): Promise<TableInfo[]> {
  const columns = await q.query<{ table: string; column: string; sequence: string | null }>(
    `SELECT c.relname AS table, a.attname AS column,
            pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS sequence
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.relname <> $1 AND a.attgenerated = ''
      ORDER BY c.relname, a.attnum`,
    [MIGRATIONS_TABLE],
  );
  const keys = await q.query<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, pos)
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND i.indisprimary
      ORDER BY c.relname, k.pos`,
  );
  const fks = await q.query<{ child: string; parent: string }>(
    `SELECT DISTINCT c.relname AS child, p.relname AS parent
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_namespace cn ON cn.oid = c.relnamespace
       JOIN pg_class p ON p.oid = k.confrelid
       JOIN pg_namespace pn ON pn.oid = p.relnamespace
      WHERE k.contype = 'f' AND cn.nspname = 'public' AND pn.nspname = 'public' AND c.oid <> p.oid`,
  );
  const tables = new Map<string, TableInfo>();
  for (const r of columns) {
    let t = tables.get(r.table);
    if (!t) tables.set(r.table, (t = { name: r.table, columns: [], primaryKey: [], parents: [], sequences: [] }));
    t.columns.push(r.column);
    if (r.sequence) t.sequences.push({ column: r.column, sequence: r.sequence });
  }
  for (const r of keys) tables.get(r.table)?.primaryKey.push(r.column);
  for (const r of fks) if (tables.has(r.parent)) tables.get(r.child)?.parents.push(r.parent);
  return foreignKeyOrder([...tables.values()]);
}

/** Topological order (parents first; ties by name, so the order is stable). Self-references are allowed. */
export function foreignKeyOrder(tables: TableInfo[]): TableInfo[] {
  const pending = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  while (pending.size > 0) {
    const ready = [...pending.values()].filter((t) => t.parents.every((p) => !pending.has(p))).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (ready.length === 0) {
      throw new BackupError(`Foreign keys form a cycle between: ${[...pending.keys()].sort().join(', ')}`);
    }
    for (const t of ready) {
      ordered.push(t);
      pending.delete(t.name);
    }
  }
  return ordered;
}

/** Names of the applied migrations; [] for a database never migrated. */
export async function appliedMigrations(q: Queryable): Promise<string[]> {
  const [reg] = await q.query<{ exists: boolean }>(`SELECT to_regclass('public.${MIGRATIONS_TABLE}') IS NOT NULL AS exists`);
  if (!reg?.exists) return [];
  const rows = await q.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY name`);
  return rows.map((r) => r.name);
}

/** Tables that hold at least one row. */
export async function tablesWithRows(q: Queryable, tables: readonly TableInfo[]): Promise<string[]> {
  if (tables.length === 0) return [];
  const probes = tables.map((t, i) => `SELECT ${i} AS i WHERE EXISTS (SELECT 1 FROM ${qi(t.name)})`).join(' UNION ALL ');
  const rows = await q.query<{ i: number }>(probes);
  return rows.map((r) => tables[r.i]!.name).sort();
}

/**
 * Tables whose rows a migration writes (the statistical regions and districts of Serbia), marked
 * by their migration with `COMMENT ON TABLE … IS 'kzm:reference: …'`: a new database already
 * holds them, so they do not make it "not empty", and a restore replaces them with the backup's.
 */
async function referenceTables(q: Queryable): Promise<Set<string>> {
  const rows = await q.query<{ name: string }>(
    `SELECT c.relname AS name
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
      WHERE n.nspname = 'public' AND d.description LIKE 'kzm:reference%'`,
  );
  return new Set(rows.map((r) => r.name));
}

/** Every sequence of the public schema with the value nextval() would return next (as text: bigint). */
async function sequenceStates(q: Queryable): Promise<Array<{ name: string; next: string }>> {
  const seqs = await q.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY 1`,
  );
  const out: Array<{ name: string; next: string }> = [];
  for (const s of seqs) {
    const [row] = await q.query<{ next: string }>(
      `SELECT (CASE WHEN is_called THEN last_value + 1 ELSE last_value END)::text AS next FROM ${s.name}`,
    );
    out.push({ name: s.name, next: row!.next });
  }
  return out;
}

// ── Backup ──────────────────────────────────────────────────────────────────

export interface TableCount {
  name: string;
  rows: number;
}

export interface BackupSummary {
  file: string;
  migrations: string[];
  tables: TableCount[];
  rows: number;
}

/**
 * Writes a backup of every data table. It runs in one REPEATABLE READ transaction, so the
 * file is one consistent snapshot even while the app keeps writing (on PostgreSQL). The file
 * appears under its name only when complete.
 */
export async function backupDatabase(db: Db, file: string, opts: { chunkRows?: number } = {}): Promise<BackupSummary> {
  const chunkRows = opts.chunkRows ?? CHUNK_ROWS;
  const partial = `${file}.partial-${process.pid}`;
  try {
    const summary = await db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      // Timestamps are written with the offset +00:00 whatever the server's zone.
      await tx.query(`SET LOCAL TIME ZONE 'UTC'`);
      await tx.query('SET LOCAL extra_float_digits = 3');
      const migrations = await appliedMigrations(tx);
      if (migrations.length === 0) throw new BackupError('The database has no migrations applied: nothing to back up.');
      const tables = await describeTables(tx);
      const [server] = await tx.query<{ version: string }>('SELECT version()');
      const counts: TableCount[] = [];

      async function* lines(): AsyncGenerator<string> {
        yield json({
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          created_at: new Date().toISOString(),
          source: { kind: db.kind, server: server?.version ?? '' },
          migrations,
          tables: tables.map((t) => t.name),
        });
        for (const t of tables) {
          yield json(['table', { name: t.name, columns: t.columns }]);
          const order = t.primaryKey.length ? ` ORDER BY ${t.primaryKey.map(qi).join(', ')}` : '';
          await tx.query(`DECLARE kzm_backup NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS r FROM ${qi(t.name)} t${order}`);
          let rows = 0;
          for (;;) {
            const batch = await tx.query<{ r: string }>(`FETCH ${chunkRows} FROM kzm_backup`);
            if (batch.length === 0) break;
            rows += batch.length;
            yield batch.map((b) => (/[\r\n]/.test(b.r) ? JSON.stringify(b.r) : b.r) + '\n').join('');
          }
          await tx.query('CLOSE kzm_backup');
          counts.push({ name: t.name, rows });
          yield json(['end-table', { name: t.name, rows }]);
        }
        // Read last, so every id in the file is below the recorded values.
        const sequences = await sequenceStates(tx);
        yield json(['end', { tables: tables.length, rows: total(counts), sequences }]);
      }

      await pipeline(Readable.from(lines()), createGzip(), createWriteStream(partial));
      return { file, migrations, tables: counts, rows: total(counts) };
    });
    await rename(partial, file);
    return summary;
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
}

const json = (v: unknown) => `${JSON.stringify(v)}\n`;
const total = (counts: readonly TableCount[]) => counts.reduce((n, c) => n + c.rows, 0);

// ── Restore ─────────────────────────────────────────────────────────────────

const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int(),
  created_at: z.string(),
  source: z.object({ kind: z.string(), server: z.string() }),
  migrations: z.array(z.string()).min(1),
  tables: z.array(z.string()),
});
export type BackupHeader = z.infer<typeof headerSchema>;

const controlSchema = z.union([
  z.tuple([z.literal('table'), z.object({ name: z.string(), columns: z.array(z.string()) })]),
  z.tuple([z.literal('end-table'), z.object({ name: z.string(), rows: z.number().int() })]),
  z.tuple([
    z.literal('end'),
    z.object({
      tables: z.number().int(),
      rows: z.number().int(),
      sequences: z.array(z.object({ name: z.string(), next: z.string().regex(/^-?\d+$/) })),
    }),
  ]),
]);

export interface RestoreSummary {
  header: BackupHeader;
  /** Migrations run on the target to bring it to the backup's schema. */
  migrated: string[];
  /** Migrations the code has beyond the backup (run `migrate` after the restore). */
  pending: string[];
  tables: TableCount[];
  rows: number;
}

/**
 * Loads a backup into an empty database: migrates it to exactly the backup's migrations,
 * then inserts every table, parents first, in ONE transaction, and moves the sequences on so
 * new rows do not collide. Refuses (changing nothing) a database that holds any row, one
 * migrated past the backup, or a backup that needs a migration this code does not have.
 */
export async function restoreDatabase(
  db: Db,
  file: string,
  opts: { chunkRows?: number; migrations?: Migration[] } = {},
): Promise<RestoreSummary> {
  const chunkRows = opts.chunkRows ?? CHUNK_ROWS;
  const lines = await readLines(file);
  try {
    const first = await lines.next();
    const header = parseHeader(first.done ? undefined : first.value);

    const code = opts.migrations ?? (await listMigrations());
    const known = new Set(code.map((m) => m.name));
    const unknown = header.migrations.filter((m) => !known.has(m));
    if (unknown.length) {
      throw new BackupError(
        `The backup needs migrations this version of KZM does not have: ${unknown.join(', ')}. Restore it with a newer KZM.`,
      );
    }
    const wanted = new Set(header.migrations);
    const beyond = (await appliedMigrations(db)).filter((m) => !wanted.has(m));
    if (beyond.length) {
      throw new BackupError(
        `The target database is migrated past the backup (${beyond.join(', ')}). Restore into a new, unmigrated database, then run migrate.`,
      );
    }
    const reference = await referenceTables(db);
    const filled = (await tablesWithRows(db, await describeTables(db))).filter((t) => !reference.has(t));
    if (filled.length) throw notEmpty(filled);

    const migrated = await migrate(db, { migrations: code.filter((m) => wanted.has(m.name)) });
    const tables = await describeTables(db);
    const byName = new Map(tables.map((t) => [t.name, t]));
    const missing = header.tables.filter((t) => !byName.has(t));
    if (missing.length) throw new BackupError(`The backup has tables the migrations do not create: ${missing.join(', ')}.`);

    const counts = await db.transaction((tx) => loadTables(tx, lines, header, tables, chunkRows));
    // Fresh planner statistics, as after a bulk load.
    for (const c of counts) if (c.rows > 0) await db.query(`ANALYZE ${qi(c.name)}`);
    return {
      header,
      migrated,
      pending: code.map((m) => m.name).filter((m) => !wanted.has(m)),
      tables: counts,
      rows: total(counts),
    };
  } finally {
    await lines.return(undefined);
  }
}

function notEmpty(tables: readonly string[]): BackupError {
  return new BackupError(
    `The target database is not empty (rows in: ${tables.join(', ')}). Restore only into an empty database: a new DATA_DIR or a new PostgreSQL database.`,
  );
}

function parseHeader(line: string | undefined): BackupHeader {
  let value: unknown;
  try {
    value = JSON.parse(line ?? '');
  } catch {
    throw new BackupError('This file is not a KZM backup (no header line).');
  }
  const probe = value as { format?: unknown; version?: unknown } | null;
  if (probe?.format !== BACKUP_FORMAT) throw new BackupError('This file is not a KZM backup.');
  if (probe.version !== BACKUP_VERSION) {
    throw new BackupError(`Backup format version ${String(probe.version)} is not supported (this KZM reads version ${BACKUP_VERSION}).`);
  }
  const parsed = headerSchema.safeParse(value);
  if (!parsed.success) throw new BackupError(`The backup header is damaged: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

/** The body of the restore transaction: streams the rest of the file into the tables. */
async function loadTables(
  tx: Queryable,
  lines: AsyncGenerator<string, void>,
  header: BackupHeader,
  tables: readonly TableInfo[],
  chunkRows: number,
): Promise<TableCount[]> {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const names = tables.map((t) => t.name);
  // Nobody writes while we load; and re-check emptiness under the lock (an app may have started meanwhile).
  if (names.length) await tx.query(`LOCK TABLE ${names.map(qi).join(', ')} IN EXCLUSIVE MODE`);
  const reference = await referenceTables(tx);
  const filled = (await tablesWithRows(tx, tables)).filter((t) => !reference.has(t));
  if (filled.length) throw notEmpty(filled);
  const inBackup = new Set(header.tables);
  // The reference rows the migrations wrote (regions, districts) come back as the backup saved
  // them: children first, so a district goes before its region.
  for (const t of [...tables].reverse()) if (reference.has(t.name) && inBackup.has(t.name)) await tx.query(`DELETE FROM ${qi(t.name)}`);

  // User triggers (say, one that stamps updated_at) must not rewrite restored rows.
  const triggers = await tx.query<{ table: string; trigger: string; enabled: string }>(
    `SELECT c.relname AS table, g.tgname AS trigger, g.tgenabled AS enabled
       FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND NOT g.tgisinternal AND g.tgenabled <> 'D'`,
  );
  for (const g of triggers) await tx.query(`ALTER TABLE ${qi(g.table)} DISABLE TRIGGER ${qi(g.trigger)}`);

  const done = new Set<string>();
  const counts: TableCount[] = [];
  let current: { table: TableInfo; insert: string; rows: number; batch: string[]; bytes: number } | undefined;
  let end: { tables: number; rows: number; sequences: Array<{ name: string; next: string }> } | undefined;

  const flush = async () => {
    if (!current || current.batch.length === 0) return;
    await tx.query(current.insert, [`[${current.batch.join(',')}]`]);
    current.batch = [];
    current.bytes = 0;
  };

  for await (const line of lines) {
    if (line === '') continue;
    if (end) throw new BackupError('The backup has data after its end marker.');
    const first = line[0];
    if (first === '{' || first === '"') {
      if (!current) throw new BackupError('The backup has a row outside any table.');
      const row = first === '"' ? (JSON.parse(line) as string) : line;
      current.batch.push(row);
      current.rows++;
      current.bytes += row.length;
      if (current.batch.length >= chunkRows || current.bytes >= CHUNK_BYTES) await flush();
      continue;
    }
    const control = controlSchema.safeParse(safeJson(line));
    if (!control.success) throw new BackupError('The backup has a damaged line.');
    const [kind, info] = control.data;
    if (kind === 'table') {
      if (current) throw new BackupError(`The backup's table ${current.table.name} has no end marker.`);
      const table = byName.get(info.name);
      if (!table || !inBackup.has(info.name) || done.has(info.name)) throw new BackupError(`Unexpected table ${info.name} in the backup.`);
      // The file is in the source's foreign-key order; the target (same migrations) must agree.
      const early = table.parents.filter((p) => inBackup.has(p) && !done.has(p));
      if (early.length) throw new BackupError(`The backup lists ${info.name} before ${early.join(', ')}, which it references.`);
      const extra = info.columns.filter((c) => !table.columns.includes(c));
      if (extra.length) throw new BackupError(`Table ${info.name} in the backup has columns the target lacks: ${extra.join(', ')}.`);
      const cols = info.columns.map(qi).join(', ');
      const insert =
        `INSERT INTO ${qi(info.name)} (${cols}) OVERRIDING SYSTEM VALUE ` +
        `SELECT ${cols} FROM json_populate_recordset(NULL::${qi(info.name)}, $1::json)`;
      current = { table, insert, rows: 0, batch: [], bytes: 0 };
    } else if (kind === 'end-table') {
      if (current?.table.name !== info.name) throw new BackupError(`The backup ends table ${info.name} that it did not start.`);
      await flush();
      if (current.rows !== info.rows) {
        throw new BackupError(`The backup's table ${info.name} should have ${info.rows} rows but has ${current.rows}.`);
      }
      counts.push({ name: info.name, rows: current.rows });
      done.add(info.name);
      current = undefined;
    } else {
      if (current) throw new BackupError(`The backup's table ${current.table.name} has no end marker.`);
      end = info;
    }
  }
  if (!end || done.size !== inBackup.size || total(counts) !== end.rows) {
    throw new BackupError('The backup file is incomplete (truncated?): nothing was restored.');
  }

  await resetSequences(tx, tables, end.sequences);
  for (const g of triggers) {
    const how = g.enabled === 'A' ? 'ENABLE ALWAYS' : g.enabled === 'R' ? 'ENABLE REPLICA' : 'ENABLE';
    await tx.query(`ALTER TABLE ${qi(g.table)} ${how} TRIGGER ${qi(g.trigger)}`);
  }
  return counts;
}

/**
 * Moves every sequence to where the source's was, and past the largest restored id in any
 * column it owns (rows inserted with explicit ids do not advance a sequence).
 */
async function resetSequences(
  tx: Queryable,
  tables: readonly TableInfo[],
  saved: ReadonlyArray<{ name: string; next: string }>,
): Promise<void> {
  const next = new Map<string, { saved?: string; columns: Array<{ table: string; column: string }> }>();
  for (const s of saved) next.set(s.name, { saved: s.next, columns: [] });
  for (const t of tables) {
    for (const s of t.sequences) {
      const entry = next.get(s.sequence) ?? { columns: [] };
      entry.columns.push({ table: t.name, column: s.column });
      next.set(s.sequence, entry);
    }
  }
  const existing = new Set((await sequenceStates(tx)).map((s) => s.name));
  for (const [name, { saved: from, columns }] of next) {
    if (!existing.has(name)) continue;
    const maxima = columns.map((c) => `(SELECT max(${qi(c.column)})::bigint + 1 FROM ${qi(c.table)})`);
    // GREATEST ignores NULLs (no saved value, empty tables); all NULL leaves the sequence as it is.
    await tx.query(
      `SELECT setval($2::regclass, v, false) FROM (SELECT GREATEST(${['$1::bigint', ...maxima].join(', ')}) AS v) s WHERE v IS NOT NULL`,
      [from ?? null, name],
    );
  }
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** The file's lines, gunzipped when it is gzip (a plain JSON-lines file is accepted too). */
async function readLines(file: string): Promise<AsyncGenerator<string, void>> {
  const fh = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new BackupError(err.code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file}: ${err.message}`);
  });
  const magic = Buffer.alloc(2);
  await fh.read(magic, 0, 2, 0);
  await fh.close();
  const gzipped = magic[0] === 0x1f && magic[1] === 0x8b;
  return (async function* () {
    const input = createReadStream(file);
    const source = gzipped ? input.pipe(createGunzip()) : input;
    // pipe() does not forward errors; a gunzip error already surfaces through iteration.
    input.on('error', (err) => source.destroy(err));
    const decoder = new StringDecoder('utf8');
    let rest = '';
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        const parts = (rest + decoder.write(chunk)).split('\n');
        rest = parts.pop()!;
        yield* parts;
      }
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('Z_')) throw new BackupError('The backup file is damaged or truncated (gzip).');
      throw err;
    } finally {
      input.destroy();
      source.destroy();
    }
    rest += decoder.end();
    if (rest) yield rest;
  })();
}
