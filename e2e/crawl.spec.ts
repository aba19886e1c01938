import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { APIResponse, BrowserContext, Page } from 'playwright-core';
import { LOCALES, type Locale } from '../src/core/i18n/locale.ts';
import { PHONE, a11yViolations, overflowProblem, routeTemplate, signIn, startE2E, type E2E } from './harness.ts';

/**
 * Crawls the site on a 360 px phone: as an anonymous visitor once per script, and signed in as
 * each kind of account (coordinator, young person, association representative, national admin)
 * in one script each. Breadth-first from the home page over every same-origin <a href> under
 * that script's prefix. Each page must answer 2xx and load no subresource that fails; public
 * pages load no JavaScript; links to the JSON API must answer 200 and external links must be
 * well-formed https URLs. Downloads (exports, PDFs) are fetched, not opened. The first page of
 * each route template in each crawl is shown in the browser, must fit the phone (no sideways
 * scrolling) and is weighed; axe (WCAG 2.2 A/AA) runs once per route template over the crawls
 * of one kind. The template's other pages (the same markup with other rows) are fetched and
 * read as HTML: status, scripts, links and the subresources they name (each fetched once), at
 * a fraction of a browser visit's cost (see RENDERED_PER_TEMPLATE).
 * Every problem is collected and the test fails once per crawl with the full list; a table of
 * page weights is printed at the end, and each home page must stay under its budget.
 */

/** A safety stop, not an expectation: the demo site has a few dozen pages per script. */
const MAX_PAGES = 300;
/** What a first visit to the home page may download (document + everything it loads). */
const HOME_BUDGET = 60 * 1024;
/**
 * Public pages that may load JavaScript (path after the script prefix, e.g. /^\/karta$/):
 * public pages are server-rendered HTML and CSS with no framework bundle; a few add a small script of our own.
 */
const SCRIPT_ALLOWED: readonly RegExp[] = [
  // A news post: public/share.js, the Web Share API button (the share links work without it).
  /^\/kancelarije\/[^/]+\/vesti\/[0-9a-f-]{36}$/,
];
/** Pages every crawl must reach from the home page (after the prefix); guards the crawler itself. */
const MUST_REACH = [
  '/kancelarije',
  '/kancelarije/pancevo',
  '/nalog/prijava',
  '/nalog/registracija',
  '/nalog/zaboravljena-lozinka',
  '/privatnost',
];
/** Signed-in crawls (demo accounts, see README): the pages each must reach from the home page. */
const SIGNED_IN: Array<[string, Locale]> = [
  ['pancevo@primer.test', 'lat'],
  ['mladi@primer.test', 'cir'],
  ['udruzenje@primer.test', 'lat'],
  ['admin@primer.test', 'en'],
];
const MUST_REACH_SIGNED_IN: Record<string, string[]> = {
  'pancevo@primer.test': [
    '/admin',
    '/admin/kancelarije/pancevo/mladi',
    '/admin/kancelarije/pancevo/aktivnosti',
    '/admin/kancelarije/pancevo/udruzenja',
    '/admin/kancelarije/pancevo/vesti',
    // Through the news admin's "view on the site": the public list and a post (its share script allowed).
    '/kancelarije/pancevo/vesti',
  ],
  'mladi@primer.test': ['/nalog', '/moj-nalog/podaci', '/moj-nalog/saglasnosti'],
  'udruzenje@primer.test': ['/nalog'],
  'admin@primer.test': ['/admin'],
};

interface PageStats {
  path: string;
  status: number;
  /** Encoded (on-the-wire body) bytes of the document and of every resource it loaded. */
  bytes: number;
  requests: number;
  ms: number;
  /** Shown in the browser (weighed with its subresources), or fetched as HTML only (the document's bytes). */
  rendered: boolean;
}

interface CrawlResult {
  locale: Locale;
  /** Who crawled: 'visitor' or a demo account's e-mail. */
  who: string;
  pages: PageStats[];
  /** Links checked without crawling them: API endpoints and external sites. */
  checked: number;
  problems: string[];
  ms: number;
}

