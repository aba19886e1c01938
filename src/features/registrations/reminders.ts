import type { Deps } from '../../core/http/env.ts';
import { startPeriodicJob, tryJobLock } from '../../core/jobs.ts';
import { queueRegistrationMails } from './mails.ts';
import { activitiesToRemind, claimReminders, deleteExpiredUnconfirmed } from './repo.ts';

/**
 * The reminder the day before: every hour, confirmed registrations of activities starting in
 * the next 24 hours that were not reminded yet get one mail each (reminded_at marks them, in
 * the same transaction as the mail, so a person is reminded exactly once — also someone who
 * signed up after the activity's first reminders went out). Guests' sign-ups whose link expired
 * unused more than a week ago are deleted in the same run. One runner per cluster: a
 * transaction-scoped advisory lock, as in features/me/retention.ts.
 */
export const REMINDER_LOCK = 0x4b5a4d53;
const DAY_MS = 24 * 3_600_000;

export async function runReminders(deps: Deps): Promise<{ ran: boolean; activities: number; mails: number }> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const locked = await tryJobLock(tx, REMINDER_LOCK);
    if (!locked) return { ran: false, activities: 0, mails: 0 };
    const due = await activitiesToRemind(tx, now, new Date(now.getTime() + DAY_MS));
    let mails = 0;
    for (const a of due) {
      const ids = await claimReminders(tx, a.office_id, a.id);
      mails += await queueRegistrationMails(tx, deps, a.office_id, ids, 'reminder');
    }
    // Guests who never used their link: their sign-up is deleted a week after the link expired.
    await deleteExpiredUnconfirmed(tx, new Date(now.getTime() - 7 * DAY_MS));
    return { ran: true, activities: due.length, mails };
  });
}

/** Runs now and every hour in this process; returns the function that stops it. Failures are logged. */
export function startReminders(deps: Deps, opts: { intervalMs?: number } = {}): () => Promise<void> {
  return startPeriodicJob(deps, {
    name: 'reminders',
    run: () => runReminders(deps),
    worthLogging: (r) => r.mails > 0,
    intervalMs: opts.intervalMs,
  });
}
