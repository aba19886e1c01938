import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Queryable } from '../../core/db/db.ts';
import { insertFile } from '../../core/files.ts';
import { pageWrite } from '../../core/http/page-cache.ts';
import { lapPageTag } from './paths.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import type { Result } from '../../core/result.ts';
import { findSource, measure, type Measured } from './catalogue.ts';
import {
  copyVersion,
  findWorkplan,
  insertArea,
  insertGoal,
  insertIndicator,
  insertMeasure,
  insertPlan,
  insertPlanActivity,
  insertWorkplan,
  loadTree,
  openVersion,
  planActivities,
  setActivityLink,
  setManualValue,
  setTargets,
  updatePlanStatus,
  updateSpending,
  updateWorkplan,
  updateWorkplanItem,
  type Area,
  type Indicator,
  type Plan,
  type PlanActivity,
  type PlanTree,
} from './repo.ts';
import { elapsedShare, figureProblem, indicatorStatus, periodProblem, type IndicatorStatus } from './rules.ts';
import type { ActivityInput, IndicatorInput, PlanInput } from './schema.ts';
import type { LapArea } from '../../core/domain.ts';
import type { IndicatorMemo } from '../../core/indicators.ts';

/**
 * The plan's writes: each one a transaction with its audit event; an adopted version is never
 * edited in place (refused here with a message, and by the database's trigger beneath).
 */

export interface StoredUpload {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

const sqlError = (err: unknown) => err as { code?: string; constraint?: string } | null;

/**
 * Runs a write; the trigger's refusal of an adopted version becomes the message. One that
 * succeeds names the office's public progress page (paths.ts lapPageTag) inside its transaction.
 */
async function write<T>(deps: Deps, office: OfficeRef, fn: (tx: Queryable) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await pageWrite(deps, async (tx, touch) => {
      const r = await fn(tx);
      if (r.ok) touch([lapPageTag(office.id)]);
      return r;
    });
  } catch (err) {
    const e = sqlError(err);
    if (e?.constraint === 'lap_plan_frozen') return { ok: false, error: 'plan.err.frozen' };
    if (e?.constraint === 'lap_plans_open_key') return { ok: false, error: 'plan.err.revisionOpen' };
    if (e?.constraint === 'lap_indicators_office_id_plan_id_code_key') return { ok: false, field: 'code', error: 'plan.err.codeTaken' };
    throw err;
  }
}

const frozen = (plan: Plan): Result<never> | null => (plan.status === 'adopted' ? { ok: false, error: 'plan.err.frozen' } : null);

const audit = (tx: Queryable, actor: Actor, office: OfficeRef, action: string, target: string, data: unknown = {}) =>
  recordAudit(tx, { officeId: office.id, actorId: actor.userId, action, target, data });

export async function createPlan(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  input: PlanInput & { areas: readonly LapArea[] },
): Promise<Result<{ id: string }>> {
  return write(deps, office, async (tx) => {
    const id = await insertPlan(tx, office.id, input, actor.userId);
    for (const code of input.areas) await insertArea(tx, office.id, id, { code, name: '' });
    await audit(tx, actor, office, 'plan.create', id, { title: input.title });
    return { ok: true, value: { id } };
  });
}

export async function setPlanStatus(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  plan: Plan,
  s: { status: Plan['status']; decision_number: string; decision_date: string | null },
): Promise<Result> {
  const no = frozen(plan);
  if (no) return no;
  return write(deps, office, async (tx) => {
    await updatePlanStatus(tx, office.id, plan.id, {
      status: s.status,
      decision_number: s.status === 'adopted' ? s.decision_number : '',
      decision_date: s.status === 'adopted' ? s.decision_date : null,
    });
    await audit(tx, actor, office, 'plan.status', plan.id, s);
    return { ok: true, value: undefined };
  });
}

/** Opens a revision of an adopted version: a new draft copy (or says which one is already open). */
export async function openRevision(deps: Deps, actor: Actor, office: OfficeRef, plan: Plan): Promise<Result<{ id: string }>> {
  if (plan.status !== 'adopted') return { ok: false, error: 'plan.err.notAdopted' };
  const open = await openVersion(deps.db, office.id, plan.series_id);
  if (open) return { ok: false, error: 'plan.err.revisionOpen', vars: { version: open.version } };
  return write(deps, office, async (tx) => {
    const id = await copyVersion(tx, office.id, plan.id, actor.userId);
    await audit(tx, actor, office, 'plan.revision', id, { from: plan.id });
    return { ok: true, value: { id } };
  });
}

