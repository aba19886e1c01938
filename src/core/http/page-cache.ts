import type { Db } from '../db/db.ts';

/**
 * Rendered HTML of anonymous GET pages, keyed by URL (which carries the script), so the
 * public site answers from memory. Each entry carries tags naming what it shows
 * ('offices' for anything listing offices, 'office:<id>' for one office's page); a write
 * calls invalidate(tags). Entries also expire after ttlMs, because pages show the time
 * ("open now"). With several processes, invalidations travel over LISTEN/NOTIFY.
 */
interface Entry {
  body: string;
  status: number;
  tags: string[];
  expires: number;
}

export const CACHE_CHANNEL = 'kzm_page_cache';

export class PageCache {
  private entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly opts: { enabled: boolean; maxEntries?: number; ttlMs?: number; now?: () => number },
  ) {}

  get enabled(): boolean {
    return this.opts.enabled;
  }

  get(key: string): Entry | undefined {
    if (!this.opts.enabled) return undefined;
    const e = this.entries.get(key);
    const now = (this.opts.now ?? Date.now)();
    if (!e || e.expires <= now) {
      if (e) this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    // Map order is insertion order: re-inserting keeps the most recently used last (LRU).
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    return e;
  }

  set(key: string, body: string, status: number, tags: string[]): void {
    if (!this.opts.enabled) return;
    const max = this.opts.maxEntries ?? 2000;
    while (this.entries.size >= max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    const now = (this.opts.now ?? Date.now)();
    this.entries.set(key, { body, status, tags, expires: now + (this.opts.ttlMs ?? 60_000) });
  }

  /** Drops every entry carrying one of the tags, in this process only. */
  invalidateLocal(tags: readonly string[]): void {
    if (tags.length === 0) return;
    for (const [key, e] of this.entries) {
      if (e.tags.some((t) => tags.includes(t))) this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * Invalidates tags here and in every other app process. Call after the write committed.
 */
export async function invalidatePages(db: Db, cache: PageCache, tags: string[]): Promise<void> {
  cache.invalidateLocal(tags);
  await db.query('SELECT pg_notify($1, $2)', [CACHE_CHANNEL, tags.join(' ')]);
}

/** Subscribes this process's cache to invalidations sent by other processes. */
export function subscribePageCache(db: Db, cache: PageCache): Promise<() => Promise<void>> {
  return db.listen(CACHE_CHANNEL, (payload) => cache.invalidateLocal(payload.split(' ').filter(Boolean)));
}
