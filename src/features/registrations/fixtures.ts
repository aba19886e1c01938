import type { Deps } from '../../core/http/env.ts';
import { makeActivity, makeRegistration } from '../activities/testing.ts';
import { CANCEL_PATH, CONFIRM_PATH, MY_REGISTRATIONS_PATH, registrationToken } from './mails.ts';
import { register } from './seats.ts';

/**
 * States that show this feature's forms, for the harness (test/forms.ts FORM_STATES): the
 * pages a mailed link opens, "my registrations" with a cancel button, and the coordinator's
 * list with a pending registration (approve / decline / cancel). Production code never imports this.
 */

/** A fresh guest sign-up (unconfirmed) in the office and the two pages its mailed link opens. */
export async function guestLinkPaths(deps: Deps, officeSlug: string): Promise<{ confirm: string; cancel: string }> {
  const a = await makeActivity(deps.db, officeSlug, { capacity: 1000 });
  const n = Math.random().toString(36).slice(2, 8);
  const { id } = await deps.db.transaction((tx) =>
    register(tx, deps, {
      officeId: a.officeId,
      activityId: a.id,
      source: 'guest',
      userId: null,
      fullName: 'Gost Obrazac',
      email: `gost.obrazac.${n}@primer.test`,
      birthYear: 2004,
      script: 'lat',
      actorId: null,
    }),
  );
  const [row] = await deps.db.query<{ code: string }>('SELECT code FROM registrations WHERE office_id = $1 AND id = $2', [a.officeId, id]);
  const token = encodeURIComponent(registrationToken(deps, row!.code));
  return { confirm: `/lat${CONFIRM_PATH}?t=${token}`, cancel: `/lat${CANCEL_PATH}?t=${token}` };
}

/** Signs the account up for a fresh activity of the office; returns the page listing it with a cancel button. */
export async function myRegistrationsPath(deps: Deps, officeSlug: string, userId: string): Promise<string> {
  const a = await makeActivity(deps.db, officeSlug, { capacity: 1000 });
  const [u] = await deps.db.query<{ email: string; display_name: string }>('SELECT email, display_name FROM users WHERE id = $1', [userId]);
  await deps.db.transaction((tx) =>
    register(tx, deps, {
      officeId: a.officeId,
      activityId: a.id,
      source: 'account',
      userId,
      fullName: u!.display_name,
      email: u!.email,
      birthYear: 1995,
      script: 'lat',
      actorId: userId,
    }),
  );
  return `/lat${MY_REGISTRATIONS_PATH}`;
}

/** An activity needing approval with a pending registration: the coordinator's list shows every row form. */
export async function pendingListPath(deps: Deps, officeSlug: string): Promise<string> {
  const a = await makeActivity(deps.db, officeSlug, { capacity: 1000, needsApproval: true });
  await makeRegistration(deps.db, a, { status: 'pending' });
  return `/lat/admin/kancelarije/${officeSlug}/aktivnosti/${a.id}/prijave`;
}
