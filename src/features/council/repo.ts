import type { Queryable } from '../../core/db/db.ts';
import type { PlanItemKind } from './plan-items.ts';
import { maybeOne, one } from '../../core/db/db.ts';

/**
 * SQL of the youth council (migration 0015): members, meetings, agenda, attendance, minutes,
 * decisions, and the public page's reads. The office is in every WHERE clause. "Today" is
 * Belgrade's date as the database sees it, the same day the composition trigger checks.
 */

export const ROLES = ['chair', 'deputy', 'secretary', 'member'] as const;
export type CouncilRole = (typeof ROLES)[number];
export const ATTENDANCE = ['present', 'excused', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE)[number];
export const DECISION_KINDS = ['decision', 'opinion', 'recommendation'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

const TODAY = `(now() AT TIME ZONE 'Europe/Belgrade')::date`;

export interface Member {
  office_id: string;
  id: string;
  person_id: string | null;
  full_name: string;
  role: CouncilRole;
  organisation: string;
  birth_year: number;
  email: string;
  /** ISO dates. */
  term_from: string;
  term_to: string | null;
  /** Serving today. */
  current: boolean;
  /** Aged 15–30 this year (by the birth year). */
  young: boolean;
}

const MEMBER_SELECT = `SELECT m.office_id, m.id, m.person_id, m.full_name, m.role, m.organisation, m.birth_year, m.email,
       to_char(m.term_from, 'YYYY-MM-DD') AS term_from, to_char(m.term_to, 'YYYY-MM-DD') AS term_to,
       (m.term_from <= ${TODAY} AND (m.term_to IS NULL OR m.term_to >= ${TODAY})) AS current,
       council_young(m.birth_year, ${TODAY}) AS young
  FROM council_members m`;

/** Chair first, then deputy, secretary, members; by name. */
const MEMBER_ORDER = `array_position(ARRAY['chair', 'deputy', 'secretary', 'member'], m.role), m.full_name, m.id`;

/** Every member of the office's council, serving or not (current first). */
export function listMembers(q: Queryable, officeId: string): Promise<Member[]> {
  return q.query<Member>(
    `${MEMBER_SELECT} WHERE m.office_id = $1
      ORDER BY (m.term_from <= ${TODAY} AND (m.term_to IS NULL OR m.term_to >= ${TODAY})) DESC, ${MEMBER_ORDER} LIMIT 500`,
    [officeId],
  );
}

/** The member named by :councilMember. */
export function findMember(q: Queryable, officeId: string, id: string): Promise<Member | undefined> {
  return maybeOne<Member>(q, `${MEMBER_SELECT} WHERE m.office_id = $1 AND m.id = $2`, [officeId, id]);
}

/**
 * Takes the office's council row lock (creating the row the first time): every change of the
 * members queues here, and so does the trigger that checks the composition.
 */
export async function lockCouncil(q: Queryable, officeId: string): Promise<void> {
  await q.query('INSERT INTO youth_councils (office_id) VALUES ($1) ON CONFLICT DO NOTHING', [officeId]);
  await q.query('SELECT 1 FROM youth_councils WHERE office_id = $1 FOR UPDATE', [officeId]);
}

/** The first day from today on when fewer than half would be young (the trigger's own check). */
export function compositionProblem(q: Queryable, officeId: string) {
  return maybeOne<{ on_day: string; young: number; total: number }>(
    q,
    `SELECT to_char(on_day, 'YYYY-MM-DD') AS on_day, young, total FROM council_half_young_problem($1)`,
    [officeId],
  );
}

export interface MemberFields {
  personId: string | null;
  fullName: string;
  role: CouncilRole;
  organisation: string;
  birthYear: number;
  email: string;
  termFrom: string;
  termTo: string | null;
}

export async function insertMember(q: Queryable, officeId: string, f: MemberFields, by: string): Promise<string> {
  const row = await one<{ id: string }>(
    q,
    `INSERT INTO council_members (office_id, person_id, full_name, role, organisation, birth_year, email, term_from, term_to, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [officeId, f.personId, f.fullName, f.role, f.organisation, f.birthYear, f.email, f.termFrom, f.termTo, by],
  );
  return row.id;
}

export async function updateMember(q: Queryable, officeId: string, id: string, f: MemberFields): Promise<boolean> {
  const rows = await q.query(
    `UPDATE council_members SET person_id = $3, full_name = $4, role = $5, organisation = $6, birth_year = $7, email = $8,
            term_from = $9, term_to = $10, updated_at = now()
      WHERE office_id = $1 AND id = $2 RETURNING id`,
    [officeId, id, f.personId, f.fullName, f.role, f.organisation, f.birthYear, f.email, f.termFrom, f.termTo],
  );
  return rows.length > 0;
}

export async function deleteMember(q: Queryable, officeId: string, id: string): Promise<boolean> {
  return (await q.query('DELETE FROM council_members WHERE office_id = $1 AND id = $2 RETURNING id', [officeId, id])).length > 0;
}

/** A live person of the register (to take the name, birth year and address from), or nothing. */
export function registerPerson(q: Queryable, officeId: string, personId: string) {
  return maybeOne<{ id: string; full_name: string; birth_year: number; email: string }>(
    q,
    `SELECT id, full_name, birth_year, email FROM people
      WHERE office_id = $1 AND id = $2 AND merged_into_id IS NULL AND anonymised_at IS NULL AND full_name <> ''`,
    [officeId, personId],
  );
}

/** The register's people to choose from (at most 300, by name). */
export function registerChoices(q: Queryable, officeId: string) {
  return q.query<{ id: string; full_name: string; birth_year: number }>(
    `SELECT id, full_name, birth_year FROM people
      WHERE office_id = $1 AND merged_into_id IS NULL AND anonymised_at IS NULL AND full_name <> ''
      ORDER BY search_key, id LIMIT 300`,
    [officeId],
  );
}

// ── Meetings ───────────────────────────────────────────────────────────────

export interface Meeting {
  office_id: string;
  id: string;
  starts_at: Date;
  ends_at: Date;
  place: string;
  invited_at: Date | null;
  invite_sequence: number;
  minutes: string;
  minutes_adopted_at: Date | null;
}

const MEETING_SELECT = `SELECT office_id, id, starts_at, ends_at, place, invited_at, invite_sequence, minutes, minutes_adopted_at
  FROM council_meetings`;

export function findMeeting(q: Queryable, officeId: string, id: string): Promise<Meeting | undefined> {
  return maybeOne<Meeting>(q, `${MEETING_SELECT} WHERE office_id = $1 AND id = $2`, [officeId, id]);
}

/** The meeting row under its lock (minutes, adoption, invitations are decided under it). */
export function lockMeeting(q: Queryable, officeId: string, id: string): Promise<Meeting | undefined> {
  return maybeOne<Meeting>(q, `${MEETING_SELECT} WHERE office_id = $1 AND id = $2 FOR UPDATE`, [officeId, id]);
}

export interface MeetingRow extends Meeting {
  items: number;
  present: number;
}

/** The office's meetings, newest first. */
export function listMeetings(q: Queryable, officeId: string): Promise<MeetingRow[]> {
  return q.query<MeetingRow>(
    `SELECT g.office_id, g.id, g.starts_at, g.ends_at, g.place, g.invited_at, g.invite_sequence, g.minutes, g.minutes_adopted_at,
            (SELECT count(*)::int FROM council_agenda_items i WHERE i.office_id = g.office_id AND i.meeting_id = g.id) AS items,
            (SELECT count(*)::int FROM council_attendance a WHERE a.office_id = g.office_id AND a.meeting_id = g.id AND a.status = 'present') AS present
       FROM council_meetings g WHERE g.office_id = $1 ORDER BY g.starts_at DESC, g.id LIMIT 200`,
    [officeId],
  );
}

export async function insertMeeting(
  q: Queryable,
  officeId: string,
  m: { startsAt: Date; endsAt: Date; place: string; agenda: readonly string[] },
  by: string,
): Promise<string> {
  const row = await one<{ id: string }>(
    q,
    `INSERT INTO council_meetings (office_id, starts_at, ends_at, place, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [officeId, m.startsAt, m.endsAt, m.place, by],
  );
  if (m.agenda.length > 0)
    await q.query(
      `INSERT INTO council_agenda_items (office_id, meeting_id, position, title)
       SELECT $1, $2, x.n, x.title FROM jsonb_to_recordset($3::jsonb) AS x(n int, title text)`,
      [officeId, row.id, JSON.stringify(m.agenda.map((title, i) => ({ n: i + 1, title })))],
    );
  return row.id;
}

export interface AgendaItem {
  id: string;
  position: number;
  title: string;
}

export function agendaOf(q: Queryable, officeId: string, meetingId: string): Promise<AgendaItem[]> {
  return q.query<AgendaItem>(
    'SELECT id, position, title FROM council_agenda_items WHERE office_id = $1 AND meeting_id = $2 ORDER BY position',
    [officeId, meetingId],
  );
}

/** The members serving on the meeting's day, with what was recorded of their attendance. */
export interface Attendee {
  member_id: string;
  full_name: string;
  role: CouncilRole;
  organisation: string;
  email: string;
  person_script: 'cir' | 'lat' | 'en' | null;
  status: AttendanceStatus | null;
}

export function attendeesOf(q: Queryable, officeId: string, meetingId: string): Promise<Attendee[]> {
  return q.query<Attendee>(
    `SELECT m.id AS member_id, m.full_name, m.role, m.organisation, m.email, p.script AS person_script, a.status
       FROM council_meetings g
       JOIN council_members m ON m.office_id = g.office_id
        AND m.term_from <= (g.starts_at AT TIME ZONE 'Europe/Belgrade')::date
        AND (m.term_to IS NULL OR m.term_to >= (g.starts_at AT TIME ZONE 'Europe/Belgrade')::date)
       LEFT JOIN people p ON p.office_id = m.office_id AND p.id = m.person_id
       LEFT JOIN council_attendance a ON a.office_id = g.office_id AND a.meeting_id = g.id AND a.member_id = m.id
      WHERE g.office_id = $1 AND g.id = $2
      ORDER BY ${MEMBER_ORDER}`,
    [officeId, meetingId],
  );
}

/** Records the statuses given (member id → status) for members serving on the meeting's day; returns how many were written. */
export async function upsertAttendance(
  q: Queryable,
  officeId: string,
  meetingId: string,
  statuses: ReadonlyArray<{ memberId: string; status: AttendanceStatus }>,
  by: string,
): Promise<number> {
  const rows = await q.query(
    `INSERT INTO council_attendance (office_id, meeting_id, member_id, status, recorded_by, recorded_at)
     SELECT $1, $2, x.member_id, x.status, $4, now()
       FROM jsonb_to_recordset($3::jsonb) AS x(member_id uuid, status text)
       JOIN council_meetings g ON g.office_id = $1 AND g.id = $2
       JOIN council_members m ON m.office_id = $1 AND m.id = x.member_id
        AND m.term_from <= (g.starts_at AT TIME ZONE 'Europe/Belgrade')::date
        AND (m.term_to IS NULL OR m.term_to >= (g.starts_at AT TIME ZONE 'Europe/Belgrade')::date)
     ON CONFLICT (office_id, meeting_id, member_id) DO UPDATE SET status = EXCLUDED.status, recorded_by = EXCLUDED.recorded_by,
        recorded_at = EXCLUDED.recorded_at
     RETURNING member_id`,
    [officeId, meetingId, JSON.stringify(statuses.map((s) => ({ member_id: s.memberId, status: s.status }))), by],
  );
  return rows.length;
}

export async function setInvited(q: Queryable, officeId: string, meetingId: string): Promise<number> {
  const row = await one<{ invite_sequence: number }>(
    q,
    `UPDATE council_meetings SET invited_at = now(), invite_sequence = CASE WHEN invited_at IS NULL THEN 0 ELSE invite_sequence + 1 END
      WHERE office_id = $1 AND id = $2 RETURNING invite_sequence`,
    [officeId, meetingId],
  );
  return row.invite_sequence;
}

export async function setMinutes(q: Queryable, officeId: string, meetingId: string, minutes: string): Promise<void> {
  await q.query('UPDATE council_meetings SET minutes = $3 WHERE office_id = $1 AND id = $2', [officeId, meetingId, minutes]);
}

export async function setAdopted(q: Queryable, officeId: string, meetingId: string, by: string): Promise<void> {
  await q.query('UPDATE council_meetings SET minutes_adopted_at = now(), minutes_adopted_by = $3 WHERE office_id = $1 AND id = $2', [
    officeId,
    meetingId,
    by,
  ]);
}

// ── Decisions ──────────────────────────────────────────────────────────────

/**
 * What a decision is about: described in words ('other'), or an item of the plan by its id
 * ('plan_item', which the plan's link fills; see subjects.ts).
 */
export type DecisionSubject = { kind: 'other'; text: string } | { kind: 'plan_item'; id: string; text: string };

export interface Decision {
  id: string;
  meeting_id: string;
  item_id: string;
  kind: DecisionKind;
  body: string;
  subject_kind: DecisionSubject['kind'];
  subject_id: string | null;
  subject_text: string;
  /** The plan items it is about (migration 0020), as they read when it was recorded. */
  plan_items: DecisionPlanItem[];
}

export interface DecisionPlanItem {
  kind: PlanItemKind;
  label: string;
}

/** A decision's plan items as a JSON list, in a fixed order (the plan's: goals, measures, activities, work plans). */
const PLAN_ITEMS_OF = (d: string) => `COALESCE((SELECT jsonb_agg(jsonb_build_object('kind', l.kind, 'label', l.label)
                     ORDER BY array_position(ARRAY['goal','measure','activity','workplan'], l.kind), l.label)
                FROM council_decision_plan_items l WHERE l.office_id = ${d}.office_id AND l.decision_id = ${d}.id), '[]')`;

export function decisionsOf(q: Queryable, officeId: string, meetingId: string): Promise<Decision[]> {
  return q.query<Decision>(
    `SELECT d.id, d.meeting_id, d.item_id, d.kind, d.body, d.subject_kind, d.subject_id, d.subject_text, ${PLAN_ITEMS_OF('d')} AS plan_items
       FROM council_decisions d JOIN council_agenda_items i ON i.office_id = d.office_id AND i.id = d.item_id
      WHERE d.office_id = $1 AND d.meeting_id = $2 ORDER BY i.position, d.created_at, d.id`,
    [officeId, meetingId],
  );
}

export async function insertDecision(
  q: Queryable,
  officeId: string,
  d: { meetingId: string; itemId: string; kind: DecisionKind; body: string; subject: DecisionSubject },
  by: string,
): Promise<string | undefined> {
  const row = await maybeOne<{ id: string }>(
    q,
    `INSERT INTO council_decisions (office_id, meeting_id, item_id, kind, body, subject_kind, subject_id, subject_text, created_by)
     SELECT $1, $2, i.id, $4, $5, $6, $7, $8, $9 FROM council_agenda_items i WHERE i.office_id = $1 AND i.meeting_id = $2 AND i.id = $3
     RETURNING id`,
    [
      officeId,
      d.meetingId,
      d.itemId,
      d.kind,
      d.body,
      d.subject.kind,
      d.subject.kind === 'plan_item' ? d.subject.id : null,
      d.subject.text,
      by,
    ],
  );
  return row?.id;
}

/** Links a decision to plan items of the office (each reference a foreign key with the office in it). */
export async function insertDecisionPlanItems(
  q: Queryable,
  officeId: string,
  decisionId: string,
  items: ReadonlyArray<{ kind: PlanItemKind; id: string; label: string }>,
): Promise<void> {
  for (const it of items)
    await q.query(
      `INSERT INTO council_decision_plan_items (office_id, decision_id, kind, goal_id, measure_id, lap_activity_id, workplan_id, label)
       VALUES ($1, $2, $3, CASE WHEN $3 = 'goal' THEN $4::uuid END, CASE WHEN $3 = 'measure' THEN $4::uuid END,
               CASE WHEN $3 = 'activity' THEN $4::uuid END, CASE WHEN $3 = 'workplan' THEN $4::uuid END, left($5, 400))
       ON CONFLICT DO NOTHING`,
      [officeId, decisionId, it.kind, it.id, it.label],
    );
}

// ── The public page ────────────────────────────────────────────────────────

/** Who serves today: name, role and organisation only (no birth year, no address). */
export function publicMembers(q: Queryable, officeId: string) {
  return q.query<{ id: string; full_name: string; role: CouncilRole; organisation: string }>(
    `SELECT m.id, m.full_name, m.role, m.organisation FROM council_members m
      WHERE m.office_id = $1 AND m.term_from <= ${TODAY} AND (m.term_to IS NULL OR m.term_to >= ${TODAY})
      ORDER BY ${MEMBER_ORDER}`,
    [officeId],
  );
}

export interface PublicMinutes {
  id: string;
  starts_at: Date;
  ends_at: Date;
  place: string;
  minutes: string;
  minutes_adopted_at: Date;
  items: Array<{ id: string; position: number; title: string }>;
  decisions: Array<{ item_id: string; kind: DecisionKind; body: string; subject_text: string; plan_items: DecisionPlanItem[] }>;
}

/** Meetings whose minutes were adopted, newest first, with their agenda and decisions. */
export function adoptedMinutes(q: Queryable, officeId: string, limit = 50): Promise<PublicMinutes[]> {
  return q.query<PublicMinutes>(
    `SELECT g.id, g.starts_at, g.ends_at, g.place, g.minutes, g.minutes_adopted_at,
            COALESCE((SELECT jsonb_agg(jsonb_build_object('id', i.id, 'position', i.position, 'title', i.title) ORDER BY i.position)
                        FROM council_agenda_items i WHERE i.office_id = g.office_id AND i.meeting_id = g.id), '[]') AS items,
            COALESCE((SELECT jsonb_agg(jsonb_build_object('item_id', d.item_id, 'kind', d.kind, 'body', d.body, 'subject_text', d.subject_text,
                                                          'plan_items', ${PLAN_ITEMS_OF('d')})
                                       ORDER BY d.created_at, d.id)
                        FROM council_decisions d WHERE d.office_id = g.office_id AND d.meeting_id = g.id), '[]') AS decisions
       FROM council_meetings g
      WHERE g.office_id = $1 AND g.minutes_adopted_at IS NOT NULL
      ORDER BY g.starts_at DESC, g.id LIMIT $2`,
    [officeId, limit],
  );
}

// ── Mail ───────────────────────────────────────────────────────────────────

export function officeMailRow(q: Queryable, officeId: string) {
  return one<{ name: string; email: string; town: string }>(q, 'SELECT name, email, town FROM offices WHERE id = $1', [officeId]);
}

// ── Indicator ──────────────────────────────────────────────────────────────

/** Meetings held in [from, until) (held: someone was recorded present at it), and how many meetings the office ever had. */
export async function meetingsHeld(q: Queryable, officeId: string, from: Date, until: Date) {
  return one<{ held: number; adopted: number; ever: number }>(
    q,
    `SELECT count(*)::int AS held, count(*) FILTER (WHERE g.minutes_adopted_at IS NOT NULL)::int AS adopted,
            (SELECT count(*)::int FROM council_meetings e WHERE e.office_id = $1) AS ever
       FROM council_meetings g
      WHERE g.office_id = $1 AND g.starts_at >= $2 AND g.starts_at < $3
        AND EXISTS (SELECT 1 FROM council_attendance a WHERE a.office_id = g.office_id AND a.meeting_id = g.id AND a.status = 'present')`,
    [officeId, from, until],
  );
}
