import type { Deps } from '../../core/http/env.ts';
import type { RouteDef } from '../../core/http/routes.ts';
import { insertAccount } from '../accounts/service.ts';
import { ensureJoined } from '../me/fixtures.ts';
import { CANCEL_PATH, CONFIRM_PATH, MY_BOOKINGS_PATH, bookingToken } from './mails.ts';
import { bookAsAccount, bookAsGuest } from './service.ts';
import { slotAdminPath } from './views.tsx';

/**
 * Fixtures for the harness (test/actors.ts PARAM_FIXTURES, test/forms.ts FORM_STATES): a free
 * slot, and the states that show this feature's forms. Production code never imports this.
 */

let hour = 0;

/** The account's e-mail if it exists, else the office's first coordinator's (the demo data has one; the matrix's actors may not exist). */
async function counsellorOf(deps: Pick<Deps, 'db'>, officeSlug: string, email: string): Promise<string> {
  const rows = await deps.db.query<{ email: string }>(
    `SELECT email FROM users WHERE lower(email) = lower($2)
     UNION ALL
     (SELECT u.email FROM office_members m JOIN users u ON u.id = m.user_id JOIN offices o ON o.id = m.office_id
       WHERE o.slug = $1 AND m.role = 'coordinator' ORDER BY u.created_at, u.email LIMIT 1)`,
    [officeSlug, email],
  );
  return rows[0]?.email ?? email;
}

/** A new open slot of the account in the office, some days ahead (each one an hour after the last, so none overlap). */
export async function makeSlot(deps: Pick<Deps, 'db'>, officeSlug: string, preferredEmail: string): Promise<string> {
  const counsellorEmail = await counsellorOf(deps, officeSlug, preferredEmail);
  hour++;
  const rows = await deps.db.query<{ id: string }>(
    `INSERT INTO guidance_slots (office_id, counsellor_id, counsellor_name, starts_at, ends_at, place_kind)
     SELECT o.id, u.id, u.display_name, date_trunc('hour', now()) + make_interval(days => 60, hours => $3::int),
            date_trunc('hour', now()) + make_interval(days => 60, hours => $3::int, mins => 45), 'office'
       FROM offices o, users u WHERE o.slug = $1 AND lower(u.email) = lower($2)
     RETURNING id`,
    [officeSlug, counsellorEmail, hour * 2 + Math.floor(Math.random() * 1000) * 24],
  );
  if (!rows[0]) throw new Error(`makeSlot: no office ${officeSlug} or account ${counsellorEmail}`);
  return rows[0].id;
}

/**
 * :slot — a free open future slot of the counsellor in the office: the same one while it stays
 * free (probes and snapshots see one slot), a new one once a route booked or cancelled it.
 */
export async function slotFixture(deps: Pick<Deps, 'db'>, officeSlug: string, preferredEmail: string): Promise<string> {
  const counsellorEmail = await counsellorOf(deps, officeSlug, preferredEmail);
  const free = await deps.db.query<{ id: string }>(
    `SELECT s.id FROM guidance_slots s JOIN offices o ON o.id = s.office_id JOIN users u ON u.id = s.counsellor_id
      WHERE o.slug = $1 AND lower(u.email) = lower($2) AND s.status = 'open' AND s.starts_at > now() + interval '1 day'
        AND NOT EXISTS (SELECT 1 FROM guidance_bookings b WHERE b.office_id = s.office_id AND b.slot_id = s.id AND b.status IN ('pending', 'confirmed'))
      ORDER BY s.created_at, s.id LIMIT 1`,
    [officeSlug, counsellorEmail],
  );
  return free[0]?.id ?? makeSlot(deps, officeSlug, counsellorEmail);
}

async function officeOf(deps: Deps, slug: string) {
  const [o] = await deps.db.query<{ id: string; slug: string; name: string }>('SELECT id, slug, name FROM offices WHERE slug = $1', [slug]);
  return o!;
}

/** A guest's fresh booking (pending) and the two pages its mailed link opens. */
export async function guestBookingPaths(
  deps: Deps,
  officeSlug: string,
  counsellorEmail: string,
): Promise<{ confirm: string; cancel: string }> {
  const office = await officeOf(deps, officeSlug);
  const slotId = await makeSlot(deps, officeSlug, counsellorEmail);
  const n = Math.random().toString(36).slice(2, 8);
  const r = await bookAsGuest(
    deps,
    office,
    slotId,
    { topic: 'cv', settlementId: '' },
    { full_name: 'Gost Obrazac', email: `gost.savet.${n}@primer.test`, birth_year: 2004 },
    'lat',
    `198.51.100.${Math.floor(Math.random() * 250)}`,
  );
  if (!r.ok) throw new Error(`guestBookingPaths: ${r.error}`);
  const [row] = await deps.db.query<{ code: string }>('SELECT code FROM guidance_bookings WHERE office_id = $1 AND id = $2', [
    office.id,
    r.value.id,
  ]);
  const token = encodeURIComponent(bookingToken(deps, row!.code));
  return { confirm: `/lat${CONFIRM_PATH}?t=${token}`, cancel: `/lat${CANCEL_PATH}?t=${token}` };
}

