import { hasOfficeRole, type Actor } from '../../core/auth/actor.ts';
import type { Slot } from './repo.ts';

/**
 * Who may do what with career guidance, in one place (the routes' Access rule lets counsellors
 * and staff in; this decides the rest). Views get the computed answers, never check roles.
 *
 * - A counsellor (the `counsellor` role: a partner's counsellor) publishes and cancels their own
 *   slots; the office's staff (coordinators, office admins, national admins) publish their own
 *   and cancel anyone's.
 * - The notes on a session are the counsellor's who held it, and nobody else's: not the office
 *   admin's, not a national admin's (they are private; every reading is logged).
 */
export const COUNSELLOR_ROLES = ['counsellor', 'coordinator', 'office_admin'] as const;

export const isStaff = (actor: Actor, officeId: string) => hasOfficeRole(actor, officeId, ['coordinator', 'office_admin']);

/** Whether the actor may cancel this slot. */
export const mayManageSlot = (actor: Actor, officeId: string, slot: Pick<Slot, 'counsellor_id'>) =>
  slot.counsellor_id === actor.userId || isStaff(actor, officeId);

/** Whether the actor may see the slot's booking (who booked): its counsellor and the office's staff. */
export const mayViewBooking = mayManageSlot;

/** Whether the actor may read and write the notes on the slot's session: its counsellor only. */
export const mayKeepNotes = (actor: Actor, slot: Pick<Slot, 'counsellor_id'>) =>
  slot.counsellor_id !== null && slot.counsellor_id === actor.userId;

/** Whether the actor sees every counsellor's slots (staff) or only their own. */
export const seesAllSlots = isStaff;

/** Whether the actor publishes slots in the office (the admin page's Access rule, for a link to it). */
export const mayPublish = (actor: Actor | null, officeId: string) => hasOfficeRole(actor, officeId, COUNSELLOR_ROLES);
