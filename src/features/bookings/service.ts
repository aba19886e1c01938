import { randomBytes } from 'node:crypto';
import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { tokenHash } from '../../core/auth/sessions.ts';
import type { LapArea } from '../../core/domain.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import { LIMITS, throttle } from '../../core/http/throttle.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import type { MessageKey } from '../../core/i18n/messages.ts';
import type { Result } from '../../core/result.ts';
import { belgradeInstant, localParts } from '../../core/time.ts';
import { queueRequestMail, requestToken } from './mails.ts';
import {
  expireHolds,
  findBooking,
  findConflicts,
  findRequest,
  findRequestByTokenHash,
  insertBookings,
  insertRequest,
  insertResource,
  listResources,
  replaceHours,
  requestBookings,
  setCheckedIn,
  setReleased,
  setRequestStatus,
  updateResource,
  type BookerKind,
  type OpeningHours,
  type Resource,
  type ResourceRow,
  type Span,
} from './repo.ts';

const MINUTE = 60_000;
/** A guest's request holds its slots this long for the mailed link. */
export const GUEST_HOLD_MS = 2 * 3_600_000;
/** A booking not checked in this long after its start may be released by staff. */
export const NO_SHOW_MS = 15 * MINUTE;
/** Check-in opens this long before the start. */
export const CHECKIN_EARLY_MS = 30 * MINUTE;
/** At most this many weeks in one recurring request. */
export const MAX_WEEKS = 26;

/** The date `days` after an ISO date. */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday (1 Monday … 7 Sunday) of an ISO date. */
export function weekdayOf(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** The spans of "date, from–to, weekly for `weeks` weeks" (Belgrade wall-clock times). */
export function weeklySpans(date: string, from: string, to: string, weeks = 1): Span[] {
  return Array.from({ length: weeks }, (_, w) => {
    const day = addDays(date, 7 * w);
    return { start: belgradeInstant(day, from), end: belgradeInstant(day, to) };
  });
}

/** Whether the span lies within the resource's opening hours of its (Belgrade) day. */
export function withinHours(hours: readonly OpeningHours[], span: Span): boolean {
  const s = localParts(span.start);
  const e = localParts(span.end);
  if (s.date !== e.date) return false;
  const h = hours.find((x) => x.weekday === weekdayOf(s.date));
  return !!h && s.time >= h.opens && e.time <= h.closes;
}

// ── Resources ───────────────────────────────────────────────────────────────

export async function saveResource(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  id: string | null,
  row: ResourceRow,
  hours: readonly OpeningHours[],
): Promise<Result<{ id: string }>> {
  return deps.db.transaction(async (tx) => {
    let rid = id;
    if (rid) {
      if (!(await updateResource(tx, office.id, rid, row))) return { ok: false, error: 'error.404.title' };
    } else rid = await insertResource(tx, office.id, row);
    await replaceHours(tx, office.id, rid, hours);
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: id ? 'bookings.resource.edit' : 'bookings.resource.add',
      target: rid,
    });
    return { ok: true, value: { id: rid } };
  });
}

// ── Requests ────────────────────────────────────────────────────────────────

/** Who books: an account, or a guest whose address the mailed link confirms. */
export interface Booker {
  /** The account's id; null for a guest. */
  userId: string | null;
  kind: BookerKind;
  /** The informal group's or association's name ('' for a person). */
  groupName: string;
  fullName: string;
  email: string;
  locale: Locale;
}

export interface BookingRequestInput {
  office: OfficeRef;
  /** One resource, or a room and an item together: every date books all of them, or none. */
  resourceIds: readonly string[];
  /** One span, or the dates of a recurring booking. */
  spans: readonly Span[];
  booker: Booker;
  purpose: string;
  attendees?: number | null;
  area?: LapArea | null;
  /** The initiative the space serves (issue #14 point 1), if any. */
  initiativeId?: string | null;
  /** Book the free dates only, leaving out the ones in conflict (else any conflict refuses the whole request). */
  skipConflicts?: boolean;
}

/** One date of a request and why it cannot be booked (conflicts are listed date by date). */
export interface DateProblem {
  start: Date;
  end: Date;
  /** Resources already booked then. */
  taken: string[];
}

