import { mkdir } from 'node:fs/promises';
import type { Config } from './config.ts';
import { createPasswordHasher } from './auth/password.ts';
import { openDb, type Db } from './db/db.ts';
import { createDataDirFromTemplate } from './db/pglite-template.ts';
import type { Deps } from './http/env.ts';
import { PageCache } from './http/page-cache.ts';
import { HeavyPool } from './heavy.ts';
import { createLogger, type Logger } from './log.ts';

/**
 * For the server (main.ts): makes sure PGlite's DATA_DIR holds a database. An empty or missing
 * one is filled from the migrated template (core/db/pglite-template.ts), so no serving process
 * runs initdb. Returns whether it created one; a no-op on PostgreSQL. The CLI does not call it:
 * `kzm migrate` or `kzm restore` on a new directory start from an empty database, as on a server.
 */
export async function prepareDataDir(config: Config): Promise<boolean> {
  return config.DATABASE_URL ? false : createDataDirFromTemplate(config.DATA_DIR);
}

/**
 * Opens the database named by the config: DATABASE_URL, or PGlite in DATA_DIR — on its own
 * thread when PGLITE_THREAD says so and `inProcess` does not (a CLI command does one thing at a
 * time: it has no other requests to keep answering while a statement runs).
 */
export async function openConfiguredDb(config: Config, opts: { inProcess?: boolean } = {}): Promise<Db> {
  if (!config.DATABASE_URL) await mkdir(config.DATA_DIR, { recursive: true });
  return openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, thread: config.PGLITE_THREAD && !opts.inProcess });
}

export function createDeps(config: Config, db: Db, log: Logger = createLogger(config)): Deps {
  const deps: Deps = {
    config,
    db,
    log,
    // On the app's clock (deps.now, which tests may set), so a page's RouteDef.cacheUntil and
    // the entry's expiry are read on one clock.
    pageCache: new PageCache({ enabled: config.PAGE_CACHE, maxBytes: config.PAGE_CACHE_MAX_BYTES, now: () => deps.now().getTime() }),
    passwords: createPasswordHasher(config.ARGON2_MEMORY_KIB),
    now: () => new Date(),
    heavy: new HeavyPool({
      threads: config.HEAVY_THREADS,
      memoryMb: config.HEAVY_MEMORY_MB,
      timeoutMs: config.HEAVY_TIMEOUT_MS,
      idleMs: config.HEAVY_IDLE_MS,
    }),
  };
  return deps;
}
