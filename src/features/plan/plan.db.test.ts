import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../../core/auth/actor.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import type { IndicatorQuery } from '../../core/indicators.ts';
import { LAP_AREAS, type LapArea } from '../../core/domain.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { makeActivity, makeRegistration, type TestActivity } from '../activities/testing.ts';
import { makeAccount } from '../me/fixtures.ts';
import { suppress } from '../../core/suppress.ts';
import { findSource, indicatorSources, yearSpan } from './catalogue.ts';
import { compareVersions } from './compare.ts';
import { findPlan, insertMeasure, loadTree, planActivities, planVersions } from './repo.ts';
import { activityForm } from './schema.ts';
import {
  addArea,
  addGoal,
  addIndicator,
  addMeasure,
  addPlanActivity,
  createPlan,
  dashboard,
  linkActivity,
  openRevision,
  readTargets,
  recordSpending,
  recordValue,
  setPlanStatus,
} from './service.ts';
import { parseFigure } from './rules.ts';
import { addDecision, adoptMinutes, saveMinutes, scheduleMeeting } from '../council/service.ts';
import { adoptedMinutes, decisionsOf } from '../council/repo.ts';
import { localParts } from '../../core/time.ts';
import { createWorkplan } from './service.ts';
import { currentPlanItems, decisionsOnPlan } from './links-repo.ts';

/**
 * The Local Action Plan on a real database (PGlite, and PostgreSQL with TEST_DATABASE_URL):
 * every catalogue indicator against a value computed here, independently, from the data set
 * the test builds (a model of who attended what); suppression of the drill-downs; the plan's
 * rules (period, units, amounts); revisions (an adopted version is frozen, a revision copies
 * it, two versions compare) and the monitoring dashboard.
 */

let t: TestApp;
let office: OfficeRef;
let actor: Actor;

const STATUSES = ['pupil', 'student', 'employed', 'unemployed', 'neet'] as const;
const at = (iso: string) => new Date(iso);
const hours2 = (iso: string): [Date, Date] => [at(iso), new Date(at(iso).getTime() + 2 * 3_600_000)];

/** The model: activities with area, status and session dates; who attended which session. */
interface ModelActivity {
  name: string;
  area: LapArea;
  kind: string;
  status: 'published' | 'draft' | 'cancelled';
  sessions: string[];
  /** Per session, the people (indexes) present. */
  present: number[][];
  extra?: Array<'waitlisted' | 'cancelled' | 'unconfirmed'>;
}
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const MODEL: ModelActivity[] = [
  {
    name: 'A',
    area: 'education',
    kind: 'workshop',
    status: 'published',
    sessions: ['2030-03-05T09:00:00Z', '2030-03-12T09:00:00Z'],
    present: [range(0, 11), range(0, 7)],
    extra: ['waitlisted', 'waitlisted', 'cancelled', 'unconfirmed'],
  },
  { name: 'B', area: 'education', kind: 'training', status: 'published', sessions: ['2030-05-10T09:00:00Z'], present: [range(6, 15)] },
  {
    name: 'C',
    area: 'employment',
    kind: 'seminar',
    status: 'published',
    sessions: ['2030-04-01T09:00:00Z'],
    present: [[...range(12, 19), 0]],
  },
  { name: 'O', area: 'education', kind: 'workshop', status: 'published', sessions: ['2029-11-01T09:00:00Z'], present: [range(0, 5)] },
  { name: 'S', area: 'health', kind: 'workshop', status: 'published', sessions: ['2030-07-01T09:00:00Z'], present: [range(0, 2)] },
  { name: 'D', area: 'education', kind: 'workshop', status: 'draft', sessions: ['2030-06-01T09:00:00Z'], present: [range(16, 19)] },
  { name: 'K', area: 'education', kind: 'camp', status: 'cancelled', sessions: ['2030-06-02T09:00:00Z'], present: [[]] },
];
const PEOPLE = 20;
const rural = (i: number) => i % 3 === 0;
/** Everyone in the register (the first PEOPLE came to activities): 6 pupils, 4 students, 5 of each other status. */
const STATUS_COUNTS = { pupil: 6, student: 4, employed: 5, unemployed: 5, neet: 5 } as const;
const REGISTER: string[] = Object.entries(STATUS_COUNTS).flatMap(([s, n]) => Array<string>(n).fill(s));

