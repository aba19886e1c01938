import type { Socket } from 'node:net';
import { Readable, type Transform } from 'node:stream';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';

/**
 * One SMTP connection for the newsletter sender, reused mail after mail, built on nodemailer's
 * own SMTP client (SMTPConnection) rather than its transport, for one reason: the transport
 * writes the final "." of DATA by itself, through its stream machinery (several process.nextTick
 * turns after the message ends), and the sender must decide the very moment of that dot (see
 * sender.ts). nodemailer still speaks the protocol — greeting, EHLO, STARTTLS, AUTH, MAIL FROM,
 * RCPT TO, DATA — and reads every reply, the server's answer to the dot included; only the
 * message bytes are written here: once the server answered 354, the message, dot-stuffed by
 * nodemailer's own DataStream, is written to the socket, and when it has reached the kernel
 * `beforeDot(writeDot)` is called. writeDot() writes the terminating "." line (with the line
 * break the message lacked, if any) to the socket in that same call — one write(2) — so the
 * caller can place it right beside another write.
 */

/** The two fields of nodemailer's SMTPConnection this module uses: its current socket (after STARTTLS, the TLS one) and the DATA stream it piped into it. */
interface ConnectionInternals {
  _socket?: Socket;
  _currentDataStream?: (Transform & { lastByte?: number | false }) | false;
}

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
   * Sends one message. Resolves once the server answered 250 to the final "." and beforeDot's
   * promise has settled; rejects (also only after that) with a SendError (atDot when that answer
   * was a refusal), or ClaimLost when beforeDot() resolved false without calling writeDot.
   * writeDot() may be called at most once, synchronously at the moment the caller chooses while
   * beforeDot's promise is pending (or it is called when that promise resolves true); it writes
   * the dot before it returns.
   */
  async send(from: string, to: string, raw: Buffer, beforeDot: (writeDot: () => void) => Promise<boolean>): Promise<void> {
    const conn = await this.open();
    let phase: 'envelope' | 'data' | 'deciding' | 'dot' | 'aborted' = 'envelope';
    let lost = false;
    // The caller's decision (its transaction) once asked; the send settles only after it has.
    let decided: Promise<void> = Promise.resolve();
    const message = new Readable({
      read() {
        if (phase !== 'envelope') return;
        // Called once nodemailer has piped this stream into its DataStream, after the server's 354.
        phase = 'data';
        let io: { socket: Socket; dot: Buffer; written: Promise<boolean> };
        try {
          io = takeOverData(conn as unknown as ConnectionInternals, raw);
        } catch (err) {
          phase = 'aborted';
          this.destroy(err as Error);
          return;
        }
        const decide = () => {
          // A connection that failed meanwhile: nodemailer reports it, and the row is tried again.
          if (phase !== 'data' || io.socket.destroyed || !io.socket.writable) return;
          phase = 'deciding';
          const writeDot = () => {
            if (phase !== 'deciding') return;
            phase = 'dot';
            io.socket.write(io.dot);
            // nodemailer's DataStream, no longer piped to the socket, ends into nothing.
            this.push(null);
          };
          decided = beforeDot(writeDot).then(
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
        };
        // The dot's write must be a write(2) of its own, at once: the message's bytes reach the kernel first.
        if (io.socket.writableLength === 0) decide();
        else void io.written.then((ok) => ok && decide());
      },
    });
    const failure = await new Promise<Error | undefined>((resolve) =>
      conn.send({ from, to: [to] }, message, (err) => {
        if (!err) return resolve(undefined);
        // After any refusal or failure the connection is closed and the next mail opens a new one:
        // an unfinished DATA is discarded by the server, and no half-done transaction lingers.
        this.drop(conn);
        resolve(lost ? new ClaimLost() : Object.assign(err as SendError, { atDot: phase === 'dot' }));
      }),
    );
    // The server's answer to the dot can arrive before the database has answered the COMMIT that
    // went out beside it (PostgreSQL on a busy machine: the database is a process of its own).
    // The caller records that answer against the committed row (a refusal takes 'sent' back), so
    // it hears of it only once its transaction has settled: a statement sent sooner would still
    // see the row as it was before the commit, match nothing, and leave a refused mail 'sent'.
    await decided;
    if (failure) throw failure;
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

/**
 * Takes the DATA phase out of nodemailer's stream pipeline: its DataStream is unpiped from the
 * socket (as nodemailer's own close() does), the message is dot-stuffed by that same DataStream
 * (one synchronous write and read: CRLF line ends, a leading "." doubled) and written to the
 * socket here. Returns the socket, the terminator the DataStream's _flush would have written, and
 * whether the message's bytes were written (once the socket took them).
 */
function takeOverData(conn: ConnectionInternals, raw: Buffer): { socket: Socket; dot: Buffer; written: Promise<boolean> } {
  const socket = conn._socket;
  const data = conn._currentDataStream;
  if (!socket || !data || typeof data.unpipe !== 'function') {
    throw new Error('nodemailer SMTPConnection internals changed: no _socket or _currentDataStream during DATA');
  }
  data.unpipe(socket);
  data.write(raw);
  const stuffed = raw.length > 0 ? (data.read() as Buffer | null) : Buffer.alloc(0);
  if (raw.length > 0 && (!stuffed || data.readableLength !== 0)) throw new Error('nodemailer DataStream did not transform synchronously');
  // From here on, what the DataStream emits (its own terminator, when the message stream ends) goes nowhere.
  data.resume();
  const last = data.lastByte;
  const dot = Buffer.from(last === 0x0a ? '.\r\n' : last === 0x0d ? '\n.\r\n' : '\r\n.\r\n');
  const written = new Promise<boolean>((resolve) => socket.write(stuffed ?? Buffer.alloc(0), (err) => resolve(!err)));
  return { socket, dot, written };
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
