import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import { pageWrite } from '../../core/http/page-cache.ts';
import { replaceCoordinators, replaceHours, updateOfficeProfile } from './repo.ts';
import type { OfficeProfileInput } from './schema.ts';

/** Page-cache tags: every listing of offices, and one office's own page (by slug, as in its URL). */
export const officeTags = (slug: string) => ['offices', `office:${slug}`];

/** Saves an office's public profile: one transaction, one audit event, and its pages invalidated in it. */
export async function saveOfficeProfile(deps: Deps, actor: Actor, office: OfficeRef, input: OfficeProfileInput): Promise<void> {
  await pageWrite(deps, async (tx, touch) => {
    touch(officeTags(office.slug));
    await updateOfficeProfile(tx, office.id, input.profile);
    await replaceHours(tx, office.id, input.hours);
    await replaceCoordinators(tx, office.id, input.coordinators);
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'office.profile.update', target: office.slug });
  });
}
