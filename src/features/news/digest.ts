import type { DigestSource } from '../../core/content.ts';
import { newsPostPath } from './paths.ts';
import { officeSlug, postsPublishedBetween } from './repo.ts';
import { htmlToText } from './rich-text.ts';

/**
 * What news hands the newsletter's digest: the office's posts whose publication time falls in
 * [since, until), oldest first (a scheduled post counts from its publish_at; drafts never).
 */
export const digestItems: DigestSource = async (db, officeId, since, until) => {
  const [slug, posts] = await Promise.all([officeSlug(db, officeId), postsPublishedBetween(db, officeId, since, until)]);
  if (!slug) return [];
  return posts.map((p) => ({
    kind: 'news' as const,
    id: p.id,
    title: p.title,
    summary: p.summary || htmlToText(p.body_html).slice(0, 300),
    path: newsPostPath({ slug }, p.id),
    at: new Date(p.publish_at!),
  }));
};
