import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { routeBodyLimit } from '../../src/core/http/body.ts';
import { CSRF_FIELD } from '../../src/core/http/csrf.ts';
import { LANG_COOKIE } from '../../src/core/http/app-core.ts';
import { UPLOAD_KINDS, uploadMaxMb } from '../../src/core/http/uploads.ts';
import { LOCALES, type Locale } from '../../src/core/i18n/locale.ts';
import { t as msg } from '../../src/core/i18n/messages.ts';
import { concretePath } from '../actors.ts';
import { createTestApp, type TestApp } from '../app.ts';
import { variantsHere } from '../db.ts';
import { checkConsistency } from '../consistency.ts';
import { alteredValues, discoverForms, fileOfSize, nationalAdminClient, parseForms, textOf, type DiscoveredForm } from '../forms.ts';
import { changedTables, fingerprint } from '../snapshot.ts';

/**
 * Issue #9 points 5 and 9, for every route and every form the app has (found from the route
 * table and the rendered pages, so a new feature's forms are covered without an entry here):
 * - a body that cannot be parsed is a 4xx in the reader's script on every route (and on paths
 *   no route answers), never a 500;
 * - every form with a file field posts to a route that declares its upload kind; the form
 *   prints that kind's size; a file between 1 MiB and that size reaches the form's own checks;
 *   a larger one answers 413 with the same form again, the message at the file field and
 *   everything typed kept.
 */
let t: TestApp;
let forms: DiscoveredForm[];
before(async () => {
  t = await createTestApp();
  forms = await discoverForms(t);
});
after(() => t?.close());

const MiB = 1024 * 1024;

/** Bodies that cannot be read as what their type says. */
const MALFORMED: Array<{ name: string; type: string; body: string }> = [
  { name: 'garbage under a boundary', type: 'multipart/form-data; boundary=abc', body: 'garbage' },
  { name: 'no boundary', type: 'multipart/form-data', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n' },
  { name: 'empty boundary', type: 'multipart/form-data; boundary=', body: '--\r\n\r\n' },
  {
    name: 'part never closed',
    type: 'multipart/form-data; boundary=abc',
    body: '--abc\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue',
  },
  { name: 'headers never ended', type: 'multipart/form-data; boundary=abc', body: '--abc\r\nContent-Disposition: form-data; name="a"' },
];

/** Bodies odd enough to be refused or ignored (a 4xx or a success), never a 5xx. */
const ODD: Array<{ name: string; type: string; body: string }> = [
  { name: 'broken percent-encoding', type: 'application/x-www-form-urlencoded', body: 'a=%ZZ&b=%&%E0%A4%A&=&&x' },
  { name: 'malformed JSON', type: 'application/json', body: '{"a":' },
  { name: 'JSON as a form', type: 'application/x-www-form-urlencoded', body: '{"a":1}' },
  { name: 'a form as JSON', type: 'application/json', body: 'a=1&b=2' },
  { name: 'no type at all', type: '', body: 'a=1' },
  // An empty form (busboy reads no parts): refused by CSRF or by the form's checks like any empty form.
  { name: 'only the closing boundary', type: 'multipart/form-data; boundary=abc', body: '--abc--' },
  {
    name: 'a part without a name',
    type: 'multipart/form-data; boundary=abc',
    body: '--abc\r\nContent-Disposition: form-data\r\n\r\nx\r\n--abc--\r\n',
  },
];

/** The answer to a body that could not be read: 400 (413 for one that is too large), in the reader's script. */
async function assertReadableRefusal(res: Response, locale: Locale, where: string): Promise<void> {
  const text = await res.text();
  where = `${where} → ${res.status}`;
  assert.ok(res.status >= 400 && res.status < 500, `${where}\n${text.slice(0, 400)}`);
  const title = msg(locale, 'error.400.title');
  if ((res.headers.get('content-type') ?? '').startsWith('application/problem+json')) {
    const p = JSON.parse(text) as { title?: string; status?: number };
    assert.equal(p.status, res.status, where);
    assert.equal(p.title, title, `${where}: the problem's title in the reader's script`);
    return;
  }
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/, where);
  const h1 = /<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(text);
  assert.equal(h1 && textOf(h1[1]!), title, `${where}: the page's heading in the reader's script`);
}

