import type { Queryable } from '../../core/db/db.ts';

/**
 * The plan items a council decision or opinion can be about (issue #15: "decisions and opinions
 * linked to plan items"): the current plan's goals, measures and activities, and its annual work
 * plans. The plan builds on the council (its work plan asks for the council's opinion), never the
 * reverse, so the council names here what it needs and src/app.ts hands it the plan's function at
 * start — as bookings' InitiativeLink. The database keeps the links honest: every reference of
 * council_decision_plan_items is a foreign key with the office in it (migration 0020).
 */
export const PLAN_ITEM_KINDS = ['goal', 'measure', 'activity', 'workplan'] as const;
export type PlanItemKind = (typeof PLAN_ITEM_KINDS)[number];

export interface PlanItemChoice {
  kind: PlanItemKind;
  id: string;
  /** The item as it reads (a goal's text, a measure's or activity's title, a work plan's year and plan). */
  label: string;
}

export interface PlanItems {
  /** What can be chosen in the office today; none when the office has no plan. */
  choices(q: Queryable, officeId: string): Promise<PlanItemChoice[]>;
}

let items: PlanItems | undefined;

/** src/app.ts calls it once, with the plan's function. */
export function providePlanItems(p: PlanItems): void {
  items = p;
}

/** The office's plan items; none before app.ts handed the plan's function over (a feature without the plan). */
export function planItemChoices(q: Queryable, officeId: string): Promise<PlanItemChoice[]> {
  return items ? items.choices(q, officeId) : Promise.resolve([]);
}

/** A choice's form value: '<kind>:<id>'. */
export const planItemValue = (c: Pick<PlanItemChoice, 'kind' | 'id'>) => `${c.kind}:${c.id}`;
