import { collator } from './intl.ts';

/**
 * Aggregates of people with small cells suppressed. This is the ONE place counts of people leave
 * the database for display, reports or open data: raw counts come in (from a feature's stats
 * repo), suppressed tables go out. Pure, no I/O.
 *
 * Rules (threshold t, 5 by default):
 * - primary: every non-zero cell under t is shown as "<t" (zeros stay 0, so "<t" means 1…t−1);
 * - a total under t is shown as "<t" too (then every non-zero cell is under t as well);
 * - secondary (complementary): when the hidden cells could be worked out from the total minus
 *   the visible cells — one hidden cell, or several whose sum allows only one split (e.g. two
 *   cells "<5" with 2 left over must be 1 and 1) — the next smallest visible cell is hidden
 *   too, shown as "×" (any value); zeros only when no non-zero cell is left;
 * - when even that cannot protect a cell, the total is hidden as well ("×").
 * `recoverableCells` states the attacker's reasoning exactly and is what the tests check.
 */

export const DEFAULT_THRESHOLD = 5;

export interface Cell {
  key: string;
  count: number;
}

/** shown: the exact count; small: primary-suppressed ("<t"); hidden: secondary-suppressed ("×"). */
export type CellStatus = 'shown' | 'small' | 'hidden';

export interface OutCell extends Cell {
  status: CellStatus;
}

export interface Table {
  cells: OutCell[];
  /** Null for dimensions whose cells are not a partition (one person may be in several cells). */
  total: OutCell | null;
  threshold: number;
}

/** What a reader learns about a cell from how it is shown: the range of values it may hold. */
export function publishedRange(c: OutCell, threshold: number): [number, number] {
  if (c.status === 'shown') return [c.count, c.count];
  if (c.status === 'small') return [1, threshold - 1];
  return [0, Number.POSITIVE_INFINITY];
}

/**
 * Cells whose value a reader can work out exactly from a shown total and the other cells'
 * published ranges. For integer ranges with a fixed sum, cell i can take exactly the values in
 * [max(lo_i, S − Σ hi_j), min(hi_i, S − Σ lo_j)] (j ≠ i), so it is recoverable iff that range
 * has one value. Empty when the total is not shown.
 */
export function recoverableCells(cells: readonly OutCell[], total: OutCell | null, threshold: number): string[] {
  if (!total || total.status !== 'shown') return [];
  const hidden = cells.filter((c) => c.status !== 'shown');
  if (hidden.length === 0) return [];
  const visibleSum = cells.filter((c) => c.status === 'shown').reduce((s, c) => s + c.count, 0);
  const rest = total.count - visibleSum;
  const ranges = hidden.map((c) => publishedRange(c, threshold));
  const sumLo = ranges.reduce((s, r) => s + r[0], 0);
  // The other cells' upper bounds: infinite as soon as one of them is "×" (kept apart, as
  // ∞ − ∞ would give NaN and a lone "×" cell would never count as recoverable).
  const finiteHi = ranges.reduce((s, r) => s + (Number.isFinite(r[1]) ? r[1] : 0), 0);
  const unbounded = ranges.filter((r) => !Number.isFinite(r[1])).length;
  const out: string[] = [];
  hidden.forEach((c, i) => {
    const [lo, hi] = ranges[i]!;
    const own = Number.isFinite(hi);
    const othersHi = unbounded - (own ? 0 : 1) > 0 ? Number.POSITIVE_INFINITY : finiteHi - (own ? hi : 0);
    const min = Math.max(lo, rest - othersHi);
    const max = Math.min(hi, rest - (sumLo - lo));
    if (min >= max) out.push(c.key);
  });
  return out;
}

/**
 * Primary suppression only: a count of 1 … threshold − 1 is 'small'; a count the caller hides
 * (`hide`, e.g. a filter's complement) is 'hidden'; the rest 'shown'. Zero is never suppressed.
 */
export function primaryCells(cells: readonly Cell[], threshold: number, hide?: ReadonlySet<string>): OutCell[] {
  return cells.map((c) => ({
    key: c.key,
    count: c.count,
    status: c.count > 0 && c.count < threshold ? 'small' : c.count > 0 && hide?.has(c.key) ? 'hidden' : 'shown',
  }));
}

/**
 * Suppresses one dimension. `partition` (default true): every counted person is in exactly one
 * cell, so the total is the sum and is shown (or suppressed) too; false for dimensions such as
 * interests where one person counts in several cells and no total is shown. `hide`: keys of
 * cells another published table would give away (e.g. a filtered table beside the unfiltered
 * one: the difference is the people outside the filter); they are hidden first, and secondary
 * suppression then protects them as it protects small cells.
 */
