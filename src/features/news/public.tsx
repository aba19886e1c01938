import { raw } from 'hono/html';
import { LAP_AREAS } from '../../core/domain.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import { STATIC_FILES } from '../../core/views/assets.ts';
import { formatDateTime } from '../../core/views/format.ts';
import { Page, type HeadLink, type MetaTag } from '../../core/views/layout.tsx';
import type { View } from '../../core/views/view.ts';
import { newsImagePath, newsListPath, newsPostPath, officeFeedPath } from './paths.ts';
import type { NewsPost, PublicPost } from './repo.ts';
import { htmlInScript, htmlToText } from './rich-text.ts';
import { NEWS_CATEGORIES, PAGE_SIZE, type ListQuery } from './schema.ts';
import { categoryLabel } from './views.tsx';

type Office = Pick<OfficeRef, 'slug' | 'name'>;

/** The share button's script (public/share.js), by its content-hash URL like every static file. */
const SHARE_JS = `/static/share.js?v=${STATIC_FILES.get('share.js')?.hash ?? ''}`;

/** The list's query string for these filters and page (defaults left out). */
export function listSearch(q: ListQuery, page = q.strana): string {
  const p = new URLSearchParams();
  if (q.kategorija) p.set('kategorija', q.kategorija);
  if (q.oblast) p.set('oblast', q.oblast);
  if (page > 1) p.set('strana', String(page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

const imageUrl = (v: View, office: Office, p: Pick<NewsPost, 'id' | 'image_file_id'>) =>
  `${v.href(newsImagePath(office, p.id))}?v=${p.image_file_id!.slice(0, 8)}`;

/** What a post says in one or two sentences: its summary, else the start of its text. */
export const postDescription = (v: View, p: Pick<NewsPost, 'summary' | 'body_html'>) =>
  v.tx(p.summary || htmlToText(p.body_html).slice(0, 200));

/** One post in a list: title (linked), date, category and summary; `level` is its heading's rank. */
export function PostCard({ v, office, p, level = 2 }: { v: View; office: Office; p: NewsPost; level?: 2 | 3 }) {
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <li class="card news-card">
      <H>
        <a href={v.href(newsPostPath(office, p.id))}>{v.tx(p.title)}</a>
      </H>
      <p class="meta">
        <time datetime={p.publish_at!.toISOString()}>{formatDateTime(v.locale, p.publish_at!)}</time> · {categoryLabel(v, p.category)}
      </p>
      {p.summary ? <p>{v.tx(p.summary)}</p> : null}
    </li>
  );
}

function Pager({ v, office, query, total }: { v: View; office: Office; query: ListQuery; total: number }) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return null;
  const n = Math.min(query.strana, pages);
  const link = (k: number) => v.href(newsListPath(office)) + listSearch(query, k);
  return (
    <nav aria-label={v.t('news.pages')}>
      <p>
        {n > 1 ? (
          <>
            <a href={link(n - 1)} rel="prev">
              {v.t('news.page.prev')}
            </a>
            {' · '}
          </>
        ) : null}
        {v.t('news.page', { n, total: pages })}
        {n < pages ? (
          <>
            {' · '}
            <a href={link(n + 1)} rel="next">
              {v.t('news.page.next')}
            </a>
          </>
        ) : null}
      </p>
    </nav>
  );
}

/** The feeds of an office's news, for <head> (autodiscovery) and for the links on the page. */
export function feedLinks(v: View, office: Office): HeadLink[] {
  const title = v.t('news.feed.title.office', { office: v.tx(office.name) });
  return [
    { rel: 'alternate', type: 'application/rss+xml', href: v.baseUrl + v.href(officeFeedPath(office, 'rss')), title },
    { rel: 'alternate', type: 'application/atom+xml', href: v.baseUrl + v.href(officeFeedPath(office, 'atom')), title },
  ];
}

/** Open Graph and Twitter-card tags common to the list and a post (absolute URLs). */
function shareMeta(v: View, o: { type: 'website' | 'article'; title: string; description: string; url: string }): MetaTag[] {
  return [
    { property: 'og:type', content: o.type },
    { property: 'og:site_name', content: v.t('site.name') },
    { property: 'og:title', content: o.title },
    { property: 'og:description', content: o.description },
    { property: 'og:url', content: o.url },
    { property: 'og:locale', content: v.locale === 'en' ? 'en_GB' : 'sr_RS' },
    { name: 'twitter:title', content: o.title },
    { name: 'twitter:description', content: o.description },
  ];
}

export function NewsListPage(props: { v: View; office: Office; query: ListQuery; rows: PublicPost[]; total: number }) {
  const { v, office, query, rows, total } = props;
  const title = v.t('news.office.title', { office: v.tx(office.name) });
  const url = v.baseUrl + v.href(newsListPath(office)) + listSearch(query);
  const meta = [
    ...shareMeta(v, { type: 'website', title, description: v.t('news.lead'), url }),
    { name: 'twitter:card', content: 'summary' },
  ];
  const filtered = query.kategorija !== '' || query.oblast !== '';
  const feeds = feedLinks(v, office);
  return (
    <Page v={v} title={title} description={v.t('news.lead')} meta={meta} links={feeds}>
      <p class="crumbs">
        <a href={v.href(`/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a>
      </p>
      <h1>{title}</h1>
      <p>{v.t('news.lead')}</p>
      <form method="get" action={v.href(newsListPath(office))} class="search">
        <div class="field">
          <label for="kategorija">{v.t('news.filter.category')}</label>
          <select id="kategorija" name="kategorija">
            <option value="">{v.t('news.filter.any')}</option>
            {NEWS_CATEGORIES.map((c) => (
              <option value={c} selected={c === query.kategorija}>
                {categoryLabel(v, c)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="oblast">{v.t('news.filter.area')}</label>
          <select id="oblast" name="oblast">
            <option value="">{v.t('news.filter.any')}</option>
            {LAP_AREAS.map((a) => (
              <option value={a} selected={a === query.oblast}>
                {v.t(`lap.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{v.t('news.filter.submit')}</button>
      </form>
      {rows.length === 0 ? (
        <p class="empty">{v.t(filtered ? 'news.none.filtered' : 'news.none')}</p>
      ) : (
        <ul class="cards news-list">
          {rows.map((p) => (
            <PostCard v={v} office={office} p={p} />
          ))}
        </ul>
      )}
      <Pager v={v} office={office} query={query} total={total} />
      <section aria-labelledby="feeds">
        <h2 id="feeds">{v.t('news.feeds')}</h2>
        <ul>
          <li>
            <a href={v.href(officeFeedPath(office, 'rss'))} type="application/rss+xml" download={`${office.slug}-vesti.xml`}>
              {v.t('news.feed.rss')}
            </a>
          </li>
          <li>
            <a href={v.href(officeFeedPath(office, 'atom'))} type="application/atom+xml" download={`${office.slug}-vesti.atom`}>
              {v.t('news.feed.atom')}
            </a>
          </li>
        </ul>
      </section>
    </Page>
  );
}

/**
 * Share links: plain addresses of each service (no third-party script, nothing loaded from
 * them, no tracking parameters), and the link itself to copy. public/share.js adds a "Share…"
 * button using the phone's own share sheet (Web Share API) where the browser has it.
 */
function ShareLinks({ v, url, title }: { v: View; url: string; title: string }) {
  const enc = encodeURIComponent;
  const text = `${title} ${url}`;
  const external = { target: '_blank', rel: 'noopener noreferrer' };
  return (
    <section aria-labelledby="share" class="share" data-share-url={url} data-share-title={title}>
      <h2 id="share">{v.t('news.share')}</h2>
      <button type="button" class="share-native" hidden>
        {v.t('news.share.native')}
      </button>
      <ul>
        <li>
          <a href={`https://www.facebook.com/sharer/sharer.php?u=${enc(url)}`} {...external}>
            {v.t('news.share.facebook')}
          </a>
        </li>
        <li>
          <a href={`viber://forward?text=${enc(text)}`}>{v.t('news.share.viber')}</a>
        </li>
        <li>
          <a href={`https://wa.me/?text=${enc(text)}`} {...external}>
            {v.t('news.share.whatsapp')}
          </a>
        </li>
        <li>
          <a href={`mailto:?subject=${enc(title)}&body=${enc(url)}`}>{v.t('news.share.email')}</a>
        </li>
      </ul>
      <div class="field">
        <label for="share-link">{v.t('news.share.link')}</label>
        <input id="share-link" type="url" readonly value={url} />
      </div>
      <p class="share-copied" role="status" hidden>
        {v.t('news.share.copied')}
      </p>
    </section>
  );
}

export function PostPage({ v, office, post: p }: { v: View; office: Office; post: NewsPost }) {
  const title = v.tx(p.title);
  const description = postDescription(v, p);
  const url = v.baseUrl + v.href(newsPostPath(office, p.id));
  const meta: MetaTag[] = [
    ...shareMeta(v, { type: 'article', title, description, url }),
    { property: 'article:published_time', content: p.publish_at!.toISOString() },
    { property: 'article:section', content: categoryLabel(v, p.category) },
    { name: 'twitter:card', content: p.image_file_id ? 'summary_large_image' : 'summary' },
  ];
  if (p.image_file_id) {
    const image = v.baseUrl + imageUrl(v, office, p);
    meta.push({ property: 'og:image', content: image });
    if (p.image_width && p.image_height) {
      meta.push(
        { property: 'og:image:width', content: String(p.image_width) },
        { property: 'og:image:height', content: String(p.image_height) },
      );
    }
    meta.push(
      { property: 'og:image:alt', content: v.tx(p.image_alt) },
      { name: 'twitter:image', content: image },
      { name: 'twitter:image:alt', content: v.tx(p.image_alt) },
    );
  }
  return (
    <Page v={v} title={title} description={description} meta={meta} links={feedLinks(v, office)}>
      <p class="crumbs">
        <a href={v.href(`/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a> ·{' '}
        <a href={v.href(newsListPath(office))}>{v.t('news.all')}</a>
      </p>
      <article class="news-post">
        <h1>{title}</h1>
        <p class="meta">
          {v.t('news.publishedAt', { at: formatDateTime(v.locale, p.publish_at!) })} · {categoryLabel(v, p.category)}
          {p.areas.length > 0 ? ` · ${p.areas.map((a) => v.t(`lap.${a}` as 'lap.education')).join(', ')}` : ''}
        </p>
        {p.summary ? <p class="lead">{v.tx(p.summary)}</p> : null}
        {p.image_file_id ? (
          <img
            src={imageUrl(v, office, p)}
            alt={v.tx(p.image_alt)}
            width={p.image_width ?? undefined}
            height={p.image_height ?? undefined}
            class="news-image"
          />
        ) : null}
        {/* Sanitised when saved (rich-text.ts); only its text is transliterated here. */}
        <div class="news-body">{raw(htmlInScript(v.locale, p.body_html))}</div>
      </article>
      <ShareLinks v={v} url={url} title={title} />
      <script src={SHARE_JS} defer></script>
    </Page>
  );
}
