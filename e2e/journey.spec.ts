import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { HREFLANG, LOCALE_NAMES, LOCALES, inScript, type Locale } from '../src/core/i18n/locale.ts';
import { t, type MessageKey } from '../src/core/i18n/messages.ts';
import { isOpenAt } from '../src/features/offices/hours.ts';
import { DEMO_OFFICES } from '../src/seed/demo.ts';
import { checkA11y, type E2E, notice, signIn, startE2E, visit } from './harness.ts';

/**
 * The visitor's journey from the issue, in a real browser against a real server: script
 * switch, directory search, office page, sign-up with the confirmation mail going through
 * the outbox and SMTP, log-in, log-out; the under-15 and invalid sign-ups; and a coordinator
 * editing the office's public page. axe checks every page visited (WCAG 2.2 AA, no violations).
 */

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
});

const pathOf = (page: Page) => {
  const u = new URL(page.url());
  return u.pathname + u.search;
};

const lang = (page: Page) => page.locator('html').getAttribute('lang');

/** YYYY-MM-DD of today minus the given years (and days), as a date input takes it. */
function yearsAgo(years: number, days = 0): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() - years);
  d.setDate(d.getDate() - days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Fills the sign-up form (on /<locale>/nalog/registracija) and submits it. */
async function fillSignUp(
  page: Page,
  locale: Locale,
  f: { name: string; email: string; password: string; birth: string; consent: boolean },
) {
  const form = page.locator('main form');
  await form.getByLabel(t(locale, 'signup.name')).fill(f.name);
  await form.getByLabel(t(locale, 'signup.email')).fill(f.email);
  await form.getByLabel(t(locale, 'signup.password')).fill(f.password);
  await form.getByLabel(t(locale, 'signup.birth')).fill(f.birth);
  if (f.consent) await form.getByRole('checkbox').check();
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    form.getByRole('button', { name: t(locale, 'signup.submit') }).click(),
  ]);
  await page.waitForLoadState();
  return res;
}

/** Fills and submits the log-in form already on the page; lands on the account page (staff: the administration page). */
async function submitLogIn(page: Page, locale: Locale, email: string, password: string): Promise<void> {
  const form = page.locator('main form').first();
  await form.getByLabel(t(locale, 'signup.email')).fill(email);
  await form.getByLabel(t(locale, 'signup.password')).fill(password);
  await form.getByRole('button', { name: t(locale, 'login.submit') }).click();
  await page.waitForURL(new RegExp(`/${locale}/(nalog|admin)$`));
}

