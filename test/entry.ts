import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** Compiles every entry into a new folder under node_modules/.cache/kzm-test; returns the folder. */
export async function buildEntries(): Promise<string> {
  await mkdir(CACHE, { recursive: true });
  const outdir = mkdtempSync(join(CACHE, 'entries-'));
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir,
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
  });
  return outdir;
}

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