// ── The independent computation: plain JavaScript over the model ──
const inYear = (iso: string, year: number) => Number(iso.slice(0, 4)) === year;
function expectedParticipants(year: number, area: LapArea | null): Set<number> {
  const out = new Set<number>();
  for (const a of MODEL) {
    if (a.status === 'draft' || (area && a.area !== area)) continue;
    a.sessions.forEach((s, i) => {
      if (inYear(s, year)) for (const p of a.present[i]!) out.add(p);
    });
  }
  return out;
}
function firstSeen(): Map<number, string> {
  const m = new Map<number, string>();
  for (const a of MODEL) a.sessions.forEach((s, i) => a.present[i]!.forEach((p) => (!m.has(p) || m.get(p)! > s) && m.set(p, s)));
  return m;
}
function expectedAttendance(year: number, area: LapArea | null) {
  let n = 0;
  for (const a of MODEL) {
    if (a.status === 'draft' || (area && a.area !== area)) continue;
    a.sessions.forEach((s, i) => inYear(s, year) && (n += a.present[i]!.length));
  }
  return n;
}
function expectedRegistrations(year: number, area: LapArea | null) {
  let n = 0;
  for (const a of MODEL) {
    if (a.status === 'draft' || (area && a.area !== area) || !a.sessions.some((s) => inYear(s, year))) continue;
    n += new Set(a.present.flat()).size + (a.extra ?? []).filter((x) => x !== 'unconfirmed').length;
  }
  return n;
}
const expectedHeld = (year: number, area: LapArea | null) =>
  MODEL.filter((a) => a.status === 'published' && (!area || a.area === area) && a.sessions.some((s) => inYear(s, year))).length;

const q = (year: number, area: LapArea | null, param: string | null = null): IndicatorQuery => ({
  ...yearSpan(year),
  area,
  param,
  threshold: 5,
});
const value = async (key: string, qq: IndicatorQuery) => findSource(key)!.compute(t.db, office.id, qq);

before(async () => {
  t = await createTestApp();
  const [o] = await t.db.query<{ id: string }>(
    "INSERT INTO offices (slug, name, town, region) VALUES ('lap-proba', 'Kancelarija LAP proba', 'Proba', 'west') RETURNING id",
  );
  office = { id: o!.id, slug: 'lap-proba', name: 'Kancelarija LAP proba' };
  const userId = await makeAccount(t.db, 'x', { email: 'lap.koordinator@primer.test', birth: '1990-01-01' });
  actor = {
    userId,
    sessionId: '',
    email: 'lap.koordinator@primer.test',
    displayName: 'K',
    locale: 'lat',
    isNationalAdmin: false,
    memberships: [],
  };

  const personIds: string[] = [];
  for (let i = 0; i < REGISTER.length; i++) {
    const extra = i >= PEOPLE;
    const [p] = await t.db.query<{ id: string }>(
      `INSERT INTO people (office_id, full_name, birth_year, gender, settlement_kind, status, source)
       VALUES ($1, $2, 2008, 'female', $3, $4, 'offline') RETURNING id`,
      [office.id, `Osoba ${i}`, !extra && rural(i) ? 'rural' : 'urban', REGISTER[i]],
    );
    await t.db.query(
      `INSERT INTO person_consents (office_id, person_id, purpose, notice_version, given_by, evidence) VALUES ($1, $2, 'register', '2026-12-01', 'self', 'paper')`,
      [office.id, p!.id],
    );
    personIds.push(p!.id);
  }
  for (const m of MODEL) {
    const a: TestActivity = await makeActivity(t.db, 'lap-proba', {
      kind: m.kind,
      status: m.status,
      areas: [m.area],
      capacity: 100,
      sessions: m.sessions.map(hours2),
    });
    const regOf = new Map<number, string>();
    for (const p of new Set(m.present.flat())) {
      regOf.set(
        p,
        (
          await makeRegistration(t.db, a, {
            personId: personIds[p]!,
            fullName: `Osoba ${p}`,
            email: '',
            birthYear: null,
            source: 'walk_in',
          })
        ).id,
      );
    }
    for (const status of m.extra ?? []) await makeRegistration(t.db, a, { status });
    for (const [i, present] of m.present.entries())
      for (const p of present)
        await t.db.query(
          `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method) VALUES ($1, $2, $3, now(), 'list')`,
          [office.id, regOf.get(p), a.sessionIds[i]],
        );
  }
  // Associations: five in education (one inactive, one entered after 2030), two elsewhere.
  const assoc = [
    { areas: ['education'], active: true, created: '2029-01-01' },
    { areas: ['education', 'health'], active: true, created: '2030-05-01' },
    { areas: ['education'], active: true, created: '2028-01-01' },
    { areas: ['education'], active: false, created: '2028-01-01' },
    { areas: ['education'], active: true, created: '2031-06-01' },
    { areas: ['health'], active: true, created: '2028-01-01' },
    { areas: ['employment'], active: false, created: '2028-01-01' },
  ];
  for (const [i, a] of assoc.entries())
    await t.db.query(
      `INSERT INTO associations (office_id, kind, name, legal_form, areas, active, created_at) VALUES ($1, $2, $3, 'association', $4, $5, $6)`,
      [office.id, i % 2 ? 'youth' : 'for_youth', `Udruženje ${i}`, a.areas, a.active, a.created],
    );
});

