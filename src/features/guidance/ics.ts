import { inScript, type Locale } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import type { Topic } from './repo.ts';

/**
 * The calendar invitation a booking's mails carry (RFC 5546 iTIP): METHOD:REQUEST with the
 * counsellor as ORGANIZER and the young person as ATTENDEE when it is booked, METHOD:CANCEL
 * with the same UID and a higher SEQUENCE when it is cancelled, so a calendar app adds the
 * session and later removes it. Times are UTC (the app has no zone to get wrong); the
 * generator is loaded on the first invitation, not at start.
 */
let icalModule: Promise<typeof import('ical-generator')> | undefined;

export interface InviteInput {
  method: 'REQUEST' | 'CANCEL';
  /** The booking's id: the UID's left part, the same in both mails. */
  bookingId: string;
  host: string;
  locale: Locale;
  topic: Topic;
  startsAt: Date;
  endsAt: Date;
  /** Stamp of this version (now). */
  stamp: Date;
  place: string;
  url: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  officeName: string;
}

export async function inviteIcs(i: InviteInput): Promise<string> {
  const {
    default: ical,
    ICalCalendarMethod,
    ICalEventStatus,
    ICalAttendeeRole,
    ICalAttendeeStatus,
  } = await (icalModule ??= import('ical-generator'));
  const L = i.locale;
  const cal = ical({
    prodId: { company: 'KZM', product: 'guidance', language: L === 'en' ? 'EN' : 'SR' },
    method: i.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
  });
  cal.createEvent({
    id: `${i.bookingId}@${i.host}`,
    // A cancellation must carry a higher sequence than the request it cancels.
    sequence: i.method === 'REQUEST' ? 0 : 1,
    start: i.startsAt,
    end: i.endsAt,
    stamp: i.stamp,
    summary: t(L, 'guid.ics.summary', { topic: t(L, `guid.topic.${i.topic}`), office: inScript(L, i.officeName) }),
    description: i.url,
    location: i.place,
    url: i.url,
    status: i.method === 'REQUEST' ? ICalEventStatus.CONFIRMED : ICalEventStatus.CANCELLED,
    organizer: { name: inScript(L, i.organizer.name), email: i.organizer.email },
    attendees: [
      {
        name: i.attendee.name,
        email: i.attendee.email,
        role: ICalAttendeeRole.REQ,
        status: i.method === 'REQUEST' ? ICalAttendeeStatus.ACCEPTED : ICalAttendeeStatus.DECLINED,
        rsvp: false,
      },
    ],
  });
  return cal.toString();
}
