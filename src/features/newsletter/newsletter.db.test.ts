import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../core/log.ts';
import { createTestApp, lastMailTo, linkIn, type TestApp } from '../../../test/app.ts';
import { parseMime, startSmtp, type TestSmtp } from '../../../test/smtp.ts';
import { findFullOffice } from '../../core/http/params.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import { NewsletterSender, BOUNCE_LIMIT } from './sender.ts';
import { createLetter, startSending } from './service.ts';
import { findCampaign } from './repo.ts';

/**
 * Issue #13.3: double opt-in, welcome, unsubscribe (link and RFC 8058 one-click POST without
 * cookies), segments, bounces — through the HTTP routes and the real sender against a real SMTP
 * server on loopback. Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */

let t: TestApp;
let smtp: TestSmtp;
let sender: NewsletterSender;
let coordinator: Actor;
before(async () => {
  t = await createTestApp();
  smtp = await startSmtp();
  sender = new NewsletterSender(
    t.db,
    { config: t.deps.config },
    { smtpUrl: smtp.url, from: 'KZM <bilten@kzm.test>', log: createLogger(t.deps.config), perMinute: 10_000 },
  );
  const [u] = await t.db.query<{ id: string; email: string }>(`SELECT id, email FROM users WHERE email = 'pancevo@primer.test'`);
  coordinator = { userId: u!.id, email: u!.email } as Actor;
});
after(async () => {
  sender.close();
  await smtp.close();
  await t.close();
});

