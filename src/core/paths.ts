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
