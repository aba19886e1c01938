import { appendFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { childCpuMs } from './process-cpu.ts';

/**
 * Loaded into every test process by scripts/test.ts (`--import`): when KZM_TEST_TIMES names a
 * file, the process appends one JSON line there as it exits — the test file, its wall time from
 * process start, the CPU time it used and that of the processes it started (the browser, a
 * server) — so `npm test` can print the slowest files and
 * LONGEST_FIRST can be kept up to date from a measurement. Processes that are not a test file
 * (a server a test spawns) write nothing.
 */
const out = process.env.KZM_TEST_TIMES;
// npm test runs the compiled copies of the files (test/entry.ts buildTests): named by their sources here.
const compiled = process.env.KZM_TEST_COMPILED;
const argv1 = process.argv[1] ?? '';
// A file of the PostgreSQL tier is started through its wrapper (test/entry.ts, on-postgres/…).
const script =
  compiled && argv1.startsWith(`${compiled}/`)
    ? join(
        process.cwd(),
        argv1
          .slice(compiled.length + 1)
          .replace(/^on-postgres\//, '')
          .replace(/\.js$/, '.ts'),
      )
    : argv1;
if (out && /\.(test|spec)\.ts$/.test(script)) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    const line = {
      file: relative(process.cwd(), script),
      wallMs: Math.round(performance.now()),
      // When the process ended (ms since the epoch; it started wallMs before): the span of each tier.
      endedAt: Date.now(),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      childCpuMs: childCpuMs(),
      env: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite',
    };
    appendFileSync(out, `${JSON.stringify(line)}\n`);
  });
}
