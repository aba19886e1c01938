import type { Queryable } from '../../core/db/db.ts';
import {
  insertArea,
  insertGoal,
  insertIndicator,
  insertMeasure,
  insertPlan,
  insertPlanActivity,
  insertWorkplan,
  setTargets,
  updatePlanStatus,
  updateWorkplan,
  type PlanActivityRow,
} from './repo.ts';

/**
 * Demo Local Action Plan of Pančevo, 2025–2029, adopted by the assembly (the decision is
 * invented for the demo): three areas from the seed's list, goals, measures, activities with
 * their budget, live indicators reading the office's own data and one entered by hand; the
 * office's education activities are linked to the workshops' plan activity; the 2026 work plan
 * with the Youth Council's opinion.
 */
export async function seedPlanDemo(q: Queryable, offices: Map<string, string>): Promise<void> {
  const office = offices.get('pancevo');
  if (!office) return;
  const plan = await insertPlan(
    q,
    office,
    { title: 'Локални акциони план за младе града Панчева 2025–2029', start_year: 2025, end_year: 2029 },
    null,
  );
  const edu = await insertArea(q, office, plan, { code: 'education', name: '' });
  const emp = await insertArea(q, office, plan, { code: 'employment', name: '' });
  const part = await insertArea(q, office, plan, { code: 'participation', name: '' });
  const g1 = (await insertGoal(q, office, plan, {
    area_id: edu,
    parent_id: null,
    text: 'Млади имају приступ квалитетном неформалном образовању',
  }))!;
  const g11 = (await insertGoal(q, office, plan, { area_id: edu, parent_id: g1, text: 'Радионице доступне младима из сеоских насеља' }))!;
  const g2 = (await insertGoal(q, office, plan, { area_id: emp, parent_id: null, text: 'Млади лакше налазе први посао' }))!;
  const g3 = (await insertGoal(q, office, plan, { area_id: part, parent_id: null, text: 'Млади учествују у одлучивању у граду' }))!;
  const m1 = (await insertMeasure(q, office, plan, { goal_id: g11, title: 'Програм радионица у месним заједницама' }))!;
  const m2 = (await insertMeasure(q, office, plan, { goal_id: g2, title: 'Каријерно вођење и саветовање' }))!;
  const m3 = (await insertMeasure(q, office, plan, { goal_id: g3, title: 'Подршка Савету за младе и омладинским иницијативама' }))!;
  const act = (a: Partial<PlanActivityRow> & Pick<PlanActivityRow, 'measure_id' | 'title' | 'year' | 'planned_rsd'>) =>
    insertPlanActivity(q, office, plan, {
      responsible_kind: 'office',
      partner_id: null,
      association_id: null,
      partners: '',
      quarter: null,
      deadline: null,
      funding: 'town',
      spent_rsd: 0,
      ...a,
    });
  let workshops = '';
  for (const year of [2025, 2026, 2027]) {
    const id = await act({
      measure_id: m1,
      title: `Радионице вештина ${year}`,
      year,
      quarter: 2,
      planned_rsd: 400000,
      spent_rsd: year === 2025 ? 380000 : 0,
      partners: 'Основне и средње школе',
    });
    if (year === 2026) workshops = id!;
    await act({
      measure_id: m2,
      title: `Сајам запошљавања ${year}`,
      year,
      quarter: 4,
      planned_rsd: 250000,
      funding: 'ministry',
      partners: 'Национална служба за запошљавање',
      spent_rsd: year === 2025 ? 260000 : 0,
    });
    await act({
      measure_id: m3,
      title: `Мали грантови за иницијативе ${year}`,
      year,
      planned_rsd: 600000,
      funding: 'province',
      spent_rsd: year === 2025 ? 540000 : 0,
    });
  }
  const reached = (await insertIndicator(q, office, plan, {
    area_id: edu,
    code: '1.1',
    definition: 'Млади обухваћени радионицама канцеларије',
    unit: 'people',
    direction: 'up',
    baseline: 20,
    baseline_year: 2024,
    verification: 'Евиденција присуства КЗМ',
    kind: 'computed',
    source_key: 'checkin.reached',
    source_param: null,
  }))!;
  await setTargets(
    q,
    office,
    reached,
    [2025, 2026, 2027, 2028, 2029].map((year, i) => ({ year, target: 30 + 10 * i })),
  );
  const rural = (await insertIndicator(q, office, plan, {
    area_id: edu,
    code: '1.2',
    definition: 'Удео учесника из сеоских насеља',
    unit: 'percent',
    direction: 'up',
    baseline: 15,
    baseline_year: 2024,
    verification: 'Регистар младих КЗМ',
    kind: 'computed',
    source_key: 'checkin.rural_share',
    source_param: null,
  }))!;
  await setTargets(
    q,
    office,
    rural,
    [2025, 2026, 2027, 2028, 2029].map((year, i) => ({ year, target: 20 + 5 * i })),
  );
  const assoc = (await insertIndicator(q, office, plan, {
    area_id: part,
    code: '3.1',
    definition: 'Активна удружења младих и за младе',
    unit: 'count',
    direction: 'up',
    baseline: 3,
    baseline_year: 2024,
    verification: 'Регистар удружења КЗМ',
    kind: 'computed',
    source_key: 'associations.active',
    source_param: null,
  }))!;
  await setTargets(
    q,
    office,
    assoc,
    [2025, 2026, 2027, 2028, 2029].map((year, i) => ({ year, target: 4 + i })),
  );
  const jobs = (await insertIndicator(q, office, plan, {
    area_id: emp,
    code: '2.1',
    definition: 'Млади запослени после сајма запошљавања',
    unit: 'people',
    direction: 'up',
    baseline: 10,
    baseline_year: 2024,
    verification: 'Извештај НСЗ',
    kind: 'manual',
    source_key: null,
    source_param: null,
  }))!;
  await setTargets(
    q,
    office,
    jobs,
    [2025, 2026, 2027, 2028, 2029].map((year, i) => ({ year, target: 15 + 5 * i })),
  );
  await q.query(`INSERT INTO lap_values (office_id, indicator_id, year, value, measured_on) VALUES ($1, $2, 2025, 17, '2026-01-20')`, [
    office,
    jobs,
  ]);
  await updatePlanStatus(q, office, plan, { status: 'adopted', decision_number: '06-14/2025-I', decision_date: '2025-03-27' });
  // The office's education activities are carried out under the 2026 workshops.
  await q.query(
    `UPDATE activities SET lap_activity_key = (SELECT key FROM lap_activities WHERE office_id = $1 AND id = $2)
      WHERE office_id = $1 AND 'education' = ANY (areas) AND status = 'published'`,
    [office, workshops],
  );
  const wp = await insertWorkplan(q, office, plan, 2026);
  await updateWorkplan(q, office, wp, { status: 'sent' });
  await updateWorkplan(q, office, wp, {
    opinion_date: '2026-01-28',
    opinion_text: 'Савет за младе даје позитивно мишљење на Годишњи план рада и предлаже више радионица у селима.',
  });
  await updateWorkplan(q, office, wp, { status: 'adopted' });
}
