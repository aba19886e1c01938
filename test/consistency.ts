import assert from 'node:assert/strict';
import type { Db } from '../src/core/db/db.ts';
import { officeSearchKey } from '../src/features/offices/schema.ts';

/**
 * Invariants the database must satisfy after any sequence of requests: things no constraint
 * states (or that a constraint states but a migration could lose). Used after fuzzing each
 * form; a feature adds its own invariants to CHECKS.
 */
export interface ConsistencyCheck {
  name: string;
  /** Returns a description of each violation (empty when all is well). */
  violations: (db: Db) => Promise<string[]>;
}

/** Rows returned by a "find the broken rows" query, each rendered as one line. */
const broken = (sql: string) => async (db: Db) => (await db.query<Record<string, unknown>>(sql)).map((r) => JSON.stringify(r));

export const CHECKS: ConsistencyCheck[] = [
  {
    // Sign-up writes the user and the consent in one transaction; a user without one is half-written.
    name: 'every user has at least one consent row',
    violations: broken(`SELECT u.id, u.email FROM users u WHERE NOT EXISTS (SELECT 1 FROM consents c WHERE c.user_id = u.id)`),
  },
  {
    name: "every office's search_key is its folded name and town",
    async violations(db) {
      const rows = await db.query<{ slug: string; name: string; town: string; search_key: string }>('SELECT slug, name, town, search_key FROM offices');
      return rows
        .filter((o) => o.search_key !== officeSearchKey(o.name, o.town))
        .map((o) => `${o.slug}: search_key ${JSON.stringify(o.search_key)} ≠ ${JSON.stringify(officeSearchKey(o.name, o.town))}`);
    },
  },
  {
    name: 'opening hours close after they open',
    violations: broken(`SELECT office_id, weekday, opens::text, closes::text FROM office_hours WHERE closes <= opens`),
  },
  {
    name: 'office hours of one day do not overlap',
    violations: broken(
      `SELECT a.office_id, a.weekday, a.opens::text, b.opens::text AS other FROM office_hours a JOIN office_hours b
         ON a.office_id = b.office_id AND a.weekday = b.weekday AND a.opens < b.opens AND b.opens < a.closes`,
    ),
  },
  {
    name: 'coordinators of an office have distinct positions',
    violations: broken(`SELECT office_id, position, count(*)::int AS n FROM office_coordinators GROUP BY 1, 2 HAVING count(*) > 1`),
  },
  {
    // enqueueMail refuses these; a row like that could never be delivered.
    name: 'every outbox mail has one bare recipient, a subject and a body',
    violations: broken(
      `SELECT id, recipient, subject FROM outbox
        WHERE btrim(recipient) = '' OR recipient ~ '[[:space:],;<>]' OR btrim(subject) = '' OR btrim(body_text) = ''`,
    ),
  },
  {
    name: 'one-time tokens expire after they are created; change-email tokens name the new address',
    violations: broken(
      `SELECT token_hash, purpose FROM user_tokens
        WHERE expires_at <= created_at OR (purpose = 'change_email') <> (new_email IS NOT NULL)`,
    ),
  },
  {
    name: 'every account address is one bare address',
    violations: broken(`SELECT id, email FROM users WHERE email <> btrim(email) OR email !~ '^[^[:space:]@]+@[^[:space:]@]+$'`),
  },
  {
    name: 'a used token was used after it was created',
    violations: broken(`SELECT token_hash FROM user_tokens WHERE used_at IS NOT NULL AND used_at < created_at`),
  },
];

/** Fails with every violated invariant and its rows. */
export async function checkConsistency(db: Db): Promise<void> {
  const problems: string[] = [];
  for (const check of CHECKS) {
    const v = await check.violations(db);
    if (v.length > 0) problems.push(`${check.name}:\n    ${v.slice(0, 10).join('\n    ')}${v.length > 10 ? `\n    … and ${v.length - 10} more` : ''}`);
  }
  assert.equal(problems.length, 0, `Database inconsistent:\n  ${problems.join('\n  ')}`);
}
