import { CSRF_FIELD } from '../src/core/http/csrf.ts';
import { routePattern, type RouteDef } from '../src/core/http/routes.ts';
import { createUserToken, findUserByEmail } from '../src/features/accounts/repo.ts';
import { insertAccount } from '../src/features/accounts/service.ts';
import { addMember } from '../src/features/admin/repo.ts';
import { ensureJoined } from '../src/features/me/fixtures.ts';
import { feedbackFormPath, issueFormPath } from '../src/features/certificates/fixtures.ts';
import { guestLinkPaths, myRegistrationsPath, pendingListPath } from '../src/features/registrations/fixtures.ts';
import { checkinListPath } from '../src/features/checkin/fixtures.ts';
import { newsletterCampaignFixture, newsletterConfirmPath } from '../src/features/newsletter/fixtures.ts';
import { guestBookingPaths, myBookingsPath, notesPagePath } from '../src/features/guidance/fixtures.ts';
import { invitePagePath } from '../src/features/council/fixtures.ts';
import { guestConfirmPath, ownRequestsPath, requestFixture, todayAdminPath } from '../src/features/bookings/fixtures.ts';
import { initiativeFormPaths } from '../src/features/initiatives/fixtures.ts';
import { volunteerFormPaths } from '../src/features/volunteering/fixtures.ts';
import { adoptedPlanPath, sheetPreview, workplanPaths } from '../src/features/plan/fixtures.ts';
import { draftPath } from '../src/features/surveys/fixtures.ts';
import { invitationFixture } from '../src/features/national/fixtures.ts';
import { consultationFixture } from '../src/features/national/consultation-fixtures.ts';
import { madeReportPath } from '../src/features/report/fixtures.ts';
import { concretePath } from './actors.ts';
import type { TestApp, TestClient } from './app.ts';

/**
 * Finds every HTML form the app renders, by walking the route table (issue #3): each GET page
 * is fetched as a national admin who is also staff of office A (who may open every page) and anonymously (sign-up and
 * log-in forms show only to visitors), plus the pages in FORM_STATES whose forms appear only
 * in some state. A new form is picked up without touching the tests that use this.
 */

/** Password of the throwaway accounts FORM_STATES creates. */
export const FORMS_PASSWORD = 'forms-lozinka-123';

export interface FormField {
  name: string;
  /** input type ('text', 'email', 'hidden', 'checkbox', …), or 'textarea' / 'select'. */
  type: string;
  /** The value as rendered (entities decoded); for a checkbox or radio, what it sends when checked. */
  value: string;
  /** Values a select (or radio group) offers. */
  options?: string[];
  /** Checkbox/radio: rendered checked. */
  checked?: boolean;
  /** The maxlength the markup declares, if any (fuzzing tries both sides of it). */
  maxLength?: number;
  /** Marked required (plausibleValues fills these when blank). */
  required?: boolean;
  /** The inputmode the markup declares ('numeric', 'decimal' on text inputs that take codes or numbers). */
  inputMode?: string;
}

/** Who a form is submitted as: visitors for public forms they can see, otherwise the national admin. */
export type FormActor = 'anonymous' | 'nationalAdmin';

export interface DiscoveredForm {
  /** The form's action as rendered (a local path, e.g. /lat/admin/kancelarije/pancevo). */
  action: string;
  method: 'get' | 'post';
  fields: FormField[];
  /** The route that handles the submission. */
  route: RouteDef;
  actor: FormActor;
  /** Where it was found (for messages). */
  foundOn: string;
  /** File inputs (sent as multipart; see plausibleFile). */
  files: FileField[];
  /** The form's markup as first rendered (hints such as "at most 5 MB" included). */
  html: string;
}

// ── HTML parsing: our own server's markup (hono/jsx), so a careful regex reading is enough ──

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the entities hono's escaping produces (and numeric ones generally). */
export function unescapeHtml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** One attribute of a start tag: its name, then its value double-quoted, single-quoted or bare. */
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** The attribute names of a start tag's inside, lower-cased (values neither decoded nor kept: the xss suite reads every tag of every page). */
export function attributeNames(inside: string): string[] {
  return Array.from(inside.matchAll(ATTRIBUTE), (m) => m[1]!.toLowerCase());
}

