import type { Queryable } from '../../core/db/db.ts';
import type { IndicatorUnit } from '../../core/indicators.ts';

/**
 * All SQL of the Local Action Plan. Every function names the office, and every query has it in
 * its WHERE clause. Amounts are numeric in the database and read as float8 (RSD with paise fits).
 */

export const PLAN_STATUSES = ['draft', 'public_debate', 'adopted'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const RESPONSIBLE_KINDS = ['office', 'partner', 'association'] as const;
export const FUNDING_SOURCES = ['town', 'ministry', 'province', 'donors'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export const UNITS = ['people', 'count', 'percent', 'hours', 'rsd'] as const satisfies readonly IndicatorUnit[];
export const DIRECTIONS = ['up', 'down'] as const;
export const INDICATOR_KINDS = ['manual', 'computed'] as const;
export const WORKPLAN_STATUSES = ['draft', 'sent', 'adopted'] as const;

export interface Plan {
  id: string;
  office_id: string;
  series_id: string;
  version: number;
  revision_of: string | null;
  title: string;
  start_year: number;
  end_year: number;
  status: PlanStatus;
  decision_number: string;
  decision_date: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface Area {
  id: string;
  key: string;
  code: string | null;
  name: string;
  position: number;
}
export interface Goal {
  id: string;
  key: string;
  area_id: string;
  parent_id: string | null;
  text: string;
}
export interface Measure {
  id: string;
  key: string;
  goal_id: string;
  title: string;
}
export interface PlanActivity {
  id: string;
  plan_id: string;
  key: string;
  measure_id: string;
  title: string;
  responsible_kind: (typeof RESPONSIBLE_KINDS)[number];
  partner_id: string | null;
  association_id: string | null;
  responsible_name: string | null;
  partners: string;
  year: number;
  quarter: number | null;
  deadline: string | null;
  funding: FundingSource;
  planned_rsd: number;
  spent_rsd: number;
  done: boolean;
  /** Activities of the office linked to it (any version of the plan: by key), and how many were held. */
  linked: number;
  held: number;
}
export interface Indicator {
  id: string;
  plan_id: string;
  key: string;
  area_id: string;
  code: string;
  definition: string;
  unit: IndicatorUnit;
  direction: 'up' | 'down';
  baseline: number | null;
  baseline_year: number | null;
  verification: string;
  kind: 'manual' | 'computed';
  source_key: string | null;
  source_param: string | null;
}
export interface Target {
  indicator_id: string;
  year: number;
  target: number;
}
export interface ManualValue {
  indicator_id: string;
  year: number;
  value: number;
  measured_on: string;
  evidence_file_id: string | null;
}

export interface PlanTree {
  areas: Area[];
  goals: Goal[];
  measures: Measure[];
  activities: PlanActivity[];
  indicators: Indicator[];
  targets: Target[];
  values: ManualValue[];
}

const PLAN_COLS = `id, office_id, series_id, version, revision_of, title, start_year::int AS start_year, end_year::int AS end_year, status,
  decision_number, to_char(decision_date, 'YYYY-MM-DD') AS decision_date, created_at, updated_at`;

export async function findPlan(q: Queryable, officeId: string, id: string): Promise<Plan | undefined> {
  const rows = await q.query<Plan>(`SELECT ${PLAN_COLS} FROM lap_plans WHERE office_id = $1 AND id = $2`, [officeId, id]);
  return rows[0];
}

/** Every version of every plan of the office, newest plan first, versions in order. */
export function listPlans(q: Queryable, officeId: string): Promise<Plan[]> {
  return q.query<Plan>(
    `SELECT ${PLAN_COLS} FROM lap_plans p WHERE office_id = $1
      ORDER BY (SELECT min(created_at) FROM lap_plans s WHERE s.office_id = p.office_id AND s.series_id = p.series_id) DESC, series_id, version`,
    [officeId],
  );
}

/** The versions of one plan, oldest first. */
export function planVersions(q: Queryable, officeId: string, seriesId: string): Promise<Plan[]> {
  return q.query<Plan>(`SELECT ${PLAN_COLS} FROM lap_plans WHERE office_id = $1 AND series_id = $2 ORDER BY version`, [officeId, seriesId]);
}

/** The office's newest adopted version of its newest plan (what the public page shows). */
export async function latestAdopted(q: Queryable, officeId: string): Promise<Plan | undefined> {
  const rows = await q.query<Plan>(
    `SELECT ${PLAN_COLS} FROM lap_plans WHERE office_id = $1 AND status = 'adopted' ORDER BY end_year DESC, version DESC LIMIT 1`,
    [officeId],
  );
  return rows[0];
}

export async function insertPlan(
  q: Queryable,
  officeId: string,
  p: { title: string; start_year: number; end_year: number },
  userId: string | null,
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO lap_plans (office_id, id, series_id, title, start_year, end_year, created_by)
     SELECT $1, x.id, x.id, $2, $3, $4, $5 FROM (SELECT gen_random_uuid() AS id) x RETURNING id`,
    [officeId, p.title, p.start_year, p.end_year, userId],
  );
  return rows[0]!.id;
}

export async function updatePlanStatus(
  q: Queryable,
  officeId: string,
  id: string,
  s: { status: PlanStatus; decision_number: string; decision_date: string | null },
): Promise<void> {
  await q.query(
    `UPDATE lap_plans SET status = $3, decision_number = $4, decision_date = $5, updated_at = now() WHERE office_id = $1 AND id = $2`,
    [officeId, id, s.status, s.decision_number, s.decision_date],
  );
}

export async function updatePlanHead(
  q: Queryable,
  officeId: string,
  id: string,
  p: { title: string; start_year: number; end_year: number },
) {
  await q.query(`UPDATE lap_plans SET title = $3, start_year = $4, end_year = $5, updated_at = now() WHERE office_id = $1 AND id = $2`, [
    officeId,
    id,
    p.title,
    p.start_year,
    p.end_year,
  ]);
}

/** Years of plan activities outside [from, to] (a shortened period must not orphan them). */
export async function activityYearsOutside(q: Queryable, officeId: string, planId: string, from: number, to: number): Promise<number> {
  const rows = await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM lap_activities WHERE office_id = $1 AND plan_id = $2 AND (year < $3 OR year > $4)',
    [officeId, planId, from, to],
  );
  return rows[0]!.n;
}

export async function loadTree(q: Queryable, officeId: string, planId: string): Promise<PlanTree> {
  const [areas, goals, measures, activities, indicators, targets, values] = [
    await q.query<Area>(
      'SELECT id, key, code, name, position FROM lap_areas WHERE office_id = $1 AND plan_id = $2 ORDER BY position, name',
      [officeId, planId],
    ),
    await q.query<Goal>(
      'SELECT id, key, area_id, parent_id, text FROM lap_goals WHERE office_id = $1 AND plan_id = $2 ORDER BY position, text',
      [officeId, planId],
    ),
    await q.query<Measure>(
      'SELECT id, key, goal_id, title FROM lap_measures WHERE office_id = $1 AND plan_id = $2 ORDER BY position, title',
      [officeId, planId],
    ),
    await planActivities(q, officeId, planId, null),
    await q.query<Indicator>(
      `SELECT id, plan_id, key, area_id, code, definition, unit, direction, baseline::float8 AS baseline, baseline_year::int AS baseline_year,
              verification, kind, source_key, source_param
         FROM lap_indicators WHERE office_id = $1 AND plan_id = $2 ORDER BY position, code`,
      [officeId, planId],
    ),
    await q.query<Target>(
      `SELECT t.indicator_id, t.year::int AS year, t.target::float8 AS target FROM lap_targets t
         JOIN lap_indicators i ON i.office_id = t.office_id AND i.id = t.indicator_id
        WHERE t.office_id = $1 AND i.plan_id = $2 ORDER BY t.year`,
      [officeId, planId],
    ),
    await q.query<ManualValue>(
      `SELECT v.indicator_id, v.year::int AS year, v.value::float8 AS value, to_char(v.measured_on, 'YYYY-MM-DD') AS measured_on, v.evidence_file_id
         FROM lap_values v JOIN lap_indicators i ON i.office_id = v.office_id AND i.id = v.indicator_id
        WHERE v.office_id = $1 AND i.plan_id = $2 ORDER BY v.year`,
      [officeId, planId],
    ),
  ];
  return { areas, goals, measures, activities, indicators, targets, values };
}

/** A plan's activities (of one year, or all), with the responsible party's name and the office's activities linked to each. */
export function planActivities(q: Queryable, officeId: string, planId: string, year: number | null): Promise<PlanActivity[]> {
  return q.query<PlanActivity>(
    `SELECT la.id, la.plan_id, la.key, la.measure_id, la.title, la.responsible_kind, la.partner_id, la.association_id,
            COALESCE(pa.name, asn.name) AS responsible_name, la.partners, la.year::int AS year, la.quarter::int AS quarter,
            to_char(la.deadline, 'YYYY-MM-DD') AS deadline, la.funding, la.planned_rsd::float8 AS planned_rsd,
            la.spent_rsd::float8 AS spent_rsd, la.done,
            (SELECT count(*)::int FROM activities a WHERE a.office_id = la.office_id AND a.lap_activity_key = la.key AND a.status <> 'draft') AS linked,
            (SELECT count(*)::int FROM activities a WHERE a.office_id = la.office_id AND a.lap_activity_key = la.key AND a.status = 'published'
                AND EXISTS (SELECT 1 FROM activity_sessions s WHERE s.office_id = a.office_id AND s.activity_id = a.id AND s.starts_at <= now())) AS held
       FROM lap_activities la
       LEFT JOIN partners pa ON pa.office_id = la.office_id AND pa.id = la.partner_id
       LEFT JOIN associations asn ON asn.office_id = la.office_id AND asn.id = la.association_id
      WHERE la.office_id = $1 AND la.plan_id = $2 AND ($3::int IS NULL OR la.year = $3::int)
      ORDER BY la.year, la.quarter NULLS LAST, la.position, la.title`,
    [officeId, planId, year],
  );
}

export async function findPlanActivity(q: Queryable, officeId: string, id: string): Promise<PlanActivity | undefined> {
  const rows = await q.query<{ plan_id: string }>('SELECT plan_id FROM lap_activities WHERE office_id = $1 AND id = $2', [officeId, id]);
  if (!rows[0]) return undefined;
  return (await planActivities(q, officeId, rows[0].plan_id, null)).find((a) => a.id === id);
}

export async function findIndicator(q: Queryable, officeId: string, id: string): Promise<Indicator | undefined> {
  const rows = await q.query<Indicator>(
    `SELECT id, plan_id, key, area_id, code, definition, unit, direction, baseline::float8 AS baseline, baseline_year::int AS baseline_year,
            verification, kind, source_key, source_param
       FROM lap_indicators WHERE office_id = $1 AND id = $2`,
    [officeId, id],
  );
  return rows[0];
}

// ── Writes of the plan's structure (the trigger refuses them on an adopted version) ──

export async function insertArea(
  q: Queryable,
  officeId: string,
  planId: string,
  a: { code: string | null; name: string },
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO lap_areas (office_id, plan_id, code, name, position)
     VALUES ($1, $2, $3, $4, (SELECT COALESCE(max(position), 0) + 1 FROM lap_areas WHERE office_id = $1 AND plan_id = $2)) RETURNING id`,
    [officeId, planId, a.code, a.name],
  );
  return rows[0]!.id;
}

export async function insertGoal(
  q: Queryable,
  officeId: string,
  planId: string,
  g: { area_id: string; parent_id: string | null; text: string },
): Promise<string | undefined> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO lap_goals (office_id, plan_id, area_id, parent_id, text, position)
     SELECT $1, $2, ar.id, $4, $5, (SELECT COALESCE(max(position), 0) + 1 FROM lap_goals WHERE office_id = $1 AND plan_id = $2)
       FROM lap_areas ar WHERE ar.office_id = $1 AND ar.plan_id = $2 AND ar.id = $3
        AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM lap_goals p WHERE p.office_id = $1 AND p.plan_id = $2 AND p.id = $4 AND p.area_id = ar.id AND p.parent_id IS NULL))
     RETURNING id`,
    [officeId, planId, g.area_id, g.parent_id, g.text],
  );
  return rows[0]?.id;
}

export async function insertMeasure(q: Queryable, officeId: string, planId: string, m: { goal_id: string; title: string }) {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO lap_measures (office_id, plan_id, goal_id, title, position)
     SELECT $1, $2, g.id, $4, (SELECT COALESCE(max(position), 0) + 1 FROM lap_measures WHERE office_id = $1 AND plan_id = $2)
       FROM lap_goals g WHERE g.office_id = $1 AND g.plan_id = $2 AND g.id = $3 RETURNING id`,
    [officeId, planId, m.goal_id, m.title],
  );
  return rows[0]?.id;
}

