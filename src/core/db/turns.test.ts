import assert from 'node:assert/strict';
import { test } from 'node:test';
import { turnsPerKey } from './turns.ts';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

test('at most `lanes` calls of one key run at once, in arrival order; other keys do not wait', async () => {
  const inTurn = turnsPerKey(2);
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const gates: (() => void)[] = [];
  const call = (key: string, n: number) =>
    inTurn(key, async () => {
      started.push(n);
      most = Math.max(most, ++running);
      await new Promise<void>((resolve) => gates.push(resolve));
      running--;
      return n;
    });
  const a = [1, 2, 3, 4, 5].map((n) => call('a', n));
  await tick();
  assert.deepEqual(started, [1, 2]);
  const b = call('b', 9);
  await tick();
  assert.deepEqual(started, [1, 2, 9], 'another key runs at once');
  while (gates.length) {
    gates.shift()!();
    await tick();
    await tick();
  }
  assert.deepEqual(await Promise.all(a), [1, 2, 3, 4, 5]);
  assert.equal(await b, 9);
  assert.deepEqual(
    started.filter((n) => n !== 9),
    [1, 2, 3, 4, 5],
  );
  assert.equal(most, 3, 'two of a and one of b at most');
});

test('a call that throws frees its lane, and its error reaches its caller only', async () => {
  const inTurn = turnsPerKey(1);
  const failed = inTurn('k', () => Promise.reject(new Error('refused')));
  const next = inTurn('k', async () => 'ok');
  await assert.rejects(failed, /refused/);
  assert.equal(await next, 'ok');
});
