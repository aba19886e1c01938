import type { Queryable } from '../../core/db/db.ts';

/** The items a reviewer comments on: a plan's goals, measures, activities and indicators, each named by its key. */
export const ITEM_KINDS = ['goal', 'measure', 'activity', 'indicator'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/**
 * Where a town's consultation stands: shared and not yet commented; comments waiting for the
 * office's answer; every comment answered; closed by the office.
 */
export type ConsultationStatus = 'shared' | 'commented' | 'answered' | 'closed';

export interface Consultation {
  office_id: string;
  office_slug: string;
  office_name: string;
  town: string;
  plan_id: string;
  plan_title: string;
  plan_version: number;
  plan_status: string;
  start_year: number;
  end_year: number;
  shared_at: Date;
  closed_at: Date | null;
  comments: number;
  open_comments: number;
  status: ConsultationStatus;
}

const SELECT = `
  SELECT o.id AS office_id, o.slug AS office_slug, o.name AS office_name, o.town, p.id AS plan_id, p.title AS plan_title,
         p.version AS plan_version, p.status AS plan_status, p.start_year::int AS start_year, p.end_year::int AS end_year,
         c.shared_at, c.closed_at,
         (SELECT count(*)::int FROM lap_review_comments r WHERE r.office_id = c.office_id AND r.plan_id = c.plan_id) AS comments,
         (SELECT count(*)::int FROM lap_review_comments r WHERE r.office_id = c.office_id AND r.plan_id = c.plan_id AND r.answer IS NULL) AS open_comments
    FROM lap_consultations c
    JOIN lap_plans p ON p.office_id = c.office_id AND p.id = c.plan_id
    JOIN offices o ON o.id = c.office_id`;

const withStatus = (c: Omit<Consultation, 'status'>): Consultation => ({
  ...c,
  status: c.closed_at ? 'closed' : c.open_comments > 0 ? 'commented' : c.comments > 0 ? 'answered' : 'shared',
});

/** Every consultation of the network (the national reviewers' list), open ones first, newest first. */
export async function listConsultations(q: Queryable): Promise<Consultation[]> {
  const rows = await q.query<Omit<Consultation, 'status'>>(
    `${SELECT} WHERE o.status <> 'closed' ORDER BY (c.closed_at IS NULL) DESC, c.shared_at DESC, o.name`,
  );
  return rows.map(withStatus);
}

/** The latest consultation of each office: its town's status on the national dashboard. */
export async function consultationStatuses(q: Queryable): Promise<Consultation[]> {
  const rows = await q.query<Omit<Consultation, 'status'>>(
    `SELECT DISTINCT ON (x.office_id) x.* FROM (${SELECT} WHERE o.status <> 'closed') x ORDER BY x.office_id, x.shared_at DESC`,
  );
  return rows.map(withStatus).sort((a, b) => a.town.localeCompare(b.town, 'sr'));
}

/** A plan shared for consultation, named by its id alone (the reviewer's page): undefined when it is not shared. */
export async function sharedPlan(q: Queryable, planId: string, lock = false): Promise<Consultation | undefined> {
  const rows = await q.query<Omit<Consultation, 'status'>>(
    `${SELECT} WHERE c.plan_id = $1 AND o.status <> 'closed'${lock ? ' FOR UPDATE OF c' : ''}`,
    [planId],
  );
  return rows[0] && withStatus(rows[0]);
}

/** One office's consultation of a plan (the office's page). */
export async function officeConsultation(q: Queryable, officeId: string, planId: string, lock = false): Promise<Consultation | undefined> {
  const rows = await q.query<Omit<Consultation, 'status'>>(
    `${SELECT} WHERE c.office_id = $1 AND c.plan_id = $2${lock ? ' FOR UPDATE OF c' : ''}`,
    [officeId, planId],
  );
  return rows[0] && withStatus(rows[0]);
}

/** The office's plan versions that can be shared or are, with their consultation (if any). */
export async function officePlansForConsultation(
  q: Queryable,
  officeId: string,
): Promise<Array<{ id: string; title: string; version: number; status: string; consultation: Consultation | undefined }>> {
  const plans = await q.query<{ id: string; title: string; version: number; status: string }>(
    `SELECT p.id, p.title, p.version, p.status FROM lap_plans p
      WHERE p.office_id = $1 AND (p.status <> 'adopted' OR EXISTS (SELECT 1 FROM lap_consultations c WHERE c.office_id = p.office_id AND c.plan_id = p.id))
      ORDER BY p.created_at DESC`,
    [officeId],
  );
  const consultations = (await q.query<Omit<Consultation, 'status'>>(`${SELECT} WHERE c.office_id = $1`, [officeId])).map(withStatus);
  return plans.map((p) => ({ ...p, consultation: consultations.find((c) => c.plan_id === p.id) }));
}

/** Shares a plan (or opens its closed consultation again). */
export async function upsertConsultation(q: Queryable, officeId: string, planId: string, userId: string): Promise<void> {
  await q.query(
    `INSERT INTO lap_consultations (office_id, plan_id, shared_by) VALUES ($1, $2, $3)
     ON CONFLICT (office_id, plan_id) DO UPDATE SET closed_at = NULL, shared_by = EXCLUDED.shared_by, shared_at = now()`,
    [officeId, planId, userId],
  );
}

export async function closeConsultation(q: Queryable, officeId: string, planId: string): Promise<boolean> {
  const rows = await q.query(
    'UPDATE lap_consultations SET closed_at = now() WHERE office_id = $1 AND plan_id = $2 AND closed_at IS NULL RETURNING 1',
    [officeId, planId],
  );
  return rows.length > 0;
}

/** Whether the plan has an item of that kind with that key. */
export async function planHasItem(q: Queryable, officeId: string, planId: string, kind: ItemKind, key: string): Promise<boolean> {
  const table = { goal: 'lap_goals', measure: 'lap_measures', activity: 'lap_activities', indicator: 'lap_indicators' }[kind];
  const rows = await q.query(`SELECT 1 FROM ${table} WHERE office_id = $1 AND plan_id = $2 AND key = $3`, [officeId, planId, key]);
  return rows.length > 0;
}

export interface ReviewComment {
  id: string;
  item_kind: ItemKind;
  item_key: string;
  body: string;
  created_at: Date;
  answer: string | null;
  answered_at: Date | null;
}

/** A plan's comments, oldest first. No author is read: the pages name roles, never people. */
export function listComments(q: Queryable, officeId: string, planId: string): Promise<ReviewComment[]> {
  return q.query<ReviewComment>(
    `SELECT id, item_kind, item_key, body, created_at, answer, answered_at FROM lap_review_comments
      WHERE office_id = $1 AND plan_id = $2 ORDER BY created_at, id`,
    [officeId, planId],
  );
}

export async function insertComment(
  q: Queryable,
  c: { officeId: string; planId: string; kind: ItemKind; key: string; body: string; authorId: string },
): Promise<string> {
  const [row] = await q.query<{ id: string }>(
    `INSERT INTO lap_review_comments (office_id, plan_id, item_kind, item_key, body, author_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [c.officeId, c.planId, c.kind, c.key, c.body, c.authorId],
  );
  return row!.id;
}

/** Answers one of the plan's comments (again, if answered before). False: no such comment in that plan. */
/** Whether `id` names a reviewer's comment on this plan of this office. */
export async function planHasComment(q: Queryable, officeId: string, planId: string, id: string): Promise<boolean> {
  const rows = await q.query(`SELECT 1 FROM lap_review_comments WHERE office_id = $1 AND plan_id = $2 AND id = $3`, [officeId, planId, id]);
  return rows.length > 0;
}

export async function answerComment(
  q: Queryable,
  officeId: string,
  planId: string,
  id: string,
  answer: string,
  userId: string,
): Promise<boolean> {
  const rows = await q.query(
    `UPDATE lap_review_comments SET answer = $4, answered_by = $5, answered_at = now()
      WHERE office_id = $1 AND plan_id = $2 AND id = $3 RETURNING 1`,
    [officeId, planId, id, answer, userId],
  );
  return rows.length > 0;
}

/** Comments of the office's open consultations still waiting for an answer (the staff link's count). */
export async function openCommentCount(q: Queryable, officeId: string): Promise<number> {
  const [r] = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM lap_review_comments r
       JOIN lap_consultations c ON c.office_id = r.office_id AND c.plan_id = r.plan_id
      WHERE r.office_id = $1 AND r.answer IS NULL AND c.closed_at IS NULL`,
    [officeId],
  );
  return r?.n ?? 0;
}
