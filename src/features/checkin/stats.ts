/**
 * Attendance numbers: THE query module for what activities add up to (issue #5, point 6).
 * The activity's statistics page, the period page, the attendance API — and later the LAP
 * indicators and the annual report — call `attendanceNumbers`; nothing else counts
 * registrations or attendance for display.
 *
 * Scope: an office, optionally one activity, a period (dates in Belgrade time, both ends
 * included), a LAP area and a kind. Drafts never count. A session is in the scope when it
 * starts in the period; an activity when one of its sessions is.
 *
 * Definitions:
 * - registrations: registrations of the activities in scope, except guests who never confirmed
 *   their e-mail, by status (confirmed / waitlisted / pending / cancelled incl. declined);
 * - attendance: person-sessions — check-ins at sessions in scope;
 * - participants: distinct people checked in at least once in scope. A person is their account
 *   (the registration's, or the account of the register row it links), else the register row
 *   (person_id, following a merge), else the lower-cased e-mail, else the registration itself;
 * - first-timers: participants whose first check-in ever in this office (any activity) is not
 *   before the start of the scope (the period's first day, or the activity's first session);
 * - profile (age group, gender, settlement kind, status) per participant: age from the birth
 *   year at their first attended session in scope (the registration's birth year, else the
 *   register's); gender, settlement kind and status from the office's register row (linked by
 *   person_id, or by the account) when the person's register consent is in force (or the row
 *   is anonymised, which keeps those fields); 'unknown' otherwise.
 *
 * Everything leaves as aggregates with cells under 5 suppressed by the register's own rules
 * (people/stats.ts): partitions of the participants share one total; registrations by status
 * and attendance by session are partitions of their totals.
 */
import type { Queryable } from '../../core/db/db.ts';
import { AGE_GROUPS, GENDERS, SETTLEMENT_KINDS, STATUSES } from '../people/schema.ts';
import { DEFAULT_THRESHOLD, cellsOf, suppress, suppressShared, type OutCell, type RawCount, type Table } from '../../core/suppress.ts';
import { activityTitles, rawAttendanceCounts, rawAttendanceCountsByArea, scopeSessions, type AttendanceScope } from './stats-repo.ts';

export type { AttendanceScope } from './stats-repo.ts';

export const REG_STATUSES = ['confirmed', 'waitlisted', 'pending', 'cancelled'] as const;
export const PROFILE_DIMENSIONS = ['age', 'gender', 'settlement_kind', 'status'] as const;
export type ProfileDimension = (typeof PROFILE_DIMENSIONS)[number];

const SPECS = {
  age: [...AGE_GROUPS, 'unknown'],
  gender: [...GENDERS, 'unknown'],
  settlement_kind: [...SETTLEMENT_KINDS, 'unknown'],
  status: [...STATUSES, 'unknown'],
  first_time: ['first', 'returning'],
} as const;

export interface AttendanceNumbers {
  threshold: number;
  /** Activities and sessions in scope (not counts of people: exact). */
  activities: number;
  sessions: number;
  /** Registrations by status; its total is the number of registrations. */
  registrations: Table;
  /** Person-sessions (check-ins). With one activity: by session, total = attendance. */
  attendance: OutCell;
  bySession: Array<{ id: string; position: number; startsAt: Date; cell: OutCell }>;
  /** Distinct participants (the shared total of the profile tables). */
  participants: OutCell;
  firstTimers: OutCell;
  /** Participants by profile dimension, and first-time vs returning (one shared total). */
  profile: Record<ProfileDimension | 'first_time', Table>;
  /** Period scope: distinct participants per activity (not a partition: no total). */
  byActivity: Array<{ id: string; title: string; startsAt: Date; cell: OutCell }>;
}

const scalar = (raw: readonly RawCount[], name: string) => raw.filter((r) => r.dimension === name).reduce((sum, r) => sum + r.n, 0);

/** One figure about people, suppressed on its own (a count under the threshold shows as "<5"). */
const single = (key: string, count: number, threshold: number): OutCell =>
  suppress([{ key, count }], threshold, { partition: false }).cells[0]!;

