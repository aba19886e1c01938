import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount } from '../../../test/actors.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { insertFile } from '../../core/files.ts';
import { pageWrite } from '../../core/http/page-cache.ts';
import { activityTags } from '../activities/cache.ts';
import { makeRegistration } from '../activities/testing.ts';
import { addMonths, belgradeMonth } from './schema.ts';
import { makeCalendarActivity } from './testing.ts';

/**
 * The public calendar through HTTP: per office and across offices, filters and search in any
 * script, pagination, the month view (sessions on their Belgrade day), the activity page
 * (places left, full → waitlist, drafts 404, cancelled shown, Open Graph tags, the signed-in
 * person's status and one-click form) and the page cache invalidated by a write.
 */
let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const DAY = 86_400_000;
const at = (days: number, hourUtc = 15) => {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d;
};
const H = 3_600_000;
const text = async (path: string, client = t.client()) => {
  const res = await client.get(path);
  assert.equal(res.status, 200, path);
  return res.text();
};

describe('office and all-offices calendars', () => {
  test('published and cancelled activities of the office, never drafts; the all-offices list has both towns', async () => {
    await makeCalendarActivity(t.db, 'pancevo', {
      title: 'Radionica kaligrafije Alfa',
      sessions: [[at(3), new Date(at(3).getTime() + 2 * H)]],
    });
    await makeCalendarActivity(t.db, 'pancevo', { title: 'Nacrt radionice Beta', status: 'draft' });
    await makeCalendarActivity(t.db, 'pancevo', { title: 'Otkazana tribina Gama', status: 'cancelled' });
    await makeCalendarActivity(t.db, 'cacak', { title: 'Čačanski kamp Delta', kind: 'camp', sessions: [[at(5), at(8)]] });
    await makeCalendarActivity(t.db, 'pancevo', {
      title: 'Prošla radionica Epsilon',
      sessions: [[at(-10), new Date(at(-10).getTime() + H)]],
    });

    const office = await text('/lat/kancelarije/pancevo/aktivnosti');
    assert.match(office, /Radionica kaligrafije Alfa/);
    assert.match(office, /Otkazana tribina Gama[\s\S]*?Otkazano|Otkazano[\s\S]*?Otkazana tribina Gama/);
    assert.doesNotMatch(office, /Nacrt radionice Beta/);
    assert.doesNotMatch(office, /Čačanski kamp Delta/);
    assert.doesNotMatch(office, /Prošla radionica Epsilon/, 'past activities leave the default list');

    const all = await text('/cir/aktivnosti');
    assert.match(all, /Радионица калиграфије Алфа/);
    assert.match(all, /Чачански камп Делта/);
    assert.doesNotMatch(all, /Нацрт радионице Бета/);

    assert.equal((await t.client().get('/lat/kancelarije/nepostoji/aktivnosti')).status, 404);
    // Past activities are found with a start date.
    assert.match(await text(`/lat/kancelarije/pancevo/aktivnosti?od=${at(-12).toISOString().slice(0, 10)}`), /Prošla radionica Epsilon/);
  });

  test('search ignores script, case and diacritics, and finds the town', async () => {
    for (const q of ['Чачак', 'cacak', 'ČAČAK', 'čačanski', 'ЧАЧАНСКИ камп']) {
      const html = await text(`/lat/aktivnosti?q=${encodeURIComponent(q)}`);
      assert.match(html, /Čačanski kamp Delta/, q);
      assert.doesNotMatch(html, /Radionica kaligrafije Alfa/, q);
    }
    for (const q of ['калиграфије', 'kaligrafije', 'KALIGRAFIJE alfa'])
      assert.match(await text(`/lat/kancelarije/pancevo/aktivnosti?q=${encodeURIComponent(q)}`), /Radionica kaligrafije Alfa/, q);
    assert.match(await text('/lat/aktivnosti?q=%25'), /Pronađeno aktivnosti|Nema predstojećih/);
  });

  test('filters: area, kind, dates, age, places left; bad values are ignored', async () => {
    await makeCalendarActivity(t.db, 'pancevo', {
      title: 'Zdravlje Zeta',
      areas: ['health'],
      kind: 'info_session',
      ageMin: 15,
      ageMax: 19,
      capacity: 2,
      sessions: [[at(20), new Date(at(20).getTime() + H)]],
    });
    const full = await makeCalendarActivity(t.db, 'pancevo', {
      title: 'Puna Eta',
      areas: ['health'],
      capacity: 1,
      ageMin: 25,
      sessions: [[at(21), new Date(at(21).getTime() + H)]],
    });
    await makeRegistration(t.db, full);
    const P = '/lat/kancelarije/pancevo/aktivnosti';
    const byArea = await text(`${P}?oblast=health`);
    assert.match(byArea, /Zdravlje Zeta/);
    assert.match(byArea, /Puna Eta/);
    assert.doesNotMatch(byArea, /Radionica kaligrafije Alfa/);
    const byKind = await text(`${P}?vrsta=info_session`);
    assert.match(byKind, /Zdravlje Zeta/);
    assert.doesNotMatch(byKind, /Puna Eta/);
    const byAge = await text(`${P}?oblast=health&uzrast=17`);
    assert.match(byAge, /Zdravlje Zeta/);
    assert.doesNotMatch(byAge, /Puna Eta/);
    const byAge26 = await text(`${P}?oblast=health&uzrast=26`);
    assert.doesNotMatch(byAge26, /Zdravlje Zeta/);
    assert.match(byAge26, /Puna Eta/);
    const free = await text(`${P}?oblast=health&slobodno=1`);
    assert.match(free, /Zdravlje Zeta/);
    assert.doesNotMatch(free, /Puna Eta/);
    assert.match(await text(`${P}?oblast=health`), /Popunjeno — lista čekanja je otvorena/);
    const d20 = at(20).toISOString().slice(0, 10);
    const window = await text(`${P}?od=${d20}&do=${d20}`);
    assert.match(window, /Zdravlje Zeta/);
    assert.doesNotMatch(window, /Puna Eta/);
    assert.doesNotMatch(window, /Radionica kaligrafije Alfa/);
    // Nonsense is no filter (never an error). It is the plain list — the same page-cache entry —
    // so the entry stored before this test's activities were written straight to the database
    // (no write that invalidates) goes first.
    t.deps.pageCache.clear();
    const junk = await text(`${P}?oblast=kuvanje&vrsta=x&od=2026-02-31&uzrast=abc&slobodno=maybe&strana=-4&prikaz=godina`);
    assert.match(junk, /Zdravlje Zeta/);
    assert.match(junk, /Radionica kaligrafije Alfa/);
  });

  test('pagination: twenty a page, the rest on the next', async () => {
    for (let i = 0; i < 22; i++) {
      await makeCalendarActivity(t.db, 'cacak', {
        title: `Serija Omega ${String(i).padStart(2, '0')}`,
        kind: 'club',
        sessions: [[at(40 + i), new Date(at(40 + i).getTime() + H)]],
      });
    }
    const first = await text('/lat/kancelarije/cacak/aktivnosti?vrsta=club');
    assert.match(first, /Pronađeno aktivnosti: 22/);
    assert.equal((first.match(/Serija Omega \d\d/g) ?? []).length, 20);
    assert.match(first, /href="\/lat\/kancelarije\/cacak\/aktivnosti\?vrsta=club&amp;strana=2"/);
    const second = await text('/lat/kancelarije/cacak/aktivnosti?vrsta=club&strana=2');
    assert.deepEqual(second.match(/Serija Omega \d\d/g), ['Serija Omega 20', 'Serija Omega 21']);
    assert.match(await text('/lat/kancelarije/cacak/aktivnosti?vrsta=club&strana=99'), /Pronađeno aktivnosti: 22/);
  });
});

