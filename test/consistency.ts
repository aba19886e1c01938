import assert from 'node:assert/strict';
import type { Db } from '../src/core/db/db.ts';
import { associationSearchKey } from '../src/features/associations/schema.ts';
import { partnerSearchKey } from '../src/features/partners/schema.ts';
import { officeSearchKey } from '../src/features/offices/schema.ts';
import { searchKey } from '../src/core/i18n/script.ts';
import { personSearchKey } from '../src/features/people/schema.ts';

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
      const rows = await db.query<{ slug: string; name: string; town: string; search_key: string }>(
        'SELECT slug, name, town, search_key FROM offices',
      );
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
  // ── People register (features/people) ──
  {
    name: "every person's search_key is the folded name and e-mail ('' once anonymised)",
    async violations(db) {
      const rows = await db.query<{ id: string; full_name: string; email: string; search_key: string; anonymised_at: Date | null }>(
        'SELECT id, full_name, email, search_key, anonymised_at FROM people',
      );
      return rows
        .filter((p) => p.search_key !== (p.anonymised_at ? '' : personSearchKey(p.full_name, p.email)))
        .map((p) => `${p.id}: ${JSON.stringify(p.search_key)}`);
    },
  },
  {
    // Staff add people only with a register consent; online, a parent's may still be pending.
    name: 'every live person has a live register consent',
    violations: broken(
      `SELECT p.office_id, p.id FROM people p WHERE p.merged_into_id IS NULL AND p.anonymised_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM person_consents c WHERE c.office_id = p.office_id AND c.person_id = p.id
                                                           AND c.purpose = 'register' AND c.withdrawn_at IS NULL)`,
    ),
  },
  {
    // A merge moves the consents the winner lacks; one left behind would be a consent nobody honours.
    name: 'a live consent on a merged person is matched by a live consent of the person it was merged into',
    violations: broken(
      `SELECT l.office_id, l.id AS loser, l.merged_into_id AS winner, c.purpose FROM people l
         JOIN person_consents c ON c.office_id = l.office_id AND c.person_id = l.id AND c.withdrawn_at IS NULL
        WHERE l.merged_into_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM person_consents w WHERE w.office_id = l.office_id AND w.person_id = l.merged_into_id
                                                           AND w.purpose = c.purpose AND w.withdrawn_at IS NULL)`,
    ),
  },
  {
    name: "special categories exist only under the same person's live 'sensitive' consent, on a live row",
    violations: broken(
      `SELECT s.office_id, s.person_id FROM person_sensitive s
         JOIN people p ON p.office_id = s.office_id AND p.id = s.person_id
         LEFT JOIN person_consents c ON c.office_id = s.office_id AND c.id = s.consent_id
        WHERE c.id IS NULL OR c.person_id <> s.person_id OR c.purpose <> 'sensitive' OR c.withdrawn_at IS NOT NULL
           OR p.merged_into_id IS NOT NULL OR p.anonymised_at IS NOT NULL`,
    ),
  },
  {
    name: "anonymised people keep no personal data: no consent in force, no parent's name or address",
    violations: broken(
      `SELECT p.office_id, p.id, c.id AS consent FROM people p
         JOIN person_consents c ON c.office_id = p.office_id AND c.person_id = p.id
        WHERE p.anonymised_at IS NOT NULL AND (c.withdrawn_at IS NULL OR c.parent_name <> '' OR c.parent_email <> '')`,
    ),
  },
  {
    name: "a person's settlement kind is their settlement's kind",
    violations: broken(
      `SELECT p.office_id, p.id, p.settlement_kind, s.kind FROM people p
         JOIN office_settlements s ON s.office_id = p.office_id AND s.id = p.settlement_id
        WHERE p.settlement_kind IS DISTINCT FROM s.kind`,
    ),
  },
  {
    name: "every settlement's search_key is its folded name",
    async violations(db) {
      const rows = await db.query<{ id: string; name: string; search_key: string }>('SELECT id, name, search_key FROM office_settlements');
      return rows
        .filter((s) => s.search_key !== searchKey(s.name))
        .map((s) => `${s.id}: ${JSON.stringify(s.name)} → ${JSON.stringify(s.search_key)}`);
    },
  },
  // ── Imports (features/imports) ──
  {
    // A preview's rows are its counts; a finished import keeps none (personal data) and a cancelled one wrote nothing.
    name: 'an import preview holds row_count rows; a finished one none; a cancelled one wrote nothing; none wrote more than it had',
    violations: broken(
      `SELECT office_id, id, status, row_count, written, jsonb_array_length(rows) AS held FROM imports
        WHERE (status = 'preview' AND (jsonb_array_length(rows) <> row_count OR written <> 0))
           OR (status <> 'preview' AND rows <> '[]'::jsonb)
           OR (status = 'cancelled' AND written <> 0) OR written > row_count`,
    ),
  },
  {
    // createPerson writes the consent (evidence 'import') and the 'import' access entry with the row.
    name: 'every imported person came with an imported consent and an import entry in the access log',
    violations: broken(
      `SELECT p.office_id, p.id FROM people p WHERE p.source = 'import' AND p.anonymised_at IS NULL AND p.merged_into_id IS NULL
          AND (NOT EXISTS (SELECT 1 FROM person_consents c WHERE c.office_id = p.office_id AND c.person_id = p.id AND c.evidence = 'import')
               OR NOT EXISTS (SELECT 1 FROM personal_data_access a WHERE a.office_id = p.office_id AND a.person_id = p.id AND a.action = 'import'))`,
    ),
  },
  // ── Consent and the person's rights (features/me) ──
  {
    // A parent's link is used once (agree), deleted with the person (refuse, erasure, expiry): an unused one waits.
    name: "an unused parent's link points at a consent still awaiting that parent, and expires after it was made",
    violations: broken(
      `SELECT t.office_id, t.consent_id FROM consent_tokens t
         JOIN person_consents c ON c.office_id = t.office_id AND c.id = t.consent_id
        WHERE t.expires_at <= t.created_at
           OR (t.used_at IS NULL AND NOT (c.given_by = 'parent' AND c.evidence = 'online' AND c.parent_confirmed_at IS NULL
                                          AND c.withdrawn_at IS NULL))`,
    ),
  },
  {
    name: 'a consent the person gave themself names no parent',
    violations: broken(`SELECT office_id, id FROM person_consents WHERE given_by = 'self' AND (parent_name <> '' OR parent_email <> '')`),
  },
  {
    // markActive (log-in, session use) clears the retention warning.
    name: 'an account warned for inactivity has not been active since the warning',
    violations: broken(`SELECT id FROM users WHERE retention_warned_at IS NOT NULL AND last_active_at > retention_warned_at`),
  },
  {
    name: "every association's and partner's search_key is its folded name",
    async violations(db) {
      const a = await db.query<{ id: string; name: string; short_name: string; search_key: string }>(
        'SELECT id, name, short_name, search_key FROM associations',
      );
      const p = await db.query<{ id: string; name: string; search_key: string }>('SELECT id, name, search_key FROM partners');
      return [
        ...a
          .filter((r) => r.search_key !== associationSearchKey(r.name, r.short_name))
          .map((r) => `association ${r.id}: ${JSON.stringify(r.search_key)}`),
        ...p.filter((r) => r.search_key !== partnerSearchKey(r.name)).map((r) => `partner ${r.id}: ${JSON.stringify(r.search_key)}`),
      ];
    },
  },
  {
    name: "a stored file's sha256 is the hash of its bytes",
    violations: broken(`SELECT office_id, id FROM files WHERE sha256 <> encode(sha256(bytes), 'hex')`),
  },
  {
    name: 'a representation is decided after it was asked for',
    violations: broken(`SELECT office_id, association_id, user_id FROM association_representatives WHERE decided_at < requested_at`),
  },
  // activities:
  {
    name: "every activity has a session; its starts_at/ends_at are its first session's start and its last session's end",
    violations: broken(
      `SELECT a.office_id, a.id, a.starts_at, a.ends_at, min(s.starts_at) AS first, max(s.ends_at) AS last
         FROM activities a LEFT JOIN activity_sessions s ON s.office_id = a.office_id AND s.activity_id = a.id
        GROUP BY a.office_id, a.id
       HAVING count(s.id) = 0 OR a.starts_at <> min(s.starts_at) OR a.ends_at <> max(s.ends_at)`,
    ),
  },
  {
    name: 'a cancelled activity has no live registration and no confirmed seat',
    violations: broken(
      `SELECT a.office_id, a.id, a.confirmed_count FROM activities a
        WHERE a.status = 'cancelled' AND (a.confirmed_count <> 0 OR EXISTS (SELECT 1 FROM registrations r WHERE r.office_id = a.office_id
              AND r.activity_id = a.id AND r.status IN ('unconfirmed', 'pending', 'confirmed', 'waitlisted')))`,
    ),
  },
  // registrations:
  {
    name: "an activity's confirmed_count is the number of its confirmed registrations",
    violations: broken(
      `SELECT a.office_id, a.id, a.confirmed_count, (SELECT count(*)::int FROM registrations r WHERE r.office_id = a.office_id
              AND r.activity_id = a.id AND r.status = 'confirmed') AS confirmed
         FROM activities a
        WHERE a.confirmed_count <> (SELECT count(*) FROM registrations r WHERE r.office_id = a.office_id AND r.activity_id = a.id AND r.status = 'confirmed')`,
    ),
  },
  {
    // Kept by a trigger (migration 0005); a new arrival's waitlist position is computed from it.
    name: "an activity's waitlisted_count is the number of its waitlisted registrations",
    violations: broken(
      `SELECT a.office_id, a.id, a.waitlisted_count FROM activities a
        WHERE a.waitlisted_count <> (SELECT count(*) FROM registrations r WHERE r.office_id = a.office_id AND r.activity_id = a.id AND r.status = 'waitlisted')`,
    ),
  },
  {
    name: 'nobody waits while a published activity has a free seat',
    violations: broken(
      `SELECT a.office_id, a.id, a.capacity, a.confirmed_count FROM activities a
        WHERE a.status = 'published' AND (a.capacity IS NULL OR a.confirmed_count < a.capacity)
          AND EXISTS (SELECT 1 FROM registrations r WHERE r.office_id = a.office_id AND r.activity_id = a.id AND r.status = 'waitlisted')`,
    ),
  },
  {
    name: 'an unconfirmed registration is a guest with a link that expires; an anonymised one keeps no name, address or answers',
    violations: broken(
      `SELECT office_id, id, status, source FROM registrations
        WHERE (status = 'unconfirmed' AND (source <> 'guest' OR token_expires_at IS NULL OR token_hash IS NULL))
           OR (anonymised_at IS NOT NULL AND (full_name <> '' OR email <> '' OR answers <> '{}'::jsonb OR user_id IS NOT NULL))`,
    ),
  },
  // certificates:
  {
    name: "feedback is about its registration's own activity; a certificate's days are in order and it is revoked after it was issued",
    violations: broken(
      `SELECT f.office_id, f.registration_id, 'feedback' AS what FROM activity_feedback f
         JOIN registrations r ON r.office_id = f.office_id AND r.id = f.registration_id
        WHERE r.activity_id <> f.activity_id
       UNION ALL
       SELECT office_id, registration_id, 'certificate' FROM certificates
        WHERE first_day > last_day OR revoked_at < issued_at OR hours <= 0 OR full_name = ''`,
    ),
  },
  // checkin:
  {
    name: "attendance is at a session of the registration's own activity, checked in no later than now",
    violations: broken(
      `SELECT a.office_id, a.registration_id, a.session_id FROM attendance a
         JOIN registrations r ON r.office_id = a.office_id AND r.id = a.registration_id
         JOIN activity_sessions s ON s.office_id = a.office_id AND s.id = a.session_id
        WHERE s.activity_id <> r.activity_id OR a.checked_at > now() + interval '1 minute'`,
    ),
  },
];

/** Fails with every violated invariant and its rows. */
export async function checkConsistency(db: Db): Promise<void> {
  const problems: string[] = [];
  for (const check of CHECKS) {
    const v = await check.violations(db);
    if (v.length > 0)
      problems.push(`${check.name}:\n    ${v.slice(0, 10).join('\n    ')}${v.length > 10 ? `\n    … and ${v.length - 10} more` : ''}`);
  }
  assert.equal(problems.length, 0, `Database inconsistent:\n  ${problems.join('\n  ')}`);
}
