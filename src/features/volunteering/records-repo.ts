import type { Queryable } from '../../core/db/db.ts';

/**
 * SQL of the organiser's records (art. 28) and the yearly report to the ministry (art. 30), and
 * of the plan's indicator. `associationIds` null: the whole office (staff); otherwise only those
 * associations' opportunities (a representative's own records).
 */

export interface RecordRow {
  title: string;
  organiser: string;
  place: string;
  starts_on: string;
  ends_on: string | null;
  hours_per_week: string;
  volunteers: number;
  confirmed_hours: string;
  /** Long-term volunteers (art. 28 para 2: their data and training): "name (birth date)". */
  long_term: string[];
  training: string;
}

export function listRecords(q: Queryable, officeId: string, associationIds: readonly string[] | null): Promise<RecordRow[]> {
  return q.query<RecordRow>(
    `SELECT v.title, coalesce(a.name, o.name) AS organiser, v.place, to_char(v.starts_on, 'YYYY-MM-DD') AS starts_on,
            to_char(v.ends_on, 'YYYY-MM-DD') AS ends_on, v.hours_per_week::text AS hours_per_week, v.training,
            (SELECT count(*)::int FROM volunteer_applications x WHERE x.office_id = v.office_id AND x.opportunity_id = v.id AND x.status = 'accepted') AS volunteers,
            (SELECT coalesce(sum(h.hours), 0)::text FROM volunteer_hours h JOIN volunteer_applications x ON x.office_id = h.office_id AND x.id = h.application_id
              WHERE h.office_id = v.office_id AND x.opportunity_id = v.id AND h.status = 'confirmed') AS confirmed_hours,
            coalesce((SELECT array_agg(x.full_name || ' (' || to_char(x.birth_date, 'DD.MM.YYYY.') || ')' ORDER BY x.full_name)
                        FROM volunteer_applications x
                       WHERE x.office_id = v.office_id AND x.opportunity_id = v.id AND x.status = 'accepted' AND 'long_term' = ANY (x.contract_reasons)),
                     '{}') AS long_term
       FROM volunteer_opportunities v JOIN offices o ON o.id = v.office_id
       LEFT JOIN associations a ON a.office_id = v.office_id AND a.id = v.association_id
      WHERE v.office_id = $1 AND ($2::uuid[] IS NULL OR v.association_id = ANY ($2::uuid[]))
      ORDER BY v.starts_on, v.title, v.id`,
    [officeId, associationIds],
  );
}

export interface ReportRow {
  title: string;
  organiser: string;
  beneficiaries: string[];
  volunteers: number;
  long_term: number;
  minors: number;
  hours: string;
}

/** Programmes with confirmed hours in the year (Belgrade calendar days), with volunteers and hours in it. */
export function yearReport(q: Queryable, officeId: string, associationIds: readonly string[] | null, year: number): Promise<ReportRow[]> {
  return q.query<ReportRow>(
    `SELECT v.title, coalesce(a.name, o.name) AS organiser, v.beneficiaries,
            count(DISTINCT x.id)::int AS volunteers,
            count(DISTINCT x.id) FILTER (WHERE 'long_term' = ANY (x.contract_reasons))::int AS long_term,
            count(DISTINCT x.id) FILTER (WHERE x.minor)::int AS minors,
            sum(h.hours)::text AS hours
       FROM volunteer_hours h
       JOIN volunteer_applications x ON x.office_id = h.office_id AND x.id = h.application_id
       JOIN volunteer_opportunities v ON v.office_id = x.office_id AND v.id = x.opportunity_id
       JOIN offices o ON o.id = v.office_id
       LEFT JOIN associations a ON a.office_id = v.office_id AND a.id = v.association_id
      WHERE h.office_id = $1 AND h.status = 'confirmed' AND h.day >= make_date($3, 1, 1) AND h.day < make_date($3 + 1, 1, 1)
        AND ($2::uuid[] IS NULL OR v.association_id = ANY ($2::uuid[]))
      GROUP BY v.id, v.title, a.name, o.name, v.beneficiaries
      ORDER BY v.title, v.id`,
    [officeId, associationIds, year],
  );
}

/** Confirmed hours on days in [from, until) (dates), by the opportunities' LAP area (null: none named). */
export function confirmedHoursByArea(
  q: Queryable,
  officeId: string,
  from: string,
  until: string,
): Promise<Array<{ area: string | null; hours: string }>> {
  return q.query(
    `SELECT v.area, sum(h.hours)::text AS hours
       FROM volunteer_hours h
       JOIN volunteer_applications x ON x.office_id = h.office_id AND x.id = h.application_id
       JOIN volunteer_opportunities v ON v.office_id = x.office_id AND v.id = x.opportunity_id
      WHERE h.office_id = $1 AND h.status = 'confirmed' AND h.day >= $2::date AND h.day < $3::date
      GROUP BY v.area ORDER BY v.area NULLS LAST`,
    [officeId, from, until],
  );
}
