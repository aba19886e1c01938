import type { Queryable } from '../../core/db/db.ts';
import { insertFile } from '../../core/files.ts';
import {
  insertArea,
  insertGoal,
  insertIndicator,
  insertMeasure,
  insertPlan,
  insertPlanActivity,
  insertWorkplan,
  setManualValue,
  setTargets,
  updatePlanStatus,
  updateWorkplan,
} from './repo.ts';
import { planPath, workplanPath, importPath } from './paths.ts';

/**
 * Fixtures for the harness (test/actors.ts PARAM_FIXTURES, test/forms.ts FORM_STATES): a draft
 * plan of an office with one of everything (so every form of the plan page shows), its manual
 * indicator and its activity; an adopted plan (the revision form); work plans in draft and sent.
 * Production code never imports this.
 */
const TITLE = 'LAP matrica';
const ADOPTED = 'LAP usvojen (matrica)';

async function officeId(q: Queryable, slug: string): Promise<string> {
  const [o] = await q.query<{ id: string }>('SELECT id FROM offices WHERE slug = $1', [slug]);
  if (!o) throw new Error(`plan fixtures: no office ${slug}`);
  return o.id;
}

/** Builds a plan 2025–2029 with an area, goals, a measure, an activity, a manual and a computed indicator. */
async function buildPlan(q: Queryable, office: string, title: string): Promise<string> {
  const plan = await insertPlan(q, office, { title, start_year: 2025, end_year: 2029 }, null);
  const area = await insertArea(q, office, plan, { code: 'education', name: '' });
  const goal = (await insertGoal(q, office, plan, { area_id: area, parent_id: null, text: 'Više mladih u neformalnom obrazovanju' }))!;
  await insertGoal(q, office, plan, { area_id: area, parent_id: goal, text: 'Radionice u svim mesnim zajednicama' });
  const measure = (await insertMeasure(q, office, plan, { goal_id: goal, title: 'Program radionica' }))!;
  await insertPlanActivity(q, office, plan, {
    measure_id: measure,
    title: 'Radionice veština',
    responsible_kind: 'office',
    partner_id: null,
    association_id: null,
    partners: 'Škole',
    year: 2026,
    quarter: 2,
    deadline: null,
    funding: 'town',
    planned_rsd: 150000,
    spent_rsd: 0,
  });
  const manual = (await insertIndicator(q, office, plan, {
    area_id: area,
    code: 'M1',
    definition: 'Zadovoljstvo učesnika',
    unit: 'percent',
    direction: 'up',
    baseline: 60,
    baseline_year: 2024,
    verification: 'Anketa',
    kind: 'manual',
    source_key: null,
    source_param: null,
  }))!;
  await setTargets(q, office, manual, [{ year: 2026, target: 75 }]);
  // A value with its evidence for this year (its evidence link opens a file).
  const pdf = new TextEncoder().encode(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );
  const year = Math.min(2029, Math.max(2025, new Date().getUTCFullYear()));
  const evidence = await insertFile(q, office, { name: 'anketa.pdf', contentType: 'application/pdf', bytes: pdf, uploadedBy: null });
  await setManualValue(q, office, {
    indicator_id: manual,
    year,
    value: 70,
    measured_on: `${year}-06-30`,
    evidence_file_id: evidence,
    userId: null,
  });
  // This year's work plan, with the council's opinion on file.
  const wp = await insertWorkplan(q, office, plan, year);
  const opinion = await insertFile(q, office, { name: 'misljenje.pdf', contentType: 'application/pdf', bytes: pdf, uploadedBy: null });
  await updateWorkplan(q, office, wp, { opinion_date: `${year}-02-01`, opinion_text: 'Savet podržava plan.', opinion_file_id: opinion });
  const live = (await insertIndicator(q, office, plan, {
    area_id: area,
    code: 'L1',
    definition: 'Mladi obuhvaćeni radionicama',
    unit: 'people',
    direction: 'up',
    baseline: 100,
    baseline_year: 2024,
    verification: 'Evidencija KZM',
    kind: 'computed',
    source_key: 'checkin.reached',
    source_param: null,
  }))!;
  await setTargets(q, office, live, [{ year: 2026, target: 300 }]);
  return plan;
}

/** :lapPlan — the office's draft harness plan: the same one while it stays a draft, a new one once a route adopted it. */
export async function planFixture(q: Queryable, slug: string): Promise<string> {
  const office = await officeId(q, slug);
  const [p] = await q.query<{ id: string }>(
    "SELECT id FROM lap_plans WHERE office_id = $1 AND title = $2 AND status <> 'adopted' ORDER BY created_at LIMIT 1",
    [office, TITLE],
  );
  return p?.id ?? buildPlan(q, office, TITLE);
}

