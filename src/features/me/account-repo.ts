import type { Queryable } from '../../core/db/db.ts';
import { maybeOne } from '../../core/db/db.ts';
import type { UserRow } from '../accounts/repo.ts';
import { OWN_ROWS } from './repo.ts';

/**
 * SQL of everything about an account, as the data export and the "my data" page show it.
 */

// ── Everything about an account (the export and the "my data" page) ───────

/** The account's users row (every column: the export shows them all). */
export function findAccount(q: Queryable, userId: string, opts: { forUpdate?: boolean } = {}): Promise<UserRow | undefined> {
  return maybeOne<UserRow>(q, `SELECT * FROM users WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [userId]);
}

export function accountConsents(q: Queryable, userId: string) {
  return q.query<{ purpose: string; notice_version: string; given_by: string; given_at: Date; withdrawn_at: Date | null }>(
    'SELECT purpose, notice_version, given_by, given_at, withdrawn_at FROM consents WHERE user_id = $1 ORDER BY given_at, id',
    [userId],
  );
}

export function accountEvents(q: Queryable, userId: string) {
  return q.query<{ action: string; data: unknown; at: Date }>(
    'SELECT action, data, at FROM account_events WHERE user_id = $1 ORDER BY at DESC, id',
    [userId],
  );
}

export function accountSessions(q: Queryable, userId: string) {
  return q.query<{ created_at: Date; last_seen_at: Date; expires_at: Date }>(
    'SELECT created_at, last_seen_at, expires_at FROM sessions WHERE user_id = $1 ORDER BY created_at, id',
    [userId],
  );
}

export function accountRoles(q: Queryable, userId: string) {
  return q.query<{ office_slug: string; office_name: string; role: string; granted_at: Date }>(
    `SELECT o.slug AS office_slug, o.name AS office_name, m.role, m.granted_at
       FROM office_members m JOIN offices o ON o.id = m.office_id
      WHERE m.user_id = $1 ORDER BY o.name, m.role`,
    [userId],
  );
}

export interface OwnSensitive {
  office_id: string;
  person_id: string;
  root_id: string;
  ethnicity: string | null;
  disability: boolean | null;
  health_note: string;
  updated_at: Date;
}

export function listOwnSensitive(q: Queryable, userId: string): Promise<OwnSensitive[]> {
  return q.query<OwnSensitive>(
    `${OWN_ROWS}
     SELECT s.office_id, s.person_id, own.root_id, s.ethnicity, s.disability, s.health_note, s.updated_at
       FROM own JOIN person_sensitive s ON s.office_id = own.office_id AND s.person_id = own.id`,
    [userId],
  );
}

export interface OwnAccess {
  office_id: string;
  person_id: string;
  root_id: string;
  at: Date;
  action: string;
  reason: string;
  /** The staff member's display name; null when the entry was automatic or the account is gone. */
  staff_name: string | null;
  automatic: boolean;
}

/** Who looked: the access log of the account's register rows (merged duplicates too), newest first. */
export function listOwnAccess(q: Queryable, userId: string): Promise<OwnAccess[]> {
  return q.query<OwnAccess>(
    `${OWN_ROWS}
     SELECT a.office_id, a.person_id, own.root_id, a.at, a.action, a.reason, u.display_name AS staff_name, a.actor_id IS NULL AS automatic
       FROM own JOIN personal_data_access a ON a.office_id = own.office_id AND a.person_id = own.id
       LEFT JOIN users u ON u.id = a.actor_id
      ORDER BY a.at DESC, a.id`,
    [userId],
  );
}

export function listOwnRepresentations(q: Queryable, userId: string) {
  return q.query<{
    office_slug: string;
    office_name: string;
    association_name: string;
    status: string;
    note: string;
    requested_at: Date;
    decided_at: Date | null;
  }>(
    `SELECT o.slug AS office_slug, o.name AS office_name, a.name AS association_name, r.status, r.note, r.requested_at, r.decided_at
       FROM association_representatives r
       JOIN associations a ON a.office_id = r.office_id AND a.id = r.association_id
       JOIN offices o ON o.id = r.office_id
      WHERE r.user_id = $1 ORDER BY o.name, a.name`,
    [userId],
  );
}
