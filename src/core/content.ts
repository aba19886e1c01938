import type { Queryable } from './db/db.ts';

/**
 * Something an office published (a news post, an activity, an opportunity), as the newsletter's
 * digest lists it. Each feature that publishes declares a `DigestSource` in its entry in app.ts;
 * the newsletter asks them all and knows none of them.
 */
export interface DigestItem {
  kind: 'news' | 'activity' | 'opportunity';
  /** The row's id, so a sent digest can record what it carried. */
  id: string;
  /** As typed, in either script: the reader's script is applied when the mail is rendered. */
  title: string;
  summary: string;
  /** A path on this site without the locale prefix, beginning with '/' (the mail prefixes the reader's locale). */
  path: string;
  /** When it was published (or, for an activity, when it starts). */
  at: Date;
}

/** The office's items published in [since, until), oldest first; public data only. */
export type DigestSource = (db: Queryable, officeId: string, since: Date, until: Date) => Promise<DigestItem[]>;
