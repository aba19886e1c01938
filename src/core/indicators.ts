import type { Queryable } from './db/db.ts';
import type { LapArea } from './domain.ts';
import type { MessageKey } from './i18n/messages.ts';

/**
 * A live indicator of the Local Action Plan: a named, documented query over KZM's own data
 * ("young people reached by non-formal education", "confirmed volunteer hours", …). Each
 * feature that owns the data declares its sources in its entry in src/app.ts (`indicators:
 * [...]`); the plan feature lists them all as its catalogue and knows none of them, the way
 * the newsletter's digest reads `DigestSource`s.
 *
 * A source returns aggregates only, never a person: `rows` are the aggregate rows behind the
 * value (for the drill-down), already suppressed with core/suppress.ts where they count people.
 */
export interface IndicatorSource {
  /** Stable, stored in plan indicators: '<feature>.<what>', e.g. 'activities.reached'. */
  key: string;
  /** Its name and its documentation (how it is computed, in words), as messages of the declaring feature. */
  title: MessageKey;
  description: MessageKey;
  unit: IndicatorUnit;
  /** Whether it can be narrowed to one LAP area (the plan passes the indicator's area). */
  byArea: boolean;
  /**
   * For a source that measures one of many things (a survey question, a kind of initiative): what
   * can be chosen, in the office. The choice is stored with the plan's indicator and handed back
   * as `q.param`; sources without it get null.
   */
  params?(db: Queryable, officeId: string): Promise<ReadonlyArray<{ value: string; label: string }>>;
  compute(db: Queryable, officeId: string, q: IndicatorQuery): Promise<IndicatorValue>;
}

export type IndicatorUnit = 'people' | 'count' | 'percent' | 'hours' | 'rsd';

export interface IndicatorQuery {
  /** The span measured, [from, until): usually a calendar year in Belgrade time. */
  from: Date;
  until: Date;
  /** A LAP area, when the source is byArea and the indicator names one. */
  area: LapArea | null;
  /** The chosen thing, for a source with `params`; otherwise null. */
  param: string | null;
  /** Cells under this count are suppressed (the office's threshold, 5 by default). */
  threshold: number;
  /**
   * Shared by every source measured for one page (the plan's dashboard, one indicator's page):
   * sources of one family that read the same query for the same scope run it once
   * (`memoized`). Absent: each source runs its own query. Never kept beyond the page, so a
   * value is never stale.
   */
  memo?: IndicatorMemo;
  /**
   * Every area the page measures a byArea source in (the dashboard's areas; null: an area with
   * no LAP code, i.e. the whole office), beside `memo`: a source may compute them all in one
   * grouped query (one query per kind of figure, not one per area) and answer each indicator
   * from the memo. Absent: only `area`.
   */
  areas?: ReadonlyArray<LapArea | null>;
}

/**
 * The areas a grouped query computes for `q`: the page's (with q.area among them), or q.area
 * alone. Sorted, so every source of a family names the same memo key.
 */
export function groupAreas(q: Pick<IndicatorQuery, 'area' | 'areas'>): Array<LapArea | null> {
  const set = new Set<LapArea | null>([...(q.areas ?? []), q.area]);
  return [...set].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
}

/** One page's shared query results, by a key naming the query and its scope. */
export type IndicatorMemo = Map<string, Promise<unknown>>;

/**
 * The result of `run` for `key`, computed once per memo: the first source that asks runs the
 * query, the others (even asking concurrently) get the same promise. A failed query is not kept.
 */
export function memoized<T>(q: Pick<IndicatorQuery, 'memo'>, key: string, run: () => Promise<T>): Promise<T> {
  const memo = q.memo;
  if (!memo) return run();
  const known = memo.get(key) as Promise<T> | undefined;
  if (known) return known;
  const p = run();
  memo.set(key, p);
  p.catch(() => memo.delete(key));
  return p;
}

export interface IndicatorValue {
  /** Null: no data in the span (shown as "no data", never as 0). Percent as 0–100. */
  value: number | null;
  /** The aggregate rows behind the value, for the drill-down: a label (a code or a message key) and its figure as printed ("12", "<5", "×"). */
  rows: ReadonlyArray<{ label: string; value: string }>;
}
