import type { Queryable } from '../../core/db/db.ts';
import { isUuid } from '../../core/http/ids.ts';
import { maybeOne } from '../../core/db/db.ts';
import type { PurposeCode } from './purposes.ts';
import { nameKey, type AgeGroup, type Ethnicity, type Gender, type Status } from './schema.ts';
import type { RawCount } from './stats.ts';

/**
 * All SQL of the people register. Every function takes the office and puts it in the WHERE
 * clause: a person of another office is simply not found.
 *
 * "Live" person: not merged into another row and not anonymised. Lists and duplicate checks
 * show only live people; statistics count the live people with a live register consent plus
 * the anonymised ones (see stats.ts).
 */

/** Ids come from URLs and forms: anything that is not a uuid names nothing (and never reaches a query). */
export { isUuid };

/** LIKE pattern for "contains", with the pattern characters taken literally. */
const contains = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

// ── Settlements ────────────────────────────────────────────────────────────

export interface Settlement {
  id: string;
  name: string;
  kind: 'urban' | 'rural';
  position: number;
}

export function listSettlements(q: Queryable, officeId: string): Promise<Settlement[]> {
  return q.query<Settlement>(
    'SELECT id, name, kind, position FROM office_settlements WHERE office_id = $1 ORDER BY kind DESC, position, search_key',
    [officeId],
  );
}

export function findSettlement(q: Queryable, officeId: string, id: string): Promise<Settlement | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return maybeOne<Settlement>(q, 'SELECT id, name, kind, position FROM office_settlements WHERE office_id = $1 AND id = $2', [officeId, id]);
}