export interface PlanActivityRow {
  measure_id: string;
  title: string;
  responsible_kind: (typeof RESPONSIBLE_KINDS)[number];
  partner_id: string | null;
  association_id: string | null;
  partners: string;
  year: number;
  quarter: number | null;
  deadline: string | null;
  funding: FundingSource;
  planned_rsd: number;
  spent_rsd: number;
}

export async function insertPlanActivity(q: Queryable, officeId: string, planId: string, a: PlanActivityRow): Promise<string | undefined> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO lap_activities (office_id, plan_id, measure_id, title, responsible_kind, partner_id, association_id, partners, year, quarter,
                                 deadline, funding, planned_rsd, spent_rsd, position)
     SELECT $1, $2, m.id, $4, $5,
            (SELECT id FROM partners WHERE office_id = $1 AND id = $6::uuid), (SELECT id FROM associations WHERE office_id = $1 AND id = $7::uuid),
            $8, $9, $10, $11, $12, $13, $14,
            (SELECT COALESCE(max(position), 0) + 1 FROM lap_activities WHERE office_id = $1 AND plan_id = $2)
       FROM lap_measures m WHERE m.office_id = $1 AND m.plan_id = $2 AND m.id = $3 RETURNING id`,
    [
      officeId,
      planId,
      a.measure_id,
      a.title,
      a.responsible_kind,
      a.partner_id,
      a.association_id,
      a.partners,
      a.year,
      a.quarter,
      a.deadline,
      a.funding,
      a.planned_rsd,
      a.spent_rsd,
    ],
  );
  return rows[0]?.id;
}

/** Spending and done: monitoring, allowed on an adopted version too (the trigger lets these two columns through). */
export async function updateSpending(
  q: Queryable,
  officeId: string,
  id: string,
  s: { spent_rsd: number; done: boolean },
): Promise<boolean> {
  const rows = await q.query<{ id: string }>(
    'UPDATE lap_activities SET spent_rsd = $3, done = $4 WHERE office_id = $1 AND id = $2 RETURNING id',
    [officeId, id, s.spent_rsd, s.done],
  );
  return rows.length > 0;
}

export interface IndicatorRow {
  area_id: string;
  code: string;
  definition: string;
  unit: IndicatorUnit;
  direction: 'up' | 'down';
  baseline: number | null;
  baseline_year: number | null;
  verification: string;
  kind: 'manual' | 'computed';
  source_key: string | null;
  source_param: string | null;
}

export async function insertIndicator(q: Queryable, officeId: string, planId: string, i: IndicatorRow): Promise<string | undefined> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO lap_indicators (office_id, plan_id, area_id, code, definition, unit, direction, baseline, baseline_year, verification, kind,
                                 source_key, source_param, position)
     SELECT $1, $2, ar.id, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
            (SELECT COALESCE(max(position), 0) + 1 FROM lap_indicators WHERE office_id = $1 AND plan_id = $2)
       FROM lap_areas ar WHERE ar.office_id = $1 AND ar.plan_id = $2 AND ar.id = $3 RETURNING id`,
    [
      officeId,
      planId,
      i.area_id,
      i.code,
      i.definition,
      i.unit,
      i.direction,
      i.baseline,
      i.baseline_year,
      i.verification,
      i.kind,
      i.source_key,
      i.source_param,
    ],
  );
  return rows[0]?.id;
}

