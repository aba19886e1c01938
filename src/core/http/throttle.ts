import type { Queryable } from '../db/db.ts';

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

/** Limits used across features: (limit, window in seconds). */
export const LIMITS = {
  /** Failed and successful log-in attempts per e-mail address and per client address. */
  login: [10, 15 * 60],
  /** Any request that sends mail, per target address and per client address. */
  mail: [5, 60 * 60],
} as const satisfies Record<string, readonly [number, number]>;
