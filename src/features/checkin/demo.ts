import type { Queryable } from '../../core/db/db.ts';

/**
 * Demo attendance, so the statistics pages have something to show: at every session of a
 * published demo activity that has already ended, about four in five confirmed participants
 * were checked in (five minutes after the start; every other one by QR code, the rest on the
 * list). Sessions still to come have no attendance. Call after the activities and
 * registrations demos (src/seed/demo.ts).
 */
export async function seedCheckinDemo(tx: Queryable, offices: Map<string, string>, now: Date = new Date()): Promise<void> {
  const ids = [...offices.values()];
  if (ids.length === 0) return;
  await tx.query(
    `INSERT INTO attendance (office_id, registration_id, session_id, checked_at, method)
     SELECT r.office_id, r.id, s.id, s.starts_at + interval '5 minutes',
            CASE WHEN abs(hashtext(r.id::text || s.id::text)) % 2 = 0 THEN 'qr' ELSE 'list' END
       FROM registrations r
       JOIN activities a ON a.office_id = r.office_id AND a.id = r.activity_id
       JOIN activity_sessions s ON s.office_id = r.office_id AND s.activity_id = r.activity_id
      WHERE r.office_id = ANY ($1::uuid[]) AND r.status = 'confirmed' AND a.status = 'published'
        AND s.ends_at < $2 AND s.starts_at + interval '5 minutes' <= $2
        AND abs(hashtext(r.id::text || s.id::text)) % 5 <> 0
     ON CONFLICT DO NOTHING`,
    [ids, now],
  );
}
