/**
 * The newsletter sender as a process of its own, for the crash test (test/newsletter-crash.db.test.ts):
 * the real job code (features/newsletter/sender.ts) against the database the environment names
 * (DATABASE_URL, else the PGlite DATA_DIR) and SMTP_URL, until nothing is left to send. It prints
 * "ready" once the database is open and "done" at the end; the test SIGKILLs it in between.
 *
 * With NEWSLETTER_TRACE (a file), every window between the sender's two durable writes is logged
 * there (test/newsletter-writes.ts): "window <Message-ID>" just before the write that commits a
 * mail's row as sent, "dot <Message-ID>" once the write of its final "." returned, and "turn
 * <Message-ID>" if the event loop got to run I/O callbacks in between (the two writes were not
 * made in one synchronous stretch, as sender.ts promises). A process killed after "window X"
 * and before "dot X" or "turn X" was killed in the instant the sender cannot close: X may be lost.
 */
import fs from 'node:fs';
import { loadConfig } from '../src/core/config.ts';
import { openDb } from '../src/core/db/db.ts';
import { createLogger } from '../src/core/log.ts';
import { installMessages } from '../src/core/i18n/messages.ts';
import * as newsletterMessages from '../src/features/newsletter/messages.ts';
import { createSender } from '../src/features/newsletter/sender.ts';
import { watchDurableWrites } from './newsletter-writes.ts';

// The UI strings the mails are written in (the newsletter's and core's), without loading every feature.
installMessages([newsletterMessages]);

if (process.env.NEWSLETTER_TRACE) {
  const trace = fs.openSync(process.env.NEWSLETTER_TRACE, 'a');
  let open: string | undefined;
  watchDurableWrites({
    beforeCommit(id) {
      if (!id || open === id) return;
      open = id;
      fs.writeSync(trace, `window ${id}\n`);
      // Runs after the current stretch of synchronous work and its microtasks, at the next I/O turn.
      setImmediate(() => {
        if (open === id) fs.writeSync(trace, `turn ${id}\n`);
      });
    },
    afterDot(id) {
      if (!id || open !== id) return;
      open = undefined;
      fs.writeSync(trace, `dot ${id}\n`);
    },
  });
}

const config = loadConfig(process.env);
const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
const sender = createSender(db, config, createLogger(config), {
  leaseSeconds: Number(process.env.NEWSLETTER_LEASE_SECONDS ?? 120),
  batchSize: Number(process.env.NEWSLETTER_BATCH ?? 50),
});
process.stdout.write('ready\n');
for (;;) {
  const r = await sender.runOnce();
  if (r.sent + r.refused + r.lost > 0) continue;
  const due = await sender.nextDue();
  if (!due) break;
  // A row still leased by a killed process (PostgreSQL), or a retry's backoff: wait for it.
  await new Promise((resolve) => setTimeout(resolve, Math.min(1000, Math.max(20, due.getTime() - Date.now()))));
}
sender.close();
await db.close();
process.stdout.write('done\n');
