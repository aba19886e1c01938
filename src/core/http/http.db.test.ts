import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

describe('security headers', () => {
  test('every kind of response carries CSP, nosniff, referrer policy and frame-ancestors', async () => {
    for (const path of ['/lat/', '/lat/kancelarije/pancevo', '/api/v1/offices', '/lat/nema-toga', '/healthz']) {
      const res = await t.client().get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/, path);
      assert.match(csp, /script-src 'self'(;|$)/, `${path}: no inline scripts allowed`);
      assert.doesNotMatch(csp, /unsafe-inline/, path);
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', path);
    }
  });
});

describe('CSRF', () => {
  test('a form POST without a token or with a wrong one is refused and changes nothing', async () => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM users');
    const fields = {
      display_name: 'Ana Probna',
      email: 'csrf@primer.test',
      password: 'dugacka-lozinka',
      birth_date: '2000-01-01',
      consent: 'on',
    };
    const none = await t.client().post('/lat/nalog/registracija', fields, { csrf: false });
    assert.equal(none.status, 403);
    assert.match(await none.text(), /Obrazac je istekao/);
    const wrong = await t.client().post('/lat/nalog/registracija', { ...fields, _csrf: 'forged' });
    assert.equal(wrong.status, 403);
    const json = await t.client().postJson('/api/v1/offices', '{}', { 'x-csrf-token': 'forged' });
    assert.equal(json.status, 403);
    assert.match(json.headers.get('content-type') ?? '', /problem\+json/);
    assert.deepEqual(await t.db.query('SELECT count(*)::int AS n FROM users'), before);
  });
});

describe('bad input', () => {
  test("an oversized body gets 413 in the reader's script", async () => {
    const res = await t.client().post('/cir/nalog/prijava', { email: 'a@b.rs', password: 'x'.repeat(1_100_000) });
    assert.equal(res.status, 413);
    assert.match(await res.text(), /Послато је превише података/);
  });

  test('malformed JSON to the API gets a 400 problem document', async () => {
    const res = await t.client().postJson('/api/v1/offices', '{"name": ');
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    const body = (await res.json()) as { status: number; title: string };
    assert.equal(body.status, 400);
    assert.ok(body.title.length > 0);
  });

  test('invalid API query values get a 400 problem listing the field', async () => {
    const res = await t.client().get('/api/v1/offices?region=mars', { 'accept-language': 'en' });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { errors: Array<{ path: string; message: string }> };
    assert.equal(body.errors[0]?.path, 'region');
  });

  test('unknown pages answer the 404 page in the script of the URL, never a stack trace', async () => {
    const cir = await t.client().get('/cir/kancelarije/ne-postoji');
    assert.equal(cir.status, 404);
    const html = await cir.text();
    assert.match(html, /Страница није пронађена/);
    assert.match(html, /<html lang="sr-Cyrl">/);
    const lat = await t.client().get('/lat/nesto/sasvim/drugo');
    assert.equal(lat.status, 404);
    assert.match(await lat.text(), /Stranica nije pronađena/);
    const api = await t.client().get('/api/v1/offices/ne-postoji');
    assert.equal(api.status, 404);
    assert.match(api.headers.get('content-type') ?? '', /problem\+json/);
  });

  test('an error inside a handler answers the friendly 500 page without details', async () => {
    const c = await t.clientAs('pancevo@primer.test');
    // Break the database under the app for one request: the handler throws.
    await t.db.exec('ALTER TABLE office_members RENAME TO office_members_gone');
    try {
      const res = await c.get('/lat/nalog');
      assert.equal(res.status, 500);
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/, 'error pages keep the security headers');
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const html = await res.text();
      assert.match(html, /Nešto nije u redu/);
      assert.doesNotMatch(html, /office_members|at \w+ \(|Error:/);
    } finally {
      await t.db.exec('ALTER TABLE office_members_gone RENAME TO office_members');
    }
  });
});

describe('route table', () => {
  test('every route declares who may use it, and names are unique', () => {
    const names = new Set<string>();
    assert.ok(t.routes.routes.length >= 20);
    for (const r of t.routes.routes) {
      assert.ok(['public', 'signedIn', 'office', 'national'].includes(r.access.kind), r.name);
      assert.ok(!names.has(r.name), `duplicate ${r.name}`);
      names.add(r.name);
    }
  });

  test('anonymous visitors are sent to log in (pages) or get 401 (API) on every non-public route', async () => {
    for (const r of t.routes.routes.filter((x) => x.access.kind !== 'public')) {
      const path = r.path.replace(':lang{cir|lat|en}', 'lat').replace(':office', 'pancevo');
      const res = r.method === 'GET' ? await t.client().get(path) : await t.client().post(path, {});
      if (r.kind === 'api') assert.equal(res.status, 401, `${r.name}`);
      else {
        assert.equal(res.status, 303, `${r.name} ${path}`);
        assert.match(res.headers.get('location') ?? '', /^\/lat\/nalog\/prijava\?next=/, r.name);
      }
    }
  });

  test('a young person gets 403 on office and national routes', async () => {
    const c = await t.clientAs('mladi@primer.test');
    for (const r of t.routes.routes.filter((x) => x.access.kind === 'office' || x.access.kind === 'national')) {
      const path = r.path.replace(':lang{cir|lat|en}', 'lat').replace(':office', 'pancevo');
      const res = r.method === 'GET' ? await c.get(path) : await c.post(path, {});
      assert.equal(res.status, 403, `${r.name}`);
    }
  });
});

describe('health', () => {
  test('/healthz and /readyz answer', async () => {
    assert.equal((await t.client().get('/healthz')).status, 200);
    const ready = await t.client().get('/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready' });
  });

  test('the OpenAPI 3.1 document describes the offices endpoints', async () => {
    const doc = (await (await t.client().get('/api/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/offices']);
    assert.ok(doc.paths['/offices/{slug}']);
  });

  test('every response carries a request id', async () => {
    const res = await t.client().get('/lat/');
    assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });
});

describe('caching', () => {
  test('personal pages are never stored; anonymous public pages come from the page cache', async () => {
    const c = await t.clientAs('mladi@primer.test');
    assert.equal((await c.get('/lat/nalog')).headers.get('cache-control'), 'private, no-store');
    await (await t.client().get('/lat/kancelarije')).text(); // an anonymous visit fills the cache
    assert.equal((await t.client().get('/lat/kancelarije')).headers.get('x-cache'), 'hit');
    const personal = await c.get('/lat/kancelarije');
    assert.equal(personal.headers.get('x-cache'), null, 'signed-in pages bypass the cache');
    assert.match(await personal.text(), /Odjava/, 'and show the signed-in header');
    const anon = t.client();
    await anon.get('/en/kancelarije/opovo');
    const second = await anon.get('/en/kancelarije/opovo');
    assert.equal(second.headers.get('x-cache'), 'hit');
    assert.equal(second.headers.get('cache-control'), 'no-cache');
    assert.match(await second.text(), /Opovo/);
  });
});
