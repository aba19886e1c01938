import type { Queryable } from '../../core/db/db.ts';
import type { AgreementInput, LogInput, LogKind, PartnerInput, PartnerKind } from './schema.ts';

export interface Partner {
  id: string;
  kind: PartnerKind;
  name: string;
  address: string;
  contact_person: string;
  email: string;
  phone: string;
  website: string;
  notes: string;
  active: boolean;
  updated_at: Date;
}

export interface PartnerSummary {
  id: string;
  kind: PartnerKind;
  name: string;
  contact_person: string;
  active: boolean;
  agreements: number;
  last_contact: string | null;
}

export interface PartnerFilter {
  /** searchKey() of what was typed. */
  key?: string | undefined;
  kind?: PartnerKind | undefined;
  active?: boolean | undefined;
}

const like = (key: string) => `%${key.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

export function listPartners(q: Queryable, officeId: string, f: PartnerFilter = {}): Promise<PartnerSummary[]> {
  const params: unknown[] = [officeId];
  const where = ['p.office_id = $1'];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (f.key) add((n) => `p.search_key LIKE $${n}`, like(f.key));
  if (f.kind) add((n) => `p.kind = $${n}`, f.kind);
  if (f.active !== undefined) add((n) => `p.active = $${n}`, f.active);
  return q.query<PartnerSummary>(
    `SELECT p.id, p.kind, p.name, p.contact_person, p.active,
            (SELECT count(*)::int FROM partner_agreements g WHERE g.office_id = p.office_id AND g.partner_id = p.id) AS agreements,
            (SELECT max(l.happened_on) FROM partner_log l WHERE l.office_id = p.office_id AND l.partner_id = p.id) AS last_contact
       FROM partners p WHERE ${where.join(' AND ')}
      ORDER BY p.search_key, p.id`,
    params,
  );
}

export async function findPartner(q: Queryable, officeId: string, id: string): Promise<Partner | undefined> {
  const rows = await q.query<Partner>('SELECT * FROM partners WHERE office_id = $1 AND id = $2', [officeId, id]);
  return rows[0];
}

/** Inserts a partner; the unique index on (office_id, search_key) refuses a second one of the same name. */
export async function insertPartner(q: Queryable, officeId: string, p: PartnerInput, searchKeyValue: string): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO partners (office_id, kind, name, address, contact_person, email, phone, website, notes, active, search_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [officeId, p.kind, p.name, p.address, p.contact_person, p.email, p.phone, p.website, p.notes, p.active, searchKeyValue],
  );
  return rows[0]!.id;
}

export async function updatePartner(q: Queryable, officeId: string, id: string, p: PartnerInput, searchKeyValue: string): Promise<boolean> {
  const rows = await q.query(
    `UPDATE partners SET kind = $3, name = $4, address = $5, contact_person = $6, email = $7, phone = $8, website = $9,
            notes = $10, active = $11, search_key = $12, updated_at = now()
      WHERE office_id = $1 AND id = $2 RETURNING 1`,
    [officeId, id, p.kind, p.name, p.address, p.contact_person, p.email, p.phone, p.website, p.notes, p.active, searchKeyValue],
  );
  return rows.length > 0;
}

// ── Agreements ──────────────────────────────────────────────────────────────

export interface Agreement {
  id: string;
  partner_id: string;
  title: string;
  signed_on: string;
  valid_until: string | null;
  notes: string;
  file_id: string | null;
  file_name: string | null;
  file_size: number | null;
  created_at: Date;
}

export function listAgreements(q: Queryable, officeId: string, partnerId: string): Promise<Agreement[]> {
  return q.query<Agreement>(
    `SELECT g.id, g.partner_id, g.title, g.signed_on, g.valid_until, g.notes, g.file_id, f.name AS file_name, f.size AS file_size, g.created_at
       FROM partner_agreements g LEFT JOIN files f ON f.office_id = g.office_id AND f.id = g.file_id
      WHERE g.office_id = $1 AND g.partner_id = $2
      ORDER BY g.signed_on DESC, g.created_at DESC`,
    [officeId, partnerId],
  );
}

export async function insertAgreement(
  q: Queryable,
  officeId: string,
  partnerId: string,
  a: AgreementInput,
  fileId: string | null,
  createdBy: string | null,
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO partner_agreements (office_id, partner_id, title, signed_on, valid_until, file_id, notes, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [officeId, partnerId, a.title, a.signed_on, a.valid_until, fileId, a.notes, createdBy],
  );
  return rows[0]!.id;
}

/** The file of one agreement of one partner of this office (all three in the key). */
export async function agreementFileId(q: Queryable, officeId: string, partnerId: string, agreementId: string): Promise<string | undefined> {
  const rows = await q.query<{ file_id: string | null }>(
    'SELECT file_id FROM partner_agreements WHERE office_id = $1 AND partner_id = $2 AND id = $3',
    [officeId, partnerId, agreementId],
  );
  return rows[0]?.file_id ?? undefined;
}

export interface ExpiringAgreement {
  id: string;
  partner_id: string;
  partner_name: string;
  title: string;
  valid_until: string;
}

/** Agreements of active partners whose validity ends between `from` and `to` (inclusive, 'YYYY-MM-DD'). */
export function listExpiring(q: Queryable, officeId: string, from: string, to: string): Promise<ExpiringAgreement[]> {
  return q.query<ExpiringAgreement>(
    `SELECT g.id, g.partner_id, p.name AS partner_name, g.title, g.valid_until
       FROM partner_agreements g JOIN partners p ON p.office_id = g.office_id AND p.id = g.partner_id
      WHERE g.office_id = $1 AND p.active AND g.valid_until BETWEEN $2::date AND $3::date
      ORDER BY g.valid_until, p.search_key`,
    [officeId, from, to],
  );
}

// ── Cooperation log ─────────────────────────────────────────────────────────

export interface LogEntry {
  id: string;
  happened_on: string;
  kind: LogKind;
  title: string;
  notes: string;
}

/** Newest first. */
export function listLog(q: Queryable, officeId: string, partnerId: string): Promise<LogEntry[]> {
  return q.query<LogEntry>(
    `SELECT id, happened_on, kind, title, notes FROM partner_log
      WHERE office_id = $1 AND partner_id = $2 ORDER BY happened_on DESC, created_at DESC, id`,
    [officeId, partnerId],
  );
}

export async function insertLog(q: Queryable, officeId: string, partnerId: string, e: LogInput, createdBy: string | null): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO partner_log (office_id, partner_id, happened_on, kind, title, notes, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [officeId, partnerId, e.log_date, e.log_kind, e.log_title, e.log_notes, createdBy],
  );
  return rows[0]!.id;
}
