import { hasOfficeRole, type Actor } from '../../core/auth/actor.ts';
import { EDITABLE, type Status } from './schema.ts';

/**
 * Who may do what with an initiative, in one place (the routes' Access rule lets signed-in
 * people in; this decides the rest). Views get the computed answers, never check roles.
 *
 * - The team (accepted members) sees its initiative in every status, edits the proposal in draft
 *   and needs_changes only, sends it, invites, comments, starts it and reports on it.
 * - The office's staff (coordinators, office admins) see every initiative once it is sent (a
 *   draft is the team's own), take it up for review, decide, and comment.
 * - Everyone else: not found (404), as for another office's row.
 */
export const isStaff = (actor: Actor | null, officeId: string) => hasOfficeRole(actor, officeId, ['coordinator', 'office_admin']);

export interface Can {
  view: boolean;
  edit: boolean;
  submit: boolean;
  invite: boolean;
  comment: boolean;
  review: boolean;
  decide: boolean;
  start: boolean;
  report: boolean;
  photo: boolean;
  staff: boolean;
  team: boolean;
}

/** What the actor may do with the initiative, given whether they are in its team. */
export function can(actor: Actor | null, officeId: string, status: Status, team: boolean): Can {
  const staff = isStaff(actor, officeId) && status !== 'draft';
  const open = status !== 'declined' && status !== 'completed';
  return {
    view: team || staff,
    edit: team && EDITABLE.includes(status),
    submit: team && EDITABLE.includes(status),
    invite: team && open,
    comment: team || staff,
    review: staff && status === 'submitted',
    decide: staff && status === 'under_review',
    start: team && status === 'supported',
    report: team && status === 'in_progress',
    photo: team && (status === 'in_progress' || status === 'completed'),
    staff,
    team,
  };
}
