import { randomBytes } from 'node:crypto';
import { startPeriodicJob, tryJobLock } from '../../core/jobs.ts';
import type { Deps } from '../../core/http/env.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { enqueueMail } from '../../core/mail/outbox.ts';
import { activitiesDueForFeedback, attendeesToAsk, markFeedbackSent, setRegistrationToken } from './repo.ts';
import { hashToken } from './service.ts';

/**
 * The feedback job: after an activity ends, everyone who attended (at least one session) gets
 * a mail with a link to a short form (/utisak?t=…). Each link carries a new secret whose
 * SHA-256 replaces the registration's token_hash (the activity is over: no other link of it
 * is still needed); it expires after FEEDBACK_LINK_DAYS. The activity's feedback_sent_at marks
 * it done, in the same transaction as its mails (outbox), so a crash sends all or none.
 * Activities that ended more than FEEDBACK_WINDOW_DAYS ago are left alone (no late mails when
 * the job first runs over old data). One runner per cluster: pg_try_advisory_xact_lock.
 */
export const FEEDBACK_LOCK = 0x4b5a4d46; // 'KZMF'
export const FEEDBACK_LINK_DAYS = 30;
export const FEEDBACK_WINDOW_DAYS = 7;
const BATCH = 50;
const DAY_MS = 24 * 3600 * 1000;

export interface FeedbackReport {
  ran: boolean;
  activities: number;
  mails: number;
}

export async function runFeedbackMails(deps: Deps): Promise<FeedbackReport> {
  const now = deps.now();
  const report: FeedbackReport = { ran: false, activities: 0, mails: 0 };
  return deps.db.transaction(async (tx) => {
    const locked = await tryJobLock(tx, FEEDBACK_LOCK);
    if (!locked) return report;
    report.ran = true;
    const expires = new Date(now.getTime() + FEEDBACK_LINK_DAYS * DAY_MS);
    for (const a of await activitiesDueForFeedback(tx, new Date(now.getTime() - FEEDBACK_WINDOW_DAYS * DAY_MS), now, BATCH)) {
      for (const r of await attendeesToAsk(tx, a.office_id, a.id)) {
        const raw = randomBytes(24).toString('base64url');
        await setRegistrationToken(tx, a.office_id, r.id, hashToken(raw), expires);
        const l = r.script;
        const title = inScript(l, a.title);
        const lines = [
          t(l, 'mail.greeting', { name: inScript(l, r.full_name) }),
          '',
          t(l, 'feedback.mail.body', { title, days: FEEDBACK_LINK_DAYS }),
          '',
          `${deps.config.BASE_URL}/${l}/utisak?t=${raw}`,
          ...(r.user_id && a.certifies ? ['', t(l, 'feedback.mail.certificate')] : []),
          '',
          '— ',
          t(l, 'mail.signature'),
        ];
        await enqueueMail(tx, { to: r.email, subject: t(l, 'feedback.mail.subject', { title }), text: lines.join('\n') });
        report.mails++;
      }
      await markFeedbackSent(tx, a.office_id, a.id, now);
      report.activities++;
    }
    return report;
  });
}

/** Runs now and every hour in this process; returns the function that stops it. Failures are logged. */
export function startFeedbackMails(deps: Deps, opts: { intervalMs?: number } = {}): () => Promise<void> {
  return startPeriodicJob(deps, {
    name: 'feedback',
    run: () => runFeedbackMails(deps),
    worthLogging: (r) => r.activities > 0,
    intervalMs: opts.intervalMs,
  });
}
