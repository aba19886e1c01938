import type { Deps } from '../../core/http/env.ts';
import type { RouteDef } from '../../core/http/routes.ts';
import { localParts } from '../../core/time.ts';
import { requestToken, CONFIRM_PATH, MY_REQUESTS_PATH } from './mails.ts';
import { addDays, requestAsGuest, weeklySpans } from './service.ts';

/**
 * Fixtures for the harness (test/actors.ts PARAM_FIXTURES, test/forms.ts FORM_STATES): a room of
 * the office open every day, a pending request on it, and a guest's mailed link. Production code
 * never imports this.
 */
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

async function officeOf(deps: Pick<Deps, 'db'>, slug: string) {
  const [o] = await deps.db.query<{ id: string; slug: string; name: string }>('SELECT id, slug, name FROM offices WHERE slug = $1', [slug]);
  if (!o) throw new Error(`bookings fixtures: no office ${slug}`);
  return o;
}

/**
 * :resource — an active room of the office, open 06:00–23:00 every day (the same one while it
 * exists). It also sees to it that the office has an approved booking in progress, neither
 * checked in nor released, so the staff page shows its check-in and release forms to the
 * harness (a new room for it once a route checked the last one in: they cannot overlap).
 */
export async function resourceFixture(deps: Pick<Deps, 'db'>, officeSlug: string): Promise<string> {
  const o = await officeOf(deps, officeSlug);
  await ensureInProgress(deps, o.id);
  const found = await deps.db.query<{ id: string }>(
    `SELECT id FROM booking_resources WHERE office_id = $1 AND name = 'Sala za harness' AND active ORDER BY created_at LIMIT 1`,
    [o.id],
  );
  if (found[0]) return found[0].id;
  const [r] = await deps.db.query<{ id: string }>(
    `INSERT INTO booking_resources (office_id, kind, category, name, capacity) VALUES ($1, 'room', 'hall', 'Sala za harness', 30) RETURNING id`,
    [o.id],
  );
  await deps.db.query(
    `INSERT INTO booking_resource_hours (office_id, resource_id, weekday, opens, closes) SELECT $1, $2, d, '06:00', '23:00' FROM unnest($3::int[]) AS d`,
    [o.id, r!.id, EVERY_DAY],
  );
  return r!.id;
}

let offset = 0;

/** A guest's fresh request on the harness room (unconfirmed), some weeks ahead; returns its id and raw token. */
async function guestRequest(deps: Deps, officeSlug: string): Promise<{ id: string; token: string; officeId: string }> {
  const o = await officeOf(deps, officeSlug);
  const resourceId = await resourceFixture(deps, officeSlug);
  for (let attempt = 0; attempt < 50; attempt++) {
    offset++;
    const date = addDays(localParts(new Date()).date, 30 + Math.floor(Math.random() * 300));
    const hour = 6 + ((offset + attempt) % 16);
    const h = (x: number) => `${String(x).padStart(2, '0')}:00`;
    const r = await requestAsGuest(
      deps,
      {
        office: o,
        resourceIds: [resourceId],
        spans: weeklySpans(date, h(hour), h(hour + 1)),
        booker: {
          userId: null,
          kind: 'person',
          groupName: '',
          fullName: 'Gost Harness',
          email: `gost.prostor.${offset}@primer.test`,
          locale: 'lat',
        },
        purpose: 'Harness',
      },
      `198.51.100.${Math.floor(Math.random() * 250)}`,
    );
    if (!r.ok) continue;
    const [row] = await deps.db.query<{ code: string }>('SELECT code FROM booking_requests WHERE office_id = $1 AND id = $2', [
      o.id,
      r.value.id,
    ]);
    return { id: r.value.id, token: requestToken(deps, row!.code), officeId: o.id };
  }
  throw new Error('bookings fixtures: no free slot for a guest request');
}

/**
 * :request — a pending request of the office (its page shows approve and decline): the same while
 * it stays pending, a new one once a route decided it; for the booker's cancel, one of
 * `ownerEmail`'s (the harness's office A coordinator), the same while it stays pending.
 */
