import type { Deps } from '../../core/http/env.ts';
import type { RouteDef } from '../../core/http/routes.ts';
import { meetingPath } from './views.tsx';

/**
 * Fixtures for the harness (test/actors.ts PARAM_FIXTURES, test/forms.ts FORM_STATES): the
 * office's council with young members who have addresses, a member, and a meeting in the state
 * that shows the route's form. Each is the same while it stays in that state, a new one once a
 * route changed it (adopted the minutes, removed the member). Production code never imports this.
 */

type Db = Pick<Deps, 'db'>;

async function officeId(deps: Db, slug: string): Promise<string> {
  const [o] = await deps.db.query<{ id: string }>('SELECT id FROM offices WHERE slug = $1', [slug]);
  if (!o) throw new Error(`council fixtures: no office ${slug}`);
  return o.id;
}

/** Two young members serving today with addresses (young members never break the rule, so they always go in). */
async function ensureYoung(deps: Db, office: string, atLeast = 2): Promise<void> {
  const [r] = await deps.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM council_members
      WHERE office_id = $1 AND email <> '' AND council_young(birth_year, (now() AT TIME ZONE 'Europe/Belgrade')::date)
        AND term_from <= (now() AT TIME ZONE 'Europe/Belgrade')::date AND term_to IS NULL`,
    [office],
  );
  for (let i = r!.n; i < atLeast; i++)
    await deps.db.query(
      `INSERT INTO council_members (office_id, full_name, role, organisation, birth_year, email, term_from)
       VALUES ($1, $2, 'member', 'Đački parlament', extract(year FROM now())::int - 20, $3, '2020-01-01')`,
      [office, `Mlada Matrica ${i + 1}`, `savet.matrica.${Math.random().toString(36).slice(2, 8)}@primer.test`],
    );
}

/**
 * :councilMember — a serving member of the office: an older one for the removal route (removing
 * an older member never breaks the rule; young ones are added first so it can go in), else a
 * young one with an address.
 */
export async function councilMemberFixture(deps: Db, slug: string, route?: Pick<RouteDef, 'name'>): Promise<string> {
  const office = await officeId(deps, slug);
  const older = route?.name === 'council.member.remove';
  await ensureYoung(deps, office, older ? 3 : 2);
  const found = await deps.db.query<{ id: string }>(
    `SELECT id FROM council_members
      WHERE office_id = $1 AND term_to IS NULL AND council_young(birth_year, (now() AT TIME ZONE 'Europe/Belgrade')::date) = $2
        AND (NOT $2 OR email <> '')
      ORDER BY created_at, id LIMIT 1`,
    [office, !older],
  );
  if (found[0]) return found[0].id;
  const [made] = await deps.db.query<{ id: string }>(
    `INSERT INTO council_members (office_id, full_name, role, organisation, birth_year, email, term_from)
     VALUES ($1, 'Stariji Matrica', 'deputy', 'Dom zdravlja', 1970, '', '2020-01-01') RETURNING id`,
    [office],
  );
  return made!.id;
}

/** A new meeting: `days` from today at 17:00 Belgrade, one agenda item, with minutes when given. */
async function makeMeeting(deps: Db, office: string, days: number, minutes: string): Promise<string> {
  const [m] = await deps.db.query<{ id: string }>(
    `INSERT INTO council_meetings (office_id, starts_at, ends_at, place, minutes)
     VALUES ($1, ((now() AT TIME ZONE 'Europe/Belgrade')::date + $2::int + time '17:00') AT TIME ZONE 'Europe/Belgrade',
                 ((now() AT TIME ZONE 'Europe/Belgrade')::date + $2::int + time '19:00') AT TIME ZONE 'Europe/Belgrade', 'Sala 2', $3)
     RETURNING id`,
    [office, days, minutes],
  );
  await deps.db.query(`INSERT INTO council_agenda_items (office_id, meeting_id, position, title) VALUES ($1, $2, 1, 'Nacrt LAP-a')`, [
    office,
    m!.id,
  ]);
  return m!.id;
}

/**
 * :councilMeeting — for the invitations, a meeting a month ahead; for every other route a meeting
 * held yesterday with an agenda and minutes not yet adopted (its page shows the attendance,
 * decision, minutes and adoption forms).
 */
export async function councilMeetingFixture(deps: Db, slug: string, route?: Pick<RouteDef, 'name'>): Promise<string> {
  const office = await officeId(deps, slug);
  await ensureYoung(deps, office);
  const ahead = route?.name === 'council.meeting.invite';
  const found = await deps.db.query<{ id: string }>(
    `SELECT g.id FROM council_meetings g
      WHERE g.office_id = $1 AND g.minutes_adopted_at IS NULL
        AND EXISTS (SELECT 1 FROM council_agenda_items i WHERE i.office_id = g.office_id AND i.meeting_id = g.id)
        AND CASE WHEN $2 THEN g.starts_at > now() + interval '1 day'
                 ELSE g.starts_at < now() AND g.starts_at > now() - interval '3 days' AND g.minutes <> '' END
      ORDER BY g.created_at, g.id LIMIT 1`,
    [office, ahead],
  );
  return found[0]?.id ?? makeMeeting(deps, office, ahead ? 30 : -1, ahead ? '' : 'Zapisnik za proveru.');
}

/** The page of a meeting ahead, with its invitations button (FORM_STATES). */
export async function invitePagePath(deps: Db, slug: string): Promise<string> {
  const id = await councilMeetingFixture(deps, slug, { name: 'council.meeting.invite' });
  return `/lat${meetingPath({ slug }, id)}`;
}
