import { randomBytes, randomUUID } from 'node:crypto';
import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { tokenHash } from '../../core/auth/sessions.ts';
import type { Queryable } from '../../core/db/db.ts';
import { isUniqueViolation } from '../../core/db/db.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import { isUuid } from '../../core/http/ids.ts';
import { LIMITS, throttle } from '../../core/http/throttle.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import type { Result } from '../../core/result.ts';
import { belgradeInstant } from '../../core/time.ts';
import { logAccess } from '../people/access-repo.ts';
import { bookingToken, queueBookingMail } from './mails.ts';
import { mayKeepNotes, mayManageSlot } from './policy.ts';
import {
  accountBirthDate,
  counsellorPartner,
  findSlot,
  shareSlot,
  findBooking,
  findBookingByTokenHash,
  findNote,
  insertBooking,
  insertSlots,
  liveBookingOf,
  liveGuidanceConsent,
  liveUpcomingOfUser,
  anonymiseUserBookings,
  lockSlot,
  officeSettlements,
  registerRowOf,
  officePartners,
  setBookingCancelled,
  setBookingConfirmed,
  setCounsellorPartner,
  setSlotCancelled,
  upsertNote,
  type Booking,
  type NewSlot,
  type Note,
  type Slot,
  type Topic,
} from './repo.ts';
import type { GuestInput, SlotInput } from './schema.ts';

const MINUTE = 60_000;
/** A guest's booking holds the slot this long for the mailed link (never past the slot's start). */
export const GUEST_HOLD_MS = 2 * 3_600_000;

/** Database errors this feature's constraints raise, by constraint name. */
const sqlError = (err: unknown) => err as { code?: string; constraint?: string } | null;

/** The date `days` after an ISO date. */
function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The concrete slots of a publication: `count` back to back each day, every week for `weeks` weeks (weekly) or once. */
export function slotsOf(input: SlotInput): NewSlot[] {
  const len = Number(input.length) * MINUTE;
  const weeks = input.repeat === 'weekly' ? input.weeks : 1;
  const out: NewSlot[] = [];
  for (let w = 0; w < weeks; w++) {
    const first = belgradeInstant(addDays(input.date, 7 * w), input.time).getTime();
    for (let k = 0; k < input.count; k++) {
      out.push({
        startsAt: new Date(first + k * len),
        endsAt: new Date(first + (k + 1) * len),
        placeKind: input.place_kind,
        place: input.place_kind === 'online' ? '' : input.place,
        onlineUrl: input.place_kind === 'online' ? (input.online_url ?? '') : '',
      });
    }
  }
  return out;
}

/**
 * Publishes the actor's slots (one-off or a weekly series) in one transaction: all or none.
 * A slot in the past or overlapping another of the counsellor's is refused by the database
 * (migration 0010's trigger); the past is also checked here against the app's clock first.
 */
export async function publishSlots(deps: Deps, actor: Actor, office: OfficeRef, input: SlotInput): Promise<Result<{ ids: string[] }>> {
  const slots = slotsOf(input);
  if (slots.some((s) => s.startsAt.getTime() <= deps.now().getTime())) return { ok: false, field: 'date', error: 'guid.err.past' };
  try {
    return await deps.db.transaction(async (tx) => {
      const partnerId = await counsellorPartner(tx, office.id, actor.userId);
      const ids = await insertSlots(
        tx,
        office.id,
        {
          counsellorId: actor.userId,
          counsellorName: actor.displayName,
          partnerId,
          seriesId: slots.length > 1 ? randomUUID() : null,
          createdBy: actor.userId,
        },
        slots,
      );
      await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'guidance.slots.publish', data: { count: ids.length } });
      return { ok: true as const, value: { ids } };
    });
  } catch (err) {
    const e = sqlError(err);
    if (e?.constraint === 'guidance_slots_no_overlap') return { ok: false, field: 'time', error: 'guid.err.overlap' };
    if (e?.constraint === 'guidance_slots_future') return { ok: false, field: 'date', error: 'guid.err.past' };
    throw err;
  }
}

/** Cancels a slot: its live booking is cancelled too, and the person gets the cancellation (METHOD:CANCEL). */
export async function cancelSlot(deps: Deps, actor: Actor, office: OfficeRef, slot: Slot): Promise<Result> {
  if (!mayManageSlot(actor, office.id, slot)) return { ok: false, error: 'guid.err.notYourSlot' };
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const locked = await lockSlot(tx, office.id, slot.id);
    if (!locked) return { ok: false, error: 'error.404.title' };
    if (locked.status === 'cancelled') return { ok: true, value: undefined };
    if (new Date(locked.starts_at) <= now) return { ok: false, error: 'guid.err.slotPast' };
    await setSlotCancelled(tx, office.id, slot.id);
    const live = await liveBookingOf(tx, office.id, slot.id);
    if (live) await cancelBookingIn(tx, deps, live, 'counsellor', now);
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'guidance.slot.cancel', target: slot.id });
    return { ok: true, value: undefined };
  });
}