export async function setTargets(
  q: Queryable,
  officeId: string,
  indicatorId: string,
  targets: ReadonlyArray<{ year: number; target: number }>,
) {
  for (const t of targets)
    await q.query(
      `INSERT INTO lap_targets (office_id, indicator_id, year, target) VALUES ($1, $2, $3, $4)
       ON CONFLICT (office_id, indicator_id, year) DO UPDATE SET target = EXCLUDED.target`,
      [officeId, indicatorId, t.year, t.target],
    );
}

export async function setManualValue(
  q: Queryable,
  officeId: string,
  v: { indicator_id: string; year: number; value: number; measured_on: string; evidence_file_id: string | null; userId: string | null },
): Promise<void> {
  await q.query(
    `INSERT INTO lap_values (office_id, indicator_id, year, value, measured_on, evidence_file_id, entered_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (office_id, indicator_id, year) DO UPDATE
       SET value = EXCLUDED.value, measured_on = EXCLUDED.measured_on,
           evidence_file_id = COALESCE(EXCLUDED.evidence_file_id, lap_values.evidence_file_id), entered_by = EXCLUDED.entered_by, entered_at = now()`,
    [officeId, v.indicator_id, v.year, v.value, v.measured_on, v.evidence_file_id, v.userId],
  );
}

