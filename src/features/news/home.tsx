import type { OfficeHomeSection } from '../../core/views/home-section.ts';
import { officeNewsTag } from './cache.ts';
import { newsListPath } from './paths.ts';
import { PostCard } from './public.tsx';
import { listPublicPosts } from './repo.ts';

/** How many posts the office's home page shows. */
export const HOME_POSTS = 3;

/**
 * The latest news on the office's home page: the newest three published posts as a <section>
 * with its h2 and a link to every post; nothing when the office has published none.
 */
export const latestNewsSection: OfficeHomeSection = {
  order: 30,
  tags: (officeId) => [officeNewsTag(officeId)],
  async render(v, office, db, now) {
    const { rows } = await listPublicPosts(db, { officeId: office.id }, now, { limit: HOME_POSTS, offset: 0 });
    if (rows.length === 0) return null;
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
  },
};
