/** Tasks for heavy.test.ts, run inside a worker of core/heavy.ts. */

export function add(a: number, b: number): number {
  return a + b;
}

export async function echoBytes(b: Uint8Array): Promise<{ length: number; first: number; isMain: boolean }> {
  const { isMainThread } = await import('node:worker_threads');
  return { length: b.length, first: b[0] ?? -1, isMain: isMainThread };
}

export function fail(message: string): never {
  throw new RangeError(message);
}

/** Keeps every array it makes: grows the heap until the worker's cap stops it. */
export function hoard(): number {
  const kept: number[][] = [];
  for (;;) kept.push(Array.from({ length: 100_000 }, (_, i) => i + kept.length));
}

/** Never yields. */
export function spin(): number {
  let n = 0;
  while (n >= 0) n = (n + 1) % 1000;
  return n;
}

/** Resolves with `ms` after that many milliseconds. */
export function wait(ms: number): Promise<number> {
  return new Promise((resolve) => setTimeout(() => resolve(ms), ms));
}
