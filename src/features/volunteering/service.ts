import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Queryable } from '../../core/db/db.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import type { Result } from '../../core/result.ts';
import { localParts } from '../../core/time.ts';
import { ageOn } from '../accounts/age.ts';
import { newCertificateCode } from '../certificates/service.ts';
import { hasIdentity, personOfUser, readIdentity, upsertIdentity } from './identity-repo.ts';
import { queueDecisionMail } from './mails.ts';
import { mayOrganise, organiserAssociations } from './policy.ts';
import {
  accountOf,
  applicationCounts,
  associationExists,
  closeCheckin,
  deleteHours,
  confirmedSpan,
  countingHours,
  decideApplication,
  decideHours,
  findCertificateOfApplication,
  findOpenCheckin,
  findVolOpportunity,
  flagLongTerm,
  hoursOnDay,
  insertApplication,
  insertHours,
  insertVolCertificate,
  insertVolOpportunity,
  lockApplication,
  lockVolOpportunity,
  organiserOf,
  revokeVolCertificate,
  setOpportunityClosed,
  updateVolOpportunity,
  type Application,
  type VolCertificate,
  type VolOpportunity,
} from './repo.ts';
import { ageVerdict, contractReasons, hoursProblem, jmbgProblem, loggedLongTerm, plannedLongTerm, type AgeVerdict } from './rules.ts';
import type { ApplicationInput, HoursInput, IdentityInput, OpportunityInput } from './schema.ts';

const today = (deps: Deps) => localParts(deps.now()).date;

/**
 * Posts an opportunity. Staff may post for the office or for any association of its register; an
 * association's representative only for an association they represent (approved).
 */
export async function createOpportunity(deps: Deps, actor: Actor, office: OfficeRef, input: OpportunityInput): Promise<Result<string>> {
  return deps.db.transaction(async (tx) => {
    const allowed = await organiserAssociations(tx, actor, office.id);
    if (allowed !== null && (input.association_id === null || !allowed.includes(input.association_id))) {
      return { ok: false, error: 'volunteering.err.association', field: 'association_id' };
    }
    if (input.association_id !== null) {
      if (!(await associationExists(tx, office.id, input.association_id)))
        return { ok: false, error: 'volunteering.err.association', field: 'association_id' };
    }
    const id = await insertVolOpportunity(tx, office.id, input, actor.userId);
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'volunteering.opportunity.create', target: id });
    return { ok: true, value: id };
  });
}

/** Whether the opportunity takes applications on `day`: not closed and not ended. */
export const isOpen = (o: Pick<VolOpportunity, 'closed' | 'ends_on'>, day: string): boolean =>
  !o.closed && (o.ends_on === null || o.ends_on >= day);

const AGE_ERRORS: Record<
  Exclude<AgeVerdict, 'ok' | 'needs_consent'>,
  'volunteering.err.tooYoung' | 'volunteering.err.under15' | 'volunteering.err.belowMin'
> = {
  too_young: 'volunteering.err.tooYoung',
  under_15_not_educational: 'volunteering.err.under15',
  below_opportunity_minimum: 'volunteering.err.belowMin',
};

/**
 * An account applies. The age on the day of applying decides (art. 11–12): under 15 only for an
 * educational activity, under 18 only with a parent's written consent recorded (who, when signed,
 * which document) — refused otherwise, nothing stored. Art. 15's reasons for a contract are
 * decided here and stored with the application.
 */
