import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Queryable } from '../../core/db/db.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import type { MessageKey } from '../../core/i18n/messages.ts';
import { AGE_OF_DIGITAL_CONSENT, ageOn, localToday } from '../accounts/age.ts';
import { PRIVACY_NOTICE_VERSION, checkBirthDate } from '../accounts/service.ts';
import type { PurposeCode } from './purposes.ts';
import {
  findDuplicates,
  findSettlement,
  insertPerson,
  insertPersonConsent,
  logAccess,
  upsertSensitive,
  type DuplicateMatch,
} from './repo.ts';
import { personSearchKey, type PaperConsentInput, type ProfileInput, type SensitiveInput } from './schema.ts';

/** Field name → message key; '_form' is about the whole form. */
export type FieldErrors = Record<string, MessageKey>;

/** Thrown by createPerson when its input breaks a rule (the caller should have run validatePerson). */
export class PersonInputError extends Error {
  constructor(readonly errors: FieldErrors) {
    super(`invalid person: ${Object.entries(errors).map(([k, v]) => `${k}=${v}`).join(', ')}`);
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

const hasSensitiveValues = (s: SensitiveInput | undefined) => !!s && (s.ethnicity !== null || s.disability !== null || s.health_note !== '');

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
  if (hasSensitiveValues(input.sensitive) && !input.consents.includes('sensitive')) errors.consent_sensitive = 'people.err.sensitiveConsent';
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
export async function createPerson(tx: Queryable, officeId: string, actorId: string | null, input: NewPersonInput, now: Date = new Date()): Promise<string> {
  const errors = validatePerson(input, now);
  let settlementKind: 'urban' | 'rural' | null = null;
  if (input.settlement_id) {
    const s = await findSettlement(tx, officeId, input.settlement_id);
    if (!s) errors.settlement_id = 'err.choice';
    else settlementKind = s.kind;
  }
  if (Object.keys(errors).length > 0) throw new PersonInputError(errors);

  const personId = await insertPerson(tx, officeId, {
    userId: null,
    fullName: input.full_name,
    email: input.email,
    phone: input.phone,
    birthDate: input.birth_date,
    gender: input.gender,
    settlementId: input.settlement_id,
    settlementKind,
    status: input.status,
    interests: input.interests,
    script: input.script,
    source: input.source,
    searchKey: personSearchKey(input.full_name, input.email),
    createdBy: actorId,
  });
  const evidence = input.source === 'import' ? 'import' : 'paper';
  const parent = input.paper.given_by === 'parent';
  const consentIds = new Map<PurposeCode, string>();
  for (const purpose of new Set(input.consents)) {
    consentIds.set(
      purpose,
      await insertPersonConsent(tx, officeId, personId, {
        purpose,
        noticeVersion: PRIVACY_NOTICE_VERSION,
        givenBy: input.paper.given_by,
        parentName: parent ? input.paper.parent_name : '',
        parentEmail: parent ? input.paper.parent_email : '',
        parentConfirmed: parent,
        evidence,
        evidenceNote: (input.evidenceNote ?? input.paper.evidence_note).slice(0, 300),
        recordedBy: actorId,
      }),
    );
  }
  const sensitiveConsent = consentIds.get('sensitive');
  if (sensitiveConsent && hasSensitiveValues(input.sensitive)) {
    await upsertSensitive(tx, officeId, personId, sensitiveConsent, input.sensitive!, actorId);
  }
  await logAccess(tx, officeId, actorId, personId, input.source === 'import' ? 'import' : 'create');
  await recordAudit(tx, { officeId, actorId, action: `person.${input.source === 'import' ? 'import' : 'create'}`, target: personId, data: { purposes: [...consentIds.keys()] } });
  return personId;
}

/** Possible duplicates of one new person (see findDuplicates). */
export function duplicatesOf(q: Queryable, officeId: string, p: { email: string; full_name: string; birth_date: string }, exceptId?: string): Promise<DuplicateMatch[]> {
  return findDuplicates(q, officeId, [p], exceptId);
}

export type AddResult = { ok: true; id: string } | { ok: false; errors: FieldErrors; duplicates?: DuplicateMatch[] };

/**
 * Staff add someone met offline. Possible duplicates stop the first submission; the form then
 * shows them and asks for an explicit "add anyway".
 */
export async function addPerson(deps: Deps, actor: Actor, office: OfficeRef, input: NewPersonInput, addAnyway: boolean): Promise<AddResult> {
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
