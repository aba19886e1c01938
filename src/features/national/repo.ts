import type { Queryable } from '../../core/db/db.ts';

/** The presidency regions offices already carry (offices.region), from the district's statistical region. */
const LEGACY_REGION: Record<string, 'vojvodina' | 'belgrade' | 'central' | 'west' | 'south_east'> = {
  RS11: 'belgrade',
  RS12: 'vojvodina',
  RS21: 'west',
  RS22: 'south_east',
  RS23: 'south_east',
};
const CENTRAL_DISTRICTS = new Set(['RS-10', 'RS-11', 'RS-12', 'RS-13', 'RS-19']);
export const legacyRegion = (district: string, statRegion: string) =>
  CENTRAL_DISTRICTS.has(district) ? 'central' : (LEGACY_REGION[statRegion] ?? 'central');

export interface District {
  code: string;
  name: string;
  name_en: string;
  region_code: string;
  region_name: string;
  region_name_en: string;
}

export function listDistricts(q: Queryable): Promise<District[]> {
  return q.query<District>(
    `SELECT d.code, d.name, d.name_en, d.region_code, r.name AS region_name, r.name_en AS region_name_en
       FROM districts d JOIN statistical_regions r ON r.code = d.region_code ORDER BY d.code`,
  );
}

export interface NetworkOffice {
  id: string;
  slug: string;
  name: string;
  town: string;
  status: 'full' | 'directory';
  latitude: number | null;
  longitude: number | null;
  district_code: string | null;
  district_name: string | null;
  district_name_en: string | null;
  region_code: string | null;
  region_name: string | null;
  region_name_en: string | null;
  association_member: boolean;
  association_member_since: number | null;
}

/** Every office that is not closed, with its district and region (the network list, the map). */
export function listNetwork(q: Queryable): Promise<NetworkOffice[]> {
  return q.query<NetworkOffice>(
    `SELECT o.id, o.slug, o.name, o.town, o.status, o.latitude, o.longitude, o.district_code,
            d.name AS district_name, d.name_en AS district_name_en, r.code AS region_code, r.name AS region_name,
            r.name_en AS region_name_en, o.association_member, o.association_member_since
       FROM offices o LEFT JOIN districts d ON d.code = o.district_code LEFT JOIN statistical_regions r ON r.code = d.region_code
      WHERE o.status <> 'closed' AND NOT o.national_association
      ORDER BY o.search_key`,
  );
}

export async function officeBySlug(q: Queryable, slug: string): Promise<{ id: string; name: string; status: string } | undefined> {
  const rows = await q.query<{ id: string; name: string; status: string }>('SELECT id, name, status FROM offices WHERE slug = $1', [slug]);
  return rows[0];
}

/** An office that is open (uses KZM), by slug: what the close and merge pages act on. */
export async function openOfficeBySlug(q: Queryable, slug: string): Promise<{ id: string; slug: string; name: string } | undefined> {
  const rows = await q.query<{ id: string; slug: string; name: string }>(
    `SELECT id, slug, name FROM offices WHERE slug = $1 AND status = 'full'`,
    [slug],
  );
  return rows[0];
}

export async function districtRegion(q: Queryable, code: string): Promise<string | undefined> {
  const rows = await q.query<{ region_code: string }>('SELECT region_code FROM districts WHERE code = $1', [code]);
  return rows[0]?.region_code;
}

export interface NewNetworkOffice {
  slug: string;
  name: string;
  town: string;
  region: string;
  district: string;
  member: boolean;
  memberSince: number | null;
  latitude: number | null;
  longitude: number | null;
  searchKey: string;
}

/** Inserts the office; undefined when the slug is taken (the unique index decides, not a read before). */
export async function insertNetworkOffice(q: Queryable, o: NewNetworkOffice): Promise<string | undefined> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO offices (slug, status, name, town, region, district_code, association_member, association_member_since,
                          latitude, longitude, search_key)
     VALUES ($1, 'full', $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (slug) DO NOTHING RETURNING id`,
    [o.slug, o.name, o.town, o.region, o.district, o.member, o.member ? o.memberSince : null, o.latitude, o.longitude, o.searchKey],
  );
  return rows[0]?.id;
}

// ── Invitations ────────────────────────────────────────────────────────────

export async function insertInvitation(
  q: Queryable,
  officeId: string,
  email: string,
  tokenHash: string,
  invitedBy: string,
  expiresAt: Date,
): Promise<void> {
  await q.query(`INSERT INTO office_invitations (office_id, email, token_hash, invited_by, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
    officeId,
    email,
    tokenHash,
    invitedBy,
    expiresAt,
  ]);
}

