/**
 * Issue #3: people of office B cannot read or change what belongs to office A. Every route that
 * takes an object of an office in its path (today :office; tomorrow e.g. :activity, whose
 * fixture creates one in office A) is probed by itself: as office B's people, read it and post
 * the office's own form to it (as rendered for office A's people, then reworded), and through
 * the API where an API route takes the id.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OFFICE_ROLES } from '../../src/core/auth/actor.ts';
import type { Db } from '../../src/core/db/db.ts';
import type { RouteDef } from '../../src/core/http/routes.ts';
import {
  KNOWN_ACCOUNT,
  OFFICE_A,
  OFFICE_B,
  PARAM_FIXTURES,
  concretePath,
  createAccount,
  createActors,
  expectedDecision,
  type ActorName,
  type ParamFixture,
} from '../actors.ts';
import { createTestApp, type TestApp, type TestClient } from '../app.ts';
import { randomInt, randomUUID } from 'node:crypto';
import {
  alteredValues,
  clientFor,
  discoverForms,
  formPostingTo,
  plausibleFile,
  plausibleValues,
  submit,
  type FileField,
} from '../forms.ts';
import { changedTables, fingerprint } from '../snapshot.ts';

/** Path parameters that name nothing an office owns. */
const NON_OBJECT_PARAMS = new Set(['lang{cir|lat|en}', 'file']);
/**
 * Non-public routes on an office's object that people of any office may use by design (say, a
 * young person joining another town's activity). Each entry needs a reason.
 */
const OPEN_TO_EVERY_OFFICE = new Set<string>([
  // Any signed-in person may ask to represent an association (the office then decides).
  'associations.request',
  'associations.request.submit',
  // Any signed-in young person may join any office's register of young people (their own row,
  // found by their account; nothing of the office is shown but its settlements).
  'me.join.form',
  'me.join',
  // Any signed-in young person may propose a youth initiative to any office (the office then reviews it).
  'initiatives.new',
  'initiatives.create',
  // A first admin's invitation is addressed by its secret token (like initiatives' and bookings' mailed
  // links, which take theirs in the query), not by an office's path: whoever holds the link may open it
  // (it names the office, whose name is public), and only the invited address's account may accept it
  // (anyone else gets 400, "for another account"; see national.db.test.ts).
  'national.invitation',
  'national.invitation.accept',
]);

/**
 * Writes whose input no form supplies, so office A's own person cannot show them working with
 * the page's form alone (each is proved in its feature's tests). Each entry needs a reason.
 */
const NO_FORM_INPUT = new Set<string>([
  // The check-in code is read from the participant's QR code (or typed from it); the page has an empty field.
  'checkin.code',
  'api.checkins',
]);

/** Besides office B's coordinator: someone holding every role in office B, so no rule of A's is out of reach by role alone. */
const EVERY_ROLE_B = 'matrica.sve.b@primer.test';

let t: TestApp;
let as: (name: ActorName) => Promise<TestClient>;
before(async () => {
  t = await createTestApp();
  as = await createActors(t);
  await createAccount(t, { email: EVERY_ROLE_B, roles: OFFICE_ROLES.map((role) => [OFFICE_B, role]) });
});
after(() => t.close());

const objectParams = (r: RouteDef) =>
  [...r.path.matchAll(/:([A-Za-z_]+(?:\{[^}]*\})?)/g)].map((m) => m[1]!).filter((p) => !NON_OBJECT_PARAMS.has(p));

/** The routes probed: any that takes an office's object and is meant for someone in particular. */
const probedRoutes = () =>
  t.routes.routes.filter((r) => objectParams(r).length > 0 && r.access.kind !== 'public' && !OPEN_TO_EVERY_OFFICE.has(r.name));

/** Office B's people who try: the coordinator, and someone with every role there. */
const attackers = async (): Promise<Array<[string, TestClient]>> => [
  ['coordinatorB', await as('coordinatorB')],
  ['everyRoleB', await t.clientAs(EVERY_ROLE_B)],
];

/** Office A's person the route is meant for (a coordinator where the rule allows one). */
function owner(route: RouteDef): ActorName {
  const who = (['coordinatorA', 'officeAdminA', 'nationalAdmin'] as const).find((a) => expectedDecision(route.access, a) === 'allow');
  assert.ok(who, `nobody of office A may use ${route.name}`);
  return who;
}