export type RequestRefusal =
  | { ok: false; error: MessageKey; field?: string; vars?: Record<string, string | number> }
  | {
      ok: false;
      error: 'bk.err.conflicts';
      conflicts: DateProblem[];
      free: number;
      field?: string;
      vars?: Record<string, string | number>;
    };

export interface RequestDone {
  id: string;
  status: 'unconfirmed' | 'pending';
  booked: Span[];
  skipped: DateProblem[];
}

const EXCLUSION = '23P01';
const isOverlap = (err: unknown) => {
  const e = err as { code?: string; constraint?: string } | null;
  return !!e && e.code === EXCLUSION && e.constraint === 'bookings_no_overlap';
};

/**
 * Requests space and equipment, in one transaction: the request, one booking row per resource
 * and date, the booker's mail and the audit event — all, or nothing. The rules checked first
 * (with a message each): end after start, not in the past, within every resource's opening
 * hours. Then the dates already taken are found and either refuse the request (listed date by
 * date) or, with `skipConflicts`, are left out. The database has the last word: two requests
 * racing for one slot both pass the check, and the exclusion constraint `bookings_no_overlap`
 * refuses the second's insert; its transaction rolls back and it is told the slot is taken.
 *
 * The initiatives feature calls this with the initiative's id ("book space for this initiative").
 */
export async function requestBooking(deps: Deps, input: BookingRequestInput): Promise<Result<RequestDone, RequestRefusal>> {
  const { office, booker } = input;
  const now = deps.now();
  const resourceIds = [...new Set(input.resourceIds)];
  if (resourceIds.length === 0) return { ok: false, field: 'resource', error: 'bk.err.noResource' };
  if (input.spans.length === 0) return { ok: false, field: 'date', error: 'bk.err.noDates' };
  for (const s of input.spans) {
    if (!(s.end.getTime() > s.start.getTime())) return { ok: false, field: 'to', error: 'bk.err.endBeforeStart' };
    if (s.end.getTime() - s.start.getTime() > 24 * 3_600_000) return { ok: false, field: 'to', error: 'bk.err.tooLong' };
    if (s.start.getTime() <= now.getTime()) return { ok: false, field: 'date', error: 'bk.err.past' };
  }
  const resources = (await listResources(deps.db, office.id, { activeOnly: true })).filter((r) => resourceIds.includes(r.id));
  if (resources.length !== resourceIds.length) return { ok: false, field: 'resource', error: 'bk.err.noResource' };
  for (const r of resources) {
    const closed = input.spans.find((s) => !withinHours(r.hours, s));
    if (closed)
      return { ok: false, field: 'from', error: 'bk.err.closed', vars: { resource: r.name, date: localParts(closed.start).date } };
  }
  const status = booker.userId ? 'pending' : 'unconfirmed';
  const code = randomBytes(18).toString('base64url');
  try {
    return await deps.db.transaction(async (tx) => {
      await expireHolds(tx, office.id, now);
      const wanted = input.spans.flatMap((s) => resourceIds.map((resourceId) => ({ resourceId, ...s })));
      const found = await findConflicts(tx, office.id, wanted);
      const problems: DateProblem[] = [];
      const free: Span[] = [];
      for (const s of input.spans) {
        const taken = found
          .filter((c) => new Date(c.starts).getTime() === s.start.getTime() && new Date(c.ends).getTime() === s.end.getTime())
          .map((c) => resources.find((r) => r.id === c.resource_id)?.name ?? '');
        if (taken.length > 0) problems.push({ start: s.start, end: s.end, taken });
        else free.push(s);
      }
      if (problems.length > 0 && (!input.skipConflicts || free.length === 0)) {
        return { ok: false as const, error: 'bk.err.conflicts' as const, field: 'date', conflicts: problems, free: free.length };
      }
      const id = await insertRequest(tx, office.id, {
        userId: booker.userId,
        bookerKind: booker.kind,
        groupName: booker.kind === 'person' ? '' : booker.groupName,
        fullName: booker.fullName,
        email: booker.email,
        script: booker.locale,
        purpose: input.purpose,
        attendees: input.attendees ?? null,
        area: input.area ?? null,
        initiativeId: input.initiativeId ?? null,
        status,
        code,
        tokenHash: tokenHash(requestToken(deps, code)),
        tokenExpiresAt: status === 'unconfirmed' ? new Date(now.getTime() + GUEST_HOLD_MS) : null,
        at: now,
      });
      await insertBookings(
        tx,
        office.id,
        id,
        free.flatMap((s) => resourceIds.map((resourceId) => ({ resourceId, ...s }))),
        status,
      );
      await queueRequestMail(tx, deps, office.id, id, status === 'unconfirmed' ? 'confirmGuest' : 'received');
      await recordAudit(tx, {
        officeId: office.id,
        actorId: booker.userId,
        action: 'bookings.request',
        target: id,
        data: { resources: resourceIds, dates: free.length, skipped: problems.length, initiative: input.initiativeId ?? null },
      });
      return { ok: true as const, value: { id, status, booked: free, skipped: problems } };
    });
  } catch (err) {
    // Someone else's request took a slot between our check and our insert: the constraint decided.
    if (isOverlap(err)) return { ok: false, field: 'date', error: 'bk.err.taken' };
    throw err;
  }
}

