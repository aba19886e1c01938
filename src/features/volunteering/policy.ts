import { hasOfficeRole, type Actor } from '../../core/auth/actor.ts';
import type { Queryable } from '../../core/db/db.ts';
import { officeRoles } from '../../core/http/routes.ts';
import { representedAssociations } from './repo.ts';

/**
 * Who organises volunteering, in one place. The organiser routes' Access rule (ORGANISERS) lets
 * in the office's staff and association representatives; beyond it, staff organise every
 * opportunity of the office, a representative only those of the associations they represent
 * (approved). Another organiser's opportunity answers 404, like another office's.
 */
export const ORGANISERS = officeRoles('coordinator', 'office_admin', 'association_rep');

export const isStaff = (actor: Actor | null, officeId: string): boolean => hasOfficeRole(actor, officeId, ['coordinator', 'office_admin']);

/** null: every association (staff); otherwise the ids of the associations the actor represents. */
export async function organiserAssociations(q: Queryable, actor: Actor, officeId: string): Promise<string[] | null> {
  if (isStaff(actor, officeId)) return null;
  return (await representedAssociations(q, officeId, actor.userId)).map((a) => a.id);
}

/** Whether the actor organises this opportunity (may decide its applications and hours, issue its papers). */
export async function mayOrganise(
  q: Queryable,
  actor: Actor | null,
  officeId: string,
  o: { association_id: string | null },
): Promise<boolean> {
  if (!actor) return false;
  const allowed = await organiserAssociations(q, actor, officeId);
  return allowed === null || (o.association_id !== null && allowed.includes(o.association_id));
}
