import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeActivity, makeRegistration } from '../activities/testing.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { refreshFigures } from './figures-repo.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const at = (iso: string) => new Date(iso);

/** People (by e-mail) attending one session of a new activity of the office, in the areas given. */
async function held(office: string, start: string, areas: string[], emails: string[]): Promise<void> {
  const a = await makeActivity(t.db, office, { sessions: [[at(start), new Date(at(start).getTime() + 7_200_000)]], areas, capacity: 1000 });
  const [session] = await t.db.query<{ id: string }>('SELECT id FROM activity_sessions WHERE office_id = $1 AND activity_id = $2', [
    a.officeId,
    a.id,
  ]);
  for (const email of emails) {
    const r = await makeRegistration(t.db, a, { status: 'confirmed', email });
    await t.db.query(
      `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method) VALUES ($1, $2, $3, now(), 'list')`,
      [a.officeId, r.id, session!.id],
    );
  }
}

test('the pre-aggregated figures equal the ones computed here from the raw rows, per office × year × area', async () => {
  const people = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}.${i}@primer.test`);
  await held('pancevo', '2024-03-10T10:00:00Z', ['education'], people(7, 'p'));
  await held('pancevo', '2025-03-10T10:00:00Z', ['education', 'health'], [...people(3, 'p'), ...people(4, 'q')]);
  await held('pancevo', '2025-12-31T23:30:00Z', ['health'], people(2, 'r')); // 2026 in Belgrade
  await held('cacak', '2025-05-05T10:00:00Z', ['employment'], people(9, 'c'));
  await refreshFigures(t.db);

  // Independently: every attendance with its office, person key, Belgrade year and areas, grouped here in JavaScript.
  const raw = await t.db.query<{ office_id: string; who: string; starts_at: Date; areas: string[] }>(
    `SELECT a.office_id, COALESCE(r.person_id::text, r.user_id::text, NULLIF(lower(r.email), ''), r.id::text) AS who, s.starts_at, act.areas
       FROM attendance a JOIN registrations r ON r.office_id = a.office_id AND r.id = a.registration_id
       JOIN activity_sessions s ON s.office_id = a.office_id AND s.id = a.session_id
       JOIN activities act ON act.office_id = r.office_id AND act.id = r.activity_id`,
  );
  const yearOf = (d: Date) => Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Belgrade', year: 'numeric' }).format(new Date(d)));
  const first = new Map<string, number>();
  for (const r of raw) {
    const k = `${r.office_id}|${r.who}`;
    first.set(k, Math.min(first.get(k) ?? Infinity, yearOf(r.starts_at)));
  }
  const expected = new Map<string, { attendances: number; who: Set<string>; firsts: Set<string> }>();
  for (const r of raw) {
    const y = yearOf(r.starts_at);
    for (const area of ['', ...r.areas]) {
      const k = `${r.office_id}|${y}|${area}`;
      const e = expected.get(k) ?? { attendances: 0, who: new Set(), firsts: new Set() };
      e.attendances++;
      e.who.add(r.who);
      if (first.get(`${r.office_id}|${r.who}`) === y) e.firsts.add(r.who);
      expected.set(k, e);
    }
  }
  const got = await t.db.query<{
    office_id: string;
    year: number;
    lap_area: string;
    attendances: number;
    participants: number;
    first_timers: number;
  }>('SELECT office_id, year, lap_area, attendances, participants, first_timers FROM national_figures WHERE attendances > 0');
  assert.equal(got.length, expected.size);
  for (const g of got) {
    const e = expected.get(`${g.office_id}|${g.year}|${g.lap_area}`);
    assert.ok(e, `${g.year} ${g.lap_area}`);
    assert.deepEqual(
      [g.attendances, g.participants, g.first_timers],
      [e.attendances, e.who.size, e.firsts.size],
      `${g.year} ${g.lap_area}`,
    );
  }
  // The hand-made cases, spelled out: p.0–2 came back in 2025 (not first-timers), q.* are new.
  const [pancevo] = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE slug = 'pancevo'`);
  const y2025 = got.find((g) => g.office_id === pancevo!.id && g.year === 2025 && g.lap_area === '')!;
  assert.ok(y2025.participants >= 7 && y2025.first_timers <= y2025.participants - 3);
});

