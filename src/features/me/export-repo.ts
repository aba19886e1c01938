import type { Queryable } from '../../core/db/db.ts';
import { OWN_ROWS } from './repo.ts';

/**
 * SQL of the data export's sections that other features' tables hold (initiatives, bookings,
 * volunteering, the youth council, surveys). Each reads only rows tied to the account: by
 * user_id, by the account's e-mail address for an invitation it has not accepted yet, or by its
 * register rows (OWN_ROWS: its people rows and the duplicates merged into them). Secrets (token
 * hashes of mailed links) are never read.
 */

/** Initiative teams the account is on, and open invitations to its address (initiative_members). */
export function initiativeMembershipsForExport(q: Queryable, userId: string): Promise<Array<Record<string, unknown>>> {
  return q.query(
    `SELECT o.name AS office, i.title AS initiative, i.status AS initiative_status, m.email, m.role, m.invited_at, m.accepted_at
       FROM initiative_members m
       JOIN initiatives i ON i.office_id = m.office_id AND i.id = m.initiative_id
       JOIN offices o ON o.id = m.office_id
      WHERE m.user_id = $1
         OR (m.user_id IS NULL AND lower(m.email) = (SELECT lower(email) FROM users WHERE id = $1))
      ORDER BY m.invited_at, i.title`,
    [userId],
  );
}

/** The account's requests to book the office's space or equipment, with the spans and resources booked. */
export function bookingRequestsForExport(q: Queryable, userId: string): Promise<Array<Record<string, unknown>>> {
  return q.query(
    `SELECT o.name AS office, r.booker_kind, r.group_name, r.full_name, r.email, r.script, r.purpose, r.attendees, r.area,
            i.title AS initiative, r.status, r.decline_reason, r.code, r.created_at, r.decided_at,
            COALESCE((SELECT json_agg(json_build_object('resource', res.name, 'starts_at', lower(b.during), 'ends_at', upper(b.during),
                                                        'status', b.status, 'checked_in_at', b.checked_in_at)
                                      ORDER BY lower(b.during), res.name)
                        FROM bookings b JOIN booking_resources res ON res.office_id = b.office_id AND res.id = b.resource_id
                       WHERE b.office_id = r.office_id AND b.request_id = r.id), '[]'::json) AS bookings
       FROM booking_requests r
       JOIN offices o ON o.id = r.office_id
       LEFT JOIN initiatives i ON i.office_id = r.office_id AND i.id = r.initiative_id
      WHERE r.user_id = $1
      ORDER BY r.created_at, r.id`,
    [userId],
  );
}

/** The account's applications to volunteer (volunteer_applications). */
export function volunteerApplicationsForExport(q: Queryable, userId: string): Promise<Array<Record<string, unknown>>> {
  return q.query(
    `SELECT o.name AS office, v.title AS opportunity, a.full_name, a.birth_date, a.minor, a.motivation, a.foreigner,
            a.contract_requested, a.consent_parent, a.consent_signed_on, a.consent_document, a.contract_reasons, a.long_term_at,
            a.status, a.decline_reason, a.created_at, a.decided_at
       FROM volunteer_applications a
       JOIN volunteer_opportunities v ON v.office_id = a.office_id AND v.id = a.opportunity_id
       JOIN offices o ON o.id = a.office_id
      WHERE a.user_id = $1
      ORDER BY a.created_at, a.id`,
    [userId],
  );
}

/** The account's volunteering hours (volunteer_hours). */
export function volunteerHoursForExport(q: Queryable, userId: string): Promise<Array<Record<string, unknown>>> {
  return q.query(
    `SELECT o.name AS office, v.title AS opportunity, h.day, h.hours, h.started_at, h.description, h.status, h.dispute_reason,
            h.created_at, h.decided_at
       FROM volunteer_hours h
       JOIN volunteer_applications a ON a.office_id = h.office_id AND a.id = h.application_id
       JOIN volunteer_opportunities v ON v.office_id = a.office_id AND v.id = a.opportunity_id
       JOIN offices o ON o.id = h.office_id
      WHERE h.user_id = $1
      ORDER BY h.day, h.created_at, h.id`,
    [userId],
  );
}

