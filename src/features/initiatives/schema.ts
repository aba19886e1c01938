import { z } from 'zod';
import { LAP_AREAS } from '../../core/domain.ts';
import {
  blankable,
  checkbox,
  codeList,
  email,
  isoDate,
  optionalInt,
  requiredText,
  text,
  type FormErrors,
  type FormValues,
} from '../../core/http/forms.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';

export const STATUSES = [
  'draft',
  'submitted',
  'under_review',
  'needs_changes',
  'supported',
  'declined',
  'in_progress',
  'completed',
] as const;
export type Status = (typeof STATUSES)[number];
export const SUPPORT = ['space', 'equipment', 'technical', 'promotion', 'mentoring'] as const;
export type Support = (typeof SUPPORT)[number];
export const PROPOSERS = ['person', 'group', 'association'] as const;
export type Proposer = (typeof PROPOSERS)[number];
/** The decisions the office takes on an initiative under review. */
export const DECISIONS = ['needs_changes', 'supported', 'declined'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Statuses in which the team may still change the proposal (the database's trigger says the same). */
export const EDITABLE: readonly Status[] = ['draft', 'needs_changes'];

/** Budget rows the form shows at first; "add a row" shows one more, up to MAX_ROWS. */
export const BLANK_ROWS = 3;
export const MAX_ROWS = 50;
/** A small budget: at most this many dinars per unit, and this quantity per item. */
const MAX_PRICE_PARA = 10_000_000 * 100;
const MAX_QUANTITY_HUNDREDTHS = 10_000 * 100;

/** The proposal's fields (the budget is read by parseBudget). */
export const initiativeForm = z
  .object({
    proposer_kind: z.enum(PROPOSERS, 'err.choice'),
    group_name: text(120),
    association_id: text(40),
    title: requiredText(150).pipe(z.string().min(3, 'err.tooShort')),
    idea: requiredText(4000),
    why: requiredText(4000),
    audience: requiredText(1000),
    area: z.enum(LAP_AREAS, 'err.choice'),
    place: requiredText(300),
    starts_on: isoDate,
    ends_on: isoDate,
    support: codeList(SUPPORT),
    publish_consent: checkbox,
  })
  .superRefine((v, ctx) => {
    if (v.proposer_kind === 'group' && v.group_name === '')
      ctx.addIssue({ code: 'custom', path: ['group_name'], message: 'init.err.groupName' });
    if (v.proposer_kind === 'association' && v.association_id === '')
      ctx.addIssue({ code: 'custom', path: ['association_id'], message: 'init.err.association' });
    const days = (Date.parse(v.ends_on) - Date.parse(v.starts_on)) / 86_400_000;
    if (days < 0 || days > 366) ctx.addIssue({ code: 'custom', path: ['ends_on'], message: 'init.err.dates' });
  });
export type InitiativeFields = z.output<typeof initiativeForm>;

/** One budget item; amounts in hundredths (para), so totals are exact integers. */
export interface BudgetItem {
  name: string;
  /** Quantity × 100. */
  quantity100: number;
  /** Unit price in para (RSD × 100). */
  unitPara: number;
}

export const lineTotalPara = (i: Pick<BudgetItem, 'quantity100' | 'unitPara'>) => Math.round((i.quantity100 * i.unitPara) / 100);
export const budgetTotalPara = (items: ReadonlyArray<Pick<BudgetItem, 'quantity100' | 'unitPara'>>) =>
  items.reduce((s, i) => s + lineTotalPara(i), 0);

/**
 * A decimal as people type it ("1500", "1 500", "1500,50", "2.5") in hundredths; null when it is
 * not a non-negative number with at most two decimals (a minus sign, letters, "1e3" are refused).
 */
export function hundredths(raw: string): number | null {
  const s = raw.replace(/[\s\u00a0]/g, '');
  const m = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** How many budget rows the form carries (its hidden `rows` field), within 1…MAX_ROWS. */
export function rowCount(values: FormValues): number {
  const n = Number(values.rows);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_ROWS) : BLANK_ROWS;
}

/**
 * The budget table of the form (fields b_name_i, b_qty_i, b_price_i): blank rows are skipped;
 * a row with anything typed needs all three, a quantity above zero and a price that is a
 * non-negative number. Errors are at the cell's field, in the reader's language.
 */
export function parseBudget(values: FormValues, locale: Locale): { ok: true; items: BudgetItem[] } | { ok: false; errors: FormErrors } {
  const items: BudgetItem[] = [];
  const errors: FormErrors = {};
  for (let i = 0; i < rowCount(values); i++) {
    const name = (values[`b_name_${i}`] ?? '').trim();
    const qty = (values[`b_qty_${i}`] ?? '').trim();
    const price = (values[`b_price_${i}`] ?? '').trim();
    if (name === '' && qty === '' && price === '') continue;
    if (name === '') errors[`b_name_${i}`] = t(locale, 'init.err.rowName');
    else if (name.length > 200) errors[`b_name_${i}`] = t(locale, 'err.tooLong', { max: 200 });
    const q = hundredths(qty);
    const p = hundredths(price);
    if (qty === '') errors[`b_qty_${i}`] = t(locale, 'init.err.rowIncomplete');
    else if (q === null || q === 0) errors[`b_qty_${i}`] = t(locale, 'init.err.quantity');
    else if (q > MAX_QUANTITY_HUNDREDTHS) errors[`b_qty_${i}`] = t(locale, 'init.err.tooBig');
    if (price === '') errors[`b_price_${i}`] = t(locale, 'init.err.rowIncomplete');
    else if (p === null) errors[`b_price_${i}`] = t(locale, 'init.err.amount');
    else if (p > MAX_PRICE_PARA) errors[`b_price_${i}`] = t(locale, 'init.err.tooBig');
    if (q !== null && p !== null && name !== '') items.push({ name, quantity100: q, unitPara: p });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, items };
}

export const inviteForm = z.object({ email });
export const commentForm = z.object({ body: requiredText(2000) });
export const decisionForm = z.object({ decision: z.enum(DECISIONS, 'err.choice'), note: text(2000) }).superRefine((v, ctx) => {
  if (v.decision === 'declined' && v.note === '') ctx.addIssue({ code: 'custom', path: ['note'], message: 'init.err.reasonRequired' });
});
const count = optionalInt(0, 100_000).refine((n) => n !== null, 'err.required');
export const reportForm = z.object({
  report: requiredText(4000),
  reached_15_19: count,
  reached_20_24: count,
  reached_25_30: count,
});
export type ReportInput = { report: string; reached_15_19: number; reached_20_24: number; reached_25_30: number };
export const photoFields = z.object({ image_alt: requiredText(300) });

/** The staff list's filters (?stanje=&oblast=): unknown values are ignored. */
export const listQuery = z.object({
  stanje: blankable(z.string()).transform((s) => ((STATUSES as readonly string[]).includes(s) ? (s as Status) : null)),
  oblast: blankable(z.string()).transform((s) => ((LAP_AREAS as readonly string[]).includes(s) ? (s as (typeof LAP_AREAS)[number]) : null)),
});
