import type { Queryable } from '../../core/db/db.ts';
import type { AssociationInput, PublicationInput } from './schema.ts';

/** Inserts an association; returns its id. The unique index on (office_id, registry_number) decides duplicates. */
export async function insertAssociation(
  q: Queryable,
  officeId: string,
  a: AssociationInput,
  p: PublicationInput,
  searchKeyValue: string,
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO associations (office_id, kind, name, short_name, legal_form, registry_number, founded_year, address, email,
                               phone, website, contact_person, description, areas, target_groups, members_total,
                               members_young, active, listed, published_fields, search_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id`,
    [
      officeId, a.kind, a.name, a.short_name, a.legal_form, a.registry_number, a.founded_year, a.address, a.email, a.phone,
      a.website, a.contact_person, a.description, a.areas, a.target_groups, a.members_total, a.members_young, a.active,
      p.listed, p.published_fields, searchKeyValue,
    ],
  );
  return rows[0]!.id;
}
