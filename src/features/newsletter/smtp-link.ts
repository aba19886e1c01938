import { Readable } from 'node:stream';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';

/**
 * One SMTP connection for the newsletter sender, reused mail after mail, built on nodemailer's
 * own SMTP client (SMTPConnection) rather than its transport, for one reason: the transport
 * writes the final "." of DATA by itself, and the sender must decide the moment of that dot
 * (see sender.ts). Here the message is a stream that, once the server has taken the envelope
 * (250 to RCPT, 354 to DATA) and the message bytes, calls `beforeDot(writeDot)`; the stream ends
 * — and nodemailer writes "\r\n.\r\n" — only when the caller calls writeDot(), within the same
 * JavaScript turn as whatever it does then (the ending runs on process.nextTick, no I/O between).
 */

/** The sender's claim was lost before the dot (beforeDot resolved false): not sent; the server discards the unfinished DATA. */
export class ClaimLost extends Error {
  constructor() {
    super('claim lost before the end of DATA');
  }
}

/** An SMTP refusal or a connection failure; `atDot`: the server refused the final "." itself (everything before was accepted). */
export type SendError = Error & { responseCode?: number; code?: string; atDot?: boolean };

const TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000, dnsTimeout: 30_000 };

export class SmtpLink {
  private ready: Promise<SMTPConnection> | undefined;
  private conn: SMTPConnection | undefined;

  constructor(private readonly url: string) {
    if (!/^smtps?:\/\//i.test(url)) throw new Error('SMTP_URL must start with smtp:// or smtps://');
  }

  private open(): Promise<SMTPConnection> {
    if (this.ready) return this.ready;
    const u = new URL(this.url);
    const secure = u.protocol.toLowerCase() === 'smtps:';
    const ready = (async () => {
      const { default: Connection } = await import('nodemailer/lib/smtp-connection');
      const conn = new Connection({ host: u.hostname, port: Number(u.port) || (secure ? 465 : 587), secure, ...TIMEOUTS, logger: false });
      this.conn = conn;
      // A dropped connection is noticed by the next send, which opens a new one.
      conn.on('error', () => this.drop(conn));
      conn.on('end', () => this.drop(conn));
      await new Promise<void>((resolve, reject) => {
        conn.once('error', reject);
        conn.connect(() => {
          conn.off('error', reject);
          resolve();
        });
      });
      if (u.username) {
        await new Promise<void>((resolve, reject) =>
          conn.login({ user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }, (err) =>
            err ? reject(err) : resolve(),
          ),
        );
      }
      return conn;
    })();
    this.ready = ready;
    ready.catch(() => {
      if (this.ready === ready) this.ready = undefined;
    });
    return ready;
  }

  private drop(conn: SMTPConnection | undefined = this.conn): void {
    if (conn && conn === this.conn) {
      this.conn = undefined;
      this.ready = undefined;
    }
    try {
      conn?.close();
    } catch {
      // already closed
    }
  }

  /**
   * Sends one message. Resolves once the server answered 250 to the final "."; rejects with a
   * SendError (atDot when that answer was a refusal), or ClaimLost when beforeDot() resolved false
   * without calling writeDot. `dotWritten` tells afterwards whether writeDot was called.
   */
  async send(from: string, to: string, raw: Buffer, beforeDot: (writeDot: () => void) => Promise<boolean>): Promise<void> {
    const conn = await this.open();
    let phase: 'envelope' | 'data' | 'deciding' | 'dot' | 'aborted' = 'envelope';
    let lost = false;
    const message = new Readable({
      read() {
        if (phase === 'envelope') {
          // Piped only after the server's 354: the envelope is accepted.
          phase = 'data';
          this.push(raw);
          return;
        }
        if (phase !== 'data') return;
        phase = 'deciding';
        const writeDot = () => {
          if (phase !== 'deciding') return;
          phase = 'dot';
          this.push(null);
        };
        beforeDot(writeDot).then(
          (ok) => {
            if (ok) return writeDot();
            if (phase === 'dot') return;
            phase = 'aborted';
            lost = true;
            this.destroy(new ClaimLost());
          },
          (err: unknown) => {
            if (phase === 'dot') return;
            phase = 'aborted';
            this.destroy(err instanceof Error ? err : new Error(String(err)));
          },
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      conn.send({ from, to: [to] }, message, (err) => {
        if (!err) return resolve();
        // After any refusal or failure the connection is closed and the next mail opens a new one:
        // an unfinished DATA is discarded by the server, and no half-done transaction lingers.
        this.drop(conn);
        if (lost) return reject(new ClaimLost());
        reject(Object.assign(err as SendError, { atDot: phase === 'dot' }));
      });
    });
  }

  close(): void {
    const conn = this.conn;
    this.conn = undefined;
    this.ready = undefined;
    try {
      conn?.quit();
    } catch {
      conn?.close();
    }
  }
}

/** The message bytes (RFC 5322) as nodemailer's MailComposer writes them: UTF-8, quoted-printable, encoded-word headers. */
export async function composeMessage(m: {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}): Promise<Buffer> {
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  return new MailComposer({
    from: m.from,
    to: { name: '', address: m.to },
    subject: m.subject,
    text: m.text,
    messageId: m.messageId,
    headers: m.headers,
    disableFileAccess: true,
    disableUrlAccess: true,
  })
    .compile()
    .build();
}

/** The bare address of a From value such as 'KZM <no-reply@kzm.localhost>' (the envelope sender). */
export function envelopeAddress(from: string): string {
  return (/<([^<>\s]+)>/.exec(from)?.[1] ?? from).trim();
}
