import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HEAVY_IDLE_MS } from './config.ts';
import { BUNDLED, compiledWorker, projectPath } from './paths.ts';
import { messageData } from './i18n/messages.ts';
import { Worker } from 'node:worker_threads';

/**
 * Heavy work off the event loop: parsing an uploaded spreadsheet, building a large export or
 * a PDF. One coordinator's file must never make every other visitor wait, so such work runs in
 * a small pool of worker threads, each with a memory cap (V8 `resourceLimits`: the worker is
 * terminated when its heap outgrows it, the process goes on) and a time limit per task (the
 * worker is terminated and replaced). Either ends the task with a `HeavyLimitError`, which a
 * feature turns into a clear 400-style message.
 *
 * A task is an exported function of a module, named by the module's source path
 * (`heavyTask`): the worker imports that module and calls the function with structured-clone
 * copies of the arguments. Its libraries (exceljs, pdfmake) are thus loaded only inside
 * workers. One task runs on a worker at a time, so a terminated worker takes no other task
 * with it. Workers start on first use (start-up pays nothing), and an idle worker does not keep
 * the process alive (unref), but `close()` should still be called on shutdown.
 *
 * The worker entry is `heavy.worker.ts` beside this file; from the bundle (`npm start`) it is
 * dist/workers/heavy.worker.js and each task module dist/tasks/<path>.js, both built by
 * scripts/build.mjs (which finds the task modules by their heavyTask('src/….ts') calls). See
 * WORKER for how it loads under tsx.
 */

export type HeavyLimit = 'memory' | 'time' | 'busy';

/** The task was stopped: its worker outgrew the memory cap, ran past the time limit, or the queue was full. */
export class HeavyLimitError extends Error {
  constructor(readonly limit: HeavyLimit) {
    super(`heavy task stopped: ${limit} limit`);
    this.name = 'HeavyLimitError';
  }
}

export interface HeavyOptions {
  /** Worker threads at most (tasks beyond queue). */
  threads: number;
  /** Per worker: the V8 old-generation heap cap, in MB. */
  memoryMb: number;
  /** Per task: wall time from its start on a worker (a new worker's start-up aside) until the worker is terminated. */
  timeoutMs: number;
  /** Tasks waiting for a worker at most; more are refused at once ('busy'). */
  maxQueue?: number;
  /**
   * A worker idle this long is terminated (default HEAVY_IDLE_MS, core/config.ts). A worker that parsed a
   * 5,000-row spreadsheet holds exceljs and a heap grown to the file's size; kept alive it stayed
   * in the process's resident memory for good. The next task pays a worker start instead (~0.3 s).
   */
  idleMs?: number;
}

/** A function in a module, to run in a worker. `F` is its type (checked by `heavyTask`). */
export interface HeavyTask<F> {
  readonly module: string;
  readonly name: string;
  /** Phantom: carries F. */
  readonly fn?: F;
}

type AnyFn = (...args: never[]) => unknown;

/**
 * Names an exported function of a module, by the module's path in the sources, for a worker to
 * run: `heavyTask<typeof import('./parse.ts'), 'readTable'>('src/features/imports/parse.ts', 'readTable')`.
 * The type parameters make a wrong name or wrong arguments a compile error without loading the
 * module here. Compiled (COMPILED below), the module is <folder>/tasks/<path below src/>.js (scripts/build.mjs).
 */
export function heavyTask<M, K extends keyof M & string>(sourcePath: `src/${string}.ts`, name: K): HeavyTask<M[K]> {
  const file = COMPILED ? path.join(COMPILED, 'tasks', sourcePath.slice('src/'.length).replace(/\.ts$/, '.js')) : projectPath(sourcePath);
  return { module: pathToFileURL(file).href, name };
}

/**
 * The folder of the compiled worker (workers/heavy.worker.js) and task modules (tasks/…): dist/
 * when this code is the bundle. `npm test` compiles them too (test/entry.ts buildEntries) and
 * names its folder in KZM_HEAVY_BUNDLE, so the workers of test processes, which run from the
 * sources, load plain JavaScript: through tsx a worker's first chart cost 2.4 s of CPU, compiled
 * 0.95 s (issue #10). Otherwise (a source run by hand, development) null: workers use tsx.
 */
export const HEAVY_BUNDLE_ENV = 'KZM_HEAVY_BUNDLE';
const COMPILED = process.env[HEAVY_BUNDLE_ENV] || (BUNDLED ? projectPath('dist') : null);

/**
 * How a worker starts. Compiled (.js): the entry file itself. Under tsx (.ts): Node 20 does not
 * apply the parent's `--import tsx` loader to a worker's modules, so a two-line bootstrap
 * registers tsx's ESM loader in the worker first, then imports the TypeScript entry.
 */
