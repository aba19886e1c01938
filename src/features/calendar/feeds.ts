import { inScript, isLocale, type Locale } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { dateParts } from '../../core/intl.ts';
import { formatDateTime } from '../../core/views/format.ts';
import { activityPath } from '../activities/paths.ts';
import { placeShown } from '../activities/place.ts';
import type { FeedActivity } from './repo.ts';

/**
 * iCalendar and RSS/Atom of the calendar. Feeds live outside the script prefix (calendar apps
 * and feed readers keep no cookie, and a browser downloads them rather than showing a page);
 * `?pismo=cir|lat|en` chooses the script of the text, Cyrillic by default.
 */
export const feedLocale = (s: string | undefined): Locale => (isLocale(s) ? s : 'cir');

const TZ = 'Europe/Belgrade';

// The two generators are loaded by the first feed asked for, not at start (feed readers and
// calendar apps are a small share of requests; together ~3 MB and ~0.1 s to load).
let icalModule: Promise<typeof import('ical-generator')> | undefined;
let feedModule: Promise<typeof import('feed')> | undefined;

/** Europe/Belgrade as a VTIMEZONE (the EU rules Serbia follows: last Sunday of March / October). */
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${TZ}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(at: Date, tz: string): Wall {
  const p = dateParts(
    {
      timeZone: tz,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    },
    at,
  );
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
  };
}

/**
 * An instant as ical-generator's Temporal.ZonedDateTime stub, so DTSTART/DTEND are written as
 * Belgrade wall-clock time with TZID (independent of the server's own time zone) — Node 20 has
 * no Temporal, and a plain Date would be formatted in the process's zone.
 */
function zoned(at: Date, tz = TZ): never {
  const w = wallClock(at, tz);
  const text = `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}T${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}:${String(w.second).padStart(2, '0')}`;
  const plain = {
    ...w,
    toZonedDateTime: () => zoned(at, tz),
    toPlainDate: () => ({ year: w.year, month: w.month, day: w.day }),
    toJSON: () => text,
    toString: () => text,
  };
  return {
    ...w,
    timeZoneId: tz,
    toPlainDateTime: () => plain,
    toInstant: () => ({ epochMilliseconds: at.getTime(), toString: () => at.toISOString() }),
    withTimeZone: (other: string) => zoned(at, other),
    toJSON: () => at.toISOString(),
    toString: () => at.toISOString(),
  } as never;
}

export interface FeedContext {
  locale: Locale;
  baseUrl: string;
  /** Host part of UIDs (stable: the session's id @ the site's host). */
  name: string;
  /** The feed's own address (absolute). */
  url: string;
  now: Date;
}

const pageUrl = (ctx: FeedContext, a: FeedActivity) => `${ctx.baseUrl}/${ctx.locale}${activityPath({ slug: a.office_slug }, a.id)}`;

function placeText(ctx: FeedContext, a: FeedActivity): string {
  return placeShown(a, (s) => inScript(ctx.locale, s), t(ctx.locale, 'calendar.online'));
}

/** One VEVENT per session; UID `<session id>@<host>` stays the same across edits and feeds. */
export async function icsOf(ctx: FeedContext, activities: FeedActivity[]): Promise<string> {
  const { default: ical, ICalCalendarMethod, ICalEventStatus } = await (icalModule ??= import('ical-generator'));
  const host = new URL(ctx.baseUrl).host;
  const cal = ical({
    name: ctx.name,
    prodId: { company: 'KZM', product: 'calendar', language: ctx.locale === 'en' ? 'EN' : 'SR' },
    method: ICalCalendarMethod.PUBLISH,
    url: ctx.url,
    ttl: 3600,
    // No calendar-wide zone: DTSTAMP stays UTC; each event names Europe/Belgrade, whose
    // VTIMEZONE the generator adds once.
    timezone: { name: null, generator: (tz) => (tz === TZ ? VTIMEZONE : null) },
    x: { 'X-WR-TIMEZONE': TZ },
  });
  for (const a of activities) {
    const title = inScript(ctx.locale, a.title);
    const url = pageUrl(ctx, a);
    const description = [inScript(ctx.locale, a.summary || a.description.slice(0, 500)), url].filter(Boolean).join('\n\n');
    for (const s of a.sessions) {
      cal.createEvent({
        id: `${s.id}@${host}`,
        start: zoned(new Date(s.starts_at)),
        end: zoned(new Date(s.ends_at)),
        timezone: TZ,
        stamp: new Date(a.updated_at),
        lastModified: new Date(a.updated_at),
        summary: a.sessions.length > 1 ? `${title} (${s.position}/${a.sessions.length})` : title,
        description,
        location: placeText(ctx, a),
        url,
        status: a.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
        categories: [{ name: t(ctx.locale, `calendar.kind.${a.kind}` as 'calendar.kind.workshop') }],
      });
    }
  }
  return cal.toString();
}

