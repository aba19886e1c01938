import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { test } from 'node:test';
import pino from 'pino';
import { startPeriodicJob } from './jobs.ts';

const log = pino({ level: 'silent' });

test('a periodic job does not run at start, ahead of the first requests, but after its first-run delay', async () => {
  let runs = 0;
  const job = { name: 'probe', run: async () => (runs++, {}), worthLogging: () => false };
  const stopDefault = startPeriodicJob({ log }, job);
  await tick();
  assert.equal(runs, 0, 'nothing ran at start');
  await stopDefault();

  let resolveRun!: () => void;
  const ran = new Promise<void>((r) => (resolveRun = r));
  const stop = startPeriodicJob({ log }, { ...job, run: async () => (runs++, resolveRun(), {}), firstRunMs: 1 });
  // The job's timers are unref'd (they never keep a process alive); this keeps the test's.
  const keepAlive = setInterval(() => {}, 1000);
  await ran;
  clearInterval(keepAlive);
  assert.equal(runs, 1);
  await stop();
});
