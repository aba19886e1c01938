import assert from 'node:assert/strict';
import { test } from 'node:test';
import { elapsedShare, figureProblem, indicatorStatus, parseFigure, periodProblem } from './rules.ts';

const up = { baseline: 100, direction: 'up' as const, elapsed: 1 };

test('status: no value or no target is "no data", never 0', () => {
  assert.equal(indicatorStatus({ ...up, value: null, target: 200 }), 'no_data');
  assert.equal(indicatorStatus({ ...up, value: 150, target: null }), 'no_data');
});

test('status: a past year is judged against the whole target', () => {
  assert.equal(indicatorStatus({ ...up, value: 200, target: 200 }), 'on_track');
  assert.equal(indicatorStatus({ ...up, value: 250, target: 200 }), 'on_track');
  // 75 of the 100 to go: at risk; 74: off track.
  assert.equal(indicatorStatus({ ...up, value: 175, target: 200 }), 'at_risk');
  assert.equal(indicatorStatus({ ...up, value: 174, target: 200 }), 'off_track');
  // Moved the wrong way.
  assert.equal(indicatorStatus({ ...up, value: 90, target: 200 }), 'off_track');
});

test('status: during the year the target is expected pro rata from the baseline', () => {
  // Half the year: 150 expected.
  assert.equal(indicatorStatus({ ...up, elapsed: 0.5, value: 150, target: 200 }), 'on_track');
  assert.equal(indicatorStatus({ ...up, elapsed: 0.5, value: 140, target: 200 }), 'at_risk');
  assert.equal(indicatorStatus({ ...up, elapsed: 0.5, value: 130, target: 200 }), 'off_track');
  // No baseline: counted from 0.
  assert.equal(indicatorStatus({ baseline: null, direction: 'up', elapsed: 0.5, value: 50, target: 100 }), 'on_track');
});

test('status: for "less is better" the rule is mirrored', () => {
  const down = { baseline: 30, direction: 'down' as const, elapsed: 1 };
  assert.equal(indicatorStatus({ ...down, value: 20, target: 20 }), 'on_track');
  assert.equal(indicatorStatus({ ...down, value: 22, target: 20 }), 'at_risk');
  assert.equal(indicatorStatus({ ...down, value: 28, target: 20 }), 'off_track');
  assert.equal(indicatorStatus({ ...down, value: 35, target: 20 }), 'off_track');
});

test('status: a target equal to the baseline is on track while held, off track when lost', () => {
  assert.equal(indicatorStatus({ ...up, value: 100, target: 100 }), 'on_track');
  assert.equal(indicatorStatus({ ...up, value: 99, target: 100 }), 'off_track');
});

test('elapsed share of a year', () => {
  assert.equal(elapsedShare(2030, new Date('2031-02-01T00:00:00Z')), 1);
  assert.equal(elapsedShare(2030, new Date('2029-02-01T00:00:00Z')), 0);
  const mid = elapsedShare(2030, new Date('2030-07-02T12:00:00Z'));
  assert.ok(mid > 0.49 && mid < 0.51);
});

test('figures in a unit: percent over 100, negative amounts, fractions of people are refused', () => {
  assert.equal(figureProblem('percent', 101), 'plan.err.percent');
  assert.equal(figureProblem('percent', 100), null);
  assert.equal(figureProblem('rsd', -1), 'plan.err.negative');
  assert.equal(figureProblem('rsd', 1500.5), null);
  assert.equal(figureProblem('people', 12.5), 'plan.err.whole');
  assert.equal(figureProblem('hours', 12.5), null);
  assert.equal(figureProblem('count', Number.NaN), 'plan.err.negative');
});

test('plan activities dated outside the plan period are refused', () => {
  const plan = { start_year: 2025, end_year: 2029 };
  assert.equal(periodProblem(plan, { year: 2025, deadline: null }), null);
  assert.equal(periodProblem(plan, { year: 2030, deadline: null }), 'plan.err.outsidePeriod');
  assert.equal(periodProblem(plan, { year: 2024, deadline: null }), 'plan.err.outsidePeriod');
  assert.equal(periodProblem(plan, { year: 2029, deadline: '2030-01-15' }), 'plan.err.outsidePeriod');
  assert.equal(periodProblem(plan, { year: 2026, deadline: '2027-03-01' }), 'plan.err.deadlineYear');
  assert.equal(periodProblem(plan, { year: 2027, deadline: '2027-03-01' }), null);
});

test('figures as people type them', () => {
  assert.equal(parseFigure('1.234,50'), 1234.5);
  assert.equal(parseFigure('1,234.50'), 1234.5);
  assert.equal(parseFigure('1 500 000'), 1500000);
  assert.equal(parseFigure('12,5'), 12.5);
  assert.equal(parseFigure('−3'), -3);
  assert.equal(parseFigure(''), null);
  assert.equal(parseFigure('12a'), null);
  assert.equal(parseFigure('1.2.3'), null);
});
