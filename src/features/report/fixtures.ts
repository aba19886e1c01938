import type { Deps } from '../../core/http/env.ts';
import type { RouteDef } from '../../core/http/routes.ts';
import { localParts } from '../../core/time.ts';
import { runReportQueue } from './job.ts';
import { ensureReport, findReport, queueReport, reopenReport } from './repo.ts';
import { reportPath } from './views.tsx';

/**
 * Fixtures for the harness (test/actors.ts PARAM_FIXTURES, test/forms.ts FORM_STATES): office A's
 * annual report of this year being written (its page shows the narrative and "make" forms), and
 * last year's made, with its files (the downloads and the reopen form) — both years of the demo
 * plan (2025–2029). Each stays in its state while no route changed it, and is put back when one
 * did (a made report reopened, a draft queued). Production code never imports this.
 */
type T = Pick<Deps, 'db' | 'heavy' | 'now' | 'log'>;

async function officeOf(deps: T, slug: string) {
  const [o] = await deps.db.query<{ id: string }>('SELECT id FROM offices WHERE slug = $1', [slug]);
  if (!o) throw new Error(`report fixtures: no office ${slug}`);
  return o.id;
}

const thisYear = (deps: T) => Number(localParts(deps.now()).date.slice(0, 4));

/** This year's report of the office, being written (draft). */
export async function draftReportYear(deps: T, slug: string): Promise<number> {
  const office = await officeOf(deps, slug);
  const year = thisYear(deps);
  const r = await ensureReport(deps.db, office, year);
  if (r.status !== 'draft')
    await deps.db.query(`UPDATE annual_reports SET status = 'draft', lease_until = NULL WHERE office_id = $1 AND id = $2`, [office, r.id]);
  return year;
}

/** Last year's report of the office, made (its files stored by the real job). */
export async function madeReportYear(deps: T, slug: string): Promise<number> {
  const office = await officeOf(deps, slug);
  const year = thisYear(deps) - 1;
  let r = await ensureReport(deps.db, office, year);
  if (r.status === 'done') return year;
  if (r.status === 'failed') await reopenReport(deps.db, office, r.id);
  if (r.status === 'queued' || r.status === 'running')
    await deps.db.query(`UPDATE annual_reports SET status = 'draft' WHERE office_id = $1 AND id = $2`, [office, r.id]);
  await queueReport(deps.db, office, r.id, false, null);
  await runReportQueue(deps);
  r = (await findReport(deps.db, office, year))!;
  if (r.status !== 'done') throw new Error(`report fixtures: the report was not made (${r.status}: ${r.error})`);
  return year;
}

/** :reportYear — last year's made report for the downloads and reopening, else this year's draft. */
export async function reportYearFixture(deps: T, slug: string, route?: Pick<RouteDef, 'name'>): Promise<string> {
  const made = route?.name === 'report.file' || route?.name === 'report.reopen';
  return String(made ? await madeReportYear(deps, slug) : await draftReportYear(deps, slug));
}

/** The page of the made report (its reopen form), for FORM_STATES. */
export async function madeReportPath(deps: T, slug: string): Promise<string> {
  return `/lat${reportPath({ slug }, await madeReportYear(deps, slug))}`;
}
