import { readdir, readFile } from 'node:fs/promises';
import { projectPath } from '../paths.ts';
import type { Db } from './db.ts';

export const MIGRATIONS_DIR = projectPath('migrations') + '/';

export interface Migration {
  name: string;
  sql: string;
}

export async function listMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(files.map(async (name) => ({ name, sql: await readFile(dir + name, 'utf8') })));
}

/** The names in schema_migrations, which is created when missing (a new database). */
async function recordedMigrations(db: Db): Promise<Array<{ name: string }>> {
  try {
    return await db.query<{ name: string }>('SELECT name FROM schema_migrations');
  } catch (err) {
    if ((err as { code?: string }).code !== '42P01') throw err; // undefined_table
  }
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  return db.query<{ name: string }>('SELECT name FROM schema_migrations');
}

/**
 * Applies the committed SQL migrations that have not run yet, each in its own transaction.
 * An advisory lock makes concurrent starts of several app processes safe.
 * Returns the names applied.
 */
export async function migrate(db: Db, opts: { upTo?: string; migrations?: Migration[] } = {}): Promise<string[]> {
  const migrations = opts.migrations ?? (await listMigrations());
  // Every start passes here: on a migrated database it is this one query, and what is already
  // recorded is skipped without a transaction each (a recorded migration is never unrecorded);
  // the rest are checked again under the lock.
  const recorded = new Set((await recordedMigrations(db)).map((r) => r.name));
  const applied: string[] = [];
  for (const m of migrations) {
    if (opts.upTo && m.name > opts.upTo) break;
    if (recorded.has(m.name)) continue;
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(7420001)');
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [m.name]);
      if (done.length > 0) return false;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [m.name]);
      return true;
    });
    if (ran) applied.push(m.name);
  }
  return applied;
}
