import type { Deps } from '../../core/http/env.ts';
import { startPeriodicJob, tryJobLock } from '../../core/jobs.ts';
import { queueBookingMail } from './mails.ts';
import { claimReminders, expirePending } from './repo.ts';

/**
 * The hourly guidance job: a reminder the day before for every confirmed booking whose session
 * starts in the next 24 hours and was not reminded yet (reminded_at marks it in the same
 * transaction as the mail, so each person is reminded exactly once), and guests' held slots
 * whose mailed link expired unused are freed. One runner per cluster (an advisory lock).
 */
export const GUIDANCE_LOCK = 0x4b5a4d47;
const DAY_MS = 24 * 3_600_000;

export async function runGuidanceJob(deps: Deps): Promise<{ ran: boolean; reminders: number; expired: number }> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    if (!(await tryJobLock(tx, GUIDANCE_LOCK))) return { ran: false, reminders: 0, expired: 0 };
    let reminders = 0;
    for (const b of await claimReminders(tx, now, new Date(now.getTime() + DAY_MS))) {
      if (await queueBookingMail(tx, deps, b.office_id, b.id, 'reminder', now)) reminders++;
    }
    const expired = (await expirePending(tx, now)).length;
    return { ran: true, reminders, expired };
  });
}

/** Runs now and every hour in this process; returns the function that stops it. */
export function startGuidanceJob(deps: Deps, opts: { intervalMs?: number } = {}): () => Promise<void> {
  return startPeriodicJob(deps, {
    name: 'guidance',
    run: () => runGuidanceJob(deps),
    worthLogging: (r) => r.reminders > 0 || r.expired > 0,
    intervalMs: opts.intervalMs,
  });
}
