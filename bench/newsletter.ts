import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { Actor } from '../src/core/auth/actor.ts';
import { loadConfig } from '../src/core/config.ts';
import { openPglite, type Db } from '../src/core/db/db.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { createLogger } from '../src/core/log.ts';
import '../src/app.ts'; // installs the UI strings the mails are written in
import { findCampaign } from '../src/features/newsletter/repo.ts';
import { createSender } from '../src/features/newsletter/sender.ts';
import { createLetter, startSending } from '../src/features/newsletter/service.ts';
import { onScratchPostgres, progress, type Benchmark, type Report } from './lib.ts';

/**
 * Newsletter sending: a campaign to MAILS subscribers through the real sender (claims, the
 * per-row commit written with the final dot, the 250 recorded, one SMTP connection) to a local
 * SMTP server (smtp-server on loopback, counting messages), beside a bare nodemailer loop that
 * sends the same number of mails of the same size over one connection to the same server in the
 * same run: what SMTP alone costs. Mails/s and the process's peak resident memory (sampled every
 * 20 ms; the SMTP server and the database run in this process too, so compare the two rows).
 */
const MAILS = 10_000;

async function startCountingSmtp(): Promise<{ url: string; port: number; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        n++;
        callback(null, 'Queued');
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, port, count: () => n, close: () => new Promise((r) => server.close(() => r())) };
}

/** Runs fn, sampling resident memory; returns seconds and the peak in MB. */
async function measured(fn: () => Promise<void>): Promise<{ seconds: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return { seconds: (performance.now() - t0) / 1000, peakMb: peak / 1024 / 1024 };
}

async function runOn(db: Db, label: string, report: Report): Promise<void> {
  await migrate(db);
  const smtp = await startCountingSmtp();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SECRET: randomBytes(24).toString('hex'),
    SMTP_URL: smtp.url,
    BASE_URL: 'https://kzm.example',
    NEWSLETTER_PER_MINUTE: '1000000',
  });
  try {
    const [office] = await db.query<{ id: string; slug: string; name: string }>(
      `INSERT INTO offices (slug, name, town, region) VALUES ('bench', 'Kancelarija za mlade Bench', 'Bench', 'vojvodina') RETURNING id, slug, name`,
    );
    const [user] = await db.query<{ id: string }>(
      `INSERT INTO users (email, password_hash, display_name, birth_date) VALUES ('koord@bench.test', 'x', 'K', '1990-01-01') RETURNING id`,
    );
    await db.query(
      `WITH s AS (INSERT INTO newsletter_subscribers (email, script, status, confirmed_at)
                  SELECT 'p' || g || '@bench.test', CASE WHEN g % 2 = 0 THEN 'cir' ELSE 'lat' END, 'active', now() FROM generate_series(1, $2::int) g
                  RETURNING id)
       INSERT INTO newsletter_subscriptions (office_id, subscriber_id) SELECT $1, id FROM s`,
      [office!.id, MAILS],
    );
    const deps = { db, config, now: () => new Date() };
    const actor = { userId: user!.id, email: 'koord@bench.test' } as Actor;
    const body = 'Драги младе,\n\nОво је билтен канцеларије са вестима, активностима и приликама.\n'.repeat(8);
    const id = await createLetter(deps, actor, office!, { subject: 'Билтен за децембар', body, areas: [], kinds: [] });

    // The baseline: nodemailer's own transport, one connection, mails of the same size, one after the other.
    const sample = 'x'.repeat(Buffer.byteLength(body));
    progress(`${label}: bare nodemailer loop, ${MAILS} mails`);
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      pool: true,
      maxConnections: 1,
      maxMessages: Infinity,
    });
    const before = smtp.count();
    const bare = await measured(async () => {
      for (let i = 0; i < MAILS; i++) {
        await transport.sendMail({
          from: 'bench@kzm.example',
          to: `p${i}@bench.test`,
          subject: 'Bilten',
          text: sample,
          messageId: `<bare.${i}@kzm>`,
        });
      }
    });
    transport.close();
    const bareCount = smtp.count() - before;

    progress(`${label}: the newsletter sender, ${MAILS} mails`);
    const r = await startSending(deps, actor, office!, (await findCampaign(db, office!.id, id))!);
    if (!r.ok) throw new Error('bench: the campaign did not start');
    const sender = createSender(db, config, createLogger(config), { batchSize: 100 });
    const at = smtp.count();
    const app = await measured(async () => {
      for (;;) {
        const x = await sender.runOnce();
        if (x.sent + x.refused + x.lost === 0) break;
      }
    });
    sender.close();
    const sent = smtp.count() - at;
    const [rows] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM newsletter_deliveries WHERE state = 'sent' AND campaign_id = $1`,
      [id],
    );
    report.add('newsletter', {
      db: label,
      mailsPerS: sent / app.seconds,
      peakMb: app.peakMb,
      bareMailsPerS: bareCount / bare.seconds,
      barePeakMb: bare.peakMb,
      sharePct: (sent / app.seconds / (bareCount / bare.seconds)) * 100,
      exact: sent === MAILS && rows!.n === MAILS && bareCount === MAILS,
    });
  } finally {
    await smtp.close();
  }
}

export const newsletterBenchmark: Benchmark = {
  name: 'newsletter',
  async run(report: Report) {
    report.section(
      'newsletter',
      `Newsletter — ${MAILS} mails to a local SMTP server: the sender (claims, commit with the final dot, per-recipient script and links) vs a bare nodemailer loop`,
      [
        { key: 'db', title: 'database', left: true },
        { key: 'mailsPerS', title: 'mails/s' },
        { key: 'peakMb', title: 'peak RSS MB', digits: 0 },
        { key: 'bareMailsPerS', title: 'bare mails/s' },
        { key: 'barePeakMb', title: 'bare peak MB', digits: 0 },
        { key: 'sharePct', title: 'sender/bare %', digits: 1 },
        { key: 'exact', title: `${MAILS} each, once` },
      ],
    );
    const lite = await openPglite();
    try {
      await runOn(lite, 'PGlite (embedded)', report);
    } finally {
      await lite.close();
    }
    const url = process.env.KZM_BENCH_PG || process.env.DATABASE_URL;
    if (!url) return;
    await onScratchPostgres(url, (server) => runOn(server, 'PostgreSQL (pool of 10)', report));
  },
};
