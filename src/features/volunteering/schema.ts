import { z } from 'zod';
import { LAP_AREAS } from '../../core/domain.ts';
import { blankable, checkbox, codeList, isoDate, requiredText, text } from '../../core/http/forms.ts';
import { uuidOrNull } from '../../core/http/ids.ts';
import { jmbgProblem, minAgeAllowed, MIN_EDUCATIONAL_AGE } from './rules.ts';

/** Who the work is for; the last four are art. 12's vulnerable persons. Labels 'volunteering.beneficiary.<code>'. */
export const BENEFICIARIES = ['general', 'youth', 'children', 'disabled', 'elderly', 'sick', 'environment', 'culture'] as const;

/** Skills an opportunity develops (for the volunteer's profile by skill). Labels 'volunteering.skill.<code>'. */
export const SKILLS = ['communication', 'teamwork', 'organisation', 'digital', 'teaching', 'care', 'languages', 'manual'] as const;

const day = isoDate.refine((d) => d >= '2000-01-01' && d <= '2100-12-31', 'err.date');

/** A number of hours as people type it: 2, 2.5 or 2,5. */
const hoursNumber = (max: number, over: 'volunteering.err.hoursNumber' | 'volunteering.err.over24' = 'volunteering.err.hoursNumber') =>
  z
    .string()
    .trim()
    .min(1, 'err.required')
    .transform((s, ctx) => {
      const n = /^\d{1,3}([.,]\d{1,2})?$/.test(s) ? Number(s.replace(',', '.')) : NaN;
      if (!Number.isFinite(n) || n <= 0 || n > max) {
        ctx.addIssue({ code: 'custom', message: n > max ? over : 'volunteering.err.hoursNumber' });
        return z.NEVER;
      }
      return n;
    });

export const opportunityFields = z
  .object({
    association_id: blankable(z.string().transform((s) => (s === '' ? null : (uuidOrNull(s) ?? 'bad')))).refine(
      (s) => s !== 'bad',
      'err.choice',
    ),
    title: requiredText(200).pipe(z.string().min(3, 'err.tooShort')),
    tasks: requiredText(5000),
    place: requiredText(300),
    starts_on: day,
    ends_on: blankable(z.union([z.literal('').transform(() => null), day])),
    hours_per_week: hoursNumber(60),
    skills: codeList(SKILLS),
    min_age: z
      .string()
      .trim()
      .min(1, 'err.required')
      .transform((s, ctx) => {
        const n = /^\d{1,2}$/.test(s) ? Number(s) : NaN;
        if (!(n >= MIN_EDUCATIONAL_AGE && n <= 30)) {
          ctx.addIssue({ code: 'custom', message: 'volunteering.err.minAge' });
          return z.NEVER;
        }
        return n;
      }),
    educational: checkbox,
    beneficiaries: codeList(BENEFICIARIES),
    abroad: checkbox,
    training: text(2000),
    costs: text(2000),
    area: blankable(z.union([z.literal('').transform(() => null), z.enum(LAP_AREAS, 'err.choice')])),
  })
  .refine((o) => o.ends_on === null || o.ends_on >= o.starts_on, { path: ['ends_on'], message: 'volunteering.err.endsBefore' })
  .refine((o) => minAgeAllowed(o.min_age, o.educational), { path: ['min_age'], message: 'volunteering.err.under15' });
export type OpportunityInput = z.output<typeof opportunityFields>;

/** The application form; the parent's consent is checked against the applicant's age by the service. */
export const applicationFields = z.object({
  motivation: text(2000),
  foreigner: checkbox,
  contract_requested: checkbox,
  consent_parent: text(120),
  consent_signed_on: blankable(z.union([z.literal('').transform(() => null), day])),
  consent_document: text(300),
});
export type ApplicationInput = z.output<typeof applicationFields>;

export const declineFields = z.object({ reason: requiredText(500).pipe(z.string().min(3, 'err.tooShort')) });

/** Revoking a certificate: the reason is kept with it. */
export const revokeFields = z.object({ reason: requiredText(500).pipe(z.string().min(3, 'err.tooShort')) });

/** Closing applications, or opening them again. */
export const closeFields = z.object({ action: z.enum(['close', 'reopen'], 'err.choice') });

export const hoursFields = z.object({
  day,
  hours: hoursNumber(24, 'volunteering.err.over24'),
  description: requiredText(1000),
});
export type HoursInput = z.output<typeof hoursFields>;

/** The organiser's bulk decision: the ticked entries (ids joined by ',' as readForm gives a group), and a reason to dispute. */
export const bulkFields = z
  .object({
    ids: blankable(
      z.string().transform((s, ctx) => {
        const ids = [
          ...new Set(
            s
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean),
          ),
        ];
        if (ids.length === 0) {
          ctx.addIssue({ code: 'custom', message: 'volunteering.err.noneTicked' });
          return z.NEVER;
        }
        if (ids.length > 500 || ids.some((x) => !uuidOrNull(x))) {
          ctx.addIssue({ code: 'custom', message: 'err.choice' });
          return z.NEVER;
        }
        return ids;
      }),
    ),
    decision: z.enum(['confirm', 'dispute'], 'err.choice'),
    reason: text(500),
  })
  .refine((b) => b.decision !== 'dispute' || b.reason.length >= 3, { path: ['reason'], message: 'volunteering.err.disputeReason' });

export const identityFields = z.object({
  jmbg: z
    .string()
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(
      z
        .string()
        .min(1, 'err.required')
        .refine((s) => jmbgProblem(s) === null, 'volunteering.err.jmbg'),
    ),
  address: requiredText(300),
  citizenship: requiredText(100),
});
export type IdentityInput = z.output<typeof identityFields>;

/** ?godina= of the yearly report: a year from 2010 (the law) to next year, else the last one. */
export const yearQuery = (fallback: number) =>
  z.object({
    godina: z
      .string()
      .catch('')
      .default('')
      .transform((s) => (/^\d{4}$/.test(s) && Number(s) >= 2010 && Number(s) <= fallback + 1 ? Number(s) : fallback)),
  });
