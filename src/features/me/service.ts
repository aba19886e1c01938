import { recordAccountEvent, recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { checkPassword } from '../../core/auth/password-check.ts';
import { newToken, tokenHash } from '../../core/auth/sessions.ts';
import type { Config } from '../../core/config.ts';
import { isUniqueViolation, type Queryable } from '../../core/db/db.ts';
import type { Deps } from '../../core/http/env.ts';
import { LIMITS, throttle } from '../../core/http/throttle.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import type { MessageKey } from '../../core/i18n/messages.ts';
import { formatDate } from '../../core/views/format.ts';
import { queueAccountMail } from '../accounts/mails.ts';
import { PRIVACY_NOTICE_VERSION, checkBirthDate } from '../accounts/service.ts';
import { eraseUserRegistrations } from '../registrations/seats.ts';
import { eraseUserBookings } from '../guidance/service.ts';
import { anonymisePerson } from '../people/anonymise-repo.ts';
import { findSettlement, insertPerson, updatePerson } from '../people/repo.ts';
import { deleteSensitive, upsertSensitive } from '../people/sensitive-repo.ts';
import type { PurposeCode } from '../people/purposes.ts';
import { personSearchKey, type ProfileInput, type SensitiveInput } from '../people/schema.ts';
import { findAccount } from './account-repo.ts';
import {
  accountOfficeIds,
  deleteAccount,
  deleteRepresentations,
  isOnlyNationalAdmin,
  lockAccountPeople,
  lockAdminRowsOf,
  officesWhereOnlyAdmin,
} from './erasure-repo.ts';
import {
  confirmParentConsents,
  deletePerson,
  findParentRequest,
  insertConsentToken,
  markTokenUsed,
  type ParentRequest,
} from './parent-repo.ts';
import { findLivePurpose, findOwnPerson, insertPendingParentConsent, insertSelfConsent, type OfficeInfo } from './repo.ts';
import type { RetentionUser } from './retention-repo.ts';
import { hasSensitiveValues, type EditInput, type JoinInput, type ParentInput } from './schema.ts';

/** Field name → message key; '_form' is about the whole form. */
export type FieldErrors = Record<string, MessageKey>;
type Fail = { ok: false; errors: FieldErrors; vars?: Record<string, string> };

/** How long a parent's confirmation link is valid; unconfirmed requests are deleted after it. */
export const PARENT_LINK_DAYS = 7;

/** Both limits must hold: per target address and per client address (as for account mails). */
async function mailAllowed(deps: Deps, email: string, ip: string): Promise<boolean> {
  const [limit, windowSec] = LIMITS.mail;
  const byEmail = await throttle(deps.db, `mail:${email.toLowerCase()}`, limit, windowSec);
  const byIp = await throttle(deps.db, `mail-ip:${ip}`, limit * 4, windowSec);
  return byEmail && byIp;
}

/** The settlement's kind when it is one of the office's; undefined when it is not. */
async function settlementKind(q: Queryable, officeId: string, id: string | null): Promise<{ kind: 'urban' | 'rural' | null } | undefined> {
  if (!id) return { kind: null };
  const s = await findSettlement(q, officeId, id);
  return s ? { kind: s.kind } : undefined;
}

// ── Joining a register ─────────────────────────────────────────────────────

export type JoinResult = { ok: true; personId: string } | { ok: false; already: true } | Fail;

/**
 * A signed-in person (15+) joins an office's register: the profile, one consent per purpose
 * ticked (given by the person, online, with the current notice version) and the special
 * categories when their own consent is ticked — one transaction. Already in the register:
 * `already` (the unique index decides a double submission).
 */
export async function joinRegister(deps: Deps, actor: Actor, office: OfficeInfo, input: JoinInput): Promise<JoinResult> {
  const now = deps.now();
  const errors: FieldErrors = {};
  const birth = checkBirthDate(input.birth_date, now);
  if (birth === 'under15') errors.birth_date = 'me.err.under15Self';
  else if (birth) errors.birth_date = birth;
  if (hasSensitiveValues(input) && !input.purposes.includes('sensitive')) errors.purposes_sensitive = 'me.err.sensitiveConsent';
  try {
    return await deps.db.transaction(async (tx): Promise<JoinResult> => {
      if (await findOwnPerson(tx, office.id, actor.userId)) return { ok: false, already: true };
      const settlement = await settlementKind(tx, office.id, input.settlement_id);
      if (!settlement) errors.settlement_id = 'err.choice';
      if (Object.keys(errors).length > 0) return { ok: false, errors };
      const personId = await insertPerson(tx, office.id, {
        userId: actor.userId,
        ...profileColumns(input, settlement!.kind),
        source: 'online',
        createdBy: null,
      });
      const consentIds = new Map<PurposeCode, string>();
      for (const purpose of input.purposes) {
        consentIds.set(purpose, await insertSelfConsent(tx, office.id, personId, purpose, PRIVACY_NOTICE_VERSION, now));
      }
      const sensitiveConsent = consentIds.get('sensitive');
      if (sensitiveConsent && hasSensitiveValues(input)) await upsertSensitive(tx, office.id, personId, sensitiveConsent, input, null);
      await recordAudit(tx, {
        officeId: office.id,
        actorId: actor.userId,
        action: 'person.join',
        target: personId,
        data: { purposes: input.purposes },
      });
      return { ok: true, personId };
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, already: true };
    throw err;
  }
}

function profileColumns(p: ProfileInput, kind: 'urban' | 'rural' | null) {
  return {
    fullName: p.full_name,
    email: p.email,
    phone: p.phone,
    birthDate: p.birth_date,
    gender: p.gender,
    settlementId: p.settlement_id,
    settlementKind: kind,
    status: p.status,
    interests: p.interests,
    script: p.script,
    searchKey: personSearchKey(p.full_name, p.email),
  };
}

// ── A parent registers a child under 15 ────────────────────────────────────

/**
 * Writes a parent's request, in the caller's transaction: the child's row, one pending parent
 * consent per purpose, a one-time link (only its hash stored) on the register consent, and the
 * mail with the link to the parent's address. Nothing else is done with the row until the
 * parent confirms. Returns the raw token (tests use it; the mail carries it).
 */
export async function createParentRequest(
  tx: Queryable,
  config: Pick<Config, 'BASE_URL'>,
  office: Pick<OfficeInfo, 'id' | 'slug' | 'name'>,
  input: ParentInput,
  locale: Locale,
  now: Date,
  settlement: 'urban' | 'rural' | null,
): Promise<string> {
  const personId = await insertPerson(tx, office.id, {
    userId: null,
    fullName: input.full_name,
    email: '',
    phone: '',
    birthDate: input.birth_date,
    gender: null,
    settlementId: input.settlement_id,
    settlementKind: settlement,
    status: null,
    interests: [],
    script: locale,
    source: 'online',
    searchKey: personSearchKey(input.full_name, ''),
    createdBy: null,
  });
  let registerConsent = '';
  for (const purpose of input.purposes) {
    const id = await insertPendingParentConsent(tx, office.id, personId, {
      purpose,
      noticeVersion: PRIVACY_NOTICE_VERSION,
      parentName: input.parent_name,
      parentEmail: input.parent_email,
      at: now,
    });
    if (purpose === 'register') registerConsent = id;
  }
  const token = newToken();
  await insertConsentToken(tx, office.id, registerConsent, tokenHash(token), now, PARENT_LINK_DAYS);
  await queueAccountMail(tx, {
    to: input.parent_email,
    locale,
    name: input.parent_name,
    subject: 'me.mail.parent.subject',
    body: 'me.mail.parent.body',
    vars: { child: input.full_name, birth: formatDate(locale, input.birth_date), office: office.name },
    link: `${config.BASE_URL}/${locale}/saglasnost/${office.slug}/${token}`,
  });
  await recordAudit(tx, {
    officeId: office.id,
    actorId: null,
    action: 'person.parent_request',
    target: personId,
    data: { purposes: input.purposes },
  });
  return token;
}

export type ParentResult = { ok: true } | Fail;

/**
 * The public form: the child must be under 15 (else they sign up themself). The answer is
 * the same whoever the child or the parent is; mail is throttled like account mails.
 */
export async function requestParentConsent(
  deps: Deps,
  office: OfficeInfo,
  input: ParentInput,
  locale: Locale,
  ip: string,
): Promise<ParentResult> {
  const now = deps.now();
  const errors: FieldErrors = {};
  const birth = checkBirthDate(input.birth_date, now);
  if (birth === null) errors.birth_date = 'me.err.notUnder15';
  else if (birth !== 'under15') errors.birth_date = birth;
  const settlement = await settlementKind(deps.db, office.id, input.settlement_id);
  if (!settlement) errors.settlement_id = 'err.choice';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (!(await mailAllowed(deps, input.parent_email, ip))) return { ok: false, errors: { _form: 'err.throttled' } };
  await deps.db.transaction((tx) => createParentRequest(tx, deps.config, office, input, locale, now, settlement!.kind));
  return { ok: true };
}

/** What a parent's link shows; undefined when the link is unknown, used or expired. */
export function parentRequest(deps: Deps, office: OfficeInfo, token: string): Promise<ParentRequest | undefined> {
  return findParentRequest(deps.db, office.id, tokenHash(token), deps.now());
}

/**
 * The parent's answer: agreeing puts every pending consent of the request in force; refusing
 * deletes the child's row (and with it the consents and the link). False when the link is not
 * valid any more. One transaction; the token is used once.
 */
export async function decideParentRequest(deps: Deps, office: OfficeInfo, token: string, agree: boolean): Promise<boolean> {
  const now = deps.now();
  const hash = tokenHash(token);
  return deps.db.transaction(async (tx) => {
    const req = await findParentRequest(tx, office.id, hash, now, true);
    if (!req) return false;
    if (agree) {
      await confirmParentConsents(tx, office.id, req.person_id, now);
      await markTokenUsed(tx, office.id, hash, now);
    } else {
      await deletePerson(tx, office.id, req.person_id);
    }
    await recordAudit(tx, {
      officeId: office.id,
      actorId: null,
      action: agree ? 'person.parent_confirmed' : 'person.parent_refused',
      target: req.person_id,
      data: { purposes: req.purposes },
    });
    return true;
  });
}

// ── Consents ───────────────────────────────────────────────────────────────

/** The person gives a consent again (contact, photos, sensitive); a live one already there is fine. */
export async function giveConsent(
  deps: Deps,
  actor: Actor,
  officeId: string,
  purpose: 'contact' | 'photos' | 'sensitive' | 'guidance',
): Promise<boolean> {
  const now = deps.now();
  try {
    return await deps.db.transaction(async (tx) => {
      const person = await findOwnPerson(tx, officeId, actor.userId, { forUpdate: true });
      if (!person) return false;
      if (await findLivePurpose(tx, officeId, person.id, purpose)) return true;
      const id = await insertSelfConsent(tx, officeId, person.id, purpose, PRIVACY_NOTICE_VERSION, now);
      await recordAudit(tx, { officeId, actorId: actor.userId, action: 'consent.give', target: id, data: { purpose } });
      return true;
    });
  } catch (err) {
    // The same consent given twice at once: the live-consent index let one through.
    if (isUniqueViolation(err)) return true;
    throw err;
  }
}

// ── Correcting one's own data ──────────────────────────────────────────────

export type EditResult = { ok: true } | { ok: false; notFound: true } | Fail;

/**
 * The person corrects their own row in an office's register. Special categories are saved only
 * under a live 'sensitive' consent; emptying every one of them deletes the row.
 */
export async function updateOwnData(deps: Deps, actor: Actor, officeId: string, input: EditInput): Promise<EditResult> {
  const now = deps.now();
  return deps.db.transaction(async (tx): Promise<EditResult> => {
    const person = await findOwnPerson(tx, officeId, actor.userId, { forUpdate: true });
    if (!person) return { ok: false, notFound: true };
    const errors: FieldErrors = {};
    const birth = checkBirthDate(input.birth_date, now);
    if (birth === 'under15') errors.birth_date = 'me.err.under15Self';
    else if (birth) errors.birth_date = birth;
    const settlement = await settlementKind(tx, officeId, input.settlement_id);
    if (!settlement) errors.settlement_id = 'err.choice';
    const sensitiveConsent = await findLivePurpose(tx, officeId, person.id, 'sensitive');
    if (!sensitiveConsent && hasSensitiveValues(input)) errors._form = 'me.err.sensitiveConsent';
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    await updatePerson(tx, officeId, person.id, profileColumns(input, settlement!.kind), { onlyLive: false, at: now });
    if (sensitiveConsent) {
      if (hasSensitiveValues(input)) await upsertSensitive(tx, officeId, person.id, sensitiveConsent.id, input as SensitiveInput, null);
      else await deleteSensitive(tx, officeId, person.id);
    }
    await recordAudit(tx, { officeId, actorId: actor.userId, action: 'person.self_edit', target: person.id });
    return { ok: true };
  });
}

// ── Erasure ────────────────────────────────────────────────────────────────

/**
 * Erases an account, in the caller's transaction (the person's own erasure and the retention
 * job share it): every register row of the account anonymised in place (anonymisePerson, with
 * its merged duplicates), association representations deleted, an audit event per office (no
 * personal data), a confirmation mail to the address being removed, then the users row deleted
 * (sessions, tokens, account consents, roles and account events go with it by cascade).
 */
export async function eraseUser(
  tx: Queryable,
  config: Pick<Config, 'RETENTION_MONTHS' | 'SECRET' | 'BASE_URL'>,
  user: RetentionUser,
  reason: 'erasure' | 'retention',
  at: Date,
): Promise<void> {
  const rows = await lockAccountPeople(tx, user.id);
  const done = new Set<string>();
  const offices = new Map<string, string>();
  for (const row of rows) {
    if (done.has(row.id)) continue;
    for (const id of await anonymisePerson(tx, row.office_id, row.id, { actorId: null, reason, at })) done.add(id);
    if (!offices.has(row.office_id)) offices.set(row.office_id, row.id);
  }
  const others = await accountOfficeIds(tx, user.id);
  for (const o of others) if (!offices.has(o.office_id)) offices.set(o.office_id, '');
  await deleteRepresentations(tx, user.id);
  await eraseUserRegistrations(tx, { config }, user.id);
  await eraseUserBookings(tx, user.id, at);
  for (const [officeId, personId] of offices) {
    await recordAudit(tx, { officeId, actorId: null, action: 'account.erased', target: personId, data: { reason } });
  }
  await queueAccountMail(tx, {
    to: user.email,
    locale: user.locale,
    name: user.display_name,
    subject: reason === 'erasure' ? 'me.mail.erased.subject' : 'me.mail.expired.subject',
    body: reason === 'erasure' ? 'me.mail.erased.body' : 'me.mail.expired.body',
    vars: { months: String(config.RETENTION_MONTHS) },
    ignoreHint: false,
  });
  await deleteAccount(tx, user.id);
  await recordAccountEvent(tx, null, 'account.erased', { reason });
}

/**
 * Why this account may not be erased now (it would leave an office, or the installation,
 * without an administrator); null when it may. Locks the rows it counts.
 */
export async function erasureBlocked(
  tx: Queryable,
  userId: string,
  isNationalAdmin: boolean,
): Promise<{ error: MessageKey; vars?: Record<string, string> } | null> {
  await lockAdminRowsOf(tx, userId);
  const only = await officesWhereOnlyAdmin(tx, userId);
  if (only.length > 0) return { error: 'me.erase.lastAdmin', vars: { office: only[0]!.name } };
  if (isNationalAdmin && (await isOnlyNationalAdmin(tx, userId))) return { error: 'me.erase.lastNational' };
  return null;
}

export type EraseResult = { ok: true } | Fail;

/** The person erases their own account, confirming with their password (ZZPL art. 30; checkPassword throttles guessing). */
export async function eraseAccount(deps: Deps, actor: Actor, password: string, ip: string): Promise<EraseResult> {
  const user = await findAccount(deps.db, actor.userId);
  if (!user) return { ok: false, errors: { _form: 'error.404.title' } };
  const verdict = await checkPassword(deps, { account: user.email, hash: user.password_hash, password, ip });
  if (verdict === 'throttled') return { ok: false, errors: { _form: 'err.throttled' } };
  if (verdict !== 'ok') return { ok: false, errors: { password: 'err.passwordWrong' } };
  const now = deps.now();
  return deps.db.transaction(async (tx): Promise<EraseResult> => {
    const locked = await findAccount(tx, actor.userId, { forUpdate: true });
    if (!locked) return { ok: false, errors: { _form: 'error.404.title' } };
    const blocked = await erasureBlocked(tx, locked.id, locked.is_national_admin);
    if (blocked) return { ok: false, errors: { _form: blocked.error }, ...(blocked.vars ? { vars: blocked.vars } : {}) };
    await eraseUser(tx, deps.config, locked, 'erasure', now);
    return { ok: true };
  });
}
