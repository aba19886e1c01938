import { placeSql } from '../activities/place.ts';
import type { Queryable } from '../../core/db/db.ts';
import type { CalendarFilter } from './schema.ts';

/**
 * The public side of activities: what visitors may see (published and cancelled activities of
 * offices that work in KZM; drafts never), filtered as the calendar asks. Times are
 * timestamptz; days and months are Belgrade's.
 */

const TZ = `'Europe/Belgrade'`;

export interface PublicOffice {
  id: string;
  slug: string;
  name: string;
  town: string;
}

/** An office that works in KZM (status 'full'), by slug. */
export async function findCalendarOffice(q: Queryable, slug: string): Promise<PublicOffice | undefined> {
  const rows = await q.query<PublicOffice>(`SELECT id, slug, name, town FROM offices WHERE slug = $1 AND status = 'full'`, [slug]);
  return rows[0];
}

export interface ActivityCard {
  office_id: string;
  office_slug: string;
  office_name: string;
  office_town: string;
  id: string;
  kind: string;
  status: 'published' | 'cancelled';
  title: string;
  summary: string;
  areas: string[];
  age_min: number | null;
  age_max: number | null;
  place_kind: 'office' | 'address' | 'online';
  place: string;
  /** Where, in words (activity_where: the office's address for "at the office"). */
  place_text: string;
  capacity: number | null;
  confirmed_count: number;
  cost: string;
  starts_at: Date;
  ends_at: Date;
  updated_at: Date;
  session_count: number;
  registration_closes: Date | null;
}

const CARD = `a.office_id, o.slug AS office_slug, o.name AS office_name, o.town AS office_town, a.id, a.kind, a.status,
  a.title, a.summary, a.areas, a.age_min, a.age_max, a.place_kind, a.place, ${placeSql('a', 'o')}, a.capacity, a.confirmed_count, a.cost,
  a.starts_at, a.ends_at, a.updated_at, a.registration_closes,
  (SELECT count(*)::int FROM activity_sessions s WHERE s.office_id = a.office_id AND s.activity_id = a.id) AS session_count`;

