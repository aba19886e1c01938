import type { Db } from '../src/core/db/db.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { HeavyPool, heavyTask } from '../src/core/heavy.ts';
import { createLogger } from '../src/core/log.ts';
import { testConfig } from '../test/app.ts';
import '../src/app.ts'; // hands the features' report sections and indicator sources over
import { buildReport } from '../src/features/report/build.ts';
import { makeReport } from '../src/features/report/job.ts';
import { claimReport, ensureReport, queueReport } from '../src/features/report/repo.ts';
import { generatePlanData } from './plan-data.ts';
import { onBothDatabases, progress, type Benchmark, type Report } from './lib.ts';

/**
 * The annual report's generation (issue #15 point 6) for an office with five years of data
 * (plan-data.ts: ~2,000 activities, ~40,000 attendances, a plan with 24 indicators), on each
 * database: gathering the figures (the queries), then the PDF and the DOCX (each a task in the
 * heavy worker pool, charts included), and the whole background job (gather, PDF, DOCX, XLSX,
 * stored). The baseline, measured in the same run on the same database and pool: the same report
 * of an office with no data (no plan, no activities) — what the machinery costs by itself.
 */
const RUNS = 1;
const YEAR = 2025;
const pdfTask = heavyTask<typeof import('../src/features/report/render.ts'), 'reportPdf'>('src/features/report/render.ts', 'reportPdf');
const docxTask = heavyTask<typeof import('../src/features/report/render.ts'), 'reportDocx'>('src/features/report/render.ts', 'reportDocx');

async function runOn(db: Db, label: string, report: Report, heavy: HeavyPool): Promise<void> {
  await migrate(db);
  const offices = await db.query<{ id: string; slug: string }>(
    `INSERT INTO offices (slug, name, town, region) VALUES ('bench-report', 'Kancelarija za mlade Bench', 'Bench', 'vojvodina'),
       ('bench-empty', 'Kancelarija za mlade Prazna', 'Prazno', 'vojvodina') RETURNING id, slug`,
  );
  const full = offices.find((o) => o.slug === 'bench-report')!.id;
  const empty = offices.find((o) => o.slug === 'bench-empty')!.id;
  progress(`${label}: generating five years of data`);
  await generatePlanData(db, full);
  const log = createLogger(testConfig({ LOG_LEVEL: 'silent' }));
  const deps = { db, heavy, now: () => new Date('2026-03-01T10:00:00Z'), log };
  // Warm-up, not measured: each worker of the pool loads pdfmake, its fonts and docx once. Without
  // it the baseline (measured first) paid the workers' first use and showed a PDF slower than
  // five years' (17 s against 3 s on PGlite, 2026-12-07).
  const warm = await buildReport(db, empty, { year: YEAR, locale: 'cir' }, deps.now());
  await Promise.all([heavy.run(pdfTask, warm), heavy.run(pdfTask, warm), heavy.run(docxTask, warm), heavy.run(docxTask, warm)]);
  let baseline: { gather: number; pdf: number; docx: number; job: number } | undefined;
  for (const [office, what] of [
    [empty, 'baseline: an office with no data'],
    [full, 'five years: ~2,000 activities, ~40,000 attendances'],
  ] as const) {
    const rows: Array<{
      gather: number;
      pdf: number;
      docx: number;
      job: number;
      pdfKb: number;
      docxKb: number;
      tables: number;
      charts: number;
    }> = [];
    for (let i = 0; i < RUNS; i++) {
      progress(`${label}: ${what}, run ${i + 1}`);
      let s = performance.now();
      const doc = await buildReport(db, office, { year: YEAR, locale: 'cir' }, deps.now());
      const gather = performance.now() - s;
      s = performance.now();
      const pdf = await heavy.run(pdfTask, doc);
      const pdfMs = performance.now() - s;
      s = performance.now();
      const docx = await heavy.run(docxTask, doc);
      const docxMs = performance.now() - s;
      // The whole job as the button starts it (Cyrillic only): gather, PDF, DOCX, XLSX, stored.
      const r = await ensureReport(db, office, YEAR);
      await db.query(`UPDATE annual_reports SET status = 'draft' WHERE id = $1`, [r.id]);
      await queueReport(db, office, r.id, false, null);
      s = performance.now();
      const claimed = (await claimReport(db, 300))!;
      const outcome = await makeReport(deps, claimed);
      const job = performance.now() - s;
      if (outcome !== 'done') throw new Error(`bench report: the job ended ${outcome}`);
      rows.push({
        gather,
        pdf: pdfMs,
        docx: docxMs,
        job,
        pdfKb: pdf.byteLength / 1024,
        docxKb: docx.byteLength / 1024,
        tables: doc.blocks.reduce((n, b) => n + b.tables.length, 0),
        charts: doc.blocks.reduce((n, b) => n + (b.charts?.length ?? 0), 0),
      });
    }
    const best = (k: 'gather' | 'pdf' | 'docx' | 'job') => Math.min(...rows.map((x) => x[k]));
    const worst = Math.max(...rows.map((x) => x.job));
    // Five years against the empty office of the same run: what the data costs beyond the machinery.
    const times = { gather: best('gather'), pdf: best('pdf'), docx: best('docx'), job: best('job') };
    const ratio = baseline ? times.job / baseline.job : null;
    baseline ??= times;
    report.add('report', {
      db: label,
      office: what,
      tables: rows[0]!.tables,
      charts: rows[0]!.charts,
      gatherMs: best('gather'),
      pdfMs: best('pdf'),
      docxMs: best('docx'),
      jobMs: best('job'),
      jobWorstMs: worst,
      jobVsBaseline: ratio,
      pdfKb: rows[0]!.pdfKb,
      docxKb: rows[0]!.docxKb,
    });
  }
}

export const reportBenchmark: Benchmark = {
  name: 'report',
  async run(report: Report) {
    report.section(
      'report',
      `Annual report generation (PDF and DOCX, Cyrillic, ${YEAR}), best of ${RUNS}, beside a baseline of an office with no data`,
      [
        { key: 'db', title: 'database', left: true },
        { key: 'office', title: 'office', left: true },
        { key: 'tables', title: 'tables', digits: 0 },
        { key: 'charts', title: 'charts', digits: 0 },
        { key: 'gatherMs', title: 'gather ms', digits: 0 },
        { key: 'pdfMs', title: 'PDF ms', digits: 0 },
        { key: 'docxMs', title: 'DOCX ms', digits: 0 },
        { key: 'jobMs', title: 'whole job ms', digits: 0 },
        { key: 'jobWorstMs', title: 'job worst ms', digits: 0 },
        { key: 'jobVsBaseline', title: 'job × baseline', digits: 1 },
        { key: 'pdfKb', title: 'PDF kB', digits: 0 },
        { key: 'docxKb', title: 'DOCX kB', digits: 0 },
      ],
    );
    const heavy = new HeavyPool({ threads: 2, memoryMb: 256, timeoutMs: 120_000 });
    try {
      await onBothDatabases(
        (db, label) => runOn(db, label, report, heavy),
        () => report.add('report', { db: 'PostgreSQL', office: 'skipped: set KZM_BENCH_PG or DATABASE_URL' }),
      );
    } finally {
      await heavy.close();
    }
  },
};
