/**
 * Issue #3: every state-changing route refuses a request without this browser's CSRF token,
 * redirects never leave the site, and the cookies carry the flags that keep them to it.
 * (The session id changing at log-in is covered in src/features/accounts/accounts.db.test.ts,
 * "… then log-in works with a new session id".)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SESSION_COOKIE } from '../../src/core/auth/sessions.ts';
import { LANG_COOKIE } from '../../src/core/http/app-core.ts';
import { CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, sign } from '../../src/core/http/csrf.ts';
import {
  ACTORS,
  ACTOR_PASSWORD,
  ACTOR_SPECS,
  KNOWN_ACCOUNT,
  allowedActor,
  concretePath,
  createActors,
  expectedDecision,
  type ActorName,
} from '../actors.ts';
import { TEST_ENV, createTestApp, type TestApp, type TestClient } from '../app.ts';
import { variantsHere } from '../db.ts';
import { formsPostingTo, leavesSite, parseForms, plausibleValues, type ParsedForm } from '../forms.ts';
import { BOOKKEEPING_TABLES, changedTables, fingerprint } from '../snapshot.ts';

let t: TestApp;
let as: (name: ActorName) => Promise<TestClient>;
before(async () => {
  t = await createTestApp();
  as = await createActors(t);
});
after(() => t.close());

/** A refused request touches nothing, not even sessions, throttles or account events. */
const everything = () => fingerprint(t.db, { include: BOOKKEEPING_TABLES });

const cookieHeader = (c: TestClient) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

/** A raw request from this browser (its cookies), for bodies the TestClient does not send. */
async function raw(client: TestClient, path: string, contentType: string, body: string): Promise<Response> {
  return t.app.request(`http://kzm.test${path}`, {
    method: 'POST',
    headers: { cookie: cookieHeader(client), 'content-type': contentType },
    body,
  });
}

/** The ways a forged or replayed request arrives without this browser's token. */
const FORGERIES: Array<[string, (c: TestClient, path: string, values: Record<string, string>) => Promise<Response>]> = [
  ['no token', (c, path, values) => c.post(path, values, { csrf: false })],
  ['a wrong token', (c, path, values) => c.post(path, { ...values, [CSRF_FIELD]: 'A'.repeat(c.csrf.length) })],
  [
    'a token copied from another browser',
    (c, path, values) => {
      const other = t.client();
      other.cookies.set(CSRF_COOKIE, 'another-browser-csrf-cookie-0123456789');
      return c.post(path, { ...values, [CSRF_FIELD]: other.csrf });
    },
  ],
  [
    'a wrong token in the header',
    (c, path, values) => c.post(path, values, { csrf: false, headers: { [CSRF_HEADER]: 'A'.repeat(c.csrf.length) } }),
  ],
  ['JSON without the x-csrf-token header', (c, path, values) => raw(c, path, 'application/json', JSON.stringify(values))],
  [
    'a text/plain form (no preflight) without a token',
    (c, path, values) => raw(c, path, 'text/plain', new URLSearchParams(values).toString()),
  ],
  [
    'no CSRF cookie, and the token for an empty one',
    (c, path, values) => {
      c.cookies.delete(CSRF_COOKIE);
      return c.post(path, { ...values, [CSRF_FIELD]: sign(TEST_ENV.SECRET, '') });
    },
  ],
];

/** The pages each victim was shown (nothing changes while the forgeries are refused). */
const pagesSeen = new Map<ActorName, Map<string, ParsedForm[]>>();
const pagesSeenBy = (actor: ActorName) => pagesSeen.get(actor) ?? pagesSeen.set(actor, new Map()).get(actor)!;

