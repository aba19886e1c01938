import { hideNext, recoverableCells, suppress, type OutCell } from '../../core/suppress.ts';

/**
 * A cross-tab (a question's values × a demographic dimension's groups) with small cells
 * suppressed, built on core/suppress.ts: primary suppression as `suppress` does it, the
 * groups' margin suppressed as one partition, and secondary suppression in both directions —
 * in each group's column (when the values are a partition of the group: single choice, scale)
 * and in each value's row (always a partition of the people who gave that value, whose total
 * the question's own table shows) — repeated until no hidden cell can be worked out from a
 * shown total and the other cells (`recoverableCells`, the attacker's reasoning of core).
 */
export interface CrossTab {
  rows: string[];
  cols: string[];
  /** cells[row][col] */
  cells: OutCell[][];
  /** Respondents per group (who answered the question), suppressed as a partition with the total. */
  colTotals: OutCell[];
  /** Per value (the question's own table). */
  rowTotals: OutCell[];
  total: OutCell;
  threshold: number;
}

export function crossTab(
  rows: readonly string[],
  cols: readonly string[],
  count: (row: string, col: string) => number,
  colCount: (col: string) => number,
  opts: {
    threshold: number;
    columnsArePartitions: boolean;
    /** Keys (a value, a group, `value|group`) another published table would give away: hidden first. */
    hide?: ReadonlySet<string>;
  },
): CrossTab {
  const t = opts.threshold;
  const margin = suppress(
    cols.map((c) => ({ key: c, count: colCount(c) })),
    t,
    { ...(opts.hide ? { hide: opts.hide } : {}) },
  );
  const rowTable = suppress(
    rows.map((r) => ({ key: r, count: cols.reduce((s, c) => s + count(r, c), 0) })),
    t,
    { partition: opts.columnsArePartitions, ...(opts.hide ? { hide: opts.hide } : {}) },
  );
  const cells: OutCell[][] = rows.map((r) =>
    cols.map((c) => {
      const n = count(r, c);
      const status = n > 0 && n < t ? 'small' : n > 0 && opts.hide?.has(`${r}|${c}`) ? 'hidden' : 'shown';
      return { key: `${r}|${c}`, count: n, status };
    }),
  );
  /** Protects one line against its total: hides the next visible cell, or else the total itself. */
  const protect = (line: OutCell[], total: OutCell): boolean => {
    if (recoverableCells(line, total, t).length === 0) return false;
    if (!hideNext(line)) total.status = 'hidden';
    return true;
  };
  const withSum = (line: OutCell[], total: OutCell): OutCell => {
    // The line's total as printed, with the line's own sum (a view of the same cell: its status is copied back).
    return Object.assign(total, { count: line.reduce((s, c) => s + c.count, 0) });
  };
  for (let guard = 0; guard < (rows.length + 2) * (cols.length + 2) * 2; guard++) {
    let changed = false;
    if (margin.total && protect(margin.cells, margin.total)) changed = true;
    if (opts.columnsArePartitions && rowTable.total && protect(rowTable.cells, rowTable.total)) changed = true;
    // A line whose total is not shown shows none of its cells (its total would follow from them).
    cols.forEach((_, j) => {
      if (margin.cells[j]!.status === 'hidden')
        for (const row of cells)
          if (row[j]!.count > 0 && row[j]!.status === 'shown') {
            row[j]!.status = 'hidden';
            changed = true;
          }
    });
    rows.forEach((_, i) => {
      if (rowTable.cells[i]!.status === 'hidden')
        for (const c of cells[i]!)
          if (c.count > 0 && c.status === 'shown') {
            c.status = 'hidden';
            changed = true;
          }
    });
    if (opts.columnsArePartitions)
      cols.forEach((_, j) => {
        const line = cells.map((row) => row[j]!);
        if (protect(line, withSum(line, margin.cells[j]!))) changed = true;
      });
    rows.forEach((_, i) => {
      if (protect(cells[i]!, withSum(cells[i]!, rowTable.cells[i]!))) changed = true;
    });
    if (!changed) break;
  }
  return {
    rows: [...rows],
    cols: [...cols],
    cells,
    colTotals: margin.cells,
    rowTotals: rowTable.cells,
    total: margin.total!,
    threshold: t,
  };
}

/** Every cell of the cross-tab a reader could work out exactly (empty when suppression holds); what the tests check. */
export function recoverableInCrossTab(x: CrossTab, columnsArePartitions: boolean): string[] {
  const out: string[] = [];
  out.push(...recoverableCells(x.colTotals, x.total, x.threshold));
  x.rows.forEach((_, i) => {
    const line = x.cells[i]!;
    const total = { ...x.rowTotals[i]!, count: line.reduce((s, c) => s + c.count, 0) };
    out.push(...recoverableCells(line, total, x.threshold));
  });
  if (columnsArePartitions)
    x.cols.forEach((_, j) => {
      const line = x.cells.map((r) => r[j]!);
      const total = { ...x.colTotals[j]!, count: line.reduce((s, c) => s + c.count, 0) };
      out.push(...recoverableCells(line, total, x.threshold));
    });
  return [...new Set(out)];
}
