import { parentPort, workerData } from 'node:worker_threads';
import { collectWhenQuiet } from '../memory.ts';
import { ARRAY_TYPES_SQL, openPglite, type RawQueryable } from './db.ts';
import type { PgliteRequest, PgliteReply, PgliteWorkerData } from './pglite-thread.ts';

/**
 * The worker side of core/db/pglite-thread.ts: PGlite opened here, on a thread of its own, and
 * driven through the in-process driver (openPglite: prepared statements, PGlite's transaction
 * lock), so the SQL behaves exactly as in-process. A transaction is a session held here: 'begin'
 * enters PGlite's transaction() and answers with its number once it holds the lock; the
 * statements name that number; 'end' commits (or rolls back) and answers when done.
 */
const port = parentPort!;
const init = workerData as PgliteWorkerData;

const ROLLBACK = Symbol('rollback');
const transactions = new Map<number, { tx: RawQueryable; finish: (commit: boolean) => void; endId: number | null }>();
const listeners = new Map<number, () => Promise<void>>();
let counter = 0;

const reply = (r: PgliteReply) => port.postMessage(r);

/** A database error as plain data: its message and own fields (code, constraint, detail …). */
function errorData(err: unknown): { message: string; fields: Record<string, unknown> } {
  if (!(err instanceof Error)) return { message: String(err), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) {
    if (v === undefined || typeof v === 'function') continue;
    fields[k] = v;
  }
  return { message: err.message, fields };
}

function fail(id: number, err: unknown): void {
  const e = errorData(err);
  try {
    reply({ id, error: e });
  } catch {
    // A field that cannot be cloned (params of an exotic kind): the message and code suffice.
    reply({ id, error: { message: e.message, fields: { code: e.fields.code, constraint: e.fields.constraint } } });
  }
}

const db = await openPglite(init.dataDir, init.loadDataDir ? new Blob([init.loadDataDir]) : undefined);

async function handle(m: PgliteRequest): Promise<void> {
  switch (m.op) {
    case 'query': {
      const q = m.tx === undefined ? db : transactions.get(m.tx)?.tx;
      if (!q) throw new Error('transaction already ended');
      // The response's bytes, moved (not copied) to the main thread, which parses them into rows;
      // PGlite's own path (DDL earlier in the transaction) answers with the rows.
      const raw = await q.queryRaw(m.sql, m.params);
      if (raw) port.postMessage({ id: m.id, raw } satisfies PgliteReply, [raw.buffer as ArrayBuffer]);
      else reply({ id: m.id, value: await q.query(m.sql, m.params) });
      return;
    }
    case 'exec': {
      const q = m.tx === undefined ? db : transactions.get(m.tx)?.tx;
      if (!q) throw new Error('transaction already ended');
      await q.exec(m.sql);
      reply({ id: m.id, value: null });
      return;
    }
    case 'begin': {
      const n = ++counter;
      let began = false;
      const done = db.transaction(
        (tx) =>
          new Promise<void>((resolve, reject) => {
            began = true;
            transactions.set(n, { tx: tx as RawQueryable, endId: null, finish: (commit) => (commit ? resolve() : reject(ROLLBACK)) });
            reply({ id: m.id, value: n });
          }),
      );
      done.then(
        () => {
          const t = transactions.get(n);
          transactions.delete(n);
          if (t?.endId != null) reply({ id: t.endId, value: null });
        },
        (err: unknown) => {
          const t = transactions.get(n);
          transactions.delete(n);
          if (!began) return fail(m.id, err);
          if (t?.endId == null) return;
          if (err === ROLLBACK) reply({ id: t.endId, value: null });
          else fail(t.endId, err);
        },
      );
      return;
    }
    case 'end': {
      const t = transactions.get(m.tx);
      if (!t) throw new Error('transaction already ended');
      t.endId = m.id;
      t.finish(m.commit);
      return;
    }
    case 'listen': {
      const n = ++counter;
      const stop = await db.listen(m.channel, (payload) => reply({ notify: n, payload }));
      listeners.set(n, stop);
      reply({ id: m.id, value: n });
      return;
    }
    case 'unlisten': {
      const stop = listeners.get(m.listener);
      listeners.delete(m.listener);
      await stop?.();
      reply({ id: m.id, value: null });
      return;
    }
    case 'close': {
      await db.close();
      reply({ id: m.id, value: null });
      port.close();
      return;
    }
  }
}

// The rows of a burst of statements given back once the database is quiet again, as on the main thread.
const quiet = collectWhenQuiet({ minRequests: 1_000 });
port.on('message', (m: PgliteRequest) => {
  quiet.seen();
  handle(m).catch((err: unknown) => fail(m.id, err));
});
// The main thread parses rows as PGlite does: with the array types PGlite read when it opened.
reply({ ready: true, arrayTypes: await db.query<{ oid: number; typarray: number }>(ARRAY_TYPES_SQL) });