/** :lapPlan for "open a revision": an adopted harness plan of the office with no revision open (a new one once one was opened). */
export async function adoptedPlanFixture(q: Queryable, slug: string): Promise<string> {
  const office = await officeId(q, slug);
  const [p] = await q.query<{ id: string }>(
    `SELECT p.id FROM lap_plans p WHERE p.office_id = $1 AND p.title = $2 AND p.status = 'adopted'
        AND NOT EXISTS (SELECT 1 FROM lap_plans o WHERE o.office_id = p.office_id AND o.series_id = p.series_id AND o.status <> 'adopted')
      ORDER BY p.created_at LIMIT 1`,
    [office, ADOPTED],
  );
  if (p) return p.id;
  const id = await buildPlan(q, office, ADOPTED);
  await updatePlanStatus(q, office, id, { status: 'adopted', decision_number: '06-1/2025', decision_date: '2025-02-01' });
  return id;
}

/** :lapIndicator — the harness plan's manual indicator (its value form shows). */
export async function indicatorFixture(q: Queryable, slug: string): Promise<string> {
  const plan = await planFixture(q, slug);
  const [i] = await q.query<{ id: string }>("SELECT id FROM lap_indicators WHERE plan_id = $1 AND code = 'M1'", [plan]);
  return i!.id;
}

/** :lapActivity — the harness plan's activity. */
export async function planActivityFixture(q: Queryable, slug: string): Promise<string> {
  const plan = await planFixture(q, slug);
  const [a] = await q.query<{ id: string }>('SELECT id FROM lap_activities WHERE plan_id = $1 ORDER BY position LIMIT 1', [plan]);
  return a!.id;
}

/** The page of an adopted plan of the office (its "open a revision" form). */
export async function adoptedPlanPath(q: Queryable, slug: string): Promise<string> {
  return `/lat${planPath({ slug }, await adoptedPlanFixture(q, slug))}`;
}

/** The work-plan pages of the harness plan: 2026 in draft (item forms, send), 2027 sent (opinion, adopt), a year with none (create). */
export async function workplanPaths(q: Queryable, slug: string): Promise<string[]> {
  const office = await officeId(q, slug);
  const plan = await planFixture(q, slug);
  for (const year of [2026, 2027]) {
    const [w] = await q.query<{ id: string; status: string }>(
      'SELECT id, status FROM lap_workplans WHERE office_id = $1 AND plan_id = $2 AND year = $3',
      [office, plan, year],
    );
    const id = w?.id ?? (await insertWorkplan(q, office, plan, year));
    if (year === 2026 && w && w.status !== 'draft')
      await q.query("UPDATE lap_workplans SET status = 'draft' WHERE office_id = $1 AND id = $2", [office, id]);
    if (year === 2027) {
      await q.query("UPDATE lap_workplans SET status = 'draft' WHERE office_id = $1 AND id = $2", [office, id]);
      await updateWorkplan(q, office, id, { status: 'sent' });
    }
  }
  if (
    (
      await q.query(
        'SELECT 1 FROM lap_workplan_items i JOIN lap_workplans w ON w.office_id = i.office_id AND w.id = i.workplan_id WHERE w.plan_id = $1 AND w.year = 2026',
        [plan],
      )
    ).length === 0
  )
    throw new Error('workplanPaths: the 2026 work plan has no items');
  const base = `/lat${workplanPath({ slug }, plan)}`;
  // And the first year without a work plan (its "draw the work plan" form).
  const [free] = await q.query<{ y: number }>(
    `SELECT y FROM generate_series(2025, 2029) y WHERE NOT EXISTS (SELECT 1 FROM lap_workplans w WHERE w.office_id = $1 AND w.plan_id = $2 AND w.year = y) ORDER BY y LIMIT 1`,
    [office, plan],
  );
  return [`${base}?godina=2026`, `${base}?godina=2027`, ...(free ? [`${base}?godina=${free.y}`] : [])];
}

/** The spreadsheet page of the harness plan, and a CSV that updates its manual indicator (for the preview's confirm form). */
export async function sheetPreview(q: Queryable, slug: string): Promise<{ path: string; file: File }> {
  const plan = await planFixture(q, slug);
  return {
    path: `/lat${importPath({ slug }, plan)}`,
    file: new File(['oznaka;godina;vrednost\nM1;2026;70\nX9;2026;5\n'], 'pokazatelji.csv', { type: 'text/csv' }),
  };
}
