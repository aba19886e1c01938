import { z } from 'zod';
import { LAP_AREAS } from '../../core/domain.ts';
import { blankable, codeList, isoDate, optionalInt, requiredText, text } from '../../core/http/forms.ts';

/**
 * Opportunities an office publishes for young people (migration 0008). Kind labels are
 * 'opportunities.kind.<code>', status labels 'opportunities.status.<code>'.
 */
export const OPPORTUNITY_KINDS = ['scholarship', 'competition', 'job', 'internship', 'training', 'exchange'] as const;
export type OpportunityKind = (typeof OPPORTUNITY_KINDS)[number];

/** Who may apply; none chosen means anyone. */
export const APPLICANT_STATUSES = ['pupil', 'student', 'employed', 'unemployed'] as const;
export type ApplicantStatus = (typeof APPLICANT_STATUSES)[number];

/** Ages an opportunity may name (see the migration: wider than 15–30 on purpose). */
export const AGE_MIN = 10;
export const AGE_MAX = 35;

/** An opportunity closing within this many days is "closing soon" (the filter and the office's home page). */
export const SOON_DAYS = 14;
/** Within this many days of its deadline an item carries "closes in N days" (otherwise its date). */
export const MARK_DAYS = 30;
/** The most a list shows (soonest deadline first); the API says so too. */
export const LIST_LIMIT = 200;

/** A link people may follow: http or https only (no javascript:, data:, mailto:). */
const link = z
  .string()
  .trim()
  .min(1, 'err.required')
  .max(500, 'err.tooLong')
  .refine((s) => /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(s), 'err.url');

/**
 * The staff's form. An empty deadline means rolling
 * (no deadline: open until the office removes it), said in the field's hint.
 */
export const opportunityFields = z
  .object({
    kind: z.enum(OPPORTUNITY_KINDS, 'err.choice'),
    title: requiredText(200).pipe(z.string().min(3, 'err.tooShort')),
    description: text(5000),
    // A real day in 2000–2100 (PostgreSQL refuses year 0; a typo like 20266 is no deadline).
    deadline: blankable(
      z.union([z.literal('').transform(() => null), isoDate.refine((d) => d >= '2000-01-01' && d <= '2100-12-31', 'err.date')]),
    ),
    age_min: optionalInt(AGE_MIN, AGE_MAX),
    age_max: optionalInt(AGE_MIN, AGE_MAX),
    statuses: codeList(APPLICANT_STATUSES),
    link,
    source: requiredText(200).pipe(z.string().min(2, 'err.tooShort')),
    areas: codeList(LAP_AREAS),
  })
  .refine((o) => o.age_min === null || o.age_max === null || o.age_min <= o.age_max, {
    path: ['age_max'],
    message: 'opportunities.err.ageRange',
  });
export type OpportunityInput = z.output<typeof opportunityFields>;

const code = <const T extends readonly [string, ...string[]]>(codes: T) => z.enum(codes).or(z.literal('')).catch('').default('');

/**
 * The public lists' query string. Anything unexpected is ignored, never an error: an unknown
 * kind is no filter, an age outside 10–35 no age.
 */
export const opportunityQuery = z.object({
  vrsta: code(OPPORTUNITY_KINDS),
  oblast: code(LAP_AREAS),
  status: code(APPLICANT_STATUSES),
  uzrast: z
    .string()
    .catch('')
    .default('')
    .transform((s) => (/^\d{1,2}$/.test(s.trim()) && Number(s) >= AGE_MIN && Number(s) <= AGE_MAX ? String(Number(s)) : '')),
  uskoro: z
    .string()
    .catch('')
    .default('')
    .transform((s) => (s === '1' || s === 'on' ? '1' : '')),
});
export type OpportunityQuery = z.output<typeof opportunityQuery>;
