import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { makeActivity, makeRegistration } from '../activities/testing.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { refreshFigures } from './figures-repo.ts';
import { COLUMNS, OPEN_FILES } from './opendata.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  const people = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}.${i}@primer.test`);
  await held('pancevo', '2024-03-10T10:00:00Z', ['education'], people(7, 'p'));
  await held('pancevo', '2025-03-10T10:00:00Z', ['health'], [...people(3, 'p'), ...people(4, 'q')]);
  await held('cacak', '2025-05-05T10:00:00Z', ['employment'], people(3, 'c')); // a small cell
  await held('cacak', '2024-05-05T10:00:00Z', ['employment'], people(12, 'd'));
  await refreshFigures(t.db);
});
after(() => t.close());

async function held(office: string, start: string, areas: string[], emails: string[]): Promise<void> {
  const at = new Date(start);
  const a = await makeActivity(t.db, office, { sessions: [[at, new Date(at.getTime() + 7_200_000)]], areas, capacity: 1000 });
  const [session] = await t.db.query<{ id: string }>('SELECT id FROM activity_sessions WHERE office_id = $1 AND activity_id = $2', [
    a.officeId,
    a.id,
  ]);
  for (const email of emails) {
    const r = await makeRegistration(t.db, a, { status: 'confirmed', email });
    await t.db.query(
      `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method) VALUES ($1, $2, $3, now(), 'list')`,
      [a.officeId, r.id, session!.id],
    );
  }
}

const get = async (path: string) => {
  const res = await t.client().get(path);
  assert.equal(res.status, 200, path);
  return res;
};
const local = (url: string) => new URL(url).pathname;

/** Participants and attendances per office slug × Belgrade year, computed here from the raw rows. */
async function independent(): Promise<Map<string, { participants: number; attendances: number }>> {
  const raw = await t.db.query<{ slug: string; who: string; starts_at: Date }>(
    `SELECT o.slug, lower(r.email) AS who, s.starts_at
       FROM attendance a JOIN registrations r ON r.office_id = a.office_id AND r.id = a.registration_id
       JOIN activity_sessions s ON s.office_id = a.office_id AND s.id = a.session_id
       JOIN offices o ON o.id = a.office_id`,
  );
  const yearOf = (d: Date) => new Intl.DateTimeFormat('en', { timeZone: 'Europe/Belgrade', year: 'numeric' }).format(new Date(d));
  const m = new Map<string, { who: Set<string>; attendances: number }>();
  for (const r of raw) {
    const k = `${r.slug}|${yearOf(r.starts_at)}`;
    const e = m.get(k) ?? { who: new Set<string>(), attendances: 0 };
    e.who.add(r.who);
    e.attendances++;
    m.set(k, e);
  }
  return new Map([...m].map(([k, e]) => [k, { participants: e.who.size, attendances: e.attendances }]));
}

const printed = (n: number) => (n > 0 && n < 5 ? '<5' : String(n));

test('the CSV parses, its header is the schema’s fields, and its figures equal the ones computed here, small cells suppressed', async () => {
  const res = await get(OPEN_FILES.csv);
  assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
  const text = await res.text();
  assert.notEqual(text.charCodeAt(0), 0xfeff, 'no BOM: the Table Schema’s default dialect');
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const header = text.split('\r\n')[0]!.split(',');
  const schema = (await (await get(OPEN_FILES.schema)).json()) as {
    fields: { name: string; type: string; title: string; description: string }[];
    missingValues: string[];
    primaryKey: string[];
  };
  assert.deepEqual(
    header,
    schema.fields.map((f) => f.name),
    'every column is described, in order',
  );
  assert.deepEqual(header, [...COLUMNS]);
  for (const f of schema.fields) assert.ok(f.title && f.description && f.type, f.name);

  // Every value is of its field's type (or a declared missing value); the primary key is unique.
  for (const r of rows) {
    for (const f of schema.fields) {
      const v = r[f.name]!;
      if (schema.missingValues.includes(v)) continue;
      if (f.type === 'integer' || f.type === 'year') assert.match(v, /^\d+$/, `${f.name}=${v}`);
    }
  }
  assert.equal(new Set(rows.map((r) => schema.primaryKey.map((k) => r[k]).join('|'))).size, rows.length);

  const expected = await independent();
  const bySlugYear = new Map(rows.map((r) => [`${r.office}|${r.year}`, r]));
  for (const [k, e] of expected) {
    const r = bySlugYear.get(k);
    assert.ok(r, k);
    // Shown as computed here, or "<5" for a small one, or hidden ("×") where another published figure would give a small one away.
    for (const m of ['participants', 'attendances'] as const)
      assert.ok(r[m] === printed(e[m]) || (r[m] === '×' && printed(e[m]) !== '<5'), `${k} ${m}: ${r[m]} for ${e[m]}`);
  }
  assert.equal(bySlugYear.get('cacak|2025')?.participants, '<5', 'three people in Čačak in 2025: suppressed');
  // Pančevo's 7 is hidden: the national total of 2025 (10, on the admin's dashboard) minus it would give Čačak's 3.
  assert.equal(bySlugYear.get('pancevo|2025')?.participants, '×');
  assert.equal(bySlugYear.get('pancevo|2024')?.participants, printed(expected.get('pancevo|2024')!.participants));
  // No count of people between 1 and 4 ever appears.
  for (const r of rows)
    for (const m of ['participants', 'first_timers', 'attendances', 'counselling'])
      assert.doesNotMatch(r[m]!, /^[1-4]$/, `${r.office} ${r.year} ${m}`);
  // Names are in Cyrillic.
  assert.match(bySlugYear.get('cacak|2025')!.office_name!, /[\u0400-\u04ff]/);
});

