import { z } from 'zod';
import { LAP_AREAS } from '../../core/domain.ts';
import { blankable, checkbox, email, isoDate, requiredText, text, time } from '../../core/http/forms.ts';
import { BOOKER_KINDS, CATEGORIES, RESOURCE_KINDS } from './repo.ts';
import { MAX_WEEKS } from './service.ts';

const requiredTime = time.refine((s) => s !== '', 'err.required');

const count = (max: number, message: 'bk.err.capacity' | 'bk.err.attendees' | 'bk.err.weeks') =>
  blankable(
    z
      .string()
      .trim()
      .refine((s) => s === '' || (/^\d{1,5}$/.test(s) && Number(s) >= 1 && Number(s) <= max), message)
      .transform((s) => (s === '' ? null : Number(s))),
  );

/** A room or an item: what it is, its capacity, accessibility, rules, and opening hours per weekday (`opens_1` … `closes_7`). */
export const resourceForm = z
  .object({
    kind: z.enum(RESOURCE_KINDS, 'err.choice'),
    category: z.enum(CATEGORIES, 'err.choice'),
    name: requiredText(120).pipe(z.string().min(2, 'err.tooShort')),
    capacity: count(10000, 'bk.err.capacity'),
    accessibility: text(1000),
    rules: text(3000),
    active: checkbox,
    ...Object.fromEntries(
      [1, 2, 3, 4, 5, 6, 7].flatMap((d) => [
        [`opens_${d}`, time],
        [`closes_${d}`, time],
      ]),
    ),
  })
  .superRefine((v, ctx) => {
    const r = v as Record<string, unknown>;
    for (let d = 1; d <= 7; d++) {
      const o = r[`opens_${d}`] as string;
      const c = r[`closes_${d}`] as string;
      if ((o === '') !== (c === ''))
        ctx.addIssue({ code: 'custom', path: [o === '' ? `opens_${d}` : `closes_${d}`], message: 'bk.err.hoursPair' });
      else if (o !== '' && c <= o) ctx.addIssue({ code: 'custom', path: [`closes_${d}`], message: 'bk.err.hoursOrder' });
    }
  });
export type ResourceInput = z.output<typeof resourceForm>;

/** The request: resources (checkboxes), a date and times, weekly repeats, and who books for what. */
export const requestForm = z
  .object({
    resource: z
      .string()
      .optional()
      .transform((s) =>
        (s ?? '')
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .refine((l) => l.length > 0, 'bk.err.noResource')
      .refine((l) => l.length <= 5 && l.every((x) => z.uuid().safeParse(x).success), 'err.choice'),
    date: isoDate,
    from: requiredTime,
    to: requiredTime,
    weeks: count(MAX_WEEKS, 'bk.err.weeks'),
    skip: checkbox,
    booker_kind: z.enum(BOOKER_KINDS.filter((k) => k !== 'office') as ['person', 'informal', 'association'], 'err.choice'),
    group_name: text(200),
    purpose: requiredText(500).pipe(z.string().min(2, 'err.tooShort')),
    attendees: count(10000, 'bk.err.attendees'),
    area: blankable(z.union([z.literal(''), z.enum(LAP_AREAS)], 'err.choice')),
  })
  .superRefine((v, ctx) => {
    if (v.from !== '' && v.to !== '' && v.to <= v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'bk.err.endBeforeStart' });
    if (v.booker_kind !== 'person' && v.group_name === '')
      ctx.addIssue({ code: 'custom', path: ['group_name'], message: 'bk.err.groupName' });
  });
export type RequestInput = z.output<typeof requestForm>;

export const guestFields = z.object({ full_name: requiredText(120).pipe(z.string().min(2, 'err.tooShort')), email });

export const declineForm = z.object({ reason: requiredText(500).pipe(z.string().min(3, 'err.tooShort')) });

export const bookingIdForm = z.object({ booking: z.uuid('err.choice') });

/** "What is free": a date and a span (GET query; blank shows the form). */
export const freeQuery = z.object({
  datum: blankable(z.union([z.literal(''), isoDate])),
  od: blankable(
    z.union([
      z.literal(''),
      z
        .string()
        .trim()
        .regex(/^([01]?\d|2[0-3])[:.][0-5]\d$/, 'err.time'),
    ]),
  ),
  do: blankable(
    z.union([
      z.literal(''),
      z
        .string()
        .trim()
        .regex(/^([01]?\d|2[0-3])[:.][0-5]\d$/, 'err.time'),
    ]),
  ),
});

export const weekQuery = z.object({ nedelja: blankable(z.union([z.literal(''), isoDate])).catch('') });

export const statsQuery = z.object({
  from: blankable(z.union([z.literal(''), isoDate])),
  to: blankable(z.union([z.literal(''), isoDate])),
});