export function suppress(
  cells: readonly Cell[],
  threshold: number = DEFAULT_THRESHOLD,
  opts: { partition?: boolean; hide?: ReadonlySet<string> } = {},
): Table {
  const out = primaryCells(cells, threshold, opts.hide);
  if (opts.partition === false) return { cells: out, total: null, threshold };
  const total = primaryCells([{ key: 'total', count: cells.reduce((s, c) => s + c.count, 0) }], threshold)[0]!;
  protectAgainst(out, total, threshold);
  return { cells: out, total, threshold };
}

/**
 * Secondary suppression of one line against its total: while a hidden cell can be worked out,
 * hides the smallest visible cell (non-zero first), or else the total. True when the total went.
 */
export function protectAgainst(line: OutCell[], total: OutCell, threshold: number): boolean {
  const book = new Ledger(threshold);
  return book.protect(book.line(line), total) === 'total';
}

/**
 * Whether any hidden cell of a line can be worked out (what `recoverableCells` finds, without
 * listing them), from the line's state alone: rest = total − the shown cells, nS cells "<t"
 * (each 1…t−1) and nH cells "×" (each 0…∞). All "<t" cells share one range, and all "×"
 * cells another, so each kind is recoverable as a whole or not at all.
 */
function anyRecoverable(rest: number, nS: number, nH: number, t: number): boolean {
  if (nS > 0) {
    const min = Math.max(1, rest - (nH > 0 ? Number.POSITIVE_INFINITY : (nS - 1) * (t - 1)));
    if (min >= Math.min(t - 1, rest - (nS - 1))) return true;
  }
  if (nH > 0) {
    const min = Math.max(0, rest - (nH > 1 ? Number.POSITIVE_INFINITY : nS * (t - 1)));
    if (min >= rest - nS) return true;
  }
  return false;
}

/**
 * One line (cells that add up to a total) with what secondary suppression asks of it kept up to
 * date: the shown cells' sum and how many are "<t" and "×", and the cells in the order
 * `hideNext` picks them (non-zero first, smallest, then by key), so checking a line costs O(1)
 * and hiding its next cell amortised O(1) — instead of filtering and sorting the line again for
 * every cell hidden. Statuses only ever go from shown to hidden.
 */
class LineState {
  shownSum = 0;
  small = 0;
  hidden = 0;
  /** Cells not shown whose count is not 0. */
  hiddenNonZero = 0;
  nonZero = 0;
  private next = 0;
  /** Sorted on the first cell hidden: most lines never hide one. */
  private order: OutCell[] | undefined;

  constructor(readonly cells: readonly OutCell[]) {
    for (const c of cells) {
      this.add(c, 1);
      if (c.count > 0) this.nonZero++;
    }
  }

  add(c: OutCell, sign: 1 | -1): void {
    if (c.status === 'shown') this.shownSum += sign * c.count;
    else if (c.status === 'small') this.small += sign;
    else this.hidden += sign;
    if (c.status !== 'shown' && c.count > 0) this.hiddenNonZero += sign;
  }

  recoverable(total: OutCell, threshold: number): boolean {
    return total.status === 'shown' && anyRecoverable(total.count - this.shownSum, this.small, this.hidden, threshold);
  }

  /** The cell `hideNext` would hide now, if any. */
  nextVisible(): OutCell | undefined {
    const order = (this.order ??= [...this.cells].sort(
      (a, b) => (a.count > 0 ? 0 : 1) - (b.count > 0 ? 0 : 1) || a.count - b.count || byKey.compare(a.key, b.key),
    ));
    while (this.next < order.length && order[this.next]!.status !== 'shown') this.next++;
    return order[this.next];
  }
}

/** `a.localeCompare(b)`'s order (the default locale's collation), without building it per call. */
const byKey = collator(undefined);

/** The lines of one printing; a cell (or a total that is another line's cell) may be in several. */
class Ledger {
  private readonly of = new Map<OutCell, LineState[]>();
  constructor(private readonly threshold: number) {}

  line(cells: readonly OutCell[]): LineState {
    const l = new LineState(cells);
    for (const c of cells) {
      const ls = this.of.get(c);
      if (ls) ls.push(l);
      else this.of.set(c, [l]);
    }
    return l;
  }

  hide(c: OutCell): void {
    const ls = this.of.get(c) ?? [];
    for (const l of ls) l.add(c, -1);
    c.status = 'hidden';
    for (const l of ls) l.add(c, 1);
  }

  /** Hides cells of a line, or else its total, while one can be worked out: what changed, if anything. */
  protect(line: LineState, total: OutCell): 'none' | 'cells' | 'total' {
    let changed: 'none' | 'cells' | 'total' = 'none';
    while (line.recoverable(total, this.threshold)) {
      const next = line.nextVisible();
      if (next) {
        this.hide(next);
        changed = 'cells';
      } else {
        this.hide(total);
        return 'total';
      }
    }
    return changed;
  }
}