test('the JSON has the same rows, suppressed counts null with the printed mark', async () => {
  const csv = parse(await (await get(OPEN_FILES.csv)).text(), { columns: true }) as Record<string, string>[];
  const res = await get(OPEN_FILES.json);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  const body = (await res.json()) as {
    rows: Array<Record<string, unknown> & { suppressed?: Record<string, string> }>;
    license: { name: string };
  };
  assert.equal(body.license.name, 'CC-BY-4.0');
  assert.equal(body.rows.length, csv.length);
  body.rows.forEach((j, i) => {
    const c = csv[i]!;
    for (const m of ['activities', 'participants', 'first_timers', 'attendances', 'associations', 'counselling']) {
      if (c[m] === '<5' || c[m] === '×') {
        assert.equal(j[m], null);
        assert.equal(j.suppressed?.[m], c[m]);
      } else assert.equal(j[m], Number(c[m]));
    }
    assert.equal(j.office, c.office);
    assert.equal(j.year, Number(c.year));
  });
});

test('the data package names both files, the schema, the CC BY 4.0 licence and the citation; each address answers', async () => {
  const pkg = (await (await get(OPEN_FILES.datapackage)).json()) as {
    licenses: { name: string; path: string }[];
    citation: string;
    resources: { path: string; schema?: string; mediatype: string }[];
  };
  assert.deepEqual(
    pkg.licenses.map((l) => l.name),
    ['CC-BY-4.0'],
  );
  assert.match(pkg.citation, /Национална асоцијација канцеларија за младе/);
  assert.ok(pkg.citation.includes(OPEN_FILES.csv));
  for (const r of pkg.resources) {
    const res = await get(local(r.path));
    assert.ok((res.headers.get('content-type') ?? '').startsWith(r.mediatype), r.path);
    if (r.schema) assert.equal(local(r.schema), OPEN_FILES.schema);
  }
});

test('the DCAT-AP description: a catalogue with one dataset, its distributions downloadable, licence, publisher, period', async () => {
  const res = await get(OPEN_FILES.dcat);
  assert.match(res.headers.get('content-type') ?? '', /^application\/ld\+json/);
  const doc = (await res.json()) as { '@context': Record<string, string>; '@graph': Array<Record<string, unknown>> };
  assert.equal(doc['@context'].dcat, 'http://www.w3.org/ns/dcat#');
  const graph = doc['@graph'];
  const catalog = graph.find((n) => n['@type'] === 'dcat:Catalog')!;
  const dataset = graph.find((n) => n['@type'] === 'dcat:Dataset')!;
  assert.ok(catalog && dataset);
  assert.deepEqual(catalog['dcat:dataset'], { '@id': dataset['@id'] });
  assert.deepEqual(dataset['dct:license'], { '@id': 'http://creativecommons.org/licenses/by/4.0/' });
  assert.ok(graph.some((n) => n['@id'] === (dataset['dct:publisher'] as { '@id': string })['@id'] && n['@type'] === 'foaf:Agent'));
  const temporal = dataset['dct:temporal'] as Record<string, { '@value': string }>;
  assert.equal(temporal['dcat:startDate']!['@value'], '2024-01-01');
  const titles = dataset['dct:title'] as { '@language': string }[];
  assert.deepEqual(titles.map((x) => x['@language']).sort(), ['en', 'sr-Cyrl', 'sr-Latn']);
  const dists = dataset['dcat:distribution'] as Array<Record<string, { '@id': string }>>;
  assert.equal(dists.length, 2);
  for (const d of dists) {
    const r = await get(local(d['dcat:downloadURL']!['@id']));
    assert.ok((r.headers.get('content-type') ?? '').startsWith(d['dcat:mediaType']!['@id'].split('media-types/')[1]!));
    assert.deepEqual(d['dct:license'], { '@id': 'http://creativecommons.org/licenses/by/4.0/' });
  }
});

test('the open-data page names the files, the licence and the citation in the reader’s script', async () => {
  const cir = await (await get('/cir/otvoreni-podaci')).text();
  assert.match(cir, /Извор: Национална асоцијација канцеларија за младе/);
  assert.ok(cir.includes(OPEN_FILES.dcat) && cir.includes('creativecommons.org/licenses/by/4.0/'));
  const lat = await (await get('/lat/otvoreni-podaci')).text();
  assert.match(lat, /Izvor: Nacionalna asocijacija kancelarija za mlade/);
  for (const c of COLUMNS) assert.ok(lat.includes(`<code>${c}</code>`), c);
});
