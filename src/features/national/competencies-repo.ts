import type { Queryable } from '../../core/db/db.ts';
import type { Level, Levels, Standard } from './competencies.ts';

/** The national association's own office (its trainings and campaigns belong to it), if set up. */
export interface AssociationOffice {
  id: string;
  slug: string;
  name: string;
}

export async function associationOffice(q: Queryable): Promise<AssociationOffice | undefined> {
  const rows = await q.query<AssociationOffice>(`SELECT id, slug, name FROM offices WHERE national_association AND status = 'full'`);
  return rows[0];
}

export const ASSOCIATION_SLUG = 'nacionalna-asocijacija';

/** Creates the association's office (once: the partial unique index keeps a second one out). */
export async function insertAssociationOffice(q: Queryable, searchKey: string): Promise<string | undefined> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO offices (slug, status, name, town, region, national_association, search_key)
     VALUES ($1, 'full', 'Национална асоцијација канцеларија за младе', 'Ниш', 'south_east', true, $2)
     ON CONFLICT DO NOTHING RETURNING id`,
    [ASSOCIATION_SLUG, searchKey],
  );
  return rows[0]?.id;
}

// ── Self-assessments ──────────────────────────────────────────────────────

export interface AssessmentRow extends Levels {
  id: string;
  created_at: Date;
}

export async function insertAssessment(
  q: Queryable,
  officeId: string,
  userId: string,
  answers: Record<string, number>,
  levels: Levels,
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO competency_assessments (office_id, user_id, answers, management, partnership, participation, inclusion)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [officeId, userId, JSON.stringify(answers), levels.management, levels.partnership, levels.participation, levels.inclusion],
  );
  return rows[0]!.id;
}

/** The coordinator's newest self-assessment in the office. */
export async function latestAssessment(q: Queryable, officeId: string, userId: string): Promise<AssessmentRow | undefined> {
  const rows = await q.query<AssessmentRow>(
    `SELECT id, management, partnership, participation, inclusion, created_at FROM competency_assessments
      WHERE office_id = $1 AND user_id = $2 ORDER BY created_at DESC, id LIMIT 1`,
    [officeId, userId],
  );
  return rows[0];
}

// ── Trainings (activities of the association) ────────────────────────────

export interface Training {
  id: string;
  office_slug: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  capacity: number | null;
  confirmed_count: number;
  standard: Standard;
  level: Level;
  region_code: string | null;
  region_name: string | null;
  region_name_en: string | null;
}

const TRAINING_COLUMNS = `a.id, o.slug AS office_slug, a.title, a.starts_at, a.ends_at, a.status, a.capacity, a.confirmed_count,
       t.standard, t.level, t.region_code, r.name AS region_name, r.name_en AS region_name_en`;
const TRAINING_FROM = `trainings t JOIN activities a ON a.office_id = t.office_id AND a.id = t.activity_id
       JOIN offices o ON o.id = t.office_id LEFT JOIN statistical_regions r ON r.code = t.region_code`;

/** The association's trainings: every one (admin), or only the published upcoming ones. */
export function listTrainings(q: Queryable, associationId: string, upcomingOnly: boolean): Promise<Training[]> {
  return q.query<Training>(
    `SELECT ${TRAINING_COLUMNS} FROM ${TRAINING_FROM}
      WHERE t.office_id = $1${upcomingOnly ? ` AND a.status = 'published' AND a.ends_at > now()` : ''}
      ORDER BY a.starts_at, a.id`,
    [associationId],
  );
}

/** The association's activities not yet marked as trainings (what the national admin may mark). */
export function unmarkedActivities(q: Queryable, associationId: string): Promise<Array<{ id: string; title: string; starts_at: Date }>> {
  return q.query(
    `SELECT a.id, a.title, a.starts_at FROM activities a
      WHERE a.office_id = $1 AND a.status <> 'cancelled'
        AND NOT EXISTS (SELECT 1 FROM trainings t WHERE t.office_id = a.office_id AND t.activity_id = a.id)
      ORDER BY a.starts_at DESC LIMIT 200`,
    [associationId],
  );
}

/** Marks an activity of the association as a training; false when it is no such activity or already one. */
export async function insertTraining(
  q: Queryable,
  associationId: string,
  activityId: string,
  standard: Standard,
  level: Level,
  region: string | null,
): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO trainings (office_id, activity_id, standard, level, region_code)
     SELECT a.office_id, a.id, $3, $4, $5 FROM activities a WHERE a.office_id = $1 AND a.id = $2 AND a.status <> 'cancelled'
     ON CONFLICT DO NOTHING RETURNING 1`,
    [associationId, activityId, standard, level, region],
  );
  return rows.length > 0;
}

export interface HistoryRow {
  title: string;
  starts_at: Date;
  ends_at: Date;
  standard: Standard;
  level: Level;
  status: string;
  attended: boolean;
  certificate: string | null;
}

/** One coordinator's trainings: their registrations (by account) to the association's trainings. */
export function trainingHistory(q: Queryable, associationId: string, userId: string): Promise<HistoryRow[]> {
  return q.query<HistoryRow>(
    `SELECT a.title, a.starts_at, a.ends_at, t.standard, t.level, g.status,
            EXISTS (SELECT 1 FROM attendance x WHERE x.office_id = g.office_id AND x.registration_id = g.id) AS attended,
            c.code AS certificate
       FROM registrations g
       JOIN trainings t ON t.office_id = g.office_id AND t.activity_id = g.activity_id
       JOIN activities a ON a.office_id = g.office_id AND a.id = g.activity_id
       LEFT JOIN certificates c ON c.office_id = g.office_id AND c.registration_id = g.id AND c.revoked_at IS NULL
      WHERE g.office_id = $1 AND g.user_id = $2
      ORDER BY a.starts_at DESC, a.id`,
    [associationId, userId],
  );
}

