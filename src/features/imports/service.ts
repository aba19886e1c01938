import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { t, type MessageKey } from '../../core/i18n/messages.ts';
import { isUniqueViolation } from '../../core/db/db.ts';
import { HeavyLimitError } from '../../core/heavy.ts';
import { collectGarbageSoon } from '../../core/memory.ts';
import { CONTENT_TYPES, fileTask, toSheet, type Format } from './export.ts';
import { headerSpecs, type KindName } from './kind.ts';
import { KINDS } from './kinds/index.ts';
import { chooseHeader, readTableTask, type MessageRef, type Read, type Table } from './parse.ts';
import { findImport, finishImport, insertImport, saveRows } from './repo.ts';
import { analyseRows, countRows, hasErrors, readRows, sameFindings, type StoredRow } from './rows.ts';

export type Fail = { ok: false; error: MessageRef };
const fail = (key: MessageKey, vars?: Record<string, string | number>): Fail => ({ ok: false, error: vars ? { key, vars } : { key } });

/**
 * The file's table, read in a worker thread (core/heavy.ts): a file that outgrows the worker's
 * memory or time is refused like any other unreadable file, and no other request waits for it.
 */
async function readInWorker(deps: Deps, file: { bytes: Uint8Array; type: string }): Promise<Read<Table>> {
  try {
    return await deps.heavy.run(readTableTask, file.bytes, file.type);
  } catch (err) {
    if (!(err instanceof HeavyLimitError)) throw err;
    deps.log.warn({ limit: err.limit, bytes: file.bytes.length }, 'import file stopped in its worker');
    return fail(err.limit === 'busy' ? 'imports.err.busy' : 'imports.err.tooHeavy');
  }
}

/**
 * Reads an uploaded file into a preview: nothing is written to any register. A file that
 * cannot be read, or lacks required columns, gets one file-level error; rows that fail the
 * register's checks are stored with their errors, to be fixed or skipped on the preview.
 */
export async function createImport(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  kindName: KindName,
  file: { name: string; bytes: Uint8Array; type: string },
): Promise<{ ok: true; id: string } | Fail> {
  const kind = KINDS[kindName];
  const read = await readInWorker(deps, file);
  if (!read.ok) return read;
  const { table, match } = chooseHeader(read.value, headerSpecs(kind.columns));
  if (table.rows.length === 0) return fail('imports.err.noData');
  if (match.missing.length > 0) return fail('imports.err.columns', { missing: match.missing.join(',') });
  const input = table.rows.map((r) => {
    const values: Record<string, string> = {};
    match.fields.forEach((field, i) => {
      if (field) values[field] = r.cells[i] ?? '';
    });
    return { line: r.line, values };
  });
  const ctx = await kind.load(deps.db, office.id);
  const { rows } = await analyseRows(kind, ctx, deps.db, office.id, input, deps.now());
  const filename = (file.name.replace(/[\\/\r\n\t]+/g, ' ').trim() || `${kindName}.${file.type === 'text/csv' ? 'csv' : 'xlsx'}`).slice(
    0,
    200,
  );
  const id = await deps.db.transaction(async (tx) => {
    const id = await insertImport(tx, office.id, {
      kind: kindName,
      filename,
      encoding: table.encoding,
      rows,
      ignored: match.ignored,
      createdBy: actor.userId,
    });
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'import.upload',
      target: id,
      data: { kind: kindName, rows: rows.length },
    });
    return id;
  });
  return { ok: true, id };
}

/**
 * Replaces one row's cells with corrected ones and checks the preview again (a fix can make or
 * undo a duplicate elsewhere). The import's row lock orders this against a confirmation.
 */
export async function updateRow(
  deps: Deps,
  office: OfficeRef,
  importId: string,
  line: number,
  values: Record<string, string>,
): Promise<{ ok: true; row: StoredRow } | { ok: false; error: 'notFound' | 'finished' }> {
  return deps.db.transaction(async (tx) => {
    const imp = await findImport(tx, office.id, importId, { forUpdate: true });
    if (!imp) return { ok: false, error: 'notFound' };
    if (imp.status !== 'preview') return { ok: false, error: 'finished' };
    const kind = KINDS[imp.kind];
    const rows = readRows(imp.rows);
    const target = rows.find((r) => r.line === line);
    if (!target) return { ok: false, error: 'notFound' };
    const fields = new Set(kind.columns.map((c) => c.field));
    target.values = Object.fromEntries(
      Object.entries(values)
        .filter(([k]) => fields.has(k))
        .map(([k, v]) => [k, v.trim()]),
    );
    const { rows: analysed } = await analyseRows(kind, await kind.load(tx, office.id), tx, office.id, rows, deps.now());
    await saveRows(tx, office.id, importId, analysed);
    return { ok: true, row: analysed.find((r) => r.line === line)! };
  });
}

/** Thrown inside the confirming transaction to undo every row written before the one that failed. */
class RowWriteFailed extends Error {
  constructor(
    readonly line: number,
    readonly conflict: boolean,
    override readonly cause: unknown,
  ) {
    super(`import row ${line} could not be written`);
  }
}

/** A confirmation that wrote this many rows is followed by a full garbage collection (core/memory.ts). */
const COLLECT_AFTER_ROWS = 1000;

