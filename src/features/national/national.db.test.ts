import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeActivity, makeRegistration } from '../activities/testing.ts';
import { createTestApp, lastMailTo, linkIn, type TestApp } from '../../../test/app.ts';
import { findPlace } from './places.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const ADMIN = 'admin@primer.test';
const form = (extra: Record<string, string> = {}) => ({
  name: 'Kancelarija za mlade grada Kraljeva',
  town: 'Kraljevo',
  slug: 'kraljevo',
  district: 'RS-18',
  member: 'on',
  member_since: '2016',
  latitude: '43,7234',
  longitude: '20.6870',
  admin_email: 'kraljevo.koordinator@primer.test',
  ...extra,
});

async function signUp(email: string): Promise<void> {
  await t.db.query(
    `INSERT INTO users (email, password_hash, display_name, birth_date, locale, email_confirmed_at) VALUES ($1, 'x', 'Pozvana Koordinatorka', '1990-01-01', 'lat', now())`,
    [email],
  );
}

describe('opening an office', () => {
  test('the national admin opens an office; its first admin accepts the mailed invitation and manages it', async () => {
    const admin = await t.clientAs(ADMIN);
    const res = await admin.post('/lat/admin/mreza/nova', form());
    assert.equal(res.status, 303, await res.text());
    const [office] = await t.db.query<{
      status: string;
      district_code: string;
      region: string;
      association_member: boolean;
      latitude: number;
    }>(`SELECT status, district_code, region, association_member, latitude FROM offices WHERE slug = 'kraljevo'`);
    assert.deepEqual(office, { status: 'full', district_code: 'RS-18', region: 'west', association_member: true, latitude: 43.7234 });
    // On the public map and list.
    const map = await (await t.client().get('/lat/mreza')).text();
    assert.match(map, /Kancelarija za mlade grada Kraljeva/);
    assert.match(map, /<circle class="office"/);

    const mail = await lastMailTo(t.db, 'kraljevo.koordinator@primer.test');
    assert.ok(mail, 'the invitation was mailed');
    const link = linkIn(mail.body_text);
    // Another account cannot accept it.
    const other = await (await t.clientAs('mladi@primer.test')).post(link, {});
    assert.equal(other.status, 400);
    assert.match(await other.text(), /Poziv je poslat na drugu e-adresu/);

    await signUp('kraljevo.koordinator@primer.test');
    const invited = await t.clientAs('kraljevo.koordinator@primer.test');
    assert.match(await (await invited.get(link)).text(), /Prihvati poziv/);
    const accepted = await invited.post(link, {});
    assert.equal(accepted.status, 303);
    assert.equal((await invited.get('/lat/admin/kancelarije/kraljevo/mladi')).status, 200);
    // Once only.
    const again = await invited.post(link, {});
    assert.equal(again.status, 400);
    assert.match(await again.text(), /već prihvaćen/);
  });

  test('a second office with the same slug is refused with a clear message, nothing written', async () => {
    const admin = await t.clientAs(ADMIN);
    const before = await t.db.query('SELECT count(*)::int AS n FROM offices');
    const res = await admin.post('/cir/admin/mreza/nova', form({ slug: 'pancevo', admin_email: 'drugi@primer.test' }));
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /Канцеларија са адресом „pancevo“ већ постоји/);
    assert.match(html, /aria-invalid="true"/);
    assert.deepEqual(await t.db.query('SELECT count(*)::int AS n FROM offices'), before);
    assert.equal(await lastMailTo(t.db, 'drugi@primer.test'), undefined);
  });

  test('coordinates outside Serbia are refused with a message in the reader’s script', async () => {
    const admin = await t.clientAs(ADMIN);
    const res = await admin.post('/en/admin/mreza/nova', form({ slug: 'bec', latitude: '48.2', longitude: '16.37' }));
    assert.equal(res.status, 400);
    assert.match(await res.text(), /This point is not in Serbia/);
    assert.equal((await t.db.query(`SELECT 1 FROM offices WHERE slug = 'bec'`)).length, 0);
  });

  test('only the national admin opens offices', async () => {
    assert.equal((await (await t.clientAs('pancevo@primer.test')).post('/lat/admin/mreza/nova', form({ slug: 'x-y' }))).status, 403);
  });
});

