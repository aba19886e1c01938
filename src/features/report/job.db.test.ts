import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import type { Actor } from '../../core/auth/actor.ts';
import { findFile } from '../../core/files.ts';
import type { HeavyPool } from '../../core/heavy.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import { t as msg } from '../../core/i18n/messages.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts';
import { makeActivity, makeRegistration } from '../activities/testing.ts';
import { pdfText } from '../certificates/pdf-text.ts';
import {
  insertArea,
  insertGoal,
  insertIndicator,
  insertMeasure,
  insertPlan,
  insertPlanActivity,
  setManualValue,
  setTargets,
  updatePlanStatus,
} from '../plan/repo.ts';
import { buildReport } from './build.ts';
import { makeReport, runReportQueue } from './job.ts';
import { claimReport, findReport, reportFileList, type AnnualReport } from './repo.ts';
import { generate, reopen, saveNarrative, yearProblem } from './service.ts';
import { reportPath, reportsPath } from './views.tsx';

/**
 * The annual report's pages and background job (issue #15 point 6) on a real database — PGlite,
 * and PostgreSQL with TEST_DATABASE_URL. Čačak gets an adopted plan 2024–2027 with two areas, three
 * plan activities in two funding sources and a manual indicator; a workshop of the year in its
 * education area with 7 people and a health one with 3 (a small cell). The report is made by the
 * job (claimed from its row, files written in the heavy pool, progress on the row), then its PDF
 * text and DOCX XML are read back; the rules for the year and for editing a report made are
 * checked through the service and over HTTP.
 */
let t: TestApp;
let office: OfficeRef;
let actor: Actor;
let coordinator: TestClient;
const YEAR = new Date().getUTCFullYear() - 1;
const SLUG = 'cacak';
const EMAIL = 'cacak@primer.test';
const empty = { intro: '', results: '', challenges: '', next: '' };

const at = (iso: string) => new Date(`${iso}+01:00`);

before(async () => {
  t = await createTestApp();
  const [o] = await t.db.query<OfficeRef>('SELECT id, slug, name FROM offices WHERE slug = $1', [SLUG]);
  office = o!;
  // The demo seed queues Pančevo's report for its job; these tests claim reports themselves.
  await t.db.query('DELETE FROM annual_reports WHERE office_id <> $1', [office.id]);
  const [u] = await t.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [EMAIL]);
  actor = { userId: u!.id, sessionId: '', email: EMAIL, displayName: 'L', locale: 'cir', isNationalAdmin: false, memberships: [] };
  coordinator = await t.clientAs(EMAIL);

  const plan = await insertPlan(t.db, office.id, { title: 'LAP Čačak 2024–2027', start_year: YEAR - 1, end_year: YEAR + 1 }, null);
  const edu = await insertArea(t.db, office.id, plan, { code: 'education', name: '' });
  const health = await insertArea(t.db, office.id, plan, { code: 'health', name: '' });
  const g1 = (await insertGoal(t.db, office.id, plan, { area_id: edu, parent_id: null, text: 'Više radionica' }))!;
  const g2 = (await insertGoal(t.db, office.id, plan, { area_id: health, parent_id: null, text: 'Zdravi mladi' }))!;
  const m1 = (await insertMeasure(t.db, office.id, plan, { goal_id: g1, title: 'Radionice' }))!;
  const m2 = (await insertMeasure(t.db, office.id, plan, { goal_id: g2, title: 'Savetovanje' }))!;
  const act = (measure_id: string, title: string, funding: 'town' | 'ministry', planned: number, spent: number, year = YEAR) =>
    insertPlanActivity(t.db, office.id, plan, {
      measure_id,
      title,
      responsible_kind: 'office',
      partner_id: null,
      association_id: null,
      partners: '',
      year,
      quarter: 2,
      deadline: null,
      funding,
      planned_rsd: planned,
      spent_rsd: spent,
    });
  await act(m1, 'Radionice veština', 'town', 120000, 90000);
  await act(m1, 'Letnja škola', 'ministry', 80000, 80000);
  await act(m2, 'Savetovalište', 'town', 50000, 10000);
  await act(m2, 'Sledeća godina', 'town', 999000, 0, YEAR + 1);
  const ind = (await insertIndicator(t.db, office.id, plan, {
    area_id: edu,
    code: 'OB1',
    definition: 'Broj održanih radionica',
    unit: 'count',
    direction: 'up',
    baseline: 4,
    baseline_year: YEAR - 2,
    verification: 'Evidencija kancelarije',
    kind: 'manual',
    source_key: null,
    source_param: null,
  }))!;
  await setTargets(t.db, office.id, ind, [{ year: YEAR, target: 12 }]);
  await setManualValue(t.db, office.id, {
    indicator_id: ind,
    year: YEAR,
    value: 9,
    measured_on: `${YEAR}-12-20`,
    evidence_file_id: null,
    userId: null,
  });
  await updatePlanStatus(t.db, office.id, plan, { status: 'adopted', decision_number: '06-12/24', decision_date: `${YEAR - 1}-12-20` });

  const people = async (areas: string[], n: number, tag: string) => {
    const a = await makeActivity(t.db, SLUG, {
      areas,
      capacity: 100,
      sessions: [[at(`${YEAR}-04-10T10:00:00`), at(`${YEAR}-04-10T12:00:00`)]],
    });
    for (let i = 0; i < n; i++) {
      const r = await makeRegistration(t.db, a, {
        source: 'guest',
        email: `god.${tag}.${i}@primer.test`,
        birthYear: YEAR - 19,
        fullName: `Mladi ${tag} ${i}`,
      });
      await t.db.query(
        `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method) VALUES ($1, $2, $3, $4, 'list')`,
        [a.officeId, r.id, a.sessionIds[0], new Date()],
      );
    }
  };
  await people(['education'], 7, 'e');
  await people(['health'], 3, 'h');
});
after(() => t.close());

