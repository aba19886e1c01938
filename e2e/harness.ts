import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Result as AxeResult } from 'axe-core';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
  type Response,
} from 'playwright-core';
import { buildApp, JOBS, type App } from '../src/app.ts';
import type { Config } from '../src/core/config.ts';
import type { Db } from '../src/core/db/db.ts';
import { startBackground } from '../src/core/background.ts';
import { createDeps } from '../src/core/deps.ts';
import type { Deps } from '../src/core/http/env.ts';
import { routePattern, type RouteTable } from '../src/core/http/routes.ts';
import { SESSION_COOKIE, createSession } from '../src/core/auth/sessions.ts';
import { createLogger } from '../src/core/log.ts';
import { testConfig } from '../test/app.ts';
import { freshDb } from '../test/db.ts';
import { childPids, closeCountingTree } from '../test/process-cpu.ts';
import { startSmtp, type TestSmtp } from '../test/smtp.ts';

/**
 * Browser tests drive the app as a visitor does: a real HTTP server on loopback, a real SMTP
 * server that receives the mail the outbox worker sends, and Debian's Chromium. Nothing is
 * downloaded; each spec file gets its own database, server, SMTP server and browser.
 */

export interface E2EServer {
  /** http://127.0.0.1:PORT — also the app's BASE_URL, so mailed links point back here. */
  baseUrl: string;
  config: Config;
  db: Db;
  deps: Deps;
  smtp: TestSmtp;
  /** The app's route table: lets a crawl name the route template behind a URL. */
  routes: RouteTable;
  close(): Promise<void>;
}

/**
 * The app as src/main.ts runs it (page-cache sync, outbox worker, SMTP transport), on a
 * fresh database with the demo data. The port is chosen by listening on 0 first; the app is
 * built afterwards, once BASE_URL is known, and the server hands requests to it.
 */
