import { randomUUID } from 'node:crypto';
import { Hono, type Context, type Handler, type MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { OpenAPIHono, type RouteConfig, type RouteHandler } from '@hono/zod-openapi';
import { isHttps } from '../config.ts';
import { SESSION_COOKIE, loadActor } from '../auth/sessions.ts';
import { isLocale, negotiateLocale } from '../i18n/locale.ts';
import { t } from '../i18n/messages.ts';
import { errorResponse } from '../views/errors.tsx';
import { isNotice } from '../views/view.ts';
import { bodyReader } from './body.ts';
import { HeavyLimitError } from '../heavy.ts';
import { CSRF_FIELD, CSRF_HEADER, csrfValid } from './csrf.ts';
import type { AppEnv, Deps } from './env.ts';
import { uuidOrNull } from './ids.ts';
import { findFullOffice, setParam, type AnyParamResolver, type RouteParam } from './params.ts';
import { formErrors } from './forms.ts';
import { coreRefusals, problem, wantsJson } from './problem.ts';
import type { Entry } from './page-cache.ts';
import { RouteTable, passesOfficeRule, type Access, type Method, type RouteDef } from './routes.ts';

export const LANG_COOKIE = 'kzm_lang';
/** Prefix of every page path: the script/language is part of the URL. */
export const L = '/:lang{cir|lat|en}';

type CacheQuery = NonNullable<RouteDef['cacheQuery']>;
const byName = ([a]: [string, string], [b]: [string, string]) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The query string a cached page is keyed by and rendered from: a known ?n= notice and the
 * route's own parameters (cacheQuery), values trimmed with inner whitespace collapsed, those
 * equal to the route's defaults left out, sorted by name. Unknown parameters are dropped.
 */
export function canonicalQuery(raw: Record<string, string>, known: CacheQuery | undefined, defaults: Record<string, string>): string {
  const kept: Array<[string, string]> = [];
  if (raw.n && isNotice(raw.n)) kept.push(['n', raw.n]);
  if (known) {
    for (const [k, v] of Object.entries(known(raw))) {
      if (k === 'n' || v === undefined || v === null) continue;
      const value = String(v).trim().replace(/\s+/g, ' ');
      if (value && value !== defaults[k]) kept.push([k, value]);
    }
  }
  return kept.length ? new URLSearchParams(kept.sort(byName)).toString() : '';
}

/** How many query strings per route keep their canonical form at hand. */
const CANONICAL_MEMO = 1000;

const canonicalDefaults = (known: CacheQuery | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(known ? known({}) : {}).map(([k, v]) => [k, v === undefined || v === null ? '' : String(v).trim()]));

/** Hono's ':param' form of an OpenAPI '{param}' path. */
const honoPath = (p: string) => p.replace(/\{(\w+)\}/g, ':$1');

/**
 * The fixed chain every request goes through: request id + log → locale (first, so even a
 * 413 answers in the reader's script) → security headers → actor (session) → body read once
 * with the route's limit, malformed → 400 (writes only) → CSRF for writes → no NUL characters →
 * per-route access → page cache (cacheable routes, anonymous GET: hit, wait for the same page
 * being rendered, or render and store) → handler.
 */
export function createCore(deps: Deps, resolvers: readonly AnyParamResolver[] = []) {
  const loaders = new Map(resolvers.map((r) => [r.name as string, r]));
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

  app.use(async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) c.set('actor', await loadActor(deps.db, token, deps.config.SESSION_DAYS, deps.now()));
    // Personal pages must never be stored by a browser or proxy; public ones are revalidated.
    // (Static files override this with their own long-lived header.)
    c.header('cache-control', c.var.actor ? 'private, no-store' : 'no-cache');
    return next();
  });

  // The body, read once with the route's own limit (413) and parsed (malformed → 400): body.ts.
  app.use(bodyReader(deps.config, table));

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

  // CSRF: every state-changing request carries the token (form field or header), except on the
  // routes that declare `csrf: 'exempt'`.
  app.use(async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    // A route that declares itself exempt (RouteDef.csrf: a one-click unsubscribe a mail client posts).
    if (table.csrfExemptFor(c.req.method, c.req.path)) return next();
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
        nul = Object.values(await c.req.parseBody({ all: true }))
          .flat()
          .some((v) => typeof v === 'string' && v.includes('\0'));
      } else if (type.includes('json')) {
        nul = (await c.req.text()).includes('\\u0000');
      }
    }
    return nul ? errorResponse(c, 400) : next();
  });

  const access =
    (a: Access, def?: RouteDef): MiddlewareHandler<AppEnv> =>
    async (c, next) => {
      const actor = c.var.actor;
      if (a.kind === 'public') return next();
      // A page whose row id is not an id at all, on a path another route answers, is that route's
      // (…/mladi/statistika is no :person): its resolver hands the path on without running the
      // handler, so this route's rule must not refuse a reader the other route lets in (the
      // national admin, issue #17). Any other path is this route's: access is decided first (log
      // in, 403), and only then is an unknown or malformed id a 404.
      if (
        def?.kind === 'page' &&
        def.params?.some((n) => n !== 'office' && uuidOrNull(c.req.param(n)) === null) &&
        table.otherRouteFor(def, c.req.method === 'HEAD' ? 'GET' : c.req.method, c.req.path)
      ) {
        return next();
      }
      if (a.kind === 'office') {
        const office = await findFullOffice(deps.db, c.req.param('office') ?? '');
        if (!office) return errorResponse(c, 404);
        if (!actor) return unauthenticated(c);
        if (!passesOfficeRule(actor, office.id, a)) return errorResponse(c, 403);
        c.set('office', office);
        return next();
      }
      if (!actor) return unauthenticated(c);
      if (a.kind === 'national' && !actor.isNationalAdmin) return errorResponse(c, 403);
      return next();
    };

  /**
   * The route's declared path parameters, resolved in order after its access check (and after the
   * page cache, so a hit costs no query): the office by slug unless the access check set it, then
   * each row within that office. Anything not found is a 404 (a problem document under /api);
   * 'malformed' when an id is not a UUID at all (a page route then leaves the path to the routes
   * after it: …/aktivnosti/statistika is not an :activity).
   */
  const resolve = (def: RouteDef): ((c: Context<AppEnv>) => Promise<Response | 'malformed' | undefined>) | undefined => {
    const names = def.params;
    if (!names?.length) return undefined;
    for (const name of names) {
      if (!def.path.includes(`:${name}`)) throw new Error(`Route ${def.name} declares :${name}, which its path lacks`);
      if (name !== 'office' && !loaders.has(name)) throw new Error(`Route ${def.name}: no resolver declared for :${name}`);
    }
    if (names.some((n) => n !== 'office') && def.access.kind !== 'office' && !names.includes('office')) {
      throw new Error(`Route ${def.name}: a row is resolved within an office, so it needs :office too`);
    }
    const officeToo = def.access.kind !== 'office' && names.includes('office');
    const rows = names.filter((n) => n !== 'office').map((n) => loaders.get(n)!);
    return async (c) => {
      const ids = rows.map((r) => uuidOrNull(c.req.param(r.name)));
      if (ids.includes(null)) return 'malformed';
      if (officeToo) {
        const office = await findFullOffice(deps.db, c.req.param('office') ?? '');
        if (!office) return errorResponse(c, 404);
        c.set('office', office);
      }
      for (const [i, r] of rows.entries()) {
        const row = await r.load(deps.db, c.var.office.id, ids[i]!);
        if (!row) return errorResponse(c, 404);
        setParam(c, r.name, row);
      }
      return undefined;
    };
  };

  const serveCached = (c: Context<AppEnv>, e: Entry, how: 'hit' | 'shared') => {
    c.header('x-cache', how);
    return c.body(e.body, e.status as 200, { 'content-type': 'text/html; charset=UTF-8' });
  };

  /**
   * The page cache of a cacheable route, for anonymous GETs: keyed by path and canonical query
   * (canonicalQuery; the page is then rendered from that very URL, so everything sharing the
   * key renders alike), served from memory when stored; when the same page is being rendered
   * for someone else right now, that render is awaited; otherwise rendered and stored unless a
   * write invalidated one of its tags meanwhile (see page-cache.ts).
   */
  const cached = (def: RouteDef): MiddlewareHandler | undefined => {
    const tagsOf = def.cacheTags;
    if (!tagsOf) return undefined;
    const cache = deps.pageCache;
    let defaults: Record<string, string> | undefined;
    // Query strings seen lately → their canonical form (parsing one costs more than a hit).
    const canonical = new Map<string, string>();
    const mw: MiddlewareHandler<AppEnv> = async (c, next) => {
      if (c.req.method !== 'GET' || c.var.actor || !cache.enabled) return next();
      const url = c.req.url;
      const q = url.indexOf('?');
      const rawSearch = q < 0 ? '' : url.slice(q + 1);
      let search = rawSearch ? canonical.get(rawSearch) : '';
      if (search === undefined) {
        search = canonicalQuery(c.req.query(), def.cacheQuery, (defaults ??= canonicalDefaults(def.cacheQuery)));
        if (canonical.size >= CANONICAL_MEMO) canonical.clear();
        canonical.set(rawSearch, search);
      }
      const key = search ? `${c.req.path}?${search}` : c.req.path;
      const hit = cache.get(key);
      if (hit) return serveCached(c, hit, 'hit');
      const underWay = cache.pending(key);
      if (underWay) {
        const shared = await underWay;
        if (shared) return serveCached(c, shared, 'shared');
      }
      // The handler reads the canonical URL, never the parameters the key left out.
      if (search !== rawSearch) {
        const canonical = new URL(url);
        canonical.search = search;
        c.req.raw = new Request(canonical, { method: 'GET', headers: c.req.raw.headers });
      }
      const flight = cache.begin(key);
      let stored: Entry | undefined;
      try {
        await next();
        const res = c.res;
        // A page that set a cookie of its own (other than the remembered script) is personal.
        const ownCookie = res.headers.getSetCookie().some((h) => !h.startsWith(`${LANG_COOKIE}=`));
        if (res.status === 200 && !ownCookie && (res.headers.get('content-type') ?? '').startsWith('text/html')) {
          // A page that changes by itself at a known time is kept no longer: the route's own bound
          // (cacheUntil: the next midnight, when deadlines pass) or one its handler found (c.var.cacheUntil:
          // the next scheduled post), on the app's clock.
          const until = Math.min(def.cacheUntil?.(c).getTime() ?? Infinity, c.get('cacheUntil')?.getTime() ?? Infinity);
          stored = cache.set(key, new Uint8Array(await res.clone().arrayBuffer()), res.status, tagsOf(c), flight.since, until);
        }
      } finally {
        flight.end(stored);
      }
    };
    return mw;
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
      const rows = resolve(full);
      const resolved: Handler<AppEnv> = rows
        ? async (c, next) => {
            const r = await rows(c);
            if (r === 'malformed') return next();
            return r ?? handler(c, next);
          }
        : handler;
      const cache = cached(full);
      if (cache) app.on(def.method, def.path, access(def.access, full), cache, resolved);
      else app.on(def.method, def.path, access(def.access, full), resolved);
    },
    /** A plain endpoint outside the page and API trees (health checks, static files). */
    system(def: Omit<RouteDef, 'kind' | 'access'>, handler: Handler<AppEnv>) {
      table.add({ ...def, access: { kind: 'public' }, kind: 'system' });
      app.on(def.method, def.path, handler);
    },
    /** A JSON API operation under /api/v1, described in the OpenAPI document. */
    openapi<R extends RouteConfig>(
      name: string,
      accessRule: Access,
      route: R,
      handler: RouteHandler<R, AppEnv>,
      params?: readonly RouteParam[],
    ) {
      const method = route.method.toUpperCase() as Method;
      const def: RouteDef = {
        name,
        method,
        path: `/api/v1${honoPath(route.path)}`,
        access: accessRule,
        kind: 'api',
        ...(params ? { params } : {}),
      };
      table.add(def);
      const rows = resolve(def);
      if (rows) {
        api.on(method, honoPath(route.path), access(accessRule), async (c, next) => {
          const r = await rows(c);
          if (r === 'malformed') return errorResponse(c, 404);
          return r ?? next();
        });
      } else {
        api.on(method, honoPath(route.path), access(accessRule));
      }
      const refusals = coreRefusals({ method, path: route.path, public: accessRule.kind === 'public' });
      api.openapi({ ...route, responses: { ...refusals, ...route.responses } }, handler);
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
