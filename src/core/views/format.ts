import { dateTimeFormat } from '../intl.ts';
import { localParts } from '../time.ts';
import type { Locale } from '../i18n/locale.ts';

/** A calendar date ('YYYY-MM-DD') as people write it: "21. 3. 2008." or "21 March 2008". */
export function formatDate(locale: Locale, iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  if (locale === 'en') {
    return dateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${iso.slice(0, 10)}T12:00:00Z`),
    );
  }
  return `${Number(d)}. ${Number(m)}. ${y}.`;
}

/** An instant in Belgrade time: "23. 11. 2026. 14:05". */
export function formatDateTime(locale: Locale, at: Date): string {
  const p = localParts(at);
  return `${formatDate(locale, p.date)} ${p.time}`;
}

/**
 * A span of time in Belgrade time, the date once when it starts and ends on one day
 * ("15. 12. 2026. 18:00–19:00"), both ends in full otherwise. Every page, mail and PDF that
 * shows when something happens uses it.
 */
export function formatRange(locale: Locale, start: Date | string, end: Date | string): string {
  const s = new Date(start);
  const e = new Date(end);
  const a = localParts(s);
  const b = localParts(e);
  if (a.date === b.date) return `${formatDate(locale, a.date)} ${a.time}–${b.time}`;
  return `${formatDateTime(locale, s)} – ${formatDateTime(locale, e)}`;
}
