/**
 * The newsletter sender as a process of its own, for the crash test (test/newsletter-crash.db.test.ts):
 * the real job code (features/newsletter/sender.ts) against the database the environment names
 * (DATABASE_URL, else the PGlite DATA_DIR) and SMTP_URL, until nothing is left to send. It prints
 * "ready" once the database is open and "done" at the end; the test SIGKILLs it in between.
 */
import { loadConfig } from '../src/core/config.ts';
import { openDb } from '../src/core/db/db.ts';
import { createLogger } from '../src/core/log.ts';
import { installMessages } from '../src/core/i18n/messages.ts';
import * as newsletterMessages from '../src/features/newsletter/messages.ts';
import { createSender } from '../src/features/newsletter/sender.ts';

// The UI strings the mails are written in (the newsletter's and core's), without loading every feature.
installMessages([newsletterMessages]);

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
