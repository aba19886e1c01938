import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESBUILD_OPTIONS, taskEntries, workerEntries } from '../scripts/build.mjs';
import { ensureTemplate } from '../src/core/db/pglite-template.ts';
import { testDatabaseUrl } from './db.ts';

/**
 * The programs tests start as child processes (the CLI, the newsletter sender), compiled with
 * esbuild into plain JavaScript — as `npm start` runs dist/ — instead of started through tsx,
 * which loads and compiles ~200 modules in every child: ~2.3 s of CPU per start against ~0.6 s
 * compiled (measured on `kzm help`). The same sources, bundled with scripts/build.mjs's settings;
 * packages stay in node_modules.
 *
 * `npm test` builds them once per run (scripts/test.ts, buildEntries) and names the folder in
 * KZM_TEST_ENTRIES; a test file run by hand builds its own copy on first use, so it never starts
 * a stale build. The folder lies inside the project (node_modules/.cache), so the bundles
 * resolve packages and find the project root (core/paths.ts) as the sources do.
 */
export const ENTRIES_ENV = 'KZM_TEST_ENTRIES';

/** Each program's bundle name → its source. */
const ENTRIES = {
  cli: 'src/cli.ts',
  'newsletter-sender': 'test/newsletter-sender.ts',
} as const;
export type Entry = keyof typeof ENTRIES;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, 'node_modules/.cache/kzm-test');

/** A new folder under node_modules/.cache/kzm-test, inside the project so the bundles resolve its packages. */
async function newFolder(prefix: string): Promise<string> {
  await mkdir(CACHE, { recursive: true });
  return mkdtempSync(join(CACHE, prefix));
}

/**
 * Compiles every entry into a new folder under node_modules/.cache/kzm-test; returns the folder.
 * With them, as scripts/build.mjs lays them out in dist/, the worker threads' modules and the
 * heavy pool's task modules (those the tests name too): test processes point their heavy pool
 * at the folder (core/heavy.ts HEAVY_BUNDLE_ENV), so no worker compiles the sources through tsx.
 */
export async function buildEntries(): Promise<string> {
  const outdir = await newFolder('entries-');
  const esbuild = await import('esbuild');
  await esbuild.build({ ...ESBUILD_OPTIONS, entryPoints: { ...ENTRIES, ...workerEntries(), ...taskEntries({ tests: true }) }, outdir });
  return outdir;
}

/**
 * Each module believes it is its source file: `import.meta.url` is replaced by the source's URL.
 * So paths computed from it (fixtures beside a test, the project's files, core/paths.ts's
 * BUNDLED, which is false for a .ts URL) are those of a run through tsx: worker threads and
 * child programs still start from the sources, and only the test processes' own code is compiled.
 */
const asTheSources = {
  name: 'import-meta-url-of-the-source',
  setup(build: import('esbuild').PluginBuild) {
    build.onLoad({ filter: /\.(tsx?|mjs)$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const text = await readFile(args.path, 'utf8');
      return {
        contents: text.replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href)),
        loader: args.path.endsWith('.tsx') ? 'tsx' : args.path.endsWith('.mjs') ? 'js' : 'ts',
      };
    });
  },
};

/**
 * `npm test`'s test files compiled into plain JavaScript (with test/runner.ts and test/timing.ts,
 * which start them): a test process through tsx spent ~2.5 s of CPU loading the app's ~200
 * modules, compiled ~0.6 s (measured: importing src/app.ts), and `npm test` starts ~190 of
 * them. Each file keeps its path below the folder returned (src/x.db.test.ts →
 * <folder>/src/x.db.test.js); source maps (node --enable-source-maps) give failures their .ts lines.
 * A file run by hand (node --import tsx --test FILE) runs from the sources as before.
 */
export async function buildTests(files: readonly string[]): Promise<string> {
  const outdir = await newFolder('tests-');
  const esbuild = await import('esbuild');
  await esbuild.build({
    ...ESBUILD_OPTIONS,
    entryPoints: [...files, 'test/runner.ts', 'test/timing.ts'],
    outbase: ROOT,
    outdir,
    sourcemap: 'linked',
    plugins: [asTheSources],
  });
  return outdir;
}

/** Names the folder of buildTests in the test processes' environment (test/timing.ts maps a compiled file back to its source). */
export const COMPILED_ENV = 'KZM_TEST_COMPILED';

/** The compiled file of a test file (buildTests). */
export const compiledTest = (dir: string, file: string): string => join(dir, file.replace(/\.tsx?$/, '.js'));

export function removeEntries(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

let own: Promise<string> | undefined;

/**
 * The arguments to `node` that start an entry: its bundle. The bundled code builds no PGlite
 * template of its own (it would look for dist/build-pglite-template.js), so the migrated
 * template a new data directory is copied from is made here first, from the sources, as a start
 * through tsx would have made it (on PGlite runs only: a PostgreSQL run does not need it).
 */
export async function entryArgs(entry: Entry): Promise<string[]> {
  let dir = process.env[ENTRIES_ENV];
  if (!dir) {
    own ??= buildEntries().then((d) => {
      process.once('exit', () => removeEntries(d));
      return d;
    });
    dir = await own;
  }
  if (!testDatabaseUrl()) await ensureTemplate();
  return [join(dir, `${entry}.js`)];
}

/**
 * The PostgreSQL tier's files, each started through a wrapper that first sets that tier's
 * environment (TEST_DATABASE_URL, its demo template) and then imports the compiled file: the two
 * tiers share one pool of test processes (scripts/test.ts), and node's runner gives every file the
 * runner's environment. Returns the wrappers, <folder>/on-postgres/<file>.js, in the order given.
 */
export async function postgresWrappers(dir: string, files: readonly string[], env: Readonly<Record<string, string>>): Promise<string[]> {
  return Promise.all(
    files.map(async (file) => {
      const wrapper = compiledTest(join(dir, 'on-postgres'), file);
      await mkdir(dirname(wrapper), { recursive: true });
      await writeFile(
        wrapper,
        `Object.assign(process.env, ${JSON.stringify(env)});\nawait import(${JSON.stringify(pathToFileURL(compiledTest(dir, file)).href)});\n`,
      );
      return wrapper;
    }),
  );
}
