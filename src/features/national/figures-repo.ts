import type { Queryable } from '../../core/db/db.ts';

/**
 * The national figures, pre-aggregated per office × year × LAP area ('' = all areas) into
 * national_figures, so the dashboard and the open data read a few thousand rows whatever the
 * size of the attendance table. Rebuilt in one statement pair inside the caller's transaction
 * (the national job, hourly; the data generator). Definitions:
 * - activities: published activities starting in the year (Belgrade time), by their LAP areas;
 * - attendances: attendance records (a person at a session) in the year's sessions;
 * - participants: distinct people who attended at least once in the year (a person is their
 *   register entry, else account, else e-mail, else the registration);
 * - first_timers: participants whose first attendance at that office was in the year;
 * - associations ('' only): active associations in the office's register by the year's end;
 * - counselling ('' only): career-guidance sessions confirmed and held in the year;
 * - volunteer_hours: volunteer hours organisers confirmed on days in the year, by the volunteer
 *   place's LAP area (volunteering);
 * - initiatives_supported: youth initiatives supported in the year (the decision's date), by
 *   their LAP area (initiatives).
 * People are counted within one office: across offices the dashboard adds office rows, so a
 * person active in two offices counts in each (as each office reports them).
 *
 * Other features' figures join here as more columns and more sources in this statement: see
 * ARCHITECTURE.md, "National figures".
 */
export async function refreshFigures(q: Queryable): Promise<number> {
  await q.query('DELETE FROM national_figures');
  const rows = await q.query(
    `WITH att AS (
       SELECT a.office_id, act.areas,
              COALESCE(r.person_id::text, r.user_id::text, NULLIF(lower(r.email), ''), r.id::text) AS who,
              extract(year FROM s.starts_at AT TIME ZONE 'Europe/Belgrade')::int AS year
         FROM attendance a
         JOIN registrations r ON r.office_id = a.office_id AND r.id = a.registration_id
         JOIN activity_sessions s ON s.office_id = a.office_id AND s.id = a.session_id
         JOIN activities act ON act.office_id = r.office_id AND act.id = r.activity_id
     ), firsts AS (
       SELECT office_id, who, min(year) AS first_year FROM att GROUP BY office_id, who
     ), people AS (
       SELECT x.office_id, x.year, x.area, count(*)::int AS attendances, count(DISTINCT x.who)::int AS participants,
              count(DISTINCT x.who) FILTER (WHERE f.first_year = x.year)::int AS first_timers
         FROM (SELECT office_id, year, who, '' AS area FROM att
               UNION ALL SELECT office_id, year, who, unnest(areas) FROM att) x
         JOIN firsts f ON f.office_id = x.office_id AND f.who = x.who
        GROUP BY x.office_id, x.year, x.area
     ), acts AS (
       SELECT office_id, year, area, count(*)::int AS activities
         FROM (SELECT office_id, extract(year FROM starts_at AT TIME ZONE 'Europe/Belgrade')::int AS year, areas
                 FROM activities WHERE status = 'published') a,
              LATERAL (SELECT '' AS area UNION ALL SELECT unnest(a.areas)) ar
        GROUP BY office_id, year, area
     ), couns AS (
       SELECT b.office_id, extract(year FROM s.starts_at AT TIME ZONE 'Europe/Belgrade')::int AS year, ''::text AS area,
              count(*)::int AS counselling
         FROM guidance_bookings b JOIN guidance_slots s ON s.office_id = b.office_id AND s.id = b.slot_id
        WHERE b.status = 'confirmed'
        GROUP BY 1, 2
     ), vol AS (
       SELECT h.office_id, h.year, ar.area, sum(h.hours) AS volunteer_hours
         FROM (SELECT h.office_id, extract(year FROM h.day)::int AS year, h.hours, v.area AS place_area
                 FROM volunteer_hours h
                 JOIN volunteer_applications x ON x.office_id = h.office_id AND x.id = h.application_id
                 JOIN volunteer_opportunities v ON v.office_id = x.office_id AND v.id = x.opportunity_id
                WHERE h.status = 'confirmed') h,
              LATERAL (SELECT '' AS area UNION ALL SELECT h.place_area WHERE h.place_area IS NOT NULL AND h.place_area <> '') ar
        GROUP BY h.office_id, h.year, ar.area
     ), inits AS (
       SELECT i.office_id, i.year, ar.area, count(*)::int AS initiatives_supported
         FROM (SELECT office_id, extract(year FROM supported_at AT TIME ZONE 'Europe/Belgrade')::int AS year, area AS init_area
                 FROM initiatives WHERE supported_at IS NOT NULL) i,
              LATERAL (SELECT '' AS area UNION ALL SELECT i.init_area) ar
        GROUP BY i.office_id, i.year, ar.area
     ), keys AS (
       SELECT office_id, year, area FROM people UNION SELECT office_id, year, area FROM acts UNION SELECT office_id, year, area FROM couns
       UNION SELECT office_id, year, area FROM vol UNION SELECT office_id, year, area FROM inits
     )
     INSERT INTO national_figures (office_id, year, lap_area, activities, participants, first_timers, attendances, associations, counselling,
                                   volunteer_hours, initiatives_supported)
     SELECT k.office_id, k.year, k.area, COALESCE(ac.activities, 0), COALESCE(p.participants, 0), COALESCE(p.first_timers, 0),
            COALESCE(p.attendances, 0),
            CASE WHEN k.area = '' THEN (SELECT count(*)::int FROM associations s
                                         WHERE s.office_id = k.office_id AND s.active
                                           AND s.created_at < make_timestamptz(k.year + 1, 1, 1, 0, 0, 0, 'Europe/Belgrade')) ELSE 0 END,
            COALESCE(c.counselling, 0), COALESCE(vo.volunteer_hours, 0), COALESCE(i.initiatives_supported, 0)
       FROM keys k
       LEFT JOIN people p ON p.office_id = k.office_id AND p.year = k.year AND p.area = k.area
       LEFT JOIN acts ac ON ac.office_id = k.office_id AND ac.year = k.year AND ac.area = k.area
       LEFT JOIN couns c ON c.office_id = k.office_id AND c.year = k.year AND c.area = k.area
       LEFT JOIN vol vo ON vo.office_id = k.office_id AND vo.year = k.year AND vo.area = k.area
       LEFT JOIN inits i ON i.office_id = k.office_id AND i.year = k.year AND i.area = k.area
     RETURNING 1`,
  );
  return rows.length;
}

