import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../../core/auth/actor.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import { t as msg } from '../../core/i18n/messages.ts';
import { createTestApp, linkIn, type TestApp } from '../../../test/app.ts';
import { addMember } from '../admin/repo.ts';
import { resourceFixture } from '../bookings/fixtures.ts';
import { makeAccount } from '../me/fixtures.ts';
import { supportedInitiatives } from './indicators.ts';
import { listBudget, listHistory, moveStatus, supportedPlan } from './repo.ts';
import { budgetTotalPara, hundredths, parseBudget, type BudgetItem, type InitiativeFields } from './schema.ts';
import {
  acceptInvite,
  addComment,
  completeInitiative,
  createInitiative,
  decide,
  inviteMember,
  saveInitiative,
  startReview,
  startWork,
  submitInitiative,
} from './service.ts';

/**
 * Youth initiatives (issue #14 point 1) on a real database — PGlite, and PostgreSQL with
 * TEST_DATABASE_URL: the workflow and its refusals (service and database), two reviewers at
 * once, the budget's validation, history and mails, the team's invitations, the indicator.
 */
let t: TestApp;
let office: OfficeRef;
let hash: string;
let coordinator: Actor;
let coordinator2: Actor;
let n = 0;

function actorOf(userId: string, email: string, name: string, memberships: Actor['memberships'] = []): Actor {
  return { userId, sessionId: '', email, displayName: name, locale: 'lat', isNationalAdmin: false, memberships };
}

async function account(name: string, locale: 'cir' | 'lat' | 'en' = 'lat'): Promise<Actor> {
  const email = `inicijativa.${name.toLowerCase()}.${++n}@primer.test`;
  const id = await makeAccount(t.db, hash, { email, name, locale });
  return { ...actorOf(id, email, name), locale };
}

async function staffAccount(name: string): Promise<Actor> {
  const a = await account(name);
  await addMember(t.db, office.id, a.userId, 'coordinator', null);
  return { ...a, memberships: [{ officeId: office.id, officeSlug: office.slug, officeName: office.name, role: 'coordinator' }] };
}

const FIELDS: InitiativeFields = {
  proposer_kind: 'group',
  group_name: 'Ekipa sa keja',
  association_id: '',
  title: 'Čišćenje obale Tamiša',
  idea: 'Subotnja akcija čišćenja obale.',
  why: 'Obala je puna smeća.',
  audience: 'Mladi 15–30',
  area: 'volunteering',
  place: 'Kej, Pančevo',
  starts_on: '2027-04-10',
  ends_on: '2027-04-10',
  support: ['equipment', 'promotion'],
  publish_consent: true,
};
const ITEMS: BudgetItem[] = [
  { name: 'Vreće za smeće', quantity100: 5000, unitPara: 2550 },
  { name: 'Rukavice', quantity100: 250, unitPara: 12000 },
];

const mailsTo = (email: string) =>
  t.db.query<{ subject: string; body_text: string }>('SELECT subject, body_text FROM outbox WHERE recipient = $1 ORDER BY id', [email]);
const statusOf = async (id: string) =>
  (await t.db.query<{ status: string }>('SELECT status FROM initiatives WHERE office_id = $1 AND id = $2', [office.id, id]))[0]!.status;

