import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectPath } from '../paths.ts';
import { openPglite } from './db.ts';
import { listMigrations, migrate } from './migrate.ts';

/**
 * A new PGlite data directory is a copy of a migrated template, not an `initdb`: initdb costs
 * 7–8 s of CPU and its WebAssembly memory (~500 MB) is never given back to the system, so the
 * process that ran it stays at ~900 MB. The template is a closed PGlite data directory under
 * dist/, built once in a process of its own (by `npm start`'s build step, or by the first start
 * that finds none) and named by a hash of the migrations and the PGlite version, so a new
 * migration or PGlite release makes a new one instead of reusing a stale one.
 */

const TEMPLATES_DIR = projectPath('dist', 'pglite');
/** Written first and removed last while a data directory is filled from the template. */
const COPYING_MARKER = '.kzm-copying-template';

export async function templateDir(): Promise<string> {
  const hash = createHash('sha256');
  const pkg = JSON.parse(await readFile(projectPath('node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as {
    version: string;
  };
  hash.update(`pglite ${pkg.version}\n`);
  for (const m of await listMigrations()) hash.update(m.name).update('\0').update(m.sql).update('\0');
  return path.join(TEMPLATES_DIR, `template-${hash.digest('hex').slice(0, 16)}`);
}

/** Builds the template in this process (initdb + migrate + close); a no-op when it exists. */
export async function buildTemplate(): Promise<string> {
  const dir = await templateDir();
  if (existsSync(path.join(dir, 'PG_VERSION'))) return dir;
  await mkdir(TEMPLATES_DIR, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  const db = await openPglite(tmp);
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
  try {
    await rename(tmp, dir);
  } catch (err) {
    // Another process built it at the same moment: theirs is as good as ours.
    if (!existsSync(path.join(dir, 'PG_VERSION'))) throw err;
    await rm(tmp, { recursive: true, force: true });
  }
  // Templates of earlier migrations are of no further use.
  for (const name of await readdir(TEMPLATES_DIR)) {
    const other = path.join(TEMPLATES_DIR, name);
    if (other !== dir && name.startsWith('template-') && !name.includes('.tmp-')) await rm(other, { recursive: true, force: true });
  }
  return dir;
}

/** Builds the template in a child process, so the caller never holds initdb's memory. */
export async function ensureTemplate(): Promise<string> {
  const dir = await templateDir();
  if (existsSync(path.join(dir, 'PG_VERSION'))) return dir;
  // From the sources (tsx) this module is a .ts file; from the bundle, dist/build-pglite-template.js.
  const args = fileURLToPath(import.meta.url).endsWith('.ts')
    ? ['--import', 'tsx', projectPath('src', 'core', 'db', 'build-pglite-template.ts')]
    : [projectPath('dist', 'build-pglite-template.js')];
  const r = spawnSync(process.execPath, args, { cwd: projectPath(), stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !existsSync(path.join(dir, 'PG_VERSION'))) {
    throw new Error(`Building the PGlite template failed (exit ${r.status ?? r.signal})`);
  }
  return dir;
}

/**
 * Fills an empty (or missing) PGlite data directory from the migrated template (or from the
 * closed data directory `template`: the tests' demo data, test/db.ts); returns whether it did.
 * PG_VERSION, which PGlite takes as "a database is here", is copied last, and a marker file marks
 * a copy under way, so a process killed mid-copy leaves a directory the next start fills again.
 * A non-empty directory without a database and without the marker is refused, not overwritten.
 */
export async function createDataDirFromTemplate(dataDir: string, template?: string): Promise<boolean> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return false;
  await mkdir(dataDir, { recursive: true });
  const entries = await readdir(dataDir);
  if (entries.length > 0 && !entries.includes(COPYING_MARKER)) {
    throw new Error(`DATA_DIR ${dataDir} is not empty and holds no database; point DATA_DIR at an empty or new directory`);
  }
  const from = template ?? (await ensureTemplate());
  await writeFile(path.join(dataDir, COPYING_MARKER), '');
  await copyTree(from, dataDir, (rel) => rel === 'PG_VERSION');
  await copyFile(path.join(from, 'PG_VERSION'), path.join(dataDir, 'PG_VERSION'));
  await rm(path.join(dataDir, COPYING_MARKER), { force: true });
  return true;
}

/** Files copied at once: the copies run on libuv's thread pool, so the disk is kept busy. */
const COPY_CONCURRENCY = 16;

/**
 * Copies the tree `from` into `to` (directories first, then every file, COPY_CONCURRENCY at a
 * time; a copy-on-write clone where the file system offers one), leaving out the paths `skip`
 * names. The template is ~1,100 small files and a 16 MB WAL segment: fs.cp copied them one after
 * another (1.5–2× slower, measured in ARCHITECTURE.md).
 */
async function copyTree(from: string, to: string, skip: (rel: string) => boolean): Promise<void> {
  const files: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    await mkdir(path.join(to, rel), { recursive: true });
    for (const e of await readdir(path.join(from, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (skip(r)) continue;
      if (e.isDirectory()) await walk(r);
      else files.push(r);
    }
  };
  await walk('');
  let next = 0;
  await Promise.all(
    Array.from({ length: COPY_CONCURRENCY }, async () => {
      while (next < files.length) {
        const rel = files[next++]!;
        await copyFile(path.join(from, rel), path.join(to, rel), constants.COPYFILE_FICLONE);
      }
    }),
  );
}
