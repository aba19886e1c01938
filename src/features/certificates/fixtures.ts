import type { Db } from '../../core/db/db.ts';
import type { Deps } from '../../core/http/env.ts';
import { makeActivity, makeRegistration } from '../activities/testing.ts';
import { setRegistrationToken } from './repo.ts';
import { certificateFor, hashToken } from './service.ts';

/**
 * Test fixtures (test/actors.ts PARAM_FIXTURES ':registration' and ':certificate'): a finished
 * four-hour workshop of the office that the account `ownerEmail` attended, and the certificate
 * issued for it — made once per database. Not used by the app.
 */
const made = new WeakMap<Db, Promise<{ registration: string; certificate: string; activity: string }>>();

export function certificateFixture(
  deps: Deps,
  officeSlug: string,
  ownerEmail: string,
): Promise<{ registration: string; certificate: string; activity: string }> {
  let ids = made.get(deps.db);
  if (!ids) {
    ids = (async () => {
      const db = deps.db;
      const [user] = await db.query<{ id: string }>('SELECT id FROM users WHERE lower(email) = lower($1)', [ownerEmail]);
      const end = new Date(Math.floor(deps.now().getTime() / 3_600_000) * 3_600_000 - 24 * 3_600_000);
      const activity = await makeActivity(db, officeSlug, {
        title: 'Matrica: završena radionica',
        certificateHours: 4,
        sessions: [[new Date(end.getTime() - 4 * 3_600_000), end]],
      });
      const reg = await makeRegistration(db, activity, { userId: user?.id ?? null, fullName: 'Matrica Učesnica', script: 'lat' });
      await db.query(
        `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method) VALUES ($1, $2, $3, $4, 'list')`,
        [activity.officeId, reg.id, activity.sessionIds[0], end],
      );
      const cert = await certificateFor(deps, activity.officeId, activity.id, reg.id);
      if (!cert) throw new Error('certificateFixture: no certificate issued');
      return { registration: reg.id, certificate: cert.code, activity: activity.id };
    })();
    made.set(deps.db, ids);
  }
  return ids;
}

/** A finished activity with hours (ended yesterday) and a registration that attended it. */
async function finishedWithAttendee(deps: Deps, officeSlug: string, title: string) {
  const end = new Date(Math.floor(deps.now().getTime() / 3_600_000) * 3_600_000 - 24 * 3_600_000);
  const activity = await makeActivity(deps.db, officeSlug, {
    title,
    certificateHours: 2,
    sessions: [[new Date(end.getTime() - 2 * 3_600_000), end]],
  });
  const reg = await makeRegistration(deps.db, activity, { fullName: 'Obrazac Učesnik' });
  await deps.db.query(
    `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method) VALUES ($1, $2, $3, $4, 'list')`,
    [activity.officeId, reg.id, activity.sessionIds[0], end],
  );
  return { activity, reg };
}

/**
 * For test/forms.ts FORM_STATES: the staff page of a finished activity whose participant earned
 * a certificate not issued yet (it shows the "issue" button). Returns the page's path.
 */
export async function issueFormPath(deps: Deps, officeSlug: string): Promise<string> {
  const { activity } = await finishedWithAttendee(deps, officeSlug, 'Obrazac: potvrde za izdavanje');
  return `/lat/admin/kancelarije/${officeSlug}/aktivnosti/${activity.id}/sertifikati`;
}

/** For test/forms.ts FORM_STATES: the feedback form as a mailed link opens it. Returns the link's path. */
export async function feedbackFormPath(deps: Deps, officeSlug: string): Promise<string> {
  const { activity, reg } = await finishedWithAttendee(deps, officeSlug, 'Obrazac: utisci');
  await deps.db.query('UPDATE activities SET feedback_sent_at = $3 WHERE office_id = $1 AND id = $2', [
    activity.officeId,
    activity.id,
    deps.now(),
  ]);
  const raw = `obrazac-${reg.id}`;
  await setRegistrationToken(deps.db, activity.officeId, reg.id, hashToken(raw), new Date(deps.now().getTime() + 24 * 3_600_000));
  return `/lat/utisak?t=${raw}`;
}