export async function startServer(): Promise<E2EServer> {
  // Each resource registers its shutdown as it opens: close() runs them in reverse, and so
  // does a failed start, so the test process never hangs on a half-started stack.
  const shutdown: Array<() => unknown> = [];
  const close = async () => {
    for (const step of shutdown.reverse()) await step();
    shutdown.length = 0;
  };
  try {
    const smtp = await startSmtp();
    shutdown.push(() => smtp.close());

    const built: { app?: App['app'] } = {};
    const server = serve({
      fetch: (req, env) => (built.app ? built.app.fetch(req, env) : new Response('starting', { status: 503 })),
      port: 0,
      hostname: '127.0.0.1',
    }) as Server;
    await new Promise<void>((resolve, reject) => {
      if (server.listening) return resolve();
      server.once('listening', resolve);
      server.once('error', reject);
    });
    shutdown.push(() => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // E2E_LOG_LEVEL=debug shows the server's log (request lines, unhandled errors) while debugging.
    const config = testConfig({ BASE_URL: baseUrl, SMTP_URL: smtp.url, LOG_LEVEL: process.env.E2E_LOG_LEVEL || 'silent' });
    // With the demo data: copied from this run's demo template where there is one (test/db.ts).
    const db = await freshDb({ demo: config });
    shutdown.push(() => db.close());
    const log = createLogger(config);
    const deps = createDeps(config, db, log);
    shutdown.push(() => deps.heavy.close());
    // As src/main.ts runs it; a short mail poll only backs up NOTIFY, which wakes the worker at once.
    shutdown.push(await startBackground(deps, JOBS, { mailPollMs: 250 }));
    const { app, routes } = buildApp(deps);
    built.app = app;

    return { baseUrl, config, db, deps, smtp, routes, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Flags that let Debian's Chromium run headless as root without reaching the network. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The browser process of each browser launchBrowser started (its CPU is counted by closeBrowser). */
const browserPids = new WeakMap<Browser, number>();

/** Debian's Chromium with CHROMIUM_ARGS and any more flags given; close it with closeBrowser. */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  const before = new Set(childPids());
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
  // The one new child process (the server startE2E starts beside it runs in this process and starts none).
  const started = childPids().filter((pid) => !before.has(pid));
  if (started.length === 1) browserPids.set(browser, started[0]!);
  return browser;
}

/**
 * Closes a browser of launchBrowser. Its renderers end after it and are reaped by init, so their
 * CPU would not count as this test file's (test/process-cpu.ts): the browser's process tree is
 * summed first, and the part that did not arrive as child CPU on closing is recorded.
 */
export async function closeBrowser(browser: Browser): Promise<void> {
  const pid = browserPids.get(browser);
  await (pid === undefined ? browser.close() : closeCountingTree(pid, () => browser.close()));
}

/** Everything a spec file needs: the server stack and one browser; contexts per journey. */
export interface E2E extends E2EServer {
  browser: Browser;
  /**
   * A fresh browser profile (own cookies) whose relative URLs resolve against the server.
   * Defaults to a Serbian-speaking visitor (Accept-Language: sr-RS).
   */
  newContext(opts?: BrowserContextOptions): Promise<BrowserContext>;
}

export async function startE2E(): Promise<E2E> {
  const [server, browser] = await Promise.allSettled([startServer(), launchBrowser()]);
  if (server.status === 'rejected' || browser.status === 'rejected') {
    if (server.status === 'fulfilled') await server.value.close();
    if (browser.status === 'fulfilled') await closeBrowser(browser.value);
    throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
  }
  const contexts: BrowserContext[] = [];
  return {
    ...server.value,
    browser: browser.value,
    async newContext(opts = {}) {
      const context = await browser.value.newContext({ baseURL: server.value.baseUrl, locale: 'sr-RS', ...opts });
      contexts.push(context);
      return context;
    },
    async close() {
      await Promise.allSettled(contexts.map((c) => c.close()));
      await closeBrowser(browser.value);
      await server.value.close();
    },
  };
}

/** The WCAG 2.2 AA rule set (axe tags) every page must pass. */
export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe-core's browser bundle, handed to each page that is checked (see a11yViolations). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs a check of the page's document, again on the new document if the page replaced its own
 * while the check ran, up to four more times. The annual report's progress page refreshes itself
 * every 2 s (an HTTP header), and on a loaded machine one axe run can take longer than that (CI
 * failed once on exactly this).
 */
async function onSettledDocument<T>(page: Page, check: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await check();
    } catch (err) {
      if (attempt === 5 || !/Execution context was destroyed/.test(String(err))) throw err;
      await page.waitForLoadState('load');
    }
  }
}

/** What a11yViolations takes from axe's report: the violations, with their offending elements. */
type Violation = Pick<AxeResult, 'id' | 'impact' | 'help' | 'helpUrl'> & {
  nodes: Array<Pick<AxeResult['nodes'][number], 'target' | 'failureSummary'>>;
};

/**
 * Runs axe on the page as it is now and returns one readable line per violation (rule, impact,
 * what it means) followed by the CSS selector of every offending element; [] when it passes.
 *
 * axe-core is driven directly, not through @axe-core/playwright: its AxeBuilder (legacy mode)
 * handed the 550 kB bundle to the page twice per check and brought every rule's full result
 * back over the wire, and a check cost 1.3 s of CPU beside a page load's 0.2 s; here the bundle
 * goes in once per document (not at all when this document already has it) and only the
 * violations come back: 0.85 s (issue #10; measured on the coordinator's office page). KZM
 * has no frames, so axe's frame messaging has nothing to do.
 */
export async function a11yViolations(page: Page): Promise<string[]> {
  const violations = await onSettledDocument(page, async () => {
    // A new document (a first check, or one the page replaced this one with) gets the bundle first.
    if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
    return page.evaluate(async (tags): Promise<Violation[]> => {
      const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
      // resultTypes: the passes and the inapplicable rules are not worked out in detail.
      const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      }));
    }, A11Y_TAGS);
  });
  return violations.flatMap((v) => [
    `- ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help} — ${v.helpUrl}`,
    ...v.nodes.map(
      (n) =>
        `    at ${n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' | ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`,
    ),
  ]);
}

/** Fails with every axe violation on the page as it is now (see a11yViolations). */
export async function checkA11y(page: Page): Promise<void> {
  const lines = await a11yViolations(page);
  if (lines.length > 0) assert.fail(`Accessibility violations on ${page.url()}:\n${lines.join('\n')}`);
}

/** Goes to a path and checks the answer's status (200 unless another is expected); returns the response. */
export async function visit(page: Page, path: string, status = 200): Promise<Response> {
  const res = await page.goto(path);
  assert.ok(res, `no response for ${path}`);
  assert.equal(res.status(), status, `status of ${path}`);
  return res;
}

