import type { Context } from 'hono';
import { csrfToken } from '../http/csrf.ts';
import type { AppEnv } from '../http/env.ts';
import { inScript, type Locale } from '../i18n/locale.ts';
import { isNotice, t, type MessageKey } from '../i18n/messages.ts';
import type { Actor } from '../auth/actor.ts';
import type { HeavyPool } from '../heavy.ts';

/** Everything a view needs from the request, so components never touch the Context. */
export interface View {
  locale: Locale;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** Content typed in either script, shown in the reader's. */
  tx: (content: string) => string;
  /** A site path in the reader's locale: href('/kancelarije') → '/lat/kancelarije'. */
  href: (path: string) => string;
  /** The current path without the locale prefix, and its query string (for the script switch). */
  pathInLocale: string;
  search: string;
  baseUrl: string;
  actor: Actor | null;
  csrf: () => string;
  /** The worker pool, for what a page draws off the event loop (charts: core/views/chart.tsx). */
  heavy: HeavyPool;
  /** Notice shown on top of the page (after a redirect). */
  notice?: MessageKey | undefined;
}

/** Whether ?n= names a notice a page shows (the page cache keeps only those); each feature lists its own. */
export { isNotice };

export function view(c: Context<AppEnv>): View {
  const locale = c.var.locale;
  const url = new URL(c.req.url);
  const pathInLocale = url.pathname.replace(/^\/(cir|lat|en)(?=\/|$)/, '') || '/';
  const n = url.searchParams.get('n');
  url.searchParams.delete('n');
  const search = url.searchParams.size > 0 ? `?${url.searchParams.toString()}` : '';
  return {
    locale,
    t: (key, vars) => t(locale, key, vars),
    tx: (content) => inScript(locale, content),
    href: (path) => `/${locale}${path === '/' ? '/' : path}`,
    pathInLocale,
    search,
    baseUrl: c.var.deps.config.BASE_URL,
    actor: c.var.actor,
    csrf: () => csrfToken(c),
    heavy: c.var.deps.heavy,
    notice: n && isNotice(n) ? n : undefined,
  };
}
