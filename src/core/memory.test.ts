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

test('collectWhenQuiet never collects before quietMs without a request, though it checks more often', async () => {
  let collectedAt = 0;
  const quiet = collectWhenQuiet({ minRequests: 1, quietMs: 200, collect: () => (collectedAt = performance.now()) });
  try {
    const last = performance.now();
    quiet.seen();
    while (collectedAt === 0) await sleep(10);
    assert.ok(collectedAt - last >= 200, `collected ${Math.round(collectedAt - last)} ms after the last request`);
  } finally {
    quiet.stop();
  }
});