/** Adds a settlement; undefined when the office already has one with that name (any script). */
export async function insertSettlement(q: Queryable, officeId: string, s: { name: string; kind: string; searchKey: string }): Promise<string | undefined> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO office_settlements (office_id, name, kind, search_key, position)
     VALUES ($1, $2, $3, $4, (SELECT COALESCE(max(position) + 1, 0) FROM office_settlements WHERE office_id = $1))
     ON CONFLICT (office_id, search_key) DO NOTHING RETURNING id`,
    [officeId, s.name, s.kind, s.searchKey],
  );
  return rows[0]?.id;
}

/**
 * Renames a settlement or changes its kind, and carries the kind over to the people who live
 * there (settlement_kind is a copy, so statistics need no join). False when not found.
 */
export async function updateSettlement(q: Queryable, officeId: string, id: string, s: { name: string; kind: string; searchKey: string }): Promise<boolean> {
  if (!isUuid(id)) return false;
  const rows = await q.query(
    'UPDATE office_settlements SET name = $3, kind = $4, search_key = $5 WHERE office_id = $1 AND id = $2 RETURNING 1',
    [officeId, id, s.name, s.kind, s.searchKey],
  );
  if (rows.length === 0) return false;
  await q.query('UPDATE people SET settlement_kind = $3 WHERE office_id = $1 AND settlement_id = $2 AND settlement_kind IS DISTINCT FROM $3', [
    officeId,
    id,
    s.kind,
  ]);
  return true;
}

/** Whether another settlement of the office already has this name's key. */
export async function settlementNameTaken(q: Queryable, officeId: string, searchKeyValue: string, exceptId?: string): Promise<boolean> {
  const row = await maybeOne(q, 'SELECT 1 FROM office_settlements WHERE office_id = $1 AND search_key = $2 AND id IS DISTINCT FROM $3', [
    officeId,
    searchKeyValue,
    exceptId && isUuid(exceptId) ? exceptId : null,
  ]);
  return row !== undefined;
}

// ── People ─────────────────────────────────────────────────────────────────

export interface PersonRow {
  id: string;
  user_id: string | null;
  full_name: string;
  email: string;
  phone: string;
  birth_date: string | null;
  birth_year: number;
  gender: Gender | null;
  settlement_id: string | null;
  settlement_name: string | null;
  settlement_kind: 'urban' | 'rural' | null;
  status: Status | null;
  interests: string[];
  script: 'cir' | 'lat' | 'en';
  source: 'online' | 'offline' | 'import';
  merged_into_id: string | null;
  anonymised_at: Date | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  updated_at: Date;
  /** The linked account's e-mail, when there is an account. */
  account_email: string | null;
}

const PERSON_COLUMNS = `p.id, p.user_id, p.full_name, p.email, p.phone, p.birth_date, p.birth_year, p.gender, p.settlement_id,
  s.name AS settlement_name, p.settlement_kind, p.status, p.interests, p.script, p.source, p.merged_into_id, p.anonymised_at,
  p.created_by, cb.display_name AS created_by_name, p.created_at, p.updated_at, u.email AS account_email`;
const PERSON_FROM = `people p
  LEFT JOIN office_settlements s ON s.office_id = p.office_id AND s.id = p.settlement_id
  LEFT JOIN users cb ON cb.id = p.created_by
  LEFT JOIN users u ON u.id = p.user_id`;

/** One person of the office (merged and anonymised rows too: their pages say what happened). */
export function findPerson(q: Queryable, officeId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<PersonRow | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return maybeOne<PersonRow>(
    q,
    `SELECT ${PERSON_COLUMNS} FROM ${PERSON_FROM} WHERE p.office_id = $1 AND p.id = $2${opts.forUpdate ? ' FOR UPDATE OF p' : ''}`,
    [officeId, id],
  );
}

export interface NewPerson {
  userId: string | null;
  fullName: string;
  email: string;
  phone: string;
  birthDate: string;
  gender: Gender | null;
  settlementId: string | null;
  settlementKind: 'urban' | 'rural' | null;
  status: Status | null;
  interests: readonly string[];
  script: string;
  source: 'online' | 'offline' | 'import';
  searchKey: string;
  createdBy: string | null;
}

export async function insertPerson(q: Queryable, officeId: string, p: NewPerson): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO people (office_id, user_id, full_name, email, phone, birth_date, birth_year, gender, settlement_id, settlement_kind,
                         status, interests, script, source, search_key, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
    [
      officeId, p.userId, p.fullName, p.email, p.phone, p.birthDate, Number(p.birthDate.slice(0, 4)), p.gender, p.settlementId,
      p.settlementKind, p.status, [...p.interests], p.script, p.source, p.searchKey, p.createdBy,
    ],
  );
  return rows[0]!.id;
}

export interface PersonUpdate {
  fullName: string;
  email: string;
  phone: string;
  birthDate: string;
  gender: Gender | null;
  settlementId: string | null;
  settlementKind: 'urban' | 'rural' | null;
  status: Status | null;
  interests: readonly string[];
  script: string;
  searchKey: string;
}

/** Updates a live person's profile; false when the person is not live (merged or anonymised meanwhile). */
export async function updatePerson(q: Queryable, officeId: string, id: string, p: PersonUpdate): Promise<boolean> {
  const rows = await q.query(
    `UPDATE people SET full_name = $3, email = $4, phone = $5, birth_date = $6, birth_year = $7, gender = $8, settlement_id = $9,
            settlement_kind = $10, status = $11, interests = $12, script = $13, search_key = $14, updated_at = now()
      WHERE office_id = $1 AND id = $2 AND merged_into_id IS NULL AND anonymised_at IS NULL RETURNING 1`,
    [
      officeId, id, p.fullName, p.email, p.phone, p.birthDate, Number(p.birthDate.slice(0, 4)), p.gender, p.settlementId,
      p.settlementKind, p.status, [...p.interests], p.script, p.searchKey,
    ],
  );
  return rows.length > 0;
}

// ── The register list ──────────────────────────────────────────────────────

export { AGE_GROUPS, type AgeGroup } from './schema.ts';

export interface PeopleFilter {
  /** searchKey() of what was typed. */
  key?: string | undefined;
  status?: string | undefined;
  settlementId?: string | undefined;
  settlementKind?: string | undefined;
  ageGroup?: AgeGroup | undefined;
  interest?: string | undefined;
  /** Today in Belgrade, 'YYYY-MM-DD' (ages are computed against it). */
  today: string;
  limit: number;
  offset: number;
}

export interface PersonListRow {
  id: string;
  full_name: string;
  email: string;
  birth_date: string | null;
  age: number | null;
  settlement_name: string | null;
  settlement_kind: 'urban' | 'rural' | null;
  status: Status | null;
  source: 'online' | 'offline' | 'import';
  has_account: boolean;
  /** The register consent waits for a parent's confirmation. */
  awaiting_parent: boolean;
}

/** Age in completed years on $today (SQL), from the exact birth date. */
const AGE_SQL = (today: string) => `date_part('year', age(${today}::date, p.birth_date))::int`;

/** Live people of the office, filtered and paged, with the total count. No special categories here. */
export async function listPeople(q: Queryable, officeId: string, f: PeopleFilter): Promise<{ rows: PersonListRow[]; total: number }> {
  const params: unknown[] = [officeId];
  const where = ['p.office_id = $1', 'p.merged_into_id IS NULL', 'p.anonymised_at IS NULL'];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.key) add((n) => `p.search_key LIKE ${n}`, contains(f.key));
  if (f.status) add((n) => `p.status = ${n}`, f.status);
  if (f.settlementId && isUuid(f.settlementId)) add((n) => `p.settlement_id = ${n}`, f.settlementId);
  if (f.settlementKind) add((n) => `p.settlement_kind = ${n}`, f.settlementKind);
  if (f.interest) add((n) => `${n} = ANY(p.interests)`, f.interest);
  if (f.ageGroup) {
    const range = { '15-19': [15, 19], '20-24': [20, 24], '25-30': [25, 30], other: null }[f.ageGroup];
    add((n) => (range ? `${AGE_SQL(n)} BETWEEN ${range[0]} AND ${range[1]}` : `NOT (${AGE_SQL(n)} BETWEEN 15 AND 30)`), f.today);
  }
  const whereSql = where.join(' AND ');
  const [{ n }] = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM people p WHERE ${whereSql}`, params)) as [{ n: number }];
  params.push(f.today, f.limit, f.offset);
  const at = params.length;
  const rows = await q.query<PersonListRow>(
    `SELECT p.id, p.full_name, p.email, p.birth_date, ${AGE_SQL(`$${at - 2}`)} AS age, s.name AS settlement_name, p.settlement_kind,
            p.status, p.source, p.user_id IS NOT NULL AS has_account,
            EXISTS (SELECT 1 FROM person_consents c WHERE c.office_id = p.office_id AND c.person_id = p.id AND c.purpose = 'register'
                       AND c.withdrawn_at IS NULL AND c.given_by = 'parent' AND c.evidence = 'online'
                       AND c.parent_confirmed_at IS NULL) AS awaiting_parent
       FROM people p LEFT JOIN office_settlements s ON s.office_id = p.office_id AND s.id = p.settlement_id
      WHERE ${whereSql}
      ORDER BY p.search_key, p.id
      LIMIT $${at - 1} OFFSET $${at}`,
    params,
  );
  return { rows, total: n };
}

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
  return q.query<DuplicateMatch>(
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
  ).then((r) => r.map((m) => ({ ...m, row: m.row - 1 })));
}

