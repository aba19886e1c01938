import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../src/core/db/db.ts';
import { testDatabaseUrl, testDbParent } from './db.ts';
import { createScratchDatabase, startServerProcess, type ServerProcess } from './server-process.ts';
import { startSmtp, type TestSmtp } from './smtp.ts';

/**
 * Crash safety of the real server process: a burst of sign-ups, SIGKILL in the middle of it
 * while confirmation mails are still queued, a restart on the same data — then every sign-up
 * that was answered "check your mail" exists with its consent and gets exactly one mail.
 *
 * What this proves, on PGlite (always) and on PostgreSQL (when TEST_DATABASE_URL is set):
 * - a sign-up answered 200 survived the SIGKILL: user, consent, confirmation token, account
 *   event and outbox mail all committed and durable;
 * - a sign-up is all or nothing, answered or not: no user without its consent, token, event
 *   and exactly one mail; no mail without its user;
 * - a mail the SMTP server accepted before the crash is recorded as sent and never sent again;
 * - after the restart every queued mail — never tried, refused, or claimed by the dead worker
 *   — is delivered, and each Message-ID reaches the SMTP server exactly once over both
 *   process lifetimes;
 * - the restarted server opens the crashed data, serves pages and takes new sign-ups.
 *
 * The one window where exactly-once cannot hold: the SMTP server accepted a mail and the
 * process died before its row was marked sent. The mail is then sent again when the dead
 * worker's lease ends, with the same Message-ID. This test keeps the kill out of that window
 * by design: in the first lifetime the SMTP server accepts the mails of a few sign-ups made
 * before the burst, then answers every DATA with 451 after a delay; the kill waits until the
 * worker has gone on to a refused mail (it sends one mail at a time, so the accepted ones are
 * marked sent by then), so every mail in flight at the kill is being refused. Should the kill
 * still hit the window, the duplicate Message-ID fails the test: exactly-once for this crash
 * is the claim, not a tolerated outcome.
 *
 * Mails the dead worker had claimed stay leased for 5 minutes, and refused ones wait 30 s for
 * their retry. Between the lifetimes the test moves both clocks forward (as if the restart
 * came later) instead of waiting; it changes nothing else.
 */

/** Concurrent sign-up clients in the burst, and the most sign-ups it makes before the kill. */
const CLIENTS = 20;
const MAX_SIGN_UPS = 80;
/** Sign-ups before the burst, whose mails the SMTP server accepts in the first lifetime. */
const DELIVERED_IN_FIRST_LIFE = 3;
/** The kill waits for at least this many answered sign-ups of the burst. */
const KILL_AFTER_SUCCESSES = 20;
/** Each DATA is answered after this long in the first lifetime, so mails are in flight at the kill. */
const FIRST_LIFE_SMTP_DELAY_MS = 150;
const PASSWORD = 'crash-test-lozinka';

interface Target {
  /** Which database the server uses (DATA_DIR or DATABASE_URL). */
  env: Record<string, string>;
  /** Opens the same database in the test process (only while no server runs, for PGlite). */
  open(): Promise<Db>;
  /** Waits until nothing of the killed process is left in the database server. */
  settle(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until cond() holds; the bound only turns a hang into a failure that says what was missing. */
async function waitUntil(cond: () => boolean | Promise<boolean>, what: () => string, boundMs = 60_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await cond())) {
    if (Date.now() > deadline) assert.fail(`Gave up waiting for ${what()}`);
    await sleep(25);
  }
}

type Outcome = 'ok' | 'no answer' | `status ${number}`;

/**
 * One sign-up as a browser does it: GET the form (CSRF cookie + token), POST it. A distinct
 * X-Forwarded-For per person (the server runs with TRUST_PROXY) keeps the per-client mail
 * limit (20 an hour) out of the way. Any network error — the process died — is "no answer".
 */
async function signUp(baseUrl: string, email: string, ip: string): Promise<Outcome> {
  try {
    const form = await fetch(`${baseUrl}/en/nalog/registracija`, { headers: { 'x-forwarded-for': ip } });
    const html = await form.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (form.status !== 200 || !token) return `status ${form.status}`;
    const cookie = form.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const res = await fetch(`${baseUrl}/en/nalog/registracija`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
      body: new URLSearchParams({
        _csrf: token,
        display_name: `Crash Test ${email.split('@')[0]}`,
        email,
        password: PASSWORD,
        birth_date: '2000-02-29',
        consent: 'on',
      }),
    });
    const body = await res.text();
    if (res.status === 200 && body.includes('Check your mail') && body.includes(email)) return 'ok';
    return `status ${res.status}`;
  } catch {
    return 'no answer';
  }
}

interface BurstUser {
  email: string;
  consents: number;
  tokens: number;
  events: number;
  mails: number;
}

