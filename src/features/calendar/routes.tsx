import { inScript } from '../../core/i18n/locale.ts';
import type { Context } from 'hono';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { PUBLIC } from '../../core/http/routes.ts';
import { t } from '../../core/i18n/messages.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import { ALL_ACTIVITIES, activityTag, officeActivitiesTag } from '../activities/cache.ts';
import { calendarPath } from '../activities/paths.ts';
import { describePlanActivity, lapPageTag } from '../activities/plan-link.ts';
import { registerCalendarApi } from './api.ts';
import { feedLocale, feedOf, icsOf } from './feeds.ts';
import {
  feedActivities,
  findCalendarOffice,
  findPublicActivity,
  listActivities,
  monthSessions,
  myRegistration,
  neighbourMonths,
  type PublicOffice,
} from './repo.ts';
import { uuidOrNull } from '../../core/http/ids.ts';
import { PAGE_SIZE, belgradeMonth, calendarQuery, filterOf, filterParams, withQuery } from './schema.ts';
import { ActivityPage } from './views/activity.tsx';
import { CalendarPage } from './views/calendar.tsx';

/** How far back a subscribed calendar keeps activities that have ended. */
const ICS_PAST_DAYS = 90;
const FEED_LIMIT = 500;

/** Marks the office a public page shows, so its cache tags name it (see cacheTags below). */
function shows(c: Context<AppEnv>, office: PublicOffice): void {
  c.set('office', { id: office.id, slug: office.slug, name: office.name });
}
// The office's own tag too (offices/service.ts officeTags): its name and town show on these pages.
const officeTags = (c: Context<AppEnv>) => [officeActivitiesTag(c.var.office.id), `office:${c.var.office.slug}`];
// The plan's tag too: the page names the plan activity the activity is carried out under.
const activityPageTags = (c: Context<AppEnv>) => [
  activityTag(uuidOrNull(c.req.param('activity')) ?? ''),
  `office:${c.var.office.slug}`,
  lapPageTag(c.var.office.id),
];
/** The calendar pages' cache key keeps only the parameters calendarQuery knows, canonical. */
const cacheQuery = (q: Record<string, string>) => calendarQuery.parse(q);

async function calendarResponse(c: Context<AppEnv>, office: PublicOffice | null) {
  const { db, now: clock } = c.var.deps;
  const now = clock();
  const query = calendarQuery.parse(c.req.query());
  const filter = filterOf(query, office?.id);
  if (query.prikaz === 'mesec') {
    const month = query.mesec || belgradeMonth(now);
    const [sessions, around] = await Promise.all([monthSessions(db, filter, month, now), neighbourMonths(db, filter, month, now)]);
    return c.html(<CalendarPage v={view(c)} office={office} query={query} month={{ month, sessions, ...around }} now={now} />);
  }
  const list = await listActivities(db, filter, { now, limit: PAGE_SIZE, offset: (query.strana - 1) * PAGE_SIZE });
  return c.html(<CalendarPage v={view(c)} office={office} query={query} list={list} now={now} />);
}

function download(c: Context<AppEnv>, body: string, type: string, name: string): Response {
  c.header('content-type', `${type}; charset=utf-8`);
  c.header('content-disposition', `attachment; filename="${name}"`);
  c.header('x-content-type-options', 'nosniff');
  return c.body(body, 200);
}

async function icsResponse(c: Context<AppEnv>, office: PublicOffice | null) {
  const { db, now: clock, config } = c.var.deps;
  const now = clock();
  const query = calendarQuery.parse(c.req.query());
  const locale = feedLocale(c.req.query('pismo'));
  const rows = await feedActivities(db, filterOf(query, office?.id), { now, sinceDays: ICS_PAST_DAYS, limit: FEED_LIMIT });
  const p = filterParams(query);
  p.set('pismo', locale);
  const name = office
    ? t(locale, 'calendar.feed.title.office', { office: inScript(locale, office.name) })
    : t(locale, 'calendar.feed.title');
  const body = await icsOf(
    {
      locale,
      baseUrl: config.BASE_URL,
      name,
      url: config.BASE_URL + withQuery(`${office ? calendarPath(office) : '/aktivnosti'}.ics`, p),
      now,
    },
    rows,
  );
  return download(c, body, 'text/calendar', office ? `${office.slug}-aktivnosti.ics` : 'aktivnosti.ics');
}

