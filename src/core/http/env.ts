import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import type { Logger } from '../log.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Actor } from '../auth/actor.ts';
import type { PageCache } from './page-cache.ts';
import type { PasswordHasher } from '../auth/password.ts';
import type { HeavyPool } from '../heavy.ts';

/** What a request handler may use; built once per process in app.ts. */
export interface Deps {
  config: Config;
  db: Db;
  log: Logger;
  pageCache: PageCache;
  passwords: PasswordHasher;
  /** Wall clock; tests may pin it. */
  now: () => Date;
  /** Worker threads for parsing uploads and building exports and PDFs (close on shutdown). */
  heavy: HeavyPool;
}

export interface OfficeRef {
  id: string;
  slug: string;
  name: string;
}

export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    log: Logger;
    locale: Locale;
    actor: Actor | null;
    /** Set by the access check of routes under /:lang/…/:office. */
    office: OfficeRef;
  };
}