/** Live people who may be the same as this one: same e-mail, same name and birth date, or same account. */
export function mergeCandidates(q: Queryable, officeId: string, p: { id: string; email: string; birth_date: string | null; user_id: string | null; nameKey: string }) {
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

/**
 * Many new people of one office in four statements (people, consents, special categories,
 * access log), each row a JSON record expanded by jsonb_to_recordset: the demo seed and bulk
 * paths write hundreds of rows without a round trip per row. Ids are chosen by the caller.
 */
export interface NewPersonRecord extends NewPerson {
  id: string;
  consents: Array<NewConsent & { id: string }>;
  sensitive?: { consentId: string; ethnicity: Ethnicity | null; disability: boolean | null; health_note: string; recordedBy: string | null } | undefined;
  access: { actorId: string | null; action: AccessAction };
}

export async function insertPeopleRecords(q: Queryable, officeId: string, people: readonly NewPersonRecord[]): Promise<void> {
  if (people.length === 0) return;
  await q.query(
    `INSERT INTO people (office_id, id, user_id, full_name, email, phone, birth_date, birth_year, gender, settlement_id, settlement_kind,
                         status, interests, script, source, search_key, created_by)
     SELECT $1, r.id, r.user_id, r.full_name, r.email, r.phone, r.birth_date, extract(year FROM r.birth_date)::int, r.gender,
            r.settlement_id, r.settlement_kind, r.status, r.interests, r.script, r.source, r.search_key, r.created_by
       FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, user_id uuid, full_name text, email text, phone text, birth_date date,
            gender text, settlement_id uuid, settlement_kind text, status text, interests text[], script text, source text,
            search_key text, created_by uuid)`,
    [
      officeId,
      JSON.stringify(
        people.map((p) => ({
          id: p.id, user_id: p.userId, full_name: p.fullName, email: p.email, phone: p.phone, birth_date: p.birthDate, gender: p.gender,
          settlement_id: p.settlementId, settlement_kind: p.settlementKind, status: p.status, interests: p.interests, script: p.script,
          source: p.source, search_key: p.searchKey, created_by: p.createdBy,
        })),
      ),
    ],
  );
  const consents = people.flatMap((p) => p.consents.map((c) => ({ person_id: p.id, ...c })));
  if (consents.length > 0) {
    await q.query(
      `INSERT INTO person_consents (office_id, id, person_id, purpose, notice_version, given_by, parent_name, parent_email,
                                    parent_confirmed_at, evidence, evidence_note, recorded_by)
       SELECT $1, r.id, r.person_id, r.purpose, r.notice_version, r.given_by, r.parent_name, r.parent_email,
              CASE WHEN r.parent_confirmed THEN now() END, r.evidence, r.evidence_note, r.recorded_by
         FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, person_id uuid, purpose text, notice_version text,
              given_by text, parent_name text, parent_email text, parent_confirmed boolean, evidence text, evidence_note text,
              recorded_by uuid, n int)
        ORDER BY r.n`,
      [
        officeId,
        JSON.stringify(
          consents.map((c, n) => ({
            n,
            id: c.id, person_id: c.person_id, purpose: c.purpose, notice_version: c.noticeVersion, given_by: c.givenBy,
            parent_name: c.parentName, parent_email: c.parentEmail, parent_confirmed: c.parentConfirmed, evidence: c.evidence,
            evidence_note: c.evidenceNote, recorded_by: c.recordedBy,
          })),
        ),
      ],
    );
  }
  const sensitive = people.flatMap((p) => (p.sensitive ? [{ person_id: p.id, ...p.sensitive }] : []));
  if (sensitive.length > 0) {
    await q.query(
      `INSERT INTO person_sensitive (office_id, person_id, consent_id, ethnicity, disability, health_note, recorded_by)
       SELECT $1, r.person_id, r.consent_id, r.ethnicity, r.disability, r.health_note, r.recorded_by
         FROM jsonb_to_recordset($2::jsonb) AS r(person_id uuid, consent_id uuid, ethnicity text, disability boolean,
              health_note text, recorded_by uuid)`,
      [
        officeId,
        JSON.stringify(
          sensitive.map((x) => ({
            person_id: x.person_id, consent_id: x.consentId, ethnicity: x.ethnicity, disability: x.disability,
            health_note: x.health_note, recorded_by: x.recordedBy,
          })),
        ),
      ],
    );
  }
  await q.query(
    `INSERT INTO personal_data_access (office_id, actor_id, person_id, action, reason)
     SELECT $1, r.actor_id, r.person_id, r.action, ''
       FROM jsonb_to_recordset($2::jsonb) AS r(actor_id uuid, person_id uuid, action text, n int)
      ORDER BY r.n`,
    [officeId, JSON.stringify(people.map((p, n) => ({ n, actor_id: p.access.actorId, person_id: p.id, action: p.access.action })))],
  );
}

export async function insertPersonConsent(q: Queryable, officeId: string, personId: string, c: NewConsent): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO person_consents (office_id, person_id, purpose, notice_version, given_by, parent_name, parent_email,
                                  parent_confirmed_at, evidence, evidence_note, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8 THEN now() END, $9, $10, $11) RETURNING id`,
    [officeId, personId, c.purpose, c.noticeVersion, c.givenBy, c.parentName, c.parentEmail, c.parentConfirmed, c.evidence, c.evidenceNote, c.recordedBy],
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
      ORDER BY c.withdrawn_at IS NOT NULL, array_position(ARRAY['register', 'contact', 'photos', 'sensitive'], c.purpose),
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

// ── Special categories ─────────────────────────────────────────────────────

export interface SensitiveRow {
  ethnicity: Ethnicity | null;
  disability: boolean | null;
  health_note: string;
  recorded_by_name: string | null;
  updated_at: Date;
}

export function findSensitive(q: Queryable, officeId: string, personId: string): Promise<SensitiveRow | undefined> {
  return maybeOne<SensitiveRow>(
    q,
    `SELECT s.ethnicity, s.disability, s.health_note, u.display_name AS recorded_by_name, s.updated_at
       FROM person_sensitive s LEFT JOIN users u ON u.id = s.recorded_by
      WHERE s.office_id = $1 AND s.person_id = $2`,
    [officeId, personId],
  );
}

export async function hasSensitive(q: Queryable, officeId: string, personId: string): Promise<boolean> {
  return (await maybeOne(q, 'SELECT 1 FROM person_sensitive WHERE office_id = $1 AND person_id = $2', [officeId, personId])) !== undefined;
}

export async function upsertSensitive(
  q: Queryable,
  officeId: string,
  personId: string,
  consentId: string,
  s: { ethnicity: Ethnicity | null; disability: boolean | null; health_note: string },
  recordedBy: string | null,
): Promise<void> {
  await q.query(
    `INSERT INTO person_sensitive (office_id, person_id, consent_id, ethnicity, disability, health_note, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (office_id, person_id) DO UPDATE SET consent_id = $3, ethnicity = $4, disability = $5, health_note = $6,
       recorded_by = $7, updated_at = now()`,
    [officeId, personId, consentId, s.ethnicity, s.disability, s.health_note, recordedBy],
  );
}

export async function deleteSensitive(q: Queryable, officeId: string, personId: string): Promise<void> {
  await q.query('DELETE FROM person_sensitive WHERE office_id = $1 AND person_id = $2', [officeId, personId]);
}

// ── Access log ─────────────────────────────────────────────────────────────

export const ACCESS_ACTIONS = ['view', 'export', 'reveal_sensitive', 'edit', 'merge', 'create', 'import', 'anonymise'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

export async function logAccess(q: Queryable, officeId: string, actorId: string | null, personId: string, action: AccessAction, reason = ''): Promise<void> {
  await q.query('INSERT INTO personal_data_access (office_id, actor_id, person_id, action, reason) VALUES ($1, $2, $3, $4, $5)', [
    officeId,
    actorId,
    personId,
    action,
    reason.slice(0, 500),
  ]);
}

export interface AccessRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  person_id: string;
  person_name: string;
  person_anonymised: boolean;
  action: AccessAction;
  reason: string;
}

const ACCESS_SELECT = `SELECT a.id, a.at, a.actor_id, u.display_name AS actor_name, a.person_id, p.full_name AS person_name,
       p.anonymised_at IS NOT NULL AS person_anonymised, a.action, a.reason
  FROM personal_data_access a
  JOIN people p ON p.office_id = a.office_id AND p.id = a.person_id
  LEFT JOIN users u ON u.id = a.actor_id`;

/** One person's access log (newest first). */
export function personAccessLog(q: Queryable, officeId: string, personId: string, limit = 100): Promise<AccessRow[]> {
  return q.query<AccessRow>(`${ACCESS_SELECT} WHERE a.office_id = $1 AND a.person_id = $2 ORDER BY a.at DESC, a.id LIMIT $3`, [
    officeId,
    personId,
    limit,
  ]);
}

export interface AccessFilter {
  actorId?: string | undefined;
  action?: AccessAction | undefined;
  /** 'YYYY-MM-DD', inclusive, Belgrade days. */
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}

/** The office's access log for its admin: filtered, paged, newest first, with the total count. */
export async function officeAccessLog(q: Queryable, officeId: string, f: AccessFilter): Promise<{ rows: AccessRow[]; total: number }> {
  const params: unknown[] = [officeId];
  const where = ['a.office_id = $1'];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.actorId && isUuid(f.actorId)) add((n) => `a.actor_id = ${n}`, f.actorId);
  if (f.action) add((n) => `a.action = ${n}`, f.action);
  if (f.from) add((n) => `a.at >= (${n}::date::timestamp AT TIME ZONE 'Europe/Belgrade')`, f.from);
  if (f.to) add((n) => `a.at < ((${n}::date + 1)::timestamp AT TIME ZONE 'Europe/Belgrade')`, f.to);
  const whereSql = where.join(' AND ');
  const [{ n }] = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM personal_data_access a WHERE ${whereSql}`, params)) as [{ n: number }];
  params.push(f.limit, f.offset);
  const rows = await q.query<AccessRow>(
    `${ACCESS_SELECT} WHERE ${whereSql} ORDER BY a.at DESC, a.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return { rows, total: n };
}

/** Staff who appear in the office's access log (for the filter). */
export function accessLogActors(q: Queryable, officeId: string) {
  return q.query<{ id: string; display_name: string }>(
    `SELECT DISTINCT u.id, u.display_name FROM personal_data_access a JOIN users u ON u.id = a.actor_id
      WHERE a.office_id = $1 ORDER BY u.display_name, u.id`,
    [officeId],
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
export async function mergeInto(q: Queryable, officeId: string, winnerId: string, loserId: string, nameKey: (full: string, email: string) => string): Promise<void> {
  // The loser stops being live first, so the winner may take over its account (one live row
  // per account); the loser keeps its user_id, so erasing that account reaches it too.
  await q.query('UPDATE people SET merged_into_id = $3, updated_at = now() WHERE office_id = $1 AND id = $2', [officeId, loserId, winnerId]);
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

// ── Statistics (raw counts; only stats.ts turns them into something shown) ──

/**
 * Raw counts per dimension for stats.ts. Counted: rows not merged into another, that either
 * hold a register consent in force or were anonymised (erasure keeps a person in past counts).
 * Age is by year of birth (the age reached this year), which erasure keeps, so a person never
 * moves between age groups when anonymised. Special categories: only people counted above
 * with a 'sensitive' consent in force.
 */
export function countPeople(q: Queryable, officeId: string, year: number): Promise<RawCount[]> {
  return q.query<RawCount>(
    `WITH counted AS (
       SELECT p.* FROM people p
        WHERE p.office_id = $1 AND p.merged_into_id IS NULL
          AND (p.anonymised_at IS NOT NULL
               OR EXISTS (SELECT 1 FROM person_consents c WHERE c.office_id = p.office_id AND c.person_id = p.id
                                                           AND c.purpose = 'register' AND ${CONSENT_IN_FORCE}))
     ), sens AS (
       SELECT s.* FROM person_sensitive s JOIN counted p ON p.office_id = s.office_id AND p.id = s.person_id
        WHERE p.anonymised_at IS NULL
          AND EXISTS (SELECT 1 FROM person_consents c WHERE c.office_id = s.office_id AND c.person_id = s.person_id
                                                       AND c.purpose = 'sensitive' AND ${CONSENT_IN_FORCE})
     ), aged AS (SELECT *, $2::int - birth_year AS age FROM counted)
     SELECT 'gender' AS dimension, gender AS code, count(*)::int AS n FROM counted GROUP BY 2
     UNION ALL
     SELECT 'age', CASE WHEN age BETWEEN 15 AND 19 THEN '15-19' WHEN age BETWEEN 20 AND 24 THEN '20-24'
                        WHEN age BETWEEN 25 AND 30 THEN '25-30' ELSE 'other' END, count(*)::int FROM aged GROUP BY 2
     UNION ALL
     SELECT 'settlement_kind', settlement_kind, count(*)::int FROM counted GROUP BY 2
     UNION ALL
     SELECT 'status', status, count(*)::int FROM counted GROUP BY 2
     UNION ALL
     SELECT 'interest', i, count(DISTINCT counted.id)::int FROM counted, unnest(counted.interests) AS i GROUP BY 2
     UNION ALL
     SELECT 'ethnicity', ethnicity, count(*)::int FROM sens GROUP BY 2
     UNION ALL
     SELECT 'disability', CASE WHEN disability THEN 'yes' WHEN NOT disability THEN 'no' END, count(*)::int FROM sens GROUP BY 2`,
    [officeId, year],
  );
}

/** The office's first coordinator (by when the role was given), for demo data entered "by" them. */
export async function firstCoordinator(q: Queryable, officeId: string): Promise<string | null> {
  const row = await maybeOne<{ user_id: string }>(
    q,
    `SELECT user_id FROM office_members WHERE office_id = $1 AND role = 'coordinator' ORDER BY granted_at, user_id LIMIT 1`,
    [officeId],
  );
  return row?.user_id ?? null;
}
