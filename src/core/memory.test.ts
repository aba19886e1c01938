import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { collectGarbageSoon } from './memory.ts';

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