export async function apply(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  o: VolOpportunity,
  input: ApplicationInput,
): Promise<Result<string>> {
  const day = today(deps);
  if (!isOpen(o, day)) return { ok: false, error: 'volunteering.err.closed' };
  return deps.db.transaction(async (tx) => {
    const user = await accountOf(tx, actor.userId);
    if (!user) return { ok: false, error: 'error.404.title' };
    const age = ageOn(user.birth_date, day);
    const verdict = ageVerdict(age, o);
    if (verdict !== 'ok' && verdict !== 'needs_consent') return { ok: false, error: AGE_ERRORS[verdict], vars: { age, min: o.min_age } };
    const minor = verdict === 'needs_consent';
    if (minor) {
      if (input.consent_parent.length < 3) return { ok: false, error: 'volunteering.err.consent', field: 'consent_parent' };
      if (!input.consent_signed_on) return { ok: false, error: 'volunteering.err.consent', field: 'consent_signed_on' };
      if (input.consent_signed_on > day) return { ok: false, error: 'volunteering.err.consentFuture', field: 'consent_signed_on' };
      if (input.consent_document.length < 3) return { ok: false, error: 'volunteering.err.consent', field: 'consent_document' };
    }
    const reasons = contractReasons({
      longTerm: plannedLongTerm(Number(o.hours_per_week), o.starts_on, o.ends_on),
      minor,
      foreigner: input.foreigner,
      abroad: o.abroad,
      beneficiaries: o.beneficiaries,
      requested: input.contract_requested,
    });
    const id = await insertApplication(tx, office.id, {
      opportunityId: o.id,
      userId: actor.userId,
      fullName: user.display_name,
      birthDate: user.birth_date,
      minor,
      motivation: input.motivation,
      foreigner: input.foreigner,
      contractRequested: input.contract_requested,
      consentParent: minor ? input.consent_parent : '',
      consentSignedOn: minor ? input.consent_signed_on : null,
      consentDocument: minor ? input.consent_document : '',
      reasons,
    });
    if (!id) return { ok: false, error: 'volunteering.err.already' };
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'volunteering.apply',
      target: id,
      data: { opportunity: o.id, minor },
    });
    return { ok: true, value: id };
  });
}

/** The organiser accepts or declines a pending application (one transaction, audited). */
export async function decide(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  o: VolOpportunity,
  applicationId: string,
  decision: 'accept' | 'decline',
  reason = '',
): Promise<Result> {
  return deps.db.transaction(async (tx) => {
    const a = await lockApplication(tx, office.id, applicationId);
    if (!a || a.opportunity_id !== o.id) return { ok: false, error: 'error.404.title' };
    if (a.status !== 'pending') return { ok: false, error: 'volunteering.err.decided' };
    await decideApplication(
      tx,
      office.id,
      a.id,
      decision === 'accept' ? 'accepted' : 'declined',
      decision === 'decline' ? reason : '',
      actor.userId,
    );
    await queueDecisionMail(tx, deps, office, o, a, decision === 'accept' ? 'accepted' : 'declined', reason);
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: `volunteering.${decision}`, target: a.id });
    return { ok: true, value: undefined };
  });
}

/** The fields a parent's consent and art. 15's contract reasons were decided by, at applying: fixed once anyone applied. */
const RULE_FIELDS = ['min_age', 'educational', 'beneficiaries', 'abroad'] as const;

const sameRule = (o: VolOpportunity, input: OpportunityInput, f: (typeof RULE_FIELDS)[number]): boolean => {
  if (f === 'beneficiaries') return [...o.beneficiaries].sort().join() === [...input.beneficiaries].sort().join();
  return o[f] === input[f];
};

/**
 * The organiser edits the place's details (title, tasks, place, dates, hours, skills, training,
 * costs, area). Who organises it does not change. Once anyone applied, the fields the applications'
 * consent and contract rules were decided by (age, educational, beneficiaries, abroad) are fixed:
 * a change is refused at its field, nothing saved. One transaction under the row's lock, audited.
 */
export async function editOpportunity(deps: Deps, actor: Actor, office: OfficeRef, id: string, input: OpportunityInput): Promise<Result> {
  return deps.db.transaction(async (tx) => {
    const o = await lockVolOpportunity(tx, office.id, id);
    if (!o || !(await mayOrganise(tx, actor, office.id, o))) return { ok: false, error: 'error.404.title' };
    if ((await applicationCounts(tx, office.id, o.id)).all > 0) {
      const changed = RULE_FIELDS.find((f) => !sameRule(o, input, f));
      if (changed) return { ok: false, error: 'volunteering.err.rulesLocked', field: changed };
    }
    await updateVolOpportunity(tx, office.id, o.id, input);
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'volunteering.opportunity.edit', target: o.id });
    return { ok: true, value: undefined };
  });
}

