import type { Config } from '../../core/config.ts';
import type { Queryable } from '../../core/db/db.ts';
import { inScript, type Locale } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { enqueueMail } from '../../core/mail/outbox.ts';
import { INVITE_PATH, initiativePath } from './paths.ts';
import { officeForMail, teamRecipients } from './repo.ts';
import type { Status } from './schema.ts';

/** What mails need of the configuration: the site's address. */
export interface MailDeps {
  config: Pick<Config, 'BASE_URL'>;
}

const signed = (L: Locale, name: string, lines: string[]) =>
  [t(L, 'mail.greeting', { name: inScript(L, name) }), '', ...lines, '', '— ', t(L, 'mail.signature')].join('\n');

/**
 * The mail of a workflow step, to every accepted member of the team, each in their own script,
 * queued in the caller's transaction (so it exists iff the step committed).
 */
export async function queueStatusMail(
  q: Queryable,
  deps: MailDeps,
  officeId: string,
  i: { id: string; title: string },
  status: Status,
  note: string,
): Promise<number> {
  const office = await officeForMail(q, officeId);
  if (!office) return 0;
  const team = await teamRecipients(q, officeId, i.id);
  for (const m of team) {
    const L = m.locale;
    const vars = { title: inScript(L, i.title), office: inScript(L, office.name), status: t(L, `init.status.${status}`) };
    const lines = [t(L, 'init.mail.body', vars)];
    if (note) lines.push('', t(L, 'init.mail.note', { note: inScript(L, note) }));
    lines.push('', t(L, 'init.mail.link'), `${deps.config.BASE_URL}/${L}${initiativePath(office, i.id)}`);
    await enqueueMail(q, { to: m.email, subject: t(L, 'init.mail.subject', vars), text: signed(L, m.display_name, lines) });
  }
  return team.length;
}

/** The office's comment, mailed to the team (the team's own comments reach the office on its list). */
export async function queueCommentMail(q: Queryable, deps: MailDeps, officeId: string, i: { id: string; title: string }, body: string) {
  const office = await officeForMail(q, officeId);
  if (!office) return;
  for (const m of await teamRecipients(q, officeId, i.id)) {
    const L = m.locale;
    const vars = { title: inScript(L, i.title), office: inScript(L, office.name) };
    const lines = [
      t(L, 'init.mail.comment.body', vars),
      '',
      inScript(L, body),
      '',
      `${deps.config.BASE_URL}/${L}${initiativePath(office, i.id)}`,
    ];
    await enqueueMail(q, { to: m.email, subject: t(L, 'init.mail.comment.subject', vars), text: signed(L, m.display_name, lines) });
  }
}

/** The invitation to the team: a link carrying the token (only its hash is stored), in the inviter's script. */
export async function queueInviteMail(
  q: Queryable,
  deps: MailDeps,
  officeId: string,
  i: { title: string },
  to: string,
  token: string,
  inviter: { name: string; locale: Locale },
) {
  const office = await officeForMail(q, officeId);
  if (!office) return;
  const L = inviter.locale;
  const vars = { title: inScript(L, i.title), office: inScript(L, office.name), name: inScript(L, inviter.name) };
  const link = `${deps.config.BASE_URL}/${L}${INVITE_PATH}?t=${encodeURIComponent(token)}`;
  const text = [t(L, 'init.mail.invite.body', vars), '', link, '', t(L, 'mail.ignore'), '', '— ', t(L, 'mail.signature')].join('\n');
  await enqueueMail(q, { to, subject: t(L, 'init.mail.invite.subject', vars), text });
}
