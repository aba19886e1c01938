import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupDatabase, restoreDatabase } from '../../core/db/backup.ts';
import { insertFile } from '../../core/files.ts';
import { CSRF_FIELD } from '../../core/http/csrf.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts';
import { freshDb } from '../../../test/db.ts';
import { snapshot } from '../../../test/snapshot.ts';
import { localToday } from '../accounts/age.ts';
import { SAMPLE_PDF } from './fixtures.ts';
import { addDays, expiryState } from './service.ts';

/**
 * The register of partners through HTTP: CRUD with search and filters, agreements with a file
 * (stored in the database, served as an attachment to the office's staff only), bad files
 * refused, expiring agreements, the cooperation log newest first, other offices kept out; and
 * the stored bytes surviving a backup and restore exactly.
 */
let t: TestApp;
let staff: TestClient;
let staffB: TestClient;
before(async () => {
  t = await createTestApp();
  staff = await t.clientAs('pancevo@primer.test');
  staffB = await t.clientAs('cacak@primer.test');
});
after(() => t.close());

const P = '/lat/admin/kancelarije/pancevo/partneri';
const idFrom = (res: Response) => /partneri\/([0-9a-f-]{36})/.exec(res.headers.get('location') ?? '')?.[1] ?? '';

async function postMultipart(client: TestClient, path: string, fields: Record<string, string | File>): Promise<Response> {
  const body = new FormData();
  body.set(CSRF_FIELD, client.csrf);
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return t.app.request(`http://kzm.test${path}`, { method: 'POST', headers: { cookie }, body });
}

