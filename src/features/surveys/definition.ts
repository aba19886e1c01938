import { z } from 'zod';
import type { MessageKey } from '../../core/i18n/messages.ts';

/**
 * A survey's definition: sections of questions, as stored in survey_versions.definition and
 * as imported and exported (JSON). Pure: the zod schema, the one visibility rule (`isVisible`,
 * used when a page is rendered and when answers are validated) and answer validation.
 *
 * Texts are typed in either script and shown in the respondent's (inScript in the views).
 */

export const QUESTION_KINDS = ['single', 'multi', 'scale', 'number', 'short', 'long', 'matrix', 'ranking'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

const code = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,39}$/, 'surv.err.code');
const label = z.string().trim().min(1, 'err.required').max(300, 'err.tooLong');

export const optionSchema = z.object({ code, label });
export type Option = z.output<typeof optionSchema>;

export const CONDITION_OPS = ['equals', 'not_equals', 'includes', 'at_least', 'at_most', 'answered'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** "Show only when": an earlier question's answer equals / includes / is at least … a value. */
export const conditionSchema = z.object({
  question: code,
  op: z.enum(CONDITION_OPS, 'err.choice'),
  value: z.union([z.string().max(40), z.number()]).optional(),
});
export type Condition = z.output<typeof conditionSchema>;

export const questionSchema = z.object({
  id: code,
  /** The same question across versions and years (trends compare by it); the id by default. */
  link: code.optional(),
  kind: z.enum(QUESTION_KINDS, 'err.choice'),
  title: label,
  help: z.string().trim().max(500, 'err.tooLong').optional(),
  required: z.boolean().default(false),
  options: z.array(optionSchema).max(30).optional(),
  /** matrix: its rows (each answered on the 1–5 scale). */
  rows: z.array(optionSchema).max(20).optional(),
  min: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  max: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  when: conditionSchema.optional(),
  /** A special-category question (vulnerable groups): results only as suppressed aggregates, never exported. */
  special: z.boolean().optional(),
});
export type Question = z.output<typeof questionSchema>;

export const sectionSchema = z.object({
  id: code,
  title: label,
  intro: z.string().trim().max(2000, 'err.tooLong').optional(),
  when: conditionSchema.optional(),
  questions: z.array(questionSchema).min(1, 'surv.err.emptySection').max(60),
});
export type Section = z.output<typeof sectionSchema>;

export const definitionSchema = z
  .object({
    title: label,
    intro: z.string().trim().max(2000, 'err.tooLong').optional(),
    sections: z.array(sectionSchema).min(1, 'surv.err.noSections').max(30),
  })
  .superRefine((d, ctx) => {
    const seen = new Map<string, Question>();
    const sections = new Set<string>();
    d.sections.forEach((s, si) => {
      if (sections.has(s.id)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'id'], message: 'surv.err.duplicateId' });
      sections.add(s.id);
      const checkWhen = (w: Condition | undefined, path: (string | number)[]) => {
        if (!w) return;
        if (!seen.has(w.question))
          ctx.addIssue({ code: 'custom', path: [...path, 'when', 'question'], message: 'surv.err.conditionOrder' });
        else if (w.op !== 'answered' && w.value === undefined)
          ctx.addIssue({ code: 'custom', path: [...path, 'when', 'value'], message: 'surv.err.conditionValue' });
      };
      checkWhen(s.when, ['sections', si]);
      s.questions.forEach((q, qi) => {
        const path = ['sections', si, 'questions', qi];
        checkWhen(q.when, path);
        if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: 'surv.err.duplicateId' });
        seen.set(q.id, q);
        const needsOptions = q.kind === 'single' || q.kind === 'multi' || q.kind === 'ranking';
        if (needsOptions && (q.options?.length ?? 0) < 2)
          ctx.addIssue({ code: 'custom', path: [...path, 'options'], message: 'surv.err.options' });
        if (q.kind === 'matrix' && (q.rows?.length ?? 0) < 1)
          ctx.addIssue({ code: 'custom', path: [...path, 'rows'], message: 'surv.err.rows' });
        const codes = [...(q.options ?? []), ...(q.rows ?? [])].map((o) => o.code);
        if (
          new Set(q.options?.map((o) => o.code)).size !== (q.options?.length ?? 0) ||
          new Set(q.rows?.map((o) => o.code)).size !== (q.rows?.length ?? 0)
        )
          ctx.addIssue({ code: 'custom', path: [...path, 'options'], message: 'surv.err.duplicateCode' });
        void codes;
        if (q.min !== undefined && q.max !== undefined && q.min > q.max)
          ctx.addIssue({ code: 'custom', path: [...path, 'max'], message: 'surv.err.minMax' });
      });
    });
  });
export type Definition = z.output<typeof definitionSchema>;

/** One question's answer as stored: a code, codes, a number, text, matrix row → 1–5, or codes in rank order. */
export type Answer = string | number | string[] | Record<string, number>;
export type Answers = Record<string, Answer>;

export const linkOf = (q: Pick<Question, 'id' | 'link'>) => q.link ?? q.id;

export const allQuestions = (d: Definition): Question[] => d.sections.flatMap((s) => s.questions);