const WORKER: { code: string | URL; eval: boolean } = !COMPILED
  ? {
      eval: true,
      code: `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.register())
        .then(() => import(${JSON.stringify(pathToFileURL(projectPath('src', 'core', 'heavy.worker.ts')).href)}))`,
    }
  : { eval: false, code: pathToFileURL(compiledWorker(COMPILED, 'src/core/heavy.worker.ts')) };

interface Job {
  module: string;
  name: string;
  args: unknown[];
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  /** Terminates the worker when it stays idle (set while it has no job). */
  idle: NodeJS.Timeout | null;
}

type Reply = { ok: true; value: unknown } | { ok: false; error: { name: string; message: string; stack?: string } };

/** How long a worker may take to acknowledge a task (its start-up) before it is stopped as over time. */
const WORKER_START_MS = 30_000;

export class HeavyPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(private readonly opts: HeavyOptions) {}

  /** Runs the task in a worker; resolves with its result, rejects with its error or a HeavyLimitError. */
  run<F extends AnyFn>(task: HeavyTask<F>, ...args: Parameters<F>): Promise<Awaited<ReturnType<F>>> {
    if (this.closed) return Promise.reject(new Error('heavy pool is closed'));
    return new Promise((resolve, reject) => {
      const job: Job = { module: task.module, name: task.name, args, resolve: resolve as (v: unknown) => void, reject };
      if (this.queue.length >= (this.opts.maxQueue ?? 100)) return reject(new HeavyLimitError('busy'));
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Workers now alive (for tests and metrics). */
  get size(): number {
    return this.slots.size;
  }

  /** Rejects queued tasks, terminates the workers (a running task is rejected). */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('heavy pool is closed'));
    await Promise.all([...this.slots].map((s) => this.retire(s, new Error('heavy pool is closed'))));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((s) => s.job === null);
      if (!slot) {
        if (this.slots.size >= this.opts.threads) return;
        slot = this.spawn();
      }
      this.start(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER.code, {
      eval: WORKER.eval,
      // The UI strings as the app built them (a task may write text: a PDF's), so the worker neither builds them again nor imports the features.
      workerData: { messages: messageData() },
      resourceLimits: { maxOldGenerationSizeMb: this.opts.memoryMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    const slot: Slot = { worker, job: null, timer: null, idle: null };
    worker.on('message', (reply: Reply | { started: true }) => {
      const job = slot.job;
      if (!job) return;
      if ('started' in reply) {
        // The time limit counts from here: a new worker's start-up (loading tsx) is not the task's.
        this.arm(slot);
        return;
      }
      this.finish(slot);
      if (reply.ok) job.resolve(reply.value);
      else job.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name, stack: reply.error.stack }));
      this.dispatch();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      void this.retire(slot, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new HeavyLimitError('memory') : err);
    });
    worker.on('exit', () => void this.retire(slot, new Error('heavy worker exited')));
    this.slots.add(slot);
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = null;
    slot.job = job;
    slot.worker.ref();
    // Until the worker acknowledges the task: a new worker loads tsx or its bundle first, which on
    // a loaded machine takes seconds (a 2 s limit ran out before a fresh worker said 'started').
    this.arm(slot, Math.max(this.opts.timeoutMs, WORKER_START_MS));
    try {
      slot.worker.postMessage({ module: job.module, name: job.name, args: job.args });
    } catch (err) {
      // Arguments that cannot be copied (a function, a socket): the caller's mistake, the worker stays.
      this.finish(slot);
      job.reject(err);
    }
  }

  /** (Re)starts the task's time limit (the task's own unless told otherwise). */
  private arm(slot: Slot, ms = this.opts.timeoutMs): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => void this.retire(slot, new HeavyLimitError('time')), ms);
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.worker.unref();
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = null;
    if (this.slots.has(slot) && !this.closed) {
      slot.idle = setTimeout(() => {
        if (slot.job === null) void this.retire(slot, new Error('heavy worker idle'));
      }, this.opts.idleMs ?? HEAVY_IDLE_MS);
      slot.idle.unref();
    }
  }

  /** Ends a worker (limit, crash, close): its task, if any, is rejected with `reason`; the next task gets a new worker. */
  private async retire(slot: Slot, reason: unknown): Promise<void> {
    if (!this.slots.delete(slot)) return;
    const job = slot.job;
    this.finish(slot);
    job?.reject(reason);
    await slot.worker.terminate();
    if (!this.closed) this.dispatch();
  }
}
