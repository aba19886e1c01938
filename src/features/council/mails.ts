import type { Config } from '../../core/config.ts';
import type { Queryable } from '../../core/db/db.ts';
import { inScript, type Locale } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { enqueueMail, type OutgoingMail } from '../../core/mail/outbox.ts';
import { formatRange } from '../../core/views/format.ts';
import type { AgendaItem, Attendee, Meeting } from './repo.ts';

/**
 * The meeting's invitation: one mail per serving member with an address, in the member's
 * script (the register's, else Cyrillic — the official script of the town's bodies), carrying
 * an RFC 5546 invitation (.ics, METHOD:REQUEST) built by ical-generator as career guidance's
 * are. The UID is the meeting's, and SEQUENCE grows when the invitations are sent again (a
 * changed meeting), so a calendar app updates the event instead of adding a second one.
 */
let icalModule: Promise<typeof import('ical-generator')> | undefined;

export interface MailDeps {
  config: Pick<Config, 'BASE_URL' | 'MAIL_FROM'>;
}

export const meetingUid = (meetingId: string, baseUrl: string) => `council-${meetingId}@${new URL(baseUrl).host}`;

const bareAddress = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from.trim();

export interface InviteContext {
  meeting: Meeting;
  agenda: readonly AgendaItem[];
  office: { slug: string; name: string; email: string };
  sequence: number;
  now: Date;
}

export async function meetingIcs(deps: MailDeps, c: InviteContext, L: Locale, attendee: { name: string; email: string }): Promise<string> {
  const {
    default: ical,
    ICalCalendarMethod,
    ICalEventStatus,
    ICalAttendeeRole,
    ICalAttendeeStatus,
  } = await (icalModule ??= import('ical-generator'));
  const cal = ical({
    prodId: { company: 'KZM', product: 'council', language: L === 'en' ? 'EN' : 'SR' },
    method: ICalCalendarMethod.REQUEST,
  });
  const office = inScript(L, c.office.name);
  cal.createEvent({
    id: meetingUid(c.meeting.id, deps.config.BASE_URL),
    sequence: c.sequence,
    start: new Date(c.meeting.starts_at),
    end: new Date(c.meeting.ends_at),
    stamp: c.now,
    summary: t(L, 'council.ics.summary', { office }),
    description: c.agenda.map((i) => `${i.position}. ${inScript(L, i.title)}`).join('\n'),
    location: inScript(L, c.meeting.place),
    status: ICalEventStatus.CONFIRMED,
    organizer: { name: office, email: c.office.email || bareAddress(deps.config.MAIL_FROM) },
    attendees: [
      {
        name: inScript(L, attendee.name),
        email: attendee.email,
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus.NEEDSACTION,
        rsvp: false,
      },
    ],
  });
  return cal.toString();
}

/** The invitation to one member (undefined without an address). */
export async function invitationMail(deps: MailDeps, c: InviteContext, a: Attendee): Promise<OutgoingMail | undefined> {
  if (!a.email) return undefined;
  const L: Locale = a.person_script ?? 'cir';
  const office = inScript(L, c.office.name);
  const when = formatRange(L, c.meeting.starts_at, c.meeting.ends_at);
  const vars = { office, when, place: inScript(L, c.meeting.place) };
  const agenda = c.agenda.map((i) => `${i.position}. ${inScript(L, i.title)}`);
  const lines = [
    t(L, 'mail.greeting', { name: inScript(L, a.full_name) }),
    '',
    t(L, c.sequence > 0 ? 'council.mail.changed' : 'council.mail.body', vars),
    '',
    t(L, 'council.mail.agenda'),
    ...(agenda.length > 0 ? agenda : [t(L, 'council.agenda.none')]),
    '',
    `${deps.config.BASE_URL}/${L}/kancelarije/${c.office.slug}/savet-za-mlade`,
    '',
    '— ',
    t(L, 'mail.signature'),
  ];
  const ics = await meetingIcs(deps, c, L, { name: a.full_name, email: a.email });
  return {
    to: a.email,
    subject: t(L, 'council.mail.subject', vars),
    text: lines.join('\n'),
    attachments: [
      { filename: 'sednica.ics', contentType: 'text/calendar; method=REQUEST; charset=UTF-8', content: Buffer.from(ics, 'utf8') },
    ],
  };
}

/** Queues the invitations in the caller's transaction; returns how many were queued. */
export async function queueInvitations(q: Queryable, deps: MailDeps, c: InviteContext, attendees: readonly Attendee[]): Promise<number> {
  let n = 0;
  for (const a of attendees) {
    const mail = await invitationMail(deps, c, a);
    if (mail) {
      await enqueueMail(q, mail);
      n++;
    }
  }
  return n;
}
