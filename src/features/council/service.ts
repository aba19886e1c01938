import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import type { FormValues } from '../../core/http/forms.ts';
import { isUuid } from '../../core/http/ids.ts';
import type { Result } from '../../core/result.ts';
import { belgradeInstant, localParts } from '../../core/time.ts';
import { queueInvitations } from './mails.ts';
import { planItemChoices, planItemValue, type PlanItemChoice } from './plan-items.ts';
import {
  ATTENDANCE,
  agendaOf,
  attendeesOf,
  deleteMember,
  insertDecision,
  insertDecisionPlanItems,
  insertMeeting,
  insertMember,
  lockCouncil,
  lockMeeting,
  officeMailRow,
  registerPerson,
  setAdopted,
  setInvited,
  setMinutes,
  updateMember,
  upsertAttendance,
  type AttendanceStatus,
  type DecisionSubject,
  type MemberFields,
  type Meeting,
} from './repo.ts';
import { agendaLines, type DecisionInput, type MeetingInput, type MemberInput } from './schema.ts';

const HOUR = 3_600_000;

/** The composition trigger's refusal (migration 0015), or undefined for any other error. */
function halfYoungRefusal(err: unknown): Result<never> | undefined {
  const e = err as { code?: string; constraint?: string; detail?: string } | null;
  if (e?.constraint !== 'council_members_half_young') return undefined;
  const [day = '', young = '0', total = '0'] = (e.detail ?? '').split('|');
  return { ok: false, error: 'council.err.halfYoung', vars: { young: Number(young), total: Number(total), day } };
}

/** The member's fields: a chosen register person fills what was left blank. */
async function memberFields(deps: Deps, office: OfficeRef, input: MemberInput): Promise<Result<MemberFields>> {
  let personId: string | null = null;
  let fullName = input.full_name;
  let birthYear = input.birth_year;
  let email = input.email ?? '';
  if (input.person_id !== '') {
    const p = isUuid(input.person_id) ? await registerPerson(deps.db, office.id, input.person_id) : undefined;
    if (!p) return { ok: false, field: 'person_id', error: 'council.err.person' };
    personId = p.id;
    fullName ||= p.full_name;
    birthYear ??= p.birth_year;
    email ||= p.email;
  }
  return {
    ok: true,
    value: {
      personId,
      fullName,
      role: input.role,
      organisation: input.organisation,
      birthYear: birthYear!,
      email,
      termFrom: input.term_from,
      termTo: input.term_to || null,
    },
  };
}

/**
 * Adds a member in one transaction under the council's lock. The database refuses a change
 * that leaves fewer than half of the members young (then nothing is written); the refusal
 * says how many would be young of how many, and from which day.
 */
export async function addMember(deps: Deps, actor: Actor, office: OfficeRef, input: MemberInput): Promise<Result<{ id: string }>> {
  const fields = await memberFields(deps, office, input);
  if (!fields.ok) return fields;
  try {
    return await deps.db.transaction(async (tx) => {
      await lockCouncil(tx, office.id);
      const id = await insertMember(tx, office.id, fields.value, actor.userId);
      await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'council.member.add', target: id });
      return { ok: true as const, value: { id } };
    });
  } catch (err) {
    const r = halfYoungRefusal(err);
    if (r) return r;
    throw err;
  }
}

export async function editMember(deps: Deps, actor: Actor, office: OfficeRef, memberId: string, input: MemberInput): Promise<Result> {
  const fields = await memberFields(deps, office, input);
  if (!fields.ok) return fields;
  try {
    return await deps.db.transaction(async (tx) => {
      await lockCouncil(tx, office.id);
      if (!(await updateMember(tx, office.id, memberId, fields.value))) return { ok: false as const, error: 'error.404.title' as const };
      await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'council.member.edit', target: memberId });
      return { ok: true as const, value: undefined };
    });
  } catch (err) {
    const r = halfYoungRefusal(err);
    if (r) return r;
    throw err;
  }
}

