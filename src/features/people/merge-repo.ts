import type { Queryable } from '../../core/db/db.ts';
import type { PurposeCode } from './purposes.ts';
import { isUuid } from '../../core/http/ids.ts';
import { contains } from './repo.ts';
import { nameKey } from './schema.ts';

/**
 * SQL of duplicates and their merge: finding records that may be one person, and folding the
 * loser into the winner (fields, consents, special categories).
 */

// ── Duplicates ─────────────────────────────────────────────────────────────

export interface DuplicateMatch {
  /** Index of the input row this matches. */
  row: number;
  id: string;
  full_name: string;
  email: string;
  birth_date: string | null;
  /** 'email': same address (case-insensitive); 'name_birth': same name (any script, no diacritics) and birth date. */
  reason: 'email' | 'name_birth';
}

/**
 * Live people of the office who may be the same as each input row: the same e-mail address
 * (ignoring case), or the same name — compared as searchKey(), so "Ђорђе" and "Djordje" match —
 * and the same birth date. Used before adding someone by hand and for every row of an import
 * (one query for all rows).
 * `birth_date` is 'YYYY-MM-DD' or '' (then only the e-mail is compared). Returns every match,
 * ordered by input row; a row with no match has no entry.
 */
export async function findDuplicates(
  q: Queryable,
  officeId: string,
  rows: ReadonlyArray<{ email: string; full_name: string; birth_date: string }>,
  exceptId?: string,
): Promise<DuplicateMatch[]> {
  if (rows.length === 0) return [];
  const emails = rows.map((r) => r.email.trim().toLowerCase());
  const keys = rows.map((r) => nameKey(r.full_name));
  const births = rows.map((r) => (/^\d{4}-\d{2}-\d{2}$/.test(r.birth_date) ? r.birth_date : null));
  return q
    .query<DuplicateMatch>(
      `SELECT i.row::int AS row, p.id, p.full_name, p.email, p.birth_date,
            CASE WHEN i.email <> '' AND lower(p.email) = i.email THEN 'email' ELSE 'name_birth' END AS reason
       FROM unnest($2::text[], $3::text[], $4::date[]) WITH ORDINALITY AS i(email, key, birth, row)
       JOIN people p ON p.office_id = $1 AND p.merged_into_id IS NULL AND p.anonymised_at IS NULL
                    AND p.id IS DISTINCT FROM $5::uuid
                    AND ((i.email <> '' AND lower(p.email) = i.email)
                         OR (i.key <> '' AND i.birth IS NOT NULL AND p.birth_date = i.birth
                             AND (p.search_key = i.key OR starts_with(p.search_key, i.key || ' '))))
      ORDER BY i.row, p.search_key, p.id`,
      [officeId, emails, keys, births, exceptId && isUuid(exceptId) ? exceptId : null],
    )
    .then((r) => r.map((m) => ({ ...m, row: m.row - 1 })));
}

/** Live people who may be the same as this one: same e-mail, same name and birth date, or same account. */
export function mergeCandidates(
  q: Queryable,
  officeId: string,
  p: { id: string; email: string; birth_date: string | null; user_id: string | null; nameKey: string },
) {
  return q.query<{ id: string; full_name: string; email: string; birth_date: string | null; has_account: boolean; created_at: Date }>(
    `SELECT p.id, p.full_name, p.email, p.birth_date, p.user_id IS NOT NULL AS has_account, p.created_at FROM people p
      WHERE p.office_id = $1 AND p.id <> $2 AND p.merged_into_id IS NULL AND p.anonymised_at IS NULL
        AND (($3 <> '' AND lower(p.email) = lower($3))
             OR ($4::date IS NOT NULL AND p.birth_date = $4::date AND $6 <> '' AND (p.search_key = $6 OR starts_with(p.search_key, $6 || ' ')))
             OR ($5::uuid IS NOT NULL AND p.user_id = $5::uuid))
      ORDER BY p.search_key, p.id LIMIT 50`,
    [officeId, p.id, p.email, p.birth_date, p.user_id, p.nameKey],
  );
}

/** Live people found by name or e-mail (for choosing a merge partner by hand). */
export function searchLivePeople(q: Queryable, officeId: string, key: string, exceptId: string) {
  return q.query<{ id: string; full_name: string; email: string; birth_date: string | null; has_account: boolean; created_at: Date }>(
    `SELECT p.id, p.full_name, p.email, p.birth_date, p.user_id IS NOT NULL AS has_account, p.created_at FROM people p
      WHERE p.office_id = $1 AND p.id <> $2 AND p.merged_into_id IS NULL AND p.anonymised_at IS NULL AND p.search_key LIKE $3
      ORDER BY p.search_key, p.id LIMIT 20`,
    [officeId, exceptId, contains(key)],
  );
}

// ── Merge ──────────────────────────────────────────────────────────────────

