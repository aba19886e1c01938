import { z } from 'zod';
import { LAP_AREAS, type LapArea } from '../../core/domain.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { localParts } from '../../core/time.ts';

/** Kinds of activity (migration 0003); labels are 'calendar.kind.<code>' messages. */
export const ACTIVITY_KINDS = ['workshop', 'seminar', 'training', 'camp', 'info_session', 'event', 'exchange', 'club'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Activities per page of the list. */
export const PAGE_SIZE = 20;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** A real calendar date 'YYYY-MM-DD' between 2000 and 2100, else ''. */
function isoDate(s: string): string {
  const m = DATE.exec(s);
  if (!m) return '';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 2000 && y <= 2100 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? s : '';
}

function isoMonth(s: string): string {
  const m = MONTH.exec(s);
  if (!m) return '';
  const [y, mo] = [Number(m[1]), Number(m[2])];
  return y >= 2000 && y <= 2100 && mo >= 1 && mo <= 12 ? s : '';
}

const text = (max: number) =>
  z
    .string()
    .catch('')
    .default('')
    .transform((s) => s.slice(0, max));
const code = <const T extends readonly [string, ...string[]]>(codes: T) => z.enum(codes).or(z.literal('')).catch('').default('');

/**
 * The calendar's query string (list, month view and feeds share it). Anything unexpected is
 * ignored, never an error: a bad date is no date, an unknown area no filter.
 */
export const calendarQuery = z.object({
  q: text(100),
  oblast: code(LAP_AREAS),
  vrsta: code(ACTIVITY_KINDS),
  od: z.string().catch('').default('').transform(isoDate),
  do: z.string().catch('').default('').transform(isoDate),
  uzrast: z
    .string()
    .catch('')
    .default('')
    .transform((s) => (/^\d{1,2}$/.test(s.trim()) && Number(s) >= 10 && Number(s) <= 35 ? String(Number(s)) : '')),
  slobodno: z
    .string()
    .catch('')
    .default('')
    .transform((s) => (s === '1' || s === 'on' ? '1' : '')),
  prikaz: z.enum(['lista', 'mesec']).catch('lista').default('lista'),
  mesec: z.string().catch('').default('').transform(isoMonth),
  strana: z
    .string()
    .catch('')
    .default('')
    .transform((s) => (/^\d{1,4}$/.test(s) && Number(s) >= 1 ? Number(s) : 1)),
});
export type CalendarQuery = z.infer<typeof calendarQuery>;

/** What the repository filters by. */
export interface CalendarFilter {
  officeId?: string | undefined;
  area?: LapArea | undefined;
  kind?: ActivityKind | undefined;
  /** 'YYYY-MM-DD' days in Belgrade time, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  age?: number | undefined;
  free?: boolean | undefined;
  /** searchKey() of what was typed. */
  key?: string | undefined;
}

export function filterOf(q: CalendarQuery, officeId?: string): CalendarFilter {
  return {
    officeId,
    area: q.oblast || undefined,
    kind: q.vrsta || undefined,
    from: q.od || undefined,
    to: q.do || undefined,
    age: q.uzrast ? Number(q.uzrast) : undefined,
    free: q.slobodno === '1',
    key: searchKey(q.q) || undefined,
  };
}

/** The filters as a query string (without view and page), for links that keep them. */
export function filterParams(q: CalendarQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  if (q.oblast) p.set('oblast', q.oblast);
  if (q.vrsta) p.set('vrsta', q.vrsta);
  if (q.od) p.set('od', q.od);
  if (q.do) p.set('do', q.do);
  if (q.uzrast) p.set('uzrast', q.uzrast);
  if (q.slobodno) p.set('slobodno', '1');
  return p;
}

export const withQuery = (path: string, p: URLSearchParams) => {
  const s = p.toString();
  return s ? `${path}?${s}` : path;
};

/** 'YYYY-MM' of an instant in Belgrade. */
export function belgradeMonth(at: Date): string {
  return localParts(at).date.slice(0, 7);
}

/** The month after / before 'YYYY-MM'. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
