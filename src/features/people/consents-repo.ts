import type { Queryable } from '../../core/db/db.ts';
import { maybeOne } from '../../core/db/db.ts';
import type { PurposeCode } from './purposes.ts';
import { isUuid } from '../../core/http/ids.ts';

/**
 * SQL of a register person's consents (the office in every WHERE clause): what was agreed,
 * to which notice, by whom; and the condition that says a consent is in force.
 */

// ── Consents ───────────────────────────────────────────────────────────────

/** A consent as stored: what was agreed, to which notice, by whom, on what evidence. */
export interface ConsentRecord {
  id: string;
  purpose: PurposeCode;
  notice_version: string;
  given_by: 'self' | 'parent';
  parent_name: string;
  parent_email: string;
  parent_confirmed_at: Date | null;
  evidence: 'online' | 'paper' | 'import';
  evidence_note: string;
  given_at: Date;
  withdrawn_at: Date | null;
}

export interface ConsentRow extends ConsentRecord {
  recorded_by: string | null;
  recorded_by_name: string | null;
}

export interface NewConsent {
  purpose: PurposeCode;
  noticeVersion: string;
  givenBy: 'self' | 'parent';
  parentName: string;
  parentEmail: string;
  /** Set for a parent's consent on paper or in an imported list: the parent signed it. */
  parentConfirmed: boolean;
  evidence: 'online' | 'paper' | 'import';
  evidenceNote: string;
  recordedBy: string | null;
}

export async function insertPersonConsent(q: Queryable, officeId: string, personId: string, c: NewConsent): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO person_consents (office_id, person_id, purpose, notice_version, given_by, parent_name, parent_email,
                                  parent_confirmed_at, evidence, evidence_note, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8 THEN now() END, $9, $10, $11) RETURNING id`,
    [
      officeId,
      personId,
      c.purpose,
      c.noticeVersion,
      c.givenBy,
      c.parentName,
      c.parentEmail,
      c.parentConfirmed,
      c.evidence,
      c.evidenceNote,
      c.recordedBy,
    ],
  );
  return rows[0]!.id;
}

/** Every consent of a person, live and withdrawn, newest first within each purpose. */
export function listPersonConsents(q: Queryable, officeId: string, personId: string): Promise<ConsentRow[]> {
  return q.query<ConsentRow>(
    `SELECT c.id, c.purpose, c.notice_version, c.given_by, c.parent_name, c.parent_email, c.parent_confirmed_at, c.evidence,
            c.evidence_note, c.recorded_by, u.display_name AS recorded_by_name, c.given_at, c.withdrawn_at
       FROM person_consents c LEFT JOIN users u ON u.id = c.recorded_by
      WHERE c.office_id = $1 AND c.person_id = $2
      ORDER BY c.withdrawn_at IS NOT NULL, array_position(ARRAY['register', 'contact', 'photos', 'sensitive', 'guidance'], c.purpose),
               c.given_at DESC, c.id`,
    [officeId, personId],
  );
}

/** The live (not withdrawn) consent for a purpose, locked; pending parent consents included. */
export function findLiveConsent(q: Queryable, officeId: string, personId: string, purpose: PurposeCode) {
  return maybeOne<ConsentRow>(
    q,
    `SELECT c.*, NULL AS recorded_by_name FROM person_consents c
      WHERE c.office_id = $1 AND c.person_id = $2 AND c.purpose = $3 AND c.withdrawn_at IS NULL FOR UPDATE`,
    [officeId, personId, purpose],
  );
}

/** A live consent that is in force: given by the person, or by a parent who confirmed (online) or signed (paper, import). */
export const CONSENT_IN_FORCE = `(c.withdrawn_at IS NULL AND (c.given_by = 'self' OR c.evidence <> 'online' OR c.parent_confirmed_at IS NOT NULL))`;

/** A consent with the person and office it belongs to. */
export interface OfficeConsent extends ConsentRecord {
  office_id: string;
  person_id: string;
}

export const CONSENT_COLUMNS = `c.office_id, c.id, c.person_id, c.purpose, c.notice_version, c.given_by, c.parent_name, c.parent_email,
  c.parent_confirmed_at, c.evidence, c.evidence_note, c.given_at, c.withdrawn_at`;

/**
 * A consent of the office (locked unless `lock: false`); with `userId`, only when it belongs to
 * that account's live row, so a person can reach no one else's consent.
 */
export function lockConsent(
  q: Queryable,
  officeId: string,
  consentId: string,
  userId: string | null,
  opts: { lock?: boolean } = {},
): Promise<OfficeConsent | undefined> {
  if (!isUuid(consentId)) return Promise.resolve(undefined);
  return maybeOne<OfficeConsent>(
    q,
    `SELECT ${CONSENT_COLUMNS} FROM person_consents c
       JOIN people p ON p.office_id = c.office_id AND p.id = c.person_id
      WHERE c.office_id = $1 AND c.id = $2 AND ($3::uuid IS NULL OR (p.user_id = $3 AND p.merged_into_id IS NULL AND p.anonymised_at IS NULL))
      ${opts.lock === false ? '' : 'FOR UPDATE OF c'}`,
    [officeId, consentId, userId],
  );
}

export async function setConsentWithdrawn(q: Queryable, officeId: string, consentId: string, at: Date): Promise<void> {
  await q.query('UPDATE person_consents SET withdrawn_at = $3 WHERE office_id = $1 AND id = $2 AND withdrawn_at IS NULL', [
    officeId,
    consentId,
    at,
  ]);
}