const GUEST_PER_IP: readonly [number, number] = [100, 60 * 60];

/** A guest's request: rate-limited like every mail to a typed address, then held for the mailed link. */
export async function requestAsGuest(deps: Deps, input: BookingRequestInput, ip: string): Promise<Result<RequestDone, RequestRefusal>> {
  const [limit, windowSec] = LIMITS.mail;
  const byEmail = await throttle(deps.db, `book-mail:${input.booker.email.toLowerCase()}`, limit, windowSec);
  const byIp = await throttle(deps.db, `book-ip:${ip}`, GUEST_PER_IP[0], GUEST_PER_IP[1]);
  if (!byEmail || !byIp) return { ok: false, error: 'err.throttled' };
  return requestBooking(deps, { ...input, booker: { ...input.booker, userId: null } });
}

/** The request a mailed link names (undefined for a wrong link). */
export function requestByToken(deps: Deps, token: string) {
  if (!token || token.length > 200) return Promise.resolve(undefined);
  return findRequestByTokenHash(deps.db, tokenHash(token));
}

/** The guest confirms the address: the request goes to the coordinator (its slots stay held). */
export async function confirmGuest(deps: Deps, token: string): Promise<Result<{ officeId: string; id: string }>> {
  if (!token || token.length > 200) return { ok: false, error: 'bk.err.badLink' };
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const r = await findRequestByTokenHash(tx, tokenHash(token), { forUpdate: true });
    if (!r) return { ok: false, error: 'bk.err.badLink' };
    if (r.status !== 'unconfirmed') {
      if (r.status === 'expired') return { ok: false, error: 'bk.err.linkExpired' };
      return { ok: true, value: { officeId: r.office_id, id: r.id } };
    }
    if (r.token_expires_at && new Date(r.token_expires_at) <= now) {
      await setRequestStatus(tx, r.office_id, r.id, 'expired', { at: now });
      return { ok: false, error: 'bk.err.linkExpired' };
    }
    await setRequestStatus(tx, r.office_id, r.id, 'pending', { at: now });
    await queueRequestMail(tx, deps, r.office_id, r.id, 'received');
    await recordAudit(tx, { officeId: r.office_id, actorId: null, action: 'bookings.request.confirm', target: r.id });
    return { ok: true, value: { officeId: r.office_id, id: r.id } };
  });
}

/** The coordinator approves a pending request (the slots were held since it came in). */
export async function approveRequest(deps: Deps, actor: Actor, office: OfficeRef, requestId: string): Promise<Result> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const r = await findRequest(tx, office.id, requestId, { forUpdate: true });
    if (!r) return { ok: false, error: 'error.404.title' };
    if (r.status === 'approved') return { ok: true, value: undefined };
    if (r.status !== 'pending') return { ok: false, error: 'bk.err.notPending' };
    await setRequestStatus(tx, office.id, r.id, 'approved', { decidedBy: actor.userId, at: now });
    await queueRequestMail(tx, deps, office.id, r.id, 'approved');
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'bookings.request.approve', target: r.id });
    return { ok: true, value: undefined };
  });
}

