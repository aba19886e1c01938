import type { Queryable } from './db/db.ts';
import type { Deps } from './http/env.ts';

/**
 * Scheduled jobs (retention, reminders, feedback mails) run inside every app process; one
 * runner per cluster at a time: each run takes a transaction-scoped advisory lock with its own
 * key, and a process that finds it taken skips the run.
 */
export async function tryJobLock(tx: Queryable, key: number): Promise<boolean> {
  const [lock] = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [key]);
  return lock?.ok === true;
}

/**
 * A job's first run waits this long after start: at start the server is answering its first
 * requests, and on PGlite (one connection) a job's queries would queue ahead of them.
 */
export const FIRST_RUN_DELAY_MS = 10_000;

/**
 * Runs `run` once soon after start (FIRST_RUN_DELAY_MS) and then every `intervalMs` (an hour)
 * in this process, never two at once;
 * logs a result `worthLogging` says is, and failures (never thrown). Returns the function that
 * stops it, waiting for a run in flight.
 */
export function startPeriodicJob<R extends object>(
  deps: Pick<Deps, 'log'>,
  job: {
    name: string;
    run: () => Promise<R>;
    worthLogging: (r: R) => boolean;
    intervalMs?: number | undefined;
    firstRunMs?: number | undefined;
  },
): () => Promise<void> {
  const log = deps.log.child({ component: job.name });
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = job
      .run()
      .then((r) => {
        const fields: Record<string, unknown> = { job: job.name, ...r };
        if (job.worthLogging(r)) log.info(fields, 'job run');
      })
      .catch((err: unknown) => log.error({ err }, `${job.name} run failed`))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, job.intervalMs ?? 3600_000);
  timer.unref();
  const first = setTimeout(tick, job.firstRunMs ?? FIRST_RUN_DELAY_MS);
  first.unref();
  return async () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
