import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { buildApp } from '../src/app.ts';
import { openPostgres, type Db } from '../src/core/db/db.ts';
import { createDeps } from '../src/core/deps.ts';
import type { Deps } from '../src/core/http/env.ts';
import { CACHE_CHANNEL, pageWrite, subscribePageCache } from '../src/core/http/page-cache.ts';
import { activityTags } from '../src/features/activities/cache.ts';
import { makeRegistration } from '../src/features/activities/testing.ts';
import { makeCalendarActivity } from '../src/features/calendar/testing.ts';
import { ACTOR_PASSWORD, createAccount } from './actors.ts';
import { TestClient, createTestApp, type TestApp } from './app.ts';
import { testDatabaseUrl, withDatabase } from './db.ts';

/**
 * The page cache against a real database, in two app processes: app A (createTestApp) and app
 * B — on PostgreSQL a second pool and listener connection to the same database, on PGlite a
 * second app with its own cache and listener on the one embedded database. Each test is one
 * promise of issue #12: per-office and per-activity tags, no invalidation for a waitlisted
 * sign-up, NOTIFY inside the writing transaction (a rollback drops nothing; a process that
 * dies right after commit still drops the other's pages), a stale render is never stored,
 * simultaneous misses render once, query strings share one entry, and a dropped LISTEN
 * connection empties the cache and comes back.
 */

interface App {
  deps: Deps;
  client(): TestClient;
}

let t: TestApp;
let dbB: Db;
let b: App;
const stops: Array<() => Promise<void>> = [];