/**
 * Closes applications (no one may apply any more) or reopens them. Applications already in stay
 * as they are: pending ones wait for the organiser's decision, who may still accept or decline
 * them; accepted volunteers keep logging hours. Returns how many were pending.
 */
export async function setClosed(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  id: string,
  closed: boolean,
): Promise<Result<{ pending: number }>> {
  return deps.db.transaction(async (tx) => {
    const o = await lockVolOpportunity(tx, office.id, id);
    if (!o || !(await mayOrganise(tx, actor, office.id, o))) return { ok: false, error: 'error.404.title' };
    const { pending } = await applicationCounts(tx, office.id, o.id);
    if (await setOpportunityClosed(tx, office.id, o.id, closed)) {
      await recordAudit(tx, {
        officeId: office.id,
        actorId: actor.userId,
        action: closed ? 'volunteering.opportunity.close' : 'volunteering.opportunity.reopen',
        target: o.id,
        data: { pending },
      });
    }
    return { ok: true, value: { pending } };
  });
}

/**
 * The organiser revokes the application's certificate with a reason: the verification page then
 * says it is revoked (and since when), its PDF is no longer served, and a corrected one may be
 * issued. One transaction, audited.
 */
export async function revokeCertificate(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  o: VolOpportunity,
  applicationId: string,
  reason: string,
): Promise<Result<string>> {
  return deps.db.transaction(async (tx) => {
    const a = await lockApplication(tx, office.id, applicationId);
    if (!a || a.opportunity_id !== o.id) return { ok: false, error: 'error.404.title' };
    const code = await revokeVolCertificate(tx, office.id, a.id, reason, actor.userId, deps.now());
    if (!code) return { ok: false, error: 'volunteering.err.noCertificate' };
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'volunteering.certificate.revoke',
      target: code,
      data: { application: a.id, reason },
    });
    return { ok: true, value: code };
  });
}

/** An accepted application of the account itself, locked; otherwise a refusal. */
async function ownAccepted(tx: Queryable, actor: Actor, officeId: string, applicationId: string): Promise<Result<Application>> {
  const a = await lockApplication(tx, officeId, applicationId);
  if (!a || a.user_id !== actor.userId) return { ok: false, error: 'error.404.title' };
  if (a.status !== 'accepted') return { ok: false, error: 'volunteering.err.notAccepted' };
  return { ok: true, value: a };
}

/** The database's own day limit (the trigger) as a refusal, should two writes race past the service's check. */
async function guardDayLimit<T>(fn: () => Promise<T>): Promise<T | 'day_limit'> {
  try {
    return await fn();
  } catch (err) {
    if ((err as { code?: string }).code === '23514' && /24 hours/.test((err as Error).message)) return 'day_limit';
    throw err;
  }
}

/** After hours are added: raise the long-term flag (art. 2 → art. 15) when the logged hours cross the threshold. */
async function checkLongTerm(tx: Queryable, office: OfficeRef, a: Application): Promise<boolean> {
  if (a.long_term_at) return false;
  const entries = (await countingHours(tx, office.id, a.id)).map((e) => ({ day: e.day, hours: Number(e.hours) }));
  if (!loggedLongTerm(entries)) return false;
  const flagged = await flagLongTerm(tx, office.id, a.id);
  if (flagged) await recordAudit(tx, { officeId: office.id, actorId: null, action: 'volunteering.long_term', target: a.id });
  return flagged;
}

/**
 * The volunteer logs hours for a day: more than 0, not in the future, not before the opportunity
 * began, at most 24 on one day across all their volunteering in the office. One transaction under
 * the application's lock (and the trigger's per-person lock).
 */
