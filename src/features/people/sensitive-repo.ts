import type { Queryable } from '../../core/db/db.ts';
import { maybeOne } from '../../core/db/db.ts';
import type { Ethnicity } from './schema.ts';

/**
 * SQL of the special categories (ethnicity, disability, a health note): stored apart from the
 * person, only under a 'sensitive' consent in force.
 */

// ── Special categories ─────────────────────────────────────────────────────

export interface SensitiveRow {
  ethnicity: Ethnicity | null;
  disability: boolean | null;
  health_note: string;
  recorded_by_name: string | null;
  updated_at: Date;
}

export function findSensitive(q: Queryable, officeId: string, personId: string): Promise<SensitiveRow | undefined> {
  return maybeOne<SensitiveRow>(
    q,
    `SELECT s.ethnicity, s.disability, s.health_note, u.display_name AS recorded_by_name, s.updated_at
       FROM person_sensitive s LEFT JOIN users u ON u.id = s.recorded_by
      WHERE s.office_id = $1 AND s.person_id = $2`,
    [officeId, personId],
  );
}

export async function hasSensitive(q: Queryable, officeId: string, personId: string): Promise<boolean> {
  return (await maybeOne(q, 'SELECT 1 FROM person_sensitive WHERE office_id = $1 AND person_id = $2', [officeId, personId])) !== undefined;
}

export async function upsertSensitive(
  q: Queryable,
  officeId: string,
  personId: string,
  consentId: string,
  s: { ethnicity: Ethnicity | null; disability: boolean | null; health_note: string },
  recordedBy: string | null,
): Promise<void> {
  await q.query(
    `INSERT INTO person_sensitive (office_id, person_id, consent_id, ethnicity, disability, health_note, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (office_id, person_id) DO UPDATE SET consent_id = $3, ethnicity = $4, disability = $5, health_note = $6,
       recorded_by = $7, updated_at = now()`,
    [officeId, personId, consentId, s.ethnicity, s.disability, s.health_note, recordedBy],
  );
}

export async function deleteSensitive(q: Queryable, officeId: string, personId: string): Promise<void> {
  await q.query('DELETE FROM person_sensitive WHERE office_id = $1 AND person_id = $2', [officeId, personId]);
}
