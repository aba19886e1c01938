import { openPglite, type Db } from '../src/core/db/db.ts';
import { migrate } from '../src/core/db/migrate.ts';
import '../src/app.ts'; // hands the indicator sources to the plan's catalogue
import { findPlan } from '../src/features/plan/repo.ts';
import { dashboard } from '../src/features/plan/service.ts';
import { generatePlanData } from './plan-data.ts';
import { onScratchPostgres, progress, type Benchmark, type Report } from './lib.ts';

/**
 * The LAP monitoring dashboard, uncached, for an office with five years of data (plan-data.ts:
 * ~2,000 activities, ~40,000 attendances, 24 indicators of which 16 live): the time to compute
 * it for one year (every live indicator's query, the activities and budget per area), median
 * and worst of RUNS, on each database.
 */
const RUNS = 5;

async function runOn(db: Db, label: string, report: Report): Promise<void> {
  await migrate(db);
  const [office] = await db.query<{ id: string }>(
    `INSERT INTO offices (slug, name, town, region) VALUES ('bench-lap', 'Kancelarija za mlade Bench', 'Bench', 'vojvodina') RETURNING id`,
  );
  progress(`${label}: generating five years of data`);
  const t0 = performance.now();
  const { planId } = await generatePlanData(db, office!.id);
  const generateS = (performance.now() - t0) / 1000;
  const [counts] = await db.query<{ activities: number; attendance: number }>(
    `SELECT (SELECT count(*)::int FROM activities WHERE office_id = $1) AS activities, (SELECT count(*)::int FROM attendance WHERE office_id = $1) AS attendance`,
    [office!.id],
  );
  const plan = (await findPlan(db, office!.id, planId))!;
  progress(`${label}: the dashboard, ${RUNS} runs`);
  const times: number[] = [];
  let indicators = 0;
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    const d = await dashboard(db, office!.id, plan, 2025, new Date('2026-12-01T00:00:00Z'));
    times.push(performance.now() - s);
    indicators = d.areas.reduce((n, a) => n + a.indicators.length, 0);
  }
  times.sort((a, b) => a - b);
  report.add('plan', {
    db: label,
    activities: counts!.activities,
    attendance: counts!.attendance,
    indicators,
    medianMs: times[Math.floor(times.length / 2)]!,
    worstMs: times[times.length - 1]!,
    generateS,
  });
}

export const planBenchmark: Benchmark = {
  name: 'plan',
  async run(report: Report) {
    report.section('plan', 'LAP monitoring dashboard, uncached — one year of a plan over five years of an office’s data', [
      { key: 'db', title: 'database', left: true },
      { key: 'activities', title: 'activities', digits: 0 },
      { key: 'attendance', title: 'attendances', digits: 0 },
      { key: 'indicators', title: 'indicators', digits: 0 },
      { key: 'medianMs', title: 'median ms', digits: 0 },
      { key: 'worstMs', title: 'worst ms', digits: 0 },
      { key: 'generateS', title: 'data built in s', digits: 1 },
    ]);
    const lite = await openPglite();
    try {
      await runOn(lite, 'PGlite (embedded)', report);
    } finally {
      await lite.close();
    }
    const url = process.env.KZM_BENCH_PG || process.env.DATABASE_URL;
    if (!url) return;
    await onScratchPostgres(url, (server) => runOn(server, 'PostgreSQL (pool of 10)', report));
  },
};