/**
 * A concrete path for a route in a script: page paths carry it, the rest read the cookie. Made
 * once per route (a body that cannot be read changes nothing, so the objects stay as they were;
 * some fixtures, such as an import's, are costly to make).
 */
const concrete = new Map<Parameters<typeof concretePath>[1], Promise<string>>();
async function pathIn(route: Parameters<typeof concretePath>[1], locale: Locale): Promise<string> {
  if (!concrete.has(route)) concrete.set(route, concretePath(t, route));
  return (await concrete.get(route)!).replace(/^\/(cir|lat|en)(?=\/|$)/, `/${locale}`);
}

async function send(path: string, locale: Locale, type: string, body: string, cookie = ''): Promise<Response> {
  const headers: Record<string, string> = {
    cookie: `${cookie}; ${LANG_COOKIE}=${locale}`,
    'accept-language': locale === 'en' ? 'en' : 'sr',
  };
  if (type) headers['content-type'] = type;
  return t.app.request(`http://kzm.test${path}`, { method: 'POST', headers, body });
}

describe('bodies that cannot be read', () => {
  test('a malformed body is a 4xx in the reader’s script on every POST route and on unknown paths', async () => {
    const admin = await nationalAdminClient(t);
    const adminCookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const targets: Array<{ name: string; path: (l: Locale) => Promise<string> }> = [
      ...t.routes.routes
        .filter((r) => r.method === 'POST')
        .map((r) => ({ name: `${r.name} ${r.path}`, path: (l: Locale) => pathIn(r, l) })),
      { name: 'an unknown page', path: async (l: Locale) => `/${l}/nema-takve-stranice` },
      { name: 'an unknown API path', path: async () => '/api/v1/nema-takve-putanje' },
      { name: 'the site root', path: async () => '/' },
    ];
    assert.ok(targets.length > 20, 'POST routes were found in the route table');
    for (const [n, target] of targets.entries()) {
      // A body is refused before any handler runs its SQL: on PostgreSQL each target gets one of
      // the bodies, in turn (variantsHere), so every body still runs there.
      for (const [i, m] of variantsHere([...MALFORMED.entries()], n)) {
        const locale = LOCALES[i % LOCALES.length]!;
        const path = await target.path(locale);
        // As a visitor and as the national admin with a valid token: the body is judged before either matters.
        for (const cookie of ['', `${adminCookie}`]) {
          const res = await send(path, locale, m.type, m.body, cookie);
          await assertReadableRefusal(res, locale, `${target.name}: ${m.name} (${cookie ? 'admin' : 'visitor'}, ${locale})`);
        }
      }
      for (const o of ODD) {
        const path = await target.path('lat');
        const res = await send(path, 'lat', o.type, o.body, `${adminCookie}`);
        const text = await res.text();
        assert.ok(res.status < 500, `${target.name}: ${o.name} → ${res.status}\n${text.slice(0, 400)}`);
      }
    }
    await checkConsistency(t.db);
  });

  test('a malformed body with a valid CSRF token in the form changes nothing', async () => {
    const admin = await nationalAdminClient(t);
    const before = await fingerprint(t.db);
    for (const form of forms) {
      const body = `--abc\r\nContent-Disposition: form-data; name="${CSRF_FIELD}"\r\n\r\n${admin.csrf}\r\n--abc\r\nContent-Disposition: form-data; name="x"\r\n\r\nunfinished`;
      const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      await assertReadableRefusal(await send(form.action, 'lat', 'multipart/form-data; boundary=abc', body, cookie), 'lat', form.action);
    }
    assert.deepEqual(changedTables(before, await fingerprint(t.db)), []);
  });
});