export type ConfirmResult = { ok: true; written: number } | Fail;

/**
 * Writes every valid row that is not a skipped duplicate, each with its register's create
 * function, in ONE transaction: all of them or none. The import's row is locked first and must
 * still be a preview, so two confirmations (two tabs, a double click) write once. The rows are
 * checked again under the lock; if the register changed since the preview (a new duplicate, a
 * settlement removed) the preview is refreshed and nothing is written. Refused while rows have
 * errors, unless the person chose to skip them.
 */
export async function confirmImport(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  importId: string,
  choice: { skipErrors: boolean; include: ReadonlySet<number> },
): Promise<ConfirmResult> {
  const now = deps.now();
  try {
    const result = await deps.db.transaction(async (tx): Promise<ConfirmResult> => {
      const imp = await findImport(tx, office.id, importId, { forUpdate: true });
      if (!imp) return fail('error.404.title');
      if (imp.status !== 'preview') return fail('imports.err.finished');
      const kind = KINDS[imp.kind];
      const stored = readRows(imp.rows).map((r) => ({ ...r, include: r.duplicate !== null && choice.include.has(r.line) }));
      const { rows, valid } = await analyseRows(kind, await kind.load(tx, office.id), tx, office.id, stored, now);
      if (!sameFindings(stored, rows)) {
        await saveRows(tx, office.id, importId, rows);
        return fail('imports.err.changed');
      }
      const counts = countRows(rows);
      const toWrite = rows.filter((r) => !hasErrors(r) && (!r.duplicate || r.include));
      const refusal =
        counts.errors > 0 && !choice.skipErrors ? 'imports.err.hasErrors' : toWrite.length === 0 ? 'imports.err.nothing' : null;
      if (refusal) {
        await saveRows(tx, office.id, importId, rows); // the duplicates chosen stay chosen
        return fail(refusal);
      }
      for (const r of toWrite) {
        try {
          await kind.insert(tx, office.id, actor.userId, valid.get(r.line), { filename: imp.filename, line: r.line }, now);
        } catch (err) {
          throw new RowWriteFailed(r.line, isUniqueViolation(err) || (kind.isConflict?.(err) ?? false), err);
        }
      }
      if (!(await finishImport(tx, office.id, importId, 'confirmed', toWrite.length)))
        throw new Error('import left preview under its lock');
      await recordAudit(tx, {
        officeId: office.id,
        actorId: actor.userId,
        action: 'import.confirm',
        target: importId,
        data: {
          kind: imp.kind,
          rows: counts.rows,
          written: toWrite.length,
          skippedErrors: counts.errors,
          skippedDuplicates: counts.valid - toWrite.length,
        },
      });
      return { ok: true, written: toWrite.length };
    });
    // The confirmation's rows (read, analysed, written) are garbage now; an idle server would keep them resident.
    if (result.ok && result.written >= COLLECT_AFTER_ROWS) collectGarbageSoon();
    return result;
  } catch (err) {
    if (!(err instanceof RowWriteFailed)) throw err;
    deps.log.warn({ err: err.cause, line: err.line, importId }, 'import row failed; nothing written');
    return fail(err.conflict ? 'imports.err.conflict' : 'imports.err.writeFailed', { line: err.line });
  }
}

/** Cancels a preview: its rows (personal data) are deleted, nothing is written. */
export async function cancelImport(deps: Deps, actor: Actor, office: OfficeRef, importId: string): Promise<{ ok: true } | Fail> {
  return deps.db.transaction(async (tx) => {
    const imp = await findImport(tx, office.id, importId, { forUpdate: true });
    if (!imp) return fail('error.404.title');
    if (!(await finishImport(tx, office.id, importId, 'cancelled', 0))) return fail('imports.err.finished');
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'import.cancel',
      target: importId,
      data: { kind: imp.kind },
    });
    return { ok: true };
  });
}

/**
 * A register as a CSV or XLSX file in the reader's script. Exporting young people logs an
 * 'export' access for each of them in the same statement that reads them (repo.ts), and the
 * export itself is an audit event.
 */
export async function exportRegister(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  kindName: KindName,
  format: Format,
  locale: Locale,
): Promise<{ body: Uint8Array; type: string; filename: string }> {
  const kind = KINDS[kindName];
  const rows = await deps.db.transaction(async (tx) => {
    const rows = await kind.exportRows(tx, office.id, actor.userId);
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'register.export',
      data: { kind: kindName, format, rows: rows.length },
    });
    return rows;
  });
  const body = await deps.heavy.run(fileTask, toSheet(locale, kind.columns, rows), format, t(locale, `imports.kind.${kindName}`));
  return { body, type: CONTENT_TYPES[format], filename: `${office.slug}-${kindName}-${deps.now().toISOString().slice(0, 10)}.${format}` };
}

/** An empty template: the import's columns, headed in the reader's script. */
export async function template(
  deps: Deps,
  kindName: KindName,
  format: Format,
  locale: Locale,
): Promise<{ body: Uint8Array; type: string; filename: string }> {
  const body = await deps.heavy.run(fileTask, toSheet(locale, KINDS[kindName].columns, []), format, t(locale, `imports.kind.${kindName}`));
  return { body, type: CONTENT_TYPES[format], filename: `kzm-${kindName}.${format}` };
}
