import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { newToken, tokenHash } from '../../core/auth/sessions.ts';
import type { Queryable } from '../../core/db/db.ts';
import { insertFile } from '../../core/files.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import type { ImageUpload } from '../../core/http/uploads.ts';
import type { Result } from '../../core/result.ts';
import { isApprovedRepresentative } from '../associations/repo.ts';
import { queueCommentMail, queueInviteMail, queueStatusMail } from './mails.ts';
import { isStaff } from './policy.ts';
import {
  acceptInvite as acceptInviteRow,
  addLead,
  insertComment,
  insertHistory,
  insertInitiative,
  insertInvite,
  insertPhoto,
  inviteByToken,
  isMember,
  listBudget,
  lockInitiative,
  moveStatus,
  replaceBudget,
  supportedPlan,
  updateInitiative,
  type Initiative,
  type TransitionSet,
} from './repo.ts';
import { EDITABLE, type BudgetItem, type Decision, type InitiativeFields, type ReportInput, type Status } from './schema.ts';

type Svc = Pick<Deps, 'db' | 'config'>;

/** Database errors this feature's triggers raise, by constraint name. */
const constraintOf = (err: unknown) => (err as { constraint?: string } | null)?.constraint;

/** Thrown inside a transaction to roll it back whole and answer with a refusal. */
class Refused extends Error {
  constructor(readonly refusal: Extract<Result, { ok: false }>) {
    super(refusal.error);
  }
}
const refuse = (r: Extract<Result, { ok: false }>): never => {
  throw new Refused(r);
};

/** Runs fn in one transaction; a Refused or one of the triggers' refusals becomes the result, nothing half-written. */
async function write<T>(deps: Svc, fn: (tx: Queryable) => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await deps.db.transaction(fn) };
  } catch (err) {
    if (err instanceof Refused) return err.refusal;
    const c = constraintOf(err);
    if (c === 'initiatives_locked') return { ok: false, error: 'init.err.locked' };
    if (c === 'initiatives_transition') return { ok: false, error: 'init.err.changed' };
    throw err;
  }
}

/** The association an association's proposal names, if the actor is its approved representative; else a refusal. */
async function associationOf(q: Queryable, actor: Actor, officeId: string, f: InitiativeFields): Promise<string | null> {
  if (f.proposer_kind !== 'association') return null;
  const ok = /^[0-9a-f-]{36}$/i.test(f.association_id) && (await isApprovedRepresentative(q, officeId, f.association_id, actor.userId));
  if (!ok) refuse({ ok: false, field: 'association_id', error: 'init.err.association' });
  return f.association_id;
}

/**
 * Moves the initiative from `from` to `to` in one UPDATE … WHERE status = from (the database
 * decides between two people acting at once: the loser finds no row and reads "it has just
 * changed"), with its history row and the team's mail, in the caller's transaction.
 */
async function move(
  tx: Queryable,
  deps: Svc,
  actor: Actor,
  officeId: string,
  i: Pick<Initiative, 'id' | 'title'>,
  from: Status,
  to: Status,
  set: TransitionSet = {},
) {
  const done = await moveStatus(tx, officeId, i.id, from, to, set);
  if (!done) refuse({ ok: false, error: 'init.err.changed' });
  const note = set.decision_note ?? '';
  await insertHistory(tx, officeId, i.id, { actorId: actor.userId, actorName: actor.displayName, action: 'status', from, to, note });
  await queueStatusMail(tx, deps, officeId, i, to, note);
  await recordAudit(tx, { officeId, actorId: actor.userId, action: `initiatives.${to}`, target: i.id, data: { from } });
}

async function teamOnly(tx: Queryable, actor: Actor, officeId: string, id: string): Promise<Initiative> {
  const i = await lockInitiative(tx, officeId, id);
  if (!i) return refuse({ ok: false, error: 'error.404.title' });
  if (!(await isMember(tx, officeId, id, actor.userId))) refuse({ ok: false, error: 'error.404.title' });
  return i;
}

/**
 * A new initiative as a draft: the proposal, its budget, the proposer as the team's lead and the
 * history's first row; sent to the office at once when `submit` (one transaction either way).
 */
