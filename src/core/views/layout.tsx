import type { Child } from 'hono/jsx';
import { html, raw } from 'hono/html';
import { escapeToBuffer } from 'hono/utils/html';
import { HREFLANG, LOCALE_NAMES, LOCALES } from '../i18n/locale.ts';
import { CSRF_FIELD } from '../http/csrf.ts';
import { staffOffices } from '../auth/actor.ts';
import { ASSETS } from './assets.ts';
import type { View } from './view.ts';

/** A <meta> tag of the head: Open Graph uses `property`, Twitter cards `name`. */
export interface MetaTag {
  property?: string;
  name?: string;
  content: string;
}

/** A <link> of the head (feeds: rel="alternate" with their type). */
export interface HeadLink {
  rel: string;
  href: string;
  type?: string;
  title?: string;
}

export interface PageProps {
  v: View;
  title: string;
  description?: string | undefined;
  /** Extra meta tags (Open Graph, Twitter cards) for pages people share. */
  meta?: MetaTag[] | undefined;
  /** Extra head links (feed autodiscovery). */
  links?: HeadLink[] | undefined;
  children?: Child;
}

/** Text or an attribute value escaped as hono's JSX escapes it. */
const escaped = (s: string): string => {
  const buffer: [string] = [''];
  escapeToBuffer(s, buffer);
  return buffer[0];
};

/** A void element of the head as hono's JSX writes it: `<meta a="v"/>`, attributes without a value left out. */
const headTag = (name: 'meta' | 'link', attributes: Record<string, string | undefined>): string =>
  `<${name}${Object.entries(attributes)
    .map(([k, v]) => (v === undefined ? '' : ` ${k}="${escaped(v)}"`))
    .join('')}/>`;

/** The page shell: language/script switch, navigation, main landmark, footer. */
export function Page({ v, title, description, meta, links, children }: PageProps) {
  const { t, locale, actor } = v;
  const alt = (l: string) => `${v.baseUrl}/${l}${v.pathInLocale === '/' ? '/' : v.pathInLocale}${v.search}`;
  const isStaff = actor && (actor.isNationalAdmin || staffOffices(actor).length > 0);
  // The head as one string, not JSX: hono's JSX treats every <link> (and a <meta> or <title>
  // outside <head>) as document metadata to hoist, one callback and one search of the whole page
  // each — ~6 % of a page's rendering CPU for the same bytes.
  const head = raw(
    [
      headTag('meta', { charset: 'utf-8' }),
      headTag('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      `<title>${escaped(`${title} · ${t('site.name')}`)}</title>`,
      description ? headTag('meta', { name: 'description', content: description }) : '',
      ...(meta ?? []).map((m) => headTag('meta', { property: m.property, name: m.name, content: m.content })),
      headTag('link', { rel: 'stylesheet', href: ASSETS.css }),
      headTag('link', { rel: 'icon', href: ASSETS.icon, type: 'image/svg+xml' }),
      ...LOCALES.map((l) => headTag('link', { rel: 'alternate', hreflang: HREFLANG[l], href: alt(l) })),
      headTag('link', { rel: 'alternate', hreflang: 'x-default', href: alt('cir') }),
      ...(links ?? []).map((l) => headTag('link', { rel: l.rel, type: l.type, href: l.href, title: l.title })),
    ].join(''),
  );
  const doc = (
    <html lang={HREFLANG[locale]}>
      <head>{head}</head>
      <body>
        <a class="skip" href="#main">
          {t('skip')}
        </a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href={v.href('/')}>
              <strong>{t('site.name')}</strong> <span>{t('site.tagline')}</span>
            </a>
            <nav aria-label={t('nav.script')} class="scripts">
              <ul>
                {LOCALES.map((l) => (
                  <li>
                    <a
                      href={`/${l}${v.pathInLocale === '/' ? '/' : v.pathInLocale}${v.search}`}
                      hreflang={HREFLANG[l]}
                      lang={HREFLANG[l]}
                      aria-current={l === locale ? 'true' : undefined}
                    >
                      {LOCALE_NAMES[l]}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
          <nav aria-label={t('nav.main')} class="main-nav">
            <ul>
              <li>
                <a href={v.href('/kancelarije')}>{t('nav.offices')}</a>
              </li>
              <li>
                <a href={v.href('/aktivnosti')}>{t('calendar.nav')}</a>
              </li>
              {actor ? (
                <>
                  <li>
                    <a href={v.href('/nalog')}>{t('nav.account')}</a>
                  </li>
                  <li>
                    <a href={v.href('/moj-nalog/prijave')}>{t('nav.myRegistrations')}</a>
                  </li>
                  {isStaff ? (
                    <li>
                      <a href={v.href('/admin')}>{t('nav.admin')}</a>
                    </li>
                  ) : null}
                  <li>
                    <form method="post" action={v.href('/nalog/odjava')} class="inline">
                      <input type="hidden" name={CSRF_FIELD} value={v.csrf()} />
                      <button type="submit" class="link">
                        {t('nav.logout')}
                      </button>
                    </form>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <a href={v.href('/nalog/prijava')}>{t('nav.login')}</a>
                  </li>
                  <li>
                    <a href={v.href('/nalog/registracija')}>{t('nav.signup')}</a>
                  </li>
                </>
              )}
            </ul>
          </nav>
        </header>
        <main id="main">
          {v.notice ? (
            <p class="notice" role="status">
              {t(v.notice)}
            </p>
          ) : null}
          {children}
        </main>
        <footer class="site-footer">
          <p>{t('footer.about')}</p>
          <ul>
            <li>
              <a href={v.href('/privatnost')}>{t('footer.privacy')}</a>
            </li>
            <li>
              <a href="/api/openapi.json">{t('footer.api')}</a>
            </li>
          </ul>
        </footer>
      </body>
    </html>
  );
  return html`${raw('<!doctype html>')}${doc}`;
}
