import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { t as msg } from '../../core/i18n/messages.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts';
import { makeActivity, makeRegistration, type TestActivity } from '../activities/testing.ts';
import { checkedAt } from './service.ts';

/**
 * Check-in (issue #5, point 5): the list's ticks without JavaScript, a code typed by hand,
 * the offline queue's sync with mixed items, idempotence, and codes that are unknown, another
 * activity's, another office's, or not confirmed — each with its message in the reader's script.
 */

let t: TestApp;
let coord: TestClient;
let coordB: TestClient;
let act: TestActivity;
let other: TestActivity;
const HOUR = 3_600_000;
const regs: Record<string, { id: string; code: string }> = {};

const base = (a: TestActivity) => `/lat/admin/kancelarije/pancevo/aktivnosti/${a.id}/dolazak`;
const sync = (a: TestActivity) => `/api/v1/offices/pancevo/activities/${a.id}/check-ins`;

async function present(sessionId: string): Promise<string[]> {
  const rows = await t.db.query<{ registration_id: string }>(
    'SELECT registration_id FROM attendance WHERE session_id = $1 ORDER BY registration_id',
    [sessionId],
  );
  return rows.map((r) => r.registration_id);
}

before(async () => {
  t = await createTestApp();
  coord = await t.clientAs('pancevo@primer.test');
  coordB = await t.clientAs('cacak@primer.test');
  const start = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR);
  act = await makeActivity(t.db, 'pancevo', {
    title: 'Obuka vršnjačkih edukatora',
    capacity: 20,
    sessions: [
      [start, new Date(start.getTime() + 2 * HOUR)],
      [new Date(start.getTime() + 7 * 24 * HOUR), new Date(start.getTime() + 7 * 24 * HOUR + 2 * HOUR)],
    ],
  });
  other = await makeActivity(t.db, 'pancevo', { title: 'Druga radionica' });
  regs.ana = await makeRegistration(t.db, act, { fullName: 'Ана Јовановић', email: 'ana@primer.test' });
  regs.marko = await makeRegistration(t.db, act, { fullName: 'Marko Marković', email: 'marko@primer.test' });
  regs.zoran = await makeRegistration(t.db, act, { fullName: 'Zoran Živković', source: 'walk_in', email: '' });
  regs.waiting = await makeRegistration(t.db, act, { fullName: 'Vesna Čekić', status: 'waitlisted' });
  regs.elsewhere = await makeRegistration(t.db, other, { fullName: 'Dragan Drugi' });
  const cacak = await makeActivity(t.db, 'cacak', { title: 'Radionica u Čačku' });
  regs.cacak = await makeRegistration(t.db, cacak, { fullName: 'Čačanin Čačanić' });
});
after(() => t.close());

