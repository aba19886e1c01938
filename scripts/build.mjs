/**
 * `npm run build` (and `npm start` when the build is stale): compiles src/ into dist/ with
 * esbuild, so a start loads plain JavaScript instead of having tsx compile ~200 files each time,
 * then (unless DATABASE_URL is set) builds the migrated PGlite template a new data directory is
 * copied from. Plain JavaScript itself, so it runs before anything is compiled.
 *
 *   dist/main.js                      the server (packages stay in node_modules, not bundled)
 *   dist/build-pglite-template.js     builds dist/pglite/template-<hash>/ in its own process
 *   dist/chunks/                      modules loaded on first use (import() in the sources)
 *   dist/workers/<name>.js            every *.worker.ts under src/, for worker threads (core/paths.ts workerEntry)
 *   dist/.build-hash                  hash of the inputs' contents, then one of their names, sizes and
 *                                     modification times; written last, so a broken build is redone
 *
 * Tests keep running the sources through tsx; only `npm start` runs dist/.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-hash');

/** What the bundle is made of: the sources (tests excluded), the build settings and the lockfile. */
function inputs() {
  const files = readdirSync(path.join(ROOT, 'src'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|json)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
  files.push(...['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs'].map((f) => path.join(ROOT, f)));
  return files.filter((f) => existsSync(f)).sort();
}

export function inputHash(files = inputs()) {
  const hash = createHash('sha256');
  for (const f of files) hash.update(path.relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  return hash.digest('hex');
}

/**
 * The inputs' names, sizes and modification times: what `npm start` compares first, since
 * reading and hashing every source (~700 files) cost 50–200 ms of each start. Only when it
 * differs (an edit, a checkout, a copy) are the contents hashed.
 */
function statSignature(files) {
  const hash = createHash('sha256');
  for (const f of files) {
    const st = statSync(f);
    hash.update(`${path.relative(ROOT, f)}\0${st.size}\0${st.mtimeMs}\0`);
  }
  return hash.digest('hex');
}

/** The signature is taken before the contents are read, so a file edited meanwhile makes the next start look again. */
const writeStamp = (hash, signature) => writeFileSync(STAMP, `${hash}\n${signature}\n`);

/** True when dist/ was not built from the current sources. */
export function isStale() {
  if (!existsSync(path.join(DIST, 'main.js'))) return true;
  let stamp;
  try {
    stamp = readFileSync(STAMP, 'utf8').split('\n');
  } catch {
    return true;
  }
  const files = inputs();
  const signature = statSignature(files);
  if (stamp[1] && stamp[1] === signature) return false;
  if (stamp[0] !== inputHash(files)) return true;
  // The same contents with new times (a checkout, a copy): remember the times for the next start.
  try {
    writeStamp(stamp[0], signature);
  } catch {
    // A read-only dist/ only costs the next start the hashing again.
  }
  return false;
}

/** Worker-thread modules (every *.worker.ts under src/): each bundled on its own as dist/workers/<name>.js (see core/paths.ts workerEntry). */
export function workerEntries() {
  return Object.fromEntries(
    readdirSync(path.join(ROOT, 'src'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.worker.ts'))
      .map((e) => [`workers/${e.name.replace(/\.ts$/, '')}`, path.relative(ROOT, path.join(e.parentPath, e.name))]),
  );
}

/**
 * Modules whose exported functions run in the heavy-work pool (core/heavy.ts): every
 * heavyTask<…>('src/….ts', …) in the sources, each bundled as dist/tasks/<path below src/>.js.
 * With `tests`, also those the test files name (npm test's build, test/entry.ts buildEntries).
 */
export function taskEntries({ tests = false } = {}) {
  const entries = {};
  for (const e of readdirSync(path.join(ROOT, 'src'), { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !/\.tsx?$/.test(e.name) || (!tests && /\.test\.tsx?$/.test(e.name))) continue;
    const text = readFileSync(path.join(e.parentPath, e.name), 'utf8');
    for (const m of text.matchAll(/heavyTask<[^\n]*?\(\s*'(src\/[^']+)\.ts'/g))
      entries[`tasks/${m[1].slice('src/'.length)}`] = `${m[1]}.ts`;
  }
  return entries;
}

/**
 * esbuild's settings for the sources: every module bundled once, those loaded on first use in
 * chunks, packages left in node_modules as they are (native argon2, PGlite's WebAssembly files).
 * test/entry.ts compiles the tests with the same.
 */
export const ESBUILD_OPTIONS = {
  absWorkingDir: ROOT,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  logLevel: 'warning',
};

export async function build({ template = !process.env.DATABASE_URL } = {}) {
  const started = performance.now();
  const files = inputs();
  const signature = statSignature(files);
  const hash = inputHash(files);
  const esbuild = await import('esbuild');
  rmSync(STAMP, { force: true });
  for (const old of ['main.js', 'main.js.map', 'build-pglite-template.js', 'build-pglite-template.js.map', 'chunks', 'workers']) {
    rmSync(path.join(DIST, old), { recursive: true, force: true });
  }
  await esbuild.build({
    ...ESBUILD_OPTIONS,
    entryPoints: {
      main: 'src/main.ts',
      'build-pglite-template': 'src/core/db/build-pglite-template.ts',
      ...workerEntries(),
      ...taskEntries(),
    },
    outdir: DIST,
    // Stack traces map back to src/ with NODE_OPTIONS=--enable-source-maps.
    sourcemap: 'linked',
  });
  if (template) {
    const r = spawnSync(process.execPath, [path.join(DIST, 'build-pglite-template.js')], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`building the PGlite template failed (exit ${r.status ?? r.signal})`);
  }
  writeStamp(hash, signature);
  console.error(`built dist/ in ${Math.round(performance.now() - started)} ms`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await build();
}
