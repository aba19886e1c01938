import type { Queryable } from '../../core/db/db.ts';
import type { UserRow } from '../accounts/repo.ts';
import type { ConsentRecord } from '../people/consents-repo.ts';
import { counsellingForExport, guidanceForExport } from '../guidance/repo.ts';
import { registrationsForExport } from '../registrations/repo.ts';
import {
  accountConsents,
  accountEvents,
  accountRoles,
  accountSessions,
  findAccount,
  listOwnAccess,
  listOwnRepresentations,
  listOwnSensitive,
} from './account-repo.ts';
import {
  bookingRequestsForExport,
  initiativeMembershipsForExport,
  listOwnCouncilMemberships,
  listOwnVolunteerIdentities,
  surveyDraftsForExport,
  surveyParticipationsForExport,
  volunteerApplicationsForExport,
  competencyAssessmentsForExport,
  volunteerHoursForExport,
} from './export-repo.ts';
import { listOwnConsents, listOwnDuplicates, listOwnPeople, type OwnDuplicate, type OwnPerson } from './repo.ts';

/**
 * Everything KZM holds about an account, as one document: the "my data" page renders it and
 * `/moj-nalog/podaci.json` downloads it (ZZPL art. 26 access, art. 36 portability).
 *
 * The shape is stable: fields are only ever added; a removal or a change of meaning bumps
 * `version`. Timestamps are ISO 8601 in UTC, dates 'YYYY-MM-DD', codes as stored (their
 * meaning is in the app's messages). Not included: the password (stored only as an argon2id
 * hash, useless to anyone) and one-time links (secrets that expire within days).
 *
 * ```
 * {
 *   format: "kzm-personal-data", version: 1, generated_at,
 *   account: { id, display_name, email, birth_date, locale, email_confirmed_at, is_national_admin,
 *              created_at, updated_at, last_active_at, retention_warned_at },
 *   account_consents: [{ purpose, notice_version, given_by, given_at, withdrawn_at }],
 *   roles: [{ office: { slug, name }, role, granted_at }],
 *   sessions: [{ created_at, last_seen_at, expires_at }],
 *   account_events: [{ action, data, at }],
 *   registers: [{
 *     office: { slug, name },
 *     person: { id, full_name, email, phone, birth_date, birth_year, gender, settlement: { id, name, kind } | null,
 *               status, interests, script, source, created_at, updated_at },
 *     duplicates: [{ id, full_name, email, phone, birth_date, source, created_at }],  // rows staff merged into this one
 *     consents: [{ id, person_id, purpose, notice_version, given_by, parent_name, parent_email, parent_confirmed_at,
 *                  evidence, evidence_note, given_at, withdrawn_at }],
 *     sensitive: { ethnicity, disability, health_note, updated_at } | null,
 *     access_log: [{ person_id, at, action, reason, by }],  // by: staff member's name, or null (automatic / account gone)
 *     volunteer_identities: [{ person_id, jmbg, address, citizenship, updated_at }],  // kept for volunteering certificates
 *     council_memberships: [{ person_id, full_name, role, organisation, birth_year, email, term_from, term_to,
 *                             created_at, updated_at }]  // youth council seats chosen from this register row
 *   }],
 *   association_representations: [{ office: { slug, name }, association, status, note, requested_at, decided_at }],
 *   activity_registrations: [{ office, activity, starts_at, status, … }],
 *   guidance_bookings: [{ office, starts_at, ends_at, counsellor, topic, status, full_name, email, birth_year, created_at,
 *                         confirmed_at, cancelled_at, counsellor_notes, notes_updated_at }],
 *   guidance_counselling: [{ office, partner, updated_at }],
 *   initiative_memberships: [{ office, initiative, initiative_status, email, role, invited_at, accepted_at }],
 *   booking_requests: [{ office, booker_kind, group_name, full_name, email, script, purpose, attendees, area, initiative,
 *                        status, decline_reason, code, created_at, decided_at,
 *                        bookings: [{ resource, starts_at, ends_at, status, checked_in_at }] }],
 *   volunteer_applications: [{ office, opportunity, full_name, birth_date, minor, motivation, foreigner, contract_requested,
 *                              consent_parent, consent_signed_on, consent_document, contract_reasons, long_term_at,
 *                              status, decline_reason, created_at, decided_at }],
 *   volunteer_hours: [{ office, opportunity, day, hours, started_at, description, status, dispute_reason, created_at,
 *                       decided_at }],
 *   survey_participations: [{ office, survey, opens_at, closes_at }],  // that the account answered; never what
 *   survey_drafts: [{ office, survey, version, section, answers, updated_at }],  // saved answers not yet sent
 *   competency_assessments: [{ office, answers, management, partnership, participation, inclusion, created_at }]
 * }
 * ```
 */
