import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recoverableCells, suppress, suppressNested, type OutCell } from './suppress.ts';

/**
 * Nested printing (offices within regions within the country): whatever one level shows, no
 * hidden cell of the other can be worked out — the regions against the country's total, each
 * region's offices against the region's printed figure.
 */
const T = 5;

function leaks(groups: Array<{ key: string; cells: Array<{ key: string; count: number }> }>, printed: Map<string, OutCell>): string[] {
  const out: string[] = [];
  const regionCells = groups.map((g) => printed.get(g.key)!);
  out.push(...recoverableCells(regionCells, printed.get('total') ?? null, T));
  for (const g of groups) {
    const own = g.cells.map((c) => printed.get(c.key)!);
    out.push(...recoverableCells(own, printed.get(g.key)!, T));
    // A region not shown whose offices all show is their sum.
    if (printed.get(g.key)!.status !== 'shown' && own.some((c) => c.count > 0) && own.every((c) => c.status === 'shown')) out.push(g.key);
  }
  out.push(
    ...recoverableCells(
      groups.flatMap((g) => g.cells.map((c) => printed.get(c.key)!)),
      printed.get('total') ?? null,
      T,
    ),
  );
  return [...new Set(out)];
}

test('an office under the threshold is not given away by its region’s figure minus its other offices', () => {
  const groups = [
    {
      key: 'region:x',
      cells: [
        { key: 'a', count: 60 },
        { key: 'b', count: 57 },
        { key: 'c', count: 3 },
      ],
    },
    { key: 'region:y', cells: [{ key: 'd', count: 40 }] },
  ];
  // Printed one view at a time (as before), the region's 120 minus 60 and 57 gives c = 3.
  const offices = suppress(
    groups.flatMap((g) => g.cells),
    T,
    { partition: false },
  );
  const regions = suppress(
    groups.map((g) => ({ key: g.key, count: g.cells.reduce((s, c) => s + c.count, 0) })),
    T,
  );
  const apart = new Map<string, OutCell>([...offices.cells, ...regions.cells].map((c) => [c.key, c]));
  apart.set('total', regions.total!);
  assert.deepEqual(leaks(groups, apart), ['c']);
  // Printed together: b is hidden as well, and nothing can be worked out.
  const printed = suppressNested(groups, T);
  assert.equal(printed.get('c')!.status, 'small');
  assert.equal(printed.get('b')!.status, 'hidden');
  assert.equal(printed.get('region:x')!.status, 'shown');
  assert.deepEqual(leaks(groups, printed), []);
});

test('a region whose only office is small hides its figure and one more region, so the country’s total gives neither away', () => {
  const groups = [
    { key: 'region:x', cells: [{ key: 'a', count: 2 }] },
    { key: 'region:y', cells: [{ key: 'b', count: 30 }] },
    { key: 'region:z', cells: [{ key: 'c', count: 25 }] },
  ];
  const printed = suppressNested(groups, T);
  assert.equal(printed.get('region:x')!.status, 'small');
  assert.equal(printed.get('total')!.status, 'shown');
  assert.deepEqual(leaks(groups, printed), []);
});

test('random networks: no printed cell of either level can be worked out from the other', () => {
  let seed = 42;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  for (let round = 0; round < 300; round++) {
    const groups = Array.from({ length: 1 + rnd(5) }, (_, g) => ({
      key: `region:${g}`,
      cells: Array.from({ length: 1 + rnd(5) }, (_, o) => ({ key: `${g}.${o}`, count: rnd(3) === 0 ? rnd(T) : rnd(40) })),
    }));
    const printed = suppressNested(groups, T);
    assert.deepEqual(leaks(groups, printed), [], JSON.stringify(groups));
    for (const g of groups) for (const c of g.cells) if (c.count > 0 && c.count < T) assert.notEqual(printed.get(c.key)!.status, 'shown');
  }
});

test('a lone "×" cell is worked out from the total like any other: hiding one cell for another table hides a second', () => {
  // `hide` (a cell another table gives away): 60 − 20 − 30 would be the hidden 10.
  const t = suppress(
    [
      { key: 'a', count: 10 },
      { key: 'b', count: 20 },
      { key: 'c', count: 30 },
    ],
    T,
    { hide: new Set(['a']) },
  );
  assert.deepEqual(
    t.cells.map((c) => c.status),
    ['hidden', 'hidden', 'shown'],
  );
  assert.deepEqual(recoverableCells(t.cells, t.total, T), []);
  // The attacker's reasoning itself: one "×" beside shown cells and a shown total is known.
  const one: OutCell[] = [
    { key: 'x', count: 7, status: 'hidden' },
    { key: 'y', count: 9, status: 'shown' },
  ];
  assert.deepEqual(recoverableCells(one, { key: 'total', count: 16, status: 'shown' }, T), ['x']);
  // Two "×" cells that must both be 0 are known too.
  const zeros: OutCell[] = [
    { key: 'x', count: 0, status: 'hidden' },
    { key: 'y', count: 0, status: 'hidden' },
    { key: 'z', count: 9, status: 'shown' },
  ];
  assert.deepEqual(recoverableCells(zeros, { key: 'total', count: 9, status: 'shown' }, T), ['x', 'y']);
});
