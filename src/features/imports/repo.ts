import type { Queryable } from '../../core/db/db.ts';
import { maybeOne } from '../../core/db/db.ts';
import { CONSENT_IN_FORCE } from '../people/consents-repo.ts';
import { isUuid } from '../../core/http/ids.ts';
import type { KindName } from './kind.ts';
import type { StoredRow } from './rows.ts';

/**
 * All SQL of imports and exports. Every function takes the office and puts it in the WHERE
 * clause: another office's import is simply not found.
 */

export type ImportStatus = 'preview' | 'confirmed' | 'cancelled';

export interface ImportRecord {
  id: string;
  kind: KindName;
  filename: string;
  encoding: string;
  status: ImportStatus;
  rows: StoredRow[];
  ignored: string[];
  row_count: number;
  written: number;
  created_at: Date;
  finished_at: Date | null;
}

export type ImportSummary = Omit<ImportRecord, 'rows' | 'ignored'>;

export async function insertImport(
  q: Queryable,
  officeId: string,
  i: {
    kind: KindName;
    filename: string;
    encoding: string;
    rows: readonly StoredRow[];
    ignored: readonly string[];
    createdBy: string | null;
  },
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO imports (office_id, kind, filename, encoding, status, rows, ignored, row_count, created_by)
     VALUES ($1, $2, $3, $4, 'preview', $5::jsonb, $6, $7, $8) RETURNING id`,
    [officeId, i.kind, i.filename, i.encoding, JSON.stringify(i.rows), [...i.ignored], i.rows.length, i.createdBy],
  );
  return rows[0]!.id;
}

const COLUMNS = 'id, kind, filename, encoding, status, rows, ignored, row_count, written, created_at, finished_at';

/** One import of the office; `forUpdate` locks its row (edits and confirmations queue on it). */
export function findImport(
  q: Queryable,
  officeId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ImportRecord | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return maybeOne<ImportRecord>(
    q,
    `SELECT ${COLUMNS} FROM imports WHERE office_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [officeId, id],
  );
}

export function listImports(q: Queryable, officeId: string, limit = 20): Promise<ImportSummary[]> {
  return q.query<ImportSummary>(
    `SELECT id, kind, filename, encoding, status, row_count, written, created_at, finished_at
       FROM imports WHERE office_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
    [officeId, limit],
  );
}

/** Replaces a preview's rows; false when it is no longer a preview. */
export async function saveRows(q: Queryable, officeId: string, id: string, rows: readonly StoredRow[]): Promise<boolean> {
  const r = await q.query(`UPDATE imports SET rows = $3::jsonb WHERE office_id = $1 AND id = $2 AND status = 'preview' RETURNING 1`, [
    officeId,
    id,
    JSON.stringify(rows),
  ]);
  return r.length > 0;
}

/**
 * Ends a preview (confirmed or cancelled): the rows go, the counts stay. Conditional on the
 * status still being 'preview', so of two requests only one can end it.
 */
export async function finishImport(
  q: Queryable,
  officeId: string,
  id: string,
  status: 'confirmed' | 'cancelled',
  written: number,
): Promise<boolean> {
  const r = await q.query(
    `UPDATE imports SET status = $3, rows = '[]'::jsonb, written = $4, finished_at = now()
      WHERE office_id = $1 AND id = $2 AND status = 'preview' RETURNING 1`,
    [officeId, id, status, written],
  );
  return r.length > 0;
}

// ── What the registers already hold (duplicates) ───────────────────────────

export function registerAssociations(q: Queryable, officeId: string): Promise<Array<{ name: string; registry_number: string | null }>> {
  return q.query('SELECT name, registry_number FROM associations WHERE office_id = $1 ORDER BY created_at, id', [officeId]);
}

export function registerPartners(q: Queryable, officeId: string): Promise<Array<{ name: string; search_key: string }>> {
  return q.query('SELECT name, search_key FROM partners WHERE office_id = $1 ORDER BY created_at, id', [officeId]);
}

// ── Exports (values as stored; export.ts turns them into cells) ────────────

export function exportAssociations(q: Queryable, officeId: string): Promise<Array<Record<string, unknown>>> {
  return q.query(
    `SELECT name, kind, short_name, legal_form, registry_number, founded_year, address, email, phone, website, contact_person,
            description, areas, target_groups, members_total, members_young, active
       FROM associations WHERE office_id = $1 ORDER BY search_key, id`,
    [officeId],
  );
}

export function exportPartners(q: Queryable, officeId: string): Promise<Array<Record<string, unknown>>> {
  return q.query(
    `SELECT name, kind, address, contact_person, email, phone, website, notes, active
       FROM partners WHERE office_id = $1 ORDER BY search_key, id`,
    [officeId],
  );
}

/**
 * The office's live young people whose consent to the register is in force, with that
 * consent's evidence; no special categories. The same statement logs an 'export' in
 * personal_data_access for every person it returns (INSERT … SELECT over the same rows), so
 * an export without its log entries cannot happen.
 */
export function exportPeople(q: Queryable, officeId: string, actorId: string | null): Promise<Array<Record<string, unknown>>> {
  return q.query(
    `WITH exported AS (
       SELECT p.id, p.search_key, p.full_name, p.birth_date, p.email, p.phone, p.gender, COALESCE(s.name, '') AS settlement, p.status,
              p.interests, p.script, c.given_by, c.parent_name, c.parent_email, c.evidence_note
         FROM people p
         JOIN person_consents c ON c.office_id = p.office_id AND c.person_id = p.id AND c.purpose = 'register' AND ${CONSENT_IN_FORCE}
         LEFT JOIN office_settlements s ON s.office_id = p.office_id AND s.id = p.settlement_id
        WHERE p.office_id = $1 AND p.merged_into_id IS NULL AND p.anonymised_at IS NULL
     ), logged AS (
       INSERT INTO personal_data_access (office_id, actor_id, person_id, action)
       SELECT $1, $2, id, 'export' FROM exported
     )
     SELECT full_name, birth_date, email, phone, gender, settlement, status, interests, script, given_by, parent_name,
            parent_email, evidence_note
       FROM exported ORDER BY search_key, id`,
    [officeId, actorId],
  );
}
