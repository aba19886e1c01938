import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Queryable } from '../../core/db/db.ts';
import { insertFile } from '../../core/files.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import { pageWrite } from '../../core/http/page-cache.ts';
import type { ImageUpload } from '../../core/http/uploads.ts';
import { activityTags } from './cache.ts';
import { seatKeeper } from './seat-keeper.ts';
import { scopeOf, type Editor } from './policy.ts';
import {
  attendanceOutside,
  countOfficePartners,
  deleteFile,
  insertActivity,
  lockActivityRow,
  replacePartners,
  saveSessions,
  setImage,
  setStatus,
  updateActivity,
  type ActivityRow,
  lapActivityKeyOf,
  setLapActivityKey,
} from './repo.ts';
import { planActivityChoices } from './plan-link.ts';
import { activitySearchKey, type ActivityInput } from './schema.ts';
import type { Result } from '../../core/result.ts';

const row = (input: ActivityInput): ActivityRow => ({
  kind: input.kind,
  title: input.title,
  summary: input.summary,
  description: input.description,
  areas: input.areas,
  target_group: input.target_group,
  age_min: input.age_min,
  age_max: input.age_max,
  place_kind: input.place_kind,
  place: input.place,
  online_url: input.online_url,
  capacity: input.capacity,
  registration_opens: input.registration_opens,
  registration_closes: input.registration_closes,
  needs_approval: input.needs_approval,
  questions: input.questions,
  image_file_id: null,
  image_alt: '',
  cost: input.cost,
  certificate_hours: input.certificate_hours,
  starts_at: input.sessions[0]!.starts_at,
  ends_at: new Date(Math.max(...input.sessions.map((s) => s.ends_at.getTime()))),
  search_key: activitySearchKey(input),
});

/** Checks that need the database but write nothing: partners of the office, the representative's association. */
async function checkRefs(q: Queryable, officeId: string, editor: Editor, input: ActivityInput): Promise<Result<string | null>> {
  if (input.partners.length > 0 && (await countOfficePartners(q, officeId, input.partners)) !== input.partners.length) {
    return { ok: false, field: 'partners', error: 'activities.err.partner' };
  }
  if (editor.kind === 'rep') {
    const chosen = input.association ?? (editor.associations.length === 1 ? editor.associations[0]!.id : null);
    if (!chosen || !editor.associations.some((a) => a.id === chosen))
      return { ok: false, field: 'association', error: 'activities.err.association' };
    return { ok: true, value: chosen };
  }
  return { ok: true, value: null };
}

/**
 * The plan activity the form links the activity to: `key` null to unlink. Only office staff
 * link (an association's representative edits no plan); a key must be one of the current plan's
 * activities, or the one the activity is already linked to (an earlier plan's).
 */
export interface PlanLink {
  key: string | null;
}

const okNone = { ok: true, value: undefined } as const;

async function checkPlanLink(
  q: Queryable,
  officeId: string,
  editor: Editor,
  link: PlanLink | undefined,
  current: string | null,
): Promise<Result<string | null | undefined>> {
  if (!link || editor.kind === 'rep') return { ok: true, value: undefined };
  if (link.key === null || link.key === current) return { ok: true, value: link.key };
  const key = link.key.toLowerCase();
  if (!(await planActivityChoices(q, officeId)).some((c) => c.key === key))
    return { ok: false, field: 'lap_activity_key', error: 'err.choice' };
  return { ok: true, value: key };
}

/**
 * Creates an activity as a draft: the row (starts/ends from its sessions), the sessions, the
 * partners and an audit event, in one transaction. (The image is added on its own: setActivityImage.)
 */
export async function createActivity(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  editor: Editor,
  input: ActivityInput,
  planLink?: PlanLink,
): Promise<Result<string>> {
  if (editor.kind === 'none') return { ok: false, error: editor.reason };
  const refs = await checkRefs(deps.db, office.id, editor, input);
  if (!refs.ok) return refs;
  const link = await checkPlanLink(deps.db, office.id, editor, planLink, null);
  if (!link.ok) return link;
  const id = await deps.db.transaction(async (tx) => {
    const id = await insertActivity(tx, office.id, row(input), { status: 'draft', associationId: refs.value, createdBy: actor.userId });
    if (link.value !== undefined) await setLapActivityKey(tx, office.id, id, link.value);
    await saveSessions(tx, office.id, id, input.sessions);
    await replacePartners(tx, office.id, id, input.partners);
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'activity.create',
      target: id,
      data: { sessions: input.sessions.length, association: refs.value },
    });
    return id;
  });
  // A draft shows on no public page: no cache to invalidate.
  return { ok: true, value: id };
}

class Refused extends Error {
  constructor(readonly result: Extract<Result, { ok: false }>) {
    super(result.error);
  }
}

/**
 * Saves an edit. The activity row is locked first, so the capacity rule is judged against the
 * exact confirmed count: lowering capacity below it is refused with the count named; raising
 * or removing it fills the freed seats from the waitlist (registrations/seats.ts) in the same
 * transaction. Sessions keep their ids (and attendance); removing a session with check-ins is
 * refused.
 */
