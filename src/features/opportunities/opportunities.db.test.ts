import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pageWrite } from '../../core/http/page-cache.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts';
import { activityTags } from '../activities/cache.ts';
import { makeActivity } from '../activities/testing.ts';
import { digestItems } from './digest.ts';
import { addDays } from './service.ts';

/**
 * Opportunities through HTTP: staff publish, edit and delete them (bad input re-renders the form
 * with everything typed); public per-office and national lists with filters; the "closes in N
 * days" mark in the plural forms of each script; an expired one leaves the lists by itself —
 * also from a list already in the page cache — and stays at its address marked closed; the
 * office's home page shows this week's activities and the opportunities closing soon, and
 * drops its cached copy when either changes; the API and the newsletter's digest source.
 */
let t: TestApp;
let staff: TestClient;
let staffB: TestClient;
let anon: TestClient;
let realNow: () => Date;

// Sunday 6 December 2026, 11:00 in Belgrade.
const NOW = new Date('2026-12-06T10:00:00Z');
const TODAY = '2026-12-06';
const setNow = (d: Date) => (t.deps.now = () => d);

before(async () => {
  t = await createTestApp();
  realNow = t.deps.now;
  setNow(NOW);
  staff = await t.clientAs('pancevo@primer.test');
  staffB = await t.clientAs('cacak@primer.test');
  anon = t.client();
});
after(async () => {
  t.deps.now = realNow;
  await t.close();
});

const ADMIN = '/lat/admin/kancelarije/pancevo/prilike';
const LIST = '/lat/kancelarije/pancevo/prilike';
const idFrom = async (title: string) => {
  const rows = await t.db.query<{ id: string }>('SELECT id FROM opportunities WHERE title = $1', [title]);
  return rows[0]!.id;
};
const text = async (r: Response | Promise<Response>) => (await r).text();

const valid = (over: Record<string, string> = {}) => ({
  kind: 'scholarship',
  title: 'Stipendija Testić',
  source: 'Fondacija Primer',
  link: 'https://example.org/prijava',
  deadline: addDays(TODAY, 21),
  age_min: '18',
  age_max: '26',
  statuses: 'student',
  areas: 'education',
  description: 'Prvi pasus.\n\nDrugi pasus <b>ne</b> postaje HTML.',
  ...over,
});

async function publish(over: Record<string, string>): Promise<string> {
  const res = await staff.post(ADMIN, valid(over));
  assert.equal(res.status, 303, await res.clone().text());
  return idFrom(over.title ?? 'Stipendija Testić');
}

