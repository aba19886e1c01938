import type { Queryable } from '../../core/db/db.ts';
import { insertArea, insertGoal, insertMeasure, insertPlan } from '../plan/repo.ts';
import { insertComment, upsertConsultation } from './consultation-repo.ts';

/**
 * Demo rows of the LAP consultation: Čačak's draft plan shared with the national reviewers, one
 * comment answered and one waiting (so `npm start` shows the reviewers' list, a town's status on
 * the admin dashboard and the office's answer form).
 */
export async function seedConsultationDemo(q: Queryable): Promise<void> {
  const [office] = await q.query<{ id: string }>(`SELECT id FROM offices WHERE slug = 'cacak'`);
  const [reviewer] = await q.query<{ id: string }>('SELECT id FROM users WHERE is_national_admin ORDER BY created_at LIMIT 1');
  const [coordinator] = await q.query<{ id: string }>(`SELECT id FROM users WHERE email = 'cacak@primer.test'`);
  if (!office || !reviewer || !coordinator) return;
  const plan = await insertPlan(
    q,
    office.id,
    { title: 'Локални акциони план за младе града Чачка 2026–2030 (нацрт)', start_year: 2026, end_year: 2030 },
    null,
  );
  const area = await insertArea(q, office.id, plan, { code: 'employment', name: '' });
  const goal = (await insertGoal(q, office.id, plan, {
    area_id: area,
    parent_id: null,
    text: 'Више младих запослених у години по завршетку школовања',
  }))!;
  const measure = (await insertMeasure(q, office.id, plan, { goal_id: goal, title: 'Праксе код локалних послодаваца' }))!;
  await upsertConsultation(q, office.id, plan, coordinator.id);
  const keyOf = async (table: 'lap_goals' | 'lap_measures', id: string) =>
    (await q.query<{ key: string }>(`SELECT key FROM ${table} WHERE office_id = $1 AND id = $2`, [office.id, id]))[0]!.key;
  const answered = await insertComment(q, {
    officeId: office.id,
    planId: plan,
    kind: 'goal',
    key: await keyOf('lap_goals', goal),
    body: 'Циљ је добар; наведите и полазну вредност из евиденције Националне службе за запошљавање.',
    authorId: reviewer.id,
  });
  await q.query(`UPDATE lap_review_comments SET answer = $3, answered_by = $4, answered_at = now() WHERE office_id = $1 AND id = $2`, [
    office.id,
    answered,
    'Додаћемо полазну вредност за 2025. из НСЗ-а.',
    coordinator.id,
  ]);
  await insertComment(q, {
    officeId: office.id,
    planId: plan,
    kind: 'measure',
    key: await keyOf('lap_measures', measure),
    body: 'Колико пракси годишње планирате и са којим послодавцима?',
    authorId: reviewer.id,
  });
}
