import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { groupHours, isOpenAt, localWeekdayMinutes } from './hours.ts';

const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:30:00', closes: '15:30:00' }));

describe('opening hours', () => {
  test('local weekday and minutes follow Belgrade time, including summer time', () => {
    assert.deepEqual(localWeekdayMinutes(new Date('2026-11-23T07:30:00Z')), { weekday: 1, minutes: 8 * 60 + 30 }); // CET
    assert.deepEqual(localWeekdayMinutes(new Date('2026-07-05T22:30:00Z')), { weekday: 1, minutes: 30 }); // CEST: Sunday UTC is Monday 00:30
  });

  test('open exactly from opening until just before closing', () => {
    assert.equal(isOpenAt(weekdays, new Date('2026-11-23T07:29:00Z')), false);
    assert.equal(isOpenAt(weekdays, new Date('2026-11-23T07:30:00Z')), true);
    assert.equal(isOpenAt(weekdays, new Date('2026-11-23T14:29:00Z')), true);
    assert.equal(isOpenAt(weekdays, new Date('2026-11-23T14:30:00Z')), false);
    assert.equal(isOpenAt(weekdays, new Date('2026-11-28T10:00:00Z')), false, 'Saturday');
  });

  test('no published hours means unknown, not closed', () => {
    assert.equal(isOpenAt([], new Date()), null);
  });

  test('consecutive days with the same hours are grouped', () => {
    assert.deepEqual(groupHours(weekdays), [
      [1, 5, '08:30–15:30'],
      [6, 7, null],
    ]);
    assert.deepEqual(groupHours([...weekdays, { weekday: 3, opens: '17:00', closes: '20:00' }]), [
      [1, 2, '08:30–15:30'],
      [3, 3, '08:30–15:30, 17:00–20:00'],
      [4, 5, '08:30–15:30'],
      [6, 7, null],
    ]);
  });
});