describe('opportunities', () => {
  test('bad input: the form again with 400, a message at each field, everything typed kept', async () => {
    const res = await staff.post(
      ADMIN,
      valid({ title: 'Ab', link: 'javascript:alert(1)', deadline: '', age_min: '25', age_max: '17', source: 'Izvor koji ostaje' }),
    );
    assert.equal(res.status, 400);
    const html = await res.text();
    for (const f of ['title', 'link']) assert.match(html, new RegExp(`href="#f-${f}"`), f);
    assert.match(html, /value="Izvor koji ostaje"/);
    assert.match(html, /value="javascript:alert\(1\)"/);
    // The rules between fields, once each field is well-formed.
    const rules = await staff.post(ADMIN, valid({ deadline: '0000-01-01', age_min: '25', age_max: '17', source: 'Izvor koji ostaje' }));
    assert.equal(rules.status, 400);
    const rulesHtml = await rules.text();
    for (const f of ['deadline']) assert.match(rulesHtml, new RegExp(`href="#f-${f}"`), f);
    const range = await staff.post(ADMIN, valid({ age_min: '25', age_max: '17', source: 'Izvor koji ostaje' }));
    assert.equal(range.status, 400);
    const rangeHtml = await range.text();
    assert.match(rangeHtml, /href="#f-age_max"/);
    assert.match(rangeHtml, /Gornja granica uzrasta ne može biti manja od donje/);
    assert.match(rangeHtml, /value="25"/);
    const again = await staff.post(ADMIN.replace('/lat/', '/cir/'), valid({ title: '' }));
    assert.equal(again.status, 400);
    assert.match(await again.text(), /Ово поље је обавезно|обавезно/);
    const none = await t.db.query(`SELECT 1 FROM opportunities WHERE source = 'Izvor koji ostaje'`);
    assert.equal(none.length, 0, 'nothing half-saved');
  });

  test('publish, read in either script, edit, delete; another office’s staff are kept out', async () => {
    const id = await publish({ title: 'Stipendija Testić' });
    const page = await text(anon.get(`${LIST}/${id}`));
    assert.match(page, /Stipendija Testić/);
    assert.match(page, /<p>Drugi pasus &lt;b&gt;ne&lt;\/b&gt; postaje HTML.<\/p>/);
    assert.match(page, /href="https:\/\/example.org\/prijava"/);
    assert.match(await text(anon.get(`/cir/kancelarije/pancevo/prilike/${id}`)), /Стипендија Тестић/);
    assert.match(await text(anon.get(LIST)), /Stipendija Testić/);
    assert.match(await text(staff.get(ADMIN)), /Stipendija Testić/);

    // Another office's staff: 403 on office A's admin pages, 404 for A's id under their own office.
    assert.equal((await staffB.get(`${ADMIN}/${id}/uredi`)).status, 403);
    assert.equal((await staffB.get(`/lat/admin/kancelarije/cacak/prilike/${id}/uredi`)).status, 404);
    assert.equal((await staffB.post(`/lat/admin/kancelarije/cacak/prilike/${id}/obrisi`, {})).status, 404);
    assert.equal((await anon.get(`/lat/kancelarije/cacak/prilike/${id}`)).status, 404);

    const edit = await staff.post(`${ADMIN}/${id}/uredi`, valid({ title: 'Stipendija Izmenić' }));
    assert.equal(edit.status, 303);
    // The cached public page and list were dropped by the write.
    assert.match(await text(anon.get(`${LIST}/${id}`)), /Stipendija Izmenić/);
    assert.doesNotMatch(await text(anon.get(LIST)), /Stipendija Testić/);

    const del = await staff.post(`${ADMIN}/${id}/obrisi`, {});
    assert.equal(del.status, 303);
    assert.equal((await anon.get(`${LIST}/${id}`)).status, 404);
    assert.doesNotMatch(await text(anon.get(LIST)), /Stipendija Izmenić/);
    const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_events WHERE target = $1 ORDER BY at, action`, [id]);
    assert.deepEqual(audit.map((a) => a.action).sort(), ['opportunity.create', 'opportunity.delete', 'opportunity.update']);
  });

  test('"closes in N days": Serbian plural forms in both scripts, English, today and tomorrow', async () => {
    const cases: Array<[number, string, string, string]> = [
      [0, 'Rok ističe danas', 'Рок истиче данас', 'Closes today'],
      [1, 'Rok ističe sutra', 'Рок истиче сутра', 'Closes tomorrow'],
      [3, 'Rok ističe za 3 dana', 'Рок истиче за 3 дана', 'Closes in 3 days'],
      [11, 'Rok ističe za 11 dana', 'Рок истиче за 11 дана', 'Closes in 11 days'],
      [21, 'Rok ističe za 21 dan', 'Рок истиче за 21 дан', 'Closes in 21 days'],
    ];
    for (const [days] of cases) await publish({ title: `Rok za ${days} d`, deadline: addDays(TODAY, days) });
    const lat = await text(anon.get(LIST));
    const cir = await text(anon.get('/cir/kancelarije/pancevo/prilike'));
    const en = await text(anon.get('/en/kancelarije/pancevo/prilike'));
    for (const [days, l, c, e] of cases) {
      assert.ok(lat.includes(l), `${days}: ${l}`);
      assert.ok(cir.includes(c), `${days}: ${c}`);
      assert.ok(en.includes(e), `${days}: ${e}`);
    }
    // Past MARK_DAYS the date shows instead of a count.
    await publish({ title: 'Daleki rok', deadline: addDays(TODAY, 45) });
    assert.match(await text(anon.get(LIST)), /Daleki rok[\s\S]*?do 20\. 1\. 2027\.|Daleki rok[\s\S]*?do 20\.1\.2027\./);
  });

  test('filters: kind, area, status (or anyone), age, closing soon; on the office list and the national one', async () => {
    await publish({ title: 'Filter posao', kind: 'job', areas: 'employment', statuses: 'unemployed', age_min: '20', age_max: '30' });
    await publish({
      title: 'Filter razmena',
      kind: 'exchange',
      areas: 'mobility',
      statuses: '',
      age_min: '',
      age_max: '',
      deadline: '',
    });
    await publish({
      title: 'Filter skoro',
      kind: 'competition',
      areas: 'participation',
      statuses: 'pupil',
      age_min: '14',
      age_max: '19',
      deadline: addDays(TODAY, 5),
    });
    const shows = async (path: string, yes: string[], no: string[]) => {
      const html = await text(anon.get(path));
      for (const y of yes) assert.ok(html.includes(y), `${path} shows ${y}`);
      for (const n of no) assert.ok(!html.includes(n), `${path} hides ${n}`);
    };
    for (const base of [LIST, '/lat/prilike']) {
      await shows(`${base}?vrsta=job`, ['Filter posao'], ['Filter razmena', 'Filter skoro']);
      await shows(`${base}?oblast=mobility`, ['Filter razmena'], ['Filter posao', 'Filter skoro']);
      // A status filter keeps those open to anyone.
      await shows(`${base}?status=unemployed`, ['Filter posao', 'Filter razmena'], ['Filter skoro']);
      await shows(`${base}?uzrast=16`, ['Filter skoro', 'Filter razmena'], ['Filter posao']);
      await shows(`${base}?uskoro=1`, ['Filter skoro'], ['Filter posao', 'Filter razmena']);
      // Unknown values are no filter, never an error.
      await shows(`${base}?vrsta=nope&uzrast=abc`, ['Filter posao', 'Filter razmena', 'Filter skoro'], []);
    }
    assert.match(await text(anon.get('/lat/prilike')), /Kancelarija za mlade Pančevo|Pančevo/);
  });

  test('an expired opportunity leaves the lists at midnight — even a cached list — and stays at its address marked closed', async () => {
    const id = await publish({ title: 'Ističe danas', deadline: TODAY });
    // 23:59:50 in Belgrade: still open; the list is rendered and cached for anonymous readers.
    setNow(new Date('2026-12-06T22:59:50Z'));
    try {
      const first = await anon.get(LIST);
      assert.match(await first.text(), /Ističe danas/);
      const second = await anon.get(LIST);
      assert.equal(second.headers.get('x-cache'), 'hit');
      assert.match(await second.text(), /Rok ističe danas/);
      const home = await text(anon.get('/lat/kancelarije/pancevo'));
      assert.match(home, /Ističe danas/);
      // Twenty seconds later it is the next day: well within the cache's time limit, but past the deadline.
      setNow(new Date('2026-12-06T23:00:10Z'));
      const after = await anon.get(LIST);
      assert.notEqual(after.headers.get('x-cache'), 'hit');
      assert.doesNotMatch(await after.text(), /Ističe danas/);
      assert.doesNotMatch(await text(anon.get('/lat/prilike')), /Ističe danas/);
      assert.doesNotMatch(await text(anon.get('/lat/kancelarije/pancevo')), /Ističe danas/);
      const json = (await (await anon.get('/api/v1/opportunities')).json()) as { data: Array<{ id: string }> };
      assert.ok(!json.data.some((o) => o.id === id));
      // Its own page still answers, marked closed, without the apply link.
      const page = await anon.get(`${LIST}/${id}`);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /Zatvoreno/);
      assert.match(html, /Prijave su zatvorene: rok je istekao 6\. ?12\. ?2026\./);
      assert.doesNotMatch(html, /Prijava i više informacija/);
      const one = (await (await anon.get(`/api/v1/offices/pancevo/opportunities/${id}`)).json()) as { closed: boolean; daysLeft: number };
      assert.equal(one.closed, true);
      assert.equal(one.daysLeft, -1);
      // Staff still see it, closed, in their list.
      assert.match(await text(staff.get(ADMIN)), /Ističe danas/);
    } finally {
      setNow(NOW);
      t.deps.pageCache.clear();
    }
  });

  test('the office home page: this week, closing soon, open now, contact; its cached copy drops when either changes', async () => {
    t.deps.pageCache.clear();
    const HOME = '/lat/kancelarije/pancevo';
    const before = await anon.get(HOME);
    assert.equal(before.status, 200);
    assert.equal((await anon.get(HOME)).headers.get('x-cache'), 'hit');
    const html = await before.text();
    assert.match(html, /Ove nedelje/);
    assert.match(html, /Prilike koje se uskoro zatvaraju/);
    assert.match(html, /Sada (otvoreno|zatvoreno)/);
    assert.match(html, /id="contact"/);

    // An opportunity published for the office drops the cached home page.
    await publish({ title: 'Naslovna prilika', deadline: addDays(TODAY, 2) });
    const withOpp = await text(anon.get(HOME));
    assert.match(withOpp, /Naslovna prilika[\s\S]*?Rok ističe za 2 dana/);
    assert.equal((await anon.get(HOME)).headers.get('x-cache'), 'hit');

    // An activity written as the activities feature does (its tags, in its transaction) drops it too.
    const start = new Date(NOW.getTime() + 2 * 24 * 3600_000);
    const a = await makeActivity(t.db, 'pancevo', {
      title: 'Radionica ove nedelje',
      sessions: [[start, new Date(start.getTime() + 7200_000)]],
    });
    const office = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE slug = 'pancevo'`);
    await pageWrite(t.deps, async (_tx, touch) => touch(activityTags(office[0]!.id, a.id)));
    const withActivity = await text(anon.get(HOME));
    assert.match(withActivity, /Radionica ove nedelje/);
    // Far ahead: not this week.
    const later = new Date(NOW.getTime() + 10 * 24 * 3600_000);
    await makeActivity(t.db, 'pancevo', { title: 'Radionica za deset dana', sessions: [[later, new Date(later.getTime() + 7200_000)]] });
    await pageWrite(t.deps, async (_tx, touch) => touch(activityTags(office[0]!.id, a.id)));
    assert.doesNotMatch(await text(anon.get(HOME)), /Radionica za deset dana/);

    // Another office's home page was not dropped by office A's writes, and shows none of A's items.
    const other = await text(anon.get('/lat/kancelarije/cacak'));
    assert.doesNotMatch(other, /Naslovna prilika|Radionica ove nedelje/);
    // No script on the page; small.
    assert.doesNotMatch(withActivity, /<script/);
  });

  test('the API: open ones with filters, in the script asked for; schema-shaped', async () => {
    await publish({ title: 'API stipendija', kind: 'scholarship', deadline: addDays(TODAY, 4) });
    const res = await anon.get('/api/v1/offices/pancevo/opportunities?kind=scholarship&closingSoon=true&script=cir');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { data: Array<{ title: string; daysLeft: number; url: string; closed: boolean }> };
    const found = body.data.find((o) => o.title === 'АПИ стипендија');
    assert.ok(found, JSON.stringify(body.data.map((o) => o.title)));
    assert.equal(found.daysLeft, 4);
    assert.equal(found.closed, false);
    assert.match(found.url, /^http:\/\/kzm\.test\/lat\/kancelarije\/pancevo\/prilike\//);
    assert.equal((await anon.get('/api/v1/offices/nema-je/opportunities')).status, 404);
    assert.equal((await anon.get('/api/v1/opportunities?age=99')).status, 400);
  });

  test('the digest source: what the office published in the window and is still open, oldest first', async () => {
    const office = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE slug = 'pancevo'`);
    const id = await publish({ title: 'Za bilten', deadline: addDays(TODAY, 30) });
    const items = await digestItems(t.db, office[0]!.id, new Date(Date.now() - 3600_000), new Date(Date.now() + 3600_000));
    const item = items.find((i) => i.id === id);
    assert.ok(item);
    assert.equal(item.kind, 'opportunity');
    assert.equal(item.path, `/kancelarije/pancevo/prilike/${id}`);
    assert.equal(item.summary, 'Prvi pasus.');
    const other = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE slug = 'cacak'`);
    assert.ok(!(await digestItems(t.db, other[0]!.id, new Date(0), new Date(Date.now() + 3600_000))).some((i) => i.id === id));
  });
});
