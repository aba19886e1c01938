import type { Queryable } from '../db/db.ts';
import type { MessageKey } from '../i18n/messages.ts';

/**
 * A link on the admin dashboard's card of an office that a later feature brings, with what awaits
 * the office's staff there (pending requests): a feature declares it in its app.ts entry
 * (`staffLinks: [...]`), app.ts hands them to admin, which imports none of them.
 */
export interface OfficeStaffLink {
  label: MessageKey;
  /** Below /admin/kancelarije/<slug>/ (e.g. 'prostor'). */
  path: string;
  /** The count shown beside the link ("3 pending requests"); 0 shows no count. */
  pending?: { label: MessageKey; count(db: Queryable, officeId: string): Promise<number> };
}