const userCount = async (email: string) =>
  Number((await e2e.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE lower(email) = lower($1)', [email]))[0]?.n);

describe('visitor journey', () => {
  test('/ opens the Cyrillic home; the script switch changes <html lang> and is remembered', async () => {
    const context = await e2e.newContext();
    const page = await context.newPage();
    await visit(page, '/');
    assert.equal(pathOf(page), '/cir/');
    assert.equal(await lang(page), 'sr-Cyrl');
    await checkA11y(page);

    let current: Locale = 'cir';
    for (const locale of ['lat', 'en', 'cir'] as const) {
      // The switch is labelled in the language of the page it is on.
      const nav = page.getByRole('navigation', { name: t(current, 'nav.script') });
      await nav.getByRole('link', { name: LOCALE_NAMES[locale], exact: true }).click();
      await page.waitForURL(`**/${locale}/`);
      assert.equal(await lang(page), HREFLANG[locale]);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), t(locale, 'home.title'));
      assert.equal(
        await page
          .getByRole('navigation', { name: t(locale, 'nav.script') })
          .locator('[aria-current="true"]')
          .textContent(),
        LOCALE_NAMES[locale],
      );
      if (locale !== 'cir') await checkA11y(page); // the Cyrillic home was checked above

      // A new visit to / in the same browser lands on the chosen script.
      const again = await context.newPage();
      await visit(again, '/');
      assert.equal(pathOf(again), `/${locale}/`);
      assert.equal(await lang(again), HREFLANG[locale]);
      await again.close();
      current = locale;
    }
    await context.close();
  });

  test('the directory finds Čačak for "Чачак" and "cacak" in either script; its page shows hours and address', async () => {
    const context = await e2e.newContext();
    const page = await context.newPage();
    for (const locale of ['lat', 'cir'] as const) {
      await visit(page, `/${locale}/`);
      await page
        .getByRole('navigation', { name: t(locale, 'nav.main') })
        .getByRole('link', { name: t(locale, 'nav.offices') })
        .click();
      await page.waitForURL(`**/${locale}/kancelarije`);
      await checkA11y(page);
      for (const query of ['Чачак', 'cacak']) {
        const search = page.getByRole('search');
        await search.getByLabel(t(locale, 'dir.q')).fill(query);
        await search.getByRole('button', { name: t(locale, 'dir.search') }).click();
        await page.waitForURL((u) => u.searchParams.get('q') === query);
        const cards = page.locator('main .cards > li');
        assert.equal(await cards.count(), 1, `one office found for ${query} (${locale})`);
        assert.equal(await cards.getByRole('link').getAttribute('href'), `/${locale}/kancelarije/cacak`);
        assert.match((await cards.textContent()) ?? '', new RegExp(inScript(locale, 'Čačak')));
        assert.equal(await page.locator('main p.count[role="status"]').textContent(), t(locale, 'dir.found', { n: 1 }));
      }
      await checkA11y(page);
    }

    // Open the office from the (Cyrillic) results. "Open now" is judged on the server's clock;
    // asked before and after the page loads, the answer is certain unless the page straddled
    // an opening or closing minute.
    const cacakHours = DEMO_OFFICES.find((d) => d.office.slug === 'cacak')!.hours;
    const openBefore = isOpenAt(cacakHours, new Date());
    await page.locator('main .cards').getByRole('link').click();
    await page.waitForURL('**/cir/kancelarije/cacak');
    const openAfter = isOpenAt(cacakHours, new Date());
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), inScript('cir', 'Kancelarija za mlade grada Čačka'));
    const hours = page.locator('section[aria-labelledby="hours"]');
    assert.equal(await hours.getByRole('heading', { level: 2 }).textContent(), t('cir', 'office.hours'));
    // "Open now" stands at the top of the office's front page, its hours further down.
    const status = (await page.locator('main p.status strong').textContent()) ?? '';
    const expected = [openBefore, openAfter].map((open) => t('cir', open ? 'office.openNow' : 'office.closedNow'));
    assert.ok(expected.includes(status), `"${status}" is one of ${expected.join(' / ')}`);
    assert.match((await hours.locator('dl.hours').textContent()) ?? '', /07:00–15:00/);
    const contact = page.locator('section[aria-labelledby="contact"]');
    assert.equal(await contact.locator('dt').first().textContent(), t('cir', 'office.address'));
    assert.match(
      (await contact.locator('dd').first().textContent()) ?? '',
      new RegExp(`${inScript('cir', 'Gradski trg, Dom kulture')}, 32000 ${inScript('cir', 'Čačak')}`),
    );
    await checkA11y(page);
    await context.close();
  });

  test('sign-up → confirmation mail over SMTP → confirm → log in → account → log out', async () => {
    const context = await e2e.newContext();
    const page = await context.newPage();
    const person = {
      name: 'Милица Тестић',
      email: 'milica.testic@example.rs',
      password: 'дуга лозинка 2025',
      birth: yearsAgo(19),
      consent: true,
    };
    const mailsBefore = e2e.smtp.received.length;

    await visit(page, '/cir/');
    await page
      .getByRole('navigation', { name: t('cir', 'nav.main') })
      .getByRole('link', { name: t('cir', 'nav.signup') })
      .click();
    await page.waitForURL('**/cir/nalog/registracija');
    await checkA11y(page);
    const res = await fillSignUp(page, 'cir', person);
    assert.equal(res.status(), 200);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), t('cir', 'signup.checkMail.title'));
    assert.equal(await page.locator('main p[role="status"]').textContent(), t('cir', 'signup.checkMail.text', { email: person.email }));
    await checkA11y(page);

    // The mail went outbox → MailWorker → nodemailer → the SMTP server.
    const mail = await e2e.smtp.waitForMail(person.email, { since: mailsBefore });
    assert.match(mail.text, new RegExp(person.name));
    const link = new RegExp(`${e2e.baseUrl}/cir/nalog/potvrda\\?token=\\S+`).exec(mail.text)?.[0];
    assert.ok(link, `a confirmation link to this server in:\n${mail.text}`);

    await visit(page, link);
    assert.equal(pathOf(page), '/cir/nalog/prijava?n=confirm.ok');
    assert.equal(await notice(page).textContent(), t('cir', 'confirm.ok'));
    await checkA11y(page);

    await submitLogIn(page, 'cir', person.email, person.password);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), t('cir', 'account.title'));
    assert.equal(await page.locator('section[aria-labelledby="details"] dd').first().textContent(), person.name);
    await checkA11y(page);

    const mainNav = page.getByRole('navigation', { name: t('cir', 'nav.main') });
    await mainNav.getByRole('button', { name: t('cir', 'nav.logout') }).click();
    await page.waitForURL('**/cir/?n=logout.done');
    assert.equal(await notice(page).textContent(), t('cir', 'logout.done'));
    assert.equal(await mainNav.getByRole('link', { name: t('cir', 'nav.login') }).count(), 1);
    await checkA11y(page);
    // The session is over: the account page asks to log in again.
    await visit(page, '/cir/nalog');
    assert.equal(pathOf(page), `/cir/nalog/prijava?next=${encodeURIComponent('/cir/nalog')}`);
    await context.close();
  });

  test('a sign-up under 15 shows how to join with a parent and creates no account', async () => {
    const context = await e2e.newContext();
    const page = await context.newPage();
    const email = 'mladji@example.rs';
    await visit(page, '/lat/nalog/registracija');
    const res = await fillSignUp(page, 'lat', {
      name: 'Mali Mladić',
      email,
      password: 'dovoljno-duga-lozinka',
      birth: yearsAgo(14, 30),
      consent: true,
    });
    assert.equal(res.status(), 200);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), t('lat', 'signup.under15.title'));
    assert.match((await page.locator('main').textContent()) ?? '', new RegExp(t('lat', 'signup.under15.how').slice(0, 40)));
    assert.equal(await page.getByRole('link', { name: t('lat', 'signup.under15.find') }).getAttribute('href'), '/lat/kancelarije');
    await checkA11y(page);
    assert.equal(await userCount(email), 0, 'no account');
    const queued = await e2e.db.query('SELECT 1 FROM outbox WHERE lower(recipient) = lower($1)', [email]);
    assert.equal(queued.length, 0, 'no mail');
    await context.close();
  });

  test('an invalid sign-up re-renders with messages at the fields, aria-invalid, and the typed values kept', async () => {
    const context = await e2e.newContext();
    const page = await context.newPage();
    const typed = { name: 'Ана Провера', email: 'ana(at)primer', password: 'kratka', birth: yearsAgo(22), consent: false };
    await visit(page, '/cir/nalog/registracija');
    const res = await fillSignUp(page, 'cir', typed);
    assert.equal(res.status(), 400);

    const expected: Array<[string, MessageKey]> = [
      ['email', 'err.email'],
      ['password', 'err.passwordShort'],
      ['consent', 'err.consent'],
    ];
    for (const [field, key] of expected) {
      const input = page.locator(`#f-${field}`);
      assert.equal(await input.getAttribute('aria-invalid'), 'true', `${field} is aria-invalid`);
      assert.match((await input.getAttribute('aria-describedby')) ?? '', new RegExp(`\\bf-${field}-error\\b`));
      assert.equal(await page.locator(`#f-${field}-error`).textContent(), t('cir', key));
    }
    for (const field of ['display_name', 'birth_date']) {
      assert.equal(await page.locator(`#f-${field}`).getAttribute('aria-invalid'), null, `${field} is valid`);
    }
    // The summary on top lists the errors and links to the fields.
    const summary = page.getByRole('alert');
    assert.equal(await summary.getByRole('link').count(), 3);
    assert.equal(await summary.getByRole('link', { name: t('cir', 'err.email') }).getAttribute('href'), '#f-email');

    assert.equal(await page.locator('#f-display_name').inputValue(), typed.name);
    assert.equal(await page.locator('#f-email').inputValue(), typed.email);
    assert.equal(await page.locator('#f-birth_date').inputValue(), typed.birth);
    assert.equal(await page.locator('#f-password').inputValue(), '', 'the password is not sent back');
    await checkA11y(page);
    assert.equal(await userCount(typed.email), 0);
    await context.close();
  });

  test('a coordinator edits the office description and the public page shows it at once', async () => {
    const visitor = await e2e.newContext();
    const publicPage = await visitor.newPage();
    // Fill the page cache with the anonymous office page.
    await visit(publicPage, '/cir/kancelarije/pancevo');
    const cached = await visit(publicPage, '/cir/kancelarije/pancevo');
    assert.equal(cached.headers()['x-cache'], 'hit', 'the public office page is served from the cache');

    const context = await e2e.newContext();
    const page = await context.newPage();
    await signIn(e2e, context, 'pancevo@primer.test');
    await visit(page, '/cir/');
    await page
      .getByRole('navigation', { name: t('cir', 'nav.main') })
      .getByRole('link', { name: t('cir', 'nav.admin') })
      .click();
    await page.waitForURL('**/cir/admin');
    await checkA11y(page);
    await page.getByRole('link', { name: t('cir', 'admin.edit') }).click();
    await page.waitForURL('**/cir/admin/kancelarije/pancevo');
    await checkA11y(page);

    const text = `Радионице сваке среде у 17 часова (измена ${Date.now()}).`;
    // The label reads "Опис (није обавезно)"; a bare "Опис" would also match "Опис броја 1".
    const description = page.getByLabel(`${t('cir', 'field.description')} ${t('cir', 'form.optional')}`, { exact: true });
    await description.fill(text);
    await page.getByRole('button', { name: t('cir', 'form.save') }).click();
    await page.waitForURL('**/cir/admin/kancelarije/pancevo?n=form.saved');
    assert.equal(await notice(page).textContent(), t('cir', 'form.saved'));
    assert.equal(await description.inputValue(), text);
    await checkA11y(page);

    // The visitor sees the new text right away (the cached page was dropped), in each script.
    const fresh = await visit(publicPage, '/cir/kancelarije/pancevo');
    assert.notEqual(fresh.headers()['x-cache'], 'hit');
    assert.equal(await publicPage.locator('section[aria-labelledby="about"] p').first().textContent(), text);
    await visit(publicPage, '/lat/kancelarije/pancevo');
    assert.equal(await publicPage.locator('section[aria-labelledby="about"] p').first().textContent(), inScript('lat', text));

    // The coordinator's own link to the public page shows it too.
    await visit(page, '/cir/admin/kancelarije/pancevo');
    await page
      .locator('main .crumbs')
      .getByRole('link', { name: t('cir', 'admin.view') })
      .click();
    await page.waitForURL('**/cir/kancelarije/pancevo');
    assert.equal(await page.locator('section[aria-labelledby="about"] p').first().textContent(), text);
    await checkA11y(page);
    await context.close();
    await visitor.close();
  });
});

