/**
 * Issue #17: the national admin manages offices and sees aggregates, never a young person's
 * personal data. Enumerated over every route in the table (a new route is covered by itself):
 * each page the national admin may open is searched for every person's name and e-mail in the
 * database, and every office route that does not declare `national: 'aggregates'` refuses them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTOR_SPECS, concretePath, createActors, type ActorName } from '../actors.ts';
import { createTestApp, type TestApp, type TestClient } from '../app.ts';

let t: TestApp;
let as: (name: ActorName) => Promise<TestClient>;
before(async () => {
  t = await createTestApp();
  as = await createActors(t);
});
after(() => t.close());

/**
 * The office routes the national admin may open: the office's profile and suppressed
 * statistics. Adding one here is a reviewed decision that the page shows no person.
 */
const NATIONAL_MAY_OPEN = ['checkin.stats.period', 'guidance.stats', 'offices.edit', 'offices.update', 'people.stats'];

/**
 * Every person's name and e-mail in the database: the register, accounts, guests of activities
 * and counselling, newsletter subscribers, parents — any column holding a name or an e-mail,
 * except organisations' public contacts (offices, their public contact people, associations,
 * partners) and the national admin's own account. Short values are left out (a four-letter
 * name would match ordinary words).
 */
async function personalStrings(): Promise<Set<string>> {
  const columns = await t.db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables tb ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema
      WHERE c.table_schema = 'public' AND tb.table_type = 'BASE TABLE' AND c.data_type = 'text'
        AND (c.column_name LIKE '%email%' OR c.column_name LIKE '%full_name%' OR c.column_name = 'display_name'
             OR c.column_name LIKE '%guest_name%' OR c.column_name LIKE '%parent_name%')
        AND c.table_name NOT IN ('offices', 'office_coordinators', 'associations', 'partners', 'outbox', 'audit_events', 'account_events')`,
  );
  assert.ok(
    columns.some((c) => c.table_name === 'people' && c.column_name === 'full_name'),
    'the register’s names are searched',
  );
  const own = new Set([ACTOR_SPECS.nationalAdmin.email!, `Matrica ${ACTOR_SPECS.nationalAdmin.email!.split('@')[0]}`]);
  // An office's public contact people are published on its page: not a young person's data.
  for (const r of await t.db.query<{ v: string }>(
    `SELECT full_name AS v FROM office_coordinators UNION SELECT email FROM office_coordinators UNION SELECT email FROM offices`,
  ))
    own.add(r.v);
  const found = new Set<string>();
  for (const { table_name, column_name } of columns) {
    const rows = await t.db.query<{ v: string }>(
      `SELECT DISTINCT "${column_name}" AS v FROM "${table_name}" WHERE "${column_name}" IS NOT NULL`,
    );
    for (const { v } of rows) if (v.trim().length >= 8 && !own.has(v)) found.add(v.trim());
  }
  return found;
}

/**
 * The development mailbox shows every mail the app would have sent (their recipients too); it
 * exists only while no SMTP server is configured, and answers 404 once one is (tested below).
 */
const DEVELOPMENT_ONLY = ['admin.mailbox'];

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

describe('the national admin sees no young person’s personal data', () => {
  test('office routes let the national admin in only where they declare aggregates', () => {
    const open = t.routes.routes.filter((r) => r.access.kind === 'office' && r.access.national === 'aggregates').map((r) => r.name);
    assert.deepEqual(open.sort(), [...NATIONAL_MAY_OPEN].filter((n) => t.routes.routes.some((r) => r.name === n)).sort());
  });

  test('every other office route refuses the national admin (403), GET and POST', async () => {
    const admin = await as('nationalAdmin');
    const wrong: string[] = [];
    for (const route of t.routes.routes) {
      if (route.access.kind !== 'office' || route.access.national === 'aggregates') continue;
      const path = await concretePath(t, route);
      const res = route.method === 'GET' ? await admin.get(path) : await admin.post(path, {});
      await res.body?.cancel();
      if (res.status !== 403) wrong.push(`${route.method} ${route.name}: ${res.status}`);
    }
    assert.deepEqual(wrong, []);
  });

  test('no page the national admin opens shows a person’s name or e-mail (unless a visitor sees it too)', async (ctx) => {
    const admin = await as('nationalAdmin');
    const visitor = await as('anonymous');
    const paths: Array<[string, string]> = [];
    for (const route of t.routes.routes.filter((r) => r.method === 'GET' && !DEVELOPMENT_ONLY.includes(r.name)))
      paths.push([route.name, await concretePath(t, route)]);
    // After the fixtures: the people they made are searched for too.
    const personal = await personalStrings();
    assert.ok(personal.size > 20, `people to look for: ${personal.size}`);
    const leaks: string[] = [];
    let opened = 0;
    for (const [name, path] of paths) {
      const res = await admin.get(path);
      const body = await res.text();
      if (res.status !== 200) continue;
      opened++;
      const pub = await (await visitor.get(path)).text();
      for (const s of personal) {
        const shown = (text: string) => text.includes(s) || text.includes(escapeHtml(s));
        if (shown(body) && !shown(pub)) leaks.push(`${name} (${path}) shows ${s}`);
      }
    }
    assert.deepEqual(leaks, []);
    ctx.diagnostic(`${paths.length} GET routes, ${opened} opened by the national admin, ${personal.size} names and e-mails looked for`);
  });

  test('the development mailbox is gone once mail is really sent', async () => {
    const withSmtp = await createTestApp({ env: { SMTP_URL: 'smtp://127.0.0.1:2525' } });
    try {
      // admin@primer.test: the demo seed's national admin.
      const res = await (await withSmtp.clientAs('admin@primer.test')).get('/lat/admin/posta');
      assert.equal(res.status, 404);
    } finally {
      await withSmtp.close();
    }
  });

  test('the office’s coordinator still opens the register (the check above is not vacuous)', async () => {
    const personal = await personalStrings();
    const body = await (await (await as('coordinatorA')).get('/lat/admin/kancelarije/pancevo/mladi')).text();
    assert.ok([...personal].some((s) => body.includes(s) || body.includes(escapeHtml(s))));
  });
});
