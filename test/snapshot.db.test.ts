import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../src/core/db/db.ts';
import { insertFile } from '../src/core/files.ts';
import { freshDb } from './db.ts';
import { changedTables, fingerprint, snapshot } from './snapshot.ts';

/**
 * The route harness's "nothing changed" checks (test/security/*) take fingerprints: they must
 * notice any change a snapshot notices, a single byte of a stored file included (a bytea enters
 * the fingerprint as its MD5, not as its text).
 */
let db: Db;
let office: string;
before(async () => {
  db = await freshDb();
  [{ id: office }] = (await db.query<{ id: string }>(
    "INSERT INTO offices (slug, name, town, region) VALUES ('otisak', 'Kancelarija Otisak', 'Otisak', 'west') RETURNING id",
  )) as [{ id: string }];
});
after(() => db.close());

test('a fingerprint changes with one byte of a stored file, and with any other column; it stays when nothing changed', async () => {
  const bytes = new Uint8Array(3 * 1024 * 1024).fill(7);
  const file = await insertFile(db, office, { name: 'velika.pdf', contentType: 'application/pdf', bytes, uploadedBy: null });
  const first = await fingerprint(db);
  const firstSnapshot = await snapshot(db);
  assert.deepEqual(changedTables(first, await fingerprint(db)), [], 'nothing changed');

  // One byte in the middle of the file (set_byte on the stored value: the same length, the same name).
  await db.query('UPDATE files SET bytes = set_byte(bytes, 1572864, 8) WHERE id = $1', [file]);
  const byte = await fingerprint(db);
  assert.deepEqual(changedTables(first, byte), ['files'], 'one changed byte of a file');
  assert.notDeepEqual(await snapshot(db), firstSnapshot, 'the snapshot sees it too');

  await db.query("UPDATE files SET name = 'druga.pdf' WHERE id = $1", [file]);
  assert.deepEqual(changedTables(byte, await fingerprint(db)), ['files'], 'another column of a table with a file');

  const beforeOffice = await fingerprint(db);
  await db.query("UPDATE offices SET town = 'Otisak 2' WHERE id = $1", [office]);
  assert.deepEqual(changedTables(beforeOffice, await fingerprint(db)), ['offices'], 'a table without files');
});
