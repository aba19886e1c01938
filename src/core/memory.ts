import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, soon after the current request: for the rare job that leaves a
 * large heap of garbage behind (an import's confirmation reads and writes thousands of rows).
 * An idle server allocates too little to trigger V8's major collection, so that garbage stayed
 * in the resident memory until the next busy period (issue #12: on PostgreSQL the process stayed
 * at 168 MB, 67 MB of heap, after a 5,000-row import; with this 131–136 MB, 22 MB of heap). One
 * collection of such a heap pauses the event loop for tens of milliseconds, once, after the
 * response is on its way.
 */
let collect: (() => void) | undefined;
let pending = false;

export function collectGarbageSoon(): void {
  if (pending) return;
  pending = true;
  setTimeout(() => {
    pending = false;
    if (!collect) {
      // `gc` is exposed to contexts created after the flag is set; it collects the whole isolate.
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
    // The first collection frees the garbage; the second gives the emptied pages back to the
    // system (measured: RSS 274 → 260 MB after one, 90 MB after two, for a 220 MB heap of garbage).
    collect();
    collect();
  }, 0).unref();
}

/**
 * Collects after a busy period, once the server has gone quiet: a burst of requests grows V8's
 * heap (the young generation to its maximum, survivors into the old one), and an idle server
 * allocates too little to shrink it again, so the burst's memory stayed resident until the next
 * one (issue #12: the app on PostgreSQL at ~118 MB idle, up to 245 MB after the page benchmark
 * with ~30 MB of live heap). Call the returned function for every request; after at least
 * `minRequests` since the last collection and `quietMs` without a request, collectGarbageSoon()
 * runs (four checks per quietMs, on an unref'd timer: with one check per quietMs the collection
 * came up to 2 quietMs after the burst, and the bench's reading 2 s after the pages sometimes
 * came before it — PGlite 318.7 MB instead of 236.3).
 */
export function collectWhenQuiet(opts: { minRequests?: number; quietMs?: number; collect?: () => void } = {}): {
  seen(): void;
  stop(): void;
} {
  const minRequests = opts.minRequests ?? 500;
  const quietMs = opts.quietMs ?? 1_000;
  const collectNow = opts.collect ?? collectGarbageSoon;
  let count = 0;
  let last = 0;
  const timer = setInterval(() => {
    if (count < minRequests || performance.now() - last < quietMs) return;
    count = 0;
    collectNow();
  }, quietMs / 4).unref();
  return {
    seen() {
      count++;
      last = performance.now();
    },
    stop: () => clearInterval(timer),
  };
}
