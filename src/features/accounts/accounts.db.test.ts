import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, lastMailTo, linkIn, type TestApp } from '../../../test/app.ts';
import { PRIVACY_NOTICE_VERSION } from './service.ts';
import { yearsAgo } from './testing.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const signUpFields = (email: string, birth = yearsAgo(20)) => ({
  display_name: 'Ana Probna',
  email,
  password: 'dugacka-lozinka-2026',
  birth_date: birth,
  consent: 'on',
});

const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(sql, params))[0]!.n;

describe('sign-up', () => {
  test('from 15 a person signs up alone; consent is recorded with the notice version; a confirmation mail is queued', async () => {
    const res = await t.client().post('/lat/nalog/registracija', signUpFields('ana@primer.test', yearsAgo(15)));
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Proverite poštu/);
    const users = await t.db.query<{ id: string; email_confirmed_at: Date | null; locale: string }>(
      "SELECT id, email_confirmed_at, locale FROM users WHERE email = 'ana@primer.test'",
    );
    assert.equal(users.length, 1);
    assert.equal(users[0]!.email_confirmed_at, null);
    assert.equal(users[0]!.locale, 'lat');
    const consents = await t.db.query<{ notice_version: string; given_by: string }>(
      'SELECT notice_version, given_by FROM consents WHERE user_id = $1',
      [users[0]!.id],
    );
    assert.deepEqual(consents, [{ notice_version: PRIVACY_NOTICE_VERSION, given_by: 'self' }]);
    const mail = await lastMailTo(t.db, 'ana@primer.test');
    assert.ok(mail);
    assert.match(mail.subject, /Potvrdite e-adresu/);
    assert.match(linkIn(mail.body_text), /^\/lat\/nalog\/potvrda\?token=/);
  });

  test('under 15 (one day short) no account is created and the page explains how to join with a parent', async () => {
    const before = await count('SELECT count(*)::int AS n FROM users');
    const res = await t.client().post('/cir/nalog/registracija', signUpFields('mali@primer.test', yearsAgo(15, -1)));
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /Млађи сте од 15 година/);
    assert.match(html, /родитељем или старатељем/);
    assert.equal(await count('SELECT count(*)::int AS n FROM users'), before);
    assert.equal(await lastMailTo(t.db, 'mali@primer.test'), undefined);
  });

  test("bad input re-renders with messages next to the fields, in the reader's script, keeping what was typed", async () => {
    const res = await t.client().post('/cir/nalog/registracija', {
      display_name: 'Марко <b>Марковић</b>',
      email: 'nije-adresa',
      password: 'kratka',
      birth_date: '2099-01-01',
    });
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /Упишите исправну е-адресу/);
    assert.match(html, /Лозинка мора имати најмање 10 знакова/);
    assert.match(html, /Без ваше сагласности/);
    assert.match(html, /id="f-email"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-email"/);
    assert.match(html, /value="nije-adresa"/);
    assert.match(html, /Марко &lt;b&gt;Марковић&lt;\/b&gt;/, 'typed name kept, escaped');
    assert.doesNotMatch(html, /kratka/, 'the password is never echoed');
  });

  test('birth dates in the future or absurdly old are refused with a clear message', async () => {
    const future = await t.client().post('/lat/nalog/registracija', signUpFields('buducnost@primer.test', yearsAgo(-1)));
    assert.equal(future.status, 400);
    assert.match(await future.text(), /Datum rođenja ne može biti u budućnosti/);
    const old = await t.client().post('/en/nalog/registracija', signUpFields('staro@primer.test', '1850-01-01'));
    assert.equal(old.status, 400);
    assert.match(await old.text(), /outside any sensible range/);
    const nonsense = await t.client().post('/lat/nalog/registracija', signUpFields('datum@primer.test', '31.02.2005'));
    assert.equal(nonsense.status, 400);
    assert.match(await nonsense.text(), /Upišite datum/);
  });

  test('a taken address gets the same answer, and its owner a mail instead of a second account', async () => {
    const res = await t.client().post('/lat/nalog/registracija', signUpFields('MLADI@primer.test'));
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Proverite poštu/);
    assert.equal(await count("SELECT count(*)::int AS n FROM users WHERE lower(email) = 'mladi@primer.test'"), 1);
    const mail = await lastMailTo(t.db, 'mladi@primer.test');
    assert.match(mail!.subject, /Već imate nalog/);
  });
});

