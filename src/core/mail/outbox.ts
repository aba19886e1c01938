import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/db.ts';
import type { Logger } from '../log.ts';
import { loadAttachment, storeAttachment, type OutgoingAttachment, type StoredAttachment } from './attachments.ts';
import type { MailTransport } from './transport.ts';

/**
 * Durable mail outbox. A mail is written to `outbox` in the same transaction as the change
 * that causes it (so it exists iff that change committed); MailWorker sends it afterwards.
 *
 * Delivery is at-least-once towards the SMTP server with these guarantees:
 * - a row is only sent by the worker holding its lease (`locked_until`), and the lease is
 *   fenced by `attempts` (every claim increments it), so a worker whose lease was taken over
 *   never sends or marks the row;
 * - the row is marked sent right after the transport accepted it.
 * Only a crash (or a lost database) between the server's acceptance and that update can
 * cause a second delivery, after the lease expires; the stable Message-ID lets the receiving
 * side recognise it.
 */

export const OUTBOX_CHANNEL = 'kzm_outbox';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: OutgoingAttachment[];
  /** Extra header lines (e.g. the newsletter's List-Unsubscribe); line breaks are folded away. */
  headers?: Readonly<Record<string, string>>;
}

/** An outbox row's content, as enqueueMail inserts it (registration_take_seat inserts one from this JSON too). */
export interface OutboxRow {
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string | null;
  message_id: string;
  attachments: StoredAttachment[];
  headers: Record<string, string>;
}

/** Checks and normalises a mail into the row the outbox keeps (a fresh Message-ID each call). */
export function outboxRow(mail: OutgoingMail): OutboxRow {
  const to = mail.to.trim();
  if (!to || /[\s,;<>]/.test(to)) throw new Error('enqueueMail: `to` must be one bare e-mail address');
  return {
    recipient: to,
    // A header line never carries line breaks; fold them into spaces here.
    subject: mail.subject.replace(/[\r\n]+/g, ' '),
    body_text: mail.text,
    body_html: mail.html ?? null,
    message_id: `<${randomUUID()}@kzm>`,
    attachments: (mail.attachments ?? []).map(storeAttachment),
    headers: Object.fromEntries(Object.entries(mail.headers ?? {}).map(([k, v]) => [k, v.replace(/[\r\n]+/g, ' ')])),
  };
}

