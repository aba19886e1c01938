import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount } from '../../../test/actors.ts';
import { createTestApp, lastMailTo, type TestApp, type TestClient } from '../../../test/app.ts';
import { snapshot } from '../../../test/snapshot.ts';

/**
 * The register of associations through HTTP, as staff, representatives and visitors use it:
 * CRUD, registry-number duplicates (also concurrent), the representative's request → approval
 * → editing → publishing, refusals for a representative of another association and for
 * another office, and the public directory showing only what is published, in both scripts,
 * fresh after every write (page cache on).
 */
let t: TestApp;
let staff: TestClient;
let staffB: TestClient;
const REP = 'rep.one@primer.test';
const OTHER_REP = 'rep.two@primer.test';
before(async () => {
  t = await createTestApp();
  staff = await t.clientAs('pancevo@primer.test');
  staffB = await t.clientAs('cacak@primer.test');
  await createAccount(t, { email: REP, roles: [] });
  await createAccount(t, { email: OTHER_REP, roles: [] });
});
after(() => t.close());

const A = '/lat/admin/kancelarije/pancevo/udruzenja';
const PUB = '/lat/kancelarije/pancevo/udruzenja';
const idFrom = (res: Response) => /udruzenja\/([0-9a-f-]{36})/.exec(res.headers.get('location') ?? '')?.[1] ?? '';

async function create(fields: Record<string, string>, client = staff): Promise<Response> {
  return client.post(A, { kind: 'youth', active: 'on', ...fields });
}

const roles = async (email: string) =>
  (
    await t.db.query<{ role: string }>(
      `SELECT m.role FROM office_members m JOIN users u ON u.id = m.user_id JOIN offices o ON o.id = m.office_id
        WHERE lower(u.email) = lower($1) AND o.slug = 'pancevo' ORDER BY m.role`,
      [email],
    )
  ).map((r) => r.role);

describe('staff register', () => {
  let id = '';

  test('create, list with search in any script, show, edit', async () => {
    const res = await create({
      name: 'Mladi Čačanski Test (primer)',
      registry_number: '20084693',
      areas: 'education',
      members_total: '30',
      members_young: '25',
    });
    assert.equal(res.status, 303);
    id = idFrom(res);
    assert.ok(id);
    for (const q of ['Чачански', 'Čačanski', 'cacanski', 'CACANSKI']) {
      const html = await (await staff.get(`${A}?q=${encodeURIComponent(q)}`)).text();
      assert.match(html, /Mladi Čačanski Test/, q);
    }
    const none = await (await staff.get(`${A}?q=nepostoji`)).text();
    assert.doesNotMatch(none, /Mladi Čačanski Test/);
    const byKind = await (await staff.get(`${A}?kind=informal`)).text();
    assert.doesNotMatch(byKind, /Mladi Čačanski Test/);
    const byArea = await (await staff.get(`${A}?area=education&kind=youth&active=yes`)).text();
    assert.match(byArea, /Mladi Čačanski Test/);
    assert.equal((await staff.get(`${A}/${id}`)).status, 200);
    const edit = await staff.post(`${A}/${id}/uredi`, {
      kind: 'youth',
      name: 'Mladi Čačanski Test (primer)',
      registry_number: '20084693',
      active: 'on',
      description: 'Novi opis',
    });
    assert.equal(edit.status, 303);
    const [row] = await t.db.query<{ description: string; members_total: number | null }>(
      'SELECT description, members_total FROM associations WHERE id = $1',
      [id],
    );
    assert.equal(row!.description, 'Novi opis');
    assert.equal(row!.members_total, null);
  });

  test('bad input re-renders with messages beside the fields and everything typed kept', async () => {
    const before = await snapshot(t.db);
    const res = await create({
      name: 'Zadržano ime',
      registry_number: '20084694',
      email: 'nije-adresa',
      members_total: '5',
      members_young: '9',
      areas: 'education,kuvanje',
    });
    assert.equal(res.status, 400);
    const html = await res.text();
    for (const f of ['registry_number', 'email', 'members_young', 'areas']) assert.match(html, new RegExp(`href="#f-${f}"`), f);
    assert.match(html, /value="Zadržano ime"/);
    assert.match(html, /value="20084694"/);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('a registry number the office has is a field error; another office may have it', async () => {
    const before = await snapshot(t.db);
    const dup = await create({ name: 'Drugo udruženje', registry_number: '20 084 693' });
    assert.equal(dup.status, 400);
    assert.match(await dup.text(), /već je u registru/);
    assert.deepEqual(await snapshot(t.db), before);
    const other = await staffB.post('/lat/admin/kancelarije/cacak/udruzenja', {
      kind: 'youth',
      name: 'Isti broj u Čačku',
      registry_number: '20084693',
      active: 'on',
    });
    assert.equal(other.status, 303);
  });

  test('concurrent creates with one registry number: one succeeds, the others get the field error, never a 500', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map(async (n) =>
        (await t.clientAs('pancevo@primer.test')).post(A, { kind: 'youth', name: `Trka ${n}`, registry_number: '07737068', active: 'on' }),
      ),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [303, 400, 400, 400]);
    const rows = await t.db.query(`SELECT 1 FROM associations WHERE registry_number = '07737068'`);
    assert.equal(rows.length, 1);
  });

  test('deactivate and activate again', async () => {
    const off = await staff.post(`${A}/${id}/status`, { active: 'false' });
    assert.equal(off.status, 303);
    assert.match(await staff.get(`${A}?active=no`).then((r) => r.text()), /Mladi Čačanski Test/);
    assert.equal((await staff.post(`${A}/${id}/status`, { active: 'true' })).status, 303);
    const [row] = await t.db.query<{ active: boolean }>('SELECT active FROM associations WHERE id = $1', [id]);
    assert.equal(row!.active, true);
    const audit = await t.db.query(`SELECT action FROM audit_events WHERE target = $1 AND action LIKE 'association.%' ORDER BY at`, [id]);
    assert.ok(audit.length >= 4);
  });

  test('another office’s staff cannot see, edit or decide on it (404 by key, nothing changes)', async () => {
    const before = await snapshot(t.db);
    assert.equal((await staffB.get(`${A}/${id}`)).status, 403);
    for (const path of [`/lat/admin/kancelarije/cacak/udruzenja/${id}`, `/lat/admin/kancelarije/cacak/udruzenja/${id}/uredi`]) {
      assert.equal((await staffB.get(path)).status, 404, path);
    }
    assert.equal(
      (
        await staffB.post(`/lat/admin/kancelarije/cacak/udruzenja/${id}/uredi`, {
          kind: 'youth',
          name: 'Otet',
          registry_number: '20084693',
          active: 'on',
        })
      ).status,
      404,
    );
    assert.equal((await staffB.post(`/lat/admin/kancelarije/cacak/udruzenja/${id}/status`, { active: 'false' })).status, 404);
    assert.deepEqual(await snapshot(t.db), before);
  });
});