// ── Revisions ──

/**
 * Copies a version into a new draft version of the same plan (version + 1), every row with
 * the same key, references re-pointed by key. Targets are copied; manual values stay with the
 * indicator's key (they are copied too, so the new version shows what was measured).
 */
export async function copyVersion(q: Queryable, officeId: string, fromId: string, userId: string | null): Promise<string> {
  const [np] = await q.query<{ id: string }>(
    `INSERT INTO lap_plans (office_id, series_id, version, revision_of, title, start_year, end_year, created_by)
     SELECT office_id, series_id, (SELECT max(version) + 1 FROM lap_plans s WHERE s.office_id = p.office_id AND s.series_id = p.series_id),
            id, title, start_year, end_year, $3
       FROM lap_plans p WHERE office_id = $1 AND id = $2 RETURNING id`,
    [officeId, fromId, userId],
  );
  const to = np!.id;
  const args = [officeId, fromId, to];
  await q.query(
    `INSERT INTO lap_areas (office_id, plan_id, key, code, name, position)
     SELECT office_id, $3, key, code, name, position FROM lap_areas WHERE office_id = $1 AND plan_id = $2`,
    args,
  );
  // General goals first, then specific ones (their parents exist by then).
  for (const level of ['IS NULL', 'IS NOT NULL'])
    await q.query(
      `INSERT INTO lap_goals (office_id, plan_id, key, area_id, parent_id, text, position)
       SELECT g.office_id, $3, g.key, na.id, np.id, g.text, g.position
         FROM lap_goals g
         JOIN lap_areas oa ON oa.office_id = g.office_id AND oa.id = g.area_id
         JOIN lap_areas na ON na.office_id = g.office_id AND na.plan_id = $3 AND na.key = oa.key
         LEFT JOIN lap_goals op ON op.office_id = g.office_id AND op.id = g.parent_id
         LEFT JOIN lap_goals np ON np.office_id = g.office_id AND np.plan_id = $3 AND np.key = op.key
        WHERE g.office_id = $1 AND g.plan_id = $2 AND g.parent_id ${level}`,
      args,
    );
  await q.query(
    `INSERT INTO lap_measures (office_id, plan_id, key, goal_id, title, position)
     SELECT m.office_id, $3, m.key, ng.id, m.title, m.position
       FROM lap_measures m
       JOIN lap_goals og ON og.office_id = m.office_id AND og.id = m.goal_id
       JOIN lap_goals ng ON ng.office_id = m.office_id AND ng.plan_id = $3 AND ng.key = og.key
      WHERE m.office_id = $1 AND m.plan_id = $2`,
    args,
  );
  await q.query(
    `INSERT INTO lap_activities (office_id, plan_id, key, measure_id, title, responsible_kind, partner_id, association_id, partners, year, quarter,
                                 deadline, funding, planned_rsd, spent_rsd, done, position)
     SELECT a.office_id, $3, a.key, nm.id, a.title, a.responsible_kind, a.partner_id, a.association_id, a.partners, a.year, a.quarter,
            a.deadline, a.funding, a.planned_rsd, a.spent_rsd, a.done, a.position
       FROM lap_activities a
       JOIN lap_measures om ON om.office_id = a.office_id AND om.id = a.measure_id
       JOIN lap_measures nm ON nm.office_id = a.office_id AND nm.plan_id = $3 AND nm.key = om.key
      WHERE a.office_id = $1 AND a.plan_id = $2`,
    args,
  );
  await q.query(
    `INSERT INTO lap_indicators (office_id, plan_id, key, area_id, code, definition, unit, direction, baseline, baseline_year, verification,
                                 kind, source_key, source_param, position)
     SELECT i.office_id, $3, i.key, na.id, i.code, i.definition, i.unit, i.direction, i.baseline, i.baseline_year, i.verification,
            i.kind, i.source_key, i.source_param, i.position
       FROM lap_indicators i
       JOIN lap_areas oa ON oa.office_id = i.office_id AND oa.id = i.area_id
       JOIN lap_areas na ON na.office_id = i.office_id AND na.plan_id = $3 AND na.key = oa.key
      WHERE i.office_id = $1 AND i.plan_id = $2`,
    args,
  );
  const byKey = `JOIN lap_indicators oi ON oi.office_id = x.office_id AND oi.id = x.indicator_id AND oi.plan_id = $2
         JOIN lap_indicators ni ON ni.office_id = x.office_id AND ni.plan_id = $3 AND ni.key = oi.key
        WHERE x.office_id = $1`;
  await q.query(
    `INSERT INTO lap_targets (office_id, indicator_id, year, target)
     SELECT x.office_id, ni.id, x.year, x.target FROM lap_targets x ${byKey}`,
    args,
  );
  await q.query(
    `INSERT INTO lap_values (office_id, indicator_id, year, value, measured_on, evidence_file_id, entered_by, entered_at)
     SELECT x.office_id, ni.id, x.year, x.value, x.measured_on, x.evidence_file_id, x.entered_by, x.entered_at FROM lap_values x ${byKey}`,
    args,
  );
  return to;
}

