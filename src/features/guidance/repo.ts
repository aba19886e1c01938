import type { Queryable } from '../../core/db/db.ts';
import { maybeOne } from '../../core/db/db.ts';

/**
 * SQL of career guidance (migration 0010): slots, bookings, notes, counsellors and the
 * statistics' raw counts. The office is in every WHERE clause.
 */

export const TOPICS = ['career', 'cv', 'interview', 'info'] as const;
export type Topic = (typeof TOPICS)[number];
export type BookingStatus = 'pending' | 'confirmed' | 'cancelled' | 'expired';
export const PLACE_KINDS = ['office', 'address', 'online'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** Where, in words: the office's room and address, an address (with the town), or the online link. */
const PLACE_TEXT = `CASE s.place_kind
    WHEN 'online' THEN s.online_url
    WHEN 'office' THEN concat_ws(', ', COALESCE(NULLIF(s.place, ''), NULLIF(o.room, '')), NULLIF(o.address, ''), o.town)
    ELSE CASE WHEN strpos(lower(s.place), lower(o.town)) > 0 THEN s.place ELSE s.place || ', ' || o.town END
  END AS place_text`;

export interface Slot {
  office_id: string;
  id: string;
  counsellor_id: string | null;
  counsellor_name: string;
  partner_id: string | null;
  partner_name: string | null;
  starts_at: Date;
  ends_at: Date;
  place_kind: PlaceKind;
  place: string;
  online_url: string;
  place_text: string;
  series_id: string | null;
  status: 'open' | 'cancelled';
  /** The live booking's status, if any. */
  booked: 'pending' | 'confirmed' | null;
}

const SLOT_SELECT = `SELECT s.office_id, s.id, s.counsellor_id, s.counsellor_name, s.partner_id, p.name AS partner_name, s.starts_at, s.ends_at,
       s.place_kind, s.place, s.online_url, ${PLACE_TEXT}, s.series_id, s.status,
       (SELECT b.status FROM guidance_bookings b WHERE b.office_id = s.office_id AND b.slot_id = s.id AND b.status IN ('pending', 'confirmed')) AS booked
  FROM guidance_slots s
  JOIN offices o ON o.id = s.office_id
  LEFT JOIN partners p ON p.office_id = s.office_id AND p.id = s.partner_id`;

/** The office's slot named by :slot (any status). */
export function findSlot(q: Queryable, officeId: string, id: string): Promise<Slot | undefined> {
  return maybeOne<Slot>(q, `${SLOT_SELECT} WHERE s.office_id = $1 AND s.id = $2`, [officeId, id]);
}

/** Locks the slot row (booking, cancelling): the one place a slot's state is decided under. */
export function lockSlot(q: Queryable, officeId: string, id: string) {
  return maybeOne<{ id: string; status: string; starts_at: Date }>(
    q,
    'SELECT id, status, starts_at FROM guidance_slots WHERE office_id = $1 AND id = $2 FOR UPDATE',
    [officeId, id],
  );
}

/** Upcoming open slots nobody holds, soonest first (the public list). */
export function listFreeSlots(q: Queryable, officeId: string, now: Date, limit = 200): Promise<Slot[]> {
  return q.query<Slot>(
    `${SLOT_SELECT}
      WHERE s.office_id = $1 AND s.status = 'open' AND s.starts_at > $2
        AND NOT EXISTS (SELECT 1 FROM guidance_bookings b WHERE b.office_id = s.office_id AND b.slot_id = s.id AND b.status IN ('pending', 'confirmed'))
      ORDER BY s.starts_at, s.id LIMIT $3`,
    [officeId, now, limit],
  );
}

/** Slots from a day ago on, of one counsellor (or every counsellor's, for staff: null). */
export function listSlots(q: Queryable, officeId: string, counsellorId: string | null, since: Date, limit = 300): Promise<Slot[]> {
  return q.query<Slot>(
    `${SLOT_SELECT}
      WHERE s.office_id = $1 AND ($2::uuid IS NULL OR s.counsellor_id = $2) AND s.ends_at > $3
      ORDER BY s.starts_at, s.id LIMIT $4`,
    [officeId, counsellorId, since, limit],
  );
}

export interface NewSlot {
  startsAt: Date;
  endsAt: Date;
  placeKind: PlaceKind;
  place: string;
  onlineUrl: string;
}

/** Inserts the slots of one publication (the trigger refuses past and overlapping ones). */
export async function insertSlots(
  q: Queryable,
  officeId: string,
  c: { counsellorId: string; counsellorName: string; partnerId: string | null; seriesId: string | null; createdBy: string },
  slots: readonly NewSlot[],
): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO guidance_slots (office_id, counsellor_id, counsellor_name, partner_id, series_id, created_by, starts_at, ends_at, place_kind, place, online_url)
     SELECT $1, $2, $3, $4, $5, $6, x.starts_at, x.ends_at, x.place_kind, x.place, x.online_url
       FROM jsonb_to_recordset($7::jsonb) AS x(n int, starts_at timestamptz, ends_at timestamptz, place_kind text, place text, online_url text)
      ORDER BY x.n
     RETURNING id`,
    [
      officeId,
      c.counsellorId,
      c.counsellorName,
      c.partnerId,
      c.seriesId,
      c.createdBy,
      JSON.stringify(
        slots.map((s, n) => ({
          n,
          starts_at: s.startsAt.toISOString(),
          ends_at: s.endsAt.toISOString(),
          place_kind: s.placeKind,
          place: s.place,
          online_url: s.onlineUrl,
        })),
      ),
    ],
  );
  return rows.map((r) => r.id);
}

export async function setSlotCancelled(q: Queryable, officeId: string, id: string): Promise<void> {
  await q.query(`UPDATE guidance_slots SET status = 'cancelled' WHERE office_id = $1 AND id = $2`, [officeId, id]);
}

// ── Counsellors ────────────────────────────────────────────────────────────

export interface Counsellor {
  user_id: string;
  display_name: string;
  email: string;
  partner_id: string | null;
  partner_name: string | null;
}

/** The office's counsellors: members with the counsellor role, and coordinators, with their partner. */
export function listCounsellors(q: Queryable, officeId: string): Promise<Counsellor[]> {
  return q.query<Counsellor>(
    `SELECT DISTINCT ON (u.display_name, u.id) u.id AS user_id, u.display_name, u.email, g.partner_id, p.name AS partner_name
       FROM office_members m JOIN users u ON u.id = m.user_id
       LEFT JOIN guidance_counsellors g ON g.office_id = m.office_id AND g.user_id = m.user_id
       LEFT JOIN partners p ON p.office_id = g.office_id AND p.id = g.partner_id
      WHERE m.office_id = $1 AND m.role IN ('counsellor', 'coordinator')
      ORDER BY u.display_name, u.id`,
    [officeId],
  );
}

/** The partner a counsellor comes from, if any. */
export async function counsellorPartner(q: Queryable, officeId: string, userId: string): Promise<string | null> {
  const row = await maybeOne<{ partner_id: string | null }>(
    q,
    'SELECT partner_id FROM guidance_counsellors WHERE office_id = $1 AND user_id = $2',
    [officeId, userId],
  );
  return row?.partner_id ?? null;
}

/** Links a counsellor of the office to a partner (or none); false when the account holds no counsellor role here. */
export async function setCounsellorPartner(q: Queryable, officeId: string, userId: string, partnerId: string | null): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO guidance_counsellors (office_id, user_id, partner_id)
     SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM office_members m WHERE m.office_id = $1 AND m.user_id = $2 AND m.role IN ('counsellor', 'coordinator'))
     ON CONFLICT (office_id, user_id) DO UPDATE SET partner_id = EXCLUDED.partner_id, updated_at = now()
     RETURNING user_id`,
    [officeId, userId, partnerId],
  );
  return rows.length > 0;
}

