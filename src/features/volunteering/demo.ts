import type { Queryable } from '../../core/db/db.ts';
import { localParts } from '../../core/time.ts';
import { decideApplication, decideHours, insertApplication, insertHours, insertVolOpportunity } from './repo.ts';

/**
 * Demo volunteering in Pančevo: the office's youth-club place and an association's place working
 * with children (a contract is required), the demo young person (mladi@primer.test) accepted in the
 * first with three weeks of hours — two confirmed, one awaiting the coordinator. Dates relative to
 * the seeding day. A few statements in all.
 */
const day = (now: Date, d: number) => localParts(new Date(now.getTime() - d * 86_400_000)).date;

export async function seedVolunteeringDemo(q: Queryable, offices: Map<string, string>, now = new Date()): Promise<void> {
  const office = offices.get('pancevo');
  if (!office) return;
  const users = await q.query<{ id: string; email: string; display_name: string; birth_date: string }>(
    `SELECT id, email, display_name, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM users
      WHERE email IN ('mladi@primer.test', 'pancevo@primer.test') ORDER BY email`,
  );
  const young = users.find((u) => u.email === 'mladi@primer.test');
  const coordinator = users.find((u) => u.email === 'pancevo@primer.test');
  const [association] = await q.query<{ id: string }>('SELECT id FROM associations WHERE office_id = $1 AND active ORDER BY name LIMIT 1', [
    office,
  ]);
  const club = await insertVolOpportunity(
    q,
    office,
    {
      association_id: null,
      title: 'Дежурства у омладинском клубу',
      tasks: 'Дочек посетилаца клуба, помоћ при друштвеним играма и радионицама, брига о простору.\n\nДва поподнева недељно.',
      place: 'Омладински клуб, Трг краља Петра I 2-4, Панчево',
      starts_on: day(now, 30),
      ends_on: day(now, -150),
      hours_per_week: 4,
      skills: ['communication', 'organisation'],
      min_age: 15,
      educational: false,
      beneficiaries: ['youth'],
      abroad: false,
      training: 'Уводна обука о правилима клуба (2 сата)',
      costs: '',
      area: 'youth_work',
    },
    coordinator?.id ?? null,
  );
  if (association) {
    await insertVolOpportunity(
      q,
      office,
      {
        association_id: association.id,
        title: 'Читалачки клуб за децу',
        tasks: 'Читање и игре са децом основношколског узраста суботом у библиотеци.',
        place: 'Градска библиотека Панчево',
        starts_on: day(now, -7),
        ends_on: null,
        hours_per_week: 2,
        skills: ['teaching', 'care'],
        min_age: 16,
        educational: false,
        beneficiaries: ['children'],
        abroad: false,
        training: 'Радионица о раду са децом',
        costs: 'Путни трошкови се надокнађују по рачуну.',
        area: 'education',
      },
      coordinator?.id ?? null,
    );
  }
  if (!young || !coordinator) return;
  const app = await insertApplication(q, office, {
    opportunityId: club,
    userId: young.id,
    fullName: young.display_name,
    birthDate: young.birth_date,
    minor: false,
    motivation: 'Често долазим у клуб и желим да помогнем.',
    foreigner: false,
    contractRequested: false,
    consentParent: '',
    consentSignedOn: null,
    consentDocument: '',
    reasons: [],
  });
  if (!app) return;
  await decideApplication(q, office, app, 'accepted', '', coordinator.id);
  const ids: string[] = [];
  for (const [d, hours, what] of [
    [20, 3, 'Дежурство и друштвене игре'],
    [13, 4, 'Припрема радионице о медијској писмености'],
  ] as const) {
    ids.push(
      await insertHours(q, office, { applicationId: app, userId: young.id, day: day(now, d), hours, startedAt: null, description: what }),
    );
  }
  await decideHours(q, office, club, ids, 'confirmed', '', coordinator.id);
  await insertHours(q, office, {
    applicationId: app,
    userId: young.id,
    day: day(now, 6),
    hours: 3.5,
    startedAt: null,
    description: 'Дежурство',
  });
}
