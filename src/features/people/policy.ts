import { hasOfficeRole, type Actor } from '../../core/auth/actor.ts';

/**
 * Who may do what in the register, beyond the routes' own Access rules: computed once per
 * request and handed to the views, which show a link or a button by it and never check roles.
 */
export interface PeopleCan {
  /** Open the register itself (its staff); the national admin reaches only its statistics. */
  register: boolean;
  /** Review the access log of the register (the office admin). */
  accessLog: boolean;
}

export const peopleCan = (actor: Actor | null, officeId: string): PeopleCan => ({
  register: hasOfficeRole(actor, officeId, ['coordinator', 'office_admin']),
  accessLog: hasOfficeRole(actor, officeId, ['office_admin']),
});