export function officePartners(q: Queryable, officeId: string) {
  return q.query<{ id: string; name: string }>('SELECT id, name FROM partners WHERE office_id = $1 AND active ORDER BY name, id', [
    officeId,
  ]);
}

export function officeSettlements(q: Queryable, officeId: string) {
  return q.query<{ id: string; name: string }>('SELECT id, name FROM office_settlements WHERE office_id = $1 ORDER BY position, name, id', [
    officeId,
  ]);
}

// ── Bookings ───────────────────────────────────────────────────────────────

export interface Booking {
  office_id: string;
  id: string;
  slot_id: string;
  topic: Topic;
  user_id: string | null;
  person_id: string | null;
  full_name: string;
  email: string;
  birth_year: number | null;
  settlement_id: string | null;
  script: 'cir' | 'lat' | 'en';
  status: BookingStatus;
  code: string;
  token_expires_at: Date | null;
  cancelled_by: 'person' | 'counsellor' | null;
  created_at: Date;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
}

export interface NewBooking {
  slotId: string;
  topic: Topic;
  userId: string | null;
  personId: string | null;
  fullName: string;
  email: string;
  birthYear: number | null;
  settlementId: string | null;
  script: 'cir' | 'lat' | 'en';
  status: 'pending' | 'confirmed';
  code: string;
  tokenHash: string;
  tokenExpiresAt: Date | null;
  at: Date;
}