export async function logHours(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  applicationId: string,
  input: HoursInput,
): Promise<Result<{ longTerm: boolean }>> {
  return deps.db.transaction(async (tx) => {
    const own = await ownAccepted(tx, actor, office.id, applicationId);
    if (!own.ok) return own;
    const a = own.value;
    const o = await findVolOpportunity(tx, office.id, a.opportunity_id);
    const already = await hoursOnDay(tx, office.id, actor.userId, input.day);
    const problem = hoursProblem({ day: input.day, hours: input.hours }, today(deps), already, o?.starts_on);
    if (problem) return refusalOf(problem, already);
    const r = await guardDayLimit(() =>
      insertHours(tx, office.id, {
        applicationId: a.id,
        userId: actor.userId,
        day: input.day,
        hours: input.hours,
        startedAt: null,
        description: input.description,
      }),
    );
    if (r === 'day_limit') return refusalOf('day_limit', already);
    return { ok: true, value: { longTerm: await checkLongTerm(tx, office, a) } };
  });
}

function refusalOf(problem: NonNullable<ReturnType<typeof hoursProblem>>, already: number): Result<never> {
  switch (problem) {
    case 'future':
      return { ok: false, error: 'volunteering.err.future', field: 'day' };
    case 'before_start':
      return { ok: false, error: 'volunteering.err.beforeStart', field: 'day' };
    case 'not_positive':
      return { ok: false, error: 'volunteering.err.hoursNumber', field: 'hours' };
    case 'day_limit':
      return { ok: false, error: 'volunteering.err.dayLimit', field: 'hours', vars: { n: Math.max(0, 24 - already) } };
  }
}

/** Check-in on a phone: an open entry starting now (one at a time per application). */
export async function checkIn(deps: Deps, actor: Actor, office: OfficeRef, applicationId: string): Promise<Result> {
  return deps.db.transaction(async (tx) => {
    const own = await ownAccepted(tx, actor, office.id, applicationId);
    if (!own.ok) return own;
    if (await findOpenCheckin(tx, office.id, applicationId)) return { ok: false, error: 'volunteering.err.checkedIn' };
    const now = deps.now();
    await insertHours(tx, office.id, {
      applicationId,
      userId: actor.userId,
      day: localParts(now).date,
      hours: null,
      startedAt: now,
      description: '',
    });
    return { ok: true, value: undefined };
  });
}

/**
 * Check-out: the open entry gets the hours since check-in (rounded to a quarter hour, at least a
 * quarter), on the day it started; a stay past midnight or beyond the day's 24 hours is refused
 * with the advice to log the hours by hand, and the check-in is dropped.
 */
export async function checkOut(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  applicationId: string,
  description: string,
): Promise<Result<{ hours: number }>> {
  return deps.db.transaction(async (tx) => {
    const own = await ownAccepted(tx, actor, office.id, applicationId);
    if (!own.ok) return own;
    const open = await findOpenCheckin(tx, office.id, applicationId);
    if (!open) return { ok: false, error: 'volunteering.err.notCheckedIn' };
    const now = deps.now();
    const day = localParts(open.started_at).date;
    const hours = Math.max(0.25, Math.round((now.getTime() - open.started_at.getTime()) / 900_000) / 4);
    const already = await hoursOnDay(tx, office.id, actor.userId, day);
    const problem = localParts(now).date !== day ? 'day_limit' : hoursProblem({ day, hours }, today(deps), already);
    if (problem) {
      await deleteHours(tx, office.id, open.id);
      return { ok: false, error: 'volunteering.err.checkoutLong' };
    }
    const r = await guardDayLimit(() => closeCheckin(tx, office.id, open.id, hours, description.slice(0, 1000)));
    if (r === 'day_limit') return { ok: false, error: 'volunteering.err.checkoutLong' };
    await checkLongTerm(tx, office, own.value);
    return { ok: true, value: { hours } };
  });
}

/**
 * The organiser confirms or disputes the ticked entries of one opportunity: one statement, one
 * transaction, one audit event. Entries of another opportunity or already decided are skipped.
 */