after(async () => {
  await t?.close();
});

describe('the catalogue: every source equals the value computed independently', () => {
  test('the catalogue holds the sources the data features declare', () => {
    const keys = indicatorSources().map((s) => s.key);
    for (const k of [
      'checkin.reached',
      'checkin.rural_share',
      'checkin.first_time',
      'checkin.registrations',
      'checkin.attendance',
      'activities.held',
      'associations.registered',
      'associations.active',
      'people.by_status',
    ])
      assert.ok(keys.includes(k), k);
  });

  for (const area of ['education', null] as const)
    test(`young people reached, first-timers, rural share (${area ?? 'all areas'})`, async () => {
      const who = expectedParticipants(2030, area);
      assert.equal((await value('checkin.reached', q(2030, area))).value, who.size);
      const first = firstSeen();
      const firstTimers = [...who].filter((p) => inYear(first.get(p)!, 2030)).length;
      assert.ok(firstTimers >= 5 && who.size - firstTimers >= 5, 'first and returning both shown in this data set');
      assert.equal((await value('checkin.first_time', q(2030, area))).value, firstTimers);
      const r = [...who].filter(rural).length;
      assert.equal((await value('checkin.rural_share', q(2030, area))).value, Math.round((r / who.size) * 1000) / 10);
    });

  test('registrations and attendance', async () => {
    for (const area of ['education', null] as const) {
      assert.equal((await value('checkin.registrations', q(2030, area))).value, expectedRegistrations(2030, area));
      assert.equal((await value('checkin.attendance', q(2030, area))).value, expectedAttendance(2030, area));
    }
  });

  test('activities held (drafts and cancelled ones left out)', async () => {
    for (const [year, area] of [
      [2030, 'education'],
      [2030, null],
      [2029, 'education'],
    ] as const) {
      const r = await value('activities.held', q(year, area));
      assert.equal(r.value, expectedHeld(year, area), `${year} ${area}`);
    }
  });

  test('associations registered and active, by the end of the year', async () => {
    assert.equal((await value('associations.registered', q(2030, 'education'))).value, 4);
    assert.equal((await value('associations.active', q(2030, 'education'))).value, 3);
    assert.equal((await value('associations.registered', q(2030, null))).value, 6);
    assert.equal((await value('associations.active', q(2031, null))).value, 5);
  });

  test('people in the register by status; a status under 5 is no value', async () => {
    // Counted here, suppressed by the one suppression module (what "shown" means is its rule, tested there).
    const cells = [...STATUSES.map((st) => ({ key: st, count: REGISTER.filter((x) => x === st).length })), { key: 'unknown', count: 0 }];
    const table = suppress(cells, 5);
    for (const st of STATUSES) {
      const cell = table.cells.find((c) => c.key === st)!;
      assert.equal((await value('people.by_status', q(2030, null, st))).value, cell.status === 'shown' ? cell.count : null, st);
    }
    assert.equal((await value('people.by_status', q(2030, null, 'unemployed'))).value, 5, 'the data set shows at least one status');
    assert.equal((await value('people.by_status', q(2030, null, null))).value, REGISTER.length);
    const student = await value('people.by_status', q(2030, null, 'student'));
    assert.equal(student.value, null);
    assert.ok(student.rows.some((r) => r.label === 'people.status.student' && r.value === '<5'));
  });
});