/** Inserts a booking; the partial unique index refuses a second live booking of the slot. */
export async function insertBooking(q: Queryable, officeId: string, b: NewBooking): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO guidance_bookings (office_id, slot_id, topic, user_id, person_id, full_name, email, birth_year, settlement_id, script,
                                    status, code, token_hash, token_expires_at, created_at, confirmed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, CASE WHEN $11 = 'confirmed' THEN $15::timestamptz END)
     RETURNING id`,
    [
      officeId,
      b.slotId,
      b.topic,
      b.userId,
      b.personId,
      b.fullName,
      b.email,
      b.birthYear,
      b.settlementId,
      b.script,
      b.status,
      b.code,
      b.tokenHash,
      b.tokenExpiresAt,
      b.at,
    ],
  );
  return rows[0]!.id;
}

const BOOKING_COLUMNS = `b.office_id, b.id, b.slot_id, b.topic, b.user_id, b.person_id, b.full_name, b.email, b.birth_year, b.settlement_id,
       b.script, b.status, b.code, b.token_expires_at, b.cancelled_by, b.created_at, b.confirmed_at, b.cancelled_at`;

export function findBooking(q: Queryable, officeId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<Booking | undefined> {
  return maybeOne<Booking>(
    q,
    `SELECT ${BOOKING_COLUMNS} FROM guidance_bookings b WHERE b.office_id = $1 AND b.id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [officeId, id],
  );
}

