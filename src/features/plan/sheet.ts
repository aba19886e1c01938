import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { HeavyLimitError } from '../../core/heavy.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import { pageWrite } from '../../core/http/page-cache.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { t, type MessageKey } from '../../core/i18n/messages.ts';
import { localParts } from '../../core/time.ts';
import { chooseHeader, readTableTask, type HeaderSpec, type Read, type Table } from '../imports/parse.ts';
import { loadTree, setManualValue, updateSpending, type Plan } from './repo.ts';
import { lapPageTag } from './paths.ts';
import { figureProblem, parseFigure } from './rules.ts';

/**
 * Bulk update of manual indicators and spending from a spreadsheet: the imports feature's
 * parser reads the file in the heavy worker pool (never on the request thread); a preview
 * lists what each row changes; the confirmation re-checks every change against the office's
 * plan and writes them in one transaction.
 *
 * Columns (any script, any case): code, year, value — a manual indicator's value for a year;
 * activity, spent — the spending of the plan activity with that title.
 */
const SPECS: readonly HeaderSpec[] = [
  { field: 'code', names: ['ознака', 'oznaka', 'šifra', 'шифра', 'code', 'indicator', 'показатељ', 'pokazatelj'], required: false },
  { field: 'year', names: ['година', 'godina', 'year'], required: false },
  { field: 'value', names: ['вредност', 'vrednost', 'value'], required: false },
  { field: 'activity', names: ['активност', 'aktivnost', 'activity'], required: false },
  { field: 'spent', names: ['утрошено', 'utrošeno', 'spent', 'utroseno'], required: false },
];

export type SheetOp = { t: 'value'; indicator: string; year: number; value: number } | { t: 'spent'; activity: string; value: number };

export interface SheetLine {
  line: number;
  what: string;
  error: string;
}

/** The file's table, read in a worker thread; a file too big for the worker is refused like an unreadable one. */
export async function readSheet(deps: Deps, file: { bytes: Uint8Array; type: string }): Promise<Read<Table>> {
  try {
    return await deps.heavy.run(readTableTask, file.bytes, file.type);
  } catch (err) {
    if (!(err instanceof HeavyLimitError)) throw err;
    return { ok: false, error: { key: err.limit === 'busy' ? 'imports.err.busy' : 'imports.err.tooHeavy' } };
  }
}

/**
 * What each row of the table would change in this version of the plan: nothing of the plan is
 * written (the audit log records that the sheet was read, by whom, and what it would change).
 * A sheet without the columns says so (`problem`).
 */
export async function previewSheet(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  plan: Plan,
  raw: Table,
  fileName: string,
  locale: Locale,
): Promise<{ lines: SheetLine[]; ops: SheetOp[]; problem?: MessageKey }> {
  const out = await readLines(deps, office.id, plan, raw, locale);
  await recordAudit(deps.db, {
    officeId: office.id,
    actorId: actor.userId,
    action: 'plan.sheet.preview',
    target: plan.id,
    data: { file: fileName, rows: out.lines.length, changes: out.ops.length },
  });
  return out;
}

