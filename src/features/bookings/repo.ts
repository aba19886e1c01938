import type { Queryable } from '../../core/db/db.ts';
import { maybeOne, one } from '../../core/db/db.ts';
import type { LapArea } from '../../core/domain.ts';
import type { Locale } from '../../core/i18n/locale.ts';

/** All SQL of space and equipment booking (issue #14 point 2); migration 0012 holds the rules. */

export const RESOURCE_KINDS = ['room', 'equipment'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export const CATEGORIES = ['youth_club', 'hall', 'meeting_room', 'projector', 'sound', 'laptop', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];
export const BOOKER_KINDS = ['person', 'informal', 'association', 'office'] as const;
export type BookerKind = (typeof BOOKER_KINDS)[number];
export const REQUEST_STATUSES = ['unconfirmed', 'pending', 'approved', 'declined', 'cancelled', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export type BookingStatus = RequestStatus | 'released';
/** The statuses that hold a slot (the exclusion constraint's WHERE). */
export const LIVE = ['unconfirmed', 'pending', 'approved'] as const;

export interface OpeningHours {
  weekday: number;
  opens: string;
  closes: string;
}

export interface Resource {
  office_id: string;
  id: string;
  kind: ResourceKind;
  category: Category;
  name: string;
  capacity: number | null;
  accessibility: string;
  rules: string;
  active: boolean;
  hours: OpeningHours[];
}

const RESOURCE_COLS = `r.office_id, r.id, r.kind, r.category, r.name, r.capacity, r.accessibility, r.rules, r.active,
  COALESCE((SELECT json_agg(json_build_object('weekday', h.weekday, 'opens', to_char(h.opens, 'HH24:MI'), 'closes', to_char(h.closes, 'HH24:MI')) ORDER BY h.weekday)
              FROM booking_resource_hours h WHERE h.office_id = r.office_id AND h.resource_id = r.id), '[]'::json) AS hours`;

export function listResources(q: Queryable, officeId: string, opts: { activeOnly?: boolean } = {}): Promise<Resource[]> {
  return q.query<Resource>(
    `SELECT ${RESOURCE_COLS} FROM booking_resources r
      WHERE r.office_id = $1 AND ($2::boolean IS FALSE OR r.active)
      ORDER BY r.kind DESC, r.name, r.id`,
    [officeId, opts.activeOnly ?? false],
  );
}

export function findResource(q: Queryable, officeId: string, id: string): Promise<Resource | undefined> {
  return maybeOne<Resource>(q, `SELECT ${RESOURCE_COLS} FROM booking_resources r WHERE r.office_id = $1 AND r.id = $2`, [officeId, id]);
}

export interface ResourceRow {
  kind: ResourceKind;
  category: Category;
  name: string;
  capacity: number | null;
  accessibility: string;
  rules: string;
  active: boolean;
}

export async function insertResource(q: Queryable, officeId: string, r: ResourceRow): Promise<string> {
  const row = await one<{ id: string }>(
    q,
    `INSERT INTO booking_resources (office_id, kind, category, name, capacity, accessibility, rules, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [officeId, r.kind, r.category, r.name, r.capacity, r.accessibility, r.rules, r.active],
  );
  return row.id;
}

export async function updateResource(q: Queryable, officeId: string, id: string, r: ResourceRow): Promise<boolean> {
  const rows = await q.query(
    `UPDATE booking_resources SET kind = $3, category = $4, name = $5, capacity = $6, accessibility = $7, rules = $8, active = $9,
            updated_at = now()
      WHERE office_id = $1 AND id = $2 RETURNING 1`,
    [officeId, id, r.kind, r.category, r.name, r.capacity, r.accessibility, r.rules, r.active],
  );
  return rows.length > 0;
}

export async function replaceHours(q: Queryable, officeId: string, resourceId: string, hours: readonly OpeningHours[]): Promise<void> {
  await q.query('DELETE FROM booking_resource_hours WHERE office_id = $1 AND resource_id = $2', [officeId, resourceId]);
  if (hours.length === 0) return;
  await q.query(
    `INSERT INTO booking_resource_hours (office_id, resource_id, weekday, opens, closes)
     SELECT $1, $2, x.weekday, x.opens::time, x.closes::time
       FROM jsonb_to_recordset($3::jsonb) AS x(weekday smallint, opens text, closes text)`,
    [officeId, resourceId, JSON.stringify(hours)],
  );
}

// ── Requests and bookings ───────────────────────────────────────────────────

export interface NewRequest {
  userId: string | null;
  bookerKind: BookerKind;
  groupName: string;
  fullName: string;
  email: string;
  script: Locale;
  purpose: string;
  attendees: number | null;
  area: LapArea | null;
  initiativeId: string | null;
  status: 'unconfirmed' | 'pending';
  code: string;
  tokenHash: string;
  tokenExpiresAt: Date | null;
  at: Date;
}

export async function insertRequest(q: Queryable, officeId: string, r: NewRequest): Promise<string> {
  const row = await one<{ id: string }>(
    q,
    `INSERT INTO booking_requests (office_id, user_id, booker_kind, group_name, full_name, email, script, purpose, attendees, area,
                                   initiative_id, status, code, token_hash, token_expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
    [
      officeId,
      r.userId,
      r.bookerKind,
      r.groupName,
      r.fullName,
      r.email,
      r.script,
      r.purpose,
      r.attendees,
      r.area,
      r.initiativeId,
      r.status,
      r.code,
      r.tokenHash,
      r.tokenExpiresAt,
      r.at,
    ],
  );
  return row.id;
}

export interface Span {
  start: Date;
  end: Date;
}

/** One booking row per resource and span, in one statement (the exclusion constraint checks each). */
export async function insertBookings(
  q: Queryable,
  officeId: string,
  requestId: string,
  rows: ReadonlyArray<{ resourceId: string } & Span>,
  status: 'unconfirmed' | 'pending',
): Promise<void> {
  await q.query(
    `INSERT INTO bookings (office_id, request_id, resource_id, during, status)
     SELECT $1, $2, x.resource_id, tstzrange(x.starts, x.ends, '[)'), $4
       FROM jsonb_to_recordset($3::jsonb) AS x(resource_id uuid, starts timestamptz, ends timestamptz)`,
    [officeId, requestId, JSON.stringify(rows.map((r) => ({ resource_id: r.resourceId, starts: r.start, ends: r.end }))), status],
  );
}

/** Guests' holds whose link expired free their slots (called before a new request is checked). */
export async function expireHolds(q: Queryable, officeId: string, now: Date): Promise<void> {
  await q.query(
    `WITH gone AS (
       UPDATE booking_requests SET status = 'expired'
        WHERE office_id = $1 AND status = 'unconfirmed' AND token_expires_at <= $2 RETURNING id)
     UPDATE bookings b SET status = 'expired' FROM gone WHERE b.office_id = $1 AND b.request_id = gone.id AND b.status = 'unconfirmed'`,
    [officeId, now],
  );
}

/**
 * The background job's sweep: every office's guest holds whose mailed link expired unused, and
 * their slots, become 'expired' (the exclusion constraint then ignores them). Returns the requests.
 */
export function expireAllHolds(q: Queryable, now: Date): Promise<Array<{ office_id: string; id: string }>> {
  return q.query(
    `WITH gone AS (
       UPDATE booking_requests SET status = 'expired'
        WHERE status = 'unconfirmed' AND token_expires_at <= $1 RETURNING office_id, id),
     slots AS (
       UPDATE bookings b SET status = 'expired' FROM gone
        WHERE b.office_id = gone.office_id AND b.request_id = gone.id AND b.status = 'unconfirmed' RETURNING b.id)
     SELECT office_id, id FROM gone`,
    [now],
  );
}

export interface Conflict {
  resource_id: string;
  starts: Date;
  ends: Date;
}

/** Which of the wanted (resource, span) pairs overlap a live booking. */
export function findConflicts(q: Queryable, officeId: string, wanted: ReadonlyArray<{ resourceId: string } & Span>): Promise<Conflict[]> {
  return q.query<Conflict>(
    `SELECT DISTINCT x.resource_id, x.starts, x.ends
       FROM jsonb_to_recordset($2::jsonb) AS x(resource_id uuid, starts timestamptz, ends timestamptz)
       JOIN bookings b ON b.office_id = $1 AND b.resource_id = x.resource_id
                      AND b.status IN ('unconfirmed', 'pending', 'approved') AND b.during && tstzrange(x.starts, x.ends, '[)')`,
    [officeId, JSON.stringify(wanted.map((r) => ({ resource_id: r.resourceId, starts: r.start, ends: r.end })))],
  );
}

export interface Request {
  office_id: string;
  id: string;
  user_id: string | null;
  booker_kind: BookerKind;
  group_name: string;
  full_name: string;
  email: string;
  script: Locale;
  purpose: string;
  attendees: number | null;
  area: LapArea | null;
  initiative_id: string | null;
  status: RequestStatus;
  decline_reason: string;
  code: string;
  token_expires_at: Date | null;
  created_at: Date;
  decided_at: Date | null;
}

const REQUEST_COLS = `office_id, id, user_id, booker_kind, group_name, full_name, email, script, purpose, attendees, area, initiative_id,
  status, decline_reason, code, token_expires_at, created_at, decided_at`;

const Q_REQUEST_COLS = REQUEST_COLS.split(/,\s*/)
  .map((c) => `q.${c}`)
  .join(', ');

export function findRequest(q: Queryable, officeId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<Request | undefined> {
  return maybeOne<Request>(
    q,
    `SELECT ${REQUEST_COLS} FROM booking_requests WHERE office_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [officeId, id],
  );
}

export function findRequestByTokenHash(q: Queryable, hash: string, opts: { forUpdate?: boolean } = {}): Promise<Request | undefined> {
  return maybeOne<Request>(q, `SELECT ${REQUEST_COLS} FROM booking_requests WHERE token_hash = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [
    hash,
  ]);
}

/** Moves a request and its still-live bookings to a new status (bookings released or cancelled stay so). */
export async function setRequestStatus(
  q: Queryable,
  officeId: string,
  id: string,
  status: RequestStatus,
  opts: { reason?: string; decidedBy?: string | null; at: Date },
): Promise<void> {
  const decided = status === 'approved' || status === 'declined';
  await q.query(
    `UPDATE booking_requests SET status = $3, decline_reason = $4,
            decided_by = CASE WHEN $5::boolean THEN $6::uuid ELSE decided_by END,
            decided_at = CASE WHEN $5::boolean THEN $7::timestamptz ELSE decided_at END
      WHERE office_id = $1 AND id = $2`,
    [officeId, id, status, opts.reason ?? '', decided, opts.decidedBy ?? null, opts.at],
  );
  await q.query(
    `UPDATE bookings SET status = $3 WHERE office_id = $1 AND request_id = $2 AND status IN ('unconfirmed', 'pending', 'approved')`,
    [officeId, id, status],
  );
}

export interface BookingRow {
  office_id: string;
  id: string;
  request_id: string;
  resource_id: string;
  resource_name: string;
  resource_kind: ResourceKind;
  starts: Date;
  ends: Date;
  status: BookingStatus;
  checked_in_at: Date | null;
  released_at: Date | null;
  booker_kind: BookerKind;
  group_name: string;
  full_name: string;
  purpose: string;
}

const BOOKING_SELECT = `SELECT b.office_id, b.id, b.request_id, b.resource_id, r.name AS resource_name, r.kind AS resource_kind,
       lower(b.during) AS starts, upper(b.during) AS ends, b.status, b.checked_in_at, b.released_at,
       q.booker_kind, q.group_name, q.full_name, q.purpose
  FROM bookings b
  JOIN booking_resources r ON r.office_id = b.office_id AND r.id = b.resource_id
  JOIN booking_requests q ON q.office_id = b.office_id AND q.id = b.request_id`;

export function requestBookings(q: Queryable, officeId: string, requestId: string): Promise<BookingRow[]> {
  return q.query<BookingRow>(`${BOOKING_SELECT} WHERE b.office_id = $1 AND b.request_id = $2 ORDER BY lower(b.during), r.name`, [
    officeId,
    requestId,
  ]);
}

/** Live bookings in [from, until), of one resource or all; `approvedOnly` for the public views and feeds. */
export function bookingsBetween(
  q: Queryable,
  officeId: string,
  from: Date,
  until: Date,
  opts: { resourceId?: string | null; approvedOnly?: boolean } = {},
): Promise<BookingRow[]> {
  return q.query<BookingRow>(
    `${BOOKING_SELECT}
      WHERE b.office_id = $1 AND b.during && tstzrange($2, $3, '[)') AND ($4::uuid IS NULL OR b.resource_id = $4)
        AND b.status IN ('unconfirmed', 'pending', 'approved') AND ($5::boolean IS FALSE OR b.status = 'approved')
      ORDER BY lower(b.during), r.name`,
    [officeId, from, until, opts.resourceId ?? null, opts.approvedOnly ?? false],
  );
}

export function findBooking(
  q: Queryable,
  officeId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<BookingRow | undefined> {
  return maybeOne<BookingRow>(q, `${BOOKING_SELECT} WHERE b.office_id = $1 AND b.id = $2${opts.forUpdate ? ' FOR UPDATE OF b' : ''}`, [
    officeId,
    id,
  ]);
}

export async function setCheckedIn(q: Queryable, officeId: string, id: string, at: Date): Promise<void> {
  await q.query('UPDATE bookings SET checked_in_at = $3 WHERE office_id = $1 AND id = $2 AND checked_in_at IS NULL', [officeId, id, at]);
}

export async function setReleased(q: Queryable, officeId: string, id: string, at: Date): Promise<void> {
  await q.query(`UPDATE bookings SET status = 'released', released_at = $3 WHERE office_id = $1 AND id = $2`, [officeId, id, at]);
}

export interface PendingRequest extends Request {
  resources: string;
  first_start: Date | null;
  dates: number;
}

/** A request with what it books: its resources' names, its first start and how many dates. */
const REQUEST_SUMMARY = `SELECT ${Q_REQUEST_COLS},
            (SELECT string_agg(DISTINCT r.name, ', ') FROM bookings b JOIN booking_resources r ON r.office_id = b.office_id AND r.id = b.resource_id
              WHERE b.office_id = q.office_id AND b.request_id = q.id) AS resources,
            (SELECT min(lower(b.during)) FROM bookings b WHERE b.office_id = q.office_id AND b.request_id = q.id) AS first_start,
            (SELECT count(DISTINCT lower(b.during))::int FROM bookings b WHERE b.office_id = q.office_id AND b.request_id = q.id) AS dates
       FROM booking_requests q`;

export function listRequests(q: Queryable, officeId: string, statuses: readonly RequestStatus[], limit = 100): Promise<PendingRequest[]> {
  return q.query<PendingRequest>(
    `${REQUEST_SUMMARY} WHERE q.office_id = $1 AND q.status = ANY($2::text[]) ORDER BY q.created_at DESC, q.id LIMIT $3`,
    [officeId, statuses, limit],
  );
}

/** The requests made for one initiative (its page lists them), newest first. */
export function initiativeRequests(q: Queryable, officeId: string, initiativeId: string): Promise<PendingRequest[]> {
  return q.query<PendingRequest>(
    `${REQUEST_SUMMARY} WHERE q.office_id = $1 AND q.initiative_id = $2 ORDER BY q.created_at DESC, q.id LIMIT 50`,
    [officeId, initiativeId],
  );
}

export async function countPending(q: Queryable, officeId: string): Promise<number> {
  const row = await one<{ n: number }>(q, `SELECT count(*)::int AS n FROM booking_requests WHERE office_id = $1 AND status = 'pending'`, [
    officeId,
  ]);
  return row.n;
}

export function myRequests(q: Queryable, userId: string): Promise<Array<PendingRequest & { office_slug: string; office_name: string }>> {
  return q.query(
    `SELECT q.office_id, q.id, q.status, q.purpose, q.decline_reason, q.created_at, o.slug AS office_slug, o.name AS office_name,
            (SELECT string_agg(DISTINCT r.name, ', ') FROM bookings b JOIN booking_resources r ON r.office_id = b.office_id AND r.id = b.resource_id
              WHERE b.office_id = q.office_id AND b.request_id = q.id) AS resources,
            (SELECT min(lower(b.during)) FROM bookings b WHERE b.office_id = q.office_id AND b.request_id = q.id) AS first_start,
            (SELECT count(DISTINCT lower(b.during))::int FROM bookings b WHERE b.office_id = q.office_id AND b.request_id = q.id) AS dates
       FROM booking_requests q JOIN offices o ON o.id = q.office_id
      WHERE q.user_id = $1 ORDER BY q.created_at DESC LIMIT 100`,
    [userId],
  );
}

export interface MailRow extends Request {
  office_name: string;
  office_slug: string;
}

export function requestMailRow(q: Queryable, officeId: string, id: string): Promise<MailRow | undefined> {
  return maybeOne<MailRow>(
    q,
    `SELECT ${Q_REQUEST_COLS}, o.name AS office_name, o.slug AS office_slug
       FROM booking_requests q JOIN offices o ON o.id = q.office_id WHERE q.office_id = $1 AND q.id = $2`,
    [officeId, id],
  );
}

// ── Statistics and indicators ───────────────────────────────────────────────

export interface UsageRow {
  booker_kind: BookerKind;
  area: string | null;
  hours: number;
  bookings: number;
  bookers: number;
}

/**
 * Hours of approved bookings (not released) starting in [from, until), by kind of group and LAP
 * area; `bookers`: distinct accounts or addresses that booked (people, so suppressed by the caller).
 */
export function usageRows(q: Queryable, officeId: string, from: Date, until: Date, kind: ResourceKind | null = null): Promise<UsageRow[]> {
  return q.query<UsageRow>(
    `SELECT q.booker_kind, q.area,
            round(sum(extract(epoch FROM upper(b.during) - lower(b.during)))::numeric / 3600, 2)::float8 AS hours,
            count(*)::int AS bookings,
            count(DISTINCT COALESCE(q.user_id::text, lower(q.email)))::int AS bookers
       FROM bookings b
       JOIN booking_requests q ON q.office_id = b.office_id AND q.id = b.request_id
       JOIN booking_resources r ON r.office_id = b.office_id AND r.id = b.resource_id
      WHERE b.office_id = $1 AND b.status = 'approved' AND lower(b.during) >= $2 AND lower(b.during) < $3
        AND ($4::text IS NULL OR r.kind = $4)
      GROUP BY q.booker_kind, q.area`,
    [officeId, from, until, kind],
  );
}

/** Hours of rooms used in [from, until) (bookings clipped to the span), by kind of group, for several LAP areas at once (null: all areas) in one grouped query. */
export async function roomHoursByKindByArea(
  q: Queryable,
  officeId: string,
  from: Date,
  until: Date,
  areas: ReadonlyArray<LapArea | null>,
): Promise<Map<LapArea | null, Array<{ booker_kind: BookerKind; hours: number }>>> {
  const list = [...new Set(areas)];
  const out = new Map<LapArea | null, Array<{ booker_kind: BookerKind; hours: number }>>(list.map((a) => [a, []]));
  const rows = await q.query<{ grp: number; booker_kind: BookerKind; hours: number }>(
    `SELECT g.grp::int AS grp, q.booker_kind,
            sum(extract(epoch FROM upper(b.during * tstzrange($2, $3, '[)')) - lower(b.during * tstzrange($2, $3, '[)'))))::float8 / 3600 AS hours
       FROM bookings b
       JOIN booking_requests q ON q.office_id = b.office_id AND q.id = b.request_id
       JOIN booking_resources r ON r.office_id = b.office_id AND r.id = b.resource_id
       JOIN unnest($4::text[]) WITH ORDINALITY AS g(area, grp) ON g.area IS NULL OR q.area = g.area
      WHERE b.office_id = $1 AND b.status = 'approved' AND r.kind = 'room' AND b.during && tstzrange($2, $3, '[)')
      GROUP BY g.grp, q.booker_kind ORDER BY g.grp, q.booker_kind`,
    [officeId, from, until, list],
  );
  for (const { grp, ...r } of rows) out.get(list[grp - 1]!)!.push(r);
  return out;
}
