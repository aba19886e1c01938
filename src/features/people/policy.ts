import { hasOfficeRole, type Actor } from '../../core/auth/actor.ts';

/**
 * Who may do what in the register, beyond the routes' own Access rules: computed once per
 * request and handed to the views, which show a link or a button by it and never check roles.
 */
export interface PeopleCan {
  /** Review the access log of the register (the office admin). */
  accessLog: boolean;
}

export const peopleCan = (actor: Actor | null, officeId: string): PeopleCan => ({
  accessLog: hasOfficeRole(actor, officeId, ['office_admin']),
});
