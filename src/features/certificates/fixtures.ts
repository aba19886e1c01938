import type { Db } from '../../core/db/db.ts';
import type { Deps } from '../../core/http/env.ts';
import { makeActivity, makeRegistration } from '../activities/testing.ts';
import { certificateFor } from './service.ts';

/**
 * Test fixtures (test/actors.ts PARAM_FIXTURES ':registration' and ':certificate'): a finished
 * four-hour workshop of the office that the account `ownerEmail` attended, and the certificate
 * issued for it — made once per database. Not used by the app.
 */
const made = new WeakMap<Db, Promise<{ registration: string; certificate: string; activity: string }>>();

export function certificateFixture(deps: Deps, officeSlug: string, ownerEmail: string): Promise<{ registration: string; certificate: string; activity: string }> {
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
      await db.query(`INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method) VALUES ($1, $2, $3, $4, 'list')`, [
        activity.officeId,
        reg.id,
        activity.sessionIds[0],
        end,
      ]);
      const cert = await certificateFor(deps, activity.officeId, activity.id, reg.id);
      if (!cert) throw new Error('certificateFixture: no certificate issued');
      return { registration: reg.id, certificate: cert.code, activity: activity.id };
    })();
    made.set(deps.db, ids);
  }
  return ids;
}
