import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root: the nearest folder above this module that holds the package.json. Found by
 * walking up rather than by counting `../` from this file, so the same code works from the
 * sources (src/core/paths.ts, run by tsx) and from the bundle (dist/main.js), whose depths differ.
 */
function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'migrations'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No project root (package.json beside migrations/) above ${from}`);
  }
}

export const ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** A path inside the project, e.g. projectPath('migrations') + '/'. */
export const projectPath = (...parts: string[]): string => path.join(ROOT, ...parts);

/**
 * True when this code runs from the bundle (dist/, `npm start`), false from the sources through
 * tsx (tests, the CLI, development).
 */
export const BUNDLED = !fileURLToPath(import.meta.url).endsWith('.ts');

/** A worker module's compiled file in a build folder laid out as scripts/build.mjs lays out dist/: <dir>/workers/<name>.js. */
export const compiledWorker = (dir: string, sourcePath: string): string =>
  path.join(dir, 'workers', path.basename(sourcePath).replace(/\.ts$/, '.js'));

/**
 * The file a worker thread (node:worker_threads) runs, for a worker module in the sources such
 * as 'src/features/imports/parse.worker.ts'. scripts/build.mjs makes every src/**\/*.worker.ts
 * an entry point of its own, dist/workers/<name>.js, since `new URL('./x.worker.ts',
 * import.meta.url)` would point into dist/ where no .ts file is. From the sources it is the
 * .ts file itself, run through tsx (execArgv).
 */
export function workerEntry(sourcePath: string): { file: string; execArgv: string[] } {
  if (BUNDLED) return { file: compiledWorker(path.join(ROOT, 'dist'), sourcePath), execArgv: [] };
  return { file: path.join(ROOT, sourcePath), execArgv: ['--import', 'tsx'] };
}
