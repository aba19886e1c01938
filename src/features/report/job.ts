import type { BackgroundJob } from '../../core/background.ts';
import { insertFile } from '../../core/files.ts';
import { heavyTask } from '../../core/heavy.ts';
import type { Deps } from '../../core/http/env.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { buildReport } from './build.ts';
import { narrativeOf } from './narrative.ts';
import {
  addReportFile,
  claimReport,
  deleteReportFiles,
  failReport,
  finishReport,
  setProgress,
  type AnnualReport,
  type Format,
  type Script,
} from './repo.ts';

/**
 * The annual report's background job. The "make" button only queues the year's row
 * (service.ts); a worker in any app process claims it (SKIP LOCKED, with a lease a dead worker
 * gives up), gathers the sections' figures (queries; progress 0–50 % over the sections), hands the
 * document to the heavy worker pool for the PDF, DOCX and XLSX (core/heavy.ts: never on the
 * request thread), stores the files and marks the row done — updating the row's progress and step
 * as it goes, which the report's page shows (refreshing itself without JavaScript).
 */

/** How long a worker holds a report before another may take it (a report takes seconds; a dead worker's waits this long). */
export const LEASE_SECONDS = 300;
/** How often every process looks for queued reports (a queued one is normally taken at once: wakeReportWorker). */
export const REPORT_POLL_MS = 5_000;

// One worker task per file (each within the pool's time and memory limits on its own; the first loads its library).
const TASKS = {
  pdf: heavyTask<typeof import('./render.ts'), 'reportPdf'>('src/features/report/render.ts', 'reportPdf'),
  docx: heavyTask<typeof import('./render.ts'), 'reportDocx'>('src/features/report/render.ts', 'reportDocx'),
  xlsx: heavyTask<typeof import('./render.ts'), 'reportXlsx'>('src/features/report/render.ts', 'reportXlsx'),
} as const;

const TYPES: Record<Format, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
export const fileName = (year: number, script: Script, format: Format) =>
  `${script === 'cir' ? 'izvestaj' : 'izvestaj-latinica'}-${year}.${format}`;

class Stopped extends Error {}

/** Makes one claimed report: its files stored and the row done, or the row failed with the reason. */
export async function makeReport(deps: Pick<Deps, 'db' | 'heavy' | 'now' | 'log'>, r: AnnualReport): Promise<'done' | 'failed' | 'lost'> {
  const scripts: Script[] = r.latin ? ['cir', 'lat'] : ['cir'];
  const progress = async (p: number, step: string) => {
    if (!(await setProgress(deps.db, r.office_id, r.id, p, step))) throw new Stopped();
  };
  try {
    const made: Array<{ script: Script; files: Record<Format, Uint8Array> }> = [];
    for (const [i, script] of scripts.entries()) {
      // Each script: 0–60 % gathering (by section), then writing the files; split between the scripts.
      const base = (i * 90) / scripts.length;
      const width = 90 / scripts.length;
      const doc = await buildReport(
        deps.db,
        r.office_id,
        { year: r.year, locale: script as Locale, narrative: narrativeOf(script, r.narrative) },
        deps.now(),
        (done, total) => progress(base + (width * 0.6 * done) / total, 'gather'),
      );
      const files = {} as Record<Format, Uint8Array>;
      for (const [j, format] of (['pdf', 'docx', 'xlsx'] as const).entries()) {
        await progress(base + width * (0.6 + (0.4 * j) / 3), 'render');
        files[format] = await deps.heavy.run(TASKS[format], doc);
      }
      made.push({ script, files });
    }
    await progress(95, 'store');
    const ok = await deps.db.transaction(async (tx) => {
      await deleteReportFiles(tx, r.office_id, r.id);
      for (const m of made)
        for (const format of ['pdf', 'docx', 'xlsx'] as const) {
          const id = await insertFile(tx, r.office_id, {
            name: fileName(r.year, m.script, format),
            contentType: TYPES[format],
            bytes: m.files[format],
            uploadedBy: null,
          });
          await addReportFile(tx, r.office_id, r.id, m.script, format, id);
        }
      if (!(await finishReport(tx, r.office_id, r.id))) throw new Stopped();
      return true;
    });
    return ok ? 'done' : 'lost';
  } catch (err) {
    if (err instanceof Stopped) return 'lost';
    deps.log.error({ err, report: r.id }, 'annual report failed');
    await failReport(deps.db, r.office_id, r.id, err instanceof Error ? err.message : String(err));
    return 'failed';
  }
}

/** Makes queued reports until none is left (the tests' and the bench's entry; the job calls it on each tick). */
export async function runReportQueue(deps: Pick<Deps, 'db' | 'heavy' | 'now' | 'log'>): Promise<number> {
  let n = 0;
  for (;;) {
    const r = await claimReport(deps.db, LEASE_SECONDS);
    if (!r) return n;
    await makeReport(deps, r);
    n++;
  }
}

let wake: (() => void) | undefined;
/** Starts this process's worker now instead of at its next tick (no-op where no worker runs: it is queued for another). */
export function wakeReportWorker(): void {
  wake?.();
}

/** The background job (the report's entry in src/app.ts). */
export const startReportWorker: BackgroundJob = (deps) => {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = runReportQueue(deps)
      .then(() => undefined)
      .catch((err: unknown) => deps.log.error({ err }, 'annual report worker failed'))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          tick();
        }
      });
  };
  const timer = setInterval(tick, REPORT_POLL_MS);
  timer.unref();
  wake = () => setImmediate(tick);
  return async () => {
    stopped = true;
    wake = undefined;
    clearInterval(timer);
    await running;
  };
};
