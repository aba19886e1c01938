import { z } from 'zod';
import { blankable, checkbox, isoDate, optionalInt, requiredText, text } from '../../core/http/forms.ts';
import { CONDITION_OPS, QUESTION_KINDS } from './definition.ts';
import { CENSUS_CODES, DIMENSIONS, DIMENSION_CODES, QUOTA_DIMENSIONS, TEMPLATES, type QuotaDimension } from './templates.ts';

/** The forms of surveys: one zod schema each (staff builder and settings, import, census figures, results filters). */

export const createForm = z.object({ template: z.enum(TEMPLATES, 'err.choice') });

const code = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,39}$/, 'surv.err.code');

export const questionForm = z.object({
  section: requiredText(40),
  /** Blank: made from the next free q<n>. */
  id: blankable(z.union([z.literal(''), code])),
  /** Editing: the code of the question being changed (blank: a new question). */
  original: blankable(z.union([z.literal(''), code])),
  link: blankable(z.union([z.literal(''), code])),
  kind: z.enum(QUESTION_KINDS, 'err.choice'),
  title: requiredText(300),
  required: checkbox,
  options: text(4000),
  min: optionalInt(-1_000_000, 1_000_000),
  max: optionalInt(-1_000_000, 1_000_000),
  when_question: blankable(z.union([z.literal(''), code])),
  when_op: blankable(z.enum(CONDITION_OPS, 'err.choice').or(z.literal('').transform(() => 'equals' as const))),
  when_value: text(40),
});
export type QuestionInput = z.output<typeof questionForm>;

export const removeForm = z.object({ id: code });

const optionalDate = blankable(z.union([z.literal('').transform(() => null), isoDate]));

/** Quota fields are named quota.<dimension>.<code>. */
const quotaFields = Object.fromEntries(
  QUOTA_DIMENSIONS.flatMap((d) => DIMENSION_CODES[d].map((c) => [`quota.${d}.${c}`, optionalInt(1, 1_000_000)])),
) as Record<string, ReturnType<typeof optionalInt>>;

export const settingsForm = z
  .object({
    opens: optionalDate,
    closes: optionalDate,
    one_per_account: checkbox,
    threshold: optionalInt(5, 1000),
    target: optionalInt(1, 1_000_000),
    ...quotaFields,
  })
  .superRefine((v, ctx) => {
    if (v.opens && v.closes && v.closes <= v.opens)
      ctx.addIssue({ code: 'custom', path: ['closes'], message: 'surv.err.closesBeforeOpens' });
  })
  .transform((v) => {
    const rec = v as unknown as Record<string, number | null>;
    const quotas: Array<{ dimension: QuotaDimension; code: string; target: number }> = [];
    for (const d of QUOTA_DIMENSIONS)
      for (const c of DIMENSION_CODES[d]) {
        const n = rec[`quota.${d}.${c}`];
        if (typeof n === 'number') quotas.push({ dimension: d, code: c, target: n });
      }
    return { opens: v.opens, closes: v.closes, onePerAccount: v.one_per_account, threshold: v.threshold ?? 5, target: v.target, quotas };
  });
export type SettingsForm = z.output<typeof settingsForm>;
export interface SettingsInput {
  opensAt: Date | null;
  closesAt: Date | null;
  onePerAccount: boolean;
  threshold: number;
  target: number | null;
  quotas: Array<{ dimension: QuotaDimension; code: string; target: number }>;
}

const dimValue = blankable(z.string().trim().max(40));
/** Results: filters on the demographic block and a cross-tab (a question by a dimension). */
export const resultsQuery = z.object({
  age_group: dimValue,
  gender: dimValue,
  settlement_kind: dimValue,
  status: dimValue,
  by: blankable(z.union([z.literal(''), z.enum(DIMENSIONS, 'err.choice')])),
  q: blankable(z.union([z.literal(''), code])),
});

export const exportQuery = z.object({
  format: blankable(z.union([z.literal('').transform(() => 'xlsx' as const), z.enum(['csv', 'xlsx'], 'err.choice')])),
});

export const trendQuery = z.object({ link: blankable(z.union([z.literal(''), code])) });

export const inclusionQuery = z.object({ year: blankable(z.union([z.literal(''), z.string().regex(/^20\d\d$/, 'err.number')])) });

/** Census figures: people.<dimension>.<code> (blank: not known), and where they come from. */
export const populationForm = z.object({
  source: requiredText(200),
  ...Object.fromEntries(
    QUOTA_DIMENSIONS.flatMap((d) =>
      CENSUS_CODES[d].map((c) => [`people.${d}.${c}`, optionalInt(0, 10_000_000).refine((n) => n !== null, 'err.required')]),
    ),
  ),
});