describe('accessibility in all three scripts', () => {
  const PUBLIC_PAGES = [
    '/',
    '/kancelarije',
    '/kancelarije?q=nema-takve',
    '/kancelarije/pancevo',
    '/kancelarije/ivanjica',
    '/kancelarije/opovo',
    '/nalog/registracija',
    '/nalog/prijava',
    '/nalog/zaboravljena-lozinka',
    '/privatnost',
  ];

  /** Runs fn for the three scripts at once, one tab each (axe is the slow part); reports every failure. */
  async function inEachScript(context: BrowserContext, fn: (page: Page, locale: Locale) => Promise<void>): Promise<void> {
    const results = await Promise.allSettled(LOCALES.map(async (locale) => fn(await context.newPage(), locale)));
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, errors.map((e) => e.message).join('\n\n'));
  }

  test('public pages and the 404 page', async () => {
    const context = await e2e.newContext();
    await inEachScript(context, async (page, locale) => {
      for (const path of PUBLIC_PAGES) {
        await visit(page, `/${locale}${path}`);
        assert.equal(await lang(page), HREFLANG[locale]);
        await checkA11y(page);
      }
      await visit(page, `/${locale}/kancelarije/nema-je`, 404);
      await checkA11y(page);
    });
    await context.close();
  });

  test('account and administration pages', async () => {
    const context = await e2e.newContext();
    await signIn(e2e, context, 'pancevo@primer.test');
    await inEachScript(context, async (page, locale) => {
      for (const path of ['/nalog', '/admin', '/admin/kancelarije/pancevo', '/admin/kancelarije/pancevo/tim']) {
        await visit(page, `/${locale}${path}`);
        assert.equal(await lang(page), HREFLANG[locale]);
        await checkA11y(page);
      }
    });
    await context.close();
  });
});
