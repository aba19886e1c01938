import type { Queryable } from '../../core/db/db.ts';

/**
 * The plan activities an activity of the office can be carried out under (issue #15: "activities
 * and other work link to the plan's activities and areas, so live values move as the office
 * works"). The plan builds on activities, never the reverse, so activities names here what it
 * needs and src/app.ts hands it the plan's function at start — as the SeatKeeper. The link is a
 * plan activity's key (it stays the same across the plan's versions), kept honest by the
 * foreign key (office_id, lap_activity_key) → lap_activity_keys (migration 0020).
 */
export interface PlanActivityChoice {
  key: string;
  title: string;
  /** The plan area's LAP code (activities.areas uses the same codes), or null for an area of the office's own. */
  area: string | null;
  /** The plan area's name as the plan shows it. */
  areaName: string;
  year: number;
}

export interface PlanActivities {
  /** The current plan's activities, in the plan's order; none when the office has no plan. */
  choices(q: Queryable, officeId: string): Promise<PlanActivityChoice[]>;
  /** The plan activity a key names in the office (any version), for an activity linked to an older one. */
  describe(q: Queryable, officeId: string, key: string): Promise<PlanActivityChoice | null>;
}

/**
 * The page-cache tag of what an office's plan shows in public: the progress page, and the plan
 * activity an activity's page names. Every write of the plan's data names it (plan/service.ts).
 */
export const lapPageTag = (officeId: string) => `lap:${officeId}`;

/**
 * The public progress page's place for a plan activity: the page of its year, at its area
 * (plan/views.tsx gives a LAP area's section the id `oblast-<code>`). Without the locale.
 */
export const publicPlanItemPath = (officeSlug: string, p: Pick<PlanActivityChoice, 'year' | 'area'>) =>
  `/kancelarije/${officeSlug}/lap?godina=${p.year}${p.area ? `#oblast-${p.area}` : ''}`;

let plan: PlanActivities | undefined;

/** src/app.ts calls it once, with the plan's functions. */
export function providePlanActivities(p: PlanActivities): void {
  plan = p;
}

export function planActivityChoices(q: Queryable, officeId: string): Promise<PlanActivityChoice[]> {
  return plan ? plan.choices(q, officeId) : Promise.resolve([]);
}

export function describePlanActivity(q: Queryable, officeId: string, key: string): Promise<PlanActivityChoice | null> {
  return plan ? plan.describe(q, officeId, key) : Promise.resolve(null);
}
