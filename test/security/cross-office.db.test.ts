/**
 * Issue #3: people of office B cannot read or change what belongs to office A. Every route that
 * takes an object of an office in its path (today :office; tomorrow e.g. :activity, whose
 * fixture creates one in office A) is probed by itself: as office B's people, read it and post
 * the office's own form to it (as rendered for office A's people, then reworded), and through
 * the API where an API route takes the id.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import type { Db } from '../../src/core/db/db.ts';
import { OFFICE_A, OFFICE_B, PARAM_FIXTURES, concretePath, type ParamFixture } from '../actors.ts';
import { changedTables, fingerprint } from '../snapshot.ts';
import {
  EVERY_ROLE_B,
  NON_OBJECT_PARAMS,
  attackers,
  formFor,
  formsFor,
  objectParams,
  probedRoutes,
  send,
  t,
  useCrossOfficeApp,
} from './cross-office.ts';

// Office A's own people using the same routes (the probes here are not vacuous), and ids in forms,
// are in cross-office-own.db.test.ts, a file of its own so that npm test runs it beside this one.
useCrossOfficeApp();

/**
 * Path parameters that do not by themselves name an office's object (a file name of a template, a
 * row of an import, a year of the annual report and a file name of its downloads: every office
 * has each year).
 */
const NOT_AN_OBJECT_OF_ITS_OWN = new Set(['sheet', 'line', 'reportYear', 'reportFile']);
/**
 * The answer to a value that names nothing, where it is not 404 (each entry needs a reason).
 * A parent's consent link that is unknown, used, expired or another office's is "gone" (410):
 * the parent learns only that the link no longer works (see me/consent.db.test.ts).
 */
const NAMES_NOTHING_STATUS: Record<string, number> = { 'me.parent.link': 410 };

/**
 * A value of the same shape that names nothing: a UUID, or a code or token with each letter
 * and digit swapped for a random one of its kind (a certificate's code stays upper-case).
 */
function namingNothing(value: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return randomUUID();
  const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)]!;
  return value
    .replace(/[A-Z]/g, () => pick('ABCDEFGHJKLMNPQRSTUVWXYZ'))
    .replace(/[a-z]/g, () => pick('abcdefghijkmnopqrstuvwxyz'))
    .replace(/[0-9]/g, () => pick('23456789'));
}

/**
 * What a page of office A could show and office B's must not: every text of office A's rows
 * (names, titles, e-mail addresses …) long enough to mean something, leaving out the office's
 * public profile, texts office B's rows share (a settlement's name, a default wording), and ids,
 * dates and codes.
 */