export async function createInitiative(
  deps: Svc,
  actor: Actor,
  office: OfficeRef,
  f: InitiativeFields,
  items: readonly BudgetItem[],
  submit: boolean,
): Promise<Result<string>> {
  return write(deps, async (tx) => {
    const associationId = await associationOf(tx, actor, office.id, f);
    const id = await insertInitiative(tx, office.id, f, associationId, actor.userId);
    await replaceBudget(tx, office.id, id, items);
    await addLead(tx, office.id, id, actor.userId, actor.email);
    await insertHistory(tx, office.id, id, { actorId: actor.userId, actorName: actor.displayName, action: 'created', to: 'draft' });
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'initiatives.create', target: id });
    if (submit) await move(tx, deps, actor, office.id, { id, title: f.title }, 'draft', 'submitted');
    return id;
  });
}

/** The proposal's fields an edit changed (names as the form's), 'budget' when its items did. */
function changedFields(
  old: Initiative,
  f: InitiativeFields,
  associationId: string | null,
  oldItems: BudgetItem[],
  items: readonly BudgetItem[],
) {
  const next: Record<string, unknown> = {
    proposer_kind: f.proposer_kind,
    group_name: f.proposer_kind === 'group' ? f.group_name : '',
    association_id: associationId,
    title: f.title,
    idea: f.idea,
    why: f.why,
    audience: f.audience,
    area: f.area,
    place: f.place,
    starts_on: f.starts_on,
    ends_on: f.ends_on,
    support: [...f.support].sort().join(','),
    publish_consent: f.publish_consent,
  };
  const prev: Record<string, unknown> = { ...old, support: [...old.support].sort().join(',') };
  const fields = Object.keys(next).filter((k) => String(prev[k] ?? '') !== String(next[k] ?? ''));
  if (JSON.stringify(oldItems) !== JSON.stringify(items)) fields.push('budget');
  return fields;
}

/**
 * Saves the team's edit under the row lock: only in draft or needs_changes ("not editable once
 * it is with the office or decided"; the database's trigger refuses it too). The history names
 * the fields that changed; `submit` sends it (back) to the office in the same transaction.
 */
export async function saveInitiative(
  deps: Svc,
  actor: Actor,
  office: OfficeRef,
  id: string,
  f: InitiativeFields,
  items: readonly BudgetItem[],
  submit: boolean,
): Promise<Result> {
  return write(deps, async (tx) => {
    const old = await teamOnly(tx, actor, office.id, id);
    if (!EDITABLE.includes(old.status)) refuse({ ok: false, error: 'init.err.locked' });
    const associationId = await associationOf(tx, actor, office.id, f);
    const oldItems = await listBudget(tx, office.id, id);
    const fields = changedFields(old, f, associationId, oldItems, items);
    if (fields.length > 0) {
      await updateInitiative(tx, office.id, id, f, associationId);
      if (fields.includes('budget')) await replaceBudget(tx, office.id, id, items);
      await insertHistory(tx, office.id, id, { actorId: actor.userId, actorName: actor.displayName, action: 'edited', fields });
      await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'initiatives.edit', target: id, data: { fields } });
    }
    if (submit) await move(tx, deps, actor, office.id, { id, title: f.title }, old.status, 'submitted');
  });
}

/** The team sends its draft (or its changed proposal) to the office. */
export async function submitInitiative(deps: Svc, actor: Actor, office: OfficeRef, id: string): Promise<Result> {
  return write(deps, async (tx) => {
    const i = await teamOnly(tx, actor, office.id, id);
    if (!EDITABLE.includes(i.status)) refuse({ ok: false, error: 'init.err.locked' });
    await move(tx, deps, actor, office.id, i, i.status, 'submitted');
  });
}

/** Staff take a sent initiative up for review. */
export async function startReview(deps: Svc, actor: Actor, office: OfficeRef, i: Pick<Initiative, 'id' | 'title'>): Promise<Result> {
  if (!isStaff(actor, office.id)) return { ok: false, error: 'error.404.title' };
  return write(deps, (tx) => move(tx, deps, actor, office.id, i, 'submitted', 'under_review'));
}

/**
 * The office's decision on an initiative under review: back to the team for changes, supported,
 * or declined (with a reason). Two reviewers deciding at once: exactly one decision is kept; the
 * other reads that the status has just changed.
 */
export async function decide(
  deps: Svc,
  actor: Actor,
  office: OfficeRef,
  i: Pick<Initiative, 'id' | 'title'>,
  decision: Decision,
  note: string,
): Promise<Result> {
  if (!isStaff(actor, office.id)) return { ok: false, error: 'error.404.title' };
  if (decision === 'declined' && note.trim() === '') return { ok: false, field: 'note', error: 'init.err.reasonRequired' };
  return write(deps, (tx) => move(tx, deps, actor, office.id, i, 'under_review', decision, { decision_note: note.trim() }));
}

