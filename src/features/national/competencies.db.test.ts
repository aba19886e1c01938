import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { makeActivity } from '../activities/testing.ts';
import { ALL_FIELDS, readAssessment } from './competencies.ts';
import { ASSOCIATION_SLUG } from './competencies-repo.ts';
import { DEMO_REGIONAL_TRAINING } from './campaigns-demo.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const PAGE = '/lat/admin/kancelarije/pancevo/kompetencije';
const COORDINATOR = 'pancevo@primer.test';

/** Every statement answered: management 4s, partnership 3s, participation 2s, inclusion 1s. */
const full = (): Record<string, string> =>
  Object.fromEntries(
    ALL_FIELDS.map((f) => [f, { management: '4', partnership: '3', participation: '2', inclusion: '1' }[f.split('_')[0]!]!]),
  );

const assessments = async (email: string) =>
  (
    await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM competency_assessments a JOIN users u ON u.id = a.user_id WHERE u.email = $1`,
      [email],
    )
  )[0]!.n;

describe('the self-assessment', () => {
  test('levels follow the mean of each standard’s answers; a half answer is never a level', () => {
    const r = readAssessment(full());
    assert.ok(r.ok);
    assert.deepEqual(r.levels, { management: 3, partnership: 2, participation: 1, inclusion: 1 });
    const mixed = { ...full(), inclusion_1: '3', inclusion_2: '2', inclusion_3: '2', inclusion_4: '3' }; // mean 2.5 → advanced
    const m = readAssessment(mixed);
    assert.ok(m.ok && m.levels.inclusion === 2);
    const half = readAssessment({ ...full(), partnership_2: '', inclusion_4: '7' });
    assert.deepEqual(half, { ok: false, missing: ['partnership_2'], invalid: ['inclusion_4'] });
  });

  test('a half-filled self-assessment is refused with a clear message, keeps every answer and stores nothing', async () => {
    const c = await t.clientAs(COORDINATOR);
    const before = await assessments(COORDINATOR);
    const values = full();
    for (const f of ['participation_1', 'participation_2', 'participation_3', 'inclusion_1', 'inclusion_2']) delete values[f];
    const res = await c.post(PAGE, values);
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /Bez odgovora je ostalo 5 tvrdnji\. Samoprocena nije sačuvana; vaši odgovori su zadržani/);
    // The answers given come back checked (management_1 = 4), the missing ones are marked.
    assert.match(html, /id="f-management_1-4" name="management_1" value="4" checked/);
    assert.match(html, /name="participation_1" value="1"[^>]*aria-invalid="true"/);
    assert.equal(await assessments(COORDINATOR), before);
    // In Cyrillic too.
    const cir = await (await c.post(PAGE.replace('/lat/', '/cir/'), values)).text();
    assert.match(cir, /Без одговора је остало 5 тврдњи/);
  });

  test('a complete one gives the levels, their curriculum and the trainings that fit', async () => {
    const c = await t.clientAs(COORDINATOR);
    const res = await c.post(PAGE, full());
    assert.equal(res.status, 303);
    const [row] = await t.db.query(
      `SELECT a.management, a.partnership, a.participation, a.inclusion FROM competency_assessments a
         JOIN users u ON u.id = a.user_id JOIN offices o ON o.id = a.office_id
        WHERE u.email = $1 AND o.slug = 'pancevo' ORDER BY a.created_at DESC LIMIT 1`,
      [COORDINATOR],
    );
    assert.deepEqual(row, { management: 3, partnership: 2, participation: 1, inclusion: 1 });
    const html = await (await c.get(PAGE)).text();
    assert.match(html, /Dobro upravljanje<\/th>\s*<td[^>]*>nivo mentora/);
    assert.match(html, /Mentorstvo novim koordinatorima/);
    // The demo's basic participation training fits (participation: all 2s, basic); the advanced management one does not (mentor).
    const fitting = html.slice(html.indexOf('Predstojeće obuke za vaše nivoe</h2>'), html.indexOf('id="history-title"'));
    assert.match(fitting, /Aktivno učešće mladih — osnovni nivo/);
    assert.doesNotMatch(fitting, /Dobro upravljanje — napredni nivo/);
  });

  test('another office’s coordinator cannot assess in this office; a visitor is sent to log in', async () => {
    assert.equal((await (await t.clientAs('cacak@primer.test')).get(PAGE)).status, 403);
    assert.equal((await t.client().get(PAGE)).status, 303);
  });
});

describe('trainings', () => {
  test('a coordinator signs up for a regional training with their account; it is in their history and the needs report follows it', async () => {
    const [training] = await t.db.query<{ id: string; slug: string }>(
      `SELECT a.id, o.slug FROM activities a JOIN offices o ON o.id = a.office_id WHERE a.title = $1`,
      [DEMO_REGIONAL_TRAINING],
    );
    assert.ok(training);
    // Public list of trainings.
    assert.match(await (await t.client().get('/lat/mreza/obuke')).text(), /Regionalna obuka: Aktivno učešće mladih/);

    // Čačak's coordinator (the demo's self-assessment: participation basic) needs it: the report names the office.
    const admin = await t.clientAs('admin@primer.test');
    const report = async () => (await (await admin.get('/lat/admin/mreza/obuke')).text()).replace(/\s+/g, ' ');
    const needs = (html: string) =>
      /<th[^>]*>Aktivno učešće mladih · osnovni nivo<\/th>\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>([^<]*)</.exec(
        html.slice(html.indexOf('Region Šumadije')),
      );
    const first = needs(await report());
    assert.ok(first, 'Čačak’s need is in the Šumadija region');
    assert.equal(first[1], '1');
    assert.match(first[2]!, /grada Čačka \(1\)/);
    // No coordinator's name on the national admin's page.
    assert.doesNotMatch(await report(), /Luka Demić/);

    const luka = await t.clientAs('cacak@primer.test');
    const signUp = await luka.post(`/lat/kancelarije/${training.slug}/aktivnosti/${training.id}/prijava`, {});
    assert.equal(signUp.status, 303, await signUp.text());
    const mine = await (await luka.get('/lat/admin/kancelarije/cacak/kompetencije')).text();
    assert.match(mine, /Vaše obuke[\s\S]*Regionalna obuka: Aktivno učešće mladih[\s\S]*prijavljeni ste/);

    // Attendance (the association's staff check them in) makes the need covered.
    await t.db.query(
      `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method)
       SELECT g.office_id, g.id, s.id, now(), 'list' FROM registrations g
         JOIN activity_sessions s ON s.office_id = g.office_id AND s.activity_id = g.activity_id
         JOIN users u ON u.id = g.user_id
        WHERE g.activity_id = $1 AND u.email = 'cacak@primer.test'`,
      [training.id],
    );
    assert.equal(needs(await report()), null, 'no longer needed in Šumadija');
    assert.match(await (await luka.get('/lat/admin/kancelarije/cacak/kompetencije')).text(), /prisustvovali ste/);
  });

  test('the national admin marks an activity of the association as a training; a wrong choice is refused at its field', async () => {
    const admin = await t.clientAs('admin@primer.test');
    const act = await makeActivity(t.db, ASSOCIATION_SLUG, { kind: 'training', title: 'Obuka o inkluziji' });
    const bad = await admin.post('/lat/admin/mreza/obuke', { activity: act!.id, standard: 'inclusion', level: '4', region: '' });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /aria-invalid="true"/);
    // Another office's activity is not the association's.
    const [other] = await t.db.query<{ id: string }>(
      `SELECT a.id FROM activities a JOIN offices o ON o.id = a.office_id WHERE o.slug = 'pancevo' LIMIT 1`,
    );
    const foreign = await admin.post('/lat/admin/mreza/obuke', { activity: other!.id, standard: 'inclusion', level: '1', region: '' });
    assert.equal(foreign.status, 400);
    const ok = await admin.post('/lat/admin/mreza/obuke', { activity: act!.id, standard: 'inclusion', level: '2', region: 'RS22' });
    assert.equal(ok.status, 303);
    const [row] = await t.db.query(`SELECT standard, level, region_code FROM trainings WHERE activity_id = $1`, [act!.id]);
    assert.deepEqual(row, { standard: 'inclusion', level: 2, region_code: 'RS22' });
    // A coordinator may not open the national admin's page.
    assert.equal((await (await t.clientAs(COORDINATOR)).get('/lat/admin/mreza/obuke')).status, 403);
  });
});

describe('the association’s figures', () => {
  test('trainings held and coordinators trained by level count on the national dashboards, equal to a count made here, people suppressed', async () => {
    // 2019: no other data. Two trainings held (basic and advanced), a mentor one cancelled; seven
    // coordinators at the basic one, two of them also at the advanced one.
    const at = (iso: string): [Date, Date] => [new Date(iso), new Date(new Date(iso).getTime() + 3 * 3600_000)];
    const basic = await makeActivity(t.db, ASSOCIATION_SLUG, {
      kind: 'training',
      title: 'Obuka 2019 osnovni',
      sessions: [at('2019-03-10T09:00:00Z')],
    });
    const advanced = await makeActivity(t.db, ASSOCIATION_SLUG, {
      kind: 'training',
      title: 'Obuka 2019 napredni',
      sessions: [at('2019-06-10T09:00:00Z')],
    });
    const mentor = await makeActivity(t.db, ASSOCIATION_SLUG, {
      kind: 'training',
      title: 'Obuka 2019 mentori',
      status: 'cancelled',
      sessions: [at('2019-09-10T09:00:00Z')],
    });
    for (const [a, level] of [
      [basic, 1],
      [advanced, 2],
      [mentor, 3],
    ] as const)
      await t.db.query(`INSERT INTO trainings (office_id, activity_id, standard, level) VALUES ($1, $2, 'participation', $3)`, [
        a.officeId,
        a.id,
        level,
      ]);
    const attend = async (a: typeof basic, who: string[]) => {
      for (const [i, email] of who.entries()) {
        const [r] = await t.db.query<{ id: string }>(
          `INSERT INTO registrations (office_id, activity_id, email, full_name, status, source, code)
           VALUES ($1, $2, $3, 'Koordinator', 'confirmed', 'walk_in', $4) RETURNING id`,
          [a.officeId, a.id, email, `trained-${a.id.slice(0, 8)}-${i}-code`],
        );
        await t.db.query(
          `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method) VALUES ($1, $2, $3, now(), 'list')`,
          [a.officeId, r!.id, a.sessionIds[0]],
        );
      }
    };
    const seven = Array.from({ length: 7 }, (_, i) => `koordinator${i}@trained.test`);
    await attend(basic, seven);
    await attend(advanced, seven.slice(0, 2));

    // Counted here: held = published trainings started in 2019; each person once, at their highest level.
    const [held] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM trainings t JOIN activities a ON a.office_id = t.office_id AND a.id = t.activity_id
        WHERE a.status = 'published' AND a.starts_at >= '2019-01-01' AND a.starts_at < '2020-01-01'`,
    );
    assert.equal(held!.n, 2);
    // Levels: basic 5, advanced 2 (under 5: "<5"; then the basic 5 is hidden, as 7 − 0 − 5 gives the 2), mentor 0; total 7.
    const expected = ['2019', '2', '7', '×', '<5', '0'];
    const rowOf = (html: string) => {
      const section = html.slice(html.indexOf('id="obuke-asocijacije"'));
      const row = /<tr[^>]*>\s*<th[^>]*>2019<\/th>([\s\S]*?)<\/tr>/.exec(section);
      assert.ok(row, 'a row for 2019');
      return ['2019', ...[...row[1]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]!.replace('&lt;', '<'))];
    };
    const pub = await (await t.client().get('/lat/mreza/pregled?po=region&od=2019&do=2019')).text();
    assert.match(pub, /Obuke Nacionalne asocijacije/);
    assert.deepEqual(rowOf(pub), expected);
    const admin = await t.clientAs('admin@primer.test');
    assert.deepEqual(rowOf(await (await admin.get('/lat/admin/mreza/pregled?po=office&od=2019&do=2019')).text()), expected);
    // In Cyrillic, and no attendee's address anywhere.
    const cir = await (await t.client().get('/cir/mreza/pregled?po=region&od=2019&do=2019')).text();
    assert.match(cir, /Обуке Националне асоцијације/);
    assert.doesNotMatch(pub + cir, /trained\.test/);
    // Years without trainings say so.
    assert.match(
      await (await t.client().get('/lat/mreza/pregled?po=region&od=2005&do=2006')).text(),
      /Asocijacija tih godina nije održala obuke/,
    );
  });
});