test('a year outside the plan, a year not begun and a malformed year are refused with the reason, in the reader’s script', async () => {
  // Far enough out that no plan covers it (the demo's Čačak also has a draft plan of its own).
  const outside = await yearProblem(t.db, office.id, YEAR + 20, new Date());
  assert.equal(outside?.error, 'report.err.noPlan');
  const message = msg('cir', outside.error, outside.vars);
  assert.ok(message.startsWith(`Ниједан план канцеларије не обухвата ${YEAR + 20}. годину. Извештај се пише за године плана: `), message);
  assert.ok(message.includes(`${YEAR - 1}–${YEAR + 1}`), message);
  assert.equal((await yearProblem(t.db, office.id, YEAR + 1, new Date(`${YEAR}-06-01T12:00:00Z`)))?.error, 'report.err.future');
  assert.equal(await yearProblem(t.db, office.id, YEAR, new Date()), null);
  // Over HTTP: the index's (GET) form answers 400 with the message beside the field; the year's page of such a year is 404.
  const res = await coordinator.get(`/lat${reportsPath(office)}?godina=${YEAR + 20}`);
  assert.equal(res.status, 400);
  const html = await res.text();
  assert.match(html, new RegExp(`Nijedan plan kancelarije ne obuhvata ${YEAR + 20}\\. godinu`));
  assert.match(html, /aria-invalid="true"/);
  assert.equal((await coordinator.get(`/cir${reportsPath(office)}?godina=lani`)).status, 400);
  assert.equal((await coordinator.get(`/lat${reportPath(office, YEAR + 20)}`)).status, 404);
  assert.equal((await coordinator.get(`/lat${reportsPath(office)}/dvadeset`)).status, 404);
  const ok = await coordinator.get(`/lat${reportsPath(office)}?godina=${YEAR}`);
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), `/lat${reportPath(office, YEAR)}`);
  // Only looking stores nothing.
  assert.equal(await findReport(t.db, office.id, YEAR), undefined);
});

