import type { Queryable } from '../../core/db/db.ts';
import { PRIVACY_NOTICE_VERSION } from '../accounts/service.ts';
import { logAccess } from '../people/access-repo.ts';
import { insertPerson } from '../people/repo.ts';
import { personSearchKey } from '../people/schema.ts';
import { insertSelfConsent } from './repo.ts';

/**
 * Demo data of the young person's side: the demo young person (mladi@primer.test, Tara) joined
 * Čačak's register online — register, news and photos, photos later withdrawn — and Čačak's
 * coordinator opened her record once, so "my data" shows consents and the who-looked log.
 * She is not in Pančevo's register: the demo journey (and e2e/rights.spec.ts) joins it.
 * Runs after the people demo (which seeds the settlements).
 */
export async function seedMeDemo(q: Queryable, offices: Map<string, string>, now: Date = new Date()): Promise<void> {
  const cacak = offices.get('cacak');
  const [tara] = await q.query<{ id: string; display_name: string; email: string; birth_date: string }>(
    "SELECT id, display_name, email, birth_date FROM users WHERE email = 'mladi@primer.test'",
  );
  const [coordinator] = await q.query<{ id: string }>("SELECT id FROM users WHERE email = 'cacak@primer.test'");
  if (!cacak || !tara) return;
  const [settlement] = await q.query<{ id: string; kind: 'urban' | 'rural' }>(
    "SELECT id, kind FROM office_settlements WHERE office_id = $1 AND kind = 'urban' ORDER BY position LIMIT 1",
    [cacak],
  );
  const personId = await insertPerson(q, cacak, {
    userId: tara.id,
    fullName: tara.display_name,
    email: tara.email,
    phone: '',
    birthDate: tara.birth_date,
    gender: 'female',
    settlementId: settlement?.id ?? null,
    settlementKind: settlement?.kind ?? null,
    status: 'pupil',
    interests: ['education', 'volunteering'],
    script: 'lat',
    source: 'online',
    searchKey: personSearchKey(tara.display_name, tara.email),
    createdBy: null,
  });
  const daysAgo = (d: number) => new Date(now.getTime() - d * 24 * 3600 * 1000);
  await insertSelfConsent(q, cacak, personId, 'register', PRIVACY_NOTICE_VERSION, daysAgo(40));
  await insertSelfConsent(q, cacak, personId, 'contact', PRIVACY_NOTICE_VERSION, daysAgo(40));
  const photos = await insertSelfConsent(q, cacak, personId, 'photos', PRIVACY_NOTICE_VERSION, daysAgo(40));
  await q.query('UPDATE person_consents SET withdrawn_at = $3 WHERE office_id = $1 AND id = $2', [cacak, photos, daysAgo(12)]);
  if (coordinator) await logAccess(q, cacak, coordinator.id, personId, 'view');
}
