import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, Report, cleanupAll, loadAvg, type Benchmark } from './lib.ts';
import { bookingsBenchmark } from './bookings.ts';
import { nationalBenchmark } from './national.ts';
import { newsletterBenchmark } from './newsletter.ts';
import { pagesBenchmark, uncachedBenchmark } from './pages.ts';
import { planBenchmark } from './plan.ts';
import { reportBenchmark } from './report.ts';
import { signupsBenchmark } from './signups.ts';
import { memoryBenchmark, startupBenchmark } from './startup.ts';
import { surveysBenchmark } from './surveys.ts';

/**
 * `npm run bench`: runs every benchmark, prints the figures and saves them to
 * bench/results/<timestamp>.json and bench/results/latest.json. Figures are reported,
 * never asserted — compare runs on the same machine. `npm run bench -- sign-ups` runs only
 * the benchmarks named (`public pages`, `uncached` — only issue #12's uncached rows —, `memory` — only the
 * memory rows of `start-up and memory` —, `sign-ups`, `newsletter`, `bookings`, `surveys`, `plan`, `report`, `national`).
 */
const ALL: Benchmark[] = [
  startupBenchmark,
  pagesBenchmark,
  signupsBenchmark,
  newsletterBenchmark,
  bookingsBenchmark,
  surveysBenchmark,
  planBenchmark,
  reportBenchmark,
  nationalBenchmark,
];
// `npm run bench -- pages` (or `-- --only pages`) runs only the benchmarks whose name contains one of the words.
const only = process.argv
  .slice(2)
  .filter((w) => w !== '--only')
  .map((w) => w.toLowerCase());
// Only by name: a subset of another benchmark's rows (uncachedBenchmark: the 'uncached' rows of
// 'public pages'; memoryBenchmark: the 'memory' rows of 'start-up and memory').
const BY_NAME_ONLY: Benchmark[] = [uncachedBenchmark, memoryBenchmark];
// A word that is a benchmark's whole name picks only that one (`memory`, not also 'start-up and memory').
const NAMES = new Set([...ALL, ...BY_NAME_ONLY].map((b) => b.name.toLowerCase()));
const picks = (b: Benchmark, w: string) => (NAMES.has(w) ? b.name.toLowerCase() === w : b.name.toLowerCase().includes(w));
const BENCHMARKS = only.length ? [...ALL, ...BY_NAME_ONLY].filter((b) => only.some((w) => picks(b, w))) : ALL;
if (BENCHMARKS.length === 0)
  throw new Error(`bench: no benchmark matches ${only.join(', ')} (have: ${[...ALL, ...BY_NAME_ONLY].map((b) => b.name).join(', ')})`);

// The app runs as `npm start` does, from dist/: build it now if the sources changed, so no
// measured start pays for the build.
if (
  spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATABASE_URL: '' },
  }).status !== 0
) {
  throw new Error('scripts/build.mjs failed');
}

const report = new Report();
console.log(report.header());

let failure: unknown;
try {
  for (const b of BENCHMARKS) {
    console.error(`\n▶ ${b.name}`);
    await b.run(report);
  }
} catch (err) {
  failure = err;
} finally {
  await cleanupAll();
}

report.note(`load avg at start ${report.machine.loadAvg.join(' ')}, at end ${loadAvg().join(' ')}`);
if (report.machine.loadAvg[0]! > report.machine.cores / 2) {
  // autocannon and the server under test need a core each; anything else skews req/s.
  report.note('other work was competing for the CPU: trust app/bare and CPU µs/req more than absolute req/s');
}
report.print();
const file = await report.write(failure);
console.log(`\nsaved ${path.relative(ROOT, file)} (and bench/results/latest.json)`);
if (failure) {
  console.error('\nbenchmark failed:', failure instanceof Error ? failure.message : failure);
  process.exitCode = 1;
}
