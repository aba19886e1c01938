import type { Deps } from '../../core/http/env.ts';
import { invalidatePages } from '../../core/http/page-cache.ts';

/**
 * Page-cache tags of the activities family: every cached page that shows an office's
 * activities (its calendar, an activity page, the all-offices calendar, feeds) carries
 * these; every write that changes what they show (an activity edited, a seat taken or freed)
 * calls invalidateActivities.
 */
export const activityTags = (officeId: string) => [`activities:${officeId}`, 'activities:all'];

export function invalidateActivities(deps: Pick<Deps, 'db' | 'pageCache'>, officeId: string): Promise<void> {
  return invalidatePages(deps.db, deps.pageCache, activityTags(officeId));
}
