import type { Locale } from '../../core/i18n/locale.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { newsImagePath, newsPostPath } from './paths.ts';
import type { PublicPost } from './repo.ts';
import { htmlInScript, htmlToText } from './rich-text.ts';

/**
 * RSS 2.0 and Atom 1.0 of published news (an office's, or every office's), in the reader's
 * script: the feed's address carries the locale prefix like every page, and so do the links in
 * it, which are absolute. The `feed` package is loaded by the first feed asked for, not at start.
 */
let feedModule: Promise<typeof import('feed')> | undefined;

export interface NewsFeedContext {
  locale: Locale;
  baseUrl: string;
  title: string;
  /** The page the feed belongs to (absolute). */
  page: string;
  links: { rss: string; atom: string };
  now: Date;
}

export async function newsFeed(ctx: NewsFeedContext, posts: PublicPost[], format: 'rss' | 'atom'): Promise<string> {
  const { Feed } = await (feedModule ??= import('feed'));
  const abs = (path: string) => `${ctx.baseUrl}/${ctx.locale}${path}`;
  const updated = posts.reduce((m, p) => (p.updated_at > m ? p.updated_at : m), new Date(0));
  const feed = new Feed({
    id: ctx.page,
    title: ctx.title,
    description: t(ctx.locale, 'news.lead'),
    link: ctx.page,
    language: ctx.locale === 'en' ? 'en' : ctx.locale === 'lat' ? 'sr-Latn' : 'sr-Cyrl',
    updated: posts.length > 0 ? updated : ctx.now,
    generator: 'KZM',
    feedLinks: { rss: ctx.links.rss, atom: ctx.links.atom },
    copyright: t(ctx.locale, 'site.tagline'),
  });
  for (const p of posts) {
    const office = { slug: p.office_slug };
    const url = abs(newsPostPath(office, p.id));
    const html = htmlInScript(ctx.locale, p.body_html);
    feed.addItem({
      id: url,
      guid: url,
      link: url,
      title: inScript(ctx.locale, p.title),
      description: inScript(ctx.locale, p.summary || htmlToText(p.body_html).slice(0, 300)),
      content: html,
      date: new Date(p.publish_at!),
      published: new Date(p.publish_at!),
      author: [{ name: inScript(ctx.locale, p.office_name) }],
      category: [
        { name: t(ctx.locale, `news.category.${p.category}`), term: p.category },
        ...p.areas.map((area) => ({ name: t(ctx.locale, `lap.${area}` as 'lap.education'), term: area })),
      ],
      ...(p.image_file_id ? { image: abs(`${newsImagePath(office, p.id)}?v=${p.image_file_id.slice(0, 8)}`) } : {}),
    });
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}
