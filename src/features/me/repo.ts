import type { Queryable } from '../../core/db/db.ts';
import { maybeOne } from '../../core/db/db.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { CONSENT_COLUMNS, CONSENT_IN_FORCE, type OfficeConsent } from '../people/consents-repo.ts';
import { isUuid } from '../people/repo.ts';
import type { PurposeCode } from '../people/purposes.ts';

/**
 * SQL of the young person's side: their own register rows (found by their account, never by
 * an id from the request alone), consents and parent tokens, the data export, erasure and
 * retention. Office-owned tables are always queried with the office in the WHERE clause.
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
export function findOwnPerson(q: Queryable, officeId: string, userId: string, opts: { forUpdate?: boolean } = {}): Promise<OwnPerson | undefined> {
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
const OWN_ROWS = `WITH RECURSIVE own(office_id, id, root_id) AS (
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
export async function insertSelfConsent(q: Queryable, officeId: string, personId: string, purpose: PurposeCode, noticeVersion: string, at: Date): Promise<string> {
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

/** The person's own profile update (the person is the account's live row; checked by the caller). */
export async function updateOwnProfile(
  q: Queryable,
  officeId: string,
  personId: string,
  p: {
    fullName: string;
    email: string;
    phone: string;
    birthDate: string;
    gender: string | null;
    settlementId: string | null;
    settlementKind: 'urban' | 'rural' | null;
    status: string | null;
    interests: readonly string[];
    script: string;
    searchKey: string;
    at: Date;
  },
): Promise<void> {
  await q.query(
    `UPDATE people SET full_name = $3, email = $4, phone = $5, birth_date = $6, birth_year = $7, gender = $8, settlement_id = $9,
            settlement_kind = $10, status = $11, interests = $12, script = $13, search_key = $14, updated_at = $15
      WHERE office_id = $1 AND id = $2`,
    [
      officeId, personId, p.fullName, p.email, p.phone, p.birthDate, Number(p.birthDate.slice(0, 4)), p.gender, p.settlementId,
      p.settlementKind, p.status, [...p.interests], p.script, p.searchKey, p.at,
    ],
  );
}

// ── Parent confirmation tokens ─────────────────────────────────────────────

