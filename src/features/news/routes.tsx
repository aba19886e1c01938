import type { Context } from 'hono';
import { fileResponse, findFile } from '../../core/files.ts';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { PUBLIC } from '../../core/http/routes.ts';
import { formImage } from '../../core/http/uploads.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import { newsFeed } from './feeds.ts';
import { adminNewsPath, adminPostPath, nationalFeedPath, newsListPath, officeFeedPath } from './paths.ts';
import { NEWS_EDITORS, isPublic, mayViewImage } from './policy.ts';
import { NewsListPage, PostPage } from './public.tsx';
import { officeNewsTag, newsPostTag } from './cache.ts';
import { listOfficePosts, listPublicPosts, nextScheduled, type NewsPost } from './repo.ts';
import { PAGE_SIZE, imageFields, listQuery, newsForm } from './schema.ts';
import { createPost, removePost, savePost, setNewsImage } from './service.ts';
import { EditPostPage, NewPostPage, NewsAdminPage, newPostValues, postFormValues } from './views.tsx';

/** How many posts a feed carries. */
const FEED_SIZE = 50;

export function registerNewsRoutes(core: Core): void {
  const admin = `${L}/admin/kancelarije/:office/vesti`;
  const pub = `${L}/kancelarije/:office/vesti`;

  const editPage = (
    c: Context<AppEnv>,
    p: NewsPost,
    form?: { values: FormValues; errors: FormErrors },
    image?: { values: FormValues; errors: FormErrors },
  ) => {
    const now = c.var.deps.now();
    return c.html(
      <EditPostPage
        v={view(c)}
        office={c.var.office}
        post={p}
        now={now}
        values={form?.values ?? postFormValues(p, now)}
        errors={form?.errors}
        imageValues={image?.values}
        imageErrors={image?.errors}
      />,
      form || image ? 400 : 200,
    );
  };

  // ── Staff ──
  core.page({ name: 'news.admin.list', method: 'GET', path: admin, access: NEWS_EDITORS }, async (c) => {
    const { db, now } = c.var.deps;
    const rows = await listOfficePosts(db, c.var.office.id);
    return c.html(<NewsAdminPage v={view(c)} office={c.var.office} rows={rows} now={now()} />);
  });

  // Registered before ':post', which would also match 'nova'.
  core.page({ name: 'news.admin.new', method: 'GET', path: `${admin}/nova`, access: NEWS_EDITORS }, (c) =>
    c.html(<NewPostPage v={view(c)} office={c.var.office} values={newPostValues()} />),
  );

  core.page({ name: 'news.admin.create', method: 'POST', path: admin, access: NEWS_EDITORS }, async (c) => {
    const { deps, office, locale } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(newsForm(deps.now()), values, locale);
    if (!parsed.ok) return c.html(<NewPostPage v={view(c)} office={office} values={values} errors={parsed.errors} />, 400);
    const r = await createPost(deps, c.var.actor!, office, parsed.data);
    if (!r.ok) return c.html(<NewPostPage v={view(c)} office={office} values={values} errors={{ _form: t(locale, r.error) }} />, 400);
    return c.redirect(`/${locale}${adminPostPath(office, r.value)}?n=news.created`, 303);
  });

  core.page({ name: 'news.admin.edit', method: 'GET', path: `${admin}/:post`, access: NEWS_EDITORS, params: ['post'] }, (c) =>
    editPage(c, c.var.post),
  );

  core.page({ name: 'news.admin.update', method: 'POST', path: `${admin}/:post`, access: NEWS_EDITORS, params: ['post'] }, async (c) => {
    const { deps, office, locale, post } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(newsForm(deps.now()), values, locale);
    if (!parsed.ok) return editPage(c, post, { values, errors: parsed.errors });
    const r = await savePost(deps, c.var.actor!, office, post.id, parsed.data);
    if (!r.ok) return errorResponse(c, 404);
    return c.redirect(`/${locale}${adminPostPath(office, post.id)}?n=news.saved`, 303);
  });

  // The image and its description: multipart, the file judged by its bytes; nothing is saved unless all is right.
  core.page(
    { name: 'news.admin.image', method: 'POST', path: `${admin}/:post/slika`, access: NEWS_EDITORS, params: ['post'], upload: 'image' },
    async (c) => {
      const { deps, office, locale, post } = c.var;
      const values = await readForm(c);
      const parsed = parseForm(imageFields, values, locale);
      const remove = parsed.ok && parsed.data.remove_image;
      const { image, error } = remove ? { image: null } : await formImage(c);
      const errors: FormErrors = parsed.ok ? {} : { ...parsed.errors };
      if (error) errors.image = error;
      else if (!remove && !image && !post.image_file_id) errors.image = t(locale, 'news.err.imageMissing');
      if (!parsed.ok || Object.keys(errors).length > 0) return editPage(c, post, undefined, { values, errors });
      const r = await setNewsImage(deps, c.var.actor!, office, post.id, remove ? 'remove' : { image, alt: parsed.data.image_alt });
      if (!r.ok) {
        return r.error === 'error.404.title'
          ? errorResponse(c, 404)
          : editPage(c, post, undefined, { values, errors: { [r.field ?? '_form']: t(locale, r.error) } });
      }
      return c.redirect(`/${locale}${adminPostPath(office, post.id)}?n=${remove ? 'news.image.removed' : 'news.image.saved'}#image`, 303);
    },
  );

  core.page(
    { name: 'news.admin.delete', method: 'POST', path: `${admin}/:post/obrisi`, access: NEWS_EDITORS, params: ['post'] },
    async (c) => {
      const { deps, office, locale, post } = c.var;
      const r = await removePost(deps, c.var.actor!, office, post.id);
      if (!r.ok) return errorResponse(c, 404);
      return c.redirect(`/${locale}${adminNewsPath(office)}?n=news.deleted`, 303);
    },
  );

  // ── Public ──
  // The list: cached per office; kept no longer than the next scheduled post's time (cacheUntil).
  core.page(
    {
      name: 'news.list',
      method: 'GET',
      path: pub,
      access: PUBLIC,
      params: ['office'],
      cacheTags: (c) => [officeNewsTag(c.var.office.id), `office:${c.var.office.slug}`],
      cacheQuery: (q) => listQuery.parse(q),
    },
    async (c) => {
      const { db, now: clock } = c.var.deps;
      const now = clock();
      const office = c.var.office;
      const query = listQuery.parse(c.req.query());
      const filter = { officeId: office.id, category: query.kategorija, area: query.oblast };
      const [{ rows, total }, next] = await Promise.all([
        listPublicPosts(db, filter, now, { limit: PAGE_SIZE, offset: (query.strana - 1) * PAGE_SIZE }),
        nextScheduled(db, office.id, now),
      ]);
      if (next) c.set('cacheUntil', next);
      return c.html(<NewsListPage v={view(c)} office={office} query={query} rows={rows} total={total} />);
    },
  );

  // Feeds in the reader's script (the locale prefix), absolute links; never cached (not HTML).
  for (const format of ['rss', 'atom'] as const) {
    const type = format === 'rss' ? 'application/rss+xml' : 'application/atom+xml';
    // An attachment, as the calendar's feeds: feed readers do not mind, and a browser saves the file
    // instead of showing XML as a page.
    const answer = (c: Context<AppEnv>, body: string, name: string) => {
      c.header('content-type', `${type}; charset=utf-8`);
      c.header('content-disposition', `attachment; filename="${name}-vesti.${format === 'rss' ? 'xml' : 'atom'}"`);
      c.header('x-content-type-options', 'nosniff');
      return c.body(body, 200);
    };
    core.page({ name: `news.${format}.office`, method: 'GET', path: `${pub}.${format}`, access: PUBLIC, params: ['office'] }, async (c) => {
      const { db, now: clock, config } = c.var.deps;
      const { locale, office } = c.var;
      const now = clock();
      const { rows } = await listPublicPosts(db, { officeId: office.id }, now, { limit: FEED_SIZE, offset: 0 });
      const abs = (path: string) => `${config.BASE_URL}/${locale}${path}`;
      const body = await newsFeed(
        {
          locale,
          baseUrl: config.BASE_URL,
          title: t(locale, 'news.feed.title.office', { office: inScript(locale, office.name) }),
          page: abs(newsListPath(office)),
          links: { rss: abs(officeFeedPath(office, 'rss')), atom: abs(officeFeedPath(office, 'atom')) },
          now,
        },
        rows,
        format,
      );
      return answer(c, body, office.slug);
    });
    core.page({ name: `news.${format}.all`, method: 'GET', path: `${L}${nationalFeedPath(format)}`, access: PUBLIC }, async (c) => {
      const { db, now: clock, config } = c.var.deps;
      const locale = c.var.locale;
      const now = clock();
      const { rows } = await listPublicPosts(db, { officeId: null }, now, { limit: FEED_SIZE, offset: 0 });
      const abs = (path: string) => `${config.BASE_URL}/${locale}${path}`;
      const body = await newsFeed(
        {
          locale,
          baseUrl: config.BASE_URL,
          title: t(locale, 'news.feed.title.all'),
          page: abs('/kancelarije'),
          links: { rss: abs(nationalFeedPath('rss')), atom: abs(nationalFeedPath('atom')) },
          now,
        },
        rows,
        format,
      );
      return answer(c, body, 'kzm');
    });
  }

  // One post: public once its time has come (a draft or a scheduled post is not found, and a 404 is never cached).
  core.page(
    {
      name: 'news.post',
      method: 'GET',
      path: `${pub}/:post`,
      access: PUBLIC,
      params: ['office', 'post'],
      cacheTags: (c) => [newsPostTag(c.req.param('post') ?? ''), `office:${c.var.office.slug}`],
    },
    (c) => {
      const p = c.var.post;
      if (!isPublic(p, c.var.deps.now())) return errorResponse(c, 404);
      return c.html(<PostPage v={view(c)} office={c.var.office} post={p} />);
    },
  );

  // The image of a public post; of a draft or scheduled one only for its office's staff (its edit page shows it).
  core.page({ name: 'news.image', method: 'GET', path: `${pub}/:post/slika`, access: PUBLIC, params: ['office', 'post'] }, async (c) => {
    const { db, now } = c.var.deps;
    const { actor, office, post: p } = c.var;
    if (!p.image_file_id || !mayViewImage(actor, office.id, p, now())) return errorResponse(c, 404);
    const file = await findFile(db, office.id, p.image_file_id);
    return file ? fileResponse(c, file) : errorResponse(c, 404);
  });
}