describe('CSRF on every state-changing route', () => {
  test('a request without this browser’s token is refused with 403 and changes nothing', async (ctx) => {
    // A route that declares `csrf: 'exempt'` (the RFC 8058 one-click unsubscribe) is tested below instead.
    const writes = t.routes.routes.filter((r) => r.method !== 'GET' && r.csrf !== 'exempt');
    assert.ok(writes.length > 0);
    const wrong: string[] = [];
    let requests = 0;
    // A signed-in victim the route lets in, and for public forms also an anonymous one (log-in CSRF).
    const victimsOf = (route: (typeof writes)[number]): ActorName[] =>
      expectedDecision(route.access, 'anonymous') === 'allow' ? [allowedActor(route.access), 'anonymous'] : [allowedActor(route.access)];
    // Each victim's forms for all their routes at once (the forgeries below are refused and change
    // nothing, so the pages read the same before each route): every page rendered once per victim.
    const byVictim = new Map<ActorName, typeof writes>();
    for (const route of writes) for (const victim of victimsOf(route)) byVictim.set(victim, [...(byVictim.get(victim) ?? []), route]);
    const formsOf = new Map<ActorName, Map<(typeof writes)[number], ParsedForm | undefined>>();
    for (const [victim, routes] of byVictim) formsOf.set(victim, await formsPostingTo(t, await as(victim), routes, pagesSeenBy(victim)));
    for (const [r, route] of writes.entries()) {
      const path = await concretePath(t, route);
      // The check refuses a forgery before any handler runs its SQL, so on PostgreSQL each route
      // gets one forgery, the forgeries in turn (variantsHere): every one still runs there.
      const forgeries = variantsHere(FORGERIES, r);
      for (const victim of victimsOf(route)) {
        // Values that would get past validation: without the check, the request would act.
        const form = formsOf.get(victim)!.get(route);
        const values = form ? plausibleValues(form, KNOWN_ACCOUNT) : {};
        // One browser per forgery (a forgery may drop its cookies), their sessions made before
        // the database is fingerprinted; an unchanged database needs no new fingerprint.
        const clients = await Promise.all(forgeries.map(() => as(victim)));
        let before = await everything();
        for (const [i, [how, forge]] of forgeries.entries()) {
          const res = await forge(clients[i]!, path, values);
          await res.body?.cancel();
          requests++;
          const after = await everything();
          const changed = changedTables(before, after);
          if (res.status !== 403 || changed.length > 0)
            wrong.push(
              `${route.name} as ${victim} with ${how}: ${res.status}${changed.length > 0 ? `, changed ${changed.join(', ')}` : ''}`,
            );
          before = after;
        }
      }
    }
    assert.deepEqual(wrong, []);
    ctx.diagnostic(`${writes.length} write routes, ${FORGERIES.length} forgeries, ${requests} requests`);
  });

  test('only the one-click unsubscribe is exempt, and without its signed key a request changes nothing', async () => {
    const exempt = t.routes.routes.filter((r) => r.csrf === 'exempt');
    assert.deepEqual(
      exempt.map((r) => r.name),
      ['newsletter.unsubscribe'],
    );
    for (const route of exempt) {
      const path = await concretePath(t, route);
      const forged = path.replace(/\.[\w-]{32}$/, `.${'A'.repeat(32)}`);
      assert.notEqual(forged, path);
      const before = await everything();
      const res = await t.app.request(`http://kzm.test${forged}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      assert.equal(res.status, 404);
      assert.deepEqual(changedTables(before, await everything()), []);
    }
  });

  test('the same requests with the token are not refused (so the 403s above come from the check)', async () => {
    const wrong: string[] = [];
    for (const route of t.routes.routes.filter((r) => r.method !== 'GET')) {
      const res = await (await as(allowedActor(route.access))).post(await concretePath(t, route), {});
      await res.body?.cancel();
      if (res.status === 403 || res.status >= 500) wrong.push(`${route.name}: ${res.status}`);
    }
    assert.deepEqual(wrong, []);
  });
});

describe('the token is bound to the session (issue #9)', () => {
  test('a token from before log-in is refused after it; the new cookie’s token without the session is refused too', async () => {
    const c = t.client();
    const form = await (await c.get('/lat/nalog/prijava')).text();
    const before = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
    assert.equal(before, c.csrf, 'the page embeds the token the client computes');
    const oldCookie = c.cookies.get(CSRF_COOKIE);
    const login = await c.post('/lat/nalog/prijava', { email: ACTOR_SPECS.young.email!, password: ACTOR_PASSWORD });
    assert.equal(login.status, 303);
    assert.ok(
      login.headers.getSetCookie().some((line) => line.startsWith(`${CSRF_COOKIE}=`)),
      'log-in sets a new CSRF cookie',
    );
    assert.notEqual(c.cookies.get(CSRF_COOKIE), oldCookie);

    const stale = await c.post('/lat/nalog/odjava', { [CSRF_FIELD]: before });
    assert.equal(stale.status, 403, 'the pre-log-in token');
    const unbound = await c.post('/lat/nalog/odjava', { [CSRF_FIELD]: sign(TEST_ENV.SECRET, c.cookies.get(CSRF_COOKIE)!) });
    assert.equal(unbound.status, 403, 'a token for the CSRF cookie alone');
    assert.equal((await c.get('/lat/nalog')).status, 200, 'still logged in');

    const page = await (await c.get('/lat/nalog')).text();
    const fresh = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    assert.notEqual(fresh, before);
    assert.equal(
      (await c.post('/lat/nalog/odjava', { [CSRF_FIELD]: fresh })).status,
      303,
      'the token of a page rendered after log-in works',
    );
  });
});

describe('redirects stay on this site', () => {
  // The same GET requests without the hostile query are the route × role matrix's cells, which
  // check their Location the same way (matrix.db.test.ts): here only the query naming another site.
  test('no GET route, as any actor, redirects anywhere but a path here when the query names another site', async () => {
    const hostileQuery = '?next=%2F%2Fevil.test%2F&url=https%3A%2F%2Fevil.test%2F&redirect=%2F%2Fevil.test&return_to=%2F%5Cevil.test';
    const wrong: string[] = [];
    let redirects = 0;
    // One session per actor, made once: each request still goes out from a new client (no cookie
    // an earlier answer set), but a new session per request cost half as much as the request.
    const sessions = new Map<ActorName, string | undefined>();
    for (const actor of ACTORS) sessions.set(actor, (await as(actor)).cookies.get(SESSION_COOKIE));
    const fresh = (actor: ActorName) => {
      const c = t.client();
      const session = sessions.get(actor);
      if (session) c.cookies.set(SESSION_COOKIE, session);
      return c;
    };
    for (const route of t.routes.routes.filter((r) => r.method === 'GET')) {
      const path = await concretePath(t, route);
      for (const actor of ACTORS) {
        const url = path + hostileQuery;
        const res = await fresh(actor).get(url);
        await res.body?.cancel();
        if (res.status >= 500) wrong.push(`${route.name} ${url} as ${actor}: ${res.status}`);
        const location = res.headers.get('location');
        if (location === null) continue;
        redirects++;
        if (leavesSite(location)) wrong.push(`${route.name} ${url} as ${actor}: Location ${JSON.stringify(location)}`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.ok(redirects > 0, 'some GET routes redirect (root, log-in for protected pages)');
    // No GET ended a shared session (the requests after it would have gone out signed out).
    for (const actor of ACTORS.filter((a) => sessions.get(a))) {
      const res = await fresh(actor).get('/lat/nalog');
      await res.body?.cancel();
      assert.equal(res.status, 200, `${actor} is still signed in`);
    }
  });

  const HOSTILE_NEXT = [
    'https://evil.test/',
    'http:evil.test',
    '//evil.test/',
    '/\\evil.test/',
    '\\\\evil.test',
    '/\t/evil.test',
    '/\t\\evil.test',
    '\t//evil.test',
    ' //evil.test',
    'javascript:alert(1)',
    '/lat/\r\nSet-Cookie: x=1',
    '/lat/\nLocation: https://evil.test/',
    '/%0d%0aSet-Cookie:x=1',
    '/lat/\u0000x',
    '"><script>alert(1)</script>',
  ];

  test('log-in with a hostile "next" never leads off this site, and the form carries "next" back unchanged', async () => {
    const email = ACTOR_SPECS.young.email!;
    const wrong: string[] = [];
    for (const next of HOSTILE_NEXT) {
      // The form shows next as typed (escaped), so a browser submits exactly the hostile value
      // (unless the request is refused outright, as one with U+0000 is).
      const page = await t.client().get(`/lat/nalog/prijava?next=${encodeURIComponent(next)}`);
      const html = await page.text();
      if (page.status >= 500) wrong.push(`form for ${JSON.stringify(next)}: ${page.status}`);
      const form = parseForms(html).find((f) => f.method === 'post' && f.action === '/lat/nalog/prijava');
      const carried = form?.fields.find((f) => f.name === 'next')?.value;
      if (page.status === 200 && carried !== next) wrong.push(`form for ${JSON.stringify(next)} carries ${JSON.stringify(carried)}`);
      // Many log-ins in a row: the throttle is not what this test is about.
      await t.db.query('DELETE FROM throttle');
      const res = await t.client().post('/lat/nalog/prijava', { email, password: ACTOR_PASSWORD, next });
      await res.body?.cancel();
      // Logged in and sent somewhere here, or refused (4xx, no redirect); never elsewhere, never a 5xx.
      const location = res.headers.get('location');
      if (res.status >= 500 || (res.status < 400 && res.status !== 303) || (location !== null && leavesSite(location))) {
        wrong.push(`next=${JSON.stringify(next)}: ${res.status} Location ${JSON.stringify(location)}`);
      }
    }
    assert.deepEqual(wrong, []);
    // A harmless next is still followed.
    const ok = await t.client().post('/lat/nalog/prijava', { email, password: ACTOR_PASSWORD, next: '/lat/kancelarije?q=pan' });
    assert.equal(ok.headers.get('location'), '/lat/kancelarije?q=pan');
  });
});

/** The attributes of the Set-Cookie line for a cookie, lower-cased (undefined when not set). */
function cookieFlags(res: Response, name: string): string[] | undefined {
  const line = res.headers.getSetCookie().find((l) => l.startsWith(`${name}=`));
  return line
    ?.split(';')
    .slice(1)
    .map((a) => a.trim().toLowerCase());
}

async function logIn(app: TestApp): Promise<Response> {
  return app.client().post('/lat/nalog/prijava', { email: ACTOR_SPECS.young.email!, password: ACTOR_PASSWORD });
}

describe('cookie flags', () => {
  test('the session cookie is HttpOnly and SameSite=Lax, for the whole site', async () => {
    await t.db.query('DELETE FROM throttle');
    const flags = cookieFlags(await logIn(t), SESSION_COOKIE);
    assert.ok(flags, 'log-in sets the session cookie');
    for (const f of ['httponly', 'samesite=lax', 'path=/']) assert.ok(flags.includes(f), `${f} in ${flags.join('; ')}`);
  });

  test('over https the session, CSRF and language cookies are Secure, and every response asks for HSTS', async () => {
    const https = await createTestApp({ env: { BASE_URL: 'https://kzm.test' } });
    try {
      await createActors(https);
      const session = cookieFlags(await logIn(https), SESSION_COOKIE);
      // A browser without a CSRF cookie gets one with the first form; a page URL sets the language.
      const fresh = https.client();
      fresh.cookies.delete(CSRF_COOKIE);
      const formPage = await fresh.get('/lat/nalog/prijava');
      const csrf = cookieFlags(formPage, CSRF_COOKIE);
      const lang = cookieFlags(formPage, LANG_COOKIE);
      for (const [name, flags] of [
        [SESSION_COOKIE, session],
        [CSRF_COOKIE, csrf],
        [LANG_COOKIE, lang],
      ] as const) {
        assert.ok(flags, `${name} is set`);
        assert.ok(flags.includes('secure'), `${name}: ${flags.join('; ')}`);
        assert.ok(flags.includes('samesite=lax'), `${name}: ${flags.join('; ')}`);
      }
      assert.ok(session!.includes('httponly') && csrf!.includes('httponly'), 'session and CSRF cookies are not readable by scripts');

      const missing: string[] = [];
      const check = async (label: string, res: Promise<Response>) => {
        const r = await res;
        await r.body?.cancel();
        if (!/max-age=\d{7,}/.test(r.headers.get('strict-transport-security') ?? '')) missing.push(`${label}: ${r.status}`);
      };
      for (const route of https.routes.routes) {
        const path = await concretePath(https, route);
        await check(
          `${route.method} ${path}`,
          route.method === 'GET' ? https.client().get(path) : https.client().post(path, {}, { csrf: false }),
        );
      }
      await check('unknown page', https.client().get('/lat/nema-me'));
      assert.deepEqual(missing, []);
    } finally {
      await https.close();
    }
  });
});
