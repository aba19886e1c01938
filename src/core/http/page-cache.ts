import type { Db, Queryable } from '../db/db.ts';

/**
 * Rendered HTML of anonymous GET pages, so the public site answers from memory.
 *
 * - Key: the path (which carries the script) and the route's canonical query string (see
 *   `cacheQuery` in routes.ts): unknown parameters are dropped and values canonical, so
 *   `?q=x&utm=…` and `?q=%20x` share one entry.
 * - Bounded in bytes (PAGE_CACHE_MAX_BYTES): the least recently used entries go first.
 * - Tags name what a page shows ('offices', 'office:<slug>', 'activities:<officeId>',
 *   'activity:<id>' …). A write that changes a public page names its tags inside its
 *   transaction (pageWrite): the NOTIFY is part of that transaction, so other processes hear of
 *   it exactly when, and only if, it commits; this process drops the tags right after commit.
 *   Each tag keeps the keys that carry it, so an invalidation touches only those entries.
 * - Versions: every invalidation advances a counter and records it on its tags. A render takes
 *   the counter before it reads the database (begin) and may store its page only if none of
 *   the page's tags was invalidated since: a page rendered from data a write has since
 *   replaced is never stored.
 * - Single flight: simultaneous misses of one key render once; the others wait for that page.
 * - Entries also expire after ttlMs, because pages show the time ("open now"), or earlier at
 *   the instant a route names (RouteDef.cacheUntil: a list whose items expire at midnight).
 * - While the LISTEN connection is down this process cannot hear other processes' writes: the
 *   cache is emptied and stores nothing (suspend) until it listens again (resume).
 */
export interface Entry {
  body: Uint8Array<ArrayBuffer>;
  status: number;
  tags: readonly string[];
  expires: number;
  bytes: number;
}

export interface PageCacheOptions {
  enabled: boolean;
  /** Budget for the stored pages (bodies, keys and a fixed overhead per entry). */
  maxBytes?: number;
  ttlMs?: number;
  now?: () => number;
}

/** A render in progress: `since` is the version it started at; end() hands its page to waiters. */
export interface Flight {
  readonly since: number;
  end(stored: Entry | undefined): void;
}

export const CACHE_CHANNEL = 'kzm_page_cache';
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
/** Map slots, the entry object and its tag array: an estimate, so many tiny pages still count. */
const ENTRY_OVERHEAD = 256;
/** Past this many remembered tag versions, they are forgotten and older renders refused. */
const MAX_TAG_VERSIONS = 10_000;

const encoder = new TextEncoder();

