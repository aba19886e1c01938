import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Actor } from '../../core/auth/actor.ts';
import type { Queryable } from '../../core/db/db.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts';
import { recoverableCells } from '../../core/suppress.ts';
import { recoverableInCrossTab } from './crosstab.ts';
import { definitionSchema, type Answers, type Definition } from './definition.ts';
import { surveyShare } from './indicators.ts';
import { findSurvey, insertResponse, insertSurvey, listQuotas, type Survey } from './repo.ts';
import { EXPORT_BATCH, exportAnswers, surveyCrossTab, surveyResults } from './results.ts';
import { insertGeneratedResponses } from './demo.ts';
import {
  answerSection,
  createSurvey,
  hashToken,
  importSurvey,
  newToken,
  saveDefinition,
  saveSettings,
  submitResponse,
  currentDefinition,
} from './service.ts';
import { demographicBlock, needsTemplate } from './templates.ts';

/**
 * Surveys (issue #16) on a real database — PGlite, and PostgreSQL with TEST_DATABASE_URL:
 * branching, double submission, tampering, closed surveys, quotas under concurrency,
 * versioning, suppression (primary and secondary), the export and the plan indicator.
 */
let t: TestApp;
let office: OfficeRef;
let other: OfficeRef;
let coordinator: Actor;
let coordEmail: string;

before(async () => {
  t = await createTestApp();
  const offices = await t.db.query<OfficeRef>(`SELECT id, slug, name FROM offices WHERE slug IN ('pancevo', 'cacak') ORDER BY slug DESC`);
  office = offices[0]!;
  other = offices[1]!;
  const [c] = await t.db.query<{ id: string; email: string }>(
    `SELECT u.id, u.email FROM office_members m JOIN users u ON u.id = m.user_id WHERE m.office_id = $1 AND m.role = 'coordinator' ORDER BY u.created_at LIMIT 1`,
    [office.id],
  );
  coordEmail = c!.email;
  coordinator = {
    userId: c!.id,
    sessionId: '',
    email: c!.email,
    displayName: 'K',
    locale: 'lat',
    isNationalAdmin: false,
    memberships: [{ officeId: office.id, officeSlug: office.slug, officeName: office.name, role: 'coordinator' }],
  };
});
after(() => t.close());

const small: Definition = definitionSchema.parse({
  title: 'Mala anketa',
  sections: [
    {
      id: 'prvi',
      title: 'Prvi',
      questions: [
        {
          id: 'knows',
          kind: 'single',
          title: 'Zna?',
          required: true,
          options: [
            { code: 'yes', label: 'Da' },
            { code: 'no', label: 'Ne' },
          ],
        },
        { id: 'why', kind: 'long', title: 'Zašto ne?', required: true, when: { question: 'knows', op: 'equals', value: 'no' } },
        { id: 'age_n', kind: 'number', title: 'Godine', min: 15, max: 30 },
      ],
    },
    demographicBlock({ vulnerable: true }),
  ],
});

async function makeSurvey(d: Definition = small, officeRef: OfficeRef = office): Promise<Survey> {
  const r = await importSurvey(t.deps, coordinator, officeRef, JSON.stringify(d));
  assert.ok(r.ok);
  return (await findSurvey(t.db, officeRef.id, r.value))!;
}

const demo = (g: string, a = '20-24', s = 'urban'): Answers => ({ demo_age: a, demo_gender: g, demo_settlement: s });
const key = () => hashToken(newToken());
const count = async (s: Survey) =>
  (
    await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM survey_responses WHERE office_id = $1 AND survey_id = $2', [
      s.office_id,
      s.id,
    ])
  )[0]!.n;

/** Posts every section of the public form over HTTP (no JavaScript: plain forms), following the private link. */
async function answerOverHttp(
  c: TestClient,
  s: Survey,
  pages: Array<Record<string, string>>,
  opts: { saveAfterFirst?: boolean } = {},
): Promise<Response> {
  const first = await c.get(`/lat/kancelarije/${office.slug}/ankete/${s.id}`);
  assert.equal(first.status, 200);
  const html = await first.text();
  const k = /name="k" value="([^"]+)"/.exec(html)![1]!;
  let action = `/lat/kancelarije/${office.slug}/ankete/${s.id}`;
  let res: Response | undefined;
  for (let i = 0; i < pages.length; i++) {
    res = await c.post(action, { k, s: String(i), go: opts.saveAfterFirst && i === 0 ? 'save' : 'next', ...pages[i] });
    if (res.status === 303) {
      action = res.headers.get('location')!;
      assert.equal((await c.get(action)).status, 200, 'the private link shows the next section');
    } else if (opts.saveAfterFirst && i === 0) {
      const text = await res.text();
      const link = /href="http:\/\/[^/"]+(\/lat\/ankete\/nastavak\?t=[^"]+)"/.exec(text);
      assert.ok(link, 'the saved page gives the private link');
      action = link[1]!.replace(/&amp;/g, '&');
      const later = await t.client().get(action);
      assert.equal(later.status, 200);
      assert.match(await later.text(), /O vama/, 'continued later, from another device, at the next section');
    }
  }
  return res!;
}

