import type { Queryable } from '../../core/db/db.ts';
import { maybeOne } from '../../core/db/db.ts';
import type { OpportunityInput, OpportunityKind } from './schema.ts';

/**
 * All SQL of opportunities. `today` is Belgrade's date ('YYYY-MM-DD'): an opportunity is open
 * through its deadline day, and a rolling one (no deadline) until the office removes it. Lists
 * show open ones only; one row by id is found whether open or closed.
 */
export interface Opportunity {
  office_id: string;
  id: string;
  kind: OpportunityKind;
  title: string;
  description: string;
  deadline: string | null;
  age_min: number | null;
  age_max: number | null;
  statuses: string[];
  link: string;
  source: string;
  areas: string[];
  created_at: Date;
  updated_at: Date;
}

/** A row of a public list: the opportunity and the office that published it. */
export interface OpportunityCard extends Opportunity {
  office_slug: string;
  office_name: string;
}

const COLS = `p.office_id, p.id, p.kind, p.title, p.description, p.deadline, p.age_min, p.age_max, p.statuses, p.link, p.source,
  p.areas, p.created_at, p.updated_at`;

/** The office's opportunity with this id, open or closed. */
export function findOpportunity(q: Queryable, officeId: string, id: string): Promise<Opportunity | undefined> {
  return maybeOne<Opportunity>(q, `SELECT ${COLS} FROM opportunities p WHERE p.office_id = $1 AND p.id = $2`, [officeId, id]);
}

const values = (o: OpportunityInput) => [
  o.kind,
  o.title,
  o.description,
  o.deadline,
  o.age_min,
  o.age_max,
  o.statuses,
  o.link,
  o.source,
  o.areas,
];

export async function insertOpportunity(
  q: Queryable,
  officeId: string,
  o: OpportunityInput,
  searchKey: string,
  createdBy: string | null,
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO opportunities (office_id, kind, title, description, deadline, age_min, age_max, statuses, link, source, areas, search_key, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [officeId, ...values(o), searchKey, createdBy],
  );
  return rows[0]!.id;
}

/** Updates the office's opportunity; false when the office has no such row. */
export async function updateOpportunity(
  q: Queryable,
  officeId: string,
  id: string,
  o: OpportunityInput,
  searchKey: string,
): Promise<boolean> {
  const rows = await q.query(
    `UPDATE opportunities SET kind = $3, title = $4, description = $5, deadline = $6, age_min = $7, age_max = $8, statuses = $9,
            link = $10, source = $11, areas = $12, search_key = $13, updated_at = now()
      WHERE office_id = $1 AND id = $2 RETURNING id`,
    [officeId, id, ...values(o), searchKey],
  );
  return rows.length > 0;
}

/** Deletes the office's opportunity; false when the office has no such row. */
export async function deleteOpportunity(q: Queryable, officeId: string, id: string): Promise<boolean> {
  const rows = await q.query('DELETE FROM opportunities WHERE office_id = $1 AND id = $2 RETURNING id', [officeId, id]);
  return rows.length > 0;
}

export interface OpportunityFilter {
  /** One office's list; absent: every office that works in KZM. */
  officeId?: string | undefined;
  kind?: string | undefined;
  area?: string | undefined;
  status?: string | undefined;
  age?: number | undefined;
  /** Only those closing on or before this day (the "closing soon" filter). */
  closesBy?: string | undefined;
}

/**
 * Open opportunities (deadline today or later, or rolling), soonest deadline first, rolling
 * ones last. A status filter keeps those open to anyone (no status named) too; an age filter
 * those whose range includes it (an open end is no limit).
 */
export async function listOpen(q: Queryable, f: OpportunityFilter, today: string, limit: number): Promise<OpportunityCard[]> {
  const params: unknown[] = [today];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const w = [`o.status = 'full'`, `(p.deadline IS NULL OR p.deadline >= $1::date)`];
  if (f.officeId) w.push(`p.office_id = ${p(f.officeId)}`);
  if (f.kind) w.push(`p.kind = ${p(f.kind)}`);
  if (f.area) w.push(`${p(f.area)} = ANY (p.areas)`);
  if (f.status) w.push(`(p.statuses = '{}' OR ${p(f.status)} = ANY (p.statuses))`);
  if (f.age !== undefined) {
    const age = p(f.age);
    w.push(`(p.age_min IS NULL OR p.age_min <= ${age}) AND (p.age_max IS NULL OR p.age_max >= ${age})`);
  }
  if (f.closesBy) w.push(`p.deadline <= ${p(f.closesBy)}::date`);
  return q.query<OpportunityCard>(
    `SELECT ${COLS}, o.slug AS office_slug, o.name AS office_name
       FROM opportunities p JOIN offices o ON o.id = p.office_id
      WHERE ${w.join(' AND ')}
      ORDER BY p.deadline NULLS LAST, p.title, p.id
      LIMIT ${p(limit)}`,
    params,
  );
}

/** The staff list: every opportunity of the office, open ones first (soonest deadline), then closed ones (latest first). */
export function listForOffice(q: Queryable, officeId: string, today: string): Promise<Opportunity[]> {
  return q.query<Opportunity>(
    `SELECT ${COLS} FROM opportunities p
      WHERE p.office_id = $1
      ORDER BY (p.deadline IS NOT NULL AND p.deadline < $2::date),
               CASE WHEN p.deadline IS NULL OR p.deadline >= $2::date THEN p.deadline END NULLS LAST,
               p.deadline DESC, p.title, p.id`,
    [officeId, today],
  );
}

/** The office's opportunities created in [since, until) and still open on `openOn`, oldest first (the newsletter's digest). */
export function createdBetween(q: Queryable, officeId: string, since: Date, until: Date, openOn: string): Promise<OpportunityCard[]> {
  return q.query<OpportunityCard>(
    `SELECT ${COLS}, o.slug AS office_slug, o.name AS office_name
       FROM opportunities p JOIN offices o ON o.id = p.office_id
      WHERE p.office_id = $1 AND p.created_at >= $2 AND p.created_at < $3 AND (p.deadline IS NULL OR p.deadline >= $4::date)
      ORDER BY p.created_at, p.id`,
    [officeId, since, until, openOn],
  );
}
