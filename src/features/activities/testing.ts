import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../core/db/db.ts';

/**
 * Test data for the activities family, written with plain SQL against migration 0003 so every
 * feature's tests can start from an activity (and its registrations) without going through
 * another feature's forms. Production code never imports this file.
 */

export interface TestActivity {
  id: string;
  officeId: string;
  sessionIds: string[];
}

export interface TestActivityInput {
  kind?: string;
  status?: 'draft' | 'published' | 'cancelled';
  title?: string;
  capacity?: number | null;
  needsApproval?: boolean;
  certificateHours?: number | null;
  /** Sessions as [start, end]; default: one two-hour session a week from now. */
  sessions?: Array<[Date, Date]>;
  areas?: string[];
  ageMin?: number | null;
  ageMax?: number | null;
  placeKind?: 'office' | 'address' | 'online';
  place?: string;
  onlineUrl?: string;
  questions?: Array<{ id: string; label: string; required: boolean }>;
  registrationOpens?: Date | null;
  registrationCloses?: Date | null;
}

const HOUR = 3_600_000;

/** An activity of the office (by slug) with its sessions; published, ten places, by default. */
export async function makeActivity(q: Queryable, officeSlug: string, input: TestActivityInput = {}): Promise<TestActivity> {
  const [office] = await q.query<{ id: string }>('SELECT id FROM offices WHERE slug = $1', [officeSlug]);
  if (!office) throw new Error(`makeActivity: no office ${officeSlug}`);
  const start = new Date(Math.ceil((Date.now() + 7 * 24 * HOUR) / HOUR) * HOUR);
  const sessions = input.sessions ?? [[start, new Date(start.getTime() + 2 * HOUR)]];
  const title = input.title ?? `Probna radionica ${randomBytes(3).toString('hex')}`;
  const [row] = await q.query<{ id: string }>(
    `INSERT INTO activities (office_id, kind, status, title, areas, age_min, age_max, place_kind, place, online_url, capacity,
                             needs_approval, questions, certificate_hours, starts_at, ends_at, registration_opens,
                             registration_closes, search_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, lower($4)) RETURNING id`,
    [
      office.id,
      input.kind ?? 'workshop',
      input.status ?? 'published',
      title,
      input.areas ?? ['education'],
      input.ageMin ?? null,
      input.ageMax ?? null,
      input.placeKind ?? 'office',
      input.place ?? 'sala 1',
      input.onlineUrl ?? '',
      input.capacity === undefined ? 10 : input.capacity,
      input.needsApproval ?? false,
      JSON.stringify(input.questions ?? []),
      input.certificateHours ?? null,
      sessions[0]![0],
      sessions[sessions.length - 1]![1],
      input.registrationOpens ?? null,
      input.registrationCloses ?? null,
    ],
  );
  const sessionIds: string[] = [];
  for (const [i, [s, e]] of sessions.entries()) {
    const [sr] = await q.query<{ id: string }>(
      'INSERT INTO activity_sessions (office_id, activity_id, position, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [office.id, row!.id, i + 1, s, e],
    );
    sessionIds.push(sr!.id);
  }
  return { id: row!.id, officeId: office.id, sessionIds };
}

export interface TestRegistrationInput {
  status?: 'unconfirmed' | 'pending' | 'confirmed' | 'waitlisted' | 'declined' | 'cancelled';
  source?: 'account' | 'guest' | 'walk_in';
  userId?: string | null;
  personId?: string | null;
  fullName?: string;
  email?: string;
  birthYear?: number | null;
  script?: 'cir' | 'lat' | 'en';
}

/**
 * A registration written directly (confirmed by default), keeping the activity's
 * confirmed_count right. Returns its id, its check-in code (the QR's secret) and its entry code (bare).
 */
export async function makeRegistration(
  q: Queryable,
  activity: Pick<TestActivity, 'id' | 'officeId'>,
  input: TestRegistrationInput = {},
): Promise<{ id: string; code: string; shortCode: string }> {
  const status = input.status ?? 'confirmed';
  const code = randomBytes(18).toString('base64url');
  const n = randomBytes(3).toString('hex');
  const [row] = await q.query<{ id: string; short_code: string }>(
    // queued_at strictly after the activity's last one: made in a loop, the waitlist order is the order of the calls.
    `INSERT INTO registrations (office_id, activity_id, user_id, person_id, full_name, email, birth_year, status, source, code, script, confirmed_at, queued_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $8 IN ('confirmed', 'waitlisted', 'pending') THEN now() END,
             GREATEST(clock_timestamp(), (SELECT max(queued_at) + interval '1 millisecond' FROM registrations WHERE office_id = $1 AND activity_id = $2)))
     RETURNING id, short_code`,
    [
      activity.officeId,
      activity.id,
      input.userId ?? null,
      input.personId ?? null,
      input.fullName ?? `Učesnik ${n}`,
      input.email ?? `ucesnik.${n}@primer.test`,
      input.birthYear === undefined ? 2005 : input.birthYear,
      status,
      input.source ?? (input.userId ? 'account' : 'guest'),
      code,
      input.script ?? 'lat',
    ],
  );
  if (status === 'confirmed') {
    await q.query('UPDATE activities SET confirmed_count = confirmed_count + 1 WHERE office_id = $1 AND id = $2', [
      activity.officeId,
      activity.id,
    ]);
  }
  return { id: row!.id, code, shortCode: row!.short_code };
}
