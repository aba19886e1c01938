import type { Queryable } from '../../core/db/db.ts';
import type { Locale } from '../../core/i18n/locale.ts';

/**
 * SQL of the retention job (retention.ts): accounts to warn and to erase, and the stale
 * parent requests, import previews and sent mail it deletes.
 */

// ── Retention ──────────────────────────────────────────────────────────────

export interface RetentionUser {
  id: string;
  email: string;
  display_name: string;
  locale: Locale;
}

/** The moment `months` months before `now`, as PostgreSQL counts months. */
export async function monthsBefore(q: Queryable, now: Date, months: number): Promise<Date> {
  const [row] = (await q.query<{ cutoff: Date }>(`SELECT $1::timestamptz - make_interval(months => $2) AS cutoff`, [now, months])) as [
    { cutoff: Date },
  ];
  return row.cutoff;
}

/** Whether the account is a national admin (false when it is gone). */
export async function isNationalAdmin(q: Queryable, userId: string): Promise<boolean> {
  const rows = await q.query<{ is_national_admin: boolean }>('SELECT is_national_admin FROM users WHERE id = $1', [userId]);
  return rows[0]?.is_national_admin ?? false;
}

/** Accounts inactive since before `cutoff` and not yet warned (locked, skipping ones in use). */
export function accountsToWarn(q: Queryable, cutoff: Date, limit: number): Promise<RetentionUser[]> {
  return q.query<RetentionUser>(
    `SELECT id, email, display_name, locale FROM users
      WHERE last_active_at < $1 AND retention_warned_at IS NULL
      ORDER BY last_active_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [cutoff, limit],
  );
}

export async function markWarned(q: Queryable, userId: string, at: Date): Promise<void> {
  await q.query('UPDATE users SET retention_warned_at = $2 WHERE id = $1', [userId, at]);
}

/** Accounts warned before `warnedBefore` and inactive since before `inactiveBefore` and since the warning. */
export function accountsToExpire(q: Queryable, warnedBefore: Date, inactiveBefore: Date, limit: number): Promise<RetentionUser[]> {
  return q.query<RetentionUser>(
    `SELECT id, email, display_name, locale FROM users
      WHERE retention_warned_at < $1 AND last_active_at < $2 AND last_active_at <= retention_warned_at
      ORDER BY retention_warned_at, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
    [warnedBefore, inactiveBefore, limit],
  );
}

/**
 * Online parent consents still unconfirmed after `before`: for the register, the person row
 * goes (nothing else was ever done with it); for another purpose, just that consent.
 * Returns how many people and consents were deleted.
 */
export async function deleteExpiredParentRequests(q: Queryable, before: Date): Promise<{ people: number; consents: number }> {
  const people = await q.query(
    `DELETE FROM people p USING person_consents c
      WHERE c.office_id = p.office_id AND c.person_id = p.id AND c.purpose = 'register'
        AND c.given_by = 'parent' AND c.evidence = 'online' AND c.parent_confirmed_at IS NULL AND c.withdrawn_at IS NULL
        AND c.given_at < $1
     RETURNING p.id`,
    [before],
  );
  const consents = await q.query(
    `DELETE FROM person_consents
      WHERE given_by = 'parent' AND evidence = 'online' AND parent_confirmed_at IS NULL AND withdrawn_at IS NULL AND given_at < $1
     RETURNING id`,
    [before],
  );
  return { people: people.length, consents: consents.length };
}

/** Import previews older than `before`: their rows (personal data) emptied, the import cancelled. */
export async function cancelStaleImports(q: Queryable, before: Date, at: Date): Promise<number> {
  const rows = await q.query(
    `UPDATE imports SET rows = '[]', status = 'cancelled', finished_at = $2 WHERE status = 'preview' AND created_at < $1 RETURNING id`,
    [before, at],
  );
  return rows.length;
}

export async function deleteSentMail(q: Queryable, before: Date): Promise<number> {
  const rows = await q.query('DELETE FROM outbox WHERE sent_at < $1 RETURNING id', [before]);
  return rows.length;
}
