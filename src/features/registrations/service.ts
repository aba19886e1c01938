import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { tokenHash } from '../../core/auth/sessions.ts';
import type { Queryable } from '../../core/db/db.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import { LIMITS, throttle } from '../../core/http/throttle.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { enqueueMail } from '../../core/mail/outbox.ts';
import { pageWrite } from '../../core/http/page-cache.ts';
import { activityTags } from '../activities/cache.ts';
import { AGE_OF_DIGITAL_CONSENT, localToday } from '../accounts/age.ts';
import {
  findByTokenHash,
  findRegistration,
  findMyRegistration,
  messageRecipients,
  type Question,
  type Registration,
  type RegistrationStatus,
} from './repo.ts';
import { RegistrationRefused, cancel, confirmGuest, decidePending, signUp, type RegisterInput, type RegisterResult } from './seats.ts';
import type { GuestInput, WalkInInput, MessageInput } from './schema.ts';
import type { Result } from '../../core/result.ts';

/** Which seat changes alter the confirmed count (see seatWrite). */
const takesSeat = (v: { status: RegistrationStatus }) => v.status === 'confirmed';
const freesSeat = (v: { was: RegistrationStatus } | undefined) => v?.was === 'confirmed';

/**
 * Runs a seat change of one activity in one transaction; a refusal becomes a Result. The public
 * pages show only the places left (the confirmed count), so they are invalidated — inside the
 * transaction (pageWrite) — only when `confirmedChanged` says the change took or freed a
 * confirmed seat: a waitlisted, pending or unconfirmed sign-up leaves every page as it was.
 */
async function seatWrite<T>(
  deps: Deps,
  officeId: string,
  activityId: string,
  fn: (tx: Queryable) => Promise<T>,
  confirmedChanged: (value: T) => boolean,
): Promise<Result<T>> {
  try {
    const value = await pageWrite(deps, async (tx, touch) => {
      const v = await fn(tx);
      if (confirmedChanged(v)) touch(activityTags(officeId, activityId));
      return v;
    });
    return { ok: true, value };
  } catch (err) {
    return refused(err);
  }
}

/**
 * A sign-up (seats.ts signUp: prepared first, then its one seat statement, or a transaction in
 * the rare cases). The statement itself sends the page-cache NOTIFY when it confirms a seat
 * (registrations/repo.ts takeSeatStatement); this process drops the tags at once.
 */
async function signUpWrite(deps: Deps, input: RegisterInput): Promise<Result<RegisterResult>> {
  try {
    const value = await signUp(deps.db, deps, input);
    if (takesSeat(value)) deps.pageCache.invalidateLocal(activityTags(input.officeId, input.activityId));
    return { ok: true, value };
  } catch (err) {
    return refused(err);
  }
}

/** A refusal becomes a Result; anything else is a real error. */
function refused(err: unknown): Extract<Result<never>, { ok: false }> {
  if (err instanceof RegistrationRefused) return { ok: false, error: err.key, ...(err.field ? { field: err.field } : {}), vars: err.vars };
  throw err;
}

/** The extra questions' answers from a form (q_<id>), required ones checked; errors by field name. */
export function readAnswers(
  questions: Question[],
  values: Record<string, string>,
  locale: Locale,
): { answers: Record<string, string>; errors: Record<string, string> } {
  const answers: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const q of questions) {
    const v = (values[`q_${q.id}`] ?? '').trim();
    if (v.length > 1000) errors[`q_${q.id}`] = t(locale, 'err.tooLong', { max: 1000 });
    else if (q.required && !v) errors[`q_${q.id}`] = t(locale, 'err.required');
    else if (v) answers[q.id] = v;
  }
  return { answers, errors };
}

/** One click for a signed-in person: name and address from the account, birth year from its birth date (read with the activity). */
export async function signUpAccount(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  activityId: string,
  answers: Record<string, string>,
  locale: Locale,
): Promise<Result<RegisterResult>> {
  return signUpWrite(deps, {
    officeId: office.id,
    activityId,
    source: 'account',
    userId: actor.userId,
    fromAccount: true,
    fullName: '',
    email: '',
    birthYear: null,
    answers,
    script: locale,
    actorId: actor.userId,
  });
}

/**
 * Age rule of the foundation for a guest who gives only a birth year (ZZPL: from 15 alone,
 * under 15 with a parent): under 15 nothing is stored (they join with a parent, see accounts).
 * Only someone born exactly 15 years ago may be either: they are asked then (`turned15`,
 * unanswered → 'ask'), and a "no" is under 15.
 */
export function guestAge(birthYear: number, turned15: boolean | undefined, now: Date): 'under15' | 'ask' | 'ok' {
  const year = Number(localToday(now).slice(0, 4));
  const diff = year - birthYear;
  if (diff < AGE_OF_DIGITAL_CONSENT) return 'under15';
  if (diff === AGE_OF_DIGITAL_CONSENT) return turned15 === undefined ? 'ask' : turned15 ? 'ok' : 'under15';
  return 'ok';
}

/**
 * A guest sign-up sends a mail to the address typed, so it is rate-limited like the account
 * mails: per address (LIMITS.mail) and per client address (generous: a whole class may sign up
 * from one school network).
 */
const GUEST_PER_IP: readonly [number, number] = [100, 60 * 60];

export async function signUpGuest(
  deps: Deps,
  office: OfficeRef,
  activityId: string,
  input: GuestInput,
  answers: Record<string, string>,
  locale: Locale,
  ip: string,
): Promise<Result<RegisterResult>> {
  const [limit, windowSec] = LIMITS.mail;
  const byEmail = await throttle(deps.db, `reg-mail:${input.email.toLowerCase()}`, limit, windowSec);
  const byIp = await throttle(deps.db, `reg-ip:${ip}`, GUEST_PER_IP[0], GUEST_PER_IP[1]);
  if (!byEmail || !byIp) return { ok: false, error: 'err.throttled' };
  return signUpWrite(deps, {
    officeId: office.id,
    activityId,
    source: 'guest',
    userId: null,
    fullName: input.full_name,
    email: input.email,
    birthYear: input.birth_year,
    answers,
    script: locale,
    actorId: null,
  });
}

