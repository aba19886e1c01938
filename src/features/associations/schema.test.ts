import '../../app.ts'; // installs the UI strings
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseForm } from '../../core/http/forms.ts';
import {
  associationFields,
  meetsYouthShare,
  normaliseRegistryNumber,
  publicationFields,
  registryCheckDigit,
  youngSharePercent,
  youthShareWarning,
} from './schema.ts';

/** Registry numbers published by the legal entities themselves (APR decisions, letterheads). */
const REAL_MBS = [
  '17162543', // Telekom Srbija a.d.
  '20084693', // NIS a.d. Novi Sad
  '20053658', // JP EPS
  '07737068', // Komercijalna banka
  '08194815',
  '20514841', // remainder 10 → 1
  '07204990', // remainder 1 → 0
  '06832270', // remainder 1 → 0
  '28830360', // a foundation, remainder 1 → 0
  '28836627', // an association (Sombor)
];

describe('registry number (matični broj) check digit', () => {
  test('published numbers are valid', () => {
    for (const mb of REAL_MBS) assert.equal(normaliseRegistryNumber(mb), mb, mb);
  });

  test('any other last digit is refused', () => {
    for (const mb of REAL_MBS) {
      for (let d = 0; d <= 9; d++) {
        const other = mb.slice(0, 7) + d;
        if (other !== mb) assert.equal(normaliseRegistryNumber(other), null, other);
      }
    }
  });

  test('remainder 0 gives check digit 0 (a weighted sum divisible by 11)', () => {
    // 1234563: 2·1 + 7·2 + 6·3 + 5·4 + 4·5 + 3·6 + 2·3 = 98 … find a prefix whose sum is a multiple of 11.
    let prefix = '';
    for (let n = 1; !prefix; n++) {
      const s = String(n).padStart(7, '0');
      const sum = [2, 7, 6, 5, 4, 3, 2].reduce((acc, w, i) => acc + w * Number(s[i]), 0);
      if (sum % 11 === 0) prefix = s;
    }
    assert.equal(registryCheckDigit(prefix), 0);
    assert.equal(normaliseRegistryNumber(`${prefix}0`), `${prefix}0`);
    assert.equal(normaliseRegistryNumber(`${prefix}1`), null);
  });

  test('spaces, dots and dashes people type are ignored; other shapes refused', () => {
    assert.equal(normaliseRegistryNumber(' 17 162 543 '), '17162543');
    assert.equal(normaliseRegistryNumber('17.162.543'), '17162543');
    assert.equal(normaliseRegistryNumber('1716-2543'), '17162543');
    for (const bad of ['', '1716254', '171625430', '1716254x', '１７１６２５４３', '17162543\u0000', 'abcdefgh']) {
      assert.equal(normaliseRegistryNumber(bad), null, JSON.stringify(bad));
    }
  });
});

describe('the two-thirds rule of the Law on Youth', () => {
  test('at least two thirds young: a youth association', () => {
    assert.equal(meetsYouthShare(30, 20), true);
    assert.equal(meetsYouthShare(3, 2), true);
    assert.equal(meetsYouthShare(30, 19), false);
    assert.equal(meetsYouthShare(100, 66), false);
    assert.equal(meetsYouthShare(100, 67), true);
    assert.equal(meetsYouthShare(10, 10), true);
  });

  test('unknown counts decide nothing', () => {
    assert.equal(meetsYouthShare(null, 5), null);
    assert.equal(meetsYouthShare(5, null), null);
    assert.equal(meetsYouthShare(0, 0), null);
    assert.equal(youngSharePercent(null, 1), null);
    assert.equal(youngSharePercent(3, 2), 66);
  });

  test('the warning shows only for a youth association under the share', () => {
    assert.equal(youthShareWarning({ kind: 'youth', members_total: 30, members_young: 10 }), true);
    assert.equal(youthShareWarning({ kind: 'youth', members_total: 30, members_young: 20 }), false);
    assert.equal(youthShareWarning({ kind: 'for_youth', members_total: 30, members_young: 10 }), false);
    assert.equal(youthShareWarning({ kind: 'youth', members_total: null, members_young: null }), false);
  });
});

const base = { kind: 'youth', name: 'Mladi za Pančevo (primer)', registry_number: '17162543', active: 'on' };

