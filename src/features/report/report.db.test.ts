import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Actor } from '../../core/auth/actor.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import { heavyTask } from '../../core/heavy.ts';
import { t as msg } from '../../core/i18n/messages.ts';
import type { ReportDocument } from '../../core/report.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { makeActivity, makeRegistration, type TestActivity } from '../activities/testing.ts';
import { pdfText } from '../certificates/pdf-text.ts';
import { addDecision, addMember, adoptMinutes, recordAttendance, saveMinutes, scheduleMeeting } from '../council/service.ts';
import { buildReport } from './build.ts';
import { reportDocx, reportPdf, reportXlsx } from './render.ts';

/**
 * The annual report (issue #15 point 6) on a real database — PGlite, and PostgreSQL with
 * TEST_DATABASE_URL: a seeded year of one office (activities in two LAP areas, a small group
 * that must be suppressed, an activity of another year, the youth council's meeting through the
 * `reportSections` extension point, the coordinator's narrative), rendered to PDF (its extracted
 * text), DOCX (its document.xml) and XLSX (read back), in Cyrillic and on request in Latin.
 */
let t: TestApp;
let office: OfficeRef;
let doc: ReportDocument;
const YEAR = new Date().getUTCFullYear() - 1;
const SLUG = 'nova-crnja';

async function attendAll(a: TestActivity, people: number, tag: string) {
  for (let i = 0; i < people; i++) {
    const r = await makeRegistration(t.db, a, {
      source: 'guest',
      email: `izvestaj.${tag}.${i}@primer.test`,
      birthYear: YEAR - 20,
      fullName: `Učesnik ${tag} ${i}`,
    });
    for (const s of a.sessionIds)
      await t.db.query(
        `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method) VALUES ($1, $2, $3, $4, 'list')`,
        [a.officeId, r.id, s, new Date()],
      );
  }
}

const at = (iso: string) => new Date(`${iso}+01:00`);

