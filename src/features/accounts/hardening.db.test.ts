/**
 * Issue #9, an attacker's afternoon: reset links after a reset, throttles behind a proxy,
 * locking strangers out, guessing passwords on signed-in forms. The app trusts
 * X-Forwarded-For here (TRUST_PROXY, one hop), so each request names its client address as
 * the proxy saw it: the rightmost entry.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, type ServerType } from '@hono/node-server';
import { SESSION_COOKIE } from '../../core/auth/sessions.ts';
import { sweepThrottles } from '../../core/http/throttle.ts';
import { LIMITS } from '../../core/http/throttle.ts';
import { createTestApp, lastMailTo, linkIn, type TestApp, type TestClient } from '../../../test/app.ts';
import { insertAccount } from './service.ts';

const PASSWORD = 'prava-lozinka-2026';

let t: TestApp;
let hash: string;
before(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
  hash = await t.deps.passwords.hash(PASSWORD);
});
after(() => t.close());

let serial = 0;
/** A confirmed account of its own for each test (password PASSWORD), and its address. */
async function newAccount(name: string): Promise<string> {
  const email = `${name}.${++serial}@primer.test`;
  await t.db.transaction((tx) =>
    insertAccount(tx, { email, passwordHash: hash, displayName: 'Probni Nalog', birthDate: '1990-01-01', locale: 'lat', confirmed: true }),
  );
  return email;
}

/** A client address of its own (TEST-NET-2), per test and index. */
const addr = (n: number) => `198.51.${100 + (serial % 100)}.${n % 250}`;
const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

const logIn = (email: string, password: string, ip: string, c: TestClient = t.client()) =>
  c.post('/lat/nalog/prijava', { email, password }, from(ip));

/** Every link in the outbox to this address, oldest first. */
async function linksTo(email: string): Promise<string[]> {
  const rows = await t.db.query<{ body_text: string }>('SELECT body_text FROM outbox WHERE lower(recipient) = lower($1) ORDER BY id', [
    email,
  ]);
  return rows.map((r) => linkIn(r.body_text));
}

const tokenOf = (link: string) => new URL(link, 'http://x').searchParams.get('token')!;

describe('password-reset links', () => {
  test('three resets: the newest link is used, then the two older ones are refused with a clear message and change nothing', async () => {
    const email = await newAccount('reset3');
    for (let i = 0; i < 3; i++)
      assert.equal((await t.client().post('/lat/nalog/zaboravljena-lozinka', { email }, from(addr(1)))).status, 200);
    const links = await linksTo(email);
    assert.equal(links.length, 3);
    const [oldest, middle, newest] = links as [string, string, string];

    assert.equal((await t.client().post('/lat/nalog/nova-lozinka', { token: tokenOf(newest), password: 'najnovija-lozinka' })).status, 303);

    for (const [i, link] of [oldest, middle].entries()) {
      const form = await t.client().get(link);
      assert.equal(form.status, 400, 'an older link no longer opens the form');
      const page = await form.text();
      assert.match(page, /Ova veza za novu lozinku više ne važi/);
      assert.match(page, /href="\/lat\/nalog\/zaboravljena-lozinka"/, 'and says where to ask for a new one');
      const post = await t.client().post('/lat/nalog/nova-lozinka', { token: tokenOf(link), password: `stara-veza-${i}-lozinka` });
      assert.equal(post.status, 400);
      assert.match(await post.text(), /više ne važi/);
    }
    const english = await t.client().get(oldest.replace('/lat/', '/en/'));
    assert.match(await english.text(), /This new-password link is no longer valid/);

    assert.equal((await logIn(email, 'stara-veza-0-lozinka', addr(2))).status, 400);
    assert.equal((await logIn(email, 'najnovija-lozinka', addr(2))).status, 303, 'the newest link’s password stands');
  });

  test('changing the password on the account page voids outstanding reset links, ends other sessions, keeps this one and tells the owner', async () => {
    const email = await newAccount('change');
    await t.client().post('/lat/nalog/zaboravljena-lozinka', { email }, from(addr(1)));
    const [link] = await linksTo(email);
    const other = await t.clientAs(email);
    const me = await t.clientAs(email);

    const page = await (await me.get('/lat/nalog')).text();
    assert.match(page, /action="\/lat\/nalog\/lozinka"/, 'the account page has the form');
    const wrong = await me.post(
      '/lat/nalog/lozinka',
      { old_password: 'nije-ta-lozinka', new_password: 'druga-nova-lozinka' },
      from(addr(3)),
    );
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /Lozinka nije tačna/);
    const short = await me.post('/lat/nalog/lozinka', { old_password: PASSWORD, new_password: 'kratka' }, from(addr(3)));
    assert.equal(short.status, 400);
    assert.doesNotMatch(await short.text(), new RegExp(PASSWORD), 'passwords are never echoed');

    const done = await me.post('/lat/nalog/lozinka', { old_password: PASSWORD, new_password: 'druga-nova-lozinka' }, from(addr(3)));
    assert.equal(done.status, 303);
    assert.match(done.headers.get('location')!, /n=account\.changePassword\.done/);
    assert.equal((await me.get('/lat/nalog')).status, 200, 'this session stays');
    assert.equal((await other.get('/lat/nalog')).status, 303, 'the other session ended');
    assert.match((await lastMailTo(t.db, email))!.subject, /Lozinka naloga na KZM je promenjena/);

    const reset = await t.client().get(link!);
    assert.equal(reset.status, 400);
    assert.match(await reset.text(), /više ne važi/);
    assert.equal((await t.client().post('/lat/nalog/nova-lozinka', { token: tokenOf(link!), password: 'preko-stare-veze' })).status, 400);
    assert.equal((await logIn(email, 'druga-nova-lozinka', addr(4))).status, 303);
  });
});

