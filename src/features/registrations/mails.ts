import { createHmac } from 'node:crypto';
import { tokenHash } from '../../core/auth/sessions.ts';
import type { Queryable } from '../../core/db/db.ts';
import type { Config } from '../../core/config.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t, type MessageKey } from '../../core/i18n/messages.ts';
import { enqueueMail, outboxRow, type OutboxRow, type OutgoingMail } from '../../core/mail/outbox.ts';
import { formatDateTime } from '../../core/views/format.ts';
import { placeShown } from '../activities/place.ts';
import { formatEntryCode } from './entry-code.ts';
import { mailTargets, type MailTarget } from './repo.ts';

/** What mails need of the configuration: the secret for link tokens and the site's address. */
export interface MailDeps {
  config: Pick<Config, 'SECRET' | 'BASE_URL'>;
}

/**
 * A registration's secret for mailed links (confirm, cancel): an HMAC of its random check-in
 * code under the server's SECRET. Only its SHA-256 is stored (registrations.token_hash), and
 * every mail about the registration can carry the same link again without keeping the raw
 * value anywhere.
 */
export function registrationToken(deps: MailDeps, code: string): string {
  return createHmac('sha256', deps.config.SECRET).update(`registration:${code}`).digest('base64url');
}

export const registrationTokenHash = (deps: MailDeps, code: string) => tokenHash(registrationToken(deps, code));

export const MY_REGISTRATIONS_PATH = '/moj-nalog/prijave';
export const CONFIRM_PATH = '/prijava/potvrda';
export const CANCEL_PATH = '/prijava/otkazivanje';

/**
 * Who cancelled, for the one cancellation mail: the person (by link or on their page), the
 * office (a coordinator), or the activity itself was cancelled (with the organiser's message).
 */
export type CancelledBy = 'person' | 'office' | 'activity';

/** What a mail may add: a waitlist position; for a cancellation, who cancelled and the organiser's message. */
export interface MailExtra {
  position?: number | string;
  by?: CancelledBy;
  reason?: string;
}

export type RegistrationMailKind =
  'confirmGuest' | 'confirmed' | 'waitlisted' | 'pending' | 'promoted' | 'approved' | 'declined' | 'cancelled' | 'reminder';

const SUBJECT: Record<RegistrationMailKind, MessageKey> = {
  confirmGuest: 'reg.mail.confirmGuest.subject',
  confirmed: 'reg.mail.confirmed.subject',
  waitlisted: 'reg.mail.waitlisted.subject',
  pending: 'reg.mail.pending.subject',
  promoted: 'reg.mail.promoted.subject',
  approved: 'reg.mail.confirmed.subject',
  declined: 'reg.mail.declined.subject',
  cancelled: 'reg.mail.cancelled.subject',
  reminder: 'reg.mail.reminder.subject',
};

const BODY: Record<RegistrationMailKind, MessageKey> = {
  confirmGuest: 'reg.mail.confirmGuest.body',
  confirmed: 'reg.mail.confirmed.body',
  waitlisted: 'reg.mail.waitlisted.body',
  pending: 'reg.mail.pending.body',
  promoted: 'reg.mail.promoted.body',
  approved: 'reg.mail.approved.body',
  declined: 'reg.mail.declined.body',
  cancelled: 'reg.mail.cancelled.body',
  reminder: 'reg.mail.reminder.body',
};

/**
 * What a mail says beyond its registration: the waitlist position, and the entry code as shown
 * — either may be a placeholder the seat statement replaces with what it decides.
 */
export interface MailExtra {
  position?: number | string;
  entryCode?: string;
}

