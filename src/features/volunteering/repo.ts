import type { Queryable } from '../../core/db/db.ts';
import { maybeOne } from '../../core/db/db.ts';
import type { ContractReason } from './rules.ts';
import type { OpportunityInput } from './schema.ts';

/**
 * All SQL of volunteering (migration 0013) but the JMBG's (identity-repo.ts) and the reports'
 * (records-repo.ts). The office is in every WHERE clause.
 */

export interface VolOpportunity {
  office_id: string;
  id: string;
  association_id: string | null;
  association_name: string | null;
  title: string;
  tasks: string;
  place: string;
  starts_on: string;
  ends_on: string | null;
  hours_per_week: string;
  skills: string[];
  min_age: number;
  educational: boolean;
  beneficiaries: string[];
  abroad: boolean;
  training: string;
  costs: string;
  area: string | null;
  closed: boolean;
  created_by: string | null;
  created_at: Date;
}

const OPP_COLS = `v.office_id, v.id, v.association_id, a.name AS association_name, v.title, v.tasks, v.place,
  to_char(v.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(v.ends_on, 'YYYY-MM-DD') AS ends_on, v.hours_per_week::text AS hours_per_week,
  v.skills, v.min_age, v.educational, v.beneficiaries, v.abroad, v.training, v.costs, v.area, v.closed, v.created_by, v.created_at`;
const OPP_FROM = `volunteer_opportunities v LEFT JOIN associations a ON a.office_id = v.office_id AND a.id = v.association_id`;

/** The opportunity, locked for an edit or a close. */
export function lockVolOpportunity(q: Queryable, officeId: string, id: string): Promise<VolOpportunity | undefined> {
  return maybeOne<VolOpportunity>(q, `SELECT ${OPP_COLS} FROM ${OPP_FROM} WHERE v.office_id = $1 AND v.id = $2 FOR UPDATE OF v`, [
    officeId,
    id,
  ]);
}

/** The organiser's edit: everything but who organises it. */
/** The place's own fields, in the order both the INSERT and the UPDATE list them (title … area). */
const placeValues = (o: OpportunityInput) => [
  o.title,
  o.tasks,
  o.place,
  o.starts_on,
  o.ends_on,
  o.hours_per_week,
  o.skills,
  o.min_age,
  o.educational,
  o.beneficiaries,
  o.abroad,
  o.training,
  o.costs,
  o.area,
];

export async function updateVolOpportunity(q: Queryable, officeId: string, id: string, o: OpportunityInput): Promise<void> {
  await q.query(
    `UPDATE volunteer_opportunities SET title = $3, tasks = $4, place = $5, starts_on = $6, ends_on = $7, hours_per_week = $8, skills = $9,
            min_age = $10, educational = $11, beneficiaries = $12, abroad = $13, training = $14, costs = $15, area = $16
      WHERE office_id = $1 AND id = $2`,
    [officeId, id, ...placeValues(o)],
  );
}

/** Closes (or reopens) applications; whether it changed. */
export async function setOpportunityClosed(q: Queryable, officeId: string, id: string, closed: boolean): Promise<boolean> {
  const rows = await q.query(
    'UPDATE volunteer_opportunities SET closed = $3 WHERE office_id = $1 AND id = $2 AND closed <> $3 RETURNING id',
    [officeId, id, closed],
  );
  return rows.length > 0;
}

/** How many applications the opportunity has, by status. */
export async function applicationCounts(q: Queryable, officeId: string, id: string): Promise<{ all: number; pending: number }> {
  const [r] = await q.query<{ all: number; pending: number }>(
    `SELECT count(*)::int AS all, (count(*) FILTER (WHERE status = 'pending'))::int AS pending
       FROM volunteer_applications WHERE office_id = $1 AND opportunity_id = $2`,
    [officeId, id],
  );
  return r ?? { all: 0, pending: 0 };
}

/** The applicant's address and script, for the mail of a decision. */
export function applicantForMail(q: Queryable, userId: string) {
  return maybeOne<{ email: string; display_name: string; locale: 'cir' | 'lat' | 'en' }>(
    q,
    'SELECT email, display_name, locale FROM users WHERE id = $1',
    [userId],
  );
}

