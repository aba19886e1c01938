import { z } from 'zod';
import { birthYear } from '../registrations/schema.ts';
import { blankable, email, isoDate, optionalUrl, requiredText, text, time } from '../../core/http/forms.ts';
import { PLACE_KINDS, TOPICS } from './repo.ts';

/** Slot lengths a counsellor picks (minutes). */
export const LENGTHS = ['30', '45', '60', '90'] as const;
export const REPEATS = ['once', 'weekly'] as const;
/** At most this many weeks of a weekly series at once. */
export const MAX_WEEKS = 26;

/**
 * Publishing slots: a first date, a start time, a length, one-off or weekly for N weeks, and where
 * (the office, an address, or an online link). Each of `count` slots per day follows the last.
 */
export const slotForm = z
  .object({
    date: isoDate,
    time: time.refine((s) => s !== '', 'err.required'),
    length: z.enum(LENGTHS, 'err.choice'),
    count: blankable(
      z
        .string()
        .trim()
        .transform((s) => (s === '' ? '1' : s))
        .refine((s) => /^\d{1,2}$/.test(s) && Number(s) >= 1 && Number(s) <= 12, 'guid.err.count')
        .transform(Number),
    ),
    repeat: z.enum(REPEATS, 'err.choice'),
    weeks: blankable(
      z
        .string()
        .trim()
        .transform((s) => (s === '' ? '1' : s))
        .refine((s) => /^\d{1,2}$/.test(s) && Number(s) >= 1 && Number(s) <= MAX_WEEKS, 'guid.err.weeks')
        .transform(Number),
    ),
    place_kind: z.enum(PLACE_KINDS, 'err.choice'),
    place: text(300),
    online_url: optionalUrl,
  })
  .superRefine((v, ctx) => {
    if (v.place_kind === 'address' && v.place === '') ctx.addIssue({ code: 'custom', path: ['place'], message: 'guid.err.place' });
    if (v.place_kind === 'online' && !v.online_url) ctx.addIssue({ code: 'custom', path: ['online_url'], message: 'guid.err.onlineUrl' });
  });
export type SlotInput = z.output<typeof slotForm>;

/** A booking: the topic; a guest adds name, address and birth year; the settlement is optional (statistics). */
export const bookForm = z.object({
  topic: z.enum(TOPICS, 'guid.err.topic'),
  settlement_id: text(40),
});

export const guestFields = z.object({
  full_name: requiredText(120).pipe(z.string().min(2, 'err.tooShort')),
  email,
  birth_year: birthYear,
});
export type GuestInput = z.output<typeof guestFields>;

export const noteForm = z.object({ body: requiredText(5000) });

export const counsellorForm = z.object({ user_id: z.uuid(), partner_id: text(40) });

export const statsQuery = z.object({
  from: blankable(z.union([z.literal(''), isoDate])),
  to: blankable(z.union([z.literal(''), isoDate])),
});
