import type { z } from 'zod';
import type { Queryable } from '../../core/db/db.ts';
import { issueRef } from '../../core/http/forms.ts';
import { LOCALES, inScript, type Locale } from '../../core/i18n/locale.ts';
import { isMessageKey, t, type MessageKey } from '../../core/i18n/messages.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { headerKey, type HeaderSpec, type MessageRef } from './parse.ts';

/**
 * What the import needs to know about a register, and nothing about how the register checks
 * or writes its data: rows are validated with the register's own zod schema and rules, and
 * written with its own create function (the kinds in ./kinds/ only connect them). The generic
 * part — reading columns by header in any script, turning labels into codes, refusing Cyrillic
 * in e-mail-like columns, finding duplicates — is here and in service.ts.
 */

export const KIND_NAMES = ['associations', 'partners', 'people'] as const;
export type KindName = (typeof KIND_NAMES)[number];
/** Kinds in URLs (templates, exports), in Serbian Latin as the rest of the site's paths. */
export const KIND_SLUGS: Record<KindName, string> = { associations: 'udruzenja', partners: 'partneri', people: 'mladi' };

export type ColumnType =
  /** Free text (names, notes): kept as typed, shown in the reader's script. */
  | { type: 'text' }
  /**
   * E-mail, phone, web address, registry number: machine-read, so written in Latin. Cyrillic
   * letters are an error, never transliterated behind the person's back. `digits`: a number
   * of that many digits whose leading zeros a spreadsheet dropped (07737068 → 7737068) gets
   * them back.
   */
  | { type: 'latin'; digits?: number }
  /** One code; the cell may hold the code or its label in any script (or an alias). */
  | { type: 'code'; codes: readonly string[]; label: (code: string) => MessageKey; aliases?: Readonly<Record<string, readonly string[]>> }
  /** Several codes separated by ',' or ';'. */
  | { type: 'codes'; codes: readonly string[]; label: (code: string) => MessageKey; aliases?: Readonly<Record<string, readonly string[]>> }
  /** A calendar date: 2008-03-21, 21.03.2008., an Excel date cell or an Excel day number. */
  | { type: 'date' }
  /** Yes or no, in any script or English (da/ne, да/не, yes/no, 1/0, x). */
  | { type: 'bool' }
  /** A whole number. */
  | { type: 'int' };

export interface ImportColumn {
  /** The field of the register's schema this column fills. */
  field: string;
  /** Header as templates and exports write it (in the reader's script). */
  header: MessageKey;
  /** Further header spellings accepted (any script; compared ignoring case, diacritics, punctuation). */
  aliases?: readonly string[];
  /** The file must have this column, and every row a value in it. */
  required?: boolean;
  type: ColumnType;
  /** The value when the file has no such column or the cell is empty (e.g. active → yes). */
  whenEmpty?: string;
}

/** Field → error; '_row' is about the whole row. */
export type RowErrors = Record<string, MessageRef>;

export type RowCheck<R> = { ok: true; row: R } | { ok: false; errors: RowErrors };

/** What the register holds that a row may duplicate: a display name per match. */
export type ExistingMatch = string | null;

export interface ImportKind<R = unknown, Ctx = unknown> {
  name: KindName;
  columns: readonly ImportColumn[];
  /** The staff page of the register (after confirm), under /admin/kancelarije/:office. */
  registerPath: string;
  /** Office data the rows are checked against (settlements…), loaded once per request. */
  load(q: Queryable, officeId: string): Promise<Ctx>;
  /** Checks one row's normalised values with the register's own schema and rules. */
  validate(input: Record<string, string>, ctx: Ctx, now: Date): RowCheck<R>;
  /** Keys that make two rows of one file the same record (any shared key is a duplicate). */
  keys(row: R): string[];
  /** For each row, the register's record it duplicates (named), or null. */
  existing(q: Queryable, officeId: string, rows: readonly R[]): Promise<ExistingMatch[]>;
  /** Whether an error thrown by insert means the row clashes with the register (a unique rule). */
  isConflict?(err: unknown): boolean;
  /** Writes one row with the register's create function, in the caller's transaction. */
  insert(
    tx: Queryable,
    officeId: string,
    actorId: string | null,
    row: R,
    source: { filename: string; line: number },
    now: Date,
  ): Promise<string>;
  /** The register as rows (values as stored: codes, ISO dates, booleans), in a stable order. */
  exportRows(q: Queryable, officeId: string, actorId: string | null): Promise<Array<Record<string, unknown>>>;
}

/** Errors of a failed zod parse, keyed by field (first issue per field), as message references. */
export function zodErrors(error: z.ZodError): RowErrors {
  const out: RowErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('_') : '_row';
    out[field] ??= issueRef(issue);
  }
  return out;
}

// ── Header specs ───────────────────────────────────────────────────────────

/** The header names a column answers to: its header in every locale, its aliases. */
export function headerSpecs(columns: readonly ImportColumn[]): HeaderSpec[] {
  return columns.map((c) => ({
    field: c.field,
    names: [...LOCALES.map((l) => t(l, c.header)), ...(c.aliases ?? [])],
    required: c.required ?? false,
  }));
}

// ── Values ─────────────────────────────────────────────────────────────────

const CYRILLIC = /[\u0400-\u04ff]/;
const YES = ['da', 'yes', 'true', '1', 'x', 'y', 'on', 'aktivno', 'aktivan', 'aktivna'];
const NO = ['ne', 'no', 'false', '0', 'n', 'off', 'neaktivno', 'neaktivan', 'neaktivna'];

/**
 * A label's comparison key: searchKey, so "Удружење младих", "udruzenje mladih" and
 * "UDRUŽENJE MLADIH" match; a comma inside a label ("…, zaposlenju ni obuci") compares alike
 * however it is spaced.
 */
