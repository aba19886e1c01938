import type { Queryable } from '../../core/db/db.ts';
import type { OfficeRole } from '../../core/auth/actor.ts';

export interface MemberRow {
  user_id: string;
  display_name: string;
  email: string;
  role: OfficeRole;
  granted_at: Date;
}

export function listMembers(q: Queryable, officeId: string): Promise<MemberRow[]> {
  return q.query<MemberRow>(
    `SELECT m.user_id, u.display_name, u.email, m.role, m.granted_at
       FROM office_members m JOIN users u ON u.id = m.user_id
      WHERE m.office_id = $1 ORDER BY u.display_name, m.role`,
    [officeId],
  );
}

/** Adds a role; false when the person already has it. */
export async function addMember(
  q: Queryable,
  officeId: string,
  userId: string,
  role: OfficeRole,
  grantedBy: string | null,
): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO office_members (office_id, user_id, role, granted_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [officeId, userId, role, grantedBy],
  );
  return rows.length > 0;
}

export async function removeMember(q: Queryable, officeId: string, userId: string, role: OfficeRole): Promise<boolean> {
  const rows = await q.query('DELETE FROM office_members WHERE office_id = $1 AND user_id = $2 AND role = $3 RETURNING 1', [
    officeId,
    userId,
    role,
  ]);
  return rows.length > 0;
}

/** Counts admins with a row lock on them, so two removals cannot both leave zero. */
export async function lockAdmins(q: Queryable, officeId: string): Promise<number> {
  const rows = await q.query(`SELECT user_id FROM office_members WHERE office_id = $1 AND role = 'office_admin' FOR UPDATE`, [officeId]);
  return rows.length;
}
