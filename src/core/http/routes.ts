import type { Context, Handler, MiddlewareHandler } from 'hono';
import { hasOfficeRole, type Actor, type OfficeRole } from '../auth/actor.ts';
import type { AppEnv } from './env.ts';
import type { RouteParam } from './params.ts';
import type { UploadKind } from './uploads.ts';

/**
 * Who may use a route. Lives next to each route's definition; the access middleware derived
 * from it is the only gate, and tests enumerate the table to check every route × role.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  /**
   * A role in the office named by the route's :office parameter. The national admin holds no
   * office role and passes only where `national: 'aggregates'` says the route shows no young
   * person's data (the office's profile, suppressed statistics): the one place that decides
   * what the national admin sees of an office (issue #17, enumerated by
   * test/security/national-privacy.db.test.ts).
   */
  | { kind: 'office'; roles: readonly OfficeRole[]; national?: 'aggregates' }
  | { kind: 'national' };

export const PUBLIC: Access = { kind: 'public' };
export const SIGNED_IN: Access = { kind: 'signedIn' };
export const NATIONAL: Access = { kind: 'national' };
export const officeRoles = (...roles: OfficeRole[]): Access => ({ kind: 'office', roles });
export const STAFF = officeRoles('coordinator', 'office_admin');
/** An office rule the national admin passes too: the route shows no person's data (aggregates, the profile). */
export const withNational = (a: Access): Access => {
  if (a.kind !== 'office') throw new Error('withNational: only an office rule names the national admin');
  return { ...a, national: 'aggregates' };
};
/** Whether the actor passes a route's office rule in that office. */
export const passesOfficeRule = (actor: Actor, officeId: string, a: Extract<Access, { kind: 'office' }>): boolean =>
  hasOfficeRole(actor, officeId, a.roles) || (a.national === 'aggregates' && actor.isNationalAdmin);

export type Method = 'GET' | 'POST';

export interface RouteDef {
  /** Stable name, e.g. 'offices.show'. */
  name: string;
  method: Method;
  /** Hono path; pages start with /:lang. */
  path: string;
  access: Access;
  kind: 'page' | 'api' | 'system';
  /**
   * Anonymous GET pages that may be served from the rendered-page cache; the tags name the
   * writes that invalidate them (see page-cache.ts).
   */
  cacheTags?: (c: Context<AppEnv>) => string[];
  /**
   * For a cached page that reads its query string: the parameters it knows, canonical (usually
   * its zod query schema's parse). The cache key — and the URL the page is rendered from —
   * keeps only these (plus a known ?n= notice), values trimmed, in sorted order, so variants
   * of one page share one entry. Without it, a cached page sees no query string but ?n=.
   */
  cacheQuery?: (query: Record<string, string>) => Record<string, string | number | boolean | null | undefined>;
  /**
   * For a cached page that changes by the clock alone (a deadline passes, "closes in N days"
   * counts down): the instant it goes stale, asked after the render. Its entry then expires at
   * that instant if it comes before the cache's own time limit.
   */
  cacheUntil?: (c: Context<AppEnv>) => Date;
  /**
   * The kind of file the route's form takes (uploads.ts): its body may then be that kind's size
   * more than the ordinary form limit (core/http/body.ts), and its form prints that size.
   */
  upload?: UploadKind;
  /**
   * Path parameters core resolves before the handler (core/http/params.ts): 'office' (by slug,
   * an office that uses KZM; office routes always have it) and each declared row, loaded within
   * that office — `c.var.activity`. An unknown, malformed or other office's id answers 404.
   */
  params?: readonly RouteParam[];
  /**
   * 'exempt': a POST that must work without a cookie or a CSRF token, because a mail client sends
   * it (RFC 8058 one-click unsubscribe). Such a route's path carries the credential (a signed
   * token), so a forged request can do nothing the holder of the link could not; the CSRF test
   * checks that only the routes declaring it skip the check.
   */
  csrf?: 'exempt';
}

export interface PageRoute extends RouteDef {
  handler: Handler<AppEnv>;
}

/** A Hono route path as an anchored regex: ':lang{cir|lat|en}' → (?:cir|lat|en), ':office' → [^/]+. */
export function routePattern(path: string): RegExp {
  let re = '';
  for (const part of path.split(/(:[A-Za-z_]+(?:\{[^}]*\})?)/)) {
    if (part.startsWith(':')) {
      const custom = /\{([^}]*)\}$/.exec(part);
      re += custom ? `(?:${custom[1]})` : '[^/]+';
    } else {
      re += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

/** Collects every route the app serves, for registration and for tests that walk them all. */
export class RouteTable {
  readonly routes: RouteDef[] = [];
  private readonly uploads: Array<{ pattern: RegExp; def: RouteDef }> = [];
  private readonly csrfExempt: Array<{ pattern: RegExp; def: RouteDef }> = [];

  add(def: RouteDef): void {
    const dup = this.routes.find((r) => r.name === def.name || (r.method === def.method && r.path === def.path));
    if (dup) throw new Error(`Route defined twice: ${def.name} ${def.method} ${def.path}`);
    this.routes.push(def);
    if (def.upload) this.uploads.push({ pattern: routePattern(def.path), def });
    if (def.csrf === 'exempt') {
      if (def.method === 'GET') throw new Error(`Route ${def.name}: only a POST can be exempt from CSRF`);
      this.csrfExempt.push({ pattern: routePattern(def.path), def });
    }
  }

  /** Whether this request is for a route that declares `csrf: 'exempt'`. */
  csrfExemptFor(method: string, path: string): boolean {
    return this.csrfExempt.some((u) => u.def.method === method && u.pattern.test(path));
  }

  /**
   * Whether a route other than `def` answers this request's method and path: a page whose row id
   * is no id at all (…/mladi/statistika for /mladi/:person) is then that other route's, and
   * `def`'s access rule steps aside for it.
   */
  otherRouteFor(def: RouteDef, method: string, path: string): boolean {
    return this.routes.some((r) => r !== def && r.method === method && this.patternOf(r).test(path));
  }

  private readonly patterns = new WeakMap<RouteDef, RegExp>();
  private patternOf(def: RouteDef): RegExp {
    let p = this.patterns.get(def);
    if (!p) this.patterns.set(def, (p = routePattern(def.path)));
    return p;
  }

  /** The route that answers this request when it is one that takes a file (RouteDef.upload). */
  uploadRouteFor(method: string, path: string): RouteDef | undefined {
    return this.uploads.find((u) => u.def.method === method && u.pattern.test(path))?.def;
  }
}

export type { MiddlewareHandler };