async function officeTexts(db: Db, slugA: string, slugB: string): Promise<string[]> {
  const texts = (rows: unknown): Set<string> => {
    const out = new Set<string>();
    const walk = (v: unknown, key = ''): void => {
      if (typeof v === 'string') {
        if (
          v.length >= 6 &&
          !/(^|_)(id|at|date|hash|token|code|key|status|kind|mime|type|locale|ip)$/i.test(key) &&
          !/^[\d\s:.,+TZ-]+$/.test(v) &&
          !/^[0-9a-f-]{16,}$/i.test(v)
        )
          out.add(v);
      } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(rows);
    return out;
  };
  // The office's own row is its public profile (every office's name is listed on every site),
  // and the probes above may have written A's form into B's.
  const { offices: _a, ...rowsA } = await officeRows(db, slugA);
  const a = texts(rowsA);
  const b = texts(await officeRows(db, slugB));
  return [...a].filter((x) => !b.has(x));
}

/** Everything of one office: its row and its rows in every table keyed by office_id. */
async function officeRows(db: Db, slug: string): Promise<Record<string, unknown>> {
  const [office] = await db.query<{ id: string }>('SELECT id FROM offices WHERE slug = $1', [slug]);
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'office_id' ORDER BY table_name`,
  );
  const out: Record<string, unknown> = { offices: await db.query('SELECT * FROM offices WHERE id = $1', [office!.id]) };
  for (const { table_name } of tables) {
    const rows = await db.query<{ rows: unknown }>(
      `SELECT COALESCE(json_agg(x ORDER BY x::text), '[]'::json) AS rows FROM "${table_name}" x WHERE office_id = $1`,
      [office!.id],
    );
    out[table_name] = rows[0]!.rows;
  }
  return out;
}

describe('cross-office probes', () => {
  test('office B’s people can neither read nor change office A’s objects, through pages or the API', async (ctx) => {
    const routes = probedRoutes();
    // Not vacuous: today the office editor and the team pages are probed.
    assert.ok(routes.some((r) => r.method === 'GET') && routes.some((r) => r.method === 'POST'), routes.map((r) => r.name).join(', '));
    await formsFor(routes.filter((r) => r.method !== 'GET'));

    const before = await fingerprint(t.db);
    const wrong: string[] = [];
    let requests = 0;
    for (const route of routes) {
      const path = await concretePath(t, route);
      for (const [who, client] of await attackers()) {
        const form = route.method === 'GET' ? undefined : await formFor(route);
        for (const values of form ? [form.plausible, form.altered] : [{}]) {
          const res = await send(client, route, path, values, form?.files);
          requests++;
          if (res.status !== 403 && res.status !== 404) wrong.push(`${route.name} ${route.method} ${path} as ${who}: ${res.status}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
    assert.deepEqual(changedTables(before, await fingerprint(t.db)), [], 'the database changed');
    ctx.diagnostic(`${routes.length} routes (${routes.map((r) => r.name).join(', ')}), ${requests} requests`);
  });

  test('office B’s people on their own office’s paths cannot reach office A’s objects named in the form or the path', async () => {
    // Path :office → B, every other object still A's; the body is A's form. Office B may well
    // change (they are allowed there); office A must not.
    const fixturesB = { ...PARAM_FIXTURES, office: async () => OFFICE_B };
    const routes = probedRoutes().filter((r) => r.method !== 'GET' && objectParams(r).includes('office'));
    const before = await officeRows(t.db, OFFICE_A);
    const wrong: string[] = [];
    for (const route of routes) {
      const path = await concretePath(t, route, fixturesB);
      const { plausible, altered, files } = await formFor(route);
      for (const values of [plausible, altered]) {
        const res = await send(await t.clientAs(EVERY_ROLE_B), route, path, values, files);
        if (res.status >= 500) wrong.push(`${route.name} ${path}: ${res.status}`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.deepEqual(await officeRows(t.db, OFFICE_A), before, 'office A changed');
  });

  test('office B’s own pages and API, asked for office A’s objects, answer exactly as for objects that do not exist, and show nothing of office A', async (ctx) => {
    // Path :office → B (where office B's person holds every role, so no access rule stands in
    // the way), every other object A's; public routes too (a visitor of office B's site must not
    // reach A's activity through B's address). The answer must be the one a value naming nothing
    // gets — 404, byte for byte once the value is swapped back: nothing of A's object shows, not
    // even whether it exists.
    const routes = t.routes.routes.filter(
      (r) =>
        r.method === 'GET' &&
        objectParams(r).includes('office') &&
        objectParams(r).some((p) => p !== 'office' && !NOT_AN_OBJECT_OF_ITS_OWN.has(p)),
    );
    // Not vacuous: today people, associations, partners, imports, activities, certificates, and the API.
    assert.ok(routes.length >= 20 && routes.some((r) => r.kind === 'api'), routes.map((r) => r.name).join(', '));
    const secrets = await officeTexts(t.db, OFFICE_A, OFFICE_B);
    assert.ok(secrets.length >= 20, `office A’s texts to look for: ${secrets.join(', ')}`);
    const client = await t.clientAs(EVERY_ROLE_B);
    const wrong: string[] = [];
    for (const route of routes) {
      // Office A's values, then for each a value of the same shape that names nothing.
      const values = new Map<string, string>();
      const recording = Object.fromEntries(
        Object.entries(PARAM_FIXTURES).map(([name, fixture]): [string, ParamFixture] => [
          name,
          async (app, r) => {
            const v = name === 'office' ? OFFICE_B : await fixture(app, r);
            if (name !== 'office' && !NOT_AN_OBJECT_OF_ITS_OWN.has(name) && !NON_OBJECT_PARAMS.has(name)) values.set(name, v);
            return v;
          },
        ]),
      );
      const path = await concretePath(t, route, recording);
      const nothing = new Map([...values.values()].map((v) => [v, namingNothing(v)]));
      const controlPath = await concretePath(t, route, {
        ...recording,
        ...Object.fromEntries([...values].map(([name, v]): [string, ParamFixture] => [name, async () => nothing.get(v)!])),
      });
      const read = async (p: string) => {
        const res = await client.get(p, route.kind === 'api' ? { accept: 'application/json' } : {});
        return { status: res.status, body: await res.text() };
      };
      const got = await read(path);
      const expected = NAMES_NOTHING_STATUS[route.name] ?? 404;
      if (got.status !== expected) {
        wrong.push(`${route.name} GET ${path}: ${got.status}, not ${expected}`);
        continue;
      }
      const leaked = secrets.filter((x) => got.body.includes(x));
      if (leaked.length > 0)
        wrong.push(`${route.name} GET ${path}: the answer shows office A’s ${leaked.map((x) => JSON.stringify(x)).join(', ')}`);
      const control = await read(controlPath);
      const back = [...nothing].reduce((b, [v, other]) => b.replaceAll(other, v), control.body);
      if (control.status !== got.status || back !== got.body) {
        wrong.push(`${route.name} GET ${path}: the answer differs from that for ${controlPath} (${control.status})`);
      }
    }
    assert.deepEqual(wrong, []);
    ctx.diagnostic(`${routes.length} routes: ${routes.map((r) => r.name).join(', ')}`);
  });
});