export const EXPORT_FORMAT = 'kzm-personal-data';
export const EXPORT_VERSION = 1;

export interface OfficeLabel {
  slug: string;
  name: string;
}

export interface RegisterExport {
  office: OfficeLabel;
  person: Omit<OwnPerson, 'office_id' | 'office_slug' | 'office_name' | 'settlement_id' | 'settlement_name' | 'settlement_kind'> & {
    settlement: { id: string; name: string; kind: OwnPerson['settlement_kind'] } | null;
  };
  duplicates: Array<Omit<OwnDuplicate, 'office_id' | 'root_id'>>;
  consents: Array<ConsentRecord & { person_id: string }>;
  sensitive: { ethnicity: string | null; disability: boolean | null; health_note: string; updated_at: Date } | null;
  access_log: Array<{ person_id: string; at: Date; action: string; reason: string; by: string | null }>;
  /** The JMBG, address and citizenship asked for volunteering (volunteer_identities): the person's own. */
  volunteer_identities: Array<{ person_id: string; jmbg: string; address: string; citizenship: string; updated_at: Date }>;
  /** Youth council seats chosen from this register row (council_members). */
  council_memberships: Array<{
    person_id: string;
    full_name: string;
    role: string;
    organisation: string;
    birth_year: number;
    email: string;
    term_from: string;
    term_to: string | null;
    created_at: Date;
    updated_at: Date;
  }>;
}

export interface PersonalData {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  generated_at: Date;
  /** The users row but the password hash. */
  account: Omit<UserRow, 'password_hash'>;
  account_consents: Array<{ purpose: string; notice_version: string; given_by: string; given_at: Date; withdrawn_at: Date | null }>;
  roles: Array<{ office: OfficeLabel; role: string; granted_at: Date }>;
  sessions: Array<{ created_at: Date; last_seen_at: Date; expires_at: Date }>;
  account_events: Array<{ action: string; data: unknown; at: Date }>;
  registers: RegisterExport[];
  association_representations: Array<{
    office: OfficeLabel;
    association: string;
    status: string;
    note: string;
    requested_at: Date;
    decided_at: Date | null;
  }>;
  /** Sign-ups for activities (features/registrations). */
  activity_registrations: Array<Record<string, unknown>>;
  /** Career-guidance bookings, with the counsellor's notes on each session (features/guidance). */
  guidance_bookings: Array<Record<string, unknown>>;
  /** Offices where the account is a career counsellor, with the partner it comes from. */
  guidance_counselling: Array<Record<string, unknown>>;
  /** Initiative teams the account is on, and open invitations to its address (features/initiatives). */
  initiative_memberships: Array<Record<string, unknown>>;
  /** Requests to book the office's space or equipment, with what was booked (features/bookings). */
  booking_requests: Array<Record<string, unknown>>;
  /** Applications to volunteer (features/volunteering). */
  volunteer_applications: Array<Record<string, unknown>>;
  /** Volunteering hours logged (features/volunteering). */
  volunteer_hours: Array<Record<string, unknown>>;
  /** Surveys the account answered: which, never what (the answers are anonymous, kept with no link to it). */
  survey_participations: Array<Record<string, unknown>>;
  /** Survey answers saved and not yet sent (features/surveys). */
  survey_drafts: Array<Record<string, unknown>>;
  /** A coordinator's self-assessments on the standards of youth-office work (features/national). */
  competency_assessments: Array<Record<string, unknown>>;
}

