import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { adoptedPlanFixture, planFixture } from '../plan/fixtures.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const ADMIN = 'admin@primer.test';
const PANCEVO = 'pancevo@primer.test';
const CACAK = 'cacak@primer.test';
const officePath = (plan: string) => `/lat/admin/kancelarije/pancevo/lap/${plan}/konsultacije`;
const reviewPath = (plan: string, l = 'lat') => `/${l}/admin/mreza/konsultacije/${plan}`;

async function goalKey(plan: string): Promise<{ key: string; text: string }> {
  const [g] = await t.db.query<{ key: string; text: string }>('SELECT key, text FROM lap_goals WHERE plan_id = $1 AND parent_id IS NULL', [
    plan,
  ]);
  return g!;
}
const status = async (plan: string) =>
  (await t.db.query<{ closed_at: Date | null }>('SELECT closed_at FROM lap_consultations WHERE plan_id = $1', [plan]))[0];

test('an office shares its draft; a national reviewer comments item by item; the office answers and closes; the status follows', async () => {
  const plan = await planFixture(t.db, 'pancevo');
  const office = await t.clientAs(PANCEVO);
  const admin = await t.clientAs(ADMIN);

  const list = await (await office.get('/lat/admin/kancelarije/pancevo/konsultacije')).text();
  assert.match(list, /nije podeljen/);
  // The reviewer may not see it yet.
  assert.equal((await admin.get(reviewPath(plan))).status, 404);

  const shared = await office.post(`${officePath(plan)}/podeli`, {});
  assert.equal(shared.status, 303);
  assert.ok(await status(plan));

  const reviews = await (await admin.get('/lat/admin/mreza/konsultacije')).text();
  assert.match(reviews, /podeljen, čeka komentare/);
  const goal = await goalKey(plan);
  const page = await (await admin.get(reviewPath(plan))).text();
  assert.ok(page.includes(goal.text), 'the goal is shown');
  assert.match(page, /name="item" value="goal:/);
  assert.match(page, /name="item" value="measure:/);
  assert.match(page, /name="item" value="activity:/);
  assert.match(page, /name="item" value="indicator:/);

  const sent = await admin.post(reviewPath(plan), { item: `goal:${goal.key}`, body: 'Kako ćete dosegnuti mlade iz sela?' });
  assert.equal(sent.status, 303, await sent.text());
  const [comment] = await t.db.query<{ id: string; item_kind: string; item_key: string }>(
    'SELECT id, item_kind, item_key FROM lap_review_comments WHERE plan_id = $1',
    [plan],
  );
  assert.deepEqual([comment!.item_kind, comment!.item_key], ['goal', goal.key]);
  assert.match(await (await admin.get('/lat/admin/mreza/pregled')).text(), /komentari čekaju odgovor/, 'the status on the dashboard');

  // The office sees the comment under the goal, answers it, and the status turns.
  const officePage = await (await office.get(officePath(plan))).text();
  assert.match(officePage, /Kako ćete dosegnuti mlade iz sela\?/);
  const answered = await office.post(`${officePath(plan)}/odgovor`, {
    comment: comment!.id,
    answer: 'Dodajemo radionice u seoskim mesnim zajednicama.',
  });
  assert.equal(answered.status, 303);
  const reviewed = await (await admin.get(reviewPath(plan))).text();
  assert.match(reviewed, /Dodajemo radionice u seoskim mesnim zajednicama\./);
  assert.match(await (await admin.get('/lat/admin/mreza/konsultacije')).text(), /kancelarija odgovorila/);
  // No person is named: roles only.
  assert.doesNotMatch(reviewed, /pancevo@primer\.test/);

  const closed = await office.post(`${officePath(plan)}/zavrsi`, {});
  assert.equal(closed.status, 303);
  assert.ok((await status(plan))!.closed_at);
  const late = await admin.post(reviewPath(plan), { item: `goal:${goal.key}`, body: 'Još jedan komentar.' });
  assert.equal(late.status, 409);
  assert.match(await late.text(), /Konsultacije o ovom nacrtu su završene/);
  const lateAnswer = await office.post(`${officePath(plan)}/odgovor`, { comment: comment!.id, answer: 'Kasno.' });
  assert.equal(lateAnswer.status, 409);
  // Sharing again opens it again.
  assert.equal((await office.post(`${officePath(plan)}/podeli`, {})).status, 303);
  assert.equal((await status(plan))!.closed_at, null);
});

test('bad input: a plan the reviewer may not see, an item of another plan, a blank comment, an adopted plan — clear messages in the reader’s script', async () => {
  const admin = await t.clientAs(ADMIN);
  const hidden = await planFixture(t.db, 'cacak'); // never shared
  const notShared = await admin.post(reviewPath(hidden), { item: `goal:${(await goalKey(hidden)).key}`, body: 'Komentar na tuđi plan.' });
  assert.equal(notShared.status, 404);
  assert.match(await notShared.text(), /Ovaj plan nije podeljen sa nacionalnim recenzentima/);
  const cir = await admin.post(reviewPath(hidden, 'cir'), { item: `goal:${(await goalKey(hidden)).key}`, body: 'Коментар.' });
  assert.match(await cir.text(), /Овај план није подељен са националним рецензентима/);
  assert.equal((await t.db.query('SELECT 1 FROM lap_review_comments WHERE plan_id = $1', [hidden])).length, 0, 'nothing written');
  assert.equal((await admin.get(reviewPath('not-an-id'))).status, 404);

  const plan = await planFixture(t.db, 'pancevo');
  const office = await t.clientAs(PANCEVO);
  await office.post(`${officePath(plan)}/podeli`, {});
  const before = (await t.db.query('SELECT 1 FROM lap_review_comments WHERE plan_id = $1', [plan])).length;
  const other = await admin.post(reviewPath(plan), { item: `goal:${(await goalKey(hidden)).key}`, body: 'Cilj drugog plana.' });
  assert.equal(other.status, 400);
  assert.match(await other.text(), /Izaberite stavku ovog plana/);
  const blank = await admin.post(reviewPath(plan), { item: `goal:${(await goalKey(plan)).key}`, body: '  ' });
  assert.equal(blank.status, 400);
  assert.match(await blank.text(), /aria-invalid="true"/);
  const junk = await admin.post(reviewPath(plan), { item: 'nesto', body: 'Komentar bez stavke.' });
  assert.equal(junk.status, 400);
  assert.equal((await t.db.query('SELECT 1 FROM lap_review_comments WHERE plan_id = $1', [plan])).length, before);

  const wrongAnswer = await office.post(`${officePath(plan)}/odgovor`, {
    comment: '00000000-0000-4000-8000-000000000000',
    answer: 'Odgovor.',
  });
  assert.equal(wrongAnswer.status, 404, 'an id naming nothing of this plan: 404, with the message');
  assert.match(await wrongAnswer.text(), /Taj komentar ne postoji uz ovaj plan/);

  const adopted = await adoptedPlanFixture(t.db, 'pancevo');
  const refused = await office.post(`/lat/admin/kancelarije/pancevo/lap/${adopted}/konsultacije/podeli`, {});
  assert.equal(refused.status, 409);
  assert.match(await refused.text(), /Usvojeni plan se ne deli na konsultacije/);
});

test('who may: another office’s coordinator is refused the office’s pages, an office coordinator the reviewers’ pages', async () => {
  const plan = await planFixture(t.db, 'pancevo');
  const cacak = await t.clientAs(CACAK);
  assert.equal((await cacak.get(officePath(plan))).status, 403);
  assert.equal((await cacak.get('/lat/admin/kancelarije/pancevo/konsultacije')).status, 403);
  const pancevo = await t.clientAs(PANCEVO);
  assert.equal((await pancevo.get('/lat/admin/mreza/konsultacije')).status, 403);
  assert.equal((await pancevo.post(reviewPath(plan), { item: 'x', body: 'y' })).status, 403);
});
