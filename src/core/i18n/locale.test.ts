import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inScript, negotiateLocale } from './locale.ts';
import { t } from './messages.ts';
import { installMessages } from './messages.ts';

installMessages([]); // the core's own strings (a core test imports no feature)

test('a remembered choice wins; otherwise the browser language; Cyrillic by default', () => {
  assert.equal(negotiateLocale('en', 'sr'), 'en');
  assert.equal(negotiateLocale(undefined, 'sr-Latn-RS,sr;q=0.9'), 'lat');
  assert.equal(negotiateLocale(undefined, 'sr-RS'), 'cir');
  assert.equal(negotiateLocale(undefined, 'hr-HR'), 'lat');
  assert.equal(negotiateLocale(undefined, 'en-GB,en'), 'en');
  assert.equal(negotiateLocale('klingon', 'de'), 'cir');
});

test('UI strings are kept once in Cyrillic and shown in Latin losslessly; English is its own', () => {
  assert.equal(t('cir', 'nav.offices'), 'Канцеларије');
  assert.equal(t('lat', 'nav.offices'), 'Kancelarije');
  assert.equal(t('en', 'nav.offices'), 'Offices');
  assert.equal(t('lat', 'err.range', { min: 1, max: 5 }), 'Vrednost mora biti između 1 i 5.');
  assert.equal(t('lat', 'err.email'), 'Upišite ispravnu e-adresu, na primer ime@primer.rs.');
});

test("content is shown in the reader's script; English readers get Latin", () => {
  assert.equal(inScript('cir', 'Kancelarija za mlade grada Čačka'), 'Канцеларија за младе града Чачка');
  assert.equal(inScript('lat', 'Канцеларија за младе општине Ивањица'), 'Kancelarija za mlade opštine Ivanjica');
  assert.equal(inScript('en', 'Ивањица'), 'Ivanjica');
});