test('the job: queued → running (progress on the row, step by step) → done with six files; the page refreshes itself meanwhile', async () => {
  const saved = await coordinator.post(`/lat${reportPath(office, YEAR)}/tekst`, {
    ...empty,
    intro: 'Godina je bila dobra za mlade Čačka.',
    next: 'Otvaramo omladinski klub u Mrčajevcima.',
  });
  assert.equal(saved.status, 303);
  const queued = await coordinator.post(`/lat${reportPath(office, YEAR)}/napravi`, { latin: 'on' });
  assert.equal(queued.status, 303);
  let row = (await findReport(t.db, office.id, YEAR))!;
  assert.equal(row.status, 'queued');
  assert.equal(row.latin, true);
  const page = await coordinator.get(`/lat${reportPath(office, YEAR)}`);
  assert.equal(page.headers.get('refresh'), '2', 'a page that refreshes itself while the report is made');
  const html = await page.text();
  assert.match(html, /<progress id="report-progress" max="100" value="0"/);
  assert.doesNotMatch(html, /name="intro"/, 'no narrative form while it is made');

  // The job, with the heavy pool watched: when the files are asked for, the row says so.
  const seen: Array<Pick<AnnualReport, 'status' | 'progress' | 'step'>> = [];
  const watched: HeavyPool = Object.assign(Object.create(t.deps.heavy) as HeavyPool, {
    run: async (...args: Parameters<HeavyPool['run']>) => {
      seen.push((await findReport(t.db, office.id, YEAR))!);
      return t.deps.heavy.run(...args);
    },
  });
  const claimed = (await claimReport(t.db, 300))!;
  assert.equal(claimed.status, 'running');
  assert.equal(await claimReport(t.db, 300), undefined, 'one worker holds it');
  const outcome = await makeReport({ ...t.deps, heavy: watched }, claimed);
  assert.equal(outcome, 'done', (await findReport(t.db, office.id, YEAR))!.error);
  // Three files in each of two scripts: six worker tasks, each announced on the row, the progress growing.
  assert.deepEqual(
    seen.map((s) => [s.status, s.step]),
    Array.from({ length: 6 }, () => ['running', 'render']),
  );
  assert.ok(
    seen.every((s, i) => s.progress > 0 && s.progress < 100 && (i === 0 || s.progress > seen[i - 1]!.progress)),
    JSON.stringify(seen),
  );
  row = (await findReport(t.db, office.id, YEAR))!;
  assert.equal(row.status, 'done');
  assert.equal(row.progress, 100);
  const files = await reportFileList(t.db, office.id, row.id);
  assert.deepEqual(
    files.map((f) => `${f.script}.${f.format}`),
    ['cir.docx', 'cir.pdf', 'cir.xlsx', 'lat.docx', 'lat.pdf', 'lat.xlsx'],
  );
  const done = await coordinator.get(`/cir${reportPath(office, YEAR)}`);
  assert.equal(done.headers.get('refresh'), null);
  assert.match(await done.text(), /izvestaj-\d{4}\.pdf/);
});

