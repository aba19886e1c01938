import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openPglite, PGLITE_SETTINGS } from './db.ts';
import { listMigrations } from './migrate.ts';
import { createDataDirFromTemplate, ensureTemplate } from './pglite-template.ts';

/**
 * A new PGlite data directory is a copy of the migrated template (built once, in a process of
 * its own), never an initdb in the serving process; and PGlite runs with the settings chosen in
 * db.ts. PGlite only: the template is PGlite's data directory (PostgreSQL needs none).
 */
describe('PGlite data directory from the migrated template', () => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'kzm-template-'));
    await ensureTemplate();
  });
  after(() => rm(scratch, { recursive: true, force: true }));

  test('a missing directory is created from the template, already migrated; a second call leaves it alone', async () => {
    const dir = path.join(scratch, 'new', 'data');
    assert.equal(await createDataDirFromTemplate(dir), true);
    assert.ok(existsSync(path.join(dir, 'PG_VERSION')));
    const db = await openPglite(dir);
    try {
      const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
      assert.deepEqual(
        rows.map((r) => r.name),
        (await listMigrations()).map((m) => m.name),
      );
      await db.exec("INSERT INTO offices (slug, name, town, region) VALUES ('probno', 'Probna kancelarija', 'Probno', 'west')");
    } finally {
      await db.close();
    }
    assert.equal(await createDataDirFromTemplate(dir), false, 'a directory with a database is never overwritten');
    const again = await openPglite(dir);
    try {
      assert.deepEqual(await again.query('SELECT slug FROM offices'), [{ slug: 'probno' }]);
    } finally {
      await again.close();
    }
  });

  test('an empty directory is filled; one with other files and no database is refused, untouched', async () => {
    const empty = path.join(scratch, 'empty');
    await mkdir(empty);
    assert.equal(await createDataDirFromTemplate(empty), true);

    const foreign = path.join(scratch, 'foreign');
    await mkdir(foreign);
    await writeFile(path.join(foreign, 'notes.txt'), 'not a database');
    await assert.rejects(createDataDirFromTemplate(foreign), /not empty and holds no database/);
    assert.deepEqual(await readdir(foreign), ['notes.txt']);
  });

  test('a copy cut off half-way (the marker left, no PG_VERSION) is redone on the next start', async () => {
    const dir = path.join(scratch, 'interrupted');
    await mkdir(path.join(dir, 'base'), { recursive: true });
    await writeFile(path.join(dir, '.kzm-copying-template'), '');
    await writeFile(path.join(dir, 'base', 'half-written'), 'x');
    assert.equal(await createDataDirFromTemplate(dir), true);
    assert.ok(!existsSync(path.join(dir, '.kzm-copying-template')), 'the marker is removed once the copy is whole');
    const db = await openPglite(dir);
    try {
      assert.ok((await db.query('SELECT 1 FROM schema_migrations')).length > 0);
    } finally {
      await db.close();
    }
  });

  test('PGlite runs with the settings chosen in db.ts, not initdb’s server defaults', async () => {
    const db = await openPglite();
    try {
      for (const [name, value] of Object.entries(PGLITE_SETTINGS)) {
        const [row] = await db.query<{ v: string }>('SELECT current_setting($1) AS v', [name]);
        assert.equal(row?.v, value, name);
      }
    } finally {
      await db.close();
    }
  });
});