export async function addArea(deps: Deps, actor: Actor, office: OfficeRef, plan: Plan, a: { code: string; name: string }): Promise<Result> {
  const no = frozen(plan);
  if (no) return no;
  return write(deps, office, async (tx) => {
    const id = await insertArea(tx, office.id, plan.id, { code: a.code === '' ? null : a.code, name: a.name });
    await audit(tx, actor, office, 'plan.area.add', id);
    return { ok: true, value: undefined };
  });
}

export async function addGoal(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  plan: Plan,
  g: { area_id: string; parent_id: string | null; text: string },
): Promise<Result> {
  const no = frozen(plan);
  if (no) return no;
  return write(deps, office, async (tx) => {
    const id = await insertGoal(tx, office.id, plan.id, g);
    if (!id) return { ok: false, field: g.parent_id ? 'parent_id' : 'area_id', error: 'err.choice' };
    await audit(tx, actor, office, 'plan.goal.add', id);
    return { ok: true, value: undefined };
  });
}

export async function addMeasure(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  plan: Plan,
  m: { goal_id: string; title: string },
): Promise<Result> {
  const no = frozen(plan);
  if (no) return no;
  return write(deps, office, async (tx) => {
    const id = await insertMeasure(tx, office.id, plan.id, m);
    if (!id) return { ok: false, field: 'goal_id', error: 'err.choice' };
    await audit(tx, actor, office, 'plan.measure.add', id);
    return { ok: true, value: undefined };
  });
}

export async function addPlanActivity(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  plan: Plan,
  a: ActivityInput,
): Promise<Result<{ id: string }>> {
  const no = frozen(plan);
  if (no) return no;
  const period = periodProblem(plan, a);
  if (period)
    return {
      ok: false,
      field: a.deadline && period === 'plan.err.deadlineYear' ? 'deadline' : 'year',
      error: period,
      vars: { from: plan.start_year, to: plan.end_year },
    };
  if (a.spent_rsd > 0 && a.year > new Date(deps.now()).getUTCFullYear())
    return { ok: false, field: 'spent_rsd', error: 'plan.err.spentFuture' };
  return write(deps, office, async (tx) => {
    const id = await insertPlanActivity(tx, office.id, plan.id, a);
    if (!id) return { ok: false, field: 'measure_id', error: 'err.choice' };
    await audit(tx, actor, office, 'plan.activity.add', id, { title: a.title });
    return { ok: true, value: { id } };
  });
}

/** Targets per year of the plan, read from fields target_<year>: '' is no target. */
export function readTargets(
  plan: Pick<Plan, 'start_year' | 'end_year'>,
  unit: Indicator['unit'],
  values: Record<string, string>,
  parse: (s: string) => number | null,
):
  | { ok: true; targets: Array<{ year: number; target: number }> }
  | { ok: false; field: string; error: NonNullable<ReturnType<typeof figureProblem>> | 'err.number' } {
  const targets: Array<{ year: number; target: number }> = [];
  for (let y = plan.start_year; y <= plan.end_year; y++) {
    const raw = (values[`target_${y}`] ?? '').trim();
    if (raw === '') continue;
    const n = parse(raw);
    if (n === null) return { ok: false, field: `target_${y}`, error: 'err.number' };
    const p = figureProblem(unit, n);
    if (p) return { ok: false, field: `target_${y}`, error: p };
    targets.push({ year: y, target: n });
  }
  return { ok: true, targets };
}

export async function addIndicator(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  plan: Plan,
  i: IndicatorInput,
  targets: ReadonlyArray<{ year: number; target: number }>,
): Promise<Result<{ id: string }>> {
  const no = frozen(plan);
  if (no) return no;
  if (i.baseline !== null) {
    const p = figureProblem(i.unit, i.baseline);
    if (p) return { ok: false, field: 'baseline', error: p };
  }
  let sourceKey: string | null = null;
  let sourceParam: string | null = null;
  if (i.kind === 'computed') {
    const [key, param] = i.source.split('|');
    const source = findSource(key ?? '');
    if (!source) return { ok: false, field: 'source', error: 'plan.err.source' };
    if (source.unit !== i.unit) return { ok: false, field: 'unit', error: 'plan.err.unitMismatch' };
    if (param) {
      const allowed = source.params ? await source.params(deps.db, office.id) : [];
      if (!allowed.some((p) => p.value === param)) return { ok: false, field: 'source', error: 'plan.err.source' };
    }
    sourceKey = source.key;
    sourceParam = param || null;
  }
  return write(deps, office, async (tx) => {
    const id = await insertIndicator(tx, office.id, plan.id, {
      area_id: i.area_id,
      code: i.code,
      definition: i.definition,
      unit: i.unit,
      direction: i.direction,
      baseline: i.baseline,
      baseline_year: i.baseline_year,
      verification: i.verification,
      kind: i.kind,
      source_key: sourceKey,
      source_param: sourceParam,
    });
    if (!id) return { ok: false, field: 'area_id', error: 'err.choice' };
    await setTargets(tx, office.id, id, targets);
    await audit(tx, actor, office, 'plan.indicator.add', id, { code: i.code });
    return { ok: true, value: { id } };
  });
}