describe('month view', () => {
  test('each session on its Belgrade day, neighbouring months with activities linked', async () => {
    const month = addMonths(belgradeMonth(new Date()), 3);
    const day = (d: number, hourUtc: number, minute = 0) =>
      new Date(`${month}-${String(d).padStart(2, '0')}T${String(hourUtc).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
    await makeCalendarActivity(t.db, 'pancevo', {
      title: 'Obuka vršnjačkih edukatora Teta',
      kind: 'training',
      sessions: [
        [day(10, 15), day(10, 18)],
        [day(12, 15), day(12, 18)],
        // 23:30 UTC is already the next day in Belgrade.
        [day(14, 23, 30), day(15, 1)],
      ],
    });
    const later = addMonths(month, 2);
    await makeCalendarActivity(t.db, 'pancevo', {
      title: 'Kasniji kamp Jota',
      sessions: [[new Date(`${later}-05T09:00:00Z`), new Date(`${later}-07T15:00:00Z`)]],
    });
    const html = await text(`/lat/kancelarije/pancevo/aktivnosti?prikaz=mesec&mesec=${month}`);
    const cells = [
      ...html.matchAll(
        /<td role="cell" class="(?:busy|free)"><strong><span class="weekday">[^<]*<\/span>(\d+)\. \d+\. \d{4}\.<\/strong>(.*?)<\/td>/gs,
      ),
    ].map((m) => [Number(m[1]), m[2]!] as const);
    // Days with a session are marked for the phone's agenda (days without one fold away there).
    assert.deepEqual(cells.filter(([, body]) => body.includes('<li>')).length, [...html.matchAll(/class="busy"/g)].length);
    const daysWith = cells.filter(([, body]) => body.includes('Obuka vršnjačkih edukatora Teta')).map(([d]) => d);
    assert.deepEqual(daysWith, [10, 12, 15]);
    assert.match(html, /Termin 3/);
    assert.match(html, new RegExp(`mesec=${later}`), 'the next month with activities is linked');
    assert.match(html, /<caption>/);
    // A month without activities says so, and still links onwards.
    const empty = await text(`/lat/kancelarije/pancevo/aktivnosti?prikaz=mesec&mesec=${addMonths(month, 1)}`);
    assert.match(empty, /nema aktivnosti/);
    assert.match(empty, new RegExp(`mesec=${month}`));
    assert.match(empty, new RegExp(`mesec=${later}`));
    // Filters apply to the month too.
    assert.doesNotMatch(
      await text(`/lat/kancelarije/pancevo/aktivnosti?prikaz=mesec&mesec=${month}&vrsta=camp`),
      /Obuka vršnjačkih edukatora Teta/,
    );
  });
});

describe('activity page', () => {
  test('places, areas, age, cost, sessions, sharing tags; drafts and other offices answer 404', async () => {
    const a = await makeCalendarActivity(t.db, 'pancevo', {
      title: 'Radionica o zdravlju Kapa',
      summary: 'Kratko o zdravlju mladih.',
      description: 'Prvi pasus.\n\nDrugi pasus.',
      areas: ['health', 'education'],
      ageMin: 15,
      ageMax: 30,
      capacity: 12,
      cost: '',
      sessions: [
        [at(30), new Date(at(30).getTime() + 2 * H)],
        [at(31), new Date(at(31).getTime() + 2 * H)],
      ],
    });
    await makeRegistration(t.db, a);
    await makeRegistration(t.db, a);
    const path = `/lat/kancelarije/pancevo/aktivnosti/${a.id}`;
    const html = await text(path);
    assert.match(html, /<h1>Radionica o zdravlju Kapa<\/h1>/);
    assert.match(html, /Slobodnih mesta: 10 od 12/);
    assert.match(html, /Zdravlje i odrastanje, Obrazovanje/);
    assert.match(html, /15–30 godina/);
    assert.match(html, /Besplatno/);
    assert.equal((html.match(/<li>\d+\. \d+\. \d{4}\. \d\d:\d\d–\d\d:\d\d<\/li>/g) ?? []).length, 2);
    assert.match(html, /<meta property="og:title" content="Radionica o zdravlju Kapa"/);
    assert.match(html, /<meta property="og:description" content="Kratko o zdravlju mladih."/);
    assert.match(html, new RegExp(`<meta property="og:url" content="http://kzm.test${path}"`));
    assert.match(html, /<meta name="twitter:card" content="summary"/);
    assert.match(html, new RegExp(`href="/kancelarije/pancevo/aktivnosti/${a.id}/kalendar.ics\\?pismo=lat"`));
    assert.match(html, new RegExp(`href="/lat/kancelarije/pancevo/aktivnosti/${a.id}/prijava"`), 'a visitor is sent to the sign-up page');
    assert.doesNotMatch(html, /<form method="post"/, 'no form for a visitor (the page is cached for everyone)');
    assert.match(await text(`/cir/kancelarije/pancevo/aktivnosti/${a.id}`), /<h1>Радионица о здрављу Капа<\/h1>/);

    const draft = await makeCalendarActivity(t.db, 'pancevo', { status: 'draft' });
    for (const p of [
      `/lat/kancelarije/pancevo/aktivnosti/${draft.id}`,
      `/lat/kancelarije/cacak/aktivnosti/${a.id}`,
      '/lat/kancelarije/pancevo/aktivnosti/nije-id',
      `/lat/kancelarije/nepostoji/aktivnosti/${a.id}`,
      `/kancelarije/pancevo/aktivnosti/${draft.id}/kalendar.ics`,
      `/kancelarije/cacak/aktivnosti/${a.id}/kalendar.ics`,
    ]) {
      assert.equal((await t.client().get(p)).status, 404, p);
    }
  });

  test('an image with its alt text, in the page and in the sharing tags', async () => {
    const a = await makeCalendarActivity(t.db, 'pancevo', { title: 'Sa slikom Rho' });
    const png = Uint8Array.from(
      Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
    );
    const fileId = await insertFile(t.db, a.officeId, { name: 'plakat.png', contentType: 'image/png', bytes: png, uploadedBy: null });
    await t.db.query(`UPDATE activities SET image_file_id = $3, image_alt = 'Mladi za okruglim stolom' WHERE office_id = $1 AND id = $2`, [
      a.officeId,
      a.id,
      fileId,
    ]);
    const html = await text(`/cir/kancelarije/pancevo/aktivnosti/${a.id}`);
    assert.match(html, new RegExp(`<img src="/cir/kancelarije/pancevo/aktivnosti/${a.id}/slika" alt="Млади за округлим столом"`));
    assert.match(html, new RegExp(`<meta property="og:image" content="http://kzm.test/cir/kancelarije/pancevo/aktivnosti/${a.id}/slika"`));
    assert.match(html, /<meta name="twitter:card" content="summary_large_image"/);
    assert.match(html, /<meta name="twitter:image:alt" content="Млади за округлим столом"/);
  });

  test('full: "waitlist open"; cancelled: shown as cancelled without sign-up', async () => {
    const full = await makeCalendarActivity(t.db, 'pancevo', { title: 'Puna radionica Lambda', capacity: 1 });
    await makeRegistration(t.db, full);
    const html = await text(`/lat/kancelarije/pancevo/aktivnosti/${full.id}`);
    assert.match(html, /Popunjeno — lista čekanja je otvorena/);
    assert.match(html, /Upiši me na listu čekanja/);
    const cancelled = await makeCalendarActivity(t.db, 'pancevo', { title: 'Otkazana radionica Mi', status: 'cancelled' });
    const c = await text(`/lat/kancelarije/pancevo/aktivnosti/${cancelled.id}`);
    assert.match(c, /Ova aktivnost je otkazana/);
    assert.doesNotMatch(c, /aktivnosti\/[0-9a-f-]{36}\/prijava"/);
  });

  test('a signed-in person sees their status (waitlist position) or a one-click form; with questions, a link', async () => {
    const email = 'kalendar.mladi@primer.test';
    await createAccount(t, { email, roles: [] });
    const [user] = await t.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]);
    const me = await t.clientAs(email);
    const open = await makeCalendarActivity(t.db, 'pancevo', { title: 'Jedan klik Ni' });
    const page = await text(`/lat/kancelarije/pancevo/aktivnosti/${open.id}`, me);
    assert.match(page, new RegExp(`<form method="post" action="/lat/kancelarije/pancevo/aktivnosti/${open.id}/prijava"`));
    assert.match(page, /name="_csrf"|name="csrf"/);

    const asked = await makeCalendarActivity(t.db, 'pancevo', {
      title: 'Sa pitanjima Ksi',
      questions: [{ id: 'q1', label: 'Zašto?', required: true }],
    });
    const withQ = await text(`/lat/kancelarije/pancevo/aktivnosti/${asked.id}`, me);
    assert.doesNotMatch(withQ, /<form method="post" action="[^"]*\/prijava"/);
    assert.match(withQ, new RegExp(`<a href="/lat/kancelarije/pancevo/aktivnosti/${asked.id}/prijava">`));

    const full = await makeCalendarActivity(t.db, 'pancevo', { title: 'Čekanje Omikron', capacity: 1 });
    await makeRegistration(t.db, full);
    await makeRegistration(t.db, full, { status: 'waitlisted' });
    await makeRegistration(t.db, full, { status: 'waitlisted', userId: user!.id, email });
    const waiting = await text(`/lat/kancelarije/pancevo/aktivnosti/${full.id}`, me);
    assert.match(waiting, /Na listi čekanja ste, pod rednim brojem 2/);
    await makeRegistration(t.db, open, { userId: user!.id, email });
    assert.match(await text(`/lat/kancelarije/pancevo/aktivnosti/${open.id}`, me), /Prijavljeni ste/);
  });
});

describe('page cache', () => {
  test('a sign-up through the one-click form shows at once on the cached page (places left)', async () => {
    const a = await makeCalendarActivity(t.db, 'pancevo', { title: 'Keš i prijava Sigma', capacity: 4 });
    const path = `/lat/kancelarije/pancevo/aktivnosti/${a.id}`;
    await t.client().get(path);
    const cached = await t.client().get(path);
    assert.equal(cached.headers.get('x-cache'), 'hit');
    assert.match(await cached.text(), /Slobodnih mesta: 4 od 4/);
    const email = 'kalendar.kes@primer.test';
    await createAccount(t, { email, roles: [] });
    const me = await t.clientAs(email);
    const res = await me.post(`${path}/prijava`, {});
    assert.equal(res.status, 303);
    const fresh = await t.client().get(path);
    assert.notEqual(fresh.headers.get('x-cache'), 'hit');
    assert.match(await fresh.text(), /Slobodnih mesta: 3 od 4/);
    assert.match(await text(path, me), /Prijavljeni ste/);
  });

  test("visitors get cached pages; a write that touches the activity's tags shows at once", async () => {
    const a = await makeCalendarActivity(t.db, 'cacak', { title: 'Keširana radionica Pi', capacity: 5 });
    const paths = [`/lat/kancelarije/cacak/aktivnosti/${a.id}`, '/lat/kancelarije/cacak/aktivnosti', '/lat/aktivnosti'];
    for (const p of paths) {
      await t.client().get(p);
      const again = await t.client().get(p);
      assert.equal(again.headers.get('x-cache'), 'hit', p);
      assert.match(await again.text(), /Keširana radionica Pi/);
    }
    await pageWrite(t.deps, async (tx, touch) => {
      await tx.query(`UPDATE activities SET title = 'Preimenovana radionica Pi' WHERE id = $1`, [a.id]);
      touch(activityTags(a.officeId, a.id));
    });
    for (const p of paths) {
      const res = await t.client().get(p);
      assert.notEqual(res.headers.get('x-cache'), 'hit', p);
      assert.match(await res.text(), /Preimenovana radionica Pi/, p);
    }
  });
});
