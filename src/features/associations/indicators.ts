import { groupAreas, memoized, type IndicatorSource } from '../../core/indicators.ts';
import { associationsByKindByArea } from './indicators-repo.ts';

/**
 * The Local Action Plan's live indicators from the register of associations
 * (core/indicators.ts): associations in the register at the end of the span, and of them the
 * active ones, optionally working in one LAP area; drilled down by kind. Not people: no suppression.
 */
function source(key: 'registered' | 'active'): IndicatorSource {
  return {
    key: `associations.${key}`,
    title: `associations.ind.${key}`,
    description: `associations.ind.${key}.how`,
    unit: 'count',
    byArea: true,
    async compute(db, officeId, q) {
      // Registered and active of every area the page measures in one grouped query (core/indicators.ts groupAreas).
      const areas = groupAreas(q);
      const all = await memoized(q, `associations|${officeId}|${q.until.toISOString()}|${areas.join(',')}`, () =>
        associationsByKindByArea(db, officeId, q.until, areas),
      );
      const rows = all
        .get(q.area)!
        .map((r) => ({ kind: r.kind, n: key === 'active' ? r.active : r.n }))
        .filter((r) => r.n > 0);
      return {
        value: rows.reduce((s, r) => s + r.n, 0),
        rows: rows.map((r) => ({ label: `associations.kind.${r.kind}`, value: String(r.n) })),
      };
    },
  };
}

export const associationIndicators: readonly IndicatorSource[] = [source('registered'), source('active')];