/** Whether a condition holds for the answers given so far (an unanswered question satisfies nothing but not_equals). */
export function conditionHolds(w: Condition, answers: Answers): boolean {
  const a = answers[w.question];
  const has = a !== undefined && a !== '' && !(Array.isArray(a) && a.length === 0);
  switch (w.op) {
    case 'answered':
      return has;
    case 'equals':
      return has && String(Array.isArray(a) ? a[0] : a) === String(w.value);
    case 'not_equals':
      return !has || String(Array.isArray(a) ? a[0] : a) !== String(w.value);
    case 'includes':
      return has && (Array.isArray(a) ? a.map(String).includes(String(w.value)) : String(a) === String(w.value));
    case 'at_least':
      return has && typeof a === 'number' && a >= Number(w.value);
    case 'at_most':
      return has && typeof a === 'number' && a <= Number(w.value);
  }
}

/**
 * The one rule of "show only when": a question is visible when its section's condition and its
 * own hold on the answers, and the question a condition looks at is itself visible (an answer to
 * a hidden question counts as no answer). Used by the pages and by validation alike.
 */
export function visibleQuestions(d: Definition, answers: Answers): Set<string> {
  const visible = new Set<string>();
  const effective: Answers = {};
  const holds = (w: Condition | undefined) => !w || conditionHolds(w, effective);
  for (const s of d.sections) {
    const sectionOn = holds(s.when);
    for (const q of s.questions) {
      if (sectionOn && holds(q.when)) {
        visible.add(q.id);
        if (answers[q.id] !== undefined) effective[q.id] = answers[q.id]!;
      }
    }
  }
  return visible;
}

/** Whether the section shows at all (its condition, on the visible answers so far). */
export function sectionVisible(d: Definition, index: number, answers: Answers): boolean {
  const s = d.sections[index];
  if (!s) return false;
  const visible = visibleQuestions(d, answers);
  return s.questions.some((q) => visible.has(q.id));
}

/** What a question's form fields are named: q.<id> (matrix q.<id>.<row>, ranking q.<id>.<option>). */
export const fieldName = (q: Pick<Question, 'id'>, sub?: string) => (sub ? `q.${q.id}.${sub}` : `q.${q.id}`);

export type AnswerErrors = Record<string, { key: MessageKey; vars?: Record<string, string | number> }>;

export type Validated = { ok: true; answers: Answers } | { ok: false; errors: AnswerErrors; tampered?: boolean };

const INT = /^-?\d{1,7}$/;

/**
 * Reads one section's form values (as readForm gives them: a checkbox group joined by ',')
 * against the definition and the answers of earlier sections. Refuses a field that names no
 * question of the section (a tampered id), a code that is no option, a number out of range;
 * a required visible question unanswered. Answers to hidden questions are dropped.
 */
export function validateSection(
  d: Definition,
  sectionIndex: number,
  values: Readonly<Record<string, string>>,
  earlier: Answers,
): Validated {
  const section = d.sections[sectionIndex];
  if (!section) return { ok: false, errors: { _form: { key: 'surv.err.tampered' } }, tampered: true };
  const known = new Set<string>();
  for (const q of section.questions) {
    if (q.kind === 'matrix') for (const r of q.rows ?? []) known.add(fieldName(q, r.code));
    else if (q.kind === 'ranking') for (const o of q.options ?? []) known.add(fieldName(q, o.code));
    else known.add(fieldName(q));
  }
  for (const k of Object.keys(values))
    if (k.startsWith('q.') && !known.has(k)) return { ok: false, errors: { _form: { key: 'surv.err.tampered' } }, tampered: true };

  const parsed: Answers = {};
  const errors: AnswerErrors = {};
  const tampered = () => ({ ok: false as const, errors: { _form: { key: 'surv.err.tampered' as MessageKey } }, tampered: true });
  for (const q of section.questions) {
    const name = fieldName(q);
    const raw = (values[name] ?? '').trim();
    switch (q.kind) {
      case 'single': {
        if (raw === '') break;
        if (!q.options?.some((o) => o.code === raw)) return tampered();
        parsed[q.id] = raw;
        break;
      }
      case 'multi': {
        const codes =
          raw === ''
            ? []
            : [
                ...new Set(
                  raw
                    .split(',')
                    .map((s) => s.trim())
                    .filter(Boolean),
                ),
              ];
        if (codes.some((c) => !q.options?.some((o) => o.code === c))) return tampered();
        if (codes.length > 0) parsed[q.id] = (q.options ?? []).map((o) => o.code).filter((c) => codes.includes(c));
        break;
      }
      case 'scale': {
        if (raw === '') break;
        if (!/^[1-5]$/.test(raw)) {
          errors[name] = { key: 'surv.err.scale' };
          break;
        }
        parsed[q.id] = Number(raw);
        break;
      }
      case 'number': {
        if (raw === '') break;
        const min = q.min ?? 0;
        const max = q.max ?? 1_000_000;
        if (!INT.test(raw)) errors[name] = { key: 'surv.err.number' };
        else if (Number(raw) < min || Number(raw) > max) errors[name] = { key: 'surv.err.range', vars: { min, max } };
        else parsed[q.id] = Number(raw);
        break;
      }
      case 'short':
      case 'long': {
        const max = q.kind === 'short' ? 200 : 4000;
        if (raw.length > max) errors[name] = { key: 'surv.err.tooLong', vars: { max } };
        else if (raw !== '') parsed[q.id] = raw;
        break;
      }
      case 'matrix': {
        const m: Record<string, number> = {};
        for (const r of q.rows ?? []) {
          const v = (values[fieldName(q, r.code)] ?? '').trim();
          if (v === '') continue;
          if (!/^[1-5]$/.test(v)) {
            errors[name] = { key: 'surv.err.scale' };
            continue;
          }
          m[r.code] = Number(v);
        }
        if (Object.keys(m).length > 0) parsed[q.id] = m;
        if (q.required && Object.keys(m).length > 0 && Object.keys(m).length < (q.rows?.length ?? 0))
          errors[name] = { key: 'surv.err.matrixAll' };
        break;
      }
      case 'ranking': {
        const opts = q.options ?? [];
        const ranks = opts.map((o) => ({ code: o.code, v: (values[fieldName(q, o.code)] ?? '').trim() }));
        const given = ranks.filter((r) => r.v !== '');
        if (given.length === 0) break;
        if (given.some((r) => !/^\d{1,2}$/.test(r.v) || Number(r.v) < 1 || Number(r.v) > opts.length)) {
          errors[name] = { key: 'surv.err.rank', vars: { n: opts.length } };
          break;
        }
        if (new Set(given.map((r) => r.v)).size !== given.length) {
          errors[name] = { key: 'surv.err.rankTwice' };
          break;
        }
        parsed[q.id] = given.sort((a, b) => Number(a.v) - Number(b.v)).map((r) => r.code);
        break;
      }
    }
  }
  const visible = visibleQuestions(d, { ...earlier, ...parsed });
  for (const q of section.questions) {
    if (!visible.has(q.id)) {
      delete parsed[q.id];
      delete errors[fieldName(q)];
      continue;
    }
    if (q.required && parsed[q.id] === undefined && !errors[fieldName(q)]) errors[fieldName(q)] = { key: 'surv.err.required' };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, answers: parsed };
}

