import type { Db } from '../../core/db/db.ts';
import type { BackgroundJob } from '../../core/background.ts';
import type { Config } from '../../core/config.ts';
import type { Logger } from '../../core/log.ts';
import { backoffSeconds, describeError } from '../../core/mail/outbox.ts';
import { campaignMessageId, campaignText, unsubscribeHeaders, type LinkDeps } from './mails.ts';
import {
  claimDeliveries,
  countBounce,
  findCampaign,
  finishCampaigns,
  markAccepted,
  markRefused,
  markSentBeforeDot,
  nextDue,
  officeBudgets,
  officeName,
  releaseLeases,
  renewLease,
  type Campaign,
  type ClaimedDelivery,
} from './repo.ts';
import { ClaimLost, SmtpLink, composeMessage, envelopeAddress, type SendError } from './smtp-link.ts';

/**
 * The newsletter's sender: it works through the delivery rows a campaign's "send" wrote (one
 * per recipient, before any SMTP call), office by office within each office's rate limit.
 *
 * ## Exactly one mail per subscriber, across crashes
 *
 * A delivery row goes queued → sending → sent:
 * 1. **claim** (one short transaction): state 'sending', a lease, attempts + 1. The attempt
 *    number is the fence: whoever claims the row after us changes it, and every later write of
 *    ours names it, so a worker whose lease was taken over can no longer mark the row.
 * 2. **SMTP**: MAIL FROM, RCPT TO, DATA and the message bytes — everything but the final ".".
 * 3. **decide** in a transaction: UPDATE the row to 'sent' (fenced by the attempt; the row is
 *    now locked). If that found our claim, the final "." is written at the instant the COMMIT
 *    becomes durable (Db.transaction's atCommit), one write(2) right after the other: on
 *    PostgreSQL the COMMIT's bytes go to the database's socket and the dot to the SMTP server's
 *    in the same synchronous call; on PGlite the dot is written from inside the COMMIT, right
 *    after the write of its WAL record to the data directory. Otherwise no dot is ever written
 *    (the server discards the unfinished DATA when the connection closes).
 * 4. the server's 250 is recorded (`accepted_at`, for the progress page only).
 *
 * A server takes responsibility for a message only at the final "." (RFC 5321 §4.1.1.4), and
 * the database commits only at COMMIT. Both take effect at a system call of ours — a write to
 * a socket (the kernel delivers it even if the process is SIGKILLed a moment later; the
 * database server and the SMTP server act on what they received) or, on PGlite, the WAL write.
 * A signal never splits a system call, so a kill leaves the row and the server agreeing —
 * 'sending' and no mail, or 'sent' and the mail — everywhere except between those two calls:
 * a few microseconds of CPU in which the commit is durable and the dot not yet written. A kill
 * there loses that one mail (its row is 'sent'); no ordering here ever makes a mail go twice.
 * (A commit whose WAL PGlite writes in two parts, at the end of PostgreSQL's WAL buffers, has
 * the dot after the first part: a kill between them would send that mail twice.)
 * The SMTP exchange is lock-step, so when the dot is written the sender has read everything
 * the server sent: a kill then closes the connection with a FIN, not a reset that could make
 * the server drop bytes it had not read yet; the server answers only after reading the dot.
 * A row still 'sending' after a crash is sent again once its lease runs out (on PGlite, whose
 * data directory one process owns, at once) with the same Message-ID,
 * `<nl.campaign.subscriber@kzm>`; a 'sent' row never again.
 *
 * Measured on every mail by test/newsletter-window.ts (1,000 mails, 2 shared cores at load ~10):
 * the window is now a median ~10 µs (p99 40–50 µs) on both databases; a kill at a random
 * instant of a send falls in it 0.06–0.07 % of the time. The crash test's kills land there more
 * often on PostgreSQL (5–6 in 200, load ~4): the COMMIT's write wakes the database's process,
 * which may take this CPU before the dot's write; the test knows a kill in the window from its
 * sender's log (test/newsletter-sender.ts) and lets that one mail go missing, nothing else.
 * Before, the dot was handed to nodemailer's stream in the transaction's last turn and written
 * several process.nextTick turns after the COMMIT — on PGlite after its whole in-process commit
 * and the promise chain back: a median 118 µs there (p99 15 ms under load; 2.3 % of kills, one
 * lost mail in 60 kills of test/newsletter-crash.db.test.ts with NEWSLETTER_CRASH_KILLS=60),
 * 24 µs on PostgreSQL (0.15 %).
 *
 * Why not "send, then mark sent" (the outbox's way, and listmonk's): its window is the wall time
 * from the server's acceptance to our commit — a network round trip to the SMTP server for the
 * 250 and another to the database — during which the process sits idle and a kill lands often;
 * each such kill re-sends a mail (listmonk #2070/#2313/#2591). "Mark sent, then send" with the
 * commit awaited before the dot has the mirror window (a lost mail): the crash test caught it on
 * PostgreSQL, where the commit's answer takes a round trip. Placing the two writes side by side
 * shrinks the window to the CPU time between two syscalls; it cannot vanish (the server's
 * acceptance and our commit are two systems: the two-generals problem), and the SMTP server
 * cannot deduplicate for us (it does not look at Message-IDs; the crash test's server counts every
 * arrival). A database failure after the dot (the COMMIT refused) would re-send that one mail;
 * it is logged. Rows 'sent' without a recorded 250 show as "not confirmed" on the progress page.
 *
 * Refusals: a 5xx (RCPT or the ".") is permanent: the row fails and the address's bounce
 * count grows (at BOUNCE_LIMIT it is 'bouncing' and never mailed again); a 4xx or a network
 * failure is retried with the outbox's backoff (30 s · 2ⁿ) up to MAX_ATTEMPTS. Rows whose
 * subscriber left (unsubscribed, bouncing) before their turn are skipped.
 */

