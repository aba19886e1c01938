import type { Config } from '../../core/config.ts';
import type { Queryable } from '../../core/db/db.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { enqueueMail } from '../../core/mail/outbox.ts';
import { applicantForMail, type Application, type VolOpportunity } from './repo.ts';

/** What mails need of the configuration: the site's address. */
export interface MailDeps {
  config: Pick<Config, 'BASE_URL'>;
}

/**
 * The applicant's mail when the organiser accepts or declines (with the reason), in the
 * applicant's own script, queued in the decision's transaction (it exists iff the decision committed).
 */
export async function queueDecisionMail(
  q: Queryable,
  deps: MailDeps,
  office: { slug: string; name: string },
  o: Pick<VolOpportunity, 'title' | 'place' | 'association_name'>,
  a: Pick<Application, 'id' | 'user_id'>,
  decision: 'accepted' | 'declined',
  reason: string,
): Promise<void> {
  const to = await applicantForMail(q, a.user_id);
  if (!to?.email) return;
  const L = to.locale;
  const vars = {
    title: inScript(L, o.title),
    place: inScript(L, o.place),
    organiser: inScript(L, o.association_name ?? office.name),
  };
  const lines = [t(L, `volunteering.mail.${decision}.body`, vars)];
  if (decision === 'declined' && reason) lines.push('', t(L, 'volunteering.mail.reason', { reason: inScript(L, reason) }));
  lines.push('', `${deps.config.BASE_URL}/${L}/kancelarije/${office.slug}/volontiranje/prijave/${a.id}`);
  const text = [t(L, 'mail.greeting', { name: inScript(L, to.display_name) }), '', ...lines, '', '— ', t(L, 'mail.signature')].join('\n');
  await enqueueMail(q, { to: to.email, subject: t(L, `volunteering.mail.${decision}.subject`, vars), text });
}
