import { hasOfficeRole, type Actor } from '../../core/auth/actor.ts';

/**
 * Who may do what with an office's opportunities, in one place. The admin routes' Access rule
 * (STAFF) already lets only the office's coordinators and office admins (and national admins)
 * in; the public pages ask this to offer those people a link to edit, and views get the answer
 * as a flag, never a role check of their own.
 */
export const mayManage = (actor: Actor | null, officeId: string): boolean =>
  hasOfficeRole(actor, officeId, ['coordinator', 'office_admin']);