export interface Invitation {
  office_id: string;
  id: string;
  email: string;
  expires_at: Date;
  accepted_at: Date | null;
  office_slug: string;
  office_name: string;
}

/** The invitation a token names, of an office that is open (FOR UPDATE when accepting). */
export async function invitationByToken(q: Queryable, tokenHash: string, lock = false): Promise<Invitation | undefined> {
  const rows = await q.query<Invitation>(
    `SELECT i.office_id, i.id, i.email, i.expires_at, i.accepted_at, o.slug AS office_slug, o.name AS office_name
       FROM office_invitations i JOIN offices o ON o.id = i.office_id
      WHERE i.token_hash = $1 AND o.status = 'full'${lock ? ' FOR UPDATE OF i' : ''}`,
    [tokenHash],
  );
  return rows[0];
}

export async function markInvitationAccepted(q: Queryable, officeId: string, id: string, userId: string): Promise<void> {
  await q.query(`UPDATE office_invitations SET accepted_at = now(), accepted_by = $3 WHERE office_id = $1 AND id = $2`, [
    officeId,
    id,
    userId,
  ]);
}

// ── Closing ────────────────────────────────────────────────────────────────

export interface ClosingImpact {
  activities: number;
  registrations: number;
  bookings: number;
  subscriptions: number;
}

/** What closing the office would end now: upcoming activities and their live registrations, booked sessions, subscriptions. */
export async function closingImpact(q: Queryable, officeId: string): Promise<ClosingImpact> {
  const rows = await q.query<ClosingImpact>(
    `SELECT (SELECT count(*)::int FROM activities a WHERE a.office_id = $1 AND a.status <> 'cancelled' AND a.ends_at > now()) AS activities,
            (SELECT count(*)::int FROM registrations r JOIN activities a ON a.office_id = r.office_id AND a.id = r.activity_id
              WHERE r.office_id = $1 AND a.status <> 'cancelled' AND a.ends_at > now()
                AND r.status IN ('unconfirmed', 'pending', 'confirmed', 'waitlisted')) AS registrations,
            (SELECT count(*)::int FROM guidance_bookings b JOIN guidance_slots s ON s.office_id = b.office_id AND s.id = b.slot_id
              WHERE b.office_id = $1 AND s.starts_at > now() AND b.status IN ('pending', 'confirmed')) AS bookings,
            (SELECT count(*)::int FROM newsletter_subscriptions n WHERE n.office_id = $1) AS subscriptions`,
    [officeId],
  );
  return rows[0]!;
}

/** The office's upcoming activities that are not cancelled (closing cancels each through the seat keeper). */
export async function upcomingActivityIds(q: Queryable, officeId: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `SELECT id FROM activities WHERE office_id = $1 AND status <> 'cancelled' AND ends_at > now() ORDER BY starts_at FOR UPDATE`,
    [officeId],
  );
  return rows.map((r) => r.id);
}

export async function markActivityCancelled(q: Queryable, officeId: string, id: string): Promise<void> {
  await q.query(`UPDATE activities SET status = 'cancelled', updated_at = now() WHERE office_id = $1 AND id = $2`, [officeId, id]);
}

/** Future open career-guidance slots (closing cancels them and their live bookings). */
export async function upcomingSlotIds(q: Queryable, officeId: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `SELECT id FROM guidance_slots WHERE office_id = $1 AND status = 'open' AND starts_at > now() ORDER BY starts_at`,
    [officeId],
  );
  return rows.map((r) => r.id);
}

export async function endSubscriptions(q: Queryable, officeId: string): Promise<number> {
  const rows = await q.query('DELETE FROM newsletter_subscriptions WHERE office_id = $1 RETURNING 1', [officeId]);
  return rows.length;
}

/** Marks the office closed (or merged into another); false when it was not open (a concurrent close). */
export async function markClosed(q: Queryable, officeId: string, mergedInto: string | null): Promise<boolean> {
  const rows = await q.query(
    `UPDATE offices SET status = 'closed', closed_at = now(), merged_into_id = $2, updated_at = now()
      WHERE id = $1 AND status <> 'closed' RETURNING 1`,
    [officeId, mergedInto],
  );
  return rows.length > 0;
}

export async function lockOffice(q: Queryable, officeId: string): Promise<{ status: string } | undefined> {
  const rows = await q.query<{ status: string }>('SELECT status FROM offices WHERE id = $1 FOR UPDATE', [officeId]);
  return rows[0];
}