describe('the check-in page', () => {
  test("a session on a later day warns before anyone is checked in; today's does not", async () => {
    const today = await (await coord.get(`${base(act)}?sesija=${act.sessionIds[0]}`)).text();
    assert.doesNotMatch(today, /class="notice warn"/);
    const later = await (await coord.get(`${base(act)}?sesija=${act.sessionIds[1]}`)).text();
    assert.match(
      later,
      /class="notice warn" role="status">Ovaj termin je \d+\. \d+\. \d{4}\.: dolazak zabeležen sada svejedno se računa za njega\./,
    );
  });

  test('lists the confirmed registrations (not the waitlist), searchable in either script, and opens on the session under way', async () => {
    const res = await coord.get(base(act));
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /Ana Jovanović/, 'a name typed in Cyrillic shows in Latin');
    assert.match(html, /Marko Marković/);
    assert.match(html, /Zoran Živković/);
    assert.doesNotMatch(html, /Vesna Čekić/, 'the waitlisted are not on the list');
    assert.match(html, /Pronađeno: 3/);
    assert.match(html, new RegExp(`name="sesija" value="${act.sessionIds[0]}"`), 'the session under way is chosen');
    assert.match(html, /checkin\.js\?v=/, 'the staff page loads its script');

    const found = await (await coord.get(`${base(act)}?q=${encodeURIComponent('јовановић')}`)).text();
    assert.match(found, /Pronađeno: 1/);
    assert.match(found, /Ana Jovanović/);
    const bySecond = await (await coord.get(`${base(act)}?sesija=${act.sessionIds[1]}&q=zivkovic`)).text();
    assert.match(bySecond, /Pronađeno: 1/);
    assert.match(bySecond, new RegExp(`name="sesija" value="${act.sessionIds[1]}"`));
  });

  test('another office’s coordinator gets 403; another office’s activity id or a malformed one is a 404', async () => {
    assert.equal((await coordB.get(base(act))).status, 403);
    const cacakAct = await t.db.query<{ id: string }>(
      "SELECT a.id FROM activities a JOIN offices o ON o.id = a.office_id WHERE o.slug = 'cacak' LIMIT 1",
    );
    assert.equal((await coord.get(`/lat/admin/kancelarije/pancevo/aktivnosti/${cacakAct[0]!.id}/dolazak`)).status, 404);
    assert.equal((await coord.get('/lat/admin/kancelarije/pancevo/aktivnosti/nije-id/dolazak')).status, 404);
    assert.equal(
      (
        await coord.post(`/lat/admin/kancelarije/pancevo/aktivnosti/${cacakAct[0]!.id}/dolazak`, {
          registration: regs.cacak!.id,
          sesija: act.sessionIds[0]!,
          present: '1',
        })
      ).status,
      404,
    );
  });

  test('a tick on the list marks the person present at that session only, and a second tick keeps the first time', async () => {
    const s1 = act.sessionIds[0]!;
    const res = await coord.post(base(act), { registration: regs.marko!.id, sesija: s1, present: '1', q: '' });
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location')!, /ishod=ok/);
    const page = await (await coord.get(res.headers.get('location')!)).text();
    assert.match(page, /Marko Marković: dolazak je zabeležen\./);
    // The confirmation stands beside the name too (the redirect lands on that row), and the
    // counter already counts it.
    const markoRow = page.slice(page.indexOf(`id="r-${regs.marko!.id}"`), page.indexOf('</li>', page.indexOf(`id="r-${regs.marko!.id}"`)));
    assert.match(markoRow, /class="checked-now">✓ Marko Marković: dolazak je zabeležen\./);
    assert.match(page, /Prisutno 1 od 3 potvrđenih/);
    assert.deepEqual(await present(s1), [regs.marko!.id]);
    assert.deepEqual(await present(act.sessionIds[1]!), []);
    const [first] = await t.db.query<{ checked_at: Date; method: string }>(
      'SELECT checked_at, method FROM attendance WHERE registration_id = $1',
      [regs.marko!.id],
    );
    assert.equal(first!.method, 'list');

    const again = await coord.post(base(act), { registration: regs.marko!.id, sesija: s1, present: '1' });
    assert.match(again.headers.get('location')!, /ishod=already/);
    const [still] = await t.db.query<{ checked_at: Date }>('SELECT checked_at FROM attendance WHERE registration_id = $1', [
      regs.marko!.id,
    ]);
    assert.equal(still!.checked_at.getTime(), first!.checked_at.getTime());
    const audit = await t.db.query('SELECT 1 FROM audit_events WHERE action = $1 AND target = $2', ['attendance.checkin', act.id]);
    assert.equal(audit.length, 1, 'one audit event for the one real check-in');
  });

  test('undoing a tick removes the check-in; a waitlisted person or a foreign session cannot be ticked', async () => {
    const s1 = act.sessionIds[0]!;
    const undo = await coord.post(base(act), { registration: regs.marko!.id, sesija: s1, present: '0' });
    assert.equal(undo.status, 303);
    assert.match(undo.headers.get('location')!, /n=checkin\.undone/);
    assert.deepEqual(await present(s1), []);

    const waiting = await coord.post(base(act), { registration: regs.waiting!.id, sesija: s1, present: '1' });
    assert.equal(waiting.status, 400);
    assert.match(await waiting.text(), /Vesna Čekić nema potvrđeno mesto/);
    const foreign = await coord.post(base(act), { registration: regs.marko!.id, sesija: other.sessionIds[0]!, present: '1' });
    // The list's hidden ids name nothing of this activity: not found (issue #9 point 10), not a misleading 400.
    assert.equal(foreign.status, 404);
    const foreignUndo = await coord.post(base(act), { registration: regs.cacak!.id, sesija: s1, present: '0' });
    assert.equal(foreignUndo.status, 404);
    const foreignCode = await coord.post(`${base(act)}/kod`, { code: regs.ana!.code, sesija: other.sessionIds[0]! });
    assert.equal(foreignCode.status, 404);
    const junk = await coord.post(base(act), { registration: 'x', sesija: 'y', present: '2' });
    assert.equal(junk.status, 400);
    assert.deepEqual(await present(s1), []);
  });

  test('a typed code checks in (spaces ignored); unknown, another activity’s, another office’s and unconfirmed codes are refused with a message at the field', async () => {
    const s1 = act.sessionIds[0]!;
    const ok = await coord.post(`${base(act)}/kod`, { code: ` ${regs.ana!.code.slice(0, 8)} ${regs.ana!.code.slice(8)} `, sesija: s1 });
    assert.equal(ok.status, 303);
    const shown = await (await coord.get(ok.headers.get('location')!)).text();
    assert.match(shown, /Ana Jovanović: dolazak je zabeležen\./);
    assert.deepEqual(await present(s1), [regs.ana!.id]);

    const cases: Array<[string, RegExp]> = [
      ['NepoznatKod1234567890', /Nepoznat kod: nijedna prijava u ovoj kancelariji nema taj kod\./],
      ['!!', /Nepoznat kod/],
      [regs.elsewhere!.code, /Taj kod je prijava za drugu aktivnost ove kancelarije\./],
      // Another office's code is unknown here, exactly like one nobody has (nothing leaks across offices).
      [regs.cacak!.code, /Nepoznat kod: nijedna prijava u ovoj kancelariji nema taj kod\./],
      [regs.waiting!.code, /Vesna Čekić nema potvrđeno mesto/],
    ];
    for (const [code, message] of cases) {
      const res = await coord.post(`${base(act)}/kod`, { code, sesija: s1 });
      assert.equal(res.status, 400, code);
      const html = await res.text();
      assert.match(html, message, code);
      assert.match(html, /aria-invalid="true"/);
      assert.ok(html.includes(`value="${code.replace(/&/g, '&amp;')}"`), 'the typed code is kept');
    }
    const empty = await coord.post(`${base(act)}/kod`, { code: '', sesija: s1 });
    assert.equal(empty.status, 400);
    assert.deepEqual(await present(s1), [regs.ana!.id]);

    // The same page in Cyrillic and English.
    const cir = await coord.post(`/cir/admin/kancelarije/pancevo/aktivnosti/${act.id}/dolazak/kod`, { code: regs.cacak!.code, sesija: s1 });
    assert.ok((await cir.text()).includes(msg('cir', 'checkin.outcome.unknown')));
    const en = await coord.post(`/en/admin/kancelarije/pancevo/aktivnosti/${act.id}/dolazak/kod`, {
      code: regs.elsewhere!.code,
      sesija: s1,
    });
    assert.ok((await en.text()).includes(msg('en', 'checkin.outcome.other_activity')));
  });
});

