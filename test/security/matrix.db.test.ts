/**
 * Issue #3: every route in the table × every actor gets exactly the decision its declared
 * access rule promises. The routes come from the table, so a new route is covered by itself
 * (a new path parameter needs a fixture in test/actors.ts, or concretePath fails here).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OFFICE_ROLES } from '../../src/core/auth/actor.ts';
import type { RouteDef } from '../../src/core/http/routes.ts';
import { ACTORS, concretePath, createActors, expectedDecision, type ActorName, type Decision } from '../actors.ts';
import { createTestApp, type TestApp, type TestClient } from '../app.ts';
import { leavesSite } from '../forms.ts';

let t: TestApp;
let as: (name: ActorName) => Promise<TestClient>;
before(async () => {
  t = await createTestApp();
  as = await createActors(t);
});
after(() => t.close());

const ACCESS_KINDS = ['public', 'signedIn', 'office', 'national'];

/** What is wrong with the routes' access rules, one line per route (empty when all is well). */
function accessRuleProblems(routes: readonly RouteDef[]): string[] {
  const problems: string[] = [];
  for (const r of routes) {
    // Read as unknown: the type demands a rule, but a cast or a JS caller can still omit it.
    const access = (r as { access?: unknown }).access as { kind?: unknown; roles?: unknown } | undefined;
    if (!access || typeof access !== 'object') problems.push(`${r.name}: no access rule`);
    else if (!ACCESS_KINDS.includes(access.kind as string)) problems.push(`${r.name}: unknown access kind ${String(access.kind)}`);
    else if (access.kind === 'office') {
      const roles = access.roles;
      if (!Array.isArray(roles) || roles.length === 0) problems.push(`${r.name}: office rule without roles`);
      else if (roles.some((role) => !(OFFICE_ROLES as readonly unknown[]).includes(role)))
        problems.push(`${r.name}: unknown role in ${roles.join(',')}`);
      // The office rule reads the office from :office; without it every request would be a 404.
      if (!/:office\b/.test(r.path)) problems.push(`${r.name}: office rule on a path without :office`);
    }
  }
  return problems;
}

/** "METHOD path" of everything the Hono app answers, leaving out middleware mounted on wildcards. */
function servedRoutes(app: TestApp['app']): Set<string> {
  return new Set(app.routes.filter((r) => !(r.method === 'ALL' && r.path.endsWith('*'))).map((r) => `${r.method} ${r.path}`));
}

describe('route table', () => {
  test('every route declares one of the four access rules, well formed', () => {
    assert.ok(t.routes.routes.length > 0);
    assert.deepEqual(accessRuleProblems(t.routes.routes), []);
  });

  test('the access-rule check itself rejects a route without a rule or with an unknown one', () => {
    const base = { method: 'GET', kind: 'page', path: '/:lang{cir|lat|en}/x/:office' } as const;
    const broken = [
      { ...base, name: 'none' },
      { ...base, name: 'typo', access: { kind: 'publc' } },
      { ...base, name: 'noRoles', access: { kind: 'office', roles: [] } },
      { ...base, name: 'badRole', access: { kind: 'office', roles: ['boss'] } },
      { ...base, name: 'noParam', path: '/:lang{cir|lat|en}/x', access: { kind: 'office', roles: ['coordinator'] } },
    ] as unknown as RouteDef[];
    assert.equal(accessRuleProblems(broken).length, broken.length, accessRuleProblems(broken).join('\n'));
  });

  test('the app serves exactly the routes in the table (none registered around it)', () => {
    const declared = new Set(t.routes.routes.map((r) => `${r.method} ${r.path}`));
    const served = servedRoutes(t.app);
    assert.deepEqual(
      {
        servedButNotInTable: [...served].filter((r) => !declared.has(r)),
        inTableButNotServed: [...declared].filter((r) => !served.has(r)),
      },
      { servedButNotInTable: [], inTableButNotServed: [] },
    );
    assert.equal(new Set(t.routes.routes.map((r) => r.name)).size, t.routes.routes.length, 'route names are unique');
  });
});

/**
 * What a response shows, judged by the conventions of the route's kind: one of the three
 * decisions, 'notFound' (never what a rule promises: the fixtures name objects that exist, so
 * a 404 is neither a permission nor the denial the rule asks for), or null when it fits none.
 * A denial is exactly what core's access check answers: a page's 403 is an HTML error page and
 * its log-in is a 303 to the log-in page that leads back to the page asked for; the API's are
 * 401 and 403 problem documents.
 */