/** A manual indicator's value for a year, with its date and optional evidence file. Allowed on an adopted version (it is monitoring). */
export async function recordValue(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  plan: Plan,
  ind: Indicator,
  v: { year: number; value: number; measured_on: string },
  file: StoredUpload | null,
): Promise<Result> {
  if (ind.kind !== 'manual') return { ok: false, error: 'plan.err.computed' };
  if (v.year < plan.start_year || v.year > plan.end_year)
    return { ok: false, field: 'year', error: 'plan.err.outsidePeriod', vars: { from: plan.start_year, to: plan.end_year } };
  const p = figureProblem(ind.unit, v.value);
  if (p) return { ok: false, field: 'value', error: p };
  return write(deps, office, async (tx) => {
    const fileId = file ? await insertFile(tx, office.id, { ...file, uploadedBy: actor.userId }) : null;
    await setManualValue(tx, office.id, { indicator_id: ind.id, ...v, evidence_file_id: fileId, userId: actor.userId });
    await audit(tx, actor, office, 'plan.value', ind.id, { year: v.year, value: v.value });
    return { ok: true, value: undefined };
  });
}

export async function recordSpending(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  a: PlanActivity,
  s: { spent_rsd: number; done: boolean },
): Promise<Result> {
  if (s.spent_rsd < 0) return { ok: false, field: 'spent_rsd', error: 'plan.err.negative' };
  return write(deps, office, async (tx) => {
    await updateSpending(tx, office.id, a.id, s);
    await audit(tx, actor, office, 'plan.spending', a.id, s);
    return { ok: true, value: undefined };
  });
}

/** Links an activity of the office to the plan activity (by its key, which revisions keep), or unlinks it. */
export async function linkActivity(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  a: PlanActivity,
  activityId: string,
  unlink: boolean,
): Promise<Result> {
  return write(deps, office, async (tx) => {
    const ok = await setActivityLink(tx, office.id, activityId, unlink ? null : a.key);
    if (!ok) return { ok: false, error: 'error.404.title' };
    await audit(tx, actor, office, unlink ? 'plan.unlink' : 'plan.link', activityId, { planActivity: a.id });
    return { ok: true, value: undefined };
  });
}

// ── Annual work plan ──

export async function createWorkplan(deps: Deps, actor: Actor, office: OfficeRef, plan: Plan, year: number): Promise<Result> {
  if (year < plan.start_year || year > plan.end_year)
    return { ok: false, field: 'year', error: 'plan.err.outsidePeriod', vars: { from: plan.start_year, to: plan.end_year } };
  if (await findWorkplan(deps.db, office.id, plan.id, year)) return { ok: true, value: undefined };
  return write(deps, office, async (tx) => {
    const id = await insertWorkplan(tx, office.id, plan.id, year);
    await audit(tx, actor, office, 'plan.workplan.create', id, { year });
    return { ok: true, value: undefined };
  });
}

export async function editWorkplanItem(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  plan: Plan,
  v: { year: number; item_id: string; title: string; quarter: number | null; planned_rsd: number; note: string },
): Promise<Result> {
  const w = await findWorkplan(deps.db, office.id, plan.id, v.year);
  if (!w) return { ok: false, error: 'error.404.title' };
  if (w.status !== 'draft') return { ok: false, error: 'plan.err.workplanSent' };
  return write(deps, office, async (tx) => {
    if (!(await updateWorkplanItem(tx, office.id, w.id, v.item_id, v))) return { ok: false, error: 'error.404.title' };
    await audit(tx, actor, office, 'plan.workplan.item', v.item_id);
    return { ok: true, value: undefined };
  });
}

export type WorkplanStep = 'send' | 'adopt';

export async function advanceWorkplan(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  plan: Plan,
  year: number,
  step: WorkplanStep,
): Promise<Result> {
  const w = await findWorkplan(deps.db, office.id, plan.id, year);
  if (!w) return { ok: false, error: 'error.404.title' };
  if (step === 'send' && w.status !== 'draft') return { ok: false, error: 'plan.err.workplanSent' };
  if (step === 'adopt') {
    if (w.status === 'adopted') return { ok: false, error: 'plan.err.workplanAdopted' };
    if (w.status !== 'sent') return { ok: false, error: 'plan.err.workplanNotSent' };
    if (!w.opinion_date) return { ok: false, error: 'plan.err.noOpinion' };
  }
  return write(deps, office, async (tx) => {
    await updateWorkplan(tx, office.id, w.id, { status: step === 'send' ? 'sent' : 'adopted' });
    await audit(tx, actor, office, `plan.workplan.${step}`, w.id);
    return { ok: true, value: undefined };
  });
}

