import { z } from 'zod';
import { LAP_AREAS } from '../../core/domain.ts';
import { UUID } from '../../core/http/ids.ts';
import { blankable, checkbox, codeList, isoDate, optionalInt, optionalUrl, requiredText, text, time } from '../../core/http/forms.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { belgradeInstant } from '../../core/time.ts';

/**
 * An activity as typed in the staff form (and written by the demo data). The form is flat so
 * it works without JavaScript: sessions are numbered rows (s_*_<i>), the existing ones plus
 * blank rows, blank rows ignored; extra questions likewise (q_*_<i>). Dates and times are
 * Belgrade wall-clock time, stored as instants. The image has its own form (imageFields), so a
 * mistake in this long form never makes anyone choose the file again.
 */
export const ACTIVITY_KINDS = ['workshop', 'seminar', 'training', 'camp', 'info_session', 'event', 'exchange', 'club'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const PLACE_KINDS = ['office', 'address', 'online'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];
export const ACTIVITY_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** Rows the form can carry; a new form shows BLANK_SESSION_ROWS, an edit form the sessions plus those. */
export const MAX_SESSIONS = 40;
export const BLANK_SESSION_ROWS = 3;
export const MAX_QUESTIONS = 5;
export const AGE_MIN = 10;
export const AGE_MAX = 35;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const HH_MM = /^\d{2}:\d{2}$/;
const QUESTION_ID = /^q[a-z0-9]{1,16}$/;

const hours = blankable(
  z
    .string()
    .trim()
    .transform((s, ctx) => {
      if (s === '') return null;
      const n = Number(s.replace(',', '.'));
      if (!/^\d{1,3}([.,]\d)?$/.test(s) || !Number.isFinite(n)) {
        ctx.addIssue({ code: 'custom', message: 'err.number' });
        return z.NEVER;
      }
      if (n <= 0 || n > 999.9) {
        ctx.addIssue({ code: 'custom', message: 'err.range', params: { min: 0, max: 999 } });
        return z.NEVER;
      }
      return n;
    }),
);

/** '2026-05-14T17:00' (datetime-local), '2026-05-14 17:00' or '14.5.2026. 17:00'; '' is none (news' publish_at reads it too). */
export const localDateTime = blankable(
  z
    .string()
    .trim()
    .transform((s, ctx): Date | null => {
      if (s === '') return null;
      const m = /^(\S+?)[T ]\s*(\d{1,2}[:.]\d{2})$/.exec(s) ?? /^(\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\.?)\s+(\d{1,2}[:.]\d{2})$/.exec(s);
      const d = m ? isoDate.safeParse(m[1]) : null;
      const tm = m ? time.safeParse(m[2]) : null;
      if (!d?.success || !tm?.success || tm.data === '') {
        ctx.addIssue({ code: 'custom', message: 'activities.err.datetime' });
        return z.NEVER;
      }
      return belgradeInstant(d.data, tm.data);
    }),
);

const optionalDate = blankable(z.union([z.literal('').transform(() => null), isoDate]));
const optionalTime = time;

const shape: Record<string, z.ZodType> = {
  kind: z.enum(ACTIVITY_KINDS, 'err.choice'),
  title: requiredText(200).pipe(z.string().min(3, 'err.tooShort')),
  summary: text(300),
  description: text(10000),
  areas: codeList(LAP_AREAS),
  target_group: text(200),
  age_min: optionalInt(AGE_MIN, AGE_MAX),
  age_max: optionalInt(AGE_MIN, AGE_MAX),
  first_day: optionalDate,
  last_day: optionalDate,
  place_kind: z.enum(PLACE_KINDS, 'err.choice'),
  place: text(300),
  online_url: optionalUrl,
  capacity: optionalInt(1, 100000),
  registration_opens: localDateTime,
  registration_closes: localDateTime,
  needs_approval: checkbox,
  partners: blankable(
    z.string().transform((s, ctx) => {
      const list = [
        ...new Set(
          s
            .split(',')
            .map((x) => x.trim().toLowerCase())
            .filter(Boolean),
        ),
      ];
      if (list.some((x) => !UUID.test(x))) {
        ctx.addIssue({ code: 'custom', message: 'err.choice' });
        return z.NEVER;
      }
      return list;
    }),
  ),
  association: blankable(z.union([z.literal('').transform(() => null), z.string().trim().toLowerCase().regex(UUID, 'err.choice')])),
  cost: text(100),
  certificate_hours: hours,
};
for (let i = 0; i < MAX_SESSIONS; i++) {
  shape[`s_id_${i}`] = text(40);
  shape[`s_date_${i}`] = optionalDate;
  shape[`s_start_${i}`] = optionalTime;
  shape[`s_end_date_${i}`] = optionalDate;
  shape[`s_end_${i}`] = optionalTime;
  shape[`s_title_${i}`] = text(200);
}
for (let i = 0; i < MAX_QUESTIONS; i++) {
  shape[`q_id_${i}`] = text(20);
  shape[`q_label_${i}`] = text(200);
  shape[`q_required_${i}`] = checkbox;
}

export interface SessionInput {
  /** The stored session this row edits (null: a new one). */
  id: string | null;
  starts_at: Date;
  ends_at: Date;
  title: string;
}

export interface Question {
  id: string;
  label: string;
  required: boolean;
}

export interface ActivityInput {
  kind: ActivityKind;
  title: string;
  summary: string;
  description: string;
  areas: string[];
  target_group: string;
  age_min: number | null;
  age_max: number | null;
  place_kind: PlaceKind;
  place: string;
  online_url: string;
  capacity: number | null;
  registration_opens: Date | null;
  registration_closes: Date | null;
  needs_approval: boolean;
  questions: Question[];
  partners: string[];
  association: string | null;
  cost: string;
  certificate_hours: number | null;
  sessions: SessionInput[];
}

/** Sessions already stored (edit form): an unchanged one may lie in the past, a new or moved one not. */
export type ExistingSessions = ReadonlyMap<string, { starts_at: Date; ends_at: Date }>;

type Flat = Record<string, unknown>;
const str = (f: Flat, k: string) => (typeof f[k] === 'string' ? (f[k] as string) : '');
const dateOrNull = (f: Flat, k: string) => (typeof f[k] === 'string' && f[k] !== '' ? (f[k] as string) : null);

/**
 * The form's schema, given the clock and the sessions already stored. Field rules first, then
 * the rules between fields, each reported at the field to fix: end before start, a new session
 * in the past, a session outside the stated first/last day, age min above max, the window
 * closing after the start, a place or link missing.
 */
export function activityForm(now: Date, existing: ExistingSessions = new Map()) {
  return z
    .object(shape)
    .superRefine(
      (raw, ctx) => {
        const f = raw as Flat;
        const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
        const ageMin = f.age_min as number | null | undefined;
        const ageMax = f.age_max as number | null | undefined;
        if (typeof ageMin === 'number' && typeof ageMax === 'number' && ageMin > ageMax) issue('age_max', 'activities.err.ageRange');
        const day = (k: string) => (typeof f[k] === 'string' && ISO_DAY.test(f[k] as string) ? (f[k] as string) : null);
        const firstDay = day('first_day');
        const lastDay = day('last_day');
        if (firstDay && lastDay && lastDay < firstDay) issue('last_day', 'activities.err.lastDay');
        if (f.place_kind === 'online' && str(f, 'online_url') === '') issue('online_url', 'activities.err.onlineUrl');
        if (f.place_kind === 'address' && str(f, 'place') === '') issue('place', 'activities.err.place');

        let first: Date | null = null;
        let count = 0;
        for (let i = 0; i < MAX_SESSIONS; i++) {
          const date = f[`s_date_${i}`];
          const start = str(f, `s_start_${i}`);
          const endDate = f[`s_end_date_${i}`];
          const end = str(f, `s_end_${i}`);
          const title = str(f, `s_title_${i}`);
          // A blank row is ignored; a row whose own fields failed is already reported (and its
          // raw values are not dates or times, so nothing below may compute with them).
          if (date === null && start === '' && endDate === null && end === '' && title === '') continue;
          const bad = (x: unknown) => x !== null && !(typeof x === 'string' && ISO_DAY.test(x));
          if (bad(date) || bad(endDate) || (start !== '' && !HH_MM.test(start)) || (end !== '' && !HH_MM.test(end))) continue;
          if (date === null) {
            issue(`s_date_${i}`, 'err.required');
            continue;
          }
          if (start === '') issue(`s_start_${i}`, 'err.required');
          if (end === '') issue(`s_end_${i}`, 'err.required');
          if (start === '' || end === '') continue;
          count++;
          const s = belgradeInstant(date as string, start);
          const e = belgradeInstant((endDate as string | null) ?? (date as string), end);
          if (e <= s) issue(`s_end_${i}`, 'activities.err.endBeforeStart');
          const id = str(f, `s_id_${i}`);
          const old = existing.get(id);
          const unchanged = old !== undefined && sameMinute(old.starts_at, s) && sameMinute(old.ends_at, e);
          if (!unchanged && s < now) issue(`s_date_${i}`, 'activities.err.past');
          const lastOfSession = (endDate as string | null) ?? (date as string);
          if ((firstDay && (date as string) < firstDay) || (lastDay && lastOfSession > lastDay))
            issue(`s_date_${i}`, 'activities.err.outsideDays');
          if (!first || s < first) first = s;
        }
        if (count === 0) issue('s_date_0', 'activities.err.noSession');

        const opens = f.registration_opens as Date | null | undefined;
        const closes = f.registration_closes as Date | null | undefined;
        if (opens instanceof Date && closes instanceof Date && closes <= opens) issue('registration_closes', 'activities.err.windowOrder');
        if (first && closes instanceof Date && closes > first) issue('registration_closes', 'activities.err.windowAfterStart');
        if (first && opens instanceof Date && opens >= first) issue('registration_opens', 'activities.err.windowAfterStart');
      },
      { when: () => true },
    )
    .transform((raw): ActivityInput => {
      const f = raw as Flat;
      const sessions: SessionInput[] = [];
      for (let i = 0; i < MAX_SESSIONS; i++) {
        const date = dateOrNull(f, `s_date_${i}`);
        const start = str(f, `s_start_${i}`);
        const end = str(f, `s_end_${i}`);
        if (!date || !start || !end) continue;
        const id = str(f, `s_id_${i}`);
        sessions.push({
          id: existing.has(id) ? id : null,
          starts_at: belgradeInstant(date, start),
          ends_at: belgradeInstant(dateOrNull(f, `s_end_date_${i}`) ?? date, end),
          title: str(f, `s_title_${i}`),
        });
      }
      sessions.sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime());
      const questions: Question[] = [];
      const used = new Set<string>();
      for (let i = 0; i < MAX_QUESTIONS; i++) {
        const label = str(f, `q_label_${i}`);
        if (!label) continue;
        let id = str(f, `q_id_${i}`);
        if (!QUESTION_ID.test(id) || used.has(id)) {
          let n = i + 1;
          while (used.has(`q${n}`) || (QUESTION_ID.test(`q${n}`) && questionIdTaken(f, `q${n}`, i))) n++;
          id = `q${n}`;
        }
        used.add(id);
        questions.push({ id, label, required: f[`q_required_${i}`] === true });
      }
      return {
        kind: f.kind as ActivityKind,
        title: str(f, 'title'),
        summary: str(f, 'summary'),
        description: str(f, 'description'),
        areas: (f.areas as string[] | undefined) ?? [],
        target_group: str(f, 'target_group'),
        age_min: (f.age_min as number | null | undefined) ?? null,
        age_max: (f.age_max as number | null | undefined) ?? null,
        place_kind: f.place_kind as PlaceKind,
        place: str(f, 'place'),
        online_url: f.place_kind === 'online' ? str(f, 'online_url') : '',
        capacity: (f.capacity as number | null | undefined) ?? null,
        registration_opens: (f.registration_opens as Date | null | undefined) ?? null,
        registration_closes: (f.registration_closes as Date | null | undefined) ?? null,
        needs_approval: f.needs_approval === true,
        questions,
        partners: (f.partners as string[] | undefined) ?? [],
        association: (f.association as string | null | undefined) ?? null,
        cost: str(f, 'cost'),
        certificate_hours: (f.certificate_hours as number | null | undefined) ?? null,
        sessions,
      };
    });
}

/** The form shows minutes: a stored time with seconds is unchanged when its minute is. */
const sameMinute = (a: Date, b: Date) => Math.floor(a.getTime() / 60_000) === Math.floor(b.getTime() / 60_000);

/** Whether another question row (not `self`) carries this id. */
function questionIdTaken(f: Flat, id: string, self: number): boolean {
  for (let i = 0; i < MAX_QUESTIONS; i++) if (i !== self && str(f, `q_id_${i}`) === id && str(f, `q_label_${i}`) !== '') return true;
  return false;
}

/** What the calendar's search matches: title, summary and place, folded (any script, no diacritics). */
export const activitySearchKey = (a: { title: string; summary: string; place: string }) => searchKey(`${a.title} ${a.summary} ${a.place}`);

/**
 * The image form: the file is checked apart (core/http/uploads.ts); its description is required,
 * unless the image is being removed.
 */
export const imageFields = z.object({ image_alt: text(300), remove_image: checkbox }).superRefine((f, ctx) => {
  if (!f.remove_image && f.image_alt === '') ctx.addIssue({ code: 'custom', path: ['image_alt'], message: 'err.required' });
});