function appOn(db: Db): App {
  const deps = createDeps(t.deps.config, db, t.deps.log);
  const { app } = buildApp(deps);
  return { deps, client: () => new TestClient(app.request.bind(app), t.deps.config.SECRET) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits for a condition that another connection brings about; the bound only turns a hang into a failure. */
async function until(what: string, cond: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    if (await cond()) return;
    await sleep(20);
  }
  assert.fail(`never happened: ${what}`);
}

/**
 * Waits until B's cache has heard every NOTIFY committed so far: one connection delivers them
 * in commit order, so once a marker sent now has dropped B's marker entry, the rest arrived too.
 */
async function syncB(): Promise<void> {
  const marker = `marker:${randomBytes(4).toString('hex')}`;
  assert.ok(b.deps.pageCache.set(`/${marker}`, 'marker', 200, [marker]));
  await t.db.query('SELECT pg_notify($1, $2)', [CACHE_CHANNEL, marker]);
  await until('B hears the marker', () => b.deps.pageCache.get(`/${marker}`) === undefined);
}

before(async () => {
  t = await createTestApp();
  const url = testDatabaseUrl();
  if (url) {
    const [{ name }] = (await t.db.query<{ name: string }>('SELECT current_database() AS name')) as [{ name: string }];
    dbB = await openPostgres(withDatabase(url, name));
  } else {
    dbB = t.db;
  }
  b = appOn(dbB);
  stops.push(await subscribePageCache(t.db, t.deps.pageCache));
  stops.push(await subscribePageCache(dbB, b.deps.pageCache));
});
after(async () => {
  for (const stop of stops) await stop();
  if (dbB !== t.db) await dbB.close();
  await t.close();
});

const get = async (client: TestClient, path: string) => {
  const res = await client.get(path);
  assert.equal(res.status, 200, path);
  return { cache: res.headers.get('x-cache'), body: await res.text() };
};
/** Renders the page, then checks the next visitor gets it from the cache. */
async function warm(app: { client(): TestClient }, path: string): Promise<void> {
  await get(app.client(), path);
  assert.equal((await get(app.client(), path)).cache, 'hit', path);
}

async function signedIn(prefix: string): Promise<TestClient> {
  const email = `${prefix}.${randomBytes(3).toString('hex')}@primer.test`;
  await createAccount(t, { email, roles: [] });
  return t.clientAs(email);
}

describe('tags per office and per activity', () => {
  test("a Pančevo sign-up drops only that activity's page and the calendars listing it; Čačak's pages and Pančevo's other activities stay", async () => {
    const signUp = await makeCalendarActivity(t.db, 'pancevo', { title: 'Oznake Alfa', capacity: 5 });
    const other = await makeCalendarActivity(t.db, 'pancevo', { title: 'Oznake Beta', capacity: 5 });
    const cacak = await makeCalendarActivity(t.db, 'cacak', { title: 'Oznake Gama', capacity: 5 });
    const stay = [
      '/lat/kancelarije/cacak/aktivnosti',
      '/cir/kancelarije/cacak/aktivnosti?prikaz=mesec',
      `/lat/kancelarije/cacak/aktivnosti/${cacak.id}`,
      `/lat/kancelarije/pancevo/aktivnosti/${other.id}`,
      '/lat/kancelarije/cacak',
    ];
    // The office's home page lists its activities of the week (issue #13 point 5): it carries the office's activities tag.
    const go = [
      `/lat/kancelarije/pancevo/aktivnosti/${signUp.id}`,
      '/lat/kancelarije/pancevo/aktivnosti',
      '/lat/aktivnosti',
      '/lat/kancelarije/pancevo',
    ];
    for (const p of [...stay, ...go]) await warm(t, p);

    const me = await signedIn('oznake');
    assert.equal((await me.post(`/lat/kancelarije/pancevo/aktivnosti/${signUp.id}/prijava`, {})).status, 303);

    for (const p of stay) assert.equal((await get(t.client(), p)).cache, 'hit', `${p} stays cached`);
    for (const p of go) assert.notEqual((await get(t.client(), p)).cache, 'hit', `${p} is rendered afresh`);
    assert.match((await get(t.client(), go[0]!)).body, /Slobodnih mesta: 4 od 5/);
  });

  test('a waitlisted sign-up changes no public page: nothing is invalidated, here or in the other process', async () => {
    const full = await makeCalendarActivity(t.db, 'pancevo', { title: 'Puna lista Delta', capacity: 1 });
    await makeRegistration(t.db, full);
    const paths = [`/lat/kancelarije/pancevo/aktivnosti/${full.id}`, '/lat/kancelarije/pancevo/aktivnosti', '/lat/aktivnosti'];
    for (const p of paths) {
      await warm(t, p);
      await warm(b, p);
    }
    const me = await signedIn('cekanje');
    assert.equal((await me.post(`/lat/kancelarije/pancevo/aktivnosti/${full.id}/prijava`, {})).status, 303);
    const [reg] = await t.db.query<{ status: string }>('SELECT status FROM registrations WHERE activity_id = $1 AND user_id IS NOT NULL', [
      full.id,
    ]);
    assert.equal(reg?.status, 'waitlisted');
    await syncB();
    for (const p of paths) {
      assert.equal((await get(t.client(), p)).cache, 'hit', `A: ${p}`);
      assert.equal((await get(b.client(), p)).cache, 'hit', `B: ${p}`);
    }
  });
});

describe('NOTIFY inside the writing transaction', () => {
  test('a rolled-back write invalidates nothing, in this process or the other', async () => {
    const a = await makeCalendarActivity(t.db, 'cacak', { title: 'Povratak Epsilon' });
    const path = `/lat/kancelarije/cacak/aktivnosti/${a.id}`;
    await warm(t, path);
    await warm(b, path);
    await assert.rejects(
      pageWrite(t.deps, async (tx, touch) => {
        await tx.query(`UPDATE activities SET title = 'Nikad Epsilon' WHERE id = $1`, [a.id]);
        touch(activityTags(a.officeId, a.id));
        throw new Error('refused after the write');
      }),
      /refused after the write/,
    );
    await syncB();
    for (const app of [t, b]) {
      const page = await get(app.client(), path);
      assert.equal(page.cache, 'hit');
      assert.match(page.body, /Povratak Epsilon/);
    }
  });

  test('a committed write drops the page in the other process, even when the writer dies right after COMMIT', async () => {
    const a = await makeCalendarActivity(t.db, 'cacak', { title: 'Pad Zeta' });
    const path = `/lat/kancelarije/cacak/aktivnosti/${a.id}`;
    await warm(b, path);
    // The writing process "dies" the moment its transaction has committed: nothing after COMMIT runs.
    const dying: Deps = {
      ...t.deps,
      db: {
        ...t.db,
        async transaction(fn) {
          await t.db.transaction(fn);
          throw new Error('process died after COMMIT');
        },
      },
    };
    await assert.rejects(
      pageWrite(dying, async (tx, touch) => {
        await tx.query(`UPDATE activities SET title = 'Posle pada Zeta' WHERE id = $1`, [a.id]);
        touch(activityTags(a.officeId, a.id));
      }),
      /process died/,
    );
    await syncB();
    const page = await get(b.client(), path);
    assert.notEqual(page.cache, 'hit');
    assert.match(page.body, /Posle pada Zeta/);
  });

  test('a sign-up in one process shows at once in the other (places left)', async () => {
    const a = await makeCalendarActivity(t.db, 'pancevo', { title: 'Dva procesa Eta', capacity: 3 });
    const path = `/lat/kancelarije/pancevo/aktivnosti/${a.id}`;
    await warm(b, path);
    const me = await signedIn('dva');
    assert.equal((await me.post(`${path}/prijava`, {})).status, 303);
    await syncB();
    const page = await get(b.client(), path);
    assert.notEqual(page.cache, 'hit');
    assert.match(page.body, /Slobodnih mesta: 2 od 3/);
  });

  test("erasing an account frees its seat: the activity's page drops in every process", async () => {
    const a = await makeCalendarActivity(t.db, 'pancevo', { title: 'Brisanje Lambda', capacity: 3 });
    const path = `/lat/kancelarije/pancevo/aktivnosti/${a.id}`;
    const me = await signedIn('brisanje');
    assert.equal((await me.post(`${path}/prijava`, {})).status, 303);
    await syncB();
    await warm(b, path);
    assert.match((await get(b.client(), path)).body, /Slobodnih mesta: 2 od 3/);
    assert.equal((await me.post('/lat/moj-nalog/obrisi', { password: ACTOR_PASSWORD })).status, 303);
    await syncB();
    const page = await get(b.client(), path);
    assert.notEqual(page.cache, 'hit');
    assert.match(page.body, /Slobodnih mesta: 3 od 3/);
  });
});

describe('renders', () => {
  /** App C: its own cache; its activity reads can be held after they returned (a slow render). */
  function gatedApp() {
    let hold: { reached: () => void; released: Promise<void> } | undefined;
    let reads = 0;
    const db: Db = {
      ...t.db,
      async query<T>(sql: string, params?: readonly unknown[]) {
        const rows = await t.db.query<T>(sql, params);
        if (/FROM activities a JOIN offices/.test(sql)) {
          reads++;
          const h = hold;
          hold = undefined;
          if (h) {
            h.reached();
            await h.released;
          }
        }
        return rows;
      },
    };
    const app = appOn(db);
    return {
      ...app,
      reads: () => reads,
      /** The next activity read returns only when release() is called; resolves once it has read. */
      holdNextRead() {
        let release!: () => void;
        let reached!: () => void;
        const read = new Promise<void>((r) => (reached = r));
        hold = { reached, released: new Promise<void>((r) => (release = r)) };
        return { read, release };
      },
    };
  }

  test('a page rendered from data read before a write committed is not stored', async () => {
    const c = gatedApp();
    const a = await makeCalendarActivity(t.db, 'cacak', { title: 'Spora Teta' });
    const path = `/lat/kancelarije/cacak/aktivnosti/${a.id}`;
    const held = c.holdNextRead();
    const slow = get(c.client(), path);
    await held.read;
    await pageWrite(c.deps, async (tx, touch) => {
      await tx.query(`UPDATE activities SET title = 'Brza Teta' WHERE id = $1`, [a.id]);
      touch(activityTags(a.officeId, a.id));
    });
    held.release();
    assert.match((await slow).body, /Spora Teta/, 'that one visitor saw the data as it was read');
    const next = await get(c.client(), path);
    assert.notEqual(next.cache, 'hit', 'the stale render was not stored');
    assert.match(next.body, /Brza Teta/);
    assert.equal((await get(c.client(), path)).cache, 'hit');
  });

  test('simultaneous misses of one page render it once; the others get that page', async () => {
    const c = gatedApp();
    const a = await makeCalendarActivity(t.db, 'cacak', { title: 'Navala Jota' });
    const path = `/lat/kancelarije/cacak/aktivnosti/${a.id}`;
    const before = c.reads();
    const held = c.holdNextRead();
    const first = get(c.client(), path);
    await held.read;
    const others = Array.from({ length: 4 }, () => get(c.client(), path));
    held.release();
    const pages = await Promise.all([first, ...others]);
    assert.equal(c.reads() - before, 1, 'one render');
    assert.deepEqual(
      pages.map((p) => p.cache),
      [null, 'shared', 'shared', 'shared', 'shared'],
    );
    for (const p of pages) assert.match(p.body, /Navala Jota/);
  });

  test('query strings: unknown parameters and spacing do not make new entries; the page shows the canonical values', async () => {
    await get(t.client(), '/lat/aktivnosti?q=%20%20kamp%20&utm_source=bilten&fbclid=x1');
    const same = await get(t.client(), '/lat/aktivnosti?q=kamp');
    assert.equal(same.cache, 'hit');
    assert.match(same.body, /name="q" type="search" value="kamp"/);
    await get(t.client(), '/lat/kancelarije');
    assert.equal((await get(t.client(), '/lat/kancelarije?strana=3&x=1')).cache, 'hit', 'the directory has no ?strana=');
    await get(t.client(), '/lat/kancelarije/cacak/aktivnosti?prikaz=mesec&mesec=2031-05');
    assert.equal(
      (await get(t.client(), '/lat/kancelarije/cacak/aktivnosti?mesec=2031-05&prikaz=mesec&strana=1')).cache,
      'hit',
      'order and defaults',
    );
    assert.notEqual(
      (await get(t.client(), '/lat/kancelarije/cacak/aktivnosti?prikaz=mesec&mesec=2031-06')).cache,
      'hit',
      'a different month is another page',
    );
  });
});

describe('LISTEN connection', () => {
  test(
    'a dropped LISTEN connection empties the cache, reconnects, and invalidations arrive again',
    { skip: !testDatabaseUrl() && 'PGlite listens in-process: there is no connection to drop' },
    async () => {
      const a = await makeCalendarActivity(t.db, 'cacak', { title: 'Prekid Kapa', capacity: 5 });
      const path = `/lat/kancelarije/cacak/aktivnosti/${a.id}`;
      await warm(b, path);
      const listeners = async () =>
        (
          await t.db.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
          )
        ).map((r) => r.pid);
      const old = await listeners();
      assert.equal(old.length, 2, 'A and B listen');
      let lost = false;
      stops.push(
        await dbB.listen(
          CACHE_CHANNEL,
          () => {},
          (s) => (lost ||= s === 'lost'),
        ),
      );
      const all = await listeners();
      await t.db.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [all]);
      await until('the listeners are back', async () => {
        const now = await listeners();
        return now.length === all.length && now.every((pid) => !all.includes(pid));
      });
      assert.ok(lost, 'the drop was reported');
      await until('B listens again', () => b.deps.pageCache.listening);
      assert.notEqual((await get(b.client(), path)).cache, 'hit', 'the cache was emptied: writes made meanwhile went unheard');
      assert.equal((await get(b.client(), path)).cache, 'hit', 'and fills again');
      const me = await signedIn('prekid');
      assert.equal((await me.post(`${path}/prijava`, {})).status, 303);
      await syncB();
      const page = await get(b.client(), path);
      assert.notEqual(page.cache, 'hit', 'invalidations from the other process arrive again');
      assert.match(page.body, /Slobodnih mesta: 4 od 5/);
    },
  );
});
