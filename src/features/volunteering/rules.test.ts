import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addMonths,
  ageVerdict,
  contractReasons,
  contractRequired,
  hoursProblem,
  jmbgCheckDigit,
  jmbgProblem,
  loggedLongTerm,
  minAgeAllowed,
  plannedLongTerm,
  type ContractCase,
} from './rules.ts';

const none: ContractCase = { longTerm: false, minor: false, foreigner: false, abroad: false, beneficiaries: [], requested: false };

test('art. 15: short-term volunteering of an adult citizen at home for the general public needs no contract', () => {
  assert.deepEqual(contractReasons(none), []);
  assert.equal(contractRequired(none), false);
  assert.equal(contractRequired({ ...none, beneficiaries: ['general', 'youth'] }), false);
});

test('art. 15: each reason alone requires a contract', () => {
  const cases: Array<[Partial<ContractCase>, string]> = [
    [{ longTerm: true }, 'long_term'],
    [{ minor: true }, 'minor'],
    [{ foreigner: true }, 'foreigner'],
    [{ abroad: true }, 'abroad'],
    [{ beneficiaries: ['children'] }, 'vulnerable'],
    [{ beneficiaries: ['disabled'] }, 'vulnerable'],
    [{ beneficiaries: ['elderly'] }, 'vulnerable'],
    [{ beneficiaries: ['sick'] }, 'vulnerable'],
    [{ requested: true }, 'requested'],
  ];
  for (const [c, reason] of cases) {
    assert.deepEqual(contractReasons({ ...none, ...c }), [reason], JSON.stringify(c));
    assert.equal(contractRequired({ ...none, ...c }), true);
  }
});

test('art. 15: every reason that applies is named, in the order of the article', () => {
  assert.deepEqual(
    contractReasons({ longTerm: true, minor: true, foreigner: false, abroad: true, beneficiaries: ['elderly'], requested: true }),
    ['long_term', 'minor', 'abroad', 'vulnerable', 'requested'],
  );
  // A foreigner abroad is not "a citizen of Serbia abroad": the foreigner reason covers it.
  assert.deepEqual(contractReasons({ ...none, foreigner: true, abroad: true }), ['foreigner']);
});

test('art. 2: long-term as planned is more than 10 hours a week for at least 3 months', () => {
  assert.equal(plannedLongTerm(11, '2026-01-15', '2026-04-15'), true);
  assert.equal(plannedLongTerm(11, '2026-01-15', '2026-04-14'), false, 'a day short of 3 months');
  assert.equal(plannedLongTerm(10, '2026-01-15', '2026-12-31'), false, 'exactly 10 hours is not more than 10');
  assert.equal(plannedLongTerm(10.5, '2026-01-15', null), true, 'open-ended');
  assert.equal(addMonths('2026-11-30', 3), '2027-02-28');
  assert.equal(addMonths('2028-01-31', 1), '2028-02-29');
});

test('art. 2 on logged hours: crossing the threshold needs both the span and the weekly average', () => {
  const weekly = (from: string, weeks: number, hours: number) =>
    Array.from({ length: weeks }, (_, i) => ({
      day: new Date(Date.parse(`${from}T00:00:00Z`) + i * 7 * 86_400_000).toISOString().slice(0, 10),
      hours,
    }));
  assert.equal(loggedLongTerm([]), false);
  assert.equal(loggedLongTerm(weekly('2026-01-05', 14, 12)), true, '14 weeks of 12 hours');
  assert.equal(loggedLongTerm(weekly('2026-01-05', 14, 10)), false, '10 a week is not more than 10');
  assert.equal(loggedLongTerm(weekly('2026-01-05', 12, 20)), false, '12 weeks are less than 3 months');
  assert.equal(loggedLongTerm([...weekly('2026-01-05', 1, 200), { day: '2026-04-06', hours: 1 }]), true, 'the average decides');
});

test('age: under 15 only educational, under 18 with consent, never below the opportunity’s minimum', () => {
  const plain = { min_age: 15, educational: false };
  const edu = { min_age: 12, educational: true };
  assert.equal(ageVerdict(14, plain), 'under_15_not_educational');
  assert.equal(ageVerdict(14, edu), 'needs_consent');
  assert.equal(ageVerdict(11, edu), 'below_opportunity_minimum');
  assert.equal(ageVerdict(9, edu), 'too_young');
  assert.equal(ageVerdict(15, plain), 'needs_consent');
  assert.equal(ageVerdict(17, plain), 'needs_consent');
  assert.equal(ageVerdict(18, plain), 'ok');
  assert.equal(ageVerdict(18, { min_age: 21, educational: false }), 'below_opportunity_minimum');
  assert.equal(minAgeAllowed(15, false), true);
  assert.equal(minAgeAllowed(14, false), false);
  assert.equal(minAgeAllowed(12, true), true);
  assert.equal(minAgeAllowed(9, true), false);
});

test('hours: not in the future, more than zero, at most 24 in a day with what is logged already', () => {
  const today = '2026-12-06';
  assert.equal(hoursProblem({ day: today, hours: 8 }, today, 0), null);
  assert.equal(hoursProblem({ day: '2026-12-07', hours: 1 }, today, 0), 'future');
  assert.equal(hoursProblem({ day: today, hours: 0 }, today, 0), 'not_positive');
  assert.equal(hoursProblem({ day: today, hours: 25 }, today, 0), 'day_limit');
  assert.equal(hoursProblem({ day: today, hours: 24 }, today, 0), null);
  assert.equal(hoursProblem({ day: today, hours: 4.5 }, today, 19.5), null);
  assert.equal(hoursProblem({ day: today, hours: 4.6 }, today, 19.5), 'day_limit');
  assert.equal(hoursProblem({ day: today, hours: 0.3 }, today, 23.7), null, 'no rounding error at the limit');
  assert.equal(hoursProblem({ day: '2026-01-01', hours: 2 }, today, 0, '2026-02-01'), 'before_start');
});

/** A JMBG with its check digit, from 12 digits (test helper: not the code under test's own loop). */
function withCheck(first12: string): string {
  const w = [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  let s = 0;
  for (let i = 0; i < 12; i++) s += w[i]! * Number(first12[i]);
  const k = 11 - (s % 11);
  return first12 + String(k > 9 ? 0 : k);
}

test('JMBG: 13 digits, a real birth date and the check digit', () => {
  // Worked by hand: 0101990710006 → 7·0+6·1+5·0+4·1+3·9+2·9+7·0+6·7+5·1+4·0+3·0+2·0 = 102; 102 mod 11 = 3; 11 − 3 = 8.
  assert.equal(jmbgCheckDigit('010199071000'), 8);
  assert.equal(jmbgProblem('0101990710008'), null);
  assert.equal(jmbgProblem('0101990710007'), 'checksum');
  assert.equal(jmbgProblem('010199071000'), 'format');
  assert.equal(jmbgProblem('01019907100a8'), 'format');
  assert.equal(jmbgProblem('3102990710005'), 'date', '31 February');
  const y2008 = withCheck('150300871500');
  assert.equal(jmbgProblem(y2008), null, y2008);
  assert.equal(jmbgProblem(y2008, '2008-03-15'), null);
  assert.equal(jmbgProblem(y2008, '2008-03-16'), 'birth_date');
  // A first 12 whose remainder is 1 has no valid check digit at all.
  for (let d = 0; d <= 9; d++) {
    const c = `01019907100${d}`;
    if (jmbgCheckDigit(c) === null) for (let k = 0; k <= 9; k++) assert.equal(jmbgProblem(c + k), 'checksum');
  }
});
