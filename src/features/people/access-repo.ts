import type { Queryable } from '../../core/db/db.ts';
import { isUuid } from '../../core/http/ids.ts';

/**
 * SQL of the personal-data access log: who viewed, exported, revealed, changed or merged whose
 * record (ZZPL accountability); the office's log and one person's.
 */

// ── Access log ─────────────────────────────────────────────────────────────

export const ACCESS_ACTIONS = ['view', 'export', 'reveal_sensitive', 'edit', 'merge', 'create', 'import', 'anonymise'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

export async function logAccess(
  q: Queryable,
  officeId: string,
  actorId: string | null,
  personId: string,
  action: AccessAction,
  reason = '',
): Promise<void> {
  await q.query('INSERT INTO personal_data_access (office_id, actor_id, person_id, action, reason) VALUES ($1, $2, $3, $4, $5)', [
    officeId,
    actorId,
    personId,
    action,
    reason.slice(0, 500),
  ]);
}

export interface AccessRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  person_id: string;
  person_name: string;
  person_anonymised: boolean;
  action: AccessAction;
  reason: string;
}

const ACCESS_SELECT = `SELECT a.id, a.at, a.actor_id, u.display_name AS actor_name, a.person_id, p.full_name AS person_name,
       p.anonymised_at IS NOT NULL AS person_anonymised, a.action, a.reason
  FROM personal_data_access a
  JOIN people p ON p.office_id = a.office_id AND p.id = a.person_id
  LEFT JOIN users u ON u.id = a.actor_id`;

/** One person's access log (newest first). */
export function personAccessLog(q: Queryable, officeId: string, personId: string, limit = 100): Promise<AccessRow[]> {
  return q.query<AccessRow>(`${ACCESS_SELECT} WHERE a.office_id = $1 AND a.person_id = $2 ORDER BY a.at DESC, a.id LIMIT $3`, [
    officeId,
    personId,
    limit,
  ]);
}

export interface AccessFilter {
  actorId?: string | undefined;
  action?: AccessAction | undefined;
  /** 'YYYY-MM-DD', inclusive, Belgrade days. */
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}

/** The office's access log for its admin: filtered, paged, newest first, with the total count. */
export async function officeAccessLog(q: Queryable, officeId: string, f: AccessFilter): Promise<{ rows: AccessRow[]; total: number }> {
  const params: unknown[] = [officeId];
  const where = ['a.office_id = $1'];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.actorId && isUuid(f.actorId)) add((n) => `a.actor_id = ${n}`, f.actorId);
  if (f.action) add((n) => `a.action = ${n}`, f.action);
  if (f.from) add((n) => `a.at >= (${n}::date::timestamp AT TIME ZONE 'Europe/Belgrade')`, f.from);
  if (f.to) add((n) => `a.at < ((${n}::date + 1)::timestamp AT TIME ZONE 'Europe/Belgrade')`, f.to);
  const whereSql = where.join(' AND ');
  const [{ n }] = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM personal_data_access a WHERE ${whereSql}`, params)) as [
    { n: number },
  ];
  params.push(f.limit, f.offset);
  const rows = await q.query<AccessRow>(
    `${ACCESS_SELECT} WHERE ${whereSql} ORDER BY a.at DESC, a.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return { rows, total: n };
}

/** Staff who appear in the office's access log (for the filter). */
export function accessLogActors(q: Queryable, officeId: string) {
  return q.query<{ id: string; display_name: string }>(
    `SELECT DISTINCT u.id, u.display_name FROM personal_data_access a JOIN users u ON u.id = a.actor_id
      WHERE a.office_id = $1 ORDER BY u.display_name, u.id`,
    [officeId],
  );
}