describe('confirm, log in, log out', () => {
  test('an unconfirmed account cannot log in; the mailed link confirms it once; then log-in works with a new session id', async () => {
    const email = 'tok@primer.test';
    await t.client().post('/lat/nalog/registracija', signUpFields(email));
    const browser = t.client();
    const early = await browser.post('/lat/nalog/prijava', { email, password: 'dugacka-lozinka-2026' });
    assert.equal(early.status, 400);
    assert.match(await early.text(), /Prvo potvrdite e-adresu/);

    const link = linkIn((await lastMailTo(t.db, email))!.body_text);
    const confirmed = await browser.get(link);
    assert.equal(confirmed.status, 303);
    assert.match(confirmed.headers.get('location')!, /n=confirm\.ok/);
    const again = await browser.get(link);
    assert.match(again.headers.get('location')!, /n=confirm\.bad/, 'a confirmation link works once');

    browser.cookies.set('kzm_session', 'A'.repeat(43)); // a stale cookie from before
    const login = await browser.post('/lat/nalog/prijava', {
      email: 'TOK@primer.test',
      password: 'dugacka-lozinka-2026',
      next: '/lat/kancelarije',
    });
    assert.equal(login.status, 303);
    assert.equal(login.headers.get('location'), '/lat/kancelarije');
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('kzm_session='))!;
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.doesNotMatch(cookie, /Secure/i, 'plain http in tests');
    assert.notEqual(browser.cookies.get('kzm_session'), 'A'.repeat(43));

    const account = await browser.get('/lat/nalog');
    assert.equal(account.status, 200);
    const html = await account.text();
    assert.match(html, /Ana Probna/);
    assert.match(html, new RegExp(`verzija ${PRIVACY_NOTICE_VERSION}`));

    const logout = await browser.post('/lat/nalog/odjava', {});
    assert.equal(logout.status, 303);
    assert.equal((await browser.get('/lat/nalog')).status, 303, 'logged out: the account page asks to log in again');
  });

  test('a wrong password is refused with one message that does not say which part was wrong', async () => {
    const wrong = await t.client().post('/lat/nalog/prijava', { email: 'mladi@primer.test', password: 'pogresna-lozinka' });
    assert.equal(wrong.status, 400);
    const nobody = await t.client().post('/lat/nalog/prijava', { email: 'niko@primer.test', password: 'pogresna-lozinka' });
    assert.equal(nobody.status, 400);
    const a = (await wrong.text()).match(/Pogrešna e-adresa ili lozinka/);
    const b = (await nobody.text()).match(/Pogrešna e-adresa ili lozinka/);
    assert.ok(a && b);
  });

  test('staff land on their administration page after logging in; a young person on the account page', async () => {
    for (const [email, landing] of [
      ['pancevo@primer.test', '/cir/admin'],
      ['admin@primer.test', '/cir/admin'],
      ['mladi@primer.test', '/cir/nalog'],
    ]) {
      const res = await t.client().post('/cir/nalog/prijava', { email: email!, password: 'demo-lozinka' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), landing, email);
    }
  });

  test('the next parameter only redirects within this site', async () => {
    for (const next of ['https://zlo.example/', '//zlo.example/', '/\\zlo.example']) {
      const res = await t.client().post('/lat/nalog/prijava', { email: 'mladi@primer.test', password: 'demo-lozinka', next });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/lat/nalog', next);
    }
  });

  test('log-in is throttled per address after 10 attempts, even with the right password', async () => {
    const email = 'savet@primer.test';
    for (let i = 0; i < 10; i++) {
      const r = await t.client().post('/lat/nalog/prijava', { email, password: `pogresna-${i}-lozinka` });
      assert.equal(r.status, 400);
    }
    const blocked = await t.client().post('/lat/nalog/prijava', { email, password: 'demo-lozinka' });
    assert.equal(blocked.status, 429);
    assert.match(await blocked.text(), /Previše pokušaja/);
  });
});