describe('partners', () => {
  let id = '';

  test('create, search in any script, filter, edit; a second partner of the same name is a field error', async () => {
    const res = await staff.post(P, {
      kind: 'health_centre',
      name: 'Savetovalište Ćirilić (primer)',
      contact_person: 'Dr Primer',
      active: 'on',
    });
    assert.equal(res.status, 303);
    id = idFrom(res);
    for (const q of ['Ћирилић', 'cirilic', 'ĆIRILIĆ'])
      assert.match(await (await staff.get(`${P}?q=${encodeURIComponent(q)}`)).text(), /Savetovalište Ćirilić/, q);
    assert.doesNotMatch(await (await staff.get(`${P}?kind=school`)).text(), /Savetovalište Ćirilić/);
    assert.match(await (await staff.get(`${P}?kind=health_centre&active=yes`)).text(), /Savetovalište Ćirilić/);
    const dup = await staff.post(P, { kind: 'school', name: 'Саветовалиште Ћирилић (пример)' });
    assert.equal(dup.status, 400);
    assert.match(await dup.text(), /već je u registru/);
    const edit = await staff.post(`${P}/${id}/uredi`, {
      kind: 'health_centre',
      name: 'Savetovalište Ćirilić (primer)',
      email: 'nije',
      active: '',
    });
    assert.equal(edit.status, 400);
    assert.match(await edit.text(), /href="#f-email"/);
    assert.equal(
      (await staff.post(`${P}/${id}/uredi`, { kind: 'health_centre', name: 'Savetovalište Ćirilić (primer)', email: 'dr@primer.test' }))
        .status,
      303,
    );
    const [row] = await t.db.query<{ active: boolean; email: string }>('SELECT active, email FROM partners WHERE id = $1', [id]);
    assert.deepEqual(row, { active: false, email: 'dr@primer.test' });
    assert.match(await (await staff.get(`${P}?active=no`)).text(), /Savetovalište Ćirilić/);
  });

  test('an agreement with a PDF: stored with its hash, downloaded as an attachment by staff only', async () => {
    const pdf = new File([SAMPLE_PDF], 'Sporazum „Ćirilić“.pdf', { type: 'application/pdf' });
    const res = await postMultipart(staff, `${P}/${id}/sporazumi`, {
      title: 'Sporazum o savetovanju',
      signed_on: '2025-03-01',
      valid_until: '',
      notes: '',
      file: pdf,
    });
    assert.equal(res.status, 303);
    const [a] = await t.db.query<{ id: string; file_id: string }>('SELECT id, file_id FROM partner_agreements WHERE partner_id = $1', [id]);
    const [f] = await t.db.query<{ sha256: string; size: number; content_type: string; name: string }>(
      'SELECT sha256, size, content_type, name FROM files WHERE id = $1',
      [a!.file_id],
    );
    assert.equal(f!.sha256, createHash('sha256').update(SAMPLE_PDF).digest('hex'));
    assert.equal(f!.size, SAMPLE_PDF.byteLength);
    assert.equal(f!.content_type, 'application/pdf');

    const page = await (await staff.get(`${P}/${id}`)).text();
    assert.match(page, /Sporazum o savetovanju/);
    const link = `${P}/${id}/sporazumi/${a!.id}/datoteka`;
    assert.match(page, new RegExp(link));
    const dl = await staff.get(link);
    assert.equal(dl.status, 200);
    assert.equal(dl.headers.get('content-type'), 'application/pdf');
    assert.equal(dl.headers.get('x-content-type-options'), 'nosniff');
    assert.match(
      dl.headers.get('content-disposition') ?? '',
      /^attachment; filename="Sporazum _Cirilic_.pdf"; filename\*=UTF-8''Sporazum%20%E2%80%9E%C4%86irili%C4%87%E2%80%9C\.pdf$/,
    );
    assert.deepEqual(new Uint8Array(await dl.arrayBuffer()), SAMPLE_PDF);

    // Not for visitors, representatives or other offices; not under another partner's path.
    const anon = await t.client().get(link);
    assert.equal(anon.status, 303);
    assert.equal((await (await t.clientAs('udruzenje@primer.test')).get(link)).status, 403);
    assert.equal((await staffB.get(link)).status, 403);
    assert.equal((await staffB.get(link.replace('/pancevo/', '/cacak/'))).status, 404);
    const other = idFrom(await staff.post(P, { kind: 'media', name: 'Drugi partner (primer)', active: 'on' }));
    assert.equal((await staff.get(`${P}/${other}/sporazumi/${a!.id}/datoteka`)).status, 404);
  });

  test('a DOCX and a scan are accepted; HTML, an executable and a wrong date are refused with messages, nothing stored', async () => {
    const docx = new Uint8Array([
      0x50,
      0x4b,
      0x03,
      0x04,
      ...new TextEncoder().encode('....[Content_Types].xml...._rels/.rels...word/document.xml'),
    ]);
    assert.equal(
      (await postMultipart(staff, `${P}/${id}/sporazumi`, { title: 'Aneks', signed_on: '1.4.2025.', file: new File([docx], 'aneks.docx') }))
        .status,
      303,
    );
    const before = await snapshot(t.db);
    for (const file of [
      new File(['<html><script>alert(1)</script></html>'], 'sporazum.pdf', { type: 'application/pdf' }),
      new File([new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0])], 'sporazum.pdf', { type: 'application/pdf' }),
      new File([], 'prazno.pdf'),
    ]) {
      const res = await postMultipart(staff, `${P}/${id}/sporazumi`, { title: 'Loš fajl', signed_on: '2025-03-01', file });
      assert.equal(res.status, 400, file.name);
      const html = await res.text();
      assert.match(html, /href="#f-file"/);
      assert.match(html, /value="Loš fajl"/, 'what was typed is kept');
      assert.doesNotMatch(html, /<script>alert\(1\)/);
    }
    const dates = await postMultipart(staff, `${P}/${id}/sporazumi`, {
      title: 'Obrnuti datumi',
      signed_on: '2025-03-01',
      valid_until: '2025-02-01',
    });
    assert.equal(dates.status, 400);
    assert.match(await dates.text(), /href="#f-valid_until"/);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('agreements ending within 60 days are highlighted on the register; expired ones marked', async () => {
    const today = localToday(t.deps.now());
    await staff.post(`${P}/${id}/sporazumi`, { title: 'Uskoro ističe', signed_on: addDays(today, -100), valid_until: addDays(today, 59) });
    await staff.post(`${P}/${id}/sporazumi`, { title: 'Važi dugo', signed_on: addDays(today, -100), valid_until: addDays(today, 61) });
    // The partner is inactive: its agreements are not listed as expiring until it is active again.
    assert.doesNotMatch(await (await staff.get(P)).text(), /Uskoro ističe/);
    await staff.post(`${P}/${id}/uredi`, { kind: 'health_centre', name: 'Savetovalište Ćirilić (primer)', active: 'on' });
    const list = await (await staff.get(P)).text();
    const box = /id="expiring"[\s\S]*?<\/section>/.exec(list)?.[0] ?? '';
    assert.match(box, /Uskoro ističe/);
    assert.doesNotMatch(box, /Važi dugo/);
    assert.match(box, /ističe uskoro/);
    assert.equal(expiryState(addDays(today, -1), today), 'expired');
    assert.equal(expiryState(today, today), 'expiring');
    assert.equal(expiryState(addDays(today, 60), today), 'expiring');
    assert.equal(expiryState(addDays(today, 61), today), null);
    assert.equal(expiryState(null, today), null);
  });

  test('the cooperation log, newest first; bad entries refused beside their fields', async () => {
    for (const [date, title] of [
      ['2025-01-10', 'Prvi sastanak'],
      ['2025-06-01', 'Zajednička tribina'],
      ['2025-03-15', 'Dopis o saradnji'],
    ]) {
      assert.equal(
        (await staff.post(`${P}/${id}/dnevnik`, { log_date: date!, log_kind: 'meeting', log_title: title!, log_notes: '' })).status,
        303,
      );
    }
    const page = await (await staff.get(`${P}/${id}`)).text();
    const order = ['Zajednička tribina', 'Dopis o saradnji', 'Prvi sastanak'].map((s) => page.indexOf(s));
    assert.ok(order.every((i) => i > 0) && order[0]! < order[1]! && order[1]! < order[2]!, String(order));
    const bad = await staff.post(`${P}/${id}/dnevnik`, { log_date: '31.02.2025.', log_kind: 'party', log_title: '' });
    assert.equal(bad.status, 400);
    const html = await bad.text();
    for (const f of ['log_date', 'log_kind', 'log_title']) assert.match(html, new RegExp(`href="#f-${f}"`), f);
  });

  test('another office’s staff reach nothing of it, by any path', async () => {
    const before = await snapshot(t.db);
    const cacak = '/lat/admin/kancelarije/cacak/partneri';
    assert.equal((await staffB.get(`${cacak}/${id}`)).status, 404);
    assert.equal((await staffB.get(`${cacak}/${id}/uredi`)).status, 404);
    assert.equal((await staffB.post(`${cacak}/${id}/uredi`, { kind: 'school', name: 'Oteto', active: 'on' })).status, 404);
    assert.equal(
      (await staffB.post(`${cacak}/${id}/dnevnik`, { log_date: '2025-01-01', log_kind: 'meeting', log_title: 'Upad' })).status,
      404,
    );
    assert.equal(
      (
        await postMultipart(staffB, `${cacak}/${id}/sporazumi`, {
          title: 'Upad',
          signed_on: '2025-01-01',
          file: new File([SAMPLE_PDF], 'x.pdf'),
        })
      ).status,
      404,
    );
    assert.equal((await staffB.get(`${P}/${id}`)).status, 403);
    assert.equal((await staffB.get(`${cacak}/nije-uuid`)).status, 404);
    assert.deepEqual(await snapshot(t.db), before);
  });
});