/** A booking by its mailed link (the link's SHA-256; the only lookup not scoped by an office: the link names none). */
export function findBookingByTokenHash(q: Queryable, hash: string, opts: { forUpdate?: boolean } = {}): Promise<Booking | undefined> {
  return maybeOne<Booking>(
    q,
    `SELECT ${BOOKING_COLUMNS} FROM guidance_bookings b WHERE b.token_hash = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [hash],
  );
}

/** The slot's live booking (pending or confirmed). */
export function liveBookingOf(q: Queryable, officeId: string, slotId: string): Promise<Booking | undefined> {
  return maybeOne<Booking>(
    q,
    `SELECT ${BOOKING_COLUMNS} FROM guidance_bookings b WHERE b.office_id = $1 AND b.slot_id = $2 AND b.status IN ('pending', 'confirmed')`,
    [officeId, slotId],
  );
}

export async function setBookingConfirmed(q: Queryable, officeId: string, id: string, at: Date): Promise<void> {
  await q.query(`UPDATE guidance_bookings SET status = 'confirmed', confirmed_at = $3 WHERE office_id = $1 AND id = $2`, [
    officeId,
    id,
    at,
  ]);
}

export async function setBookingCancelled(
  q: Queryable,
  officeId: string,
  id: string,
  by: 'person' | 'counsellor',
  at: Date,
): Promise<void> {
  await q.query(
    `UPDATE guidance_bookings SET status = 'cancelled', cancelled_by = $3, cancelled_at = $4 WHERE office_id = $1 AND id = $2`,
    [officeId, id, by, at],
  );
}

export interface MyBooking extends Booking {
  office_slug: string;
  office_name: string;
  starts_at: Date;
  ends_at: Date;
  counsellor_name: string;
  place_kind: PlaceKind;
  place_text: string;
}

const MY_SELECT = `SELECT ${BOOKING_COLUMNS}, o.slug AS office_slug, o.name AS office_name, s.starts_at, s.ends_at, s.counsellor_name,
       s.place_kind, ${PLACE_TEXT}
  FROM guidance_bookings b
  JOIN guidance_slots s ON s.office_id = b.office_id AND s.id = b.slot_id
  JOIN offices o ON o.id = b.office_id`;

/** The account's bookings, upcoming live ones first. */
export function listMyBookings(q: Queryable, userId: string): Promise<MyBooking[]> {
  return q.query<MyBooking>(
    `${MY_SELECT} WHERE b.user_id = $1 ORDER BY b.status NOT IN ('pending', 'confirmed'), s.starts_at DESC, b.id LIMIT 100`,
    [userId],
  );
}

/** One booking with its slot and office (mails, the link page). */
export function bookingDetails(q: Queryable, officeId: string, id: string): Promise<MyBooking | undefined> {
  return maybeOne<MyBooking>(q, `${MY_SELECT} WHERE b.office_id = $1 AND b.id = $2`, [officeId, id]);
}

/** What a mail about a booking needs besides the booking: slot, office, counsellor. */
export interface BookingMailRow extends MyBooking {
  office_email: string;
  counsellor_email: string | null;
}

export function bookingMailRow(q: Queryable, officeId: string, id: string): Promise<BookingMailRow | undefined> {
  return maybeOne<BookingMailRow>(
    q,
    `SELECT ${BOOKING_COLUMNS}, o.slug AS office_slug, o.name AS office_name, o.email AS office_email, s.starts_at, s.ends_at, s.counsellor_name,
            u.email AS counsellor_email, s.place_kind, ${PLACE_TEXT}
       FROM guidance_bookings b
       JOIN guidance_slots s ON s.office_id = b.office_id AND s.id = b.slot_id
       JOIN offices o ON o.id = b.office_id
       LEFT JOIN users u ON u.id = s.counsellor_id
      WHERE b.office_id = $1 AND b.id = $2`,
    [officeId, id],
  );
}

/** The office's register row of an account (live, not merged away), for notes and statistics. */
export async function registerRowOf(q: Queryable, officeId: string, userId: string) {
  return maybeOne<{ id: string; settlement_id: string | null; birth_year: number }>(
    q,
    `SELECT id, settlement_id, birth_year FROM people
      WHERE office_id = $1 AND user_id = $2 AND merged_into_id IS NULL AND anonymised_at IS NULL`,
    [officeId, userId],
  );
}

// ── The hourly job: reminders the day before, unconfirmed guests' holds released ──

/** Confirmed bookings of slots starting before `until` that were not reminded yet; marks them. */
export function claimReminders(q: Queryable, now: Date, until: Date) {
  return q.query<{ office_id: string; id: string }>(
    `UPDATE guidance_bookings b SET reminded_at = $1
       FROM guidance_slots s
      WHERE s.office_id = b.office_id AND s.id = b.slot_id AND b.status = 'confirmed' AND b.reminded_at IS NULL
        AND s.status = 'open' AND s.starts_at > $1 AND s.starts_at <= $2
     RETURNING b.office_id, b.id`,
    [now, until],
  );
}

/** Pending guest bookings whose link expired unused: the slot is free again. */
export function expirePending(q: Queryable, now: Date) {
  return q.query<{ office_id: string; id: string }>(
    `UPDATE guidance_bookings SET status = 'expired' WHERE status = 'pending' AND token_expires_at <= $1 RETURNING office_id, id`,
    [now],
  );
}

// ── Notes ──────────────────────────────────────────────────────────────────

export interface Note {
  body: string;
  author_name: string | null;
  updated_at: Date;
}

export function findNote(q: Queryable, officeId: string, bookingId: string): Promise<Note | undefined> {
  return maybeOne<Note>(
    q,
    `SELECT n.body, u.display_name AS author_name, n.updated_at FROM guidance_notes n LEFT JOIN users u ON u.id = n.author_id
      WHERE n.office_id = $1 AND n.booking_id = $2`,
    [officeId, bookingId],
  );
}

/** The person's live 'guidance' consent (in force), if any. */
export function liveGuidanceConsent(q: Queryable, officeId: string, personId: string) {
  return maybeOne<{ id: string }>(
    q,
    `SELECT c.id FROM person_consents c
      WHERE c.office_id = $1 AND c.person_id = $2 AND c.purpose = 'guidance' AND c.withdrawn_at IS NULL
        AND (c.given_by = 'self' OR c.evidence <> 'online' OR c.parent_confirmed_at IS NOT NULL)`,
    [officeId, personId],
  );
}

export async function upsertNote(
  q: Queryable,
  officeId: string,
  n: { bookingId: string; personId: string; consentId: string; body: string; authorId: string; at: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO guidance_notes (office_id, booking_id, person_id, consent_id, body, author_id, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (office_id, booking_id) DO UPDATE
       SET body = EXCLUDED.body, consent_id = EXCLUDED.consent_id, author_id = EXCLUDED.author_id, updated_at = EXCLUDED.updated_at`,
    [officeId, n.bookingId, n.personId, n.consentId, n.body, n.authorId, n.at],
  );
}

// ── The person's data: export and erasure (features/me) ─────────────────────

/** Every booking of the account, with the counsellor's notes on it (ZZPL art. 26: the notes are about the person). */
export function guidanceForExport(q: Queryable, userId: string): Promise<Array<Record<string, unknown>>> {
  return q.query(
    `SELECT o.name AS office, s.starts_at, s.ends_at, s.counsellor_name AS counsellor, b.topic, b.status, b.full_name, b.email,
            b.birth_year, b.created_at, b.confirmed_at, b.cancelled_at, n.body AS counsellor_notes, n.updated_at AS notes_updated_at
       FROM guidance_bookings b
       JOIN guidance_slots s ON s.office_id = b.office_id AND s.id = b.slot_id
       JOIN offices o ON o.id = b.office_id
       LEFT JOIN guidance_notes n ON n.office_id = b.office_id AND n.booking_id = b.id
      WHERE b.user_id = $1
      ORDER BY s.starts_at, b.id`,
    [userId],
  );
}

