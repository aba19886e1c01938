import type { Queryable } from '../../core/db/db.ts';
import type { LapArea } from '../../core/domain.ts';
import type { IndicatorMemo, IndicatorSource, IndicatorValue } from '../../core/indicators.ts';
import { DEFAULT_THRESHOLD } from '../../core/suppress.ts';
import { belgradeInstant } from '../../core/time.ts';
import type { Indicator, ManualValue } from './repo.ts';

/**
 * The catalogue of live indicators: every feature's `IndicatorSource`s, handed over by app.ts
 * (`provideIndicatorSources(FEATURES.flatMap((f) => f.indicators ?? []))`), the way the
 * newsletter reads its digest sources. The plan knows none of the features that compute them.
 */
let SOURCES: readonly IndicatorSource[] = [];

export function provideIndicatorSources(sources: readonly IndicatorSource[]): void {
  const keys = new Set<string>();
  for (const s of sources) {
    if (keys.has(s.key)) throw new Error(`indicator source ${s.key} declared twice`);
    keys.add(s.key);
  }
  SOURCES = sources;
}

export const indicatorSources = (): readonly IndicatorSource[] => SOURCES;
export const findSource = (key: string | null): IndicatorSource | undefined => SOURCES.find((s) => s.key === key);

/** [1 January, 1 January next year) of a calendar year, Belgrade time. */
export function yearSpan(year: number): { from: Date; until: Date } {
  return { from: belgradeInstant(`${year}-01-01`, '00:00'), until: belgradeInstant(`${year + 1}-01-01`, '00:00') };
}

export interface Measured extends IndicatorValue {
  /** How it was computed: the source's description (a message key), or null for a value entered by hand. */
  how: IndicatorSource['description'] | null;
  /** A manual value's date and evidence. */
  manual: ManualValue | null;
  /** The source is gone (a feature removed): no value. */
  missing: boolean;
}

/**
 * An indicator's value in a year: a computed one from its source (narrowed to the indicator's
 * area when the source allows it), or the value entered by hand. `memo`: shared by the
 * indicators of one page, so a family of sources runs its query once per scope; `areas`: every
 * area the page measures (the dashboard's), so a source runs one grouped query for them all.
 */
export async function measure(
  db: Queryable,
  officeId: string,
  ind: Pick<Indicator, 'id' | 'kind' | 'source_key' | 'source_param'>,
  area: string | null,
  year: number,
  values: readonly ManualValue[],
  threshold: number = DEFAULT_THRESHOLD,
  memo?: IndicatorMemo,
  areas?: ReadonlyArray<LapArea | null>,
): Promise<Measured> {
  if (ind.kind === 'manual') {
    const v = values.find((x) => x.indicator_id === ind.id && x.year === year) ?? null;
    return { value: v ? v.value : null, rows: [], how: null, manual: v, missing: false };
  }
  const source = findSource(ind.source_key);
  if (!source) return { value: null, rows: [], how: null, manual: null, missing: true };
  const r = await source.compute(db, officeId, {
    ...yearSpan(year),
    area: source.byArea ? ((area as LapArea | null) ?? null) : null,
    param: ind.source_param,
    threshold,
    memo,
    ...(source.byArea && areas ? { areas } : {}),
  });
  return { ...r, how: source.description, manual: null, missing: false };
}