/** Inserts the mail with the caller's transaction and wakes workers when it commits. */
export async function enqueueMail(q: Queryable, mail: OutgoingMail): Promise<void> {
  const row = outboxRow(mail);
  await q.query(
    `INSERT INTO outbox (recipient, subject, body_text, body_html, message_id, attachments, headers)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      row.recipient,
      row.subject,
      row.body_text,
      row.body_html,
      row.message_id,
      JSON.stringify(row.attachments),
      JSON.stringify(row.headers),
    ],
  );
  // Delivered to listeners at commit; dropped with a rollback.
  await q.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
}

export interface DevMailboxEntry {
  id: number;
  recipient: string;
  subject: string;
  body_text: string;
  created_at: Date;
  sent_at: Date | null;
  transport: string | null;
}

/**
 * The newest mails for the admin development-mailbox page. The bodies hold live links
 * (confirmation, password reset), so only show this where SMTP_URL is unset.
 */
export async function listDevMailbox(db: Queryable, limit = 50): Promise<DevMailboxEntry[]> {
  return db.query<DevMailboxEntry>(
    `SELECT id, recipient, subject, body_text, created_at, sent_at, transport
       FROM outbox
      ORDER BY created_at DESC, id DESC
      LIMIT $1`,
    [Math.max(1, Math.min(1000, Math.floor(limit)))],
  );
}

export interface MailWorkerOptions {
  from: string;
  log: Logger;
  /** Fallback poll interval when no NOTIFY arrives (and for retries coming due). */
  pollMs?: number;
  /** Attempts before a mail is given up (failed_at set). */
  maxAttempts?: number;
  /** How long a claim protects a mail from other workers; must exceed one send. */
  leaseSeconds?: number;
  /** Mails claimed per short claiming transaction. */
  batchSize?: number;
}

interface ClaimedRow {
  id: number;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string | null;
  message_id: string;
  attempts: number;
  attachments: StoredAttachment[];
  headers: Record<string, string> | null;
}

const BACKOFF_BASE_SECONDS = 30;
const BACKOFF_MAX_SECONDS = 6 * 60 * 60;

/** 30 s · 2^(attempts-1), capped at 6 h. */
export function backoffSeconds(attempts: number): number {
  const n = Math.max(1, attempts);
  return Math.min(BACKOFF_BASE_SECONDS * 2 ** Math.min(n - 1, 30), BACKOFF_MAX_SECONDS);
}

/**
 * A short description of a send error for `last_error` and the log: error code, SMTP reply
 * code and message with any e-mail address removed (servers echo recipients in replies).
 */
export function describeError(err: unknown): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; responseCode?: unknown; message?: unknown };
  const parts: string[] = [];
  if (typeof e.code === 'string') parts.push(e.code);
  if (typeof e.responseCode === 'number') parts.push(String(e.responseCode));
  const message = typeof e.message === 'string' ? e.message : typeof err === 'string' ? err : '';
  const clean = message
    .replace(/<[^<>\s]*@[^<>\s]*>/g, '<[address]>')
    .replace(/[^\s<>()"',;:]+@[^\s<>()"',;:]+/g, '[address]')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean) parts.push(clean);
  const text = parts.join(' ') || 'unknown error';
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class MailWorker {
  private readonly db: Db;
  private readonly transport: MailTransport;
  private readonly from: string;
  private readonly log: Logger;
  private readonly pollMs: number;
  private readonly maxAttempts: number;
  private readonly leaseSeconds: number;
  private readonly batchSize: number;

  private started = false;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  /** The background loop started by NOTIFY / the poll timer, if running. */
  private loop: Promise<void> | undefined;
  private rerun = false;
  private readonly inflight = new Set<Promise<number>>();

  constructor(db: Db, transport: MailTransport, opts: MailWorkerOptions) {
    this.db = db;
    this.transport = transport;
    this.from = opts.from;
    this.log = opts.log.child({ component: 'mail-worker', transport: transport.name });
    this.pollMs = opts.pollMs ?? 5000;
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 8);
    this.leaseSeconds = Math.max(1, opts.leaseSeconds ?? 300);
    this.batchSize = Math.max(1, opts.batchSize ?? 10);
  }

  /** LISTENs on kzm_outbox, starts the fallback poll and catches up on queued mail. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.db.kind === 'pglite') {
      // A PGlite data directory belongs to one process, so a lease found at start was left by
      // a process that died: release it now instead of waiting for it to expire. Sent rows are
      // untouched, so this cannot cause a second delivery.
      const released = await this.db.query(
        'UPDATE outbox SET locked_until = NULL WHERE sent_at IS NULL AND failed_at IS NULL AND locked_until > now() RETURNING id',
      );
      if (released.length) this.log.info({ released: released.length }, 'released leases of a previous process');
    }
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    try {
      this.unlisten = await this.db.listen(OUTBOX_CHANNEL, () => this.kick());
    } catch (err) {
      // Polling alone still delivers, only later.
      this.log.warn({ err: describeError(err) }, 'mail worker could not LISTEN; polling only');
    }
    if (!this.started) {
      // stop() ran while we were subscribing.
      await this.unlisten?.();
      this.unlisten = undefined;
      return;
    }
    this.log.info({ pollMs: this.pollMs }, 'mail worker started');
    this.kick();
  }

  /** Stops listening and polling; resolves once the batch in flight is finished. */
  async stop(): Promise<void> {
    const wasStarted = this.started;
    this.started = false;
    this.stopping = true;
    try {
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
      const unlisten = this.unlisten;
      this.unlisten = undefined;
      await unlisten?.().catch(() => {});
      await this.idle();
    } finally {
      this.stopping = false;
    }
    if (wasStarted) this.log.info('mail worker stopped');
  }

  /** Resolves when no run of this worker is in flight. */
  async idle(): Promise<void> {
    while (this.loop || this.inflight.size > 0) {
      await Promise.allSettled([this.loop, ...this.inflight]);
    }
  }

  /**
   * Sends every due mail; returns how many were sent. Safe to call concurrently from
   * several workers and processes: each mail is sent only by the worker holding its lease.
   */
  async runOnce(): Promise<number> {
    const run = this.drain();
    this.inflight.add(run);
    try {
      return await run;
    } finally {
      this.inflight.delete(run);
    }
  }

  /** Runs in the background on NOTIFY / poll; concurrent wake-ups coalesce into one more pass. */
  private kick(): void {
    if (!this.started) return;
    if (this.loop) {
      this.rerun = true;
      return;
    }
    this.loop = (async () => {
      try {
        do {
          this.rerun = false;
          await this.runOnce();
        } while (this.rerun && this.started);
      } catch (err) {
        this.log.error({ err: describeError(err) }, 'mail worker run failed');
      } finally {
        this.loop = undefined;
      }
    })();
  }

  private async drain(): Promise<number> {
    let sent = 0;
    let failed = 0;
    // Batch after batch until nothing is due; stop() lets the batch in hand finish.
    while (!this.stopping) {
      const batch = await this.claim();
      if (batch.length === 0) break;
      for (const row of batch) {
        if (await this.deliver(row)) sent++;
        else failed++;
      }
    }
    if (sent > 0 || failed > 0) this.log.info({ sent, failed }, 'outbox run');
    return sent;
  }

  /** Short transaction: takes due, unleased rows, leases them and counts the attempt. */
  private async claim(): Promise<ClaimedRow[]> {
    const rows = await this.db.transaction(async (tx) => {
      // Rows that exhausted their attempts without a recorded failure (a worker died while
      // sending them, or maxAttempts was lowered) are given up here.
      await tx.query(
        `UPDATE outbox
            SET failed_at = now(), locked_until = NULL,
                last_error = coalesce(last_error, 'attempts exhausted')
          WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
            AND attempts >= $1
            AND (locked_until IS NULL OR locked_until < now())`,
        [this.maxAttempts],
      );
      return tx.query<ClaimedRow>(
        `WITH due AS (
           SELECT id FROM outbox
            WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
              AND (locked_until IS NULL OR locked_until < now())
              AND attempts < $3
            ORDER BY next_attempt_at, id
            LIMIT $1
            FOR UPDATE SKIP LOCKED
         )
         UPDATE outbox o
            SET locked_until = now() + $2::double precision * interval '1 second',
                attempts = o.attempts + 1
           FROM due
          WHERE o.id = due.id
         RETURNING o.id, o.recipient, o.subject, o.body_text, o.body_html, o.message_id, o.attempts, o.attachments, o.headers`,
        [this.batchSize, this.leaseSeconds, this.maxAttempts],
      );
    });
    rows.sort((a, b) => a.id - b.id);
    if (rows.length > 0) this.log.debug({ ids: rows.map((r) => r.id) }, 'outbox claimed');
    return rows;
  }

  /** Sends one claimed row; true when the transport accepted it and it was marked sent. */
  private async deliver(row: ClaimedRow): Promise<boolean> {
    // Renew the lease just before sending (the rows later in a batch have waited), and check
    // that it is still ours: any other claim would have incremented attempts.
    const held = await this.db.query(
      `UPDATE outbox SET locked_until = now() + $3::double precision * interval '1 second'
        WHERE id = $1 AND attempts = $2 AND sent_at IS NULL AND failed_at IS NULL
       RETURNING id`,
      [row.id, row.attempts, this.leaseSeconds],
    );
    if (held.length === 0) {
      this.log.warn({ outboxId: row.id, attempts: row.attempts }, 'outbox lease lost before sending; skipped');
      return false;
    }

    try {
      // A QR code is drawn here, when the mail goes out, not when it was queued.
      const attachments = await Promise.all(row.attachments.map(loadAttachment));
      await this.transport.send({
        from: this.from,
        to: row.recipient,
        subject: row.subject,
        text: row.body_text,
        ...(row.body_html !== null ? { html: row.body_html } : {}),
        ...(attachments.length > 0 ? { attachments } : {}),
        messageId: row.message_id,
        ...(row.headers && Object.keys(row.headers).length > 0 ? { headers: row.headers } : {}),
      });
    } catch (err) {
      await this.markFailed(row, describeError(err));
      return false;
    }

    await this.markSent(row);
    return true;
  }

  private async markSent(row: ClaimedRow): Promise<void> {
    // The server has the mail: record that even if the lease was lost meanwhile, so nobody
    // sends it again. Retried briefly, since failing here means a second delivery later.
    for (let attempt = 1; ; attempt++) {
      try {
        const rows = await this.db.query<{ attempts: number }>(
          `UPDATE outbox SET sent_at = now(), transport = $2, locked_until = NULL, failed_at = NULL, attachments = '[]'
            WHERE id = $1 AND sent_at IS NULL
           RETURNING attempts`,
          [row.id, this.transport.name],
        );
        const now = rows[0];
        if (!now) this.log.warn({ outboxId: row.id }, 'outbox row was already marked sent');
        else if (now.attempts !== row.attempts) this.log.warn({ outboxId: row.id }, 'outbox lease was lost during send');
        else this.log.debug({ outboxId: row.id, attempts: row.attempts }, 'outbox sent');
        return;
      } catch (err) {
        if (attempt >= 3) {
          this.log.error({ outboxId: row.id, err: describeError(err) }, 'outbox could not mark a sent mail');
          throw err;
        }
        await sleep(attempt * 500);
      }
    }
  }

  private async markFailed(row: ClaimedRow, error: string): Promise<void> {
    const giveUp = row.attempts >= this.maxAttempts;
    const delay = backoffSeconds(row.attempts);
    const rows = await this.db.query(
      `UPDATE outbox
          SET last_error = $3, locked_until = NULL,
              next_attempt_at = now() + $4::double precision * interval '1 second',
              failed_at = CASE WHEN $5::boolean THEN now() ELSE NULL END
        WHERE id = $1 AND attempts = $2 AND sent_at IS NULL
       RETURNING id`,
      [row.id, row.attempts, error, delay, giveUp],
    );
    if (rows.length === 0) {
      this.log.warn({ outboxId: row.id }, 'outbox lease lost before recording a failure');
    } else if (giveUp) {
      this.log.error({ outboxId: row.id, attempts: row.attempts, error }, 'outbox mail given up');
    } else {
      this.log.warn({ outboxId: row.id, attempts: row.attempts, retryInSeconds: delay, error }, 'outbox send failed');
    }
  }
}