test('one page, one attendance query per scope: the checkin sources share it through the memo, with the same values', async () => {
  const keys = ['checkin.reached', 'checkin.rural_share', 'checkin.first_time', 'checkin.registrations', 'checkin.attendance'];
  let runs = 0;
  // The database as the sources see it, counting the attendance query (its CTE first_ever).
  const counting = new Proxy(t.db, {
    get(target, prop, receiver) {
      if (prop !== 'query') return Reflect.get(target, prop, receiver);
      return (sql: string, params?: unknown[]) => {
        if (sql.includes('first_ever')) runs++;
        return target.query(sql, params as never);
      };
    },
  });
  const memo = new Map<string, Promise<unknown>>();
  for (const area of ['education', null] as const) {
    const alone = await Promise.all(keys.map((k) => findSource(k)!.compute(t.db, office.id, q(2030, area))));
    const shared = await Promise.all(keys.map((k) => findSource(k)!.compute(counting, office.id, { ...q(2030, area), memo })));
    assert.deepEqual(shared, alone, `${area ?? 'all areas'}: the same values and rows`);
  }
  assert.equal(runs, 2, 'five sources, two scopes: two attendance queries');
});

test('a page of every area: each area-wise source runs one grouped query for all the areas, with the values of each area alone', async () => {
  const areas: Array<LapArea | null> = [...LAP_AREAS, null];
  const byArea = indicatorSources().filter((s) => s.byArea);
  assert.ok(byArea.length >= 8, 'checkin, activities, associations, bookings, initiatives, volunteering');
  let attendanceQueries = 0;
  let queries = 0;
  const counting = new Proxy(t.db, {
    get(target, prop, receiver) {
      if (prop !== 'query') return Reflect.get(target, prop, receiver);
      return (sql: string, params?: unknown[]) => {
        queries++;
        if (sql.includes('first_ever')) attendanceQueries++;
        return target.query(sql, params as never);
      };
    },
  });
  for (const year of [2030, 2031]) {
    const memo = new Map<string, Promise<unknown>>();
    for (const s of byArea)
      for (const area of areas) {
        const alone = await s.compute(t.db, office.id, q(year, area));
        const grouped = await s.compute(counting, office.id, { ...q(year, area), memo, areas });
        assert.deepEqual(grouped, alone, `${s.key}, ${area ?? 'every area'}, ${year}`);
      }
  }
  assert.equal(attendanceQueries, 2, 'one attendance query a year for the nine scopes');
  assert.ok(queries <= 2 * byArea.length, `${queries} queries: at most one per source a year`);
});

describe('drill-downs never show a small cell', () => {
  test('the rural share of a small group is no value, and its rows hide the small cell and what would give it away', async () => {
    const who = expectedParticipants(2030, 'employment');
    const r = [...who].filter(rural).length;
    assert.ok(r > 0 && r < 5, 'the data set has a small rural cell in employment');
    const got = await value('checkin.rural_share', q(2030, 'employment'));
    assert.equal(got.value, null);
    assert.ok(
      got.rows.every((row) => row.value !== String(r)),
      JSON.stringify(got.rows),
    );
    assert.ok(got.rows.some((row) => row.value === '<5'));
    // The other cell is hidden too (else total − urban = rural).
    assert.ok(
      got.rows.some((row) => row.value === '×'),
      JSON.stringify(got.rows),
    );
  });

  test('registrations by status: the single cancelled registration shows as "<5"', async () => {
    const got = await value('checkin.registrations', q(2030, 'education'));
    const cancelled = got.rows.find((row) => row.label === 'checkin.reg.cancelled');
    assert.equal(cancelled?.value, '<5');
  });

  test('an area with fewer than 5 participants has no value', async () => {
    const got = await value('checkin.reached', q(2030, 'health'));
    assert.equal(expectedParticipants(2030, 'health').size, 3);
    assert.equal(got.value, null);
    assert.ok(got.rows.every((row) => row.value !== '3'));
  });
});