// ── Booking ────────────────────────────────────────────────────────────────

export interface BookingInput {
  topic: Topic;
  /** A settlement of the office (statistics), or '' for none. */
  settlementId: string;
}

interface Booker {
  userId: string | null;
  personId: string | null;
  fullName: string;
  email: string;
  birthYear: number | null;
  settlementId: string | null;
}

/**
 * Books the slot for one person, in one transaction: the slot is read under a share lock (so it
 * cannot be cancelled meanwhile) and must be open and ahead; the insert is decided by the
 * partial unique index `guidance_bookings_live_key` — of two people booking at once, the second
 * waits for the first's commit and is refused. Nothing is written for the loser.
 */
async function book(
  deps: Deps,
  office: OfficeRef,
  slotId: string,
  input: BookingInput,
  who: Booker,
  locale: Locale,
  status: 'pending' | 'confirmed',
): Promise<Result<{ id: string; status: 'pending' | 'confirmed' }>> {
  const now = deps.now();
  const code = randomBytes(18).toString('base64url');
  try {
    return await deps.db.transaction(async (tx) => {
      const slot = await shareSlot(tx, office.id, slotId);
      if (!slot) return { ok: false as const, error: 'error.404.title' as const };
      if (slot.status !== 'open') return { ok: false as const, error: 'guid.err.slotCancelled' as const };
      if (new Date(slot.starts_at) <= now) return { ok: false as const, error: 'guid.err.slotPast' as const };
      const settlements = await officeSettlements(tx, office.id);
      const settlementId =
        input.settlementId && settlements.some((s) => s.id === input.settlementId) ? input.settlementId : who.settlementId;
      const holdUntil = new Date(Math.min(now.getTime() + GUEST_HOLD_MS, new Date(slot.starts_at).getTime()));
      const id = await insertBooking(tx, office.id, {
        slotId,
        topic: input.topic,
        userId: who.userId,
        personId: who.personId,
        fullName: who.fullName,
        email: who.email,
        birthYear: who.birthYear,
        settlementId,
        script: locale,
        status,
        code,
        tokenHash: tokenHash(bookingToken(deps, code)),
        tokenExpiresAt: status === 'pending' ? holdUntil : null,
        at: now,
      });
      await queueBookingMail(tx, deps, office.id, id, status === 'pending' ? 'confirmGuest' : 'confirmed', now);
      await recordAudit(tx, {
        officeId: office.id,
        actorId: who.userId,
        action: 'guidance.book',
        target: id,
        data: { slot: slotId, status },
      });
      return { ok: true as const, value: { id, status } };
    });
  } catch (err) {
    // The slot was taken by someone else at the same moment (or a moment before).
    if (isUniqueViolation(err, 'guidance_bookings_live_key')) return { ok: false, error: 'guid.err.taken' };
    throw err;
  }
}

/** A signed-in person books: confirmed at once (their address is confirmed), with the invitation. */
export async function bookAsAccount(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  slotId: string,
  input: BookingInput,
  locale: Locale,
): Promise<Result<{ id: string; status: 'pending' | 'confirmed' }>> {
  const birthDate = await accountBirthDate(deps.db, actor.userId);
  const person = await registerRowOf(deps.db, office.id, actor.userId);
  const birthYear = person?.birth_year ?? (birthDate ? Number(birthDate.slice(0, 4)) : null);
  return book(
    deps,
    office,
    slotId,
    input,
    {
      userId: actor.userId,
      personId: person?.id ?? null,
      fullName: actor.displayName,
      email: actor.email,
      birthYear,
      settlementId: person?.settlement_id ?? null,
    },
    locale,
    'confirmed',
  );
}

const GUEST_PER_IP: readonly [number, number] = [100, 60 * 60];