export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byTag = new Map<string, Set<string>>();
  private readonly flights = new Map<string, Promise<Entry | undefined>>();
  /** Version of each tag's last invalidation (absent: not since `floor`). */
  private readonly tagVersions = new Map<string, number>();
  private version = 0;
  /** Renders that began before this version may not store (cleared, suspended or forgotten versions). */
  private floor = 0;
  private suspended = false;
  private usedBytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly opts: PageCacheOptions) {}

  get enabled(): boolean {
    return this.opts.enabled;
  }

  get maxBytes(): number {
    return this.opts.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /** Bytes the stored entries count against the budget. */
  get bytes(): number {
    return this.usedBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** False while the cache cannot hear other processes (LISTEN connection lost). */
  get listening(): boolean {
    return !this.suspended;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  get(key: string): Entry | undefined {
    if (!this.opts.enabled || this.suspended) return undefined;
    const e = this.entries.get(key);
    if (!e || e.expires <= this.now()) {
      if (e) this.remove(key, e);
      this.misses++;
      return undefined;
    }
    // Map order is insertion order: re-inserting keeps the most recently used last (LRU).
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    return e;
  }

  /** The page another request is rendering for this key right now (undefined: none is). */
  pending(key: string): Promise<Entry | undefined> | undefined {
    return this.flights.get(key);
  }

  /**
   * Starts rendering `key`: call before reading the database, pass `since` to set(), and call
   * end() in every case; requests that asked pending(key) meanwhile get what end() is given.
   */
  begin(key: string): Flight {
    const since = this.version;
    let resolve!: (e: Entry | undefined) => void;
    const promise = new Promise<Entry | undefined>((r) => (resolve = r));
    const own = !this.flights.has(key);
    if (own) this.flights.set(key, promise);
    return {
      since,
      end: (stored) => {
        if (own && this.flights.get(key) === promise) this.flights.delete(key);
        resolve(stored);
      },
    };
  }

  /** Current version (what begin() records as `since`). */
  get currentVersion(): number {
    return this.version;
  }

  /**
   * Stores a page rendered since version `since` (default: now). Refused — undefined — when a
   * tag of the page was invalidated after the render began, when the cache was cleared or
   * suspended meanwhile, or when the page alone exceeds the budget. `until` (ms since the
   * epoch, on this cache's clock) ends the entry earlier than ttlMs: a page that goes stale by
   * the clock alone; one already stale is not stored.
   */
  set(
    key: string,
    body: string | Uint8Array<ArrayBuffer>,
    status: number,
    tags: readonly string[],
    since = this.version,
    until = Infinity,
  ): Entry | undefined {
    if (!this.opts.enabled || this.suspended || since < this.floor) return undefined;
    const expires = Math.min(this.now() + (this.opts.ttlMs ?? 60_000), until);
    if (expires <= this.now()) return undefined;
    for (const t of tags) if ((this.tagVersions.get(t) ?? 0) > since) return undefined;
    const bytes = typeof body === 'string' ? encoder.encode(body) : body;
    const size = bytes.byteLength + key.length * 2 + tags.reduce((n, t) => n + t.length * 2, 0) + ENTRY_OVERHEAD;
    if (size > this.maxBytes) return undefined;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    while (this.usedBytes + size > this.maxBytes) {
      const oldest = this.entries.entries().next().value;
      if (!oldest) break;
      this.remove(oldest[0], oldest[1]);
    }
    const e: Entry = { body: bytes, status, tags: [...tags], expires, bytes: size };
    this.entries.set(key, e);
    this.usedBytes += size;
    for (const t of e.tags) {
      let keys = this.byTag.get(t);
      if (!keys) this.byTag.set(t, (keys = new Set()));
      keys.add(key);
    }
    return e;
  }

  private remove(key: string, e: Entry): void {
    this.entries.delete(key);
    this.usedBytes -= e.bytes;
    for (const t of e.tags) {
      const keys = this.byTag.get(t);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(t);
    }
  }

  /** Drops the entries carrying any of the tags, in this process only, and refuses older renders of them. */
  invalidateLocal(tags: readonly string[]): void {
    if (tags.length === 0) return;
    this.version++;
    if (this.tagVersions.size + tags.length > MAX_TAG_VERSIONS) {
      this.tagVersions.clear();
      this.floor = this.version;
    }
    for (const t of tags) {
      this.tagVersions.set(t, this.version);
      const keys = this.byTag.get(t);
      if (!keys) continue;
      for (const key of [...keys]) {
        const e = this.entries.get(key);
        if (e) this.remove(key, e);
      }
    }
  }

  /** Drops everything; renders already under way may not store. */
  clear(): void {
    this.version++;
    this.floor = this.version;
    this.entries.clear();
    this.byTag.clear();
    this.tagVersions.clear();
    this.usedBytes = 0;
  }

  /** The LISTEN connection is gone: other processes' writes go unheard, so nothing is kept. */
  suspend(): void {
    this.suspended = true;
    this.clear();
  }

  /** Listening again: start afresh (writes made while away were not heard). */
  resume(): void {
    this.clear();
    this.suspended = false;
  }
}

/**
 * Inside the writing transaction: tells every process (this one too, through its listener) to
 * drop the tags. PostgreSQL delivers a NOTIFY at commit and drops it on rollback.
 */
export async function notifyPages(tx: Queryable, tags: readonly string[]): Promise<void> {
  if (tags.length === 0) return;
  await tx.query('SELECT pg_notify($1, $2)', [CACHE_CHANNEL, [...new Set(tags)].join(' ')]);
}

/**
 * One transaction that may change public pages. `touch(tags)` inside fn names what a public
 * page shows differently after it (call it only when one does); the NOTIFY goes out in the
 * same transaction, and this process drops the tags as soon as it committed. A rollback
 * (fn throws) invalidates nothing.
 */
export async function pageWrite<T>(
  deps: { db: Db; pageCache: PageCache },
  fn: (tx: Queryable, touch: (tags: readonly string[]) => void) => Promise<T>,
): Promise<T> {
  const touched = new Set<string>();
  const value = await deps.db.transaction(async (tx) => {
    touched.clear();
    const v = await fn(tx, (tags) => {
      for (const t of tags) touched.add(t);
    });
    await notifyPages(tx, [...touched]);
    return v;
  });
  deps.pageCache.invalidateLocal([...touched]);
  return value;
}

/**
 * Subscribes this process's cache to invalidations sent by every process, and empties it
 * while the LISTEN connection is down (it reconnects by itself, see db.listen).
 */
export function subscribePageCache(db: Db, cache: PageCache): Promise<() => Promise<void>> {
  return db.listen(
    CACHE_CHANNEL,
    (payload) => cache.invalidateLocal(payload.split(' ').filter(Boolean)),
    (state) => (state === 'lost' ? cache.suspend() : cache.resume()),
  );
}
