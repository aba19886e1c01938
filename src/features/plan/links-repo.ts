import type { Queryable } from '../../core/db/db.ts';

/**
 * The plan's side of its links (migration 0020): what the council's decision form and the
 * activity form offer (the current plan's items), and the council's decisions on a plan's items
 * found from any version by the items' keys. Every query names the office.
 */

/** The office's current plan: the newest version (draft, debated or adopted) of the plan that ends last. */
const CURRENT = `(SELECT id FROM lap_plans WHERE office_id = $1 ORDER BY end_year DESC, created_at DESC, version DESC LIMIT 1)`;

export interface PlanItemRow {
  kind: 'goal' | 'measure' | 'activity' | 'workplan';
  id: string;
  label: string;
}

/** The current plan's goals, measures, activities (in the plan's order) and its annual work plans. */
export function currentPlanItems(q: Queryable, officeId: string): Promise<PlanItemRow[]> {
  return q.query<PlanItemRow>(
    `WITH p AS ${CURRENT}
     SELECT kind, id, label FROM (
       SELECT 1 AS o, g.position AS pos, 'goal' AS kind, g.id, g.text AS label FROM lap_goals g
        WHERE g.office_id = $1 AND g.plan_id = (SELECT id FROM p)
       UNION ALL
       SELECT 2, m.position, 'measure', m.id, m.title FROM lap_measures m WHERE m.office_id = $1 AND m.plan_id = (SELECT id FROM p)
       UNION ALL
       SELECT 3, a.year * 1000 + a.position, 'activity', a.id, a.title FROM lap_activities a
        WHERE a.office_id = $1 AND a.plan_id = (SELECT id FROM p)
       UNION ALL
       SELECT 4, w.year, 'workplan', w.id, w.year::text || ' — ' || pl.title FROM lap_workplans w
         JOIN lap_plans pl ON pl.office_id = w.office_id AND pl.id = w.plan_id
        WHERE w.office_id = $1 AND w.plan_id = (SELECT id FROM p)
     ) x ORDER BY o, pos, label, id`,
    [officeId],
  );
}

export interface PlanActivityChoiceRow {
  key: string;
  title: string;
  area: string | null;
  areaName: string;
  year: number;
}

const CHOICE_COLS = `a.key, a.title, ar.code AS area, ar.name AS "areaName", a.year::int AS year`;
const CHOICE_JOINS = `JOIN lap_measures m ON m.office_id = a.office_id AND m.id = a.measure_id
       JOIN lap_goals g ON g.office_id = m.office_id AND g.id = m.goal_id
       JOIN lap_areas ar ON ar.office_id = g.office_id AND ar.id = g.area_id`;

/** The current plan's activities with their area, by area then year. */
export function currentPlanActivities(q: Queryable, officeId: string): Promise<PlanActivityChoiceRow[]> {
  return q.query<PlanActivityChoiceRow>(
    `SELECT ${CHOICE_COLS} FROM lap_activities a ${CHOICE_JOINS}
      WHERE a.office_id = $1 AND a.plan_id = ${CURRENT}
      ORDER BY ar.position, a.year, a.position, a.title`,
    [officeId],
  );
}

/** The plan activity with this key in the office: its newest version's row. */
export async function planActivityByKey(q: Queryable, officeId: string, key: string): Promise<PlanActivityChoiceRow | null> {
  const rows = await q.query<PlanActivityChoiceRow>(
    `SELECT ${CHOICE_COLS} FROM lap_activities a ${CHOICE_JOINS}
       JOIN lap_plans p ON p.office_id = a.office_id AND p.id = a.plan_id
      WHERE a.office_id = $1 AND a.key = $2::uuid ORDER BY p.created_at DESC, p.version DESC LIMIT 1`,
    [officeId, key],
  );
  return rows[0] ?? null;
}

export interface PlanDecision {
  decision_id: string;
  kind: 'decision' | 'opinion' | 'recommendation';
  body: string;
  meeting_id: string;
  starts_at: Date;
  minutes_adopted: boolean;
  item_kind: 'goal' | 'measure' | 'activity' | 'workplan';
  /** The item's key (goal, measure, activity: the same in every version), or the work plan's year. */
  item_key: string;
  label: string;
}

/** The council's decisions on items of any version of a plan (series), oldest meeting first. */
export function decisionsOnPlan(q: Queryable, officeId: string, seriesId: string): Promise<PlanDecision[]> {
  return q.query<PlanDecision>(
    `SELECT d.id AS decision_id, d.kind, d.body, g.id AS meeting_id, g.starts_at, g.minutes_adopted_at IS NOT NULL AS minutes_adopted,
            l.kind AS item_kind, COALESCE(lg.key::text, lm.key::text, la.key::text, w.year::text) AS item_key, l.label
       FROM council_decision_plan_items l
       JOIN council_decisions d ON d.office_id = l.office_id AND d.id = l.decision_id
       JOIN council_meetings g ON g.office_id = d.office_id AND g.id = d.meeting_id
       LEFT JOIN lap_goals lg ON lg.office_id = l.office_id AND lg.id = l.goal_id
       LEFT JOIN lap_measures lm ON lm.office_id = l.office_id AND lm.id = l.measure_id
       LEFT JOIN lap_activities la ON la.office_id = l.office_id AND la.id = l.lap_activity_id
       LEFT JOIN lap_workplans w ON w.office_id = l.office_id AND w.id = l.workplan_id
       JOIN lap_plans p ON p.office_id = l.office_id AND p.id = COALESCE(lg.plan_id, lm.plan_id, la.plan_id, w.plan_id)
      WHERE l.office_id = $1 AND p.series_id = $2
      ORDER BY g.starts_at, d.created_at, d.id, l.kind`,
    [officeId, seriesId],
  );
}