test('the PDF’s text and the DOCX’s XML hold the Cyrillic headings, the narrative in Cyrillic and the figures; charts in both', async () => {
  const pdfRes = await coordinator.get(`/lat${reportPath(office, YEAR)}/cir.pdf`);
  assert.equal(pdfRes.status, 200);
  assert.equal(pdfRes.headers.get('content-type'), 'application/pdf');
  assert.match(pdfRes.headers.get('content-disposition') ?? '', /attachment; filename="izvestaj-\d{4}\.pdf"/);
  // The stored PDF is compressed: the same document is rendered uncompressed for its text.
  const doc = await buildReport(t.db, office.id, {
    year: YEAR,
    locale: 'cir',
    narrative: [{ heading: msg('cir', 'report.narrative.intro'), text: 'Godina je bila dobra za mlade Čačka.' }],
  });
  const { reportPdf } = await import('./render.ts');
  const flat = pdfText(await reportPdf(doc, { compress: false })).replace(/\s+/g, ' ');
  for (const s of [
    `Извештај о раду за ${YEAR}. годину`,
    'Уводна реч',
    'Година је била добра за младе Чачка.',
    'Извршење буџета по областима ЛАП-а',
    '200.000',
    '170.000',
    '85 %',
    'буџет града',
    'министарство',
    'OB1',
    'Број одржаних радионица',
    '<5',
    'Остварење циља за годину (%)',
  ])
    assert.ok(flat.includes(s), `the PDF says "${s}"`);
  assert.ok(!flat.includes('999.000'), 'next year’s plan activity is not in this year’s budget');

  const docxRes = await coordinator.get(`/cir${reportPath(office, YEAR)}/cir.docx`);
  assert.equal(docxRes.status, 200);
  const zip = await JSZip.loadAsync(new Uint8Array(await docxRes.arrayBuffer()));
  const xml = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
  for (const s of [
    'Година је била добра за младе Чачка.',
    'Планови за наредну годину',
    'Отварамо омладински клуб у Мрчајевцима.',
    'Извршење буџета по изворима финансирања',
    '170.000',
    '100.000',
    '80.000',
    '50.000',
    '10.000',
    'OB1',
    'заостаје',
    '&lt;5',
  ])
    assert.ok(xml.includes(s), `the DOCX says "${s}"`);
  const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
  assert.ok(
    media.some((f) => f.endsWith('.svg')) && media.some((f) => f.endsWith('.png')),
    `charts as SVG with a PNG fallback: ${media.join(', ')}`,
  );
  const svg = await zip.file(media.find((f) => f.endsWith('.svg'))!)!.async('string');
  assert.match(svg, /^<svg/);

  const lat = await coordinator.get(`/lat${reportPath(office, YEAR)}/lat.docx`);
  const latXml = (
    await (await JSZip.loadAsync(new Uint8Array(await lat.arrayBuffer()))).file('word/document.xml')!.async('string')
  ).replace(/<[^>]+>/g, '');
  assert.ok(latXml.includes('Godina je bila dobra za mlade Čačka.') && latXml.includes('Izvršenje budžeta po oblastima LAP-a'));
});

test('suppression in every table of the report: no count of people from 1 to 4 is printed, and the small group is there as "<5"', async () => {
  const doc = await buildReport(t.db, office.id, { year: YEAR, locale: 'cir' });
  const people = new Set((['report.participants', 'report.attendance', 'council.report.present'] as const).map((k) => msg('cir', k)));
  let checked = 0;
  let small = 0;
  for (const table of doc.blocks.flatMap((b) => b.tables))
    table.columns.forEach((col, i) => {
      if (!people.has(col)) return;
      for (const r of table.rows) {
        checked++;
        const v = r[i]!;
        if (v === '<5') small++;
        assert.ok(v === '<5' || v === '×' || v === '0' || Number(v) >= 5, `${table.caption}: ${col} = ${v}`);
      }
    });
  assert.ok(checked >= 20 && small >= 1, `cells checked: ${checked}, small: ${small}`);
  // The charts carry the same suppression: a suppressed cell is a gap, printed as the table prints it.
  for (const c of doc.blocks.flatMap((b) => b.charts ?? []))
    for (const s of c.series)
      s.values.forEach((v, i) => {
        if (s.printed?.[i] === '<5' || s.printed?.[i] === '×') assert.equal(v, null, `${c.title}: ${s.name}`);
      });
});

test('one report, one plan dashboard: the budget and the indicators share it, the activities and the reach share the year’s attendance', async () => {
  const seen = { tree: 0, attendance: 0 };
  const counting = new Proxy(t.db, {
    get(target, prop, receiver) {
      if (prop !== 'query') return Reflect.get(target, prop, receiver);
      return (sql: string, params?: unknown[]) => {
        if (/FROM lap_targets/.test(sql)) seen.tree++;
        if (sql.includes('first_ever')) seen.attendance++;
        return target.query(sql, params as never);
      };
    },
  });
  const doc = await buildReport(counting, office.id, { year: YEAR, locale: 'cir' });
  assert.ok(doc.blocks.some((b) => b.heading === msg('cir', 'report.budget.heading')));
  assert.ok(doc.blocks.some((b) => b.heading === msg('cir', 'report.indicators.heading')));
  assert.equal(seen.tree, 1, 'the plan read once for both sections');
  // One for the report's own sections (every area and the whole year), one for the plan's live indicators.
  assert.ok(seen.attendance <= 2, `${seen.attendance} attendance queries`);
});

