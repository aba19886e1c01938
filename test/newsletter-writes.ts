import fs from 'node:fs';
import net from 'node:net';

/**
 * The newsletter sender's two durable writes, watched in the process that runs it: the write
 * that commits (on PGlite the WAL write to pg_wal/, fs.writeSync as PGlite's file system makes
 * it; on PostgreSQL the socket write carrying COMMIT) and the socket write of the final "." that
 * ends a DATA. Used by the window probe (test/newsletter-window.ts), which times the gap between
 * them, and by the crash test's sender (test/newsletter-sender.ts), which logs each window so the
 * test knows whether a kill fell inside one. Hooks run synchronously around each system call;
 * `messageId` names the message whose bytes went to the SMTP server last and still wait for their
 * dot (undefined between messages).
 */
export interface DurableWrites {
  beforeCommit?(messageId: string | undefined): void;
  afterCommit?(messageId: string | undefined): void;
  beforeDot?(messageId: string | undefined): void;
  afterDot?(messageId: string | undefined): void;
}

const COMMIT = Buffer.from('COMMIT\0');
const DOT = Buffer.from('.\r\n');
const CRLF_DOT = Buffer.from('\r\n.\r\n');

export function watchDurableWrites(w: DurableWrites): void {
  let pending: string | undefined;

  const walFds = new Set<number>();
  const openSync = fs.openSync;
  fs.openSync = function (this: unknown, ...args: Parameters<typeof fs.openSync>) {
    const fd = openSync.apply(this, args);
    if (/\/pg_wal\/[0-9A-F]{24}$/.test(String(args[0]))) walFds.add(fd);
    return fd;
  } as typeof fs.openSync;
  const writeSync = fs.writeSync;
  fs.writeSync = function (this: unknown, ...args: unknown[]) {
    const wal = walFds.has(args[0] as number);
    if (wal) w.beforeCommit?.(pending);
    const n = (writeSync as (...a: unknown[]) => number).apply(this, args);
    if (wal) w.afterCommit?.(pending);
    return n;
  } as typeof fs.writeSync;

  const proto = net.Socket.prototype as unknown as { _writeGeneric(writev: boolean, data: unknown, ...rest: unknown[]): unknown };
  const writeGeneric = proto._writeGeneric;
  proto._writeGeneric = function (this: net.Socket, writev: boolean, data: unknown, ...rest: unknown[]) {
    const chunks = (writev ? (data as unknown[]) : [data]).map((c) => {
      const x = Buffer.isBuffer(c) || typeof c === 'string' ? c : (c as { chunk: Buffer | string }).chunk;
      return typeof x === 'string' ? Buffer.from(x, 'latin1') : x;
    });
    const last = chunks.at(-1);
    const commit = chunks.some((c) => c.includes(COMMIT));
    const dot = !commit && last !== undefined && (last.equals(DOT) || last.subarray(-5).equals(CRLF_DOT));
    if (commit) w.beforeCommit?.(pending);
    if (dot) w.beforeDot?.(pending);
    const r = writeGeneric.call(this, writev, data, ...rest);
    if (commit) w.afterCommit?.(pending);
    if (dot) {
      w.afterDot?.(pending);
      pending = undefined;
    } else if (!commit) {
      // A message's bytes (written whole before its dot, sender.ts): its Message-ID is the one pending.
      const id = /^Message-ID:\s*(<[^>\s]+>)/im.exec(Buffer.concat(chunks).toString('latin1'))?.[1];
      if (id) pending = id;
    }
    return r;
  };
}