/** The coordinator declines a pending request with a reason; its slots are free again. */
export async function declineRequest(deps: Deps, actor: Actor, office: OfficeRef, requestId: string, reason: string): Promise<Result> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const r = await findRequest(tx, office.id, requestId, { forUpdate: true });
    if (!r) return { ok: false, error: 'error.404.title' };
    if (r.status !== 'pending' && r.status !== 'approved') return { ok: false, error: 'bk.err.notPending' };
    await setRequestStatus(tx, office.id, r.id, 'declined', { reason, decidedBy: actor.userId, at: now });
    await queueRequestMail(tx, deps, office.id, r.id, 'declined');
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'bookings.request.decline', target: r.id });
    return { ok: true, value: undefined };
  });
}

/**
 * The booker (an account) cancels their own request while it is pending or approved and none of
 * its dates has begun: every slot is free again at once, and the coordinator sees it cancelled.
 * A recurring series already under way stays (its past dates are the usage statistics' record);
 * another account's request answers 404.
 */
export async function cancelOwnRequest(deps: Deps, actor: Actor, office: OfficeRef, requestId: string): Promise<Result> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const r = await findRequest(tx, office.id, requestId, { forUpdate: true });
    if (!r || r.user_id !== actor.userId) return { ok: false, error: 'error.404.title' };
    if (r.status === 'cancelled') return { ok: true, value: undefined };
    if (r.status !== 'pending' && r.status !== 'approved') return { ok: false, error: 'bk.err.notCancellable' };
    const first = (await requestBookings(tx, office.id, r.id)).reduce<number>(
      (min, b) => Math.min(min, new Date(b.starts).getTime()),
      Number.POSITIVE_INFINITY,
    );
    if (first <= now.getTime()) return { ok: false, error: 'bk.err.started' };
    await setRequestStatus(tx, office.id, r.id, 'cancelled', { at: now });
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'bookings.request.cancel', target: r.id });
    return { ok: true, value: undefined };
  });
}

/** Staff check a booking in: from 30 minutes before its start until its end, an approved one only. */
export async function checkIn(deps: Deps, actor: Actor, office: OfficeRef, bookingId: string): Promise<Result> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const b = await findBooking(tx, office.id, bookingId, { forUpdate: true });
    if (!b) return { ok: false, error: 'error.404.title' };
    if (b.status !== 'approved') return { ok: false, error: 'bk.err.notApproved' };
    if (now.getTime() < new Date(b.starts).getTime() - CHECKIN_EARLY_MS || now.getTime() >= new Date(b.ends).getTime())
      return { ok: false, error: 'bk.err.checkinTime' };
    await setCheckedIn(tx, office.id, b.id, now);
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'bookings.checkin', target: b.id });
    return { ok: true, value: undefined };
  });
}

/** Staff release a no-show: approved, not checked in, 15 minutes past its start and not yet over; the slot is free again. */
export async function releaseNoShow(deps: Deps, actor: Actor, office: OfficeRef, bookingId: string): Promise<Result> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const b = await findBooking(tx, office.id, bookingId, { forUpdate: true });
    if (!b) return { ok: false, error: 'error.404.title' };
    if (b.status !== 'approved' || b.checked_in_at) return { ok: false, error: 'bk.err.notReleasable' };
    if (now.getTime() < new Date(b.starts).getTime() + NO_SHOW_MS) return { ok: false, error: 'bk.err.tooEarlyToRelease' };
    if (now.getTime() >= new Date(b.ends).getTime()) return { ok: false, error: 'bk.err.over' };
    await setReleased(tx, office.id, b.id, now);
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'bookings.release', target: b.id });
    return { ok: true, value: undefined };
  });
}

// ── What is free ────────────────────────────────────────────────────────────

export interface Availability {
  resource: Resource;
  state: 'free' | 'taken' | 'closed';
}

/** Every active room and item of the office for one span: free, taken, or closed then. */
export async function whatIsFree(deps: Deps, officeId: string, span: Span): Promise<Availability[]> {
  const resources = await listResources(deps.db, officeId, { activeOnly: true });
  const taken = new Set(
    (
      await findConflicts(
        deps.db,
        officeId,
        resources.map((r) => ({ resourceId: r.id, ...span })),
      )
    ).map((c) => c.resource_id),
  );
  return resources.map((resource) => ({
    resource,
    state: !withinHours(resource.hours, span) ? 'closed' : taken.has(resource.id) ? 'taken' : 'free',
  }));
}