/** The team starts a supported initiative. */
export async function startWork(deps: Svc, actor: Actor, office: OfficeRef, id: string): Promise<Result> {
  return write(deps, async (tx) => {
    const i = await teamOnly(tx, actor, office.id, id);
    await move(tx, deps, actor, office.id, i, 'supported', 'in_progress');
  });
}

/** The team's report completes a running initiative (text and people reached by age group). */
export async function completeInitiative(deps: Svc, actor: Actor, office: OfficeRef, id: string, r: ReportInput): Promise<Result> {
  return write(deps, async (tx) => {
    const i = await teamOnly(tx, actor, office.id, id);
    await move(tx, deps, actor, office.id, i, 'in_progress', 'completed', {
      report: { text: r.report, r15: r.reached_15_19, r20: r.reached_20_24, r25: r.reached_25_30 },
    });
  });
}

/** A team member invites someone by e-mail; the mail carries the link that accepts it. */
export async function inviteMember(deps: Svc, actor: Actor, office: OfficeRef, id: string, email: string): Promise<Result> {
  return write(deps, async (tx) => {
    const i = await teamOnly(tx, actor, office.id, id);
    if (i.status === 'declined' || i.status === 'completed') refuse({ ok: false, error: 'init.err.locked' });
    const token = newToken();
    if (!(await insertInvite(tx, office.id, id, email, tokenHash(token), actor.userId)))
      refuse({ ok: false, field: 'email', error: 'init.err.alreadyMember' });
    await insertHistory(tx, office.id, id, { actorId: actor.userId, actorName: actor.displayName, action: 'invited', note: email });
    await queueInviteMail(tx, deps, office.id, i, email, token, { name: actor.displayName, locale: actor.locale });
  });
}

/** The invitation a mailed link names (for its page), if still open. */
export const findInvite = (deps: Pick<Deps, 'db'>, token: string) => inviteByToken(deps.db, tokenHash(token));

/** The signed-in person accepts the invitation and joins the team. */
export async function acceptInvite(deps: Svc, actor: Actor, token: string): Promise<Result<{ officeSlug: string; id: string }>> {
  const hash = tokenHash(token);
  return write(deps, async (tx) => {
    const inv = await inviteByToken(tx, hash);
    if (!inv || !(await acceptInviteRow(tx, inv.office_id, hash, actor.userId))) return refuse({ ok: false, error: 'init.err.badInvite' });
    await insertHistory(tx, inv.office_id, inv.initiative_id, { actorId: actor.userId, actorName: actor.displayName, action: 'joined' });
    return { officeSlug: inv.office_slug, id: inv.initiative_id };
  });
}

/** A comment of the team or the office; the office's is mailed to the team. */
export async function addComment(deps: Svc, actor: Actor, office: OfficeRef, id: string, body: string): Promise<Result> {
  return write(deps, async (tx) => {
    const i = await lockInitiative(tx, office.id, id);
    if (!i) return refuse({ ok: false, error: 'error.404.title' });
    const team = await isMember(tx, office.id, id, actor.userId);
    const staff = isStaff(actor, office.id) && i.status !== 'draft';
    if (!team && !staff) refuse({ ok: false, error: 'error.404.title' });
    const fromOffice = staff && !team;
    await insertComment(tx, office.id, id, { authorId: actor.userId, authorName: actor.displayName.slice(0, 120), fromOffice, body });
    if (fromOffice) await queueCommentMail(tx, deps, office.id, i, body);
  });
}

/** A photo of the report with its description, while the initiative runs or once it is completed. */
export async function addPhoto(deps: Svc, actor: Actor, office: OfficeRef, id: string, image: ImageUpload, alt: string): Promise<Result> {
  return write(deps, async (tx) => {
    const i = await teamOnly(tx, actor, office.id, id);
    if (i.status !== 'in_progress' && i.status !== 'completed') refuse({ ok: false, error: 'init.err.photoState' });
    const fileId = await insertFile(tx, office.id, { ...image, uploadedBy: actor.userId });
    await insertPhoto(tx, office.id, id, { fileId, alt, width: image.width, height: image.height, by: actor.userId });
    await insertHistory(tx, office.id, id, { actorId: actor.userId, actorName: actor.displayName, action: 'photo', note: alt });
  });
}

/**
 * For booking space and equipment from the initiative's page (the bookings feature, linked by
 * app.ts once merged): a supported or running initiative's dates, place and team; undefined
 * for any other status or another office's id.
 */
export const supportedInitiative = (q: Queryable, officeId: string, id: string) => supportedPlan(q, officeId, id);
