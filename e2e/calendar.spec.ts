import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import { inScript } from '../src/core/i18n/locale.ts';
import { t } from '../src/core/i18n/messages.ts';
import { DEMO_TRAINING_TITLE } from '../src/features/activities/demo.ts';
import { checkA11y, type E2E, signIn, startE2E, visit } from './harness.ts';

/**
 * Issue #5's calendar in Chromium, axe on every page visited: a visitor opens the calendar
 * from the main menu, narrows it by area and type, finds the demo training by searching in
 * either script, opens it (places left, sign-up link, Open Graph tags), downloads its .ics and
 * the file parses back with one event per session; the office page links to its calendar,
 * whose month view shows the sessions; the public pages load no JavaScript.
 */
let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
});

describe('the public calendar in the browser', () => {
  test('a visitor finds an activity by filter and by search in both scripts, opens it and downloads the .ics', async () => {
    const context = await e2e.newContext();
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });

    // From the main menu to the all-offices calendar (Latin).
    await visit(page, '/lat/');
    await page
      .getByRole('navigation', { name: t('lat', 'nav.main') })
      .getByRole('link', { name: t('lat', 'calendar.nav') })
      .click();
    await page.waitForURL('**/lat/aktivnosti');
    await checkA11y(page);
    assert.ok((await page.getByRole('link', { name: DEMO_TRAINING_TITLE }).count()) >= 1, 'the demo training is listed');

    // Filters: area and type, then places left.
    const filters = page.getByRole('search');
    await filters.getByLabel(t('lat', 'calendar.area')).selectOption('health');
    await filters.getByLabel(t('lat', 'calendar.kind')).selectOption('training');
    await filters.getByRole('button', { name: t('lat', 'calendar.search') }).click();
    await page.waitForURL(/oblast=health/);
    await checkA11y(page);
    assert.equal(await page.getByRole('link', { name: DEMO_TRAINING_TITLE }).count(), 1);
    const titles = await page.locator('main .cards h2').allTextContents();
    assert.ok(titles.length >= 1);
    await filters.getByLabel(t('lat', 'calendar.kind')).selectOption('camp');
    await filters.getByRole('button', { name: t('lat', 'calendar.search') }).click();
    await page.waitForURL(/vrsta=camp/);
    assert.equal(await page.getByRole('link', { name: DEMO_TRAINING_TITLE }).count(), 0, 'a camp filter leaves the training out');

    // Search typed in Cyrillic on the Latin page, and without diacritics on the Cyrillic one.
    await visit(page, '/lat/aktivnosti');
    await page.getByRole('search').getByLabel(t('lat', 'calendar.q')).fill('вршњачке едукаторе');
    await page
      .getByRole('search')
      .getByRole('button', { name: t('lat', 'calendar.search') })
      .click();
    await page.waitForURL(/q=/);
    await checkA11y(page);
    assert.equal(await page.getByRole('link', { name: DEMO_TRAINING_TITLE }).count(), 1);

    const cirTitle = inScript('cir', DEMO_TRAINING_TITLE);
    await visit(page, '/cir/aktivnosti');
    await page.getByRole('search').getByLabel(t('cir', 'calendar.q')).fill('vrsnjacke edukatore');
    await page
      .getByRole('search')
      .getByRole('button', { name: t('cir', 'calendar.search') })
      .click();
    await page.waitForURL(/q=/);
    await checkA11y(page);
    await page.getByRole('link', { name: cirTitle }).click();
    await page.waitForURL(/\/cir\/kancelarije\/pancevo\/aktivnosti\/[0-9a-f-]{36}$/);
    await checkA11y(page);

    // The activity page: title, places left, sign-up link, sharing tags.
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), cirTitle);
    assert.match((await page.locator('section[aria-labelledby="signup"]').textContent()) ?? '', /Слободних места: \d+ од 20/);
    const signup = page
      .locator('section[aria-labelledby="signup"]')
      .getByRole('link', { name: t('cir', 'calendar.activity.signup.button') });
    assert.match((await signup.getAttribute('href')) ?? '', /\/cir\/kancelarije\/pancevo\/aktivnosti\/[0-9a-f-]{36}\/prijava$/);
    assert.equal(await page.locator('meta[property="og:title"]').getAttribute('content'), cirTitle);
    assert.match(
      (await page.locator('meta[property="og:url"]').getAttribute('content')) ?? '',
      /^http:\/\/127\.0\.0\.1:\d+\/cir\/kancelarije\/pancevo\/aktivnosti\//,
    );
    const activityId = /aktivnosti\/([0-9a-f-]{36})$/.exec(page.url())![1]!;

    // "Add to calendar": a download that parses back with one event per session.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: t('cir', 'calendar.activity.addToCalendar') }).click(),
    ]);
    const file = await download.path();
    const comp = new ICAL.Component(ICAL.parse(await readFile(file, 'utf8')));
    for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
    const events = comp.getAllSubcomponents('vevent').map((ve) => new ICAL.Event(ve));
    assert.equal(events.length, 5, 'five sessions, five events');
    assert.ok(events.every((e) => e.summary.startsWith(cirTitle)));
    assert.ok(events.every((e) => e.startDate.zone?.tzid === 'Europe/Belgrade'));
    assert.ok(events.every((e) => e.startDate.toJSDate() > new Date()));
    assert.match(
      String(events[0]!.component.getFirstPropertyValue('url')),
      new RegExp(`/cir/kancelarije/pancevo/aktivnosti/${activityId}$`),
    );

    assert.deepEqual(scripts, [], 'public pages load no JavaScript');
    await context.close();
  });

  test('a signed-in young person signs up with one click from the activity page and then sees their status', async () => {
    const context = await e2e.newContext();
    const page = await context.newPage();
    await signIn(e2e, context, 'mladi@primer.test');
    // The first activity with places left that offers the one-click form (no extra questions, not yet signed up).
    await visit(page, '/lat/kancelarije/pancevo/aktivnosti?slobodno=1');
    const links = await page.locator('main .cards h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const signup = page.locator('section[aria-labelledby="signup"]');
    let opened = '';
    for (const href of links) {
      await visit(page, href);
      if ((await signup.locator('form button').count()) > 0) {
        opened = href;
        break;
      }
    }
    assert.ok(opened, 'an activity with the one-click form');
    await checkA11y(page);
    await signup.getByRole('button', { name: t('lat', 'calendar.activity.signup.button') }).click();
    await page.waitForURL(/\/prijava\?n=/);
    await visit(page, opened);
    await checkA11y(page);
    const text = (await signup.textContent()) ?? '';
    assert.ok(
      [t('lat', 'calendar.activity.status.confirmed'), t('lat', 'calendar.activity.status.pending')].some((m) => text.includes(m)),
      `the status is shown: ${text}`,
    );
    assert.equal(await signup.locator('form').count(), 0, 'no second sign-up form');
    await context.close();
  });

  test('the office page links to its calendar; the month view shows the sessions', async () => {
    const context = await e2e.newContext();
    const page = await context.newPage();
    await visit(page, '/lat/kancelarije/pancevo');
    await page
      .getByRole('link', { name: t('lat', 'calendar.link') })
      .first()
      .click();
    await page.waitForURL('**/lat/kancelarije/pancevo/aktivnosti');
    await checkA11y(page);
    await page
      .getByRole('navigation', { name: t('lat', 'calendar.view') })
      .getByRole('link', { name: t('lat', 'calendar.view.month') })
      .click();
    await page.waitForURL(/prikaz=mesec/);
    await checkA11y(page);
    // Walk forward until a month shows the training (its five weekly sessions span two months at most).
    let found = 0;
    for (let i = 0; i < 3 && found === 0; i++) {
      found = await page.locator('table.month').getByRole('link', { name: DEMO_TRAINING_TITLE }).count();
      if (found === 0) {
        const next = page.getByRole('link', { name: /^Sledeći mesec sa aktivnostima/ });
        if ((await next.count()) === 0) break;
        await next.click();
        await page.waitForLoadState();
        await checkA11y(page);
      }
    }
    assert.ok(found >= 1, 'the month view shows the training’s sessions');
    // The feeds answer (they are downloads, outside the script prefix).
    for (const href of await page
      .locator('#subscribe ~ ul a, section[aria-labelledby="subscribe"] a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      const res = await context.request.get(href);
      assert.equal(res.status(), 200, href);
    }
    await context.close();
  });
});
