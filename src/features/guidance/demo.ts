import type { Queryable } from '../../core/db/db.ts';
import { belgradeInstant, localParts } from '../../core/time.ts';
import { insertSlots, setCounsellorPartner, type NewSlot } from './repo.ts';

/**
 * Demo career guidance in Pančevo: the National Employment Service's counsellor (the demo
 * account savetnik@primer.test, role `counsellor`, linked to the demo partner) with a weekly
 * series — Tuesdays, three talks of an hour from 10:00, four weeks — and the coordinator's two
 * online talks. Slots are relative to the seeding day (always ahead). A few statements in all.
 */
const DAY = 24 * 3_600_000;

/** The instant `days` days after today at hh:mm in Belgrade. */
const at = (now: Date, days: number, hh: number, mm = 0) =>
  belgradeInstant(localParts(new Date(now.getTime() + days * DAY)).date, `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`);

export async function seedGuidanceDemo(q: Queryable, offices: Map<string, string>, now = new Date()): Promise<void> {
  const office = offices.get('pancevo');
  if (!office) return;
  const [nes] = await q.query<{ id: string }>(
    `SELECT id FROM partners WHERE office_id = $1 AND kind = 'employment_service' ORDER BY name LIMIT 1`,
    [office],
  );
  const people = await q.query<{ id: string; email: string; display_name: string }>(
    `SELECT id, email, display_name FROM users WHERE email IN ('savetnik@primer.test', 'pancevo@primer.test') ORDER BY email`,
  );
  const counsellor = people.find((p) => p.email === 'savetnik@primer.test');
  const coordinator = people.find((p) => p.email === 'pancevo@primer.test');
  if (counsellor) {
    await setCounsellorPartner(q, office, counsellor.id, nes?.id ?? null);
    // The next Tuesday at least two days ahead, then weekly.
    const todayDow = new Date(`${localParts(now).date}T12:00:00Z`).getUTCDay();
    let first = (2 - todayDow + 7) % 7;
    if (first < 2) first += 7;
    const slots: NewSlot[] = [];
    for (let w = 0; w < 4; w++)
      for (let k = 0; k < 3; k++)
        slots.push({
          startsAt: at(now, first + 7 * w, 10 + k),
          endsAt: at(now, first + 7 * w, 11 + k),
          placeKind: 'office',
          place: 'Sala za sastanke',
          onlineUrl: '',
        });
    await insertSlots(
      q,
      office,
      {
        counsellorId: counsellor.id,
        counsellorName: counsellor.display_name,
        partnerId: nes?.id ?? null,
        seriesId: null,
        createdBy: counsellor.id,
      },
      slots,
    );
  }
  if (coordinator) {
    const online = (days: number): NewSlot => ({
      startsAt: at(now, days, 17),
      endsAt: at(now, days, 17, 45),
      placeKind: 'online',
      place: '',
      onlineUrl: 'https://meet.primer.test/kzm-pancevo',
    });
    await insertSlots(
      q,
      office,
      {
        counsellorId: coordinator.id,
        counsellorName: coordinator.display_name,
        partnerId: null,
        seriesId: null,
        createdBy: coordinator.id,
      },
      [online(3), online(10)],
    );
  }
}
