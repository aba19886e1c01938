import type { Queryable } from '../../core/db/db.ts';
import { planFixture } from '../plan/fixtures.ts';

/**
 * The harness's LAP consultation (test/actors.ts PARAM_FIXTURES :consultation, test/forms.ts): the
 * office's harness draft plan (plan/fixtures.ts) shared with the national reviewers, open again
 * if a route closed it, with one unanswered comment on its first goal (so the answer form shows).
 * Returns the plan's id. Production code never imports this.
 */
export async function consultationFixture(q: Queryable, slug: string): Promise<string> {
  const planId = await planFixture(q, slug);
  await q.query(
    `INSERT INTO lap_consultations (office_id, plan_id) SELECT office_id, id FROM lap_plans WHERE id = $1
     ON CONFLICT (office_id, plan_id) DO UPDATE SET closed_at = NULL`,
    [planId],
  );
  await q.query(
    `INSERT INTO lap_review_comments (office_id, plan_id, item_kind, item_key, body)
     SELECT g.office_id, g.plan_id, 'goal', g.key, 'Harness: kako ćete dosegnuti mlade iz sela?'
       FROM lap_goals g WHERE g.plan_id = $1 AND g.parent_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM lap_review_comments r WHERE r.office_id = g.office_id AND r.plan_id = g.plan_id AND r.answer IS NULL)
      ORDER BY g.position LIMIT 1`,
    [planId],
  );
  return planId;
}