export async function saveActivity(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  editor: Editor,
  id: string,
  input: ActivityInput,
  planLink?: PlanLink,
): Promise<Result<{ promoted: number }>> {
  if (editor.kind === 'none') return { ok: false, error: editor.reason };
  const refs = await checkRefs(deps.db, office.id, editor, input);
  if (!refs.ok) return refs;
  const link = planLink
    ? await checkPlanLink(deps.db, office.id, editor, planLink, await lapActivityKeyOf(deps.db, office.id, id))
    : okNone;
  if (!link.ok) return link;
  try {
    const promoted = await pageWrite(deps, async (tx, touch) => {
      const locked = await lockActivityRow(tx, office.id, id, scopeOf(editor));
      if (!locked) throw new Refused({ ok: false, error: 'error.404.title' });
      if (locked.status === 'cancelled') throw new Refused({ ok: false, error: 'activities.err.cancelled' });
      if (locked.status !== 'draft') touch(activityTags(office.id, id));
      if (input.capacity !== null && input.capacity < locked.confirmed_count) {
        throw new Refused({ ok: false, field: 'capacity', error: 'activities.err.capacityBelow', vars: { n: locked.confirmed_count } });
      }
      const keep = input.sessions.map((s) => s.id).filter((x): x is string => x !== null);
      if ((await attendanceOutside(tx, office.id, id, keep)) > 0)
        throw new Refused({ ok: false, field: '_form', error: 'activities.err.sessionAttended' });
      await updateActivity(tx, office.id, id, row(input));
      if (link.value !== undefined) await setLapActivityKey(tx, office.id, id, link.value);
      await saveSessions(tx, office.id, id, input.sessions);
      await replacePartners(tx, office.id, id, input.partners);
      await recordAudit(tx, {
        officeId: office.id,
        actorId: actor.userId,
        action: 'activity.update',
        target: id,
        data: { capacity: [locked.capacity, input.capacity], sessions: input.sessions.length },
      });
      const freed = locked.capacity !== null && (input.capacity === null || input.capacity > locked.capacity);
      return freed ? (await seatKeeper().fillFreedSeats(tx, deps, office.id, id)).length : 0;
    });
    return { ok: true, value: { promoted } };
  } catch (err) {
    if (err instanceof Refused) return err.result;
    throw err;
  }
}

/**
 * Sets the activity's image and its description (alt text, required): a new file replaces the
 * old one (deleted), or without a file the description of the current image changes. `image`
 * null with `remove`: the image goes.
 */
export async function setActivityImage(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  editor: Editor,
  id: string,
  change: { image: ImageUpload | null; alt: string } | 'remove',
): Promise<Result> {
  if (editor.kind === 'none') return { ok: false, error: editor.reason };
  try {
    await pageWrite(deps, async (tx, touch) => {
      const locked = await lockActivityRow(tx, office.id, id, scopeOf(editor));
      if (!locked) throw new Refused({ ok: false, error: 'error.404.title' });
      if (locked.status === 'cancelled') throw new Refused({ ok: false, error: 'activities.err.cancelled' });
      if (locked.status !== 'draft') touch(activityTags(office.id, id));
      const old = locked.image_file_id;
      let next: string | null = null;
      if (change !== 'remove') {
        if (!change.image && !old) throw new Refused({ ok: false, field: 'image', error: 'activities.err.imageMissing' });
        next = change.image ? await insertFile(tx, office.id, { ...change.image, uploadedBy: actor.userId }) : old;
      }
      await setImage(tx, office.id, id, next, change === 'remove' ? '' : change.alt);
      if (old && old !== next) await deleteFile(tx, office.id, old);
      await recordAudit(tx, {
        officeId: office.id,
        actorId: actor.userId,
        action: change === 'remove' ? 'activity.image.remove' : 'activity.image.set',
        target: id,
        data: { file: next },
      });
    });
  } catch (err) {
    if (err instanceof Refused) return err.result;
    throw err;
  }
  return { ok: true, value: undefined };
}

/** Draft → published (then the calendar shows it and registration opens as scheduled). */
export async function publishActivity(deps: Deps, actor: Actor, office: OfficeRef, editor: Editor, id: string): Promise<Result> {
  if (editor.kind === 'none') return { ok: false, error: editor.reason };
  const done = await pageWrite(deps, async (tx, touch) => {
    const locked = await lockActivityRow(tx, office.id, id, scopeOf(editor));
    if (!locked) return 'missing';
    if (!(await setStatus(tx, office.id, id, ['draft'], 'published'))) return 'state';
    touch(activityTags(office.id, id));
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'activity.publish', target: id });
    return 'ok';
  });
  if (done === 'missing') return { ok: false, error: 'error.404.title' };
  if (done === 'state') return { ok: false, error: 'activities.err.publishState' };
  return { ok: true, value: undefined };
}

/**
 * Cancels the activity: every live registration (confirmed, waitlisted, pending, unconfirmed)
 * is cancelled and its person mailed in their script (registrations/seats.ts, through the
 * SeatKeeper), in the transaction that marks the activity cancelled. Returns how many were told.
 */
export async function cancelActivity(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  editor: Editor,
  id: string,
  reason: string,
): Promise<Result<number>> {
  if (editor.kind === 'none') return { ok: false, error: editor.reason };
  const done = await pageWrite(deps, async (tx, touch) => {
    const locked = await lockActivityRow(tx, office.id, id, scopeOf(editor));
    if (!locked) return null;
    if (locked.status === 'cancelled') return -1;
    if (locked.status !== 'draft') touch(activityTags(office.id, id));
    const { registrations, mailed } = await seatKeeper().cancelActivitySeats(tx, deps, office.id, id, reason);
    await setStatus(tx, office.id, id, ['draft', 'published'], 'cancelled');
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'activity.cancel',
      target: id,
      data: { registrations, mailed },
    });
    return mailed;
  });
  if (done === null) return { ok: false, error: 'error.404.title' };
  if (done === -1) return { ok: false, error: 'activities.err.cancelled' };
  return { ok: true, value: done };
}
