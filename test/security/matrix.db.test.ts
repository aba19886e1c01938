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
      else if (roles.some((role) => !(OFFICE_ROLES as readonly unknown[]).includes(role))) problems.push(`${r.name}: unknown role in ${roles.join(',')}`);
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
      { servedButNotInTable: [...served].filter((r) => !declared.has(r)), inTableButNotServed: [...declared].filter((r) => !served.has(r)) },
      { servedButNotInTable: [], inTableButNotServed: [] },
    );
    assert.equal(new Set(t.routes.routes.map((r) => r.name)).size, t.routes.routes.length, 'route names are unique');
  });
});

/** The decision a response shows, judged by the conventions of the route's kind; null when it fits none. */
function observedDecision(route: RouteDef, path: string, res: Response): Decision | null {
  const location = res.headers.get('location') ?? '';
  const type = res.headers.get('content-type') ?? '';
  if (res.status >= 500) return null;
  if (route.kind === 'api') {
    if (res.status === 401) return type.startsWith('application/problem+json') ? 'login' : null;
    if (res.status === 403) return type.startsWith('application/problem+json') ? 'forbidden' : null;
    return 'allow';
  }
  if (res.status === 401) return null;
  if (res.status === 403) return 'forbidden';
  const login = /^\/lat\/nalog\/prijava\?next=([^&]*)$/.exec(location);
  if (res.status === 303 && login) {
    // A page that was asked for is where the log-in leads back to.
    return route.method !== 'GET' || decodeURIComponent(login[1]!) === path ? 'login' : null;
  }
  return 'allow';
}

describe('route × role matrix', () => {
  test('every route answers every actor as its access rule says, never with a 5xx', async (ctx) => {
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
        const expected = expectedDecision(route.access, actor);
        const got = observedDecision(route, path, res);
        if (got !== expected) {
          const location = res.headers.get('location');
          wrong.push(`${route.name} (${route.method} ${path}) × ${actor}: expected ${expected}, got ${res.status}${location ? ` → ${location}` : ''}${got ? ` (${got})` : ''}`);
        }
      }
    }
    assert.equal(cells, t.routes.routes.length * ACTORS.length);
    assert.equal(wrong.length, 0, `${wrong.length} of ${cells} cells wrong:\n${wrong.join('\n')}`);
    ctx.diagnostic(`${t.routes.routes.length} routes × ${ACTORS.length} actors = ${cells} cells`);
  });
});
