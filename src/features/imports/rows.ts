import type { Queryable } from '../../core/db/db.ts';
import { isMessageKey } from '../../core/i18n/messages.ts';
import { normaliseRow, type ImportKind, type RowErrors } from './kind.ts';
import type { MessageRef } from './parse.ts';

/**
 * A row of a preview as stored in imports.rows: the cells as typed (by field), the errors as
 * message references (rendered in whichever script the reader uses when looking), whether it
 * duplicates an earlier row of the file or a record of the register, and whether the person
 * chose to import a duplicate anyway (duplicates are skipped unless they do).
 */
export interface StoredRow {
  line: number;
  values: Record<string, string>;
  errors: RowErrors;
  duplicate: Duplicate | null;
  include?: boolean;
}

export type Duplicate = { of: 'file'; line: number } | { of: 'register'; name: string };

/** imports.rows as stored (an early shape kept errors as bare message keys). */
export function readRows(raw: unknown): StoredRow[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((r): StoredRow[] => {
    if (!r || typeof r !== 'object' || typeof (r as { line?: unknown }).line !== 'number') return [];
    const o = r as Record<string, unknown>;
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries((o.values as Record<string, unknown>) ?? {}))
      values[k] = typeof v === 'string' ? v : String(v ?? '');
    const errors: RowErrors = {};
    for (const [k, v] of Object.entries((o.errors as Record<string, unknown>) ?? {})) {
      const ref: MessageRef | null =
        typeof v === 'string'
          ? isMessageKey(v)
            ? { key: v }
            : null
          : v && typeof v === 'object' && isMessageKey((v as MessageRef).key)
            ? (v as MessageRef)
            : null;
      errors[k] = ref ?? { key: 'err.required' };
    }
    const d = o.duplicate as Duplicate | null | undefined;
    const duplicate = d && (d.of === 'file' || d.of === 'register') ? d : null;
    return [{ line: o.line as number, values, errors, duplicate, ...(o.include === true ? { include: true } : {}) }];
  });
}

export interface Analysis<R> {
  rows: StoredRow[];
  /** The register's input for each row without errors, by line. */
  valid: Map<number, R>;
}

/**
 * Checks every row: its cells normalised (kind.ts), then validated by the register's own
 * schema; errors found while normalising win over the schema's for the same cell. Rows
 * without errors are then compared: a row sharing a key with an earlier valid row duplicates
 * it (in the file); one matching a record already in the register duplicates that (this wins,
 * as the register is what the import would clash with). A person's choice to import a
 * duplicate anyway is kept while it is still a duplicate.
 */
export async function analyseRows<R, Ctx>(
  kind: ImportKind<R, Ctx>,
  ctx: Ctx,
  q: Queryable,
  officeId: string,
  input: ReadonlyArray<Pick<StoredRow, 'line' | 'values' | 'include'>>,
  now: Date,
): Promise<Analysis<R>> {
  const rows: StoredRow[] = [];
  const valid = new Map<number, R>();
  for (const [i, r] of input.entries()) {
    // 5,000 rows of checks take a while: let other requests through every few hundred.
    if (i % 250 === 249) await new Promise((resolve) => setImmediate(resolve));
    const { input: values, errors } = normaliseRow(kind.columns, r.values);
    const check = kind.validate(values, ctx, now);
    if (!check.ok) for (const [field, ref] of Object.entries(check.errors)) errors[field] ??= ref;
    else if (Object.keys(errors).length === 0) valid.set(r.line, check.row);
    rows.push({ line: r.line, values: { ...r.values }, errors, duplicate: null, ...(r.include ? { include: true } : {}) });
  }
  const firstLine = new Map<string, number>();
  const validRows = rows.filter((r) => valid.has(r.line));
  for (const r of validRows) {
    const keys = kind.keys(valid.get(r.line)!);
    const earlier = keys.map((k) => firstLine.get(k)).find((l) => l !== undefined);
    if (earlier !== undefined) r.duplicate = { of: 'file', line: earlier };
    for (const k of keys) if (!firstLine.has(k)) firstLine.set(k, r.line);
  }
  const existing = await kind.existing(
    q,
    officeId,
    validRows.map((r) => valid.get(r.line)!),
  );
  validRows.forEach((r, i) => {
    const name = existing[i];
    if (name) r.duplicate = { of: 'register', name };
  });
  for (const r of rows) if (!r.duplicate) delete r.include;
  return { rows, valid };
}

export interface Counts {
  rows: number;
  valid: number;
  errors: number;
  duplicates: number;
  /** What a confirmation would write (valid, and not a skipped duplicate). */
  toWrite: number;
}

export function countRows(rows: readonly StoredRow[]): Counts {
  let valid = 0;
  let errors = 0;
  let duplicates = 0;
  let toWrite = 0;
  for (const r of rows) {
    const ok = Object.keys(r.errors).length === 0;
    if (ok) valid++;
    else errors++;
    if (r.duplicate) duplicates++;
    if (ok && (!r.duplicate || r.include)) toWrite++;
  }
  return { rows: rows.length, valid, errors, duplicates, toWrite };
}

export const hasErrors = (r: StoredRow) => Object.keys(r.errors).length > 0;

/** Whether two analyses found the same errors and duplicates (choices aside). */
export function sameFindings(a: readonly StoredRow[], b: readonly StoredRow[]): boolean {
  const strip = (rows: readonly StoredRow[]) => JSON.stringify(rows.map((r) => [r.line, r.errors, r.duplicate]));
  return strip(a) === strip(b);
}