describe('log-in throttles', () => {
  test('strangers’ wrong passwords from many client addresses do not stop the owner’s correct password', async () => {
    const email = await newAccount('owner');
    const [budget] = LIMITS.passwordAccount;
    // More than the account's whole failure budget, each stranger under its own limit.
    for (let i = 0; i < budget + 3; i++) {
      const r = await logIn(email, `pogresna-${i}-lozinka`, addr(10 + i));
      assert.equal(r.status, 400, `stranger ${i}`);
    }
    const owner = await logIn(email, PASSWORD, addr(200));
    assert.equal(owner.status, 303, 'the owner gets in');
    assert.ok(owner.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`)));
    // A stranger past the budget is still told "wrong", not let in.
    assert.equal((await logIn(email, 'jos-jedna-pogresna', addr(201))).status, 400);
  });

  test('one client’s wrong passwords for an address stop that client only, for that address', async () => {
    const email = await newAccount('guessed');
    const [limit] = LIMITS.passwordClient;
    for (let i = 0; i < limit; i++) assert.equal((await logIn(email, `pogresna-${i}-lozinka`, addr(1))).status, 400);
    const guesser = await logIn(email, PASSWORD, addr(1));
    assert.equal(guesser.status, 429, 'the guessing client is refused, even with the right password');
    assert.match(await guesser.text(), /Previše pokušaja/);
    assert.equal((await logIn(email, PASSWORD, addr(2))).status, 303, 'the owner elsewhere is not');
  });

  test('successful log-ins never count: twelve in a row from one client all succeed', async () => {
    const email = await newAccount('often');
    for (let i = 0; i < 12; i++) assert.equal((await logIn(email, PASSWORD, addr(1))).status, 303, `log-in ${i + 1}`);
    // and a correct password clears nothing for others: a mistyped one still counts
    assert.equal((await logIn(email, 'pogresna-lozinka-1', addr(1))).status, 400);
  });

  test('behind the proxy, the address the proxy saw counts, not the first entry the client wrote', async () => {
    const [limit] = LIMITS.passwordIp;
    const real = addr(77);
    let refused = -1;
    // Password spraying: a different address each time, the client's own X-Forwarded-For
    // varied; nginx appends the real peer ($proxy_add_x_forwarded_for).
    for (let i = 0; i < limit + 10 && refused < 0; i++) {
      const r = await t
        .client()
        .post(
          '/lat/nalog/prijava',
          { email: `niko-${serial}-${i}@primer.test`, password: 'pogresna-lozinka' },
          { headers: { 'x-forwarded-for': `10.9.${i >> 8}.${i & 255}, ${real}` } },
        );
      if (r.status === 429) refused = i;
      else assert.equal(r.status, 400);
    }
    assert.equal(refused, limit, `failure number ${limit + 1} from one real address is refused`);
  });
});

describe('every form that checks a password is throttled like log-in', () => {
  const FORMS: Array<{ name: string; path: string; fields: (password: string) => Record<string, string>; throttledText: RegExp }> = [
    {
      name: 'change e-mail',
      path: '/lat/nalog/email',
      fields: (password) => ({ new_email: `novi-${serial}@primer.test`, current_password: password }),
      throttledText: /Previše pokušaja/,
    },
    {
      name: 'change password',
      path: '/lat/nalog/lozinka',
      fields: (password) => ({ old_password: password, new_password: 'sasvim-nova-lozinka' }),
      throttledText: /Previše pokušaja/,
    },
    { name: 'erase the account', path: '/lat/moj-nalog/obrisi', fields: (password) => ({ password }), throttledText: /Previše pokušaja/ },
  ];

  for (const form of FORMS) {
    test(`${form.name}: wrong current passwords are refused, then the client gets 429 even with the right one`, async () => {
      const email = await newAccount('form');
      const c = await t.clientAs(email);
      const [limit] = LIMITS.passwordClient;
      for (let i = 0; i < limit; i++) {
        const r = await c.post(form.path, form.fields(`pogresna-${i}-lozinka`), from(addr(5)));
        assert.equal(r.status, 400, `attempt ${i + 1}`);
        assert.match(await r.text(), /Lozinka nije tačna/);
      }
      const blocked = await c.post(form.path, form.fields(PASSWORD), from(addr(5)));
      assert.equal(blocked.status, 429);
      assert.match(await blocked.text(), form.throttledText);
      const cyrillic = await c.post(form.path.replace('/lat/', '/cir/'), form.fields(PASSWORD), from(addr(5)));
      assert.equal(cyrillic.status, 429);
      assert.match(await cyrillic.text(), /Превише покушаја/);
      // The same count as log-in's: that client cannot switch to the log-in form either.
      assert.equal((await logIn(email, PASSWORD, addr(5))).status, 429);
      assert.equal((await t.db.query('SELECT 1 FROM users WHERE email = $1', [email])).length, 1, 'nothing was done');
    });
  }
});

describe('throttle rows', () => {
  test('the sweep deletes rows whose window ended over a day ago and keeps the rest', async () => {
    await t.db.query(
      `INSERT INTO throttle (key, window_start, hits) VALUES ('sweep:old', now() - interval '2 days', 3), ('sweep:new', now() - interval '2 hours', 3)`,
    );
    assert.ok((await sweepThrottles(t.db)) >= 1);
    const left = await t.db.query<{ key: string }>("SELECT key FROM throttle WHERE key LIKE 'sweep:%'");
    assert.deepEqual(
      left.map((r) => r.key),
      ['sweep:new'],
    );
  });
});

describe('behind a listed proxy, over a real socket (TRUSTED_PROXIES)', () => {
  let p: TestApp;
  let server: ServerType;
  let base: string;
  before(async () => {
    // This test is the proxy: it connects from loopback, which is listed.
    p = await createTestApp({ env: { TRUST_PROXY: 'true', TRUSTED_PROXIES: 'loopback' } });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: p.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await p.close();
  });

  test('password spraying with forged first entries is refused once the real address has failed LIMITS.passwordIp times', async () => {
    const [limit] = LIMITS.passwordIp;
    const c = p.client();
    // The log-in form gives this browser its CSRF cookie and token.
    const formHtml = await (
      await fetch(`${base}/lat/nalog/prijava`, { headers: { cookie: `kzm_csrf=${c.cookies.get('kzm_csrf')}` } })
    ).text();
    assert.match(formHtml, /name="_csrf"/);
    const statuses: number[] = [];
    for (let i = 0; i <= limit; i++) {
      const res = await fetch(`${base}/lat/nalog/prijava`, {
        method: 'POST',
        headers: {
          cookie: `kzm_csrf=${c.cookies.get('kzm_csrf')}`,
          'content-type': 'application/x-www-form-urlencoded',
          // what nginx forwards: the client's own claim, then the address it saw
          'x-forwarded-for': `10.8.${i >> 8}.${i & 255}, 203.0.113.77`,
        },
        body: new URLSearchParams({ email: `sprej-${i}@primer.test`, password: 'pogresna-lozinka', _csrf: c.csrf }),
      });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    assert.deepEqual(statuses.slice(0, limit), Array(limit).fill(400));
    assert.equal(statuses[limit], 429);
    // The throttle key is the address the proxy saw, not a forged one, not the proxy's.
    const keys = await p.db.query<{ key: string }>("SELECT key FROM throttle WHERE key LIKE 'pw-ip:%'");
    assert.deepEqual(
      keys.map((k) => k.key),
      ['pw-ip:203.0.113.77'],
    );
  });
});
