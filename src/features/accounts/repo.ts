import type { Queryable } from '../../core/db/db.ts';
import { maybeOne } from '../../core/db/db.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { newToken, tokenHash } from '../../core/auth/sessions.ts';

/** A users row as `SELECT *` reads it (the one type of that table: me's export reads it too). */
export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  display_name: string;
  birth_date: string;
  locale: Locale;
  email_confirmed_at: Date | null;
  is_national_admin: boolean;
  created_at: Date;
  updated_at: Date;
  last_active_at: Date;
  retention_warned_at: Date | null;
}

export type TokenPurpose = 'confirm_email' | 'reset_password' | 'change_email';

export const TOKEN_HOURS: Record<TokenPurpose, number> = { confirm_email: 48, reset_password: 1, change_email: 48 };

export function findUserByEmail(q: Queryable, email: string): Promise<UserRow | undefined> {
  return maybeOne<UserRow>(q, 'SELECT * FROM users WHERE lower(email) = lower($1)', [email]);
}

export function findUserById(q: Queryable, id: string): Promise<UserRow | undefined> {
  return maybeOne<UserRow>(q, 'SELECT * FROM users WHERE id = $1', [id]);
}

export async function insertUser(
  q: Queryable,
  u: {
    email: string;
    passwordHash: string;
    displayName: string;
    birthDate: string;
    locale: Locale;
    confirmed?: boolean;
    nationalAdmin?: boolean;
  },
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, display_name, birth_date, locale, email_confirmed_at, is_national_admin)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN now() END, $7) RETURNING id`,
    [u.email, u.passwordHash, u.displayName, u.birthDate, u.locale, u.confirmed ?? false, u.nationalAdmin ?? false],
  );
  return rows[0]!.id;
}

export async function insertConsent(q: Queryable, userId: string, noticeVersion: string, givenBy: 'self' | 'parent'): Promise<void> {
  await q.query(`INSERT INTO consents (user_id, purpose, notice_version, given_by) VALUES ($1, 'privacy_notice', $2, $3)`, [
    userId,
    noticeVersion,
    givenBy,
  ]);
}

export function listConsents(q: Queryable, userId: string) {
  return q.query<{ notice_version: string; given_by: string; given_at: Date; withdrawn_at: Date | null }>(
    'SELECT notice_version, given_by, given_at, withdrawn_at FROM consents WHERE user_id = $1 ORDER BY given_at',
    [userId],
  );
}

/** Creates a one-time token and returns it (only its hash is stored). */
export async function createUserToken(q: Queryable, userId: string, purpose: TokenPurpose, newEmail?: string): Promise<string> {
  const token = newToken();
  await q.query(
    `INSERT INTO user_tokens (token_hash, user_id, purpose, new_email, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))`,
    [tokenHash(token), userId, purpose, newEmail ?? null, TOKEN_HOURS[purpose]],
  );
  return token;
}

/** Marks a valid token used and returns it; undefined when unknown, used or expired. Atomic. */
export function consumeUserToken(q: Queryable, token: string, purpose: TokenPurpose) {
  return maybeOne<{ user_id: string; new_email: string | null }>(
    q,
    `UPDATE user_tokens SET used_at = now()
      WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
      RETURNING user_id, new_email`,
    [tokenHash(token), purpose],
  );
}

/** Checks a token without using it (to show the new-password form). */
export async function tokenIsValid(q: Queryable, token: string, purpose: TokenPurpose): Promise<boolean> {
  const row = await maybeOne(
    q,
    'SELECT 1 FROM user_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()',
    [tokenHash(token), purpose],
  );
  return row !== undefined;
}

export async function confirmEmail(q: Queryable, userId: string): Promise<void> {
  await q.query('UPDATE users SET email_confirmed_at = COALESCE(email_confirmed_at, now()), updated_at = now() WHERE id = $1', [userId]);
}

/**
 * Sets the password hash and voids the account's outstanding reset and e-mail-change links
 * (marked used): an old reset mail must not set the password again, and an e-mail change
 * started by someone who knew the old password must not complete. Every way of changing a
 * password goes through here.
 */
export async function setPassword(q: Queryable, userId: string, passwordHash: string): Promise<void> {
  await q.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [userId, passwordHash]);
  await q.query(
    `UPDATE user_tokens SET used_at = now()
      WHERE user_id = $1 AND purpose IN ('reset_password', 'change_email') AND used_at IS NULL`,
    [userId],
  );
}

export async function makeNationalAdmin(q: Queryable, userId: string): Promise<void> {
  await q.query('UPDATE users SET is_national_admin = true, updated_at = now() WHERE id = $1', [userId]);
}

export async function setEmail(q: Queryable, userId: string, email: string): Promise<void> {
  await q.query('UPDATE users SET email = $2, email_confirmed_at = now(), updated_at = now() WHERE id = $1', [userId, email]);
}
