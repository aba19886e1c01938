import type { Queryable } from '../../core/db/db.ts';
import { maybeOne } from '../../core/db/db.ts';
import type { PurposeCode } from '../people/purposes.ts';

/**
 * SQL of a parent's request for a child under 15: the one-time link (only its hash stored),
 * what the link shows, and the parent's answer.
 */

// ── Parent confirmation tokens ─────────────────────────────────────────────

export async function insertConsentToken(
  q: Queryable,
  officeId: string,
  consentId: string,
  hash: string,
  now: Date,
  days: number,
): Promise<void> {
  await q.query(
    `INSERT INTO consent_tokens (office_id, token_hash, consent_id, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $4::timestamptz + make_interval(days => $5))`,
    [officeId, hash, consentId, now, days],
  );
}

export interface ParentRequest {
  consent_id: string;
  person_id: string;
  child_name: string;
  birth_date: string | null;
  settlement_name: string | null;
  parent_name: string;
  parent_email: string;
  notice_version: string;
  /** The purposes asked for (live, unconfirmed parent consents of the person). */
  purposes: PurposeCode[];
}

/**
 * The pending request a parent's token names: unused, unexpired at `now`, and still waiting
 * (the consent neither confirmed nor withdrawn). Locked with `forUpdate`.
 */
export function findParentRequest(
  q: Queryable,
  officeId: string,
  hash: string,
  now: Date,
  forUpdate = false,
): Promise<ParentRequest | undefined> {
  return maybeOne<ParentRequest>(
    q,
    `SELECT c.id AS consent_id, c.person_id, p.full_name AS child_name, p.birth_date, s.name AS settlement_name,
            c.parent_name, c.parent_email, c.notice_version,
            ARRAY(SELECT o.purpose FROM person_consents o
                   WHERE o.office_id = c.office_id AND o.person_id = c.person_id AND o.given_by = 'parent' AND o.evidence = 'online'
                     AND o.parent_confirmed_at IS NULL AND o.withdrawn_at IS NULL
                   ORDER BY array_position(ARRAY['register','contact','photos','sensitive','guidance'], o.purpose)) AS purposes
       FROM consent_tokens t
       JOIN person_consents c ON c.office_id = t.office_id AND c.id = t.consent_id
       JOIN people p ON p.office_id = c.office_id AND p.id = c.person_id
       LEFT JOIN office_settlements s ON s.office_id = p.office_id AND s.id = p.settlement_id
      WHERE t.office_id = $1 AND t.token_hash = $2 AND t.used_at IS NULL AND t.expires_at > $3
        AND c.withdrawn_at IS NULL AND c.parent_confirmed_at IS NULL AND p.anonymised_at IS NULL
      ${forUpdate ? 'FOR UPDATE OF t, c' : ''}`,
    [officeId, hash, now],
  );
}

export async function markTokenUsed(q: Queryable, officeId: string, hash: string, at: Date): Promise<void> {
  await q.query('UPDATE consent_tokens SET used_at = $3 WHERE office_id = $1 AND token_hash = $2', [officeId, hash, at]);
}

/** The parent confirmed: every pending online parent consent of the person is now in force. */
export async function confirmParentConsents(q: Queryable, officeId: string, personId: string, at: Date): Promise<void> {
  await q.query(
    `UPDATE person_consents SET parent_confirmed_at = $3
      WHERE office_id = $1 AND person_id = $2 AND given_by = 'parent' AND evidence = 'online'
        AND parent_confirmed_at IS NULL AND withdrawn_at IS NULL`,
    [officeId, personId, at],
  );
}

/** Deletes a person row with everything hanging off it (consents, tokens, access log). */
export async function deletePerson(q: Queryable, officeId: string, personId: string): Promise<void> {
  await q.query('DELETE FROM people WHERE office_id = $1 AND id = $2', [officeId, personId]);
}