export async function addWalkIn(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  activityId: string,
  input: WalkInInput,
  locale: Locale,
): Promise<Result<RegisterResult>> {
  return signUpWrite(deps, {
    officeId: office.id,
    activityId,
    source: 'walk_in',
    userId: null,
    fullName: input.full_name,
    email: input.email,
    birthYear: input.birth_year,
    script: locale,
    actorId: actor.userId,
    overCapacity: input.over_capacity,
  });
}

/** The registration a mailed link points to (by the hash of its token), or undefined. */
export async function registrationByToken(deps: Deps, token: string): Promise<Registration | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return findByTokenHash(deps.db, tokenHash(token));
}

export async function confirmByToken(
  deps: Deps,
  token: string,
): Promise<Result<{ status: RegistrationStatus; position?: number; activityId: string; officeId: string }>> {
  const reg = await registrationByToken(deps, token);
  if (!reg) return { ok: false, error: 'reg.err.badLink' };
  const r = await seatWrite(
    deps,
    reg.office_id,
    reg.activity_id,
    (tx) => confirmGuest(tx, deps, reg),
    (v) => v.ok && takesSeat(v),
  );
  if (!r.ok) return r;
  if (!r.value.ok) return { ok: false, error: r.value.error };
  const { status, position, activityId, officeId } = r.value;
  return { ok: true, value: { status, activityId, officeId, ...(position ? { position } : {}) } };
}

export async function cancelByToken(deps: Deps, token: string): Promise<Result<{ was: RegistrationStatus }>> {
  const reg = await registrationByToken(deps, token);
  if (!reg) return { ok: false, error: 'reg.err.badLink' };
  const r = await seatWrite(deps, reg.office_id, reg.activity_id, (tx) => cancel(tx, deps, reg.office_id, reg.id, reg.user_id), freesSeat);
  if (!r.ok) return r;
  if (!r.value) return { ok: false, error: 'reg.err.badLink' };
  return { ok: true, value: { was: r.value.was } };
}

/** The person cancels one of their own registrations (any office): found by their account only. */
export async function cancelMine(deps: Deps, actor: Actor, registrationId: string): Promise<Result<{ was: RegistrationStatus }>> {
  const mine = await findMyRegistration(deps.db, actor.userId, registrationId);
  if (!mine) return { ok: false, error: 'reg.err.notYours' };
  const r = await seatWrite(
    deps,
    mine.office_id,
    mine.activity_id,
    (tx) => cancel(tx, deps, mine.office_id, mine.id, actor.userId),
    freesSeat,
  );
  if (!r.ok) return r;
  return r.value ? { ok: true, value: { was: r.value.was } } : { ok: false, error: 'reg.err.notYours' };
}

/** A registration of this activity of the office (its activity never changes, so checking it first is race-free). */
async function ofActivity(deps: Deps, officeId: string, activityId: string, registrationId: string): Promise<boolean> {
  const reg = await findRegistration(deps.db, officeId, registrationId);
  return reg?.activity_id === activityId;
}

export async function staffCancel(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  activityId: string,
  registrationId: string,
): Promise<Result<{ was: RegistrationStatus }>> {
  if (!(await ofActivity(deps, office.id, activityId, registrationId))) return { ok: false, error: 'error.404.title' };
  const r = await seatWrite(
    deps,
    office.id,
    activityId,
    (tx) => cancel(tx, deps, office.id, registrationId, actor.userId, { by: 'office' }),
    freesSeat,
  );
  if (!r.ok) return r;
  return r.value ? { ok: true, value: { was: r.value.was } } : { ok: false, error: 'error.404.title' };
}

export async function staffDecide(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  activityId: string,
  registrationId: string,
  approve: boolean,
): Promise<Result<RegistrationStatus>> {
  if (!(await ofActivity(deps, office.id, activityId, registrationId))) return { ok: false, error: 'error.404.title' };
  const r = await seatWrite(
    deps,
    office.id,
    activityId,
    (tx) => decidePending(tx, deps, office.id, registrationId, actor.userId, approve),
    (v) => !!v && 'status' in v && takesSeat(v),
  );
  if (!r.ok) return r;
  if (!r.value) return { ok: false, error: 'error.404.title' };
  if ('error' in r.value) return { ok: false, error: r.value.error };
  return { ok: true, value: r.value.status };
}

/**
 * The coordinator writes to everyone registered (the statuses ticked): one mail per person in
 * the script they signed up in (the typed text is converted), queued in one transaction.
 */
export async function messageAll(deps: Deps, actor: Actor, office: OfficeRef, activityId: string, input: MessageInput): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const rows = await messageRecipients(tx, office.id, activityId, input.to);
    for (const r of rows) {
      const L = r.script;
      const text = [
        t(L, 'mail.greeting', { name: inScript(L, r.full_name) }),
        '',
        inScript(L, input.body),
        '',
        t(L, 'reg.mail.details', { title: inScript(L, r.activity_title), when: '', place: '', office: inScript(L, r.office_name) }).split(
          '\n',
        )[0]!,
        '',
        '— ',
        inScript(L, r.office_name),
      ].join('\n');
      await enqueueMail(tx, { to: r.to, subject: inScript(L, input.subject), text });
    }
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'registration.message_all',
      target: activityId,
      data: { to: input.to, count: rows.length },
    });
    return rows.length;
  });
}