/** A guest books: the slot is held for the mailed link (GUEST_HOLD_MS), rate-limited like every mail to a typed address. */
export async function bookAsGuest(
  deps: Deps,
  office: OfficeRef,
  slotId: string,
  input: BookingInput,
  guest: GuestInput,
  locale: Locale,
  ip: string,
): Promise<Result<{ id: string; status: 'pending' | 'confirmed' }>> {
  const [limit, windowSec] = LIMITS.mail;
  const byEmail = await throttle(deps.db, `guid-mail:${guest.email.toLowerCase()}`, limit, windowSec);
  const byIp = await throttle(deps.db, `guid-ip:${ip}`, GUEST_PER_IP[0], GUEST_PER_IP[1]);
  if (!byEmail || !byIp) return { ok: false, error: 'err.throttled' };
  return book(
    deps,
    office,
    slotId,
    input,
    { userId: null, personId: null, fullName: guest.full_name, email: guest.email, birthYear: guest.birth_year, settlementId: null },
    locale,
    'pending',
  );
}

/** Cancels a live booking in the caller's transaction; the cancellation mail carries METHOD:CANCEL when an invitation went out. */
async function cancelBookingIn(tx: Queryable, deps: Deps, b: Booking, by: 'person' | 'counsellor', now: Date): Promise<void> {
  await setBookingCancelled(tx, b.office_id, b.id, by, now);
  if (b.status === 'confirmed') await queueBookingMail(tx, deps, b.office_id, b.id, 'cancelled', now);
  await recordAudit(tx, { officeId: b.office_id, actorId: null, action: 'guidance.booking.cancel', target: b.id, data: { by } });
}

/**
 * The office is closing (national/service.ts): every future open slot is cancelled, and its live
 * booking with it (the person mailed, as when a counsellor cancels), in the caller's transaction.
 */
export async function cancelOfficeSlots(tx: Queryable, deps: Deps, officeId: string, slotIds: readonly string[]): Promise<number> {
  const now = deps.now();
  let bookings = 0;
  for (const id of slotIds) {
    const locked = await lockSlot(tx, officeId, id);
    if (!locked || locked.status === 'cancelled') continue;
    await setSlotCancelled(tx, officeId, id);
    const live = await liveBookingOf(tx, officeId, id);
    if (live) {
      await cancelBookingIn(tx, deps, live, 'counsellor', now);
      bookings++;
    }
  }
  return bookings;
}

/** The booking a mailed link names (undefined for a wrong link). */
export function bookingByToken(deps: Deps, token: string): Promise<Booking | undefined> {
  if (!token || token.length > 200) return Promise.resolve(undefined);
  return findBookingByTokenHash(deps.db, tokenHash(token));
}

/** A guest confirms from the mailed link: the held slot becomes theirs, with the invitation. */
export async function confirmByToken(deps: Deps, token: string): Promise<Result<{ officeId: string; id: string }>> {
  if (!token || token.length > 200) return { ok: false, error: 'guid.err.badLink' };
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const b = await findBookingByTokenHash(tx, tokenHash(token), { forUpdate: true });
    if (!b) return { ok: false, error: 'guid.err.badLink' };
    if (b.status === 'confirmed') return { ok: true, value: { officeId: b.office_id, id: b.id } };
    if (b.status === 'cancelled') return { ok: false, error: 'guid.err.linkCancelled' };
    if (b.status === 'expired' || (b.token_expires_at && new Date(b.token_expires_at) <= now))
      return { ok: false, error: 'guid.err.linkExpired' };
    await setBookingConfirmed(tx, b.office_id, b.id, now);
    await queueBookingMail(tx, deps, b.office_id, b.id, 'confirmed', now);
    await recordAudit(tx, { officeId: b.office_id, actorId: null, action: 'guidance.booking.confirm', target: b.id });
    return { ok: true, value: { officeId: b.office_id, id: b.id } };
  });
}

async function cancelLocked(tx: Queryable, deps: Deps, b: Booking | undefined, now: Date): Promise<Result> {
  if (!b) return { ok: false, error: 'guid.err.badLink' };
  if (b.status === 'cancelled' || b.status === 'expired') return { ok: true, value: undefined };
  const slot = await findSlot(tx, b.office_id, b.slot_id);
  if (!slot || new Date(slot.starts_at) <= now) return { ok: false, error: 'guid.err.tooLateToCancel' };
  await cancelBookingIn(tx, deps, b, 'person', now);
  return { ok: true, value: undefined };
}

/** Cancels from the mailed link. */
export async function cancelByToken(deps: Deps, token: string): Promise<Result> {
  if (!token || token.length > 200) return { ok: false, error: 'guid.err.badLink' };
  const now = deps.now();
  return deps.db.transaction(async (tx) =>
    cancelLocked(tx, deps, await findBookingByTokenHash(tx, tokenHash(token), { forUpdate: true }), now),
  );
}

