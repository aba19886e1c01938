import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { insertFile } from '../../core/files.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import { pageWrite } from '../../core/http/page-cache.ts';
import type { ImageUpload } from '../../core/http/uploads.ts';
import type { Result } from '../../core/result.ts';
import { postTags } from './cache.ts';
import { deletePost, deletePostFile, insertPost, lockPost, setPostImage, updatePost, type NewsPost, type NewsRow } from './repo.ts';
import { renderBody } from './rich-text.ts';
import type { NewsInput } from './schema.ts';

/**
 * The row the input describes. The body is rendered and sanitised here, once per save, so no
 * page or feed ever renders unsanitised text. "Now" keeps the first publication time of a post
 * already public (an edit does not move it to the top); a draft has no time.
 */
async function rowOf(input: NewsInput, old: NewsPost | undefined, now: Date): Promise<NewsRow> {
  const wasPublic = old?.status === 'published' && old.publish_at !== null && old.publish_at <= now;
  const publish_at = input.publish === 'draft' ? null : input.publish === 'at' ? input.publish_at : wasPublic ? old.publish_at : now;
  return {
    status: input.publish === 'draft' ? 'draft' : 'published',
    title: input.title,
    summary: input.summary,
    body: input.body,
    body_html: await renderBody(input.body),
    category: input.category,
    areas: input.areas,
    publish_at,
  };
}

/** Creates a post (a draft, published now, or scheduled) with its audit event, in one transaction. */
export async function createPost(deps: Deps, actor: Actor, office: OfficeRef, input: NewsInput): Promise<Result<string>> {
  const row = await rowOf(input, undefined, deps.now());
  const id = await pageWrite(deps, async (tx, touch) => {
    const id = await insertPost(tx, office.id, row, actor.userId);
    // Published or scheduled: the list changes now, or its cached copies must learn the new publish_at.
    if (row.status === 'published') touch(postTags(office.id, id));
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'news.create', target: id, data: { status: row.status } });
    return id;
  });
  return { ok: true, value: id };
}

/** Saves an edit under the post's row lock; another office's post is not found. */
export async function savePost(deps: Deps, actor: Actor, office: OfficeRef, id: string, input: NewsInput): Promise<Result> {
  const done = await pageWrite(deps, async (tx, touch) => {
    const old = await lockPost(tx, office.id, id);
    if (!old) return false;
    const row = await rowOf(input, old, deps.now());
    await updatePost(tx, office.id, id, row);
    if (old.status === 'published' || row.status === 'published') touch(postTags(office.id, id));
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'news.update',
      target: id,
      data: { status: [old.status, row.status] },
    });
    return true;
  });
  return done ? { ok: true, value: undefined } : { ok: false, error: 'error.404.title' };
}

/**
 * Sets the post's image with its description (required), or only the description when no new
 * file comes, or removes it: the old file is deleted in the same transaction.
 */
export async function setNewsImage(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  id: string,
  change: { image: ImageUpload | null; alt: string } | 'remove',
): Promise<Result> {
  const done = await pageWrite(deps, async (tx, touch) => {
    const old = await lockPost(tx, office.id, id);
    if (!old) return 'missing';
    if (change !== 'remove' && !change.image && !old.image_file_id) return 'noImage';
    if (old.status === 'published') touch(postTags(office.id, id));
    let next = { fileId: null as string | null, alt: '', width: null as number | null, height: null as number | null };
    if (change !== 'remove') {
      next = change.image
        ? {
            fileId: await insertFile(tx, office.id, { ...change.image, uploadedBy: actor.userId }),
            alt: change.alt,
            width: change.image.width,
            height: change.image.height,
          }
        : { fileId: old.image_file_id, alt: change.alt, width: old.image_width, height: old.image_height };
    }
    await setPostImage(tx, office.id, id, next);
    if (old.image_file_id && old.image_file_id !== next.fileId) await deletePostFile(tx, office.id, old.image_file_id);
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: change === 'remove' ? 'news.image.remove' : 'news.image.set',
      target: id,
      data: { file: next.fileId },
    });
    return 'ok';
  });
  if (done === 'missing') return { ok: false, error: 'error.404.title' };
  if (done === 'noImage') return { ok: false, field: 'image', error: 'news.err.imageMissing' };
  return { ok: true, value: undefined };
}

/** Deletes the post and its image. */
export async function removePost(deps: Deps, actor: Actor, office: OfficeRef, id: string): Promise<Result> {
  const done = await pageWrite(deps, async (tx, touch) => {
    const old = await lockPost(tx, office.id, id);
    if (!old) return false;
    if (old.status === 'published') touch(postTags(office.id, id));
    await deletePost(tx, office.id, id);
    if (old.image_file_id) await deletePostFile(tx, office.id, old.image_file_id);
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'news.delete', target: id, data: { title: old.title } });
    return true;
  });
  return done ? { ok: true, value: undefined } : { ok: false, error: 'error.404.title' };
}