describe('stored files in a backup', () => {
  test('bytea survives backup and restore byte for byte (every byte value, NULs, high bytes)', async () => {
    const bytes = new Uint8Array(70_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + (i >> 8)) & 0xff;
    bytes.set(
      Array.from({ length: 256 }, (_, i) => i),
      0,
    );
    const [office] = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE slug = 'pancevo'`);
    const fileId = await insertFile(t.db, office!.id, {
      name: 'sve-vrednosti.bin',
      contentType: 'application/pdf',
      bytes,
      uploadedBy: null,
    });
    const dir = await mkdtemp(join(tmpdir(), 'kzm-files-'));
    const dst = await freshDb();
    try {
      const file = join(dir, 'b.jsonl.gz');
      await backupDatabase(t.db, file);
      await restoreDatabase(dst, file);
      const [row] = await dst.query<{ bytes: Uint8Array; sha256: string; size: number }>(
        'SELECT bytes, sha256, size FROM files WHERE office_id = $1 AND id = $2',
        [office!.id, fileId],
      );
      assert.ok(row);
      assert.equal(row.size, bytes.byteLength);
      assert.deepEqual(new Uint8Array(row.bytes), bytes);
      assert.equal(createHash('sha256').update(row.bytes).digest('hex'), row.sha256);
      // The demo's agreement file came through too, identical.
      const [a, b] = await Promise.all(
        [t.db, dst].map((d) =>
          d.query<{ s: string }>(`SELECT string_agg(sha256 || encode(bytes, 'hex'), ',' ORDER BY id) AS s FROM files`),
        ),
      );
      assert.equal(a![0]!.s, b![0]!.s);
    } finally {
      await dst.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