/** Removes a member (a mistake; a member who leaves gets an end of term instead). */
export async function removeMember(deps: Deps, actor: Actor, office: OfficeRef, memberId: string): Promise<Result> {
  try {
    return await deps.db.transaction(async (tx) => {
      await lockCouncil(tx, office.id);
      if (!(await deleteMember(tx, office.id, memberId))) return { ok: false as const, error: 'error.404.title' as const };
      await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'council.member.remove', target: memberId });
      return { ok: true as const, value: undefined };
    });
  } catch (err) {
    const r = halfYoungRefusal(err);
    if (r) return r;
    throw err;
  }
}

// ── Meetings ───────────────────────────────────────────────────────────────

/** Schedules a meeting (or records one already held) with its agenda; two hours unless an end is given. */
export async function scheduleMeeting(deps: Deps, actor: Actor, office: OfficeRef, input: MeetingInput): Promise<Result<{ id: string }>> {
  const startsAt = belgradeInstant(input.date, input.time);
  const endsAt = input.end_time ? belgradeInstant(input.date, input.end_time) : new Date(startsAt.getTime() + 2 * HOUR);
  if (endsAt.getTime() - startsAt.getTime() > 12 * HOUR) return { ok: false, field: 'end_time', error: 'council.err.endTime' };
  return deps.db.transaction(async (tx) => {
    const id = await insertMeeting(
      tx,
      office.id,
      { startsAt, endsAt, place: input.place, agenda: agendaLines(input.agenda) },
      actor.userId,
    );
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'council.meeting.schedule', target: id });
    return { ok: true as const, value: { id } };
  });
}

/**
 * Mails the invitation (.ics) to every member serving on the meeting's day who has an address,
 * in one transaction with the meeting's new invitation sequence. Only for a meeting ahead.
 */
export async function sendInvitations(deps: Deps, actor: Actor, office: OfficeRef, meetingId: string): Promise<Result<{ sent: number }>> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const meeting = await lockMeeting(tx, office.id, meetingId);
    if (!meeting) return { ok: false as const, error: 'error.404.title' as const };
    if (new Date(meeting.starts_at) <= now) return { ok: false as const, error: 'council.err.invitePast' as const };
    const attendees = (await attendeesOf(tx, office.id, meetingId)).filter((a) => a.email !== '');
    if (attendees.length === 0) return { ok: false as const, error: 'council.err.noAddresses' as const };
    const sequence = await setInvited(tx, office.id, meetingId);
    const [agenda, o] = await Promise.all([agendaOf(tx, office.id, meetingId), officeMailRow(tx, office.id)]);
    const sent = await queueInvitations(
      tx,
      deps,
      { meeting, agenda, office: { slug: office.slug, name: o.name, email: o.email }, sequence, now },
      attendees,
    );
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'council.meeting.invite',
      target: meetingId,
      data: { sent },
    });
    return { ok: true as const, value: { sent } };
  });
}

/** Whether the meeting's day (Belgrade) has come: attendance is recorded from then on. */
const hasBegun = (meeting: Pick<Meeting, 'starts_at'>, now: Date) => localParts(new Date(meeting.starts_at)).date <= localParts(now).date;

/**
 * Records attendance from the form's radio groups (`a_<member id>` → present / excused /
 * absent); members not serving on the meeting's day are ignored. Not before the meeting's
 * day, not after the minutes were adopted.
 */
export async function recordAttendance(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  meetingId: string,
  values: FormValues,
): Promise<Result<{ recorded: number }>> {
  const statuses: Array<{ memberId: string; status: AttendanceStatus }> = [];
  for (const [k, v] of Object.entries(values)) {
    const m = /^a_(.+)$/.exec(k);
    if (!m || !isUuid(m[1]!)) continue;
    if (!(ATTENDANCE as readonly string[]).includes(v)) return { ok: false, field: k, error: 'err.choice' };
    statuses.push({ memberId: m[1]!, status: v as AttendanceStatus });
  }
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const meeting = await lockMeeting(tx, office.id, meetingId);
    if (!meeting) return { ok: false as const, error: 'error.404.title' as const };
    if (meeting.minutes_adopted_at) return { ok: false as const, error: 'council.err.adopted' as const };
    if (!hasBegun(meeting, now)) return { ok: false as const, error: 'council.err.attendanceEarly' as const };
    const recorded = await upsertAttendance(tx, office.id, meetingId, statuses, actor.userId);
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'council.meeting.attendance',
      target: meetingId,
      data: { recorded },
    });
    return { ok: true as const, value: { recorded } };
  });
}