/** The Youth Council's opinion on a sent work plan: date, text, optional file. */
export async function recordOpinion(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  plan: Plan,
  v: { year: number; opinion_date: string; opinion_text: string },
  file: StoredUpload | null,
): Promise<Result> {
  const w = await findWorkplan(deps.db, office.id, plan.id, v.year);
  if (!w) return { ok: false, error: 'error.404.title' };
  if (w.status === 'draft') return { ok: false, error: 'plan.err.workplanNotSent' };
  if (w.status === 'adopted') return { ok: false, error: 'plan.err.workplanAdopted' };
  return write(deps, office, async (tx) => {
    const fileId = file ? await insertFile(tx, office.id, { ...file, uploadedBy: actor.userId }) : null;
    await updateWorkplan(tx, office.id, w.id, { opinion_date: v.opinion_date, opinion_text: v.opinion_text, opinion_file_id: fileId });
    await audit(tx, actor, office, 'plan.workplan.opinion', w.id);
    return { ok: true, value: undefined };
  });
}

// ── Monitoring ──

export interface IndicatorReport {
  indicator: Indicator;
  target: number | null;
  measured: Measured;
  status: IndicatorStatus;
}

export interface AreaReport {
  area: Area;
  planned: number;
  done: number;
  plannedRsd: number;
  spentRsd: number;
  indicators: IndicatorReport[];
}

export interface Dashboard {
  year: number;
  areas: AreaReport[];
  totals: { planned: number; done: number; plannedRsd: number; spentRsd: number };
}

/** A plan activity counts as done when marked so or when an activity linked to it was held. */
export const isDone = (a: Pick<PlanActivity, 'done' | 'held'>) => a.done || a.held > 0;

/**
 * Every indicator of the version measured in a year, with its target and status. One memo for
 * them all (core/indicators.ts) and the list of the areas measured: a family of sources runs one
 * grouped query for every area (the attendance query once per page, not once per area, nor per
 * indicator). The queries run together (a server's pool answers them side by side; PGlite takes
 * them in turn).
 */
export async function measureAll(db: Queryable, officeId: string, tree: PlanTree, year: number, now: Date): Promise<IndicatorReport[]> {
  const areaCode = new Map(tree.areas.map((a) => [a.id, (a.code as LapArea | null) ?? null]));
  const memo: IndicatorMemo = new Map();
  const areas = [...new Set(tree.indicators.filter((i) => i.kind === 'computed').map((i) => areaCode.get(i.area_id) ?? null))];
  return Promise.all(
    tree.indicators.map(async (ind): Promise<IndicatorReport> => {
      const measured = await measure(db, officeId, ind, areaCode.get(ind.area_id) ?? null, year, tree.values, undefined, memo, areas);
      const target = tree.targets.find((t) => t.indicator_id === ind.id && t.year === year)?.target ?? null;
      const status = indicatorStatus({
        value: measured.value,
        target,
        baseline: ind.baseline,
        direction: ind.direction,
        elapsed: elapsedShare(year, now),
      });
      return { indicator: ind, target, measured, status };
    }),
  );
}

/** The monitoring dashboard of a version for a year: per area, activities and budget planned vs done and spent, indicators vs targets. */
export async function dashboard(db: Queryable, officeId: string, plan: Plan, year: number, now: Date): Promise<Dashboard> {
  const tree = await loadTree(db, officeId, plan.id);
  const activities = await planActivities(db, officeId, plan.id, year);
  const reports = await measureAll(db, officeId, tree, year, now);
  const goalArea = new Map(tree.goals.map((g) => [g.id, g.area_id]));
  const measureArea = new Map(tree.measures.map((m) => [m.id, goalArea.get(m.goal_id)]));
  const areas = tree.areas.map((area): AreaReport => {
    const acts = activities.filter((a) => measureArea.get(a.measure_id) === area.id);
    return {
      area,
      planned: acts.length,
      done: acts.filter(isDone).length,
      plannedRsd: acts.reduce((s, a) => s + a.planned_rsd, 0),
      spentRsd: acts.reduce((s, a) => s + a.spent_rsd, 0),
      indicators: reports.filter((r) => r.indicator.area_id === area.id),
    };
  });
  const totals = areas.reduce(
    (t, a) => ({
      planned: t.planned + a.planned,
      done: t.done + a.done,
      plannedRsd: t.plannedRsd + a.plannedRsd,
      spentRsd: t.spentRsd + a.spentRsd,
    }),
    { planned: 0, done: 0, plannedRsd: 0, spentRsd: 0 },
  );
  return { year, areas, totals };
}