test('a coordinator creates a survey from the needs template; the builder and the public page show (HTTP)', async () => {
  const c = await t.clientAs(coordEmail);
  const res = await c.post(`/lat/admin/kancelarije/${office.slug}/ankete`, { template: 'needs' });
  assert.equal(res.status, 303);
  const builder = await c.get(res.headers.get('location')!);
  assert.equal(builder.status, 200);
  const html = await builder.text();
  assert.match(html, /<svg/, 'the QR code of the public link');
  assert.match(html, /Istraživanje potreba mladih/, 'Cyrillic template shown in Latin to a Latin reader');
  const id = /ankete\/([0-9a-f-]{36})/.exec(res.headers.get('location')!)![1]!;
  const pub = await t.client().get(`/cir/kancelarije/${office.slug}/ankete/${id}`);
  assert.equal(pub.status, 200);
  const page = await pub.text();
  assert.match(page, /<fieldset/);
  assert.match(page, /<legend>/);
  // Another office's coordinator sees 404, not the survey.
  assert.equal((await c.get(`/lat/admin/kancelarije/${other.slug}/ankete/${id}`)).status !== 200, true);
  const otherSurvey = await makeSurvey(small, other);
  assert.equal((await c.get(`/lat/admin/kancelarije/${office.slug}/ankete/${otherSurvey.id}`)).status, 404);
});

test('branching: a required question shows only when an earlier answer says so; answered over HTTP with and without saving', async () => {
  const s = await makeSurvey();
  const c = t.client();
  const done = await answerOverHttp(c, s, [
    { 'q.knows': 'yes', 'q.age_n': '22' },
    { 'q.demo_age': '20-24', 'q.demo_gender': 'female', 'q.demo_settlement': 'urban' },
  ]);
  assert.equal(done.status, 200);
  assert.match(await done.text(), /Hvala/);
  // "no" makes "why" required: refused at the field, nothing stored.
  const first = await t.client().get(`/lat/kancelarije/${office.slug}/ankete/${s.id}`);
  const k = /name="k" value="([^"]+)"/.exec(await first.text())![1]!;
  const bad = await t.client().post(`/lat/kancelarije/${office.slug}/ankete/${s.id}`, { k, s: '0', 'q.knows': 'no' });
  assert.equal(bad.status, 400);
  const body = await bad.text();
  assert.match(body, /aria-invalid="true"/);
  assert.match(body, /href="#f-q.why"/, 'the error summary links to the field');
  const saved = await answerOverHttp(
    t.client(),
    s,
    [
      { 'q.knows': 'no', 'q.why': 'Ne znam gde je' },
      { 'q.demo_age': '15-19', 'q.demo_gender': 'male', 'q.demo_settlement': 'rural' },
    ],
    { saveAfterFirst: true },
  );
  assert.equal(saved.status, 200);
  assert.equal(await count(s), 2);
  const rows = await t.db.query<{ answers: Answers; version: number; gender: string }>(
    'SELECT answers, version, gender FROM survey_responses WHERE survey_id = $1 ORDER BY gender',
    [s.id],
  );
  assert.deepEqual(
    rows.map((r) => r.gender),
    ['female', 'male'],
  );
  assert.equal(rows[1]!.answers.why, 'Ne znam gde je');
  assert.equal(rows[0]!.answers.why, undefined);
  const drafts = await t.db.query('SELECT 1 FROM survey_drafts WHERE survey_id = $1', [s.id]);
  assert.equal(drafts.length, 0, 'submitted drafts are gone');
});

test('tampered question ids, out-of-range values and double submission are refused, nothing half-saved', async () => {
  const s = await makeSurvey();
  const c = t.client();
  const path = `/lat/kancelarije/${office.slug}/ankete/${s.id}`;
  const k = /name="k" value="([^"]+)"/.exec(await (await c.get(path)).text())![1]!;
  const tampered = await c.post(path, { k, s: '0', 'q.knows': 'yes', 'q.nope': '1' });
  assert.equal(tampered.status, 400);
  assert.match(await tampered.text(), /nema u anketi/);
  const badOption = await c.post(path, { k, s: '0', 'q.knows': 'maybe' });
  assert.equal(badOption.status, 400);
  const range = await c.post(path, { k, s: '0', 'q.knows': 'yes', 'q.age_n': '31' });
  assert.equal(range.status, 400);
  assert.match(await range.text(), /od 15 do 30/);
  assert.equal((await t.db.query('SELECT 1 FROM survey_drafts WHERE survey_id = $1', [s.id])).length, 0, 'nothing stored');
  // Skipping ahead to section 1 without a draft is tampering too.
  assert.equal((await c.post(path, { k, s: '1', 'q.demo_age': '20-24' })).status, 400);
  // Double submission: the last page posted twice.
  const ok1 = await c.post(path, { k, s: '0', 'q.knows': 'yes' });
  assert.equal(ok1.status, 303);
  const cont = ok1.headers.get('location')!;
  const last = { k, s: '1', 'q.demo_age': '20-24', 'q.demo_gender': 'female', 'q.demo_settlement': 'urban' };
  const [a, b] = await Promise.all([c.post(cont, last), c.post(cont, last)]);
  assert.deepEqual([a.status, b.status].sort(), [200, 409], 'one stored, the other told it was sent already');
  assert.equal(await count(s), 1, 'stored once');
  const again = await c.post(cont, last);
  assert.ok(again.status === 404 || again.status === 409, `a third post is refused (${again.status})`);
});

test('a closed survey refuses answers with a clear message', async () => {
  const s = await makeSurvey();
  const c = t.client();
  const path = `/lat/kancelarije/${office.slug}/ankete/${s.id}`;
  const k = /name="k" value="([^"]+)"/.exec(await (await c.get(path)).text())![1]!;
  const r1 = await c.post(path, { k, s: '0', 'q.knows': 'yes' });
  assert.equal(r1.status, 303);
  // Closed after the respondent started: the last page is refused.
  await saveSettings(t.deps, coordinator, office, s.id, {
    opensAt: new Date(Date.now() - 86_400_000 * 2),
    closesAt: new Date(Date.now() - 1000),
    onePerAccount: false,
    threshold: 5,
    target: null,
    quotas: [],
  });
  const r2 = await c.post(r1.headers.get('location')!, {
    k,
    s: '1',
    'q.demo_age': '20-24',
    'q.demo_gender': 'female',
    'q.demo_settlement': 'urban',
  });
  assert.equal(r2.status, 409);
  assert.match(await r2.text(), /zatvorena/);
  assert.equal((await c.get(path)).status, 409);
  assert.equal(await count(s), 0);
});