describe('representatives and the public directory', () => {
  let id = '';
  let otherId = '';
  let rep: TestClient;
  let other: TestClient;
  before(async () => {
    id = idFrom(
      await create({
        name: 'Udruženje Zvezdica (primer)',
        registry_number: '17162543',
        description: 'Tajni opis',
        email: 'zvezdica@primer.test',
        areas: 'health',
        target_groups: 'roma',
      }),
    );
    otherId = idFrom(await create({ name: 'Udruženje Drugo (primer)', registry_number: '20053658' }));
    rep = await t.clientAs(REP);
    other = await t.clientAs(OTHER_REP);
  });

  test('an unlisted association is not in the directory and its page is a 404 for the public', async () => {
    const visitor = t.client();
    assert.doesNotMatch(await (await visitor.get(PUB)).text(), /Zvezdica/);
    assert.equal((await visitor.get(`${PUB}/${id}`)).status, 404);
    assert.equal((await visitor.get(`${PUB}/nije-uuid`)).status, 404);
  });

  test('a signed-in person asks; the request is pending; asking again changes nothing', async () => {
    assert.equal((await t.client().get(`${PUB}/${id}/predstavnik`)).status, 303, 'visitors are sent to log in');
    const res = await rep.post(`${PUB}/${id}/predstavnik`, { note: 'Predsednica udruženja' });
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location') ?? '', /n=associations\.request\.sent/);
    const again = await rep.post(`${PUB}/${id}/predstavnik`, { note: 'opet' });
    assert.doesNotMatch(again.headers.get('location') ?? '', /request\.sent/);
    const [row] = await t.db.query<{ status: string; note: string }>(
      'SELECT status, note FROM association_representatives WHERE association_id = $1',
      [id],
    );
    assert.deepEqual(row, { status: 'pending', note: 'Predsednica udruženja' });
    assert.match(await (await staff.get(A)).text(), /Predsednica udruženja/);
    // Not yet approved: no editing.
    assert.equal((await rep.get(`${A}/${id}/uredi`)).status, 403);
  });

  test('approving grants association_rep and mails the person; the representative edits and publishes', async () => {
    const userId = (await t.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [REP]))[0]!.id;
    const res = await staff.post(`${A}/${id}/predstavnici`, { user_id: userId, decision: 'approve' });
    assert.equal(res.status, 303);
    assert.deepEqual(await roles(REP), ['association_rep']);
    assert.match((await lastMailTo(t.db, REP))?.body_text ?? '', /Udruženje Zvezdica/);
    // Deciding again on a request that is no longer pending: a readable refusal, nothing changes.
    const twice = await staff.post(`${A}/${id}/predstavnici`, { user_id: userId, decision: 'approve' });
    assert.equal(twice.status, 409);
    // Someone who never asked to represent it (another person's or a made-up id): not found (issue #9 point 10).
    for (const stranger of [
      (await t.db.query<{ id: string }>('SELECT id FROM users WHERE email <> $1 LIMIT 1', [REP]))[0]!.id,
      '00000000-0000-4000-8000-000000000000',
    ]) {
      assert.equal((await staff.post(`${A}/${id}/predstavnici`, { user_id: stranger, decision: 'approve' })).status, 404);
    }

    const rep2 = await t.clientAs(REP); // a new session carries the new role
    const form = await rep2.get(`${A}/${id}/uredi`);
    assert.equal(form.status, 200);
    const html = await form.text();
    assert.doesNotMatch(html, /name="active"/, 'a representative does not decide whether the office counts it active');
    // Warm the public cache in both scripts, then publish.
    await t.client().get(PUB);
    await t.client().get(`/cir/kancelarije/pancevo/udruzenja`);
    const save = await rep2.post(`${A}/${id}/uredi`, {
      kind: 'youth',
      name: 'Udruženje Zvezdica (primer)',
      registry_number: '17162543',
      description: 'Javni opis udruženja',
      email: 'zvezdica@primer.test',
      phone: '013/123-456',
      areas: 'health',
      target_groups: 'roma',
      listed: 'on',
      published_fields: 'description,areas',
    });
    assert.equal(save.status, 303);
    const [row] = await t.db.query<{ active: boolean; listed: boolean }>('SELECT active, listed FROM associations WHERE id = $1', [id]);
    assert.deepEqual(row, { active: true, listed: true }, 'active kept though the form did not send it');
  });

  test('the directory shows only listed associations and only published fields, in both scripts, fresh after the edit', async () => {
    const visitor = t.client();
    const lat = await (await visitor.get(PUB)).text();
    assert.match(lat, /Udruženje Zvezdica/);
    assert.doesNotMatch(lat, /Udruženje Drugo/);
    const cir = await (await visitor.get('/cir/kancelarije/pancevo/udruzenja')).text();
    assert.match(cir, /Удружење Звездица/);
    const page = await (await visitor.get(`${PUB}/${id}`)).text();
    assert.match(page, /Javni opis udruženja/);
    assert.doesNotMatch(page, /zvezdica@primer\.test|013\/123-456|17162543/, 'unpublished e-mail, phone and registry number stay private');
    assert.doesNotMatch(page, /Ромска|Romska omladina/, 'target groups were not published');
    // Search in any script, filters only over published lists.
    for (const q of ['звездица', 'Zvezdica', 'zvezdica'])
      assert.match(await (await visitor.get(`${PUB}?q=${encodeURIComponent(q)}`)).text(), /Zvezdica/, q);
    assert.match(await (await visitor.get(`${PUB}?area=health`)).text(), /Zvezdica/);
    assert.doesNotMatch(await (await visitor.get(`${PUB}?target=roma`)).text(), /Zvezdica/, 'an unpublished list cannot be searched');
    const api = (await (await visitor.get('/api/v1/offices/pancevo/associations?q=zvezdica&script=cir')).json()) as {
      data: Array<Record<string, unknown>>;
    };
    assert.equal(api.data.length, 1);
    assert.equal(api.data[0]!.name, 'Удружење Звездица (пример)');
    assert.equal(api.data[0]!.email, undefined);
    assert.deepEqual(api.data[0]!.areas, ['health']);

    // Publishing the e-mail shows it at once (the cached pages were invalidated).
    const rep2 = await t.clientAs(REP);
    await rep2.post(`${A}/${id}/uredi`, {
      kind: 'youth',
      name: 'Udruženje Zvezdica (primer)',
      registry_number: '17162543',
      description: 'Javni opis udruženja',
      email: 'zvezdica@primer.test',
      listed: 'on',
      published_fields: 'description,areas,email',
    });
    assert.match(await (await visitor.get(`${PUB}/${id}`)).text(), /zvezdica@primer\.test/);
    // Deactivating takes it out of the public directory at once.
    await staff.post(`${A}/${id}/status`, { active: 'false' });
    assert.doesNotMatch(await (await visitor.get(PUB)).text(), /Zvezdica/);
    assert.equal((await visitor.get(`${PUB}/${id}`)).status, 404);
    await staff.post(`${A}/${id}/status`, { active: 'true' });
  });

  test('a representative of another association is refused (403), and cannot change it', async () => {
    // OTHER_REP becomes the approved representative of the other association.
    await other.post(`${PUB}/${otherId}/predstavnik`, { note: '' });
    const otherUser = (await t.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [OTHER_REP]))[0]!.id;
    assert.equal((await staff.post(`${A}/${otherId}/predstavnici`, { user_id: otherUser, decision: 'approve' })).status, 303);
    const otherRep = await t.clientAs(OTHER_REP);
    assert.equal((await otherRep.get(`${A}/${otherId}/uredi`)).status, 200);
    const before = await snapshot(t.db);
    assert.equal((await otherRep.get(`${A}/${id}/uredi`)).status, 403);
    const res = await otherRep.post(`${A}/${id}/uredi`, { kind: 'youth', name: 'Oteto ime', registry_number: '17162543', listed: 'on' });
    assert.equal(res.status, 403);
    // Staff pages stay closed to representatives.
    assert.equal((await otherRep.get(`${A}/${id}`)).status, 403);
    assert.equal((await otherRep.post(`${A}/${id}/predstavnici`, { user_id: otherUser, decision: 'approve' })).status, 403);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('revoking removes the role only when no other approved representation remains', async () => {
    const repUser = (await t.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [REP]))[0]!.id;
    // REP also represents the other association now.
    await rep.post(`${PUB}/${otherId}/predstavnik`, { note: '' });
    await staff.post(`${A}/${otherId}/predstavnici`, { user_id: repUser, decision: 'approve' });
    assert.equal((await staff.post(`${A}/${id}/predstavnici`, { user_id: repUser, decision: 'revoke' })).status, 303);
    assert.deepEqual(await roles(REP), ['association_rep'], 'still represents the other one');
    assert.equal((await (await t.clientAs(REP)).get(`${A}/${id}/uredi`)).status, 403);
    assert.equal((await staff.post(`${A}/${otherId}/predstavnici`, { user_id: repUser, decision: 'revoke' })).status, 303);
    assert.deepEqual(await roles(REP), []);
    // A rejected person may ask again; rejecting removes nothing else.
    await rep.post(`${PUB}/${id}/predstavnik`, { note: 'Ponovo' });
    assert.equal((await staff.post(`${A}/${id}/predstavnici`, { user_id: repUser, decision: 'reject' })).status, 303);
    const [row] = await t.db.query<{ status: string }>(
      'SELECT status FROM association_representatives WHERE association_id = $1 AND user_id = $2',
      [id, repUser],
    );
    assert.equal(row!.status, 'rejected');
  });

  test('“my associations” lists the representative’s associations', async () => {
    const client = await t.clientAs(OTHER_REP);
    // Reached from the representative's own account page.
    assert.match(await (await client.get('/lat/nalog')).text(), /href="\/lat\/admin\/moja-udruzenja"/);
    const html = await client.get('/lat/admin/moja-udruzenja').then((r) => r.text());
    assert.match(html, /Udruženje Drugo/);
    assert.match(html, new RegExp(`${otherId}/uredi`));
  });
});

describe('demo data', () => {
  test('the demo representative edits the demo association, and every kind is present', async () => {
    const kinds = await t.db.query<{ kind: string }>(
      `SELECT DISTINCT a.kind FROM associations a JOIN offices o ON o.id = a.office_id WHERE o.slug = 'pancevo' ORDER BY 1`,
    );
    assert.deepEqual(
      kinds.map((k) => k.kind),
      ['for_youth', 'informal', 'umbrella', 'youth'],
    );
    const rep = await t.clientAs('udruzenje@primer.test');
    const mine = await (await rep.get('/lat/admin/moja-udruzenja')).text();
    const edit = /href="(\/lat\/admin\/kancelarije\/pancevo\/udruzenja\/[0-9a-f-]{36}\/uredi)"/.exec(mine)?.[1];
    assert.ok(edit, mine);
    assert.equal((await rep.get(edit)).status, 200);
    const dir = await (await t.client().get('/cir/kancelarije/pancevo/udruzenja')).text();
    assert.match(dir, /Омладински клуб Искра/);
  });
});
