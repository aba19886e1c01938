import { randomBytes } from 'node:crypto';
import { recordAudit } from '../../core/audit.ts';
import { isUniqueViolation, type Db, type Queryable } from '../../core/db/db.ts';
import { turnsPerKey } from '../../core/db/turns.ts';
import type { Deps } from '../../core/http/env.ts';
import { notifyPages } from '../../core/http/page-cache.ts';
import type { MessageKey } from '../../core/i18n/messages.ts';
import { activityTags } from '../activities/cache.ts';
import { queueRegistrationMails, registrationMailRow, registrationTokenHash, type CancelledBy, type MailDeps } from './mails.ts';
import {
  activityForSignUp,
  addConfirmed,
  deleteUnconfirmed,
  anonymiseUserRegistrations,
  cancelLiveRegistrations,
  liveUpcomingOfUser,
  lockActivity,
  lockRegistration,
  markGuestConfirmed,
  retypeUnconfirmed,
  promoteWaitlisted,
  registrationActivityId,
  setStatus,
  takeSeatStatement,
  waitlistPosition,
  type LockedActivity,
  type MailTarget,
  type SeatOutcome,
  type SeatStatementInput,
  type Registration,
  type RegistrationSource,
  type RegistrationStatus,
  type Script,
} from './repo.ts';

/**
 * The seat rules of an activity. The database decides every race: each function below first
 * locks the activity row (SELECT … FOR UPDATE; a sign-up inside its one seat statement,
 * registration_take_seat of migration 0005), so sign-ups, cancellations, confirmations,
 * approvals and capacity changes of one activity happen one after another, and
 * activities.confirmed_count (checked by `confirmed_count <= capacity`) stays the exact number
 * of confirmed registrations. The unique indexes (one live registration per account and per
 * address) are the second guard: a duplicate that slipped past the check still fails there.
 *
 * All functions run inside the caller's transaction and queue their mails in it, except
 * signUp, which makes its own (the service's sign-ups: the lock is held for one statement).
 */