/** The text of one registration mail, in the script the person signed up in. */
export function registrationMailText(
  deps: MailDeps,
  m: MailTarget,
  kind: RegistrationMailKind,
  extra: MailExtra = {},
): { subject: string; text: string; withCode: boolean } {
  const L = m.script;
  const base = `${deps.config.BASE_URL}/${L}`;
  const token = encodeURIComponent(registrationToken(deps, m.code));
  const vars = {
    title: inScript(L, m.activity_title),
    when: formatDateTime(L, new Date(m.starts_at)),
    // The link of an online activity, the address of any other ("Where:" is never blank).
    place: placeShown(m, (s) => inScript(L, s)),
    office: inScript(L, m.office_name),
    position: String(extra.position ?? ''),
    code: extra.entryCode ?? formatEntryCode(m.short_code),
  };
  const by = kind === 'cancelled' ? (extra.by ?? 'person') : undefined;
  const body = by === 'activity' ? 'reg.mail.activityCancelled.body' : by === 'office' ? 'reg.mail.cancelledByOffice.body' : BODY[kind];
  const lines = [t(L, 'mail.greeting', { name: inScript(L, m.full_name) }), '', t(L, body, vars)];
  if (by && by !== 'person' && extra.reason) lines.push('', t(L, 'reg.mail.reason'), inScript(L, extra.reason));
  lines.push('', t(L, 'reg.mail.details', vars));
  let withCode = false;
  if (kind === 'confirmGuest') {
    lines.push('', `${base}${CONFIRM_PATH}?t=${token}`, '', t(L, 'mail.ignore'));
  } else if (kind !== 'declined' && kind !== 'cancelled') {
    if (m.status === 'confirmed' || kind === 'confirmed' || kind === 'promoted' || kind === 'approved') {
      lines.push('', t(L, 'reg.mail.code', vars));
      withCode = true;
    }
    // The page with the QR code: "my registrations" for an account, the link's own page for a guest.
    lines.push('', t(L, 'reg.mail.myPage'), m.user_id ? `${base}${MY_REGISTRATIONS_PATH}` : `${base}${CONFIRM_PATH}?t=${token}`);
    lines.push('', t(L, 'reg.mail.cancelLink'), `${base}${CANCEL_PATH}?t=${token}`);
  }
  lines.push('', '— ', t(L, 'mail.signature'));
  return {
    subject: t(L, by === 'activity' ? 'reg.mail.activityCancelled.subject' : SUBJECT[kind], vars),
    text: lines.join('\n'),
    withCode,
  };
}

/** One registration mail, ready for the outbox (undefined without an address). */
export function registrationMail(
  deps: MailDeps,
  m: MailTarget,
  kind: RegistrationMailKind,
  extra: MailExtra = {},
): OutgoingMail | undefined {
  if (!m.to) return undefined;
  const { withCode, ...mail } = registrationMailText(deps, m, kind, extra);
  // A confirmed place travels with its QR code (the long secret), so the phone that opens the
  // mail can show it at the door; the file is named by the entry code people read. The outbox
  // worker draws the PNG when it sends the mail.
  const shown = extra.entryCode ?? formatEntryCode(m.short_code);
  const attachments = withCode ? [{ filename: `prijava-${shown}.png`, contentType: 'image/png' as const, qr: m.code }] : [];
  return { to: m.to, ...mail, attachments };
}

/** The outbox row of a registration mail, for the seat statement to insert (undefined without an address). */
export function registrationMailRow(
  deps: MailDeps,
  m: MailTarget,
  kind: RegistrationMailKind,
  extra: MailExtra = {},
): OutboxRow | undefined {
  const mail = registrationMail(deps, m, kind, extra);
  return mail && outboxRow(mail);
}

/** Queues one mail per registration (those with an address; one per address), in the caller's transaction. */
export async function queueRegistrationMails(
  q: Queryable,
  deps: MailDeps,
  officeId: string,
  ids: readonly string[],
  kind: RegistrationMailKind,
  extra: MailExtra & { position?: number } = {},
): Promise<number> {
  let n = 0;
  const told = new Set<string>();
  for (const m of await mailTargets(q, officeId, ids)) {
    const mail = registrationMail(deps, m, kind, extra);
    if (!mail || told.has(mail.to.trim().toLowerCase())) continue;
    told.add(mail.to.trim().toLowerCase());
    await enqueueMail(q, mail);
    n++;
  }
  return n;
}
