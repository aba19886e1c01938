import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/core/config.ts';
import type { Db } from '../src/core/db/db.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { createDeps } from '../src/core/deps.ts';
import type { OfficeRef } from '../src/core/http/env.ts';
import { createLogger } from '../src/core/log.ts';
import { localParts } from '../src/core/time.ts';
import { insertResource, replaceHours } from '../src/features/bookings/repo.ts';
import { addDays, requestBooking, weeklySpans } from '../src/features/bookings/service.ts';
import { progress, type Benchmark, type Report, onBothDatabases, drive } from './lib.ts';

/**
 * Booking requests per second: CLIENTS concurrent clients each asking for one hour of one of
 * ROOMS rooms on one of DAYS days, starting on a half hour (so many requests overlap in part),
 * through the real service (requestBooking: the conflict check, the request and booking rows,
 * the mail in the outbox, the audit event, one transaction; the exclusion constraint decides
 * races). Beside it, in the same run on the same database: the same number of one-row INSERT
 * transactions into a table of the same shape without the constraint. The result is checked
 * exact: no two live bookings of a room overlap, every accepted request is stored, and every
 * refused one overlaps a stored booking (so every request that did not overlap was stored).
 */
const CLIENTS = 100;
const REQUESTS = 1000;
const ROOMS = 5;
const DAYS = 10;

/** A small deterministic generator, so both databases get the same requests. */
function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

async function runOn(db: Db, label: string, report: Report): Promise<void> {
  await migrate(db);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SECRET: randomBytes(24).toString('hex') });
  const deps = createDeps(config, db, createLogger(config));
  const [office] = await db.query<OfficeRef>(
    `INSERT INTO offices (slug, name, town, region) VALUES ('cacak', 'Kancelarija za mlade Čačak', 'Čačak', 'west') RETURNING id, slug, name`,
  );
  const users = await db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, display_name, birth_date)
     SELECT 'bench' || g || '@primer.test', 'x', 'Bench ' || g, '2005-05-05' FROM generate_series(1, ${REQUESTS}) g RETURNING id`,
  );
  const rooms: string[] = [];
  for (let r = 0; r < ROOMS; r++) {
    const id = await insertResource(db, office!.id, {
      kind: 'room',
      category: 'hall',
      name: `Sala ${r + 1}`,
      capacity: 30,
      accessibility: '',
      rules: '',
      active: true,
    });
    await replaceHours(
      db,
      office!.id,
      id,
      [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '08:00', closes: '22:00' })),
    );
    rooms.push(id);
  }
  const rnd = lcg(42);
  const first = addDays(localParts(new Date()).date, 30);
  const wanted = Array.from({ length: REQUESTS }, () => {
    const k = Math.floor(rnd() * 26); // 08:00 … 20:30
    const from = `${String(8 + Math.floor(k / 2)).padStart(2, '0')}:${k % 2 ? '30' : '00'}`;
    const to = `${String(9 + Math.floor(k / 2)).padStart(2, '0')}:${k % 2 ? '30' : '00'}`;
    return { room: rooms[Math.floor(rnd() * ROOMS)]!, span: weeklySpans(addDays(first, Math.floor(rnd() * DAYS)), from, to)[0]! };
  });

  await db.exec(
    `CREATE TABLE bench_bookings_plain (office_id uuid NOT NULL, id uuid NOT NULL DEFAULT gen_random_uuid(), resource_id uuid NOT NULL,
       during tstzrange NOT NULL, status text NOT NULL, PRIMARY KEY (office_id, id))`,
  );
  progress(`${label}: baseline, ${REQUESTS} one-row INSERT transactions from ${CLIENTS} clients`);
  const base = await drive(CLIENTS, REQUESTS, (i) =>
    db.transaction((tx) =>
      tx.query(
        `INSERT INTO bench_bookings_plain (office_id, resource_id, during, status) VALUES ($1, $2, tstzrange($3, $4, '[)'), 'pending')`,
        [office!.id, wanted[i]!.room, wanted[i]!.span.start, wanted[i]!.span.end],
      ),
    ),
  );
  progress(`${label}: ${REQUESTS} booking requests (${ROOMS} rooms × ${DAYS} days, 1 h on the half hour) from ${CLIENTS} clients`);
  const accepted: string[] = [];
  const refused: number[] = [];
  let odd = 0;
  const run = await drive(CLIENTS, REQUESTS, async (i) => {
    const w = wanted[i]!;
    const r = await requestBooking(deps, {
      office: office!,
      resourceIds: [w.room],
      spans: [w.span],
      booker: {
        userId: users[i]!.id,
        kind: 'person',
        groupName: '',
        fullName: `Bench ${i}`,
        email: `bench${i}@primer.test`,
        locale: 'lat',
      },
      purpose: 'Bench',
    });
    if (r.ok) accepted.push(r.value.id);
    else if (r.error === 'bk.err.conflicts' || r.error === 'bk.err.taken') refused.push(i);
    else odd++;
  });
  const [overlaps] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM bookings a JOIN bookings b ON a.office_id = b.office_id AND a.resource_id = b.resource_id AND a.id < b.id
      WHERE a.during && b.during AND a.status IN ('pending', 'approved', 'unconfirmed') AND b.status IN ('pending', 'approved', 'unconfirmed')`,
  );
  const [stored] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM bookings WHERE office_id = $1 AND request_id = ANY($2::uuid[])`,
    [office!.id, accepted],
  );
  const [unexplained] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM jsonb_to_recordset($2::jsonb) AS x(resource_id uuid, starts timestamptz, ends timestamptz)
      WHERE NOT EXISTS (SELECT 1 FROM bookings b WHERE b.office_id = $1 AND b.resource_id = x.resource_id AND b.status = 'pending'
                          AND b.during && tstzrange(x.starts, x.ends, '[)'))`,
    [
      office!.id,
      JSON.stringify(refused.map((i) => ({ resource_id: wanted[i]!.room, starts: wanted[i]!.span.start, ends: wanted[i]!.span.end }))),
    ],
  );
  const exact =
    odd === 0 &&
    overlaps!.n === 0 &&
    stored!.n === accepted.length &&
    accepted.length + refused.length === REQUESTS &&
    unexplained!.n === 0;
  report.add('bookings', {
    db: label,
    perS: run.perSecond,
    p50: run.p50,
    p99: run.p99,
    basePerS: base.perSecond,
    baseP50: base.p50,
    baseP99: base.p99,
    sharePct: (run.perSecond / base.perSecond) * 100,
    accepted: accepted.length,
    exact,
  });
}

