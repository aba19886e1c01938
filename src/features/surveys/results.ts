import type { Deps } from '../../core/http/env.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { cellsOf, suppress, suppressShared, type OutCell, type Table } from '../../core/suppress.ts';
import { attendanceNumbers } from '../checkin/stats.ts';
import { crossTab, type CrossTab } from './crosstab.ts';
import { allQuestions, type Definition, type Question } from './definition.ts';
import { Zip, ZipDeflate, type ZipInputFile } from 'fflate';
import { answersPartTask, deflatePiece, SHEET_END, SHEET_PART, xlsxFixedParts, type ExportColumn } from './export.ts';
import {
  crossCounts,
  exportChunk,
  groupCounts,
  listPopulation,
  numberSummary,
  openTexts,
  rawAnswerCounts,
  respondentCounts,
  trendCounts,
  type Filters,
  type Survey,
} from './repo.ts';
import { DIMENSION_CODES, DIMENSIONS, QUOTA_DIMENSIONS, type Dimension } from './templates.ts';

/**
 * What a survey's results show, every count of people through core/suppress.ts with the
 * survey's threshold: per question a suppressed table (choices, scale points, first places,
 * matrix rows), a number's summary only for a group at least the threshold, open texts only
 * when the filtered group is at least the threshold; special-category questions only as
 * suppressed counts.
 */
export interface QuestionResult {
  q: Question;
  answered: OutCell;
  /** Codes → labels of the table's keys. */
  table?: Table;
  matrix?: Array<{ row: string; label: string; table: Table }>;
  number?: { n: number; mean: number | null; median: number | null } | null;
  texts?: string[] | null;
}

export interface Results {
  respondents: OutCell;
  questions: QuestionResult[];
  threshold: number;
  /** The filter leaves fewer than the threshold (but some) respondents outside it: nothing is shown. */
  narrow?: boolean;
}

const SCALE = ['1', '2', '3', '4', '5'];
const countable = (q: Question) =>
  q.kind === 'single' || q.kind === 'multi' || q.kind === 'scale' || q.kind === 'matrix' || q.kind === 'ranking';
const keysOf = (q: Question): string[] => (q.kind === 'scale' ? SCALE : (q.options ?? []).map((o) => o.code));
const one = (key: string, count: number, threshold: number, hide?: boolean) =>
  suppress([{ key, count }], threshold, { partition: false, ...(hide ? { hide: new Set([key]) } : {}) }).cells[0]!;
const filtering = (f: Filters) => Object.values(f).some(Boolean);
/** Whether the people between a filtered count and the unfiltered one are a small group (1 … t−1). */
const smallGap = (all: number, filtered: number, threshold: number) => all - filtered > 0 && all - filtered < threshold;

/**
 * A filtered result is published beside the unfiltered one, so their difference — the people
 * outside the filter — is published too. A filter that leaves a small group outside shows
 * nothing (`narrow`); a cell whose difference is a small group is hidden like a small cell, and
 * secondary suppression protects it; a number summary or the open texts of a question whose
 * answered count differs by a small group are not shown.
 */
export async function surveyResults(deps: Pick<Deps, 'db'>, survey: Survey, def: Definition, filters: Filters): Promise<Results> {
  const th = survey.threshold;
  const qs = allQuestions(def);
  const ids = qs.map((q) => q.id);
  const tableOf = async (f: Filters) => {
    const raw = await rawAnswerCounts(deps.db, survey.office_id, survey.id, ids, f);
    const counts = new Map(raw.map((r) => [`${r.question}\u0000${r.sub ?? ''}\u0000${r.value}`, r.n]));
    return (question: string, sub: string | null, value: string) => counts.get(`${question}\u0000${sub ?? ''}\u0000${value}`) ?? 0;
  };
  const get = await tableOf(filters);
  const unfiltered = filtering(filters) ? await tableOf({}) : get;
  const gap = (question: string, sub: string | null, value: string) =>
    smallGap(unfiltered(question, sub, value), get(question, sub, value), th);
  const hideOf = (question: string, sub: string | null, keys: readonly string[]) => new Set(keys.filter((k) => gap(question, sub, k)));
  const total = get('*', null, '*');
  if (gap('*', null, '*')) return { respondents: one('respondents', total, th, true), questions: [], threshold: th, narrow: true };
  const respondents = one('respondents', total, th);
  const out: QuestionResult[] = [];
  for (const q of qs) {
    const answeredCount = get(q.id, null, '#');
    const answeredGap = gap(q.id, null, '#');
    const answered = one('answered', answeredCount, th, answeredGap);
    if (countable(q)) {
      if (q.kind === 'matrix') {
        const matrix = (q.rows ?? []).map((r) => ({
          row: r.code,
          label: r.label,
          table: suppress(
            SCALE.map((v) => ({ key: v, count: get(q.id, r.code, v) })),
            th,
            { hide: hideOf(q.id, r.code, SCALE) },
          ),
        }));
        out.push({ q, answered, matrix });
      } else {
        // Multiple choice: one person in several cells (no partition). Otherwise the cells split who answered.
        const partition = q.kind !== 'multi';
        const table = suppress(
          keysOf(q).map((k) => ({ key: k, count: get(q.id, null, k) })),
          th,
          { partition, hide: hideOf(q.id, null, keysOf(q)) },
        );
        out.push({ q, answered, table });
      }
    } else if (q.kind === 'number') {
      const s = await numberSummary(deps.db, survey.office_id, survey.id, q.id, filters);
      out.push({ q, answered, number: s.n >= th && !answeredGap ? s : null });
    } else {
      const texts = total >= th && !answeredGap ? await openTexts(deps.db, survey.office_id, survey.id, q.id, filters, 200) : null;
      out.push({ q, answered, texts });
    }
  }
  return { respondents, questions: out, threshold: th };
}

