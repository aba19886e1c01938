/**
 * Usage statistics: hours and bookings (not people, shown as they are) by kind of group and LAP
 * area; the number of distinct users who booked counts people, so it goes through core/suppress.ts.
 */
import type { Queryable } from '../../core/db/db.ts';
import { LAP_AREAS } from '../../core/domain.ts';
import { DEFAULT_THRESHOLD, suppress, type Table } from '../../core/suppress.ts';
import { BOOKER_KINDS, usageRows } from './repo.ts';

export interface UsageLine {
  key: string;
  hours: number;
  bookings: number;
}

export interface UsageStats {
  threshold: number;
  byKind: UsageLine[];
  byArea: UsageLine[];
  /** Distinct users by kind of group, suppressed. */
  bookers: Table;
}

export async function usageStats(
  q: Queryable,
  officeId: string,
  from: Date,
  until: Date,
  threshold = DEFAULT_THRESHOLD,
): Promise<UsageStats> {
  const rows = await usageRows(q, officeId, from, until);
  const sum = (keyOf: (r: (typeof rows)[number]) => string, keys: readonly string[]): UsageLine[] =>
    keys.map((key) => {
      const mine = rows.filter((r) => keyOf(r) === key);
      return {
        key,
        hours: Math.round(mine.reduce((s, r) => s + r.hours, 0) * 100) / 100,
        bookings: mine.reduce((s, r) => s + r.bookings, 0),
      };
    });
  const byKind = sum((r) => r.booker_kind, BOOKER_KINDS);
  const byArea = sum((r) => r.area ?? 'none', [...LAP_AREAS, 'none']);
  const bookers = suppress(
    BOOKER_KINDS.map((k) => ({ key: k, count: rows.filter((r) => r.booker_kind === k).reduce((s, r) => s + r.bookers, 0) })),
    threshold,
  );
  return { threshold, byKind, byArea, bookers };
}
