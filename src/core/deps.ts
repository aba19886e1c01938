import { mkdir } from 'node:fs/promises';
import type { Config } from './config.ts';
import { createPasswordHasher } from './auth/password.ts';
import { openDb, type Db } from './db/db.ts';
import type { Deps } from './http/env.ts';
import { PageCache } from './http/page-cache.ts';
import { HeavyPool } from './heavy.ts';
import { createLogger, type Logger } from './log.ts';

/** Opens the database named by the config: DATABASE_URL, or PGlite in DATA_DIR. */
export async function openConfiguredDb(config: Config): Promise<Db> {
  if (!config.DATABASE_URL) await mkdir(config.DATA_DIR, { recursive: true });
  return openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
}

export function createDeps(config: Config, db: Db, log: Logger = createLogger(config)): Deps {
  return {
    config,
    db,
    log,
    pageCache: new PageCache({ enabled: config.PAGE_CACHE }),
    passwords: createPasswordHasher(config.ARGON2_MEMORY_KIB),
    now: () => new Date(),
    heavy: new HeavyPool({ threads: config.HEAVY_THREADS, memoryMb: config.HEAVY_MEMORY_MB, timeoutMs: config.HEAVY_TIMEOUT_MS }),
  };
}
