import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BUNDLED, projectPath, workerEntry } from '../paths.ts';
import { decodeResponse, pgliteRowParsers, postgresChannel, type Db, type Queryable, type RowParsers } from './db.ts';

/**
 * PGlite on a thread of its own (issue #12): the Db the app codes against, whose statements run
 * in a worker thread (pglite.worker.ts) that holds the database, so PostgreSQL's WebAssembly
 * leaves the event loop. On 2 cores the main thread renders a page while the worker runs
 * another request's SQL; in-process, both took turns on one thread. The worker drives the
 * in-process driver (openPglite), so statements, transactions and their serial order, errors
 * (with their code and constraint) and LISTEN/NOTIFY behave as in-process. A transaction is a
 * session held in the worker: begin → statements naming it → commit or roll back.
 * Arguments and rows cross the thread as structured-clone copies (a Buffer parameter arrives as
 * a Uint8Array, which the parameter serialiser treats alike; bytea comes back as Uint8Array as
 * in-process). The worker keeps the process alive only while a call is waiting for it.
 */
export interface PgliteWorkerData {
  dataDir?: string | undefined;
  /** A dump made by dumpDataDir, as bytes. */
  loadDataDir?: ArrayBuffer | undefined;
}

export type PgliteRequest =
  | { id: number; op: 'query'; sql: string; params: readonly unknown[]; tx?: number }
  | { id: number; op: 'exec'; sql: string; tx?: number }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'listen'; channel: string }
  | { id: number; op: 'unlisten'; listener: number }
  | { id: number; op: 'close' };

export type PgliteReply =
  | { id: number; value: unknown }
  /** A statement's response unparsed (RawQueryable), to be decoded here into its rows or error. */
  | { id: number; raw: Uint8Array }
  | { id: number; error: { message: string; fields: Record<string, unknown> } }
  | { notify: number; payload: string }
  | { ready: true; arrayTypes: Array<{ oid: number; typarray: number }> };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** How the worker is started: the bundle's dist/workers/pglite.worker.js, or the source through tsx's loader (as core/heavy.ts does). */
const WORKER: { code: string | URL; eval: boolean } = !BUNDLED
  ? {
      eval: true,
      code: `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.register())
        .then(() => import(${JSON.stringify(pathToFileURL(projectPath('src', 'core', 'db', 'pglite.worker.ts')).href)}))`,
    }
  : { eval: false, code: pathToFileURL(workerEntry('src/core/db/pglite.worker.ts').file) };

export async function openPgliteThread(dataDir?: string, loadDataDir?: Blob): Promise<Db> {
  const data: PgliteWorkerData = { dataDir, loadDataDir: loadDataDir ? await loadDataDir.arrayBuffer() : undefined };
  const worker = new Worker(WORKER.code, { eval: WORKER.eval, workerData: data });
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; sql?: string; params?: readonly unknown[] }
  >();
  const notify = new Map<number, { channel: string; onPayload: (payload: string) => void }>();
  let parsers: RowParsers = {};
  // A NOTIFY in a statement's response (pg_notify() outside a transaction), as PGlite hands it to its listeners.
  const notified = (channel: string, payload: string) => {
    for (const l of notify.values()) if (l.channel === channel) queueMicrotask(() => l.onPayload(payload));
  };
  let counter = 0;
  let closed = false;
  let failure: Error | null = null;
  let opened = false;

  // Referenced only while a call waits: an idle database does not keep the process alive.
  worker.unref();
  const settle = (id: number) => {
    const p = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    return p;
  };

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (r: PgliteReply) => {
      if ('ready' in r) {
        parsers = pgliteRowParsers(r.arrayTypes);
        return resolve();
      }
      if ('notify' in r) return notify.get(r.notify)?.onPayload(r.payload);
      const p = settle(r.id);
      if (!p) return;
      if ('error' in r) p.reject(Object.assign(new Error(r.error.message), r.error.fields));
      else if ('raw' in r) {
        let rows;
        try {
          rows = decodeResponse(r.raw, parsers, p.sql ?? '', p.params ?? [], notified);
        } catch (err) {
          return p.reject(err as Error);
        }
        p.resolve(rows);
      } else p.resolve(r.value);
    });
    const gone = (err: Error) => {
      // After close() the worker ends as asked: later calls are refused as closed.
      const first = failure === null && !closed;
      if (!closed) failure ??= err;
      reject(err);
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(err);
      }
      // The database went away under a running server: end the process (its supervisor restarts
      // it) rather than answer every request with an error.
      if (first && !closed && opened)
        setImmediate(() => {
          throw err;
        });
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`PGlite worker exited (code ${code})`)));
  });
  worker.ref();
  await ready;
  worker.unref();
  opened = true;

  const call = <T>(req: DistributiveOmit<PgliteRequest, 'id'>): Promise<T> => {
    if (closed) return Promise.reject(new Error('PGlite is closed'));
    if (failure) return Promise.reject(failure);
    const id = ++counter;
    return new Promise<T>((resolve, reject) => {
      if (pending.size === 0) worker.ref();
      pending.set(
        id,
        req.op === 'query'
          ? { resolve: resolve as (v: unknown) => void, reject, sql: req.sql, params: req.params }
          : { resolve: resolve as (v: unknown) => void, reject },
      );
      worker.postMessage({ ...req, id });
    });
  };

  const queryable = (tx?: number): Queryable => ({
    query: <T>(sql: string, params: readonly unknown[] = []) =>
      call<T[]>(tx === undefined ? { op: 'query', sql, params } : { op: 'query', sql, params, tx }),
    exec: (sql: string) => call<void>(tx === undefined ? { op: 'exec', sql } : { op: 'exec', sql, tx }),
  });

  return {
    kind: 'pglite',
    ...queryable(),
    async transaction(fn, atCommit) {
      const tx = await call<number>({ op: 'begin' });
      let result;
      try {
        result = await fn(queryable(tx));
      } catch (err) {
        await call({ op: 'end', tx, commit: false }).catch(() => {});
        throw err;
      }
      await call({ op: 'end', tx, commit: true });
      // The worker answers right after its COMMIT (WAL written): the first moment this thread can
      // act on it. The window to a durable COMMIT is one message hop, not the in-process driver's
      // few microseconds (the newsletter sender's dot, sender.ts).
      atCommit?.(result);
      return result;
    },
    async listen(channel, onPayload) {
      const listener = await call<number>({ op: 'listen', channel });
      notify.set(listener, { channel: postgresChannel(channel), onPayload });
      return async () => {
        notify.delete(listener);
        if (!closed && !failure) await call({ op: 'unlisten', listener });
      };
    },
    async close() {
      if (closed || failure) return;
      const done = call({ op: 'close' });
      closed = true;
      await done;
      await worker.terminate();
    },
  };
}