/** The offices where the account is a counsellor linked to a partner (or to none). */
export function counsellingForExport(q: Queryable, userId: string): Promise<Array<Record<string, unknown>>> {
  return q.query(
    `SELECT o.name AS office, p.name AS partner, g.updated_at FROM guidance_counsellors g JOIN offices o ON o.id = g.office_id
       LEFT JOIN partners p ON p.office_id = g.office_id AND p.id = g.partner_id
      WHERE g.user_id = $1 ORDER BY o.name`,
    [userId],
  );
}

/** A slot's state read under a share lock (a booking is decided under it; a cancellation waits). */
export function shareSlot(q: Queryable, officeId: string, id: string) {
  return maybeOne<{ status: string; starts_at: Date }>(
    q,
    'SELECT status, starts_at FROM guidance_slots WHERE office_id = $1 AND id = $2 FOR SHARE',
    [officeId, id],
  );
}

/** The account's birth date (its birth year counts in statistics when it is in no register). */
export async function accountBirthDate(q: Queryable, userId: string): Promise<string | null> {
  return (await maybeOne<{ birth_date: string | null }>(q, 'SELECT birth_date FROM users WHERE id = $1', [userId]))?.birth_date ?? null;
}

/** The account's upcoming live bookings (erasure cancels them and frees the slots). */
export function liveUpcomingOfUser(q: Queryable, userId: string, now: Date) {
  return q.query<{ office_id: string; id: string }>(
    `SELECT b.office_id, b.id FROM guidance_bookings b JOIN guidance_slots s ON s.office_id = b.office_id AND s.id = b.slot_id
      WHERE b.user_id = $1 AND b.status IN ('pending', 'confirmed') AND s.starts_at > $2
      ORDER BY b.office_id, b.id FOR UPDATE OF b`,
    [userId, now],
  );
}

/**
 * Erasure: the account's bookings keep only what statistics count (topic, birth year,
 * settlement, status); name, address and account link go, and every note about them.
 */
export async function anonymiseUserBookings(q: Queryable, userId: string): Promise<void> {
  await q.query(
    `DELETE FROM guidance_notes n USING guidance_bookings b
      WHERE b.office_id = n.office_id AND b.id = n.booking_id AND b.user_id = $1`,
    [userId],
  );
  await q.query(`UPDATE guidance_bookings SET full_name = '', email = '', user_id = NULL WHERE user_id = $1`, [userId]);
}

// ── Statistics: raw counts (guidance/stats.ts suppresses them) ──────────────

export interface StatsScope {
  officeId: string;
  /** Belgrade dates, both included. */
  from: string;
  to: string;
}

/** Held or upcoming sessions (confirmed bookings) in the scope by topic, age group and settlement. */
export function rawSessionCounts(q: Queryable, scope: StatsScope) {
  return q.query<{ dimension: string; code: string | null; n: number }>(
    `WITH s AS (
       SELECT b.topic,
              CASE WHEN b.birth_year IS NULL THEN NULL
                   WHEN extract(year FROM sl.starts_at AT TIME ZONE 'Europe/Belgrade') - b.birth_year BETWEEN 15 AND 19 THEN '15-19'
                   WHEN extract(year FROM sl.starts_at AT TIME ZONE 'Europe/Belgrade') - b.birth_year BETWEEN 20 AND 24 THEN '20-24'
                   WHEN extract(year FROM sl.starts_at AT TIME ZONE 'Europe/Belgrade') - b.birth_year BETWEEN 25 AND 30 THEN '25-30'
                   ELSE 'other' END AS age,
              b.settlement_id::text AS settlement
         FROM guidance_bookings b
         JOIN guidance_slots sl ON sl.office_id = b.office_id AND sl.id = b.slot_id
        WHERE b.office_id = $1 AND b.status = 'confirmed'
          AND sl.starts_at >= ($2::date::timestamp AT TIME ZONE 'Europe/Belgrade')
          AND sl.starts_at < (($3::date + 1)::timestamp AT TIME ZONE 'Europe/Belgrade')
     )
     SELECT 'topic' AS dimension, topic AS code, count(*)::int AS n FROM s GROUP BY topic
     UNION ALL SELECT 'age', age, count(*)::int FROM s GROUP BY age
     UNION ALL SELECT 'settlement', settlement, count(*)::int FROM s GROUP BY settlement`,
    [scope.officeId, scope.from, scope.to],
  );
}
