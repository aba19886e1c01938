import { toCyrillic, toLatin } from './script.ts';

/** The three ways a page can be read: Serbian Cyrillic, Serbian Latin, English. */
export const LOCALES = ['cir', 'lat', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'cir';

export const HREFLANG: Record<Locale, string> = { cir: 'sr-Cyrl', lat: 'sr-Latn', en: 'en' };
/** Names of the choices, each in its own script (shown in the switch). */
export const LOCALE_NAMES: Record<Locale, string> = { cir: 'Ћирилица', lat: 'Latinica', en: 'English' };

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** The locale a visitor probably wants when the URL does not say: remembered cookie, then Accept-Language. */
export function negotiateLocale(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  if (isLocale(cookie)) return cookie;
  const header = (acceptLanguage ?? '').toLowerCase();
  const first = header.split(',')[0]?.trim() ?? '';
  if (first.startsWith('sr-latn') || first.startsWith('sh') || first.startsWith('bs') || first.startsWith('hr')) return 'lat';
  if (first.startsWith('sr')) return 'cir';
  if (first.startsWith('en')) return 'en';
  return DEFAULT_LOCALE;
}

/**
 * Shows content typed in either script in the reader's script. English readers get Latin:
 * content is not translated, only transliterated.
 */
export function inScript(locale: Locale, text: string): string {
  return locale === 'cir' ? toCyrillic(text) : toLatin(text);
}
