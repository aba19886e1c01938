import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Queryable } from '../../core/db/db.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import { pageWrite } from '../../core/http/page-cache.ts';
import { searchKey } from '../../core/i18n/script.ts';
import type { Result } from '../../core/result.ts';
import { opportunityTags } from './cache.ts';
import { deleteOpportunity, insertOpportunity, updateOpportunity } from './repo.ts';
import { MARK_DAYS, type OpportunityInput } from './schema.ts';

const keyOf = (o: OpportunityInput) => searchKey(`${o.title} ${o.source} ${o.description}`);

/**
 * Writes a new opportunity inside the caller's transaction: the row and an 'opportunity.create'
 * audit event (the demo seed and the staff form both use it). Returns its id.
 */
export async function insertWithAudit(tx: Queryable, officeId: string, actorId: string | null, input: OpportunityInput): Promise<string> {
  const id = await insertOpportunity(tx, officeId, input, keyOf(input), actorId);
  await recordAudit(tx, { officeId, actorId, action: 'opportunity.create', target: id });
  return id;
}

/** Publishes an opportunity: one transaction, its lists' and the office home page's cache entries dropped in it. */
export async function createOpportunity(deps: Deps, actor: Actor, office: OfficeRef, input: OpportunityInput): Promise<string> {
  return pageWrite(deps, async (tx, touch) => {
    const id = await insertWithAudit(tx, office.id, actor.userId, input);
    touch(opportunityTags(office.id, id));
    return id;
  });
}

export async function saveOpportunity(deps: Deps, actor: Actor, office: OfficeRef, id: string, input: OpportunityInput): Promise<Result> {
  const saved = await pageWrite(deps, async (tx, touch) => {
    if (!(await updateOpportunity(tx, office.id, id, input, keyOf(input)))) return false;
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'opportunity.update', target: id });
    touch(opportunityTags(office.id, id));
    return true;
  });
  return saved ? { ok: true, value: undefined } : { ok: false, error: 'error.404.title' };
}

export async function removeOpportunity(deps: Deps, actor: Actor, office: OfficeRef, id: string): Promise<Result> {
  const removed = await pageWrite(deps, async (tx, touch) => {
    if (!(await deleteOpportunity(tx, office.id, id))) return false;
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'opportunity.delete', target: id });
    touch(opportunityTags(office.id, id));
    return true;
  });
  return removed ? { ok: true, value: undefined } : { ok: false, error: 'error.404.title' };
}

/** Whole days from `today` to `deadline` (both 'YYYY-MM-DD', Belgrade's calendar): 0 on the last day, negative once closed. */
export function daysLeft(deadline: string, today: string): number {
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/**
 * What a list or a page says about an opportunity's deadline: closed (the day has passed),
 * "closes in N days" within MARK_DAYS, otherwise the date; rolling without a deadline.
 */
export type DeadlineState =
  | { kind: 'rolling' }
  | { kind: 'closed'; deadline: string }
  | { kind: 'soon'; deadline: string; days: number }
  | { kind: 'open'; deadline: string };

export function deadlineState(deadline: string | null, today: string): DeadlineState {
  if (deadline === null) return { kind: 'rolling' };
  const days = daysLeft(deadline, today);
  if (days < 0) return { kind: 'closed', deadline };
  return days <= MARK_DAYS ? { kind: 'soon', deadline, days } : { kind: 'open', deadline };
}

/** 'YYYY-MM-DD' plus n days. */
export function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