/** The notice a redirect after a form shows on top of the page (role=status). */
export const notice = (page: Page): Locator => page.locator('main > p.notice[role="status"]');

/**
 * Signs a browser context (or a page's) in as an account by a session cookie made in the test
 * (as test/app.ts clientAs does): every journey but the one that tests log-in (journey.spec.ts)
 * starts this way.
 */
export async function signIn(e2e: E2EServer, target: BrowserContext | Page, email: string): Promise<void> {
  const context = 'context' in target ? target.context() : target;
  const rows = await e2e.db.query<{ id: string }>('SELECT id FROM users WHERE lower(email) = lower($1)', [email]);
  if (!rows[0]) throw new Error(`No user ${email}`);
  const token = await createSession(e2e.db, rows[0].id, 1);
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url: e2e.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
}

/**
 * The name of the GET route that serves a path ('calendar.office', 'people.show' …), from the
 * app's own route table, so a crawl can run the slow checks once per template instead of once
 * per URL (twenty ?next= variants of the log-in page are one page).
 */
export function routeTemplate(routes: RouteTable, pathname: string): string {
  // A trailing slash names the same page ('/lat/kancelarije/' as '/lat/kancelarije').
  const bare = pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname;
  const route = routes.routes.find((r) => r.method === 'GET' && (routePattern(r.path).test(pathname) || routePattern(r.path).test(bare)));
  return route?.name ?? pathname;
}

/** The phone every page must fit: no page may scroll sideways at this width. */
export const PHONE = { width: 360, height: 740 } as const;

/**
 * Whether the page as shown now is wider than its viewport; if so, a readable line naming the
 * page width and the widest elements that stick out (tag, class, text), else null.
 */
export async function overflowProblem(page: Page): Promise<string | null> {
  const r = await onSettledDocument(page, () =>
    page.evaluate(() => {
      const width = window.innerWidth;
      const scroll = document.documentElement.scrollWidth;
      if (scroll <= width) return null;
      const culprits = [...document.querySelectorAll('body *')]
        .map((el) => ({ el, right: el.getBoundingClientRect().right }))
        .map(({ el, right }) => ({ el, right: Math.max(right, el.getBoundingClientRect().left + el.scrollWidth) }))
        .filter((x) => x.right > width + 1)
        // Innermost offenders: an element none of whose children also sticks out.
        .filter((x) => ![...x.el.children].some((ch) => ch.getBoundingClientRect().right > width + 1))
        .slice(0, 4)
        .map(
          ({ el, right }) =>
            `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}" to ${Math.round(right)}px`,
        );
      return { width, scroll, culprits };
    }),
  );
  return r ? `${r.scroll}px wide in a ${r.width}px viewport: ${r.culprits.join('; ')}` : null;
}

/**
 * Walks a destructive action's confirmation step (core/views/forms.tsx ConfirmForm): opens the
 * first "ask first" control within `scope` whose button reads `label`, checks the question is
 * shown, and returns the real submit button for the caller to click (often with a waitForURL).
 */
export async function openConfirm(scope: Locator | Page, label: string): Promise<Locator> {
  // The label is the summary's text, or its aria-label where rows repeat the same text.
  // (A filter's inner locator is matched inside each candidate, so it starts from the page.)
  const page = 'page' in scope ? scope.page() : scope;
  const summary = page.locator('summary', { hasText: label }).or(page.locator(`summary[aria-label=${JSON.stringify(label)}]`));
  const details = scope.locator('details.confirm').filter({ has: summary }).first();
  await details.locator('summary').click();
  const submit = details.locator('button[type="submit"]');
  await submit.waitFor({ state: 'visible' });
  return submit;
}

/**
 * A full-page picture of the page as shown now at the phone's width (PHONE), for a person to
 * look at: test-results/screenshots/<name>.png. The page must also fit that width (no sideways
 * scroll). The viewport is set back afterwards.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: PHONE.width, height: PHONE.height });
  try {
    const problem = await overflowProblem(page);
    assert.equal(problem, null, `${name}: ${problem}`);
    const path = `test-results/screenshots/${name}.png`;
    await page.screenshot({ path, fullPage: true });
    return path;
  } finally {
    if (before) await page.setViewportSize(before);
  }
}