test('the public dashboard shows region sums with small cells suppressed, and its CSV the same cells', async () => {
  await refreshFigures(t.db);
  const [row] = await t.db.query<{ participants: number }>(
    `SELECT sum(f.participants)::int AS participants FROM national_figures f JOIN offices o ON o.id = f.office_id
       JOIN districts d ON d.code = o.district_code WHERE d.region_code = 'RS12' AND f.year = 2024 AND f.lap_area = ''`,
  );
  const html = await (await t.client().get('/lat/mreza/pregled?po=region&od=2024&do=2026')).text();
  assert.match(html, /Region Vojvodine/);
  assert.ok(html.includes(`>${row!.participants}<`), 'Vojvodina 2024 participants shown');
  // Čačak's 2026 has no attendance; Pančevo's 2026 has two participants: a small cell.
  assert.match(html, /&lt;5/);
  const bytes = new Uint8Array(await (await t.client().get('/lat/mreza/pregled.csv?po=region&od=2024&do=2026')).arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM, so spreadsheet programs read UTF-8');
  const csv = new TextDecoder().decode(bytes);
  assert.match(csv, /^key,/);
  assert.match(csv, /RS12,Region Vojvodine,2024,/);
  assert.match(csv, /<5/);
});

test('volunteer hours and initiatives supported equal sums made here from the raw rows, per office × year × area, and show on the dashboard', async () => {
  await refreshFigures(t.db);
  const yearOf = (d: Date) => Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Belgrade', year: 'numeric' }).format(new Date(d)));
  const expected = new Map<string, { hours: number; initiatives: number }>();
  const add = (k: string, hours: number, initiatives: number) => {
    const e = expected.get(k) ?? { hours: 0, initiatives: 0 };
    e.hours += hours;
    e.initiatives += initiatives;
    expected.set(k, e);
  };
  const hours = await t.db.query<{ office_id: string; day: string; hours: string | null; area: string | null }>(
    `SELECT h.office_id, to_char(h.day, 'YYYY') AS day, h.hours::text AS hours, v.area
       FROM volunteer_hours h
       JOIN volunteer_applications x ON x.office_id = h.office_id AND x.id = h.application_id
       JOIN volunteer_opportunities v ON v.office_id = x.office_id AND v.id = x.opportunity_id
      WHERE h.status = 'confirmed'`,
  );
  for (const h of hours)
    for (const area of h.area ? ['', h.area] : ['']) add(`${h.office_id}|${Number(h.day)}|${area}`, Number(h.hours ?? 0), 0);
  const inits = await t.db.query<{ office_id: string; supported_at: Date; area: string }>(
    'SELECT office_id, supported_at, area FROM initiatives WHERE supported_at IS NOT NULL',
  );
  for (const i of inits) for (const area of ['', i.area]) add(`${i.office_id}|${yearOf(i.supported_at)}|${area}`, 0, 1);
  assert.ok(hours.length > 0 && inits.length > 0, 'the demo has confirmed volunteer hours and supported initiatives');
  const got = await t.db.query<{
    office_id: string;
    year: number;
    lap_area: string;
    volunteer_hours: string;
    initiatives_supported: number;
  }>(
    `SELECT office_id, year, lap_area, volunteer_hours::text AS volunteer_hours, initiatives_supported FROM national_figures
      WHERE volunteer_hours > 0 OR initiatives_supported > 0`,
  );
  const nonZero = [...expected].filter(([, e]) => e.hours > 0 || e.initiatives > 0);
  assert.equal(got.length, nonZero.length);
  for (const g of got) {
    const e = expected.get(`${g.office_id}|${g.year}|${g.lap_area}`);
    assert.ok(e, `${g.year} ${g.lap_area}`);
    assert.deepEqual([Number(g.volunteer_hours), g.initiatives_supported], [Math.round(e.hours * 100) / 100, e.initiatives]);
  }
  // The public dashboard by office has both columns, with the office's figure for the year.
  const g = got.find((r) => r.lap_area === '' && r.initiatives_supported > 0)!;
  const html = await (await t.client().get(`/lat/mreza/pregled?po=office&od=${g.year}&do=${g.year}`)).text();
  assert.match(html, /Sati volontiranja/);
  assert.match(html, /Podržane inicijative/);
});