test('quotas: under 12 concurrent submissions a quota of 3 takes exactly 3; the others are told politely and nothing is stored', async () => {
  const s = await makeSurvey();
  await saveSettings(t.deps, coordinator, office, s.id, {
    opensAt: null,
    closesAt: null,
    onePerAccount: false,
    threshold: 5,
    target: 20,
    quotas: [{ dimension: 'gender', code: 'female', target: 3 }],
  });
  const fresh = (await findSurvey(t.db, office.id, s.id))!;
  const results = await Promise.all(
    Array.from({ length: 12 }, () => submitResponse(t.deps, fresh, 1, key(), { knows: 'yes', ...demo('female') }, null)),
  );
  assert.equal(results.filter((r) => r.ok).length, 3);
  assert.ok(results.filter((r) => !r.ok).every((r) => !r.ok && r.kind === 'quotaFull'));
  assert.equal(await count(s), 3);
  const [q] = await listQuotas(t.db, office.id, s.id);
  assert.equal(q!.filled, 3);
  // Another group is not limited.
  assert.ok((await submitResponse(t.deps, fresh, 1, key(), { knows: 'yes', ...demo('male') }, null)).ok);
  // Over HTTP: the polite message, 409.
  const c = t.client();
  const path = `/lat/kancelarije/${office.slug}/ankete/${s.id}`;
  const k = /name="k" value="([^"]+)"/.exec(await (await c.get(path)).text())![1]!;
  const r1 = await c.post(path, { k, s: '0', 'q.knows': 'yes' });
  const r2 = await c.post(r1.headers.get('location')!, {
    k,
    s: '1',
    'q.demo_age': '20-24',
    'q.demo_gender': 'female',
    'q.demo_settlement': 'urban',
  });
  assert.equal(r2.status, 409);
  assert.match(await r2.text(), /dovoljno odgovora/);
  assert.equal(
    (await t.db.query('SELECT 1 FROM survey_drafts WHERE token_hash = $1', [hashToken(k)])).length,
    0,
    'the draft is not kept either',
  );
});

test('versions: a relabel keeps the version; removing a question or changing options after answers opens a new one; answers keep theirs', async () => {
  const s = await makeSurvey();
  const started = newToken();
  // One answer stored, one respondent half-way (draft on version 1).
  assert.ok((await submitResponse(t.deps, s, 1, key(), { knows: 'yes', ...demo('female') }, null)).ok);
  const half = await answerSection(t.deps, {
    survey: s,
    token: started,
    section: 0,
    values: { 'q.knows': 'no', 'q.why': 'x' },
    save: false,
    actor: null,
  });
  assert.ok(half.ok);
  const relabel = structuredClone(small);
  relabel.sections[0]!.questions[0]!.title = 'Znate li za kancelariju?';
  const r1 = await saveDefinition(t.deps, coordinator, office, s.id, relabel);
  assert.deepEqual(r1, { ok: true, value: { version: 1, opened: false } });
  const changed = structuredClone(relabel);
  changed.sections[0]!.questions[0]!.options = [
    { code: 'yes', label: 'Da' },
    { code: 'partly', label: 'Delimično' },
  ];
  changed.sections[0]!.questions[1]!.when = { question: 'knows', op: 'equals', value: 'partly' };
  const r2 = await saveDefinition(t.deps, coordinator, office, s.id, changed);
  assert.deepEqual(r2, { ok: true, value: { version: 2, opened: true } });
  const now = (await findSurvey(t.db, office.id, s.id))!;
  assert.equal(now.current_version, 2);
  assert.equal((await currentDefinition(t.deps, now)).sections[0]!.questions[0]!.options![1]!.code, 'partly');
  // The half-way respondent finishes on version 1, which they started.
  const fin = await answerSection(t.deps, {
    token: started,
    section: 1,
    values: { 'q.demo_age': '15-19', 'q.demo_gender': 'male', 'q.demo_settlement': 'urban' },
    save: false,
    actor: null,
  });
  assert.ok(fin.ok && fin.value.done);
  assert.ok((await submitResponse(t.deps, now, 2, key(), { knows: 'partly', why: 'y', ...demo('female') }, null)).ok);
  const versions = await t.db.query<{ version: number; n: number }>(
    'SELECT version, count(*)::int AS n FROM survey_responses WHERE survey_id = $1 GROUP BY 1 ORDER BY 1',
    [s.id],
  );
  assert.deepEqual(versions, [
    { version: 1, n: 2 },
    { version: 2, n: 1 },
  ]);
  // Changing a survey without answers replaces its version.
  const empty = await makeSurvey();
  assert.deepEqual(await saveDefinition(t.deps, coordinator, office, empty.id, changed), {
    ok: true,
    value: { version: 1, opened: false },
  });
});

