import type { Db } from '../../core/db/db.ts';
import { findUserByEmail } from '../accounts/repo.ts';
import { addMember } from '../admin/repo.ts';
import { findFullOffice } from '../../core/http/params.ts';
import { insertApprovedRepresentative } from './repo.ts';
import { createAssociation } from './service.ts';

/**
 * Test fixture (test/actors.ts PARAM_FIXTURES ':association'): one listed association of the
 * office, made once per database, and the given account — when it exists — approved as its
 * representative with the office role association_rep, so routes whose access includes
 * association_rep are really usable by the matrix's representative. Returns the id.
 */
const made = new WeakMap<Db, Promise<string>>();

export function associationFixture(db: Db, officeSlug: string, repEmail: string): Promise<string> {
  let id = made.get(db);
  if (!id) {
    id = db.transaction(async (tx) => {
      const office = await findFullOffice(tx, officeSlug);
      return createAssociation(
        tx,
        office!.id,
        null,
        {
          kind: 'youth',
          name: 'Matrica udruženje mladih (primer)',
          short_name: 'MUM',
          legal_form: 'association',
          registry_number: '07204990',
          founded_year: 2015,
          address: 'Primerna 1, Pančevo',
          email: 'matrica.udruzenje@primer.test',
          phone: '013/000-000',
          website: 'https://example.org/',
          contact_person: 'Matrica Primerić',
          description: 'Udruženje za testove.',
          areas: ['education', 'participation'],
          target_groups: ['pupils', 'students'],
          members_total: 30,
          members_young: 25,
          active: true,
        },
        { listed: true, published_fields: ['description', 'email', 'areas', 'target_groups', 'members'] },
      );
    });
    made.set(db, id);
  }
  return id.then(async (associationId) => {
    await db.transaction(async (tx) => {
      const user = await findUserByEmail(tx, repEmail);
      const office = await findFullOffice(tx, officeSlug);
      if (!user || !office) return;
      if (await insertApprovedRepresentative(tx, office.id, associationId, user.id, 'fixture')) {
        await addMember(tx, office.id, user.id, 'association_rep', null);
      }
    });
    return associationId;
  });
}
