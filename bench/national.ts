import { performance } from 'node:perf_hooks';
import { createSession, SESSION_COOKIE } from '../src/core/auth/sessions.ts';
import type { Db } from '../src/core/db/db.ts';
import { insertAccount } from '../src/features/accounts/service.ts';
import { nationalPrinting } from '../src/features/national/dashboard.tsx';
import { refreshFigures } from '../src/features/national/figures-repo.ts';
import { NATIONAL_LOCK } from '../src/features/national/job.ts';
import { OPEN_FILES } from '../src/features/national/opendata.ts';
import { officeYearFigures } from '../src/features/national/opendata-repo.ts';
import { onScratchPostgres, percentile, progress, startApp, tempDir, type AppProcess, type Benchmark, type Report } from './lib.ts';

/**
 * The national bench row (issue #17): the national dashboard's pages, their exports and the open
 * data over the generated national dataset on PostgreSQL, uncached (PAGE_CACHE=false: every
 * request reads national_figures and prints the figures again), p50/p99 over RUNS sequential
 * requests each, through the real app over HTTP (`npm start`, the national admin by session
 * cookie for the admin's pages).
 *
 * In the same run, the same requests first over the demo network (the baseline: the app as
 * `npm start` seeds it, a handful of offices), then over the national dataset the issue names:
 * 150 offices more, ten years, ~30,000 activities, ~200,000 people, ~2,000,000 attendance rows
 * (INSERT … SELECT generate_series; sizes vary by office, so small cells and their suppression
 * occur). KZM_BENCH_NATIONAL_SCALE (default 1) scales activities and people for a quick look.
 *
 * PostgreSQL only: KZM_BENCH_PG or DATABASE_URL names a server where a throwaway database is
 * created and dropped. `npm run bench -- national` runs only this row.
 */
const RUNS = 20;
const OFFICES = 150;
const YEARS = 10;
const ADMIN_EMAIL = 'bench.national@primer.test';
/** The entry codes' alphabet (migrations/0006_entry_code.sql): 31 letters and digits without look-alikes. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Generates the national dataset (see above) next to what is there; returns its attendance rows. */
export async function generateNational(db: Db, scale: number, firstYear: number): Promise<void> {
  const people = Math.max(40, Math.round(1333 * scale));
  await db.query(
    `INSERT INTO offices (slug, status, name, town, region, district_code, latitude, longitude, search_key)
     SELECT 'gen-' || i, 'full', 'Generisana kancelarija ' || i, 'Mesto ' || i, 'central',
            (SELECT code FROM districts ORDER BY code OFFSET (i % 25) LIMIT 1), 42.5 + (i % 40) / 10.0, 19.5 + (i % 38) / 10.0, 'gen ' || i
       FROM generate_series(1, $1::int) i`,
    [OFFICES],
  );
  await db.query(
    `INSERT INTO people (office_id, full_name, birth_year, email, source, search_key)
     SELECT o.id, 'Osoba ' || p, 1995 + p % 15, 'osoba.' || p || '.' || o.slug || '@gen.test', 'offline', 'osoba ' || p
       FROM offices o, generate_series(1, $1::int) p WHERE o.slug LIKE 'gen-%'`,
    [people],
  );
  // Activities per office and year from 1 to 39 (20 on average): small offices have small cells.
  await db.query(
    `INSERT INTO activities (office_id, kind, status, title, areas, place_kind, starts_at, ends_at)
     SELECT o.id, 'workshop', 'published', 'Radionica ' || y || '-' || n,
            ARRAY[(ARRAY['education','health','safety','employment','participation','volunteering','mobility','youth_work'])[1 + n % 8]],
            'office', make_timestamptz(y, 1 + n % 12, 1 + n % 27, 10, 0, 0, 'Europe/Belgrade'),
            make_timestamptz(y, 1 + n % 12, 1 + n % 27, 12, 0, 0, 'Europe/Belgrade')
       FROM offices o, generate_series($1::int, $1::int + $2::int - 1) y,
            LATERAL generate_series(1, greatest(1, round($3::float8 * (1 + (substr(o.slug, 5)::int * 37 + y) % 39))::int)) n
      WHERE o.slug LIKE 'gen-%'`,
    [firstYear, YEARS, scale],
  );
  await db.query(
    `INSERT INTO activity_sessions (office_id, activity_id, position, starts_at, ends_at)
     SELECT a.office_id, a.id, 1, a.starts_at, a.ends_at FROM activities a JOIN offices o ON o.id = a.office_id WHERE o.slug LIKE 'gen-%'`,
  );
  // 2 to 132 attendees an activity (67 on average): the office's people numbered, each activity a
  // run of them. Each registration has its entry code given (six letters of the code alphabet from
  // its number in the office), so the trigger that draws one under an advisory lock per row stays
  // out of the generator. One office per statement.
  const offices = await db.query<{ id: string }>(`SELECT id FROM offices WHERE slug LIKE 'gen-%' ORDER BY slug`);
  for (const [i, o] of offices.entries()) {
    if (i % 25 === 0) progress(`national: registrations and attendance, office ${i + 1} of ${offices.length}`);
    await db.transaction(async (tx) => {
      await tx.query(
        `WITH p AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM people WHERE office_id = $1),
              x AS (SELECT a.office_id, a.id AS activity_id, a.starts_at, abs(hashtext(a.id::text)) % ($2::int - 132) AS start,
                           2 + abs(hashtext(a.id::text || 'n')) % 131 AS cnt
                      FROM activities a WHERE a.office_id = $1),
              y AS (SELECT x.office_id, x.activity_id, x.starts_at, p.id AS person_id, row_number() OVER () AS n
                      FROM x CROSS JOIN LATERAL generate_series(1, x.cnt) g JOIN p ON p.k = x.start + g)
         INSERT INTO registrations (office_id, activity_id, person_id, status, source, code, confirmed_at, short_code)
         SELECT office_id, activity_id, person_id, 'confirmed', 'walk_in', md5(activity_id::text || person_id::text), starts_at,
                ${Array.from({ length: 6 }, (_, k) => `substr('${CODE_ALPHABET}', 1 + (n / ${31 ** k} % 31)::int, 1)`).join(' || ')}
           FROM y`,
        [o.id, Math.max(people, 133)],
      );
      await tx.query(
        `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method)
         SELECT r.office_id, r.id, s.id, s.starts_at, 'list'
           FROM registrations r JOIN activity_sessions s ON s.office_id = r.office_id AND s.activity_id = r.activity_id
          WHERE r.office_id = $1`,
        [o.id],
      );
    });
  }
}

