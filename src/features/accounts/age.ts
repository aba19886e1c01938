import { localParts } from '../../core/time.ts';

/** Today's date in Belgrade as 'YYYY-MM-DD' (ages change at local midnight, not UTC's). */
export function localToday(now: Date): string {
  return localParts(now).date;
}

/** Completed years between a birth date and a day, both 'YYYY-MM-DD'. */
export function ageOn(birth: string, day: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** From 15 a person consents alone to online services (ZZPL art. 16); below, a parent does. */
export const AGE_OF_DIGITAL_CONSENT = 15;
/** Oldest plausible birth date: 120 years back. */
export const MAX_AGE = 120;
