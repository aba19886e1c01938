import { test } from 'node:test';
import assert from 'node:assert/strict';
import { belgradeInstant, localParts } from './time.ts';

test('Belgrade wall-clock time ↔ instants, in winter, in summer and across the changes', () => {
  assert.equal(belgradeInstant('2026-01-15', '17:00').toISOString(), '2026-01-15T16:00:00.000Z');
  assert.equal(belgradeInstant('2026-07-15', '17:00').toISOString(), '2026-07-15T15:00:00.000Z');
  // The night the clocks go back (25 Oct 2026) and forward (29 Mar 2026).
  assert.equal(belgradeInstant('2026-10-25', '12:00').toISOString(), '2026-10-25T11:00:00.000Z');
  assert.equal(belgradeInstant('2026-03-29', '12:00').toISOString(), '2026-03-29T10:00:00.000Z');
  assert.equal(belgradeInstant('2026-12-31', '23:30').toISOString(), '2026-12-31T22:30:00.000Z');
  for (const [date, time] of [
    ['2026-01-15', '00:00'],
    ['2026-06-30', '23:59'],
    ['2026-10-24', '18:45'],
  ] as const) {
    assert.deepEqual(localParts(belgradeInstant(date, time)), { date, time });
  }
});
