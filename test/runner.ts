import { createWriteStream } from 'node:fs';
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';

/**
 * node's test runner over the files given, CONCURRENCY at a time, started in the order given
 * (scripts/test.ts puts the longest first). `node --test a b c` sorts its files by name, so the
 * longest ones would start wherever their names fall; run() keeps the order. The spec report
 * goes to stdout, a TAP copy to the file named first (scripts/test.ts counts from it). The test
 * processes inherit this process's flags (--import tsx, test/timing.ts) and environment.
 *
 *   node --import tsx test/runner.ts REPORT.tap CONCURRENCY FILE…
 */
const [tapFile, concurrency, ...files] = process.argv.slice(2);
if (!tapFile || !(Number(concurrency) >= 1) || files.length === 0) {
  console.error('usage: node --import tsx test/runner.ts REPORT.tap CONCURRENCY FILE…');
  process.exit(2);
}
const stream = run({ files, concurrency: Number(concurrency) });
stream.on('test:fail', () => {
  process.exitCode = 1;
});
stream.compose(new spec()).pipe(process.stdout);
stream.compose(tap).pipe(createWriteStream(tapFile));