export async function decideHoursInBulk(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  o: VolOpportunity,
  ids: readonly string[],
  decision: 'confirm' | 'dispute',
  reason: string,
): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const changed = await decideHours(
      tx,
      office.id,
      o.id,
      ids,
      decision === 'confirm' ? 'confirmed' : 'disputed',
      decision === 'dispute' ? reason : '',
      actor.userId,
    );
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: `volunteering.hours.${decision}`,
      target: o.id,
      data: { entries: changed.length },
    });
    return changed.length;
  });
}

/**
 * Issues the certificate of completed volunteering for an accepted application with confirmed
 * hours: the data copied now (name, organiser, tasks, place, first and last confirmed day, hours).
 * Once per application; a second call returns the one issued.
 */
export async function issueCertificate(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  o: VolOpportunity,
  applicationId: string,
): Promise<Result<string>> {
  return deps.db.transaction(async (tx) => {
    const a = await lockApplication(tx, office.id, applicationId);
    if (!a || a.opportunity_id !== o.id) return { ok: false, error: 'error.404.title' };
    const existing = await findCertificateOfApplication(tx, office.id, a.id);
    if (existing) return { ok: true, value: existing.code };
    if (a.status !== 'accepted') return { ok: false, error: 'volunteering.err.notAccepted' };
    const span = await confirmedSpan(tx, office.id, a.id);
    if (!span) return { ok: false, error: 'volunteering.err.noConfirmedHours' };
    const organiser = await organiserOf(tx, office.id, o.id);
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = newCertificateCode();
      const inserted = await insertVolCertificate(tx, {
        office_id: office.id,
        code,
        application_id: a.id,
        full_name: a.full_name,
        organiser: organiser?.name ?? office.name,
        title: o.title,
        tasks: o.tasks,
        place: o.place,
        first_day: span.first_day,
        last_day: span.last_day,
        hours: span.hours,
      });
      if (inserted) {
        await recordAudit(tx, {
          officeId: office.id,
          actorId: actor.userId,
          action: 'volunteering.certificate.issue',
          target: code,
          data: { application: a.id },
        });
        return { ok: true, value: code };
      }
    }
    throw new Error('no free certificate code after 5 attempts');
  });
}

/** Whether the account's JMBG is needed and missing (the paper it asked for cannot be made without it). */
export async function identityMissing(deps: Deps, officeId: string, userId: string): Promise<'no_person' | 'missing' | null> {
  const person = await personOfUser(deps.db, officeId, userId);
  if (!person) return 'no_person';
  return (await hasIdentity(deps.db, officeId, person.id)) ? null : 'missing';
}

/**
 * The volunteer gives their JMBG, residence and citizenship, stored with their register entry in
 * the office (its own table). The JMBG must match the birth date the register knows.
 */
export async function saveIdentity(deps: Deps, actor: Actor, office: OfficeRef, input: IdentityInput): Promise<Result> {
  return deps.db.transaction(async (tx) => {
    const person = await personOfUser(tx, office.id, actor.userId);
    if (!person) return { ok: false, error: 'volunteering.err.noPerson' };
    const born = person.birth_date ?? (await accountOf(tx, actor.userId))?.birth_date;
    if (jmbgProblem(input.jmbg, born) === 'birth_date') return { ok: false, error: 'volunteering.err.jmbgBirth', field: 'jmbg' };
    await upsertIdentity(tx, office.id, person.id, input);
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'volunteering.identity.save', target: person.id });
    return { ok: true, value: undefined };
  });
}

/** The volunteer's own identity data, to show in their form (the reading logged). */
export async function ownIdentity(deps: Deps, actor: Actor, office: OfficeRef): Promise<Record<string, string> | undefined> {
  return deps.db.transaction(async (tx) => {
    const person = await personOfUser(tx, office.id, actor.userId);
    const i = person ? await readIdentity(tx, office.id, person.id, actor.userId, 'own form') : undefined;
    return i ? { jmbg: i.jmbg, address: i.address, citizenship: i.citizenship } : undefined;
  });
}

export { mayOrganise };
export type { VolCertificate };
