import type { PlanTree } from './repo.ts';

/**
 * Two versions of a plan side by side: every row (area, goal, measure, activity, indicator,
 * target) matched by its key, which a revision keeps, and what changed. Pure.
 */
export type RowKind = 'area' | 'goal' | 'measure' | 'activity' | 'indicator' | 'target';

export interface Change {
  kind: RowKind;
  /** The row's key (a target: indicator key + year). */
  key: string;
  /** Its name in the newer version (or the older one, when removed). */
  label: string;
  change: 'added' | 'removed' | 'changed';
  /** For 'changed': the fields that differ, before and after, as printed. */
  fields: Array<{ field: string; before: string; after: string }>;
}

type Flat = Map<string, { kind: RowKind; label: string; fields: Record<string, string> }>;

const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));

function flatten(t: PlanTree): Flat {
  const out: Flat = new Map();
  const areaKey = new Map(t.areas.map((a) => [a.id, a.key]));
  const goalKey = new Map(t.goals.map((g) => [g.id, g.key]));
  const measureKey = new Map(t.measures.map((m) => [m.id, m.key]));
  const indKey = new Map(t.indicators.map((i) => [i.id, i]));
  for (const a of t.areas)
    out.set(`area:${a.key}`, { kind: 'area', label: a.name || s(a.code), fields: { code: s(a.code), name: a.name } });
  for (const g of t.goals)
    out.set(`goal:${g.key}`, {
      kind: 'goal',
      label: g.text,
      fields: { text: g.text, area: s(areaKey.get(g.area_id)), parent: s(g.parent_id ? goalKey.get(g.parent_id) : '') },
    });
  for (const m of t.measures)
    out.set(`measure:${m.key}`, { kind: 'measure', label: m.title, fields: { title: m.title, goal: s(goalKey.get(m.goal_id)) } });
  for (const a of t.activities)
    out.set(`activity:${a.key}`, {
      kind: 'activity',
      label: a.title,
      fields: {
        title: a.title,
        measure: s(measureKey.get(a.measure_id)),
        responsible_kind: a.responsible_kind,
        responsible: s(a.responsible_name),
        partners: a.partners,
        year: s(a.year),
        quarter: s(a.quarter),
        deadline: s(a.deadline),
        funding: a.funding,
        planned_rsd: s(a.planned_rsd),
      },
    });
  for (const i of t.indicators)
    out.set(`indicator:${i.key}`, {
      kind: 'indicator',
      label: `${i.code} ${i.definition}`,
      fields: {
        code: i.code,
        definition: i.definition,
        unit: i.unit,
        direction: i.direction,
        baseline: s(i.baseline),
        baseline_year: s(i.baseline_year),
        verification: i.verification,
        source: i.kind === 'manual' ? 'manual' : `${s(i.source_key)}${i.source_param ? `:${i.source_param}` : ''}`,
        area: s(areaKey.get(i.area_id)),
      },
    });
  for (const tg of t.targets) {
    const ind = indKey.get(tg.indicator_id);
    if (!ind) continue;
    out.set(`target:${ind.key}:${tg.year}`, { kind: 'target', label: `${ind.code} ${tg.year}`, fields: { target: s(tg.target) } });
  }
  return out;
}

/** What changed from `before` to `after`, in the order of the newer version (removed rows last). */
export function compareVersions(before: PlanTree, after: PlanTree): Change[] {
  const a = flatten(before);
  const b = flatten(after);
  const out: Change[] = [];
  for (const [k, row] of b) {
    const old = a.get(k);
    const key = k.slice(k.indexOf(':') + 1);
    if (!old) {
      out.push({ kind: row.kind, key, label: row.label, change: 'added', fields: [] });
      continue;
    }
    const fields = Object.keys(row.fields)
      .filter((f) => row.fields[f] !== old.fields[f])
      .map((f) => ({ field: f, before: old.fields[f] ?? '', after: row.fields[f] ?? '' }));
    if (fields.length > 0) out.push({ kind: row.kind, key, label: row.label, change: 'changed', fields });
  }
  for (const [k, row] of a)
    if (!b.has(k)) out.push({ kind: row.kind, key: k.slice(k.indexOf(':') + 1), label: row.label, change: 'removed', fields: [] });
  return out;
}
