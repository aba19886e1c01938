import type { Queryable } from '../../core/db/db.ts';
import { isUuid } from '../../core/http/ids.ts';
import { maybeOne, placeholders } from '../../core/db/db.ts';
import type { AccessAction } from './access-repo.ts';
import type { NewConsent } from './consents-repo.ts';
import type { AgeGroup, Ethnicity, Gender, Status } from './schema.ts';

/**
 * SQL of the people register: settlements, a person's row, the bulk insert and the register
 * list. The rest is split by section: consents-repo.ts, sensitive-repo.ts (special
 * categories), access-repo.ts (the access log), merge-repo.ts (duplicates and merge),
 * anonymise-repo.ts, stats-repo.ts (raw counts). Every function takes the office and puts it
 * in the WHERE clause: a person of another office is simply not found.
 *
 * "Live" person: not merged into another row and not anonymised. Lists and duplicate checks
 * show only live people; statistics count the live people with a live register consent plus
 * the anonymised ones (see stats.ts).
 */

/** Ids come from URLs and forms: anything that is not a uuid names nothing (and never reaches a query). */

/** LIKE pattern for "contains", with the pattern characters taken literally. */
export const contains = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

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
  return maybeOne<Settlement>(q, 'SELECT id, name, kind, position FROM office_settlements WHERE office_id = $1 AND id = $2', [
    officeId,
    id,
  ]);
}

/** Adds a settlement; undefined when the office already has one with that name (any script). */
export async function insertSettlement(
  q: Queryable,
  officeId: string,
  s: { name: string; kind: string; searchKey: string },
): Promise<string | undefined> {
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
export async function updateSettlement(
  q: Queryable,
  officeId: string,
  id: string,
  s: { name: string; kind: string; searchKey: string },
): Promise<boolean> {
  if (!isUuid(id)) return false;
  const rows = await q.query(
    'UPDATE office_settlements SET name = $3, kind = $4, search_key = $5 WHERE office_id = $1 AND id = $2 RETURNING 1',
    [officeId, id, s.name, s.kind, s.searchKey],
  );
  if (rows.length === 0) return false;
  await q.query(
    'UPDATE people SET settlement_kind = $3 WHERE office_id = $1 AND settlement_id = $2 AND settlement_kind IS DISTINCT FROM $3',
    [officeId, id, s.kind],
  );
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

/** A person's profile as staff and the person write it (both updates and inserts). */
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

export interface NewPerson extends PersonUpdate {
  userId: string | null;
  source: 'online' | 'offline' | 'import';
  createdBy: string | null;
}

/** A profile's columns, in the order profileValues gives them: one list for the INSERT and every profile UPDATE. */
const PROFILE_COLUMNS = [
  'full_name',
  'email',
  'phone',
  'birth_date',
  'birth_year',
  'gender',
  'settlement_id',
  'settlement_kind',
  'status',
  'interests',
  'script',
  'search_key',
] as const;

const profileValues = (p: PersonUpdate): unknown[] => [
  p.fullName,
  p.email,
  p.phone,
  p.birthDate,
  Number(p.birthDate.slice(0, 4)),
  p.gender,
  p.settlementId,
  p.settlementKind,
  p.status,
  [...p.interests],
  p.script,
  p.searchKey,
];

export async function insertPerson(q: Queryable, officeId: string, p: NewPerson): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO people (office_id, user_id, source, created_by, ${PROFILE_COLUMNS.join(', ')})
     VALUES (${placeholders(1, 4 + PROFILE_COLUMNS.length)}) RETURNING id`,
    [officeId, p.userId, p.source, p.createdBy, ...profileValues(p)],
  );
  return rows[0]!.id;
}

/**
 * Writes a person's profile: staff edits (`onlyLive`: false when the person was merged or
 * anonymised meanwhile) and the person's own edit (checked live by the caller, stamped with its time).
 */
export async function updatePerson(
  q: Queryable,
  officeId: string,
  id: string,
  p: PersonUpdate,
  opts: { onlyLive: boolean; at?: Date } = { onlyLive: true },
): Promise<boolean> {
  const set = PROFILE_COLUMNS.map((c, i) => `${c} = $${i + 4}`).join(', ');
  const rows = await q.query(
    `UPDATE people SET ${set}, updated_at = coalesce($3, now())
      WHERE office_id = $1 AND id = $2${opts.onlyLive ? ' AND merged_into_id IS NULL AND anonymised_at IS NULL' : ''} RETURNING 1`,
    [officeId, id, opts.at ?? null, ...profileValues(p)],
  );
  return rows.length > 0;
}

/**
 * Many new people of one office in four statements (people, consents, special categories,
 * access log), each row a JSON record expanded by jsonb_to_recordset: the demo seed and bulk
 * paths write hundreds of rows without a round trip per row. Ids are chosen by the caller.
 */
export interface NewPersonRecord extends NewPerson {
  id: string;
  consents: Array<NewConsent & { id: string }>;
  sensitive?:
    | { consentId: string; ethnicity: Ethnicity | null; disability: boolean | null; health_note: string; recordedBy: string | null }
    | undefined;
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
          id: p.id,
          user_id: p.userId,
          full_name: p.fullName,
          email: p.email,
          phone: p.phone,
          birth_date: p.birthDate,
          gender: p.gender,
          settlement_id: p.settlementId,
          settlement_kind: p.settlementKind,
          status: p.status,
          interests: p.interests,
          script: p.script,
          source: p.source,
          search_key: p.searchKey,
          created_by: p.createdBy,
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
            id: c.id,
            person_id: c.person_id,
            purpose: c.purpose,
            notice_version: c.noticeVersion,
            given_by: c.givenBy,
            parent_name: c.parentName,
            parent_email: c.parentEmail,
            parent_confirmed: c.parentConfirmed,
            evidence: c.evidence,
            evidence_note: c.evidenceNote,
            recorded_by: c.recordedBy,
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
            person_id: x.person_id,
            consent_id: x.consentId,
            ethnicity: x.ethnicity,
            disability: x.disability,
            health_note: x.health_note,
            recorded_by: x.recordedBy,
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

/** The office's first coordinator (by when the role was given), for demo data entered "by" them. */
export async function firstCoordinator(q: Queryable, officeId: string): Promise<string | null> {
  const row = await maybeOne<{ user_id: string }>(
    q,
    `SELECT user_id FROM office_members WHERE office_id = $1 AND role = 'coordinator' ORDER BY granted_at, user_id LIMIT 1`,
    [officeId],
  );
  return row?.user_id ?? null;
}