/** The open (not adopted) version of a plan, if one exists. */
export async function openVersion(q: Queryable, officeId: string, seriesId: string): Promise<Plan | undefined> {
  const rows = await q.query<Plan>(`SELECT ${PLAN_COLS} FROM lap_plans WHERE office_id = $1 AND series_id = $2 AND status <> 'adopted'`, [
    officeId,
    seriesId,
  ]);
  return rows[0];
}

// ── Linking the office's activities ──

export interface LinkableActivity {
  id: string;
  title: string;
  starts_at: Date;
  status: string;
  areas: string[];
  lap_activity_key: string | null;
}

/** The office's activities (not cancelled), newest first, for "link an activity". */
export function linkableActivities(q: Queryable, officeId: string): Promise<LinkableActivity[]> {
  return q.query<LinkableActivity>(
    `SELECT id, title, starts_at, status, areas, lap_activity_key FROM activities
      WHERE office_id = $1 AND status <> 'cancelled' ORDER BY starts_at DESC LIMIT 300`,
    [officeId],
  );
}

/** The activities linked to a plan activity (by key). */
export function linkedActivities(q: Queryable, officeId: string, key: string): Promise<LinkableActivity[]> {
  return q.query<LinkableActivity>(
    `SELECT id, title, starts_at, status, areas, lap_activity_key FROM activities
      WHERE office_id = $1 AND lap_activity_key = $2 ORDER BY starts_at`,
    [officeId, key],
  );
}

