import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../core/db/db.ts';
import { parseForm } from '../../core/http/forms.ts';
import { freshDb } from '../../../test/db.ts';
import { createPartner, PartnerNameTaken } from '../partners/service.ts';
import { partnerFields } from '../partners/schema.ts';
import { associationFields } from './schema.ts';
import { createAssociation, RegistryNumberTaken } from './service.ts';

/** The create functions other features (imports, demo data) call: row, search key, audit, duplicates. */
let db: Db;
let officeId: string;
let otherOfficeId: string;
before(async () => {
  db = await freshDb();
  const ids = await db.query<{ id: string }>(
    `INSERT INTO offices (slug, status, name, town, region, search_key) VALUES
       ('a-office', 'full', 'Kancelarija A', 'Pančevo', 'vojvodina', 'a'), ('b-office', 'full', 'Kancelarija B', 'Čačak', 'west', 'b')
     RETURNING id`,
  );
  officeId = ids[0]!.id;
  otherOfficeId = ids[1]!.id;
});
after(() => db.close());

const input = (values: Record<string, string>) => {
  const r = parseForm(
    associationFields,
    { kind: 'youth', name: 'Mladi Čačka (primer)', registry_number: '17162543', active: 'on', ...values },
    'lat',
  );
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r.data;
};

describe('createAssociation', () => {
  test('writes the row with its search key, arrays and an audit event', async () => {
    const id = await db.transaction((tx) => createAssociation(tx, officeId, null, input({ areas: 'education,health', short_name: 'МЧ' })));
    const [row] = await db.query<{ name: string; search_key: string; areas: string[]; listed: boolean }>(
      'SELECT * FROM associations WHERE office_id = $1 AND id = $2',
      [officeId, id],
    );
    assert.equal(row!.search_key, 'mladi cacka (primer) mc');
    assert.deepEqual(row!.areas, ['education', 'health']);
    assert.equal(row!.listed, false);
    const audit = await db.query('SELECT 1 FROM audit_events WHERE office_id = $1 AND action = $2 AND target = $3', [
      officeId,
      'association.create',
      id,
    ]);
    assert.equal(audit.length, 1);
  });

  test('a registry number the office already has: RegistryNumberTaken, nothing written; another office may have it', async () => {
    const before = await db.query('SELECT count(*)::int AS n FROM associations');
    await assert.rejects(
      db.transaction((tx) => createAssociation(tx, officeId, null, input({ name: 'Drugo ime' }))),
      RegistryNumberTaken,
    );
    assert.deepEqual(await db.query('SELECT count(*)::int AS n FROM associations'), before);
    await db.transaction((tx) => createAssociation(tx, otherOfficeId, null, input({})));
  });

  test('two concurrent inserts of one registry number: exactly one wins', async () => {
    const values = input({ registry_number: '20084693', name: 'Trka (primer)' });
    const results = await Promise.allSettled([0, 1, 2].map(() => db.transaction((tx) => createAssociation(tx, officeId, null, values))));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof RegistryNumberTaken, String(r.reason));
    const rows = await db.query('SELECT 1 FROM associations WHERE office_id = $1 AND registry_number = $2', [officeId, '20084693']);
    assert.equal(rows.length, 1);
  });
});

describe('createPartner', () => {
  test('writes the row and an audit event; the same name in another script is a duplicate', async () => {
    const p = parseForm(partnerFields, { kind: 'school', name: 'Gimnazija Uroš Predić (primer)', active: 'on' }, 'lat');
    assert.ok(p.ok);
    const id = await db.transaction((tx) => createPartner(tx, officeId, null, p.data));
    assert.ok(id);
    const cyr = parseForm(partnerFields, { kind: 'school', name: 'Гимназија Урош Предић (пример)', active: 'on' }, 'lat');
    assert.ok(cyr.ok);
    await assert.rejects(
      db.transaction((tx) => createPartner(tx, officeId, null, cyr.data)),
      PartnerNameTaken,
    );
  });
});
