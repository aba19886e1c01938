import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../core/db/db.ts';
import { belgradeInstant, localParts } from '../../core/time.ts';
import { insertBookings, insertRequest, insertResource, replaceHours, type OpeningHours, type ResourceRow } from './repo.ts';

/**
 * Demo space and equipment: Čačak's free youth club (the seeds name it) with its equipment, and
 * Pančevo's meeting room in office 204 (weekdays 8:30–15:30, as the seeds give the office's
 * hours); a pending request and an approved one, relative to the seeding day (always ahead).
 */
const DAY = 24 * 3_600_000;
const week = (opens: string, closes: string, days = [1, 2, 3, 4, 5]): OpeningHours[] => days.map((weekday) => ({ weekday, opens, closes }));
const res = (r: Partial<ResourceRow> & Pick<ResourceRow, 'kind' | 'category' | 'name'>): ResourceRow => ({
  capacity: null,
  accessibility: '',
  rules: '',
  active: true,
  ...r,
});

export async function seedBookingsDemo(q: Queryable, offices: Map<string, string>, now = new Date()): Promise<void> {
  const cacak = offices.get('cacak');
  const pancevo = offices.get('pancevo');
  if (cacak) {
    const club = await insertResource(
      q,
      cacak,
      res({
        kind: 'room',
        category: 'youth_club',
        name: 'Омладински клуб, Дом културе',
        capacity: 40,
        accessibility: 'Улаз из Градског трга без степеница; тоалет прилагођен колицима.',
        rules: 'Клуб је бесплатан за младе и удружења. Простор враћате уредан; храна и пиће само у кухињском делу.',
      }),
    );
    await replaceHours(q, cacak, club, [...week('16:00', '21:00'), { weekday: 6, opens: '10:00', closes: '20:00' }]);
    const items: Array<[ResourceRow, number]> = [
      [res({ kind: 'room', category: 'meeting_room', name: 'Мала сала за састанке', capacity: 12 }), 0],
      [res({ kind: 'equipment', category: 'projector', name: 'Пројектор и платно', capacity: 1 }), 0],
      [res({ kind: 'equipment', category: 'sound', name: 'Озвучење (два микрофона)', capacity: 1 }), 0],
      [res({ kind: 'equipment', category: 'laptop', name: 'Лаптопови', capacity: 5, rules: 'Враћају се исти дан, напуњени.' }), 0],
    ];
    const ids: string[] = [];
    for (const [row] of items) {
      const id = await insertResource(q, cacak, row);
      await replaceHours(q, cacak, id, week('08:00', '21:00'));
      ids.push(id);
    }
    // Next Friday at least three days ahead: a group's rehearsal, pending; the Friday after, approved with the projector.
    const dow = new Date(`${localParts(now).date}T12:00:00Z`).getUTCDay();
    let first = (5 - dow + 7) % 7;
    if (first < 3) first += 7;
    const day = (d: number) => localParts(new Date(now.getTime() + d * DAY)).date;
    for (const [offset, status, resources, purpose, group] of [
      [first, 'pending', [club], 'Проба позоришне групе', 'Позоришна група „Кулиса”'],
      [first + 7, 'approved', [club, ids[1]!], 'Пројекција филма и разговор', 'Удружење „Млади Чачка”'],
    ] as const) {
      const id = await insertRequest(q, cacak, {
        userId: null,
        bookerKind: status === 'pending' ? 'informal' : 'association',
        groupName: group,
        fullName: 'Ана Демо-Резервишић',
        email: 'ana.demo.prostor@primer.test',
        script: 'cir',
        purpose,
        attendees: 20,
        area: 'youth_work',
        initiativeId: null,
        status: 'pending',
        code: randomBytes(12).toString('base64url'),
        tokenHash: randomBytes(24).toString('hex'),
        tokenExpiresAt: null,
        at: now,
      });
      await insertBookings(
        q,
        cacak,
        id,
        resources.map((resourceId) => ({
          resourceId,
          start: belgradeInstant(day(offset), '18:00'),
          end: belgradeInstant(day(offset), '20:00'),
        })),
        'pending',
      );
      if (status === 'approved') {
        await q.query(`UPDATE booking_requests SET status = 'approved', decided_at = $3 WHERE office_id = $1 AND id = $2`, [
          cacak,
          id,
          now,
        ]);
        await q.query(`UPDATE bookings SET status = 'approved' WHERE office_id = $1 AND request_id = $2`, [cacak, id]);
      }
    }
  }
  if (pancevo) {
    const room = await insertResource(
      q,
      pancevo,
      res({
        kind: 'room',
        category: 'meeting_room',
        name: 'Сала за састанке, канцеларија 204',
        capacity: 15,
        accessibility: 'II спрат, лифт у згради (Трг краља Петра I 2-4).',
      }),
    );
    await replaceHours(q, pancevo, room, week('08:30', '15:30'));
    const projector = await insertResource(q, pancevo, res({ kind: 'equipment', category: 'projector', name: 'Пројектор', capacity: 1 }));
    await replaceHours(q, pancevo, projector, week('08:30', '15:30'));
  }
}
