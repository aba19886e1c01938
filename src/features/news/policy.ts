import { hasOfficeRole, type Actor } from '../../core/auth/actor.ts';
import { STAFF } from '../../core/http/routes.ts';
import type { NewsPost } from './repo.ts';

/**
 * Who may do what with an office's news, in one place. The routes' Access rule lets the
 * office's staff (coordinator, office admin) into the admin pages; everyone else reads
 * published posts whose time has come. A draft or scheduled post is seen only by the office's
 * staff (its admin page shows it and its image).
 */
export const NEWS_EDITORS = STAFF;

/** Whether the public may see the post now. */
export const isPublic = (p: Pick<NewsPost, 'status' | 'publish_at'>, now: Date): boolean =>
  p.status === 'published' && p.publish_at !== null && p.publish_at <= now;

/** Whether the post is published but waiting for its time. */
export const isScheduled = (p: Pick<NewsPost, 'status' | 'publish_at'>, now: Date): boolean =>
  p.status === 'published' && p.publish_at !== null && p.publish_at > now;

/** Whether the actor may see the post's image: anyone once it is public; before that its office's staff. */
export function mayViewImage(actor: Actor | null, officeId: string, p: Pick<NewsPost, 'status' | 'publish_at'>, now: Date): boolean {
  if (isPublic(p, now)) return true;
  return actor !== null && hasOfficeRole(actor, officeId, ['coordinator', 'office_admin']);
}
