import type { Queryable } from '../../core/db/db.ts';
import { maybeOne } from '../../core/db/db.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { CONSENT_COLUMNS, CONSENT_IN_FORCE, type OfficeConsent } from '../people/consents-repo.ts';
import { isUuid } from '../../core/http/ids.ts';
import type { PurposeCode } from '../people/purposes.ts';

/**
 * SQL of the young person's side: their own register rows (found by their account, never by
 * an id from the request alone) and their consents. By section next to it: parent-repo.ts
 * (a parent's link), account-repo.ts (the data export), erasure-repo.ts, retention-repo.ts.
 * Office-owned tables are always queried with the office in the WHERE clause.
 */

// ── Offices ────────────────────────────────────────────────────────────────

export interface OfficeInfo {
  id: string;
  slug: string;
  name: string;
  town: string;
  address: string;
  postal_code: string;
  email: string;
}

const OFFICE_INFO = 'id, slug, name, town, address, postal_code, email';

/** An office that keeps its register in KZM ('full'), by slug. */
export function findFullOffice(q: Queryable, slug: string): Promise<OfficeInfo | undefined> {
  return maybeOne<OfficeInfo>(q, `SELECT ${OFFICE_INFO} FROM offices WHERE slug = $1 AND status = 'full'`, [slug]);
}

export function listFullOffices(q: Queryable): Promise<OfficeInfo[]> {
  return q.query<OfficeInfo>(`SELECT ${OFFICE_INFO} FROM offices WHERE status = 'full' ORDER BY name, id`);
}

// ── Live consent: what other features ask before using a purpose ──────────

/**
 * SQL condition: the person aliased `p` is live and has a consent in force for `purpose`
 * (a parameter placeholder such as '$2', or a quoted literal). A pending parent consent is not
 * in force. Use it in every query that uses a purpose, e.g. a mailing list:
 *   SELECT … FROM people p WHERE p.office_id = $1 AND ${liveConsentSql("'contact'")}
 */
export function liveConsentSql(purpose: string): string {
  return `(p.anonymised_at IS NULL AND p.merged_into_id IS NULL AND EXISTS (
    SELECT 1 FROM person_consents c
     WHERE c.office_id = p.office_id AND c.person_id = p.id AND c.purpose = ${purpose} AND ${CONSENT_IN_FORCE}))`;
}

/** Whether the office may use this person's data for the purpose now. */
export async function hasLiveConsent(q: Queryable, officeId: string, personId: string, purpose: PurposeCode): Promise<boolean> {
  if (!isUuid(personId)) return false;
  const row = await maybeOne(q, `SELECT 1 FROM people p WHERE p.office_id = $1 AND p.id = $2 AND ${liveConsentSql('$3')}`, [
    officeId,
    personId,
    purpose,
  ]);
  return row !== undefined;
}

// ── The person's own register rows ─────────────────────────────────────────

export interface OwnPerson {
  office_id: string;
  office_slug: string;
  office_name: string;
  id: string;
  full_name: string;
  email: string;
  phone: string;
  birth_date: string | null;
  birth_year: number;
  gender: string | null;
  settlement_id: string | null;
  settlement_name: string | null;
  settlement_kind: 'urban' | 'rural' | null;
  status: string | null;
  interests: string[];
  script: Locale;
  source: 'online' | 'offline' | 'import';
  created_at: Date;
  updated_at: Date;
}

const OWN_PERSON = `SELECT p.office_id, o.slug AS office_slug, o.name AS office_name, p.id, p.full_name, p.email, p.phone,
       p.birth_date, p.birth_year, p.gender, p.settlement_id, s.name AS settlement_name, p.settlement_kind, p.status,
       p.interests, p.script, p.source, p.created_at, p.updated_at
  FROM people p
  JOIN offices o ON o.id = p.office_id
  LEFT JOIN office_settlements s ON s.office_id = p.office_id AND s.id = p.settlement_id`;

