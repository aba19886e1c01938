import type { Queryable } from './db/db.ts';
import type { Locale } from './i18n/locale.ts';
import type { ChartSpec } from './charts/spec.ts';

/**
 * The annual report to the town council and assembly (issue #15 point 6) is made of sections.
 * The report feature writes the office's own (activities by LAP area, participants and reach,
 * associations, the coordinator's narrative); every other feature that has something to report
 * declares a `ReportSection` in its entry in src/app.ts (`reportSections: [...]`) — the youth
 * council its meetings and decisions, the plan its budget execution and indicators against
 * targets — and the report reads them all without importing any, as the newsletter's digest
 * reads `DigestSource`s.
 *
 * A section returns text already in the report's script and tables already printed: every count
 * of people in a table went through core/suppress.ts (a cell under the threshold is "<5").
 */
export interface ReportQuery {
  /** The report's year: [from, until) is that calendar year in Belgrade time. */
  year: number;
  from: Date;
  until: Date;
  /** The script the report is written in ('cir' by default: the official script of town bodies). */
  locale: Locale;
  /** Cells of people under this count are suppressed (5 by default). */
  threshold: number;
  /**
   * Shared by the sections of one report (never kept beyond it): what two sections both read —
   * the plan's dashboard behind the budget and the indicators, the year's attendance numbers
   * behind the activities and the reach — is computed once (`shared`).
   */
  memo?: Map<string, Promise<unknown>>;
}

/** The result of `run` for `key`, computed once per report (q.memo); without a memo, every time. A failed one is not kept. */
export function shared<T>(q: Pick<ReportQuery, 'memo'>, key: string, run: () => Promise<T>): Promise<T> {
  if (!q.memo) return run();
  const known = q.memo.get(key) as Promise<T> | undefined;
  if (known) return known;
  const p = run();
  q.memo.set(key, p);
  p.catch(() => q.memo?.delete(key));
  return p;
}

/** A table of the report, printed: the same cells go into the PDF, the DOCX and the XLSX. */
export interface ReportTable {
  /** Its caption, and the XLSX sheet's name (shortened to 31 characters). */
  caption: string;
  columns: readonly string[];
  /** Which columns hold figures (right-aligned, numbers in the XLSX where they are exact). */
  numeric?: readonly boolean[];
  rows: ReadonlyArray<readonly string[]>;
  /** A line under the table (what "<5" and "×" mean, where a source is). */
  note?: string;
}

export interface ReportBlock {
  heading: string;
  paragraphs: readonly string[];
  tables: readonly ReportTable[];
  /**
   * Its pictures (issue #15 point 7), drawn in the worker that writes the files by
   * core/charts/render.ts: the same SVG goes into the PDF and the DOCX; every chart's figures are
   * also one of `tables` (the text alternative and the XLSX sheet), already suppressed.
   */
  charts?: readonly ChartSpec[];
}

export interface ReportSection {
  /** Stable: '<feature>.<what>', e.g. 'council.meetings'. */
  key: string;
  /** Position in the report: lower first (activities 10, reach 20, associations 30, council 40, plan 50…). */
  order: number;
  /** Its block, or null to leave the report without it (nothing to report that year). */
  build(db: Queryable, officeId: string, q: ReportQuery): Promise<ReportBlock | null>;
}

/** The whole report as the renderers (PDF, DOCX, XLSX) receive it: plain data, structured-clone safe. */
export interface ReportDocument {
  locale: Locale;
  title: string;
  subtitle: string;
  /** The footer's words: who made it and when. */
  made: string;
  blocks: readonly ReportBlock[];
}
