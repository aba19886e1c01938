import type { Queryable } from '../../core/db/db.ts';
import type { Deps } from '../../core/http/env.ts';

/**
 * What changing an activity asks of its seats. Who holds a seat is decided in one place,
 * registrations/seats.ts; registrations builds on activities (never the reverse), so activities
 * names here what it needs, and src/app.ts hands it registrations' functions at start.
 */
export interface SeatKeeper {
  /** Capacity was raised or removed: the freed seats go to the waitlist (in the caller's transaction); returns the ids promoted. */
  fillFreedSeats(tx: Queryable, deps: Pick<Deps, 'config'>, officeId: string, activityId: string): Promise<string[]>;
  /** The activity is being cancelled: its live registrations are cancelled and each person mailed once (in the caller's transaction). */
  cancelActivitySeats(
    tx: Queryable,
    deps: Pick<Deps, 'config'>,
    officeId: string,
    activityId: string,
    reason: string,
  ): Promise<{ registrations: number; mailed: number }>;
}

let keeper: SeatKeeper | undefined;

/** src/app.ts calls it once, with registrations/seats.ts's functions. */
export function provideSeatKeeper(k: SeatKeeper): void {
  keeper = k;
}

export function seatKeeper(): SeatKeeper {
  if (!keeper) throw new Error('no seat keeper: import src/app.ts (the feature list) first');
  return keeper;
}
