/**
 * `npm start`: runs the compiled server (dist/main.js), building it first when dist/ is missing
 * or older than the sources, so `npm install && npm start` stays two commands. The build runs
 * in a child process: esbuild and the PGlite template's initdb never share memory with the server.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ROOT, isStale } from './build.mjs';

if (isStale()) {
  console.error('dist/ is missing or older than the sources: building…');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
await import(pathToFileURL(path.join(DIST, 'main.js')).href);
