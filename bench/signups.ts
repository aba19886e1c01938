import { randomBytes } from 'node:crypto';
import type { Actor } from '../src/core/auth/actor.ts';
import { loadConfig } from '../src/core/config.ts';
import type { Db } from '../src/core/db/db.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { createDeps } from '../src/core/deps.ts';
import type { OfficeRef } from '../src/core/http/env.ts';
import { createLogger } from '../src/core/log.ts';
import { makeActivity } from '../src/features/activities/testing.ts';
import { signUpAccount } from '../src/features/registrations/service.ts';
import { progress, type Benchmark, type Report, onBothDatabases, drive } from './lib.ts';

/**
 * Sign-ups per second: CLIENTS concurrent clients each signing up distinct young people for
 * one activity with CAPACITY places (the rest go to the waitlist), through the real service
 * (signUpAccount: the activity row's lock, the seat decision, the audit event, the mail in
 * the outbox, one transaction each). Beside it, in the same run on the same database, the
 * baseline: the same number of one-row INSERT transactions from the same clients — what the
 * database alone costs. On PGlite always; on PostgreSQL when KZM_BENCH_PG (or DATABASE_URL)
 * names a server (a scratch database is created and dropped). The run also checks the result
 * is exact: CAPACITY confirmed, the rest waiting.
 */
const CLIENTS = 200;
const SIGNUPS = 2000;
const CAPACITY = 200;

const OFFICE_SQL = `INSERT INTO offices (slug, name, town, region) VALUES ('pancevo', 'Kancelarija za mlade Pančevo', 'Pančevo', 'vojvodina') RETURNING id, slug, name`;

async function runOn(db: Db, label: string, report: Report): Promise<void> {
  await migrate(db);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SECRET: randomBytes(24).toString('hex') });
  const deps = createDeps(config, db, createLogger(config));
  const [office] = await db.query<OfficeRef>(OFFICE_SQL);
  const users = await db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, display_name, birth_date)
     SELECT 'bench' || g || '@primer.test', 'x', 'Bench ' || g, '2005-05-05' FROM generate_series(1, ${SIGNUPS}) g RETURNING id`,
  );
  const activity = await makeActivity(db, 'pancevo', { capacity: CAPACITY });
  const actor = (userId: string): Actor => ({
    userId,
    sessionId: '',
    email: '',
    displayName: '',
    locale: 'lat',
    isNationalAdmin: false,
    memberships: [],
  });

  await db.exec(
    'CREATE TABLE bench_baseline (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n integer NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())',
  );
  progress(`${label}: baseline, ${SIGNUPS} one-row INSERT transactions from ${CLIENTS} clients`);
  const base = await drive(CLIENTS, SIGNUPS, (i) => db.transaction((tx) => tx.query('INSERT INTO bench_baseline (n) VALUES ($1)', [i])));
  progress(`${label}: ${SIGNUPS} sign-ups for ${CAPACITY} places from ${CLIENTS} clients`);
  let refused = 0;
  const run = await drive(CLIENTS, SIGNUPS, async (i) => {
    const r = await signUpAccount(deps, actor(users[i]!.id), office!, activity.id, {}, 'lat');
    if (!r.ok) refused++;
  });
  const [counts] = await db.query<{ confirmed: number; waitlisted: number; cc: number }>(
    `SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed, count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted,
            (SELECT confirmed_count FROM activities WHERE id = $1) AS cc
       FROM registrations WHERE activity_id = $1`,
    [activity.id],
  );
  const exact = refused === 0 && counts!.confirmed === CAPACITY && counts!.cc === CAPACITY && counts!.waitlisted === SIGNUPS - CAPACITY;
  report.add('signups', {
    db: label,
    signupsPerS: run.perSecond,
    p50: run.p50,
    p99: run.p99,
    basePerS: base.perSecond,
    baseP50: base.p50,
    baseP99: base.p99,
    sharePct: (run.perSecond / base.perSecond) * 100,
    exact,
  });
}

export const signupsBenchmark: Benchmark = {
  name: 'sign-ups',
  async run(report: Report) {
    report.section(
      'signups',
      `Sign-ups — ${SIGNUPS} for ${CAPACITY} places, ${CLIENTS} concurrent clients, in-process service (lock, decision, audit, outbox) vs plain one-row INSERT transactions`,
      [
        { key: 'db', title: 'database', left: true },
        { key: 'signupsPerS', title: 'sign-ups/s' },
        { key: 'p50', title: 'p50 ms', digits: 1 },
        { key: 'p99', title: 'p99 ms', digits: 1 },
        { key: 'basePerS', title: 'INSERTs/s' },
        { key: 'baseP50', title: 'p50 ms', digits: 1 },
        { key: 'baseP99', title: 'p99 ms', digits: 1 },
        { key: 'sharePct', title: 'sign-up/INSERT %', digits: 1 },
        { key: 'exact', title: `${CAPACITY} confirmed, rest waiting` },
      ],
    );

    await onBothDatabases(
      (db, label) => runOn(db, label, report),
      () =>
        report.add('signups', {
          db: 'PostgreSQL: skipped (set KZM_BENCH_PG)',
          signupsPerS: null,
          p50: null,
          p99: null,
          basePerS: null,
          baseP50: null,
          baseP99: null,
          sharePct: null,
          exact: null,
        }),
      { thread: true },
    );
  },
};
