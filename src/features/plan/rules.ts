import type { IndicatorUnit } from '../../core/indicators.ts';

/**
 * The plan's rules that need no database: an indicator's status against its target, and the
 * checks of figures (a target in its unit, amounts, years within the plan's period). Pure.
 */

export const STATUSES = ['on_track', 'at_risk', 'off_track', 'no_data'] as const;
export type IndicatorStatus = (typeof STATUSES)[number];

/** Share of the expected progress under which "at risk" becomes "off track". */
export const AT_RISK_FLOOR = 0.75;

export interface StatusInput {
  /** The measured value for the year (null: no data, or suppressed). */
  value: number | null;
  /** The year's target (null: none set). */
  target: number | null;
  /** The starting point (null: counted from 0). */
  baseline: number | null;
  /** 'up': more is better (participants); 'down': less is better (unemployed youth). */
  direction: 'up' | 'down';
  /** How much of the year has passed, 0–1 (1 for a past year): the target is expected pro rata. */
  elapsed: number;
}

/**
 * The status of an indicator in a year — THE rule, used by the dashboard, the public page and
 * (next) the annual report:
 * - no data: no value, or no target for the year;
 * - the value expected by now is the baseline plus the elapsed share of the way to the target
 *   (the whole way once the year is over);
 * - on track: the value has reached what is expected by now (in the indicator's direction);
 * - at risk: it has covered at least 75 % of the expected way from the baseline;
 * - off track: less than that (or it moved the wrong way).
 */
export function indicatorStatus(s: StatusInput): IndicatorStatus {
  if (s.value === null || s.target === null || !Number.isFinite(s.value) || !Number.isFinite(s.target)) return 'no_data';
  const sign = s.direction === 'down' ? -1 : 1;
  const base = (s.baseline ?? 0) * sign;
  const target = s.target * sign;
  const value = s.value * sign;
  const elapsed = Math.min(1, Math.max(0, s.elapsed));
  const expected = base + (target - base) * elapsed;
  if (value >= expected) return 'on_track';
  const way = expected - base;
  if (way > 0 && value - base >= AT_RISK_FLOOR * way) return 'at_risk';
  return 'off_track';
}

/** The share of `year` that has passed at `now` (Belgrade calendar years are close enough here: UTC). */
export function elapsedShare(year: number, now: Date): number {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  return Math.min(1, Math.max(0, (now.getTime() - start) / (end - start)));
}

/** Why a figure cannot be a target or value in this unit (a message key), or null when it can. */
export function figureProblem(unit: IndicatorUnit, n: number): 'plan.err.negative' | 'plan.err.percent' | 'plan.err.whole' | null {
  if (!Number.isFinite(n) || n < 0) return 'plan.err.negative';
  if (unit === 'percent' && n > 100) return 'plan.err.percent';
  if ((unit === 'people' || unit === 'count') && !Number.isInteger(n)) return 'plan.err.whole';
  return null;
}

/** Why a plan activity's year or deadline falls outside the plan's period (a message key), or null. */
export function periodProblem(
  plan: { start_year: number; end_year: number },
  a: { year: number; deadline: string | null },
): 'plan.err.outsidePeriod' | 'plan.err.deadlineYear' | null {
  if (a.year < plan.start_year || a.year > plan.end_year) return 'plan.err.outsidePeriod';
  if (a.deadline !== null) {
    const y = Number(a.deadline.slice(0, 4));
    if (y < plan.start_year || y > plan.end_year) return 'plan.err.outsidePeriod';
    if (y !== a.year) return 'plan.err.deadlineYear';
  }
  return null;
}

/** A figure typed by a person: "1.234,50", "1 234.5", "12" → number; anything else → null. */
export function parseFigure(raw: string): number | null {
  let s = raw
    .trim()
    .replace(/[\s\u00a0]/g, '')
    .replace('−', '-');
  if (s === '') return null;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  else s = s.replace(',', '.');
  if (!/^-?\d{1,12}(\.\d{1,2})?$/.test(s)) return null;
  return Number(s);
}