/** Cancels one of the account's own bookings (from "my bookings"); another's is not found. */
export async function cancelMine(deps: Deps, actor: Actor, officeId: string, bookingId: string): Promise<Result> {
  if (!isUuid(officeId) || !isUuid(bookingId)) return { ok: false, error: 'error.404.title' };
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const b = await findBooking(tx, officeId, bookingId, { forUpdate: true });
    if (!b || b.user_id !== actor.userId) return { ok: false, error: 'error.404.title' };
    return cancelLocked(tx, deps, b, now);
  });
}

// ── Notes ──────────────────────────────────────────────────────────────────

export type NotesState =
  | { kind: 'none' } // nobody booked
  | { kind: 'notAllowed' } // not this session's counsellor
  | { kind: 'noRegister' } // the person is not in the office's register: no notes
  | { kind: 'noConsent' } // in the register without a live 'guidance' consent
  | { kind: 'open'; consentId: string; personId: string; note: Note | undefined };

/**
 * What the counsellor may see of their notes on a slot's session; reading them writes the
 * access log (ZZPL accountability: every view of personal data is logged).
 */
export async function readNotes(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  slot: Slot,
  booking: Booking | undefined,
): Promise<NotesState> {
  if (!booking) return { kind: 'none' };
  if (!mayKeepNotes(actor, slot)) return { kind: 'notAllowed' };
  if (!booking.person_id) return { kind: 'noRegister' };
  const consent = await liveGuidanceConsent(deps.db, office.id, booking.person_id);
  if (!consent) return { kind: 'noConsent' };
  const note = await findNote(deps.db, office.id, booking.id);
  await logAccess(deps.db, office.id, actor.userId, booking.person_id, 'view', 'guidance');
  return { kind: 'open', consentId: consent.id, personId: booking.person_id, note };
}

/** Writes the counsellor's note (under the live consent; the database refuses it without one). */
export async function saveNote(deps: Deps, actor: Actor, office: OfficeRef, slot: Slot, body: string): Promise<Result> {
  if (!mayKeepNotes(actor, slot)) return { ok: false, error: 'guid.err.notesNotYours' };
  const now = deps.now();
  try {
    return await deps.db.transaction(async (tx) => {
      const b = await liveOrHeld(tx, office.id, slot.id);
      if (!b) return { ok: false, error: 'guid.err.noBooking' };
      if (!b.person_id) return { ok: false, error: 'guid.notes.noRegister' };
      const consent = await liveGuidanceConsent(tx, office.id, b.person_id);
      if (!consent) return { ok: false, error: 'guid.notes.noConsent' };
      await upsertNote(tx, office.id, {
        bookingId: b.id,
        personId: b.person_id,
        consentId: consent.id,
        body,
        authorId: actor.userId,
        at: now,
      });
      await logAccess(tx, office.id, actor.userId, b.person_id, 'edit', 'guidance');
      return { ok: true, value: undefined };
    });
  } catch (err) {
    if (sqlError(err)?.constraint === 'guidance_notes_consent') return { ok: false, error: 'guid.notes.noConsent' };
    throw err;
  }
}

/** The slot's confirmed booking (the session notes are about). */
async function liveOrHeld(q: Queryable, officeId: string, slotId: string): Promise<Booking | undefined> {
  const b = await liveBookingOf(q, officeId, slotId);
  return b?.status === 'confirmed' ? b : undefined;
}

// ── Counsellors ────────────────────────────────────────────────────────────

/**
 * Staff link a counsellor of the office (a member with the counsellor or coordinator role) to
 * the partner they come from, or to none; their next slots show it. An unknown partner or
 * account of this office is not found.
 */
export async function linkCounsellor(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  userId: string,
  partnerId: string | null,
): Promise<Result> {
  return deps.db.transaction(async (tx) => {
    if (partnerId && !(await officePartners(tx, office.id)).some((p) => p.id === partnerId)) return { ok: false, error: 'error.404.title' };
    if (!(await setCounsellorPartner(tx, office.id, userId, partnerId))) return { ok: false, error: 'error.404.title' };
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'guidance.counsellor.partner',
      target: userId,
      data: { partner: partnerId },
    });
    return { ok: true, value: undefined };
  });
}

// ── Erasure (features/me) ───────────────────────────────────────────────────

/**
 * Erasing an account: its upcoming bookings are cancelled (the slots free again, no mail: the
 * address is being removed), then every booking keeps only what statistics count, and the
 * notes about it go. Runs in the caller's transaction.
 */
export async function eraseUserBookings(tx: Queryable, userId: string, now: Date): Promise<void> {
  for (const b of await liveUpcomingOfUser(tx, userId, now)) await setBookingCancelled(tx, b.office_id, b.id, 'person', now);
  await anonymiseUserBookings(tx, userId);
}
