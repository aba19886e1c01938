import type { Locale } from '../i18n/locale.ts';

/** A calendar date ('YYYY-MM-DD') as people write it: "21. 3. 2008." or "21 March 2008". */
export function formatDate(locale: Locale, iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  if (locale === 'en') {
    return new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
  }
  return `${Number(d)}. ${Number(m)}. ${y}.`;
}

/** An instant in Belgrade time: "23. 11. 2026. 14:05". */
export function formatDateTime(locale: Locale, at: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Belgrade',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${formatDate(locale, `${p.year}-${p.month}-${p.day}`)} ${p.hour}:${p.minute}`;
}
