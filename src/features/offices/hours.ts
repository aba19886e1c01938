import { dateTimeFormat } from '../../core/intl.ts';

/** Opening hours are kept in the office's local time; "open now" is judged in Europe/Belgrade. */
export const OFFICE_TIME_ZONE = 'Europe/Belgrade';

export interface OpeningInterval {
  /** 1 = Monday … 7 = Sunday (ISO). */
  weekday: number;
  /** 'HH:MM' or 'HH:MM:SS'. */
  opens: string;
  closes: string;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const localParts = dateTimeFormat('en-GB', {
  timeZone: OFFICE_TIME_ZONE,
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** ISO weekday and minutes since midnight of an instant, in Belgrade. */
export function localWeekdayMinutes(at: Date): { weekday: number; minutes: number } {
  const parts = Object.fromEntries(localParts.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    weekday: WEEKDAYS[parts.weekday ?? 'Mon'] ?? 1,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether any interval covers the instant; null when the office publishes no hours. */
export function isOpenAt(hours: readonly OpeningInterval[], at: Date): boolean | null {
  if (hours.length === 0) return null;
  const { weekday, minutes } = localWeekdayMinutes(at);
  return hours.some((h) => h.weekday === weekday && toMinutes(h.opens) <= minutes && minutes < toMinutes(h.closes));
}

/** 'HH:MM' of a time value that may carry seconds. */
export const hhmm = (time: string) => time.slice(0, 5);

/**
 * Groups consecutive days with the same intervals for display: "Monday–Friday 08:30–15:30".
 * Returns [firstDay, lastDay, 'HH:MM–HH:MM, …' | null (closed)].
 */
export function groupHours(hours: readonly OpeningInterval[]): Array<[number, number, string | null]> {
  const perDay: Array<string | null> = [];
  for (let d = 1; d <= 7; d++) {
    const list = hours
      .filter((h) => h.weekday === d)
      .sort((a, b) => a.opens.localeCompare(b.opens))
      .map((h) => `${hhmm(h.opens)}–${hhmm(h.closes)}`);
    perDay.push(list.length ? list.join(', ') : null);
  }
  const groups: Array<[number, number, string | null]> = [];
  perDay.forEach((value, i) => {
    const last = groups[groups.length - 1];
    if (last && last[2] === value) last[1] = i + 1;
    else groups.push([i + 1, i + 1, value]);
  });
  return groups;
}