export async function requestFixture(deps: Deps, officeSlug: string, route?: Pick<RouteDef, 'name'>, ownerEmail?: string): Promise<string> {
  const o = await officeOf(deps, officeSlug);
  // The booker's cancel: a fresh pending request of the owner's (the route uses it up).
  if (route?.name === 'bookings.cancel' && ownerEmail) {
    const [u] = await deps.db.query<{ id: string }>('SELECT id FROM users WHERE lower(email) = lower($1)', [ownerEmail]);
    if (u) {
      // The same while it stays pending (a probe that changes nothing finds the data as it was).
      const own = await deps.db.query<{ id: string }>(
        `SELECT id FROM booking_requests WHERE office_id = $1 AND user_id = $2 AND status = 'pending' AND purpose = 'Harness' ORDER BY created_at, id LIMIT 1`,
        [o.id, u.id],
      );
      if (own[0]) return own[0].id;
      const r = await guestRequest(deps, officeSlug);
      await deps.db.query(`UPDATE booking_requests SET status = 'pending', user_id = $3 WHERE office_id = $1 AND id = $2`, [
        o.id,
        r.id,
        u.id,
      ]);
      await deps.db.query(`UPDATE bookings SET status = 'pending' WHERE office_id = $1 AND request_id = $2`, [o.id, r.id]);
      return r.id;
    }
  }
  const pending = await deps.db.query<{ id: string }>(
    `SELECT id FROM booking_requests WHERE office_id = $1 AND status = 'pending' AND purpose = 'Harness' AND user_id IS NULL ORDER BY created_at, id LIMIT 1`,
    [o.id],
  );
  if (pending[0]) return pending[0].id;
  const r = await guestRequest(deps, officeSlug);
  await deps.db.query(`UPDATE booking_requests SET status = 'pending' WHERE office_id = $1 AND id = $2`, [o.id, r.id]);
  await deps.db.query(`UPDATE bookings SET status = 'pending' WHERE office_id = $1 AND request_id = $2`, [o.id, r.id]);
  return r.id;
}

/** The account's own requests page with a pending request of theirs to come (its cancel form). */
export async function ownRequestsPath(deps: Deps, officeSlug: string, userId: string): Promise<string> {
  const r = await guestRequest(deps, officeSlug);
  await deps.db.query(`UPDATE booking_requests SET status = 'pending', user_id = $3 WHERE office_id = $1 AND id = $2`, [
    r.officeId,
    r.id,
    userId,
  ]);
  await deps.db.query(`UPDATE bookings SET status = 'pending' WHERE office_id = $1 AND request_id = $2`, [r.officeId, r.id]);
  return `/lat${MY_REQUESTS_PATH}`;
}

/** The page a guest's mailed link opens (its confirm button). */
export async function guestConfirmPath(deps: Deps, officeSlug: string): Promise<string> {
  const r = await guestRequest(deps, officeSlug);
  return `/lat${CONFIRM_PATH}?t=${encodeURIComponent(r.token)}`;
}

/**
 * The staff page with a booking of today in progress (its check-in and release forms): an
 * approved booking from now − 20 minutes for an hour, written directly (the app refuses the past).
 */
export async function todayAdminPath(deps: Deps, officeSlug: string): Promise<string> {
  const o = await officeOf(deps, officeSlug);
  const resourceId = await resourceFixture(deps, officeSlug);
  const r = await guestRequest(deps, officeSlug);
  await deps.db.query(`UPDATE booking_requests SET status = 'approved' WHERE office_id = $1 AND id = $2`, [o.id, r.id]);
  await deps.db.query(`DELETE FROM bookings WHERE office_id = $1 AND request_id = $2`, [o.id, r.id]);
  await deps.db.query(
    `INSERT INTO bookings (office_id, request_id, resource_id, during, status)
     SELECT $1, $2, $3, tstzrange(now() - interval '20 minutes', now() + interval '40 minutes', '[)'), 'approved'
      WHERE NOT EXISTS (SELECT 1 FROM bookings b WHERE b.office_id = $1 AND b.resource_id = $3 AND b.status IN ('unconfirmed', 'pending', 'approved')
                          AND b.during && tstzrange(now() - interval '20 minutes', now() + interval '40 minutes', '[)'))`,
    [o.id, r.id, resourceId],
  );
  return `/lat/admin/kancelarije/${officeSlug}/prostor`;
}

/** An approved booking of the office from 20 minutes ago for an hour, not checked in (see resourceFixture). */
async function ensureInProgress(deps: Pick<Deps, 'db'>, officeId: string): Promise<void> {
  const live = await deps.db.query(
    `SELECT 1 FROM bookings WHERE office_id = $1 AND status = 'approved' AND checked_in_at IS NULL
        AND during @> now() AND lower(during) <= now() - interval '15 minutes'`,
    [officeId],
  );
  if (live.length > 0) return;
  const [r] = await deps.db.query<{ id: string }>(
    `INSERT INTO booking_resources (office_id, kind, category, name, capacity) VALUES ($1, 'room', 'meeting_room', 'Sala za dolazak ' || substr(md5(random()::text), 1, 6), 10) RETURNING id`,
    [officeId],
  );
  const [q] = await deps.db.query<{ id: string }>(
    `INSERT INTO booking_requests (office_id, booker_kind, group_name, full_name, email, purpose, status, code, token_hash)
     VALUES ($1, 'informal', 'Grupa u toku', 'Gost Dolazak', 'gost.dolazak@primer.test', 'Harness u toku', 'approved', md5(random()::text), md5(random()::text))
     RETURNING id`,
    [officeId],
  );
  await deps.db.query(
    `INSERT INTO bookings (office_id, request_id, resource_id, during, status)
     VALUES ($1, $2, $3, tstzrange(now() - interval '20 minutes', now() + interval '40 minutes', '[)'), 'approved')`,
    [officeId, q!.id, r!.id],
  );
}
