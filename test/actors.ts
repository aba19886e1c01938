import type { OfficeRole } from '../src/core/auth/actor.ts';
import { CSRF_FIELD } from '../src/core/http/csrf.ts';
import type { Access, RouteDef } from '../src/core/http/routes.ts';
import { insertUser } from '../src/features/accounts/repo.ts';
import { addMember } from '../src/features/admin/repo.ts';
import type { TestApp, TestClient } from './app.ts';

/**
 * The people every route is tried as (issue #3's matrix): office A is Pančevo, office B Čačak.
 * Each actor holds exactly the roles its name says, so an allowed request can only come from
 * the rule that should allow it.
 */
export const OFFICE_A = 'pancevo';
export const OFFICE_B = 'cacak';

export const ACTORS = [
  'anonymous',
  'young',
  'associationRepA',
  'youthCouncilA',
  'coordinatorA',
  'coordinatorB',
  'officeAdminA',
  'nationalAdmin',
] as const;
export type ActorName = (typeof ACTORS)[number];

interface ActorSpec {
  email: string | null;
  national?: boolean;
  roles: Array<[string, OfficeRole]>;
}

export const ACTOR_SPECS: Record<ActorName, ActorSpec> = {
  anonymous: { email: null, roles: [] },
  young: { email: 'matrica.mladi@primer.test', roles: [] },
  associationRepA: { email: 'matrica.udruzenje@primer.test', roles: [[OFFICE_A, 'association_rep']] },
  youthCouncilA: { email: 'matrica.savet@primer.test', roles: [[OFFICE_A, 'youth_council']] },
  coordinatorA: { email: 'matrica.koordinator.a@primer.test', roles: [[OFFICE_A, 'coordinator']] },
  coordinatorB: { email: 'matrica.koordinator.b@primer.test', roles: [[OFFICE_B, 'coordinator']] },
  officeAdminA: { email: 'matrica.admin.a@primer.test', roles: [[OFFICE_A, 'office_admin']] },
  nationalAdmin: { email: 'matrica.nacionalni@primer.test', national: true, roles: [] },
};

/** Creates the matrix's accounts (once per test app) and returns a logged-in client factory. */
export async function createActors(t: TestApp): Promise<(name: ActorName) => Promise<TestClient>> {
  const hash = await t.deps.passwords.hash('matrica-lozinka');
  for (const spec of Object.values(ACTOR_SPECS)) {
    if (!spec.email) continue;
    await t.db.transaction(async (tx) => {
      const id = await insertUser(tx, {
        email: spec.email!,
        passwordHash: hash,
        displayName: `Matrica ${spec.email!.split('@')[0]}`,
        birthDate: '1995-05-05',
        locale: 'lat',
        confirmed: true,
        nationalAdmin: spec.national ?? false,
      });
      for (const [slug, role] of spec.roles) {
        const office = await tx.query<{ id: string }>('SELECT id FROM offices WHERE slug = $1', [slug]);
        await addMember(tx, office[0]!.id, id, role, null);
      }
    });
  }
  return async (name) => {
    const spec = ACTOR_SPECS[name];
    return spec.email ? t.clientAs(spec.email) : t.client();
  };
}

export type Decision = 'allow' | 'login' | 'forbidden';

/**
 * What a route's declared access means for an actor when the route's :office is office A.
 * This is the expectation the matrix checks the server's behaviour against.
 */
export function expectedDecision(access: Access, actor: ActorName): Decision {
  const spec = ACTOR_SPECS[actor];
  if (access.kind === 'public') return 'allow';
  if (!spec.email) return 'login';
  if (access.kind === 'signedIn') return 'allow';
  if (spec.national) return 'allow';
  if (access.kind === 'national') return 'forbidden';
  return spec.roles.some(([slug, role]) => slug === OFFICE_A && access.roles.includes(role)) ? 'allow' : 'forbidden';
}

/**
 * Values for path parameters. A route with a parameter not listed here fails the matrix:
 * a feature that adds `:activity` adds a fixture that creates one in office A.
 */
export type ParamFixture = (t: TestApp) => Promise<string>;
export const PARAM_FIXTURES: Record<string, ParamFixture> = {
  'lang{cir|lat|en}': async () => 'lat',
  office: async () => OFFICE_A,
  slug: async () => OFFICE_A,
  file: async () => 'app.css',
};

/** The route's path with every parameter filled from PARAM_FIXTURES (or the fixtures given). */
export async function concretePath(t: TestApp, route: RouteDef, fixtures: Record<string, ParamFixture> = PARAM_FIXTURES): Promise<string> {
  let path = route.path;
  for (const m of route.path.matchAll(/:([A-Za-z_]+(?:\{[^}]*\})?)/g)) {
    const fixture = fixtures[m[1]!];
    if (!fixture) throw new Error(`No PARAM_FIXTURES entry for :${m[1]} (route ${route.name}); add one in test/actors.ts`);
    path = path.replace(m[0], await fixture(t));
  }
  return path;
}

// ── Forms as the pages render them, for requests with plausible values ──

