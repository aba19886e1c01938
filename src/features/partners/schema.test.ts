import '../../app.ts'; // installs the UI strings
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseForm } from '../../core/http/forms.ts';
import { agreementFields, logFields, partnerFields, partnerSearchKey } from './schema.ts';
import { addDays, expiryState } from './service.ts';

describe('partner schemas', () => {
  test('a partner: kind from the list, name required, contacts checked, active as a checkbox', () => {
    const ok = parseForm(
      partnerFields,
      { kind: 'employment_service', name: '  NSZ filijala (primer) ', email: 'nsz@primer.test', active: 'on' },
      'lat',
    );
    assert.ok(ok.ok && ok.data.name === 'NSZ filijala (primer)' && ok.data.active === true);
    const absent = parseForm(partnerFields, { kind: 'school', name: 'Škola' }, 'lat');
    assert.ok(absent.ok && absent.data.active === false, 'an unchecked box is not sent');
    const bad = parseForm(partnerFields, { kind: 'bank', name: 'x', email: 'x@', website: 'ftp://x', phone: 'abc' }, 'en');
    assert.ok(!bad.ok);
    assert.deepEqual(Object.keys(bad.errors).sort(), ['email', 'kind', 'name', 'phone', 'website']);
  });

  test('partner names fold across scripts and diacritics', () => {
    assert.equal(partnerSearchKey('Дом здравља Ђурђево'), partnerSearchKey('Dom zdravlja Đurđevo'));
    assert.equal(partnerSearchKey('Dom zdravlja Đurđevo'), partnerSearchKey('dom zdravlja djurdjevo'));
  });

  test('an agreement: dates as typed, valid_until optional and not before signed_on', () => {
    const r = parseForm(agreementFields, { title: 'Sporazum', signed_on: '1.3.2025.', valid_until: '' }, 'lat');
    assert.ok(r.ok && r.data.signed_on === '2025-03-01' && r.data.valid_until === null);
    const same = parseForm(agreementFields, { title: 'Sporazum', signed_on: '2025-03-01', valid_until: '2025-03-01' }, 'lat');
    assert.ok(same.ok);
    const before = parseForm(agreementFields, { title: 'Sporazum', signed_on: '2025-03-01', valid_until: '2025-02-28' }, 'en');
    assert.ok(!before.ok && /before it was signed/.test(before.errors.valid_until ?? ''));
    const both = parseForm(agreementFields, { title: '', signed_on: '2025-02-30', valid_until: 'sutra' }, 'en');
    assert.ok(!both.ok);
    assert.deepEqual(Object.keys(both.errors).sort(), ['signed_on', 'title', 'valid_until']);
  });

  test('a log entry: date, kind from the list, title', () => {
    assert.ok(parseForm(logFields, { log_date: '2025-06-01', log_kind: 'joint_activity', log_title: 'Tribina' }, 'lat').ok);
    const bad = parseForm(logFields, { log_date: '', log_kind: 'party', log_title: 'x' }, 'en');
    assert.ok(!bad.ok);
    assert.deepEqual(Object.keys(bad.errors).sort(), ['log_date', 'log_kind', 'log_title']);
  });
});

describe('agreement expiry', () => {
  test('expired before today; expiring from today through 60 days ahead, across months and leap days', () => {
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2025-12-31', 1), '2026-01-01');
    assert.equal(addDays('2025-03-01', -1), '2025-02-28');
    const today = '2025-01-15';
    assert.equal(expiryState('2025-01-14', today), 'expired');
    assert.equal(expiryState('2025-01-15', today), 'expiring');
    assert.equal(expiryState('2025-03-16', today), 'expiring');
    assert.equal(expiryState('2025-03-17', today), null);
    assert.equal(expiryState(null, today), null);
  });
});
