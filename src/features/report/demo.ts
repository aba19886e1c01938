import type { Queryable } from '../../core/db/db.ts';
import { localParts } from '../../core/time.ts';
import type { NarrativeKey } from './narrative.ts';

/**
 * Demo annual report: Pančevo's report for last year (within the demo plan's 2025–2029), its
 * narrative typed by the coordinator, queued in Cyrillic and Latin. One statement, after the seed
 * of a first start (seedDemoIfEmpty); the files are written by the report's own background job (job.ts) a few seconds
 * after `npm start`, as a coordinator's click would have them — the seed renders nothing itself.
 */
export async function seedReportDemo(q: Queryable, now = new Date()): Promise<void> {
  const year = Math.min(2029, Math.max(2025, Number(localParts(now).date.slice(0, 4)) - 1));
  const narrative: Record<NarrativeKey, string> = {
    intro:
      'Kancelarija za mlade je tokom godine radila po Lokalnom akcionom planu za mlade, sa naglaskom na neformalno obrazovanje i zapošljavanje mladih.',
    results: 'Održane su radionice za mlade iz seoskih naselja, a Savet za mlade je dao mišljenje na godišnji plan rada.',
    challenges: 'Mladi iz udaljenih sela i dalje teže dolaze na aktivnosti u gradu.',
    next: 'Sledeće godine planiramo više radionica u mesnim zajednicama.',
  };
  await q.query(
    `INSERT INTO annual_reports (office_id, year, narrative, status, latin, step, requested_at)
     SELECT id, $1, $2, 'queued', true, 'queued', now() FROM offices WHERE slug = 'pancevo'
     ON CONFLICT (office_id, year) DO NOTHING`,
    [year, JSON.stringify(narrative)],
  );
}