test('the builder edits an existing question: filled form, kept place, a code others depend on kept, a new version after answers (HTTP)', async () => {
  const s = await makeSurvey();
  const c = await t.clientAs(coordEmail);
  const base = `/lat/admin/kancelarije/${office.slug}/ankete/${s.id}`;
  const form = await (await c.get(`${base}?uredi=knows`)).text();
  assert.match(form, /name="original" value="knows"/, 'the form edits the question');
  assert.match(form, /yes = Da\nno = Ne|yes = Da\r?\nno = Ne/, 'the options as typed, one per line');
  const edit = (fields: Record<string, string>) =>
    c.post(`${base}/pitanja`, {
      original: 'knows',
      section: 'prvi',
      id: '',
      title: 'Znate li za kancelariju?',
      kind: 'single',
      required: 'on',
      options: 'yes = Da\nno = Ne',
      min: '',
      max: '',
      link: '',
      when_question: '',
      when_op: 'equals',
      when_value: '',
      ...fields,
    });
  // Before answers: the same version, the question in its place with the new title.
  assert.equal((await edit({})).status, 303);
  let now = (await findSurvey(t.db, office.id, s.id))!;
  let d = await currentDefinition(t.deps, now);
  assert.equal(now.current_version, 1);
  assert.deepEqual(
    d.sections[0]!.questions.map((q) => q.id),
    ['knows', 'why', 'age_n'],
  );
  assert.equal(d.sections[0]!.questions[0]!.title, 'Znate li za kancelariju?');
  // 'why' depends on 'knows': its code cannot change, and nothing is saved.
  const renamed = await edit({ id: 'knows2', title: 'Drugi naslov' });
  assert.equal(renamed.status, 400);
  assert.match(await renamed.text(), /uslov drugog pitanja/);
  assert.equal((await currentDefinition(t.deps, now)).sections[0]!.questions[0]!.title, 'Znate li za kancelariju?');
  // A question that is no longer there.
  const gone = await edit({ original: 'nema' });
  assert.equal(gone.status, 400);
  // After an answer, new options open a new version; the answer keeps version 1.
  assert.ok((await submitResponse(t.deps, now, 1, key(), { knows: 'yes', ...demo('female') }, null)).ok);
  assert.equal((await edit({ options: 'yes = Da\nno = Ne\npartly = Delimično' })).status, 303);
  now = (await findSurvey(t.db, office.id, s.id))!;
  d = await currentDefinition(t.deps, now);
  assert.equal(now.current_version, 2);
  assert.deepEqual(
    d.sections[0]!.questions[0]!.options!.map((o) => o.code),
    ['yes', 'no', 'partly'],
  );
  // The special-category mark the form does not carry is kept through an edit.
  const vulnerable = d.sections.flatMap((x) => x.questions).find((q) => q.special)!;
  const section = d.sections.find((x) => x.questions.includes(vulnerable))!;
  assert.equal(
    (
      await c.post(`${base}/pitanja`, {
        original: vulnerable.id,
        section: section.id,
        id: '',
        title: 'Pripadate li nekoj od ovih grupa? (nije obavezno)',
        kind: vulnerable.kind,
        options: vulnerable.options!.map((o) => `${o.code} = ${o.label}`).join('\n'),
      })
    ).status,
    303,
  );
  const after = (await currentDefinition(t.deps, (await findSurvey(t.db, office.id, s.id))!)).sections
    .flatMap((x) => x.questions)
    .find((q) => q.id === vulnerable.id)!;
  assert.equal(after.special, true);
  assert.match(after.title, /nije obavezno/);
});