async function actorOf(deps: Deps, userId: string) {
  const [u] = await deps.db.query<{ email: string; display_name: string }>('SELECT email, display_name FROM users WHERE id = $1', [userId]);
  return {
    userId,
    sessionId: '',
    email: u!.email,
    displayName: u!.display_name,
    locale: 'lat' as const,
    isNationalAdmin: false,
    memberships: [],
  };
}

/** Books a fresh slot for the account; returns "my bookings" (with its cancel button). */
export async function myBookingsPath(deps: Deps, officeSlug: string, userId: string, counsellorEmail: string): Promise<string> {
  const office = await officeOf(deps, officeSlug);
  const slotId = await makeSlot(deps, officeSlug, counsellorEmail);
  const r = await bookAsAccount(deps, await actorOf(deps, userId), office, slotId, { topic: 'career', settlementId: '' }, 'lat');
  if (!r.ok) throw new Error(`myBookingsPath: ${r.error}`);
  return `/lat${MY_BOOKINGS_PATH}`;
}

/**
 * A slot of `counsellorEmail` booked by `personUserId`, who is in the office's register with the
 * guidance consent: the counsellor's slot page shows the notes form.
 */
export async function notesPagePath(deps: Deps, officeSlug: string, counsellorEmail: string, personUserId: string): Promise<string> {
  const office = await officeOf(deps, officeSlug);
  await ensureJoined(deps, officeSlug, personUserId, ['register', 'guidance']);
  const [c] = await deps.db.query<{ id: string }>(
    `SELECT c.id FROM person_consents c JOIN people p ON p.office_id = c.office_id AND p.id = c.person_id
      WHERE c.office_id = $1 AND p.user_id = $2 AND c.purpose = 'guidance' AND c.withdrawn_at IS NULL`,
    [office.id, personUserId],
  );
  if (!c) {
    // Joined before without it: give it as the consents page does.
    const [p] = await deps.db.query<{ id: string }>(
      'SELECT id FROM people WHERE office_id = $1 AND user_id = $2 AND merged_into_id IS NULL',
      [office.id, personUserId],
    );
    await deps.db.query(
      `INSERT INTO person_consents (office_id, person_id, purpose, notice_version, given_by, evidence) VALUES ($1, $2, 'guidance', '2026-11-01', 'self', 'online')`,
      [office.id, p!.id],
    );
  }
  const slotId = await makeSlot(deps, officeSlug, counsellorEmail);
  const r = await bookAsAccount(deps, await actorOf(deps, personUserId), office, slotId, { topic: 'interview', settlementId: '' }, 'lat');
  if (!r.ok) throw new Error(`notesPagePath: ${r.error}`);
  return `/lat${slotAdminPath(office, slotId)}`;
}

/**
 * :slot for the counsellor's slot page and its forms (notes, cancel): a slot of the counsellor
 * booked by someone in the office's register who agreed to the counsellor's notes, so the notes
 * form shows; the same while it stays so. Every other route gets a free slot (slotFixture).
 */
export async function slotParamFixture(
  deps: Deps,
  officeSlug: string,
  preferredEmail: string,
  route?: Pick<RouteDef, 'name'>,
): Promise<string> {
  if (!route?.name.startsWith('guidance.admin.slot')) return slotFixture(deps, officeSlug, preferredEmail);
  const counsellorEmail = await counsellorOf(deps, officeSlug, preferredEmail);
  const booked = await deps.db.query<{ id: string }>(
    `SELECT s.id FROM guidance_slots s JOIN offices o ON o.id = s.office_id JOIN users u ON u.id = s.counsellor_id
       JOIN guidance_bookings b ON b.office_id = s.office_id AND b.slot_id = s.id AND b.status = 'confirmed'
       JOIN person_consents c ON c.office_id = b.office_id AND c.person_id = b.person_id AND c.purpose = 'guidance' AND c.withdrawn_at IS NULL
      WHERE o.slug = $1 AND lower(u.email) = lower($2) AND s.status = 'open' AND s.starts_at > now() + interval '1 day'
      ORDER BY s.created_at, s.id LIMIT 1`,
    [officeSlug, counsellorEmail],
  );
  if (booked[0]) return booked[0].id;
  const email = `savetovanje.${Math.random().toString(36).slice(2, 10)}@primer.test`;
  const userId = await deps.db.transaction((tx) =>
    insertAccount(tx, {
      email,
      passwordHash: 'x',
      displayName: 'Savetovanje Matrica',
      birthDate: '2004-04-04',
      locale: 'lat',
      confirmed: true,
    }),
  );
  const path = await notesPagePath(deps, officeSlug, counsellorEmail, userId);
  return path.split('/').at(-1)!;
}