/** A question (single, multiple choice or scale; never a special-category one) by a demographic dimension. */
export async function surveyCrossTab(
  deps: Pick<Deps, 'db'>,
  survey: Survey,
  q: Question,
  by: Dimension,
  filters: Filters,
): Promise<CrossTab | null> {
  if (q.special || !(q.kind === 'single' || q.kind === 'multi' || q.kind === 'scale')) return null;
  const cols = [...DIMENSION_CODES[by], 'unknown'];
  const rows = keysOf(q);
  const col = (g: string | null) => (g !== null && DIMENSION_CODES[by].includes(g) ? g : 'unknown');
  /** The cross-tab's cells, value and group margins as counts under a filter. */
  const countsOf = async (f: Filters) => {
    const [counts, groups] = await Promise.all([
      crossCounts(deps.db, survey.office_id, survey.id, q.id, by, f),
      groupCounts(deps.db, survey.office_id, survey.id, by, f, q.id),
    ]);
    // Keys: 'c' + value|group (a cell), 'v' + value (a value's row), 'g' + group (a group's column).
    const n = new Map<string, number>();
    const add = (k: string, x: number) => n.set(k, (n.get(k) ?? 0) + x);
    for (const c of counts) {
      add(`c${c.value}|${col(c.grp)}`, c.n);
      add(`v${c.value}`, c.n);
    }
    for (const g of groups) add(`g${col(g.grp)}`, g.n);
    return (k: string) => n.get(k) ?? 0;
  };
  const get = await countsOf(filters);
  // Beside the unfiltered cross-tab, a difference that is a small group gives it away (see surveyResults).
  const unfiltered = filtering(filters) ? await countsOf({}) : get;
  const gap = (k: string) => smallGap(unfiltered(k), get(k), survey.threshold);
  const hide = new Set([
    ...rows.filter((r) => gap(`v${r}`)),
    ...cols.filter((c) => gap(`g${c}`)),
    ...rows.flatMap((r) => cols.filter((c) => gap(`c${r}|${c}`)).map((c) => `${r}|${c}`)),
  ]);
  return crossTab(
    rows,
    cols,
    (r, c) => get(`c${r}|${c}`),
    (c) => get(`g${c}`),
    {
      threshold: survey.threshold,
      columnsArePartitions: q.kind !== 'multi',
      hide,
    },
  );
}

/** Labels for a dimension's codes and a question's values, in the reader's script. */
export const dimensionLabel = (locale: Locale, dim: Dimension, code: string) =>
  code === 'unknown' ? t(locale, 'surv.unknown') : t(locale, `surv.dim.${dim}.${code}` as 'surv.unknown');

export function valueLabel(locale: Locale, q: Question, code: string): string {
  if (q.kind === 'scale') return code;
  const o = (q.options ?? []).find((x) => x.code === code);
  return o ? inScript(locale, o.label) : code;
}

