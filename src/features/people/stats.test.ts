import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { display, recoverableCells, suppress, suppressShared, type Cell, type Table } from '../../core/suppress.ts';
import { buildStats } from './stats.ts';

const cells = (...counts: number[]): Cell[] => counts.map((count, i) => ({ key: `c${i}`, count }));
const shown = (t: Table) => t.cells.map((c) => display(c, t.threshold));

describe('suppress: small cells', () => {
  test('every non-zero cell under 5 is "<5"; zeros and larger cells are shown', () => {
    const t = suppress(cells(0, 1, 4, 5, 12, 3));
    assert.deepEqual(shown(t), ['0', '<5', '<5', '5', '12', '<5']);
    assert.equal(display(t.total!), '25');
  });

  test('one small cell: the next smallest non-zero cell is hidden too, so total − visible says nothing', () => {
    const t = suppress(cells(3, 0, 10, 7));
    assert.deepEqual(shown(t), ['<5', '0', '10', '×']);
    assert.equal(display(t.total!), '20');
    assert.deepEqual(recoverableCells(t.cells, t.total, 5), []);
  });

  test('two small cells whose sum allows one split only (1 + 1) get a complementary cell', () => {
    const t = suppress(cells(1, 1, 20, 9));
    assert.deepEqual(shown(t), ['<5', '<5', '20', '×']);
    const t4 = suppress(cells(4, 4, 30, 6));
    assert.deepEqual(shown(t4), ['<5', '<5', '30', '×']);
  });

  test('two small cells with an ambiguous sum need nothing more', () => {
    assert.deepEqual(shown(suppress(cells(2, 1, 20))), ['<5', '<5', '20']);
  });

  test('a total under 5 is itself "<5"', () => {
    const t = suppress(cells(2, 0, 1));
    assert.deepEqual(shown(t), ['<5', '0', '<5']);
    assert.equal(display(t.total!), '<5');
  });

  test('only small cells and no zero left to hide: a zero is hidden, and if nothing can protect, the total', () => {
    const t = suppress(cells(4, 4, 0));
    assert.deepEqual(shown(t), ['<5', '<5', '×']);
    assert.deepEqual(recoverableCells(t.cells, t.total, 5), []);
    const five = suppress(cells(1, 1, 1, 1, 1));
    assert.equal(display(five.total!), '×', 'five ones: the total would give every cell away');
  });

  test('non-partition dimensions (interests) get primary suppression and no total', () => {
    const t = suppress(cells(3, 8, 0), 5, { partition: false });
    assert.deepEqual(shown(t), ['<5', '8', '0']);
    assert.equal(t.total, null);
  });

  test('the threshold is a parameter', () => {
    assert.deepEqual(shown(suppress(cells(9, 10, 11), 10)), ['<10', '×', '11']);
  });

  test('recoverableCells finds what a reader could work out (the check the suppression relies on)', () => {
    const naive: Table = {
      cells: [
        { key: 'a', count: 3, status: 'small' },
        { key: 'b', count: 10, status: 'shown' },
      ],
      total: { key: 'total', count: 13, status: 'shown' },
      threshold: 5,
    };
    assert.deepEqual(recoverableCells(naive.cells, naive.total, 5), ['a']);
  });
});

describe('suppress: properties', () => {
  const dims = fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 60 })), { minLength: 1, maxLength: 9 });

  test('no suppressed value is recoverable from a shown total minus the visible cells', () => {
    fc.assert(
      fc.property(dims, fc.integer({ min: 2, max: 10 }), (counts, threshold) => {
        const t = suppress(cells(...counts), threshold);
        assert.deepEqual(recoverableCells(t.cells, t.total, threshold), []);
      }),
      { numRuns: 3000 },
    );
  });

  test('no non-zero cell under the threshold is ever shown; shown cells and totals are exact', () => {
    fc.assert(
      fc.property(dims, (counts) => {
        const t = suppress(cells(...counts));
        t.cells.forEach((c, i) => {
          assert.equal(c.count, counts[i]);
          if (c.count > 0 && c.count < 5) assert.notEqual(c.status, 'shown');
          if (c.status === 'small') assert.ok(c.count > 0 && c.count < 5, 'a cell shown as "<5" really is under 5');
        });
        const sum = counts.reduce((a, b) => a + b, 0);
        assert.equal(t.total!.count, sum);
        if (sum > 0 && sum < 5) assert.equal(t.total!.status, 'small');
      }),
      { numRuns: 2000 },
    );
  });

  test('a brute-force reader agrees: with the total shown, every hidden cell has at least two possible values', () => {
    // Enumerates every assignment consistent with what is printed (small cells 1..t−1, hidden
    // cells 0..total) for small tables, independently of recoverableCells' interval reasoning.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 4 }), (counts) => {
        const t = suppress(cells(...counts));
        if (t.total!.status !== 'shown') return;
        const hidden = t.cells.filter((c) => c.status !== 'shown');
        const rest = t.total!.count - t.cells.filter((c) => c.status === 'shown').reduce((s, c) => s + c.count, 0);
        const seen = hidden.map(() => new Set<number>());
        const walk = (i: number, left: number, acc: number[]) => {
          if (i === hidden.length) {
            if (left === 0) acc.forEach((v, j) => seen[j]!.add(v));
            return;
          }
          const [lo, hi] = hidden[i]!.status === 'small' ? [1, 4] : [0, left];
          for (let v = lo; v <= Math.min(hi, left); v++) walk(i + 1, left - v, [...acc, v]);
        };
        walk(0, rest, []);
        seen.forEach((s, j) => assert.ok(s.size >= 2, `${hidden[j]!.key} of ${JSON.stringify(counts)} can only be ${[...s].join()}`));
      }),
      { numRuns: 3000 },
    );
  });

  test('dimensions that share a total hide it together', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 2, maxLength: 5 }), (counts) => {
        const sum = counts.reduce((a, b) => a + b, 0);
        const tables = suppressShared({ a: cells(...counts), b: cells(sum) });
        assert.equal(tables.a!.total!.status, tables.b!.total!.status);
        for (const t of Object.values(tables)) assert.deepEqual(recoverableCells(t.cells, t.total, 5), []);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('buildStats', () => {
  test('fills missing codes with 0, collects nulls and unknown codes in "unknown", suppresses each group', () => {
    const s = buildStats(
      [
        { dimension: 'gender', code: 'female', n: 12 },
        { dimension: 'gender', code: 'male', n: 2 },
        { dimension: 'gender', code: null, n: 9 },
        { dimension: 'interest', code: 'education', n: 3 },
        { dimension: 'ethnicity', code: 'roma', n: 2 },
      ],
      {
        population: [
          { name: 'gender', codes: ['female', 'male', 'other', 'unknown'], partition: true },
          { name: 'interest', codes: ['education', 'health'], partition: false },
        ],
        sensitive: [{ name: 'ethnicity', codes: ['roma', 'serbian', 'unknown'], partition: true }],
      },
    );
    assert.deepEqual(shown(s.population.gender!), ['12', '<5', '0', '×']);
    assert.equal(display(s.population.gender!.total!), '23');
    assert.deepEqual(shown(s.population.interest!), ['<5', '0']);
    assert.equal(display(s.sensitive.ethnicity!.total!), '<5');
  });
});
