/**
 * The national bench row (issue #17): a generated national dataset (150 offices, ten years:
 * ~30,000 activities, ~200,000 people, ~2,000,000 attendance rows at --scale=1), built with
 * INSERT … SELECT generate_series, then the national dashboard's queries uncached (p50/p99) and
 * the open-data CSV. PostgreSQL only: DATABASE_URL names a database it may fill (use a throwaway one).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:54337/bench node --import tsx bench/national.ts [--scale=0.1]
 */
import { performance } from 'node:perf_hooks';
import { openPostgres } from '../src/core/db/db.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { figures, refreshFigures, type GroupBy } from '../src/features/national/figures-repo.ts';
import { figuresCsv, printFigures } from '../src/features/national/dashboard.tsx';
import { t } from '../src/core/i18n/messages.ts';
import { printAdmin } from '../src/features/national/admin-dashboard.tsx';
import { openCsv, openRecords } from '../src/features/national/opendata.ts';
import { officeYearFigures } from '../src/features/national/opendata-repo.ts';
import { consultationStatuses } from '../src/features/national/consultation-repo.ts';
import '../src/app.ts';

const scale = Number(/--scale=([\d.]+)/.exec(process.argv.join(' '))?.[1] ?? '1');
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL (PostgreSQL) is required');
const db = await openPostgres(url);
await migrate(db);

const OFFICES = 150;
const YEARS = 10;
const ACTIVITIES_PER_OFFICE_YEAR = Math.max(1, Math.round(20 * scale));
const PEOPLE_PER_OFFICE = Math.max(10, Math.round(1333 * scale));
const ATTENDEES = 67; // per activity (one session each)
const firstYear = new Date().getUTCFullYear() - YEARS + 1;

