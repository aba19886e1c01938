import { randomBytes } from 'node:crypto';
import { newToken, tokenHash } from '../../core/auth/sessions.ts';
import type { Db } from '../../core/db/db.ts';
import { makeActivity, makeRegistration } from '../activities/testing.ts';

/**
 * Fixtures for the harness (test/actors.ts PARAM_FIXTURES): the office a close or merge route
 * acts on (:kzm) — never office A, which every other route is tried in — and a first admin's
 * invitation (:invitation). Production code never imports this.
 */

const current = new WeakMap<Db, string>();

/** An open office of its own with an upcoming activity and a confirmed registration (so closing asks first); a new one once closed. */
export async function networkOfficeFixture(db: Db): Promise<string> {
  const known = current.get(db);
  if (known && (await db.query(`SELECT 1 FROM offices WHERE slug = $1 AND status = 'full'`, [known])).length > 0) return known;
  const slug = `mreza-${randomBytes(4).toString('hex')}`;
  await db.query(
    `INSERT INTO offices (slug, status, name, town, region, district_code, latitude, longitude, search_key)
     VALUES ($1, 'full', 'Kancelarija za mlade Matrica', 'Kraljevo', 'west', 'RS-18', 43.72, 20.69, 'kancelarija za mlade matrica kraljevo')`,
    [slug],
  );
  const activity = await makeActivity(db, slug, { capacity: 20, status: 'published' });
  await makeRegistration(db, activity, { status: 'confirmed' });
  current.set(db, slug);
  return slug;
}

/** The raw token of a fresh invitation to a network office, for an address no test account has (or the one given). */
export async function invitationFixture(db: Db, email?: string): Promise<string> {
  const slug = await networkOfficeFixture(db);
  const token = newToken();
  await db.query(
    `INSERT INTO office_invitations (office_id, email, token_hash, expires_at)
     SELECT id, $2, $3, now() + interval '14 days' FROM offices WHERE slug = $1`,
    [slug, email ?? `pozvana.${randomBytes(4).toString('hex')}@primer.test`, tokenHash(token)],
  );
  return token;
}

/**
 * The :kampanja fixture: an open national campaign (the demo's Youth Day when seeded; otherwise
 * one through next month is made here).
 */
export async function campaignFixture(db: Db): Promise<string> {
  const open = await db.query<{ slug: string }>(
    `SELECT slug FROM campaigns WHERE ends_on >= current_date ORDER BY starts_on, slug LIMIT 1`,
  );
  if (open[0]) return open[0].slug;
  const slug = `kampanja-${randomBytes(4).toString('hex')}`;
  await db.query(
    `INSERT INTO campaigns (slug, title, starts_on, ends_on) VALUES ($1, 'Probna kampanja', current_date, current_date + 40)`,
    [slug],
  );
  return slug;
}