/**
 * Checks a whole set of answers against the definition (the final submission): every answer
 * names a visible question and has its kind's shape; every visible required question is answered.
 */
export function validateAll(d: Definition, answers: Answers): Validated {
  const byId = new Map(allQuestions(d).map((q) => [q.id, q]));
  for (const id of Object.keys(answers))
    if (!byId.has(id)) return { ok: false, errors: { _form: { key: 'surv.err.tampered' } }, tampered: true };
  const visible = visibleQuestions(d, answers);
  const out: Answers = {};
  for (const [id, a] of Object.entries(answers)) if (visible.has(id)) out[id] = a;
  for (const q of byId.values())
    if (q.required && visible.has(q.id) && out[q.id] === undefined)
      return { ok: false, errors: { [fieldName(q)]: { key: 'surv.err.required' } } };
  return { ok: true, answers: out };
}

/** Codes of the questions another question's or section's condition looks at. */
export function dependedOn(d: Definition): Set<string> {
  return new Set(
    [...allQuestions(d).map((q) => q.when?.question), ...d.sections.map((s) => s.when?.question)].filter((x): x is string => !!x),
  );
}

/** Index of the next section after `from` that shows for these answers, or -1 when none is left. */
export function nextSection(d: Definition, from: number, answers: Answers): number {
  for (let i = from + 1; i < d.sections.length; i++) if (sectionVisible(d, i, answers)) return i;
  return -1;
}

/**
 * Whether moving from `before` to `after` keeps answers comparable: every answered question is
 * still there with the same kind, link, options and rows (labels may change). A change that
 * breaks this opens a new version.
 */
export function breaksComparison(before: Definition, after: Definition): boolean {
  const next = new Map(allQuestions(after).map((q) => [q.id, q]));
  for (const q of allQuestions(before)) {
    const n = next.get(q.id);
    if (!n) return true;
    if (n.kind !== q.kind || linkOf(n) !== linkOf(q)) return true;
    const codes = (xs?: Option[]) => (xs ?? []).map((o) => o.code).join('|');
    if (codes(n.options) !== codes(q.options) || codes(n.rows) !== codes(q.rows)) return true;
    if (n.min !== q.min || n.max !== q.max) return true;
  }
  return false;
}

/** Parses a definition from JSON text: a clear message for bad JSON, the first schema problem otherwise. */
export function parseDefinitionJson(
  text: string,
): { ok: true; value: Definition } | { ok: false; key: MessageKey; vars?: Record<string, string | number> } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, key: 'surv.err.json', vars: { detail: (e as Error).message.slice(0, 200) } };
  }
  const r = definitionSchema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0]!;
  const where = issue.path.join('.');
  const msg = issue.message.startsWith('surv.') || issue.message.startsWith('err.') ? issue.message : '';
  return { ok: false, key: 'surv.err.definition', vars: { where: where || '—', detail: msg || issue.message.slice(0, 200) } };
}