/** Links (key) or unlinks (null) an activity of the office; false when the office has no such activity. */
export async function setActivityLink(q: Queryable, officeId: string, activityId: string, key: string | null): Promise<boolean> {
  const rows = await q.query<{ id: string }>('UPDATE activities SET lap_activity_key = $3 WHERE office_id = $1 AND id = $2 RETURNING id', [
    officeId,
    activityId,
    key,
  ]);
  return rows.length > 0;
}

// ── Registers, for the responsible party ──

export function officeOptions(
  q: Queryable,
  officeId: string,
  table: 'partners' | 'associations',
): Promise<Array<{ id: string; name: string }>> {
  return q.query<{ id: string; name: string }>(`SELECT id, name FROM ${table} WHERE office_id = $1 ORDER BY name LIMIT 500`, [officeId]);
}

// ── Annual work plan ──

export interface Workplan {
  id: string;
  plan_id: string;
  year: number;
  status: (typeof WORKPLAN_STATUSES)[number];
  intro: string;
  sent_at: Date | null;
  opinion_date: string | null;
  opinion_text: string;
  opinion_file_id: string | null;
  adopted_at: Date | null;
}
export interface WorkplanItem {
  id: string;
  lap_activity_key: string | null;
  title: string;
  quarter: number | null;
  planned_rsd: number;
  note: string;
}