export function findVolOpportunity(q: Queryable, officeId: string, id: string): Promise<VolOpportunity | undefined> {
  return maybeOne<VolOpportunity>(q, `SELECT ${OPP_COLS} FROM ${OPP_FROM} WHERE v.office_id = $1 AND v.id = $2`, [officeId, id]);
}

/** Open opportunities of the office (not closed, not ended before today), soonest first. */
export function listOpenOpportunities(q: Queryable, officeId: string, today: string): Promise<VolOpportunity[]> {
  return q.query<VolOpportunity>(
    `SELECT ${OPP_COLS} FROM ${OPP_FROM}
      WHERE v.office_id = $1 AND NOT v.closed AND (v.ends_on IS NULL OR v.ends_on >= $2::date)
      ORDER BY v.starts_on, v.title, v.id LIMIT 200`,
    [officeId, today],
  );
}

/** The organiser's list: every opportunity of the office, or only those of the given associations. */
export function listOrganiserOpportunities(
  q: Queryable,
  officeId: string,
  associationIds: readonly string[] | null,
): Promise<Array<VolOpportunity & { pending: number; accepted: number; unconfirmed: number }>> {
  return q.query(
    `SELECT ${OPP_COLS},
            (SELECT count(*)::int FROM volunteer_applications x WHERE x.office_id = v.office_id AND x.opportunity_id = v.id AND x.status = 'pending') AS pending,
            (SELECT count(*)::int FROM volunteer_applications x WHERE x.office_id = v.office_id AND x.opportunity_id = v.id AND x.status = 'accepted') AS accepted,
            (SELECT count(*)::int FROM volunteer_hours h JOIN volunteer_applications x ON x.office_id = h.office_id AND x.id = h.application_id
              WHERE h.office_id = v.office_id AND x.opportunity_id = v.id AND h.status = 'logged' AND h.hours IS NOT NULL) AS unconfirmed
       FROM ${OPP_FROM}
      WHERE v.office_id = $1 AND ($2::uuid[] IS NULL OR v.association_id = ANY ($2::uuid[]))
      ORDER BY v.closed, v.starts_on DESC, v.title, v.id`,
    [officeId, associationIds],
  );
}

export async function insertVolOpportunity(q: Queryable, officeId: string, o: OpportunityInput, createdBy: string | null): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO volunteer_opportunities (office_id, association_id, title, tasks, place, starts_on, ends_on, hours_per_week, skills, min_age,
                                          educational, beneficiaries, abroad, training, costs, area, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
    [officeId, o.association_id, ...placeValues(o), createdBy],
  );
  return rows[0]!.id;
}

// ── Applications ────────────────────────────────────────────────────────────

export type ApplicationStatus = 'pending' | 'accepted' | 'declined';

export interface Application {
  office_id: string;
  id: string;
  opportunity_id: string;
  user_id: string;
  full_name: string;
  birth_date: string;
  minor: boolean;
  motivation: string;
  foreigner: boolean;
  contract_requested: boolean;
  consent_parent: string;
  consent_signed_on: string | null;
  consent_document: string;
  contract_reasons: ContractReason[];
  long_term_at: Date | null;
  status: ApplicationStatus;
  decline_reason: string;
  decided_at: Date | null;
  created_at: Date;
}

const APP_COLS = `x.office_id, x.id, x.opportunity_id, x.user_id, x.full_name, to_char(x.birth_date, 'YYYY-MM-DD') AS birth_date, x.minor,
  x.motivation, x.foreigner, x.contract_requested, x.consent_parent, to_char(x.consent_signed_on, 'YYYY-MM-DD') AS consent_signed_on,
  x.consent_document, x.contract_reasons, x.long_term_at, x.status, x.decline_reason, x.decided_at, x.created_at`;

export function findApplication(q: Queryable, officeId: string, id: string): Promise<Application | undefined> {
  return maybeOne<Application>(q, `SELECT ${APP_COLS} FROM volunteer_applications x WHERE x.office_id = $1 AND x.id = $2`, [officeId, id]);
}

