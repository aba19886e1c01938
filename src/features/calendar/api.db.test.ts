import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { responseProblems } from '../../../test/api-schema.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { makeRegistration } from '../activities/testing.ts';
import { makeCalendarActivity } from './testing.ts';

/**
 * /api/v1/activities and /api/v1/offices/{office}/activities/{activity}: public fields only,
 * filters and search as on the pages, every answer checked against the zod schema its operation
 * declares (the one the OpenAPI document is generated from).
 */
let t: TestApp;
let workshop: { id: string };
let draft: { id: string };
before(async () => {
  t = await createTestApp();
  const soon = new Date(Date.now() + 10 * 86_400_000);
  workshop = await makeCalendarActivity(t.db, 'cacak', {
    title: 'API radionica Čačak',
    summary: 'Kratak opis',
    description: 'Duži opis.',
    areas: ['employment'],
    kind: 'workshop',
    capacity: 3,
    ageMin: 15,
    ageMax: 24,
    sessions: [
      [soon, new Date(soon.getTime() + 7_200_000)],
      [new Date(soon.getTime() + 86_400_000), new Date(soon.getTime() + 86_400_000 + 7_200_000)],
    ],
  });
  await makeRegistration(t.db, {
    id: workshop.id,
    officeId: (await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE slug = 'cacak'`))[0]!.id,
  });
  draft = await makeCalendarActivity(t.db, 'cacak', { title: 'API nacrt', status: 'draft' });
  await makeCalendarActivity(t.db, 'pancevo', { title: 'API Pančevo tribina', kind: 'event', areas: ['participation'] });
});
after(() => t.close());

/** GETs an API path and checks the answer against its operation's zod schema. */
async function getValid(path: string, status = 200): Promise<Record<string, unknown>> {
  const res = await t.client().get(path);
  assert.equal(res.status, status, path);
  const body = (await res.json()) as Record<string, unknown>;
  assert.deepEqual(responseProblems(t.api, 'GET', path, res.status, res.headers.get('content-type') ?? '', body), [], path);
  return body;
}

type Summary = {
  id: string;
  title: string;
  placesLeft: number | null;
  office: { slug: string; town: string };
  kind: string;
  sessionCount: number;
};

describe('activities API', () => {
  test('the document describes both operations', async () => {
    const doc = (await (await t.client().get('/api/openapi.json')).json()) as { paths: Record<string, { get?: unknown }> };
    assert.ok(doc.paths['/activities']?.get);
    assert.ok(doc.paths['/offices/{office}/activities/{activity}']?.get);
  });

  test('the schema check itself refuses a missing field, a wrong type, an unknown field and an undeclared status', () => {
    const path = `/api/v1/offices/cacak/activities/${workshop.id}`;
    const ok = { data: [], page: 1, pageSize: 20, total: 0 };
    const json = 'application/json; charset=UTF-8';
    assert.deepEqual(responseProblems(t.api, 'GET', '/api/v1/activities', 200, json, ok), []);
    assert.notDeepEqual(responseProblems(t.api, 'GET', '/api/v1/activities', 200, json, { ...ok, total: undefined }), []);
    assert.notDeepEqual(responseProblems(t.api, 'GET', '/api/v1/activities', 200, json, { ...ok, total: '0' }), []);
    assert.notDeepEqual(responseProblems(t.api, 'GET', '/api/v1/activities', 200, json, { ...ok, secret: 1 }), []);
    assert.notDeepEqual(responseProblems(t.api, 'GET', path, 418, json, ok), []);
  });

  test('list: search in any script finds Čačak, filters, public fields only', async () => {
    for (const q of ['Чачак', 'cacak', 'ČAČAK']) {
      const body = (await getValid(`/api/v1/activities?q=${encodeURIComponent(q)}`)) as { data: Summary[]; total: number };
      assert.ok(
        body.data.some((a) => a.id === workshop.id),
        q,
      );
      assert.ok(!body.data.some((a) => a.title.includes('Pančevo')), q);
    }
    const one = (await getValid(`/api/v1/activities?office=cacak&area=employment&kind=workshop&age=20&free=true&script=cir`)) as {
      data: Summary[];
    };
    const mine = one.data.find((a) => a.id === workshop.id);
    assert.ok(mine);
    assert.equal(mine.title, 'АПИ радионица Чачак');
    assert.equal(mine.placesLeft, 2);
    assert.equal(mine.sessionCount, 2);
    assert.equal(mine.office.slug, 'cacak');
    assert.ok(!one.data.some((a) => a.id === draft.id));
    const tooOld = (await getValid('/api/v1/activities?office=cacak&age=30')) as { data: Summary[] };
    assert.ok(!tooOld.data.some((a) => a.id === workshop.id));
    const raw = JSON.stringify(await getValid('/api/v1/activities?office=cacak'));
    for (const secret of ['confirmed_count', 'search_key', 'created_by', 'ucesnik', 'questions']) assert.ok(!raw.includes(secret), secret);
    const paged = (await getValid('/api/v1/activities?pageSize=1&page=1')) as { data: unknown[]; total: number; pageSize: number };
    assert.equal(paged.data.length, 1);
    assert.ok(paged.total >= 2);
  });

  test('list: an unknown office is a 404, a bad query a 400 problem', async () => {
    const res = await t.client().get('/api/v1/activities?office=nepostoji');
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    for (const q of ['from=2026-02-31', 'age=99', 'kind=party', 'pageSize=1000', 'free=maybe']) {
      const bad = await t.client().get(`/api/v1/activities?${q}`);
      assert.equal(bad.status, 400, q);
      assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);
    }
  });

  test('detail: sessions, image, links; drafts and other offices are 404', async () => {
    const a = (await getValid(`/api/v1/offices/cacak/activities/${workshop.id}?script=lat`)) as Summary & {
      sessions: Array<{ position: number; startsAt: string }>;
      ics: string;
      url: string;
      description: string;
    };
    assert.equal(a.title, 'API radionica Čačak');
    assert.deepEqual(
      a.sessions.map((s) => s.position),
      [1, 2],
    );
    assert.equal(a.url, `http://kzm.test/lat/kancelarije/cacak/aktivnosti/${workshop.id}`);
    assert.equal(a.ics, `http://kzm.test/kancelarije/cacak/aktivnosti/${workshop.id}/kalendar.ics`);
    assert.equal(a.description, 'Duži opis.');
    for (const p of [
      `/api/v1/offices/cacak/activities/${draft.id}`,
      `/api/v1/offices/pancevo/activities/${workshop.id}`,
      '/api/v1/offices/cacak/activities/nije-id',
    ]) {
      const res = await t.client().get(p);
      assert.equal(res.status, 404, p);
    }
  });
});