test('results read counts kept by the database: every table, filter, cross-tab and number summary equals the answers counted in the test, also after a deletion', async () => {
  const every: Definition = definitionSchema.parse({
    title: 'Sve vrste',
    sections: [
      {
        id: 's',
        title: 'Pitanja',
        questions: [
          { id: 'one', kind: 'single', title: 'Jedan', options: ['a', 'b', 'c'].map((c) => ({ code: c, label: c.toUpperCase() })) },
          { id: 'many', kind: 'multi', title: 'Više', options: ['x', 'y', 'z'].map((c) => ({ code: c, label: c })) },
          { id: 'sc', kind: 'scale', title: 'Skala' },
          { id: 'num', kind: 'number', title: 'Broj', min: 0, max: 100 },
          { id: 'txt', kind: 'short', title: 'Tekst' },
          { id: 'mx', kind: 'matrix', title: 'Matrica', rows: ['r1', 'r2'].map((c) => ({ code: c, label: c })) },
          { id: 'rk', kind: 'ranking', title: 'Redosled', options: ['p', 'q', 'r'].map((c) => ({ code: c, label: c })) },
        ],
      },
      demographicBlock({ vulnerable: false }),
    ],
  });
  const s = await makeSurvey(every);
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const pick = <T>(xs: readonly T[]) => xs[rnd(xs.length)]!;
  const given: Answers[] = [];
  for (let i = 0; i < 80; i++) {
    const a: Answers = { ...demo(pick(['female', 'male', 'other']), pick(['15-19', '20-24', '25-30']), pick(['urban', 'rural'])) };
    if (rnd(5)) a.one = pick(['a', 'b', 'c']);
    if (rnd(4)) a.many = ['x', 'y', 'z'].filter(() => rnd(2) === 1);
    if (Array.isArray(a.many) && a.many.length === 0) delete a.many;
    if (rnd(3)) a.sc = 1 + rnd(5);
    if (rnd(3)) a.num = rnd(30);
    if (rnd(2)) a.txt = `odgovor ${i}`;
    if (rnd(3)) a.mx = { r1: 1 + rnd(5), ...(rnd(2) ? { r2: 1 + rnd(5) } : {}) };
    if (rnd(3)) a.rk = ['p', 'q', 'r'].sort(() => rnd(3) - 1);
    given.push(a);
  }
  await Promise.all(given.map((a) => submitResponse(t.deps, s, 1, key(), a, null)));
  const check = async (label: string) => {
    const stored = await t.db.query<{ answers: Answers }>('SELECT answers FROM survey_responses WHERE office_id = $1 AND survey_id = $2', [
      office.id,
      s.id,
    ]);
    for (const filters of [{}, { gender: 'female' }, { age_group: '20-24', settlement_kind: 'rural' }] as const) {
      const rows = stored
        .map((r) => r.answers)
        .filter(
          (a) =>
            (!('gender' in filters) || a.demo_gender === filters.gender) &&
            (!('age_group' in filters) || (a.demo_age === filters.age_group && a.demo_settlement === filters.settlement_kind)),
        );
      const res = await surveyResults(t.deps, s, every, filters);
      const ctx = `${label} ${JSON.stringify(filters)}`;
      assert.equal(res.respondents.count, rows.length, ctx);
      const of = (id: string) => res.questions.find((x) => x.q.id === id)!;
      const tally = (values: unknown[]) => {
        const m = new Map<string, number>();
        for (const v of values) m.set(String(v), (m.get(String(v)) ?? 0) + 1);
        return m;
      };
      const tableCounts = (id: string) => new Map(of(id).table!.cells.map((c) => [c.key, c.count]));
      const expectTable = (id: string, values: unknown[], keys: string[]) => {
        const want = tally(values);
        assert.deepEqual(
          keys.map((k) => tableCounts(id).get(k) ?? 0),
          keys.map((k) => want.get(k) ?? 0),
          `${ctx} ${id}`,
        );
      };
      expectTable(
        'one',
        rows.flatMap((a) => (a.one === undefined ? [] : [a.one])),
        ['a', 'b', 'c'],
      );
      expectTable(
        'many',
        rows.flatMap((a) => (Array.isArray(a.many) ? a.many : [])),
        ['x', 'y', 'z'],
      );
      expectTable(
        'sc',
        rows.flatMap((a) => (a.sc === undefined ? [] : [a.sc])),
        ['1', '2', '3', '4', '5'],
      );
      expectTable(
        'rk',
        rows.flatMap((a) => (Array.isArray(a.rk) ? [a.rk[0]] : [])),
        ['p', 'q', 'r'],
      );
      for (const r of ['r1', 'r2']) {
        const want = tally(
          rows.flatMap((a) => (a.mx && (a.mx as Record<string, number>)[r] !== undefined ? [(a.mx as Record<string, number>)[r]] : [])),
        );
        const got = new Map(
          of('mx')
            .matrix!.find((m) => m.row === r)!
            .table.cells.map((c) => [c.key, c.count]),
        );
        for (const v of ['1', '2', '3', '4', '5']) assert.equal(got.get(v) ?? 0, want.get(v) ?? 0, `${ctx} mx.${r}=${v}`);
      }
      for (const id of ['one', 'many', 'sc', 'num', 'txt', 'mx', 'rk'])
        assert.equal(of(id).answered.count, rows.filter((a) => a[id] !== undefined).length, `${ctx} answered ${id}`);
      const nums = rows.flatMap((a) => (typeof a.num === 'number' ? [a.num] : [])).sort((x, y) => x - y);
      if (nums.length >= s.threshold) {
        const mid = (nums.length - 1) / 2;
        const median = (nums[Math.floor(mid)]! + nums[Math.ceil(mid)]!) / 2;
        const mean = nums.reduce((x, y) => x + y, 0) / nums.length;
        assert.equal(of('num').number!.n, nums.length, ctx);
        assert.equal(of('num').number!.median, median, `${ctx} median`);
        assert.ok(Math.abs(of('num').number!.mean! - mean) < 1e-9, `${ctx} mean`);
      }
      const x = (await surveyCrossTab(t.deps, s, every.sections[0]!.questions[0]!, 'gender', filters))!;
      for (const v of ['a', 'b', 'c'])
        for (const g of ['female', 'male', 'other']) {
          const n = rows.filter((a) => a.one === v && a.demo_gender === g).length;
          assert.equal(x.cells[x.rows.indexOf(v)]![x.cols.indexOf(g)]!.count, n, `${ctx} cross ${v}×${g}`);
        }
    }
  };
  await check('after 80 answers');
  // A deletion takes its answers out of the counts (the statement trigger), and zero rows go.
  await t.db.query(
    `DELETE FROM survey_responses WHERE office_id = $1 AND id IN (SELECT id FROM survey_responses WHERE office_id = $1 AND survey_id = $2 ORDER BY id LIMIT 25)`,
    [office.id, s.id],
  );
  await check('after deleting 25');
  const zeros = await t.db.query('SELECT 1 FROM survey_answer_counts WHERE office_id = $1 AND survey_id = $2 AND n = 0', [office.id, s.id]);
  assert.equal(zeros.length, 0);
});

