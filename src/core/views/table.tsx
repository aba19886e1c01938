import type { Child } from 'hono/jsx';

/**
 * One table for every list of records (people, registrations, associations, imports…), so a
 * list can never again be wider than a phone: on a wide screen it is an ordinary table; below
 * 40rem (see `table.data` in public/app.css) every row becomes a stacked card whose cells carry
 * their column's name (`data-label`). The explicit ARIA roles keep the table's semantics for
 * screen readers once CSS changes `display` (browsers drop them otherwise). An empty list shows
 * its message instead of an empty table; a search result (`found`) says its count above it.
 */
export interface Column<R> {
  /** The heading, and each cell's label when the rows stack on a phone. */
  label: string;
  cell: (row: R, index: number) => Child;
  /** The column that names the row (at most one): a row header, the card's title on a phone. */
  rowHeader?: boolean;
  /** Buttons and links acting on the row: shown without a label under the card. */
  actions?: boolean;
  /** Figures: right-aligned on a wide screen. */
  numeric?: boolean;
}

export function DataTable<R>(p: {
  caption: string;
  /** The caption is read by screen readers but not shown (the page's heading already says it). */
  captionHidden?: boolean;
  rows: readonly R[];
  /** Falsy entries are skipped, so a column can be conditional inline. */
  columns: ReadonlyArray<Column<R> | false | null | undefined>;
  /** Shown instead of the table when there are no rows (nothing when left out). */
  empty?: Child;
  /**
   * A search result's count: a status line above the table (read out when it changes) saying
   * found(n) when there are rows, the `empty` message when there are none.
   */
  found?: (n: number) => Child;
  class?: string;
  /** An optional <tfoot> row of totals, one cell per column. */
  totals?: readonly Child[];
}) {
  const status = p.found ? (
    <p role="status" class="count">
      {p.rows.length > 0 ? p.found(p.rows.length) : p.empty}
    </p>
  ) : null;
  if (p.rows.length === 0) return status ?? (p.empty === undefined ? null : <p class="empty">{p.empty}</p>);
  const columns = p.columns.filter((c): c is Column<R> => Boolean(c));
  const cellClass = (c: Column<R>) => [c.actions ? 'actions' : '', c.numeric ? 'num' : ''].filter(Boolean).join(' ') || undefined;
  const table = (
    <table class={p.class ? `data ${p.class}` : 'data'} role="table">
      <caption class={p.captionHidden ? 'visually-hidden' : undefined}>{p.caption}</caption>
      <thead role="rowgroup">
        <tr role="row">
          {columns.map((c) => (
            <th scope="col" role="columnheader" class={cellClass(c)}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody role="rowgroup">
        {p.rows.map((row, i) => (
          <tr role="row">
            {columns.map((c) =>
              c.rowHeader ? (
                <th scope="row" role="rowheader">
                  {c.cell(row, i)}
                </th>
              ) : (
                <td role="cell" class={cellClass(c)} data-label={c.actions ? undefined : c.label}>
                  {c.cell(row, i)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
      {p.totals ? (
        <tfoot role="rowgroup">
          <tr role="row">
            {columns.map((c, i) => (
              <td role="cell" class={cellClass(c)} data-label={i === 0 ? undefined : c.label}>
                {p.totals![i]}
              </td>
            ))}
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
  return status ? (
    <>
      {status}
      {table}
    </>
  ) : (
    table
  );
}
