import { randomBytes } from 'node:crypto';
import '../src/app.ts'; // installs the UI strings (the export's headers, the worker's catalogue)
import { loadConfig } from '../src/core/config.ts';
import type { Db } from '../src/core/db/db.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { createDeps } from '../src/core/deps.ts';
import { createLogger } from '../src/core/log.ts';
import { insertGeneratedResponses } from '../src/features/surveys/demo.ts';
import { findSurvey, insertSurvey } from '../src/features/surveys/repo.ts';
import { exportStream, surveyCrossTab, surveyResults } from '../src/features/surveys/results.ts';
import { hashToken, newToken, submitResponse } from '../src/features/surveys/service.ts';
import { needsTemplate } from '../src/features/surveys/templates.ts';
import { percentile, progress, type Benchmark, type Report, onBothDatabases } from './lib.ts';

/**
 * Surveys (issue #16), in-process through the real services, on PGlite and (with KZM_BENCH_PG)
 * PostgreSQL:
 * - SUBMISSIONS responses submitted at once (each its own transaction: the survey row read,
 *   the quota rows taken, the response inserted under its unique key, the draft deleted);
 *   answers/s, and a check that every one is stored;
 * - a survey with BIG responses (generated with INSERT … SELECT generate_series): the results
 *   (every question's suppressed table) and a cross-tab, then the XLSX export of the anonymous
 *   answers streamed (a batch at a time, each written in the heavy worker pool): the wait for its
 *   first bytes (what the request waits), the time to read it all, and the file's size.
 */
const SUBMISSIONS = 1000;
const BIG = 100_000;
/** `KZM_BENCH_SURVEYS=burst npm run bench -- surveys`: only the submissions (a quick look at the burst). */
const BURST_ONLY = process.env.KZM_BENCH_SURVEYS === 'burst';

const OFFICE_SQL = `INSERT INTO offices (slug, name, town, region) VALUES ('pancevo', 'Kancelarija za mlade Pančevo', 'Pančevo', 'vojvodina') RETURNING id`;

async function runOn(db: Db, label: string, report: Report): Promise<void> {
  await migrate(db);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SECRET: randomBytes(24).toString('hex'),
    HEAVY_TIMEOUT_MS: '300000',
    HEAVY_MEMORY_MB: '1024',
  });
  const deps = createDeps(config, db, createLogger(config));
  try {
    const [office] = await db.query<{ id: string }>(OFFICE_SQL);
    const def = needsTemplate(2026);
    const small = await db.transaction((tx) =>
      insertSurvey(tx, { officeId: office!.id, title: def.title, template: 'needs', createdBy: null, definition: def }),
    );
    const survey = (await findSurvey(db, office!.id, small))!;
    progress(`${label}: ${SUBMISSIONS} concurrent submissions`);
    const latencies: number[] = [];
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: SUBMISSIONS }, async (_, i) => {
        const t0 = performance.now();
        const r = await submitResponse(
          deps,
          survey,
          1,
          hashToken(newToken()),
          {
            knows_office: i % 2 ? 'yes' : 'no',
            area_priorities: ['education'],
            demo_age: '20-24',
            demo_gender: i % 2 ? 'female' : 'male',
            demo_settlement: 'urban',
          },
          null,
        );
        latencies.push(performance.now() - t0);
        return r.ok;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const [stored] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM survey_responses WHERE survey_id = $1', [small]);
    const burst = {
      db: label,
      perS: SUBMISSIONS / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      stored: results.every(Boolean) && stored!.n === SUBMISSIONS,
    };
    if (BURST_ONLY) {
      report.add('surveys', { ...burst, resultsMs: null, respondents: null, firstMs: null, exportMs: null, exportMb: null });
      return;
    }

    const bigId = await db.transaction((tx) =>
      insertSurvey(tx, { officeId: office!.id, title: def.title, template: 'needs', createdBy: null, definition: def }),
    );
    progress(`${label}: generating ${BIG} answers`);
    await insertGeneratedResponses(db, office!.id, bigId, BIG, new Date());
    const big = (await findSurvey(db, office!.id, bigId))!;
    progress(`${label}: results and a cross-tab of ${BIG} answers`);
    let t0 = performance.now();
    const res = await surveyResults(deps, big, def, {});
    await surveyCrossTab(deps, big, def.sections[0]!.questions[0]!, 'gender', {});
    const resultsMs = performance.now() - t0;
    progress(`${label}: XLSX export of ${BIG} answers`);
    t0 = performance.now();
    const stream = await exportStream(deps, big, def, 'xlsx', 'lat');
    // What the request waits for: the first batch; the rest streams as the reader takes it.
    const firstMs = performance.now() - t0;
    let bytes = 0;
    const reader = stream.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.length;
    const exportMs = performance.now() - t0;
    report.add('surveys', {
      ...burst,
      resultsMs,
      respondents: res.respondents.count,
      firstMs,
      exportMs,
      exportMb: bytes / 1024 / 1024,
    });
  } finally {
    await deps.heavy.close();
  }
}

export const surveysBenchmark: Benchmark = {
  name: 'surveys',
  async run(report: Report) {
    report.section(
      'surveys',
      `Surveys — ${SUBMISSIONS} concurrent submissions (in-process service: quota rows, unique key, one transaction each); results + cross-tab and streamed XLSX export (a heavy-worker task per batch) of ${BIG.toLocaleString('en-US')} answers`,
      [
        { key: 'db', title: 'database', left: true },
        { key: 'perS', title: 'answers/s' },
        { key: 'p50', title: 'p50 ms', digits: 1 },
        { key: 'p99', title: 'p99 ms', digits: 1 },
        { key: 'stored', title: 'all stored' },
        { key: 'resultsMs', title: `results ms (${BIG / 1000}k)` },
        { key: 'respondents', title: 'respondents' },
        { key: 'firstMs', title: 'XLSX first bytes ms' },
        { key: 'exportMs', title: 'XLSX ms' },
        { key: 'exportMb', title: 'XLSX MB', digits: 1 },
      ],
    );
    await onBothDatabases(
      (db, label) => runOn(db, label, report),
      () =>
        report.add('surveys', {
          db: 'PostgreSQL: skipped (set KZM_BENCH_PG)',
          perS: null,
          p50: null,
          p99: null,
          stored: null,
          resultsMs: null,
          respondents: null,
          firstMs: null,
          exportMs: null,
          exportMb: null,
        }),
    );
  },
};
