/**
 * How wide is the sender's window between its two durable writes — the COMMIT that marks a row
 * 'sent' and the final "." of DATA — measured on every mail of a send instead of sampled by kills
 * (test/newsletter-crash.db.test.ts samples it; a kill lands in the window with probability
 * ≈ window / time per mail). Run with `node --import tsx test/newsletter-window.ts [mails]`, on
 * PGlite (a data directory) and, with TEST_DATABASE_URL, on PostgreSQL; the sender, the database
 * and a test SMTP server run in this process. Timestamps are taken right after the system calls:
 * on PGlite the WAL write (fs.writeSync to pg_wal/, as PGlite's file system makes it), on
 * PostgreSQL the socket write carrying COMMIT; the socket write ending DATA counts from its start
 * (a kill during a system call takes effect at its end, the bytes sent). Prints the
 * window's median, 99th percentile and maximum, and Σwindow / elapsed — the chance that a kill
 * at a random instant of the send falls inside it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openPglite, openPostgres } from '../src/core/db/db.ts';
import { createLogger } from '../src/core/log.ts';
import { loadConfig } from '../src/core/config.ts';
import { createSender } from '../src/features/newsletter/sender.ts';
import { testDatabaseUrl, testDbParent } from './db.ts';
import { queueNewsletter } from './newsletter-campaign.ts';
import { createScratchDatabase } from './server-process.ts';
import { startSmtp } from './smtp.ts';
import { watchDurableWrites } from './newsletter-writes.ts';

const MAILS = Number(process.argv[2] ?? 1000);
const now = () => Number(process.hrtime.bigint()) / 1000; // µs

let committedAt: number | undefined;
let dotStart = 0;
const windows: number[] = [];
watchDurableWrites({
  afterCommit: () => (committedAt = now()),
  // The dot counts from the start of its write (a kill during the call is taken at its end, the dot sent).
  beforeDot: () => (dotStart = now()),
  afterDot: () => {
    if (committedAt !== undefined) windows.push(dotStart - committedAt);
    committedAt = undefined;
  },
});

const adminUrl = testDatabaseUrl();
const dir = adminUrl ? undefined : await mkdtemp(join(testDbParent(), 'kzm-nl-window-'));
const scratch = adminUrl ? await createScratchDatabase(adminUrl, 'kzm_nlwindow') : undefined;
const db = scratch ? await openPostgres(scratch.url) : await openPglite(dir);
const smtp = await startSmtp();
try {
  await queueNewsletter(db, { slug: 'prozor', town: 'Prozor', subscribers: MAILS, secret: 'newsletter-window-secret-0123456789abcdef' });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    SECRET: 'newsletter-window-secret-0123456789abcdef',
    SMTP_URL: smtp.url,
    BASE_URL: 'http://prozor.test',
    NEWSLETTER_PER_MINUTE: '1000000',
  });
  const sender = createSender(db, config, createLogger(config), { batchSize: 25 });
  const started = now();
  for (;;) {
    const r = await sender.runOnce();
    if (r.sent + r.refused + r.lost === 0) break;
  }
  const elapsed = now() - started;
  sender.close();
  const sorted = [...windows].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
  const sum = windows.reduce((a, b) => a + b, 0);
  process.stdout.write(
    `${db.kind}: ${smtp.received.length} mails in ${(elapsed / 1e6).toFixed(1)} s (${(elapsed / smtp.received.length).toFixed(0)} µs a mail); ` +
      `${windows.length} windows: median ${q(0.5)} µs, p99 ${q(0.99)} µs, max ${sorted.at(-1)!.toFixed(1)} µs; ` +
      `a kill at a random instant falls in one with p ≈ ${((100 * sum) / elapsed).toFixed(3)} %\n`,
  );
} finally {
  await smtp.close();
  await db.close();
  await scratch?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
}
