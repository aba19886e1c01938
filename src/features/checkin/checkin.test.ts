import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { filterRows } from './routes.tsx';
import type { CheckinRow } from './repo.ts';
import { defaultSession } from './service.ts';

const row = (full_name: string, email: string, code: string, short_code = 'ABCDEF'): CheckinRow => ({
  id: code,
  full_name,
  email,
  code,
  short_code,
  source: 'guest',
  checked_at: null,
  method: null,
});

test('the list search ignores script, case and diacritics, matches every word, and finds a code', () => {
  const rows = [
    row('Ђорђе Жарковић', 'djordje@primer.test', 'AbCdEfGhIjKlMnOp12'),
    row('Milica Đurić', 'milica@primer.test', 'ZZZZZZZZZZZZZZZZ99'),
  ];
  assert.deepEqual(
    filterRows(rows, 'djordje zarkovic').map((r) => r.email),
    ['djordje@primer.test'],
  );
  assert.deepEqual(
    filterRows(rows, 'ЂУРИЋ').map((r) => r.email),
    ['milica@primer.test'],
  );
  assert.deepEqual(
    filterRows(rows, 'abcdefgh').map((r) => r.email),
    ['djordje@primer.test'],
  );
  assert.equal(filterRows(rows, '  ').length, 2);
  assert.equal(filterRows(rows, 'nema').length, 0);
});

test('the page opens on the session asked for, else the one under way or next, else the last', () => {
  const s = (id: string, end: string) => ({ id, ends_at: new Date(end) });
  const sessions = [s('a', '2030-01-01T10:00:00Z'), s('b', '2030-01-08T10:00:00Z'), s('c', '2030-01-15T10:00:00Z')];
  assert.equal(defaultSession(sessions, 'c', new Date('2030-01-01T09:00:00Z'))?.id, 'c');
  assert.equal(defaultSession(sessions, 'x', new Date('2030-01-05T09:00:00Z'))?.id, 'b');
  assert.equal(defaultSession(sessions, undefined, new Date('2031-01-01T00:00:00Z'))?.id, 'c');
  assert.equal(defaultSession([], undefined, new Date()), undefined);
});

test('public/jsqr.js is the installed jsQR, unchanged after its header', () => {
  const served = readFileSync(new URL('../../../public/jsqr.js', import.meta.url), 'utf8');
  const installed = readFileSync(new URL('../../../node_modules/jsqr/dist/jsQR.js', import.meta.url), 'utf8');
  assert.ok(served.endsWith(installed), 'copy node_modules/jsqr/dist/jsQR.js again below the header of public/jsqr.js');
  assert.ok(served.length - installed.length < 600, 'only the header comment is added');
});