describe('associationFields', () => {
  test('a registered association: registry number normalised, legal form defaulted, lists parsed', () => {
    const r = parseForm(
      associationFields,
      {
        ...base,
        registry_number: '17 162 543',
        areas: 'education,health,education',
        target_groups: 'pupils',
        members_total: '30',
        members_young: '25',
      },
      'lat',
    );
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    assert.equal(r.data.registry_number, '17162543');
    assert.equal(r.data.legal_form, 'association');
    assert.deepEqual(r.data.areas, ['education', 'health']);
    assert.deepEqual(r.data.target_groups, ['pupils']);
    assert.equal(r.data.members_total, 30);
    assert.equal(r.data.active, true);
    assert.equal(r.data.founded_year, null);
  });

  test('registry number: required unless informal, refused for informal, check digit checked', () => {
    const missing = parseForm(associationFields, { ...base, registry_number: '' }, 'en');
    assert.ok(!missing.ok && /registry number/i.test(missing.errors.registry_number ?? ''));
    const bad = parseForm(associationFields, { ...base, registry_number: '17162544' }, 'cir');
    assert.ok(!bad.ok && /контролна/.test(bad.errors.registry_number ?? ''), JSON.stringify(!bad.ok && bad.errors));
    const informal = parseForm(associationFields, { ...base, kind: 'informal', registry_number: '17162543' }, 'lat');
    assert.ok(!informal.ok && /Neformalna/.test(informal.errors.registry_number ?? ''), JSON.stringify(!informal.ok && informal.errors));
    const ok = parseForm(associationFields, { ...base, kind: 'informal', registry_number: '' }, 'lat');
    assert.ok(ok.ok && ok.data.registry_number === null && ok.data.legal_form === 'informal_group');
  });

  test('rules between fields are reported with the other fields’ errors', () => {
    const r = parseForm(associationFields, { kind: 'youth', name: '', registry_number: '', members_total: '3', members_young: '4' }, 'en');
    assert.ok(!r.ok);
    assert.deepEqual(Object.keys(r.errors).sort(), ['members_young', 'name', 'registry_number']);
  });

  test('legal form must agree with the kind', () => {
    const r = parseForm(associationFields, { ...base, kind: 'informal', registry_number: '', legal_form: 'association' }, 'en');
    assert.ok(!r.ok && 'legal_form' in r.errors);
    const r2 = parseForm(associationFields, { ...base, legal_form: 'informal_group' }, 'en');
    assert.ok(!r2.ok && 'legal_form' in r2.errors);
    const r3 = parseForm(associationFields, { ...base, kind: 'umbrella', legal_form: 'union' }, 'en');
    assert.ok(r3.ok && r3.data.legal_form === 'union');
  });

  test('founding year between 1900 and this year; members whole numbers, young ≤ total', () => {
    const year = new Date().getFullYear();
    assert.ok(parseForm(associationFields, { ...base, founded_year: String(year) }, 'en').ok);
    for (const y of [String(year + 1), '1899', '20x0', '2000.5']) {
      const r = parseForm(associationFields, { ...base, founded_year: y }, 'en');
      assert.ok(!r.ok && 'founded_year' in r.errors, y);
    }
    const more = parseForm(associationFields, { ...base, members_total: '10', members_young: '11' }, 'en');
    assert.ok(!more.ok && 'members_young' in more.errors);
    const neg = parseForm(associationFields, { ...base, members_total: '-1' }, 'en');
    assert.ok(!neg.ok && 'members_total' in neg.errors);
  });

  test('bad codes, e-mail and website are refused beside their fields; all errors at once', () => {
    const r = parseForm(
      associationFields,
      {
        ...base,
        kind: 'club',
        name: '',
        areas: 'education,cooking',
        target_groups: 'aliens',
        email: 'x@',
        website: 'javascript:alert(1)',
        registry_number: '123',
        members_total: '3',
        members_young: '4',
      },
      'en',
    );
    assert.ok(!r.ok);
    for (const f of ['kind', 'name', 'areas', 'target_groups', 'email', 'website', 'registry_number', 'members_young'])
      assert.ok(f in r.errors, `${f}: ${JSON.stringify(r.errors)}`);
  });

  test('publication: listed checkbox and published fields from a checkbox group', () => {
    const r = parseForm(publicationFields, { listed: 'on', published_fields: 'email,description' }, 'en');
    assert.ok(r.ok && r.data.listed && r.data.published_fields.join() === 'email,description');
    const bad = parseForm(publicationFields, { published_fields: 'email,password' }, 'en');
    assert.ok(!bad.ok && 'published_fields' in bad.errors);
  });
});
