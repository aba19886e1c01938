import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { collectGarbageSoon, collectWhenQuiet } from './memory.ts';

test('collectGarbageSoon frees a heap of garbage after the current task, without waiting for more allocation', async () => {
  let garbage: Array<{ i: number; s: string }> | null = Array.from({ length: 500_000 }, (_, i) => ({ i, s: `row ${i}` }));
  assert.equal(garbage.length, 500_000);
  garbage = null;
  const before = process.memoryUsage().heapUsed;
  collectGarbageSoon();
  collectGarbageSoon(); // one collection for both calls
  await sleep(20);
  const after = process.memoryUsage().heapUsed;
  assert.ok(after < before / 2, `heap used ${Math.round(before / 1e6)} MB → ${Math.round(after / 1e6)} MB`);
});

test('collectWhenQuiet collects once after enough requests and a quiet spell, and not again without new ones', async () => {
  let collections = 0;
  const quiet = collectWhenQuiet({ minRequests: 100, quietMs: 20, collect: () => collections++ });
  try {
    for (let i = 0; i < 99; i++) quiet.seen();
    await sleep(100);
    assert.equal(collections, 0, 'collected after too few requests');
    quiet.seen();
    while (collections === 0) await sleep(10);
    await sleep(100);
    assert.equal(collections, 1, 'collected again without new requests');
  } finally {
    quiet.stop();
  }
});
