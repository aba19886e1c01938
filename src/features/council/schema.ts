import { z } from 'zod';
import { blankable, isoDate, optionalEmail, optionalInt, text, time } from '../../core/http/forms.ts';
import { ATTENDANCE, DECISION_KINDS, ROLES } from './repo.ts';

const optionalDate = blankable(z.union([z.literal(''), isoDate]));
const thisYear = () => new Date().getUTCFullYear();

/**
 * A member: chosen from the register (name, birth year and address come from it when left
 * blank) or typed; the role, organisation and term. Only the birth year is asked (minimum data).
 */
export const memberForm = z
  .object({
    person_id: text(40),
    full_name: text(120),
    role: z.enum(ROLES, 'err.choice'),
    organisation: text(200),
    birth_year: optionalInt(1900, thisYear),
    email: optionalEmail,
    term_from: isoDate,
    term_to: optionalDate,
  })
  .superRefine((v, ctx) => {
    if (v.person_id === '') {
      if (v.full_name.length < 2)
        ctx.addIssue({ code: 'custom', path: ['full_name'], message: v.full_name ? 'err.tooShort' : 'err.required' });
      if (v.birth_year === null) ctx.addIssue({ code: 'custom', path: ['birth_year'], message: 'err.required' });
    }
    if (v.term_to && v.term_to < v.term_from) ctx.addIssue({ code: 'custom', path: ['term_to'], message: 'council.err.termOrder' });
  });
export type MemberInput = z.output<typeof memberForm>;

/** A meeting: date, start and end time, place, the agenda one item a line. */
export const meetingForm = z
  .object({
    date: isoDate,
    time: time.refine((s) => s !== '', 'err.required'),
    end_time: time,
    place: text(300).refine((s) => s !== '', 'err.required'),
    agenda: text(5000),
  })
  .superRefine((v, ctx) => {
    if (v.end_time && v.end_time <= v.time) ctx.addIssue({ code: 'custom', path: ['end_time'], message: 'council.err.endTime' });
    const items = agendaLines(v.agenda);
    if (items.length > 50) ctx.addIssue({ code: 'custom', path: ['agenda'], message: 'council.err.agendaCount' });
    if (items.some((s) => s.length > 300)) ctx.addIssue({ code: 'custom', path: ['agenda'], message: 'council.err.agendaLine' });
  });
export type MeetingInput = z.output<typeof meetingForm>;

/** The agenda's items: one a line, blank lines and list marks ("1.", "-") dropped. */
export const agendaLines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*(?:\d{1,2}[.)]|[-*•])\s*/, '').trim())
    .filter(Boolean);

/** The attendance form: one radio group per member, named `a_<member id>`. */
export const attendanceValue = z.enum(ATTENDANCE);

export const minutesForm = z.object({ minutes: text(50000) });

export const decisionForm = z.object({
  item_id: z.string().trim().min(1, 'err.required').max(40, 'err.choice'),
  kind: z.enum(DECISION_KINDS, 'err.choice'),
  body: text(10000).refine((s) => s !== '', 'err.required'),
  subject: text(300),
  /** Plan items, '<kind>:<id>' joined by ',' (a checkbox group); the service checks each against the plan's choices. */
  plan_items: z.string().trim().max(20000, 'err.choice').default(''),
});
export type DecisionInput = z.output<typeof decisionForm>;