/** Rebuilds national_figures as the national job does (after any run of it the app has started). */
async function refresh(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [NATIONAL_LOCK]);
    return refreshFigures(tx);
  });
}

async function counts(db: Db) {
  const [c] = await db.query<{ offices: number; activities: number; attendance: number; figures: number }>(
    `SELECT (SELECT count(*)::int FROM offices) AS offices, (SELECT count(*)::int FROM activities) AS activities,
            (SELECT count(*)::int FROM attendance) AS attendance, (SELECT count(*)::int FROM national_figures) AS figures`,
  );
  return c!;
}

/** The pages measured: public, the national admin's (by cookie) and the open data, all ten years. */
function pages(years: { from: number; to: number }) {
  const span = `od=${years.from}&do=${years.to}`;
  return [
    { label: 'map and directory', path: '/lat/mreza', admin: false },
    { label: 'public dashboard by region', path: `/lat/mreza/pregled?po=region&${span}`, admin: false },
    { label: 'public dashboard by office', path: `/lat/mreza/pregled?po=office&${span}`, admin: false },
    { label: 'public dashboard by LAP area', path: `/lat/mreza/pregled?po=area&${span}`, admin: false },
    { label: 'public CSV by office', path: `/lat/mreza/pregled.csv?po=office&${span}`, admin: false },
    { label: 'admin dashboard by region', path: `/lat/admin/mreza/pregled?po=region&m=participants&${span}`, admin: true },
    { label: 'admin dashboard by office', path: `/lat/admin/mreza/pregled?po=office&m=participants&${span}`, admin: true },
    { label: 'admin CSV by office', path: `/lat/admin/mreza/pregled.csv?po=office&m=participants&${span}`, admin: true },
    { label: 'admin XLSX by office', path: `/lat/admin/mreza/pregled.xlsx?po=office&m=participants&${span}`, admin: true },
    { label: 'open data CSV (every year)', path: OPEN_FILES.csv, admin: false },
    { label: 'open data JSON (every year)', path: OPEN_FILES.json, admin: false },
  ];
}