test('on PostgreSQL the counting triggers compile nothing with JIT: each submission paid ~110 ms of LLVM (the burst at 47/s)', async (ctx) => {
  if (t.db.kind !== 'postgres') return ctx.skip('PGlite has no JIT');
  const [{ db }] = (await t.db.query<{ db: string }>('SELECT current_database() AS db')) as [{ db: string }];
  const url = new URL((process.env.TEST_DATABASE_URL || process.env.DATABASE_URL)!);
  url.pathname = `/${db}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const logged: string[] = [];
  client.on('notice', (n) => logged.push(n.message ?? ''));
  const q: Queryable = {
    query: async <T>(sql: string, params?: readonly unknown[]) => (await client.query(sql, params as unknown[])).rows as T[],
    exec: async (sql: string) => void (await client.query(sql)),
  };
  try {
    // The server's defaults stated, so a server configured without JIT cannot make this pass vacuously.
    await client.query('SET jit = on; SET jit_above_cost = 100000');
    const [{ available }] = (await q.query<{ available: boolean }>('SELECT pg_jit_available() AS available')) as [{ available: boolean }];
    if (!available) return ctx.skip('this server has no JIT provider (pg_jit_available() is false)');
    const s = await makeSurvey();
    // Every statement's plan, the triggers' nested ones too, sent to this client (auto_explain ships with PostgreSQL).
    const loaded = await client.query("LOAD 'auto_explain'").then(
      () => true,
      () => false,
    );
    if (!loaded) return ctx.skip('auto_explain cannot be loaded here (it needs a superuser)');
    await client.query('SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET client_min_messages = log');
    const k = key();
    await client.query('BEGIN');
    await insertResponse(q, {
      officeId: office.id,
      surveyId: s.id,
      version: 1,
      key: k,
      demo: { age_group: '20-24', gender: 'female', settlement_kind: 'urban', status: null },
      answers: { knows: 'no', why: 'x', age_n: 20, ...demo('female') },
    });
    await client.query('COMMIT');
    await client.query('DELETE FROM survey_responses WHERE office_id = $1 AND submission_key = $2', [office.id, k]);
  } finally {
    await client.end();
  }
  const plans = logged.filter((m) => m.includes('plan:'));
  assert.ok(
    plans.some((m) => /INSERT INTO survey_answer_counts/.test(m)),
    "the insert trigger's upsert was seen",
  );
  assert.ok(
    plans.some((m) => /UPDATE survey_answer_counts/.test(m)),
    "the delete trigger's update was seen",
  );
  const compiled = plans.filter((m) => /\nJIT:/.test(m)).map((m) => m.slice(0, 300));
  assert.deepEqual(compiled, [], 'no statement of a submission or a deletion is compiled with JIT');
});

test('suppression: small groups show as <5, and what could be worked out from totals is hidden (secondary), also in cross-tabs', async () => {
  const s = await makeSurvey();
  const add = async (n: number, a: Answers) => {
    for (let i = 0; i < n; i++) assert.ok((await submitResponse(t.deps, s, 1, key(), a, null)).ok);
  };
  await add(9, { knows: 'yes', ...demo('female') });
  await add(8, { knows: 'yes', ...demo('male') });
  await add(3, { knows: 'no', why: 'daleko', ...demo('female') });
  await add(6, { knows: 'no', why: 'ne znam', ...demo('male') });
  const fresh = (await findSurvey(t.db, office.id, s.id))!;
  const res = await surveyResults(t.deps, fresh, small, {});
  assert.equal(res.respondents.count, 26);
  const knows = res.questions.find((q) => q.q.id === 'knows')!.table!;
  assert.deepEqual(
    knows.cells.map((c) => c.status),
    ['shown', 'shown'],
  );
  // Filtered to women: 3 said no → "<5", and 9 (= 12 − 3) is hidden too.
  const women = await surveyResults(t.deps, fresh, small, { gender: 'female' });
  const wk = women.questions.find((q) => q.q.id === 'knows')!.table!;
  assert.equal(wk.cells.find((c) => c.key === 'no')!.status, 'small');
  assert.equal(wk.cells.find((c) => c.key === 'yes')!.status, 'hidden');
  assert.deepEqual(recoverableCells(wk.cells, wk.total, 5), []);
  // Open texts of a group under the threshold are not listed.
  const few = await surveyResults(t.deps, fresh, small, { gender: 'female', age_group: '15-19' });
  assert.equal(few.questions.find((q) => q.q.id === 'why')!.texts, null);
  // The cross-tab: no cell can be worked out.
  const x = (await surveyCrossTab(t.deps, fresh, small.sections[0]!.questions[0]!, 'gender', {}))!;
  const f = x.cols.indexOf('female');
  assert.equal(x.cells[x.rows.indexOf('no')]![f]!.status, 'small');
  assert.notEqual(x.cells[x.rows.indexOf('yes')]![f]!.status, 'shown');
  assert.deepEqual(recoverableInCrossTab(x, true), []);
  // A higher threshold per survey hides more.
  await saveSettings(t.deps, coordinator, office, s.id, {
    opensAt: null,
    closesAt: null,
    onePerAccount: false,
    threshold: 10,
    target: null,
    quotas: [],
  });
  const strict = await surveyResults(t.deps, (await findSurvey(t.db, office.id, s.id))!, small, {});
  const st = strict.questions.find((q) => q.q.id === 'knows')!.table!;
  assert.deepEqual(
    st.cells.map((c) => c.status),
    ['hidden', 'small'],
    '9 < 10 is small, and 17 = 26 − 9 is hidden with it',
  );
  assert.equal(strict.questions.find((q) => q.q.id === 'age_n')!.number, null);
  // The results page over HTTP, with a cross-tab.
  const c = await t.clientAs(coordEmail);
  const page = await c.get(`/lat/admin/kancelarije/${office.slug}/ankete/${s.id}/rezultati?gender=female&q=knows&by=gender`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /&lt;10|<10/);
});

test('a filtered result beside the unfiltered one gives away no small group outside the filter (differencing), in tables and cross-tabs', async () => {
  const s = await makeSurvey();
  const th = s.threshold;
  // 12 women, 9 men, 3 others: 'yes' is 7 women, 3 men, 2 others.
  const people: Array<[string, string]> = [
    ...Array.from({ length: 12 }, (_, i): [string, string] => ['female', i < 7 ? 'yes' : 'no']),
    ...Array.from({ length: 9 }, (_, i): [string, string] => ['male', i < 3 ? 'yes' : 'no']),
    ...Array.from({ length: 3 }, (_, i): [string, string] => ['other', i < 2 ? 'yes' : 'no']),
  ];
  for (const [g, k] of people)
    assert.ok((await submitResponse(t.deps, s, 1, key(), { knows: k, ...(k === 'no' ? { why: 'x' } : {}), ...demo(g) }, null)).ok);
  const all = await surveyResults(t.deps, s, small, {});
  const tableOf = (r: Awaited<ReturnType<typeof surveyResults>>) => r.questions.find((q) => q.q.id === 'knows')!.table!;
  assert.equal(tableOf(all).cells.find((c) => c.key === 'yes')!.status, 'shown', 'unfiltered: 12 yes');
  // Women: 21 − 12 = 12 outside (fine), but 'yes' outside is 12 − 7 = 5 … and 'no' outside 7: all shown.
  // Men and others (filter: everyone but women is not a filter; use age/settlement for narrow): the filter
  // 'other' leaves 21 outside; its 'yes' is 2 (small anyway), 'no' is 1.
  // The filter 'male' leaves 15 outside: 'yes' outside is 12 − 3 = 9, 'no' outside 12 − 6 = 6: shown.
  for (const g of ['female', 'male', 'other']) {
    const f = await surveyResults(t.deps, s, small, { gender: g });
    assert.equal(f.narrow, undefined);
    const table = tableOf(f);
    for (const c of table.cells) {
      const outside = tableOf(all).cells.find((x) => x.key === c.key)!.count - c.count;
      if (outside > 0 && outside < th) assert.notEqual(c.status, 'shown', `${g}: ${c.key} would give away ${outside} outside`);
    }
    assert.deepEqual(recoverableCells(table.cells, table.total, th), [], `${g}: nothing recoverable`);
  }
  // A settlement filter that leaves 3 people outside shows nothing.
  for (let i = 0; i < 3; i++)
    assert.ok((await submitResponse(t.deps, s, 1, key(), { knows: 'yes', ...demo('female', '20-24', 'rural') }, null)).ok);
  const narrow = await surveyResults(t.deps, s, small, { settlement_kind: 'urban' });
  assert.equal(narrow.narrow, true);
  assert.equal(narrow.questions.length, 0);
  assert.notEqual(narrow.respondents.status, 'shown');
  // Cross-tab by gender under an age filter that leaves 3 outside, all women saying 'yes'.
  for (let i = 0; i < 3; i++)
    assert.ok((await submitResponse(t.deps, s, 1, key(), { knows: 'yes', ...demo('female', '15-19', 'urban') }, null)).ok);
  const knows = small.sections[0]!.questions[0]!;
  const x = (await surveyCrossTab(t.deps, s, knows, 'gender', { age_group: '20-24' }))!;
  const whole = (await surveyCrossTab(t.deps, s, knows, 'gender', {}))!;
  x.rows.forEach((_, i) =>
    x.cols.forEach((_, j) => {
      const outside = whole.cells[i]![j]!.count - x.cells[i]![j]!.count;
      if (outside > 0 && outside < th) assert.notEqual(x.cells[i]![j]!.status, 'shown', `cross ${x.rows[i]}×${x.cols[j]}`);
    }),
  );
  assert.deepEqual(recoverableInCrossTab(x, true), []);
});

test('the export (CSV, XLSX) has one row per response, no identifiers and no special-category answers, built in the worker pool', async () => {
  const s = await makeSurvey();
  for (let i = 0; i < 7; i++)
    assert.ok(
      (
        await submitResponse(
          t.deps,
          s,
          1,
          key(),
          { knows: 'yes', age_n: 20 + i, demo_consent: 'yes', demo_vulnerable: ['roma'], ...demo(i % 2 ? 'male' : 'female') },
          null,
        )
      ).ok,
    );
  // Text a spreadsheet's XML must escape (and a control character XML cannot hold at all).
  assert.ok((await submitResponse(t.deps, s, 1, key(), { knows: 'no', why: 'a <b> & "c"\u0001', ...demo('female') }, null)).ok);
  const csv = new TextDecoder().decode(await exportAnswers(t.deps, s, small, 'csv', 'lat'));
  const lines = csv.trim().split('\r\n');
  assert.equal(lines.length, 9);
  assert.doesNotMatch(csv, /roma|demo_consent|[0-9a-f]{8}-[0-9a-f]{4}/i);
  assert.match(lines[0]!, /Godine/);
  const xlsx = await exportAnswers(t.deps, s, small, 'xlsx', 'lat');
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(xlsx) as unknown as ArrayBuffer);
  assert.equal(wb.worksheets[0]!.actualRowCount, 9);
  const texts: unknown[] = [];
  wb.worksheets[0]!.eachRow((r) => r.eachCell((cell) => texts.push(cell.value)));
  assert.ok(texts.includes('a <b> & "c"'), 'escaped text reads back as typed, the control character dropped');
  const c = await t.clientAs(coordEmail);
  const res = await c.get(`/lat/admin/kancelarije/${office.slug}/ankete/${s.id}/odgovori?format=csv`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /text\/csv/);
});

test('a big export streams: the response starts after one batch, each batch is read and written (worker) only as the reader takes it, and CSV and XLSX hold every response exactly', async () => {
  const def = needsTemplate(2026);
  const id = await t.db.transaction((tx) =>
    insertSurvey(tx, { officeId: office.id, title: def.title, template: 'needs', createdBy: null, definition: def }),
  );
  const s = (await findSurvey(t.db, office.id, id))!;
  const n = 2 * EXPORT_BATCH + 7;
  await insertGeneratedResponses(t.db, office.id, s.id, n, new Date('2026-03-01T10:00:00Z'));
  const batches = Math.ceil(n / EXPORT_BATCH);
  // The real worker pool, its export tasks counted.
  const heavy = t.deps.heavy;
  const run = heavy.run.bind(heavy);
  let parts = 0;
  heavy.run = ((task, ...args) => {
    if (task.name === 'answersPart') parts++;
    return run(task, ...args);
  }) as typeof heavy.run;
  try {
    const c = await t.clientAs(coordEmail);
    const res = await c.get(`/lat/admin/kancelarije/${office.slug}/ankete/${s.id}/odgovori?format=csv`);
    assert.equal(res.status, 200);
    assert.equal(parts, 1, 'the response starts after the first batch, not the whole file');
    const reader = res.body!.getReader();
    const firstRead = await reader.read();
    assert.ok(!firstRead.done && firstRead.value.length > 0);
    assert.ok(parts < batches, `a batch is made only when the reader takes the one before (${parts} of ${batches})`);
    const rest: Uint8Array[] = [firstRead.value];
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest.push(r.value);
    assert.equal(parts, batches);
    const csv = new TextDecoder().decode(Buffer.concat(rest));
    const lines = parseCsv(csv, { delimiter: ';', bom: true, relax_column_count: true }) as string[][];
    assert.equal(lines.length, n + 1, 'a header and one line per response');

    // The same rows in the XLSX (several deflated pieces in one ZIP entry), cell for cell.
    parts = 0;
    const xlsx = await exportAnswers(t.deps, s, def, 'xlsx', 'lat');
    assert.equal(parts, batches);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    assert.equal(ws.actualRowCount, n + 1);
    assert.equal(ws.getRow(1).getCell(1).font?.bold, true, 'the header is bold');
    const sheetRow = (r: number) => {
      const cells: string[] = [];
      for (let i = 1; i <= ws.columnCount; i++) cells.push(String(ws.getRow(r).getCell(i).value ?? ''));
      return cells;
    };
    for (const r of [1, 2, EXPORT_BATCH, EXPORT_BATCH + 1, EXPORT_BATCH + 2, 2 * EXPORT_BATCH + 1, n + 1])
      assert.deepEqual(sheetRow(r), lines[r - 1]!.slice(0, ws.columnCount), `row ${r}`);
  } finally {
    heavy.run = run;
  }
});

test('one answer per account is enforced by the database; the answers stay without the account', async () => {
  const s = await makeSurvey();
  await saveSettings(t.deps, coordinator, office, s.id, {
    opensAt: null,
    closesAt: null,
    onePerAccount: true,
    threshold: 5,
    target: null,
    quotas: [],
  });
  const fresh = (await findSurvey(t.db, office.id, s.id))!;
  const both = await Promise.all(
    [1, 2].map(() => submitResponse(t.deps, fresh, 1, key(), { knows: 'yes', ...demo('female') }, coordinator)),
  );
  assert.equal(both.filter((r) => r.ok).length, 1);
  assert.equal(await count(s), 1);
  assert.equal(
    (await t.client().get(`/lat/kancelarije/${office.slug}/ankete/${s.id}`)).status,
    403,
    'anonymous visitors are asked to sign in',
  );
  const cols = await t.db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = 'survey_responses'`,
  );
  assert.ok(!cols.some((c) => /user|account/.test(c.column_name)));
});

