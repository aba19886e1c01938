import { hasOfficeRole, type Actor } from '../../core/auth/actor.ts';

/**
 * Who may do what with the office's space and equipment, in one place: the office's staff
 * (coordinators and office admins) keep the resources, decide requests, check bookings in and
 * release no-shows; anyone may ask (signed in, or a guest confirming by mail).
 */
export const BOOKING_STAFF_ROLES = ['coordinator', 'office_admin'] as const;

export const mayManage = (actor: Actor | null, officeId: string) => hasOfficeRole(actor, officeId, BOOKING_STAFF_ROLES);
