import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { makeCalendarActivity } from './testing.ts';

/**
 * The calendar's feeds parsed back with real parsers: iCalendar with ical.js (one VEVENT per
 * session, stable UIDs, Europe/Belgrade times, filters, the reader's script, cancelled events
 * marked), RSS 2.0 and Atom with fast-xml-parser (what is coming, published only).
 */
let t: TestApp;
const H = 3_600_000;
const DAY = 24 * H;
// Far enough ahead that demo activities of other features never sort in between.
const base = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 6, 1, 14, 0, 0));
const at = (days: number, hours = 0) => new Date(base.getTime() + days * DAY + hours * H);
let training: { id: string; sessionIds: string[] };
let camp: { id: string; sessionIds: string[] };
let cancelled: { id: string; sessionIds: string[] };
let draft: { id: string };

before(async () => {
  t = await createTestApp();
  training = await makeCalendarActivity(t.db, 'pancevo', {
    title: 'Obuka za vršnjačke edukatore Feed',
    summary: 'Pet susreta o zdravlju.',
    kind: 'training',
    areas: ['health'],
    sessions: [
      [at(0), at(0, 3)],
      [at(7), at(7, 3)],
      [at(14), at(14, 3)],
    ],
  });
  camp = await makeCalendarActivity(t.db, 'pancevo', { title: 'Letnji kamp Feed', kind: 'camp', sessions: [[at(20), at(23)]] });
  cancelled = await makeCalendarActivity(t.db, 'pancevo', {
    title: 'Otkazana tribina Feed',
    kind: 'event',
    status: 'cancelled',
    sessions: [[at(2), at(2, 2)]],
  });
  draft = await makeCalendarActivity(t.db, 'pancevo', { title: 'Nacrt Feed', status: 'draft', sessions: [[at(3), at(3, 2)]] });
  await makeCalendarActivity(t.db, 'cacak', { title: 'Čačanska radionica Feed', sessions: [[at(4), at(4, 2)]] });
});
after(() => t.close());

interface ParsedEvent {
  uid: string;
  summary: string;
  start: Date;
  end: Date;
  tzid: string | undefined;
  status: string | undefined;
  url: string;
}

async function ics(path: string): Promise<ParsedEvent[]> {
  const res = await t.client().get(path);
  assert.equal(res.status, 200, path);
  assert.match(res.headers.get('content-type') ?? '', /^text\/calendar/);
  const comp = new ICAL.Component(ICAL.parse(await res.text()));
  for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  assert.equal(comp.getFirstPropertyValue('x-wr-timezone'), 'Europe/Belgrade');
  return comp.getAllSubcomponents('vevent').map((ve) => {
    const e = new ICAL.Event(ve);
    return {
      uid: e.uid,
      summary: e.summary,
      start: e.startDate.toJSDate(),
      end: e.endDate.toJSDate(),
      tzid: e.startDate.zone?.tzid,
      status: ve.getFirstPropertyValue('status') as string | undefined,
      url: String(ve.getFirstPropertyValue('url') ?? ''),
    };
  });
}

