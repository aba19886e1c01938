import type { Queryable } from '../../core/db/db.ts';

/** The annual report's own reads (the registers'): associations by kind, registered and active. */
export function associationCounts(q: Queryable, officeId: string, from: Date, until: Date) {
  return q.query<{ kind: string; total: number; active: number; added: number }>(
    `SELECT kind, count(*)::int AS total, count(*) FILTER (WHERE active)::int AS active,
            count(*) FILTER (WHERE created_at >= $3)::int AS added
       FROM associations WHERE office_id = $1 AND created_at < $2 GROUP BY kind`,
    [officeId, until, from],
  );
}

export function officeName(q: Queryable, officeId: string) {
  return q.query<{ name: string }>('SELECT name FROM offices WHERE id = $1', [officeId]);
}

// ── The annual report's row: narrative and the generation job's state ──

export const REPORT_STATUSES = ['draft', 'queued', 'running', 'done', 'failed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const SCRIPTS = ['cir', 'lat'] as const;
export type Script = (typeof SCRIPTS)[number];
export const FORMATS = ['pdf', 'docx', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

export interface AnnualReport {
  id: string;
  office_id: string;
  year: number;
  narrative: Record<string, string>;
  status: ReportStatus;
  latin: boolean;
  progress: number;
  step: string;
  error: string;
  attempts: number;
  requested_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
}

const COLS = `id, office_id, year::int AS year, narrative, status, latin, progress::int AS progress, step, error,
  attempts::int AS attempts, requested_at, finished_at, updated_at`;

export async function findReport(q: Queryable, officeId: string, year: number): Promise<AnnualReport | undefined> {
  const rows = await q.query<AnnualReport>(`SELECT ${COLS} FROM annual_reports WHERE office_id = $1 AND year = $2`, [officeId, year]);
  return rows[0];
}

export function listReports(q: Queryable, officeId: string): Promise<AnnualReport[]> {
  return q.query<AnnualReport>(`SELECT ${COLS} FROM annual_reports WHERE office_id = $1 ORDER BY year DESC`, [officeId]);
}

/** The year's row, made as a draft the first time (two at once make one). */
export async function ensureReport(q: Queryable, officeId: string, year: number): Promise<AnnualReport> {
  await q.query('INSERT INTO annual_reports (office_id, year) VALUES ($1, $2) ON CONFLICT (office_id, year) DO NOTHING', [officeId, year]);
  return (await findReport(q, officeId, year))!;
}

/** The narrative, only while the report is being written (draft, or failed): false otherwise. */
export async function updateNarrative(q: Queryable, officeId: string, id: string, narrative: Record<string, string>): Promise<boolean> {
  const rows = await q.query(
    `UPDATE annual_reports SET narrative = $3, updated_at = now()
      WHERE office_id = $1 AND id = $2 AND status IN ('draft', 'failed') RETURNING id`,
    [officeId, id, JSON.stringify(narrative)],
  );
  return rows.length > 0;
}

/** Draft or failed → queued (the worker takes it); false when it was in another state. */
export async function queueReport(q: Queryable, officeId: string, id: string, latin: boolean, userId: string | null): Promise<boolean> {
  const rows = await q.query(
    `UPDATE annual_reports SET status = 'queued', latin = $3, progress = 0, step = 'queued', error = '', attempts = 0,
            lease_until = NULL, requested_by = $4, requested_at = now(), finished_at = NULL, updated_at = now()
      WHERE office_id = $1 AND id = $2 AND status IN ('draft', 'failed') RETURNING id`,
    [officeId, id, latin, userId],
  );
  return rows.length > 0;
}

/** Done or failed → draft, its files deleted (annual_report_files follow by cascade); false otherwise. */
export async function reopenReport(q: Queryable, officeId: string, id: string): Promise<boolean> {
  const rows = await q.query(
    `UPDATE annual_reports SET status = 'draft', progress = 0, step = '', error = '', finished_at = NULL, updated_at = now()
      WHERE office_id = $1 AND id = $2 AND status IN ('done', 'failed') RETURNING id`,
    [officeId, id],
  );
  if (rows.length === 0) return false;
  await q.query(
    `DELETE FROM files WHERE office_id = $1 AND id IN (SELECT file_id FROM annual_report_files WHERE office_id = $1 AND report_id = $2)`,
    [officeId, id],
  );
  return true;
}

/** How many times a report is tried before it is failed (a worker that died mid-way leaves its lease to expire). */
export const MAX_ATTEMPTS = 3;

/**
 * Takes the oldest queued report, or a running one whose worker's lease ran out, for `leaseSeconds`;
 * one per caller (SKIP LOCKED: several processes share the queue). Reports tried MAX_ATTEMPTS times are failed first.
 */
export async function claimReport(q: Queryable, leaseSeconds: number): Promise<AnnualReport | undefined> {
  await q.query(
    `UPDATE annual_reports SET status = 'failed', error = 'stopped', lease_until = NULL, updated_at = now()
      WHERE status = 'running' AND lease_until < now() AND attempts >= $1`,
    [MAX_ATTEMPTS],
  );
  const rows = await q.query<AnnualReport>(
    `UPDATE annual_reports r SET status = 'running', attempts = attempts + 1, progress = 0, step = 'gather',
            lease_until = now() + make_interval(secs => $1), updated_at = now()
      WHERE (r.office_id, r.id) = (
        SELECT office_id, id FROM annual_reports
         WHERE status = 'queued' OR (status = 'running' AND lease_until < now())
         ORDER BY requested_at NULLS FIRST LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING ${COLS}`,
    [leaseSeconds],
  );
  return rows[0];
}

/** The job's progress, while it holds the report (false: it no longer does — reopened, or taken by another after its lease). */
export async function setProgress(q: Queryable, officeId: string, id: string, progress: number, step: string): Promise<boolean> {
  const rows = await q.query(
    `UPDATE annual_reports SET progress = $3, step = $4, updated_at = now()
      WHERE office_id = $1 AND id = $2 AND status = 'running' RETURNING id`,
    [officeId, id, Math.max(0, Math.min(100, Math.round(progress))), step],
  );
  return rows.length > 0;
}

export async function addReportFile(q: Queryable, officeId: string, reportId: string, script: Script, format: Format, fileId: string) {
  await q.query(
    `INSERT INTO annual_report_files (office_id, report_id, script, format, file_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (office_id, report_id, script, format) DO UPDATE SET file_id = EXCLUDED.file_id`,
    [officeId, reportId, script, format, fileId],
  );
}

/** Files of an earlier attempt of the same report (a retried job replaces them). */
export async function deleteReportFiles(q: Queryable, officeId: string, reportId: string): Promise<void> {
  await q.query(
    `DELETE FROM files WHERE office_id = $1 AND id IN (SELECT file_id FROM annual_report_files WHERE office_id = $1 AND report_id = $2)`,
    [officeId, reportId],
  );
}

export async function finishReport(q: Queryable, officeId: string, id: string): Promise<boolean> {
  const rows = await q.query(
    `UPDATE annual_reports SET status = 'done', progress = 100, step = '', lease_until = NULL, finished_at = now(), updated_at = now()
      WHERE office_id = $1 AND id = $2 AND status = 'running' RETURNING id`,
    [officeId, id],
  );
  return rows.length > 0;
}

export async function failReport(q: Queryable, officeId: string, id: string, error: string): Promise<void> {
  await q.query(
    `UPDATE annual_reports SET status = 'failed', error = $3, lease_until = NULL, updated_at = now()
      WHERE office_id = $1 AND id = $2 AND status = 'running'`,
    [officeId, id, error.slice(0, 500)],
  );
}

export function reportFileList(q: Queryable, officeId: string, reportId: string) {
  return q.query<{ script: Script; format: Format; file_id: string; size: number }>(
    `SELECT rf.script, rf.format, rf.file_id, f.size FROM annual_report_files rf
       JOIN files f ON f.office_id = rf.office_id AND f.id = rf.file_id
      WHERE rf.office_id = $1 AND rf.report_id = $2 ORDER BY rf.script, rf.format`,
    [officeId, reportId],
  );
}
