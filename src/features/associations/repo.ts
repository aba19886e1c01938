import type { Queryable } from '../../core/db/db.ts';
import type { AssociationInput, AssociationKind, LegalForm, PublicationInput, PublishableField, TargetGroup } from './schema.ts';

/** One association as stored (staff and representatives see all of it). */
export interface Association {
  id: string;
  kind: AssociationKind;
  name: string;
  short_name: string;
  legal_form: LegalForm;
  registry_number: string | null;
  founded_year: number | null;
  address: string;
  email: string;
  phone: string;
  website: string;
  contact_person: string;
  description: string;
  areas: string[];
  target_groups: TargetGroup[];
  members_total: number | null;
  members_young: number | null;
  active: boolean;
  listed: boolean;
  published_fields: PublishableField[];
  updated_at: Date;
}

export interface AssociationSummary {
  id: string;
  kind: AssociationKind;
  name: string;
  short_name: string;
  registry_number: string | null;
  active: boolean;
  listed: boolean;
  members_total: number | null;
  members_young: number | null;
  pending: number;
}

export interface AssociationFilter {
  /** searchKey() of what was typed. */
  key?: string | undefined;
  kind?: AssociationKind | undefined;
  area?: string | undefined;
  target?: TargetGroup | undefined;
  active?: boolean | undefined;
}

const like = (key: string) => `%${key.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** The office's register, filtered; newest-named first by search key. */
export function listAssociations(q: Queryable, officeId: string, f: AssociationFilter = {}): Promise<AssociationSummary[]> {
  const params: unknown[] = [officeId];
  const where = ['a.office_id = $1'];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (f.key) add((n) => `a.search_key LIKE $${n}`, like(f.key));
  if (f.kind) add((n) => `a.kind = $${n}`, f.kind);
  if (f.area) add((n) => `$${n} = ANY (a.areas)`, f.area);
  if (f.target) add((n) => `$${n} = ANY (a.target_groups)`, f.target);
  if (f.active !== undefined) add((n) => `a.active = $${n}`, f.active);
  return q.query<AssociationSummary>(
    `SELECT a.id, a.kind, a.name, a.short_name, a.registry_number, a.active, a.listed, a.members_total, a.members_young,
            (SELECT count(*)::int FROM association_representatives r
              WHERE r.office_id = a.office_id AND r.association_id = a.id AND r.status = 'pending') AS pending
       FROM associations a WHERE ${where.join(' AND ')}
      ORDER BY a.search_key, a.id`,
    params,
  );
}

/**
 * The public directory: listed and active associations only. Filters by area or target group
 * apply only where the association published that list, so a filter cannot reveal what it
 * keeps private. Rows carry every column; callers pass them through publicView().
 */
export function listPublicAssociations(q: Queryable, officeId: string, f: Omit<AssociationFilter, 'active'> = {}): Promise<Association[]> {
  const params: unknown[] = [officeId];
  const where = ['office_id = $1', 'listed', 'active'];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (f.key) add((n) => `search_key LIKE $${n}`, like(f.key));
  if (f.kind) add((n) => `kind = $${n}`, f.kind);
  if (f.area) add((n) => `'areas' = ANY (published_fields) AND $${n} = ANY (areas)`, f.area);
  if (f.target) add((n) => `'target_groups' = ANY (published_fields) AND $${n} = ANY (target_groups)`, f.target);
  return q.query<Association>(`SELECT * FROM associations WHERE ${where.join(' AND ')} ORDER BY search_key, id`, params);
}

export async function findAssociation(q: Queryable, officeId: string, id: string): Promise<Association | undefined> {
  const rows = await q.query<Association>('SELECT * FROM associations WHERE office_id = $1 AND id = $2', [officeId, id]);
  return rows[0];
}

/** The written columns' values, in the order both the INSERT and the UPDATE list them. */
function associationValues(a: AssociationInput, p: PublicationInput, searchKeyValue: string): unknown[] {
  return [
    a.kind,
    a.name,
    a.short_name,
    a.legal_form,
    a.registry_number,
    a.founded_year,
    a.address,
    a.email,
    a.phone,
    a.website,
    a.contact_person,
    a.description,
    a.areas,
    a.target_groups,
    a.members_total,
    a.members_young,
    a.active,
    p.listed,
    p.published_fields,
    searchKeyValue,
  ];
}

/** Inserts an association; returns its id. The unique index on (office_id, registry_number) decides duplicates. */
export async function insertAssociation(
  q: Queryable,
  officeId: string,
  a: AssociationInput,
  p: PublicationInput,
  searchKeyValue: string,
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO associations (office_id, kind, name, short_name, legal_form, registry_number, founded_year, address, email,
                               phone, website, contact_person, description, areas, target_groups, members_total,
                               members_young, active, listed, published_fields, search_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id`,
    [officeId, ...associationValues(a, p, searchKeyValue)],
  );
  return rows[0]!.id;
}

