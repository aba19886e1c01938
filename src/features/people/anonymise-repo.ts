import type { Queryable } from '../../core/db/db.ts';
import { logAccess } from './access-repo.ts';

/**
 * Anonymises a person in place, with the rows merged into it (duplicates carry the same
 * personal data): name, e-mail, phone, exact birth date, settlement and account link go;
 * birth year, gender, settlement kind, status and interests stay, so counts do not change.
 * Special categories are deleted, live consents withdrawn and their personal fields (a
 * parent's name and address, the evidence note) cleared, pending parent links deleted. The
 * access log stays (the office's accountability record, now about an anonymous row) and gets
 * an 'anonymise' entry. Runs in the caller's transaction; returns the ids anonymised.
 */
export async function anonymisePerson(
  tx: Queryable,
  officeId: string,
  personId: string,
  opts: { actorId?: string | null; reason?: string; at?: Date } = {},
): Promise<string[]> {
  const at = opts.at ?? new Date();
  const rows = await tx.query<{ id: string }>(
    `WITH RECURSIVE chain(id) AS (
       SELECT id FROM people WHERE office_id = $1 AND id = $2
       UNION
       SELECT p.id FROM people p JOIN chain ON p.office_id = $1 AND p.merged_into_id = chain.id
     )
     UPDATE people p SET full_name = '', email = '', phone = '', birth_date = NULL, user_id = NULL, settlement_id = NULL,
            search_key = '', anonymised_at = COALESCE(p.anonymised_at, $3), updated_at = $3
       FROM chain WHERE p.office_id = $1 AND p.id = chain.id
     RETURNING p.id`,
    [officeId, personId, at],
  );
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return ids;
  await tx.query('DELETE FROM person_sensitive WHERE office_id = $1 AND person_id = ANY($2::uuid[])', [officeId, ids]);
  await tx.query(
    `DELETE FROM consent_tokens t USING person_consents c
      WHERE t.office_id = $1 AND c.office_id = $1 AND c.id = t.consent_id AND c.person_id = ANY($2::uuid[])`,
    [officeId, ids],
  );
  await tx.query(
    `UPDATE person_consents SET parent_name = '', parent_email = '', evidence_note = '', withdrawn_at = COALESCE(withdrawn_at, $3)
      WHERE office_id = $1 AND person_id = ANY($2::uuid[])`,
    [officeId, ids, at],
  );
  await logAccess(tx, officeId, opts.actorId ?? null, personId, 'anonymise', opts.reason ?? '');
  return ids;
}