// ── "Who needs which training", by region ────────────────────────────────

export interface CoordinatorNeed {
  user_id: string;
  office_name: string;
  region_code: string | null;
  management: Level | null;
  partnership: Level | null;
  participation: Level | null;
  inclusion: Level | null;
}

/**
 * Every coordinator of an open office (not the association's) with their newest self-assessment
 * in that office (nulls when they have none). The report shows them by office, never by name.
 */
export function coordinatorsWithLevels(q: Queryable): Promise<CoordinatorNeed[]> {
  return q.query<CoordinatorNeed>(
    `WITH latest AS (
       SELECT DISTINCT ON (office_id, user_id) office_id, user_id, management, partnership, participation, inclusion
         FROM competency_assessments ORDER BY office_id, user_id, created_at DESC, id
     )
     SELECT m.user_id, o.name AS office_name, d.region_code,
            l.management, l.partnership, l.participation, l.inclusion
       FROM office_members m
       JOIN offices o ON o.id = m.office_id
       LEFT JOIN districts d ON d.code = o.district_code
       LEFT JOIN latest l ON l.office_id = m.office_id AND l.user_id = m.user_id
      WHERE m.role = 'coordinator' AND o.status = 'full' AND NOT o.national_association
      ORDER BY d.region_code NULLS LAST, o.search_key, m.user_id`,
  );
}

/** Which (standard, level) trainings each account has attended (at least one session checked in). */
export function attendedTrainings(
  q: Queryable,
  associationId: string,
): Promise<Array<{ user_id: string; standard: Standard; level: Level }>> {
  return q.query(
    `SELECT DISTINCT g.user_id, t.standard, t.level
       FROM registrations g JOIN trainings t ON t.office_id = g.office_id AND t.activity_id = g.activity_id
      WHERE g.office_id = $1 AND g.user_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM attendance x WHERE x.office_id = g.office_id AND x.registration_id = g.id)`,
    [associationId],
  );
}

export function listRegions(q: Queryable): Promise<Array<{ code: string; name: string; name_en: string }>> {
  return q.query('SELECT code, name, name_en FROM statistical_regions ORDER BY position');
}

export async function regionExists(q: Queryable, code: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM statistical_regions WHERE code = $1', [code])).length > 0;
}

/** The demo seed's accounts and offices (by e-mail and by slug). */
export async function demoIds(q: Queryable): Promise<{ users: Map<string, string>; offices: Map<string, string> }> {
  const users = await q.query<{ id: string; email: string }>(`SELECT id, email FROM users WHERE email LIKE '%@primer.test'`);
  const offices = await q.query<{ id: string; slug: string }>('SELECT id, slug FROM offices');
  return { users: new Map(users.map((u) => [u.email, u.id])), offices: new Map(offices.map((o) => [o.slug, o.id])) };
}

// ── The association's own figures: trainings held, coordinators trained ──

export interface TrainingFigure {
  kind: 'held' | 'trained';
  year: number;
  level: Level;
  n: number;
}

/**
 * The association's trainings by year (Belgrade time) and level: `held`, the published trainings
 * that have started by `now`; `trained`, the people who attended at least one of their sessions
 * in the year, each counted once at the highest level they attended that year (a partition, so
 * the levels add up to the year's total). A person is their register entry, else account, else
 * e-mail, else the registration — as in the national figures. Aggregates only.
 */
export function trainingFigures(
  q: Queryable,
  associationId: string,
  years: { from: number; to: number },
  now: Date,
): Promise<TrainingFigure[]> {
  return q.query<TrainingFigure>(
    `SELECT 'held' AS kind, extract(year FROM a.starts_at AT TIME ZONE 'Europe/Belgrade')::int AS year, t.level, count(*)::int AS n
       FROM trainings t JOIN activities a ON a.office_id = t.office_id AND a.id = t.activity_id
      WHERE t.office_id = $1 AND a.status = 'published' AND a.starts_at <= $4
        AND extract(year FROM a.starts_at AT TIME ZONE 'Europe/Belgrade')::int BETWEEN $2 AND $3
      GROUP BY 2, 3
     UNION ALL
     SELECT 'trained', year, top, count(*)::int
       FROM (SELECT extract(year FROM s.starts_at AT TIME ZONE 'Europe/Belgrade')::int AS year,
                    COALESCE(g.person_id::text, g.user_id::text, NULLIF(lower(g.email), ''), g.id::text) AS who, max(t.level) AS top
               FROM attendance x
               JOIN registrations g ON g.office_id = x.office_id AND g.id = x.registration_id
               JOIN activity_sessions s ON s.office_id = x.office_id AND s.id = x.session_id
               JOIN trainings t ON t.office_id = g.office_id AND t.activity_id = g.activity_id
              WHERE x.office_id = $1
              GROUP BY 1, 2) c
      WHERE year BETWEEN $2 AND $3
      GROUP BY 2, 3
      ORDER BY 2, 1, 3`,
    [associationId, years.from, years.to, now],
  );
}
