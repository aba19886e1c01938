import { hasOfficeRole, type Actor } from '../../core/auth/actor.ts';
import type { Queryable } from '../../core/db/db.ts';
import { isApprovedRepresentative } from './repo.ts';

/**
 * Who may do what with an office's associations, in one place (the routes' Access rule lets
 * staff and representatives in; this decides the rest).
 */

/** Staff of the office (coordinators, office admins; national admins pass). */
export const isOfficeStaff = (actor: Actor | null, officeId: string) => hasOfficeRole(actor, officeId, ['coordinator', 'office_admin']);

/**
 * Who may edit an association's profile: the office's staff, or an approved representative of
 * this very association (a representative of another association may not). null: nobody.
 */
export async function editorRole(
  q: Queryable,
  actor: Actor | null,
  officeId: string,
  associationId: string,
): Promise<'staff' | 'representative' | null> {
  if (!actor) return null;
  if (isOfficeStaff(actor, officeId)) return 'staff';
  return (await isApprovedRepresentative(q, officeId, associationId, actor.userId)) ? 'representative' : null;
}
