/**
 * Page-cache tags of news. The office's public list carries officeNewsTag(officeId); a post's
 * page carries newsPostTag(id). A write that changes what the public sees (publishing, editing
 * or unpublishing a published or scheduled post, its image) touches postTags. A scheduled post
 * needs no write when its time comes: the list pages tell the cache to keep them no longer than
 * the next publish_at (routes.tsx, `cacheUntil`), and its own page answered 404 until then
 * (a 404 is never cached).
 */
export const officeNewsTag = (officeId: string) => `news:${officeId}`;
export const newsPostTag = (id: string) => `news-post:${id}`;
export const postTags = (officeId: string, id: string) => [officeNewsTag(officeId), newsPostTag(id)];