describe('closing and merging', () => {
  test('closing with open registrations asks first, then cancels them through the seats (mailed) and ends subscriptions', async () => {
    const admin = await t.clientAs(ADMIN);
    assert.equal((await admin.post('/lat/admin/mreza/nova', form({ slug: 'zatvaranje', admin_email: 'z@primer.test' }))).status, 303);
    const activity = await makeActivity(t.db, 'zatvaranje', { capacity: 10, status: 'published' });
    await makeRegistration(t.db, activity, { status: 'confirmed', email: 'ucesnica.zatvaranje@primer.test' });
    await makeRegistration(t.db, activity, { status: 'waitlisted' });
    const page = await (await admin.get('/lat/admin/mreza/zatvaranje/zatvori')).text();
    assert.match(page, /2 prijave na predstojeće aktivnosti biće otkazane/);
    assert.match(page, /1 predstojeća aktivnost biće otkazana/);

    const refused = await admin.post('/lat/admin/mreza/zatvaranje/zatvori', {});
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /Kancelarija ima otvorene prijave/);
    assert.equal((await t.db.query(`SELECT 1 FROM offices WHERE slug = 'zatvaranje' AND status = 'full'`)).length, 1);

    const closed = await admin.post('/lat/admin/mreza/zatvaranje/zatvori', { confirm: 'on' });
    assert.equal(closed.status, 303);
    const regs = await t.db.query<{ status: string }>(
      `SELECT status FROM registrations WHERE office_id = $1 AND activity_id = $2 ORDER BY status`,
      [activity.officeId, activity.id],
    );
    assert.deepEqual(
      regs.map((r) => r.status),
      ['cancelled', 'cancelled'],
    );
    assert.ok(await lastMailTo(t.db, 'ucesnica.zatvaranje@primer.test'), 'the person was told');
    assert.equal((await t.client().get('/lat/kancelarije/zatvaranje')).status, 404);
    assert.doesNotMatch(await (await t.client().get('/lat/mreza')).text(), /zatvaranje/);
    assert.equal((await admin.get('/lat/admin/mreza/zatvaranje/zatvori')).status, 404);
  });

  test('merging closes the office and records which one continues its work', async () => {
    const admin = await t.clientAs(ADMIN);
    assert.equal((await admin.post('/lat/admin/mreza/nova', form({ slug: 'spajanje', admin_email: 's@primer.test' }))).status, 303);
    const self = await admin.post('/lat/admin/mreza/spajanje/spoji', { into: 'spajanje', confirm: 'on' });
    assert.equal(self.status, 400);
    const res = await admin.post('/lat/admin/mreza/spajanje/spoji', { into: 'cacak', confirm: 'on' });
    assert.equal(res.status, 303);
    const [row] = await t.db.query<{ status: string; into: string }>(
      `SELECT o.status, m.slug AS into FROM offices o JOIN offices m ON m.id = o.merged_into_id WHERE o.slug = 'spajanje'`,
    );
    assert.deepEqual(row, { status: 'closed', into: 'cacak' });
  });
});

describe('nearest office', () => {
  test('a place typed in either script, with or without diacritics, is found', () => {
    for (const typed of ['Чачак', 'Čačak', 'cacak', 'CACAK', ' čačak ']) assert.equal(findPlace(typed)?.name, 'Čačak', typed);
    assert.equal(findPlace('Ђурђево', [{ name: 'Đurđevo', latitude: 45.33, longitude: 20.07 }])?.name, 'Đurđevo');
    assert.equal(findPlace('Atlantida'), undefined);
  });

  test('the map page lists the nearest offices by distance', async () => {
    const html = await (await t.client().get('/lat/mreza?mesto=%D0%9B%D1%83%D1%87%D0%B0%D0%BD%D0%B8')).text(); // Лучани
    const table = html.slice(html.indexOf('role="status"'));
    const first = /<a href="\/lat\/kancelarije\/([a-z-]+)"/.exec(table)?.[1];
    assert.equal(first, 'cacak');
    const unknown = await (await t.client().get('/cir/mreza?mesto=Atlantida')).text();
    assert.match(unknown, /Не познајемо место „Atlantida“/);
  });
});
