import type { Deps } from './http/env.ts';
import { subscribePageCache } from './http/page-cache.ts';
import { startThrottleSweep } from './http/throttle.ts';
import { MailWorker } from './mail/outbox.ts';
import { createTransport } from './mail/transport.ts';
import { startRetention } from '../features/me/retention.ts';
import { startReminders } from '../features/registrations/reminders.ts';
import { startFeedbackMails } from '../features/certificates/feedback-job.ts';

/**
 * What runs beside the HTTP server in every app process: page-cache invalidations from other
 * processes, (unless MAIL_WORKER is off) the outbox worker, and the hourly retention job (one
 * runner per cluster at a time, by an advisory lock). Returns the function that stops them, in
 * reverse order.
 */
export async function startBackground(deps: Deps, opts: { mailPollMs?: number } = {}): Promise<() => Promise<void>> {
  const { config, db, log } = deps;
  const stopCacheSync = await subscribePageCache(db, deps.pageCache);
  const transport = createTransport(config);
  const worker = config.MAIL_WORKER
    ? new MailWorker(db, transport, { from: config.MAIL_FROM, log, ...(opts.mailPollMs ? { pollMs: opts.mailPollMs } : {}) })
    : undefined;
  await worker?.start();
  const stopRetention = startRetention(deps);
  const stopReminders = startReminders(deps);
  const stopFeedback = startFeedbackMails(deps);
  const stopSweep = startThrottleSweep(deps);
  return async () => {
    await stopSweep();
    await stopFeedback();
    await stopReminders();
    await stopRetention();
    await worker?.stop();
    transport.close?.();
    await stopCacheSync();
  };
}
