import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageOn, localToday } from './age.ts';
import { checkBirthDate } from './service.ts';
import { yearsAgo } from './testing.ts';

test('age counts completed years, the birthday itself included', () => {
  assert.equal(ageOn('2011-11-23', '2026-11-23'), 15);
  assert.equal(ageOn('2011-11-24', '2026-11-23'), 14);
  assert.equal(ageOn('2008-02-29', '2023-02-28'), 14);
  assert.equal(ageOn('2008-02-29', '2023-03-01'), 15);
});

test('"today" is the Belgrade date, not UTC\'s', () => {
  assert.equal(localToday(new Date('2026-11-22T23:30:00Z')), '2026-11-23');
});

test('birth dates: under 15, future and implausible ones are told apart', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  assert.equal(checkBirthDate('2011-11-23', now), null);
  assert.equal(checkBirthDate('2011-11-24', now), 'under15');
  assert.equal(checkBirthDate('2026-11-24', now), 'err.birthFuture');
  assert.equal(checkBirthDate('1900-01-01', now), 'err.birthRange');
});

test("the tests' birth dates are as old as asked by Belgrade's date, also in the hour its day is ahead of UTC's", () => {
  // 23:30 UTC on 7 December is 00:30 on 8 December in Belgrade; 22:30 UTC in July is 00:30 there.
  for (const at of ['2026-12-07T23:30:00Z', '2026-07-14T22:30:00Z', '2026-12-07T12:00:00Z']) {
    const now = new Date(at);
    const today = localToday(now);
    assert.equal(ageOn(yearsAgo(15, 0, now), today), 15, at);
    assert.equal(ageOn(yearsAgo(15, -1, now), today), 14, `${at}: one day short of 15`);
    assert.equal(ageOn(yearsAgo(15, 1, now), today), 15, at);
  }
});
