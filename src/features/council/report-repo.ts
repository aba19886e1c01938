import type { Queryable } from '../../core/db/db.ts';
import type { DecisionKind } from './repo.ts';

/** The annual report's reads of the council (report.ts): the year's meetings and decisions. */
export function reportMeetings(q: Queryable, officeId: string, from: Date, until: Date) {
  return q.query<{ id: string; starts_at: Date; place: string; present: number; adopted: boolean }>(
    `SELECT g.id, g.starts_at, g.place, g.minutes_adopted_at IS NOT NULL AS adopted,
            (SELECT count(*)::int FROM council_attendance a WHERE a.office_id = g.office_id AND a.meeting_id = g.id AND a.status = 'present') AS present
       FROM council_meetings g WHERE g.office_id = $1 AND g.starts_at >= $2 AND g.starts_at < $3
      ORDER BY g.starts_at, g.id`,
    [officeId, from, until],
  );
}

export function reportDecisions(q: Queryable, officeId: string, from: Date, until: Date) {
  return q.query<{ starts_at: Date; kind: DecisionKind; subject_text: string; body: string }>(
    `SELECT g.starts_at, d.kind, d.subject_text, d.body
       FROM council_decisions d JOIN council_meetings g ON g.office_id = d.office_id AND g.id = d.meeting_id
       JOIN council_agenda_items i ON i.office_id = d.office_id AND i.id = d.item_id
      WHERE d.office_id = $1 AND g.starts_at >= $2 AND g.starts_at < $3
      ORDER BY g.starts_at, i.position, d.created_at, d.id`,
    [officeId, from, until],
  );
}
