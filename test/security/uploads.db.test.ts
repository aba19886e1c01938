import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../app.ts';
import { clientFor, discoverForms, nationalAdminClient, pagePaths, parseAttributes, type DiscoveredForm } from '../forms.ts';
import { snapshot } from '../snapshot.ts';

/**
 * Uploads are checked by content and size (src/core/http/uploads.ts). This file finds every
 * file field on every page by itself and attacks it; and it sends files to every form, which
 * must never break a handler that does not expect one.
 */
let t: TestApp;
let forms: DiscoveredForm[];
before(async () => {
  t = await createTestApp({ env: { BODY_LIMIT_BYTES: '2000000' } });
  forms = await discoverForms(t);
});
after(() => t.close());

const HTML_AS_PNG = new File(['<html><script>alert("kzm-upload")</script></html>'], 'slika.png', { type: 'image/png' });
/** HTML behind a PNG's first eight bytes: the signature alone does not make an image. */
const HTML_BEHIND_PNG_SIGNATURE = new File(
  [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), '<html><script>alert("kzm-upload")</script></html>'],
  'slika.png',
  { type: 'image/png' },
);

/** File inputs in the app's pages: [action, field name, accept]. */
async function fileFields(): Promise<Array<{ action: string; name: string; accept: string }>> {
  const admin = await nationalAdminClient(t);
  const found = new Map<string, { action: string; name: string; accept: string }>();
  for (const { path } of await pagePaths(t)) {
    const html = await (await admin.get(path)).text();
    for (const fm of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form\s*>/gi)) {
      const form = parseAttributes(fm[1]!);
      for (const input of fm[2]!.matchAll(/<input\b([^>]*)>/gi)) {
        const a = parseAttributes(input[1]!);
        if ((a.type ?? '').toLowerCase() !== 'file' || !a.name) continue;
        assert.equal((form.enctype ?? '').toLowerCase(), 'multipart/form-data', `${path}: a file field needs enctype=multipart/form-data`);
        found.set(`${form.action} ${a.name}`, { action: form.action ?? path, name: a.name, accept: a.accept ?? '' });
      }
    }
  }
  return [...found.values()];
}

describe('uploads', () => {
  test('every file field refuses disguised content and oversized files, with a message, storing nothing', async (ctx) => {
    const fields = await fileFields();
    if (fields.length === 0) ctx.diagnostic('no file fields in the app yet: nothing to attack here');
    for (const f of fields) {
      assert.ok(f.accept, `${f.action} ${f.name}: a file field declares what it accepts`);
      const client = await nationalAdminClient(t);
      const before = await snapshot(t.db);
      for (const file of [
        HTML_AS_PNG,
        HTML_BEHIND_PNG_SIGNATURE,
        new File([new Uint8Array(3_000_000)], 'veliko.png', { type: 'image/png' }),
      ]) {
        const res = await client.postMultipart(f.action, { [f.name]: file });
        assert.ok(res.status >= 400 && res.status < 500, `${f.action} ${f.name} ${file.name}: ${res.status}`);
        const html = await res.text();
        assert.match(html, /class="error"|class="error-summary"|<h1>/, `${f.action}: a readable refusal`);
        assert.doesNotMatch(html, /<script>alert\("kzm-upload"\)/);
      }
      assert.deepEqual(await snapshot(t.db), before, `${f.action}: nothing stored`);
    }
  });

  test('a file sent to any form is ignored or refused, never a 5xx', async () => {
    assert.ok(forms.length >= 5, 'forms were discovered');
    const problems: string[] = [];
    for (const form of forms) {
      const client = await clientFor(t, form.actor);
      const values = Object.fromEntries(form.fields.map((f) => [f.name, f.value]));
      const res = await client.postMultipart(form.action, { ...values, prilog: HTML_AS_PNG });
      if (res.status >= 500) problems.push(`${form.action}: ${res.status}`);
      if (/<script>alert\("kzm-upload"\)/.test(await res.text())) problems.push(`${form.action}: file content echoed`);
    }
    assert.deepEqual(problems, []);
  });

  test('a multipart body over the limit gets 413 before any handler runs', async () => {
    const before = await snapshot(t.db);
    const client = t.client();
    const res = await client.postMultipart('/lat/nalog/registracija', {
      display_name: 'X',
      prilog: new File([new Uint8Array(2_100_000)], 'x.bin'),
    });
    assert.equal(res.status, 413);
    assert.deepEqual(await snapshot(t.db), before);
  });
});