describe('the plan: rules, revisions, monitoring', () => {
  let planId = '';
  let areaId = '';
  let measureId = '';

  test('building a plan; refusals in the reader’s words', async () => {
    const r = await createPlan(t.deps, actor, office, {
      title: 'LAP Proba 2028–2032',
      start_year: 2028,
      end_year: 2032,
      areas: ['education', 'employment'],
    });
    assert.ok(r.ok);
    planId = r.value.id;
    const plan = (await findPlan(t.db, office.id, planId))!;
    const tree = await loadTree(t.db, office.id, planId);
    assert.deepEqual(
      tree.areas.map((a) => a.code),
      ['education', 'employment'],
    );
    areaId = tree.areas[0]!.id;
    assert.ok((await addArea(t.deps, actor, office, plan, { code: '', name: 'Omladinski prostor' })).ok);
    assert.ok(
      (await addGoal(t.deps, actor, office, plan, { area_id: areaId, parent_id: null, text: 'Više mladih u neformalnom obrazovanju' })).ok,
    );
    const goalId = (await loadTree(t.db, office.id, planId)).goals[0]!.id;
    assert.ok((await addMeasure(t.deps, actor, office, plan, { goal_id: goalId, title: 'Radionice u selima' })).ok);
    measureId = (await loadTree(t.db, office.id, planId)).measures[0]!.id;

    const base = {
      measure_id: measureId,
      title: 'Radionice veština',
      responsible_kind: 'office',
      partners: '',
      funding: 'town',
      quarter: '2',
      deadline: '',
    };
    const ok = activityForm.safeParse({ ...base, year: '2030', planned_rsd: '120.000,00', spent_rsd: '' });
    assert.ok(ok.success);
    assert.equal(ok.data.planned_rsd, 120000);
    const add = await addPlanActivity(t.deps, actor, office, plan, ok.data);
    assert.ok(add.ok);

    // Outside the period.
    const late = activityForm.parse({ ...base, year: '2035', planned_rsd: '1', spent_rsd: '' });
    const refused = await addPlanActivity(t.deps, actor, office, plan, late);
    assert.equal(!refused.ok && refused.error, 'plan.err.outsidePeriod');
    const deadline = activityForm.parse({ ...base, year: '2032', deadline: '2033-01-10', planned_rsd: '1', spent_rsd: '' });
    assert.equal((await addPlanActivity(t.deps, actor, office, plan, deadline)).ok, false);
    // Negative amounts.
    const neg = activityForm.safeParse({ ...base, year: '2030', planned_rsd: '-5', spent_rsd: '' });
    assert.ok(!neg.success && neg.error.issues.some((i) => i.message === 'plan.err.negative'));
    // A percent target over 100.
    const targets = readTargets(plan, 'percent', { target_2030: '120' }, parseFigure);
    assert.deepEqual(targets, { ok: false, field: 'target_2030', error: 'plan.err.percent' });

    const ind = await addIndicator(
      t.deps,
      actor,
      office,
      plan,
      {
        area_id: areaId,
        code: '1.1',
        definition: 'Mladi obuhvaćeni',
        unit: 'people',
        direction: 'up',
        baseline: 10,
        baseline_year: 2027,
        verification: 'KZM',
        kind: 'computed',
        source: 'checkin.reached',
      },
      [{ year: 2030, target: 20 }],
    );
    assert.ok(ind.ok);
    // A computed source in another unit is refused.
    const wrong = await addIndicator(
      t.deps,
      actor,
      office,
      plan,
      {
        area_id: areaId,
        code: '1.2',
        definition: 'Udeo sa sela',
        unit: 'people',
        direction: 'up',
        baseline: null,
        baseline_year: null,
        verification: '',
        kind: 'computed',
        source: 'checkin.rural_share',
      },
      [],
    );
    assert.equal(!wrong.ok && wrong.error, 'plan.err.unitMismatch');
    const manual = await addIndicator(
      t.deps,
      actor,
      office,
      plan,
      {
        area_id: areaId,
        code: '1.3',
        definition: 'Zadovoljstvo učesnika',
        unit: 'percent',
        direction: 'up',
        baseline: 60,
        baseline_year: 2027,
        verification: 'Anketa',
        kind: 'manual',
        source: '',
      },
      [{ year: 2030, target: 80 }],
    );
    assert.ok(manual.ok);
    const m = (await loadTree(t.db, office.id, planId)).indicators.find((i) => i.code === '1.3')!;
    const over = await recordValue(t.deps, actor, office, plan, m, { year: 2030, value: 101, measured_on: '2030-12-01' }, null);
    assert.equal(!over.ok && over.error, 'plan.err.percent');
    assert.ok((await recordValue(t.deps, actor, office, plan, m, { year: 2030, value: 70, measured_on: '2030-12-01' }, null)).ok);
  });

  test('the dashboard: live and manual values against targets with their status', async () => {
    const plan = (await findPlan(t.db, office.id, planId))!;
    const d = await dashboard(t.db, office.id, plan, 2030, at('2031-02-01T00:00:00Z'));
    const edu = d.areas.find((a) => a.area.code === 'education')!;
    assert.equal(edu.planned, 1);
    assert.equal(edu.plannedRsd, 120000);
    const live = edu.indicators.find((r) => r.indicator.code === '1.1')!;
    assert.equal(live.measured.value, expectedParticipants(2030, 'education').size);
    // 16 of 20 from a baseline of 10: 6 of 10 → under 75 % → off track.
    assert.equal(live.status, 'off_track');
    assert.equal(live.measured.how, 'checkin.ind.reached.how');
    const manual = edu.indicators.find((r) => r.indicator.code === '1.3')!;
    assert.equal(manual.measured.value, 70);
    assert.equal(manual.status, 'off_track');
    const none = await dashboard(t.db, office.id, plan, 2031, at('2032-02-01T00:00:00Z'));
    assert.equal(
      none.areas.find((a) => a.area.code === 'education')!.indicators.find((r) => r.indicator.code === '1.1')!.status,
      'no_data',
    );
  });

  test('the indicator moves when an activity of its area gets attendance; linking marks the plan activity done', async () => {
    const plan = (await findPlan(t.db, office.id, planId))!;
    const before = (await dashboard(t.db, office.id, plan, 2030, at('2031-02-01T00:00:00Z'))).areas[0]!.indicators[0]!.measured.value!;
    const a = await makeActivity(t.db, 'lap-proba', { areas: ['education'], sessions: [hours2('2030-09-01T09:00:00Z')] });
    for (let i = 0; i < 3; i++) {
      const r = await makeRegistration(t.db, a, { email: `nov.${i}@primer.test`, birthYear: 2009 });
      await t.db.query(
        `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method) VALUES ($1, $2, $3, now(), 'list')`,
        [office.id, r.id, a.sessionIds[0]],
      );
    }
    const after = (await dashboard(t.db, office.id, plan, 2030, at('2031-02-01T00:00:00Z'))).areas[0]!.indicators[0]!.measured.value!;
    assert.equal(after, before + 3);

    const held = await makeActivity(t.db, 'lap-proba', { areas: ['education'], sessions: [hours2('2026-01-10T09:00:00Z')] });
    const pa = (await planActivities(t.db, office.id, planId, 2030))[0]!;
    assert.equal(pa.held, 0);
    assert.ok((await linkActivity(t.deps, actor, office, pa, held.id, false)).ok);
    const linked = (await planActivities(t.db, office.id, planId, 2030))[0]!;
    assert.equal(linked.linked, 1);
    assert.equal(linked.held, 1);
    const d = await dashboard(t.db, office.id, plan, 2030, at('2031-02-01T00:00:00Z'));
    assert.equal(d.areas.find((x) => x.area.code === 'education')!.done, 1);
  });

  test('an adopted version is never edited in place; a revision is a copy; versions compare', async () => {
    let plan = (await findPlan(t.db, office.id, planId))!;
    const goalId = (await loadTree(t.db, office.id, planId)).goals[0]!.id;
    assert.ok(
      (await setPlanStatus(t.deps, actor, office, plan, { status: 'adopted', decision_number: '06-12/2028', decision_date: '2028-02-15' }))
        .ok,
    );
    plan = (await findPlan(t.db, office.id, planId))!;
    assert.equal(plan.status, 'adopted');
    const refused = await addArea(t.deps, actor, office, plan, { code: 'health', name: '' });
    assert.equal(!refused.ok && refused.error, 'plan.err.frozen');
    // The database refuses it too, whatever the code does.
    await assert.rejects(
      t.db.transaction((tx) => insertMeasure(tx, office.id, planId, { goal_id: goalId, title: 'Mera mimo servisa' })),
      (e: { constraint?: string }) => e.constraint === 'lap_plan_frozen',
    );
    await assert.rejects(
      t.db.query(`UPDATE lap_plans SET title = 'Drugi naslov' WHERE office_id = $1 AND id = $2`, [office.id, planId]),
      /adopted/,
    );
    // Spending is monitoring, allowed on an adopted version.
    const pa = (await planActivities(t.db, office.id, planId, 2030))[0]!;
    assert.ok((await recordSpending(t.deps, actor, office, pa, { spent_rsd: 50000, done: false })).ok);

    const rev = await openRevision(t.deps, actor, office, plan);
    assert.ok(rev.ok);
    const again = await openRevision(t.deps, actor, office, plan);
    assert.equal(!again.ok && again.error, 'plan.err.revisionOpen');
    const v2 = (await findPlan(t.db, office.id, rev.value.id))!;
    assert.equal(v2.version, 2);
    assert.equal(v2.status, 'draft');
    assert.equal(v2.revision_of, plan.id);
    const before = await loadTree(t.db, office.id, plan.id);
    const copy = await loadTree(t.db, office.id, v2.id);
    assert.deepEqual(compareVersions(before, copy), [], 'a fresh revision is the same plan');
    assert.equal(copy.activities[0]!.spent_rsd, 50000);
    assert.equal(copy.activities[0]!.linked, 1, 'links follow the key');
    assert.equal(copy.values.length, 1);

    // Edit the revision: a new measure, and a changed target.
    assert.ok((await addMeasure(t.deps, actor, office, v2, { goal_id: copy.goals[0]!.id, title: 'Mobilni klub' })).ok);
    await t.db.query('UPDATE lap_targets SET target = 25 WHERE office_id = $1 AND indicator_id = $2 AND year = 2030', [
      office.id,
      copy.indicators.find((i) => i.code === '1.1')!.id,
    ]);
    const changes = compareVersions(before, await loadTree(t.db, office.id, v2.id));
    assert.deepEqual(
      changes.map((c) => [c.kind, c.change, c.label]),
      [
        ['measure', 'added', 'Mobilni klub'],
        ['target', 'changed', '1.1 2030'],
      ],
    );
    assert.deepEqual(changes[1]!.fields, [{ field: 'target', before: '20', after: '25' }]);
    // History kept: both versions are there.
    assert.deepEqual(
      (await planVersions(t.db, office.id, plan.series_id)).map((p) => [p.version, p.status]),
      [
        [1, 'adopted'],
        [2, 'draft'],
      ],
    );
  });
});