/** Collects the document; undefined when the account does not exist (any more). */
export async function collectPersonalData(q: Queryable, userId: string, now: Date): Promise<PersonalData | undefined> {
  const user = await findAccount(q, userId);
  if (!user) return undefined;
  const [consents, roles, sessions, events, people, duplicates, personConsents, sensitive, access, representations] = [
    await accountConsents(q, userId),
    await accountRoles(q, userId),
    await accountSessions(q, userId),
    await accountEvents(q, userId),
    await listOwnPeople(q, userId),
    await listOwnDuplicates(q, userId),
    await listOwnConsents(q, userId),
    await listOwnSensitive(q, userId),
    await listOwnAccess(q, userId),
    await listOwnRepresentations(q, userId),
  ];
  const activityRegistrations = await registrationsForExport(q, userId);
  const guidanceBookings = await guidanceForExport(q, userId);
  const counselling = await counsellingForExport(q, userId);
  const identities = await listOwnVolunteerIdentities(q, userId);
  const council = await listOwnCouncilMemberships(q, userId);
  const initiativeMemberships = await initiativeMembershipsForExport(q, userId);
  const bookingRequests = await bookingRequestsForExport(q, userId);
  const volunteerApplications = await volunteerApplicationsForExport(q, userId);
  const volunteerHours = await volunteerHoursForExport(q, userId);
  const surveyParticipations = await surveyParticipationsForExport(q, userId);
  const surveyDrafts = await surveyDraftsForExport(q, userId);
  const competencyAssessments = await competencyAssessmentsForExport(q, userId);
  const of = (officeId: string, rootId: string) => (r: { office_id: string; root_id: string }) =>
    r.office_id === officeId && r.root_id === rootId;
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    generated_at: now,
    account: {
      id: user.id,
      display_name: user.display_name,
      email: user.email,
      birth_date: user.birth_date,
      locale: user.locale,
      email_confirmed_at: user.email_confirmed_at,
      is_national_admin: user.is_national_admin,
      created_at: user.created_at,
      updated_at: user.updated_at,
      last_active_at: user.last_active_at,
      retention_warned_at: user.retention_warned_at,
    },
    account_consents: consents,
    roles: roles.map((r) => ({ office: { slug: r.office_slug, name: r.office_name }, role: r.role, granted_at: r.granted_at })),
    sessions,
    account_events: events,
    registers: people.map((p) => {
      const s = sensitive.find(of(p.office_id, p.id));
      return {
        office: { slug: p.office_slug, name: p.office_name },
        person: {
          id: p.id,
          full_name: p.full_name,
          email: p.email,
          phone: p.phone,
          birth_date: p.birth_date,
          birth_year: p.birth_year,
          gender: p.gender,
          settlement: p.settlement_id ? { id: p.settlement_id, name: p.settlement_name ?? '', kind: p.settlement_kind } : null,
          status: p.status,
          interests: p.interests,
          script: p.script,
          source: p.source,
          created_at: p.created_at,
          updated_at: p.updated_at,
        },
        duplicates: duplicates.filter(of(p.office_id, p.id)).map((d) => ({
          id: d.id,
          full_name: d.full_name,
          email: d.email,
          phone: d.phone,
          birth_date: d.birth_date,
          source: d.source,
          created_at: d.created_at,
        })),
        consents: personConsents.filter(of(p.office_id, p.id)).map((c) => ({
          id: c.id,
          person_id: c.person_id,
          purpose: c.purpose,
          notice_version: c.notice_version,
          given_by: c.given_by,
          parent_name: c.parent_name,
          parent_email: c.parent_email,
          parent_confirmed_at: c.parent_confirmed_at,
          evidence: c.evidence,
          evidence_note: c.evidence_note,
          given_at: c.given_at,
          withdrawn_at: c.withdrawn_at,
        })),
        sensitive: s ? { ethnicity: s.ethnicity, disability: s.disability, health_note: s.health_note, updated_at: s.updated_at } : null,
        access_log: access
          .filter(of(p.office_id, p.id))
          .map((a) => ({ person_id: a.person_id, at: a.at, action: a.action, reason: a.reason, by: a.staff_name })),
        volunteer_identities: identities.filter(of(p.office_id, p.id)).map((v) => ({
          person_id: v.person_id,
          jmbg: v.jmbg,
          address: v.address,
          citizenship: v.citizenship,
          updated_at: v.updated_at,
        })),
        council_memberships: council.filter(of(p.office_id, p.id)).map((m) => ({
          person_id: m.person_id,
          full_name: m.full_name,
          role: m.role,
          organisation: m.organisation,
          birth_year: m.birth_year,
          email: m.email,
          term_from: m.term_from,
          term_to: m.term_to,
          created_at: m.created_at,
          updated_at: m.updated_at,
        })),
      };
    }),
    association_representations: representations.map((r) => ({
      office: { slug: r.office_slug, name: r.office_name },
      association: r.association_name,
      status: r.status,
      note: r.note,
      requested_at: r.requested_at,
      decided_at: r.decided_at,
    })),
    activity_registrations: activityRegistrations,
    guidance_bookings: guidanceBookings,
    guidance_counselling: counselling,
    initiative_memberships: initiativeMemberships,
    booking_requests: bookingRequests,
    volunteer_applications: volunteerApplications,
    volunteer_hours: volunteerHours,
    survey_participations: surveyParticipations,
    survey_drafts: surveyDrafts,
    competency_assessments: competencyAssessments,
  };
}