const results: CrawlResult[] = [];

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
  // In script order, whichever crawl finished first.
  if (results.length > 0) printTable(LOCALES.flatMap((l) => results.filter((r) => r.locale === l && r.who === 'visitor')));
});

/** Dedupe key of a URL: path and query (fragments point into a page already seen). */
const keyOf = (u: URL) => u.pathname + u.search;

/** Body sizes from the Resource Timing API: cached resources still report their encoded size. */
function pageWeight(page: Page): Promise<{ bytes: number; requests: number }> {
  return page.evaluate(() => {
    const entries = [
      ...performance.getEntriesByType('navigation'),
      ...performance.getEntriesByType('resource'),
    ] as PerformanceResourceTiming[];
    return { bytes: entries.reduce((sum, e) => sum + e.encodedBodySize, 0), requests: entries.length };
  });
}

/** A link to another site must be an absolute https URL with a real host name. */
function externalProblem(raw: string): string | null {
  if (!URL.canParse(raw)) return 'not an absolute URL';
  const u = new URL(raw);
  if (u.protocol !== 'https:') return `${u.protocol} instead of https:`;
  if (!u.hostname.includes('.') || /\s/.test(raw)) return 'malformed host or whitespace';
  return null;
}

/**
 * Signed-in crawls visit at most this many URLs of one route template (a register of people
 * has a page per person: four of them show how such pages look). axe runs once per route
 * template: the three public crawls share one run per template (the scripts differ in text,
 * not in markup), and so do the signed-in ones (whose pages carry the account's menus).
 */
const PER_TEMPLATE = 4;
/**
 * Pages of one route template shown in the browser per crawl (width check, page weight); the
 * template's other pages are fetched (fetchPage). A browser visit with its checks cost ~0.5 s
 * of CPU (browser and server), a fetch a tenth of that: the public crawls visit a page per
 * office, activity, post … in three scripts, and each feature adds templates with many pages.
 */
const RENDERED_PER_TEMPLATE = 1;
const axeSignedIn = new Set<string>();
const axePublic = new Set<string>();