test("the plan indicator 'surveys.share' equals the share computed independently", async () => {
  const s = await makeSurvey();
  const n = { yes: 0, no: 0 };
  for (let i = 0; i < 17; i++) {
    const a = i % 3 === 0 ? 'no' : 'yes';
    n[a]++;
    assert.ok((await submitResponse(t.deps, s, 1, key(), { knows: a, ...(a === 'no' ? { why: 'x' } : {}), ...demo('female') }, null)).ok);
  }
  const params = await surveyShare.params!(t.db, office.id);
  assert.ok(params.some((p) => p.value === 'knows=yes'));
  const from = new Date(Date.now() - 3_600_000);
  const until = new Date(Date.now() + 3_600_000);
  // Every survey of the office with a 'knows' question counts (the same question across surveys).
  const [all] = await t.db.query<{ answered: number; yes: number }>(
    `SELECT count(*)::int AS answered, count(*) FILTER (WHERE answers ->> 'knows' = 'yes')::int AS yes FROM survey_responses
      WHERE office_id = $1 AND answers ? 'knows' AND submitted_at >= $2 AND submitted_at < $3`,
    [office.id, from, until],
  );
  const v = await surveyShare.compute(t.db, office.id, { from, until, area: null, param: 'knows=yes', threshold: 5 });
  assert.equal(v.value, Math.round((all!.yes / all!.answered) * 1000) / 10);
  assert.ok(n.yes > 0);
  const none = await surveyShare.compute(t.db, office.id, {
    from: new Date(0),
    until: new Date(1000),
    area: null,
    param: 'knows=yes',
    threshold: 5,
  });
  assert.equal(none.value, null);
  assert.equal((await surveyShare.compute(t.db, office.id, { from, until, area: null, param: 'bad', threshold: 5 })).value, null);
});

