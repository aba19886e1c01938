import type { Queryable } from '../../core/db/db.ts';
import type { View } from '../../core/views/view.ts';
import { newsListPath } from './paths.ts';
import { PostCard } from './public.tsx';
import { listPublicPosts } from './repo.ts';

/** How many posts the office's home page shows. */
export const HOME_POSTS = 3;

/**
 * The latest news on the office's home page: the newest three published posts as a <section>
 * with its h2 and a link to every post; null when the office has published none. A cached home
 * page should carry officeNewsTag(officeId) (cache.ts) and expire by nextScheduled (repo.ts).
 */
export async function newsHomeSection(v: View, officeId: string, db: Queryable, now: Date) {
  const { rows } = await listPublicPosts(db, { officeId }, now, { limit: HOME_POSTS, offset: 0 });
  if (rows.length === 0) return null;
  const office = { slug: rows[0]!.office_slug, name: rows[0]!.office_name };
  return (
    <section aria-labelledby="news-latest" class="news-latest">
      <h2 id="news-latest">{v.t('news.latest')}</h2>
      <ul class="cards news-list">
        {rows.map((p) => (
          <PostCard v={v} office={office} p={p} level={3} />
        ))}
      </ul>
      <p>
        <a href={v.href(newsListPath(office))}>{v.t('news.all')}</a>
      </p>
    </section>
  );
}