export function registerCalendarRoutes(core: Core): void {
  // ── Pages ────────────────────────────────────────────────────────────────
  core.page(
    {
      name: 'calendar.all',
      method: 'GET',
      path: `${L}/aktivnosti`,
      access: PUBLIC,
      cacheTags: () => [ALL_ACTIVITIES, 'offices'],
      cacheQuery,
    },
    (c) => calendarResponse(c, null),
  );

  core.page(
    {
      name: 'calendar.office',
      method: 'GET',
      path: `${L}/kancelarije/:office/aktivnosti`,
      access: PUBLIC,
      cacheTags: officeTags,
      cacheQuery,
    },
    async (c) => {
      const office = await findCalendarOffice(c.var.deps.db, c.req.param('office') ?? '');
      if (!office) return errorResponse(c, 404);
      shows(c, office);
      return calendarResponse(c, office);
    },
  );

  core.page(
    {
      name: 'calendar.activity',
      method: 'GET',
      path: `${L}/kancelarije/:office/aktivnosti/:activity`,
      access: PUBLIC,
      cacheTags: activityPageTags,
    },
    async (c) => {
      const { db, now } = c.var.deps;
      const id = uuidOrNull(c.req.param('activity'));
      const found = id ? await findPublicActivity(db, c.req.param('office') ?? '', id) : undefined;
      if (!found) return errorResponse(c, 404);
      const { office, a } = found;
      shows(c, office);
      // A signed-in person sees where their registration stands (such pages are never cached).
      const actor = c.var.actor;
      const mine = actor ? await myRegistration(db, office.id, a.id, actor.userId) : undefined;
      const planItem = a.lap_activity_key ? await describePlanActivity(db, office.id, a.lap_activity_key) : null;
      return c.html(<ActivityPage v={view(c)} office={office} a={a} mine={mine} now={now()} planItem={planItem} />);
    },
  );

  // ── Feeds and files (outside the script prefix; ?pismo= chooses the script) ──
  core.page({ name: 'calendar.ics.all', method: 'GET', path: '/aktivnosti.ics', access: PUBLIC }, (c) => icsResponse(c, null));

  core.page({ name: 'calendar.ics.office', method: 'GET', path: '/kancelarije/:office/aktivnosti.ics', access: PUBLIC }, async (c) => {
    const office = await findCalendarOffice(c.var.deps.db, c.req.param('office') ?? '');
    if (!office) return errorResponse(c, 404);
    return icsResponse(c, office);
  });

  for (const format of ['rss', 'atom'] as const) {
    core.page(
      { name: `calendar.${format}.office`, method: 'GET', path: `/kancelarije/:office/aktivnosti.${format}`, access: PUBLIC },
      async (c) => {
        const { db, now: clock, config } = c.var.deps;
        const office = await findCalendarOffice(db, c.req.param('office') ?? '');
        if (!office) return errorResponse(c, 404);
        const now = clock();
        const query = calendarQuery.parse(c.req.query());
        const locale = feedLocale(c.req.query('pismo'));
        const rows = await feedActivities(db, filterOf(query, office.id), { now, sinceDays: 0, limit: 100, publishedOnly: true });
        const p = filterParams(query);
        p.set('pismo', locale);
        const base = config.BASE_URL + calendarPath(office);
        const body = await feedOf(
          {
            locale,
            baseUrl: config.BASE_URL,
            name: t(locale, 'calendar.feed.title.office', { office: inScript(locale, office.name) }),
            url: withQuery(`${base}.${format}`, p),
            now,
            links: { rss: withQuery(`${base}.rss`, p), atom: withQuery(`${base}.atom`, p) },
          },
          rows,
          format,
        );
        return download(
          c,
          body,
          format === 'rss' ? 'application/rss+xml' : 'application/atom+xml',
          `${office.slug}-aktivnosti.${format === 'rss' ? 'xml' : 'atom'}`,
        );
      },
    );
  }

  core.page(
    { name: 'calendar.activity.ics', method: 'GET', path: '/kancelarije/:office/aktivnosti/:activity/kalendar.ics', access: PUBLIC },
    async (c) => {
      const { db, now, config } = c.var.deps;
      const id = uuidOrNull(c.req.param('activity'));
      const found = id ? await findPublicActivity(db, c.req.param('office') ?? '', id) : undefined;
      if (!found) return errorResponse(c, 404);
      const { office, a } = found;
      const locale = feedLocale(c.req.query('pismo'));
      const url = `${config.BASE_URL}${calendarPath(office)}/${a.id}/kalendar.ics?pismo=${locale}`;
      return download(
        c,
        await icsOf({ locale, baseUrl: config.BASE_URL, name: a.title, url, now: now() }, [a]),
        'text/calendar',
        'aktivnost.ics',
      );
    },
  );

  registerCalendarApi(core);
}
