import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { makeRegistration } from '../activities/testing.ts';
import { makeCalendarActivity } from './testing.ts';

/**
 * /api/v1/activities and /api/v1/offices/{office}/activities/{activity}: public fields only,
 * filters and search as on the pages, every answer checked against the schema the OpenAPI
 * document publishes for it.
 */
let t: TestApp;
let doc: OpenApiDoc;
let workshop: { id: string };
let draft: { id: string };
before(async () => {
  t = await createTestApp();
  doc = (await (await t.client().get('/api/openapi.json')).json()) as OpenApiDoc;
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
  await makeRegistration(t.db, { id: workshop.id, officeId: (await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE slug = 'cacak'`))[0]!.id });
  draft = await makeCalendarActivity(t.db, 'cacak', { title: 'API nacrt', status: 'draft' });
  await makeCalendarActivity(t.db, 'pancevo', { title: 'API Pančevo tribina', kind: 'event', areas: ['participation'] });
});
after(() => t.close());

// ── A small JSON Schema check (the subset the generated document uses) ──
interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
}
interface OpenApiDoc {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }> }>>;
  components: { schemas: Record<string, JsonSchema> };
}

const deref = (s: JsonSchema): JsonSchema => (s.$ref ? deref(doc.components.schemas[s.$ref.replace('#/components/schemas/', '')]!) : s);

/** allOf (how an extended object is written) merged into one object schema. */
function flatten(s: JsonSchema): JsonSchema {
  s = deref(s);
  if (!s.allOf) return s;
  const parts = s.allOf.map(flatten);
  return {
    ...s,
    allOf: undefined,
    type: 'object',
    properties: Object.assign({}, ...parts.map((x) => x.properties ?? {}), s.properties ?? {}),
    required: [...parts.flatMap((x) => x.required ?? []), ...(s.required ?? [])],
  } as JsonSchema;
}

function check(value: unknown, raw: JsonSchema, path: string, errors: string[]): void {
  const schema = flatten(raw);
  for (const list of [schema.anyOf, schema.oneOf]) {
    if (!list) continue;
    const ok = list.some((s) => {
      const e: string[] = [];
      check(value, s, path, e);
      return e.length === 0;
    });
    if (!ok) errors.push(`${path}: matches none of the alternatives`);
  }
  if (value === null && (schema.nullable || (Array.isArray(schema.type) && schema.type.includes('null')))) return;
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length > 0) {
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
    const fits = types.some((ty) => ty === actual || (ty === 'number' && actual === 'integer'));
    if (!fits) return void errors.push(`${path}: ${actual} is not ${types.join('|')}`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => check(v, schema.items!, `${path}[${i}]`, errors));
  if (value && typeof value === 'object' && !Array.isArray(value) && schema.properties) {
    for (const r of schema.required ?? []) if (!(r in value)) errors.push(`${path}.${r}: missing`);
    for (const [k, v] of Object.entries(value)) {
      const s = schema.properties[k];
      if (!s) errors.push(`${path}.${k}: not in the schema`);
      else check(v, s, `${path}.${k}`, errors);
    }
  }
}

async function getValid(path: string, docPath: string, status = 200): Promise<Record<string, unknown>> {
  const res = await t.client().get(path);
  assert.equal(res.status, status, path);
  const body = (await res.json()) as Record<string, unknown>;
  const content = doc.paths[docPath]!.get!.responses[String(status)]!.content!;
  const schema = (content['application/json'] ?? content['application/problem+json'])!.schema;
  const errors: string[] = [];
  check(body, schema, '$', errors);
  assert.deepEqual(errors, [], `${path}: ${errors.join('\n')}`);
  return body;
}

type Summary = { id: string; title: string; placesLeft: number | null; office: { slug: string; town: string }; kind: string; sessionCount: number };

describe('activities API', () => {
  test('the document describes both operations', () => {
    assert.ok(doc.paths['/api/v1/activities']?.get ?? doc.paths['/activities']?.get);
  });

  const LIST = () => (doc.paths['/api/v1/activities'] ? '/api/v1/activities' : '/activities');
  const SHOW = () => (doc.paths['/api/v1/offices/{office}/activities/{activity}'] ? '/api/v1/offices/{office}/activities/{activity}' : '/offices/{office}/activities/{activity}');

  test('list: search in any script finds Čačak, filters, public fields only', async () => {
    for (const q of ['Чачак', 'cacak', 'ČAČAK']) {
      const body = (await getValid(`/api/v1/activities?q=${encodeURIComponent(q)}`, LIST())) as { data: Summary[]; total: number };
      assert.ok(body.data.some((a) => a.id === workshop.id), q);
      assert.ok(!body.data.some((a) => a.title.includes('Pančevo')), q);
    }
    const one = (await getValid(`/api/v1/activities?office=cacak&area=employment&kind=workshop&age=20&free=true&script=cir`, LIST())) as { data: Summary[] };
    const mine = one.data.find((a) => a.id === workshop.id);
    assert.ok(mine);
    assert.equal(mine.title, 'АПИ радионица Чачак');
    assert.equal(mine.placesLeft, 2);
    assert.equal(mine.sessionCount, 2);
    assert.equal(mine.office.slug, 'cacak');
    assert.ok(!one.data.some((a) => a.id === draft.id));
    const tooOld = (await getValid('/api/v1/activities?office=cacak&age=30', LIST())) as { data: Summary[] };
    assert.ok(!tooOld.data.some((a) => a.id === workshop.id));
    const raw = JSON.stringify(await getValid('/api/v1/activities?office=cacak', LIST()));
    for (const secret of ['confirmed_count', 'search_key', 'created_by', 'ucesnik', 'questions']) assert.ok(!raw.includes(secret), secret);
    const paged = (await getValid('/api/v1/activities?pageSize=1&page=1', LIST())) as { data: unknown[]; total: number; pageSize: number };
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
    const a = (await getValid(`/api/v1/offices/cacak/activities/${workshop.id}?script=lat`, SHOW())) as Summary & {
      sessions: Array<{ position: number; startsAt: string }>;
      ics: string;
      url: string;
      description: string;
    };
    assert.equal(a.title, 'API radionica Čačak');
    assert.deepEqual(a.sessions.map((s) => s.position), [1, 2]);
    assert.equal(a.url, `http://kzm.test/lat/kancelarije/cacak/aktivnosti/${workshop.id}`);
    assert.equal(a.ics, `http://kzm.test/kancelarije/cacak/aktivnosti/${workshop.id}/kalendar.ics`);
    assert.equal(a.description, 'Duži opis.');
    for (const p of [`/api/v1/offices/cacak/activities/${draft.id}`, `/api/v1/offices/pancevo/activities/${workshop.id}`, '/api/v1/offices/cacak/activities/nije-id']) {
      const res = await t.client().get(p);
      assert.equal(res.status, 404, p);
    }
  });
});
