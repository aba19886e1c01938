import { localToday } from './age.ts';

/**
 * Test data for accounts and ages. Production code never imports this file.
 *
 * A birth date `years` and `days` before today, 'YYYY-MM-DD'. Today is Belgrade's, as the age
 * rules read it (age.ts localToday): from UTC's date, a test one day short of 15 failed every
 * night between Belgrade's midnight and UTC's, when the two dates differ.
 */
export function yearsAgo(years: number, days = 0, now = new Date()): string {
  const d = new Date(`${localToday(now)}T12:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}
