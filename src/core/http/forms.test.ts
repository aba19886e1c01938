import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { email, isoDate, parseForm, phone, time } from './forms.ts';
import { safeLocalPath } from './client.ts';
import { installMessages } from '../i18n/messages.ts';

installMessages([]); // the core's own strings (a core test imports no feature)

describe('field schemas', () => {
  test('dates: ISO from date inputs and Serbian day.month.year, real calendar days only', () => {
    assert.equal(isoDate.parse('2008-03-21'), '2008-03-21');
    assert.equal(isoDate.parse('21.03.2008.'), '2008-03-21');
    assert.equal(isoDate.parse('1.3.2008'), '2008-03-01');
    for (const bad of ['2008-02-30', '31.04.2008', 'jučе', '2008/03/21', '']) assert.equal(isoDate.safeParse(bad).success, false, bad);
  });

  test('times: HH:MM, also with a dot, padded', () => {
    assert.equal(time.parse('8:30'), '08:30');
    assert.equal(time.parse('15.30'), '15:30');
    assert.equal(time.parse(''), '');
    assert.equal(time.parse(undefined), '', 'a field not sent counts as empty');
    for (const bad of ['24:00', '8', '08:60']) assert.equal(time.safeParse(bad).success, false, bad);
  });

  test('phones: digits with the usual separators', () => {
    for (const ok of ['013/308-907', '+381 13 308 907', '(013) 308-907', '']) assert.equal(phone.safeParse(ok).success, true, ok);
    for (const bad of ['zovite nas', '12', '013/abc-907']) assert.equal(phone.safeParse(bad).success, false, bad);
  });

  test('e-mail addresses are trimmed and checked', () => {
    assert.equal(email.parse('  ana@primer.rs '), 'ana@primer.rs');
    assert.equal(email.safeParse('ana@').success, false);
  });
});

describe('form errors', () => {
  test("messages come in the reader's script, keyed by field", () => {
    const schema = z.object({ email, when: isoDate });
    const r = parseForm(schema, { email: 'x', when: '' }, 'cir');
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.match(r.errors.email!, /Упишите исправну е-адресу/);
    assert.match(r.errors.when!, /обавезно/);
    const lat = parseForm(schema, { email: 'x', when: '' }, 'lat');
    assert.ok(!lat.ok && /Upišite ispravnu e-adresu/.test(lat.errors.email!));
    const en = parseForm(schema, { email: 'x', when: '' }, 'en');
    assert.ok(!en.ok && /valid e-mail/.test(en.errors.email!));
  });
});

describe('redirect targets', () => {
  test('only paths on this site', () => {
    assert.equal(safeLocalPath('/lat/nalog', '/x'), '/lat/nalog');
    for (const bad of ['https://zlo.example', '//zlo.example', '/\\zlo.example', 'javascript:alert(1)', '/a\r\nSet-Cookie: x', undefined]) {
      assert.equal(safeLocalPath(bad, '/x'), '/x', String(bad));
    }
  });
});
