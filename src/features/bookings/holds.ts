import { recordAudits } from '../../core/audit.ts';
import type { Deps } from '../../core/http/env.ts';
import { startPeriodicJob, tryJobLock } from '../../core/jobs.ts';
import { expireAllHolds } from './repo.ts';

/**
 * The bookings job: a guest's request holds its slots for GUEST_HOLD_MS (two hours) until the
 * mailed link confirms it; one never confirmed is expired here, its slots freed for the calendar,
 * "what is free" and the next request alike. (A new request also expires its office's stale holds
 * before it looks for conflicts, so the job is what frees a slot nobody asks for meanwhile.) Every
 * ten minutes, one runner per cluster (an advisory lock), one transaction, one audit event per request.
 */
export const HOLDS_LOCK = 0x4b5a4d48; // 'KZMH'
const EVERY_MS = 10 * 60_000;

export async function runBookingHolds(deps: Deps): Promise<{ ran: boolean; expired: number }> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    if (!(await tryJobLock(tx, HOLDS_LOCK))) return { ran: false, expired: 0 };
    const gone = await expireAllHolds(tx, now);
    await recordAudits(
      tx,
      gone.map((r) => ({ officeId: r.office_id, actorId: null, action: 'bookings.request.expire', target: r.id })),
    );
    return { ran: true, expired: gone.length };
  });
}

/** Runs soon after start and every ten minutes in this process; returns the function that stops it. */
export function startBookingHolds(deps: Deps, opts: { intervalMs?: number } = {}): () => Promise<void> {
  return startPeriodicJob(deps, {
    name: 'bookings.holds',
    run: () => runBookingHolds(deps),
    worthLogging: (r) => r.expired > 0,
    intervalMs: opts.intervalMs ?? EVERY_MS,
  });
}
