/**
 * The cross-office probes' shared pieces (issue #3): which routes take an office's object, who
 * tries them, office A's forms for them. Two test files use them, each its own process with its
 * own database, so that npm test runs them side by side: cross-office.db.test.ts (office B's
 * people against office A's objects; ids in forms) and cross-office-own.db.test.ts (office A's
 * own people can do the same: the probes are not vacuous).
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { OFFICE_ROLES } from '../../src/core/auth/actor.ts';
import type { RouteDef } from '../../src/core/http/routes.ts';
import { KNOWN_ACCOUNT, OFFICE_B, createAccount, createActors, expectedDecision, type ActorName } from '../actors.ts';
import { createTestApp, type TestApp, type TestClient } from '../app.ts';
import { alteredValues, formPostingTo, formsPostingTo, plausibleFile, plausibleValues, type FileField, type ParsedForm } from '../forms.ts';

/** Path parameters that name nothing an office owns. */
export const NON_OBJECT_PARAMS = new Set(['lang{cir|lat|en}', 'file']);
/**
 * Non-public routes on an office's object that people of any office may use by design (say, a
 * young person joining another town's activity). Each entry needs a reason.
 */
export const OPEN_TO_EVERY_OFFICE = new Set<string>([
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
export const NO_FORM_INPUT = new Set<string>([
  // The check-in code is read from the participant's QR code (or typed from it); the page has an empty field.
  'checkin.code',
  'api.checkins',
]);

/** Besides office B's coordinator: someone holding every role in office B, so no rule of A's is out of reach by role alone. */
export const EVERY_ROLE_B = 'matrica.sve.b@primer.test';

/** The file's test app (demo data, the matrix's actors, EVERY_ROLE_B) and its actors' clients, made by useCrossOfficeApp(). */
export let t: TestApp;
export let as: (name: ActorName) => Promise<TestClient>;
/** Makes the test app before the file's tests, closes it after them. */
export function useCrossOfficeApp(): void {
  before(async () => {
    t = await createTestApp();
    as = await createActors(t);
    await createAccount(t, { email: EVERY_ROLE_B, roles: OFFICE_ROLES.map((role) => [OFFICE_B, role]) });
  });
  after(() => t.close());
}

export const objectParams = (r: RouteDef) =>
  [...r.path.matchAll(/:([A-Za-z_]+(?:\{[^}]*\})?)/g)].map((m) => m[1]!).filter((p) => !NON_OBJECT_PARAMS.has(p));

/** The routes probed: any that takes an office's object and is meant for someone in particular. */
export const probedRoutes = () =>
  t.routes.routes.filter((r) => objectParams(r).length > 0 && r.access.kind !== 'public' && !OPEN_TO_EVERY_OFFICE.has(r.name));

/** Office B's people who try: the coordinator, and someone with every role there. */
export const attackers = async (): Promise<Array<[string, TestClient]>> => [
  ['coordinatorB', await as('coordinatorB')],
  ['everyRoleB', await t.clientAs(EVERY_ROLE_B)],
];

/** Office A's person the route is meant for (a coordinator where the rule allows one). */
export function owner(route: RouteDef): ActorName {
  const who = (['coordinatorA', 'officeAdminA', 'nationalAdmin'] as const).find((a) => expectedDecision(route.access, a) === 'allow');
  assert.ok(who, `nobody of office A may use ${route.name}`);
  return who;
}

/** One request as a page or an API client would send it (multipart, with a plausible file, where the form has file fields). */
export async function send(
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
export const forms = new Map<string, { plausible: Record<string, string>; altered: Record<string, string>; files: FileField[] }>();
const valuesOf = (form: ParsedForm | undefined) =>
  form
    ? { plausible: plausibleValues(form, KNOWN_ACCOUNT), altered: alteredValues(form, KNOWN_ACCOUNT), files: form.files }
    : { plausible: {}, altered: {}, files: [] };
export async function formFor(route: RouteDef) {
  if (!forms.has(route.name)) forms.set(route.name, valuesOf(await formPostingTo(t, await as(owner(route)), route)));
  return forms.get(route.name)!;
}
/**
 * formFor for many routes at once (nothing is posted meanwhile): for each of office A's people
 * they belong to, every page is rendered once for all of them (formsPostingTo), not walked per route.
 */
export async function formsFor(routes: RouteDef[]): Promise<void> {
  const byOwner = new Map<ActorName, RouteDef[]>();
  for (const r of routes) if (!forms.has(r.name)) byOwner.set(owner(r), [...(byOwner.get(owner(r)) ?? []), r]);
  for (const [who, list] of byOwner) {
    for (const [route, form] of await formsPostingTo(t, await as(who), list)) forms.set(route.name, valuesOf(form));
  }
}
