import type { Queryable } from './db/db.ts';

/** Records who changed what in an office; written in the same transaction as the change. */
export async function recordAudit(
  q: Queryable,
  e: { officeId: string; actorId: string | null; action: string; target?: string; data?: unknown },
): Promise<void> {
  await q.query('INSERT INTO audit_events (office_id, actor_id, action, target, data) VALUES ($1, $2, $3, $4, $5)', [
    e.officeId,
    e.actorId,
    e.action,
    e.target ?? '',
    JSON.stringify(e.data ?? {}),
  ]);
}

/** Several audit events in one statement, in the given order (bulk writes, the demo seed). */
export async function recordAudits(
  q: Queryable,
  events: ReadonlyArray<{ officeId: string; actorId: string | null; action: string; target?: string; data?: unknown }>,
): Promise<void> {
  if (events.length === 0) return;
  await q.query(
    `INSERT INTO audit_events (office_id, actor_id, action, target, data)
     SELECT r.office_id, r.actor_id, r.action, r.target, r.data
       FROM jsonb_to_recordset($1::jsonb) AS r(office_id uuid, actor_id uuid, action text, target text, data jsonb, n int)
      ORDER BY r.n`,
    [
      JSON.stringify(
        events.map((e, n) => ({
          n,
          office_id: e.officeId,
          actor_id: e.actorId,
          action: e.action,
          target: e.target ?? '',
          data: e.data ?? {},
        })),
      ),
    ],
  );
}

/** Account-level events (sign-up, log-in, password reset), without personal data in `data`. */
export async function recordAccountEvent(q: Queryable, userId: string | null, action: string, data: unknown = {}): Promise<void> {
  await q.query('INSERT INTO account_events (user_id, action, data) VALUES ($1, $2, $3)', [userId, action, JSON.stringify(data)]);
}