export interface FigureRow {
  /** The group: a region code, a district code, an office slug, or a LAP area. */
  key: string;
  label: string;
  label_en: string;
  year: number;
  activities: number;
  participants: number;
  first_timers: number;
  attendances: number;
  associations: number;
  counselling: number;
  volunteer_hours: number;
  initiatives_supported: number;
  offices: number;
}

export type GroupBy = 'region' | 'office' | 'area';

/**
 * The national figures by region, office or LAP area and year (sums of the office rows; a
 * closed office's history stays in). Only open data: aggregates, never a person.
 */
export async function figures(q: Queryable, by: GroupBy, years: { from: number; to: number }): Promise<FigureRow[]> {
  const group =
    by === 'region'
      ? `COALESCE(r.code, '') AS key, COALESCE(r.name, '—') AS label, COALESCE(r.name_en, '—') AS label_en`
      : by === 'office'
        ? `o.slug AS key, o.name AS label, o.name AS label_en`
        : `f.lap_area AS key, f.lap_area AS label, f.lap_area AS label_en`;
  const groupCols = by === 'region' ? 'r.code, r.name, r.name_en' : by === 'office' ? 'o.slug, o.name' : 'f.lap_area';
  return q.query<FigureRow>(
    `SELECT ${group}, f.year, sum(f.activities)::int AS activities, sum(f.participants)::int AS participants,
            sum(f.first_timers)::int AS first_timers, sum(f.attendances)::int AS attendances,
            sum(f.associations)::int AS associations, sum(f.counselling)::int AS counselling,
            sum(f.volunteer_hours)::float8 AS volunteer_hours, sum(f.initiatives_supported)::int AS initiatives_supported,
            count(DISTINCT f.office_id)::int AS offices
       FROM national_figures f
       JOIN offices o ON o.id = f.office_id
       LEFT JOIN districts d ON d.code = o.district_code
       LEFT JOIN statistical_regions r ON r.code = d.region_code
      WHERE f.year BETWEEN $1 AND $2 AND ${by === 'area' ? `f.lap_area <> ''` : `f.lap_area = ''`}
      GROUP BY ${groupCols}, f.year
      ORDER BY 1, f.year`,
    [years.from, years.to],
  );
}

export async function figureYears(q: Queryable): Promise<{ min: number | null; max: number | null }> {
  const rows = await q.query<{ min: number | null; max: number | null }>('SELECT min(year) AS min, max(year) AS max FROM national_figures');
  return rows[0] ?? { min: null, max: null };
}
