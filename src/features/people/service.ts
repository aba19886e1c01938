import { randomUUID } from 'node:crypto';
import { recordAudit, recordAudits } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { isUniqueViolation, type Queryable } from '../../core/db/db.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import type { MessageKey } from '../../core/i18n/messages.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { AGE_OF_DIGITAL_CONSENT, ageOn, localToday } from '../accounts/age.ts';
import { PRIVACY_NOTICE_VERSION, checkBirthDate } from '../accounts/service.ts';
import type { PurposeCode } from './purposes.ts';
import { logAccess, personAccessLog } from './access-repo.ts';
import { withdrawConsent } from './consents.ts';
import { findLiveConsent, listPersonConsents, type ConsentRow } from './consents-repo.ts';
import { findDuplicates, lockPair, mergeInto, moveConsents, moveSensitive, type DuplicateMatch } from './merge-repo.ts';
import {
  findPerson,
  findSettlement,
  insertPeopleRecords,
  insertSettlement,
  listSettlements,
  settlementNameTaken,
  updatePerson,
  updateSettlement,
  type NewPersonRecord,
  type PersonRow,
} from './repo.ts';
import { findSensitive, type SensitiveRow } from './sensitive-repo.ts';
import { countPeople } from './stats-repo.ts';
import { buildStats, PEOPLE_DIMENSIONS, type PeopleStats } from './stats.ts';
import type { PersonPageData } from './views/person.tsx';
import { personSearchKey, type PaperConsentInput, type ProfileInput, type SensitiveInput } from './schema.ts';
import type { Result } from '../../core/result.ts';

/** Field name → message key; '_form' is about the whole form. */
export type FieldErrors = Record<string, MessageKey>;