/** Attributes of a start tag's inside ('id="x" required'): names lower-cased, values decoded. */
export function parseAttributes(inside: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of inside.matchAll(ATTRIBUTE)) {
    const name = m[1]!.toLowerCase();
    if (name in attrs) continue; // the first occurrence wins, as in browsers
    attrs[name] = unescapeHtml(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** Visible text of a fragment: tags dropped, entities decoded, whitespace collapsed. */
export function textOf(html: string): string {
  return unescapeHtml(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** What a control's attributes declare about its value (maxlength, required, inputmode). */
const declared = (a: Record<string, string>): Pick<FormField, 'maxLength' | 'required' | 'inputMode'> => ({
  ...(a.maxlength && /^\d+$/.test(a.maxlength) ? { maxLength: Number(a.maxlength) } : {}),
  ...('required' in a ? { required: true } : {}),
  ...(a.inputmode ? { inputMode: a.inputmode.toLowerCase() } : {}),
});

export interface ParsedForm {
  method: 'get' | 'post';
  action: string;
  fields: FormField[];
  /** File inputs (not in fields: they are sent as multipart, see plausibleFile). */
  files: FileField[];
  /** The form's markup. */
  html: string;
}

export interface FileField {
  name: string;
  accept: string;
  required: boolean;
}

/** Every form in a page with the fields a browser would submit (named, not disabled; _csrf left out). */
export function parseForms(html: string): ParsedForm[] {
  const forms: ParsedForm[] = [];
  for (const fm of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form\s*>/gi)) {
    const attrs = parseAttributes(fm[1]!);
    const method = (attrs.method ?? 'get').toLowerCase() === 'post' ? 'post' : 'get';
    const fields: FormField[] = [];
    const files: FileField[] = [];
    const controls = /<(input|button)\b([^>]*)>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea\s*>|<select\b([^>]*)>([\s\S]*?)<\/select\s*>/gi;
    for (const c of fm[2]!.matchAll(controls)) {
      if (c[1]) {
        const a = parseAttributes(c[2]!);
        const tag = c[1].toLowerCase();
        const type = (a.type ?? (tag === 'button' ? 'submit' : 'text')).toLowerCase();
        // Buttons send their value only when named (and only the clicked one); reset/button never.
        if (type === 'file' && a.name && !('disabled' in a))
          files.push({ name: a.name, accept: a.accept ?? '', required: 'required' in a });
        if (!a.name || 'disabled' in a || ['reset', 'button', 'image', 'file'].includes(type)) continue;
        if (a.name === CSRF_FIELD) continue;
        if (type === 'radio') {
          const group = fields.find((f) => f.name === a.name && f.type === 'radio');
          const value = a.value ?? 'on';
          if (group) {
            group.options!.push(value);
            if ('checked' in a) Object.assign(group, { value, checked: true });
            if ('required' in a) group.required = true; // any radio of a group makes it required
          } else {
            fields.push({ name: a.name, type, value, options: [value], checked: 'checked' in a, ...declared(a) });
          }
          continue;
        }
        if (type === 'checkbox') {
          fields.push({ name: a.name, type, value: a.value ?? 'on', checked: 'checked' in a, ...declared(a) });
          continue;
        }
        fields.push({ name: a.name, type, value: a.value ?? '', ...declared(a) });
      } else if (c[3] !== undefined) {
        const a = parseAttributes(c[3]);
        // The HTML parser drops one newline right after <textarea>.
        if (a.name && !('disabled' in a)) {
          fields.push({ name: a.name, type: 'textarea', value: unescapeHtml(c[4]!.replace(/^\r?\n/, '')), ...declared(a) });
        }
      } else {
        const a = parseAttributes(c[5]!);
        if (!a.name || 'disabled' in a) continue;
        const options: string[] = [];
        let selected: string | undefined;
        for (const o of c[6]!.matchAll(/<option\b([^>]*)>([\s\S]*?)(?=<option\b|<\/option\s*>|$)/gi)) {
          const oa = parseAttributes(o[1]!);
          const value = oa.value ?? textOf(o[2]!);
          options.push(value);
          if ('selected' in oa && selected === undefined) selected = value;
        }
        fields.push({ name: a.name, type: 'select', value: selected ?? options[0] ?? '', options, ...declared(a) });
      }
    }
    forms.push({ method, action: attrs.action ?? '', fields, files, html: fm[0] });
  }
  return forms;
}

// ── Routes ──

export { routePattern };

/** The route that answers this method and path (query ignored); undefined when none does. */
export function routeFor(t: TestApp, method: string, path: string): RouteDef | undefined {
  const pathname = new URL(path, 'http://kzm.test').pathname;
  return t.routes.routes.find((r) => r.method === method.toUpperCase() && routePattern(r.path).test(pathname));
}

/** Every GET page route with its parameters filled (office A, Latin script), for page walks. */
export async function pagePaths(t: TestApp): Promise<Array<{ route: RouteDef; path: string }>> {
  const out = [];
  for (const route of t.routes.routes) {
    if (route.kind === 'page' && route.method === 'GET') out.push({ route, path: await concretePath(t, route) });
  }
  return out;
}

// ── Forms that show only in some state ──

/**
 * Forms a plain GET does not show: each entry brings the app into the state that renders
 * them and returns that page's HTML. A new POST route whose form only appears after some
 * step adds an entry here (the fuzz test fails for a POST page route no form reaches).
 */
export const FORM_STATES: Array<{ name: string; actor: FormActor; html: (t: TestApp) => Promise<string> }> = [
  {
    name: 'new-password form (opened from a mailed token)',
    actor: 'anonymous',
    async html(t) {
      const id = await ensureUser(t, 'forms.reset@primer.test', { confirmed: true });
      const token = await createUserToken(t.db, id, 'reset_password');
      return (await t.client().get(`/lat/nalog/nova-lozinka?token=${encodeURIComponent(token)}`)).text();
    },
  },
  {
    name: 'log-in form carrying ?next=',
    actor: 'anonymous',
    html: async (t) => (await t.client().get('/lat/nalog/prijava?next=%2Flat%2Fnalog')).text(),
  },
  {
    name: 'resend-confirmation form (after logging in to an unconfirmed account)',
    actor: 'anonymous',
    async html(t) {
      await ensureUser(t, 'forms.unconfirmed@primer.test', { confirmed: false });
      const res = await t.client().post('/lat/nalog/prijava', { email: 'forms.unconfirmed@primer.test', password: FORMS_PASSWORD });
      return res.text();
    },
  },
  {
    name: 'a person’s consent (withdraw, give) and correction forms (after the national admin joins office A’s register)',
    actor: 'nationalAdmin',
    async html(t) {
      const rows = await t.db.query<{ id: string }>('SELECT id FROM users WHERE is_national_admin ORDER BY created_at, email LIMIT 1');
      await ensureJoined(t.deps, 'pancevo', rows[0]!.id, ['register', 'contact']);
      const admin = await nationalAdminClient(t);
      return (
        (await (await admin.get('/lat/moj-nalog/saglasnosti')).text()) +
        (await (await admin.get('/lat/moj-nalog/podaci/pancevo/uredi')).text())
      );
    },
  },
  // certificates:
  {
    name: 'issue-certificates button (a finished activity with an earned, unissued certificate)',
    actor: 'nationalAdmin',
    html: async (t) => (await (await nationalAdminClient(t)).get(await issueFormPath(t.deps, 'pancevo'))).text(),
  },
  {
    name: 'feedback form (opened from a mailed link)',
    actor: 'anonymous',
    html: async (t) => (await t.client().get(await feedbackFormPath(t.deps, 'pancevo'))).text(),
  },
  // registrations:
  {
    name: 'confirm and cancel pages of a guest’s mailed link',
    actor: 'anonymous',
    async html(t) {
      const { confirm, cancel } = await guestLinkPaths(t.deps, 'pancevo');
      return (await (await t.client().get(confirm)).text()) + (await (await t.client().get(cancel)).text());
    },
  },
  {
    name: 'my registrations with a cancel button, and the coordinator’s list with a pending registration',
    actor: 'nationalAdmin',
    async html(t) {
      const rows = await t.db.query<{ id: string }>('SELECT id FROM users WHERE is_national_admin ORDER BY created_at, email LIMIT 1');
      const admin = await nationalAdminClient(t);
      const mine = await myRegistrationsPath(t.deps, 'pancevo', rows[0]!.id);
      return (await (await admin.get(mine)).text()) + (await (await admin.get(await pendingListPath(t.deps, 'pancevo'))).text());
    },
  },
  // checkin:
  {
    name: 'check-in list with a confirmed registration (its "mark present" form)',
    actor: 'nationalAdmin',
    html: async (t) => (await (await nationalAdminClient(t)).get(await checkinListPath(t.deps, 'pancevo'))).text(),
  },
  // newsletter:
  {
    name: 'newsletter confirmation page of a mailed link',
    actor: 'anonymous',
    html: async (t) => (await t.client().get(await newsletterConfirmPath(t.db, 'pancevo'))).text(),
  },
  {
    name: 'a newsletter being sent (pause) and a paused one (resume)',
    actor: 'nationalAdmin',
    async html(t) {
      const c = await nationalAdminClient(t);
      const page = async (route: string) =>
        (await c.get(`/lat/admin/kancelarije/pancevo/bilten/${await newsletterCampaignFixture(t.db, 'pancevo', route)}`)).text();
      return (await page('newsletter.campaign.pause')) + (await page('newsletter.campaign.resume'));
    },
  },
  // guidance:
  {
    name: 'confirm and cancel pages of a guest’s mailed career-guidance link',
    actor: 'anonymous',
    async html(t) {
      const { confirm, cancel } = await guestBookingPaths(t.deps, 'pancevo', await someCoordinatorEmail(t));
      return (await (await t.client().get(confirm)).text()) + (await (await t.client().get(cancel)).text());
    },
  },
  {
    name: 'my career-guidance bookings with a cancel button, and a counsellor’s notes form (a session with someone who agreed to notes)',
    actor: 'nationalAdmin',
    async html(t) {
      const rows = await t.db.query<{ id: string; email: string }>(
        'SELECT id, email FROM users WHERE is_national_admin ORDER BY created_at, email LIMIT 1',
      );
      const admin = await nationalAdminClient(t);
      const mine = await myBookingsPath(t.deps, 'pancevo', rows[0]!.id, await someCoordinatorEmail(t));
      const person = await ensureUser(t, 'forms.savetovanje@primer.test', { confirmed: true });
      const notes = await notesPagePath(t.deps, 'pancevo', rows[0]!.email, person);
      return (await (await admin.get(mine)).text()) + (await (await admin.get(notes)).text());
    },
  },
  // council:
  {
    name: 'a youth council meeting ahead (its send-invitations button)',
    actor: 'nationalAdmin',
    html: async (t) => (await (await nationalAdminClient(t)).get(await invitePagePath(t.deps, 'pancevo'))).text(),
  },
  // bookings:
  {
    name: 'the confirm page of a guest’s mailed link for space',
    actor: 'anonymous',
    html: async (t) => (await t.client().get(await guestConfirmPath(t.deps, 'pancevo'))).text(),
  },
  {
    name: 'space: a pending request (approve, decline) and today’s booking in progress (check-in, release)',
    actor: 'nationalAdmin',
    async html(t) {
      const admin = await nationalAdminClient(t);
      const req = await requestFixture(t.deps, 'pancevo');
      return (
        (await (await admin.get(`/lat/admin/kancelarije/pancevo/prostor/zahtevi/${req}`)).text()) +
        (await (await admin.get(await todayAdminPath(t.deps, 'pancevo'))).text())
      );
    },
  },
  {
    name: 'space: the national admin’s own pending request on their requests page (cancel)',
    actor: 'nationalAdmin',
    async html(t) {
      const rows = await t.db.query<{ id: string }>('SELECT id FROM users WHERE is_national_admin ORDER BY created_at, email LIMIT 1');
      const admin = await nationalAdminClient(t);
      return (await admin.get(await ownRequestsPath(t.deps, 'pancevo', rows[0]!.id))).text();
    },
  },
  // initiatives:
  {
    name: 'an initiative sent (take up for review), under review (decide), supported (start), running (report, photo), and an invitation (accept)',
    actor: 'nationalAdmin',
    async html(t) {
      const admin = await nationalAdminClient(t);
      let html = '';
      for (const path of await initiativeFormPaths(t.db, 'pancevo', 'matrica.koordinator.a@primer.test'))
        html += await (await admin.get(path)).text();
      return html;
    },
  },
  // volunteering:
  {
    name: 'apply form of a fresh volunteer place; the national admin’s own accepted application (log hours, check in, then check out; the JMBG form)',
    actor: 'nationalAdmin',
    async html(t) {
      const rows = await t.db.query<{ id: string }>('SELECT id FROM users WHERE is_national_admin ORDER BY created_at, email LIMIT 1');
      await ensureJoined(t.deps, 'pancevo', rows[0]!.id, ['register', 'contact']);
      const { apply, application } = await volunteerFormPaths(t.deps, 'pancevo', rows[0]!.id);
      const admin = await nationalAdminClient(t);
      const before = (await (await admin.get(apply)).text()) + (await (await admin.get(application)).text());
      const identity = await (await admin.get(`${application}/jmbg`)).text();
      await admin.post(`${application}/dolazak`, {});
      return before + identity + (await (await admin.get(application)).text());
    },
  },
  // plan:
  {
    name: 'an adopted LAP version (open a revision), work plans in draft (items, send) and sent (opinion, adopt), a spreadsheet preview (confirm)',
    actor: 'nationalAdmin',
    async html(t) {
      const admin = await nationalAdminClient(t);
      let html = await (await admin.get(await adoptedPlanPath(t.db, 'pancevo'))).text();
      for (const path of await workplanPaths(t.db, 'pancevo')) html += await (await admin.get(path)).text();
      const sheet = await sheetPreview(t.db, 'pancevo');
      html += await (await admin.postMultipart(sheet.path, { sheet: sheet.file })).text();
      return html;
    },
  },
  // report:
  {
    name: 'an annual report made (its reopen form)',
    actor: 'nationalAdmin',
    html: async (t) => (await (await nationalAdminClient(t)).get(await madeReportPath(t.deps, 'pancevo'))).text(),
  },
  // surveys:
  {
    name: 'a survey answer saved for later: the private link’s page with the next section’s form',
    actor: 'anonymous',
    html: async (t) => (await t.client().get(await draftPath(t.deps, 'pancevo'))).text(),
  },
  // national:
  {
    name: 'a first admin’s invitation, opened by the invited account (its accept form)',
    actor: 'nationalAdmin',
    async html(t) {
      const rows = await t.db.query<{ email: string }>(
        'SELECT email FROM users WHERE is_national_admin ORDER BY created_at, email LIMIT 1',
      );
      const token = await invitationFixture(t.db, rows[0]!.email);
      return (await (await nationalAdminClient(t)).get(`/lat/poziv/${token}`)).text();
    },
  },
  {
    name: 'the LAP consultation: a reviewer’s comment forms, the office’s answer and close forms (office A’s draft shared, one comment) and its share form (closed)',
    actor: 'nationalAdmin',
    async html(t) {
      const plan = await consultationFixture(t.db, 'pancevo');
      const admin = await nationalAdminClient(t);
      const pages =
        (await (await admin.get(`/lat/admin/mreza/konsultacije/${plan}`)).text()) +
        (await (await admin.get(`/lat/admin/kancelarije/pancevo/lap/${plan}/konsultacije`)).text());
      // Closed, the office's list offers to share it again (the share form); the fixture opens it again.
      await t.db.query('UPDATE lap_consultations SET closed_at = now() WHERE plan_id = $1', [plan]);
      const list = await (await admin.get('/lat/admin/kancelarije/pancevo/konsultacije')).text();
      await consultationFixture(t.db, 'pancevo');
      return pages + list;
    },
  },
];

/** A coordinator of office A (a counsellor of the office's slots). */
async function someCoordinatorEmail(t: TestApp): Promise<string> {
  const rows = await t.db.query<{ email: string }>(
    `SELECT u.email FROM office_members m JOIN users u ON u.id = m.user_id JOIN offices o ON o.id = m.office_id
      WHERE o.slug = 'pancevo' AND m.role = 'coordinator' ORDER BY u.created_at, u.email LIMIT 1`,
  );
  return rows[0]!.email;
}

/** A throwaway account for FORM_STATES, made like a real sign-up (with its consent row). */
async function ensureUser(t: TestApp, email: string, opts: { confirmed: boolean }): Promise<string> {
  const existing = await findUserByEmail(t.db, email);
  if (existing) return existing.id;
  const hash = await t.deps.passwords.hash(FORMS_PASSWORD);
  return t.db.transaction(async (tx) => {
    return insertAccount(tx, {
      email,
      passwordHash: hash,
      displayName: 'Forms Fixture',
      birthDate: '1995-05-05',
      locale: 'lat',
      confirmed: opts.confirmed,
    });
  });
}

/**
 * A logged-in client of some national admin in the database, made coordinator and admin of
 * office A too: the national admin alone opens no page with a person's data (issue #17), and
 * the harness needs one account that may open every page and use every form.
 */
export async function nationalAdminClient(t: TestApp): Promise<TestClient> {
  let admin = nationalAdmins.get(t);
  if (!admin) {
    const rows = await t.db.query<{ id: string; email: string }>(
      'SELECT id, email FROM users WHERE is_national_admin ORDER BY created_at, email LIMIT 1',
    );
    if (!rows[0]) throw new Error('discoverForms needs a national admin in the database (seed the demo data)');
    const [office] = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE slug = 'pancevo'`);
    admin = { ...rows[0], officeId: office!.id };
    nationalAdmins.set(t, admin);
  }
  // Made a member every time: a fuzzed form may have removed the membership since.
  for (const role of ['coordinator', 'office_admin'] as const) await addMember(t.db, admin.officeId, admin.id, role, null);
  return t.clientAs(admin.email);
}
/** The national admin and Pančevo of each test app, looked up once (the fuzz and xss suites ask before every form). */
const nationalAdmins = new WeakMap<TestApp, { id: string; email: string; officeId: string }>();

/**
 * Every form the app renders, deduplicated by method and action (fields of the same form seen
 * on several pages are merged; the first rendering's values win). Throws when a form posts
 * somewhere no route handles, or to another site.
 */
export async function discoverForms(t: TestApp, opts: { method?: 'post' | 'get' } = {}): Promise<DiscoveredForm[]> {
  return formsIn(t, await renderedPages(t), opts.method ?? 'post');
}

/**
 * discoverForms' POST and GET forms from one walk over the pages (a suite that wants both
 * renders every page once, not twice).
 */
export async function discoverAllForms(t: TestApp): Promise<{ post: DiscoveredForm[]; get: DiscoveredForm[] }> {
  const pages = await renderedPages(t);
  return { post: formsIn(t, pages, 'post'), get: formsIn(t, pages, 'get') };
}

interface RenderedPage {
  html: string;
  seenBy: FormActor;
  foundOn: string;
}

/** Every GET page as a visitor and as the national admin, then every FORM_STATES page. */
async function renderedPages(t: TestApp): Promise<RenderedPage[]> {
  const admin = await nationalAdminClient(t);
  const anonymous = t.client();
  const sources: RenderedPage[] = [];
  for (const { path } of await pagePaths(t)) {
    // Anonymous first, so a public form both see is attributed to visitors.
    for (const [seenBy, client] of [
      ['anonymous', anonymous],
      ['nationalAdmin', admin],
    ] as const) {
      const res = await client.get(path);
      if ((res.headers.get('content-type') ?? '').startsWith('text/html'))
        sources.push({ html: await res.text(), seenBy, foundOn: `${path} (${seenBy})` });
      else await res.body?.cancel();
    }
  }
  for (const s of FORM_STATES) sources.push({ html: await s.html(t), seenBy: s.actor, foundOn: s.name });
  return sources;
}

function formsIn(t: TestApp, sources: RenderedPage[], wanted: 'post' | 'get'): DiscoveredForm[] {
  const byAction = new Map<string, DiscoveredForm>();
  for (const { html, seenBy, foundOn } of sources) {
    for (const f of parseForms(html)) {
      if (f.method !== wanted) continue;
      const key = `${f.method} ${f.action}`;
      const known = byAction.get(key);
      if (known) {
        for (const field of f.fields) if (!known.fields.some((k) => k.name === field.name)) known.fields.push(field);
        for (const file of f.files) if (!known.files.some((k) => k.name === file.name)) known.files.push(file);
        continue;
      }
      if (!f.action.startsWith('/') || f.action.startsWith('//')) throw new Error(`Form on ${foundOn} submits off-site: ${f.action}`);
      const route = routeFor(t, f.method, f.action);
      if (!route) {
        // Narrowed to one feature's paths (KZM_TEST_ROUTES, test/app.ts): other features' forms are left out, not errors.
        if (process.env.KZM_TEST_ROUTES) continue;
        throw new Error(`Form on ${foundOn} submits ${f.method.toUpperCase()} ${f.action}, which no route handles`);
      }
      // Public routes are used as the visitor who saw the form; anything else as the national admin.
      const actor: FormActor = route.access.kind === 'public' && seenBy === 'anonymous' ? 'anonymous' : 'nationalAdmin';
      byAction.set(key, { action: f.action, method: f.method, fields: f.fields, files: f.files, html: f.html, route, actor, foundOn });
    }
  }
  return [...byAction.values()];
}

/** A client for a form's actor (a fresh session each time, so a log-out form cannot strand the next request). */
export async function clientFor(t: TestApp, actor: FormActor): Promise<TestClient> {
  return actor === 'anonymous' ? t.client() : nationalAdminClient(t);
}

/**
 * Submits a form body that may repeat a key (TestClient.post takes one value per key).
 * The CSRF token is added unless the pairs carry one.
 */
export async function submit(
  t: TestApp,
  client: TestClient,
  method: 'get' | 'post',
  action: string,
  pairs: Array<[string, string]>,
): Promise<Response> {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  if (method === 'get') {
    const url = new URL(action, 'http://kzm.test');
    for (const [k, v] of pairs) url.searchParams.append(k, v);
    return t.app.request(url.toString(), { headers: { cookie } });
  }
  const body = new URLSearchParams(pairs);
  if (!pairs.some(([k]) => k === CSRF_FIELD)) body.set(CSRF_FIELD, client.csrf);
  return t.app.request(`http://kzm.test${action}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

/**
 * Values a person could plausibly type, by field type (the first is the default), for fields
 * rendered empty: lets a submission get past validation so deeper code runs. Known accounts'
 * addresses and passwords are included so log-in style forms can succeed too.
 */
export const PLAUSIBLE: Record<string, readonly string[]> = {
  text: ['Jovana Primerić', 'Ђорђе Ћирић', "O'Brien & Sinovi", 'Čačak'],
  search: ['Pančevo', 'čačak', 'ЧАЧАК'],
  textarea: ['Nekoliko redova teksta.\nDrugi red.', 'Кратак опис.'],
  email: ['forms.reset@primer.test', 'admin@primer.test', 'nova.adresa@primer.test'],
  password: [FORMS_PASSWORD, 'demo-lozinka'],
  date: ['1995-05-05', '2001-12-31', '15.03.1999.'],
  time: ['09:00', '8.30', '17:45'],
  tel: ['011/123-4567', '+381 64 123 4567'],
  url: ['https://example.org/', 'https://www.instagram.com/kzm'],
  number: ['1', '44.8', '-20'],
  checkbox: ['on'],
};

/** An account in the test's database, for fields that must name one (log-in, adding a team member). */
export interface KnownAccount {
  email: string;
  password: string;
}

/**
 * A plausible value for a field: what it shows, else the first dictionary value of its type
 * (for an e-mail or password, the account given, when the test's database has another than
 * the FORM_STATES one PLAUSIBLE names).
 */
export function defaultValue(f: FormField, account?: KnownAccount): string {
  if (f.value !== '' || f.type === 'hidden' || f.type === 'select') return f.value;
  if (account && (f.type === 'email' || f.type === 'password')) return account[f.type];
  return PLAUSIBLE[f.type]?.[0] ?? PLAUSIBLE.text![0]!;
}

/** Names of the fields an error summary links to (#f-<name>); '_form' errors link nowhere. */
export function erroredFields(html: string): string[] {
  const summary = /<(\w+)\b[^>]*class="[^"]*\berror-summary\b[^"]*"[^>]*>([\s\S]*?)<\/\1>/.exec(html)?.[2] ?? '';
  return [...summary.matchAll(/href="#f-([^"]+)"/g)].map((m) => unescapeHtml(m[1]!));
}

/**
 * Submits a form, and while the answer is a 4xx, gets it accepted by undoing changes: first
 * the fields the error summary points at go back to what the form showed, then every field the
 * form showed empty goes back to empty (an error may name a partner field, e.g. a link label
 * needs its address). `check` sees every answer. Returns the last answer and what was sent.
 */
export async function submitRepairing(
  t: TestApp,
  form: DiscoveredForm,
  pairs: Array<[string, string]>,
  check: (res: Response, pairs: Array<[string, string]>) => Promise<void> = async () => {},
): Promise<{ status: number; html: string; pairs: Array<[string, string]> }> {
  const shown = new Map(form.fields.map((f) => [f.name, f]));
  const revert = (p: Array<[string, string]>, names: (name: string) => boolean) =>
    p.map(([k, v]): [string, string] => (names(k) && shown.has(k) ? [k, shown.get(k)!.value] : [k, v]));
  for (let round = 0; ; round++) {
    const res = await submit(t, await clientFor(t, form.actor), form.method, form.action, pairs);
    const copy = res.clone();
    await check(res, pairs);
    const html = await copy.text();
    if (res.status < 400 || round === 2) return { status: res.status, html, pairs };
    const errored = new Set(erroredFields(html));
    pairs = round === 0 && errored.size > 0 ? revert(pairs, (k) => errored.has(k)) : revert(pairs, (k) => shown.get(k)?.value === '');
  }
}

/** The fields as a browser would send them untouched (unchecked boxes left out). */
export function ownValues(form: Pick<ParsedForm, 'fields'>): Array<[string, string]> {
  return form.fields.filter((f) => !(f.type === 'checkbox' || f.type === 'radio') || f.checked).map((f) => [f.name, f.value]);
}

// ── One route's form, with values that get past validation ──

/** Per app, the page route on which formPostingTo last found each route's form: tried first next time. */
const formPages = new WeakMap<TestApp, Map<string, RouteDef>>();
const hintsOf = (t: TestApp) => formPages.get(t) ?? formPages.set(t, new Map()).get(t)!;

/**
 * The order in which formPostingTo tries the pages for a route's form: the page that showed it
 * last time first, then the page at the same path, then pages above it (a list page with per-row
 * forms), then every other page, those sharing more of the path first (a sibling's page, then
 * forms in the page header).
 */
function pageRank(route: RouteDef, hinted: RouteDef | undefined): (page: RouteDef) => number {
  const segments = route.path.split('/');
  const shared = (p: RouteDef) => {
    const other = p.path.split('/');
    let n = 0;
    while (n < segments.length && segments[n] === other[n]) n++;
    return n;
  };
  return (p) => (p === hinted ? -1 : p.path === route.path ? 0 : route.path.startsWith(`${p.path}/`) ? 1 : 2 + 1 / (1 + shared(p)));
}

/** The POST forms of a page as this client sees it (undefined unless it answers 200), through `seen` when given. */
async function formsOnPage(client: TestClient, path: string, seen?: Map<string, ParsedForm[]>): Promise<ParsedForm[] | undefined> {
  let forms = seen?.get(path);
  if (!forms) {
    const res = await client.get(path);
    if (res.status === 200) forms = parseForms(await res.text());
    else await res.body?.cancel();
    seen?.set(path, forms ?? []);
  }
  return forms;
}

const postingTo = (forms: ParsedForm[] | undefined, target: string) =>
  forms?.find((f) => f.method === 'post' && f.action.split('?')[0] === target);

/**
 * The form that posts to a route, as one of the app's GET pages renders it for this client,
 * trying the pages in pageRank's order. Undefined when no page shows one. Pages are rendered one
 * by one until the form turns up, so a form found before costs one page, not a walk over all of
 * them: the page that showed it last time is tried first, with only its own path filled; when it
 * no longer shows the form, every page's path is filled (as pagePaths always did: some fixtures
 * bring an object into the state in which another page shows the form, a booking in progress, a
 * volunteer checked in) and the pages are tried in order.
 * A test that changes nothing between calls may pass one `seen` map per actor: each page is
 * then fetched once for all its routes, not once per route (or ask formsPostingTo for all at once).
 */
export async function formPostingTo(
  t: TestApp,
  client: TestClient,
  route: RouteDef,
  seen?: Map<string, ParsedForm[]>,
): Promise<ParsedForm | undefined> {
  const target = await concretePath(t, route);
  const hints = hintsOf(t);
  const hinted = hints.get(route.name);
  if (hinted) {
    const form = postingTo(await formsOnPage(client, await concretePath(t, hinted), seen), target);
    if (form) return form;
  }
  const rank = pageRank(route, hinted);
  const pages = (await pagePaths(t)).sort((a, b) => rank(a.route) - rank(b.route));
  for (const { route: page, path } of pages) {
    // The hinted page too, again: filling every page's path may have brought the form onto it.
    const form = postingTo(await formsOnPage(client, path, seen), target);
    if (form) {
      hints.set(route.name, page);
      return form;
    }
  }
  return undefined;
}

/**
 * formPostingTo for many routes at once, for a test that posts nothing in between: every
 * route's path is filled first (its fixtures bring its object into the state the route acts on),
 * then every page's, and each page is rendered once for all the routes, instead of a walk over
 * the pages (and every page's fixtures) per route. Each route gets the form formPostingTo would
 * have found first: of the pages that show one, the first in pageRank's order. The routes no page
 * showed a form for (an API-only write; a fixture of a later route may have moved its object on)
 * are looked for once more the same way, their paths filled again (`again`: the second walk does
 * not start a third).
 */
export async function formsPostingTo(
  t: TestApp,
  client: TestClient,
  routes: readonly RouteDef[],
  seen?: Map<string, ParsedForm[]>,
  again = true,
): Promise<Map<RouteDef, ParsedForm | undefined>> {
  const byTarget = new Map<string, RouteDef[]>();
  for (const route of routes) {
    const target = await concretePath(t, route);
    byTarget.set(target, [...(byTarget.get(target) ?? []), route]);
  }
  const hints = hintsOf(t);
  const ranks = new Map(routes.map((r) => [r, pageRank(r, hints.get(r.name))]));
  const best = new Map<RouteDef, { rank: number; page: RouteDef; form: ParsedForm }>();
  for (const { route: page, path } of await pagePaths(t)) {
    const forms = await formsOnPage(client, path, seen);
    for (const [target, waiting] of byTarget) {
      const form = postingTo(forms, target);
      if (!form) continue;
      for (const route of waiting) {
        const rank = ranks.get(route)!(page);
        // Strictly lower: of pages ranked alike, the first in pagePaths' order, as formPostingTo's stable sort.
        if (rank < (best.get(route)?.rank ?? Infinity)) best.set(route, { rank, page, form });
      }
    }
  }
  const out = new Map<RouteDef, ParsedForm | undefined>();
  for (const [route, found] of best) {
    hints.set(route.name, found.page);
    out.set(route, found.form);
  }
  const missing = routes.filter((r) => !best.has(r));
  if (missing.length > 0 && again) for (const [route, form] of await formsPostingTo(t, client, missing, seen, false)) out.set(route, form);
  for (const route of missing) if (!out.has(route)) out.set(route, undefined);
  return out;
}

/**
 * What a browser would send untouched, with every required field left blank given its
 * defaultValue: a request that gets past validation, so the code behind it would act.
 */
export function plausibleValues(form: Pick<ParsedForm, 'fields'>, account?: KnownAccount): Record<string, string> {
  const values = Object.fromEntries(ownValues(form));
  for (const f of form.fields) if (f.required && !values[f.name]) values[f.name] = defaultValue(f, account);
  return values;
}

/**
 * Plausible values changed the way a person editing would: free texts reworded (where the
 * longer text still fits), choices moved to the next option; codes, numbers and hidden ids kept.
 */
export function alteredValues(form: Pick<ParsedForm, 'fields'>, account?: KnownAccount): Record<string, string> {
  const values = plausibleValues(form, account);
  for (const f of form.fields) {
    const v = values[f.name] ?? '';
    const changed = `${v} (izmena)`;
    const freeText = f.type === 'textarea' || (f.type === 'text' && (!f.inputMode || f.inputMode === 'text'));
    if (freeText && v && changed.length <= (f.maxLength ?? Infinity)) values[f.name] = changed;
    if (f.type === 'select' && f.options && f.options.length > 1) {
      values[f.name] = f.options[(f.options.indexOf(v) + 1) % f.options.length]!;
    }
  }
  return values;
}

/**
 * A small, valid file of a kind the field accepts, for harnesses that submit forms as a person
 * would: a spreadsheet list (a header the import recognises for associations and partners, one
 * row), a PDF, or a PNG. Undefined when the field accepts none of these.
 */
export function plausibleFile(field: Pick<FileField, 'accept'>): File | undefined {
  const accept = field.accept.toLowerCase();
  if (accept.includes('.json')) {
    // A survey's definition as its export writes it (the only JSON a form takes).
    const definition = {
      title: 'Anketa iz datoteke',
      sections: [{ id: 'prvi', title: 'Prvi deo', questions: [{ id: 'q1', kind: 'long', title: 'Vaše mišljenje', required: false }] }],
    };
    return new File([JSON.stringify(definition, null, 2)], 'anketa.json', { type: 'application/json' });
  }
  if (accept.includes('.csv') || accept.includes('text/csv')) {
    return new File(['Naziv;Vrsta;E-pošta\nProbni unos iz testa;Škola;proba@primer.test\n'], 'spisak.csv', { type: 'text/csv' });
  }
  if (accept.includes('pdf')) {
    const pdf =
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
    return new File([pdf], 'sporazum.pdf', { type: 'application/pdf' });
  }
  if (accept.includes('png') || accept.includes('image/')) {
    const png = Uint8Array.from(
      atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='),
      (c) => c.charCodeAt(0),
    );
    return new File([png], 'slika.png', { type: 'image/png' });
  }
  return undefined;
}

/**
 * plausibleFile grown to exactly `size` bytes (text padded with spaces, other formats with
 * zeros after their end), for tests of size limits: its start still says what it is.
 */
export async function fileOfSize(field: Pick<FileField, 'accept'>, size: number): Promise<File | undefined> {
  const base = plausibleFile(field);
  if (!base) return undefined;
  const head = new Uint8Array(await base.arrayBuffer());
  const bytes = new Uint8Array(size).fill(base.type.startsWith('text/') ? 0x20 : 0);
  bytes.set(head.subarray(0, size));
  return new File([bytes], base.name, { type: base.type });
}

/** Where a browser would go for this Location: on this site, by a path (not "//host", not "/\host"). */
export function leavesSite(location: string): boolean {
  if (!location.startsWith('/') || location.startsWith('//') || location.startsWith('/\\')) return true;
  // Browsers drop tabs and newlines and read "\" as "/" before resolving; so does WHATWG URL.
  return new URL(location, 'http://kzm.test/lat/').origin !== 'http://kzm.test';
}
