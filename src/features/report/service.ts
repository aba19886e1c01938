import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Queryable } from '../../core/db/db.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import { localParts } from '../../core/time.ts';
import type { Refusal, Result } from '../../core/result.ts';
import type { Deps } from '../../core/http/env.ts';
import { coveringPlan } from './plan-sections.ts';
import { NARRATIVE_KEYS, type NarrativeKey } from './narrative.ts';
import { ensureReport, findReport, queueReport, reopenReport, updateNarrative, type AnnualReport } from './repo.ts';
import { wakeReportWorker } from './job.ts';

/**
 * The annual report's writes: the coordinator opens a year, writes the narrative, asks for the
 * files (the job in job.ts makes them in the background) and, to change a report already made,
 * reopens it. The rules (decided here, documented in ARCHITECTURE.md):
 * - a report is for a year of a plan of the office (any version covering it) that has begun:
 *   another year gets a message naming the plan's years;
 * - the narrative is edited only while the report is being written (draft, or a failed attempt):
 *   a report made is what went to the council, so its texts are frozen — the coordinator reopens
 *   it (its files are deleted) to change them, and makes it again; while it is being made, it is
 *   neither edited nor asked for again.
 */

const audit = (tx: Queryable, actor: Actor, office: OfficeRef, action: string, target: string, data?: unknown) =>
  recordAudit(tx, { officeId: office.id, actorId: actor.userId, action, target, ...(data ? { data } : {}) });

/** Whether the office may have a report for `year` (null: it may), with the message saying why not. */
export async function yearProblem(db: Queryable, officeId: string, year: number, now: Date): Promise<Refusal | null> {
  const { plan, all } = await coveringPlan(db, officeId, year);
  if (!plan) {
    if (all.length === 0) return { ok: false, error: 'report.err.noPlans', field: 'year' };
    const periods = [...new Set(all.map((p) => `${p.start_year}–${p.end_year}`))].join(', ');
    return { ok: false, error: 'report.err.noPlan', field: 'year', vars: { year, periods } };
  }
  if (year > Number(localParts(now).date.slice(0, 4))) return { ok: false, error: 'report.err.future', field: 'year', vars: { year } };
  return null;
}

/** The year's report, made as a draft the first time it is opened; refused for a year outside the plan. */
export async function openYear(deps: Deps, office: OfficeRef, year: number): Promise<Result<AnnualReport>> {
  const problem = await yearProblem(deps.db, office.id, year, deps.now());
  if (problem) return problem;
  return { ok: true, value: await ensureReport(deps.db, office.id, year) };
}

/** Why the report in this state cannot be edited or asked for (null: it can). */
export function stateProblem(r: Pick<AnnualReport, 'status'>): Refusal | null {
  if (r.status === 'queued' || r.status === 'running') return { ok: false, error: 'report.err.busy' };
  if (r.status === 'done') return { ok: false, error: 'report.err.frozen' };
  return null;
}

export async function saveNarrative(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  year: number,
  texts: Record<NarrativeKey, string>,
): Promise<Result> {
  const opened = await openYear(deps, office, year);
  if (!opened.ok) return opened;
  const problem = stateProblem(opened.value);
  if (problem) return problem;
  const narrative = Object.fromEntries(NARRATIVE_KEYS.map((k) => [k, texts[k].replace(/\r\n/g, '\n')]));
  return deps.db.transaction(async (tx): Promise<Result> => {
    // The state is checked again in the UPDATE: a report made meanwhile is not changed.
    if (!(await updateNarrative(tx, office.id, opened.value.id, narrative)))
      return stateProblem(await freshState(tx, office.id, year)) ?? { ok: false, error: 'report.err.frozen' };
    await audit(tx, actor, office, 'report.narrative', opened.value.id, { year });
    return { ok: true, value: undefined };
  });
}

const freshState = async (q: Queryable, officeId: string, year: number) =>
  (await findReport(q, officeId, year)) ?? { status: 'draft' as const };

/** Queues the report's making (the background job takes it at once in this process, else within REPORT_POLL_MS in any). */
export async function generate(deps: Deps, actor: Actor, office: OfficeRef, year: number, latin: boolean): Promise<Result> {
  const opened = await openYear(deps, office, year);
  if (!opened.ok) return opened;
  const problem = stateProblem(opened.value);
  if (problem) return problem;
  const r = await deps.db.transaction(async (tx): Promise<Result> => {
    if (!(await queueReport(tx, office.id, opened.value.id, latin, actor.userId)))
      return stateProblem(await freshState(tx, office.id, year)) ?? { ok: false, error: 'report.err.busy' };
    await audit(tx, actor, office, 'report.generate', opened.value.id, { year, latin });
    return { ok: true, value: undefined };
  });
  if (r.ok) wakeReportWorker();
  return r;
}

/** A report made (or failed) back to draft: its files deleted, its texts editable again. */
export async function reopen(deps: Deps, actor: Actor, office: OfficeRef, year: number): Promise<Result> {
  const found = await findReport(deps.db, office.id, year);
  if (!found || found.status === 'draft') return { ok: false, error: 'report.err.notDone' };
  if (found.status === 'queued' || found.status === 'running') return { ok: false, error: 'report.err.busy' };
  return deps.db.transaction(async (tx): Promise<Result> => {
    if (!(await reopenReport(tx, office.id, found.id))) return { ok: false, error: 'report.err.busy' };
    await audit(tx, actor, office, 'report.reopen', found.id, { year });
    return { ok: true, value: undefined };
  });
}
