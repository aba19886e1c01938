import type { Queryable } from '../../core/db/db.ts';
import type { PartnerInput } from './schema.ts';

/** Inserts a partner; the unique index on (office_id, search_key) refuses a second one of the same name. */
export async function insertPartner(q: Queryable, officeId: string, p: PartnerInput, searchKeyValue: string): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO partners (office_id, kind, name, address, contact_person, email, phone, website, notes, active, search_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [officeId, p.kind, p.name, p.address, p.contact_person, p.email, p.phone, p.website, p.notes, p.active, searchKeyValue],
  );
  return rows[0]!.id;
}
