import type { Deps } from './http/env.ts';
import { subscribePageCache } from './http/page-cache.ts';
import { MailWorker } from './mail/outbox.ts';
import { createTransport } from './mail/transport.ts';

/**
 * What runs beside the HTTP server in every app process: page-cache invalidations from other
 * processes, and (unless MAIL_WORKER is off) the outbox worker. Returns the function that
 * stops them, in reverse order.
 */
export async function startBackground(deps: Deps, opts: { mailPollMs?: number } = {}): Promise<() => Promise<void>> {
  const { config, db, log } = deps;
  const stopCacheSync = await subscribePageCache(db, deps.pageCache);
  const transport = createTransport(config);
  const worker = config.MAIL_WORKER
    ? new MailWorker(db, transport, { from: config.MAIL_FROM, log, ...(opts.mailPollMs ? { pollMs: opts.mailPollMs } : {}) })
    : undefined;
  await worker?.start();
  return async () => {
    await worker?.stop();
    transport.close?.();
    await stopCacheSync();
  };
}
