import { placeholders, type Queryable } from '../../core/db/db.ts';
import { placeSql } from './place.ts';
import type { ActivityInput, ActivityKind, ActivityStatus, SessionInput } from './schema.ts';

/**
 * One activity as stored: the columns the form writes (ActivityInput, less what is stored
 * elsewhere: partners, the association's id, sessions), and the ones only the server sets.
 */
export interface Activity extends Omit<ActivityInput, 'partners' | 'association' | 'certificate_hours' | 'sessions'> {
  id: string;
  /** The plan activity it is carried out under (its key; migration 0020), or null. */
  lap_activity_key: string | null;
  office_id: string;
  status: ActivityStatus;
  /** Where, in words (place.ts). */
  place_text: string;
  confirmed_count: number;
  image_file_id: string | null;
  image_alt: string;
  /** numeric comes back as text from both drivers. */
  certificate_hours: string | null;
  starts_at: Date;
  ends_at: Date;
  association_id: string | null;
  association_name: string | null;
  /** When the feedback requests went out (certificates/feedback-job.ts); null before. */
  feedback_sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface Session {
  id: string;
  position: number;
  starts_at: Date;
  ends_at: Date;
  title: string;
}

export interface ActivitySummary {
  id: string;
  kind: ActivityKind;
  status: ActivityStatus;
  title: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number | null;
  confirmed_count: number;
  sessions: number;
  association_name: string | null;
}

export type ListView = 'upcoming' | 'past' | 'drafts' | 'cancelled' | 'all';

/**
 * An office's activities for the staff list. `associations` limits it to those organised by
 * these associations (a representative's view); null: all of the office's.
 */
export function listActivities(
  q: Queryable,
  officeId: string,
  view: ListView,
  now: Date,
  associations: string[] | null,
): Promise<ActivitySummary[]> {
  const params: unknown[] = [officeId];
  const where = ['a.office_id = $1'];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (associations) add((n) => `a.association_id = ANY($${n}::uuid[])`, associations);
  if (view === 'upcoming') add((n) => `a.status <> 'cancelled' AND a.ends_at >= $${n}`, now);
  else if (view === 'past') add((n) => `a.status <> 'cancelled' AND a.ends_at < $${n}`, now);
  else if (view === 'drafts') where.push(`a.status = 'draft'`);
  else if (view === 'cancelled') where.push(`a.status = 'cancelled'`);
  const order = view === 'past' || view === 'all' ? 'a.starts_at DESC' : 'a.starts_at';
  return q.query<ActivitySummary>(
    `SELECT a.id, a.kind, a.status, a.title, a.starts_at, a.ends_at, a.capacity, a.confirmed_count, s.name AS association_name,
            (SELECT count(*)::int FROM activity_sessions x WHERE x.office_id = a.office_id AND x.activity_id = a.id) AS sessions
       FROM activities a LEFT JOIN associations s ON s.office_id = a.office_id AND s.id = a.association_id
      WHERE ${where.join(' AND ')}
      ORDER BY ${order}, a.id
      LIMIT 500`,
    params,
  );
}

const ACTIVITY_COLUMNS = `a.id, a.office_id, a.kind, a.status, a.title, a.summary, a.description, a.areas, a.target_group, a.age_min, a.age_max,
  a.place_kind, a.place, a.online_url, ${placeSql('a')}, a.capacity, a.confirmed_count, a.registration_opens, a.registration_closes, a.needs_approval,
  a.questions, a.image_file_id, a.image_alt, a.cost, a.certificate_hours::text AS certificate_hours, a.starts_at, a.ends_at,
  a.association_id, s.name AS association_name, a.feedback_sent_at, a.created_at, a.updated_at, a.lap_activity_key`;

/** One activity of the office, any status; undefined otherwise (the :activity row, activities/params.ts). */
export async function findActivity(q: Queryable, officeId: string, id: string): Promise<Activity | undefined> {
  const rows = await q.query<Activity>(
    `SELECT ${ACTIVITY_COLUMNS}
       FROM activities a LEFT JOIN associations s ON s.office_id = a.office_id AND s.id = a.association_id
      WHERE a.office_id = $1 AND a.id = $2`,
    [officeId, id],
  );
  return rows[0];
}

export interface LockedActivity {
  status: ActivityStatus;
  capacity: number | null;
  confirmed_count: number;
  image_file_id: string | null;
  association_id: string | null;
  title: string;
  starts_at: Date;
}

/** Locks the activity row (seat changes of this activity wait for the transaction). */
export async function lockActivityRow(
  q: Queryable,
  officeId: string,
  id: string,
  associations: string[] | null = null,
): Promise<LockedActivity | undefined> {
  const rows = await q.query<LockedActivity>(
    `SELECT status, capacity, confirmed_count, image_file_id, association_id, title, starts_at FROM activities
      WHERE office_id = $1 AND id = $2 AND ($3::uuid[] IS NULL OR association_id = ANY($3::uuid[])) FOR UPDATE`,
    [officeId, id, associations],
  );
  return rows[0];
}

export function listSessions(q: Queryable, officeId: string, activityId: string): Promise<Session[]> {
  return q.query<Session>(
    'SELECT id, position, starts_at, ends_at, title FROM activity_sessions WHERE office_id = $1 AND activity_id = $2 ORDER BY position',
    [officeId, activityId],
  );
}

/** The stored row's values: the form's input without what lives in other tables or columns, plus what the service derives. */
export interface ActivityRow extends Omit<ActivityInput, 'partners' | 'association' | 'sessions'> {
  image_file_id: string | null;
  image_alt: string;
  starts_at: Date;
  ends_at: Date;
  search_key: string;
}

/** The form's columns (all but the image, which has its own form), in the order formValues gives them: one list for the INSERT and the UPDATE. */
const FORM_COLUMNS = [
  'kind',
  'title',
  'summary',
  'description',
  'areas',
  'target_group',
  'age_min',
  'age_max',
  'place_kind',
  'place',
  'online_url',
  'capacity',
  'registration_opens',
  'registration_closes',
  'needs_approval',
  'questions',
  'cost',
  'certificate_hours',
  'starts_at',
  'ends_at',
  'search_key',
] as const satisfies ReadonlyArray<keyof ActivityRow>;

const formValues = (r: Omit<ActivityRow, 'image_file_id' | 'image_alt'>): unknown[] =>
  FORM_COLUMNS.map((c) => (c === 'questions' ? JSON.stringify(r.questions) : r[c]));

export async function insertActivity(
  q: Queryable,
  officeId: string,
  r: ActivityRow,
  extra: { status: ActivityStatus; associationId: string | null; createdBy: string | null },
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO activities (office_id, image_file_id, image_alt, status, association_id, created_by, ${FORM_COLUMNS.join(', ')})
     VALUES (${placeholders(1, 6 + FORM_COLUMNS.length)}) RETURNING id`,
    [officeId, r.image_file_id, r.image_alt, extra.status, extra.associationId, extra.createdBy, ...formValues(r)],
  );
  return rows[0]!.id;
}

/** Saves the form's fields (the image has its own form: setImage). */
export async function updateActivity(
  q: Queryable,
  officeId: string,
  id: string,
  r: Omit<ActivityRow, 'image_file_id' | 'image_alt'>,
): Promise<void> {
  await q.query(
    `UPDATE activities SET ${FORM_COLUMNS.map((c, i) => `${c} = $${i + 3}`).join(', ')}, updated_at = now() WHERE office_id = $1 AND id = $2`,
    [officeId, id, ...formValues(r)],
  );
}

/** Points the activity at an image (or none) with its description. */
export async function setImage(q: Queryable, officeId: string, id: string, fileId: string | null, alt: string): Promise<void> {
  await q.query('UPDATE activities SET image_file_id = $3, image_alt = $4, updated_at = now() WHERE office_id = $1 AND id = $2', [
    officeId,
    id,
    fileId,
    alt,
  ]);
}

export async function setStatus(q: Queryable, officeId: string, id: string, from: ActivityStatus[], to: ActivityStatus): Promise<boolean> {
  const rows = await q.query(
    'UPDATE activities SET status = $4, updated_at = now() WHERE office_id = $1 AND id = $2 AND status = ANY($3::text[]) RETURNING 1',
    [officeId, id, from, to],
  );
  return rows.length > 0;
}

/**
 * Writes the sessions of a series: rows with a stored id are updated in place (their
 * attendance stays), new rows inserted, the others deleted; positions follow start time.
 */
export async function saveSessions(q: Queryable, officeId: string, activityId: string, sessions: readonly SessionInput[]): Promise<void> {
  const keep = sessions.map((s) => s.id).filter((id): id is string => id !== null);
  await q.query('DELETE FROM activity_sessions WHERE office_id = $1 AND activity_id = $2 AND NOT (id = ANY($3::uuid[]))', [
    officeId,
    activityId,
    keep,
  ]);
  // Out of the way first: (activity, position) is unique and positions may swap.
  await q.query('UPDATE activity_sessions SET position = position + 10000 WHERE office_id = $1 AND activity_id = $2', [
    officeId,
    activityId,
  ]);
  for (const [i, s] of sessions.entries()) {
    if (s.id) {
      await q.query(
        'UPDATE activity_sessions SET position = $4, starts_at = $5, ends_at = $6, title = $7 WHERE office_id = $1 AND activity_id = $2 AND id = $3',
        [officeId, activityId, s.id, i + 1, s.starts_at, s.ends_at, s.title],
      );
    } else {
      await q.query(
        'INSERT INTO activity_sessions (office_id, activity_id, position, starts_at, ends_at, title) VALUES ($1, $2, $3, $4, $5, $6)',
        [officeId, activityId, i + 1, s.starts_at, s.ends_at, s.title],
      );
    }
  }
}

// ── Partners ────────────────────────────────────────────────────────────────

export interface PartnerOption {
  id: string;
  name: string;
  active: boolean;
}

export function listPartnerOptions(q: Queryable, officeId: string): Promise<PartnerOption[]> {
  return q.query<PartnerOption>('SELECT id, name, active FROM partners WHERE office_id = $1 ORDER BY search_key, id', [officeId]);
}

export async function activityPartners(q: Queryable, officeId: string, activityId: string): Promise<PartnerOption[]> {
  return q.query<PartnerOption>(
    `SELECT p.id, p.name, p.active FROM activity_partners ap JOIN partners p ON p.office_id = ap.office_id AND p.id = ap.partner_id
      WHERE ap.office_id = $1 AND ap.activity_id = $2 ORDER BY p.search_key, p.id`,
    [officeId, activityId],
  );
}

/** How many of these ids are partners of the office. */
export async function countOfficePartners(q: Queryable, officeId: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM partners WHERE office_id = $1 AND id = ANY($2::uuid[])', [
    officeId,
    ids,
  ]);
  return rows[0]?.n ?? 0;
}

export async function replacePartners(q: Queryable, officeId: string, activityId: string, ids: readonly string[]): Promise<void> {
  await q.query('DELETE FROM activity_partners WHERE office_id = $1 AND activity_id = $2', [officeId, activityId]);
  for (const id of ids) {
    await q.query('INSERT INTO activity_partners (office_id, activity_id, partner_id) VALUES ($1, $2, $3)', [officeId, activityId, id]);
  }
}

// ── Registrations of an activity (read only: seats change in registrations/seats.ts) ─

const LIVE = `('unconfirmed', 'pending', 'confirmed', 'waitlisted')`;

export async function countLive(q: Queryable, officeId: string, activityId: string): Promise<number> {
  const rows = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM registrations WHERE office_id = $1 AND activity_id = $2 AND status IN ${LIVE}`,
    [officeId, activityId],
  );
  return rows[0]?.n ?? 0;
}

