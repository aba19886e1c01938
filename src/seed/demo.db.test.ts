import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freshDb } from '../../test/db.ts';
import type { Db, Queryable } from '../core/db/db.ts';
import { createPeople, createPerson, type NewPersonInput } from '../features/people/service.ts';
import { seedDemo, seedDemoIfEmpty } from './demo.ts';

/**
 * The demo seed is a handful of batched statements rather than one round trip per row (it runs
 * in a first start, before the server answers), and the batched createPeople writes exactly
 * the rows createPerson writes, one person at a time.
 */
describe('demo seed', () => {
  let db: Db;
  before(async () => {
    db = await freshDb();
  });
  after(() => db.close());

  test('loads the demo data in at most 530 statements (it was 922 for 18 features: ~9 per demo person; 26 features seed now)', async () => {
    let statements = 0;
    const counting: Db = {
      ...db,
      transaction: (fn) =>
        db.transaction((tx) =>
          fn({
            query: (sql, params) => (statements++, tx.query(sql, params)),
            exec: (sql) => (statements++, tx.exec(sql)),
          }),
        ),
    };
    await seedDemo(counting, { ARGON2_MEMORY_KIB: 1024 });
    const [n] = await db.query<{ people: number; consents: number; logged: number; audited: number }>(
      `SELECT (SELECT count(*)::int FROM people) AS people, (SELECT count(*)::int FROM person_consents) AS consents,
              (SELECT count(*)::int FROM personal_data_access) AS logged,
              (SELECT count(*)::int FROM audit_events WHERE action IN ('person.create', 'person.import')) AS audited`,
    );
    assert.ok(n!.people >= 90, `${n!.people} demo people`);
    assert.ok(n!.consents >= n!.people);
    assert.equal(n!.audited, n!.people - 1, 'an audit event per person entered by staff (Tara joined online)');
    assert.ok(n!.logged >= n!.people);
    // 472 with the eight features of issues #14–#17 (their demo rows are a few statements each);
    // 521 with the national network's trainings, campaign and LAP consultation.
    assert.ok(statements <= 530, `${statements} statements`);
  });

  test('a first start (seedDemoIfEmpty) also queues the demo annual report, for the report job to make; seedDemo alone does not', async () => {
    const queued = async (d: Queryable) =>
      (await d.query<{ n: number }>(`SELECT count(*)::int AS n FROM annual_reports WHERE status = 'queued'`))[0]!.n;
    assert.equal(await queued(db), 0, 'seedDemo (the test templates) queues no report');
    const empty = await freshDb();
    try {
      assert.equal(await seedDemoIfEmpty(empty, { ARGON2_MEMORY_KIB: 1024 }), true);
      assert.equal(await queued(empty), 1);
      assert.equal(await seedDemoIfEmpty(empty, { ARGON2_MEMORY_KIB: 1024 }), false, 'a second start seeds nothing');
      assert.equal(await queued(empty), 1);
    } finally {
      await empty.close();
    }
  });

  test('createPeople writes the same rows as createPerson, person by person', async () => {
    const [office] = await db.query<{ id: string }>(
      "INSERT INTO offices (slug, name, town, region) VALUES ('isto', 'Kancelarija Isto', 'Isto', 'west') RETURNING id",
    );
    const officeId = office!.id;
    const [settlement] = await db.query<{ id: string }>(
      "INSERT INTO office_settlements (office_id, name, kind, search_key) VALUES ($1, 'Isto', 'rural', 'isto') RETURNING id",
      [officeId],
    );
    const input = (n: number): NewPersonInput => ({
      full_name: `Ista Osoba ${n}`,
      email: `ista${n}@primer.test`,
      phone: '',
      birth_date: n === 0 ? '2014-03-01' : '2001-05-0' + n,
      gender: 'female',
      settlement_id: n === 1 ? settlement!.id : null,
      status: n === 0 ? 'pupil' : 'student',
      interests: ['education', 'health'],
      script: 'cir',
      consents: ['register', 'contact', 'sensitive'],
      paper:
        n === 0
          ? { given_by: 'parent', parent_name: 'Roditelj Isti', parent_email: 'roditelj@primer.test', evidence_note: 'obrazac' }
          : { given_by: 'self', parent_name: '', parent_email: '', evidence_note: 'obrazac' },
      sensitive: n === 2 ? { ethnicity: 'roma', disability: true, health_note: 'napomena' } : undefined,
      source: n === 1 ? 'import' : 'offline',
    });
    const inputs = [0, 1, 2].map(input);
    const one = await db.transaction(async (tx) => {
      const ids: string[] = [];
      for (const i of inputs) ids.push(await createPerson(tx, officeId, null, i));
      return ids;
    });
    const many = await db.transaction((tx) => createPeople(tx, officeId, null, inputs));

    const snapshot = async (q: Queryable, id: string) => {
      const [person] = await q.query(
        `SELECT user_id, full_name, email, phone, birth_date, birth_year, gender, settlement_id, settlement_kind, status, interests,
                script, source, search_key, created_by FROM people WHERE office_id = $1 AND id = $2`,
        [officeId, id],
      );
      const consents = await q.query(
        `SELECT purpose, notice_version, given_by, parent_name, parent_email, parent_confirmed_at IS NOT NULL AS parent_confirmed,
                evidence, evidence_note, recorded_by, withdrawn_at FROM person_consents WHERE office_id = $1 AND person_id = $2 ORDER BY purpose`,
        [officeId, id],
      );
      const sensitive = await q.query(
        `SELECT c.purpose, s.ethnicity, s.disability, s.health_note, s.recorded_by
           FROM person_sensitive s JOIN person_consents c ON c.office_id = s.office_id AND c.id = s.consent_id
          WHERE s.office_id = $1 AND s.person_id = $2`,
        [officeId, id],
      );
      const access = await q.query('SELECT actor_id, action, reason FROM personal_data_access WHERE office_id = $1 AND person_id = $2', [
        officeId,
        id,
      ]);
      const audit = await q.query('SELECT actor_id, action, data FROM audit_events WHERE office_id = $1 AND target = $2', [officeId, id]);
      return { person, consents, sensitive, access, audit };
    };
    for (let i = 0; i < inputs.length; i++) {
      const expected = await snapshot(db, one[i]!);
      assert.ok(expected.consents.length > 0 && expected.access.length === 1 && expected.audit.length === 1);
      assert.deepEqual(await snapshot(db, many[i]!), expected, `person ${i}`);
    }
  });
});
