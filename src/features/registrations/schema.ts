import { z } from 'zod';
import { blankable, checkbox, codeList, email, optionalEmail, requiredText } from '../../core/http/forms.ts';

/** A birth year as typed (4 digits); the age rules are checked by the service with the clock. */
export const birthYear = z
  .string()
  .trim()
  .min(1, 'err.required')
  .refine((s) => /^\d{4}$/.test(s) && Number(s) >= 1900 && Number(s) <= 2100, 'reg.err.birthYear')
  .transform(Number);

/**
 * A guest's sign-up: the minimum (name, address, birth year). `turned15` is asked only of
 * someone born exactly 15 years ago (the form shows it then): 'yes' or 'no', else unanswered.
 */
export const guestFields = z.object({
  full_name: requiredText(120).pipe(z.string().min(2, 'err.tooShort')),
  email,
  birth_year: birthYear,
  turned15: z
    .string()
    .optional()
    .transform((s) => (s === 'yes' ? true : s === 'no' ? false : undefined)),
});
export type GuestInput = z.output<typeof guestFields>;

/** A walk-in added by the coordinator at the door: e-mail optional. */
export const walkInFields = z.object({
  full_name: requiredText(120).pipe(z.string().min(2, 'err.tooShort')),
  email: optionalEmail,
  birth_year: blankable(z.union([z.literal('').transform(() => null), birthYear])),
  over_capacity: checkbox,
});
export type WalkInInput = z.output<typeof walkInFields>;

export const MESSAGE_GROUPS = ['confirmed', 'waitlisted', 'pending'] as const;

/** The coordinator's message to everyone registered (by status). */
export const messageFields = z.object({
  to: codeList(MESSAGE_GROUPS).refine((l) => l.length > 0, 'reg.err.chooseGroup'),
  subject: requiredText(150),
  body: requiredText(5000),
});
export type MessageInput = z.output<typeof messageFields>;