describe('the offline sync', () => {
  test('a batch of mixed items gets one answer each, keeps the device’s time, and is idempotent', async () => {
    const s2 = act.sessionIds[1]!;
    const s1 = act.sessionIds[0]!;
    const seen = new Date(Date.now() - 20 * 60_000);
    const items = [
      { id: 'a', code: regs.marko!.code, session: s1, at: seen.toISOString() },
      { id: 'b', code: regs.ana!.code, session: s1, at: new Date().toISOString() },
      { id: 'c', code: 'NepoznatKod1234567890', session: s1, at: new Date().toISOString() },
      { id: 'd', code: regs.elsewhere!.code, session: s1, at: new Date().toISOString() },
      { id: 'e', code: regs.cacak!.code, session: s1, at: new Date().toISOString() },
      { id: 'f', code: regs.waiting!.code, session: s1, at: new Date().toISOString() },
      { id: 'g', code: regs.zoran!.code, session: other.sessionIds[0]!, at: new Date().toISOString() },
      { id: 'h', code: regs.zoran!.code, session: 'nije-uuid', at: 'juče' },
      { id: 'i', code: regs.zoran!.code, session: s2, at: 'not a date', method: 'list' },
      { id: 'j', code: regs.marko!.code, session: s1, at: new Date().toISOString() },
    ];
    const res = await coord.postJson(sync(act), JSON.stringify({ items }));
    assert.equal(res.status, 200);
    const body = (await res.json()) as { results: Array<{ id: string; outcome: string; message: string }> };
    assert.deepEqual(
      body.results.map((r) => [r.id, r.outcome]),
      [
        ['a', 'ok'],
        ['b', 'already'],
        ['c', 'unknown'],
        ['d', 'other_activity'],
        ['e', 'unknown'],
        ['f', 'not_confirmed'],
        ['g', 'bad_session'],
        ['h', 'bad_session'],
        ['i', 'ok'],
        ['j', 'already'],
      ],
    );
    assert.equal(body.results[0]!.message, 'Marko Marković: dolazak je zabeležen.');
    // Another office's code answers exactly what a code nobody has answers.
    assert.deepEqual(body.results[4]!.message, body.results[2]!.message);
    const [marko] = await t.db.query<{ checked_at: Date; method: string }>(
      'SELECT checked_at, method FROM attendance WHERE registration_id = $1 AND session_id = $2',
      [regs.marko!.id, s1],
    );
    assert.equal(marko!.checked_at.getTime(), seen.getTime(), 'the time the device saw the code is kept');
    assert.equal(marko!.method, 'qr');
    assert.deepEqual(await present(s2), [regs.zoran!.id]);

    // The same batch again (the answer was lost on the way back): nothing changes.
    const again = (await (await coord.postJson(sync(act), JSON.stringify({ items }))).json()) as { results: Array<{ outcome: string }> };
    assert.equal(again.results.filter((r) => r.outcome === 'ok').length, 0);
    const count = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM attendance a JOIN registrations r ON r.office_id = a.office_id AND r.id = a.registration_id WHERE r.office_id = $1 AND r.activity_id = $2',
      [act.officeId, act.id],
    );
    assert.equal(count[0]!.n, 3);
  });

  test('answers in the script asked for; a bad body is a 400, a missing CSRF token a 403, another office a 403, a visitor a 401', async () => {
    const cir = await coord.postJson(
      sync(act),
      JSON.stringify({ locale: 'cir', items: [{ id: 'x', code: 'NepoznatKod1234567890', session: act.sessionIds[0], at: '' }] }),
    );
    const body = (await cir.json()) as { results: Array<{ message: string }> };
    assert.equal(body.results[0]!.message, msg('cir', 'checkin.outcome.unknown'));
    for (const bad of [
      '{"items": 5}',
      '[]',
      '{"items":[{"id":1}]}',
      JSON.stringify({ items: Array.from({ length: 501 }, (_, i) => ({ id: String(i), code: 'x', session: 'y', at: '' })) }),
    ]) {
      const res = await coord.postJson(sync(act), bad);
      assert.equal(res.status, 400, bad.slice(0, 40));
    }
    const form = await coord.post(sync(act), { items: 'x' });
    assert.equal(form.status, 400);
    assert.equal((await coord.postJson(`/api/v1/offices/pancevo/activities/nije-id/check-ins`, '{"items":[]}')).status, 404);
    const cacakAct = await t.db.query<{ id: string }>(
      "SELECT a.id FROM activities a JOIN offices o ON o.id = a.office_id WHERE o.slug = 'cacak' LIMIT 1",
    );
    assert.equal(
      (await coord.postJson(`/api/v1/offices/pancevo/activities/${cacakAct[0]!.id}/check-ins`, '{"items":[]}')).status,
      404,
      'another office’s activity',
    );
    assert.equal((await t.client().postJson(sync(act), '{"items":[]}')).status, 401);
    const noToken = await coord.postJson(sync(act), '{"items":[]}', { 'x-csrf-token': 'wrong' });
    assert.equal(noToken.status, 403);
    const foreign = await coordB.postJson(
      sync(act),
      JSON.stringify({ items: [{ id: 'x', code: regs.ana!.code, session: act.sessionIds[0], at: '' }] }),
    );
    assert.equal(foreign.status, 403);
  });

  test('ten devices syncing the same check-in at once: one ok, nine already, one row (the primary key decides)', async () => {
    const a = await makeActivity(t.db, 'pancevo');
    const r = await makeRegistration(t.db, a, { fullName: 'Istovremena Osoba' });
    const body = JSON.stringify({ items: [{ id: 'x', code: r.code, session: a.sessionIds[0], at: new Date().toISOString() }] });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        coord.postJson(sync(a), body).then((res) => res.json() as Promise<{ results: Array<{ outcome: string }> }>),
      ),
    );
    const outcomes = answers.map((x) => x.results[0]!.outcome).sort();
    assert.deepEqual(outcomes, ['already', 'already', 'already', 'already', 'already', 'already', 'already', 'already', 'already', 'ok']);
    assert.equal((await present(a.sessionIds[0]!)).length, 1);
  });

  test('a device time in the future or long before the session is recorded as now', () => {
    const now = new Date('2026-05-01T12:00:00Z');
    const start = new Date('2026-05-01T10:00:00Z');
    assert.equal(checkedAt(new Date('2026-05-01T11:00:00Z'), start, now).toISOString(), '2026-05-01T11:00:00.000Z');
    assert.equal(checkedAt(new Date('2026-05-01T13:00:00Z'), start, now), now);
    assert.equal(checkedAt(new Date('2026-04-20T13:00:00Z'), start, now), now);
    assert.equal(checkedAt(new Date('nonsense'), start, now), now);
  });
});

