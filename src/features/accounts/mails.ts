import type { Queryable } from '../../core/db/db.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t, type MessageKey } from '../../core/i18n/messages.ts';
import { enqueueMail } from '../../core/mail/outbox.ts';

/**
 * Account mails, in the script the person chose. Plain text only: it reads everywhere and
 * carries no tracking.
 */
export async function queueAccountMail(
  q: Queryable,
  m: {
    to: string;
    locale: Locale;
    name: string;
    subject: MessageKey;
    body: MessageKey;
    vars?: Record<string, string>;
    link?: string;
    ignoreHint?: boolean;
  },
): Promise<void> {
  const { locale } = m;
  const lines = [
    t(locale, 'mail.greeting', { name: inScript(locale, m.name) }),
    '',
    t(locale, m.body, m.vars),
    ...(m.link ? ['', m.link] : []),
    ...(m.ignoreHint === false ? [] : ['', t(locale, 'mail.ignore')]),
    '',
    '— ',
    t(locale, 'mail.signature'),
  ];
  await enqueueMail(q, { to: m.to, subject: t(locale, m.subject), text: lines.join('\n') });
}
