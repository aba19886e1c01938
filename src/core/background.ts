import type { Deps } from './http/env.ts';
import { subscribePageCache } from './http/page-cache.ts';
import { startThrottleSweep } from './http/throttle.ts';
import { MailWorker } from './mail/outbox.ts';
import { createTransport } from './mail/transport.ts';

/** A feature's job (declared in its entry of src/app.ts's feature list): starts it, returns the function that stops it. */
export type BackgroundJob = (deps: Deps) => () => Promise<void>;

/**
 * What runs beside the HTTP server in every app process: page-cache invalidations from other
 * processes, (unless MAIL_WORKER is off) the outbox worker, the throttle sweep, and the features'
 * jobs (src/app.ts's JOBS: retention, reminders, feedback mails — hourly, one runner per cluster
 * at a time, by an advisory lock). Returns the function that stops them, in reverse order.
 */
export async function startBackground(
  deps: Deps,
  jobs: readonly BackgroundJob[],
  opts: { mailPollMs?: number } = {},
): Promise<() => Promise<void>> {
  const { config, db, log } = deps;
  const stopCacheSync = await subscribePageCache(db, deps.pageCache);
  const transport = createTransport(config);
  const worker = config.MAIL_WORKER
    ? new MailWorker(db, transport, { from: config.MAIL_FROM, log, ...(opts.mailPollMs ? { pollMs: opts.mailPollMs } : {}) })
    : undefined;
  await worker?.start();
  const stopJobs = jobs.map((start) => start(deps));
  const stopSweep = startThrottleSweep(deps);
  return async () => {
    await stopSweep();
    for (const stop of stopJobs.reverse()) await stop();
    await worker?.stop();
    transport.close?.();
    await stopCacheSync();
  };
}
