import { hasOfficeRole, type Actor } from '../../core/auth/actor.ts';
import type { Queryable } from '../../core/db/db.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import { associationsMayCreate, representedAssociations, type Activity, type AssociationOption } from './repo.ts';

/**
 * Who may do what with an office's activities, in one place (the routes' Access rule lets
 * staff and association representatives in; this decides the rest).
 *
 * Who is writing: the office's staff (every activity of the office), or an approved
 * representative of associations when the office allows it (their associations' activities
 * only). 'none': a representative the office does not let in (or of no association).
 */
export type Editor =
  | { kind: 'staff' }
  | { kind: 'rep'; associations: AssociationOption[] }
  | { kind: 'none'; reason: 'activities.repNotAllowed' | 'activities.repNone' };

export async function editorOf(q: Queryable, actor: Actor, officeId: string): Promise<Editor> {
  if (hasOfficeRole(actor, officeId, ['coordinator', 'office_admin'])) return { kind: 'staff' };
  if (!(await associationsMayCreate(q, officeId))) return { kind: 'none', reason: 'activities.repNotAllowed' };
  const associations = await representedAssociations(q, officeId, actor.userId);
  return associations.length > 0 ? { kind: 'rep', associations } : { kind: 'none', reason: 'activities.repNone' };
}

/** The association filter of queries: null for staff (all), the represented ids otherwise. */
export const scopeOf = (e: Editor): string[] | null =>
  e.kind === 'staff' ? null : e.kind === 'rep' ? e.associations.map((a) => a.id) : [];

/** Whether this editor may see and change the activity (another association's is not found). */
export function mayEdit(e: Editor, a: Pick<Activity, 'association_id'>): boolean {
  const scope = scopeOf(e);
  return scope === null || (a.association_id !== null && scope.includes(a.association_id));
}

/** Whether the editor may manage activities at all (a 'none' editor reads why not). */
export const mayManage = (e: Editor): e is Exclude<Editor, { kind: 'none' }> => e.kind !== 'none';

/**
 * Whether the actor may see the activity's image: anyone once published or cancelled; a draft's
 * only someone of the office who may edit it.
 */
export async function mayViewImage(
  q: Queryable,
  actor: Actor | null,
  office: OfficeRef,
  a: Pick<Activity, 'status' | 'association_id'>,
): Promise<boolean> {
  if (a.status !== 'draft') return true;
  const member = actor && (actor.isNationalAdmin || actor.memberships.some((m) => m.officeId === office.id));
  return member ? mayEdit(await editorOf(q, actor, office.id), a) : false;
}
