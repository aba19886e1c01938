import { hasOfficeRole, type Actor } from '../../core/auth/actor.ts';
import { officeRoles } from '../../core/http/routes.ts';

/**
 * Who may do what with the youth council, in one place (the routes' Access rule lets the
 * council's members and staff in; this decides the rest). Views get the computed answers.
 *
 * - Staff (coordinators, office admins) manage everything: members, meetings, invitations,
 *   decisions, adopting the minutes.
 * - A member of the council with the `youth_council` office role reads the staff pages and, as
 *   the council's secretary would, records attendance and writes the minutes (not adopted ones);
 *   members' birth years and addresses are not theirs to see (minimum data).
 */
export const COUNCIL_ROLES = ['youth_council', 'coordinator', 'office_admin'] as const;
export const COUNCIL = officeRoles(...COUNCIL_ROLES);

export const isStaff = (actor: Actor | null, officeId: string) => hasOfficeRole(actor, officeId, ['coordinator', 'office_admin']);

/** Members, meetings, invitations, decisions, adoption. */
export const mayManage = isStaff;

/** Attendance and the minutes' text: staff and the council's own (secretary). */
export const mayKeepMinutes = (actor: Actor | null, officeId: string) => hasOfficeRole(actor, officeId, COUNCIL_ROLES);

/** Birth years and e-mail addresses of members. */
export const maySeePersonalData = isStaff;