/** Saves the minutes' text (typed in either script, stored as typed) until they are adopted. */
export async function saveMinutes(deps: Deps, actor: Actor, office: OfficeRef, meetingId: string, minutes: string): Promise<Result> {
  return deps.db.transaction(async (tx) => {
    const meeting = await lockMeeting(tx, office.id, meetingId);
    if (!meeting) return { ok: false as const, error: 'error.404.title' as const };
    if (meeting.minutes_adopted_at) return { ok: false as const, field: 'minutes', error: 'council.err.adopted' as const };
    await setMinutes(tx, office.id, meetingId, minutes);
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'council.meeting.minutes', target: meetingId });
    return { ok: true as const, value: undefined };
  });
}

/** Adopts the minutes: from then on they are public and never change (a trigger keeps them). */
export async function adoptMinutes(deps: Deps, actor: Actor, office: OfficeRef, meetingId: string): Promise<Result> {
  return deps.db.transaction(async (tx) => {
    const meeting = await lockMeeting(tx, office.id, meetingId);
    if (!meeting) return { ok: false as const, error: 'error.404.title' as const };
    if (meeting.minutes_adopted_at) return { ok: true as const, value: undefined };
    if (meeting.minutes.trim() === '') return { ok: false as const, error: 'council.err.noMinutes' as const };
    if (!hasBegun(meeting, deps.now())) return { ok: false as const, error: 'council.err.attendanceEarly' as const };
    await setAdopted(tx, office.id, meetingId, actor.userId);
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'council.meeting.adopt', target: meetingId });
    return { ok: true as const, value: undefined };
  });
}

/** Records a decision, opinion or recommendation under one of the meeting's agenda items (until the minutes are adopted). */
export async function addDecision(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  meetingId: string,
  input: Omit<DecisionInput, 'plan_items'> & { plan_items?: string },
): Promise<Result<{ id: string }>> {
  if (!isUuid(input.item_id)) return { ok: false, field: 'item_id', error: 'err.choice' };
  const subject: DecisionSubject = { kind: 'other', text: input.subject };
  // The plan items picked: each must be one the plan offers the office today.
  const picked = [
    ...new Set(
      (input.plan_items ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const offered = picked.length ? new Map((await planItemChoices(deps.db, office.id)).map((c) => [planItemValue(c), c])) : new Map();
  const planItems = picked.map((v) => offered.get(v));
  if (planItems.some((c) => !c)) return { ok: false, field: 'plan_items', error: 'err.choice' };
  return deps.db.transaction(async (tx) => {
    const meeting = await lockMeeting(tx, office.id, meetingId);
    if (!meeting) return { ok: false as const, error: 'error.404.title' as const };
    if (meeting.minutes_adopted_at) return { ok: false as const, error: 'council.err.adopted' as const };
    const id = await insertDecision(
      tx,
      office.id,
      { meetingId, itemId: input.item_id, kind: input.kind, body: input.body, subject },
      actor.userId,
    );
    if (!id) return { ok: false as const, field: 'item_id', error: 'err.choice' as const };
    await insertDecisionPlanItems(tx, office.id, id, planItems as PlanItemChoice[]);
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'council.decision.add',
      target: id,
      data: { planItems: picked },
    });
    return { ok: true as const, value: { id } };
  });
}

/** The quorum: more than half of the members serving on the meeting's day. */
export function quorumOf(serving: number, present: number) {
  const needed = Math.floor(serving / 2) + 1;
  return { serving, present, needed, reached: serving > 0 && present >= needed };
}
