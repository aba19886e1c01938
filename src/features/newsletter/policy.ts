import type { Actor } from '../../core/auth/actor.ts';
import { hasOfficeRole } from '../../core/auth/actor.ts';
import type { Campaign } from './repo.ts';

/**
 * Who may do what with an office's newsletter, beyond the routes' STAFF rule: the office's
 * coordinators and admins (national admins pass hasOfficeRole) write and send; what can be done
 * depends on the campaign's state. Views get the computed `can`, never check roles.
 */
export interface CampaignCan {
  edit: boolean;
  send: boolean;
  test: boolean;
  pause: boolean;
  resume: boolean;
}

export function campaignCan(actor: Actor | null, officeId: string, c: Pick<Campaign, 'status'>): CampaignCan {
  const staff = hasOfficeRole(actor, officeId, ['coordinator', 'office_admin']);
  return {
    edit: staff && c.status === 'draft',
    send: staff && c.status === 'draft',
    test: staff,
    pause: staff && c.status === 'sending',
    resume: staff && c.status === 'paused',
  };
}