// ── Who may write: the office's setting and a representative's associations ─

export async function associationsMayCreate(q: Queryable, officeId: string): Promise<boolean> {
  const rows = await q.query<{ on: boolean }>('SELECT associations_create_activities AS on FROM offices WHERE id = $1', [officeId]);
  return rows[0]?.on ?? false;
}

export interface AssociationOption {
  id: string;
  name: string;
}

/** Associations of the office the person is an approved representative of. */
export function representedAssociations(q: Queryable, officeId: string, userId: string): Promise<AssociationOption[]> {
  return q.query<AssociationOption>(
    `SELECT a.id, a.name FROM association_representatives r JOIN associations a ON a.office_id = r.office_id AND a.id = r.association_id
      WHERE r.office_id = $1 AND r.user_id = $2 AND r.status = 'approved' ORDER BY a.search_key, a.id`,
    [officeId, userId],
  );
}

/** Removes a file the activity no longer points at (a replaced or removed image). */
export async function deleteFile(q: Queryable, officeId: string, fileId: string): Promise<void> {
  await q.query('DELETE FROM files WHERE office_id = $1 AND id = $2', [officeId, fileId]);
}

/** Check-ins recorded for sessions of the activity other than these (which a save would delete). */
export async function attendanceOutside(q: Queryable, officeId: string, activityId: string, keep: readonly string[]): Promise<number> {
  const rows = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM attendance t JOIN activity_sessions s ON s.office_id = t.office_id AND s.id = t.session_id
      WHERE s.office_id = $1 AND s.activity_id = $2 AND NOT (s.id = ANY($3::uuid[]))`,
    [officeId, activityId, keep],
  );
  return rows[0]?.n ?? 0;
}

/** Demo data only: a registration written directly (keeps confirmed_count right). */
/** Demo registrations of one activity in two statements (the rows, then confirmed_count). */
export async function insertDemoRegistrations(
  q: Queryable,
  officeId: string,
  activityId: string,
  regs: ReadonlyArray<{ fullName: string; email: string; birthYear: number; status: 'confirmed' | 'waitlisted'; code: string }>,
): Promise<void> {
  if (regs.length === 0) return;
  await q.query(
    `INSERT INTO registrations (office_id, activity_id, full_name, email, birth_year, status, source, code, script, confirmed_at)
     SELECT $1, $2, r.full_name, r.email, r.birth_year, r.status, 'guest', r.code, 'lat', now()
       FROM jsonb_to_recordset($3::jsonb) AS r(n int, full_name text, email text, birth_year int, status text, code text)
      ORDER BY r.n`,
    [
      officeId,
      activityId,
      JSON.stringify(
        regs.map((r, n) => ({ n, full_name: r.fullName, email: r.email, birth_year: r.birthYear, status: r.status, code: r.code })),
      ),
    ],
  );
  const confirmed = regs.filter((r) => r.status === 'confirmed').length;
  if (confirmed > 0) {
    await q.query('UPDATE activities SET confirmed_count = confirmed_count + $3 WHERE office_id = $1 AND id = $2', [
      officeId,
      activityId,
      confirmed,
    ]);
  }
}

export async function setAssociationsMayCreate(q: Queryable, officeId: string, on: boolean): Promise<void> {
  await q.query('UPDATE offices SET associations_create_activities = $2 WHERE id = $1', [officeId, on]);
}

export async function findPartnerByName(q: Queryable, officeId: string, name: string): Promise<string | undefined> {
  const rows = await q.query<{ id: string }>('SELECT id FROM partners WHERE office_id = $1 AND name = $2', [officeId, name]);
  return rows[0]?.id;
}

export async function findAssociationByName(q: Queryable, officeId: string, name: string): Promise<string | undefined> {
  const rows = await q.query<{ id: string }>('SELECT id FROM associations WHERE office_id = $1 AND name = $2', [officeId, name]);
  return rows[0]?.id;
}

/** Links the activity to a plan activity by its key (or unlinks it: null); the foreign key keeps it in the office. */
export async function setLapActivityKey(q: Queryable, officeId: string, id: string, key: string | null): Promise<void> {
  await q.query('UPDATE activities SET lap_activity_key = $3 WHERE office_id = $1 AND id = $2', [officeId, id, key]);
}

/** The plan activity key the office's activity is linked to (null: none or no such activity). */
export async function lapActivityKeyOf(q: Queryable, officeId: string, id: string): Promise<string | null> {
  const rows = await q.query<{ k: string | null }>('SELECT lap_activity_key AS k FROM activities WHERE office_id = $1 AND id = $2', [
    officeId,
    id,
  ]);
  return rows[0]?.k ?? null;
}