async function crawl(context: BrowserContext, locale: Locale, who = 'visitor'): Promise<CrawlResult> {
  const signedIn = who !== 'visitor';
  const axeDone = signedIn ? axeSignedIn : axePublic;
  const perTemplate = new Map<string, number>();
  const rendered = new Map<string, number>();
  /** Subresources a fetched page names, each requested once per crawl. */
  const subresources = new Set<string>();
  const started = performance.now();
  const prefix = `/${locale}/`;
  const origin = e2e.baseUrl;
  const problems: string[] = [];
  const pages: PageStats[] = [];
  /** Where each path was first linked from, for the messages. */
  const linkedFrom = new Map<string, string>([[prefix, '(start)']]);
  const queue = [prefix];
  const checked = new Set<string>();

  // Signed-in pages may enhance themselves with the app's own scripts (check-in, imports).
  const scriptAllowed = (key: string) =>
    signedIn || SCRIPT_ALLOWED.some((re) => re.test(new URL(key, origin).pathname.slice(prefix.length - 1)));

  const page = await context.newPage();
  let current = prefix;
  // Every request and response while a page loads: scripts are not allowed, failures are problems.
  page.on('request', (r) => {
    if (r.resourceType() === 'script' && !scriptAllowed(current)) problems.push(`${current}: loads a script ${r.url()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') problems.push(`${current}: ${r.status()} for ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    // Aborted is the browser's doing (a late request cut off by the next navigation), not the site's.
    const error = r.failure()?.errorText ?? '';
    if (error !== 'net::ERR_ABORTED') problems.push(`${current}: request failed ${r.url()} (${error})`);
  });

  /**
   * A GET outside the page. A kept-alive connection the server closes as the next request goes
   * out on it answers ECONNRESET; a browser sends that request again on a new connection, and
   * so does this, once.
   */
  async function get(href: string): Promise<APIResponse> {
    try {
      return await context.request.get(href, { failOnStatusCode: false });
    } catch (err) {
      if (!/ECONNRESET|socket hang up/.test((err as Error).message)) throw err;
      return context.request.get(href, { failOnStatusCode: false });
    }
  }

  /** Links that are not crawled get one request each: JSON API must answer 200, the rest < 400. */
  async function checkByRequest(url: URL, from: string): Promise<void> {
    const res = await get(url.href);
    const type = res.headers()['content-type'] ?? '';
    if (url.pathname.startsWith('/api/')) {
      if (res.status() !== 200 || !/json/.test(type)) problems.push(`${from}: link to ${keyOf(url)} answered ${res.status()} ${type}`);
    } else if (res.status() >= 400) {
      problems.push(`${from}: link to ${keyOf(url)} answered ${res.status()}`);
    }
    await res.dispose();
  }

  while (queue.length > 0) {
    if (pages.length >= MAX_PAGES) {
      // Not a failure: the site may grow; the note says coverage stopped here.
      console.log(`note: the ${locale} crawl stopped at ${MAX_PAGES} pages with ${queue.length} still queued`);
      break;
    }
    const key = queue.shift()!;
    const keyTemplate = routeTemplate(e2e.routes, new URL(key, origin).pathname);
    if (signedIn) {
      const seen = perTemplate.get(keyTemplate) ?? 0;
      if (seen >= PER_TEMPLATE) continue;
      perTemplate.set(keyTemplate, seen + 1);
    }
    current = key;
    const t0 = performance.now();
    if ((rendered.get(keyTemplate) ?? 0) >= RENDERED_PER_TEMPLATE) {
      await fetchPage(key, t0);
      continue;
    }
    rendered.set(keyTemplate, (rendered.get(keyTemplate) ?? 0) + 1);
    let status = 0;
    try {
      const res = await page.goto(key);
      status = res?.status() ?? 0;
    } catch (err) {
      // A link to a file (an export, a PDF) starts a download instead of opening a page.
      if (/Download is starting/.test((err as Error).message)) {
        await checkByRequest(new URL(key, origin), linkedFrom.get(key) ?? key);
        continue;
      }
      problems.push(`${key} (linked from ${linkedFrom.get(key)}): ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    if (status >= 500) problems.push(`${key} (linked from ${linkedFrom.get(key)}): server error ${status}`);
    else if (status < 200 || status >= 300) problems.push(`${key} (linked from ${linkedFrom.get(key)}): answered ${status}`);

    // A redirect lands on another page: crawl it under its own key, once.
    const landed = new URL(page.url());
    if (keyOf(landed) !== key) {
      if (linkedFrom.has(keyOf(landed)) || !landed.pathname.startsWith(prefix)) continue;
      linkedFrom.set(keyOf(landed), key);
      current = keyOf(landed);
    }

    const scripts = await page.locator('script').count();
    if (scripts > 0 && !scriptAllowed(current)) problems.push(`${current}: has ${scripts} <script> element(s)`);

    const hrefs = await page.locator('a[href]:not([download])').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const downloads = await page.locator('a[href][download]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    await followLinks(page.url(), hrefs, downloads);

    const wide = await overflowProblem(page);
    if (wide) problems.push(`${current}: ${wide}`);
    const template = routeTemplate(e2e.routes, new URL(current, origin).pathname);
    if (!axeDone.has(template)) {
      axeDone.add(template);
      const violations = await a11yViolations(page);
      if (violations.length > 0) problems.push(`${current}: accessibility violations:\n${violations.join('\n')}`);
    }
    // Read last, so late subresources (the favicon) have had time to load.
    const weight = await pageWeight(page);
    pages.push({ path: current, status, ...weight, ms: Math.round(performance.now() - t0), rendered: true });
  }
  await page.close();

  /** The links of a page (its URL, its <a href>s and its download links): queued, or checked by a request. */
  async function followLinks(pageUrl: string, hrefs: string[], downloads: string[]): Promise<void> {
    for (const raw of downloads) {
      const url = new URL(raw, pageUrl);
      if (!checked.has(keyOf(url))) {
        checked.add(keyOf(url));
        await checkByRequest(url, current);
      }
    }
    for (const raw of hrefs) {
      // Links another app on the phone opens (mail, phone, Viber's share): not pages.
      if (/^(mailto|tel|viber):/i.test(raw)) continue;
      if (/^javascript:/i.test(raw)) {
        problems.push(`${current}: javascript: link "${raw}"`);
        continue;
      }
      if (!URL.canParse(raw, pageUrl)) {
        problems.push(`${current}: malformed link "${raw}"`);
        continue;
      }
      const url = new URL(raw, pageUrl);
      const link = keyOf(url);
      if (url.origin !== origin) {
        if (checked.has(url.href)) continue;
        checked.add(url.href);
        const why = externalProblem(raw);
        if (why) problems.push(`${current}: external link "${raw}": ${why}`);
      } else if (url.pathname.startsWith(prefix) || url.pathname === prefix.slice(0, -1)) {
        if (linkedFrom.has(link)) continue;
        linkedFrom.set(link, current);
        queue.push(link);
      } else if (LOCALES.some((l) => url.pathname.startsWith(`/${l}/`) || url.pathname === `/${l}`)) {
        // Another script (the script switch): that script's own crawl covers it.
      } else if (!checked.has(link)) {
        checked.add(link);
        await checkByRequest(url, current);
      }
    }
  }

  /**
   * A page of a template already shown in the browser, fetched and read as HTML: the same
   * status rule, the script rule (<script> elements; a fetched page runs nothing), its links,
   * and every subresource it names (images, stylesheets, icons, scripts, media), each requested
   * once per crawl; the browser would have loaded the same.
   */
  async function fetchPage(key: string, t0: number): Promise<void> {
    const res = await get(new URL(key, origin).href);
    const status = res.status();
    const type = res.headers()['content-type'] ?? '';
    const body = await res.body();
    await res.dispose();
    if (!/^text\/html/.test(type)) {
      // A file (an export, a PDF): the browser would have started a download.
      if (status >= 400) problems.push(`${linkedFrom.get(key) ?? key}: link to ${key} answered ${status}`);
      return;
    }
    if (status >= 500) problems.push(`${key} (linked from ${linkedFrom.get(key)}): server error ${status}`);
    else if (status < 200 || status >= 300) problems.push(`${key} (linked from ${linkedFrom.get(key)}): answered ${status}`);
    const landed = new URL(res.url());
    if (keyOf(landed) !== key) {
      if (linkedFrom.has(keyOf(landed)) || !landed.pathname.startsWith(prefix)) return;
      linkedFrom.set(keyOf(landed), key);
      current = keyOf(landed);
      // Redirected to a template not yet shown in the browser: that page is visited next, shown.
      if (!rendered.has(routeTemplate(e2e.routes, landed.pathname))) {
        queue.unshift(current);
        return;
      }
    }
    const doc = parseDocument(body.toString('utf8'));
    const all = (name: string) => DomUtils.getElementsByTagName(name, doc);
    const scripts = all('script');
    if (scripts.length > 0 && !scriptAllowed(current)) problems.push(`${current}: has ${scripts.length} <script> element(s)`);
    const anchors = all('a').filter((a) => a.attribs.href !== undefined);
    await followLinks(
      landed.href,
      anchors.filter((a) => a.attribs.download === undefined).map((a) => a.attribs.href!),
      anchors.filter((a) => a.attribs.download !== undefined).map((a) => a.attribs.href!),
    );
    const named = [
      ...[...all('img'), ...all('script'), ...all('video'), ...all('audio'), ...all('source')].flatMap((e) => [
        e.attribs.src,
        e.attribs.poster,
      ]),
      ...all('object').map((e) => e.attribs.data),
      ...all('link')
        .filter((e) => /\b(stylesheet|icon|preload|manifest)\b/i.test(e.attribs.rel ?? ''))
        .map((e) => e.attribs.href),
    ].filter((u): u is string => Boolean(u) && !/^data:/i.test(u!));
    for (const raw of named) {
      if (!URL.canParse(raw, landed.href)) {
        problems.push(`${current}: malformed subresource URL "${raw}"`);
        continue;
      }
      const url = new URL(raw, landed.href);
      if (subresources.has(url.href)) continue;
      subresources.add(url.href);
      const r = await get(url.href);
      if (r.status() >= 400) problems.push(`${current}: ${r.status()} for ${url.href}`);
      await r.dispose();
    }
    pages.push({ path: current, status, bytes: body.length, requests: 1, ms: Math.round(performance.now() - t0), rendered: false });
  }

  const home = pages.find((p) => p.path === prefix);
  if (!home) problems.push(`${prefix}: the home page was not measured`);
  else if (!signedIn && home.bytes >= HOME_BUDGET) problems.push(`${prefix}: ${home.bytes} bytes, over the ${HOME_BUDGET}-byte budget`);
  for (const path of signedIn ? (MUST_REACH_SIGNED_IN[who] ?? []) : MUST_REACH) {
    if (!pages.some((p) => p.path === `/${locale}${path}`)) problems.push(`/${locale}${path} was not reached from ${prefix}`);
  }
  return { locale, who, pages, checked: checked.size, problems, ms: Math.round(performance.now() - started) };
}

function printTable(all: CrawlResult[]): void {
  const rows = all.flatMap((r) =>
    r.pages.map((p) => [
      `${p.path}${r.who === 'visitor' ? '' : ` (${r.who})`}${p.rendered ? '' : ' (fetched: the document only)'}`,
      String(p.status),
      String(p.bytes),
      (p.bytes / 1024).toFixed(1),
      String(p.requests),
      String(p.ms),
    ]),
  );
  const head = ['page', 'status', 'bytes', 'KB', 'requests', 'ms'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ''];
  for (const r of all) {
    const bytes = r.pages.reduce((s, p) => s + p.bytes, 0);
    out.push(
      `${r.locale} ${r.who}: ${r.pages.length} pages, ${r.checked} links checked without crawling, ${(bytes / 1024).toFixed(1)} KB in all, ${r.ms} ms`,
    );
  }
  console.log(`\nPublic pages (encoded body bytes of the document and its resources; loopback, no compression)\n${out.join('\n')}`);
}

// The crawls run at once (one context each, in the one browser): axe is the slow part.
describe('crawl of the public pages', { concurrency: true }, () => {
  for (const locale of LOCALES) {
    test(`every page reachable from /${locale}/ answers, fits a 360 px phone, passes axe and loads no JavaScript`, async () => {
      const context = await e2e.newContext({ viewport: PHONE });
      const result = await crawl(context, locale);
      await context.close();
      results.push(result);
      assert.equal(result.problems.length, 0, `${result.problems.length} problem(s) crawling /${locale}/:\n${result.problems.join('\n')}`);
    });
  }
});

describe('crawl of the signed-in pages', { concurrency: 2 }, () => {
  for (const [email, locale] of SIGNED_IN) {
    test(`every page ${email} reaches from /${locale}/ answers, fits a 360 px phone and passes axe`, async () => {
      const context = await e2e.newContext({ viewport: PHONE });
      await signIn(e2e, context, email);
      const result = await crawl(context, locale, email);
      await context.close();
      results.push(result);
      assert.equal(
        result.problems.length,
        0,
        `${result.problems.length} problem(s) crawling /${locale}/ as ${email}:\n${result.problems.join('\n')}`,
      );
    });
  }
});

test('axe, as the crawls and journeys run it, reports what a page does wrong (so their passes mean something)', async () => {
  const context = await e2e.newContext();
  const page = await context.newPage();
  await page.setContent(
    '<!doctype html><html lang="sr"><head><title>Proba</title></head><body><main><h1>Proba</h1>' +
      '<img src="data:,"><p style="color:#bbb;background:#fff">Sivo na belom</p></main></body></html>',
  );
  const violations = (await a11yViolations(page)).join('\n');
  assert.match(violations, /^- image-alt \(critical\)/m, violations);
  assert.match(violations, /^- color-contrast \(serious\)/m, violations);
  // A second check of the same document (axe already in it) finds the same.
  assert.equal((await a11yViolations(page)).join('\n'), violations);
  await context.close();
});
