import { test } from 'node:test';
import assert from 'node:assert/strict';
import './app.ts'; // the feature list installs every feature's strings
import { LOCALES } from './core/i18n/locale.ts';
import { installMessages, isNotice, messageKeys, t } from './core/i18n/messages.ts';
import * as activities from './features/activities/messages.ts';

// The UI strings as the app has them: the core's and every feature's (declared in app.ts's list).

test('Serbian counts agree with their noun in both scripts: one (1, 21), few (2–4, 22–24), other (5–20, 11–14, 25)', () => {
  const cir = (n: number) => t('cir', 'err.tooShort', { min: n });
  assert.equal(cir(1), 'Најмање 1 знак.');
  assert.equal(cir(3), 'Најмање 3 знака.');
  assert.equal(cir(5), 'Најмање 5 знакова.');
  assert.equal(cir(11), 'Најмање 11 знакова.');
  assert.equal(cir(12), 'Најмање 12 знакова.');
  assert.equal(cir(21), 'Најмање 21 знак.');
  assert.equal(cir(24), 'Најмање 24 знака.');
  const lat = (n: number) => t('lat', 'err.tooShort', { min: n });
  assert.equal(lat(1), 'Najmanje 1 znak.');
  assert.equal(lat(3), 'Najmanje 3 znaka.');
  assert.equal(lat(5), 'Najmanje 5 znakova.');
  assert.equal(lat(21), 'Najmanje 21 znak.');
  assert.equal(t('lat', 'calendar.age.range', { min: 15, max: 21 }), '15–21 godina');
  assert.equal(t('lat', 'calendar.age.range', { min: 15, max: 24 }), '15–24 godine');
  assert.equal(t('lat', 'calendar.age.range', { min: 15, max: 30 }), '15–30 godina');
  assert.equal(t('cir', 'calendar.age.min', { min: 18 }), 'од 18 година');
  assert.equal(t('cir', 'calendar.age.min', { min: 21 }), 'од 21 године');
  assert.equal(t('lat', 'calendar.sessions', { n: 1 }), '1 termin');
  assert.equal(t('lat', 'calendar.sessions', { n: 5 }), '5 termina');
});

test('the form of a whole sentence follows the count (gender and number of the verb too)', () => {
  assert.match(t('cir', 'activities.err.capacityBelow', { n: 1 }), /^Већ је потврђена 1 пријава: .* мањи од 1\.$/);
  assert.match(t('lat', 'activities.err.capacityBelow', { n: 3 }), /^Već su potvrđene 3 prijave: .* manji od 3\.$/);
  assert.match(t('lat', 'activities.err.capacityBelow', { n: 34 }), /^Već su potvrđene 34 prijave/);
  assert.match(t('lat', 'activities.err.capacityBelow', { n: 35 }), /^Već je potvrđeno 35 prijava/);
});

test('English has one and other', () => {
  assert.equal(t('en', 'err.tooShort', { min: 1 }), 'At least 1 character.');
  assert.equal(t('en', 'err.tooShort', { min: 2 }), 'At least 2 characters.');
  assert.equal(t('en', 'calendar.sessions', { n: 21 }), '21 sessions');
});

test('every message in plural syntax compiles and names the same arguments in every locale', () => {
  const args = (s: string) =>
    [...s.matchAll(/\{\s*(\w+)\s*[,}]/g)].map((m) => m[1]).filter((a) => a !== 'one' && a !== 'few' && a !== 'other');
  for (const key of messageKeys()) {
    const texts = LOCALES.map((l) => t(l, key));
    if (!texts.some((s) => /\{\s*\w+\s*,\s*plural\s*,/.test(s))) continue;
    const names = [...new Set(args(texts[0]!))].sort();
    for (const [i, l] of LOCALES.entries()) {
      assert.deepEqual([...new Set(args(texts[i]!))].sort(), names, `${key} in ${l}`);
      const vars = Object.fromEntries(names.map((n) => [n, 2]));
      assert.doesNotMatch(t(l, key, vars), /[{}]/, `${key} in ${l} left a placeholder`);
    }
  }
});

test('a date at the end of a Serbian sentence keeps one full stop', () => {
  assert.equal(t('lat', 'feedback.results.sent', { date: '6. 12. 2026.' }), 'Poziv za utisak poslat je 6. 12. 2026.');
  assert.equal(t('cir', 'feedback.results.sent', { date: '6. 12. 2026.' }), 'Позив за утисак послат је 6. 12. 2026.');
  assert.equal(t('en', 'feedback.results.sent', { date: '6 December 2026' }), 'The invitation was mailed on 6 December 2026.');
});

test("every key has Serbian and English text, and features' notices are known", () => {
  for (const key of messageKeys()) {
    assert.ok(t('cir', key).trim() !== '', `${key} in Serbian`);
    assert.ok(t('en', key).trim() !== '', `${key} in English`);
  }
  assert.ok(isNotice('form.saved') && isNotice('activities.created'));
  assert.ok(!isNotice('activities.title'));
});

test('the catalogue is built once, from one list', () => {
  assert.throws(() => installMessages([activities]), /already installed/);
});