describe('a cancelled activity', () => {
  test('takes no check-ins', async () => {
    const a = await makeActivity(t.db, 'pancevo', { status: 'cancelled' });
    const r = await makeRegistration(t.db, a);
    const res = await coord.post(`${base(a)}/kod`, { code: r.code, sesija: a.sessionIds[0]! });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /Aktivnost je otkazana/);
    assert.deepEqual(await present(a.sessionIds[0]!), []);
  });
});

describe('demo attendance', () => {
  test('marks most confirmed participants present at sessions that have ended, none at sessions to come, and can run twice', async () => {
    const { seedCheckinDemo } = await import('./demo.ts');
    const HOURS = 3_600_000;
    const past = await makeActivity(t.db, 'pancevo', {
      capacity: 100,
      sessions: [[new Date(Date.now() - 50 * HOURS), new Date(Date.now() - 48 * HOURS)]],
    });
    const future = await makeActivity(t.db, 'pancevo', { capacity: 100 });
    for (let i = 0; i < 20; i++) {
      await makeRegistration(t.db, past);
      await makeRegistration(t.db, future);
    }
    const offices = new Map([['pancevo', past.officeId]]);
    await seedCheckinDemo(t.db, offices);
    await seedCheckinDemo(t.db, offices);
    const n = async (s: string) =>
      (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM attendance WHERE session_id = $1', [s]))[0]!.n;
    const got = await n(past.sessionIds[0]!);
    assert.ok(got >= 8 && got <= 20, `present at the past session: ${got}`);
    assert.equal(await n(future.sessionIds[0]!), 0);
  });
});
