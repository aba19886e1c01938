import { z } from 'zod';
import { LAP_AREAS } from '../../core/domain.ts';
import { blankable, checkbox, codeList, isoDate, optionalEmail, phone, requiredText, text } from '../../core/http/forms.ts';
import { LOCALES } from '../../core/i18n/locale.ts';
import { searchKey } from '../../core/i18n/script.ts';

/**
 * The profile of a young person in an office's register, as typed in a form or a spreadsheet
 * row. One schema for the staff form, the person's own form and the import, so the three
 * accept exactly the same data. Age rules (future, implausible, under 15 → parent) are checked
 * against the clock by `checkBirthDate` in the service, not here.
 */
export const GENDERS = ['female', 'male', 'other', 'undisclosed'] as const;
export const STATUSES = ['pupil', 'student', 'employed', 'unemployed', 'neet'] as const;
export const ETHNICITIES = [
  'serbian',
  'hungarian',
  'roma',
  'bosniak',
  'croatian',
  'slovak',
  'romanian',
  'albanian',
  'bulgarian',
  'vlach',
  'montenegrin',
  'other',
] as const;
export const SETTLEMENT_KINDS = ['urban', 'rural'] as const;
/** Age groups of lists and statistics: the Law on Youth's 15–30 in three, and everyone else. */
export const AGE_GROUPS = ['15-19', '20-24', '25-30', 'other'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export type Gender = (typeof GENDERS)[number];
export type Status = (typeof STATUSES)[number];
export type Ethnicity = (typeof ETHNICITIES)[number];

/** '' (not chosen) → null; otherwise one of the codes. */
const optionalCode = <const T extends readonly [string, ...string[]]>(codes: T) =>
  blankable(z.union([z.literal('').transform(() => null), z.enum(codes, 'err.choice')]));

export const profileFields = z.object({
  full_name: requiredText(120),
  email: optionalEmail,
  phone,
  birth_date: isoDate,
  gender: optionalCode(GENDERS),
  settlement_id: blankable(z.union([z.literal('').transform(() => null), z.uuid('err.choice')])),
  status: optionalCode(STATUSES),
  interests: codeList(LAP_AREAS),
  script: blankable(z.union([z.literal('').transform(() => 'cir' as const), z.enum(LOCALES, 'err.choice')])),
});
export type ProfileInput = z.output<typeof profileFields>;

/** Special categories, asked only with the separate explicit consent. */
export const sensitiveFields = z.object({
  ethnicity: optionalCode(ETHNICITIES),
  disability: blankable(z.enum(['', 'yes', 'no'], 'err.choice')).transform((v) => (v === '' ? null : v === 'yes')),
  health_note: text(1000),
});
export type SensitiveInput = z.output<typeof sensitiveFields>;

/** Paper (or imported) consent recorded by staff for someone met offline. */
export const paperConsentFields = z.object({
  given_by: z.enum(['self', 'parent'], 'err.choice'),
  parent_name: text(120),
  parent_email: optionalEmail,
  evidence_note: text(300),
});
export type PaperConsentInput = z.output<typeof paperConsentFields>;

/** The search column of a person: name and e-mail folded (script, case, diacritics ignored). */
export const personSearchKey = (fullName: string, email: string) => searchKey(`${fullName} ${email}`);
/** A name folded the same way, for comparing names across scripts (duplicates). */
export const nameKey = (fullName: string) => searchKey(fullName);

/** The consents a staff member records from a signed paper form (register is required). */
export const consentChoiceFields = z.object({
  consent_register: checkbox,
  consent_contact: checkbox,
  consent_photos: checkbox,
  consent_sensitive: checkbox,
});

/**
 * Adding someone met offline: the profile, the paper consent (where the signed form is kept is
 * required), the purposes it covers, and the special categories (used only when the form's own
 * explicit checkbox is ticked). `confirm_duplicate` is the "add anyway" answer to a duplicate warning.
 */
export const addPersonForm = profileFields
  .extend(paperConsentFields.shape)
  .extend({ evidence_note: requiredText(300) })
  .extend(consentChoiceFields.shape)
  .extend(sensitiveFields.shape)
  .extend({ confirm_duplicate: checkbox });
export type AddPersonInput = z.output<typeof addPersonForm>;

/** Why a coordinator opens the special categories (logged with the access). */
export const revealForm = z.object({ reason: z.string().trim().min(5, 'err.tooShort').max(500, 'err.tooLong') });

export const settlementForm = z.object({
  name: requiredText(100),
  kind: z.enum(SETTLEMENT_KINDS, 'err.choice'),
});
export const settlementUpdateForm = settlementForm.extend({ settlement_id: z.uuid('err.choice') });

export const withdrawForm = z.object({ consent_id: z.uuid('err.choice') });

/** Merge: the other row, and which of the two is kept ('this' = the page's person). */
export const mergeForm = z.object({
  other_id: z.uuid('err.choice'),
  keep: z.enum(['this', 'other'], 'err.choice'),
});
