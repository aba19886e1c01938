import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { localToday } from '../accounts/age.ts';
import { makeActivity, makeRegistration } from '../activities/testing.ts';
import { belgradeInstant } from '../../core/time.ts';
import { DEMO_CAMPAIGN_SLUG, nextYouthDay } from './campaigns-demo.ts';
import { slugOf } from './campaigns-service.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const ADMIN = 'admin@primer.test';
const OFFICE = '/lat/admin/kancelarije/ivanjica/kampanje';

describe('campaigns', () => {
  test('nextYouthDay: the coming 12 August', () => {
    assert.equal(nextYouthDay('2026-03-01'), '2026-08-12');
    assert.equal(nextYouthDay('2026-08-12'), '2026-08-12');
    assert.equal(nextYouthDay('2026-08-13'), '2027-08-12');
    // A campaign's address from its title, when none is typed.
    assert.equal(slugOf('Међународни дан младих 2027'), 'medjunarodni-dan-mladih-2027');
    assert.equal(slugOf('<script>'), 'script');
    assert.equal(slugOf('—'), 'kampanja');
  });

  test('the national admin creates a campaign; a taken address or an end before the start is refused at its field', async () => {
    const admin = await t.clientAs(ADMIN);
    const today = localToday(new Date());
    const ok = await admin.post('/lat/admin/mreza/kampanje', {
      title: 'Nedelja volontiranja',
      slug: 'nedelja-volontiranja',
      description: '',
      starts_on: today,
      ends_on: today,
    });
    assert.equal(ok.status, 303, await ok.text());
    const taken = await admin.post('/cir/admin/mreza/kampanje', {
      title: 'Друга',
      slug: 'nedelja-volontiranja',
      description: '',
      starts_on: today,
      ends_on: today,
    });
    assert.equal(taken.status, 400);
    assert.match(await taken.text(), /Кампања са адресом „nedelja-volontiranja“ већ постоји/);
    const backwards = await admin.post('/lat/admin/mreza/kampanje', {
      title: 'Unazad',
      slug: 'unazad',
      description: '',
      starts_on: '2026-08-12',
      ends_on: '2026-08-01',
    });
    assert.equal(backwards.status, 400);
    assert.match(await backwards.text(), /Poslednji dan ne može biti pre prvog/);
    assert.equal((await t.db.query(`SELECT 1 FROM campaigns WHERE slug = 'unazad'`)).length, 0);
    // Only the national admin.
    assert.equal((await (await t.clientAs('pancevo@primer.test')).get('/lat/admin/mreza/kampanje')).status, 403);
  });

  test('an office adds its activity to Youth Day: it shows on the national page and map with totals, people only as a suppressed count', async () => {
    const day = nextYouthDay(localToday(new Date()));
    const publicPage = `/lat/mreza/kampanje/${DEMO_CAMPAIGN_SLUG}`;
    const before = await (await t.client().get(publicPage)).text();
    // The demo: Pančevo and Čačak, one activity each.
    assert.match(before, /<dt>Aktivnosti<\/dt>\s*<dd>2<\/dd>/);
    const circles = (html: string) => (html.match(/<circle class="office"/g) ?? []).length;
    assert.equal(circles(before), 2);

    const coordinator = await t.clientAs('ivanjica@primer.test');
    const inside = await makeActivity(t.db, 'ivanjica', {
      title: 'Dan mladih u Ivanjici',
      sessions: [[belgradeInstant(day, '18:00'), belgradeInstant(day, '20:00')]],
    });
    for (let i = 0; i < 3; i++) await makeRegistration(t.db, inside, { status: 'confirmed' });
    await t.db.query('UPDATE activities SET confirmed_count = 3 WHERE id = $1', [inside.id]);
    const outside = await makeActivity(t.db, 'ivanjica', { title: 'Radionica u septembru' });
    const page = await (await coordinator.get(`${OFFICE}?kampanja=${DEMO_CAMPAIGN_SLUG}`)).text();
    assert.match(page, /Dan mladih u Ivanjici/);
    assert.doesNotMatch(page, /Radionica u septembru/, 'only activities within the campaign’s dates are offered');

    const add = (activity: string, campaign = DEMO_CAMPAIGN_SLUG) => coordinator.post(`${OFFICE}/aktivnost`, { campaign, activity });
    const refused = await add(outside.id);
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /Ova aktivnost ne počinje u danima kampanje/);
    // Another office's activity is not found as this office's.
    const [foreign] = await t.db.query<{ id: string }>(
      `SELECT a.id FROM activities a JOIN offices o ON o.id = a.office_id WHERE o.slug = 'pancevo' LIMIT 1`,
    );
    assert.equal((await add(foreign!.id)).status, 400);
    assert.equal((await add(inside.id, 'nema-je')).status, 404);

    const added = await add(inside.id);
    assert.equal(added.status, 303, await added.text());
    const again = await add(inside.id);
    assert.equal(again.status, 400);

    const after = await (await t.client().get(publicPage)).text();
    assert.match(after, /Dan mladih u Ivanjici/);
    assert.match(after, /<dt>Aktivnosti<\/dt>\s*<dd>3<\/dd>/);
    assert.match(after, /<dt>Kancelarija<\/dt>\s*<dd>3<\/dd>/);
    assert.equal(circles(after), 3, 'Ivanjica is a point on the map');
    // Demo activities have no sign-ups; Ivanjica's 3 are under the threshold: "<5", never 3.
    assert.match(after, /<dt>Prijavljenih učesnika<\/dt>\s*<dd>&lt;5<\/dd>/);
  });

  test('an office requests promotional material; the national admin records what was sent', async () => {
    const coordinator = await t.clientAs('ivanjica@primer.test');
    const ask = (quantity: string) =>
      coordinator.post(`${OFFICE}/materijal`, { campaign: DEMO_CAMPAIGN_SLUG, item: 'flyers', quantity, note: 'za štand' });
    const bad = await ask('0');
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /id="f-quantity"[^>]*aria-invalid="true"/);
    const ok = await ask('150');
    assert.equal(ok.status, 303);
    const [req] = await t.db.query<{ office_id: string; id: string }>(
      `SELECT m.office_id, m.id FROM campaign_materials m JOIN offices o ON o.id = m.office_id WHERE o.slug = 'ivanjica'`,
    );
    const admin = await t.clientAs(ADMIN);
    const listed = await (await admin.get(`/lat/admin/mreza/kampanje/${DEMO_CAMPAIGN_SLUG}`)).text();
    assert.match(listed, /za štand/);
    const sent = await admin.post(`/lat/admin/mreza/kampanje/${DEMO_CAMPAIGN_SLUG}/poslato`, {
      office: req!.office_id,
      request: req!.id,
      sent_quantity: '120',
    });
    assert.equal(sent.status, 303);
    assert.match(await (await coordinator.get(`${OFFICE}?kampanja=${DEMO_CAMPAIGN_SLUG}`)).text(), /poslato 120 kom\./);
    // A request the campaign has not got is not found, not a 500.
    const wrong = await admin.post(`/lat/admin/mreza/kampanje/${DEMO_CAMPAIGN_SLUG}/poslato`, {
      office: req!.office_id,
      request: '00000000-0000-4000-8000-000000000000',
      sent_quantity: '1',
    });
    assert.equal(wrong.status, 404);
  });
});
