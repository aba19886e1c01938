import type { Queryable } from '../src/core/db/db.ts';

/**
 * Five years of an office's data for the plan's benchmark (issue #15): ~2,000 activities with a
 * session each, 4,000 young people in the register (a third rural), ~40,000 attendances, 60
 * associations, and a plan 2022–2026 with one area per LAP area, a goal, a measure, 400 plan
 * activities (some linked) and 24 indicators — 16 live, 8 entered by hand — with targets for
 * each year. A few INSERT … SELECT generate_series statements, so it builds in seconds.
 */
export async function generatePlanData(q: Queryable, officeId: string): Promise<{ planId: string }> {
  const areas = ['education', 'health', 'safety', 'employment', 'participation', 'volunteering', 'mobility', 'youth_work'];
  await q.query(
    `INSERT INTO people (office_id, full_name, birth_year, gender, settlement_kind, status, source)
     SELECT $1, 'Osoba ' || g, 1996 + g % 12, CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END,
            CASE WHEN g % 3 = 0 THEN 'rural' ELSE 'urban' END, (ARRAY['pupil','student','employed','unemployed','neet'])[1 + g % 5], 'offline'
       FROM generate_series(1, 4000) g`,
    [officeId],
  );
  await q.query(
    `INSERT INTO person_consents (office_id, person_id, purpose, notice_version, given_by, evidence)
     SELECT office_id, id, 'register', '2026-12-01', 'self', 'paper' FROM people WHERE office_id = $1`,
    [officeId],
  );
  // 2,000 activities over 2022–2026, one two-hour session each, areas in turn.
  await q.query(
    `INSERT INTO activities (office_id, kind, status, title, areas, place_kind, capacity, starts_at, ends_at, search_key)
     SELECT $1, (ARRAY['workshop','seminar','training','camp','event'])[1 + g % 5], 'published', 'Aktivnost ' || g,
            ARRAY[($2::text[])[1 + g % 8]], 'office', 100,
            timestamptz '2022-01-10 09:00+01' + (g * interval '21 hours 54 minutes'),
            timestamptz '2022-01-10 11:00+01' + (g * interval '21 hours 54 minutes'), 'aktivnost ' || g
       FROM generate_series(1, 2000) g`,
    [officeId, areas],
  );
  await q.query(
    `INSERT INTO activity_sessions (office_id, activity_id, position, starts_at, ends_at)
     SELECT office_id, id, 1, starts_at, ends_at FROM activities WHERE office_id = $1`,
    [officeId],
  );
  // 20 people per activity (40,000 registrations, all present), 100 activities a statement (a
  // registration's trigger locks its activity: one statement over all 2,000 runs out of lock slots).
  for (let from = 1; from <= 2000; from += 100)
    await q.query(
      `WITH a AS (SELECT id, row_number() OVER (ORDER BY starts_at) AS n FROM activities WHERE office_id = $1),
          p AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM people WHERE office_id = $1)
     INSERT INTO registrations (office_id, activity_id, person_id, full_name, status, source, code, confirmed_at)
     SELECT $1, a.id, p.id, 'Osoba', 'confirmed', 'walk_in', md5(a.id::text || k)::text, now()
       FROM a CROSS JOIN generate_series(0, 19) k JOIN p ON p.n = 1 + ((a.n * 37 + k * 211) % 4000)
      WHERE a.n BETWEEN $2 AND $2 + 99`,
      [officeId, from],
    );
  await q.query(
    `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method)
     SELECT r.office_id, r.id, s.id, s.starts_at, 'list'
       FROM registrations r JOIN activity_sessions s ON s.office_id = r.office_id AND s.activity_id = r.activity_id
      WHERE r.office_id = $1`,
    [officeId],
  );
  await q.query(
    `INSERT INTO associations (office_id, kind, name, legal_form, areas, active, created_at)
     SELECT $1, 'youth', 'Udruženje ' || g, 'association', ARRAY[($2::text[])[1 + g % 8]], g % 4 <> 0, timestamptz '2021-01-01' + g * interval '20 days'
       FROM generate_series(1, 60) g`,
    [officeId, areas],
  );
  // The plan.
  const [plan] = await q.query<{ id: string }>(
    `INSERT INTO lap_plans (office_id, id, series_id, title, start_year, end_year)
     SELECT $1, x.id, x.id, 'LAP 2022–2026', 2022, 2026 FROM (SELECT gen_random_uuid() AS id) x RETURNING id`,
    [officeId],
  );
  const planId = plan!.id;
  await q.query(
    `INSERT INTO lap_areas (office_id, plan_id, code, position) SELECT $1, $2, c, n FROM unnest($3::text[]) WITH ORDINALITY u(c, n)`,
    [officeId, planId, areas],
  );
  await q.query(
    `INSERT INTO lap_goals (office_id, plan_id, area_id, text) SELECT office_id, plan_id, id, 'Cilj ' || code FROM lap_areas WHERE plan_id = $1`,
    [planId],
  );
  await q.query(
    `INSERT INTO lap_measures (office_id, plan_id, goal_id, title) SELECT office_id, plan_id, id, 'Mera ' || text FROM lap_goals WHERE plan_id = $1`,
    [planId],
  );
  await q.query(
    `INSERT INTO lap_activities (office_id, plan_id, measure_id, title, responsible_kind, year, quarter, funding, planned_rsd, spent_rsd, done)
     SELECT m.office_id, m.plan_id, m.id, 'Aktivnost plana ' || g || ' ' || m.title, 'office', 2022 + g % 5, 1 + g % 4, 'town', 100000 + g * 1000, 90000 + g * 900, g % 3 = 0
       FROM lap_measures m CROSS JOIN generate_series(1, 50) g WHERE m.plan_id = $1`,
    [planId],
  );
  await q.query(
    `WITH la AS (SELECT key, row_number() OVER (ORDER BY id) AS n FROM lap_activities WHERE plan_id = $2)
     UPDATE activities a SET lap_activity_key = la.key FROM la
      WHERE a.office_id = $1 AND la.n = 1 + (hashtext(a.id::text) & 1023) % 400 AND hashtext(a.id::text) % 4 = 0`,
    [officeId, planId],
  );
  const sources = ['checkin.reached', 'checkin.rural_share', 'checkin.attendance', 'activities.held'];
  const units = ['people', 'percent', 'count', 'count'];
  await q.query(
    `INSERT INTO lap_indicators (office_id, plan_id, area_id, code, definition, unit, kind, source_key)
     SELECT ar.office_id, ar.plan_id, ar.id, ar.position || '.' || s.n, 'Pokazatelj ' || s.k, ($3::text[])[s.n], 'computed', s.k
       FROM lap_areas ar CROSS JOIN unnest($2::text[]) WITH ORDINALITY s(k, n) WHERE ar.plan_id = $1 AND ar.position <= 4`,
    [planId, sources, units],
  );
  await q.query(
    `INSERT INTO lap_indicators (office_id, plan_id, area_id, code, definition, unit, kind)
     SELECT office_id, plan_id, id, position || '.m', 'Ručni pokazatelj', 'count', 'manual' FROM lap_areas WHERE plan_id = $1`,
    [planId],
  );
  await q.query(
    `INSERT INTO lap_targets (office_id, indicator_id, year, target)
     SELECT i.office_id, i.id, y, CASE WHEN i.unit = 'percent' THEN 40 ELSE 100 + y - 2022 END FROM lap_indicators i CROSS JOIN generate_series(2022, 2026) y WHERE i.plan_id = $1`,
    [planId],
  );
  await q.query(
    `INSERT INTO lap_values (office_id, indicator_id, year, value, measured_on)
     SELECT office_id, id, 2025, 50, '2026-01-15' FROM lap_indicators WHERE plan_id = $1 AND kind = 'manual'`,
    [planId],
  );
  return { planId };
}
