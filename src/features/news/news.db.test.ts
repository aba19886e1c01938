import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts';
import { snapshot } from '../../../test/snapshot.ts';
import { localParts } from '../../core/time.ts';
import { digestItems } from './digest.ts';
import { SAMPLE_PNG } from './fixtures.ts';
import { latestNewsSection } from './home.tsx';
import { renderToString } from 'hono/jsx/dom/server';

/**
 * News through HTTP: staff create drafts, publish now or at a set time, edit; the public list
 * (filters, paging) and post page in either script; sanitising of pasted HTML; the image with
 * its required description (a non-image refused, nothing saved); feeds parsed back; Open Graph
 * tags with absolute URLs; the page cache never shows a list without a post whose time has come;
 * another office's staff get 404; the digest and the home section.
 */
let t: TestApp;
let staff: TestClient;
let staffB: TestClient;
let visitor: TestClient;
before(async () => {
  t = await createTestApp();
  staff = await t.clientAs('pancevo@primer.test');
  staffB = await t.clientAs('cacak@primer.test');
  visitor = t.client();
});
after(() => t.close());

const ADMIN = '/lat/admin/kancelarije/pancevo/vesti';
const PUB = '/lat/kancelarije/pancevo/vesti';
const idFrom = (res: Response) => /vesti\/([0-9a-f-]{36})/.exec(res.headers.get('location') ?? '')?.[1] ?? '';
const PNG = SAMPLE_PNG;
const dt = (at: Date) => `${localParts(at).date}T${localParts(at).time}`;

function form(extra: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Konkurs za omladinske inicijative (test)',
    summary: 'Udruženja mogu da konkurišu do kraja meseca.',
    body: 'Prvi pasus sa **važnim** delom.\n\n- jedan\n- dva',
    category: 'call',
    areas: 'participation,education',
    publish: 'now',
    ...extra,
  };
}

async function create(extra: Record<string, string> = {}): Promise<string> {
  const res = await staff.post(ADMIN, form(extra));
  assert.equal(res.status, 303, await res.text());
  return idFrom(res);
}

const count = async () => Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM news_posts'))[0]!.n);