/** Updates an association's fields and what it publishes; false when it is not this office's. */
export async function updateAssociation(
  q: Queryable,
  officeId: string,
  id: string,
  a: AssociationInput,
  p: PublicationInput,
  searchKeyValue: string,
): Promise<boolean> {
  const rows = await q.query(
    `UPDATE associations SET kind = $3, name = $4, short_name = $5, legal_form = $6, registry_number = $7, founded_year = $8,
            address = $9, email = $10, phone = $11, website = $12, contact_person = $13, description = $14, areas = $15,
            target_groups = $16, members_total = $17, members_young = $18, active = $19, listed = $20,
            published_fields = $21, search_key = $22, updated_at = now()
      WHERE office_id = $1 AND id = $2 RETURNING 1`,
    [officeId, id, ...associationValues(a, p, searchKeyValue)],
  );
  return rows.length > 0;
}

export async function setAssociationActive(q: Queryable, officeId: string, id: string, active: boolean): Promise<boolean> {
  const rows = await q.query('UPDATE associations SET active = $3, updated_at = now() WHERE office_id = $1 AND id = $2 RETURNING 1', [
    officeId,
    id,
    active,
  ]);
  return rows.length > 0;
}

// ── Representatives ─────────────────────────────────────────────────────────

export type RepStatus = 'pending' | 'approved' | 'rejected';

export interface Representative {
  user_id: string;
  display_name: string;
  email: string;
  status: RepStatus;
  note: string;
  requested_at: Date;
  decided_at: Date | null;
}

export function listRepresentatives(q: Queryable, officeId: string, associationId: string): Promise<Representative[]> {
  return q.query<Representative>(
    `SELECT r.user_id, u.display_name, u.email, r.status, r.note, r.requested_at, r.decided_at
       FROM association_representatives r JOIN users u ON u.id = r.user_id
      WHERE r.office_id = $1 AND r.association_id = $2
      ORDER BY r.status = 'pending' DESC, r.status = 'approved' DESC, r.requested_at`,
    [officeId, associationId],
  );
}

export interface PendingRequest extends Representative {
  association_id: string;
  association_name: string;
}

/** Every pending request in the office, oldest first. */
export function listPendingRequests(q: Queryable, officeId: string): Promise<PendingRequest[]> {
  return q.query<PendingRequest>(
    `SELECT r.association_id, a.name AS association_name, r.user_id, u.display_name, u.email, r.status, r.note, r.requested_at, r.decided_at
       FROM association_representatives r
       JOIN associations a ON a.office_id = r.office_id AND a.id = r.association_id
       JOIN users u ON u.id = r.user_id
      WHERE r.office_id = $1 AND r.status = 'pending'
      ORDER BY r.requested_at, a.search_key`,
    [officeId],
  );
}

export async function representationStatus(
  q: Queryable,
  officeId: string,
  associationId: string,
  userId: string,
): Promise<RepStatus | undefined> {
  const rows = await q.query<{ status: RepStatus }>(
    'SELECT status FROM association_representatives WHERE office_id = $1 AND association_id = $2 AND user_id = $3',
    [officeId, associationId, userId],
  );
  return rows[0]?.status;
}