const SUBSCRIBE = '/lat/kancelarije/pancevo/bilten';
const outboxCount = async (to: string) =>
  (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE recipient = $1`, [to]))[0]!.n;
const subscriber = async (email: string) =>
  (
    await t.db.query<{ id: string; status: string; script: string; bounces: number }>(
      `SELECT id, status, script, bounces FROM newsletter_subscribers WHERE email = $1`,
      [email],
    )
  )[0];
const consents = async (email: string) =>
  (
    await t.db.query<{ action: string; notice_version: string; source: string }>(
      `SELECT c.action, c.notice_version, c.source FROM newsletter_consents c JOIN newsletter_subscribers s ON s.id = c.subscriber_id
        WHERE s.email = $1 ORDER BY c.id`,
      [email],
    )
  ).map((c) => `${c.action} ${c.notice_version} ${c.source}`);

/** Subscribes and confirms through the pages; returns the welcome mail's text and headers. */
async function subscribeAndConfirm(email: string, fields: Record<string, string> = {}) {
  const c = t.client();
  const res = await c.post(SUBSCRIBE, { email, script: 'lat', offices: 'pancevo', consent: 'on', ...fields });
  assert.equal(res.status, 200, await res.clone().text());
  const confirmLink = linkIn((await lastMailTo(t.db, email))!.body_text);
  const form = await c.get(confirmLink);
  assert.equal(form.status, 200);
  const token = new URL(confirmLink, 'http://kzm.test').searchParams.get('token')!;
  const done = await c.post('/lat/bilten/potvrda', { token });
  assert.equal(done.status, 200);
  assert.match(await done.text(), /Prijava je potvrđena/);
}

/** The coordinator's "send" of a letter written with createLetter (its delivery rows written, the campaign sending). */
const startLetter = async (office: OfficeRef, id: string) =>
  startSending(t.deps, coordinator, office, (await findCampaign(t.db, office.id, id))!);

/** A campaign's retries waiting for their backoff become due now (as if that time had passed). */
const makeDue = (campaignId: string) =>
  t.db.query(`UPDATE newsletter_deliveries SET next_attempt_at = now() - interval '1 second' WHERE campaign_id = $1 AND state = 'queued'`, [
    campaignId,
  ]);

const sendAll = async () => {
  for (let i = 0; i < 50; i++) {
    const r = await sender.runOnce();
    if (r.sent + r.refused + r.lost === 0) return;
  }
};

describe('double opt-in', () => {
  test('subscribing mails a confirmation only; the address gets nothing else until it is confirmed', async () => {
    const email = 'ana.optin@primer.test';
    const c = t.client();
    const res = await c.post(SUBSCRIBE, {
      email: 'Ana.OptIn@primer.test',
      script: 'cir',
      areas: 'education',
      offices: 'pancevo',
      consent: 'on',
    });
    assert.equal(res.status, 200);
    const page = await res.text();
    assert.match(page, /Proverite poštu/);
    assert.equal((await subscriber(email))!.status, 'pending');
    const mail = (await lastMailTo(t.db, email))!;
    assert.match(mail.subject, /^Потврдите/, 'the confirmation is in the chosen script');
    assert.deepEqual(await consents(email), ['requested newsletter-2026-12 newsletter.subscribe pancevo']);

    // Subscribing again: the same neutral answer, and no second mail within RESEND_AFTER_MS.
    const again = await t.client().post(SUBSCRIBE, { email, script: 'lat', offices: 'pancevo', consent: 'on' });
    assert.equal(again.status, 200);
    const strip = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, '');
    assert.equal(strip(await again.text()), strip(page), 'the same page');
    assert.equal(await outboxCount(email), 1, 'at most one confirmation');

    // A campaign sent now does not reach the unconfirmed address.
    const office = (await findFullOffice(t.db, 'pancevo'))!;
    const id = await createLetter(t.deps, coordinator, office, { subject: 'Test', body: 'Zdravo', areas: [], kinds: [] });
    const r = await startLetter(office, id);
    assert.ok(r.ok);
    await sendAll();
    assert.equal(smtp.received.filter((m) => m.rcptTo.includes(email)).length, 0, 'never a newsletter to an unconfirmed address');

    // The link's GET only asks; the button confirms, and a welcome mail follows with List-Unsubscribe.
    const link = linkIn(mail.body_text);
    assert.equal((await c.get(link)).status, 200);
    assert.equal((await subscriber(email))!.status, 'pending', 'a GET changes nothing (mail scanners follow links)');
    const token = new URL(link, 'http://kzm.test').searchParams.get('token')!;
    assert.equal((await c.post('/cir/bilten/potvrda', { token })).status, 200);
    assert.equal((await subscriber(email))!.status, 'active');
    const welcome = (
      await t.db.query<{ subject: string; headers: Record<string, string>; body_text: string }>(
        `SELECT subject, headers, body_text FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1`,
        [email],
      )
    )[0]!;
    assert.match(welcome.subject, /Добро дошли/);
    assert.match(welcome.headers['List-Unsubscribe']!, /^<http:\/\/kzm\.test\/cir\/bilten\/odjava\/[0-9a-f-]+\.[\w-]{32}>$/);
    assert.equal(welcome.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
    assert.deepEqual((await consents(email)).at(-1), 'confirmed newsletter-2026-12 newsletter.confirm');

    // The used token is spent.
    const reused = await c.post('/lat/bilten/potvrda', { token });
    assert.equal(reused.status, 404);
    assert.match(await reused.text(), /Veza ne važi/);
  });

  test('an invalid or expired token: a clear page in the reader’s script', async () => {
    const bad = await t.client().get('/cir/bilten/potvrda?token=nije-dobar-token-nije-dobar');
    assert.equal(bad.status, 404);
    assert.match(await bad.text(), /Веза не важи/);
    const email = 'expired@primer.test';
    await t.client().post(SUBSCRIBE, { email, script: 'lat', offices: 'pancevo', consent: 'on' });
    const link = linkIn((await lastMailTo(t.db, email))!.body_text);
    await t.db.query(`UPDATE newsletter_subscribers SET confirm_expires_at = now() - interval '1 minute' WHERE email = $1`, [email]);
    const res = await t.client().get(link);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /Veza je istekla/);
    assert.equal((await subscriber(email))!.status, 'pending');
  });

  test('bad input re-renders the form with messages, nothing saved', async () => {
    const res = await t.client().post(SUBSCRIBE, { email: 'nije adresa', script: 'lat', offices: '' });
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /aria-invalid="true"/);
    assert.equal(await subscriber('nije adresa'), undefined);
    // The messages, in the reader's script, one at each field.
    const cir = await t.client().post(SUBSCRIBE.replace('/lat/', '/cir/'), { email: 'nije adresa', script: 'cir', offices: '' });
    assert.equal(cir.status, 400);
    const cirHtml = await cir.text();
    for (const [field, message] of [
      ['email', /Упишите исправну е-адресу/],
      ['offices', /Изаберите бар једну канцеларију/],
      ['consent', /Без пристанка не можемо слати билтен/],
    ] as const) {
      assert.match(cirHtml, message, field);
      assert.match(cirHtml, new RegExp(`href="#f-${field}`), field);
    }
  });

  test('one subscription to two offices: each office’s newsletter arrives once', async () => {
    const email = 'two.offices@primer.test';
    await subscribeAndConfirm(email, { offices: 'pancevo,cacak', areas: 'volunteering' });
    const ids: string[] = [];
    for (const slug of ['pancevo', 'cacak']) {
      const office = (await findFullOffice(t.db, slug))!;
      const id = await createLetter(t.deps, coordinator, office, {
        subject: `Volontiranje ${slug}`,
        body: 'Tekst',
        areas: ['volunteering'],
        kinds: [],
      });
      assert.ok((await startLetter(office, id)).ok);
      ids.push(id);
    }
    await sendAll();
    const mine = smtp.received.filter((m) => m.rcptTo[0] === email && ids.some((id) => m.messageId.includes(id)));
    assert.deepEqual(mine.map((m) => m.subject).sort(), ['Volontiranje cacak', 'Volontiranje pancevo']);
  });
});

