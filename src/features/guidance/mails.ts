import { createHmac } from 'node:crypto';
import { tokenHash } from '../../core/auth/sessions.ts';
import type { Config } from '../../core/config.ts';
import type { Queryable } from '../../core/db/db.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t, type MessageKey } from '../../core/i18n/messages.ts';
import { enqueueMail, type OutgoingMail } from '../../core/mail/outbox.ts';
import { formatRange } from '../../core/views/format.ts';
import { inviteIcs } from './ics.ts';
import { bookingMailRow, type BookingMailRow } from './repo.ts';

/** What mails need of the configuration: the secret for link tokens, the site's address, the sender. */
export interface MailDeps {
  config: Pick<Config, 'SECRET' | 'BASE_URL' | 'MAIL_FROM'>;
}

/** A booking's secret for mailed links (confirm, cancel): an HMAC of its random code; only its SHA-256 is stored. */
export function bookingToken(deps: MailDeps, code: string): string {
  return createHmac('sha256', deps.config.SECRET).update(`guidance:${code}`).digest('base64url');
}
export const bookingTokenHash = (deps: MailDeps, code: string) => tokenHash(bookingToken(deps, code));

export const MY_BOOKINGS_PATH = '/moj-nalog/savetovanje';
export const CONFIRM_PATH = '/savetovanje/potvrda';
export const CANCEL_PATH = '/savetovanje/otkazivanje';

export type BookingMailKind = 'confirmGuest' | 'confirmed' | 'reminder' | 'cancelled';

const SUBJECT: Record<BookingMailKind, MessageKey> = {
  confirmGuest: 'guid.mail.confirmGuest.subject',
  confirmed: 'guid.mail.confirmed.subject',
  reminder: 'guid.mail.reminder.subject',
  cancelled: 'guid.mail.cancelled.subject',
};

/** The bare address in MAIL_FROM ('KZM <no-reply@…>' → 'no-reply@…'). */
const bareAddress = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from.trim();

/** One booking mail in the booker's script; confirmations and cancellations carry the invitation (.ics). */
export async function bookingMail(deps: MailDeps, b: BookingMailRow, kind: BookingMailKind, now: Date): Promise<OutgoingMail | undefined> {
  if (!b.email) return undefined;
  const L = b.script;
  const base = `${deps.config.BASE_URL}/${L}`;
  const token = encodeURIComponent(bookingToken(deps, b.code));
  const place = b.place_kind === 'online' ? b.place_text : inScript(L, b.place_text);
  const vars = {
    topic: t(L, `guid.topic.${b.topic}`),
    when: formatRange(L, b.starts_at, b.ends_at),
    place,
    counsellor: inScript(L, b.counsellor_name),
    office: inScript(L, b.office_name),
  };
  const body: MessageKey =
    kind === 'cancelled' && b.cancelled_by === 'counsellor'
      ? 'guid.mail.cancelledByCounsellor.body'
      : (`guid.mail.${kind}.body` as MessageKey);
  const lines = [t(L, 'mail.greeting', { name: inScript(L, b.full_name) }), '', t(L, body, vars), '', t(L, 'guid.mail.details', vars)];
  const cancelUrl = `${base}${CANCEL_PATH}?t=${token}`;
  if (kind === 'confirmGuest') lines.push('', `${base}${CONFIRM_PATH}?t=${token}`, '', t(L, 'mail.ignore'));
  else if (kind !== 'cancelled') lines.push('', t(L, 'guid.mail.cancelLink'), cancelUrl);
  lines.push('', '— ', t(L, 'mail.signature'));
  const mail: OutgoingMail = { to: b.email, subject: t(L, SUBJECT[kind], vars), text: lines.join('\n') };
  if (kind === 'confirmed' || kind === 'cancelled') {
    const method = kind === 'confirmed' ? 'REQUEST' : 'CANCEL';
    const ics = await inviteIcs({
      method,
      bookingId: b.id,
      host: new URL(deps.config.BASE_URL).host,
      locale: L,
      topic: b.topic,
      startsAt: new Date(b.starts_at),
      endsAt: new Date(b.ends_at),
      stamp: now,
      place,
      url: b.user_id ? `${base}${MY_BOOKINGS_PATH}` : cancelUrl,
      organizer: { name: b.counsellor_name, email: b.counsellor_email || b.office_email || bareAddress(deps.config.MAIL_FROM) },
      attendee: { name: b.full_name, email: b.email },
      officeName: b.office_name,
    });
    mail.attachments = [
      {
        filename: method === 'REQUEST' ? 'poziv.ics' : 'otkazano.ics',
        contentType: `text/calendar; method=${method}; charset=UTF-8`,
        content: Buffer.from(ics, 'utf8'),
      },
    ];
  }
  return mail;
}

/** Queues the booking's mail in the caller's transaction (nothing without an address). */
export async function queueBookingMail(
  q: Queryable,
  deps: MailDeps,
  officeId: string,
  bookingId: string,
  kind: BookingMailKind,
  now: Date,
) {
  const row = await bookingMailRow(q, officeId, bookingId);
  const mail = row && (await bookingMail(deps, row, kind, now));
  if (mail) await enqueueMail(q, mail);
  return mail !== undefined;
}
