import type { Db } from '../../core/db/db.ts';
import { findFullOffice } from '../../core/http/params.ts';
import { localParts } from '../../core/time.ts';
import { findOpportunity } from './repo.ts';
import { addDays, insertWithAudit } from './service.ts';

/**
 * Test fixture (test/actors.ts PARAM_FIXTURES ':opportunity'): an open opportunity of the office,
 * closing in ten days — the same one while it exists, a new one once a route has deleted it.
 */
const made = new WeakMap<Db, string>();

export async function opportunityFixture(db: Db, officeSlug: string): Promise<string> {
  const office = await findFullOffice(db, officeSlug);
  if (!office) throw new Error(`no office ${officeSlug}`);
  const known = made.get(db);
  if (known && (await findOpportunity(db, office.id, known))) return known;
  const id = await db.transaction((tx) =>
    insertWithAudit(tx, office.id, null, {
      kind: 'scholarship',
      title: 'Matrica stipendija (primer)',
      description: 'Za studente.\n\nDrugi pasus.',
      deadline: addDays(localParts(new Date()).date, 10),
      age_min: 18,
      age_max: 26,
      statuses: ['student'],
      link: 'https://example.org/stipendija',
      source: 'Fondacija Primer',
      areas: ['education'],
    }),
  );
  made.set(db, id);
  return id;
}