const time = async (label: string, fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  console.log(`${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
};

await time('offices', () =>
  db.query(
    `INSERT INTO offices (slug, status, name, town, region, district_code, latitude, longitude, search_key)
     SELECT 'gen-' || i, 'full', 'Generisana kancelarija ' || i, 'Mesto ' || i, 'central',
            (SELECT code FROM districts ORDER BY code OFFSET (i % 25) LIMIT 1), 42 + (i % 40) / 10.0, 19 + (i % 38) / 10.0, 'gen ' || i
       FROM generate_series(1, $1) i ON CONFLICT (slug) DO NOTHING`,
    [OFFICES],
  ),
);
await time('people', () =>
  db.query(
    `INSERT INTO people (office_id, full_name, birth_year, email, source, search_key)
     SELECT o.id, 'Osoba ' || p, 1995 + p % 15, 'osoba.' || p || '.' || o.slug || '@gen.test', 'offline', 'osoba ' || p
       FROM offices o, generate_series(1, $1) p WHERE o.slug LIKE 'gen-%'`,
    [PEOPLE_PER_OFFICE],
  ),
);
await time('activities and sessions', async () => {
  await db.query(
    `INSERT INTO activities (office_id, kind, status, title, areas, place_kind, starts_at, ends_at)
     SELECT o.id, 'workshop', 'published', 'Radionica ' || y || '-' || n,
            ARRAY[(ARRAY['education','health','safety','employment','participation','volunteering','mobility','youth_work'])[1 + n % 8]],
            'office', make_timestamptz(y, 1 + n % 12, 1 + n % 27, 10, 0, 0, 'Europe/Belgrade'),
            make_timestamptz(y, 1 + n % 12, 1 + n % 27, 12, 0, 0, 'Europe/Belgrade')
       FROM offices o, generate_series($1::int, $1::int + $2::int - 1) y, generate_series(1, $3::int) n WHERE o.slug LIKE 'gen-%'`,
    [firstYear, YEARS, ACTIVITIES_PER_OFFICE_YEAR],
  );
  await db.query(
    `INSERT INTO activity_sessions (office_id, activity_id, position, starts_at, ends_at)
     SELECT a.office_id, a.id, 1, a.starts_at, a.ends_at FROM activities a JOIN offices o ON o.id = a.office_id WHERE o.slug LIKE 'gen-%'`,
  );
});
// Registrations one office-year at a time: each row's short-code trigger takes an advisory lock
// (registrations_set_short_code), and one statement for all would run out of lock slots.
await time('registrations and attendance', async () => {
  const offices = await db.query<{ id: string }>(`SELECT id FROM offices WHERE slug LIKE 'gen-%' ORDER BY slug`);
  for (const o of offices) {
    for (let y = firstYear; y < firstYear + YEARS; y++) {
      await db.query(
        `INSERT INTO registrations (office_id, activity_id, person_id, status, source, code, confirmed_at)
         SELECT a.office_id, a.id, p.id, 'confirmed', 'walk_in', md5(a.id::text || p.id::text), a.starts_at
           FROM activities a
           CROSS JOIN LATERAL (SELECT id FROM people WHERE office_id = a.office_id
                               OFFSET (abs(hashtext(a.id::text)) % greatest(1, $3::int - $4::int)) LIMIT $4) p
          WHERE a.office_id = $1 AND a.starts_at >= make_timestamptz($2, 1, 1, 0, 0, 0, 'Europe/Belgrade')
            AND a.starts_at < make_timestamptz($2 + 1, 1, 1, 0, 0, 0, 'Europe/Belgrade')`,
        [o.id, y, PEOPLE_PER_OFFICE, ATTENDEES],
      );
    }
  }
  await db.query(
    `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method)
     SELECT r.office_id, r.id, s.id, s.starts_at, 'list'
       FROM registrations r JOIN activity_sessions s ON s.office_id = r.office_id AND s.activity_id = r.activity_id
       JOIN offices o ON o.id = r.office_id AND o.slug LIKE 'gen-%'`,
  );
});
const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM attendance')) as [{ n: number }];
console.log(`attendance rows: ${n}`);
await time('refresh national_figures', () => db.transaction((tx) => refreshFigures(tx)));

const pct = (xs: number[], p: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const years = { from: firstYear, to: firstYear + YEARS - 1 };
for (const by of ['region', 'office', 'area'] as GroupBy[]) {
  const ms: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    await figures(db, by, years);
    ms.push(performance.now() - t0);
  }
  console.log(`national dashboard by ${by}: p50 ${pct(ms, 50).toFixed(1)} ms, p99 ${pct(ms, 99).toFixed(1)} ms (uncached query)`);
}
const v = { t: (k: Parameters<typeof t>[1], vars?: Record<string, string | number>) => t('lat', k, vars) };
const t0 = performance.now();
const rows = printFigures(await figures(db, 'office', years), (r) => r.label);
const csv = figuresCsv(v, 'office', rows);
console.log(`open-data CSV by office, ${YEARS} years: ${rows.length} rows, ${csv.length} bytes, ${(performance.now() - t0).toFixed(1)} ms`);
// The national admin's dashboard (the figures printed with totals and trends) and the consultation statuses, uncached.
for (const by of ['region', 'office'] as GroupBy[]) {
  const ms: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t1 = performance.now();
    printAdmin(await figures(db, by, years), by, (r) => r.label, 'participants');
    await consultationStatuses(db);
    ms.push(performance.now() - t1);
  }
  console.log(`admin dashboard by ${by}: p50 ${pct(ms, 50).toFixed(1)} ms, p99 ${pct(ms, 99).toFixed(1)} ms (uncached)`);
}
{
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 10; i++) {
    const t1 = performance.now();
    bytes = openCsv(openRecords(await officeYearFigures(db))).length;
    ms.push(performance.now() - t1);
  }
  console.log(`open data (stable URL) CSV: ${bytes} bytes, p50 ${pct(ms, 50).toFixed(1)} ms, p99 ${pct(ms, 99).toFixed(1)} ms`);
}
await db.close();
