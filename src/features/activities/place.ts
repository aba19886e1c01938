/**
 * Where an activity takes place, for people: one answer everywhere (calendar, activity page,
 * sign-up and link pages, "my registrations", mails, calendar feeds, the attendance sheet).
 * The words come from the database function activity_where (migrations 0006, 0024): an activity
 * "at the office" shows the office's address, never a blank. Select it with PLACE_SQL; show it
 * with placeShown.
 */

/**
 * The select-list item giving `place_text` of the activities row named `row` (an alias, or the
 * table name). `office`: the alias of its office's row when the query joins it — then the
 * two-argument activity_where (migration 0024), which PostgreSQL inlines; the one-argument form
 * reads the office itself once per row.
 */
export const placeSql = (row = 'a', office?: string) =>
  office ? `activity_where(${row}, ${office}) AS place_text` : `activity_where(${row}) AS place_text`;

export interface Placed {
  place_kind: string;
  /** activity_where: the address (office or own) with its town, or the online link. */
  place_text: string;
}

/**
 * The place in the reader's script; an online activity shows `online` (a label, or the link
 * where the reader needs it, as in a mail).
 */
export function placeShown(a: Placed, tx: (s: string) => string, online?: string): string {
  if (a.place_kind === 'online') return online ?? a.place_text;
  return tx(a.place_text);
}