/** A refusal the person should read (a message key; `field` when it belongs to a form field). */
export class RegistrationRefused extends Error {
  constructor(
    readonly key: MessageKey,
    readonly field?: string,
    readonly vars: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

/** Guest confirmation links are valid this long. */
export const GUEST_LINK_HOURS = 48;

const newCode = () => randomBytes(18).toString('base64url');

const seatsLeft = (a: Pick<LockedActivity, 'capacity' | 'confirmed_count'>) =>
  a.capacity === null ? Infinity : a.capacity - a.confirmed_count;

/**
 * Fills the free seats of an activity from its waitlist, first come first served (queued_at),
 * mails each promoted person "you got a place" and returns their registration ids. Call it
 * inside the transaction that freed the seats (a cancellation, a raised or removed capacity);
 * it takes the activity's lock itself (a no-op when the caller already holds it).
 * The caller touches the activity's page-cache tags in the same transaction (pageWrite).
 */
export async function fillFreedSeats(tx: Queryable, deps: MailDeps, officeId: string, activityId: string): Promise<string[]> {
  const a = await lockActivity(tx, officeId, activityId);
  if (!a || a.status !== 'published') return [];
  const free = seatsLeft(a);
  if (free <= 0) return [];
  const ids = await promoteWaitlisted(tx, officeId, activityId, free === Infinity ? null : free);
  if (ids.length === 0) return [];
  await addConfirmed(tx, officeId, activityId, ids.length);
  await queueRegistrationMails(tx, deps, officeId, ids, 'promoted');
  for (const id of ids)
    await recordAudit(tx, { officeId, actorId: null, action: 'registration.promote', target: id, data: { activityId } });
  return ids;
}

export interface RegisterInput {
  officeId: string;
  activityId: string;
  source: RegistrationSource;
  /** The signed-in person (source 'account'); null for guests and walk-ins. */
  userId: string | null;
  personId?: string | null;
  fullName: string;
  email: string;
  birthYear: number | null;
  answers?: Record<string, string>;
  script: Script;
  /** Who did it (the person themself, or the coordinator adding a walk-in). */
  actorId: string | null;
  /** Walk-ins only: when the activity is full, raise its capacity by one for this person. */
  overCapacity?: boolean;
  /** False only for demo data: a new installation mails nobody. */
  mail?: boolean;
  /**
   * An account's own sign-up: name, address, birth year and register row (fullName, email,
   * birthYear, personId) are the account's (userId), read with the activity in one query.
   */
  fromAccount?: boolean;
}

export interface RegisterResult {
  id: string;
  status: RegistrationStatus;
  /** Place on the waitlist (1-based) when waitlisted. */
  position?: number;
}

/** Whether someone born in `birthYear` can be within [min, max] years old on the activity's first day. */
export function ageFits(a: Pick<LockedActivity, 'age_min' | 'age_max' | 'starts_at'>, birthYear: number | null): boolean {
  if (birthYear === null || (a.age_min === null && a.age_max === null)) return true;
  const year = new Date(a.starts_at).getUTCFullYear();
  // Born that year, they are (year − birthYear − 1) before their birthday and (year − birthYear) after.
  const oldest = year - birthYear;
  const youngest = oldest - 1;
  return (a.age_min === null || oldest >= a.age_min) && (a.age_max === null || youngest <= a.age_max);
}

/** Registration open now? Closes at registration_closes, else when the activity starts. */
export function windowState(
  a: Pick<LockedActivity, 'registration_opens' | 'registration_closes' | 'starts_at'>,
  now: Date,
): 'open' | 'notYet' | 'closed' {
  if (a.registration_opens && now < new Date(a.registration_opens)) return 'notYet';
  const closes = a.registration_closes ? new Date(a.registration_closes) : new Date(a.starts_at);
  return now >= closes ? 'closed' : 'open';
}

/** Decides the status of a seat decided now (a guest's confirmation); registration_take_seat applies the same rule to a sign-up. */
function decide(a: LockedActivity, source: RegistrationSource): RegistrationStatus {
  if (source === 'walk_in') return 'confirmed';
  if (a.needs_approval) return 'pending';
  return seatsLeft(a) > 0 ? 'confirmed' : 'waitlisted';
}

/** A sign-up prepared without a lock: checked against the activity as read, its mails written. */
export interface PreparedSignUp {
  input: RegisterInput;
  seat: SeatStatementInput;
}

/** The statuses a sign-up can end in, decided under the lock; the mails are written for each. */
function possibleStatuses(a: Pick<LockedActivity, 'needs_approval'>, source: RegistrationSource): RegistrationStatus[] {
  if (source === 'guest') return ['unconfirmed'];
  if (source === 'walk_in') return ['confirmed'];
  return a.needs_approval ? ['pending'] : ['confirmed', 'waitlisted'];
}

/**
 * Everything a sign-up needs that takes no lock: the activity read as it is now, the checks a
 * refusal comes from (status, window, age), the check-in code and link token, and the mail
 * of each status the seat decision can give, fully written — the waitlist mail with a
 * placeholder for the position. takeSeat then decides in one statement, which checks under
 * the lock that the activity is still as read here (registration_activity_key).
 * Throws RegistrationRefused.
 */
export async function prepareSignUp(q: Queryable, deps: MailDeps & Pick<Deps, 'now'>, input: RegisterInput): Promise<PreparedSignUp> {
  const a = await activityForSignUp(q, input.officeId, input.activityId, input.userId);
  if (!a || a.status === 'draft') throw new RegistrationRefused('reg.err.notFound');
  if (input.fromAccount) {
    // The account is gone (deleted meanwhile): nothing to sign up.
    if (a.user_email === null || a.user_birth_date === null) throw new RegistrationRefused('reg.err.notFound');
    input = {
      ...input,
      personId: a.user_person_id,
      fullName: a.user_display_name ?? '',
      email: a.user_email,
      birthYear: Number(a.user_birth_date.slice(0, 4)),
    };
  }
  if (a.status === 'cancelled') throw new RegistrationRefused('reg.err.activityCancelled');
  const now = deps.now();
  if (input.source !== 'walk_in') {
    const w = windowState(a, now);
    if (w === 'notYet') throw new RegistrationRefused('reg.err.notYetOpen');
    if (w === 'closed') throw new RegistrationRefused('reg.err.closed');
    if (!ageFits(a, input.birthYear)) {
      throw new RegistrationRefused('reg.err.age', input.source === 'guest' ? 'birth_year' : undefined, {
        min: a.age_min ?? '',
        max: a.age_max ?? '',
      });
    }
  } else if (new Date(a.ends_at) < now) {
    throw new RegistrationRefused('reg.err.closed');
  }
  const email = input.email.trim();
  const fullName = input.fullName.trim();
  const code = newCode();
  // The placeholders registration_take_seat replaces with the position it decides and the entry code it picks.
  const mark = `[[position:${randomBytes(9).toString('base64url')}]]`;
  const codeMark = `[[code:${randomBytes(9).toString('base64url')}]]`;
  const mails: SeatStatementInput['mails'] = {};
  if (input.mail !== false) {
    // What mailTargets would read back from the new row.
    const target: MailTarget = {
      id: '',
      office_id: a.office_id,
      activity_id: a.id,
      status: 'unconfirmed',
      source: input.source,
      user_id: input.userId,
      to: a.user_email ?? email,
      full_name: fullName || a.user_display_name || '',
      script: input.script,
      code,
      short_code: '',
      activity_title: a.title,
      starts_at: a.starts_at,
      place_kind: a.place_kind,
      place: a.place,
      online_url: a.online_url,
      place_text: a.place_text,
      office_slug: a.office_slug,
      office_name: a.office_name,
    };
    for (const status of possibleStatuses(a, input.source)) {
      const kind = status === 'unconfirmed' ? 'confirmGuest' : (status as 'confirmed' | 'waitlisted' | 'pending');
      const row = registrationMailRow(
        deps,
        { ...target, status },
        kind,
        status === 'waitlisted' ? { position: mark, entryCode: codeMark } : { entryCode: codeMark },
      );
      if (row) mails[status] = row;
    }
  }
  return {
    input,
    seat: {
      officeId: a.office_id,
      activityId: a.id,
      key: a.key,
      source: input.source,
      userId: input.userId,
      personId: input.personId ?? null,
      fullName,
      email,
      birthYear: input.birthYear,
      answers: input.answers ?? {},
      code,
      tokenHash: registrationTokenHash(deps, code),
      tokenExpiresAt: input.source === 'guest' ? new Date(now.getTime() + GUEST_LINK_HOURS * 3_600_000) : null,
      script: input.script,
      actorId: input.actorId,
      overCapacity: input.overCapacity ?? false,
      mails,
      mark,
      codeMark,
      pageTags: activityTags(a.office_id, a.id),
    },
  };
}

/** The seat statement, a duplicate that slipped past its check turned into the refusal. */
async function seatStatement(q: Queryable, seat: SeatStatementInput): Promise<SeatOutcome> {
  try {
    return await takeSeatStatement(q, seat);
  } catch (err) {
    // Only reachable by a writer that bypasses the activity's lock (never in practice): still a clear message.
    if (isUniqueViolation(err, 'registrations_user_key') || isUniqueViolation(err, 'registrations_email_key')) {
      throw new RegistrationRefused('reg.err.duplicate');
    }
    throw err;
  }
}

/** The outcomes that end a sign-up: registered, or refused. undefined for 'stale' and 'live'. */
function settled(out: SeatOutcome): RegisterResult | undefined {
  switch (out.r_outcome) {
    case 'ok':
      return out.r_status === 'waitlisted'
        ? { id: out.r_id!, status: 'waitlisted', position: out.r_position! }
        : { id: out.r_id!, status: out.r_status! };
    case 'missing':
      throw new RegistrationRefused('reg.err.notFound');
    case 'walk_in_full':
      throw new RegistrationRefused('reg.err.walkInFull', 'over_capacity', { n: out.r_confirmed_count! });
    default:
      return undefined;
  }
}

/**
 * Decides the seat of a prepared sign-up in the caller's transaction: one statement
 * (registration_take_seat) takes the activity's lock, finds a live registration of the same
 * account or address, decides the status, inserts, counts, audits and queues the mail. The
 * rare cases go on here, with the lock still held: the activity changed since it was read
 * (prepared again, now under the lock, so it cannot change again), a guest's expired unused
 * link (that sign-up never held a seat; it goes, and this one starts afresh), the same guest
 * again before confirming (the link is sent again). Throws RegistrationRefused.
 */
export async function takeSeat(tx: Queryable, deps: MailDeps & Pick<Deps, 'now'>, prepared: PreparedSignUp): Promise<RegisterResult> {
  const { input } = prepared;
  let seat = prepared.seat;
  // Bounded: prepared again at most once, and each expired link is deleted once.
  for (let round = 0; round < 10; round++) {
    const out = await seatStatement(tx, seat);
    const done = settled(out);
    if (done) return done;
    if (out.r_outcome === 'stale') {
      seat = (await prepareSignUp(tx, deps, input)).seat;
      continue;
    }
    // 'live': a registration of this account or address exists. An unconfirmed guest sign-up
    // holds no seat and proves nothing about the address (anyone can type anyone's): it never
    // blocks the address's owner.
    if (out.r_live_status === 'unconfirmed') {
      const expired = !out.r_live_token_expires_at || new Date(out.r_live_token_expires_at) <= deps.now();
      if (input.source === 'guest' && !expired) {
        // Typed again before confirming (the mail got lost, or someone typed this address
        // before): the row takes what was typed now and the link goes again to the same
        // address, whose page shows these details before anyone confirms.
        await retypeUnconfirmed(tx, seat.officeId, out.r_live_id!, {
          fullName: seat.fullName,
          birthYear: seat.birthYear,
          answers: seat.answers,
          script: seat.script,
          tokenExpiresAt: new Date(deps.now().getTime() + GUEST_LINK_HOURS * 3_600_000),
        });
        if (input.mail !== false) await queueRegistrationMails(tx, deps, seat.officeId, [out.r_live_id!], 'confirmGuest');
        return { id: out.r_live_id!, status: 'unconfirmed' };
      }
      // Its link expired unused, or the owner signed up with their account (or came in person):
      // the unconfirmed sign-up goes, and this one is decided afresh.
      await deleteUnconfirmed(tx, seat.officeId, out.r_live_id!);
      continue;
    }
    throw new RegistrationRefused('reg.err.duplicate', input.source === 'guest' ? 'email' : undefined);
  }
  throw new Error('takeSeat: the sign-up did not settle');
}

/**
 * The service's sign-up, with the activity's lock held as briefly as it can be: prepared
 * without a lock and outside any transaction, then the seat statement runs on its own — one
 * statement is one transaction, so the lock is taken and released inside the database, and
 * the registration, the count, the audit event and the mail commit together or not at all.
 * Only when the statement did nothing because the case needs more ('stale', 'live') does
 * the sign-up run again in a transaction (takeSeat). Throws RegistrationRefused.
 */
export async function signUp(db: Db, deps: MailDeps & Pick<Deps, 'now'>, input: RegisterInput): Promise<RegisterResult> {
  const prepared = await prepareSignUp(db, deps, input);
  const done = settled(await seatTurn(`${input.officeId}/${input.activityId}`, () => seatStatement(db, prepared.seat)));
  return done ?? db.transaction((tx) => takeSeat(tx, deps, prepared));
}

/**
 * Seat statements of one activity from this process, two at a time (turnsPerKey): one runs
 * while the next waits on the activity's lock in the database, ready the instant it is free.
 */
const SEAT_STATEMENTS_PER_ACTIVITY = 2;
const seatTurn = turnsPerKey(SEAT_STATEMENTS_PER_ACTIVITY);

/**
 * Signs someone up. Guests get status 'unconfirmed' (no seat until they use the mailed link);
 * accounts and walk-ins are decided at once: confirmed while there are places (and no
 * approval is needed), pending when the coordinator approves, else waitlisted. Walk-ins are
 * always confirmed; when the activity is full the coordinator must tick overCapacity, which
 * raises the capacity by one (recorded in the audit event) — the room really has one more.
 * Runs in the caller's transaction (prepareSignUp, then takeSeat); the service prepares
 * before its transaction instead, so the activity's lock is held for one statement only.
 * Throws RegistrationRefused; the transaction must then be rolled back (the caller's
 * transaction wrapper does it when the error propagates).
 */
export async function register(tx: Queryable, deps: MailDeps & Pick<Deps, 'now'>, input: RegisterInput): Promise<RegisterResult> {
  return takeSeat(tx, deps, await prepareSignUp(tx, deps, input));
}

export interface CancelResult {
  /** The registration's status before (already cancelled: 'cancelled'). */
  was: RegistrationStatus;
  /** Waitlisted registrations that got the freed place. */
  promoted: string[];
}

/**
 * Cancels a registration (by the person, by the mail link, or by staff: `by`, which the one
 * cancellation mail names). A confirmed seat is given to the first waiting person at once
 * (fillFreedSeats). Cancelling twice is harmless.
 */
export async function cancel(
  tx: Queryable,
  deps: MailDeps,
  officeId: string,
  registrationId: string,
  actorId: string | null,
  opts: { mail?: boolean; by?: CancelledBy } = {},
): Promise<CancelResult | undefined> {
  const reg = await lockedRegistration(tx, officeId, registrationId);
  if (!reg) return undefined;
  if (reg.status === 'cancelled' || reg.status === 'declined') return { was: reg.status, promoted: [] };
  await setStatus(tx, officeId, reg.id, 'cancelled');
  let promoted: string[] = [];
  if (reg.status === 'confirmed') {
    await addConfirmed(tx, officeId, reg.activity_id, -1);
    promoted = await fillFreedSeats(tx, deps, officeId, reg.activity_id);
  }
  await recordAudit(tx, {
    officeId,
    actorId,
    action: 'registration.cancel',
    target: reg.id,
    data: { activityId: reg.activity_id, was: reg.status },
  });
  if (opts.mail !== false) await queueRegistrationMails(tx, deps, officeId, [reg.id], 'cancelled', { by: opts.by ?? 'person' });
  return { was: reg.status, promoted };
}

/** Locks the activity first, then the registration: one lock order for every writer. */
async function lockedRegistration(
  tx: Queryable,
  officeId: string,
  registrationId: string,
): Promise<(Registration & { activity: LockedActivity }) | undefined> {
  const pre = await registrationActivityId(tx, officeId, registrationId);
  if (!pre) return undefined;
  const activity = await lockActivity(tx, officeId, pre);
  if (!activity) return undefined;
  const reg = await lockRegistration(tx, officeId, registrationId);
  return reg ? { ...reg, activity } : undefined;
}

/**
 * An activity is being cancelled (activities' cancelActivity, in its transaction, through the
 * SeatKeeper src/app.ts wires): every live registration is cancelled, the confirmed count goes
 * to 0, and each person gets the one cancellation mail (the activity was cancelled, with the
 * organiser's message), one per address, in the script they signed up in.
 */
export async function cancelActivitySeats(
  tx: Queryable,
  deps: MailDeps,
  officeId: string,
  activityId: string,
  reason: string,
): Promise<{ registrations: number; mailed: number }> {
  await lockActivity(tx, officeId, activityId);
  const ids = await cancelLiveRegistrations(tx, officeId, activityId);
  const mailed = await queueRegistrationMails(tx, deps, officeId, ids, 'cancelled', { by: 'activity', reason });
  return { registrations: ids.length, mailed };
}

export type ConfirmGuestResult =
  | { ok: true; id: string; officeId: string; activityId: string; status: RegistrationStatus; position?: number }
  | { ok: false; error: MessageKey; status?: RegistrationStatus };

/**
 * A guest opened the mailed link: the seat is decided now (confirmed, pending or waitlisted,
 * like an account's sign-up at this moment). An expired link, or one already used, answers
 * with a message instead.
 */
export async function confirmGuest(tx: Queryable, deps: MailDeps & Pick<Deps, 'now'>, reg: Registration): Promise<ConfirmGuestResult> {
  const locked = await lockedRegistration(tx, reg.office_id, reg.id);
  if (!locked) return { ok: false, error: 'reg.err.badLink' };
  if (locked.status !== 'unconfirmed') {
    return {
      ok: false,
      error: locked.status === 'cancelled' || locked.status === 'declined' ? 'reg.err.linkCancelled' : 'reg.err.linkUsed',
      status: locked.status,
    };
  }
  const now = deps.now();
  if (!locked.token_expires_at || new Date(locked.token_expires_at) <= now) return { ok: false, error: 'reg.err.linkExpired' };
  const a = locked.activity;
  if (a.status !== 'published') return { ok: false, error: 'reg.err.activityCancelled' };
  if (windowState(a, now) === 'closed') return { ok: false, error: 'reg.err.closed' };
  const status = decide(a, 'guest');
  await markGuestConfirmed(tx, a.office_id, locked.id, status);
  if (status === 'confirmed') await addConfirmed(tx, a.office_id, a.id, 1);
  await recordAudit(tx, {
    officeId: a.office_id,
    actorId: null,
    action: 'registration.guest_confirm',
    target: locked.id,
    data: { activityId: a.id, status },
  });
  const position = status === 'waitlisted' ? await waitlistPosition(tx, a.office_id, locked.id) : undefined;
  await queueRegistrationMails(
    tx,
    deps,
    a.office_id,
    [locked.id],
    status === 'confirmed' ? 'confirmed' : status === 'pending' ? 'pending' : 'waitlisted',
    position ? { position } : {},
  );
  return { ok: true, id: locked.id, officeId: a.office_id, activityId: a.id, status, ...(position ? { position } : {}) };
}

/**
 * The coordinator's decision on a pending registration: approved → confirmed when a place is
 * free, else waitlisted (in its original order); declined → declined. Mails the person.
 */
export async function decidePending(
  tx: Queryable,
  deps: MailDeps,
  officeId: string,
  registrationId: string,
  actorId: string | null,
  approve: boolean,
): Promise<{ status: RegistrationStatus } | { error: MessageKey } | undefined> {
  const reg = await lockedRegistration(tx, officeId, registrationId);
  if (!reg) return undefined;
  if (reg.status !== 'pending') return { error: 'reg.err.notPending' };
  let status: RegistrationStatus;
  if (!approve) status = 'declined';
  else status = seatsLeft(reg.activity) > 0 ? 'confirmed' : 'waitlisted';
  await setStatus(tx, officeId, reg.id, status);
  if (status === 'confirmed') await addConfirmed(tx, officeId, reg.activity_id, 1);
  await recordAudit(tx, {
    officeId,
    actorId,
    action: approve ? 'registration.approve' : 'registration.decline',
    target: reg.id,
    data: { status },
  });
  const position = status === 'waitlisted' ? await waitlistPosition(tx, officeId, reg.id) : undefined;
  await queueRegistrationMails(
    tx,
    deps,
    officeId,
    [reg.id],
    status === 'confirmed' ? 'approved' : status === 'declined' ? 'declined' : 'waitlisted',
    position ? { position } : {},
  );
  return { status };
}

/**
 * Erasure of an account (features/me eraseUser, in its transaction): live registrations of
 * activities not yet over are cancelled (a confirmed seat goes to the first waiting person,
 * who is mailed; the erased person gets no mail), then every registration of the account is
 * anonymised in place — name, address, answers and the link token go, birth year and status
 * stay, so attendance counts do not change. A freed seat changes the activity's public pages:
 * their NOTIFY goes out in this transaction (every process drops them when it commits).
 */
export async function eraseUserRegistrations(tx: Queryable, deps: MailDeps, userId: string): Promise<void> {
  for (const r of await liveUpcomingOfUser(tx, userId)) {
    const done = await cancel(tx, deps, r.office_id, r.id, null, { mail: false });
    if (done?.was === 'confirmed') await notifyPages(tx, activityTags(r.office_id, r.activity_id));
  }
  await anonymiseUserRegistrations(tx, userId);
}