/**
 * A request: new, or renewed after a rejection (back to pending with the new note). A pending
 * or approved representation is left as it is. Returns the status the row has afterwards and
 * whether this call changed it.
 */
export async function upsertRequest(
  q: Queryable,
  officeId: string,
  associationId: string,
  userId: string,
  note: string,
): Promise<{ status: RepStatus; changed: boolean }> {
  const rows = await q.query<{ status: RepStatus }>(
    `INSERT INTO association_representatives (office_id, association_id, user_id, status, note)
     VALUES ($1, $2, $3, 'pending', $4)
     ON CONFLICT (office_id, association_id, user_id) DO UPDATE
        SET status = 'pending', note = EXCLUDED.note, requested_at = now(), decided_at = NULL, decided_by = NULL
      WHERE association_representatives.status = 'rejected'
     RETURNING status`,
    [officeId, associationId, userId, note],
  );
  if (rows[0]) return { status: rows[0].status, changed: true };
  return { status: (await representationStatus(q, officeId, associationId, userId)) ?? 'pending', changed: false };
}

/** Moves a representation from one status to another; false when it was not in `from` (decided meanwhile, or none). */
export async function decideRepresentation(
  q: Queryable,
  officeId: string,
  associationId: string,
  userId: string,
  from: RepStatus,
  to: RepStatus,
  decidedBy: string,
): Promise<boolean> {
  const rows = await q.query(
    `UPDATE association_representatives SET status = $5, decided_at = now(), decided_by = $6
      WHERE office_id = $1 AND association_id = $2 AND user_id = $3 AND status = $4 RETURNING 1`,
    [officeId, associationId, userId, from, to, decidedBy],
  );
  return rows.length > 0;
}

/**
 * Locks the person's representations in the office (so a concurrent approval and revocation
 * see each other) and counts the approved ones.
 */
export async function lockApprovedCount(q: Queryable, officeId: string, userId: string): Promise<number> {
  const rows = await q.query<{ status: RepStatus }>(
    'SELECT status FROM association_representatives WHERE office_id = $1 AND user_id = $2 FOR UPDATE',
    [officeId, userId],
  );
  return rows.filter((r) => r.status === 'approved').length;
}

/** Records an already approved representation (demo data, test fixtures); false when one exists. */
export async function insertApprovedRepresentative(
  q: Queryable,
  officeId: string,
  associationId: string,
  userId: string,
  note: string,
): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO association_representatives (office_id, association_id, user_id, status, note, decided_at)
     VALUES ($1, $2, $3, 'approved', $4, now()) ON CONFLICT DO NOTHING RETURNING 1`,
    [officeId, associationId, userId, note],
  );
  return rows.length > 0;
}

/** Whether the person is an approved representative of this association of this office. */
export async function isApprovedRepresentative(q: Queryable, officeId: string, associationId: string, userId: string): Promise<boolean> {
  return (await representationStatus(q, officeId, associationId, userId)) === 'approved';
}

export interface MyRepresentation {
  office_slug: string;
  office_name: string;
  association_id: string;
  association_name: string;
  status: RepStatus;
}

/** Every association the person asked to represent, in any office. */
export function listMyRepresentations(q: Queryable, userId: string): Promise<MyRepresentation[]> {
  return q.query<MyRepresentation>(
    `SELECT o.slug AS office_slug, o.name AS office_name, a.id AS association_id, a.name AS association_name, r.status
       FROM association_representatives r
       JOIN associations a ON a.office_id = r.office_id AND a.id = r.association_id
       JOIN offices o ON o.id = r.office_id
      WHERE r.user_id = $1 AND o.status = 'full'
      ORDER BY o.name, a.search_key`,
    [userId],
  );
}

/** The person's e-mail, name and script, for the decision mail. */
export async function findUserContact(
  q: Queryable,
  userId: string,
): Promise<{ email: string; display_name: string; locale: string } | undefined> {
  const rows = await q.query<{ email: string; display_name: string; locale: string }>(
    'SELECT email, display_name, locale FROM users WHERE id = $1',
    [userId],
  );
  return rows[0];
}