/** The people of this run's burst as the database has them, with their related rows counted. */
function burstUsers(db: Db, tag: string): Promise<BurstUser[]> {
  return db.query<BurstUser>(
    `SELECT u.email,
            (SELECT count(*) FROM consents c WHERE c.user_id = u.id AND c.purpose = 'privacy_notice' AND c.given_by = 'self')::int AS consents,
            (SELECT count(*) FROM user_tokens t WHERE t.user_id = u.id AND t.purpose = 'confirm_email')::int AS tokens,
            (SELECT count(*) FROM account_events e WHERE e.user_id = u.id AND e.action = 'account.signup')::int AS events,
            (SELECT count(*) FROM outbox o WHERE o.recipient = u.email)::int AS mails
       FROM users u WHERE u.email LIKE $1`,
    [`%.${tag}@primer.test`],
  );
}

const usersWithoutConsent = async (db: Db) =>
  (
    await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM users u WHERE NOT EXISTS (SELECT 1 FROM consents c WHERE c.user_id = u.id)`,
    )
  )[0]!.n;

/** Log lines at level error or fatal (pino: 50, 60). */
const errorLines = (log: string) =>
  log.split('\n').filter((line) => {
    try {
      return (JSON.parse(line) as { level?: number }).level! >= 50;
    } catch {
      return line.trim() !== '';
    }
  });

async function crashAndRestart(t: TestContext, target: Target): Promise<void> {
  const smtp: TestSmtp = await startSmtp();
  const servers: ServerProcess[] = [];
  try {
    // ── SMTP: accepts at first, answers 451 (slowly) during the burst, accepts after the restart ──
    let refusing = false;
    let answered = 0;
    smtp.policy = () => {
      answered++;
      return refusing ? 451 : undefined;
    };
    const seenDatas = () => [...smtp.tries.values()].reduce((a, b) => a + b, 0);

    const env = {
      ...target.env,
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      SMTP_URL: smtp.url,
      ARGON2_MEMORY_KIB: '1024',
      SECRET: 'crash-test-secret-crash-test-secret-0042',
      TRUST_PROXY: 'true',
    };
    let started = Date.now();
    const first = await startServerProcess(env);
    servers.push(first);
    t.diagnostic(`first start (empty database: migrate + seed): ${Date.now() - started} ms`);

    // ── A few sign-ups whose mails are delivered in the first lifetime ──────────────────
    const tag = randomBytes(4).toString('hex');
    const early = Array.from({ length: DELIVERED_IN_FIRST_LIFE }, (_, i) => `early${i}.${tag}@primer.test`);
    const earlyOutcomes = await Promise.all(early.map((email, i) => signUp(first.baseUrl, email, `198.51.100.${101 + i}`)));
    assert.deepEqual(
      earlyOutcomes,
      early.map(() => 'ok'),
    );
    for (const email of early) await smtp.waitForMail(email, { waitMs: 60_000 });
    const acceptedInFirstLife = new Set(smtp.received.map((m) => m.messageId));
    refusing = true;
    smtp.delayMs = FIRST_LIFE_SMTP_DELAY_MS;

    // ── The burst, and SIGKILL in the middle of it ─────────────────────────────────────
    // CLIENTS concurrent clients sign people up back to back, so that whenever the kill comes,
    // about CLIENTS sign-ups are in flight (some past their commit, some not).
    const emails: string[] = [];
    const outcomes = new Map<string, Outcome>();
    let killed = false;
    const burstStart = Date.now();
    const burst = Array.from({ length: CLIENTS }, async () => {
      while (!killed && emails.length < MAX_SIGN_UPS) {
        const i = emails.push(`crash${emails.length}.${tag}@primer.test`) - 1;
        outcomes.set(emails[i]!, await signUp(first.baseUrl, emails[i]!, `198.51.100.${i + 1}`));
      }
    });
    const successes = () => [...outcomes.values()].filter((o) => o === 'ok').length;
    // The worker sends one mail at a time: once a DATA arrives for a later mail, the delivered
    // ones are marked sent, so the kill cannot fall between their acceptance and that update.
    const workerPastDelivered = () => [...smtp.tries.keys()].some((id) => !acceptedInFirstLife.has(id));
    await waitUntil(
      () => (successes() >= KILL_AFTER_SUCCESSES || outcomes.size === MAX_SIGN_UPS) && workerPastDelivered(),
      () =>
        `${KILL_AFTER_SUCCESSES} answered sign-ups and a refused mail (answered: ${outcomes.size}, ok: ${successes()}, SMTP tries: ${smtp.tries.size})`,
    );
    const inFlightAtKill = emails.length - outcomes.size;
    const killAfterMs = Date.now() - burstStart;
    killed = true;
    assert.equal((await first.stop('SIGKILL')).signal, 'SIGKILL');
    await Promise.all(burst);
    await target.settle();

    const ok = [...early, ...emails.filter((e) => outcomes.get(e) === 'ok')];
    const unexpected = [...outcomes].filter(([, o]) => o !== 'ok' && o !== 'no answer');
    assert.deepEqual(unexpected, [], 'every sign-up answered before the kill succeeded');
    t.diagnostic(
      `killed ${killAfterMs} ms into the burst: ${ok.length - early.length} sign-ups answered ok, ${inFlightAtKill} in flight; ` +
        `SMTP had accepted ${smtp.received.length} mails and seen ${seenDatas()} DATA`,
    );

    // ── The database as the crash left it ────────────────────────────────────────────
    interface OutboxRow {
      message_id: string;
      recipient: string;
      sent: boolean;
      leased: boolean;
    }
    let atCrash: OutboxRow[];
    let db = await target.open();
    try {
      const users = await burstUsers(db, tag);
      const byEmail = new Map(users.map((u) => [u.email, u]));
      for (const email of ok) assert.ok(byEmail.has(email), `${email} was answered "check your mail" but is gone after the crash`);
      // Answered or not, each committed sign-up is complete: one of each, nothing half-done.
      for (const u of users)
        assert.deepEqual(u, { email: u.email, consents: 1, tokens: 1, events: 1, mails: 1 }, `sign-up of ${u.email} is complete`);
      assert.equal(await usersWithoutConsent(db), 0, 'no user without a consent');
      t.diagnostic(`${users.length - ok.length} of the ${inFlightAtKill} sign-ups in flight had committed`);

      atCrash = await db.query<OutboxRow>(
        `SELECT message_id, recipient, sent_at IS NOT NULL AS sent, (sent_at IS NULL AND locked_until > now()) AS leased FROM outbox ORDER BY id`,
      );
      assert.deepEqual(
        atCrash.map((r) => r.recipient).sort(),
        users.map((u) => u.email).sort(),
        'one mail per committed sign-up, and no other',
      );
      // Accepted before the kill ⇔ marked sent: the worker records acceptance before going on.
      assert.deepEqual(
        atCrash
          .filter((r) => r.sent)
          .map((r) => r.message_id)
          .sort(),
        [...acceptedInFirstLife].sort(),
        'exactly the mails the SMTP server accepted are marked sent',
      );
      // Claimed by the dead worker: none may have been accepted (that would be the resend window).
      const leased = atCrash.filter((r) => r.leased);
      const leasedButAccepted = leased.filter((r) => smtp.received.some((m) => m.messageId === r.message_id));
      assert.deepEqual(leasedButAccepted, [], 'no mail in flight at the kill had been accepted (it would be sent twice)');
      t.diagnostic(
        `at the crash: ${atCrash.length} mails, ${atCrash.filter((r) => r.sent).length} sent, ` +
          `${leased.length} claimed by the dead worker, ${atCrash.filter((r) => !r.sent && !smtp.tries.has(r.message_id)).length} never tried`,
      );

      // The retry backoff (30 s) runs out while the server is down — as if the restart came that
      // much later. On PostgreSQL the dead worker's lease (5 min) does too; on PGlite the restarted
      // worker releases it itself (one process owns the data directory), which this test relies on.
      await db.query(
        `UPDATE outbox
            SET locked_until = CASE WHEN $1 AND locked_until > now() THEN now() - interval '1 second' ELSE locked_until END,
                next_attempt_at = least(next_attempt_at, now())
          WHERE sent_at IS NULL`,
        [db.kind === 'postgres'],
      );
    } finally {
      await db.close();
    }

    // Every DATA of the first lifetime has had its answer (a refusal) before the SMTP server
    // starts accepting, so no late answer to the dead process can count as a delivery.
    await waitUntil(
      () => answered === seenDatas(),
      () => 'answers to the first lifetime’s DATA',
    );
    refusing = false;
    smtp.delayMs = 0;

    // ── Restart on the same data ───────────────────────────────────────────────────────
    started = Date.now();
    const second = await startServerProcess({ ...env, PORT: new URL(first.baseUrl).port });
    servers.push(second);
    t.diagnostic(`restart on the crashed data: ${Date.now() - started} ms`);

    const page = await fetch(`${second.baseUrl}/lat/kancelarije/pancevo`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Pančev/);
    const lateEmail = `late.${tag}@primer.test`;
    assert.equal(await signUp(second.baseUrl, lateEmail, '198.51.100.200'), 'ok', 'a sign-up after the restart');

    const expected = new Set([...atCrash.map((r) => r.message_id)]);
    started = Date.now();
    await waitUntil(
      () =>
        atCrash.every((r) => smtp.received.some((m) => m.messageId === r.message_id)) &&
        smtp.received.some((m) => m.rcptTo.includes(lateEmail)),
      () =>
        `every queued mail at the SMTP server; missing: ${atCrash.filter((r) => !smtp.received.some((m) => m.messageId === r.message_id)).length}`,
    );
    t.diagnostic(`all queued mail delivered ${Date.now() - started} ms after the restart`);
    // A clean stop lets a send in progress finish, so nothing can arrive after the count below.
    const stopped = await second.stop('SIGTERM');
    assert.equal(stopped.code, 0, 'the restarted server stops cleanly');
    assert.deepEqual(errorLines(second.output()), [], 'the restarted server logged no errors');

    // ── After: everything delivered, each Message-ID exactly once ────────────────────────
    db = await target.open();
    try {
      const rows = await db.query<{ message_id: string; recipient: string; sent: boolean; failed: boolean }>(
        `SELECT message_id, recipient, sent_at IS NOT NULL AS sent, failed_at IS NOT NULL AS failed FROM outbox ORDER BY id`,
      );
      assert.deepEqual(
        rows.filter((r) => !r.sent || r.failed),
        [],
        'no unsent or failed mail is left in the outbox',
      );
      const lateRow = rows.find((r) => r.recipient === lateEmail);
      assert.ok(lateRow, 'the sign-up after the restart queued its mail');
      expected.add(lateRow.message_id);
      assert.deepEqual(rows.map((r) => r.message_id).sort(), [...expected].sort(), 'the outbox holds the mails of the sign-ups, no other');

      const arrivals = new Map<string, number>();
      for (const m of smtp.received) arrivals.set(m.messageId, (arrivals.get(m.messageId) ?? 0) + 1);
      const duplicates = [...arrivals].filter(([, n]) => n !== 1);
      assert.deepEqual(duplicates, [], 'each Message-ID reached the SMTP server exactly once over both lifetimes');
      assert.deepEqual([...arrivals.keys()].sort(), [...expected].sort(), 'the SMTP server received exactly the outbox mails');

      for (const email of [...ok, lateEmail]) {
        const mails = smtp.received.filter((m) => m.rcptTo.includes(email));
        assert.equal(mails.length, 1, `exactly one confirmation mail to ${email}`);
        assert.equal(mails[0]!.subject, 'Confirm your e-mail address for KZM');
        assert.match(mails[0]!.text, /\/en\/nalog\/potvrda\?token=/);
      }
      const users = await burstUsers(db, tag);
      for (const u of users)
        assert.deepEqual(u, { email: u.email, consents: 1, tokens: 1, events: 1, mails: 1 }, `sign-up of ${u.email} is complete`);
      assert.equal(await usersWithoutConsent(db), 0, 'no user without a consent');
    } finally {
      await db.close();
    }
  } catch (err) {
    for (const [i, s] of servers.entries()) {
      t.diagnostic(`server log, lifetime ${i + 1} (last 40 lines):`);
      for (const line of s.output().trimEnd().split('\n').slice(-40)) t.diagnostic(`  ${line}`);
    }
    throw err;
  } finally {
    for (const s of servers) await s.stop('SIGKILL');
    await smtp.close();
  }
}

describe('crash safety: SIGKILL of the server during a burst of sign-ups', () => {
  test('on PGlite (a data directory)', async (t) => {
    const dir = await mkdtemp(join(testDbParent(), 'kzm-crash-'));
    try {
      await crashAndRestart(t, {
        env: { DATA_DIR: dir },
        // PGlite is opened by one process at a time; the callers only open it while no server runs.
        open: () => openPglite(dir),
        settle: async () => {},
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  const adminUrl = testDatabaseUrl();
  describe('on PostgreSQL', () => {
    let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
    before(async () => {
      if (adminUrl) scratch = await createScratchDatabase(adminUrl, 'kzm_crash');
    });
    after(async () => {
      await scratch?.drop();
    });

    test(
      'a fresh database',
      {
        skip: adminUrl
          ? false
          : 'TEST_DATABASE_URL is not set: the PostgreSQL case needs a server (e.g. postgres://postgres@127.0.0.1:54329/postgres)',
      },
      async (t) => {
        const { url } = scratch!;
        const dbName = new URL(url).pathname.slice(1);
        await crashAndRestart(t, {
          env: { DATABASE_URL: url },
          open: () => openPostgres(url),
          // A transaction the dead process had sent COMMIT for may finish a moment after the
          // kill; inspect only once its backends are gone.
          settle: () =>
            waitUntil(
              async () => {
                const c = new pg.Client({ connectionString: adminUrl });
                await c.connect();
                try {
                  const r = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [dbName]);
                  return r.rows[0]!.n === 0;
                } finally {
                  await c.end();
                }
              },
              () => 'the killed server’s PostgreSQL connections to end',
            ),
        });
      },
    );
  });
});
