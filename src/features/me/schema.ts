import { z } from 'zod';
import { codeList, email, isoDate, requiredText } from '../../core/http/forms.ts';
import { PURPOSE_CODES, PURPOSES } from '../people/purposes.ts';
import { profileFields, sensitiveFields, type SensitiveInput } from '../people/schema.ts';

/**
 * Forms of the young person's side. The profile is the one schema of the register
 * (people/schema.ts profileFields), so what a person types about themself is checked exactly
 * like what staff or an import type. Consent checkboxes are one group, `purposes`, generated
 * from PURPOSES; the register purpose is required.
 */
const withRegister = <T extends z.ZodType<string[]>>(list: T) => list.refine((p) => p.includes('register'), 'me.err.registerRequired');

/** Joining an office's register from an account (15+). */
export const joinForm = profileFields.extend(sensitiveFields.shape).extend({ purposes: withRegister(codeList(PURPOSE_CODES)) });
export type JoinInput = z.output<typeof joinForm>;

/** Purposes a parent may give online for a child under 15 (special categories only at the office). */
export const PARENT_PURPOSES = PURPOSES.filter((p) => p.parentOnline).map((p) => p.code) as ['register', ...Array<'contact' | 'photos'>];

/** A parent registers a child under 15 (no account); the parent's own address confirms it. */
export const parentForm = z.object({
  full_name: requiredText(120),
  birth_date: isoDate,
  settlement_id: profileFields.shape.settlement_id,
  parent_name: requiredText(120),
  parent_email: email,
  purposes: withRegister(codeList(PARENT_PURPOSES)),
});
export type ParentInput = z.output<typeof parentForm>;

/** The parent's answer on the page their link opens. */
export const decisionForm = z.object({ decision: z.enum(['agree', 'refuse'], 'me.confirm.decide') });

/** Correcting one's own profile in a register (special categories only under a live consent). */
export const editForm = profileFields.extend(sensitiveFields.shape);
export type EditInput = z.output<typeof editForm>;

const officeSlug = z.string().trim().min(1, 'err.required').max(100, 'err.tooLong');

export const withdrawForm = z.object({
  office: officeSlug,
  consent: z.uuid('err.choice'),
  confirm: z.string().max(10).optional(),
});

/** Giving a consent again (the register itself is joined through the join page). */
export const giveForm = z.object({ office: officeSlug, purpose: z.enum(['contact', 'photos', 'sensitive', 'guidance'], 'err.choice') });

export const eraseForm = z.object({ password: z.string().min(1, 'err.required').max(200, 'err.passwordLong') });

/** Whether any special-category field was filled in. */
export const hasSensitiveValues = (s: SensitiveInput) => s.ethnicity !== null || s.disability !== null || s.health_note !== '';
