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

/**
 * Rows named by path parameters, loaded and scoped by the office before the handler runs
 * (core/http/params.ts). Each feature adds the rows it resolves by declaration merging
 * (`declare module '…/core/http/env.ts' { interface ParamRows { activity: Activity } }`), so
 * `c.var.activity` is typed while core imports no feature.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ParamRows {}

export interface AppEnv {
  Variables: ParamRows & {
    deps: Deps;
    requestId: string;
    log: Logger;
    locale: Locale;
    actor: Actor | null;
    /** Set by the access check of office routes, and for routes that declare `params: ['office']`. */
    office: OfficeRef;
    /**
     * Set by a cacheable page that will change by itself at a known moment (a scheduled post
     * becomes public): the page cache keeps it no longer than that (app-core.ts).
     */
    cacheUntil: Date | undefined;
  };
}
