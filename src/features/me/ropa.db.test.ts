import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { t as msg } from '../../core/i18n/messages.ts';
import { PURPOSES } from '../people/purposes.ts';

/**
 * Issue #4, the record of processing activities: generated from PURPOSES and the app's own
 * configuration (retention, offices, mail provider), printable, public and cacheable; and the
 * privacy notice lists the same purposes.
 */
let t: TestApp;
before(async () => {
  t = await createTestApp({
    env: {
      RETENTION_MONTHS: '18',
      RETENTION_GRACE_DAYS: '21',
      SMTP_URL: 'smtp://korisnik:tajna-lozinka@posta.primer.org:587',
      PAGE_CACHE: '1',
    },
  });
});
after(() => t.close());

describe('record of processing activities', () => {
  test('one section per purpose with its legal basis, data, recipients, retention from the config, and no transfers', async () => {
    const res = await t.client().get('/lat/privatnost/evidencija');
    assert.equal(res.status, 200);
    const html = await res.text();
    for (const p of PURPOSES) {
      assert.match(html, new RegExp(`<h3 id="a-${p.code}">${msg('lat', p.label).replace(/[()]/g, '\\$&')}</h3>`), p.code);
      for (const d of p.data) assert.ok(html.includes(msg('lat', d)), `${p.code}: ${d}`);
    }
    assert.equal(
      (html.match(/član 12\. stav 1\. tačka 1\)/g) ?? []).length,
      5,
      'accounts, register, contact, photos and guidance notes: consent',
    );
    assert.equal((html.match(/član 17\. stav 2\. tačka 1\)/g) ?? []).length, 1, 'special categories: explicit consent');
    assert.equal((html.match(/<dt>Prenos u druge države<\/dt><dd>Nema\.<\/dd>/g) ?? []).length, PURPOSES.length + 1);
    assert.match(html, /bez prijave 18 meseci/);
    assert.match(html, /posle još 21 dana/);
    assert.match(html, /Dostava e-pošte \(SMTP\): posta\.primer\.org/);
    assert.doesNotMatch(html, /tajna-lozinka|korisnik/, 'no credentials from SMTP_URL');
    assert.match(
      html,
      /Kancelarija za mlade grada Pančeva<\/strong>, Trg kralja Petra I, broj 2-4, 26101 Pančevo, kancelarijazamlade@pancevo\.rs/,
    );
    assert.match(html, /Канцеларија за младе општине Ивањица|Kancelarija za mlade opštine Ivanjica/);
    assert.doesNotMatch(html, /Opovo/, 'directory-only offices keep no register');
    assert.match(html, /nije podešena za HTTPS/, 'BASE_URL is http:// in tests');
    // Cached for visitors.
    const again = await t.client().get('/lat/privatnost/evidencija');
    assert.equal(again.headers.get('x-cache'), 'hit');
  });

  test('an office’s own record names that office alone as controller; an unknown office is a 404', async () => {
    const html = await (await t.client().get('/cir/kancelarije/cacak/privatnost/evidencija')).text();
    assert.match(html, /<h1>Евиденција радњи обраде: Канцеларија за младе града Чачка<\/h1>/);
    assert.doesNotMatch(html, /Панчев/);
    assert.equal((await t.client().get('/lat/kancelarije/nema/privatnost/evidencija')).status, 404);
    assert.equal((await t.client().get('/lat/kancelarije/opovo/privatnost/evidencija')).status, 404);
  });

  test('the privacy notice lists the same purposes, with the configured retention', async () => {
    const html = await (await t.client().get('/en/privatnost')).text();
    for (const p of PURPOSES) assert.ok(html.includes(`<strong>${msg('en', p.label)}</strong>`), p.code);
    assert.match(html, /not used for 18 months/);
    assert.match(html, /href="\/en\/privatnost\/evidencija"/);
  });
});
