import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/db.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Actor, Membership } from './actor.ts';

export const SESSION_COOKIE = 'kzm_session';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored only as their SHA-256, so a leaked table cannot be replayed. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(q: Queryable, userId: string, days: number): Promise<string> {
  const token = newToken();
  await q.query(`INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, now() + make_interval(days => $3))`, [
    tokenHash(token),
    userId,
    days,
  ]);
  return token;
}

export async function deleteSession(q: Queryable, token: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE id = $1', [tokenHash(token)]);
}

export async function deleteUserSessions(q: Queryable, userId: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
}

/** Ends every session of the account but the one in use (`keep` is its id, the token's hash). */
export async function deleteOtherSessions(q: Queryable, userId: string, keep: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE user_id = $1 AND id <> $2', [userId, keep]);
}

/**
 * Records that the account was used at `at` (log-in, or a session seen after an hour's pause):
 * the retention rule counts inactivity from here, and a pending retention warning is cancelled.
 */
export async function markActive(q: Queryable, userId: string, at: Date): Promise<void> {
  await q.query('UPDATE users SET last_active_at = $2, retention_warned_at = NULL WHERE id = $1', [userId, at]);
}

interface SessionRow {
  session_id: string;
  stale: boolean;
  idle: boolean;
  user_id: string;
  email: string;
  display_name: string;
  locale: Locale;
  is_national_admin: boolean;
  memberships: Array<{ office_id: string; slug: string; name: string; role: Membership['role'] }> | null;
}

/**
 * Loads the actor for a session token in one query; renews a session seen more than a day ago,
 * and marks the account active (markActive) at most once an hour, by the app's clock `now`.
 */
export async function loadActor(q: Queryable, token: string, days: number, now: Date = new Date()): Promise<Actor | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const id = tokenHash(token);
  const rows = await q.query<SessionRow>(
    `SELECT s.id AS session_id, s.last_seen_at < now() - interval '1 day' AS stale,
            u.last_active_at < $2::timestamptz - interval '1 hour' AS idle,
            u.id AS user_id, u.email, u.display_name, u.locale, u.is_national_admin,
            (SELECT json_agg(json_build_object('office_id', m.office_id, 'slug', o.slug, 'name', o.name, 'role', m.role)
                             ORDER BY o.name, m.role)
               FROM office_members m JOIN offices o ON o.id = m.office_id
              WHERE m.user_id = u.id) AS memberships
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = $1 AND s.expires_at > now()`,
    [id, now],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.idle) await markActive(q, row.user_id, now);
  if (row.stale) {
    await q.query(`UPDATE sessions SET last_seen_at = now(), expires_at = now() + make_interval(days => $2) WHERE id = $1`, [id, days]);
  }
  return {
    userId: row.user_id,
    sessionId: row.session_id,
    email: row.email,
    displayName: row.display_name,
    locale: row.locale,
    isNationalAdmin: row.is_national_admin,
    memberships: (row.memberships ?? []).map((m) => ({
      officeId: m.office_id,
      officeSlug: m.slug,
      officeName: m.name,
      role: m.role,
    })),
  };
}