/** The application row, locked for the rest of the transaction (decisions and hours go through it one at a time). */
export function lockApplication(q: Queryable, officeId: string, id: string): Promise<Application | undefined> {
  return maybeOne<Application>(q, `SELECT ${APP_COLS} FROM volunteer_applications x WHERE x.office_id = $1 AND x.id = $2 FOR UPDATE`, [
    officeId,
    id,
  ]);
}

export function findOwnApplication(
  q: Queryable,
  officeId: string,
  opportunityId: string,
  userId: string,
): Promise<Application | undefined> {
  return maybeOne<Application>(
    q,
    `SELECT ${APP_COLS} FROM volunteer_applications x WHERE x.office_id = $1 AND x.opportunity_id = $2 AND x.user_id = $3`,
    [officeId, opportunityId, userId],
  );
}

export interface NewApplication {
  opportunityId: string;
  userId: string;
  fullName: string;
  birthDate: string;
  minor: boolean;
  motivation: string;
  foreigner: boolean;
  contractRequested: boolean;
  consentParent: string;
  consentSignedOn: string | null;
  consentDocument: string;
  reasons: ContractReason[];
}

/** Inserts the application; undefined when the account already applied (the unique key decides). */
export async function insertApplication(q: Queryable, officeId: string, a: NewApplication): Promise<string | undefined> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO volunteer_applications (office_id, opportunity_id, user_id, full_name, birth_date, minor, motivation, foreigner,
                                         contract_requested, consent_parent, consent_signed_on, consent_document, contract_reasons)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (office_id, opportunity_id, user_id) DO NOTHING RETURNING id`,
    [
      officeId,
      a.opportunityId,
      a.userId,
      a.fullName,
      a.birthDate,
      a.minor,
      a.motivation,
      a.foreigner,
      a.contractRequested,
      a.consentParent,
      a.consentSignedOn,
      a.consentDocument,
      a.reasons,
    ],
  );
  return rows[0]?.id;
}

export async function decideApplication(
  q: Queryable,
  officeId: string,
  id: string,
  status: 'accepted' | 'declined',
  reason: string,
  by: string,
): Promise<boolean> {
  const rows = await q.query(
    `UPDATE volunteer_applications SET status = $3, decline_reason = $4, decided_by = $5, decided_at = now()
      WHERE office_id = $1 AND id = $2 AND status = 'pending' RETURNING id`,
    [officeId, id, status, reason, by],
  );
  return rows.length > 0;
}

/** Raises the long-term flag (art. 2) once: adds the reason and the moment. */
export async function flagLongTerm(q: Queryable, officeId: string, id: string): Promise<boolean> {
  const rows = await q.query(
    `UPDATE volunteer_applications
        SET long_term_at = now(),
            contract_reasons = CASE WHEN 'long_term' = ANY (contract_reasons) THEN contract_reasons ELSE array_prepend('long_term', contract_reasons) END
      WHERE office_id = $1 AND id = $2 AND long_term_at IS NULL RETURNING id`,
    [officeId, id],
  );
  return rows.length > 0;
}

export interface ApplicationRow extends Application {
  confirmed_hours: string;
  logged_hours: string;
  certificate_code: string | null;
}

const HOURS_SUMS = `
  (SELECT coalesce(sum(h.hours), 0)::text FROM volunteer_hours h WHERE h.office_id = x.office_id AND h.application_id = x.id AND h.status = 'confirmed') AS confirmed_hours,
  (SELECT coalesce(sum(h.hours), 0)::text FROM volunteer_hours h WHERE h.office_id = x.office_id AND h.application_id = x.id AND h.status = 'logged') AS logged_hours,
  (SELECT c.code FROM volunteer_certificates c WHERE c.office_id = x.office_id AND c.application_id = x.id AND c.revoked_at IS NULL) AS certificate_code`;

/** An opportunity's applications, pending first, then by name. */
export function listApplications(q: Queryable, officeId: string, opportunityId: string): Promise<ApplicationRow[]> {
  return q.query<ApplicationRow>(
    `SELECT ${APP_COLS}, ${HOURS_SUMS} FROM volunteer_applications x
      WHERE x.office_id = $1 AND x.opportunity_id = $2
      ORDER BY x.status = 'pending' DESC, x.full_name, x.id`,
    [officeId, opportunityId],
  );
}

export interface MyApplication extends ApplicationRow {
  title: string;
  office_slug: string;
  office_name: string;
  starts_on: string;
  open_checkin: Date | null;
}

/** The account's applications in every office, newest first. */
export function listMyApplications(q: Queryable, userId: string): Promise<MyApplication[]> {
  return q.query<MyApplication>(
    `SELECT ${APP_COLS}, ${HOURS_SUMS}, v.title, o.slug AS office_slug, o.name AS office_name, to_char(v.starts_on, 'YYYY-MM-DD') AS starts_on,
            (SELECT h.started_at FROM volunteer_hours h WHERE h.office_id = x.office_id AND h.application_id = x.id AND h.hours IS NULL) AS open_checkin
       FROM volunteer_applications x
       JOIN volunteer_opportunities v ON v.office_id = x.office_id AND v.id = x.opportunity_id
       JOIN offices o ON o.id = x.office_id
      WHERE x.user_id = $1
      ORDER BY x.created_at DESC, x.id`,
    [userId],
  );
}

/** Confirmed hours of the account by year and skill (an opportunity with no skill counts under ''). */
export function confirmedByYearAndSkill(q: Queryable, userId: string): Promise<Array<{ year: number; skill: string; hours: string }>> {
  return q.query(
    `SELECT extract(year FROM h.day)::int AS year, s.skill, sum(h.hours)::text AS hours
       FROM volunteer_hours h
       JOIN volunteer_applications x ON x.office_id = h.office_id AND x.id = h.application_id
       JOIN volunteer_opportunities v ON v.office_id = x.office_id AND v.id = x.opportunity_id
       CROSS JOIN LATERAL unnest(CASE WHEN cardinality(v.skills) = 0 THEN ARRAY[''] ELSE v.skills END) AS s(skill)
      WHERE x.user_id = $1 AND h.status = 'confirmed'
      GROUP BY 1, 2 ORDER BY 1 DESC, 2`,
    [userId],
  );
}

// ── Hours ──────────────────────────────────────────────────────────────────

export interface HoursEntry {
  office_id: string;
  id: string;
  application_id: string;
  full_name: string;
  day: string;
  hours: string | null;
  started_at: Date | null;
  description: string;
  status: 'logged' | 'confirmed' | 'disputed';
  dispute_reason: string;
}

const HOURS_COLS = `h.office_id, h.id, h.application_id, x.full_name, to_char(h.day, 'YYYY-MM-DD') AS day, h.hours::text AS hours, h.started_at,
  h.description, h.status, h.dispute_reason`;

/** Hours already logged by the person on a day, in the office (not disputed, every application). */
export async function hoursOnDay(q: Queryable, officeId: string, userId: string, day: string): Promise<number> {
  const rows = await q.query<{ total: string }>(
    `SELECT coalesce(sum(hours), 0)::text AS total FROM volunteer_hours
      WHERE office_id = $1 AND user_id = $2 AND day = $3 AND hours IS NOT NULL AND status <> 'disputed'`,
    [officeId, userId, day],
  );
  return Number(rows[0]!.total);
}

export async function insertHours(
  q: Queryable,
  officeId: string,
  a: { applicationId: string; userId: string; day: string; hours: number | null; startedAt: Date | null; description: string },
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO volunteer_hours (office_id, application_id, user_id, day, hours, started_at, description)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [officeId, a.applicationId, a.userId, a.day, a.hours, a.startedAt, a.description],
  );
  return rows[0]!.id;
}

export function findOpenCheckin(
  q: Queryable,
  officeId: string,
  applicationId: string,
): Promise<{ id: string; started_at: Date } | undefined> {
  return maybeOne(
    q,
    `SELECT id, started_at FROM volunteer_hours WHERE office_id = $1 AND application_id = $2 AND hours IS NULL FOR UPDATE`,
    [officeId, applicationId],
  );
}

export async function closeCheckin(q: Queryable, officeId: string, id: string, hours: number, description: string): Promise<void> {
  await q.query(`UPDATE volunteer_hours SET hours = $3, description = $4 WHERE office_id = $1 AND id = $2 AND hours IS NULL`, [
    officeId,
    id,
    hours,
    description,
  ]);
}

export async function deleteHours(q: Queryable, officeId: string, id: string): Promise<void> {
  await q.query('DELETE FROM volunteer_hours WHERE office_id = $1 AND id = $2', [officeId, id]);
}

/** The application's entries that count (not disputed), for the long-term check. */
export function countingHours(q: Queryable, officeId: string, applicationId: string): Promise<Array<{ day: string; hours: string }>> {
  return q.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, hours::text AS hours FROM volunteer_hours
      WHERE office_id = $1 AND application_id = $2 AND hours IS NOT NULL AND status <> 'disputed' ORDER BY day`,
    [officeId, applicationId],
  );
}