export interface FormField {
  name: string;
  /** 'textarea' and 'select' for those elements, else the input's type. */
  type: string;
  required: boolean;
  maxlength?: number;
  /** Set on text inputs that take numbers or codes ('numeric', 'decimal'). */
  inputmode?: string;
  /** A select's option values. */
  options?: string[];
}

export interface PageForm {
  action: string;
  fields: FormField[];
  /** What a browser would submit as rendered (the CSRF field left out: clients add their own). */
  values: Record<string, string>;
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/\s([\w:-]+)(?:="([^"]*)")?/g)) out[m[1]!.toLowerCase()] = unescapeHtml(m[2] ?? '');
  return out;
}

/**
 * The POST forms in a page, read the way a browser submits them: inputs by name and value
 * (checkboxes only when checked), textareas by content, selects by the selected option (or
 * the first). The app's markup is generated, so patterns suffice where a parser would not.
 */
export function formsIn(html: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const f of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const fa = attrs(f[1]!);
    if ((fa.method ?? 'get').toLowerCase() !== 'post') continue;
    const form: PageForm = { action: fa.action ?? '', fields: [], values: {} };
    for (const el of f[2]!.matchAll(/<(input)\b([^>]*)>|<(textarea)\b([^>]*)>([\s\S]*?)<\/textarea>|<(select)\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const a = attrs(el[2] ?? el[4] ?? el[7] ?? '');
      const name = a.name;
      if (!name || name === CSRF_FIELD) continue;
      const required = 'required' in a;
      const maxlength = a.maxlength ? Number(a.maxlength) : undefined;
      if (el[1]) {
        const type = (a.type ?? 'text').toLowerCase();
        if (['submit', 'button', 'image', 'reset', 'file'].includes(type)) continue;
        form.fields.push({ name, type, required, maxlength, inputmode: a.inputmode });
        if ((type === 'checkbox' || type === 'radio') && !('checked' in a)) continue;
        form.values[name] = a.value ?? (type === 'checkbox' ? 'on' : '');
      } else if (el[3]) {
        form.fields.push({ name, type: 'textarea', required, maxlength });
        // A textarea's first newline belongs to the markup, not the value.
        form.values[name] = unescapeHtml(el[5]!.replace(/^\r?\n/, ''));
      } else {
        const options = [...el[8]!.matchAll(/<option\b([^>]*)>/g)].map((o) => attrs(o[1]!));
        form.fields.push({ name, type: 'select', required, options: options.map((o) => o.value ?? '') });
        form.values[name] = (options.find((o) => 'selected' in o) ?? options[0])?.value ?? '';
      }
    }
    forms.push(form);
  }
  return forms;
}

/**
 * The form that posts to a route, as one of the app's GET pages renders it for this client:
 * the page at the same path first, then pages above it (a list page with per-row forms),
 * then every other page (forms in the page header). Undefined when no page shows one.
 */
export async function formPostingTo(t: TestApp, client: TestClient, route: RouteDef): Promise<PageForm | undefined> {
  const target = await concretePath(t, route);
  const rank = (p: RouteDef) => (p.path === route.path ? 0 : route.path.startsWith(`${p.path}/`) ? 1 : 2);
  const pages = t.routes.routes.filter((r) => r.kind === 'page' && r.method === 'GET').sort((a, b) => rank(a) - rank(b));
  for (const page of pages) {
    const res = await client.get(await concretePath(t, page));
    if (res.status !== 200) {
      await res.body?.cancel();
      continue;
    }
    const form = formsIn(await res.text()).find((f) => f.action.split('?')[0] === target);
    if (form) return form;
  }
  return undefined;
}

/** Values a required field left blank accepts; an e-mail names an existing account (the young person). */
const BLANK_FILL: Record<string, string> = {
  email: ACTOR_SPECS.young.email!,
  password: 'matrica-lozinka',
  date: '2000-01-01',
  time: '10:00',
  tel: '+381 60 123 4567',
  url: 'https://example.org/',
  number: '1',
  checkbox: 'on',
};

/** The form's values with every required blank filled, so the request gets past validation. */
export function plausibleValues(form: PageForm): Record<string, string> {
  const values = { ...form.values };
  for (const f of form.fields) {
    if (f.required && !values[f.name]) values[f.name] = BLANK_FILL[f.type] ?? (f.options?.find(Boolean) ?? 'Proba');
  }
  return values;
}

/**
 * Plausible values changed the way a person editing would: free texts reworded (where the
 * longer text still fits), choices moved to the next option; codes, numbers and hidden ids kept.
 */
export function alteredValues(form: PageForm): Record<string, string> {
  const values = plausibleValues(form);
  for (const f of form.fields) {
    const v = values[f.name] ?? '';
    const changed = `${v} (izmena)`;
    const freeText = f.type === 'textarea' || (f.type === 'text' && (!f.inputmode || f.inputmode === 'text'));
    if (freeText && v && changed.length <= (f.maxlength ?? Infinity)) values[f.name] = changed;
    if (f.type === 'select' && f.options && f.options.length > 1) {
      values[f.name] = f.options[(f.options.indexOf(v) + 1) % f.options.length]!;
    }
  }
  return values;
}