before(async () => {
  t = await createTestApp();
  const [o] = await t.db.query<OfficeRef>('SELECT id, slug, name FROM offices WHERE slug = $1', [SLUG]);
  office = o!;
  // Education: 7 people at one session. Health: 3 people at two sessions (a small cell). Another year: not counted.
  const edu = await makeActivity(t.db, SLUG, {
    areas: ['education'],
    capacity: 100,
    sessions: [[at(`${YEAR}-03-10T10:00:00`), at(`${YEAR}-03-10T12:00:00`)]],
  });
  const health = await makeActivity(t.db, SLUG, {
    areas: ['health'],
    capacity: 100,
    sessions: [
      [at(`${YEAR}-05-10T10:00:00`), at(`${YEAR}-05-10T12:00:00`)],
      [at(`${YEAR}-05-11T10:00:00`), at(`${YEAR}-05-11T12:00:00`)],
    ],
  });
  const old = await makeActivity(t.db, SLUG, {
    areas: ['education'],
    capacity: 100,
    sessions: [[at(`${YEAR - 1}-03-10T10:00:00`), at(`${YEAR - 1}-03-10T12:00:00`)]],
  });
  await attendAll(edu, 7, 'e');
  await attendAll(health, 3, 'h');
  await attendAll(old, 6, 'o');

  // The youth council: one meeting in the year, two members present, an opinion.
  const [u] = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email = 'pancevo@primer.test'`);
  const actor: Actor = {
    userId: u!.id,
    sessionId: '',
    email: 'pancevo@primer.test',
    displayName: 'K',
    locale: 'cir',
    isNationalAdmin: false,
    memberships: [],
  };
  const member = (name: string, year: number) => ({
    person_id: '',
    full_name: name,
    role: 'member' as const,
    organisation: '',
    birth_year: year,
    email: '',
    term_from: `${YEAR - 1}-01-01`,
    term_to: '',
  });
  assert.ok((await addMember(t.deps, actor, office, member('Мила Извештајна', YEAR - 18))).ok);
  assert.ok((await addMember(t.deps, actor, office, member('Рада Извештајна', YEAR - 40))).ok);
  const m = await scheduleMeeting(t.deps, actor, office, {
    date: `${YEAR}-04-15`,
    time: '17:00',
    end_time: '',
    place: 'Сала',
    agenda: 'Нацрт ЛАП-а',
  });
  assert.ok(m.ok);
  const members = await t.db.query<{ id: string }>('SELECT id FROM council_members WHERE office_id = $1', [office.id]);
  await recordAttendance(t.deps, actor, office, m.value.id, Object.fromEntries(members.map((x) => [`a_${x.id}`, 'present'])));
  const [item] = await t.db.query<{ id: string }>('SELECT id FROM council_agenda_items WHERE meeting_id = $1', [m.value.id]);
  assert.ok(
    (
      await addDecision(t.deps, actor, office, m.value.id, {
        item_id: item!.id,
        kind: 'opinion',
        body: 'Позитивно мишљење на нацрт ЛАП-а.',
        subject: 'ЛАП',
      })
    ).ok,
  );
  await saveMinutes(t.deps, actor, office, m.value.id, 'Записник.');
  await adoptMinutes(t.deps, actor, office, m.value.id);

  doc = await buildReport(t.db, office.id, {
    year: YEAR,
    locale: 'cir',
    narrative: [{ heading: 'Uvodna reč', text: 'Godina je bila uspešna.\n\nOtvorili smo omladinski klub.' }],
  });
});
after(() => t.close());

/** The row of a table whose first cell is `label`. */
const rowOf = (caption: string, label: string) => {
  const table = doc.blocks.flatMap((b) => b.tables).find((x) => x.caption === caption);
  assert.ok(table, `a table "${caption}"`);
  return table.rows.find((r) => r[0] === label);
};

test('the figures: activities, participants and attendances by LAP area, a small group suppressed, another year left out', () => {
  const caption = msg('cir', 'report.activities.byArea');
  assert.deepEqual(rowOf(caption, msg('cir', 'lap.education')), ['Образовање', '1', '1', '7', '7']);
  assert.deepEqual(rowOf(caption, msg('cir', 'lap.health')), ['Здравље и одрастање', '1', '2', '<5', '6']);
  assert.deepEqual(rowOf(caption, msg('cir', 'report.all')), ['Све области', '2', '3', '10', '13']);
  assert.deepEqual(rowOf(msg('cir', 'council.report.meetings'), '15. 4. ' + YEAR + '.'), ['15. 4. ' + YEAR + '.', 'Сала', '<5', 'усвојен']);
  assert.deepEqual(rowOf(msg('cir', 'council.report.byKind'), 'мишљење'), ['мишљење', '1']);
});

test('every table of people is suppressed: no count of people between 1 and 4 is printed', () => {
  const peopleColumns = new Set(
    (['report.participants', 'report.attendance', 'council.report.present'] as const).map((k) => msg('cir', k)),
  );
  let checked = 0;
  for (const table of doc.blocks.flatMap((b) => b.tables))
    table.columns.forEach((col, i) => {
      if (!peopleColumns.has(col)) return;
      for (const r of table.rows) {
        checked++;
        const v = r[i]!;
        assert.ok(v === '<5' || v === '×' || v === '0' || Number(v) >= 5, `${table.caption}: ${col} = ${v}`);
      }
    });
  assert.ok(checked >= 20, `cells checked: ${checked}`);
});

test('the PDF: its text holds the Cyrillic headings, the narrative in Cyrillic (typed in Latin) and the figures', async () => {
  const text = pdfText(await reportPdf(doc, { compress: false }));
  const flat = text.replace(/\s+/g, ' ');
  for (const s of [
    `Извештај о раду за ${YEAR}. годину`,
    'Канцеларија за младе општине Нова Црња',
    'Година је била успешна.',
    'Уводна реч',
    'Образовање',
    'Здравље и одрастање',
    '<5',
    'Савет за младе',
    'Позитивно мишљење на нацрт ЛАП-а.',
  ])
    assert.ok(flat.includes(s), `the PDF says "${s}"`);
  assert.ok(!/Godina je bila/.test(flat), 'no Latin left in a Cyrillic report');
});

test('the DOCX: its document.xml holds the same text and figures', async () => {
  const zip = await JSZip.loadAsync(await reportDocx(doc));
  const xml = await zip.file('word/document.xml')!.async('string');
  const text = xml.replace(/<[^>]+>/g, '');
  for (const s of [
    `Извештај о раду за ${YEAR}. годину`,
    'Година је била успешна.',
    'Отворили смо омладински клуб.',
    'Образовање',
    'Здравље и одрастање',
    '&lt;5',
    'Учесници',
  ])
    assert.ok(text.includes(s), `the DOCX says "${s}"`);
});

test('the XLSX: one sheet per table, exact figures as numbers and suppressed ones as text', async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await reportXlsx(doc)).buffer as ArrayBuffer);
  const tables = doc.blocks.flatMap((b) => b.tables);
  assert.equal(wb.worksheets.length, tables.length);
  const ws = wb.worksheets.find((w) => w.getCell('A1').value === msg('cir', 'report.activities.byArea'))!;
  const rows = ws.getSheetValues().filter(Boolean) as unknown[][];
  const edu = rows.find((r) => r[1] === 'Образовање')!;
  assert.deepEqual(edu.slice(1), ['Образовање', 1, 1, 7, 7]);
  const health = rows.find((r) => r[1] === 'Здравље и одрастање')!;
  assert.equal(health[4], '<5');
});

test('Latin on request; the three files come from the heavy pool (a worker thread)', async () => {
  const lat = await buildReport(t.db, office.id, { year: YEAR, locale: 'lat' });
  assert.equal(lat.title, `Izveštaj o radu za ${YEAR}. godinu`);
  const files = await t.deps.heavy.run(
    heavyTask<typeof import('./render.ts'), 'reportFiles'>('src/features/report/render.ts', 'reportFiles'),
    lat,
  );
  assert.equal(Buffer.from(files.pdf.slice(0, 5)).toString('latin1'), '%PDF-');
  assert.equal(Buffer.from(files.docx.slice(0, 2)).toString('latin1'), 'PK');
  assert.equal(Buffer.from(files.xlsx.slice(0, 2)).toString('latin1'), 'PK');
  const zip = await JSZip.loadAsync(files.docx);
  assert.match(
    (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, ''),
    /Aktivnosti po oblastima Lokalnog akcionog plana/,
  );
});
