import type { Queryable } from '../../core/db/db.ts';
import { maybeOne } from '../../core/db/db.ts';
import type { NewsCategory, NewsStatus } from './schema.ts';

/** One post as stored (every column a page needs; the image's bytes live in `files`). */
export interface NewsPost {
  id: string;
  office_id: string;
  status: NewsStatus;
  title: string;
  summary: string;
  body: string;
  body_html: string;
  category: NewsCategory;
  areas: string[];
  publish_at: Date | null;
  image_file_id: string | null;
  image_alt: string;
  image_width: number | null;
  image_height: number | null;
  created_at: Date;
  updated_at: Date;
}

/** What the form writes (the service renders body_html from body). */
export interface NewsRow {
  status: NewsStatus;
  title: string;
  summary: string;
  body: string;
  body_html: string;
  category: NewsCategory;
  areas: string[];
  publish_at: Date | null;
}

const COLUMNS = `p.id, p.office_id, p.status, p.title, p.summary, p.body, p.body_html, p.category, p.areas, p.publish_at,
  p.image_file_id, p.image_alt, p.image_width, p.image_height, p.created_at, p.updated_at`;

/** The office's post of this id, in any status (the :post path parameter). */
export function findPost(q: Queryable, officeId: string, id: string): Promise<NewsPost | undefined> {
  return maybeOne<NewsPost>(q, `SELECT ${COLUMNS} FROM news_posts p WHERE p.office_id = $1 AND p.id = $2`, [officeId, id]);
}

/** The post locked for a write (FOR UPDATE), within the office. */
export function lockPost(q: Queryable, officeId: string, id: string): Promise<NewsPost | undefined> {
  return maybeOne<NewsPost>(q, `SELECT ${COLUMNS} FROM news_posts p WHERE p.office_id = $1 AND p.id = $2 FOR UPDATE`, [officeId, id]);
}

export async function insertPost(q: Queryable, officeId: string, row: NewsRow, createdBy: string | null): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO news_posts (office_id, status, title, summary, body, body_html, category, areas, publish_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [officeId, row.status, row.title, row.summary, row.body, row.body_html, row.category, row.areas, row.publish_at, createdBy],
  );
  return r[0]!.id;
}

export async function updatePost(q: Queryable, officeId: string, id: string, row: NewsRow): Promise<void> {
  await q.query(
    `UPDATE news_posts SET status = $3, title = $4, summary = $5, body = $6, body_html = $7, category = $8, areas = $9,
            publish_at = $10, updated_at = now()
      WHERE office_id = $1 AND id = $2`,
    [officeId, id, row.status, row.title, row.summary, row.body, row.body_html, row.category, row.areas, row.publish_at],
  );
}

export async function setPostImage(
  q: Queryable,
  officeId: string,
  id: string,
  image: { fileId: string | null; alt: string; width: number | null; height: number | null },
): Promise<void> {
  await q.query(
    `UPDATE news_posts SET image_file_id = $3, image_alt = $4, image_width = $5, image_height = $6, updated_at = now()
      WHERE office_id = $1 AND id = $2`,
    [officeId, id, image.fileId, image.alt, image.width, image.height],
  );
}

export async function deletePostFile(q: Queryable, officeId: string, fileId: string): Promise<void> {
  await q.query('DELETE FROM files WHERE office_id = $1 AND id = $2', [officeId, fileId]);
}

export async function deletePost(q: Queryable, officeId: string, id: string): Promise<void> {
  await q.query('DELETE FROM news_posts WHERE office_id = $1 AND id = $2', [officeId, id]);
}

/** A row of the staff list. */
export interface NewsSummary {
  id: string;
  status: NewsStatus;
  title: string;
  category: NewsCategory;
  publish_at: Date | null;
  updated_at: Date;
}

/** Every post of the office for its staff: drafts and scheduled first, then the newest. */
export function listOfficePosts(q: Queryable, officeId: string): Promise<NewsSummary[]> {
  return q.query<NewsSummary>(
    `SELECT id, status, title, category, publish_at, updated_at FROM news_posts
      WHERE office_id = $1
      ORDER BY (status = 'draft') DESC, publish_at DESC NULLS FIRST, updated_at DESC
      LIMIT 500`,
    [officeId],
  );
}