describe('iCalendar', () => {
  test('an office: one event per session, Belgrade times, stable UIDs, cancelled marked, drafts absent', async () => {
    const events = await ics('/kancelarije/pancevo/aktivnosti.ics?pismo=lat');
    const mine = events.filter((e) => e.summary.includes('Feed'));
    const training3 = mine.filter((e) => e.summary.startsWith('Obuka za vršnjačke edukatore Feed'));
    assert.deepEqual(
      training3.map((e) => e.summary),
      ['Obuka za vršnjačke edukatore Feed (1/3)', 'Obuka za vršnjačke edukatore Feed (2/3)', 'Obuka za vršnjačke edukatore Feed (3/3)'],
    );
    assert.deepEqual(
      training3.map((e) => e.uid),
      training.sessionIds.map((id) => `${id}@kzm.test`),
    );
    assert.deepEqual(
      training3.map((e) => e.start.toISOString()),
      [at(0), at(7), at(14)].map((d) => d.toISOString()),
    );
    assert.deepEqual(
      training3.map((e) => e.end.toISOString()),
      [at(0, 3), at(7, 3), at(14, 3)].map((d) => d.toISOString()),
    );
    assert.ok(training3.every((e) => e.tzid === 'Europe/Belgrade'));
    assert.equal(training3[0]!.url, `http://kzm.test/lat/kancelarije/pancevo/aktivnosti/${training.id}`);
    assert.equal(mine.find((e) => e.summary === 'Otkazana tribina Feed')?.status, 'CANCELLED');
    assert.equal(mine.find((e) => e.summary === 'Letnji kamp Feed')?.status, 'CONFIRMED');
    assert.ok(!mine.some((e) => e.summary.includes('Nacrt')));
    assert.ok(!mine.some((e) => e.summary.includes('Čačanska')));
    // The same UIDs next time (a subscribed calendar updates rather than duplicates).
    assert.deepEqual(
      (await ics('/kancelarije/pancevo/aktivnosti.ics?pismo=lat')).map((e) => e.uid),
      events.map((e) => e.uid),
    );
  });

  test('the filters apply, and the text is in the asked script', async () => {
    const camps = (await ics('/kancelarije/pancevo/aktivnosti.ics?pismo=cir&vrsta=camp')).filter(
      (e) => e.summary.includes('Feed') || e.summary.includes('Феед'),
    );
    assert.deepEqual(
      camps.map((e) => e.summary),
      ['Летњи камп Феед'],
    );
    assert.deepEqual(
      camps.map((e) => e.uid),
      [`${camp.sessionIds[0]}@kzm.test`],
    );
    const health = (await ics('/kancelarije/pancevo/aktivnosti.ics?oblast=health&pismo=lat')).filter((e) => e.summary.includes('Feed'));
    assert.equal(health.length, 3);
    const all = (await ics('/aktivnosti.ics?q=feed')).map((e) => e.summary);
    assert.ok(
      all.some((s) => s.startsWith('Чачанска радионица')),
      'the all-offices calendar has both offices (Cyrillic by default)',
    );
    assert.ok(all.some((s) => s.startsWith('Летњи камп')));
    assert.equal((await t.client().get('/kancelarije/nepostoji/aktivnosti.ics')).status, 404);
  });

  test('one activity: its own .ics; a draft has none', async () => {
    const events = await ics(`/kancelarije/pancevo/aktivnosti/${training.id}/kalendar.ics?pismo=en`);
    assert.equal(events.length, 3);
    assert.equal(new Set(events.map((e) => e.uid)).size, 3);
    assert.match(events[0]!.url, /\/en\/kancelarije\/pancevo\/aktivnosti\//);
    assert.equal((await t.client().get(`/kancelarije/pancevo/aktivnosti/${draft.id}/kalendar.ics`)).status, 404);
    const c = await ics(`/kancelarije/pancevo/aktivnosti/${cancelled.id}/kalendar.ics`);
    assert.equal(c[0]!.status, 'CANCELLED');
  });
});

describe('RSS and Atom', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
  const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

  test('RSS 2.0: what is coming, published only, soonest first, in the asked script', async () => {
    const res = await t.client().get('/kancelarije/pancevo/aktivnosti.rss?pismo=lat');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/rss\+xml/);
    const doc = parser.parse(await res.text()) as {
      rss: { channel: { title: string; item: Array<{ title: string; link: string; guid: unknown }> | { title: string } } };
    };
    assert.match(doc.rss.channel.title, /Aktivnosti — Kancelarija za mlade grada Pančeva/);
    const items = asArray(doc.rss.channel.item as Array<{ title: string; link: string }>).filter((i) => String(i.title).includes('Feed'));
    assert.deepEqual(
      items.map((i) => i.title),
      ['Obuka za vršnjačke edukatore Feed', 'Letnji kamp Feed'],
    );
    assert.equal(items[0]!.link, `http://kzm.test/lat/kancelarije/pancevo/aktivnosti/${training.id}`);
  });

  test('Atom 1.0: the same entries, with their links', async () => {
    const res = await t.client().get('/kancelarije/pancevo/aktivnosti.atom?pismo=cir&vrsta=camp');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/atom\+xml/);
    const doc = parser.parse(await res.text()) as { feed: { title: string; entry?: unknown } };
    const entries = asArray(doc.feed.entry as Array<{ title: string | { '#text': string }; link: { '@href': string } }>);
    const titles = entries.map((e) => (typeof e.title === 'string' ? e.title : e.title['#text']));
    assert.ok(titles.includes('Летњи камп Феед'), titles.join(', '));
    // The feed names itself in the chosen script too (the office's name is typed in Latin).
    const feedTitle = typeof doc.feed.title === 'string' ? doc.feed.title : (doc.feed.title as { '#text': string })['#text'];
    assert.match(feedTitle, /Канцеларија за младе града Панчева/);
    assert.ok(!titles.some((x) => x.includes('Обука')));
    assert.ok(entries.some((e) => e.link['@href'] === `http://kzm.test/cir/kancelarije/pancevo/aktivnosti/${camp.id}`));
  });
});