/** The account's live row in the office's register, if any. */
export function findOwnPerson(
  q: Queryable,
  officeId: string,
  userId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<OwnPerson | undefined> {
  return maybeOne<OwnPerson>(
    q,
    `${OWN_PERSON} WHERE p.office_id = $1 AND p.user_id = $2 AND p.merged_into_id IS NULL AND p.anonymised_at IS NULL
     ${opts.forUpdate ? 'FOR UPDATE OF p' : ''}`,
    [officeId, userId],
  );
}

/** The account's live rows in every office's register. */
export function listOwnPeople(q: Queryable, userId: string): Promise<OwnPerson[]> {
  return q.query<OwnPerson>(
    `${OWN_PERSON} WHERE p.user_id = $1 AND p.merged_into_id IS NULL AND p.anonymised_at IS NULL ORDER BY o.name, p.office_id`,
    [userId],
  );
}

/**
 * The account's live register rows (roots) and the duplicates merged into them (recursively),
 * each with its root: what the person's data comprises in every register.
 */
export const OWN_ROWS = `WITH RECURSIVE own(office_id, id, root_id) AS (
    SELECT office_id, id, id FROM people WHERE user_id = $1 AND merged_into_id IS NULL AND anonymised_at IS NULL
    UNION
    SELECT p.office_id, p.id, own.root_id FROM people p JOIN own ON p.office_id = own.office_id AND p.merged_into_id = own.id
  )`;

export interface OwnConsent extends OfficeConsent {
  /** The live row this consent belongs to (its own person, or the row its person was merged into). */
  root_id: string;
}

/** Every consent of the account's register rows (merged duplicates too), oldest first. */
export function listOwnConsents(q: Queryable, userId: string): Promise<OwnConsent[]> {
  return q.query<OwnConsent>(
    `${OWN_ROWS}
     SELECT ${CONSENT_COLUMNS}, own.root_id FROM own JOIN person_consents c ON c.office_id = own.office_id AND c.person_id = own.id
      ORDER BY c.given_at, c.id`,
    [userId],
  );
}

export interface OwnDuplicate {
  office_id: string;
  root_id: string;
  id: string;
  full_name: string;
  email: string;
  phone: string;
  birth_date: string | null;
  source: string;
  created_at: Date;
}

/** Rows merged into the account's live rows (duplicates found by staff), with what they still hold. */
export function listOwnDuplicates(q: Queryable, userId: string): Promise<OwnDuplicate[]> {
  return q.query<OwnDuplicate>(
    `${OWN_ROWS}
     SELECT p.office_id, own.root_id, p.id, p.full_name, p.email, p.phone, p.birth_date, p.source, p.created_at
       FROM own JOIN people p ON p.office_id = own.office_id AND p.id = own.id
      WHERE own.id <> own.root_id ORDER BY p.created_at, p.id`,
    [userId],
  );
}

/** The person's live consent for a purpose (pending ones too). */
export function findLivePurpose(q: Queryable, officeId: string, personId: string, purpose: PurposeCode) {
  return maybeOne<{ id: string }>(
    q,
    'SELECT id FROM person_consents WHERE office_id = $1 AND person_id = $2 AND purpose = $3 AND withdrawn_at IS NULL',
    [officeId, personId, purpose],
  );
}

/** A consent given online by the person themself (from 15), with the current notice. */
export async function insertSelfConsent(
  q: Queryable,
  officeId: string,
  personId: string,
  purpose: PurposeCode,
  noticeVersion: string,
  at: Date,
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO person_consents (office_id, person_id, purpose, notice_version, given_by, evidence, given_at)
     VALUES ($1, $2, $3, $4, 'self', 'online', $5) RETURNING id`,
    [officeId, personId, purpose, noticeVersion, at],
  );
  return rows[0]!.id;
}

/** A parent's online consent, pending until the parent confirms it from their own e-mail. */
export async function insertPendingParentConsent(
  q: Queryable,
  officeId: string,
  personId: string,
  c: { purpose: PurposeCode; noticeVersion: string; parentName: string; parentEmail: string; at: Date },
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO person_consents (office_id, person_id, purpose, notice_version, given_by, parent_name, parent_email, evidence, given_at)
     VALUES ($1, $2, $3, $4, 'parent', $5, $6, 'online', $7) RETURNING id`,
    [officeId, personId, c.purpose, c.noticeVersion, c.parentName, c.parentEmail, c.at],
  );
  return rows[0]!.id;
}
