import type { Context } from 'hono';
import { z } from 'zod';
import type { Locale } from '../i18n/locale.ts';
import { isMessageKey, t, type MessageKey } from '../i18n/messages.ts';
import { CSRF_FIELD } from './csrf.ts';
import type { AppEnv } from './env.ts';

/** Field name → message in the reader's script. '_form' is an error of the whole form. */
export type FormErrors = Record<string, string>;
export type FormValues = Record<string, string>;

/**
 * The submitted form as plain strings (files are not accepted here), kept exactly as typed.
 * A field sent several times (a group of checkboxes) arrives as its values joined by ','; read
 * it with `codeList`.
 */
export async function readForm(c: Context<AppEnv>): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const out: FormValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === CSRF_FIELD) continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string').join(',');
  }
  return out;
}

/** Turns one zod issue into a message: schemas name message keys; zod's own codes are mapped. */
export function issueMessage(locale: Locale, issue: z.core.$ZodIssue): string {
  const ref = issueRef(issue);
  return t(locale, ref.key, ref.vars);
}

/**
 * The message key and variables of one zod issue, for callers that store errors and render
 * them later in whichever script the reader then uses (the import preview).
 */
export function issueRef(issue: z.core.$ZodIssue): { key: MessageKey; vars?: Record<string, number> } {
  if (isMessageKey(issue.message)) {
    const vars: Record<string, number> = {};
    if ('minimum' in issue) vars.min = Number(issue.minimum);
    if ('maximum' in issue) vars.max = Number(issue.maximum);
    if (issue.code === 'custom' && issue.params) Object.assign(vars, issue.params);
    return { key: issue.message, vars };
  }
  const key = ((): [MessageKey, Record<string, number>?] => {
    switch (issue.code) {
      case 'too_small':
        if (issue.origin === 'string' && Number(issue.minimum) <= 1) return ['err.required'];
        if (issue.origin === 'string') return ['err.tooShort', { min: Number(issue.minimum) }];
        return ['err.range', { min: Number(issue.minimum), max: Number.MAX_SAFE_INTEGER }];
      case 'too_big':
        if (issue.origin === 'string') return ['err.tooLong', { max: Number(issue.maximum) }];
        return ['err.range', { min: 0, max: Number(issue.maximum) }];
      case 'invalid_format':
        if (issue.format === 'email') return ['err.email'];
        if (issue.format === 'url') return ['err.url'];
        return ['err.required'];
      case 'invalid_value':
        return ['err.choice'];
      case 'invalid_type':
        return issue.expected === 'number' ? ['err.number'] : ['err.required'];
      default:
        return ['err.required'];
    }
  })();
  return key[1] ? { key: key[0], vars: key[1] } : { key: key[0] };
}

export function formErrors(locale: Locale, error: z.ZodError): FormErrors {
  const errors: FormErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('_') : '_form';
    errors[field] ??= issueMessage(locale, issue);
  }
  return errors;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FormErrors };

export function parseForm<S extends z.ZodType>(schema: S, values: FormValues, locale: Locale): Parsed<z.output<S>> {
  const r = schema.safeParse(values);
  return r.success ? { ok: true, data: r.data } : { ok: false, errors: formErrors(locale, r.error) };
}

// ── Reusable field schemas (messages are keys, shown in the reader's script) ──

/** An optional field that was not sent at all counts as left empty. */
export const blankable = <T extends z.ZodType>(schema: T) => z.preprocess((v) => v ?? '', schema);

/**
 * '' → null, otherwise a whole number in [min, max]: not a number → 'err.number', a negative
 * one where none is allowed → 'err.negative', otherwise out of range → 'err.range'. `max` may
 * be computed when the form is read (a year that moves).
 */
export const optionalInt = (min: number, max: number | (() => number)) =>
  blankable(
    z
      .string()
      .trim()
      .transform((s, ctx) => {
        if (s === '') return null;
        if (!/^[-−]?[0-9]{1,9}$/.test(s)) {
          ctx.addIssue({ code: 'custom', message: 'err.number' });
          return z.NEVER;
        }
        const n = Number(s.replace('−', '-'));
        const hi = typeof max === 'function' ? max() : max;
        if (n < 0 && min >= 0) {
          ctx.addIssue({ code: 'custom', message: 'err.negative' });
          return z.NEVER;
        }
        if (n < min || n > hi) {
          ctx.addIssue({ code: 'custom', message: 'err.range', params: { min, max: hi } });
          return z.NEVER;
        }
        return n;
      }),
  );

/** Text as typed, trimmed, with a length cap; '' allowed when optional. */
export const text = (max: number) => blankable(z.string().trim().max(max, 'err.tooLong'));
export const requiredText = (max: number) => z.string().trim().min(1, 'err.required').max(max, 'err.tooLong');

export const email = z.string().trim().min(1, 'err.required').max(254, 'err.tooLong').pipe(z.email('err.email'));

export const optionalEmail = blankable(z.union([z.literal(''), email]));

export const optionalUrl = blankable(
  z
    .string()
    .trim()
    .max(500, 'err.tooLong')
    .refine((s) => s === '' || /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(s), 'err.url'),
);

export const phone = blankable(
  z
    .string()
    .trim()
    .max(40, 'err.tooLong')
    .refine((s) => s === '' || (/^[+(0-9][0-9 /().-]{4,}$/.test(s) && (s.match(/\d/g)?.length ?? 0) >= 6), 'err.phone'),
);

export const time = blankable(
  z
    .string()
    .trim()
    .refine((s) => s === '' || /^([01]?\d|2[0-3])[:.][0-5]\d$/.test(s), 'err.time')
    .transform((s) => (s === '' ? '' : s.replace('.', ':').padStart(5, '0'))),
);

/** Accepts 2008-03-21 (what date inputs send) and 21.03.2008. (what people type). */
export const isoDate = z
  .string()
  .trim()
  .min(1, 'err.required')
  .transform((s, ctx) => {
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s) ?? /^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\.?$/.exec(s);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: 'err.date' });
      return z.NEVER;
    }
    const [y, mo, d] = s.includes('-') ? [m[1], m[2], m[3]] : [m[3], m[2], m[1]];
    const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const date = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
      ctx.addIssue({ code: 'custom', message: 'err.date' });
      return z.NEVER;
    }
    return iso;
  });

/**
 * A group of checkboxes: codes joined by ',' (see readForm), each one of `codes`; '' is none.
 * A wrong code is reported on the field itself (not 'areas_1'), so the error summary links to
 * the group and an import names the column.
 */
export const codeList = <const T extends readonly [string, ...string[]]>(codes: T) =>
  blankable(
    z.string().transform((s, ctx): Array<T[number]> => {
      const list = [
        ...new Set(
          s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        ),
      ];
      if (list.some((x) => !(codes as readonly string[]).includes(x))) {
        ctx.addIssue({ code: 'custom', message: 'err.choice' });
        return z.NEVER;
      }
      return list as Array<T[number]>;
    }),
  );

export const password = z.string().min(10, 'err.passwordShort').max(200, 'err.passwordLong');

export const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === 'true' || v === '1');
