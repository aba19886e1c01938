import { z } from 'zod';
import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Deps } from '../../core/http/env.ts';
import { requiredText } from '../../core/http/forms.ts';
import type { Result } from '../../core/result.ts';
import {
  answerComment,
  planHasComment,
  closeConsultation,
  insertComment,
  ITEM_KINDS,
  officeConsultation,
  planHasItem,
  sharedPlan,
  upsertConsultation,
  type ItemKind,
} from './consultation-repo.ts';

/**
 * The LAP consultation (issue #17 point 5): an office shares a draft version of its plan with the
 * national reviewers (the national admins); they comment item by item; the office answers each
 * comment, revises the draft on the plan's own pages, and closes the consultation. Each write is
 * one transaction with its audit event. The reviewer's pages read the plan and the comments,
 * never who wrote them: roles, not people.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A reviewer's comment: the item ("goal:<key>") and the text. */
export const commentForm = z.object({
  item: z
    .string()
    .trim()
    .transform((s, ctx) => {
      const [kind, key] = s.split(':');
      if (!(ITEM_KINDS as readonly string[]).includes(kind ?? '') || !UUID.test(key ?? '')) {
        ctx.addIssue({ code: 'custom', message: 'natd.cons.err.item' });
        return z.NEVER;
      }
      return { kind: kind as ItemKind, key: key!.toLowerCase() };
    }),
  body: requiredText(2000).pipe(z.string().min(3, 'err.tooShort')),
});
export type CommentInput = z.output<typeof commentForm>;

/** The office's answer to one comment. */
export const answerForm = z.object({
  comment: z.string().trim().regex(UUID, 'natd.cons.err.comment'),
  answer: requiredText(2000).pipe(z.string().min(2, 'err.tooShort')),
});
export type AnswerInput = z.output<typeof answerForm>;

type Office = { id: string; slug: string };
type PlanRef = { id: string; status: string };

/** Shares a draft (or opens its closed consultation again). An adopted plan is not a draft to consult on. */
export async function shareForConsultation(deps: Deps, actor: Actor, office: Office, plan: PlanRef): Promise<Result<null>> {
  if (plan.status === 'adopted') return { ok: false, error: 'natd.cons.err.adopted' };
  return deps.db.transaction(async (tx): Promise<Result<null>> => {
    await upsertConsultation(tx, office.id, plan.id, actor.userId);
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'lap.consultation.share', target: plan.id });
    return { ok: true, value: null };
  });
}

export async function closeForReview(deps: Deps, actor: Actor, office: Office, plan: PlanRef): Promise<Result<null>> {
  return deps.db.transaction(async (tx): Promise<Result<null>> => {
    if (!(await closeConsultation(tx, office.id, plan.id))) return { ok: false, error: 'natd.cons.err.notOpen' };
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'lap.consultation.close', target: plan.id });
    return { ok: true, value: null };
  });
}

export type CommentError = 'natd.cons.err.notShared' | 'natd.cons.err.closed' | 'natd.cons.err.item';

/**
 * A national reviewer's comment on an item of a shared plan. Refused with a message when the plan
 * is not shared with the reviewers (never shared, another id, its office closed) or the
 * consultation is closed, and when the item is not of that plan.
 */
export async function commentOnPlan(
  deps: Deps,
  actor: Actor,
  planId: string,
  input: CommentInput,
): Promise<Result<string> & { error?: CommentError }> {
  if (!actor.isNationalAdmin || !UUID.test(planId)) return { ok: false, error: 'natd.cons.err.notShared' };
  return deps.db.transaction(async (tx) => {
    const c = await sharedPlan(tx, planId, true);
    if (!c) return { ok: false as const, error: 'natd.cons.err.notShared' as const };
    if (c.closed_at || c.plan_status === 'adopted') return { ok: false as const, error: 'natd.cons.err.closed' as const };
    if (!(await planHasItem(tx, c.office_id, c.plan_id, input.item.kind, input.item.key)))
      return { ok: false as const, field: 'item', error: 'natd.cons.err.item' as const };
    const id = await insertComment(tx, {
      officeId: c.office_id,
      planId: c.plan_id,
      kind: input.item.kind,
      key: input.item.key,
      body: input.body,
      authorId: actor.userId,
    });
    await recordAudit(tx, { officeId: c.office_id, actorId: actor.userId, action: 'lap.consultation.comment', target: id });
    return { ok: true as const, value: id };
  });
}

/** The office answers a comment on its plan (while the consultation is open). */
export async function answerReview(deps: Deps, actor: Actor, office: Office, plan: PlanRef, input: AnswerInput): Promise<Result<null>> {
  return deps.db.transaction(async (tx): Promise<Result<null>> => {
    // A comment id that names nothing of this plan is answered as such (404) whatever the consultation's state.
    if (!(await planHasComment(tx, office.id, plan.id, input.comment)))
      return { ok: false, field: 'comment', error: 'natd.cons.err.comment' };
    const c = await officeConsultation(tx, office.id, plan.id, true);
    if (!c) return { ok: false, error: 'natd.cons.err.notShared' };
    if (c.closed_at) return { ok: false, error: 'natd.cons.err.closed' };
    if (!(await answerComment(tx, office.id, plan.id, input.comment, input.answer, actor.userId)))
      return { ok: false, field: 'comment', error: 'natd.cons.err.comment' };
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'lap.consultation.answer', target: input.comment });
    return { ok: true, value: null };
  });
}
