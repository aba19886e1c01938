import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const text = async (res: Response) => (await res.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('public office page', () => {
  test('shows the real details from the seeds: address, room, phone, e-mail, hours, map, founding', async () => {
    const res = await t.client().get('/lat/kancelarije/pancevo');
    assert.equal(res.status, 200);
    const page = await text(res);
    for (const s of [
      'Kancelarija za mlade grada Pančeva',
      'Trg kralja Petra I, broj 2-4',
      '26101 Pančevo',
      'II sprat, kancelarija broj 204',
      '013/308-907',
      'kancelarijazamlade@pancevo.rs',
      'ponedeljak–petak 08:30–15:30',
      '2007',
      'od navršenih 15 do navršenih 30 godina, besplatno',
    ]) {
      assert.ok(page.includes(s), `missing: ${s}`);
    }
    assert.match(page, /Sada (otvoreno|zatvoreno)/);
    const html = await (await t.client().get('/lat/kancelarije/pancevo')).text();
    assert.match(html, /href="https:\/\/www\.openstreetmap\.org\/\?mlat=44\.8706&amp;mlon=20\.6406/);
  });

  test('content typed in Latin is shown in Cyrillic, keeping Roman numerals and e-mails', async () => {
    const page = await text(await t.client().get('/cir/kancelarije/pancevo'));
    assert.ok(page.includes('Канцеларија за младе града Панчева'));
    assert.ok(page.includes('Трг краља Петра I, број 2-4'), page.slice(0, 500));
    assert.ok(page.includes('II спрат'));
    assert.ok(page.includes('kancelarijazamlade@pancevo.rs'));
  });

  test('content typed in Cyrillic is shown in Latin; Ivanjica shows its founding date and awards', async () => {
    const page = await text(await t.client().get('/lat/kancelarije/ivanjica'));
    assert.ok(page.includes('Kancelarija za mlade opštine Ivanjica'));
    assert.ok(page.includes('11. 2. 2009.'));
    assert.ok(page.includes('MLADGRAD'));
    // No hours, and no phone or e-mail either: the page does not tell people to call or write.
    assert.ok(page.includes('Radno vreme još nije objavljeno.'));
    assert.ok(!page.includes('javite se telefonom'));
  });

  test('"open now" follows the Belgrade clock', async () => {
    const saved = t.deps.now;
    try {
      t.deps.pageCache.clear();
      t.deps.now = () => new Date('2026-11-23T09:00:00Z'); // Monday 10:00 in Belgrade
      assert.match(await text(await t.client().get('/en/kancelarije/cacak')), /Open now/);
      t.deps.pageCache.clear();
      t.deps.now = () => new Date('2026-11-23T14:30:00Z'); // Monday 15:30: Čačak closes at 15
      assert.match(await text(await t.client().get('/en/kancelarije/cacak')), /Closed now/);
      t.deps.pageCache.clear();
      t.deps.now = () => new Date('2026-11-22T09:00:00Z'); // Sunday
      assert.match(await text(await t.client().get('/en/kancelarije/cacak')), /Closed now/);
    } finally {
      t.deps.now = saved;
      t.deps.pageCache.clear();
    }
  });

  test('a directory-only office says so; an unknown slug is the 404 page', async () => {
    assert.match(await text(await t.client().get('/lat/kancelarije/cuprija')), /još ne vodi svoj rad u KZM/);
    assert.equal((await t.client().get('/lat/kancelarije/beograd')).status, 404);
    assert.equal((await t.client().get('/lat/kancelarije/%00%ff')).status, 404);
  });
});

describe('both scripts in every URL', () => {
  test('each page names its alternates, has a visible switch, and <html lang> matches', async () => {
    for (const [prefix, lang] of [
      ['cir', 'sr-Cyrl'],
      ['lat', 'sr-Latn'],
      ['en', 'en'],
    ] as const) {
      const html = await (await t.client().get(`/${prefix}/kancelarije?q=cacak`)).text();
      assert.match(html, new RegExp(`<html lang="${lang}">`));
      for (const [p, l] of [
        ['cir', 'sr-Cyrl'],
        ['lat', 'sr-Latn'],
        ['en', 'en'],
      ]) {
        assert.match(html, new RegExp(`<link rel="alternate" hreflang="${l}" href="http://kzm.test/${p}/kancelarije\\?q=cacak"/>`));
      }
      assert.match(html, /Ћирилица<\/a>.*Latinica<\/a>.*English<\/a>/s);
    }
  });

  test('the choice is remembered: / sends a returning visitor to the script they used', async () => {
    const c = t.client();
    await c.get('/en/kancelarije');
    const res = await c.get('/');
    assert.equal(res.headers.get('location'), '/en/');
    const fresh = await t.client().get('/', { 'accept-language': 'sr-Latn-RS,sr;q=0.8' });
    assert.equal(fresh.headers.get('location'), '/lat/');
    assert.equal((await t.client().get('/')).headers.get('location'), '/cir/', 'Cyrillic by default');
  });
});

describe('directory', () => {
  test('search ignores script, case and diacritics', async () => {
    for (const q of ['Чачак', 'Čačak', 'cacak', 'CACAK', 'čačk']) {
      const page = await text(await t.client().get(`/lat/kancelarije?q=${encodeURIComponent(q)}`));
      assert.ok(page.includes('Kancelarija za mlade grada Čačka'), q);
      assert.ok(page.includes('Pronađeno kancelarija: 1'), q);
    }
    const ivanjica = await text(await t.client().get(`/lat/kancelarije?q=${encodeURIComponent('ivanjica')}`));
    assert.ok(ivanjica.includes('Ivanjica'), 'Cyrillic content found by Latin search');
    const sabac = await text(await t.client().get(`/cir/kancelarije?q=${encodeURIComponent('Шабац')}`));
    assert.ok(sabac.includes('Шапца'));
  });

  test('filters by region; hostile query values are ignored, not errors', async () => {
    const vojvodina = await text(await t.client().get('/en/kancelarije?region=vojvodina'));
    assert.ok(vojvodina.includes('Offices found: 3'));
    assert.ok(!vojvodina.includes('Čačak'));
    const odd = await t.client().get(`/lat/kancelarije?region=mars&q=${'%25_'.repeat(80)}`);
    assert.equal(odd.status, 200);
    assert.match(await text(odd), /Nijedna kancelarija/);
    const wildcard = await text(await t.client().get('/lat/kancelarije?q=%25'));
    assert.match(wildcard, /Nijedna kancelarija/, '% is searched literally');
  });

  test('lists the seven offices opened in 2017–18 as directory entries', async () => {
    const page = await text(await t.client().get('/lat/kancelarije'));
    for (const town of ['Nova Crnja', 'Opovo', 'Boljevac', 'Valjevo', 'Šabac', 'Gornji Milanovac', 'Ćuprija']) {
      assert.ok(page.includes(town), town);
    }
    assert.ok(page.includes('Pronađeno kancelarija: 10'));
  });
});

describe('editing an office', () => {
  const validForm = {
    name: 'Kancelarija za mlade grada Pančeva',
    town: 'Pančevo',
    region: 'vojvodina',
    address: 'Trg kralja Petra I, broj 2-4',
    postal_code: '26101',
    room: 'II sprat, kancelarija broj 204',
    email: 'kancelarijazamlade@pancevo.rs',
    website: '',
    description: 'Novi opis: radionice i volontiranje.',
    hours_note: '',
    awards: '',
    founded_on: '',
    latitude: '44.8706',
    longitude: '20.6406',
    phone_number_0: '013/308-907',
    phone_label_0: 'radnim danima',
    opens_1: '08:30',
    closes_1: '15:30',
    opens_3: '10:00',
    closes_3: '18:00',
    coord_name_0: 'Petra Primerović',
    coord_title_0: 'koordinatorka',
  };

  test('a coordinator saves the profile; the public page shows it at once (cache invalidated) in both scripts', async () => {
    const anon = t.client();
    const before = await anon.get('/cir/kancelarije/pancevo');
    await before.text();
    const cached = await anon.get('/cir/kancelarije/pancevo');
    assert.equal(cached.headers.get('x-cache'), 'hit');
    await cached.text();

    const c = await t.clientAs('pancevo@primer.test');
    const form = await c.get('/lat/admin/kancelarije/pancevo');
    assert.equal(form.status, 200);
    const saved = await c.post('/lat/admin/kancelarije/pancevo', validForm);
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.get('location'), '/lat/admin/kancelarije/pancevo?n=form.saved');
    assert.match(await text(await c.get(saved.headers.get('location')!)), /Sačuvano\./);

    const after = await text(await anon.get('/cir/kancelarije/pancevo'));
    assert.ok(after.includes('Нови опис: радионице и волонтирање.'));
    assert.ok(after.includes('среда 10:00–18:00'));
    const audit = await t.db.query("SELECT action FROM audit_events WHERE action = 'office.profile.update'");
    assert.equal(audit.length, 1);
  });

  test('bad input re-renders with field messages and keeps everything typed; nothing is saved', async () => {
    const c = await t.clientAs('pancevo@primer.test');
    const before = await t.db.query('SELECT description, updated_at FROM offices WHERE slug = $1', ['pancevo']);
    const res = await c.post('/cir/admin/kancelarije/pancevo', {
      ...validForm,
      name: '',
      email: 'nije@',
      website: 'javascript:alert(1)',
      description: 'Нешто ново',
      opens_2: '16:00',
      closes_2: '09:00',
      latitude: '200',
      phone_number_1: 'zovite nas',
      coord_email_0: 'x',
    });
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /Ово поље је обавезно/);
    assert.match(html, /Упишите исправну е-адресу/);
    assert.match(html, /пуну адресу која почиње са https:\/\//);
    assert.match(html, /Затварање мора бити после отварања/);
    assert.match(html, /Вредност мора бити између -90 и 90/);
    assert.match(html, /Упишите број телефона/);
    assert.match(html, />Нешто ново<\/textarea>/);
    assert.match(html, /value="zovite nas"/);
    assert.deepEqual(await t.db.query('SELECT description, updated_at FROM offices WHERE slug = $1', ['pancevo']), before);
  });

  test('coordinators outside Serbia are refused with a message, in the reader’s script (issue #17)', async () => {
    const c = await t.clientAs('pancevo@primer.test');
    const before = await t.db.query('SELECT latitude, longitude FROM offices WHERE slug = $1', ['pancevo']);
    // Latitude and longitude swapped: a point in the Arabian Sea's latitude band, not in Serbia.
    const res = await c.post('/lat/admin/kancelarije/pancevo', { ...validForm, latitude: '20.6406', longitude: '44.8706' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /Ova tačka nije u Srbiji/);
    const en = await c.post('/en/admin/kancelarije/pancevo', { ...validForm, latitude: '48.2', longitude: '16.37' });
    assert.match(await en.text(), /This point is not in Serbia/);
    assert.deepEqual(await t.db.query('SELECT latitude, longitude FROM offices WHERE slug = $1', ['pancevo']), before);
    const ok = await c.post('/lat/admin/kancelarije/pancevo', { ...validForm, latitude: '44.8706', longitude: '20.6406' });
    assert.equal(ok.status, 303);
  });

  test("another office's coordinator cannot read or change it; an unknown office is 404; nothing changes", async () => {
    const before = await t.db.query('SELECT * FROM offices WHERE slug = $1', ['pancevo']);
    const other = await t.clientAs('cacak@primer.test');
    assert.equal((await other.get('/lat/admin/kancelarije/pancevo')).status, 403);
    assert.equal((await other.post('/lat/admin/kancelarije/pancevo', { ...validForm, description: 'preuzeto' })).status, 403);
    assert.equal((await other.get('/lat/admin/kancelarije/pancevo/tim')).status, 403);
    assert.equal((await other.get('/lat/admin/kancelarije/nepostoji')).status, 404);
    assert.equal((await other.get('/lat/admin/kancelarije/cuprija')).status, 404, 'directory-only offices have no admin');
    assert.deepEqual(await t.db.query('SELECT * FROM offices WHERE slug = $1', ['pancevo']), before);
    const own = await other.get('/lat/admin/kancelarije/cacak');
    assert.equal(own.status, 200);
  });

  test('association representatives and youth council members cannot edit the office', async () => {
    assert.equal((await (await t.clientAs('udruzenje@primer.test')).get('/lat/admin/kancelarije/pancevo')).status, 403);
    assert.equal((await (await t.clientAs('savet@primer.test')).get('/lat/admin/kancelarije/cacak')).status, 403);
  });

  test('the national admin can edit any office', async () => {
    const c = await t.clientAs('admin@primer.test');
    assert.equal((await c.get('/lat/admin/kancelarije/ivanjica')).status, 200);
  });
});

describe('team and roles', () => {
  test('the office admin gives and removes roles; the last admin cannot be removed', async () => {
    const c = await t.clientAs('ivanjica@primer.test');
    const page = await c.get('/lat/admin/kancelarije/ivanjica/tim');
    assert.equal(page.status, 200);
    const add = await c.post('/lat/admin/kancelarije/ivanjica/tim', { email: 'mladi@primer.test', role: 'youth_council' });
    assert.equal(add.status, 303);
    const dup = await c.post('/lat/admin/kancelarije/ivanjica/tim', { email: 'mladi@primer.test', role: 'youth_council' });
    assert.equal(dup.status, 400);
    const nobody = await c.post('/lat/admin/kancelarije/ivanjica/tim', { email: 'niko@primer.test', role: 'coordinator' });
    assert.equal(nobody.status, 400);
    assert.match(await nobody.text(), /Ne postoji nalog/);
    const admin = (await t.db.query<{ id: string }>("SELECT id FROM users WHERE email = 'ivanjica@primer.test'"))[0]!;
    const last = await c.post('/lat/admin/kancelarije/ivanjica/tim/ukloni', { user_id: admin.id, role: 'office_admin' });
    assert.equal(last.status, 400);
    assert.match(await last.text(), /bar jednog administratora/);
    const young = (await t.db.query<{ id: string }>("SELECT id FROM users WHERE email = 'mladi@primer.test'"))[0]!;
    const removed = await c.post('/lat/admin/kancelarije/ivanjica/tim/ukloni', { user_id: young.id, role: 'youth_council' });
    assert.equal(removed.status, 303);
    const bogus = await c.post('/lat/admin/kancelarije/ivanjica/tim/ukloni', { user_id: 'not-a-uuid', role: 'x' });
    assert.equal(bogus.status, 400);
  });

  test('a coordinator who is not office admin cannot manage the team', async () => {
    const c = await t.clientAs('pancevo@primer.test');
    await t.db.query(
      "DELETE FROM office_members WHERE role = 'office_admin' AND user_id = (SELECT id FROM users WHERE email = 'pancevo@primer.test')",
    );
    try {
      assert.equal((await c.get('/lat/admin/kancelarije/pancevo/tim')).status, 403);
      assert.equal((await c.get('/lat/admin/kancelarije/pancevo')).status, 200);
    } finally {
      await t.db.query(
        "INSERT INTO office_members (office_id, user_id, role) SELECT o.id, u.id, 'office_admin' FROM offices o, users u WHERE o.slug = 'pancevo' AND u.email = 'pancevo@primer.test'",
      );
    }
  });
});

describe('JSON API', () => {
  test('lists offices with script-insensitive search and a region filter', async () => {
    const res = await t.client().get(`/api/v1/offices?q=${encodeURIComponent('Чачак')}`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { data: Array<{ slug: string }> };
    assert.deepEqual(
      body.data.map((o) => o.slug),
      ['cacak'],
    );
    const west = (await (await t.client().get('/api/v1/offices?region=west')).json()) as { data: Array<{ slug: string }> };
    assert.ok(west.data.length >= 4);
  });

  test('one office, in the script asked for', async () => {
    const cir = (await (await t.client().get('/api/v1/offices/pancevo?script=cir')).json()) as {
      name: string;
      email: string;
      hours: unknown[];
      openNow: boolean | null;
    };
    assert.equal(cir.name, 'Канцеларија за младе града Панчева');
    assert.equal(cir.email, 'kancelarijazamlade@pancevo.rs');
    assert.ok(cir.hours.length >= 1);
    assert.equal(typeof cir.openNow, 'boolean');
    const orig = (await (await t.client().get('/api/v1/offices/ivanjica')).json()) as { name: string; openNow: null };
    assert.equal(orig.name, 'Канцеларија за младе општине Ивањица');
    assert.equal(orig.openNow, null);
  });
});