async function measure(app: AppProcess & { db: Db }, cookie: string, dataset: string, years: { from: number; to: number }, report: Report) {
  for (const p of pages(years)) {
    const ms: number[] = [];
    let bytes = 0;
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now();
      const res = await fetch(app.url + p.path, { headers: p.admin ? { cookie } : {}, redirect: 'manual' });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET ${p.path} → ${res.status}\n${app.output()}`);
      if (i > 0) ms.push(performance.now() - t0); // the first request warms the code paths
      bytes = body.byteLength;
    }
    ms.sort((a, b) => a - b);
    report.add('national', { dataset, page: p.label, p50: percentile(ms, 50), p99: percentile(ms, 99), kb: bytes / 1024 });
  }
  // The printing alone (core/suppress.ts's nested suppression, every office × year × measure), in this process.
  const rows = await officeYearFigures(app.db, years);
  const ms: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    nationalPrinting(rows);
    if (i > 0) ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  report.add('national', {
    dataset,
    page: `national printing only (${rows.length} office-years, in-process)`,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    kb: null,
  });
}

export const nationalBenchmark: Benchmark = {
  name: 'national',
  async run(report: Report) {
    report.section('national', `National dashboard and open data, uncached, ${RUNS} sequential requests each (PostgreSQL)`, [
      { key: 'dataset', title: 'dataset', left: true },
      { key: 'page', title: 'page', left: true },
      { key: 'p50', title: 'p50 ms', digits: 0 },
      { key: 'p99', title: 'p99 ms', digits: 0 },
      { key: 'kb', title: 'KiB', digits: 0 },
    ]);
    const url = process.env.KZM_BENCH_PG || process.env.DATABASE_URL;
    if (!url) {
      report.note('national: skipped (PostgreSQL only: set KZM_BENCH_PG or DATABASE_URL)');
      return;
    }
    const scale = Number(process.env.KZM_BENCH_NATIONAL_SCALE ?? '1');
    await onScratchPostgres(url, async (db, scratchUrl) => {
      let app: (AppProcess & { db: Db }) | undefined;
      try {
        // The app migrates and seeds the demo network on start (the baseline).
        progress('national: starting the app on a fresh PostgreSQL database');
        const started = await startApp({
          dataDir: tempDir('kzm-bench-national-'),
          readyPath: '/lat/mreza',
          env: { DATABASE_URL: scratchUrl, PAGE_CACHE: 'false' },
          timeoutMs: 300_000,
        });
        app = Object.assign(started, { db });
        const lastYear = new Date().getUTCFullYear();
        const years = { from: lastYear - YEARS + 1, to: lastYear };
        const userId = await db.transaction((tx) =>
          insertAccount(tx, {
            email: ADMIN_EMAIL,
            passwordHash: 'x',
            displayName: 'Bench',
            birthDate: '1990-01-01',
            locale: 'lat',
            confirmed: true,
          }),
        );
        await db.query('UPDATE users SET is_national_admin = true WHERE id = $1', [userId]);
        const cookie = `${SESSION_COOKIE}=${await createSession(db, userId, 1)}`;

        await refresh(db);
        const base = await counts(db);
        const baseline = `baseline: demo network (${base.offices} offices, ${base.attendance} attendances)`;
        progress(`national: ${baseline}`);
        await measure(app, cookie, baseline, years, report);

        progress(`national: generating ${OFFICES} offices × ${YEARS} years at scale ${scale}`);
        let t0 = performance.now();
        await generateNational(db, scale, years.from);
        await db.query('ANALYZE');
        const generateS = (performance.now() - t0) / 1000;
        progress('national: rebuilding national_figures');
        t0 = performance.now();
        await refresh(db);
        const refreshS = (performance.now() - t0) / 1000;
        const full = await counts(db);
        const dataset = `national: ${full.offices} offices, ${full.activities} activities, ${full.attendance} attendances`;
        progress(`national: ${dataset}`);
        await measure(app, cookie, dataset, years, report);
        report.note(
          `national: data generated in ${generateS.toFixed(0)} s; national_figures rebuilt in ${refreshS.toFixed(1)} s (${full.figures} rows, the hourly job's work)`,
        );
      } finally {
        await app?.stop();
      }
    });
  },
};
