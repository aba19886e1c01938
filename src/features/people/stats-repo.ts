import type { Queryable } from '../../core/db/db.ts';
import { CONSENT_IN_FORCE } from './consents-repo.ts';
import type { RawCount } from '../../core/suppress.ts';

/**
 * SQL of the register's statistics: raw counts only; people/stats.ts turns them into what is shown.
 */

// ── Statistics (raw counts; only stats.ts turns them into something shown) ──

/**
 * Raw counts per dimension for stats.ts. Counted: rows not merged into another, that either
 * hold a register consent in force or were anonymised (erasure keeps a person in past counts).
 * Age is by year of birth (the age reached this year), which erasure keeps, so a person never
 * moves between age groups when anonymised. Special categories: only people counted above
 * with a 'sensitive' consent in force.
 */
export function countPeople(q: Queryable, officeId: string, year: number): Promise<RawCount[]> {
  return q.query<RawCount>(
    `WITH counted AS (
       SELECT p.* FROM people p
        WHERE p.office_id = $1 AND p.merged_into_id IS NULL
          AND (p.anonymised_at IS NOT NULL
               OR EXISTS (SELECT 1 FROM person_consents c WHERE c.office_id = p.office_id AND c.person_id = p.id
                                                           AND c.purpose = 'register' AND ${CONSENT_IN_FORCE}))
     ), sens AS (
       SELECT s.* FROM person_sensitive s JOIN counted p ON p.office_id = s.office_id AND p.id = s.person_id
        WHERE p.anonymised_at IS NULL
          AND EXISTS (SELECT 1 FROM person_consents c WHERE c.office_id = s.office_id AND c.person_id = s.person_id
                                                       AND c.purpose = 'sensitive' AND ${CONSENT_IN_FORCE})
     ), aged AS (SELECT *, $2::int - birth_year AS age FROM counted)
     SELECT 'gender' AS dimension, gender AS code, count(*)::int AS n FROM counted GROUP BY 2
     UNION ALL
     SELECT 'age', CASE WHEN age BETWEEN 15 AND 19 THEN '15-19' WHEN age BETWEEN 20 AND 24 THEN '20-24'
                        WHEN age BETWEEN 25 AND 30 THEN '25-30' ELSE 'other' END, count(*)::int FROM aged GROUP BY 2
     UNION ALL
     SELECT 'settlement_kind', settlement_kind, count(*)::int FROM counted GROUP BY 2
     UNION ALL
     SELECT 'status', status, count(*)::int FROM counted GROUP BY 2
     UNION ALL
     SELECT 'interest', i, count(DISTINCT counted.id)::int FROM counted, unnest(counted.interests) AS i GROUP BY 2
     UNION ALL
     SELECT 'ethnicity', ethnicity, count(*)::int FROM sens GROUP BY 2
     UNION ALL
     SELECT 'disability', CASE WHEN disability THEN 'yes' WHEN NOT disability THEN 'no' END, count(*)::int FROM sens GROUP BY 2
     ORDER BY 1, 2`,
    [officeId, year],
  );
}
