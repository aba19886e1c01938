import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HeavyLimitError, HeavyPool, heavyTask } from './heavy.ts';

type Fixture = typeof import('./heavy-fixture.ts');
const task = <K extends keyof Fixture & string>(name: K) => heavyTask<Fixture, K>('src/core/heavy-fixture.ts', name);

const pool = new HeavyPool({ threads: 2, memoryMb: 64, timeoutMs: 5_000 });
after(() => pool.close());

const limitOf = (err: unknown) => (err instanceof HeavyLimitError ? err.limit : err);

describe('heavy work runs in worker threads', () => {
  test('a task runs off the main thread with copies of its arguments; its errors come back as errors', async () => {
    assert.equal(await pool.run(task('add'), 2, 3), 5);
    assert.deepEqual(await pool.run(task('echoBytes'), new Uint8Array([7, 8, 9])), { length: 3, first: 7, isMain: false });
    await assert.rejects(pool.run(task('fail'), 'no such row'), (err: Error) => err.name === 'RangeError' && err.message === 'no such row');
  });

  test('a task that outgrows the memory cap is stopped, the process goes on, and the next task gets a fresh worker', async () => {
    const rss = process.memoryUsage().rss;
    await assert.rejects(pool.run(task('hoard')), (err) => limitOf(err) === 'memory');
    // The heap of the hoarding worker (64 MB cap) never reached this process's own heap.
    assert.ok(process.memoryUsage().rss - rss < 256 * 1024 * 1024, `rss grew by ${process.memoryUsage().rss - rss}`);
    assert.equal(await pool.run(task('add'), 1, 1), 2);
  });

  test('a task past the time limit is stopped (its worker terminated) while the event loop stays free', async () => {
    const short = new HeavyPool({ threads: 1, memoryMb: 64, timeoutMs: 2_000 });
    try {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      await assert.rejects(short.run(task('spin')), (err) => limitOf(err) === 'time');
      clearInterval(timer);
      assert.ok(ticks > 3, `the main thread kept running timers (${ticks})`);
      assert.equal(short.size, 0, 'the spinning worker is gone');
      assert.equal(await short.run(task('add'), 2, 2), 4);
    } finally {
      await short.close();
    }
  });

  test('an idle worker is terminated (its memory returned), a busy one is not; the next task gets a fresh worker', async () => {
    const idle = new HeavyPool({ threads: 1, memoryMb: 64, timeoutMs: 5_000, idleMs: 200 });
    try {
      // A task longer than the idle time keeps its worker.
      assert.equal(await idle.run(task('wait'), 600), 600);
      assert.equal(idle.size, 1, 'the worker that just finished is still there');
      // Waits up to 40 idle times (a loaded machine's timers run late), then expects it gone.
      for (let i = 0; i < 160 && idle.size > 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(idle.size, 0, 'the idle worker was terminated');
      assert.equal(await idle.run(task('add'), 2, 5), 7);
    } finally {
      await idle.close();
    }
  });

  test('tasks beyond the queue are refused at once as busy; close rejects what waits', async () => {
    const small = new HeavyPool({ threads: 1, memoryMb: 64, timeoutMs: 1_000, maxQueue: 1 });
    const running = small.run(task('spin')).catch((err: unknown) => err);
    const queued = small.run(task('add'), 1, 2).catch((err: unknown) => err);
    await assert.rejects(small.run(task('add'), 3, 4), (err) => limitOf(err) === 'busy');
    await small.close();
    assert.match(String(await running), /closed/);
    assert.match(String(await queued), /closed/);
    await assert.rejects(small.run(task('add'), 1, 1), /closed/);
  });
});

describe('start-up', () => {
  test('loading the app loads neither exceljs nor pdfmake: they load in the workers, on first use', () => {
    const app = fileURLToPath(new URL('../app.ts', import.meta.url));
    const script = `import(${JSON.stringify(app)}).then(() => {
      const cache = require('node:module').createRequire(${JSON.stringify(app)}).cache;
      console.log(JSON.stringify(Object.keys(cache).filter((k) => /node_modules[\\\\/](exceljs|pdfmake|pdfkit|jszip)[\\\\/]/.test(k))));
    })`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    });
    assert.deepEqual(JSON.parse(out.trim().split('\n').pop()!), []);
  });
});