/** The opportunity's hours waiting for the organiser (logged, with hours), oldest first; then the rest. */
export function listOpportunityHours(q: Queryable, officeId: string, opportunityId: string): Promise<HoursEntry[]> {
  return q.query<HoursEntry>(
    `SELECT ${HOURS_COLS} FROM volunteer_hours h JOIN volunteer_applications x ON x.office_id = h.office_id AND x.id = h.application_id
      WHERE h.office_id = $1 AND x.opportunity_id = $2 AND h.hours IS NOT NULL
      ORDER BY h.status <> 'logged', h.day, x.full_name, h.id LIMIT 500`,
    [officeId, opportunityId],
  );
}

export function listApplicationHours(q: Queryable, officeId: string, applicationId: string): Promise<HoursEntry[]> {
  return q.query<HoursEntry>(
    `SELECT ${HOURS_COLS} FROM volunteer_hours h JOIN volunteer_applications x ON x.office_id = h.office_id AND x.id = h.application_id
      WHERE h.office_id = $1 AND h.application_id = $2 ORDER BY h.day DESC, h.created_at DESC`,
    [officeId, applicationId],
  );
}

/**
 * Confirms or disputes the opportunity's logged entries among `ids` in one statement; returns the
 * ids changed (another opportunity's, an already decided or an open one are left alone).
 */
