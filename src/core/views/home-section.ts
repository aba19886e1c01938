import type { Child } from 'hono/jsx';
import type { Queryable } from '../db/db.ts';
import type { View } from './view.ts';

/** The office whose home page a section is part of. */
export interface HomeOffice {
  id: string;
  slug: string;
  name: string;
}

/**
 * A section of an office's home page (`offices.show`) that a later feature brings: what is on
 * this week, opportunities closing soon, the latest news. Each feature declares its sections in
 * its entry in src/app.ts (`home: [...]`); app.ts hands them all to offices, which comes early
 * in the feature order and imports none of them.
 *
 * The page is cached for anonymous readers: `tags` names the page-cache tags of what the
 * section shows for that office — the tags that feature's writes already touch — so a write
 * drops the home page too. A section renders small HTML and no script (a cheap phone on a slow
 * network), from one or two indexed queries.
 */
export interface OfficeHomeSection {
  /** Position on the page: lower first (activities 10, opportunities 20, news 30). */
  order: number;
  tags(officeId: string): readonly string[];
  /** Its HTML (a <section> with a heading), or null to leave the page without it. */
  render(v: View, office: HomeOffice, db: Queryable, now: Date): Promise<Child>;
}