/** One request as a page or an API client would send it (multipart, with a plausible file, where the form has file fields). */
async function send(
  client: TestClient,
  route: RouteDef,
  path: string,
  values: Record<string, string> = {},
  files: FileField[] = [],
): Promise<Response> {
  const withFiles = () => {
    const out: Record<string, string | File> = { ...values };
    for (const f of files) {
      const file = plausibleFile(f);
      if (file) out[f.name] = file;
    }
    return out;
  };
  const res =
    route.method === 'GET'
      ? await client.get(path, route.kind === 'api' ? { accept: 'application/json' } : {})
      : route.kind === 'api'
        ? await client.postJson(path, JSON.stringify(values))
        : files.length > 0
          ? await client.postMultipart(path, withFiles())
          : await client.post(path, values);
  await res.body?.cancel();
  return res;
}

/** For each POST route: office A's form for it, as office A's own person sees it (none for API-only writes). */
const forms = new Map<string, { plausible: Record<string, string>; altered: Record<string, string>; files: FileField[] }>();
async function formFor(route: RouteDef) {
  if (!forms.has(route.name)) {
    const form = await formPostingTo(t, await as(owner(route)), route);
    forms.set(
      route.name,
      form
        ? { plausible: plausibleValues(form, KNOWN_ACCOUNT), altered: alteredValues(form, KNOWN_ACCOUNT), files: form.files }
        : { plausible: {}, altered: {}, files: [] },
    );
  }
  return forms.get(route.name)!;
}

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
    for (const r of routes) if (r.method !== 'GET') await formFor(r);

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

  test('office A’s own people can do the same (the probes above are not vacuous)', async () => {
    const wrong: string[] = [];
    // Pages first: a write tried below may take a role away (the team page's revoke), and the
    // order of registration in app.ts must not decide what this test can see.
    const routes = probedRoutes().sort((a, b) => Number(a.method !== 'GET') - Number(b.method !== 'GET'));
    for (const route of routes.filter((r) => !NO_FORM_INPUT.has(r.name))) {
      const path = await concretePath(t, route);
      const who = owner(route);
      if (route.method === 'GET') {
        const res = await send(await as(who), route, path);
        if (res.status !== 200) wrong.push(`${route.name} GET ${path} as ${who}: ${res.status}`);
        continue;
      }
      // A fresh form: earlier owner requests may have changed what it shows.
      forms.delete(route.name);
      const { altered, files } = await formFor(route);
      const client = await as(who);
      const before = await fingerprint(t.db);
      const res = await send(client, route, path, altered, files);
      const changed = changedTables(before, await fingerprint(t.db)).length > 0;
      if (res.status >= 400 || !changed) {
        wrong.push(
          `${route.name} POST ${path} as ${who}: ${res.status}${changed ? '' : ', nothing changed'} (values: ${JSON.stringify(altered)})`,
        );
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('an id in a form that names nothing of this office (another office’s, or none) answers 404, not a misleading 400', async () => {
    // Every form the app renders, each hidden field that carries an id swapped for one this office
    // has not got: the office-scoped lookup finds nothing, and that is a 404 (issue #9 point 10).
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const forms = (await discoverForms(t)).filter((f) => f.fields.some((x) => x.type === 'hidden' && UUID.test(x.value)));
    assert.ok(forms.length >= 3, `forms with hidden ids: ${forms.map((f) => f.route.name).join(', ')}`);
    const before = await fingerprint(t.db);
    const wrong: string[] = [];
    for (const form of forms) {
      for (const target of form.fields.filter((x) => x.type === 'hidden' && UUID.test(x.value))) {
        const pairs = form.fields
          .filter((f) => !(f.type === 'checkbox' || f.type === 'radio') || f.checked)
          .map((f): [string, string] => [f.name, f === target ? randomUUID() : f.value]);
        const res = await submit(t, await clientFor(t, form.actor), form.method, form.action, pairs);
        await res.body?.cancel();
        if (res.status !== 404 && res.status !== 403)
          wrong.push(`${form.route.name} ${form.action} with ${target.name} swapped: ${res.status}`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.deepEqual(changedTables(before, await fingerprint(t.db)), [], 'the database changed');
  });
});
