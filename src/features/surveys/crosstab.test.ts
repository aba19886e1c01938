import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { crossTab, recoverableInCrossTab } from './crosstab.ts';

test('a cross-tab hides the small cell and whatever would give it away, in rows and columns', () => {
  // yes/no × female/male: 3 women said no; the women's total and the "no" total are shown.
  const data: Record<string, number> = { 'yes|female': 20, 'no|female': 3, 'yes|male': 15, 'no|male': 12 };
  const x = crossTab(
    ['yes', 'no'],
    ['female', 'male'],
    (r, c) => data[`${r}|${c}`] ?? 0,
    (c) => (c === 'female' ? 23 : 27),
    {
      threshold: 5,
      columnsArePartitions: true,
    },
  );
  assert.equal(x.cells[1]![0]!.status, 'small');
  // 23 − 20 would give 3 away: the column's other cell is hidden, and then the rows'.
  assert.notEqual(x.cells[0]![0]!.status, 'shown');
  assert.deepEqual(recoverableInCrossTab(x, true), []);
});

test('property: no cell of a suppressed cross-tab can be worked out from its margins', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 4 }),
      (m) => {
        const rows = m.map((_, i) => `r${i}`);
        const cols = ['a', 'b', 'c'];
        const x = crossTab(
          rows,
          cols,
          (r, c) => m[Number(r.slice(1))]![cols.indexOf(c)]!,
          (c) => m.reduce((s, row) => s + row[cols.indexOf(c)]!, 0),
          {
            threshold: 5,
            columnsArePartitions: true,
          },
        );
        assert.deepEqual(recoverableInCrossTab(x, true), []);
      },
    ),
    { numRuns: 300 },
  );
});
