import { randomUUID } from 'node:crypto';
import { Hono, type Context, type Handler, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { OpenAPIHono, type RouteConfig, type RouteHandler } from '@hono/zod-openapi';
import { isHttps } from '../config.ts';
import { maybeOne } from '../db/db.ts';
import { hasOfficeRole } from '../auth/actor.ts';
import { SESSION_COOKIE, loadActor } from '../auth/sessions.ts';
import { isLocale, negotiateLocale } from '../i18n/locale.ts';
import { t } from '../i18n/messages.ts';
import { errorResponse } from '../views/errors.tsx';
import { HeavyLimitError } from '../heavy.ts';
import { CSRF_FIELD, CSRF_HEADER, csrfValid } from './csrf.ts';
import type { AppEnv, Deps, OfficeRef } from './env.ts';
import { formErrors } from './forms.ts';
import { problem, wantsJson } from './problem.ts';
import { RouteTable, type Access, type Method, type RouteDef } from './routes.ts';

export const LANG_COOKIE = 'kzm_lang';
/** Prefix of every page path: the script/language is part of the URL. */
export const L = '/:lang{cir|lat|en}';

/** Page-cache key: path and query exactly as requested (the script is in the path). */
const pageCacheKey = (url: string) => url.slice(url.indexOf('/', url.indexOf('//') + 2));

/** Hono's ':param' form of an OpenAPI '{param}' path. */
const honoPath = (p: string) => p.replace(/\{(\w+)\}/g, ':$1');

/**
 * The fixed chain every request goes through: request id + log → locale (first, so even a
 * 413 answers in the reader's script) → security headers → page-cache hit (anonymous GET) →
 * body limit (writes only) → actor (session) →
 * CSRF for writes → no NUL characters → per-route access → handler.
 */
export function createCore(deps: Deps) {
  const app = new Hono<AppEnv>();
  const table = new RouteTable();

  app.use(async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 64) || randomUUID();
    const started = performance.now();
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.set('log', deps.log.child({ reqId: requestId }));
    c.set('actor', null);
    // Headers go on before next(): changing a finished response makes Hono rebuild it as a
    // stream, which costs more than the page render on cached pages (see bench/).
    c.header('x-request-id', requestId);
    await next();
    if (deps.log.isLevelEnabled('info')) {
      c.var.log.info(
        { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
        'request',
      );
    }
  });

  // Locale: from the URL when it names one (and remembered), otherwise negotiated.
  app.use(async (c, next) => {
    const first = c.req.path.split('/')[1];
    const remembered = getCookie(c, LANG_COOKIE);
    const fromUrl = isLocale(first) ? first : undefined;
    c.set('locale', fromUrl ?? negotiateLocale(remembered, c.req.header('accept-language')));
    if (fromUrl && fromUrl !== remembered && c.req.method === 'GET') {
      setCookie(c, LANG_COOKIE, fromUrl, {
        path: '/',
        maxAge: 365 * 24 * 3600,
        sameSite: 'Lax',
        secure: isHttps(deps.config),
      });
    }
    return next();
  });

  const securityHeaders = Object.entries({
    'content-security-policy':
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
      "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-permitted-cross-domain-policies': 'none',
    ...(isHttps(deps.config) ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  });
  app.use((c, next) => {
    for (const [name, value] of securityHeaders) c.header(name, value);
    return next();
  });

  // Anonymous GETs are answered from the rendered-page cache here, before the rest of the chain:
  // entries exist only for routes that declared cache tags and were rendered for a visitor
  // without a session, so nothing further down (session, CSRF, access) could change the answer.
  app.use(async (c, next) => {
    if (c.req.method !== 'GET' || !deps.pageCache.enabled || getCookie(c, SESSION_COOKIE)) return next();
    const hit = deps.pageCache.get(pageCacheKey(c.req.url));
    if (!hit) return next();
    c.header('cache-control', 'no-cache');
    c.header('x-cache', 'hit');
    return c.html(hit.body, hit.status as 200);
  });

  // Only requests that carry a body are limited (reading req.raw.body on a GET is costly).
  const limitBody = bodyLimit({
    maxSize: deps.config.BODY_LIMIT_BYTES,
    onError: (c) => errorResponse(c as Context<AppEnv>, 413),
  });
  app.use((c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));

  app.use(async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) c.set('actor', await loadActor(deps.db, token, deps.config.SESSION_DAYS, deps.now()));
    // Personal pages must never be stored by a browser or proxy; public ones are revalidated.
    // (Static files override this with their own long-lived header.)
    c.header('cache-control', c.var.actor ? 'private, no-store' : 'no-cache');
    return next();
  });

  // Malformed JSON sent to the API is a 400 problem document, before anything else looks at it.
  app.use('/api/*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && (c.req.header('content-type') ?? '').includes('json')) {
      try {
        await c.req.json();
      } catch {
        return problem(c, { title: t(c.var.locale, 'error.400.title'), status: 400, detail: 'Malformed JSON body' });
      }
    }
    return next();
  });

  // CSRF: every state-changing request carries the token (form field or header).
  app.use(async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const type = c.req.header('content-type') ?? '';
    let submitted = c.req.header(CSRF_HEADER);
    if (!submitted && (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data'))) {
      const body = await c.req.parseBody();
      const field = body[CSRF_FIELD];
      submitted = typeof field === 'string' ? field : undefined;
    }
    if (!csrfValid(c, submitted)) {
      const msg = t(c.var.locale, 'err.csrf');
      if (wantsJson(c)) return problem(c, { title: msg, status: 403 });
      return errorResponse(c, 403, msg);
    }
    return next();
  });

  // U+0000 cannot be stored in PostgreSQL text and nobody types it: refuse it here, rather than
  // as a database error (500) wherever it would reach a query. No path names anything with one.
  app.use(async (c, next) => {
    const url = c.req.url;
    const query = url.indexOf('?');
    if (url.slice(0, query < 0 ? undefined : query).includes('%00')) return errorResponse(c, 404);
    let nul = query >= 0 && url.includes('%00', query);
    const type = c.req.header('content-type') ?? '';
    if (!nul && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        nul = Object.values(await c.req.parseBody({ all: true })).flat().some((v) => typeof v === 'string' && v.includes('\0'));
      } else if (type.includes('json')) {
        nul = (await c.req.text()).includes('\\u0000');
      }
    }
    return nul ? errorResponse(c, 400) : next();
  });

  const access = (a: Access): MiddlewareHandler<AppEnv> =>
    async (c, next) => {
      const actor = c.var.actor;
      if (a.kind === 'public') return next();
      if (a.kind === 'office') {
        const office = await maybeOne<OfficeRef>(
          deps.db,
          `SELECT id, slug, name FROM offices WHERE slug = $1 AND status = 'full'`,
          [c.req.param('office') ?? ''],
        );
        if (!office) return errorResponse(c, 404);
        if (!actor) return unauthenticated(c);
        if (!hasOfficeRole(actor, office.id, a.roles)) return errorResponse(c, 403);
        c.set('office', office);
        return next();
      }
      if (!actor) return unauthenticated(c);
      if (a.kind === 'national' && !actor.isNationalAdmin) return errorResponse(c, 403);
      return next();
    };

  /** Stores what a cacheable route rendered for an anonymous visitor (hits are served above). */
  const cached = (def: RouteDef): MiddlewareHandler<AppEnv> =>
    async (c, next) => {
      const tagsOf = def.cacheTags;
      if (!tagsOf || c.req.method !== 'GET' || c.var.actor || !deps.pageCache.enabled) return next();
      await next();
      const res = c.res;
      // A page that set a cookie of its own (other than the remembered script) is personal.
      const ownCookie = res.headers.getSetCookie().some((h) => !h.startsWith(`${LANG_COOKIE}=`));
      if (res.status === 200 && !ownCookie && (res.headers.get('content-type') ?? '').startsWith('text/html')) {
        deps.pageCache.set(pageCacheKey(c.req.url), await res.clone().text(), res.status, tagsOf(c));
      }
    };

  const api = new OpenAPIHono<AppEnv>({
    // Invalid input to the API: a 400 problem document listing each field, in the reader's script.
    defaultHook: (result, c) => {
      if (!result.success) {
        const errors = formErrors(c.var.locale, result.error);
        return problem(c, {
          title: t(c.var.locale, 'error.400.title'),
          status: 400,
          errors: Object.entries(errors).map(([path, message]) => ({ path, message })),
        });
      }
      return undefined;
    },
  });

  return {
    app,
    api,
    table,
    /** A server-rendered page (or form POST) with its access rule and cache tags. */
    page(def: Omit<RouteDef, 'kind'>, handler: Handler<AppEnv>) {
      const full: RouteDef = { ...def, kind: 'page' };
      table.add(full);
      app.on(def.method, def.path, access(def.access), cached(full), handler);
    },
    /** A plain endpoint outside the page and API trees (health checks, static files). */
    system(def: Omit<RouteDef, 'kind' | 'access'>, handler: Handler<AppEnv>) {
      table.add({ ...def, access: { kind: 'public' }, kind: 'system' });
      app.on(def.method, def.path, handler);
    },
    /** A JSON API operation under /api/v1, described in the OpenAPI document. */
    openapi<R extends RouteConfig>(name: string, accessRule: Access, route: R, handler: RouteHandler<R, AppEnv>) {
      const method = route.method.toUpperCase() as Method;
      table.add({ name, method, path: `/api/v1${honoPath(route.path)}`, access: accessRule, kind: 'api' });
      api.on(method, honoPath(route.path), access(accessRule));
      api.openapi(route, handler);
    },
  };
}

export type Core = ReturnType<typeof createCore>;

function unauthenticated(c: Context<AppEnv>): Response | Promise<Response> {
  if (wantsJson(c)) return problem(c, { title: t(c.var.locale, 'error.401.title'), status: 401 });
  const next = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search || '') : `/${c.var.locale}/`;
  return c.redirect(`/${c.var.locale}/nalog/prijava?next=${encodeURIComponent(next)}`, 303);
}

/** Final handlers: 404 page and the error page; HTTPExceptions keep their status. */
export function finish(core: Core): void {
  const { app } = core;
  app.route('/api/v1', core.api);
  app.notFound((c) => errorResponse(c, 404));
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500) {
      const status = err.status === 413 ? 413 : err.status === 404 ? 404 : err.status === 403 ? 403 : 400;
      return errorResponse(c, status);
    }
    if (err instanceof HeavyLimitError) {
      // An export or PDF that outgrew its worker's memory or time, or a full queue: not a bug.
      (c.var.log ?? console).warn({ limit: err.limit }, 'heavy task stopped');
      return errorResponse(c, 503);
    }
    (c.var.log ?? console).error({ err }, 'unhandled error');
    return errorResponse(c, 500);
  });
}
