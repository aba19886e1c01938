import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from './db.ts';
import { freshDb } from '../../../test/db.ts';

/**
 * Tables without office_id, each with the reason it is global. A new table must either carry
 * office_id (in its key and foreign keys) or be added here with a reason.
 */
export const GLOBAL_TABLES: Record<string, string> = {
  offices: 'the tenant itself (its id is the office_id)',
  users: 'one person may use several offices',
  sessions: 'belong to a person, not an office',
  user_tokens: 'mailed one-time tokens of a person',
  consents: "a person's consent to the platform's privacy notice",
  account_events: "a person's account history",
  outbox: 'mail queue of the whole installation',
  throttle: 'rate-limit counters shared by all app processes',
  schema_migrations: 'migration bookkeeping',
  newsletter_subscribers: 'one address follows the newsletters of any offices (no account)',
  newsletter_consents: "a newsletter subscriber's consent records (ZZPL), whatever offices they follow",
  statistical_regions: "Serbia's statistical regions (a code list, national)",
  districts: "Serbia's administrative districts (a code list, national)",
  campaigns: 'national campaigns of the association, which every office joins with its own activities',
};

let db: Db;
before(async () => {
  db = await freshDb();
});
after(() => db.close());

interface Constraint {
  table: string;
  type: 'p' | 'f';
  columns: string[];
  ref_table: string | null;
  ref_columns: string[] | null;
}

async function tablesWithColumns(): Promise<Map<string, string[]>> {
  const rows = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.table_name, [...(map.get(r.table_name) ?? []), r.column_name]);
  return map;
}

async function constraints(): Promise<Constraint[]> {
  return db.query<Constraint>(
    `SELECT c.conrelid::regclass::text AS table, c.contype AS type,
            ARRAY(SELECT a.attname::text FROM unnest(c.conkey) k JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k) AS columns,
            CASE WHEN c.contype = 'f' THEN c.confrelid::regclass::text END AS ref_table,
            CASE WHEN c.contype = 'f' THEN ARRAY(SELECT a.attname::text FROM unnest(c.confkey) k JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k) END AS ref_columns
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = 'public' AND c.contype IN ('p', 'f')`,
  );
}

test('every table either carries office_id or is a declared global table', async () => {
  const tables = await tablesWithColumns();
  assert.ok(tables.size > 5, 'the schema was read');
  for (const [table, columns] of tables) {
    if (table in GLOBAL_TABLES) {
      assert.ok(table === 'offices' || !columns.includes('office_id'), `${table} is declared global but has office_id`);
      continue;
    }
    assert.ok(columns.includes('office_id'), `${table} has no office_id and is not declared global in GLOBAL_TABLES`);
  }
});

test('office-owned tables have office_id in their primary key', async () => {
  const tables = await tablesWithColumns();
  const pks = (await constraints()).filter((c) => c.type === 'p');
  for (const [table, columns] of tables) {
    if (!columns.includes('office_id')) continue;
    const pk = pks.find((c) => c.table === table);
    assert.ok(pk, `${table} has no primary key`);
    assert.ok(pk.columns.includes('office_id'), `${table}: primary key (${pk.columns.join(', ')}) lacks office_id`);
  }
});

test('foreign keys between office-owned tables include office_id on both sides', async () => {
  const tables = await tablesWithColumns();
  const owned = new Set([...tables].filter(([, cols]) => cols.includes('office_id')).map(([t]) => t));
  const fks = (await constraints()).filter((c) => c.type === 'f');
  assert.ok(fks.length > 0);
  for (const fk of fks) {
    // The tenant itself may name another tenant: a merged office points at the one continuing its work (issue #17).
    if (fk.table === 'offices' && fk.ref_table === 'offices' && fk.columns.join() === 'merged_into_id') continue;
    if (fk.ref_table === 'offices') {
      assert.deepEqual(fk.columns, ['office_id'], `${fk.table}: a reference to offices must be by office_id`);
      continue;
    }
    if (!owned.has(fk.ref_table!)) continue; // references a global table (e.g. users)
    assert.ok(owned.has(fk.table), `${fk.table} (global) points at office-owned ${fk.ref_table}`);
    const i = fk.columns.indexOf('office_id');
    assert.ok(i >= 0, `${fk.table} → ${fk.ref_table}: foreign key (${fk.columns.join(', ')}) lacks office_id`);
    assert.equal(fk.ref_columns![i], 'office_id', `${fk.table} → ${fk.ref_table}: office_id must match office_id`);
  }
});

test('the rule check itself catches a table that breaks it', async () => {
  await db.exec(`CREATE TABLE bad_example (office_id uuid NOT NULL REFERENCES offices (id), id uuid PRIMARY KEY)`);
  try {
    const pks = (await constraints()).filter((c) => c.type === 'p' && c.table === 'bad_example');
    assert.equal(pks.length, 1);
    assert.ok(!pks[0]!.columns.includes('office_id'), 'a primary key without office_id is seen as such');
  } finally {
    await db.exec('DROP TABLE bad_example');
  }
});