test('a report made is frozen: its narrative is not edited (409, the reason shown) until it is reopened; its files go with the reopening', async () => {
  const before = (await findReport(t.db, office.id, YEAR))!;
  const refused = await saveNarrative(t.deps, actor, office, YEAR, { ...empty, intro: 'Izmena posle izrade' });
  assert.deepEqual(refused, { ok: false, error: 'report.err.frozen' });
  const res = await coordinator.post(`/lat${reportPath(office, YEAR)}/tekst`, { ...empty, intro: 'Izmena posle izrade' });
  assert.equal(res.status, 409);
  assert.match(await res.text(), /već napravljen, pa se tekstovi ne menjaju/);
  assert.equal((await coordinator.post(`/lat${reportPath(office, YEAR)}/napravi`, {})).status, 409);
  assert.deepEqual((await findReport(t.db, office.id, YEAR))!.narrative, before.narrative);

  const fileIds = (await reportFileList(t.db, office.id, before.id)).map((f) => f.file_id);
  assert.equal((await reopen(t.deps, actor, office, YEAR)).ok, true);
  assert.equal((await findReport(t.db, office.id, YEAR))!.status, 'draft');
  for (const id of fileIds) assert.equal(await findFile(t.db, office.id, id), undefined, 'the files are deleted');
  assert.equal((await coordinator.get(`/lat${reportPath(office, YEAR)}/cir.pdf`)).status, 404);
  assert.deepEqual(await reopen(t.deps, actor, office, YEAR), { ok: false, error: 'report.err.notDone' });
  assert.equal((await saveNarrative(t.deps, actor, office, YEAR, { ...empty, intro: 'Nova uvodna reč' })).ok, true);
  // Too long a text: 400 with the field's message.
  const long = await coordinator.post(`/lat${reportPath(office, YEAR)}/tekst`, { ...empty, results: 'a'.repeat(20_001) });
  assert.equal(long.status, 400);
  assert.match(await long.text(), /najviše 20000 znakova|najviše 20\.000 znakova/);
});

test('while it is made it is neither edited nor asked for again; a worker that died leaves it to another, and after three tries it fails', async () => {
  assert.equal((await generate(t.deps, actor, office, YEAR, false)).ok, true);
  assert.deepEqual(await saveNarrative(t.deps, actor, office, YEAR, { ...empty, intro: 'x' }), { ok: false, error: 'report.err.busy' });
  assert.deepEqual(await generate(t.deps, actor, office, YEAR, false), { ok: false, error: 'report.err.busy' });
  // A worker takes it and dies (its lease runs out): another takes it again, up to three times, then it fails.
  for (let i = 1; i <= 3; i++) {
    const r = await claimReport(t.db, 300);
    assert.equal(r?.attempts, i);
    await t.db.query(`UPDATE annual_reports SET lease_until = now() - interval '1 second' WHERE office_id = $1 AND id = $2`, [
      office.id,
      r!.id,
    ]);
  }
  assert.equal(await claimReport(t.db, 300), undefined);
  const failed = (await findReport(t.db, office.id, YEAR))!;
  assert.equal(failed.status, 'failed');
  const page = await (await coordinator.get(`/cir${reportPath(office, YEAR)}`)).text();
  assert.match(page, /Израда није успела/);
  assert.match(page, /name="intro"/, 'a failed report is edited and made again');
  // Made again, by the queue runner the background job calls.
  assert.equal((await generate(t.deps, actor, office, YEAR, false)).ok, true);
  assert.equal(await runReportQueue(t.deps), 1);
  const again = (await findReport(t.db, office.id, YEAR))!;
  assert.equal(again.status, 'done');
  assert.deepEqual(
    (await reportFileList(t.db, office.id, again.id)).map((f) => f.script),
    ['cir', 'cir', 'cir'],
  );
  assert.equal((await coordinator.get(`/cir${reportPath(office, YEAR)}/lat.pdf`)).status, 404, 'Latin only when asked for');
});