/** A published post as the public sees it, with its office's slug and name (lists, feeds, the home section). */
export interface PublicPost extends NewsPost {
  office_slug: string;
  office_name: string;
}

export interface PublicFilter {
  /** null: every office (the national feed). */
  officeId: string | null;
  category?: NewsCategory | '';
  area?: string;
}

const PUBLIC_FROM = `FROM news_posts p JOIN offices o ON o.id = p.office_id AND o.status = 'full'`;

function publicWhere(f: PublicFilter, now: Date): { where: string; params: unknown[] } {
  const params: unknown[] = [now];
  const where = [`p.status = 'published'`, 'p.publish_at <= $1'];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (f.officeId) add((n) => `p.office_id = $${n}`, f.officeId);
  if (f.category) add((n) => `p.category = $${n}`, f.category);
  if (f.area) add((n) => `$${n} = ANY (p.areas)`, f.area);
  return { where: where.join(' AND '), params };
}

/** Published posts (publish_at reached), newest first, with the total for paging. */
export async function listPublicPosts(
  q: Queryable,
  f: PublicFilter,
  now: Date,
  page: { limit: number; offset: number },
): Promise<{ rows: PublicPost[]; total: number }> {
  const { where, params } = publicWhere(f, now);
  const rows = await q.query<PublicPost & { total: number }>(
    `SELECT ${COLUMNS}, o.slug AS office_slug, o.name AS office_name, count(*) OVER ()::int AS total
       ${PUBLIC_FROM} WHERE ${where}
      ORDER BY p.publish_at DESC, p.id LIMIT ${Number(page.limit)} OFFSET ${Number(page.offset)}`,
    params,
  );
  return { rows, total: rows[0]?.total ?? 0 };
}

/**
 * When the next scheduled post (of the office, or of any office) becomes public: a cached list
 * may not outlive it (the page cache is told so), else it would miss the post until its TTL.
 */
export async function nextScheduled(q: Queryable, officeId: string | null, now: Date): Promise<Date | null> {
  const r = await q.query<{ at: Date | null }>(
    `SELECT min(publish_at) AS at FROM news_posts WHERE status = 'published' AND publish_at > $1 AND ($2::uuid IS NULL OR office_id = $2)`,
    [now, officeId],
  );
  return r[0]?.at ? new Date(r[0].at) : null;
}

/** Published posts of the office whose publish_at lies in [since, until), oldest first (the newsletter's digest). */
export function postsPublishedBetween(q: Queryable, officeId: string, since: Date, until: Date): Promise<NewsPost[]> {
  return q.query<NewsPost>(
    `SELECT ${COLUMNS} FROM news_posts p
      WHERE p.office_id = $1 AND p.status = 'published' AND p.publish_at >= $2 AND p.publish_at < $3
      ORDER BY p.publish_at, p.id`,
    [officeId, since, until],
  );
}

/** The office's slug (digest paths); undefined for an unknown office. */
export async function officeSlug(q: Queryable, officeId: string): Promise<string | undefined> {
  return (await maybeOne<{ slug: string }>(q, 'SELECT slug FROM offices WHERE id = $1', [officeId]))?.slug;
}

/** Many posts in one statement (the demo seed): rows with their office and publication time. */
export async function insertPosts(q: Queryable, rows: ReadonlyArray<NewsRow & { office_id: string }>): Promise<string[]> {
  if (rows.length === 0) return [];
  const r = await q.query<{ id: string }>(
    `INSERT INTO news_posts (office_id, status, title, summary, body, body_html, category, areas, publish_at)
     SELECT r.office_id, r.status, r.title, r.summary, r.body, r.body_html, r.category,
            ARRAY(SELECT jsonb_array_elements_text(r.areas)), r.publish_at
       FROM jsonb_to_recordset($1::jsonb) AS r(office_id uuid, status text, title text, summary text, body text, body_html text,
                                               category text, areas jsonb, publish_at timestamptz, n int)
      ORDER BY r.n
     RETURNING id`,
    [JSON.stringify(rows.map((row, n) => ({ ...row, n })))],
  );
  return r.map((x) => x.id);
}