/** RSS 2.0 or Atom 1.0 of what is coming (published activities, soonest first). */
export async function feedOf(
  ctx: FeedContext & { links: { rss: string; atom: string } },
  activities: FeedActivity[],
  format: 'rss' | 'atom',
): Promise<string> {
  const { Feed } = await (feedModule ??= import('feed'));
  const updated = activities.reduce((m, a) => (new Date(a.updated_at) > m ? new Date(a.updated_at) : m), new Date(0));
  const feed = new Feed({
    id: ctx.url,
    title: ctx.name,
    description: t(ctx.locale, 'calendar.lead'),
    link: ctx.url.replace(/\.(rss|atom)(\?.*)?$/, ''),
    language: ctx.locale === 'en' ? 'en' : ctx.locale === 'lat' ? 'sr-Latn' : 'sr-Cyrl',
    updated: activities.length > 0 ? updated : ctx.now,
    generator: 'KZM',
    feedLinks: { rss: ctx.links.rss, atom: ctx.links.atom },
    copyright: t(ctx.locale, 'site.tagline'),
  });
  for (const a of activities) {
    const url = pageUrl(ctx, a);
    const when = a.sessions.length > 0 ? a.sessions : [{ starts_at: a.starts_at, ends_at: a.ends_at }];
    const first = new Date(when[0]!.starts_at);
    feed.addItem({
      id: url,
      guid: url,
      link: url,
      title: inScript(ctx.locale, a.title),
      description: [inScript(ctx.locale, a.summary), `${formatDateTime(ctx.locale, first)} · ${placeText(ctx, a)}`]
        .filter(Boolean)
        .join(' — '),
      content: inScript(ctx.locale, a.description),
      date: new Date(a.updated_at),
      published: new Date(a.updated_at),
      category: a.areas.map((area) => ({ name: t(ctx.locale, `lap.${area}` as 'lap.education'), term: area })),
    });
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}

/** One event of a published calendar other features build (a room's bookings): UID `<id>@<host>`. */
export interface IcsEvent {
  id: string;
  start: Date;
  end: Date;
  summary: string;
  location: string;
  url: string;
  stamp: Date;
}

/** A PUBLISH calendar of plain events in Belgrade wall-clock time, with the same zone handling as the activities' feeds. */
export async function icsEvents(ctx: FeedContext, events: readonly IcsEvent[]): Promise<string> {
  const { default: ical, ICalCalendarMethod, ICalEventStatus } = await (icalModule ??= import('ical-generator'));
  const host = new URL(ctx.baseUrl).host;
  const cal = ical({
    name: ctx.name,
    prodId: { company: 'KZM', product: 'calendar', language: ctx.locale === 'en' ? 'EN' : 'SR' },
    method: ICalCalendarMethod.PUBLISH,
    url: ctx.url,
    ttl: 3600,
    timezone: { name: null, generator: (tz) => (tz === TZ ? VTIMEZONE : null) },
    x: { 'X-WR-TIMEZONE': TZ },
  });
  for (const e of events) {
    cal.createEvent({
      id: `${e.id}@${host}`,
      start: zoned(e.start),
      end: zoned(e.end),
      timezone: TZ,
      stamp: e.stamp,
      summary: e.summary,
      location: e.location,
      url: e.url,
      status: ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}