describe('uploads up to the size each form promises', () => {
  const fileForms = () => forms.filter((f) => f.files.length > 0);

  test('every form with a file field posts to a route with an upload kind, and prints that kind’s size', () => {
    assert.ok(fileForms().length >= 3, 'file forms were discovered');
    for (const form of fileForms()) {
      const kind = form.route.upload;
      assert.ok(kind, `${form.route.name}: a route whose form takes a file declares upload: <kind> (core/http/uploads.ts)`);
      const mb = uploadMaxMb(kind);
      assert.ok(
        new RegExp(`\\b${String(mb).replace('.', '\\.')}(\\s|&nbsp;|\u00a0)MB\\b`).test(form.html),
        `${form.route.name}: the form says "${mb} MB"\n${form.html.slice(0, 600)}`,
      );
      assert.ok(
        routeBodyLimit(t.deps.config, kind) > UPLOAD_KINDS[kind].maxBytes,
        `${form.route.name}: the body limit leaves room for the fields`,
      );
    }
  });

  /** The form's own values (free texts changed, as someone typing would) and one file per file field. */
  const bodyOf = async (form: DiscoveredForm, size: number) => {
    const fields: Record<string, string | File> = alteredValues(form);
    for (const f of form.files) {
      const file = await fileOfSize(f, size);
      assert.ok(file, `${form.route.name}: plausibleFile knows a file for accept="${f.accept}"`);
      fields[f.name] = file;
    }
    return fields;
  };

  test('a file between 1 MiB and the promised size reaches the form’s own checks', async () => {
    for (const form of fileForms()) {
      const max = UPLOAD_KINDS[form.route.upload!].maxBytes;
      for (const size of [Math.round(1.9 * MiB), max]) {
        const client = await nationalAdminClient(t);
        const res = await client.postMultipart(form.action, await bodyOf(form, size));
        const html = await res.text();
        const where = `${form.route.name} with a ${size}-byte file → ${res.status}`;
        assert.ok(res.status !== 413 && res.status < 500, `${where}\n${html.slice(0, 600)}`);
        assert.ok(
          !html.includes(msg('lat', 'err.fileTooLarge', { maxMb: uploadMaxMb(form.route.upload!) })),
          `${where}: refused as too large`,
        );
      }
    }
    await checkConsistency(t.db);
  });

  test('a larger file answers 413 with the form again: the message at the file field, what was typed kept, nothing stored', async () => {
    // One browser for every refused upload (a refusal cannot sign it out), made before the
    // database is fingerprinted: a fingerprint of a database nothing wrote to is not taken again.
    const client = await nationalAdminClient(t);
    for (const form of fileForms()) {
      const kind = form.route.upload!;
      const max = UPLOAD_KINDS[kind].maxBytes;
      // Just over the file's size, and over the route's whole body limit.
      for (const size of [max + 1, routeBodyLimit(t.deps.config, kind) + MiB]) {
        const before = await fingerprint(t.db);
        const sent = await bodyOf(form, size);
        const res = await client.postMultipart(form.action, sent);
        const html = await res.text();
        const where = `${form.route.name} with a ${size}-byte file → ${res.status}`;
        assert.equal(res.status, 413, `${where}\n${html.slice(0, 600)}`);
        assert.ok(
          html.includes(msg('lat', 'err.fileTooLarge', { maxMb: uploadMaxMb(kind) })),
          `${where}: the message says how large a file may be`,
        );
        const main = /<main\b[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? '';
        const again = parseForms(main).find((f) => f.method === 'post' && f.action === form.action);
        assert.ok(again, `${where}: the form is shown again`);
        assert.ok(again.files.length > 0, `${where}: with its file field`);
        for (const f of again.fields.filter((x) => x.type === 'text' || x.type === 'textarea')) {
          if (typeof sent[f.name] === 'string') assert.equal(f.value, sent[f.name], `${where}: "${f.name}" kept as typed`);
        }
        assert.deepEqual(changedTables(before, await fingerprint(t.db)), [], `${where}: nothing stored`);
      }
    }
  });

  test('a visitor without a session gets the ordinary limit on a route that takes a file (no megabytes read for nothing)', async () => {
    for (const form of fileForms().filter((f) => f.route.access.kind !== 'public')) {
      const res = await t.client().postMultipart(form.action, await bodyOf(form, Math.round(1.9 * MiB)));
      assert.equal(res.status, 413, form.route.name);
      await res.body?.cancel();
    }
  });
});