export async function findWorkplan(q: Queryable, officeId: string, planId: string, year: number): Promise<Workplan | undefined> {
  const rows = await q.query<Workplan>(
    `SELECT id, plan_id, year::int AS year, status, intro, sent_at, to_char(opinion_date, 'YYYY-MM-DD') AS opinion_date, opinion_text,
            opinion_file_id, adopted_at
       FROM lap_workplans WHERE office_id = $1 AND plan_id = $2 AND year = $3`,
    [officeId, planId, year],
  );
  return rows[0];
}

export function workplanItems(q: Queryable, officeId: string, workplanId: string): Promise<WorkplanItem[]> {
  return q.query<WorkplanItem>(
    `SELECT id, lap_activity_key, title, quarter::int AS quarter, planned_rsd::float8 AS planned_rsd, note
       FROM lap_workplan_items WHERE office_id = $1 AND workplan_id = $2 ORDER BY quarter NULLS LAST, position, title`,
    [officeId, workplanId],
  );
}

/** A new work plan for the year, its items drawn from the plan's activities of that year. */
export async function insertWorkplan(q: Queryable, officeId: string, planId: string, year: number): Promise<string> {
  const [w] = await q.query<{ id: string }>('INSERT INTO lap_workplans (office_id, plan_id, year) VALUES ($1, $2, $3) RETURNING id', [
    officeId,
    planId,
    year,
  ]);
  await q.query(
    `INSERT INTO lap_workplan_items (office_id, workplan_id, lap_activity_key, title, quarter, planned_rsd, position)
     SELECT office_id, $3, key, title, quarter, planned_rsd, position FROM lap_activities WHERE office_id = $1 AND plan_id = $2 AND year = $4`,
    [officeId, planId, w!.id, year],
  );
  return w!.id;
}

export async function updateWorkplanItem(
  q: Queryable,
  officeId: string,
  workplanId: string,
  itemId: string,
  v: { title: string; quarter: number | null; planned_rsd: number; note: string },
): Promise<boolean> {
  const rows = await q.query<{ id: string }>(
    `UPDATE lap_workplan_items SET title = $4, quarter = $5, planned_rsd = $6, note = $7
      WHERE office_id = $1 AND workplan_id = $2 AND id = $3 RETURNING id`,
    [officeId, workplanId, itemId, v.title, v.quarter, v.planned_rsd, v.note],
  );
  return rows.length > 0;
}

export async function updateWorkplan(
  q: Queryable,
  officeId: string,
  id: string,
  v: Partial<{
    status: Workplan['status'];
    intro: string;
    opinion_date: string | null;
    opinion_text: string;
    opinion_file_id: string | null;
  }>,
): Promise<void> {
  await q.query(
    `UPDATE lap_workplans SET
       status = COALESCE($3, status),
       intro = COALESCE($4, intro),
       opinion_date = CASE WHEN $5::boolean THEN $6::date ELSE opinion_date END,
       opinion_text = COALESCE($7, opinion_text),
       opinion_file_id = COALESCE($8, opinion_file_id),
       sent_at = CASE WHEN $3 = 'sent' AND sent_at IS NULL THEN now() ELSE sent_at END,
       adopted_at = CASE WHEN $3 = 'adopted' THEN now() ELSE adopted_at END
     WHERE office_id = $1 AND id = $2`,
    [
      officeId,
      id,
      v.status ?? null,
      v.intro ?? null,
      v.opinion_date !== undefined,
      v.opinion_date ?? null,
      v.opinion_text ?? null,
      v.opinion_file_id ?? null,
    ],
  );
}

export async function workplanFileId(q: Queryable, officeId: string, planId: string, year: number): Promise<string | null> {
  return (await findWorkplan(q, officeId, planId, year))?.opinion_file_id ?? null;
}

/** Evidence file of a manual value of the office's indicator. */
export async function evidenceFileId(q: Queryable, officeId: string, indicatorId: string, year: number): Promise<string | null> {
  const rows = await q.query<{ evidence_file_id: string | null }>(
    'SELECT evidence_file_id FROM lap_values WHERE office_id = $1 AND indicator_id = $2 AND year = $3',
    [officeId, indicatorId, year],
  );
  return rows[0]?.evidence_file_id ?? null;
}
