import type { Deps } from '../../core/http/env.ts';
import { makeActivity, makeRegistration } from '../activities/testing.ts';
import { checkinPath } from './views.tsx';

/**
 * The state that shows this feature's per-person form, for the harness (test/forms.ts
 * FORM_STATES): a check-in page whose list has a confirmed registration (and so a "mark present"
 * form). Production code never imports this.
 */
export async function checkinListPath(deps: Pick<Deps, 'db'>, officeSlug: string): Promise<string> {
  const a = await makeActivity(deps.db, officeSlug, { capacity: 1000, title: 'Matrica: dolazak' });
  await makeRegistration(deps.db, a, { fullName: 'Matrica Prisutna' });
  return `/lat${checkinPath({ slug: officeSlug }, a.id)}`;
}