describe('unsubscribe', () => {
  test('the link’s GET asks; the one-click POST works without any cookie or CSRF token', async () => {
    const email = 'oneclick@primer.test';
    await subscribeAndConfirm(email);
    const welcome = (
      await t.db.query<{ headers: Record<string, string> }>(`SELECT headers FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1`, [
        email,
      ])
    )[0]!;
    const url = /^<(.+)>$/.exec(welcome.headers['List-Unsubscribe']!)![1]!;
    const path = new URL(url).pathname;
    const get = await t.client().get(path);
    assert.equal(get.status, 200);
    assert.equal((await subscriber(email))!.status, 'active', 'a GET changes nothing');

    // A forged key does nothing.
    const forged = await t.app.request(`http://kzm.test${path.slice(0, -4)}AAAA`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    assert.equal(forged.status, 404);
    assert.equal((await subscriber(email))!.status, 'active');

    // RFC 8058: what a mail client sends, no cookie at all.
    const res = await t.app.request(`http://kzm.test${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    assert.equal(res.status, 200);
    assert.equal((await subscriber(email))!.status, 'unsubscribed');
    assert.equal((await consents(email)).at(-1), 'withdrawn newsletter-2026-12 newsletter.unsubscribe');
    // Again: idempotent, withdrawal recorded once.
    assert.equal(
      (
        await t.app.request(`http://kzm.test${path}`, {
          method: 'POST',
          body: 'List-Unsubscribe=One-Click',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).status,
      200,
    );
    assert.equal((await consents(email)).filter((c) => c.startsWith('withdrawn')).length, 1);
  });

  test('every other POST route still refuses a request without the CSRF token', async () => {
    const exempt = t.routes.routes.filter((r) => r.csrf === 'exempt').map((r) => r.name);
    assert.deepEqual(exempt, ['newsletter.unsubscribe']);
    const res = await t.client().post('/lat/bilten/podesavanja/x', {}, { csrf: false });
    assert.equal(res.status, 403);
  });
});