async function draft(lead: Actor, fields: Partial<InitiativeFields> = {}): Promise<string> {
  const r = await createInitiative(t.deps, lead, office, { ...FIELDS, ...fields }, ITEMS, false);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

/** A new initiative taken up for review by the coordinator. */
async function underReview(lead: Actor): Promise<string> {
  const id = await draft(lead);
  assert.ok((await submitInitiative(t.deps, lead, office, id)).ok);
  assert.ok((await startReview(t.deps, coordinator, office, { id, title: FIELDS.title })).ok);
  return id;
}

before(async () => {
  t = await createTestApp();
  const [o] = await t.db.query<OfficeRef>(`SELECT id, slug, name FROM offices WHERE slug = 'pancevo'`);
  office = o!;
  hash = await t.deps.passwords.hash('inicijative-lozinka');
  coordinator = await staffAccount('Koordinatorka');
  coordinator2 = await staffAccount('Koordinator');
});
after(() => t.close());

// ── The budget ───────────────────────────────────────────────────────────────

test('budget amounts: typed decimals in hundredths; a minus, letters or exponents are refused', () => {
  assert.equal(hundredths('1500'), 150000);
  assert.equal(hundredths('1 500,5'), 150050);
  assert.equal(hundredths('2.25'), 225);
  for (const bad of ['-5', '−5', 'abc', '1e3', '1,234', '12.345', '']) assert.equal(hundredths(bad), null, bad);
});

test('the budget table: blank rows skipped, totals exact, every bad cell named with a clear message', () => {
  const ok = parseBudget(
    { rows: '4', b_name_0: 'Boje', b_qty_0: '3', b_price_0: '0,10', b_name_2: 'Četke', b_qty_2: '1.5', b_price_2: '199,99' },
    'lat',
  );
  assert.ok(ok.ok);
  assert.deepEqual(ok.items, [
    { name: 'Boje', quantity100: 300, unitPara: 10 },
    { name: 'Četke', quantity100: 150, unitPara: 19999 },
  ]);
  // 3 × 0,10 + 1,5 × 199,99 = 0,30 + 299,985 → 0,30 + 299,99 (rounded per line) = 300,29
  assert.equal(budgetTotalPara(ok.items), 30029);

  const bad = parseBudget(
    {
      rows: '4',
      b_name_0: 'Boje',
      b_qty_0: '2',
      b_price_0: '-100',
      b_name_1: 'Papir',
      b_qty_1: 'pet',
      b_price_1: '10',
      b_name_2: '',
      b_qty_2: '1',
      b_price_2: '5',
      b_name_3: 'Lepak',
      b_qty_3: '0',
      b_price_3: '',
    },
    'lat',
  );
  assert.ok(!bad.ok);
  assert.deepEqual(Object.keys(bad.errors).sort(), ['b_name_2', 'b_price_0', 'b_price_3', 'b_qty_1', 'b_qty_3']);
  assert.equal(bad.errors.b_price_0, msg('lat', 'init.err.amount'));
  assert.equal(bad.errors.b_qty_1, msg('lat', 'init.err.quantity'));
  assert.equal(parseBudget({ rows: '1', b_name_0: 'X', b_qty_0: '1', b_price_0: 'abc' }, 'cir').ok, false);
});

test('the database refuses a negative amount too (a CHECK), whatever the code did', async () => {
  const lead = await account('Negativna');
  const id = await draft(lead);
  await assert.rejects(
    t.db.query(
      `INSERT INTO initiative_budget_items (office_id, initiative_id, position, name, quantity, unit_price) VALUES ($1, $2, 9, 'x', 1, -1)`,
      [office.id, id],
    ),
  );
});

// ── The workflow ─────────────────────────────────────────────────────────────

test('a group submits, the office asks for changes, the group edits and resubmits, the office supports: history and a mail at every step', async () => {
  const lead = await account('Vodja', 'cir');
  const id = await draft(lead);
  assert.equal(await statusOf(id), 'draft');
  assert.deepEqual(await listBudget(t.db, office.id, id), ITEMS);

  assert.ok((await submitInitiative(t.deps, lead, office, id)).ok);
  assert.ok((await startReview(t.deps, coordinator, office, { id, title: FIELDS.title })).ok);
  // Under review, the team cannot change the proposal.
  const early = await saveInitiative(t.deps, lead, office, id, { ...FIELDS, place: 'Drugde' }, ITEMS, false);
  assert.deepEqual(early, { ok: false, error: 'init.err.locked' });

  assert.ok((await decide(t.deps, coordinator, office, { id, title: FIELDS.title }, 'needs_changes', 'Dodajte broj učesnika.')).ok);
  assert.equal(await statusOf(id), 'needs_changes');
  const newItems = [...ITEMS, { name: 'Sokovi', quantity100: 3000, unitPara: 8000 }];
  assert.ok((await saveInitiative(t.deps, lead, office, id, { ...FIELDS, audience: 'Mladi 15–30, oko 30 učesnika' }, newItems, true)).ok);
  assert.equal(await statusOf(id), 'submitted');
  assert.deepEqual(await listBudget(t.db, office.id, id), newItems);
  assert.ok((await startReview(t.deps, coordinator, office, { id, title: FIELDS.title })).ok);
  assert.ok((await decide(t.deps, coordinator, office, { id, title: FIELDS.title }, 'supported', '')).ok);
  assert.equal(await statusOf(id), 'supported');

  const history = await listHistory(t.db, office.id, id);
  assert.deepEqual(
    history.map((h) => [h.action, h.from_status, h.to_status]),
    [
      ['created', null, 'draft'],
      ['status', 'draft', 'submitted'],
      ['status', 'submitted', 'under_review'],
      ['status', 'under_review', 'needs_changes'],
      ['edited', null, null],
      ['status', 'needs_changes', 'submitted'],
      ['status', 'submitted', 'under_review'],
      ['status', 'under_review', 'supported'],
    ],
  );
  assert.deepEqual(history[4]!.fields, ['audience', 'budget']);
  assert.equal(history[3]!.note, 'Dodajte broj učesnika.');
  assert.equal(history[3]!.actor_name, 'Koordinatorka');

  // One mail per step, in the lead's script (Cyrillic), the office's note in the changes mail.
  const mails = await mailsTo(lead.email);
  const steps = ['submitted', 'under_review', 'needs_changes', 'submitted', 'under_review', 'supported'] as const;
  assert.deepEqual(
    mails.map((m) => m.subject),
    steps.map((s) => msg('cir', 'init.mail.subject', { title: 'Чишћење обале Тамиша', status: msg('cir', `init.status.${s}`) })),
  );
  assert.match(mails[2]!.body_text, /Додајте број учесника\./);
  assert.match(mails[2]!.body_text, new RegExp(`/cir/kancelarije/pancevo/inicijative/${id}`));

  // Supported: nobody edits it any more — the service says so, and the database refuses it too.
  const late = await saveInitiative(t.deps, lead, office, id, { ...FIELDS, title: 'Drugi naziv' }, ITEMS, false);
  assert.deepEqual(late, { ok: false, error: 'init.err.locked' });
  await assert.rejects(
    t.db.query(`UPDATE initiatives SET title = 'Drugi naziv' WHERE office_id = $1 AND id = $2`, [office.id, id]),
    (e: { constraint?: string }) => e.constraint === 'initiatives_locked',
  );
  await assert.rejects(
    t.db.query('DELETE FROM initiative_budget_items WHERE office_id = $1 AND initiative_id = $2', [office.id, id]),
    (e: { constraint?: string }) => e.constraint === 'initiatives_locked',
  );
  assert.equal((await t.db.query<{ title: string }>('SELECT title FROM initiatives WHERE id = $1', [id]))[0]!.title, FIELDS.title);
  assert.deepEqual(await listBudget(t.db, office.id, id), newItems);

  // The plan for bookings: dates, place and team of a supported initiative.
  const plan = await supportedPlan(t.db, office.id, id);
  assert.deepEqual(
    [plan?.starts_on, plan?.ends_on, plan?.place, plan?.team.map((m) => m.email)],
    [FIELDS.starts_on, FIELDS.ends_on, FIELDS.place, [lead.email]],
  );

  // In progress, then completed with the report.
  assert.ok((await startWork(t.deps, lead, office, id)).ok);
  assert.ok(
    (
      await completeInitiative(t.deps, lead, office, id, {
        report: 'Sakupili smo 40 vreća.',
        reached_15_19: 12,
        reached_20_24: 9,
        reached_25_30: 3,
      })
    ).ok,
  );
  assert.equal(await statusOf(id), 'completed');
  assert.equal((await mailsTo(lead.email)).length, steps.length + 2);
  assert.equal(await supportedPlan(t.db, office.id, id), undefined);
});

test('a decline needs a reason; a decided initiative cannot be submitted again', async () => {
  const lead = await account('Odbijena');
  const id = await underReview(lead);
  assert.deepEqual(await decide(t.deps, coordinator, office, { id, title: FIELDS.title }, 'declined', '  '), {
    ok: false,
    field: 'note',
    error: 'init.err.reasonRequired',
  });
  assert.equal(await statusOf(id), 'under_review');
  // The database refuses a decline without a reason too.
  await assert.rejects(
    t.db.query(`UPDATE initiatives SET status = 'declined', decision_note = '' WHERE office_id = $1 AND id = $2`, [office.id, id]),
  );
  assert.ok((await decide(t.deps, coordinator, office, { id, title: FIELDS.title }, 'declined', 'Van oblasti rada kancelarije.')).ok);
  assert.deepEqual(await submitInitiative(t.deps, lead, office, id), { ok: false, error: 'init.err.locked' });
  assert.deepEqual(await startWork(t.deps, lead, office, id), { ok: false, error: 'init.err.changed' });
});

test('the database allows only the workflow’s transitions', async () => {
  const lead = await account('Preskok');
  const id = await draft(lead);
  for (const to of ['under_review', 'supported', 'in_progress', 'completed'] as const)
    await assert.rejects(
      moveStatus(t.db, office.id, id, 'draft', to),
      (e: { constraint?: string }) => e.constraint === 'initiatives_transition',
    );
  assert.equal(await statusOf(id), 'draft');
  // The statement checks the expected status: a stale "from" changes nothing.
  assert.equal(await moveStatus(t.db, office.id, id, 'submitted', 'under_review'), undefined);
});

test('two reviewers deciding at once: exactly one decision is kept, the other is told it just changed', async () => {
  for (let round = 0; round < 3; round++) {
    const lead = await account(`Trka${round}`);
    const id = await underReview(lead);
    const ref = { id, title: FIELDS.title };
    const results = await Promise.all([
      decide(t.deps, coordinator, office, ref, 'supported', ''),
      decide(t.deps, coordinator2, office, ref, 'declined', 'Nema budžeta.'),
    ]);
    const won = results.filter((r) => r.ok);
    assert.equal(won.length, 1, JSON.stringify(results));
    assert.deepEqual(
      results.find((r) => !r.ok),
      { ok: false, error: 'init.err.changed' },
    );
    const status = await statusOf(id);
    assert.ok(status === 'supported' || status === 'declined');
    const decisions = (await listHistory(t.db, office.id, id)).filter((h) => h.from_status === 'under_review');
    assert.equal(decisions.length, 1);
    assert.equal(decisions[0]!.to_status, status);
    // One decision mail, not two.
    const subjects = (await mailsTo(lead.email)).map((m) => m.subject);
    assert.equal(subjects.filter((s) => /Podržano|Odbijeno/.test(s)).length, 1);
  }
});

test('only the team acts on its initiative; staff see it only once it is sent; a refusal writes nothing', async () => {
  const lead = await account('Tim');
  const stranger = await account('Stranac');
  const id = await draft(lead);
  assert.deepEqual(await submitInitiative(t.deps, stranger, office, id), { ok: false, error: 'error.404.title' });
  assert.deepEqual(await saveInitiative(t.deps, stranger, office, id, FIELDS, ITEMS, false), { ok: false, error: 'error.404.title' });
  assert.deepEqual(await addComment(t.deps, coordinator, office, id, 'Draft?'), { ok: false, error: 'error.404.title' });
  assert.deepEqual(await startReview(t.deps, stranger, office, { id, title: FIELDS.title }), { ok: false, error: 'error.404.title' });
  // An association's proposal by someone who does not represent it: refused, nothing written.
  const before = await t.db.query('SELECT count(*)::int AS n FROM initiatives');
  const r = await createInitiative(
    t.deps,
    stranger,
    office,
    { ...FIELDS, proposer_kind: 'association', association_id: '00000000-0000-4000-8000-000000000000' },
    ITEMS,
    true,
  );
  assert.deepEqual(r, { ok: false, field: 'association_id', error: 'init.err.association' });
  assert.deepEqual(await t.db.query('SELECT count(*)::int AS n FROM initiatives'), before);
});

test('the team invites by e-mail; the invitee accepts by the mailed link, once; comments of the office are mailed', async () => {
  const lead = await account('Pozivac');
  const friend = await account('Drugarica');
  const id = await draft(lead);
  assert.ok((await inviteMember(t.deps, lead, office, id, friend.email)).ok);
  assert.deepEqual(await inviteMember(t.deps, lead, office, id, friend.email.toUpperCase()), {
    ok: false,
    field: 'email',
    error: 'init.err.alreadyMember',
  });
  const [mail] = await mailsTo(friend.email);
  assert.ok(mail);
  const link = linkIn(mail.body_text);
  const token = decodeURIComponent(new URL(`http://x${link}`).searchParams.get('t')!);
  // Before accepting, the friend is no member.
  assert.deepEqual(await submitInitiative(t.deps, friend, office, id), { ok: false, error: 'error.404.title' });
  const r = await acceptInvite(t.deps, friend, token);
  assert.ok(r.ok);
  assert.deepEqual(r.value, { officeSlug: 'pancevo', id });
  assert.deepEqual(await acceptInvite(t.deps, friend, token), { ok: false, error: 'init.err.badInvite' });
  // Now a member: sends it; both get the step's mail.
  assert.ok((await submitInitiative(t.deps, friend, office, id)).ok);
  assert.equal((await mailsTo(lead.email)).length, 1);
  assert.equal((await mailsTo(friend.email)).length, 2);
  assert.ok((await addComment(t.deps, coordinator, office, id, 'Javite nam broj učesnika.')).ok);
  assert.ok((await addComment(t.deps, lead, office, id, 'Oko 30.')).ok);
  const last = (await mailsTo(lead.email)).at(-1)!;
  assert.equal(last.subject, msg('lat', 'init.mail.comment.subject', { title: FIELDS.title }));
  assert.equal((await mailsTo(lead.email)).length, 2, 'the team’s own comment is not mailed to the team');
  const history = await listHistory(t.db, office.id, id);
  assert.deepEqual(
    history.map((h) => h.action),
    ['created', 'invited', 'joined', 'status'],
  );
});

// ── The indicator ────────────────────────────────────────────────────────────

test('initiatives.supported equals the count of supported decisions in the span, by area, computed independently', async () => {
  const span = { from: new Date(Date.now() - 3_600_000), until: new Date(Date.now() + 3_600_000), param: null, threshold: 5 };
  // Independently: the decisions to support recorded in the history within the span, by the initiative's area.
  const expected = async (area: string | null) => {
    const rows = await t.db.query<{ n: number }>(
      `SELECT count(DISTINCT h.initiative_id)::int AS n FROM initiative_history h JOIN initiatives i ON i.office_id = h.office_id AND i.id = h.initiative_id
        WHERE h.office_id = $1 AND h.to_status = 'supported' AND h.at >= $2 AND h.at < $3 AND ($4::text IS NULL OR i.area = $4)`,
      [office.id, span.from, span.until, area],
    );
    return rows[0]!.n;
  };
  const lead = await account('Indikator');
  for (const area of ['education', 'education', 'health'] as const) {
    const id = await draft(lead, { area });
    assert.ok((await submitInitiative(t.deps, lead, office, id)).ok);
    assert.ok((await startReview(t.deps, coordinator, office, { id, title: FIELDS.title })).ok);
    assert.ok((await decide(t.deps, coordinator, office, { id, title: FIELDS.title }, 'supported', '')).ok);
  }
  const all = await supportedInitiatives.compute(t.db, office.id, { ...span, area: null });
  assert.equal(all.value, await expected(null));
  assert.ok((all.value ?? 0) >= 3);
  const edu = await supportedInitiatives.compute(t.db, office.id, { ...span, area: 'education' });
  assert.equal(edu.value, await expected('education'));
  assert.ok((edu.value ?? 0) >= 2);
  assert.deepEqual(edu.rows, [{ label: 'lap.education', value: String(edu.value) }]);
  // Another office, or a span before any of it: 0.
  const [other] = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE slug = 'cacak'`);
  assert.equal((await supportedInitiatives.compute(t.db, other!.id, { ...span, area: null })).value, 0);
  const past = { ...span, from: new Date('2020-01-01'), until: new Date('2021-01-01'), area: null };
  assert.equal((await supportedInitiatives.compute(t.db, office.id, past)).value, 0);
});

// ── Over HTTP: the form without JavaScript ───────────────────────────────────

test('the form: "add a row" re-renders with one more row and everything typed; bad amounts answer 400 at their cells; a decided one is not editable (409)', async () => {
  const lead = await account('Forma');
  const c = await t.clientAs(lead.email);
  const base = '/lat/kancelarije/pancevo/inicijative';
  const typed = {
    rows: '3',
    proposer_kind: 'group',
    group_name: 'Grupa',
    title: 'Turnir u basketu',
    idea: 'Turnir 3 na 3.',
    why: 'Nema sportskih događaja leti.',
    audience: 'Mladi 15–19',
    area: 'health',
    place: 'Sportski centar',
    starts_on: '2027-07-01',
    ends_on: '2027-07-02',
    support: 'space',
    b_name_0: 'Lopte',
    b_qty_0: '4',
    b_price_0: '2500',
  };
  const add = await c.post(`${base}/nova`, { ...typed, action: 'add_row' });
  assert.equal(add.status, 200);
  const html = await add.text();
  assert.match(html, /name="rows" value="4"/);
  assert.match(html, /id="f-b_name_3"/);
  assert.match(html, /value="Turnir u basketu"/);
  assert.match(html, /value="Lopte"/);
  assert.match(html, /10,000\.00|10\.000,00/);
  assert.equal((await t.db.query('SELECT 1 FROM initiatives WHERE title = $1', [typed.title])).length, 0, 'nothing saved');

  const bad = await c.post(`${base}/nova`, { ...typed, rows: '4', b_name_1: 'Majice', b_qty_1: '10', b_price_1: '-300', action: 'save' });
  assert.equal(bad.status, 400);
  const badHtml = await bad.text();
  assert.match(badHtml, /id="f-b_price_1-error"/);
  assert.ok(badHtml.includes(msg('lat', 'init.err.amount').replace(/"/g, '&quot;').slice(0, 30)));
  assert.equal((await t.db.query('SELECT 1 FROM initiatives WHERE title = $1', [typed.title])).length, 0, 'nothing half-saved');

  const ok = await c.post(`${base}/nova`, { ...typed, action: 'submit' });
  assert.equal(ok.status, 303);
  const id = /inicijative\/([0-9a-f-]{36})/.exec(ok.headers.get('location') ?? '')![1]!;
  assert.equal(await statusOf(id), 'submitted');
  const page = await c.get(`${base}/${id}`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /10[.,]000[.,]00/);

  // Sent: the edit form is refused with the message (409), and so is a posted edit.
  const edit = await c.get(`${base}/${id}/izmena`);
  assert.equal(edit.status, 409);
  assert.ok((await edit.text()).includes(msg('lat', 'init.err.locked').slice(0, 30)));
  assert.equal((await c.post(`${base}/${id}/izmena`, { ...typed, title: 'Drugo', action: 'save' })).status, 409);
  // Someone else: not found; the coordinator of another office: 403 by the route's rule.
  const stranger = await t.clientAs((await account('Neko')).email);
  assert.equal((await stranger.get(`${base}/${id}`)).status, 404);
});

test('report photos: the team adds one with its description while running; anyone sees it once published, nobody else before', async () => {
  const lead = await account('Fotograf');
  const id = await underReview(lead);
  assert.ok((await decide(t.deps, coordinator, office, { id, title: FIELDS.title }, 'supported', '')).ok);
  const c = await t.clientAs(lead.email);
  const base = `/lat/kancelarije/pancevo/inicijative/${id}`;
  const png = Uint8Array.from(
    atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='),
    (ch) => ch.charCodeAt(0),
  );
  const file = () => new File([png], 'obala.png', { type: 'image/png' });
  // Supported but not started: no photos yet (the page has no photo form; a post is refused with the message).
  const early = await c.postMultipart(`${base}/fotografije`, { image: file(), image_alt: 'Ekipa na keju' });
  assert.equal(early.status, 400);
  assert.ok((await early.text()).includes(msg('lat', 'init.err.photoState').slice(0, 30)));
  assert.equal((await c.post(`${base}/pocetak`, {})).status, 303);
  // Without a description: refused, nothing stored.
  const files = async () => (await t.db.query('SELECT 1 FROM initiative_photos WHERE initiative_id = $1', [id])).length;
  assert.equal((await c.postMultipart(`${base}/fotografije`, { image: file(), image_alt: '' })).status, 400);
  assert.equal(await files(), 0);
  const ok = await c.postMultipart(`${base}/fotografije`, { image: file(), image_alt: 'Ekipa na keju' });
  assert.equal(ok.status, 303);
  assert.equal(await files(), 1);
  const [photo] = await t.db.query<{ file_id: string }>('SELECT file_id FROM initiative_photos WHERE initiative_id = $1', [id]);
  const photoUrl = `${base}/fotografije/${photo!.file_id}`;
  assert.match(await (await c.get(base)).text(), /alt="Ekipa na keju"/);
  // Published (the team agreed): the public page shows it, in Cyrillic too, and anyone gets the photo.
  const anon = t.client();
  const pub = await (await anon.get('/cir/kancelarije/pancevo/inicijative')).text();
  assert.ok(pub.includes('Чишћење обале Тамиша'));
  assert.ok(pub.includes('alt="Екипа на кеју"'));
  assert.equal((await anon.get(photoUrl)).status, 200);
  // Without the team's consent: not on the public page.
  const lead2 = await account('Bezobjave');
  const hidden = await draft(lead2, { publish_consent: false, title: 'Neobjavljena inicijativa' });
  assert.ok((await submitInitiative(t.deps, lead2, office, hidden)).ok);
  assert.ok((await startReview(t.deps, coordinator, office, { id: hidden, title: 'x' })).ok);
  assert.ok((await decide(t.deps, coordinator, office, { id: hidden, title: 'x' }, 'supported', '')).ok);
  assert.ok(!(await (await anon.get('/lat/kancelarije/pancevo/inicijative')).text()).includes('Neobjavljena inicijativa'));
});

test('an erased account leaves no name or address in initiatives (its comments and history keep "—")', async () => {
  const lead = await account('Brisanje');
  const friend = await account('Zaboravljena');
  const id = await draft(lead);
  assert.ok((await inviteMember(t.deps, lead, office, id, friend.email)).ok);
  assert.ok((await submitInitiative(t.deps, lead, office, id)).ok);
  assert.ok((await addComment(t.deps, lead, office, id, 'Komentar pre brisanja.')).ok);
  await t.db.query('DELETE FROM users WHERE id = $1', [lead.userId]);
  await t.db.query('DELETE FROM users WHERE id = $1', [friend.userId]);
  const texts = JSON.stringify([
    await t.db.query('SELECT * FROM initiative_comments WHERE initiative_id = $1', [id]),
    await t.db.query('SELECT * FROM initiative_history WHERE initiative_id = $1', [id]),
    await t.db.query('SELECT * FROM initiative_members WHERE initiative_id = $1', [id]),
  ]);
  for (const x of ['Brisanje', 'Zaboravljena', lead.email, friend.email]) assert.ok(!texts.includes(x), `${x} in ${texts}`);
  assert.equal(await statusOf(id), 'submitted');
});

test('a supported initiative books space from its page: the request carries it, only its team may, and the page lists it', async () => {
  const lead = await account('Vodja');
  const id = await underReview(lead);
  assert.ok((await decide(t.deps, coordinator, office, { id, title: FIELDS.title }, 'supported', '')).ok);
  const room = await resourceFixture(t.deps, 'pancevo');
  const web = await t.clientAs(lead.email);
  const page = await (await web.get(`/lat/kancelarije/pancevo/inicijative/${id}`)).text();
  const link = /href="(\/lat\/kancelarije\/pancevo\/prostor\/zahtev\?inicijativa=[^"]+)"/.exec(page);
  assert.ok(link, 'the team sees the booking link');
  const form = await (await web.get(link[1]!.replace(/&amp;/g, '&'))).text();
  assert.match(form, /Čišćenje obale Tamiša/);
  assert.match(form, new RegExp(`name="initiative" value="${id}"`));
  // The form starts from the initiative: its group books, for its purpose and LAP area.
  assert.match(form, /id="f-group_name"[^>]*value="Ekipa sa keja"|value="Ekipa sa keja"[^>]*id="f-group_name"/);
  assert.match(form, /<textarea[^>]*name="purpose"[^>]*>Čišćenje obale Tamiša<\/textarea>/);
  assert.match(form, new RegExp(`<option value="${FIELDS.area}" selected`));
  const request = {
    initiative: id,
    resource: room,
    date: '2027-04-09',
    from: '18:00',
    to: '19:00',
    weeks: '1',
    booker_kind: 'informal',
    group_name: FIELDS.group_name,
    purpose: 'Dogovor ekipe pred akciju',
  };
  assert.equal((await web.post('/lat/kancelarije/pancevo/prostor/zahtev', request)).status, 303);
  const rows = await t.db.query<{ status: string }>('SELECT status FROM booking_requests WHERE office_id = $1 AND initiative_id = $2', [
    office.id,
    id,
  ]);
  assert.deepEqual(
    rows.map((r) => r.status),
    ['pending'],
  );
  // Someone outside the team cannot hang a request on it: a clear message, nothing stored.
  const other = await t.clientAs((await account('Neko')).email);
  const refused = await other.post('/lat/kancelarije/pancevo/prostor/zahtev', { ...request, date: '2027-04-10' });
  assert.equal(refused.status, 400);
  assert.match(await refused.text(), /Samo tim inicijative|Prostor za inicijativu može da traži samo njen tim/);
  assert.equal((await t.db.query('SELECT 1 FROM booking_requests WHERE initiative_id = $1', [id])).length, 1);
  // The initiative's page lists the request with its status.
  assert.match(await (await web.get(`/lat/kancelarije/pancevo/inicijative/${id}`)).text(), /Sala za harness[\s\S]*čeka odobrenje/);
});