describe('writing news', () => {
  test('a draft is seen only by staff; publishing makes it public; an edit keeps the first publication time', async () => {
    const id = await create({ publish: 'draft', title: 'Nacrt vesti (test)' });
    assert.equal((await visitor.get(`${PUB}/${id}`)).status, 404);
    assert.doesNotMatch(await (await visitor.get(PUB)).text(), /Nacrt vesti \(test\)/);
    const edit = await staff.get(`${ADMIN}/${id}`);
    assert.equal(edit.status, 200);
    assert.match(await edit.text(), /nacrt/);

    const pub = await staff.post(`${ADMIN}/${id}`, form({ title: 'Objavljena vest (test)', publish: 'now' }));
    assert.equal(pub.status, 303, await pub.text());
    const page = await visitor.get(`${PUB}/${id}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<h1>Objavljena vest \(test\)<\/h1>/);
    assert.match(html, /<strong>važnim<\/strong>/);
    assert.match(await (await visitor.get(PUB)).text(), /Objavljena vest \(test\)/);

    const [first] = await t.db.query<{ publish_at: Date }>('SELECT publish_at FROM news_posts WHERE id = $1', [id]);
    await staff.post(`${ADMIN}/${id}`, form({ title: 'Objavljena vest, ispravljena (test)', publish: 'now' }));
    const [second] = await t.db.query<{ publish_at: Date; title: string }>('SELECT publish_at, title FROM news_posts WHERE id = $1', [id]);
    assert.equal(second!.title, 'Objavljena vest, ispravljena (test)');
    assert.equal(new Date(second!.publish_at).getTime(), new Date(first!.publish_at).getTime());
  });

  test('typed in Latin, read in Cyrillic (text only: links and markup stay as they are)', async () => {
    const id = await create({
      title: 'Sajam zapošljavanja',
      summary: 'Dođite na sajam.',
      body: 'Prijave na [sajam](https://example.org/sajam?x=1&y=2) do petka.',
    });
    const html = await (await visitor.get(`/cir/kancelarije/pancevo/vesti/${id}`)).text();
    assert.match(html, /<h1>Сајам запошљавања<\/h1>/);
    assert.match(html, /Пријаве на <a href="https:\/\/example\.org\/sajam\?x=1&amp;y=2" rel="nofollow noopener ugc">сајам<\/a> до петка\./);
  });

  test('typed in Cyrillic, read in Latin', async () => {
    const id = await create({ title: 'Бесплатна обука за волонтере', summary: 'Пријаве до петка.', body: 'Обука траје **два дана**.' });
    const html = await (await visitor.get(`${PUB}/${id}`)).text();
    assert.match(html, /<h1>Besplatna obuka za volontere<\/h1>/);
    assert.match(html, /Obuka traje <strong>dva dana<\/strong>\./);
    assert.match(await (await visitor.get(`/cir/kancelarije/pancevo/vesti/${id}`)).text(), /<h1>Бесплатна обука за волонтере<\/h1>/);
  });

  test('a scheduled post is not public before its time; the cached list does not outlive that time', async () => {
    // Warm the cache with the list as it is now.
    const before = await visitor.get(PUB);
    assert.equal(before.status, 200);
    assert.equal((await visitor.get(PUB)).headers.get('x-cache'), 'hit');
    const at = new Date(Date.now() + 61_000);
    const id = await create({ title: 'Zakazana vest (test)', publish: 'at', publish_at: dt(at) });
    assert.equal((await visitor.get(`${PUB}/${id}`)).status, 404);
    assert.doesNotMatch(await (await visitor.get(PUB)).text(), /Zakazana vest/);
    // The app's clock reaches publish_at: the post is public without any write (the cached list's
    // expiry is proved with the real clock in the next test: the cache keeps its own clock).
    const realNow = t.deps.now;
    t.deps.now = () => new Date(at.getTime() + 1000);
    try {
      const page = await visitor.get(`${PUB}/${id}`);
      assert.equal(page.status, 200);
      t.deps.pageCache.clear();
      assert.match(await (await visitor.get(PUB)).text(), /Zakazana vest \(test\)/);
      assert.match(await (await visitor.get('/lat/kancelarije/pancevo/vesti.rss')).text(), /Zakazana vest \(test\)/);
      assert.equal((await staff.get(`${ADMIN}/${id}`)).status, 200);
    } finally {
      t.deps.now = realNow;
    }
  });

  test('the list page is cached no longer than the next scheduled post (by the real clock too)', async () => {
    const at = new Date(Date.now() + 1500);
    // Scheduling is refused in the past, so the post is written a little ahead and then waited for.
    const id = await create({ title: 'Uskoro objavljena (test)', publish: 'at', publish_at: dt(new Date(at.getTime() + 60_000)) });
    await t.db.query('UPDATE news_posts SET publish_at = $2 WHERE id = $1', [id, at]);
    t.deps.pageCache.clear();
    assert.doesNotMatch(await (await visitor.get(PUB)).text(), /Uskoro objavljena/);
    assert.equal((await visitor.get(PUB)).headers.get('x-cache'), 'hit');
    await sleep(Math.max(0, at.getTime() - Date.now()) + 100);
    const after = await visitor.get(PUB);
    assert.notEqual(after.headers.get('x-cache'), 'hit');
    assert.match(await after.text(), /Uskoro objavljena \(test\)/);
  });

  test('filters by category and area, and pages', async () => {
    await create({ title: 'Savet o zdravlju (test)', category: 'tips', areas: 'health' });
    const tips = await (await visitor.get(`${PUB}?kategorija=tips`)).text();
    assert.match(tips, /Savet o zdravlju \(test\)/);
    assert.doesNotMatch(tips, /Objavljena vest/);
    const health = await (await visitor.get(`${PUB}?oblast=health`)).text();
    assert.match(health, /Savet o zdravlju \(test\)/);
    assert.doesNotMatch(await (await visitor.get(`${PUB}?oblast=mobility&kategorija=tips`)).text(), /Savet o zdravlju/);
    for (let i = 0; i < 11; i++) await create({ title: `Vest broj ${i} (test)`, category: 'report', areas: 'mobility' });
    const page1 = await (await visitor.get(`${PUB}?kategorija=report`)).text();
    assert.match(page1, /rel="next"/);
    const page2 = await (await visitor.get(`${PUB}?kategorija=report&strana=2`)).text();
    assert.match(page2, /Vest broj 0 \(test\)/);
    assert.doesNotMatch(page2, /Vest broj 10 \(test\)/);
  });
});

describe('bad input: clear errors, nothing half-saved', () => {
  test('pasted HTML and script are sanitised (script, event handlers, javascript: links, iframes, styles)', async () => {
    const id = await create({
      title: 'Vest sa <script>alert(1)</script> naslovom',
      body: [
        'Tekst <script>alert("x")</script> dalje.',
        '<img src=x onerror="alert(2)">',
        '[klik](javascript:alert(3)) <a href="JaVaScRiPt:alert(4)">drugi</a> <a href="https://example.org" onclick="alert(5)">dobar</a>',
        '<iframe src="https://evil.example"></iframe><p style="color:red" onmouseover="alert(6)">stil</p>',
        '<svg onload=alert(7)><math><mi xlink:href="javascript:alert(8)">m</mi></math>',
      ].join('\n\n'),
    });
    const [row] = await t.db.query<{ body_html: string }>('SELECT body_html FROM news_posts WHERE id = $1', [id]);
    const page = await (await visitor.get(`${PUB}/${id}`)).text();
    for (const html of [row!.body_html, page.slice(page.indexOf('<article'), page.indexOf('</article>'))]) {
      assert.doesNotMatch(html, /<script|onerror|onclick|onmouseover|onload|javascript:|<iframe|<svg|<img|style=/i);
    }
    assert.match(row!.body_html, /<a href="https:\/\/example\.org" rel="nofollow noopener ugc">dobar<\/a>/);
    // The title is text: escaped, never markup.
    assert.match(page, /Vest sa &lt;script&gt;alert\(1\)&lt;\/script&gt; naslovom/);
  });

  test('a scheduled time that is not a date, or in the past, or missing: the form again with everything typed', async () => {
    const before = await count();
    for (const [publish_at, message] of [
      ['sutra uveče', /Unesite datum i vreme/],
      ['2020-01-01T10:00', /mora biti u budućnosti/],
      ['', /Unesite datum i vreme zakazane objave/],
    ] as const) {
      const res = await staff.post(ADMIN, form({ publish: 'at', publish_at, title: 'Zadržan naslov (test)' }));
      assert.equal(res.status, 400);
      const html = await res.text();
      assert.match(html, message);
      assert.match(html, /value="Zadržan naslov \(test\)"/);
      assert.match(html, /aria-invalid="true"/);
    }
    assert.equal((await staff.post(ADMIN, form({ title: 'x' }))).status, 400);
    assert.equal((await staff.post(ADMIN, form({ category: 'nepoznata' }))).status, 400);
    assert.equal(await count(), before);
  });

  test('an image needs its description; a file that is not an image is refused; nothing is saved', async () => {
    const id = await create({ title: 'Vest sa slikom (test)' });
    const before = await snapshot(t.db);
    const noAlt = await staff.postMultipart(`${ADMIN}/${id}/slika`, {
      image: new File([PNG], 'slika.png', { type: 'image/png' }),
      image_alt: '',
    });
    assert.equal(noAlt.status, 400);
    assert.match(await noAlt.text(), /Opišite sliku/);
    const notImage = await staff.postMultipart(`${ADMIN}/${id}/slika`, {
      image: new File(['<html><script>alert(1)</script></html>'], 'slika.png', { type: 'image/png' }),
      image_alt: 'Opis',
    });
    assert.equal(notImage.status, 400);
    const notImageHtml = await notImage.text();
    assert.match(notImageHtml, /aria-invalid="true"/);
    assert.match(notImageHtml, /Sadržaj datoteke nije u dozvoljenom obliku/);
    const notImageCir = await staff.postMultipart(`${ADMIN.replace('/lat/', '/cir/')}/${id}/slika`, {
      image: new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37])], 'slika.gif', { type: 'image/gif' }),
      image_alt: 'Опис',
    });
    assert.equal(notImageCir.status, 400);
    assert.match(await notImageCir.text(), /Садржај датотеке није у дозвољеном облику/);
    // Starting like a PNG is not enough: the header must decode.
    const disguised = await staff.postMultipart(`${ADMIN}/${id}/slika`, {
      image: new File([PNG.subarray(0, 8), '<html><script>alert(1)</script></html>'], 'slika.png', { type: 'image/png' }),
      image_alt: 'Opis',
    });
    assert.equal(disguised.status, 400);
    assert.match(await disguised.text(), /Sadržaj datoteke nije u dozvoljenom obliku/);
    assert.deepEqual(await snapshot(t.db), before);

    const ok = await staff.postMultipart(`${ADMIN}/${id}/slika`, {
      image: new File([PNG], 'slika.png', { type: 'image/png' }),
      image_alt: 'Mladi na konkursu',
    });
    assert.equal(ok.status, 303, await ok.text());
    const [row] = await t.db.query<{ image_width: number; image_height: number }>(
      'SELECT image_width, image_height FROM news_posts WHERE id = $1',
      [id],
    );
    assert.deepEqual([row!.image_width, row!.image_height], [2, 1]);
    const html = await (await visitor.get(`${PUB}/${id}`)).text();
    const img = /<img src="([^"]+)" alt="Mladi na konkursu"/.exec(html);
    assert.ok(img, 'the image with its description');
    const file = await visitor.get(img[1]!);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'image/png');
  });
});

describe('sharing and feeds', () => {
  let id = '';
  before(async () => {
    id = await create({ title: 'Podelite ovu vest (test)', summary: 'Kratak opis za mreže.' });
    await staff.postMultipart(`${ADMIN}/${id}/slika`, { image: new File([PNG], 'a.png', { type: 'image/png' }), image_alt: 'Opis slike' });
  });

  const meta = (html: string, key: string) =>
    new RegExp(`<meta (?:property|name)="${key.replace(/[.:]/g, '\\$&')}" content="([^"]*)"`).exec(html)?.[1];

  test('the post page carries Open Graph and Twitter-card tags with absolute URLs, and plain share links', async () => {
    const html = await (await visitor.get(`/cir/kancelarije/pancevo/vesti/${id}`)).text();
    assert.equal(meta(html, 'og:type'), 'article');
    assert.equal(meta(html, 'og:title'), 'Поделите ову вест (тест)');
    assert.equal(meta(html, 'og:description'), 'Кратак опис за мреже.');
    assert.equal(meta(html, 'og:url'), `http://kzm.test/cir/kancelarije/pancevo/vesti/${id}`);
    assert.match(meta(html, 'og:image') ?? '', new RegExp(`^http://kzm\\.test/cir/kancelarije/pancevo/vesti/${id}/slika\\?v=`));
    assert.equal(meta(html, 'og:image:width'), '2');
    assert.equal(meta(html, 'og:image:height'), '1');
    assert.equal(meta(html, 'twitter:card'), 'summary_large_image');
    assert.match(html, /href="https:\/\/www\.facebook\.com\/sharer\/sharer\.php\?u=http%3A%2F%2Fkzm\.test%2Fcir%2F/);
    assert.match(html, /href="viber:\/\/forward\?text=/);
    assert.match(html, /href="https:\/\/wa\.me\/\?text=/);
    assert.match(html, /href="mailto:\?subject=/);
    // Our own script only; no third party.
    const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(
      scripts.map((s) => s!.replace(/\?v=.*/, '')),
      ['/static/share.js'],
    );
    const list = await (await visitor.get(PUB)).text();
    assert.equal(meta(list, 'og:url'), 'http://kzm.test/lat/kancelarije/pancevo/vesti');
    assert.equal(meta(list, 'og:type'), 'website');
    assert.match(
      list,
      /<link rel="alternate" type="application\/rss\+xml" href="http:\/\/kzm\.test\/lat\/kancelarije\/pancevo\/vesti\.rss"/,
    );
  });

  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
  const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

  test('RSS and Atom per office, in the reader script, with absolute links, parse back', async () => {
    const rss = await visitor.get('/cir/kancelarije/pancevo/vesti.rss');
    assert.equal(rss.status, 200);
    assert.match(rss.headers.get('content-type') ?? '', /application\/rss\+xml/);
    assert.match(rss.headers.get('content-disposition') ?? '', /^attachment; filename="pancevo-vesti\.xml"/);
    const rssText = await rss.text();
    assert.equal(XMLValidator.validate(rssText), true);
    const channel = parser.parse(rssText).rss.channel;
    const items = list<{ title: string; link: string; description: string }>(channel.item);
    const mine = items.find((i) => i.link === `http://kzm.test/cir/kancelarije/pancevo/vesti/${id}`);
    assert.ok(mine, 'the post is in the feed with its absolute link');
    assert.equal(mine.title, 'Поделите ову вест (тест)');
    assert.doesNotMatch(rssText, /Nacrt vesti|Zakazana vest/);

    const atomText = await (await visitor.get('/lat/kancelarije/pancevo/vesti.atom')).text();
    assert.equal(XMLValidator.validate(atomText), true);
    const feed = parser.parse(atomText).feed;
    const entries = list<{ title: string | { '#text': string }; link: { '@href': string } | Array<{ '@href': string }> }>(feed.entry);
    const entry = entries.find((e) => list(e.link).some((l) => l['@href'] === `http://kzm.test/lat/kancelarije/pancevo/vesti/${id}`));
    assert.ok(entry, 'the post is in the Atom feed');
    const title = typeof entry.title === 'string' ? entry.title : entry.title['#text'];
    assert.equal(title, 'Podelite ovu vest (test)');
    // Another office's feed does not carry it; the national one does.
    assert.doesNotMatch(await (await visitor.get('/lat/kancelarije/cacak/vesti.rss')).text(), new RegExp(id));
    const national = await (await visitor.get('/en/vesti.atom')).text();
    assert.equal(XMLValidator.validate(national), true);
    assert.match(national, new RegExp(`http://kzm\\.test/en/kancelarije/pancevo/vesti/${id}`));
    const nationalRss = await visitor.get('/cir/vesti.rss');
    assert.match(nationalRss.headers.get('content-type') ?? '', /application\/rss\+xml/);
    const nationalRssText = await nationalRss.text();
    assert.equal(XMLValidator.validate(nationalRssText), true);
    const nationalItems = list<{ title: string; link: string }>(parser.parse(nationalRssText).rss.channel.item);
    assert.equal(
      nationalItems.find((i) => i.link === `http://kzm.test/cir/kancelarije/pancevo/vesti/${id}`)?.title,
      'Поделите ову вест (тест)',
    );
  });

  test('the office home page shows the latest news and a link to subscribe', async () => {
    const html = await (await visitor.get('/lat/kancelarije/pancevo')).text();
    assert.match(html, new RegExp(`href="/lat/kancelarije/pancevo/vesti/${id}"`));
    assert.match(html, /Podelite ovu vest \(test\)/);
    assert.match(html, /href="\/lat\/kancelarije\/pancevo\/bilten"/);
  });

  test('digestItems: published posts of the office in [since, until); homeSection: the latest three', async () => {
    const office = (await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE slug = 'pancevo'`))[0]!.id;
    const [row] = await t.db.query<{ publish_at: Date }>('SELECT publish_at FROM news_posts WHERE id = $1', [id]);
    const at = new Date(row!.publish_at);
    const items = await digestItems(t.db, office, new Date(at.getTime() - 1), new Date(at.getTime() + 1));
    assert.ok(items.some((i) => i.id === id && i.kind === 'news' && i.path === `/kancelarije/pancevo/vesti/${id}`));
    assert.ok(!(await digestItems(t.db, office, new Date(at.getTime() + 1), new Date(at.getTime() + 2))).some((i) => i.id === id));
    assert.ok(!(await digestItems(t.db, office, at, at)).some((i) => i.id === id), 'until is exclusive');
    const v = {
      locale: 'lat' as const,
      t: (k: string) => k,
      tx: (s: string) => s,
      href: (p: string) => `/lat${p}`,
      pathInLocale: '/',
      search: '',
      baseUrl: 'http://kzm.test',
      actor: null,
      csrf: () => '',
    };
    const ref = (id: string) => ({ id, slug: '', name: '' });
    const section = await latestNewsSection.render(v as never, ref(office), t.db, new Date());
    assert.ok(section);
    const html = renderToString(section as never);
    assert.match(html, /^<section/);
    assert.equal((html.match(/<li/g) ?? []).length, 3);
    const empty = (await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE slug = 'cacak'`))[0]!.id;
    await t.db.query('DELETE FROM news_posts WHERE office_id = $1', [empty]);
    assert.equal(await latestNewsSection.render(v as never, ref(empty), t.db, new Date()), null);
  });
});

describe('other offices', () => {
  test("another office's staff get 404 for a post, its edit, image and delete; nothing changes", async () => {
    const id = await create({ title: 'Samo za Pančevo (test)', publish: 'draft' });
    await staff.postMultipart(`${ADMIN}/${id}/slika`, { image: new File([PNG], 'a.png', { type: 'image/png' }), image_alt: 'Opis' });
    const before = await snapshot(t.db);
    const B = '/lat/admin/kancelarije/cacak/vesti';
    assert.equal((await staffB.get(`${B}/${id}`)).status, 404);
    assert.equal((await staffB.post(`${B}/${id}`, form())).status, 404);
    assert.equal((await staffB.post(`${B}/${id}/obrisi`, {})).status, 404);
    assert.equal((await staffB.get(`/lat/kancelarije/cacak/vesti/${id}`)).status, 404);
    assert.equal((await staffB.get(`${ADMIN}/${id}`)).status, 403);
    // A draft's image is for its own office's staff only.
    assert.equal((await visitor.get(`${PUB}/${id}/slika`)).status, 404);
    assert.equal((await staffB.get(`${PUB}/${id}/slika`)).status, 404);
    assert.equal((await staff.get(`${PUB}/${id}/slika`)).status, 200);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('deleting a post removes it and its image', async () => {
    const id = await create({ title: 'Za brisanje (test)' });
    const res = await staff.post(`${ADMIN}/${id}/obrisi`, {});
    assert.equal(res.status, 303);
    assert.equal((await visitor.get(`${PUB}/${id}`)).status, 404);
  });
});