/** Locks both rows (in id order, so two merges of the same pair cannot deadlock) and returns them. */
export async function lockPair(q: Queryable, officeId: string, a: string, b: string) {
  return q.query<{ id: string; user_id: string | null; merged_into_id: string | null; anonymised_at: Date | null }>(
    `SELECT id, user_id, merged_into_id, anonymised_at FROM people WHERE office_id = $1 AND id IN ($2, $3) ORDER BY id FOR UPDATE`,
    [officeId, a, b],
  );
}

/**
 * The winner keeps its own values; each empty field (and an unknown gender, settlement or status)
 * is filled from the loser; interests are joined. The loser points at the winner.
 */
export async function mergeInto(
  q: Queryable,
  officeId: string,
  winnerId: string,
  loserId: string,
  nameKey: (full: string, email: string) => string,
): Promise<void> {
  // The loser stops being live first, so the winner may take over its account (one live row
  // per account); the loser keeps its user_id, so erasing that account reaches it too.
  await q.query('UPDATE people SET merged_into_id = $3, updated_at = now() WHERE office_id = $1 AND id = $2', [
    officeId,
    loserId,
    winnerId,
  ]);
  const rows = await q.query<{ full_name: string; email: string }>(
    `UPDATE people w SET
        full_name = CASE WHEN w.full_name = '' THEN l.full_name ELSE w.full_name END,
        email = CASE WHEN w.email = '' THEN l.email ELSE w.email END,
        phone = CASE WHEN w.phone = '' THEN l.phone ELSE w.phone END,
        birth_date = COALESCE(w.birth_date, l.birth_date),
        birth_year = CASE WHEN w.birth_date IS NULL AND l.birth_date IS NOT NULL THEN l.birth_year ELSE w.birth_year END,
        gender = COALESCE(w.gender, l.gender),
        settlement_id = COALESCE(w.settlement_id, l.settlement_id),
        settlement_kind = CASE WHEN w.settlement_id IS NULL AND l.settlement_id IS NOT NULL THEN l.settlement_kind
                               ELSE COALESCE(w.settlement_kind, l.settlement_kind) END,
        status = COALESCE(w.status, l.status),
        interests = ARRAY(SELECT DISTINCT x FROM unnest(w.interests || l.interests) AS x ORDER BY x),
        user_id = COALESCE(w.user_id, l.user_id),
        updated_at = now()
       FROM people l
      WHERE w.office_id = $1 AND w.id = $2 AND l.office_id = $1 AND l.id = $3
      RETURNING w.full_name, w.email`,
    [officeId, winnerId, loserId],
  );
  const w = rows[0]!;
  await q.query('UPDATE people SET search_key = $3 WHERE office_id = $1 AND id = $2', [officeId, winnerId, nameKey(w.full_name, w.email)]);
}

/**
 * Moves the loser's live consents for purposes the winner has no live consent for (they were
 * given for the same person); the winner's own consents stay. Returns the purposes moved.
 */
export async function moveConsents(q: Queryable, officeId: string, winnerId: string, loserId: string): Promise<PurposeCode[]> {
  const rows = await q.query<{ purpose: PurposeCode }>(
    `UPDATE person_consents l SET person_id = $2
      WHERE l.office_id = $1 AND l.person_id = $3 AND l.withdrawn_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM person_consents w WHERE w.office_id = $1 AND w.person_id = $2 AND w.purpose = l.purpose
                                                          AND w.withdrawn_at IS NULL)
      RETURNING l.purpose`,
    [officeId, winnerId, loserId],
  );
  return rows.map((r) => r.purpose);
}

/**
 * After moveConsents: the loser's special-category row goes to the winner when the winner has
 * none and now holds a live 'sensitive' consent; otherwise it is deleted (the winner's own data
 * stands, and a merged row keeps no special categories).
 */
export async function moveSensitive(q: Queryable, officeId: string, winnerId: string, loserId: string): Promise<void> {
  await q.query(
    `UPDATE person_sensitive s SET person_id = $2,
            consent_id = (SELECT c.id FROM person_consents c WHERE c.office_id = $1 AND c.person_id = $2 AND c.purpose = 'sensitive'
                                                              AND c.withdrawn_at IS NULL)
      WHERE s.office_id = $1 AND s.person_id = $3
        AND NOT EXISTS (SELECT 1 FROM person_sensitive w WHERE w.office_id = $1 AND w.person_id = $2)
        AND EXISTS (SELECT 1 FROM person_consents c WHERE c.office_id = $1 AND c.person_id = $2 AND c.purpose = 'sensitive'
                                                     AND c.withdrawn_at IS NULL)`,
    [officeId, winnerId, loserId],
  );
  await q.query('DELETE FROM person_sensitive WHERE office_id = $1 AND person_id = $2', [officeId, loserId]);
}
