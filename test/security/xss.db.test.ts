import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LOCALES } from '../../src/core/i18n/locale.ts';
import { OFFICE_A, PARAM_FIXTURES } from '../actors.ts';
import { createTestApp, type TestApp, type TestClient } from '../app.ts';
import { variantsHere } from '../db.ts';
import {
  attributeNames,
  clientFor,
  defaultValue,
  discoverAllForms,
  nationalAdminClient,
  pagePaths,
  submit,
  submitRepairing,
  type DiscoveredForm,
  type FormField,
} from '../forms.ts';

/**
 * Issue #3, stored and reflected XSS: a script payload typed into every field of every form
 * the app renders (discovered, see test/forms.ts) must never come back as markup — not in the
 * answer to the submission, not on any page in any script for anyone, not in the API, not in
 * an HTML mail. It must come back escaped somewhere, so the test cannot pass vacuously.
 */
const PAYLOAD = `<script>alert("kzm-xss")</script><img src=x onerror=alert(1)>"'><svg onload=alert(1)>`;
/** Shorter payloads for fields with a maxlength, longest first. */
const VARIANTS = [PAYLOAD, `<img src=x onerror=alert(1)>"'>`, `"'><svg onload=1>`, `<s>"'&`];
const payloadFor = (f: FormField) => VARIANTS.find((v) => f.maxLength === undefined || v.length <= f.maxLength) ?? VARIANTS.at(-1)!;

