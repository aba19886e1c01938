import type { Queryable } from '../../core/db/db.ts';
import type { FigureRow } from './figures-repo.ts';

/** One office's year in the open data: the office named by slug, with its place in the statistical geography. */
export interface OpenFigureRow extends FigureRow {
  town: string;
  district: string;
  region: string;
}

/**
 * Every office's national figures by year (the all-areas rows of national_figures; a closed
 * office's history stays in), for the open data and the admin dashboard's comparison. Aggregates
 * only: never a person.
 */
export async function officeYearFigures(q: Queryable, years?: { from: number; to: number }): Promise<OpenFigureRow[]> {
  return q.query<OpenFigureRow>(
    `SELECT o.slug AS key, o.name AS label, o.name AS label_en, o.town, COALESCE(o.district_code, '') AS district,
            COALESCE(d.region_code, '') AS region, f.year, f.activities, f.participants, f.first_timers, f.attendances,
            f.associations, f.counselling, f.volunteer_hours::float8 AS volunteer_hours, f.initiatives_supported, 1 AS offices
       FROM national_figures f
       JOIN offices o ON o.id = f.office_id
       LEFT JOIN districts d ON d.code = o.district_code
      WHERE f.lap_area = '' AND ($1::int IS NULL OR f.year BETWEEN $1 AND $2)
      ORDER BY f.year, o.slug`,
    [years?.from ?? null, years?.to ?? null],
  );
}

/** When the figures were last rebuilt (null: never), and the years they span. */
export async function figuresState(q: Queryable): Promise<{ refreshed: Date | null; min: number | null; max: number | null }> {
  const [r] = await q.query<{ refreshed: Date | null; min: number | null; max: number | null }>(
    'SELECT max(refreshed_at) AS refreshed, min(year) AS min, max(year) AS max FROM national_figures',
  );
  return { refreshed: r?.refreshed ? new Date(r.refreshed) : null, min: r?.min ?? null, max: r?.max ?? null };
}