describe('password reset', () => {
  test('a reset link sets a new password once and ends every session', async () => {
    const email = 'udruzenje@primer.test';
    const other = await t.clientAs(email);
    assert.equal((await other.get('/lat/nalog')).status, 200);
    const res = await t.client().post('/lat/nalog/zaboravljena-lozinka', { email });
    assert.match(await res.text(), /Ako nalog sa tom adresom postoji/);
    const link = linkIn((await lastMailTo(t.db, email))!.body_text);
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    const form = await t.client().get(link);
    assert.equal(form.status, 200);
    const short = await t.client().post('/lat/nalog/nova-lozinka', { token, password: 'kratka' });
    assert.equal(short.status, 400);
    const done = await t.client().post('/lat/nalog/nova-lozinka', { token, password: 'potpuno-nova-lozinka' });
    assert.equal(done.status, 303);
    assert.equal((await other.get('/lat/nalog')).status, 303, 'the other session ended');
    const reuse = await t.client().post('/lat/nalog/nova-lozinka', { token, password: 'jos-jedna-lozinka' });
    assert.equal(reuse.status, 400);
    const login = await t.client().post('/lat/nalog/prijava', { email, password: 'potpuno-nova-lozinka' });
    assert.equal(login.status, 303);
  });

  test('an unknown address gets the same answer and no mail', async () => {
    const res = await t.client().post('/lat/nalog/zaboravljena-lozinka', { email: 'nepoznat@primer.test' });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Ako nalog sa tom adresom postoji/);
    assert.equal(await lastMailTo(t.db, 'nepoznat@primer.test'), undefined);
  });

  test('mail-sending endpoints are throttled per address', async () => {
    const email = 'ivanjica@primer.test';
    for (let i = 0; i < 5; i++) assert.equal((await t.client().post('/lat/nalog/zaboravljena-lozinka', { email })).status, 200);
    const blocked = await t.client().post('/lat/nalog/zaboravljena-lozinka', { email });
    assert.equal(blocked.status, 429);
    assert.equal(await count('SELECT count(*)::int AS n FROM outbox WHERE recipient = $1', [email]), 5);
  });
});

describe('change e-mail', () => {
  test('needs the current password, is confirmed from the new address, and tells the old one', async () => {
    const c = await t.clientAs('cacak@primer.test');
    const wrong = await c.post('/lat/nalog/email', { new_email: 'luka.novi@primer.test', current_password: 'nije-ta' });
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /Lozinka nije tačna/);
    const ok = await c.post('/lat/nalog/email', { new_email: 'luka.novi@primer.test', current_password: 'demo-lozinka' });
    assert.equal(ok.status, 303);
    assert.equal(
      await count("SELECT count(*)::int AS n FROM users WHERE email = 'cacak@primer.test'"),
      1,
      'nothing changes before confirmation',
    );
    const link = linkIn((await lastMailTo(t.db, 'luka.novi@primer.test'))!.body_text);
    const confirm = await c.get(link);
    assert.match(confirm.headers.get('location')!, /account\.changeEmail\.done/);
    assert.equal(await count("SELECT count(*)::int AS n FROM users WHERE email = 'luka.novi@primer.test'"), 1);
    assert.match((await lastMailTo(t.db, 'cacak@primer.test'))!.subject, /promenjena/);
  });
});