function observedDecision(route: RouteDef, path: string, res: Response): Decision | 'notFound' | null {
  const location = res.headers.get('location') ?? '';
  const type = res.headers.get('content-type') ?? '';
  if (res.status >= 500) return null;
  if (res.status === 404) return 'notFound';
  if (route.kind === 'api') {
    if (res.status === 401) return type.startsWith('application/problem+json') ? 'login' : null;
    if (res.status === 403) return type.startsWith('application/problem+json') ? 'forbidden' : null;
    return 'allow';
  }
  if (res.status === 401) return null;
  if (res.status === 403) return type.startsWith('text/html') ? 'forbidden' : null;
  const login = /^\/lat\/nalog\/prijava\?next=([^&]*)$/.exec(location);
  if (res.status === 303 && login) {
    // A page that was asked for is where the log-in leads back to; after a POST, the home page.
    return decodeURIComponent(login[1]!) === (route.method === 'GET' ? path : '/lat/') ? 'login' : null;
  }
  return 'allow';
}

describe('route × role matrix', () => {
  test('the decision check itself takes neither a 404 nor a bare or misdirected status for a denial', () => {
    const page = {
      name: 'p',
      method: 'GET',
      kind: 'page',
      path: '/:lang{cir|lat|en}/x',
      access: { kind: 'signedIn' },
    } as const satisfies RouteDef;
    const api = { ...page, kind: 'api', path: '/api/v1/x' } as const satisfies RouteDef;
    const res = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });
    const html = { 'content-type': 'text/html; charset=UTF-8' };
    const problem = { 'content-type': 'application/problem+json' };
    assert.equal(observedDecision(page, '/lat/x', res(404, html)), 'notFound');
    assert.equal(observedDecision(api, '/api/v1/x', res(404, problem)), 'notFound');
    assert.equal(observedDecision(page, '/lat/x', res(403, html)), 'forbidden');
    assert.equal(observedDecision(page, '/lat/x', res(403, { 'content-type': 'text/plain' })), null);
    assert.equal(observedDecision(api, '/api/v1/x', res(403, problem)), 'forbidden');
    assert.equal(observedDecision(api, '/api/v1/x', res(403, html)), null);
    assert.equal(observedDecision(api, '/api/v1/x', res(401, problem)), 'login');
    assert.equal(observedDecision(page, '/lat/x', res(303, { location: '/lat/nalog/prijava?next=%2Flat%2Fx' })), 'login');
    assert.equal(observedDecision(page, '/lat/x', res(303, { location: '/lat/nalog/prijava?next=%2Flat%2Fy' })), null);
    assert.equal(
      observedDecision({ ...page, method: 'POST' }, '/lat/x', res(303, { location: '/lat/nalog/prijava?next=%2Flat%2F' })),
      'login',
    );
    assert.equal(observedDecision(page, '/lat/x', res(500, html)), null);
  });

  test('every route answers every actor as its access rule says, never with a 5xx, and redirects only to this site', async (ctx) => {
    const wrong: string[] = [];
    let cells = 0;
    for (const route of t.routes.routes) {
      const path = await concretePath(t, route);
      for (const actor of ACTORS) {
        // A fresh browser per cell: a POST such as log-out must not change the next cell's actor.
        const client = await as(actor);
        const res =
          route.method === 'GET'
            ? await client.get(path)
            : route.kind === 'api'
              ? await client.postJson(path, '{}')
              : await client.post(path, {});
        await res.body?.cancel();
        cells++;
        // Every redirect stays on this site (csrf.db.test.ts sends the GETs again with a query naming another).
        const location = res.headers.get('location');
        if (location !== null && leavesSite(location))
          wrong.push(`${route.name} (${route.method} ${path}) × ${actor}: Location ${JSON.stringify(location)}`);
        const expected = expectedDecision(route.access, actor);
        const got = observedDecision(route, path, res);
        // Where the rule allows, the handler runs and may find nothing of this actor's (an
        // association's representative and another association's activity, a person's own
        // certificate, a form posted empty): 404 then. Where the rule denies, only the denial.
        const fits = got === expected || (expected === 'allow' && got === 'notFound');
        if (!fits) {
          const location = res.headers.get('location');
          wrong.push(
            `${route.name} (${route.method} ${path}) × ${actor}: expected ${expected}, got ${res.status}${location ? ` → ${location}` : ''}${got ? ` (${got})` : ''}`,
          );
        }
      }
    }
    assert.equal(cells, t.routes.routes.length * ACTORS.length);
    assert.equal(wrong.length, 0, `${wrong.length} of ${cells} cells wrong:\n${wrong.join('\n')}`);
    ctx.diagnostic(`${t.routes.routes.length} routes × ${ACTORS.length} actors = ${cells} cells`);
  });
});