async function readLines(
  deps: Deps,
  officeId: string,
  plan: Plan,
  raw: Table,
  locale: Locale,
): Promise<{ lines: SheetLine[]; ops: SheetOp[]; problem?: MessageKey }> {
  const { table, match } = chooseHeader(raw, SPECS);
  const col = (f: string) => match.fields.indexOf(f);
  const hasValues = col('code') >= 0 && col('year') >= 0 && col('value') >= 0;
  const hasSpent = col('activity') >= 0 && col('spent') >= 0;
  if (!hasValues && !hasSpent) return { lines: [], ops: [], problem: 'plan.import.columns' };
  const tree = await loadTree(deps.db, officeId, plan.id);
  const manual = new Map(tree.indicators.filter((i) => i.kind === 'manual').map((i) => [i.code.toLowerCase(), i]));
  const byTitle = new Map(tree.activities.map((a) => [a.title.trim().toLowerCase(), a]));
  const lines: SheetLine[] = [];
  const ops: SheetOp[] = [];
  const cell = (cells: string[], f: string) => (col(f) >= 0 ? (cells[col(f)] ?? '').trim() : '');
  for (const row of table.rows) {
    const code = cell(row.cells, 'code');
    const title = cell(row.cells, 'activity');
    if (hasValues && code !== '') {
      const ind = manual.get(code.toLowerCase());
      const year = Number(cell(row.cells, 'year'));
      const value = parseFigure(cell(row.cells, 'value'));
      let error = '';
      if (!ind) error = t(locale, 'plan.import.unknownCode');
      else if (!Number.isInteger(year) || year < plan.start_year || year > plan.end_year)
        error = t(locale, 'plan.err.outsidePeriod', { from: plan.start_year, to: plan.end_year });
      else if (value === null) error = t(locale, 'err.number');
      else {
        const p = figureProblem(ind.unit, value);
        if (p) error = t(locale, p);
      }
      lines.push({
        line: row.line,
        what: t(locale, 'plan.import.setValue', { code, year: cell(row.cells, 'year'), value: cell(row.cells, 'value') }),
        error,
      });
      if (!error) ops.push({ t: 'value', indicator: ind!.id, year, value: value! });
    } else if (hasSpent && title !== '') {
      const a = byTitle.get(title.toLowerCase());
      const value = parseFigure(cell(row.cells, 'spent'));
      let error = '';
      if (!a) error = t(locale, 'plan.import.unknownActivity');
      else if (value === null) error = t(locale, 'err.number');
      else if (value < 0) error = t(locale, 'plan.err.negative');
      lines.push({ line: row.line, what: t(locale, 'plan.import.setSpent', { title, value: cell(row.cells, 'spent') }), error });
      if (!error) ops.push({ t: 'spent', activity: a!.id, value: value! });
    }
  }
  return { lines, ops };
}

export const encodeOps = (ops: readonly SheetOp[]) => Buffer.from(JSON.stringify(ops)).toString('base64url');

/** The confirmed changes, read back from the preview's form: anything malformed is dropped. */
export function decodeOps(payload: string): SheetOp[] {
  try {
    const raw: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (o): o is SheetOp =>
        !!o &&
        typeof o === 'object' &&
        typeof (o as SheetOp).value === 'number' &&
        (((o as SheetOp).t === 'value' &&
          typeof (o as { indicator: unknown }).indicator === 'string' &&
          Number.isInteger((o as { year: unknown }).year)) ||
          ((o as SheetOp).t === 'spent' && typeof (o as { activity: unknown }).activity === 'string')),
    );
  } catch {
    return [];
  }
}

/**
 * Writes confirmed changes in one transaction, each re-checked against this version of the
 * office's plan (the form came back from the browser): a change naming anything else is skipped.
 */
export async function applySheet(deps: Deps, actor: Actor, office: OfficeRef, plan: Plan, ops: readonly SheetOp[]): Promise<number> {
  const tree = await loadTree(deps.db, office.id, plan.id);
  const manual = new Map(tree.indicators.filter((i) => i.kind === 'manual').map((i) => [i.id, i]));
  const acts = new Map(tree.activities.map((a) => [a.id, a]));
  const today = localParts(deps.now()).date;
  return pageWrite(deps, async (tx, touch) => {
    touch([lapPageTag(office.id)]);
    let n = 0;
    for (const op of ops) {
      if (op.t === 'value') {
        const ind = manual.get(op.indicator);
        if (!ind || op.year < plan.start_year || op.year > plan.end_year || figureProblem(ind.unit, op.value)) continue;
        await setManualValue(tx, office.id, {
          indicator_id: ind.id,
          year: op.year,
          value: op.value,
          measured_on: today,
          evidence_file_id: null,
          userId: actor.userId,
        });
      } else {
        const a = acts.get(op.activity);
        if (!a || !(op.value >= 0) || op.value > 1e12) continue;
        await updateSpending(tx, office.id, a.id, { spent_rsd: op.value, done: a.done });
      }
      n++;
    }
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'plan.sheet', target: plan.id, data: { changes: n } });
    return n;
  });
}