const likeParam = (key: string) => `%${key.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/**
 * WHERE clauses of a filter. `upcoming`: activities not yet over at `now` when no start date
 * is given. Search matches the activity (title, summary, place) and the office (name, town),
 * both stored as searchKey() foldings, so "Чачак", "Čačak" and "cacak" find the same.
 */
function where(f: CalendarFilter, now: Date, upcoming: boolean, params: unknown[]): string {
  const w = [`a.status IN ('published', 'cancelled')`, `o.status = 'full'`];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.officeId) w.push(`a.office_id = ${p(f.officeId)}`);
  if (f.area) w.push(`${p(f.area)} = ANY (a.areas)`);
  if (f.kind) w.push(`a.kind = ${p(f.kind)}`);
  if (f.from) w.push(`a.ends_at >= (${p(f.from)}::date)::timestamp AT TIME ZONE ${TZ}`);
  else if (upcoming) w.push(`a.ends_at >= ${p(now)}`);
  if (f.to) w.push(`a.starts_at < ((${p(f.to)}::date + 1)::timestamp AT TIME ZONE ${TZ})`);
  if (f.age !== undefined) {
    const age = p(f.age);
    w.push(`(a.age_min IS NULL OR a.age_min <= ${age}) AND (a.age_max IS NULL OR a.age_max >= ${age})`);
  }
  if (f.free) w.push(`a.status = 'published' AND (a.capacity IS NULL OR a.confirmed_count < a.capacity)`);
  if (f.key) {
    const k = p(likeParam(f.key));
    w.push(`(a.search_key LIKE ${k} OR o.search_key LIKE ${k})`);
  }
  return w.join(' AND ');
}

/** A page of the list (soonest first) and how many match in all. */
export async function listActivities(
  q: Queryable,
  f: CalendarFilter,
  opts: { now: Date; limit: number; offset: number },
): Promise<{ rows: ActivityCard[]; total: number }> {
  const params: unknown[] = [];
  const w = where(f, opts.now, true, params);
  params.push(opts.limit, opts.offset);
  const rows = await q.query<ActivityCard & { total: number }>(
    `SELECT ${CARD}, count(*) OVER ()::int AS total
       FROM activities a JOIN offices o ON o.id = a.office_id
      WHERE ${w}
      ORDER BY a.starts_at, a.title, a.id
      LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  if (rows.length === 0 && opts.offset > 0) {
    const p2: unknown[] = [];
    const w2 = where(f, opts.now, true, p2);
    const [c] = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM activities a JOIN offices o ON o.id = a.office_id WHERE ${w2}`,
      p2,
    );
    return { rows: [], total: c?.n ?? 0 };
  }
  return { rows, total: rows[0]?.total ?? 0 };
}

export interface MonthSession extends ActivityCard {
  session_id: string;
  position: number;
  session_starts_at: Date;
  session_ends_at: Date;
  /** 'YYYY-MM-DD' in Belgrade. */
  day: string;
}

/** Sessions starting in the month ('YYYY-MM', Belgrade) of the activities matching the filter. */
export async function monthSessions(q: Queryable, f: CalendarFilter, month: string, now: Date): Promise<MonthSession[]> {
  const params: unknown[] = [];
  const w = where(f, now, false, params);
  params.push(`${month}-01`);
  const m = `$${params.length}::date`;
  return q.query<MonthSession>(
    `SELECT ${CARD}, s.id AS session_id, s.position, s.starts_at AS session_starts_at, s.ends_at AS session_ends_at,
            to_char(s.starts_at AT TIME ZONE ${TZ}, 'YYYY-MM-DD') AS day
       FROM activities a JOIN offices o ON o.id = a.office_id
       JOIN activity_sessions s ON s.office_id = a.office_id AND s.activity_id = a.id
      WHERE ${w}
        AND s.starts_at >= (${m})::timestamp AT TIME ZONE ${TZ}
        AND s.starts_at < ((${m} + interval '1 month')::timestamp AT TIME ZONE ${TZ})
      ORDER BY s.starts_at, a.title, s.position`,
    params,
  );
}

/** The nearest months ('YYYY-MM') before and after `month` that have a matching session. */
export async function neighbourMonths(
  q: Queryable,
  f: CalendarFilter,
  month: string,
  now: Date,
): Promise<{ prev: string | null; next: string | null }> {
  const params: unknown[] = [];
  const w = where(f, now, false, params);
  params.push(`${month}-01`);
  const m = `$${params.length}::date`;
  const [row] = await q.query<{ prev: string | null; next: string | null }>(
    `SELECT to_char(max(s.starts_at) FILTER (WHERE s.starts_at < (${m})::timestamp AT TIME ZONE ${TZ}) AT TIME ZONE ${TZ}, 'YYYY-MM') AS prev,
            to_char(min(s.starts_at) FILTER (WHERE s.starts_at >= ((${m} + interval '1 month')::timestamp AT TIME ZONE ${TZ})) AT TIME ZONE ${TZ}, 'YYYY-MM') AS next
       FROM activities a JOIN offices o ON o.id = a.office_id
       JOIN activity_sessions s ON s.office_id = a.office_id AND s.activity_id = a.id
      WHERE ${w}`,
    params,
  );
  return { prev: row?.prev ?? null, next: row?.next ?? null };
}

export interface FeedActivity extends ActivityCard {
  description: string;
  sessions: Array<{ id: string; position: number; starts_at: string; ends_at: string; title: string }>;
}

const SESSIONS = `COALESCE((SELECT json_agg(json_build_object('id', s.id, 'position', s.position, 'starts_at', s.starts_at,
                                                      'ends_at', s.ends_at, 'title', s.title) ORDER BY s.position)
                     FROM activity_sessions s WHERE s.office_id = a.office_id AND s.activity_id = a.id), '[]') AS sessions`;

/**
 * What feeds carry: matching activities with their sessions, soonest first. `sinceDays`:
 * also activities that ended up to that many days ago (a subscribed calendar keeps them).
 */
export async function feedActivities(
  q: Queryable,
  f: CalendarFilter,
  opts: { now: Date; sinceDays: number; limit: number; publishedOnly?: boolean },
): Promise<FeedActivity[]> {
  const params: unknown[] = [];
  const since = new Date(opts.now.getTime() - opts.sinceDays * 86_400_000);
  const w = where(f, since, true, params);
  params.push(opts.limit);
  return q.query<FeedActivity>(
    `SELECT ${CARD}, a.description, ${SESSIONS}
       FROM activities a JOIN offices o ON o.id = a.office_id
      WHERE ${w} ${opts.publishedOnly ? `AND a.status = 'published'` : ''}
      ORDER BY a.starts_at, a.id
      LIMIT $${params.length}`,
    params,
  );
}

export interface PublicActivity extends FeedActivity {
  target_group: string;
  registration_opens: Date | null;
  needs_approval: boolean;
  questions: Array<{ id: string; label: string; required: boolean }>;
  image_file_id: string | null;
  image_alt: string;
  certificate_hours: string | null;
  created_at: Date;
  partners: Array<{ id: string; name: string; website: string }>;
  /** The plan activity it is carried out under (activities/plan-link.ts), by key; null when none. */
  lap_activity_key: string | null;
}

/**
 * One activity of the office (by the office's slug, as the address names it) as its public page
 * shows it, with the office: one query for what took two. Drafts, and offices not working in
 * KZM, are not found.
 */
export async function findPublicActivity(
  q: Queryable,
  officeSlug: string,
  id: string,
): Promise<{ office: PublicOffice; a: PublicActivity } | undefined> {
  const rows = await q.query<PublicActivity>(
    `SELECT ${CARD}, a.description, a.target_group, a.registration_opens, a.needs_approval, a.questions,
            a.image_file_id, a.image_alt, a.certificate_hours::text AS certificate_hours, a.created_at, a.lap_activity_key, ${SESSIONS},
            COALESCE((SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'website', p.website) ORDER BY p.name)
                        FROM activity_partners ap JOIN partners p ON p.office_id = ap.office_id AND p.id = ap.partner_id
                       WHERE ap.office_id = a.office_id AND ap.activity_id = a.id), '[]') AS partners
       FROM activities a JOIN offices o ON o.id = a.office_id
      WHERE o.slug = $1 AND a.id = $2 AND a.status IN ('published', 'cancelled') AND o.status = 'full'`,
    [officeSlug, id],
  );
  const a = rows[0];
  return a && { office: { id: a.office_id, slug: a.office_slug, name: a.office_name, town: a.office_town }, a };
}

export interface MyRegistration {
  status: 'unconfirmed' | 'pending' | 'confirmed' | 'waitlisted';
  /** Place on the waitlist (1 = next), for a waitlisted registration. */
  position: number | null;
}

/** The signed-in person's live registration for the activity, with their place on the waitlist. */
export async function myRegistration(
  q: Queryable,
  officeId: string,
  activityId: string,
  userId: string,
): Promise<MyRegistration | undefined> {
  const rows = await q.query<MyRegistration>(
    `SELECT r.status,
            CASE WHEN r.status = 'waitlisted' THEN
              (SELECT count(*)::int FROM registrations w
                WHERE w.office_id = r.office_id AND w.activity_id = r.activity_id AND w.status = 'waitlisted'
                  AND (w.queued_at, w.id) <= (r.queued_at, r.id))
            END AS position
       FROM registrations r
      WHERE r.office_id = $1 AND r.activity_id = $2 AND r.user_id = $3 AND r.status NOT IN ('cancelled', 'declined')
      ORDER BY r.created_at DESC LIMIT 1`,
    [officeId, activityId, userId],
  );
  return rows[0];
}