export async function decideHours(
  q: Queryable,
  officeId: string,
  opportunityId: string,
  ids: readonly string[],
  status: 'confirmed' | 'disputed',
  reason: string,
  by: string,
): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `UPDATE volunteer_hours h SET status = $4, dispute_reason = $5, decided_by = $6, decided_at = now()
       FROM volunteer_applications x
      WHERE h.office_id = $1 AND h.id = ANY ($3::uuid[]) AND h.status = 'logged' AND h.hours IS NOT NULL
        AND x.office_id = h.office_id AND x.id = h.application_id AND x.opportunity_id = $2
      RETURNING h.id`,
    [officeId, opportunityId, ids, status, reason, by],
  );
  return rows.map((r) => r.id);
}

// ── Certificates ───────────────────────────────────────────────────────────

export interface VolCertificate {
  office_id: string;
  code: string;
  application_id: string;
  full_name: string;
  organiser: string;
  title: string;
  tasks: string;
  place: string;
  first_day: string;
  last_day: string;
  hours: string;
  issued_at: Date;
  revoked_at: Date | null;
}

const CERT_COLS = `c.office_id, c.code, c.application_id, c.full_name, c.organiser, c.title, c.tasks, c.place,
  to_char(c.first_day, 'YYYY-MM-DD') AS first_day, to_char(c.last_day, 'YYYY-MM-DD') AS last_day, c.hours::text AS hours, c.issued_at, c.revoked_at`;

export function findVolCertificate(q: Queryable, officeId: string, code: string): Promise<VolCertificate | undefined> {
  return maybeOne<VolCertificate>(q, `SELECT ${CERT_COLS} FROM volunteer_certificates c WHERE c.office_id = $1 AND c.code = $2`, [
    officeId,
    code,
  ]);
}

/** The application's live certificate (a revoked one is kept for its verification page, never returned here). */
export function findCertificateOfApplication(q: Queryable, officeId: string, applicationId: string): Promise<VolCertificate | undefined> {
  return maybeOne<VolCertificate>(
    q,
    `SELECT ${CERT_COLS} FROM volunteer_certificates c WHERE c.office_id = $1 AND c.application_id = $2 AND c.revoked_at IS NULL`,
    [officeId, applicationId],
  );
}

