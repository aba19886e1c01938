import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hideNext, primaryCells, recoverableCells, suppress, suppressNested, type Cell, type OutCell, type Table } from './suppress.ts';

/**
 * core/suppress.ts keeps each line's state (shown sum, "<t" and "×" counts, the order cells are
 * hidden in) instead of re-scanning every cell of the line for each cell it hides. These are the
 * algorithms as they were written first — `recoverableCells` over the whole line, then `hideNext`,
 * until nothing can be worked out — and the fast ones must print exactly what they print.
 */

function slowSuppress(cells: readonly Cell[], threshold: number, opts: { partition?: boolean; hide?: ReadonlySet<string> } = {}): Table {
  const out = primaryCells(cells, threshold, opts.hide);
  if (opts.partition === false) return { cells: out, total: null, threshold };
  const total = primaryCells([{ key: 'total', count: cells.reduce((s, c) => s + c.count, 0) }], threshold)[0]!;
  while (total.status === 'shown' && recoverableCells(out, total, threshold).length > 0) {
    if (!hideNext(out)) total.status = 'hidden';
  }
  return { cells: out, total, threshold };
}

function slowNested(groups: ReadonlyArray<{ key: string; cells: readonly Cell[] }>, threshold: number): Map<string, OutCell> {
  const top = slowSuppress(
    groups.map((g) => ({ key: g.key, count: g.cells.reduce((s, c) => s + c.count, 0) })),
    threshold,
  );
  const leaves = groups.map((g) => primaryCells(g.cells, threshold));
  const all = leaves.flat();
  const protect = (line: OutCell[], total: OutCell): boolean => {
    let changed = false;
    while (total.status === 'shown' && recoverableCells(line, total, threshold).length > 0) {
      if (!hideNext(line)) total.status = 'hidden';
      changed = true;
    }
    return changed;
  };
  for (let changed = true, guard = 0; changed && guard < all.length + groups.length + 2; guard++) {
    changed = top.total ? protect(top.cells, top.total) : false;
    groups.forEach((_, i) => {
      const region = top.cells[i]!;
      const own = leaves[i]!;
      if (region.status === 'shown') changed = protect(own, region) || changed;
      else if (own.some((c) => c.count > 0) && own.every((c) => c.status === 'shown' || c.count === 0) && hideNext(own)) changed = true;
    });
    if (top.total) changed = protect(all, top.total) || changed;
  }
  const out = new Map<string, OutCell>();
  for (const c of all) out.set(c.key, c);
  for (const c of top.cells) out.set(c.key, c);
  if (top.total) out.set('total', top.total);
  return out;
}

let seed = 20260817;
const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
/** Counts as offices have them: zeros, small cells, ties, and now and then large ones. */
const count = (t: number) => [0, rnd(t), rnd(t), rnd(2 * t), rnd(40), rnd(40), rnd(1500)][rnd(7)]!;

test('suppress: the fast lines print what the re-scanning loop printed, on random tables (with and without hidden keys)', () => {
  for (let round = 0; round < 3000; round++) {
    const t = 2 + rnd(9);
    const cells = Array.from({ length: 1 + rnd(round % 10 === 0 ? 60 : 12) }, (_, i) => ({
      key: `c${rnd(3) === 0 ? rnd(50) : i}`,
      count: count(t),
    }));
    const hide = rnd(3) === 0 ? new Set(cells.filter(() => rnd(4) === 0).map((c) => c.key)) : undefined;
    const opts = { partition: rnd(5) !== 0, ...(hide ? { hide } : {}) };
    assert.deepEqual(
      suppress(cells, t, opts),
      slowSuppress(cells, t, opts),
      JSON.stringify({ cells, t, opts: { ...opts, hide: [...(hide ?? [])] } }),
    );
  }
});

test('suppressNested: offices within regions printed as the re-scanning loop printed them, on random networks', () => {
  for (let round = 0; round < 1500; round++) {
    const t = 2 + rnd(7);
    const big = round % 25 === 0;
    const groups = Array.from({ length: 1 + rnd(big ? 8 : 5) }, (_, g) => ({
      key: `region:${g}`,
      cells: Array.from({ length: 1 + rnd(big ? 30 : 6) }, (_, o) => ({ key: `${g}.${o}`, count: count(t) })),
    }));
    const fast = suppressNested(groups, t);
    const slow = slowNested(groups, t);
    assert.deepEqual([...fast].sort(), [...slow].sort(), JSON.stringify({ t, groups }));
  }
});