/** The payload as markup. Case-insensitive: Cyrillic pages transliterate content, not tags. */
const RAW_MARKERS = [/<script>alert\(/i, /<img src=x onerror/i, /<svg onload/i, /<s>"'&/i];
/** Escaped as hono escapes text and attribute values (checked on Latin pages, where content stays as typed). */
const ESCAPED = '&lt;script&gt;alert(&quot;kzm-xss&quot;)&lt;/script&gt;';

/** Why this HTML shows injected markup, or undefined when it does not. */
function injected(html: string): string | undefined {
  for (const m of RAW_MARKERS) {
    const hit = m.exec(html);
    if (hit) return `raw ${JSON.stringify(hit[0])} near ${JSON.stringify(html.slice(Math.max(0, hit.index - 80), hit.index + 80))}`;
  }
  // A transliterated payload would start a "tag" with a Cyrillic letter; real markup never does.
  const cyr = /<[\u0400-\u04FF]/.exec(html);
  if (cyr) return `raw "<" before a Cyrillic letter near ${JSON.stringify(html.slice(Math.max(0, cyr.index - 80), cyr.index + 80))}`;
  // Our markup carries no inline event handlers (the CSP would block them anyway): any is injected.
  for (const tag of html.matchAll(/<[a-z][a-z0-9-]*\b([^>]*)>/gi)) {
    if (attributeNames(tag[1]!).some((name) => name.startsWith('on')))
      return `event-handler attribute in ${JSON.stringify(tag[0].slice(0, 160))}`;
  }
  return undefined;
}

let t: TestApp;
let forms: DiscoveredForm[];
let getForms: DiscoveredForm[];
/** Every HTML answer seen: where, and whether it shows the payload escaped (the pages themselves are not kept). */
const seen: Array<{ where: string; escaped: boolean }> = [];
/** What record() found, asserted empty at the end of each test (so one finding does not hide the rest). */
let findings: string[] = [];
const assertNoFindings = () => {
  const found = findings;
  findings = [];
  assert.deepEqual(found, [], `markup injected:\n${found.join('\n')}`);
};

before(async () => {
  t = await createTestApp();
  ({ post: forms, get: getForms } = await discoverAllForms(t));
});
after(() => t?.close());

async function record(where: string, res: Response): Promise<string> {
  const type = res.headers.get('content-type') ?? '';
  const body = await res.text();
  if (type.startsWith('text/html')) {
    seen.push({ where, escaped: body.includes(ESCAPED) });
    const why = injected(body);
    if (why) findings.push(`${where} → ${res.status}: ${why}`);
  }
  return body;
}

const TEXT_TYPES = new Set(['text', 'textarea', 'search']);

/** An office-A admin: the person who sees that office's admin pages as its own. */
async function officeAdminA(): Promise<TestClient> {
  const rows = await t.db.query<{ email: string }>(
    `SELECT u.email FROM users u JOIN office_members m ON m.user_id = u.id JOIN offices o ON o.id = m.office_id
      WHERE o.slug = $1 AND m.role = 'office_admin' ORDER BY u.email LIMIT 1`,
    [OFFICE_A],
  );
  assert.ok(rows[0], `no office admin of ${OFFICE_A}`);
  return t.clientAs(rows[0].email);
}

describe('stored and reflected XSS', () => {
  const outcomes: string[] = [];

  test('the payload typed into every field of every form is answered escaped', async (ctx) => {
    let rerendered = 0;
    for (const form of [...forms, ...getForms]) {
      if (form.fields.length === 0) continue;
      const label = `${form.method.toUpperCase()} ${form.action}`;
      // 1. Text fields carry the payload, everything else stays valid: meant to be accepted and stored.
      if (form.fields.some((f) => TEXT_TYPES.has(f.type))) {
        // A fresh address, so a sign-up creates the account (with the payload as its name) instead of mailing an existing one.
        const valid = (f: FormField) => (f.type === 'email' && f.value === '' ? `xss.${form.route.name}@primer.test` : defaultValue(f));
        const pairs = form.fields.map((f): [string, string] => [f.name, TEXT_TYPES.has(f.type) ? payloadFor(f) : valid(f)]);
        const last = await submitRepairing(t, form, pairs, async (res, sent) => void (await record(`${label} ${sent.length} fields`, res)));
        const kept = last.pairs.filter(([, v]) => VARIANTS.includes(v)).map(([k]) => k);
        outcomes.push(`${form.route.name}: ${last.status} with the payload in ${kept.join(', ') || 'no field'}`);
      }
      // 2. Every field, whatever its type, carries it: mostly rejected, and shown again escaped.
      const res = await submit(
        t,
        await clientFor(t, form.actor),
        form.method,
        form.action,
        form.fields.map((f) => [f.name, payloadFor(f)]),
      );
      const html = await record(`${label} (payload everywhere)`, res);
      if (html.includes(ESCAPED) || html.includes('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&gt;')) rerendered++;
      outcomes.push(`${form.route.name}, payload in every field: ${res.status}`);
    }
    ctx.diagnostic(outcomes.join('; '));
    assertNoFindings();
    assert.ok(rerendered > 0, 'no rejected form showed the submitted payload again (escaped): the check would be vacuous');
    assert.ok(
      outcomes.some((o) => /: (2|3)\d\d with the payload in \w/.test(o)),
      `no form stored the payload:\n${outcomes.join('\n')}`,
    );
  });

  test('no page shows it as markup, in any script, to a visitor, the national admin or an office admin', async () => {
    const actors: Array<[string, TestClient]> = [
      ['visitor', t.client()],
      ['national admin', await nationalAdminClient(t)],
      [`${OFFICE_A} admin`, await officeAdminA()],
    ];
    // Reflected too: every query key the forms use, carrying the payload.
    const keys = [...new Set([...forms, ...getForms].flatMap((f) => f.fields.map((x) => x.name)))];
    const reflect = new URLSearchParams(keys.map((k) => [k, PAYLOAD])).toString();
    // Each page in every script (one script in turn on PostgreSQL: variantsHere); a path without
    // a script (a feed, a file) once.
    const paths = new Set(
      (await pagePaths(t)).flatMap(({ path }, i) => variantsHere(LOCALES, i).map((l) => path.replace(/^\/lat(?=\/|$)/, `/${l}`))),
    );
    let pages = 0;
    for (const p of paths) {
      for (const [who, client] of actors) {
        for (const url of [p, `${p}?${reflect}`]) {
          await record(`GET ${url.slice(0, 120)} as ${who}`, await client.get(url));
          pages++;
        }
      }
    }
    assert.ok(pages > 0);
    assertNoFindings();
    const escaped = seen.filter((s) => s.escaped && /^GET \/lat\//.test(s.where) && !s.where.includes('?'));
    assert.ok(escaped.length > 0, 'the stored payload is shown escaped on no Latin page: nothing was stored, the check would be vacuous');
  });

  test('the API carries it only inside JSON strings, never sniffable as HTML', async () => {
    const doc = (await (await t.client().get('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; schema?: { enum?: string[] } }> }>>;
    };
    const fixtures = new Map<string, string>();
    for (const name of Object.keys(PARAM_FIXTURES)) fixtures.set(name, await PARAM_FIXTURES[name]!(t));
    let carried = 0;
    const admin = await nationalAdminClient(t);
    for (const [path, item] of Object.entries(doc.paths)) {
      const op = item.get;
      if (!op) continue;
      const base = `/api/v1${path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(fixtures.get(n) ?? OFFICE_A))}`;
      // Plain, and with each value of each enumerated query parameter (e.g. ?script=cir|lat|orig).
      const urls = [
        base,
        ...(op.parameters ?? [])
          .filter((p) => p.in === 'query')
          .flatMap((p) => (p.schema?.enum ?? []).map((v) => `${base}?${p.name}=${v}`)),
      ];
      for (const url of urls) {
        // As the national admin, who may read every operation (staff-only ones included).
        const res = await admin.get(url);
        assert.equal(res.status, 200, url);
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/, url);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff', url);
        const strings: string[] = [];
        JSON.parse(await res.text(), (_k, v: unknown) => (typeof v === 'string' && strings.push(v), v));
        if (strings.some((s) => s.includes(PAYLOAD))) carried++;
      }
    }
    assert.ok(carried > 0, 'no API answer carries the stored payload: the check would be vacuous');
  });

  test('mails: no HTML body carries it as markup; plain-text bodies are shown escaped in the mailbox', async (ctx) => {
    const mails = await t.db.query<{ id: number; body_text: string; body_html: string | null }>(
      'SELECT id, body_text, body_html FROM outbox',
    );
    for (const m of mails) {
      if (m.body_html !== null) assert.equal(injected(m.body_html), undefined, `mail ${m.id}: ${injected(m.body_html)}`);
    }
    // The sign-up's display name goes into the greeting: the development mailbox page shows it.
    const withPayload = mails.filter((m) => m.body_text.includes(PAYLOAD) || VARIANTS.some((v) => m.body_text.includes(v)));
    ctx.diagnostic(
      `${mails.length} mails, ${mails.filter((m) => m.body_html !== null).length} with an HTML body, ${withPayload.length} carrying the payload as plain text`,
    );
    if (withPayload.length > 0) {
      const html = await record('GET /lat/admin/posta', await (await nationalAdminClient(t)).get('/lat/admin/posta'));
      assert.ok(
        html.includes('&lt;script&gt;alert(') || html.includes('&lt;img src=x onerror'),
        'mailbox does not show the mailed payload escaped',
      );
    }
    assertNoFindings();
  });
});