/** Revokes the application's live certificate; its code, or undefined when it has none. */
export async function revokeVolCertificate(
  q: Queryable,
  officeId: string,
  applicationId: string,
  reason: string,
  by: string,
  at: Date,
): Promise<string | undefined> {
  const rows = await q.query<{ code: string }>(
    `UPDATE volunteer_certificates SET revoked_at = $5, revoke_reason = $3, revoked_by = $4
      WHERE office_id = $1 AND application_id = $2 AND revoked_at IS NULL RETURNING code`,
    [officeId, applicationId, reason, by, at],
  );
  return rows[0]?.code;
}

/** The confirmed hours of an application: total, first and last day (null when none). */
export async function confirmedSpan(
  q: Queryable,
  officeId: string,
  applicationId: string,
): Promise<{ hours: string; first_day: string; last_day: string } | undefined> {
  const rows = await q.query<{ hours: string | null; first_day: string | null; last_day: string | null }>(
    `SELECT sum(hours)::text AS hours, to_char(min(day), 'YYYY-MM-DD') AS first_day, to_char(max(day), 'YYYY-MM-DD') AS last_day
       FROM volunteer_hours WHERE office_id = $1 AND application_id = $2 AND status = 'confirmed'`,
    [officeId, applicationId],
  );
  const r = rows[0];
  return r?.hours && r.first_day && r.last_day ? { hours: r.hours, first_day: r.first_day, last_day: r.last_day } : undefined;
}

export async function insertVolCertificate(q: Queryable, c: Omit<VolCertificate, 'issued_at' | 'revoked_at'>): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO volunteer_certificates (office_id, code, application_id, full_name, organiser, title, tasks, place, first_day, last_day, hours)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING code`,
    [c.office_id, c.code, c.application_id, c.full_name, c.organiser, c.title, c.tasks, c.place, c.first_day, c.last_day, c.hours],
  );
  return rows.length > 0;
}

/** The organiser named on paper: the association, or the office, with its seat. */
export function organiserOf(q: Queryable, officeId: string, opportunityId: string): Promise<{ name: string; address: string } | undefined> {
  return maybeOne(
    q,
    `SELECT coalesce(a.name, o.name) AS name,
            CASE WHEN a.id IS NOT NULL THEN a.address ELSE trim(both ', ' FROM concat_ws(', ', nullif(o.address, ''), nullif(trim(o.postal_code || ' ' || o.town), ''))) END AS address
       FROM volunteer_opportunities v JOIN offices o ON o.id = v.office_id
       LEFT JOIN associations a ON a.office_id = v.office_id AND a.id = v.association_id
      WHERE v.office_id = $1 AND v.id = $2`,
    [officeId, opportunityId],
  );
}

/** The associations of the office the account represents (approved), for an association's organiser. */
export function representedAssociations(q: Queryable, officeId: string, userId: string): Promise<Array<{ id: string; name: string }>> {
  return q.query(
    `SELECT a.id, a.name FROM association_representatives r JOIN associations a ON a.office_id = r.office_id AND a.id = r.association_id
      WHERE r.office_id = $1 AND r.user_id = $2 AND r.status = 'approved' AND a.active ORDER BY a.name, a.id`,
    [officeId, userId],
  );
}

/** Every active association of the office's register (staff may post for any of them). */
export function activeAssociations(q: Queryable, officeId: string): Promise<Array<{ id: string; name: string }>> {
  return q.query('SELECT id, name FROM associations WHERE office_id = $1 AND active ORDER BY name, id', [officeId]);
}

export async function associationExists(q: Queryable, officeId: string, id: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM associations WHERE office_id = $1 AND id = $2', [officeId, id])).length > 0;
}

/** The account's name and birth date (copied into an application). */
export function accountOf(q: Queryable, userId: string): Promise<{ display_name: string; birth_date: string } | undefined> {
  return maybeOne(q, `SELECT display_name, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM users WHERE id = $1`, [userId]);
}
