import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { collator, dateParts, dateTimeFormat, numberFormat, pluralRules } from './intl.ts';
import { belgradeInstant, localParts } from './time.ts';
import { formatDate, formatDateTime } from './views/format.ts';

// What the code did before the formatters were shared: a new Intl object on every call.
const reference = {
  enDate: (iso: string) =>
    new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }),
  parts: (at: Date) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', {
        timeZone: 'Europe/Belgrade',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(at)
        .map((x) => [x.type, x.value]),
    );
    return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
  },
  month: (at: Date) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Belgrade', year: 'numeric', month: '2-digit' })
        .formatToParts(at)
        .map((x) => [x.type, x.value]),
    );
    return `${p.year}-${p.month}`;
  },
  today: (at: Date) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Belgrade', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at),
};

// Instants from 1900 to 2100, and the minutes around every summer-time change in 2020–2030.
const instant = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }).map((ms) => new Date(ms));
const changes: Date[] = [];
for (let y = 2020; y <= 2030; y++) {
  for (const month of [2, 9]) {
    const lastSunday = 31 - new Date(Date.UTC(y, month, 31)).getUTCDay();
    const at = Date.UTC(y, month, lastSunday, 1); // 01:00 UTC, the EU change
    for (let m = -61; m <= 61; m++) changes.push(new Date(at + m * 60_000));
  }
}

test('one formatter per locale and options, shared by every call', () => {
  const opts = { day: 'numeric', month: 'long' } as const;
  assert.equal(dateTimeFormat('en-GB', opts), dateTimeFormat('en-GB', { day: 'numeric', month: 'long' }));
  assert.notEqual(dateTimeFormat('en-GB', opts), dateTimeFormat('sr', opts));
  assert.notEqual(dateTimeFormat('en-GB', opts), dateTimeFormat('en-GB', { ...opts, year: 'numeric' }));
  assert.equal(numberFormat('sr', { maximumFractionDigits: 1 }), numberFormat('sr', { maximumFractionDigits: 1 }));
  assert.equal(collator('sr'), collator('sr'));
  assert.equal(pluralRules('sr'), pluralRules('sr'));
  assert.equal(
    numberFormat('sr', { maximumFractionDigits: 1 }).format(1234.56),
    new Intl.NumberFormat('sr', { maximumFractionDigits: 1 }).format(1234.56),
  );
  assert.deepEqual(
    ['š', 'c', 'č', 'z'].sort(collator('sr').compare),
    ['š', 'c', 'č', 'z'].sort((a, b) => a.localeCompare(b, 'sr')),
  );
  assert.equal(pluralRules('sr').select(3), new Intl.PluralRules('sr').select(3));
});

test('dates read exactly as before in every script', () => {
  fc.assert(
    fc.property(instant, (at) => {
      const iso = at.toISOString().slice(0, 10);
      assert.equal(formatDate('en', iso), reference.enDate(iso));
      const [y, m, d] = iso.split('-');
      assert.equal(formatDate('cir', iso), `${Number(d)}. ${Number(m)}. ${y}.`);
      assert.equal(formatDate('lat', iso), formatDate('cir', iso));
    }),
    { numRuns: 300 },
  );
  assert.equal(formatDate('en', '2026-03-21'), '21 March 2026');
  assert.equal(formatDateTime('en', new Date('2026-07-01T15:05:00Z')), '1 July 2026 17:05');
  assert.equal(formatDateTime('cir', new Date('2026-12-31T23:30:00Z')), '1. 1. 2027. 00:30');
});

test('Belgrade wall-clock parts match Intl for any instant, across the summer-time changes', () => {
  fc.assert(
    fc.property(instant, (at) => {
      // (accounts' localToday and calendar's belgradeMonth are localParts(at).date and its first 7 characters.)
      const parts = localParts(at);
      assert.deepEqual(parts, reference.parts(at));
      assert.equal(parts.date.slice(0, 7), reference.month(at));
      assert.equal(parts.date, reference.today(at));
    }),
    { numRuns: 2000 },
  );
  for (const at of changes) assert.deepEqual(localParts(at), reference.parts(at), at.toISOString());
  // The hour that repeats when the clocks go back: 02:30 local twice, an hour apart.
  assert.deepEqual(localParts(new Date('2026-10-25T00:30:00Z')), { date: '2026-10-25', time: '02:30' });
  assert.deepEqual(localParts(new Date('2026-10-25T01:30:00Z')), { date: '2026-10-25', time: '02:30' });
  assert.equal(belgradeInstant('2026-03-29', '03:00').toISOString(), '2026-03-29T01:00:00.000Z');
  assert.throws(() => localParts(new Date(NaN)), RangeError);
});

test('dateParts reads the parts of a shared formatter', () => {
  const p = dateParts(
    { timeZone: 'America/New_York', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', hourCycle: 'h23' },
    new Date('2026-07-04T03:00:00Z'),
  );
  assert.deepEqual([p.year, p.month, p.day, p.hour].map(Number), [2026, 7, 3, 23]);
});

test('no code under src/ builds an Intl formatter per call', () => {
  const src = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
    (f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.endsWith('.d.ts'),
  );
  const offending: string[] = [];
  for (const f of files) {
    if (f === path.join('core', 'intl.ts')) continue;
    const text = readFileSync(path.join(src, f), 'utf8');
    text.split('\n').forEach((line, i) => {
      // toLocale*String(…) and new Intl.X(…) build a formatter each time they run.
      if (/\.toLocale(Date|Time)?String\(|new Intl\./.test(line)) offending.push(`${f}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(offending, [], 'use the shared formatters of core/intl.ts');
});
