import { buildApp } from '../src/app.ts';
import { SESSION_COOKIE, createSession } from '../src/core/auth/sessions.ts';
import { loadConfig, type Config } from '../src/core/config.ts';
import type { Db } from '../src/core/db/db.ts';
import { createDeps } from '../src/core/deps.ts';
import { CSRF_COOKIE, CSRF_FIELD, sign } from '../src/core/http/csrf.ts';
import type { Deps } from '../src/core/http/env.ts';
import { createLogger } from '../src/core/log.ts';
import { freshDb } from './db.ts';
import { TEST_ENV } from './env.ts';

export { TEST_ENV };

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ ...TEST_ENV, ...env });
}

export interface TestApp {
  db: Db;
  deps: Deps;
  app: ReturnType<typeof buildApp>['app'];
  routes: ReturnType<typeof buildApp>['routes'];
  /** The JSON API, whose registry holds each operation's zod schemas (test/api-schema.ts). */
  api: ReturnType<typeof buildApp>['api'];
  /** A browser-like client with its own cookie jar. */
  client(): TestClient;
  /** A client already logged in as the account with this e-mail. */
  clientAs(email: string): Promise<TestClient>;
  close(): Promise<void>;
}

/** The HTTP app on a fresh database (demo data seeded unless seed: false), driven in-process. */
export async function createTestApp(opts: { seed?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const config = testConfig(opts.env);
  // Copied from this run's demo template where there is one (test/db.ts), else seeded here.
  const db = await freshDb(opts.seed !== false ? { demo: config } : {});
  const deps = createDeps(config, db, createLogger(config));
  const { app, routes: table, api } = buildApp(deps);
  // While working on one feature, a developer runs the route harness (test/security/*) over its
  // paths only: KZM_TEST_ROUTES='/inicijative' (a regular expression on the path). npm test never sets it.
  const only = process.env.KZM_TEST_ROUTES ? new RegExp(process.env.KZM_TEST_ROUTES) : null;
  const routes: typeof table = only
    ? Object.assign(Object.create(table), { routes: table.routes.filter((r) => only.test(r.path)) })
    : table;
  const client = () => new TestClient(app.request.bind(app), config.SECRET);
  return {
    db,
    deps,
    app,
    routes,
    api,
    client,
    async clientAs(email) {
      const rows = await db.query<{ id: string }>('SELECT id FROM users WHERE lower(email) = lower($1)', [email]);
      if (!rows[0]) throw new Error(`No user ${email}`);
      const c = client();
      c.cookies.set('kzm_session', await createSession(db, rows[0].id, 1));
      return c;
    },
    async close() {
      await deps.heavy.close();
      await db.close();
    },
  };
}

type RequestFn = (input: string, init?: RequestInit) => Response | Promise<Response>;

export class TestClient {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly request: RequestFn,
    private readonly secret: string,
  ) {
    // A fixed CSRF cookie lets the client compute the form token as a page would embed it.
    this.cookies.set(CSRF_COOKIE, 'test-csrf-cookie-value-0123456789abcdef');
  }

  get csrf(): string {
    return sign(this.secret, this.cookies.get(CSRF_COOKIE) ?? '', this.cookies.get(SESSION_COOKIE) ?? '');
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response): Response {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, decodeURIComponent(value));
    }
    return res;
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.remember(await this.request(`http://kzm.test${path}`, { headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  /** POSTs a form with the CSRF token (unless csrf: false or a token is given in fields). */
  async post(
    path: string,
    fields: Record<string, string>,
    opts: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const body = new URLSearchParams(fields);
    if (opts.csrf !== false && !(CSRF_FIELD in fields)) body.set(CSRF_FIELD, this.csrf);
    return this.remember(
      await this.request(`http://kzm.test${path}`, {
        method: 'POST',
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...opts.headers },
        body,
      }),
    );
  }

  /** POSTs a multipart form (with files) and the CSRF token. */
  async postMultipart(path: string, fields: Record<string, string | File>): Promise<Response> {
    const body = new FormData();
    if (!(CSRF_FIELD in fields)) body.set(CSRF_FIELD, this.csrf);
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    return this.remember(await this.request(`http://kzm.test${path}`, { method: 'POST', headers: { cookie: this.cookieHeader() }, body }));
  }

  async postJson(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.remember(
      await this.request(`http://kzm.test${path}`, {
        method: 'POST',
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/json', 'x-csrf-token': this.csrf, ...headers },
        body,
      }),
    );
  }
}

/** The newest outbox mail to an address (body text), for following mailed links. */
export async function lastMailTo(db: Db, to: string): Promise<{ subject: string; body_text: string } | undefined> {
  const rows = await db.query<{ subject: string; body_text: string }>(
    'SELECT subject, body_text FROM outbox WHERE lower(recipient) = lower($1) ORDER BY id DESC LIMIT 1',
    [to],
  );
  return rows[0];
}

/** The first link in a mail, as a path on this site. */
export function linkIn(text: string): string {
  const m = /http:\/\/kzm\.test(\/\S+)/.exec(text);
  if (!m) throw new Error(`No link in mail:\n${text}`);
  return m[1]!;
}