describe('segments, scripts and bounces through a real SMTP server', () => {
  test('a segment reaches the matching subscribers, each in their script, with List-Unsubscribe', async () => {
    await subscribeAndConfirm('edu@primer.test', { areas: 'education', script: 'cir' });
    await subscribeAndConfirm('health@primer.test', { areas: 'health', script: 'lat' });
    await subscribeAndConfirm('all@primer.test', { script: 'lat' });
    await subscribeAndConfirm('jobs@primer.test', { kinds: 'job', script: 'lat' });
    const office = (await findFullOffice(t.db, 'pancevo'))!;
    const id = await createLetter(t.deps, coordinator, office, {
      subject: 'Stipendije za učenike',
      body: 'Otvoren je konkurs.',
      areas: ['education'],
      kinds: ['scholarship'],
    });
    const since = smtp.received.length;
    assert.ok((await startLetter(office, id)).ok);
    await sendAll();
    const got = smtp.received.slice(since).filter((m) => m.messageId.includes(id));
    const to = got.map((m) => m.rcptTo[0]).sort();
    // edu (area matches), all (no interests: everything); not health (other area), not jobs (other kind).
    assert.deepEqual(to, ['all@primer.test', 'ana.optin@primer.test', 'edu@primer.test']);
    const edu = got.find((m) => m.rcptTo[0] === 'edu@primer.test')!;
    assert.equal(edu.subject, 'Стипендије за ученике');
    const headers = parseMime(edu.raw).headers;
    assert.match(headers.get('list-unsubscribe')!, /^<http:\/\/kzm\.test\/cir\/bilten\/odjava\/[^>]+>$/);
    assert.equal(headers.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    // The body's footer: the same unsubscribe link, and the manage link, in the subscriber's script.
    const unsubscribeUrl = /^<(.+)>$/.exec(headers.get('list-unsubscribe')!)![1]!;
    assert.ok(edu.text.includes(unsubscribeUrl), 'the unsubscribe link in the text');
    assert.ok(edu.text.includes(unsubscribeUrl.replace('/bilten/odjava/', '/bilten/podesavanja/')), 'the manage link in the text');
    assert.ok(!/<img|\?utm_|track/i.test(edu.raw), 'no tracking pixel or tracked links');
    assert.equal(got.find((m) => m.rcptTo[0] === 'all@primer.test')!.subject, 'Stipendije za učenike');
    assert.equal((await findCampaign(t.db, office.id, id))!.status, 'done');
  });

  test('5xx: not retried, counted; at the limit the address is bouncing and never mailed again; 4xx: retried', async () => {
    await subscribeAndConfirm('bounce@primer.test', { areas: 'safety' });
    await subscribeAndConfirm('busy@primer.test', { areas: 'safety' });
    await subscribeAndConfirm('dotrefused@primer.test', { areas: 'safety' });
    smtp.rcptPolicy = (a) => (a === 'bounce@primer.test' ? 550 : undefined);
    const office = (await findFullOffice(t.db, 'pancevo'))!;
    const subs = new Map<string, string>();
    for (const e of ['bounce@primer.test', 'busy@primer.test', 'dotrefused@primer.test']) subs.set(e, (await subscriber(e))!.id);
    smtp.policy = (messageId, nth) => {
      if (messageId.includes(subs.get('dotrefused@primer.test')!)) return 554;
      if (messageId.includes(subs.get('busy@primer.test')!) && nth === 1) return 451;
      return undefined;
    };
    for (let round = 1; round <= BOUNCE_LIMIT + 1; round++) {
      const id = await createLetter(t.deps, coordinator, office, {
        subject: `Bezbednost ${round}`,
        body: 'Tekst',
        areas: ['safety'],
        kinds: [],
      });
      const r = await startLetter(office, id);
      assert.ok(r.ok);
      await sendAll();
      // The 451 waits for its backoff.
      await makeDue(id);
      await sendAll();
      const rows = await t.db.query<{ email: string; state: string; attempts: number }>(
        `SELECT n.email, d.state, d.attempts FROM newsletter_deliveries d JOIN newsletter_subscribers n ON n.id = d.subscriber_id
          WHERE d.campaign_id = $1 AND n.email IN ('bounce@primer.test', 'busy@primer.test', 'dotrefused@primer.test') ORDER BY n.email`,
        [id],
      );
      const byEmail = Object.fromEntries(rows.map((x) => [x.email, `${x.state}/${x.attempts}`]));
      if (round <= BOUNCE_LIMIT) {
        assert.equal(byEmail['bounce@primer.test'], 'failed/1', `round ${round}: a 550 at RCPT is not retried`);
        assert.equal(byEmail['dotrefused@primer.test'], 'failed/1', `round ${round}: a 554 to the final dot is not retried`);
      } else {
        assert.equal(byEmail['bounce@primer.test'], undefined, 'a bouncing address is not among the recipients');
        assert.equal(byEmail['dotrefused@primer.test'], undefined);
      }
      assert.equal(byEmail['busy@primer.test'], 'sent/2', `round ${round}: a 451 is retried and then sent`);
      const busyMails = smtp.received.filter((m) => m.messageId.includes(id) && m.rcptTo[0] === 'busy@primer.test');
      assert.equal(busyMails.length, 1, 'the retried mail arrives once');
    }
    assert.equal((await subscriber('bounce@primer.test'))!.status, 'bouncing');
    assert.equal((await subscriber('dotrefused@primer.test'))!.status, 'bouncing');
    assert.equal((await subscriber('busy@primer.test'))!.status, 'active');
    smtp.policy = () => undefined;
    smtp.rcptPolicy = () => undefined;
  });
});

describe('a refusal of the final dot that arrives before the COMMIT beside it has been answered', () => {
  test('still takes the row back: a 451 is retried, a 554 fails and counts a bounce', async () => {
    await subscribeAndConfirm('slowcommit451@primer.test', { areas: 'mobility' });
    await subscribeAndConfirm('slowcommit554@primer.test', { areas: 'mobility' });
    const office = (await findFullOffice(t.db, 'pancevo'))!;
    const busy = (await subscriber('slowcommit451@primer.test'))!.id;
    const refused = (await subscriber('slowcommit554@primer.test'))!.id;
    // The database answers the COMMIT that marks these two rows 'sent' only after 300 ms (a
    // deferred trigger runs inside the COMMIT): the SMTP server's answer to the dot, written
    // beside that COMMIT, arrives first, as it can on a busy machine.
    await t.db.query(`CREATE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(0.3); RETURN NULL; END $$`);
    await t.db.query(`CREATE CONSTRAINT TRIGGER test_slow_commit AFTER UPDATE ON newsletter_deliveries
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
      WHEN (OLD.state = 'sending' AND NEW.state = 'sent' AND NEW.subscriber_id IN ('${busy}', '${refused}'))
      EXECUTE FUNCTION test_slow_commit()`);
    smtp.policy = (messageId, nth) => {
      if (messageId.includes(refused)) return 554;
      if (messageId.includes(busy) && nth === 1) return 451;
      return undefined;
    };
    try {
      const id = await createLetter(t.deps, coordinator, office, { subject: 'Mobilnost', body: 'Tekst', areas: ['mobility'], kinds: [] });
      assert.ok((await startLetter(office, id)).ok);
      await sendAll();
      const state = async () =>
        Object.fromEntries(
          (
            await t.db.query<{ subscriber_id: string; state: string; attempts: number }>(
              `SELECT subscriber_id, state, attempts FROM newsletter_deliveries WHERE campaign_id = $1 AND subscriber_id IN ($2, $3)`,
              [id, busy, refused],
            )
          ).map((r) => [r.subscriber_id === busy ? '451' : '554', `${r.state}/${r.attempts}`]),
        );
      assert.deepEqual(await state(), { '451': 'queued/1', '554': 'failed/1' }, 'the refused dots took their rows back');
      assert.equal((await subscriber('slowcommit554@primer.test'))!.bounces, 1);
      await makeDue(id);
      await sendAll();
      assert.deepEqual(await state(), { '451': 'sent/2', '554': 'failed/1' });
      assert.equal(smtp.received.filter((m) => m.messageId.includes(id) && m.messageId.includes(busy)).length, 1);
    } finally {
      smtp.policy = () => undefined;
      await t.db.query('DROP TRIGGER test_slow_commit ON newsletter_deliveries');
      await t.db.query('DROP FUNCTION test_slow_commit()');
    }
  });
});

describe('the coordinator’s controls: a test mail, the rate limit, pause and resume, progress; managing from the link', () => {
  const ADMIN_CACAK = '/admin/kancelarije/cacak/bilten';
  const progressOf = async (staff: Awaited<ReturnType<TestApp['clientAs']>>, id: string) => {
    const html = await (await staff.get(`/lat${ADMIN_CACAK}/${id}`)).text();
    return /<p role="status">([^<]*)<\/p>/.exec(html)?.[1];
  };
  const deliveries = async (id: string) =>
    (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM newsletter_deliveries WHERE campaign_id = $1`, [id]))[0]!.n;

  before(async () => {
    // Each describe starts with fresh rate limits (the subscriptions above used the test client's address's share).
    await t.db.query('DELETE FROM throttle');
  });

  test('the test mail goes to the coordinator alone; the office’s rate limit holds a send; pause holds it, resume finishes it', async () => {
    const cacak = (await findFullOffice(t.db, 'cacak'))!;
    const emails = ['rate1@primer.test', 'rate2@primer.test', 'rate3@primer.test', 'rate4@primer.test'];
    for (const e of emails)
      await subscribeAndConfirm(e, { offices: 'cacak', areas: 'youth_work', script: e === 'rate1@primer.test' ? 'cir' : 'lat' });
    const staff = await t.clientAs('cacak@primer.test');
    const [me] = await t.db.query<{ id: string; email: string }>(`SELECT id, email FROM users WHERE email = 'cacak@primer.test'`);
    const id = await createLetter(t.deps, { userId: me!.id, email: me!.email } as Actor, cacak, {
      subject: 'Letnja škola',
      body: 'Prijave su otvorene.',
      areas: ['youth_work'],
      kinds: [],
    });

    // A test mail: to the coordinator only, in the page's script; nobody else, and the letter stays a draft.
    const test = await staff.post(`/cir${ADMIN_CACAK}/${id}/proba`, {});
    assert.equal(test.status, 303, await test.clone().text());
    assert.match(test.headers.get('location')!, /n=newsletter\.campaign\.tested/);
    assert.equal((await lastMailTo(t.db, 'cacak@primer.test'))!.subject, '[TEST] Летња школа');
    assert.equal(await deliveries(id), 0, 'no subscriber row for a test');
    assert.equal((await findCampaign(t.db, cacak.id, id))!.status, 'draft');

    const send = await staff.post(`/lat${ADMIN_CACAK}/${id}/slanje`, {});
    assert.equal(send.status, 303, await send.clone().text());
    const total = await deliveries(id);
    assert.equal(total, emails.length, 'one delivery row per recipient, written at "send"');

    // The office's rate limit: two more mails this minute than the office has already sent in it.
    const [recent] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM newsletter_deliveries WHERE office_id = $1 AND sent_at > now() - interval '1 minute'`,
      [cacak.id],
    );
    const slow = new NewsletterSender(
      t.db,
      { config: t.deps.config },
      { smtpUrl: smtp.url, from: 'KZM <bilten@kzm.test>', log: createLogger(t.deps.config), perMinute: recent!.n + 2 },
    );
    try {
      const first = await slow.runOnce();
      assert.deepEqual([first.sent, first.limited], [2, true], 'two mails, then the limit');
      assert.equal((await slow.runOnce()).sent, 0, 'the minute’s budget is spent');
    } finally {
      slow.close();
    }
    assert.equal(await progressOf(staff, id), `Poslato 2, u redu ${total - 2}, neuspelo 0 od ${total}`);

    // Pause: nothing more goes out, whoever runs the sender; pausing twice is refused with a message.
    const pause = await staff.post(`/lat${ADMIN_CACAK}/${id}/pauza`, {});
    assert.equal(pause.status, 303);
    assert.match(pause.headers.get('location')!, /n=newsletter\.campaign\.paused/);
    await sendAll();
    assert.equal((await findCampaign(t.db, cacak.id, id))!.status, 'paused');
    assert.equal(await progressOf(staff, id), `Poslato 2, u redu ${total - 2}, neuspelo 0 od ${total}`);
    const again = await staff.post(`/cir${ADMIN_CACAK}/${id}/pauza`, {});
    assert.equal(again.status, 400);
    assert.match(await again.text(), /Слање је у међувремену промењено/);

    // Resume: the rest, each subscriber exactly once, in their script.
    const resume = await staff.post(`/lat${ADMIN_CACAK}/${id}/nastavak`, {});
    assert.equal(resume.status, 303);
    assert.match(resume.headers.get('location')!, /n=newsletter\.campaign\.resumed/);
    await sendAll();
    const got = smtp.received.filter((m) => m.messageId.includes(id));
    assert.deepEqual(got.map((m) => m.rcptTo[0]).sort(), emails);
    assert.equal(got.find((m) => m.rcptTo[0] === 'rate1@primer.test')!.subject, 'Летња школа');
    assert.equal((await findCampaign(t.db, cacak.id, id))!.status, 'done');
    assert.equal(await progressOf(staff, id), `Poslato ${total}, u redu 0, neuspelo 0 od ${total}`);
  });

  test('the manage link from a mail changes interests, script and offices; the next send follows them', async () => {
    const email = 'manage@primer.test';
    await subscribeAndConfirm(email, { areas: 'health', script: 'lat' });
    const [welcome] = await t.db.query<{ headers: Record<string, string>; body_text: string }>(
      `SELECT headers, body_text FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1`,
      [email],
    );
    const unsubscribe = new URL(/^<(.+)>$/.exec(welcome!.headers['List-Unsubscribe']!)![1]!).pathname;
    const manage = unsubscribe.replace('/bilten/odjava/', '/bilten/podesavanja/').replace(/^\/cir\//, '/lat/');
    assert.ok(welcome!.body_text.includes(manage.replace(/^\/lat/, '')), 'the mail carries the manage link');

    const c = t.client();
    assert.equal((await c.get(manage)).status, 200);
    // No office chosen: the form again with the message in the reader's script, nothing changed.
    const bad = await c.post(manage.replace(/^\/lat\//, '/cir/'), { script: 'cir', areas: 'mobility', offices: '' });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /Изаберите бар једну канцеларију/);
    assert.equal((await subscriber(email))!.script, 'lat');

    const saved = await c.post(manage, { script: 'cir', areas: 'mobility', offices: 'cacak' });
    assert.equal(saved.status, 303, await saved.clone().text());
    assert.match(saved.headers.get('location')!, /n=newsletter\.manage\.saved/);
    assert.equal((await consents(email)).at(-1), 'changed newsletter-2026-12 newsletter.manage');

    const pancevo = (await findFullOffice(t.db, 'pancevo'))!;
    const cacak = (await findFullOffice(t.db, 'cacak'))!;
    const healthInPancevo = await createLetter(t.deps, coordinator, pancevo, {
      subject: 'Zdravlje',
      body: 'Tekst',
      areas: ['health'],
      kinds: [],
    });
    const mobilityInCacak = await createLetter(t.deps, coordinator, cacak, {
      subject: 'Razmena',
      body: 'Tekst',
      areas: ['mobility'],
      kinds: [],
    });
    for (const [office, id] of [
      [pancevo, healthInPancevo],
      [cacak, mobilityInCacak],
    ] as const)
      assert.ok((await startLetter(office, id)).ok);
    await sendAll();
    const mine = smtp.received.filter((m) => m.rcptTo[0] === email && m.messageId.startsWith('<nl.'));
    assert.deepEqual(
      mine.map((m) => m.subject),
      ['Размена'],
      'only the new office and interest, in the new script',
    );
  });
});