const codeKey = (s: string) => headerKey(s.replace(/\s*[,;]\s*/g, ', '));

/** Every spelling of every code of a column → the code. */
function codeIndex(type: Extract<ColumnType, { type: 'code' | 'codes' }>): Map<string, string> {
  const index = new Map<string, string>();
  for (const code of type.codes) {
    const names = [code, code.replace(/_/g, ' '), ...LOCALES.map((l) => t(l, type.label(code))), ...(type.aliases?.[code] ?? [])];
    for (const n of names) if (!index.has(codeKey(n))) index.set(codeKey(n), code);
  }
  return index;
}
const indexes = new WeakMap<object, Map<string, string>>();
function codeOf(type: Extract<ColumnType, { type: 'code' | 'codes' }>, value: string): string | undefined {
  let index = indexes.get(type);
  if (!index) indexes.set(type, (index = codeIndex(type)));
  return index.get(codeKey(value));
}

/**
 * Excel day numbers (days since 1899-12-30, as a date cell reads when its format is lost)
 * → ISO; only plausible ones (1900–2100), anything else stays as typed.
 */
export function excelDay(s: string): string | null {
  if (!/^\d{4,5}(\.\d+)?$/.test(s)) return null;
  const days = Math.floor(Number(s));
  if (days < 1 || days > 73050) return null;
  return new Date(Date.UTC(1899, 11, 30) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A CSV export guards cells that a spreadsheet would run as a formula (=, +, -, @) with a
 * leading apostrophe (see export.ts); reading one back, the apostrophe goes.
 */
export const unguard = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

/**
 * One row's cells (as typed, keyed by field) → the strings the register's form would send
 * (codes for labels, ISO dates, 'true'/'' for yes/no), plus the errors found on the way.
 * Nothing is silently changed: a value that cannot be read is an error beside its cell.
 */
export function normaliseRow(
  columns: readonly ImportColumn[],
  values: Readonly<Record<string, string>>,
): { input: Record<string, string>; errors: RowErrors } {
  const input: Record<string, string> = {};
  const errors: RowErrors = {};
  for (const c of columns) {
    let v = unguard((values[c.field] ?? '').trim());
    if (v === '' && c.whenEmpty !== undefined) v = c.whenEmpty;
    if (v === '') {
      if (c.required) errors[c.field] = { key: 'err.required' };
      input[c.field] = '';
      continue;
    }
    const type = c.type;
    switch (type.type) {
      case 'text':
      case 'int':
        input[c.field] = v;
        break;
      case 'latin':
        if (CYRILLIC.test(v)) errors[c.field] = { key: 'imports.err.latinOnly' };
        input[c.field] =
          type.digits && /^\d+$/.test(v) && v.length < type.digits && v.length >= type.digits - 2 ? v.padStart(type.digits, '0') : v;
        break;
      case 'code': {
        const code = codeOf(type, v);
        if (code === undefined) errors[c.field] = { key: 'imports.err.code', vars: { value: v } };
        input[c.field] = code ?? v;
        break;
      }
      case 'codes': {
        // Values are separated by ',' or ';', but a label may itself hold a comma: the longest
        // run of pieces that names a code wins.
        const pieces = v
          .split(/[,;]/)
          .map((p) => p.trim())
          .filter(Boolean);
        const codes: string[] = [];
        for (let i = 0; i < pieces.length;) {
          let j = pieces.length;
          let code: string | undefined;
          for (; j > i; j--) if ((code = codeOf(type, pieces.slice(i, j).join(', '))) !== undefined) break;
          if (code === undefined) {
            errors[c.field] ??= { key: 'imports.err.code', vars: { value: pieces[i]! } };
            i++;
          } else {
            if (!codes.includes(code)) codes.push(code);
            i = j;
          }
        }
        input[c.field] = codes.join(',');
        break;
      }
      case 'date':
        input[c.field] = excelDay(v) ?? (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(v) ? v.slice(0, 10) : v);
        break;
      case 'bool': {
        const k = searchKey(v); // any script: "да" folds to "da"
        if (YES.includes(k)) input[c.field] = 'true';
        else if (NO.includes(k)) input[c.field] = '';
        else {
          errors[c.field] = { key: 'imports.err.bool' };
          input[c.field] = '';
        }
        break;
      }
    }
  }
  return { input, errors };
}

/** Label of a code in the reader's script (the code itself if the register names no label). */
export function codeLabel(locale: Locale, key: string): string {
  return isMessageKey(key) ? t(locale, key) : key;
}

/** The labels a code column accepts, for the "allowed values" message, in the reader's script. */
export function allowedLabels(locale: Locale, c: ImportColumn): string {
  const type = c.type;
  if (type.type !== 'code' && type.type !== 'codes') return '';
  return type.codes.map((code) => codeLabel(locale, type.label(code))).join(', ');
}

/** A stored value as a cell of an export, in the reader's script (codes as labels, yes/no as words). */
export function exportCell(locale: Locale, c: ImportColumn, v: unknown): string | number {
  if (v === null || v === undefined) return '';
  const type = c.type;
  switch (type.type) {
    case 'text':
      return inScript(locale, String(v));
    case 'latin':
    case 'date':
      return String(v);
    case 'int':
      return typeof v === 'number' ? v : String(v);
    case 'bool':
      return t(locale, v === true ? 'imports.yes' : 'imports.no');
    case 'code':
      return codeLabel(locale, type.label(String(v)));
    case 'codes':
      return (Array.isArray(v) ? v : []).map((code) => codeLabel(locale, type.label(String(code)))).join('; ');
  }
}
