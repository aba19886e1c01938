import type { Queryable } from '../db/db.ts';
import { startPeriodicJob } from '../jobs.ts';
import type { Deps } from './env.ts';

/**
 * Fixed-window rate limit kept in the database, so every app process shares it.
 * Returns true when the hit is allowed.
 */
export async function throttle(q: Queryable, key: string, limit: number, windowSeconds: number): Promise<boolean> {
  const rows = await q.query<{ hits: number }>(
    `INSERT INTO throttle (key, window_start, hits) VALUES ($1, now(), 1)
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN throttle.window_start < now() - make_interval(secs => $2) THEN 1 ELSE throttle.hits + 1 END,
       window_start = CASE WHEN throttle.window_start < now() - make_interval(secs => $2) THEN now() ELSE throttle.window_start END
     RETURNING hits`,
    [key, windowSeconds],
  );
  return (rows[0]?.hits ?? 1) <= limit;
}

/** Hits counted in the key's current window (0 when none, or when the window has passed). Counts nothing. */
export async function throttleHits(q: Queryable, key: string, windowSeconds: number): Promise<number> {
  const rows = await q.query<{ hits: number }>(
    'SELECT hits FROM throttle WHERE key = $1 AND window_start >= now() - make_interval(secs => $2)',
    [key, windowSeconds],
  );
  return rows[0]?.hits ?? 0;
}

/** Gives back one hit taken by throttle() (an attempt that turned out not to count). */
export async function refundHit(q: Queryable, key: string): Promise<void> {
  await q.query('UPDATE throttle SET hits = greatest(hits - 1, 0) WHERE key = $1', [key]);
}

/** Limits used across features: (limit, window in seconds). */
export const LIMITS = {
  /**
   * Wrong passwords for one account from one client address; past it that client gets 429
   * for that account until the window ends. Used by every form that checks a password
   * (core/auth/password-check.ts), log-in included. Correct passwords are never counted.
   */
  passwordClient: [10, 15 * 60],
  /** Wrong passwords from one client address over all accounts (password spraying). */
  passwordIp: [50, 15 * 60],
  /**
   * Wrong passwords for one account from all clients together. Past it every attempt for the
   * account waits PASSWORD_SLOW_MS before the check, but a correct password still gets in:
   * strangers cannot lock the owner out.
   */
  passwordAccount: [20, 15 * 60],
  /** Any request that sends mail, per target address and per client address. */
  mail: [5, 60 * 60],
} as const satisfies Record<string, readonly [number, number]>;

/** The wait before a password check once the account's failure budget is spent (see LIMITS.passwordAccount). */
export const PASSWORD_SLOW_MS = 2_000;

/**
 * Deletes rows whose window ended long ago (the longest window is an hour): a password spray
 * leaves one row per address and client, which would otherwise stay for ever.
 */
export async function sweepThrottles(q: Queryable): Promise<number> {
  const rows = await q.query<{ n: number }>(
    `WITH gone AS (DELETE FROM throttle WHERE window_start < now() - interval '1 day' RETURNING 1) SELECT count(*)::int AS n FROM gone`,
  );
  return rows[0]?.n ?? 0;
}

/** The hourly sweep, in every process (a DELETE needs no runner lock). */
export function startThrottleSweep(deps: Pick<Deps, 'db' | 'log'>): () => Promise<void> {
  return startPeriodicJob(deps, {
    name: 'throttle-sweep',
    run: async () => ({ deleted: await sweepThrottles(deps.db) }),
    worthLogging: (r) => r.deleted > 0,
  });
}