export async function insertConsentToken(q: Queryable, officeId: string, consentId: string, hash: string, now: Date, days: number): Promise<void> {
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
export function findParentRequest(q: Queryable, officeId: string, hash: string, now: Date, forUpdate = false): Promise<ParentRequest | undefined> {
  return maybeOne<ParentRequest>(
    q,
    `SELECT c.id AS consent_id, c.person_id, p.full_name AS child_name, p.birth_date, s.name AS settlement_name,
            c.parent_name, c.parent_email, c.notice_version,
            ARRAY(SELECT o.purpose FROM person_consents o
                   WHERE o.office_id = c.office_id AND o.person_id = c.person_id AND o.given_by = 'parent' AND o.evidence = 'online'
                     AND o.parent_confirmed_at IS NULL AND o.withdrawn_at IS NULL
                   ORDER BY array_position(ARRAY['register','contact','photos','sensitive'], o.purpose)) AS purposes
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


// ── Everything about an account (the export and the "my data" page) ───────

export interface AccountRow {
  id: string;
  email: string;
  password_hash: string;
  display_name: string;
  birth_date: string;
  locale: Locale;
  email_confirmed_at: Date | null;
  is_national_admin: boolean;
  created_at: Date;
  updated_at: Date;
  last_active_at: Date;
  retention_warned_at: Date | null;
}

export function findAccount(q: Queryable, userId: string, opts: { forUpdate?: boolean } = {}): Promise<AccountRow | undefined> {
  return maybeOne<AccountRow>(q, `SELECT * FROM users WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [userId]);
}

export function accountConsents(q: Queryable, userId: string) {
  return q.query<{ purpose: string; notice_version: string; given_by: string; given_at: Date; withdrawn_at: Date | null }>(
    'SELECT purpose, notice_version, given_by, given_at, withdrawn_at FROM consents WHERE user_id = $1 ORDER BY given_at, id',
    [userId],
  );
}

export function accountEvents(q: Queryable, userId: string) {
  return q.query<{ action: string; data: unknown; at: Date }>('SELECT action, data, at FROM account_events WHERE user_id = $1 ORDER BY at DESC, id', [
    userId,
  ]);
}

export function accountSessions(q: Queryable, userId: string) {
  return q.query<{ created_at: Date; last_seen_at: Date; expires_at: Date }>(
    'SELECT created_at, last_seen_at, expires_at FROM sessions WHERE user_id = $1 ORDER BY created_at, id',
    [userId],
  );
}

export function accountRoles(q: Queryable, userId: string) {
  return q.query<{ office_slug: string; office_name: string; role: string; granted_at: Date }>(
    `SELECT o.slug AS office_slug, o.name AS office_name, m.role, m.granted_at
       FROM office_members m JOIN offices o ON o.id = m.office_id
      WHERE m.user_id = $1 ORDER BY o.name, m.role`,
    [userId],
  );
}

export interface OwnSensitive {
  office_id: string;
  person_id: string;
  root_id: string;
  ethnicity: string | null;
  disability: boolean | null;
  health_note: string;
  updated_at: Date;
}

export function listOwnSensitive(q: Queryable, userId: string): Promise<OwnSensitive[]> {
  return q.query<OwnSensitive>(
    `${OWN_ROWS}
     SELECT s.office_id, s.person_id, own.root_id, s.ethnicity, s.disability, s.health_note, s.updated_at
       FROM own JOIN person_sensitive s ON s.office_id = own.office_id AND s.person_id = own.id`,
    [userId],
  );
}

export interface OwnAccess {
  office_id: string;
  person_id: string;
  root_id: string;
  at: Date;
  action: string;
  reason: string;
  /** The staff member's display name; null when the entry was automatic or the account is gone. */
  staff_name: string | null;
  automatic: boolean;
}

/** Who looked: the access log of the account's register rows (merged duplicates too), newest first. */
export function listOwnAccess(q: Queryable, userId: string): Promise<OwnAccess[]> {
  return q.query<OwnAccess>(
    `${OWN_ROWS}
     SELECT a.office_id, a.person_id, own.root_id, a.at, a.action, a.reason, u.display_name AS staff_name, a.actor_id IS NULL AS automatic
       FROM own JOIN personal_data_access a ON a.office_id = own.office_id AND a.person_id = own.id
       LEFT JOIN users u ON u.id = a.actor_id
      ORDER BY a.at DESC, a.id`,
    [userId],
  );
}

export function listOwnRepresentations(q: Queryable, userId: string) {
  return q.query<{ office_slug: string; office_name: string; association_name: string; status: string; note: string; requested_at: Date; decided_at: Date | null }>(
    `SELECT o.slug AS office_slug, o.name AS office_name, a.name AS association_name, r.status, r.note, r.requested_at, r.decided_at
       FROM association_representatives r
       JOIN associations a ON a.office_id = r.office_id AND a.id = r.association_id
       JOIN offices o ON o.id = r.office_id
      WHERE r.user_id = $1 ORDER BY o.name, a.name`,
    [userId],
  );
}

// ── Erasure ────────────────────────────────────────────────────────────────

/** Every register row linked to the account (merged duplicates too), locked. */
export function lockAccountPeople(q: Queryable, userId: string) {
  return q.query<{ office_id: string; id: string }>('SELECT office_id, id FROM people WHERE user_id = $1 ORDER BY office_id, id FOR UPDATE', [userId]);
}

/** Offices where this account is the only office admin (locks the admin rows of those offices). */
export async function officesWhereOnlyAdmin(q: Queryable, userId: string): Promise<Array<{ name: string }>> {
  return q.query<{ name: string }>(
    `SELECT o.name FROM offices o
      WHERE EXISTS (SELECT 1 FROM office_members m WHERE m.office_id = o.id AND m.user_id = $1 AND m.role = 'office_admin')
        AND (SELECT count(*) FROM office_members m WHERE m.office_id = o.id AND m.role = 'office_admin') = 1
      ORDER BY o.name`,
    [userId],
  );
}

/** Locks the office-admin rows of every office the account administers (so "the only admin" cannot race). */
export async function lockAdminRowsOf(q: Queryable, userId: string): Promise<void> {
  await q.query(
    `SELECT 1 FROM office_members WHERE role = 'office_admin'
        AND office_id IN (SELECT office_id FROM office_members WHERE user_id = $1 AND role = 'office_admin')
      ORDER BY office_id, user_id FOR UPDATE`,
    [userId],
  );
}

/** Whether the account is the installation's only national admin (locks the national admins). */
export async function isOnlyNationalAdmin(q: Queryable, userId: string): Promise<boolean> {
  const admins = await q.query<{ id: string }>('SELECT id FROM users WHERE is_national_admin ORDER BY id FOR UPDATE', []);
  return admins.length === 1 && admins[0]!.id === userId;
}

/** Offices where the account is a member or an association's representative (the audit of its erasure goes there too). */
export function accountOfficeIds(q: Queryable, userId: string): Promise<Array<{ office_id: string }>> {
  return q.query<{ office_id: string }>(
    `SELECT office_id FROM office_members WHERE user_id = $1 UNION SELECT office_id FROM association_representatives WHERE user_id = $1`,
    [userId],
  );
}

export async function deleteRepresentations(q: Queryable, userId: string): Promise<void> {
  await q.query('DELETE FROM association_representatives WHERE user_id = $1', [userId]);
}

export async function deleteAccount(q: Queryable, userId: string): Promise<void> {
  await q.query('DELETE FROM users WHERE id = $1', [userId]);
}

// ── Retention ──────────────────────────────────────────────────────────────

export interface RetentionUser {
  id: string;
  email: string;
  display_name: string;
  locale: Locale;
}

/** The moment `months` months before `now`, as PostgreSQL counts months. */
export async function monthsBefore(q: Queryable, now: Date, months: number): Promise<Date> {
  const [row] = (await q.query<{ cutoff: Date }>(`SELECT $1::timestamptz - make_interval(months => $2) AS cutoff`, [now, months])) as [{ cutoff: Date }];
  return row.cutoff;
}

/** Whether the account is a national admin (false when it is gone). */
export async function isNationalAdmin(q: Queryable, userId: string): Promise<boolean> {
  const rows = await q.query<{ is_national_admin: boolean }>('SELECT is_national_admin FROM users WHERE id = $1', [userId]);
  return rows[0]?.is_national_admin ?? false;
}

/** Accounts inactive since before `cutoff` and not yet warned (locked, skipping ones in use). */
export function accountsToWarn(q: Queryable, cutoff: Date, limit: number): Promise<RetentionUser[]> {
  return q.query<RetentionUser>(
    `SELECT id, email, display_name, locale FROM users
      WHERE last_active_at < $1 AND retention_warned_at IS NULL
      ORDER BY last_active_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [cutoff, limit],
  );
}

export async function markWarned(q: Queryable, userId: string, at: Date): Promise<void> {
  await q.query('UPDATE users SET retention_warned_at = $2 WHERE id = $1', [userId, at]);
}

/** Accounts warned before `warnedBefore` and inactive since before `inactiveBefore` and since the warning. */
export function accountsToExpire(q: Queryable, warnedBefore: Date, inactiveBefore: Date, limit: number): Promise<RetentionUser[]> {
  return q.query<RetentionUser>(
    `SELECT id, email, display_name, locale FROM users
      WHERE retention_warned_at < $1 AND last_active_at < $2 AND last_active_at <= retention_warned_at
      ORDER BY retention_warned_at, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
    [warnedBefore, inactiveBefore, limit],
  );
}

/**
 * Online parent consents still unconfirmed after `before`: for the register, the person row
 * goes (nothing else was ever done with it); for another purpose, just that consent.
 * Returns how many people and consents were deleted.
 */
export async function deleteExpiredParentRequests(q: Queryable, before: Date): Promise<{ people: number; consents: number }> {
  const people = await q.query(
    `DELETE FROM people p USING person_consents c
      WHERE c.office_id = p.office_id AND c.person_id = p.id AND c.purpose = 'register'
        AND c.given_by = 'parent' AND c.evidence = 'online' AND c.parent_confirmed_at IS NULL AND c.withdrawn_at IS NULL
        AND c.given_at < $1
     RETURNING p.id`,
    [before],
  );
  const consents = await q.query(
    `DELETE FROM person_consents
      WHERE given_by = 'parent' AND evidence = 'online' AND parent_confirmed_at IS NULL AND withdrawn_at IS NULL AND given_at < $1
     RETURNING id`,
    [before],
  );
  return { people: people.length, consents: consents.length };
}

/** Import previews older than `before`: their rows (personal data) emptied, the import cancelled. */
export async function cancelStaleImports(q: Queryable, before: Date, at: Date): Promise<number> {
  const rows = await q.query(
    `UPDATE imports SET rows = '[]', status = 'cancelled', finished_at = $2 WHERE status = 'preview' AND created_at < $1 RETURNING id`,
    [before, at],
  );
  return rows.length;
}

export async function deleteSentMail(q: Queryable, before: Date): Promise<number> {
  const rows = await q.query('DELETE FROM outbox WHERE sent_at < $1 RETURNING id', [before]);
  return rows.length;
}
