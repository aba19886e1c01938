import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 that keeps what it receives, and the small MIME reader
 * that decodes it (quoted-printable, base64, RFC 2047 headers) — enough to read subjects,
 * bodies and links. Shared by the outbox tests and the browser tests.
 */

// ── A minimal MIME reader (mailparser is not installed) ─────────────────────

export interface ParsedPart {
  headers: Map<string, string>;
  /** Decoded text of a single part; '' for multipart. */
  text: string;
  parts: ParsedPart[];
}

/** Bytes of a latin1 "binary" string read as UTF-8. */
const utf8 = (binary: string) => Buffer.from(binary, 'latin1').toString('utf8');

function decodeQuotedPrintable(s: string, underscoreIsSpace: boolean): Buffer {
  const src = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '_' && underscoreIsSpace) {
      bytes.push(0x20);
    } else {
      bytes.push(src.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047: adjacent encoded-words join (their bytes, so split characters survive). */
export function decodeHeader(value: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  let out = '';
  let last = 0;
  let pending: Buffer[] = [];
  const flush = () => {
    if (pending.length) out += Buffer.concat(pending).toString('utf8');
    pending = [];
  };
  for (let m = word.exec(value); m; m = word.exec(value)) {
    const between = value.slice(last, m.index);
    if (!(pending.length && /^\s*$/.test(between))) {
      flush();
      out += utf8(between);
    }
    const [, charset, enc, data] = m as unknown as [string, string, string, string];
    assert.match(charset, /^utf-8$/i);
    pending.push(enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQuotedPrintable(data, true));
    last = m.index + m[0].length;
  }
  flush();
  return out + utf8(value.slice(last));
}

export function parseMime(raw: string): ParsedPart {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const chunks = body.split(`--${boundary}`).slice(1);
    const parts = chunks.filter((c) => !c.startsWith('--')).map((c) => parseMime(c.replace(/^\r\n/, '').replace(/\r\n$/, '')));
    return { headers, text: '', parts };
  }
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const text =
    cte === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : cte === 'quoted-printable'
        ? decodeQuotedPrintable(body, false).toString('utf8')
        : utf8(body);
  return { headers, text, parts: [] };
}

export function findPart(p: ParsedPart, mime: string): ParsedPart | undefined {
  if (!p.parts.length) return (p.headers.get('content-type') ?? 'text/plain').toLowerCase().startsWith(mime) ? p : undefined;
  for (const c of p.parts) {
    const f = findPart(c, mime);
    if (f) return f;
  }
  return undefined;
}

// ── A real SMTP server on 127.0.0.1 ─────────────────────────────────────────

export interface Received {
  messageId: string;
  subject: string;
  from: string;
  to: string;
  rcptTo: string[];
  text: string;
  html: string | undefined;
  raw: string;
}

export interface TestSmtp {
  url: string;
  /** Accepted messages, in arrival order. */
  received: Received[];
  /** Every DATA seen (accepted or refused), by Message-ID. */
  tries: Map<string, number>;
  /** Returns an SMTP reply code to refuse this delivery, or undefined to accept it. */
  policy: (messageId: string, nthTry: number) => number | undefined;
  /** Delay before answering DATA, to make concurrent workers overlap. */
  delayMs: number;
  /** Returns an SMTP reply code to refuse this recipient at RCPT TO (e.g. 550), or undefined to accept it. */
  rcptPolicy: (address: string) => number | undefined;
  /**
   * Resolves with the first accepted message to `to` (envelope recipient) that arrives after
   * `since` messages had been received; rejects with what did arrive if none comes in `waitMs`.
   */
  waitForMail(to: string, opts?: { since?: number; waitMs?: number }): Promise<Received>;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const state: Omit<TestSmtp, 'url' | 'close' | 'waitForMail'> = {
    received: [],
    tries: new Map(),
    policy: () => undefined,
    delayMs: 0,
    rcptPolicy: () => undefined,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 500,
    onRcptTo(address, _session, callback) {
      const code = state.rcptPolicy(address.address);
      if (code === undefined) return callback();
      callback(Object.assign(new Error(`Mailbox <${address.address}> unavailable`), { responseCode: code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        const mime = parseMime(raw);
        const messageId = mime.headers.get('message-id') ?? '';
        const nth = (state.tries.get(messageId) ?? 0) + 1;
        state.tries.set(messageId, nth);
        const rcptTo = session.envelope.rcptTo.map((a) => a.address);
        setTimeout(() => {
          const code = state.policy(messageId, nth);
          if (code !== undefined) {
            // Servers echo the recipient; the outbox must not store it in last_error.
            const err = Object.assign(new Error(`Try again later, mailbox <${rcptTo[0]}> is busy`), { responseCode: code });
            callback(err);
            return;
          }
          state.received.push({
            messageId,
            subject: decodeHeader(mime.headers.get('subject') ?? ''),
            from: decodeHeader(mime.headers.get('from') ?? ''),
            to: decodeHeader(mime.headers.get('to') ?? ''),
            rcptTo,
            text: findPart(mime, 'text/plain')?.text ?? '',
            html: findPart(mime, 'text/html')?.text,
            raw,
          });
          callback(null, 'Queued');
        }, state.delayMs);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A client that dies mid-session (the crash tests kill the sender) resets its connection:
  // smtp-server reports that as an 'error' event, which is the client's end, not the server's.
  server.on('error', (err: Error & { code?: string }) => {
    if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') throw err;
  });
  const port = (server.server.address() as AddressInfo).port;
  const waitForMail: TestSmtp['waitForMail'] = async (to, opts = {}) => {
    const since = opts.since ?? 0;
    const deadline = Date.now() + (opts.waitMs ?? 15_000);
    const match = (m: Received) => m.rcptTo.some((a) => a.toLowerCase() === to.toLowerCase());
    for (;;) {
      const found = state.received.slice(since).find(match);
      if (found) return found;
      // A bound only so a lost mail fails with a message instead of hanging the run.
      if (Date.now() > deadline) {
        const seen = state.received.map((m) => `${m.rcptTo.join(',')}: ${m.subject}`).join('\n  ');
        throw new Error(`No mail to ${to} arrived at the test SMTP server. Received:\n  ${seen || '(nothing)'}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return Object.assign(state, {
    url: `smtp://127.0.0.1:${port}`,
    waitForMail,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