/**
 * The attendance numbers of a scope, suppressed. `threshold` is 5 unless a test says otherwise.
 */
export async function attendanceNumbers(
  q: Queryable,
  scope: AttendanceScope,
  threshold: number = DEFAULT_THRESHOLD,
): Promise<AttendanceNumbers> {
  const raw = await rawAttendanceCounts(q, scope);
  if (scope.activityId) {
    const sessions = await scopeSessions(q, scope.officeId, scope.activityId, scope);
    // Attendance by session is a partition of the attendance: suppressed together.
    const table = suppress(cellsOf(raw, { name: 'session', codes: sessions.map((x) => x.id), partition: true }), threshold);
    return {
      ...numbersOf(raw, threshold, []),
      attendance: { ...table.total!, key: 'attendance' },
      bySession: sessions.map((x, i) => ({ id: x.id, position: x.position, startsAt: x.starts_at, cell: table.cells[i]! })),
    };
  }
  const acts = await activityTitles(q, scope.officeId, activityIds(raw));
  return numbersOf(raw, threshold, acts);
}

/**
 * The numbers of a period for several LAP areas at once (null: every area), each what
 * `attendanceNumbers` gives for that area: one attendance query (stats-repo.ts
 * `rawAttendanceCountsByArea`) and one query of activity titles for them all.
 */
export async function attendanceNumbersByArea(
  q: Queryable,
  scope: Omit<AttendanceScope, 'activityId' | 'area'>,
  areas: ReadonlyArray<string | null>,
  threshold: number = DEFAULT_THRESHOLD,
): Promise<Map<string | null, AttendanceNumbers>> {
  const raws = await rawAttendanceCountsByArea(q, { ...scope, activityId: null }, areas);
  const titles = await activityTitles(q, scope.officeId, [...new Set([...raws.values()].flatMap(activityIds))]);
  return new Map(
    [...raws].map(([area, raw]) => {
      const ids = new Set(activityIds(raw));
      return [
        area,
        numbersOf(
          raw,
          threshold,
          titles.filter((a) => ids.has(a.id)),
        ),
      ];
    }),
  );
}

const activityIds = (raw: readonly RawCount[]) => raw.filter((r) => r.dimension === 'activity').map((r) => r.code!);

/** A period's numbers from its raw counts and the titles of its activities (by start, as activityTitles reads them). */
function numbersOf(
  raw: readonly RawCount[],
  threshold: number,
  acts: ReadonlyArray<{ id: string; title: string; starts_at: Date }>,
): AttendanceNumbers {
  const registrations = suppress(cellsOf(raw, { name: 'reg_status', codes: REG_STATUSES, partition: true }), threshold);
  const profile = suppressShared(
    {
      age: cellsOf(raw, { name: 'age', codes: SPECS.age, partition: true }),
      gender: cellsOf(raw, { name: 'gender', codes: SPECS.gender, partition: true }),
      settlement_kind: cellsOf(raw, { name: 'settlement_kind', codes: SPECS.settlement_kind, partition: true }),
      status: cellsOf(raw, { name: 'status', codes: SPECS.status, partition: true }),
      first_time: cellsOf(raw, { name: 'first_time', codes: SPECS.first_time, partition: true }),
    },
    threshold,
  ) as AttendanceNumbers['profile'];
  const participants = profile.age.total!;
  const firstTimers = profile.first_time.cells.find((c) => c.key === 'first')!;
  const table = suppress(cellsOf(raw, { name: 'activity', codes: acts.map((a) => a.id), partition: false }), threshold, {
    partition: false,
  });
  return {
    threshold,
    activities: scalar(raw, 'activities'),
    sessions: scalar(raw, 'sessions'),
    registrations,
    attendance: single('attendance', scalar(raw, 'attendance'), threshold),
    bySession: [],
    participants,
    firstTimers,
    profile,
    byActivity: acts.map((a, i) => ({ id: a.id, title: a.title, startsAt: a.starts_at, cell: table.cells[i]! })),
  };
}