/** Hides the smallest visible cell of a line (a non-zero one first); false when none is left. */
export function hideNext(line: OutCell[]): boolean {
  const visible = line.filter((c) => c.status === 'shown');
  const pick = (xs: OutCell[]) => xs.sort((a, b) => a.count - b.count || a.key.localeCompare(b.key))[0];
  const next = pick(visible.filter((c) => c.count > 0)) ?? pick(visible);
  if (!next) return false;
  next.status = 'hidden';
  return true;
}

/** A suppressed cell as printed: the count, "<5" or "×". */
export function display(c: OutCell, threshold: number = DEFAULT_THRESHOLD): string {
  return c.status === 'shown' ? String(c.count) : c.status === 'small' ? `<${threshold}` : '×';
}

/**
 * Several partitions of the same people (gender, age group, …) share one total: if any of them
 * has to hide it, it is hidden in all (a total shown in one table is known for every table).
 */
export function suppressShared(
  dimensions: Readonly<Record<string, readonly Cell[]>>,
  threshold: number = DEFAULT_THRESHOLD,
): Record<string, Table> {
  const tables = Object.fromEntries(Object.entries(dimensions).map(([k, cells]) => [k, suppress(cells, threshold)]));
  const hideTotal = Object.values(tables).some((t) => t.total?.status === 'hidden');
  if (hideTotal) for (const t of Object.values(tables)) if (t.total && t.total.status === 'shown') t.total.status = 'hidden';
  return tables;
}

/** Raw counts as the database returns them: one row per dimension and code (null = not known). */
export interface RawCount {
  dimension: string;
  code: string | null;
  n: number;
}

export interface DimensionSpec {
  /** Dimension name in RawCount. */
  name: string;
  /** Every code, in display order; counts for codes not returned are 0. 'unknown' collects nulls. */
  codes: readonly string[];
  partition: boolean;
}

/** Builds one dimension's cells from raw rows (unknown codes and nulls go to 'unknown' when it is a code). */
export function cellsOf(raw: readonly RawCount[], spec: DimensionSpec): Cell[] {
  const counts = new Map(spec.codes.map((c) => [c, 0]));
  for (const r of raw) {
    if (r.dimension !== spec.name) continue;
    const code = r.code !== null && counts.has(r.code) ? r.code : 'unknown';
    if (counts.has(code)) counts.set(code, counts.get(code)! + r.n);
  }
  return spec.codes.map((key) => ({ key, count: counts.get(key)! }));
}

/**
 * Two levels of one partition printed together (offices within regions within the country): a
 * region's count is the sum of its offices', the country's the sum of the regions' and of all
 * offices'. Printed one view at a time, a region's exact figure minus its offices' shown figures
 * gives away an office's "<5". Here, until nothing changes: the regions are protected against the
 * country's total, each shown region's offices against it (a region whose figure is not shown
 * shows not all of its offices either: they would add up to it), and all offices against the
 * country's total. Keys: each group's key, each leaf's key (unique across groups) and 'total'.
 */
export function suppressNested(
  groups: ReadonlyArray<{ key: string; cells: readonly Cell[] }>,
  threshold: number = DEFAULT_THRESHOLD,
): Map<string, OutCell> {
  const top = suppress(
    groups.map((g) => ({ key: g.key, count: g.cells.reduce((s, c) => s + c.count, 0) })),
    threshold,
  );
  const leaves = groups.map((g) => primaryCells(g.cells, threshold));
  const all = leaves.flat();
  const book = new Ledger(threshold);
  const topLine = book.line(top.cells);
  const ownLines = leaves.map((own) => book.line(own));
  const allLine = book.line(all);
  const protect = (line: LineState, total: OutCell) => book.protect(line, total) !== 'none';
  for (let changed = true, guard = 0; changed && guard < all.length + groups.length + 2; guard++) {
    changed = top.total ? protect(topLine, top.total) : false;
    groups.forEach((_, i) => {
      const region = top.cells[i]!;
      const own = ownLines[i]!;
      if (region.status === 'shown') changed = protect(own, region) || changed;
      // A region not shown whose non-zero offices all show would be their sum.
      else if (own.nonZero > 0 && own.hiddenNonZero === 0) {
        const next = own.nextVisible();
        if (next) {
          book.hide(next);
          changed = true;
        }
      }
    });
    if (top.total) changed = protect(allLine, top.total) || changed;
  }
  const out = new Map<string, OutCell>();
  for (const c of all) out.set(c.key, c);
  for (const c of top.cells) out.set(c.key, c);
  if (top.total) out.set('total', top.total);
  return out;
}