/** The export's columns: fixed fields, then each question that is not a special category. */
export function exportColumns(locale: Locale, def: Definition): ExportColumn[] {
  const dimLabels = (d: Dimension) => Object.fromEntries(DIMENSION_CODES[d].map((c) => [c, dimensionLabel(locale, d, c)]));
  const cols: ExportColumn[] = [
    { header: t(locale, 'surv.export.version'), field: 0 },
    { header: t(locale, 'surv.export.date'), field: 1 },
    ...DIMENSIONS.map((d, i) => ({ header: t(locale, `surv.dimension.${d}`), field: 2 + i, labels: dimLabels(d) })),
  ];
  const demo = new Set(['demo_age', 'demo_gender', 'demo_settlement', 'demo_status']);
  for (const q of allQuestions(def)) {
    if (q.special || demo.has(q.id)) continue;
    const title = inScript(locale, q.title);
    const labels = Object.fromEntries((q.options ?? []).map((o) => [o.code, inScript(locale, o.label)]));
    if (q.kind === 'matrix')
      for (const r of q.rows ?? [])
        cols.push({ header: `${title}: ${inScript(locale, r.label)}`, question: q.id, kind: 'row', row: r.code });
    else if (q.kind === 'ranking')
      for (const o of q.options ?? [])
        cols.push({ header: `${title}: ${inScript(locale, o.label)}`, question: q.id, kind: 'rank', option: o.code });
    else if (q.kind === 'multi') cols.push({ header: title, question: q.id, kind: 'list', labels });
    else cols.push({ header: title, question: q.id, kind: 'value', labels });
  }
  return cols;
}

/** Responses per batch of the export: one database read and one worker task each. */
export const EXPORT_BATCH = 2_000;

/**
 * The anonymous answers as CSV or XLSX, streamed: each batch of EXPORT_BATCH responses is read
 * (keyset on submission time and id) when the reader has taken the previous one, turned into
 * bytes in the heavy worker pool (export.ts answersPart) and passed on — the request thread only
 * moves bytes, and memory holds one batch whatever the survey's size. XLSX: a ZIP written by
 * fflate as it goes, the sheet's deflated pieces added as they come (CRC and size in the data
 * descriptor after them). The first batch is made before this returns, so a full pool or a
 * failure is an error the route can still answer with a page; a later one ends the stream with it.
 */