/** Thrown by createPerson when its input breaks a rule (the caller should have run validatePerson). */
export class PersonInputError extends Error {
  constructor(readonly errors: FieldErrors) {
    super(
      `invalid person: ${Object.entries(errors)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  }
}

/** What createPerson writes: a profile, the consent evidence, the purposes it covers, optional special categories. */
export interface NewPersonInput extends ProfileInput {
  /** Purposes the signed form (or the imported list) covers; 'register' must be one of them. */
  consents: readonly PurposeCode[];
  /** Who consented (self from 15; a parent, named, under 15) and where the signed form is kept. */
  paper: PaperConsentInput;
  /** Special categories; only with 'sensitive' among the consents. */
  sensitive?: SensitiveInput | undefined;
  /** 'offline': typed by staff from a paper form (evidence 'paper'); 'import': from a list (evidence 'import'). */
  source: 'offline' | 'import';
  /** Overrides paper.evidence_note, e.g. "import of lista.xlsx, row 12". */
  evidenceNote?: string | undefined;
}

const hasSensitiveValues = (s: SensitiveInput | undefined) =>
  !!s && (s.ethnicity !== null || s.disability !== null || s.health_note !== '');

/**
 * The rules a person's record must meet, checked against the clock (pure, no database): birth
 * date not in the future nor over 120 years back; under 15 the consent is a parent's, with the
 * parent's name; the register purpose is always consented; special categories only with their
 * own consent. Empty when all is well. The import uses it for every row of its preview.
 */
export function validatePerson(input: NewPersonInput, now: Date): FieldErrors {
  const errors: FieldErrors = {};
  const birth = checkBirthDate(input.birth_date, now);
  if (birth === 'under15') {
    if (input.paper.given_by !== 'parent') errors.given_by = 'people.err.under15Parent';
  } else if (birth) {
    errors.birth_date = birth;
  }
  if (input.paper.given_by === 'parent' && input.paper.parent_name === '') errors.parent_name = 'people.err.parentName';
  if (!input.consents.includes('register')) errors.consent_register = 'people.err.registerRequired';
  if (hasSensitiveValues(input.sensitive) && !input.consents.includes('sensitive'))
    errors.consent_sensitive = 'people.err.sensitiveConsent';
  return errors;
}

/** Age in completed years today, or null without a birth date. */
export function ageToday(birthDate: string | null, now: Date): number | null {
  return birthDate ? ageOn(birthDate, localToday(now)) : null;
}

/** Outside the Law on Youth's 15–30 (kept, but shown with a note). */
export const outsideYouthAge = (age: number | null) => age !== null && (age < AGE_OF_DIGITAL_CONSENT || age > 30);

/**
 * Writes one person met offline or imported, in the caller's transaction: the `people` row,
 * one consent row per purpose (evidence 'paper' or 'import', the current privacy-notice
 * version, recorded by the actor; a parent's consent counts as signed), the special categories
 * when given, the access-log entry ('create' or 'import') and an audit event (no personal data
 * in it). Throws PersonInputError when validatePerson would complain or the settlement is not
 * the office's. Does not look for duplicates: call findDuplicates (repo.ts) first.
 */
export async function createPerson(
  tx: Queryable,
  officeId: string,
  actorId: string | null,
  input: NewPersonInput,
  now: Date = new Date(),
): Promise<string> {
  // One path writes people, one or many (createPeople below), so the rows cannot drift apart.
  const [id] = await createPeople(tx, officeId, actorId, [input], now);
  return id!;
}

/**
 * createPerson for many people of one office at once, writing exactly the same rows in five
 * statements instead of ~9 per person (the demo seed's ~90 people took ~800 round trips).
 * Every input is checked first; one bad input throws PersonInputError and nothing is written.
 * Returns the new ids in input order.
 */
export async function createPeople(
  tx: Queryable,
  officeId: string,
  actorId: string | null,
  inputs: readonly NewPersonInput[],
  now: Date = new Date(),
): Promise<string[]> {
  const settlements = new Map((await listSettlements(tx, officeId)).map((s) => [s.id, s.kind]));
  const records: NewPersonRecord[] = inputs.map((input) => {
    const errors = validatePerson(input, now);
    const settlementKind = input.settlement_id ? settlements.get(input.settlement_id) : null;
    if (settlementKind === undefined) errors.settlement_id = 'err.choice';
    if (Object.keys(errors).length > 0) throw new PersonInputError(errors);
    const id = randomUUID();
    const parent = input.paper.given_by === 'parent';
    const consents = [...new Set(input.consents)].map((purpose) => ({
      id: randomUUID(),
      purpose,
      noticeVersion: PRIVACY_NOTICE_VERSION,
      givenBy: input.paper.given_by,
      parentName: parent ? input.paper.parent_name : '',
      parentEmail: parent ? input.paper.parent_email : '',
      parentConfirmed: parent,
      evidence: input.source === 'import' ? ('import' as const) : ('paper' as const),
      evidenceNote: (input.evidenceNote ?? input.paper.evidence_note).slice(0, 300),
      recordedBy: actorId,
    }));
    const sensitiveConsent = consents.find((c) => c.purpose === 'sensitive');
    return {
      id,
      userId: null,
      fullName: input.full_name,
      email: input.email,
      phone: input.phone,
      birthDate: input.birth_date,
      gender: input.gender,
      settlementId: input.settlement_id,
      settlementKind: settlementKind ?? null,
      status: input.status,
      interests: input.interests,
      script: input.script,
      source: input.source,
      searchKey: personSearchKey(input.full_name, input.email),
      createdBy: actorId,
      consents,
      sensitive:
        sensitiveConsent && hasSensitiveValues(input.sensitive)
          ? { consentId: sensitiveConsent.id, ...input.sensitive!, recordedBy: actorId }
          : undefined,
      access: { actorId, action: input.source === 'import' ? 'import' : 'create' },
    };
  });
  await insertPeopleRecords(tx, officeId, records);
  await recordAudits(
    tx,
    records.map((r) => ({
      officeId,
      actorId,
      action: `person.${r.source === 'import' ? 'import' : 'create'}`,
      target: r.id,
      data: { purposes: r.consents.map((c) => c.purpose) },
    })),
  );
  return records.map((r) => r.id);
}

/** Possible duplicates of one new person (see findDuplicates). */
export function duplicatesOf(
  q: Queryable,
  officeId: string,
  p: { email: string; full_name: string; birth_date: string },
  exceptId?: string,
): Promise<DuplicateMatch[]> {
  return findDuplicates(q, officeId, [p], exceptId);
}

export type AddResult = { ok: true; id: string } | { ok: false; errors: FieldErrors; duplicates?: DuplicateMatch[] };

/**
 * Staff add someone met offline. Possible duplicates stop the first submission; the form then
 * shows them and asks for an explicit "add anyway".
 */
export async function addPerson(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  input: NewPersonInput,
  addAnyway: boolean,
): Promise<AddResult> {
  const now = deps.now();
  const errors = validatePerson(input, now);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return deps.db.transaction(async (tx) => {
    const duplicates = await duplicatesOf(tx, office.id, input);
    if (duplicates.length > 0 && !addAnyway) return { ok: false, errors: { confirm_duplicate: 'people.err.duplicate' }, duplicates };
    try {
      return { ok: true, id: await createPerson(tx, office.id, actor.userId, input, now) };
    } catch (err) {
      if (err instanceof PersonInputError) return { ok: false, errors: err.errors };
      throw err;
    }
  });
}

// ── Staff reading a person ─────────────────────────────────────────────────

export type Opened = { kind: 'person'; data: PersonPageData } | { kind: 'merged'; person: PersonRow } | undefined;

async function pageData(q: Queryable, officeId: string, person: PersonRow, now: Date): Promise<PersonPageData> {
  const consents = await listPersonConsents(q, officeId, person.id);
  const age = ageToday(person.birth_date, now);
  return {
    person,
    consents,
    access: await personAccessLog(q, officeId, person.id),
    age,
    ageNote: age === null ? null : age > 30 ? 'over30' : age < AGE_OF_DIGITAL_CONSENT ? 'under15' : null,
    sensitiveConsent: consents.some((c) => c.purpose === 'sensitive' && c.withdrawn_at === null && !isPendingConsent(c)),
  };
}

const isPendingConsent = (c: ConsentRow) => c.given_by === 'parent' && c.evidence === 'online' && c.parent_confirmed_at === null;

/**
 * A staff member opens a person's page: the view is logged (in the same transaction that reads,
 * so the page shows its own entry). A merged row only says where it went (nothing to log).
 */
export async function openPerson(deps: Deps, actor: Actor, office: OfficeRef, id: string): Promise<Opened> {
  return deps.db.transaction(async (tx) => {
    const person = await findPerson(tx, office.id, id);
    if (!person) return undefined;
    if (person.merged_into_id) return { kind: 'merged', person };
    await logAccess(tx, office.id, actor.userId, person.id, 'view');
    return { kind: 'person', data: await pageData(tx, office.id, person, deps.now()) };
  });
}

/** Logs a staff view of a live person's data shown on another page (the edit and merge forms). */
export async function logView(deps: Deps, actor: Actor, office: OfficeRef, person: PersonRow): Promise<void> {
  if (!person.merged_into_id && !person.anonymised_at) await logAccess(deps.db, office.id, actor.userId, person.id, 'view');
}

/** Data for re-rendering a person's page after a refused form (logs nothing: the GET did). */
export async function personPage(deps: Deps, office: OfficeRef, id: string): Promise<Opened> {
  const person = await findPerson(deps.db, office.id, id);
  if (!person) return undefined;
  if (person.merged_into_id) return { kind: 'merged', person };
  return { kind: 'person', data: await pageData(deps.db, office.id, person, deps.now()) };
}

export type RevealResult =
  | { ok: true; data: PersonPageData; sensitive: SensitiveRow | undefined }
  | { ok: false; notFound: true }
  | { ok: false; notFound?: false; opened: Opened; errors: FieldErrors };

/**
 * Reveals a person's special categories to a coordinator who gave a reason: logged as
 * 'reveal_sensitive' with the reason, in the transaction that reads them. Only for a live person
 * with a 'sensitive' consent in force (otherwise there is nothing lawful to show).
 */
export async function revealSensitive(deps: Deps, actor: Actor, office: OfficeRef, id: string, reason: string): Promise<RevealResult> {
  return deps.db.transaction(async (tx): Promise<RevealResult> => {
    const person = await findPerson(tx, office.id, id);
    if (!person) return { ok: false, notFound: true };
    if (person.merged_into_id) return { ok: false, opened: { kind: 'merged', person }, errors: {} };
    const data = await pageData(tx, office.id, person, deps.now());
    if (person.anonymised_at || !data.sensitiveConsent)
      return { ok: false, opened: { kind: 'person', data }, errors: { _form: 'people.sensitive.noConsent' } };
    await logAccess(tx, office.id, actor.userId, person.id, 'reveal_sensitive', reason);
    const sensitive = await findSensitive(tx, office.id, person.id);
    return { ok: true, data: { ...data, access: await personAccessLog(tx, office.id, person.id) }, sensitive };
  });
}

// ── Staff changing a person ────────────────────────────────────────────────

/** A refusal of a change to the register: a message per field, or no such (live) person. */
type Refused = { ok: false; errors: FieldErrors; notFound?: boolean };

/** Edits a live person's profile (logged as 'edit'); the settlement's kind is copied. */
export async function editPerson(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  id: string,
  input: ProfileInput,
): Promise<Result<void, Refused>> {
  const birth = checkBirthDate(input.birth_date, deps.now());
  return deps.db.transaction(async (tx): Promise<Result<void, Refused>> => {
    const person = await findPerson(tx, office.id, id, { forUpdate: true });
    if (!person) return { ok: false, errors: {}, notFound: true };
    if (person.merged_into_id || person.anonymised_at) return { ok: false, errors: { _form: 'people.err.gone' } };
    const errors: FieldErrors = {};
    if (birth === 'under15') {
      const register = await findLiveConsent(tx, office.id, id, 'register');
      if (register && register.given_by !== 'parent') errors.birth_date = 'people.err.under15Parent';
    } else if (birth) {
      errors.birth_date = birth;
    }
    let kind: 'urban' | 'rural' | null = null;
    if (input.settlement_id) {
      const s = await findSettlement(tx, office.id, input.settlement_id);
      if (!s) errors.settlement_id = 'err.choice';
      else kind = s.kind;
    }
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    await updatePerson(tx, office.id, id, {
      fullName: input.full_name,
      email: input.email,
      phone: input.phone,
      birthDate: input.birth_date,
      gender: input.gender,
      settlementId: input.settlement_id,
      settlementKind: kind,
      status: input.status,
      interests: input.interests,
      script: input.script,
      searchKey: personSearchKey(input.full_name, input.email),
    });
    await logAccess(tx, office.id, actor.userId, id, 'edit');
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'person.edit', target: id });
    return { ok: true, value: undefined };
  });
}

/**
 * Staff withdraw a consent on the person's behalf (say, they phoned), through the same
 * withdrawConsent the person uses (consents.ts): it takes effect everywhere at once
 * ('sensitive' deletes the special categories, 'register' anonymises the record) and is logged.
 * The consent must be a live one of this page's person.
 */
export async function withdrawOnBehalf(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  personId: string,
  consentId: string,
): Promise<Result<PurposeCode, Refused>> {
  const person = await findPerson(deps.db, office.id, personId);
  if (!person) return { ok: false, errors: {}, notFound: true };
  if (person.merged_into_id || person.anonymised_at) return { ok: false, errors: { _form: 'people.err.gone' } };
  const consents = await listPersonConsents(deps.db, office.id, personId);
  const consent = consents.find((c) => c.id === consentId);
  // Another person's (or office's) consent id is not found here, not "already withdrawn".
  if (!consent) return { ok: false, errors: {}, notFound: true };
  if (consent.withdrawn_at !== null) return { ok: false, errors: { _form: 'people.err.consentGone' } };
  const r = await withdrawConsent(deps, actor, office.id, consentId, 'staff');
  if (!r.ok) return { ok: false, errors: {}, notFound: true };
  if (r.already) return { ok: false, errors: { _form: 'people.err.consentGone' } };
  return { ok: true, value: r.purpose };
}

/**
 * Merges two records of one person: the loser points at the winner; the winner's empty fields
 * are filled from the loser; live consents the winner lacks move over (with the special
 * categories they cover); both rows keep their history and get a 'merge' entry in the access
 * log. Both rows are locked; a merged or anonymised row, or two different accounts, refuse.
 */
export async function mergePeople(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  thisId: string,
  otherId: string,
  keep: 'this' | 'other',
): Promise<Result<string, Refused>> {
  if (thisId === otherId) return { ok: false, errors: { other_id: 'people.err.mergeSelf' } };
  return deps.db.transaction(async (tx): Promise<Result<string, Refused>> => {
    const rows = await lockPair(tx, office.id, thisId, otherId);
    const self = rows.find((r) => r.id === thisId);
    const other = rows.find((r) => r.id === otherId);
    if (!self) return { ok: false, errors: {}, notFound: true };
    if (self.merged_into_id || self.anonymised_at) return { ok: false, errors: { _form: 'people.err.gone' } };
    // An id that is no record of this office: 404, like the page's own :person.
    if (!other) return { ok: false, errors: {}, notFound: true };
    if (other.merged_into_id || other.anonymised_at) return { ok: false, errors: { other_id: 'people.err.mergeGone' } };
    if (self.user_id && other.user_id && self.user_id !== other.user_id)
      return { ok: false, errors: { other_id: 'people.err.mergeAccounts' } };
    const [winner, loser] = keep === 'this' ? [thisId, otherId] : [otherId, thisId];
    await mergeInto(tx, office.id, winner, loser, personSearchKey);
    const moved = await moveConsents(tx, office.id, winner, loser);
    await moveSensitive(tx, office.id, winner, loser);
    await logAccess(tx, office.id, actor.userId, winner, 'merge');
    await logAccess(tx, office.id, actor.userId, loser, 'merge');
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'person.merge',
      target: winner,
      data: { loser, consentsMoved: moved },
    });
    return { ok: true, value: winner };
  });
}

// ── Settlements ────────────────────────────────────────────────────────────

export async function addSettlement(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  input: { name: string; kind: 'urban' | 'rural' },
): Promise<Result<void, Refused>> {
  return deps.db.transaction(async (tx): Promise<Result<void, Refused>> => {
    const id = await insertSettlement(tx, office.id, { ...input, searchKey: searchKey(input.name) });
    if (!id) return { ok: false, errors: { name: 'people.err.settlementTaken' } };
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'settlement.add', target: id, data: input });
    return { ok: true, value: undefined };
  });
}

export async function changeSettlement(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  id: string,
  input: { name: string; kind: 'urban' | 'rural' },
): Promise<Result<void, Refused>> {
  try {
    return await deps.db.transaction(async (tx): Promise<Result<void, Refused>> => {
      // An id that is no settlement of this office is not found (before any check of the name).
      if (!(await findSettlement(tx, office.id, id))) return { ok: false, errors: {}, notFound: true };
      const key = searchKey(input.name);
      if (await settlementNameTaken(tx, office.id, key, id)) return { ok: false, errors: { name: 'people.err.settlementTaken' } };
      if (!(await updateSettlement(tx, office.id, id, { ...input, searchKey: key }))) return { ok: false, errors: {}, notFound: true };
      await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'settlement.update', target: id, data: input });
      return { ok: true, value: undefined };
    });
  } catch (err) {
    // Another rename took the name meanwhile: the unique index decided.
    if (isUniqueViolation(err)) return { ok: false, errors: { name: 'people.err.settlementTaken' } };
    throw err;
  }
}

// ── Statistics ─────────────────────────────────────────────────────────────

/** The register's statistics, suppressed (stats.ts) — the only form in which counts leave here. */
export async function peopleStats(deps: Deps, office: OfficeRef): Promise<PeopleStats> {
  const year = Number(localToday(deps.now()).slice(0, 4));
  return buildStats(await countPeople(deps.db, office.id, year), PEOPLE_DIMENSIONS);
}
