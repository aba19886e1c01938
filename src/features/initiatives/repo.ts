import type { Queryable } from '../../core/db/db.ts';
import { maybeOne } from '../../core/db/db.ts';
import type { LapArea } from '../../core/domain.ts';
import type { BudgetItem, InitiativeFields, Proposer, Status, Support } from './schema.ts';

/**
 * SQL of youth initiatives (migration 0011): the initiative, its budget, team, comments,
 * history and photos. The office is in every WHERE clause.
 */

export interface Initiative {
  office_id: string;
  id: string;
  proposer_kind: Proposer;
  group_name: string;
  association_id: string | null;
  association_name: string | null;
  created_by: string | null;
  title: string;
  idea: string;
  why: string;
  audience: string;
  area: LapArea;
  place: string;
  starts_on: string;
  ends_on: string;
  support: Support[];
  publish_consent: boolean;
  status: Status;
  decision_note: string;
  report: string;
  reached_15_19: number | null;
  reached_20_24: number | null;
  reached_25_30: number | null;
  submitted_at: Date | null;
  supported_at: Date | null;
  decided_at: Date | null;
  completed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const SELECT = `SELECT i.office_id, i.id, i.proposer_kind, i.group_name, i.association_id, a.name AS association_name, i.created_by,
       i.title, i.idea, i.why, i.audience, i.area, i.place, i.starts_on, i.ends_on, i.support, i.publish_consent, i.status,
       i.decision_note, i.report, i.reached_15_19, i.reached_20_24, i.reached_25_30, i.submitted_at, i.supported_at,
       i.decided_at, i.completed_at, i.created_at, i.updated_at
  FROM initiatives i
  LEFT JOIN associations a ON a.office_id = i.office_id AND a.id = i.association_id`;

/** The office's initiative named by :initiative (any status). */
export function findInitiative(q: Queryable, officeId: string, id: string): Promise<Initiative | undefined> {
  return maybeOne<Initiative>(q, `${SELECT} WHERE i.office_id = $1 AND i.id = $2`, [officeId, id]);
}

/** The initiative under its row lock (an edit compares and writes under it). */
export function lockInitiative(q: Queryable, officeId: string, id: string): Promise<Initiative | undefined> {
  return maybeOne<Initiative>(q, `${SELECT} WHERE i.office_id = $1 AND i.id = $2 FOR UPDATE OF i`, [officeId, id]);
}

/** The proposal's columns as the form gives them (association only for an association's proposal). */
const proposalParams = (f: InitiativeFields, associationId: string | null) => [
  f.proposer_kind,
  f.proposer_kind === 'group' ? f.group_name : '',
  associationId,
  f.title,
  f.idea,
  f.why,
  f.audience,
  f.area,
  f.place,
  f.starts_on,
  f.ends_on,
  f.support,
  f.publish_consent,
];

export async function insertInitiative(q: Queryable, officeId: string, f: InitiativeFields, associationId: string | null, userId: string) {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO initiatives (office_id, proposer_kind, group_name, association_id, title, idea, why, audience, area, place,
                              starts_on, ends_on, support, publish_consent, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
    [officeId, ...proposalParams(f, associationId), userId],
  );
  return rows[0]!.id;
}

/** Writes an edit; only in draft or needs_changes (the trigger refuses it otherwise). */
export async function updateInitiative(q: Queryable, officeId: string, id: string, f: InitiativeFields, associationId: string | null) {
  await q.query(
    `UPDATE initiatives SET proposer_kind = $3, group_name = $4, association_id = $5, title = $6, idea = $7, why = $8, audience = $9,
            area = $10, place = $11, starts_on = $12, ends_on = $13, support = $14, publish_consent = $15, updated_at = now()
      WHERE office_id = $1 AND id = $2`,
    [officeId, id, ...proposalParams(f, associationId)],
  );
}

/** The budget's items in order, amounts in hundredths. */
export function listBudget(q: Queryable, officeId: string, id: string): Promise<BudgetItem[]> {
  return q.query<BudgetItem>(
    `SELECT name, (quantity * 100)::int AS "quantity100", (unit_price * 100)::bigint::float8 AS "unitPara"
       FROM initiative_budget_items WHERE office_id = $1 AND initiative_id = $2 ORDER BY position`,
    [officeId, id],
  );
}

/** Replaces the budget (the trigger refuses it outside draft and needs_changes). */
export async function replaceBudget(q: Queryable, officeId: string, id: string, items: readonly BudgetItem[]) {
  await q.query('DELETE FROM initiative_budget_items WHERE office_id = $1 AND initiative_id = $2', [officeId, id]);
  if (items.length === 0) return;
  await q.query(
    `INSERT INTO initiative_budget_items (office_id, initiative_id, position, name, quantity, unit_price)
     SELECT $1, $2, r.position, r.name, r.q / 100.0, r.p / 100.0
       FROM jsonb_to_recordset($3::jsonb) AS r(position int, name text, q bigint, p bigint)`,
    [officeId, id, JSON.stringify(items.map((it, position) => ({ position, name: it.name, q: it.quantity100, p: it.unitPara })))],
  );
}

/** What a status change writes beside the status. */
export interface TransitionSet {
  decision_note?: string;
  report?: { text: string; r15: number; r20: number; r25: number };
}

/**
 * The one statement that moves an initiative along the workflow: it changes the row only if its
 * status is still `from`, so of two people acting at once the database lets one through (the
 * other's UPDATE finds no row once the first commits). Undefined: the status was not `from`.
 */
export async function moveStatus(q: Queryable, officeId: string, id: string, from: Status, to: Status, set: TransitionSet = {}) {
  const rows = await q.query<{ id: string }>(
    `UPDATE initiatives SET status = $4, updated_at = now(),
            submitted_at = CASE WHEN $4 = 'submitted' THEN now() ELSE submitted_at END,
            supported_at = CASE WHEN $4 = 'supported' THEN now() ELSE supported_at END,
            decided_at = CASE WHEN $4 IN ('needs_changes', 'supported', 'declined') THEN now() ELSE decided_at END,
            completed_at = CASE WHEN $4 = 'completed' THEN now() ELSE completed_at END,
            decision_note = COALESCE($5, decision_note),
            report = COALESCE($6, report),
            reached_15_19 = COALESCE($7, reached_15_19),
            reached_20_24 = COALESCE($8, reached_20_24),
            reached_25_30 = COALESCE($9, reached_25_30)
      WHERE office_id = $1 AND id = $2 AND status = $3
      RETURNING id`,
    [
      officeId,
      id,
      from,
      to,
      set.decision_note ?? null,
      set.report?.text ?? null,
      set.report?.r15 ?? null,
      set.report?.r20 ?? null,
      set.report?.r25 ?? null,
    ],
  );
  return rows[0];
}

// ── Team ──

export interface Member {
  email: string;
  user_id: string | null;
  display_name: string | null;
  role: 'lead' | 'member';
  accepted_at: Date | null;
}

export function listMembers(q: Queryable, officeId: string, id: string): Promise<Member[]> {
  return q.query<Member>(
    `SELECT m.email, m.user_id, u.display_name, m.role, m.accepted_at
       FROM initiative_members m LEFT JOIN users u ON u.id = m.user_id
      WHERE m.office_id = $1 AND m.initiative_id = $2
      ORDER BY m.role, m.accepted_at NULLS LAST, m.invited_at, m.email`,
    [officeId, id],
  );
}

/** Whether the account is an accepted member of the initiative's team. */
export async function isMember(q: Queryable, officeId: string, id: string, userId: string): Promise<boolean> {
  const rows = await q.query('SELECT 1 FROM initiative_members WHERE office_id = $1 AND initiative_id = $2 AND user_id = $3', [
    officeId,
    id,
    userId,
  ]);
  return rows.length > 0;
}

export async function addLead(q: Queryable, officeId: string, id: string, userId: string, email: string) {
  await q.query(
    `INSERT INTO initiative_members (office_id, initiative_id, email, user_id, role, accepted_at) VALUES ($1, $2, $3, $4, 'lead', now())`,
    [officeId, id, email, userId],
  );
}

/** A new invitation; false when the address is already in the team (the unique index decides). */
export async function insertInvite(q: Queryable, officeId: string, id: string, email: string, tokenHash: string, by: string) {
  const rows = await q.query<{ email: string }>(
    `INSERT INTO initiative_members (office_id, initiative_id, email, token_hash, invited_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING email`,
    [officeId, id, email, tokenHash, by],
  );
  return rows.length > 0;
}

export interface Invite {
  office_id: string;
  office_slug: string;
  initiative_id: string;
  title: string;
  email: string;
}

/** The unaccepted invitation a link's token names (any office: the link carries it). */
export function inviteByToken(q: Queryable, tokenHash: string): Promise<Invite | undefined> {
  return maybeOne<Invite>(
    q,
    `SELECT m.office_id, o.slug AS office_slug, m.initiative_id, i.title, m.email
       FROM initiative_members m JOIN initiatives i ON i.office_id = m.office_id AND i.id = m.initiative_id
       JOIN offices o ON o.id = m.office_id
      WHERE m.token_hash = $1 AND m.accepted_at IS NULL`,
    [tokenHash],
  );
}

/**
 * Accepts the invitation for the account: false when it was used meanwhile, or when the account
 * is already in the team (then the invitation is left as it is).
 */
export async function acceptInvite(q: Queryable, officeId: string, tokenHash: string, userId: string): Promise<boolean> {
  const rows = await q.query<{ email: string }>(
    `UPDATE initiative_members m SET user_id = $3, accepted_at = now()
      WHERE m.office_id = $1 AND m.token_hash = $2 AND m.accepted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM initiative_members x WHERE x.office_id = m.office_id AND x.initiative_id = m.initiative_id
                                                             AND x.user_id = $3)
      RETURNING m.email`,
    [officeId, tokenHash, userId],
  );
  return rows.length > 0;
}

/** The team's accounts a mail goes to: accepted members, in their own script. */
export function teamRecipients(q: Queryable, officeId: string, id: string) {
  return q.query<{ email: string; display_name: string; locale: 'cir' | 'lat' | 'en' }>(
    `SELECT u.email, u.display_name, u.locale FROM initiative_members m JOIN users u ON u.id = m.user_id
      WHERE m.office_id = $1 AND m.initiative_id = $2 ORDER BY m.role, u.email`,
    [officeId, id],
  );
}

// ── Comments, history, photos ──

export interface Comment {
  id: string;
  author_name: string;
  from_office: boolean;
  body: string;
  created_at: Date;
}

export function listComments(q: Queryable, officeId: string, id: string): Promise<Comment[]> {
  return q.query<Comment>(
    `SELECT id, author_name, from_office, body, created_at FROM initiative_comments
      WHERE office_id = $1 AND initiative_id = $2 ORDER BY created_at, id`,
    [officeId, id],
  );
}

export async function insertComment(
  q: Queryable,
  officeId: string,
  id: string,
  c: { authorId: string; authorName: string; fromOffice: boolean; body: string },
) {
  await q.query(
    `INSERT INTO initiative_comments (office_id, initiative_id, author_id, author_name, from_office, body) VALUES ($1, $2, $3, $4, $5, $6)`,
    [officeId, id, c.authorId, c.authorName, c.fromOffice, c.body],
  );
}

export type HistoryAction = 'created' | 'edited' | 'status' | 'invited' | 'joined' | 'photo';

export interface HistoryRow {
  id: number;
  at: Date;
  actor_name: string;
  action: HistoryAction;
  from_status: Status | null;
  to_status: Status | null;
  fields: string[];
  note: string;
}

export function listHistory(q: Queryable, officeId: string, id: string): Promise<HistoryRow[]> {
  return q.query<HistoryRow>(
    `SELECT id, at, actor_name, kind AS action, from_status, to_status, fields, note FROM initiative_history
      WHERE office_id = $1 AND initiative_id = $2 ORDER BY id`,
    [officeId, id],
  );
}

export async function insertHistory(
  q: Queryable,
  officeId: string,
  id: string,
  h: { actorId: string; actorName: string; action: HistoryAction; from?: Status; to?: Status; fields?: string[]; note?: string },
) {
  await q.query(
    `INSERT INTO initiative_history (office_id, initiative_id, actor_id, actor_name, kind, from_status, to_status, fields, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [officeId, id, h.actorId, h.actorName.slice(0, 120) || '—', h.action, h.from ?? null, h.to ?? null, h.fields ?? [], h.note ?? ''],
  );
}

export interface Photo {
  file_id: string;
  alt: string;
  width: number | null;
  height: number | null;
}

export function listPhotos(q: Queryable, officeId: string, id: string): Promise<Photo[]> {
  return q.query<Photo>(
    `SELECT file_id, alt, width, height FROM initiative_photos WHERE office_id = $1 AND initiative_id = $2 ORDER BY added_at, file_id`,
    [officeId, id],
  );
}

export async function insertPhoto(
  q: Queryable,
  officeId: string,
  id: string,
  p: { fileId: string; alt: string; width: number | null; height: number | null; by: string },
) {
  await q.query(
    `INSERT INTO initiative_photos (office_id, initiative_id, file_id, alt, width, height, added_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [officeId, id, p.fileId, p.alt, p.width, p.height, p.by],
  );
}

/** Whether the file is a photo of this initiative (a photo is served only through its initiative). */
export async function isPhotoOf(q: Queryable, officeId: string, id: string, fileId: string): Promise<boolean> {
  const rows = await q.query('SELECT 1 FROM initiative_photos WHERE office_id = $1 AND initiative_id = $2 AND file_id = $3', [
    officeId,
    id,
    fileId,
  ]);
  return rows.length > 0;
}

// ── Lists ──

export interface ListRow {
  id: string;
  title: string;
  area: LapArea;
  status: Status;
  proposer_kind: Proposer;
  group_name: string;
  association_name: string | null;
  starts_on: string;
  ends_on: string;
  updated_at: Date;
}

const LIST_SELECT = `SELECT i.id, i.title, i.area, i.status, i.proposer_kind, i.group_name, a.name AS association_name, i.starts_on,
       i.ends_on, i.updated_at
  FROM initiatives i LEFT JOIN associations a ON a.office_id = i.office_id AND a.id = i.association_id`;

/** The office's initiatives for staff: every one sent to it (drafts are the team's own), filtered. */
export function listForStaff(q: Queryable, officeId: string, f: { status: Status | null; area: LapArea | null }): Promise<ListRow[]> {
  return q.query<ListRow>(
    `${LIST_SELECT}
      WHERE i.office_id = $1 AND i.status <> 'draft' AND ($2::text IS NULL OR i.status = $2) AND ($3::text IS NULL OR i.area = $3)
      ORDER BY CASE WHEN i.status IN ('submitted', 'under_review') THEN 0 ELSE 1 END, i.updated_at DESC, i.id
      LIMIT 500`,
    [officeId, f.status, f.area],
  );
}

/** Initiatives waiting for the office: sent and not yet decided. */
export async function pendingCount(q: Queryable, officeId: string): Promise<number> {
  const rows = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM initiatives WHERE office_id = $1 AND status IN ('submitted', 'under_review')`,
    [officeId],
  );
  return rows[0]?.n ?? 0;
}

/** The account's initiatives in every office (it is in the team). */
export function listMine(q: Queryable, userId: string) {
  return q.query<ListRow & { office_slug: string; office_name: string }>(
    `SELECT i.id, i.title, i.area, i.status, i.proposer_kind, i.group_name, a.name AS association_name, i.starts_on, i.ends_on,
            i.updated_at, o.slug AS office_slug, o.name AS office_name
       FROM initiative_members m
       JOIN initiatives i ON i.office_id = m.office_id AND i.id = m.initiative_id
       JOIN offices o ON o.id = i.office_id
       LEFT JOIN associations a ON a.office_id = i.office_id AND a.id = i.association_id
      WHERE m.user_id = $1
      ORDER BY i.updated_at DESC, i.id LIMIT 200`,
    [userId],
  );
}

export interface PublicRow extends ListRow {
  idea: string;
  audience: string;
  place: string;
  report: string;
  reached_15_19: number | null;
  reached_20_24: number | null;
  reached_25_30: number | null;
  photos: Array<{ file_id: string; alt: string; width: number | null; height: number | null }>;
}

/** The public page: supported, running and completed initiatives whose team agreed to publication. */
export function listPublic(q: Queryable, officeId: string): Promise<PublicRow[]> {
  return q.query<PublicRow>(
    `SELECT i.id, i.title, i.area, i.status, i.proposer_kind, i.group_name, a.name AS association_name, i.starts_on, i.ends_on,
            i.updated_at, i.idea, i.audience, i.place, i.report, i.reached_15_19, i.reached_20_24, i.reached_25_30,
            COALESCE((SELECT json_agg(json_build_object('file_id', p.file_id, 'alt', p.alt, 'width', p.width, 'height', p.height)
                                ORDER BY p.added_at, p.file_id)
                        FROM initiative_photos p WHERE p.office_id = i.office_id AND p.initiative_id = i.id), '[]') AS photos
       FROM initiatives i LEFT JOIN associations a ON a.office_id = i.office_id AND a.id = i.association_id
      WHERE i.office_id = $1 AND i.publish_consent AND i.status IN ('supported', 'in_progress', 'completed')
      ORDER BY i.starts_on DESC, i.id LIMIT 200`,
    [officeId],
  );
}

/** Whether the photo belongs to a published initiative of the office (served to anyone then). */
export async function isPublicPhoto(q: Queryable, officeId: string, id: string, fileId: string): Promise<boolean> {
  const rows = await q.query(
    `SELECT 1 FROM initiative_photos p JOIN initiatives i ON i.office_id = p.office_id AND i.id = p.initiative_id
      WHERE p.office_id = $1 AND p.initiative_id = $2 AND p.file_id = $3
        AND i.publish_consent AND i.status IN ('supported', 'in_progress', 'completed')`,
    [officeId, id, fileId],
  );
  return rows.length > 0;
}

/** The associations of the office whose approved representative the account is. */
export function myAssociations(q: Queryable, officeId: string, userId: string) {
  return q.query<{ id: string; name: string }>(
    `SELECT a.id, a.name FROM association_representatives r JOIN associations a ON a.office_id = r.office_id AND a.id = r.association_id
      WHERE r.office_id = $1 AND r.user_id = $2 AND r.status = 'approved' ORDER BY a.name, a.id`,
    [officeId, userId],
  );
}

/** The office's name and e-mail for mails. */
export function officeForMail(q: Queryable, officeId: string) {
  return maybeOne<{ slug: string; name: string }>(q, 'SELECT slug, name FROM offices WHERE id = $1', [officeId]);
}

// ── For other features: indicators and (through app.ts) bookings ──

/** Initiatives supported in [from, until) by area (the decision to support, whatever came after). */
export function supportedByArea(q: Queryable, officeId: string, from: Date, until: Date, area: LapArea | null) {
  return q.query<{ area: LapArea; n: number }>(
    `SELECT area, count(*)::int AS n FROM initiatives
      WHERE office_id = $1 AND supported_at >= $2 AND supported_at < $3 AND ($4::text IS NULL OR area = $4)
      GROUP BY area ORDER BY area`,
    [officeId, from, until, area],
  );
}

/** A supported (or running) initiative's dates, place and team, for booking space and equipment for it. */
export function supportedPlan(q: Queryable, officeId: string, id: string) {
  return maybeOne<{
    id: string;
    title: string;
    place: string;
    starts_on: string;
    ends_on: string;
    status: Status;
    team: Array<{ user_id: string; email: string; display_name: string; role: 'lead' | 'member' }>;
  }>(
    q,
    `SELECT i.id, i.title, i.place, i.starts_on, i.ends_on, i.status,
            COALESCE((SELECT json_agg(json_build_object('user_id', m.user_id, 'email', u.email, 'display_name', u.display_name, 'role', m.role)
                                ORDER BY m.role, u.email)
                        FROM initiative_members m JOIN users u ON u.id = m.user_id
                       WHERE m.office_id = i.office_id AND m.initiative_id = i.id), '[]') AS team
       FROM initiatives i
      WHERE i.office_id = $1 AND i.id = $2 AND i.status IN ('supported', 'in_progress')`,
    [officeId, id],
  );
}

/** The initiative's title when it is supported or running and the account is in its team (bookings asks it: bookings/initiative-link.ts). */
export function bookableInitiative(
  q: Queryable,
  officeId: string,
  id: string,
  userId: string,
): Promise<{ title: string; kind: 'person' | 'informal' | 'association'; group: string; area: string } | undefined> {
  return maybeOne(
    q,
    `SELECT i.title, CASE i.proposer_kind WHEN 'group' THEN 'informal' ELSE i.proposer_kind END AS kind,
            coalesce(a.name, i.group_name) AS "group", i.area
       FROM initiatives i
       LEFT JOIN associations a ON a.office_id = i.office_id AND a.id = i.association_id
       JOIN initiative_members m ON m.office_id = i.office_id AND m.initiative_id = i.id AND m.user_id = $3
      WHERE i.office_id = $1 AND i.id = $2 AND i.status IN ('supported', 'in_progress')`,
    [officeId, id, userId],
  );
}
