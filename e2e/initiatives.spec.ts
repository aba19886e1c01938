import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { t } from '../src/core/i18n/messages.ts';
import { toCyrillic } from '../src/core/i18n/script.ts';
import { insertResource, replaceHours } from '../src/features/bookings/repo.ts';
import { checkA11y, type E2E, notice, screenshot, signIn, startE2E, visit } from './harness.ts';

/**
 * Youth initiatives in Chromium (issue #14 point 1): a young person proposes an initiative for
 * an informal group — the budget grows by a row without JavaScript, a negative amount is refused
 * at its cell — sends it and invites a friend, who accepts by the mailed link; the coordinator
 * takes it up and asks for changes; the group edits and resends; the coordinator supports it;
 * after that it cannot be edited, and it shows on the office's public page in the reader's
 * script; the group books the club room and a projector for it from the initiative's page (a
 * time the projector is not available is refused with the message, then a good time is sent),
 * the coordinator approves, and the initiative's page shows the approved booking. axe on every
 * page; screenshots at 360 px.
 */
let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
});

const L = 'lat';
const TITLE = 'Letnji bioskop na keju';

/** Clicks a submit button and waits for the answer with the given status, then checks the page with axe. */
async function submit(page: Page, name: string, status: number) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.status() === status),
    page.getByRole('button', { name, exact: true }).click(),
  ]);
  await page.waitForLoadState();
  await checkA11y(page);
}

