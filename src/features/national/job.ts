import type { Deps } from '../../core/http/env.ts';
import { notifyPages } from '../../core/http/page-cache.ts';
import { startPeriodicJob, tryJobLock } from '../../core/jobs.ts';
import { refreshFigures } from './figures-repo.ts';

export const NATIONAL_LOCK = 0x4b5a4e46;
/** The page-cache tag of every page that shows the national figures. */
export const FIGURES_TAG = 'network-figures';

/** Rebuilds national_figures (one runner per cluster) and tells every process's page cache. */
export async function runFiguresJob(deps: Pick<Deps, 'db' | 'pageCache'>): Promise<{ ran: boolean; rows: number }> {
  const r = await deps.db.transaction(async (tx) => {
    if (!(await tryJobLock(tx, NATIONAL_LOCK))) return { ran: false, rows: 0 };
    const rows = await refreshFigures(tx);
    await notifyPages(tx, [FIGURES_TAG]);
    return { ran: true, rows };
  });
  deps.pageCache.invalidateLocal([FIGURES_TAG]);
  return r;
}

export function startFiguresJob(deps: Deps): () => Promise<void> {
  return startPeriodicJob(deps, { name: 'national-figures', run: () => runFiguresJob(deps), worthLogging: (r) => r.ran });
}
