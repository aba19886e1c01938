import { z } from 'zod';
import { LAP_AREAS } from '../../core/domain.ts';
import { blankable, isoDate, optionalInt, requiredText, text } from '../../core/http/forms.ts';
import { DIRECTIONS, FUNDING_SOURCES, INDICATOR_KINDS, PLAN_STATUSES, RESPONSIBLE_KINDS, UNITS } from './repo.ts';
import { parseFigure } from './rules.ts';

/** One zod schema per operation, for the form (and the tests). Messages are keys. */

const year = optionalInt(2000, 2100)
  .refine((n) => n !== null, 'err.required')
  .transform((n) => n!);

/** An amount or figure as people type it ("1.234,50"); '' → null; negative → refused. */
export const figure = blankable(
  z
    .string()
    .trim()
    .max(30, 'err.tooLong')
    .transform((s, ctx) => {
      if (s === '') return null;
      const n = parseFigure(s);
      if (n === null) {
        ctx.addIssue({ code: 'custom', message: 'err.number' });
        return z.NEVER;
      }
      if (n < 0) {
        ctx.addIssue({ code: 'custom', message: 'plan.err.negative' });
        return z.NEVER;
      }
      return n;
    }),
);
const amount = figure.transform((n) => n ?? 0);
const uuidOrBlank = blankable(z.union([z.literal(''), z.uuid('err.choice')])).transform((s) => (s === '' ? null : s));

export const planForm = z
  .object({ title: requiredText(200).pipe(z.string().min(3, 'err.tooShort')), start_year: year, end_year: year })
  .superRefine((v, ctx) => {
    if (v.end_year < v.start_year) ctx.addIssue({ code: 'custom', path: ['end_year'], message: 'plan.err.period' });
    else if (v.end_year - v.start_year > 10) ctx.addIssue({ code: 'custom', path: ['end_year'], message: 'plan.err.periodLong' });
  });
export type PlanInput = z.output<typeof planForm>;

export const statusForm = z
  .object({
    status: z.enum(PLAN_STATUSES, 'err.choice'),
    decision_number: text(60),
    decision_date: blankable(z.union([z.literal(''), isoDate])).transform((s) => (s === '' ? null : s)),
  })
  .superRefine((v, ctx) => {
    if (v.status !== 'adopted') return;
    if (v.decision_number === '') ctx.addIssue({ code: 'custom', path: ['decision_number'], message: 'plan.err.decisionNumber' });
    if (v.decision_date === null) ctx.addIssue({ code: 'custom', path: ['decision_date'], message: 'plan.err.decisionDate' });
  });

export const areaForm = z
  .object({ code: blankable(z.union([z.literal(''), z.enum(LAP_AREAS, 'err.choice')])), name: text(200) })
  .superRefine((v, ctx) => {
    if (v.code === '' && v.name === '') ctx.addIssue({ code: 'custom', path: ['name'], message: 'plan.err.areaName' });
  });

export const goalForm = z.object({
  area_id: z.uuid('err.choice'),
  parent_id: uuidOrBlank,
  text: requiredText(500).pipe(z.string().min(3, 'err.tooShort')),
});

export const measureForm = z.object({ goal_id: z.uuid('err.choice'), title: requiredText(300).pipe(z.string().min(3, 'err.tooShort')) });

export const activityForm = z
  .object({
    measure_id: z.uuid('err.choice'),
    title: requiredText(300).pipe(z.string().min(3, 'err.tooShort')),
    responsible_kind: z.enum(RESPONSIBLE_KINDS, 'err.choice'),
    partner_id: uuidOrBlank,
    association_id: uuidOrBlank,
    partners: text(500),
    year,
    quarter: optionalInt(1, 4),
    deadline: blankable(z.union([z.literal(''), isoDate])).transform((s) => (s === '' ? null : s)),
    funding: z.enum(FUNDING_SOURCES, 'err.choice'),
    planned_rsd: amount,
    spent_rsd: amount,
  })
  .superRefine((v, ctx) => {
    if (v.responsible_kind === 'partner' && !v.partner_id)
      ctx.addIssue({ code: 'custom', path: ['partner_id'], message: 'plan.err.partner' });
    if (v.responsible_kind === 'association' && !v.association_id)
      ctx.addIssue({ code: 'custom', path: ['association_id'], message: 'plan.err.association' });
  })
  .transform((v) => ({
    ...v,
    partner_id: v.responsible_kind === 'partner' ? v.partner_id : null,
    association_id: v.responsible_kind === 'association' ? v.association_id : null,
  }));
export type ActivityInput = z.output<typeof activityForm>;

/** Targets per year arrive as fields target_<year>; the service checks them in the indicator's unit. */
export const indicatorForm = z
  .object({
    area_id: z.uuid('err.choice'),
    code: requiredText(20),
    definition: requiredText(500).pipe(z.string().min(3, 'err.tooShort')),
    unit: z.enum(UNITS, 'err.choice'),
    direction: z.enum(DIRECTIONS, 'err.choice'),
    baseline: figure,
    baseline_year: optionalInt(2000, 2100),
    verification: text(300),
    kind: z.enum(INDICATOR_KINDS, 'err.choice'),
    source: text(200),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'computed' && v.source === '') ctx.addIssue({ code: 'custom', path: ['source'], message: 'plan.err.source' });
    if (v.baseline !== null && v.baseline_year === null)
      ctx.addIssue({ code: 'custom', path: ['baseline_year'], message: 'plan.err.baselineYear' });
  });
export type IndicatorInput = z.output<typeof indicatorForm>;

export const valueForm = z.object({ year, value: figure.refine((n) => n !== null, 'err.required'), measured_on: isoDate });

export const spendingForm = z.object({ spent_rsd: amount, done: blankable(z.string()).transform((s) => s === 'on' || s === '1') });

export const linkForm = z.object({ activity_id: z.uuid('err.choice'), unlink: blankable(z.string()) });

export const yearForm = z.object({ year });

export const workplanItemForm = z.object({
  year,
  item_id: z.uuid('err.choice'),
  title: requiredText(300).pipe(z.string().min(3, 'err.tooShort')),
  quarter: optionalInt(1, 4),
  planned_rsd: amount,
  note: text(1000),
});

export const opinionForm = z.object({ year, opinion_date: isoDate, opinion_text: requiredText(5000) });