describe('youth initiatives', () => {
  test('a group proposes and sends an initiative; the coordinator asks for changes; the group edits and resends; the coordinator supports it', async () => {
    const y = await (await e2e.newContext()).newPage();
    await signIn(e2e, y, 'mladi@primer.test');
    await visit(y, `/${L}/kancelarije/pancevo/inicijative/nova`);
    await checkA11y(y);
    await screenshot(y, 'initiatives-new-lat');

    await y.getByLabel(t(L, 'init.proposer.group'), { exact: true }).check();
    await y.locator('#f-group_name').fill('Ekipa sa keja');
    await y.locator('#f-title').fill(TITLE);
    await y.locator('#f-idea').fill('Projekcije filmova na otvorenom, petkom u avgustu.');
    await y.locator('#f-why').fill('Leti u gradu nema besplatnog programa za mlade.');
    await y.locator('#f-audience').fill('Mladi 15–30');
    await y.locator('#f-area').selectOption('participation');
    await y.locator('#f-place').fill('Kej, Pančevo');
    await y.locator('#f-starts_on').fill('2027-08-06');
    await y.locator('#f-ends_on').fill('2027-08-27');
    await y.getByLabel(t(L, 'init.support.space'), { exact: true }).check();
    await y.getByLabel(t(L, 'init.support.equipment'), { exact: true }).check();
    for (const [n, name, qty, price] of [
      [0, 'Zakup platna', '4', '2500'],
      [1, 'Kokice', '200', '45,50'],
      [2, 'Plakati', '30', '60'],
    ] as const) {
      await y.locator(`#f-b_name_${n}`).fill(name);
      await y.locator(`#f-b_qty_${n}`).fill(qty);
      await y.locator(`#f-b_price_${n}`).fill(price);
    }
    // "Add a row": the same form again with a fourth row, everything typed kept (no JavaScript needed).
    await submit(y, t(L, 'init.budget.addRow'), 200);
    assert.equal(await y.locator('#f-b_name_3').count(), 1);
    assert.equal(await y.locator('#f-title').inputValue(), TITLE);
    assert.equal(await y.locator('#f-b_price_1').inputValue(), '45,50');
    await y.locator('#f-b_name_3').fill('Ozvučenje');
    await y.locator('#f-b_qty_3').fill('1');
    await y.locator('#f-b_price_3').fill('-3000');
    await submit(y, t(L, 'init.saveSubmit'), 400);
    assert.equal(await y.locator('#f-b_price_3-error').innerText(), t(L, 'init.err.amount'));
    assert.equal(await y.locator('#f-b_price_3').getAttribute('aria-invalid'), 'true');
    await screenshot(y, 'initiatives-budget-error-lat');
    await y.locator('#f-b_price_3').fill('3000');
    await Promise.all([
      y.waitForURL(/n=init\.n\.submitted/),
      y.getByRole('button', { name: t(L, 'init.saveSubmit'), exact: true }).click(),
    ]);
    await checkA11y(y);
    assert.equal(await notice(y).innerText(), t(L, 'init.n.submitted'));
    const page = new URL(y.url()).pathname;
    // 4 × 2.500 + 200 × 45,50 + 30 × 60 + 3.000 = 10.000 + 9.100 + 1.800 + 3.000 = 23.900,00
    assert.match(await y.locator('main table tfoot').innerText(), /23\.900,00/);
    await screenshot(y, 'initiatives-page-lat');

    // The group: a friend is invited by e-mail and joins by the mailed link.
    await y.locator('#f-email').fill('savet@primer.test');
    await Promise.all([y.waitForURL(/n=init\.n\.invited/), y.getByRole('button', { name: t(L, 'init.team.inviteButton') }).click()]);
    await checkA11y(y);
    const [invite] = await e2e.db.query<{ body_text: string }>(
      `SELECT body_text FROM outbox WHERE recipient = 'savet@primer.test' ORDER BY id DESC LIMIT 1`,
    );
    const link = /https?:\/\/[^/\s]+(\/\S+)/.exec(invite!.body_text)![1]!;
    const friend = await (await e2e.newContext()).newPage();
    await signIn(e2e, friend, 'savet@primer.test');
    await visit(friend, link);
    await checkA11y(friend);
    await Promise.all([friend.waitForURL(/n=init\.n\.joined/), friend.getByRole('button', { name: t(L, 'init.invite.accept') }).click()]);
    await checkA11y(friend);
    assert.equal(new URL(friend.url()).pathname, page);

    // The coordinator: the list with the pending count, the initiative, take it up, ask for changes.
    const c = await (await e2e.newContext()).newPage();
    await signIn(e2e, c, 'pancevo@primer.test');
    await visit(c, `/${L}/admin/kancelarije/pancevo/inicijative?stanje=submitted`);
    await checkA11y(c);
    await screenshot(c, 'initiatives-admin-lat');
    await c.getByRole('link', { name: TITLE }).click();
    await c.waitForURL((u) => u.pathname === page);
    await checkA11y(c);
    await Promise.all([c.waitForURL(/n=init\.n\.status/), c.getByRole('button', { name: t(L, 'init.review.start') }).click()]);
    await checkA11y(c);
    // Declining without a reason is refused at the field.
    await c.getByLabel(t(L, 'init.decision.declined'), { exact: true }).check();
    await submit(c, t(L, 'init.decision.submit'), 400);
    assert.equal(await c.locator('#f-note-error').innerText(), t(L, 'init.err.reasonRequired'));
    await c.getByLabel(t(L, 'init.decision.needs_changes'), { exact: true }).check();
    await c.locator('#f-note').fill('Navedite koliko filmova i ko bira program.');
    await Promise.all([c.waitForURL(/n=init\.n\.status/), c.getByRole('button', { name: t(L, 'init.decision.submit') }).click()]);
    await checkA11y(c);
    await c.locator('#f-body').fill('Možemo pozajmiti projektor kancelarije.');
    await Promise.all([c.waitForURL(/n=init\.n\.comment/), c.getByRole('button', { name: t(L, 'init.comment.send') }).click()]);
    await checkA11y(c);

    // The group edits and resends.
    await visit(y, page);
    await checkA11y(y);
    assert.match(await y.locator('main').innerText(), /Navedite koliko filmova/);
    await y.getByRole('link', { name: t(L, 'init.edit'), exact: true }).click();
    await y.locator('#f-idea').waitFor();
    await checkA11y(y);
    await screenshot(y, 'initiatives-edit-lat');
    await y.locator('#f-idea').fill('Četiri projekcije domaćih filmova petkom u avgustu; program bira grupa sa publikom.');
    await Promise.all([
      y.waitForURL(/n=init\.n\.submitted/),
      y.getByRole('button', { name: t(L, 'init.saveSubmit'), exact: true }).click(),
    ]);
    await checkA11y(y);

    // The coordinator supports it.
    await visit(c, page);
    await Promise.all([c.waitForURL(/n=init\.n\.status/), c.getByRole('button', { name: t(L, 'init.review.start') }).click()]);
    await c.getByLabel(t(L, 'init.decision.supported'), { exact: true }).check();
    await Promise.all([c.waitForURL(/n=init\.n\.status/), c.getByRole('button', { name: t(L, 'init.decision.submit') }).click()]);
    await checkA11y(c);
    assert.match(await c.locator('main dl').innerText(), new RegExp(t(L, 'init.status.supported')));
    // The history names every step and the edited field.
    const history = await c.locator('section[aria-labelledby="history"] table').innerText();
    assert.match(history, new RegExp(t(L, 'init.history.edited', { fields: t(L, 'init.field.idea') }).slice(0, 20)));
    await screenshot(c, 'initiatives-supported-lat');

    // Mails: one per step to the lead (sent, under review, changes, sent, under review, supported) and the comment.
    const subjects = (
      await e2e.db.query<{ subject: string }>(
        `SELECT subject FROM outbox WHERE recipient = 'mladi@primer.test' AND (subject LIKE $1 OR subject LIKE $2) ORDER BY id`,
        [`%${TITLE}%`, `%${toCyrillic(TITLE)}%`],
      )
    ).map((r) => r.subject);
    assert.equal(subjects.length, 7);

    // Decided: the team can no longer edit it.
    await visit(y, page);
    assert.equal(await y.getByRole('link', { name: t(L, 'init.edit'), exact: true }).count(), 0);
    await visit(y, `${page}/izmena`, 409);
    await checkA11y(y);
    assert.match(await y.locator('.error-summary').innerText(), new RegExp(t(L, 'init.err.locked').slice(0, 25)));

    // The public page, in the reader's script (typed in Latin, shown in Cyrillic).
    const anon = await (await e2e.newContext()).newPage();
    await visit(anon, '/cir/kancelarije/pancevo/inicijative');
    await checkA11y(anon);
    assert.ok(await anon.getByRole('heading', { name: toCyrillic(TITLE) }).isVisible());
    await screenshot(anon, 'initiatives-public-cir');
    await visit(y, `/${L}/moj-nalog/inicijative`);
    await checkA11y(y);

    // The group books the club room and a projector for it, straight from the initiative's page.
    // (The demo's Pančevo has a meeting room and a projector; its youth club is added here, open every day.)
    const [office] = await e2e.db.query<{ id: string }>(`SELECT id FROM offices WHERE slug = 'pancevo'`);
    const club = await insertResource(e2e.db, office!.id, {
      kind: 'room',
      category: 'youth_club',
      name: 'Омладински клуб на кеју',
      capacity: 60,
      accessibility: 'Приземље, улаз без степеница.',
      rules: '',
      active: true,
    });
    await replaceHours(
      e2e.db,
      office!.id,
      club,
      [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '10:00', closes: '23:00' })),
    );
    await visit(y, page);
    await checkA11y(y);
    await y.getByRole('link', { name: t(L, 'init.space.book') }).click();
    await y.waitForURL(/prostor\/zahtev\?inicijativa=/);
    await checkA11y(y);
    // The form starts from the initiative: its title, the group booking, the date it starts.
    assert.match(await y.locator('main').innerText(), new RegExp(t(L, 'bk.request.forInitiative', { title: TITLE })));
    assert.equal(await y.locator('#f-group_name').inputValue(), 'Ekipa sa keja');
    assert.equal(await y.locator('#f-purpose').inputValue(), TITLE);
    assert.equal(await y.locator('#f-date').inputValue(), '2027-08-06');
    await screenshot(y, 'initiatives-book-lat');
    const form = y.locator('main form');
    await form.getByLabel(/^Omladinski klub na keju/).check();
    await form.getByLabel(/^Projektor \(/).check();
    await form.getByLabel(t(L, 'bk.from'), { exact: true }).fill('20:00');
    await form.getByLabel(t(L, 'bk.to'), { exact: true }).fill('22:00');
    await y.locator('#f-attendees').fill('40');
    // The projector is lent only in office hours: refused with the message, nothing stored.
    await submit(y, t(L, 'bk.request'), 400);
    assert.match(await y.locator('#f-from-error').innerText(), /Projektor/);
    await screenshot(y, 'initiatives-book-error-lat');
    const requests = () =>
      e2e.db.query<{ id: string; status: string }>(
        `SELECT r.id, r.status FROM booking_requests r JOIN initiatives i ON i.office_id = r.office_id AND i.id = r.initiative_id WHERE i.title = $1`,
        [TITLE],
      );
    assert.equal((await requests()).length, 0);
    await form.getByLabel(t(L, 'bk.from'), { exact: true }).fill('13:00');
    await form.getByLabel(t(L, 'bk.to'), { exact: true }).fill('15:00');
    await Promise.all([y.waitForURL(/n=bk\.n\.sent/), form.getByRole('button', { name: t(L, 'bk.request') }).click()]);
    await checkA11y(y);
    const [req] = await requests();
    assert.equal(req?.status, 'pending');

    // The coordinator approves it; the initiative's page lists both, approved.
    await visit(c, `/${L}/admin/kancelarije/pancevo/prostor/zahtevi/${req!.id}`);
    await checkA11y(c);
    assert.match(await c.locator('main').innerText(), new RegExp(TITLE));
    await Promise.all([c.waitForURL(/n=bk\.n\.approved/), c.getByRole('button', { name: t(L, 'bk.approve') }).click()]);
    await checkA11y(c);
    await visit(y, page);
    await checkA11y(y);
    const space = await y.locator('section[aria-labelledby="init-space"]').innerText();
    assert.match(space, /Omladinski klub na keju/);
    assert.match(space, /Projektor/);
    assert.match(space, new RegExp(t(L, 'bk.status.approved')));
    await screenshot(y, 'initiatives-space-lat');
  });
});