export async function exportStream(
  deps: Pick<Deps, 'db' | 'heavy'>,
  survey: Survey,
  def: Definition,
  format: 'csv' | 'xlsx',
  locale: Locale,
): Promise<ReadableStream<Uint8Array<ArrayBuffer>>> {
  const columns = exportColumns(locale, def);
  const special = allQuestions(def)
    .filter((q) => q.special)
    .map((q) => q.id);
  const out: Array<Uint8Array<ArrayBuffer>> = [];
  let sheet: ZipInputFile | undefined;
  let zip: Zip | undefined;
  if (format === 'xlsx') {
    zip = new Zip((err, chunk) => {
      if (err) throw err;
      out.push(chunk);
    });
    for (const [name, text] of xlsxFixedParts(inScript(locale, survey.title))) {
      const part = new ZipDeflate(name, { level: 6 });
      zip.add(part);
      part.push(new TextEncoder().encode(text), true);
    }
    sheet = { filename: SHEET_PART, compression: 8, crc: 0, size: 0 };
    zip.add(sheet);
  }
  let after: { at: Date; id: string } | null = null;
  let row = 2;
  let crc = 0;
  let size = 0;
  let first = true;
  let more = true;
  const step = async () => {
    const c = await exportChunk(deps.db, survey.office_id, survey.id, special, after, EXPORT_BATCH);
    if (c.rows > 0 || first) {
      const p = await deps.heavy.run(answersPartTask, columns, c.text, format, { first, row, crc });
      first = false;
      row += c.rows;
      crc = p.crc;
      size += p.size;
      if (sheet) sheet.ondata!(null, p.bytes as Uint8Array<ArrayBuffer>, false);
      else out.push(p.bytes as Uint8Array<ArrayBuffer>);
    }
    more = c.rows === EXPORT_BATCH && c.last !== null;
    after = c.last;
    if (!more && sheet && zip) {
      const end = deflatePiece(SHEET_END, crc, true);
      sheet.crc = end.crc;
      sheet.size = size + end.size;
      sheet.ondata!(null, end.bytes as Uint8Array<ArrayBuffer>, true);
      zip.end();
    }
  };
  await step();
  return new ReadableStream<Uint8Array<ArrayBuffer>>(
    {
      async pull(controller) {
        while (out.length === 0 && more) await step();
        for (const b of out.splice(0)) controller.enqueue(b);
        if (!more) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

/** The whole export's bytes (tests and the bench: the stream read to its end). */
export async function exportAnswers(
  deps: Pick<Deps, 'db' | 'heavy'>,
  survey: Survey,
  def: Definition,
  format: 'csv' | 'xlsx',
  locale: Locale,
): Promise<Uint8Array> {
  return new Uint8Array(await new Response(await exportStream(deps, survey, def, format, locale)).arrayBuffer());
}

// ── Trends and inclusion ───────────────────────────────────────────────────

export interface TrendPoint {
  surveyId: string;
  title: string;
  year: number;
  answered: OutCell;
  /** Per value: its share of those who answered (null when the count is suppressed) and the count as shown. */
  values: Array<{ value: string; cell: OutCell; share: number | null }>;
}

/** The same linked question, survey by survey (year over year), suppressed with each survey's threshold. */
export async function trend(
  deps: Pick<Deps, 'db'>,
  officeId: string,
  link: string,
  codes: readonly string[],
  threshold: number,
): Promise<TrendPoint[]> {
  const rows = await trendCounts(deps.db, officeId, link);
  const surveys = [...new Map(rows.map((r) => [r.survey_id, r])).values()];
  return surveys.map((s) => {
    const mine = rows.filter((r) => r.survey_id === s.survey_id);
    const table = suppress(
      codes.map((c) => ({ key: c, count: mine.filter((r) => r.value === c).reduce((n, r) => n + r.n, 0) })),
      threshold,
      { partition: false },
    );
    const answered = one('answered', s.answered, threshold);
    return {
      surveyId: s.survey_id,
      title: s.title,
      year: s.year,
      answered,
      values: table.cells.map((cell) => ({
        value: cell.key,
        cell,
        share:
          cell.status === 'shown' && answered.status === 'shown' && s.answered > 0
            ? Math.round((cell.count / s.answered) * 1000) / 10
            : null,
      })),
    };
  });
}

export interface InclusionRow {
  dimension: string;
  code: string;
  population: number | null;
  populationShare: number | null;
  respondents: OutCell;
  respondentShare: number | null;
  participants: OutCell | null;
  participantShare: number | null;
}

const share = (c: OutCell | null, total: OutCell | null) =>
  c && total && c.status === 'shown' && total.status === 'shown' && total.count > 0
    ? Math.round((c.count / total.count) * 1000) / 10
    : null;

/** Respondents and participants (attendance) by age, gender and settlement beside the census population; vulnerable groups as suppressed counts only. */
export async function inclusion(
  deps: Pick<Deps, 'db'>,
  officeId: string,
  year: number,
  threshold: number,
): Promise<{ rows: InclusionRow[]; vulnerable: Table; respondents: OutCell; participants: OutCell }> {
  const from = new Date(Date.UTC(year, 0, 1) - 3_600_000);
  const until = new Date(Date.UTC(year + 1, 0, 1) - 3_600_000);
  const [raw, pop, att] = await Promise.all([
    respondentCounts(deps.db, officeId, from, until),
    listPopulation(deps.db, officeId),
    attendanceNumbers(deps.db, { officeId, from: `${year}-01-01`, to: `${year}-12-31` }, threshold),
  ]);
  const resp = suppressShared(
    Object.fromEntries(
      QUOTA_DIMENSIONS.map((d) => [d, cellsOf(raw, { name: d, codes: [...DIMENSION_CODES[d], 'unknown'], partition: true })]),
    ),
    threshold,
  );
  const attDim: Record<string, 'age' | 'gender' | 'settlement_kind'> = {
    age_group: 'age',
    gender: 'gender',
    settlement_kind: 'settlement_kind',
  };
  const rows: InclusionRow[] = [];
  for (const d of QUOTA_DIMENSIONS) {
    const popTotal = pop.filter((p) => p.dimension === d).reduce((s, p) => s + p.people, 0);
    const attTable = att.profile[attDim[d]!];
    for (const code of DIMENSION_CODES[d]) {
      const p = pop.find((x) => x.dimension === d && x.code === code);
      const r = resp[d]!.cells.find((c) => c.key === code)!;
      const a = attTable.cells.find((c) => c.key === code) ?? null;
      rows.push({
        dimension: d,
        code,
        population: p?.people ?? null,
        populationShare: p && popTotal > 0 ? Math.round((p.people / popTotal) * 1000) / 10 : null,
        respondents: r,
        respondentShare: share(r, resp[d]!.total),
        participants: a,
        participantShare: share(a, attTable.total),
      });
    }
  }
  const vulnerable = suppress(
    cellsOf(raw, { name: 'vulnerable', codes: ['roma', 'disability', 'care', 'poverty', 'migrant'], partition: false }),
    threshold,
    { partition: false },
  );
  return { rows, vulnerable, respondents: resp.age_group!.total!, participants: att.participants };
}
