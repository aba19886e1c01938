import { createHmac } from 'node:crypto';
import { tokenHash } from '../../core/auth/sessions.ts';
import type { Config } from '../../core/config.ts';
import type { Queryable } from '../../core/db/db.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t, type MessageKey } from '../../core/i18n/messages.ts';
import { enqueueMail, type OutgoingMail } from '../../core/mail/outbox.ts';
import { formatRange } from '../../core/views/format.ts';
import { requestBookings, requestMailRow } from './repo.ts';

/** What mails need of the configuration: the secret for link tokens and the site's address. */
export interface MailDeps {
  config: Pick<Config, 'SECRET' | 'BASE_URL'>;
}

/** A request's secret for the guest's confirmation link: an HMAC of its random code; only its SHA-256 is stored. */
export function requestToken(deps: MailDeps, code: string): string {
  return createHmac('sha256', deps.config.SECRET).update(`bookings:${code}`).digest('base64url');
}
export const requestTokenHash = (deps: MailDeps, code: string) => tokenHash(requestToken(deps, code));

export const CONFIRM_PATH = '/prostor/potvrda';
export const MY_REQUESTS_PATH = '/moj-nalog/prostor';

export type RequestMailKind = 'confirmGuest' | 'received' | 'approved' | 'declined';

/** At most this many dates are listed in a mail (a ten-week series fits). */
const LISTED = 30;

/** One mail about a request, in the booker's script, listing its dates and resources. */
export async function requestMail(
  q: Queryable,
  deps: MailDeps,
  officeId: string,
  requestId: string,
  kind: RequestMailKind,
): Promise<OutgoingMail | undefined> {
  const r = await requestMailRow(q, officeId, requestId);
  if (!r?.email) return undefined;
  const L = r.script;
  const rows = await requestBookings(q, officeId, requestId);
  const lines = rows.slice(0, LISTED).map((b) => `• ${formatRange(L, b.starts, b.ends)} — ${inScript(L, b.resource_name)}`);
  if (rows.length > LISTED) lines.push('…');
  const vars = { office: inScript(L, r.office_name), reason: r.decline_reason, purpose: inScript(L, r.purpose) };
  const body = [
    t(L, 'mail.greeting', { name: inScript(L, r.full_name) }),
    '',
    t(L, `bk.mail.${kind}.body` as MessageKey, vars),
    '',
    ...lines,
  ];
  if (kind === 'confirmGuest') {
    body.push(
      '',
      `${deps.config.BASE_URL}/${L}${CONFIRM_PATH}?t=${encodeURIComponent(requestToken(deps, r.code))}`,
      '',
      t(L, 'mail.ignore'),
    );
  }
  body.push('', '— ', t(L, 'mail.signature'));
  return { to: r.email, subject: t(L, `bk.mail.${kind}.subject` as MessageKey, vars), text: body.join('\n') };
}

/** Queues the mail in the caller's transaction (nothing without an address). */
export async function queueRequestMail(
  q: Queryable,
  deps: MailDeps,
  officeId: string,
  requestId: string,
  kind: RequestMailKind,
): Promise<void> {
  const mail = await requestMail(q, deps, officeId, requestId, kind);
  if (mail) await enqueueMail(q, mail);
}