export const BOUNCE_LIMIT = 2;
export const MAX_ATTEMPTS = 8;

export interface SenderOptions {
  smtpUrl: string | undefined;
  from: string;
  log: Logger;
  /** Mails per office per minute. */
  perMinute: number;
  /** How long a claim protects a row; must exceed one SMTP exchange. */
  leaseSeconds?: number;
  /** Rows claimed per short transaction. */
  batchSize?: number;
}

export interface RunResult {
  sent: number;
  refused: number;
  lost: number;
  /** The run ended with an office's campaign still sending and that office's budget for this minute spent. */
  limited: boolean;
}

export class NewsletterSender {
  private readonly link: SmtpLink | undefined;
  private readonly leaseSeconds: number;
  private readonly batchSize: number;
  private readonly envelopeFrom: string;
  private readonly log: Logger;
  private released = false;
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly links: LinkDeps,
    private readonly opts: SenderOptions,
  ) {
    this.link = opts.smtpUrl ? new SmtpLink(opts.smtpUrl) : undefined;
    this.leaseSeconds = Math.max(1, opts.leaseSeconds ?? 120);
    this.batchSize = Math.max(1, opts.batchSize ?? 50);
    this.envelopeFrom = envelopeAddress(opts.from);
    this.log = opts.log.child({ component: 'newsletter-sender' });
  }

  /** Sends every due row the rate limits allow now; returns what happened. */
  async runOnce(): Promise<RunResult> {
    const result: RunResult = { sent: 0, refused: 0, lost: 0, limited: false };
    if (!this.released && this.db.kind === 'pglite') {
      const n = await releaseLeases(this.db);
      if (n > 0) this.log.info({ released: n }, 'released newsletter leases of a previous process');
    }
    this.released = true;
    const campaigns = new Map<string, { c: Campaign; office: string }>();
    while (!this.stopping) {
      const offices = await officeBudgets(this.db, this.opts.perMinute, new Date());
      const budgets = offices.filter((o) => o.budget > 0);
      result.limited = budgets.length < offices.length;
      let claimed = 0;
      for (const { office_id, budget } of budgets) {
        if (this.stopping) break;
        const rows = await this.db.transaction((tx) =>
          claimDeliveries(tx, office_id, Math.min(this.batchSize, budget), this.leaseSeconds, new Date()),
        );
        claimed += rows.length;
        const claimedAt = Date.now();
        const accepted: ClaimedDelivery[] = [];
        for (const row of rows) {
          if (this.stopping) break;
          const key = `${row.office_id}/${row.campaign_id}`;
          let campaign = campaigns.get(key);
          if (!campaign) {
            const c = await findCampaign(this.db, row.office_id, row.campaign_id);
            if (!c) continue;
            campaign = { c, office: await officeName(this.db, row.office_id) };
            campaigns.set(key, campaign);
          }
          const outcome = await this.deliver(row, campaign.c, campaign.office, claimedAt);
          if (outcome === 'sent') {
            result.sent++;
            accepted.push(row);
          } else if (outcome === 'refused') result.refused++;
          else if (outcome === 'lost') result.lost++;
        }
        // The 250s, recorded after the batch (for the progress page; a crash before it only leaves them "not confirmed").
        if (accepted.length > 0) await markAccepted(this.db, accepted);
      }
      if (claimed === 0) break;
    }
    await finishCampaigns(this.db);
    return result;
  }

  private async deliver(row: ClaimedDelivery, c: Campaign, office: string, claimedAt: number): Promise<'sent' | 'refused' | 'lost'> {
    // A row late in a batch renews its lease before its exchange (a lost lease: someone else has it).
    if (Date.now() - claimedAt > (this.leaseSeconds * 1000) / 2 && !(await renewLease(this.db, row, this.leaseSeconds))) return 'lost';
    const mail = campaignText(this.links, c, office, row.script, { id: row.subscriber_id, nonce: row.link_nonce });
    if (!this.link) {
      // No SMTP_URL (development): the row is marked sent without a transport, as the outbox's devbox does.
      return (await markSentBeforeDot(this.db, row)) ? 'sent' : 'lost';
    }
    const raw = await composeMessage({
      from: this.opts.from,
      to: row.email,
      subject: mail.subject,
      text: mail.text,
      messageId: campaignMessageId(row.campaign_id, row.subscriber_id),
      headers: unsubscribeHeaders(mail.unsubscribe!),
    });
    try {
      await this.link.send(this.envelopeFrom, row.email, raw, (writeDot) =>
        this.db
          // The dot is written at the instant the COMMIT that marks the row 'sent' becomes durable.
          .transaction(
            (tx) => markSentBeforeDot(tx, row),
            (marked) => marked && writeDot(),
          )
          .catch((err: unknown) => {
            // The COMMIT failed after the dot was written: the row stays 'sending' and will be sent again.
            this.log.error(
              { campaign: row.campaign_id, subscriber: row.subscriber_id, err: describeError(err) },
              'newsletter commit failed',
            );
            throw err;
          }),
      );
      return 'sent';
    } catch (err) {
      if (err instanceof ClaimLost) {
        this.log.warn({ campaign: row.campaign_id, subscriber: row.subscriber_id }, 'newsletter claim lost before the final dot; not sent');
        return 'lost';
      }
      const e = err as SendError;
      const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
      const permanent = code !== undefined && code >= 500 && code < 600;
      const giveUp = permanent || row.attempts >= MAX_ATTEMPTS;
      const error = describeError(err);
      await this.db.transaction(async (tx) => {
        const marked = await markRefused(tx, row, { error, giveUp, retrySeconds: backoffSeconds(row.attempts), atDot: e.atDot === true });
        if (marked && permanent) await countBounce(tx, row.subscriber_id, BOUNCE_LIMIT);
      });
      this.log.warn(
        { campaign: row.campaign_id, subscriber: row.subscriber_id, attempts: row.attempts, permanent, giveUp, error },
        'newsletter mail refused',
      );
      return 'refused';
    }
  }

  /** When something is next due (null: nothing), for a sleep. */
  nextDue(): Promise<Date | null> {
    return nextDue(this.db);
  }

  stop(): void {
    this.stopping = true;
  }

  close(): void {
    this.link?.close();
  }
}