export const bookingsBenchmark: Benchmark = {
  name: 'bookings',
  async run(report: Report) {
    report.section(
      'bookings',
      `Booking requests — ${REQUESTS} for ${ROOMS} rooms × ${DAYS} days, ${CLIENTS} concurrent clients, in-process service (conflict check, rows, audit, outbox; the exclusion constraint decides races) vs plain one-row INSERT transactions into a table of the same shape`,
      [
        { key: 'db', title: 'database', left: true },
        { key: 'perS', title: 'requests/s' },
        { key: 'p50', title: 'p50 ms', digits: 1 },
        { key: 'p99', title: 'p99 ms', digits: 1 },
        { key: 'basePerS', title: 'INSERTs/s' },
        { key: 'baseP50', title: 'p50 ms', digits: 1 },
        { key: 'baseP99', title: 'p99 ms', digits: 1 },
        { key: 'sharePct', title: 'request/INSERT %', digits: 1 },
        { key: 'accepted', title: 'accepted' },
        { key: 'exact', title: 'no overlap stored, every free one stored' },
      ],
    );
    await onBothDatabases(
      (db, label) => runOn(db, label, report),
      () =>
        report.add('bookings', {
          db: 'PostgreSQL: skipped (set KZM_BENCH_PG)',
          perS: null,
          p50: null,
          p99: null,
          basePerS: null,
          baseP50: null,
          baseP99: null,
          sharePct: null,
          accepted: null,
          exact: null,
        }),
    );
  },
};