export interface OwnVolunteerIdentity {
  office_id: string;
  person_id: string;
  root_id: string;
  jmbg: string;
  address: string;
  citizenship: string;
  updated_at: Date;
}

/** The JMBG, address and citizenship kept with the account's register rows (volunteer_identities): the person's own data. */
export function listOwnVolunteerIdentities(q: Queryable, userId: string): Promise<OwnVolunteerIdentity[]> {
  return q.query<OwnVolunteerIdentity>(
    `${OWN_ROWS}
     SELECT v.office_id, v.person_id, own.root_id, v.jmbg, v.address, v.citizenship, v.updated_at
       FROM own JOIN volunteer_identities v ON v.office_id = own.office_id AND v.person_id = own.id
      ORDER BY v.updated_at`,
    [userId],
  );
}

export interface OwnCouncilMembership {
  office_id: string;
  person_id: string;
  root_id: string;
  full_name: string;
  role: string;
  organisation: string;
  birth_year: number;
  email: string;
  term_from: string;
  term_to: string | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * Youth council memberships chosen from the account's register rows (council_members.person_id).
 * A member typed in by name only has no link to any account, so it cannot be told apart from a
 * namesake's and is not exported.
 */
export function listOwnCouncilMemberships(q: Queryable, userId: string): Promise<OwnCouncilMembership[]> {
  return q.query<OwnCouncilMembership>(
    `${OWN_ROWS}
     SELECT m.office_id, m.person_id, own.root_id, m.full_name, m.role, m.organisation, m.birth_year, m.email,
            to_char(m.term_from, 'YYYY-MM-DD') AS term_from, to_char(m.term_to, 'YYYY-MM-DD') AS term_to, m.created_at, m.updated_at
       FROM own JOIN council_members m ON m.office_id = own.office_id AND m.person_id = own.id
      ORDER BY m.term_from, m.id`,
    [userId],
  );
}

/**
 * Surveys the account answered (survey_participants): which survey only. The row has, on purpose,
 * no link to the answers (they stay anonymous) and no time of its own.
 */
export function surveyParticipationsForExport(q: Queryable, userId: string): Promise<Array<Record<string, unknown>>> {
  return q.query(
    `SELECT o.name AS office, s.title AS survey, s.opens_at, s.closes_at
       FROM survey_participants p
       JOIN surveys s ON s.office_id = p.office_id AND s.id = p.survey_id
       JOIN offices o ON o.id = p.office_id
      WHERE p.user_id = $1
      ORDER BY o.name, s.title`,
    [userId],
  );
}

/** The account's saved, not yet sent answers (survey_drafts): its own, so shown in full; the link's token is not. */
export function surveyDraftsForExport(q: Queryable, userId: string): Promise<Array<Record<string, unknown>>> {
  return q.query(
    `SELECT o.name AS office, s.title AS survey, d.version, d.section, d.answers, d.updated_at
       FROM survey_drafts d
       JOIN surveys s ON s.office_id = d.office_id AND s.id = d.survey_id
       JOIN offices o ON o.id = d.office_id
      WHERE d.user_id = $1
      ORDER BY d.updated_at`,
    [userId],
  );
}

/** The account's self-assessments as a youth-office coordinator (competency_assessments, features/national). */
export function competencyAssessmentsForExport(q: Queryable, userId: string): Promise<Array<Record<string, unknown>>> {
  return q.query(
    `SELECT o.name AS office, a.answers, a.management, a.partnership, a.participation, a.inclusion, a.created_at
       FROM competency_assessments a JOIN offices o ON o.id = a.office_id
      WHERE a.user_id = $1
      ORDER BY a.created_at, a.id`,
    [userId],
  );
}
