import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import { listSessions } from '../activities/repo.ts';
import { deleteAttendance, findByCode, findRegistration, insertAttendance, type CheckinActivity } from './repo.ts';
import { parseEntryCode } from '../registrations/entry-code.ts';
import { CODE_PATTERN, normaliseCode } from './schema.ts';

/**
 * What became of one check-in:
 * ok — marked present now; already — was marked before (the first check-in is kept);
 * unknown — no registration of this office has the code (another office's code is unknown here
 * too: an office learns nothing of another's registrations); other_activity — the code is for
 * another activity of this office; not_confirmed —
 * the registration is waitlisted, pending, cancelled…; bad_session — the session is not one of
 * this activity's; cancelled_activity — the activity was cancelled.
 */
export const OUTCOMES = ['ok', 'already', 'unknown', 'other_activity', 'not_confirmed', 'bad_session', 'cancelled_activity'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface CheckinRequest {
  /** A code read by the camera or typed (then registrationId is absent), … */
  code?: string;
  /** … or the registration ticked on the list. */
  registrationId?: string;
  sessionId: string;
  /** When the device saw the person (an offline check-in keeps its time). */
  at: Date;
  method: 'qr' | 'list';
}

export interface CheckinResult {
  outcome: Outcome;
  registrationId?: string;
  /** The person's name, for ok and already (staff see the list anyway). */
  name?: string;
}

const DAY = 24 * 3600_000;

/**
 * A device's time is believed between a day before the session and now: a clock set in the
 * future, or a queue kept for weeks, is recorded as now.
 */
export function checkedAt(at: Date, sessionStart: Date, now: Date): Date {
  const t = at.getTime();
  if (Number.isNaN(t) || t > now.getTime() || t < sessionStart.getTime() - DAY) return now;
  return at;
}

/**
 * Checks people in at sessions of one activity: one transaction for the whole batch (a list
 * tick, a typed code, or a synced offline queue), one answer per item, one audit event. A
 * double check-in is decided by the attendance primary key (ON CONFLICT DO NOTHING), so two
 * devices scanning the same code at once both answer sensibly and one row is kept.
 */
export async function checkIn(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  activity: CheckinActivity,
  items: readonly CheckinRequest[],
): Promise<CheckinResult[]> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const sessions = new Map((await listSessions(tx, office.id, activity.id)).map((s) => [s.id, s]));
    const results: CheckinResult[] = [];
    const marked: Array<{ registration: string; session: string }> = [];
    for (const item of items) {
      const session = sessions.get(item.sessionId);
      if (!session) {
        results.push({ outcome: 'bad_session' });
        continue;
      }
      if (activity.status === 'cancelled') {
        results.push({ outcome: 'cancelled_activity' });
        continue;
      }
      let reg;
      if (item.registrationId) {
        reg = await findRegistration(tx, office.id, activity.id, item.registrationId);
        if (!reg) {
          results.push({ outcome: 'unknown' });
          continue;
        }
      } else {
        // The QR code's long secret (case matters), else the entry code typed by a person.
        const secret = normaliseCode(item.code ?? '');
        const entry = parseEntryCode(item.code ?? '');
        reg = CODE_PATTERN.test(secret)
          ? await findByCode(tx, office.id, { secret })
          : entry
            ? await findByCode(tx, office.id, { entry })
            : undefined;
        if (!reg) {
          results.push({ outcome: 'unknown' });
          continue;
        }
        if (reg.activity_id !== activity.id) {
          results.push({ outcome: 'other_activity' });
          continue;
        }
      }
      if (reg.status !== 'confirmed') {
        results.push({ outcome: 'not_confirmed', registrationId: reg.id, name: reg.full_name });
        continue;
      }
      const fresh = await insertAttendance(
        tx,
        office.id,
        reg.id,
        session.id,
        checkedAt(item.at, session.starts_at, now),
        actor.userId,
        item.method,
      );
      if (fresh) marked.push({ registration: reg.id, session: session.id });
      results.push({ outcome: fresh ? 'ok' : 'already', registrationId: reg.id, name: reg.full_name });
    }
    if (marked.length > 0) {
      await recordAudit(tx, {
        officeId: office.id,
        actorId: actor.userId,
        action: 'attendance.checkin',
        target: activity.id,
        data: { marked },
      });
    }
    return results;
  });
}

/** Undoes a tick: the person was marked present at the session by mistake. */
export async function uncheck(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  activity: CheckinActivity,
  registrationId: string,
  sessionId: string,
): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const removed = await deleteAttendance(tx, office.id, registrationId, sessionId);
    if (removed) {
      await recordAudit(tx, {
        officeId: office.id,
        actorId: actor.userId,
        action: 'attendance.undo',
        target: activity.id,
        data: { registration: registrationId, session: sessionId },
      });
    }
    return removed;
  });
}

/**
 * The session a check-in page opens on: the one asked for, else the one under way or next
 * (first whose end is still ahead), else the last.
 */
export function defaultSession<S extends { id: string; ends_at: Date }>(
  sessions: readonly S[],
  asked: string | undefined,
  now: Date,
): S | undefined {
  return sessions.find((s) => s.id === asked) ?? sessions.find((s) => s.ends_at.getTime() > now.getTime()) ?? sessions[sessions.length - 1];
}
