import type { Queryable } from '../../core/db/db.ts';
import { maybeOne } from '../../core/db/db.ts';
import { logAccess } from '../people/access-repo.ts';

/**
 * SQL of the volunteer's identity data (JMBG, residence, citizenship): its own table, kept with
 * the person's register entry in the office, never on the person row. Every reading goes through
 * readIdentity, which writes the register's access log in the same statement batch.
 */

export interface VolunteerIdentity {
  person_id: string;
  jmbg: string;
  address: string;
  citizenship: string;
}

/** The account's live register entry in the office (not merged, not anonymised). */
export function personOfUser(
  q: Queryable,
  officeId: string,
  userId: string,
): Promise<{ id: string; birth_date: string | null } | undefined> {
  return maybeOne(
    q,
    `SELECT id, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM people
      WHERE office_id = $1 AND user_id = $2 AND merged_into_id IS NULL AND anonymised_at IS NULL`,
    [officeId, userId],
  );
}

/** Whether the person's identity is on file, without reading it (nothing to log). */
export async function hasIdentity(q: Queryable, officeId: string, personId: string): Promise<boolean> {
  const rows = await q.query('SELECT 1 FROM volunteer_identities WHERE office_id = $1 AND person_id = $2', [officeId, personId]);
  return rows.length > 0;
}

/** Reads the identity and logs the viewing ('view', reason 'volunteering.jmbg: <why>') in the register's access log. */
export async function readIdentity(
  q: Queryable,
  officeId: string,
  personId: string,
  actorId: string | null,
  why: string,
): Promise<VolunteerIdentity | undefined> {
  const row = await maybeOne<VolunteerIdentity>(
    q,
    'SELECT person_id, jmbg, address, citizenship FROM volunteer_identities WHERE office_id = $1 AND person_id = $2',
    [officeId, personId],
  );
  if (row) await logAccess(q, officeId, actorId, personId, 'view', `volunteering.jmbg: ${why}`);
  return row;
}

export async function upsertIdentity(
  q: Queryable,
  officeId: string,
  personId: string,
  i: { jmbg: string; address: string; citizenship: string },
): Promise<void> {
  await q.query(
    `INSERT INTO volunteer_identities (office_id, person_id, jmbg, address, citizenship) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (office_id, person_id) DO UPDATE SET jmbg = EXCLUDED.jmbg, address = EXCLUDED.address, citizenship = EXCLUDED.citizenship,
       updated_at = now()`,
    [officeId, personId, i.jmbg, i.address, i.citizenship],
  );
}
