/**
 * Intl formatters, built once per (locales, options) and kept for the life of the process.
 *
 * Building an Intl.DateTimeFormat costs ~1.5 ms of CPU (ICU loads and parses the locale's
 * patterns); formatting with a built one costs microseconds. `Date#toLocaleDateString`,
 * `Number#toLocaleString` and `String#localeCompare` with arguments build a new formatter on
 * every call, so code on the request path uses these instead (a test in intl.test.ts keeps
 * the rest of src/ from calling them). The set of distinct options in the app is small and
 * fixed by the source, so the caches need no bound.
 */

type Locales = string | readonly string[] | undefined;

const keyOf = (locales: Locales, options: object | undefined) =>
  `${Array.isArray(locales) ? locales.join(',') : (locales ?? '')}|${options ? JSON.stringify(options) : ''}`;

function cached<T, O extends object>(build: (locales: Locales, options: O | undefined) => T) {
  const cache = new Map<string, T>();
  return (locales: Locales, options?: O): T => {
    const key = keyOf(locales, options);
    let f = cache.get(key);
    if (f === undefined) {
      f = build(locales, options);
      cache.set(key, f);
    }
    return f;
  };
}

/** A shared Intl.DateTimeFormat for these locales and options. */
export const dateTimeFormat = cached<Intl.DateTimeFormat, Intl.DateTimeFormatOptions>(
  (locales, options) => new Intl.DateTimeFormat(locales as string | string[] | undefined, options),
);

/** A shared Intl.NumberFormat for these locales and options. */
export const numberFormat = cached<Intl.NumberFormat, Intl.NumberFormatOptions>(
  (locales, options) => new Intl.NumberFormat(locales as string | string[] | undefined, options),
);

/** A shared Intl.Collator for these locales and options. */
export const collator = cached<Intl.Collator, Intl.CollatorOptions>(
  (locales, options) => new Intl.Collator(locales as string | string[] | undefined, options),
);

/** A shared Intl.PluralRules for these locales and options. */
export const pluralRules = cached<Intl.PluralRules, Intl.PluralRulesOptions>(
  (locales, options) => new Intl.PluralRules(locales as string | string[] | undefined, options),
);

/** The parts of an instant as a record (year, month, day, hour, …) from a shared formatter. */
export function dateParts(
  options: Intl.DateTimeFormatOptions,
  at: Date,
  locales: Locales = 'en-CA',
): Partial<Record<Intl.DateTimeFormatPartTypes, string>> {
  const out: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of dateTimeFormat(locales, options).formatToParts(at)) out[p.type] = p.value;
  return out;
}