describe('links to the plan (migration 0020)', () => {
  test('a council decision names plan items: stored with the office, listed by the plan from any version, shown with adopted minutes; an item not offered is refused, nothing written', async () => {
    const r = await createPlan(t.deps, actor, office, {
      title: 'LAP Veze 2036–2040',
      start_year: 2036,
      end_year: 2040,
      areas: ['education'],
    });
    assert.ok(r.ok);
    let plan = (await findPlan(t.db, office.id, r.value.id))!;
    const areaId = (await loadTree(t.db, office.id, plan.id)).areas[0]!.id;
    assert.ok((await addGoal(t.deps, actor, office, plan, { area_id: areaId, parent_id: null, text: 'Mladi u odlukama' })).ok);
    const goal = (await loadTree(t.db, office.id, plan.id)).goals[0]!;
    assert.ok((await addMeasure(t.deps, actor, office, plan, { goal_id: goal.id, title: 'Savet u radu' })).ok);
    const measure = (await loadTree(t.db, office.id, plan.id)).measures[0]!;
    const act = await addPlanActivity(
      t.deps,
      actor,
      office,
      plan,
      activityForm.parse({
        measure_id: measure.id,
        title: 'Forum mladih',
        responsible_kind: 'office',
        partners: '',
        funding: 'town',
        quarter: '',
        deadline: '',
        year: '2037',
        planned_rsd: '1000',
        spent_rsd: '',
      }),
    );
    assert.ok(act.ok);
    assert.ok((await createWorkplan(t.deps, actor, office, plan, 2037)).ok);

    const items = await currentPlanItems(t.db, office.id);
    assert.deepEqual(
      items.map((i) => `${i.kind}:${i.label}`),
      ['goal:Mladi u odlukama', 'measure:Savet u radu', 'activity:Forum mladih', 'workplan:2037 — LAP Veze 2036–2040'],
      'the current plan (the one ending last) offers its goals, measures, activities and work plans',
    );
    const value = (kind: string) => `${kind}:${items.find((i) => i.kind === kind)!.id}`;

    const yesterday = localParts(new Date(Date.now() - 86_400_000)).date;
    const m = await scheduleMeeting(t.deps, actor, office, {
      date: yesterday,
      time: '17:00',
      end_time: '',
      place: 'Sala',
      agenda: 'Plan rada',
    });
    assert.ok(m.ok);
    const [item] = await t.db.query<{ id: string }>('SELECT id FROM council_agenda_items WHERE office_id = $1 AND meeting_id = $2', [
      office.id,
      m.value.id,
    ]);
    const count = async () =>
      (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM council_decisions WHERE office_id = $1', [office.id]))[0]!.n;
    const before = await count();

    // An item the plan does not offer (made up, or of another office) is refused and nothing is written.
    const [other] = await t.db.query<{ id: string }>(
      "INSERT INTO offices (slug, name, town, region) VALUES ('lap-druga', 'Kancelarija druga', 'Druga', 'west') RETURNING id",
    );
    const [otherGoal] = await t.db.query<{ id: string }>(
      `WITH p AS (INSERT INTO lap_plans (office_id, series_id, title, start_year, end_year) VALUES ($1, gen_random_uuid(), 'Tuđi plan', 2036, 2040) RETURNING office_id, id),
            a AS (INSERT INTO lap_areas (office_id, plan_id, code) SELECT office_id, id, 'education' FROM p RETURNING office_id, plan_id, id)
       INSERT INTO lap_goals (office_id, plan_id, area_id, text) SELECT office_id, plan_id, id, 'Tuđi cilj' FROM a RETURNING id`,
      [other!.id],
    );
    for (const bad of [`goal:${otherGoal!.id}`, 'goal:00000000-0000-4000-8000-000000000000', 'nonsense'])
      assert.deepEqual(
        await addDecision(t.deps, actor, office, m.value.id, {
          item_id: item!.id,
          kind: 'opinion',
          body: 'x',
          subject: '',
          plan_items: `${value('goal')},${bad}`,
        }),
        { ok: false, field: 'plan_items', error: 'err.choice' },
        bad,
      );
    assert.equal(await count(), before);

    const d = await addDecision(t.deps, actor, office, m.value.id, {
      item_id: item!.id,
      kind: 'opinion',
      body: 'Pozitivno mišljenje.',
      subject: '',
      plan_items: [value('workplan'), value('activity'), value('goal'), value('goal')].join(','),
    });
    assert.ok(d.ok);
    const [stored] = await decisionsOf(t.db, office.id, m.value.id);
    assert.deepEqual(stored!.plan_items, [
      { kind: 'goal', label: 'Mladi u odlukama' },
      { kind: 'activity', label: 'Forum mladih' },
      { kind: 'workplan', label: '2037 — LAP Veze 2036–2040' },
    ]);
    const onPlan = await decisionsOnPlan(t.db, office.id, plan.series_id);
    const activityKey = (await loadTree(t.db, office.id, plan.id)).activities[0]!.key;
    assert.deepEqual(onPlan.map((x) => [x.item_kind, x.item_key, x.body, x.minutes_adopted]).sort(), [
      ['activity', activityKey, 'Pozitivno mišljenje.', false],
      ['goal', goal.key, 'Pozitivno mišljenje.', false],
      ['workplan', '2037', 'Pozitivno mišljenje.', false],
    ]);
    // The plan's other versions list it too (by the items' keys): adopt, open a revision.
    assert.ok(
      (await setPlanStatus(t.deps, actor, office, plan, { status: 'adopted', decision_number: '1', decision_date: '2036-01-10' })).ok,
    );
    plan = (await findPlan(t.db, office.id, plan.id))!;
    const rev = await openRevision(t.deps, actor, office, plan);
    assert.ok(rev.ok);
    const revised = await loadTree(t.db, office.id, rev.value.id);
    assert.equal(revised.activities[0]!.key, activityKey);
    assert.equal((await decisionsOnPlan(t.db, office.id, plan.series_id)).length, 3);

    // The council's public page shows it once the minutes are adopted.
    assert.deepEqual(await adoptedMinutes(t.db, office.id), []);
    assert.ok((await saveMinutes(t.deps, actor, office, m.value.id, 'Zapisnik.')).ok);
    assert.ok((await adoptMinutes(t.deps, actor, office, m.value.id)).ok);
    const [pub] = await adoptedMinutes(t.db, office.id);
    assert.deepEqual(
      pub!.decisions[0]!.plan_items.map((i) => i.kind),
      ['goal', 'activity', 'workplan'],
    );
  });
});
