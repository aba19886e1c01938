import type { Queryable } from '../../core/db/db.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { makeActivity, type TestActivity, type TestActivityInput } from '../activities/testing.ts';

/**
 * Test data for the calendar's tests: makeActivity plus the public fields it does not set
 * (summary, description, cost…) and the searchKey() folding the activities service stores.
 */
export interface CalendarActivityInput extends TestActivityInput {
  summary?: string;
  description?: string;
  cost?: string;
  targetGroup?: string;
}

export async function makeCalendarActivity(q: Queryable, officeSlug: string, input: CalendarActivityInput = {}): Promise<TestActivity> {
  const a = await makeActivity(q, officeSlug, input);
  await q.query(
    `UPDATE activities SET summary = $3, description = $4, cost = $5, target_group = $6,
            search_key = $7 WHERE office_id = $1 AND id = $2`,
    [
      a.officeId,
      a.id,
      input.summary ?? '',
      input.description ?? '',
      input.cost ?? '',
      input.targetGroup ?? '',
      searchKey(`${input.title ?? ''} ${input.summary ?? ''} ${input.place ?? 'sala 1'}`),
    ],
  );
  if (!input.title) {
    await q.query('UPDATE activities SET search_key = $3 WHERE office_id = $1 AND id = $2', [
      a.officeId,
      a.id,
      searchKey(
        (await q.query<{ title: string }>('SELECT title FROM activities WHERE office_id = $1 AND id = $2', [a.officeId, a.id]))[0]!.title,
      ),
    ]);
  }
  return a;
}