test('import refuses bad JSON and a bad definition with a clear message (HTTP)', async () => {
  const c = await t.clientAs(coordEmail);
  const file = (text: string) => new File([text], 'anketa.json', { type: 'application/json' });
  const r1 = await c.postMultipart(`/lat/admin/kancelarije/${office.slug}/ankete/uvoz`, { file: file('{"title": ') });
  assert.equal(r1.status, 400);
  assert.match(await r1.text(), /nije ispravan JSON/);
  const r2 = await c.postMultipart(`/lat/admin/kancelarije/${office.slug}/ankete/uvoz`, {
    file: file(JSON.stringify({ title: 'x', sections: [] })),
  });
  assert.equal(r2.status, 400);
  assert.match(await r2.text(), /bar jedan deo/);
  // An export imports back to the same definition.
  const s = await makeSurvey();
  const exported = await (await c.get(`/lat/admin/kancelarije/${office.slug}/ankete/${s.id}/definicija.json`)).text();
  const r3 = await c.postMultipart(`/lat/admin/kancelarije/${office.slug}/ankete/uvoz`, { file: file(exported) });
  assert.equal(r3.status, 303);
  const copy = (await findSurvey(t.db, office.id, /ankete\/([0-9a-f-]{36})/.exec(r3.headers.get('location')!)![1]!))!;
  assert.deepEqual(await currentDefinition(t.deps, copy), await currentDefinition(t.deps, s));
  void randomBytes;
  void createSurvey;
});