/** The sender as the app runs it: what it needs of the configuration. */
export function createSender(
  db: Db,
  config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'SECRET' | 'BASE_URL' | 'NEWSLETTER_PER_MINUTE'>,
  log: Logger,
  extra: Partial<Pick<SenderOptions, 'leaseSeconds' | 'batchSize'>> = {},
): NewsletterSender {
  return new NewsletterSender(
    db,
    { config },
    { smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, log, perMinute: config.NEWSLETTER_PER_MINUTE, ...extra },
  );
}

/** How often the background sender looks for work (a "send" is picked up within this). */
export const SENDER_POLL_MS = 2_000;

/**
 * The background job (declared in the newsletter's entry of src/app.ts): runs the sender every
 * SENDER_POLL_MS in every app process with MAIL_WORKER on; several processes share the work
 * through the claims. Returns the function that stops it, letting the mail in hand finish.
 */
export const startNewsletterSender: BackgroundJob = (deps) => {
  if (!deps.config.MAIL_WORKER) return async () => {};
  const sender = createSender(deps.db, deps.config, deps.log);
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = sender
      .runOnce()
      .then((r) => {
        if (r.sent + r.refused + r.lost > 0) deps.log.info({ job: 'newsletter', ...r }, 'job run');
      })
      .catch((err: unknown) => deps.log.error({ err: describeError(err) }, 'newsletter run failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, SENDER_POLL_MS);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    sender.stop();
    await running;
    sender.close();
  };
};
