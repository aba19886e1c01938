import type { Queryable } from '../../core/db/db.ts';

/**
 * SQL of erasing an account: its register rows locked, the admin checks that may block it,
 * and the rows deleted with it.
 */

// ── Erasure ────────────────────────────────────────────────────────────────

/** Every register row linked to the account (merged duplicates too), locked. */
export function lockAccountPeople(q: Queryable, userId: string) {
  return q.query<{ office_id: string; id: string }>(
    'SELECT office_id, id FROM people WHERE user_id = $1 ORDER BY office_id, id FOR UPDATE',
    [userId],
  );
}

/** Offices where this account is the only office admin (locks the admin rows of those offices). */
export async function officesWhereOnlyAdmin(q: Queryable, userId: string): Promise<Array<{ name: string }>> {
  return q.query<{ name: string }>(
    `SELECT o.name FROM offices o
      WHERE EXISTS (SELECT 1 FROM office_members m WHERE m.office_id = o.id AND m.user_id = $1 AND m.role = 'office_admin')
        AND (SELECT count(*) FROM office_members m WHERE m.office_id = o.id AND m.role = 'office_admin') = 1
      ORDER BY o.name`,
    [userId],
  );
}

/** Locks the office-admin rows of every office the account administers (so "the only admin" cannot race). */
export async function lockAdminRowsOf(q: Queryable, userId: string): Promise<void> {
  await q.query(
    `SELECT 1 FROM office_members WHERE role = 'office_admin'
        AND office_id IN (SELECT office_id FROM office_members WHERE user_id = $1 AND role = 'office_admin')
      ORDER BY office_id, user_id FOR UPDATE`,
    [userId],
  );
}

/** Whether the account is the installation's only national admin (locks the national admins). */
export async function isOnlyNationalAdmin(q: Queryable, userId: string): Promise<boolean> {
  const admins = await q.query<{ id: string }>('SELECT id FROM users WHERE is_national_admin ORDER BY id FOR UPDATE', []);
  return admins.length === 1 && admins[0]!.id === userId;
}

/** Offices where the account is a member or an association's representative (the audit of its erasure goes there too). */
export function accountOfficeIds(q: Queryable, userId: string): Promise<Array<{ office_id: string }>> {
  return q.query<{ office_id: string }>(
    `SELECT office_id FROM office_members WHERE user_id = $1 UNION SELECT office_id FROM association_representatives WHERE user_id = $1`,
    [userId],
  );
}

export async function deleteRepresentations(q: Queryable, userId: string): Promise<void> {
  await q.query('DELETE FROM association_representatives WHERE user_id = $1', [userId]);
}

export async function deleteAccount(q: Queryable, userId: string): Promise<void> {
  await q.query('DELETE FROM users WHERE id = $1', [userId]);
}
