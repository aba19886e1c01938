import { recordAudit } from '../../core/audit.ts';
import type { Queryable } from '../../core/db/db.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { belgradeInstant } from '../../core/time.ts';
import { localToday } from '../accounts/age.ts';
import { insertActivity, saveSessions, type ActivityRow } from '../activities/repo.ts';
import { activitySearchKey } from '../activities/schema.ts';
import { addMember } from '../admin/repo.ts';
import { addDays } from '../partners/service.ts';
import { insertCampaign, insertCampaignActivity, insertMaterial, markMaterialSent, type Campaign } from './campaigns-repo.ts';
import { associationOffice, demoIds, insertAssessment, insertAssociationOffice, insertTraining } from './competencies-repo.ts';

/** The demo Youth Day campaign's address (the e2e journey and README name it). */
export const DEMO_CAMPAIGN_SLUG = 'medjunarodni-dan-mladih';
/** The demo regional training's title. */
export const DEMO_REGIONAL_TRAINING = 'Регионална обука: Активно учешће младих — основни ниво (пример)';

/** The next 12 August on or after `today` (YYYY-MM-DD). */
export function nextYouthDay(today: string): string {
  const year = Number(today.slice(0, 4));
  const thisYear = `${year}-08-12`;
  return today <= thisYear ? thisYear : `${year + 1}-08-12`;
}

async function demoActivity(
  q: Queryable,
  officeId: string,
  title: string,
  summary: string,
  day: string,
  from: string,
  to: string,
  kind: ActivityRow['kind'],
  capacity: number,
): Promise<string> {
  const starts = belgradeInstant(day, from);
  const ends = belgradeInstant(day, to);
  const row: ActivityRow = {
    kind,
    title,
    summary,
    description: '',
    areas: ['participation'],
    target_group: '',
    age_min: null,
    age_max: null,
    place_kind: 'address',
    place: 'Београд, Дом омладине',
    online_url: '',
    capacity,
    registration_opens: null,
    registration_closes: null,
    needs_approval: false,
    questions: [],
    image_file_id: null,
    image_alt: '',
    cost: '',
    certificate_hours: 6,
    starts_at: starts,
    ends_at: ends,
    search_key: activitySearchKey({ title, summary, place: 'Београд, Дом омладине' }),
  };
  const id = await insertActivity(q, officeId, row, { status: 'published', associationId: null, createdBy: null });
  await saveSessions(q, officeId, id, [{ id: null, starts_at: starts, ends_at: ends, title: '' }]);
  return id;
}

/**
 * The National Association's office (the demo national admin is its staff), a regional and a
 * national training, Luka's (Čačak) self-assessment, and the International Youth Day campaign
 * with activities of Pančevo and Čačak and one material request already sent.
 */
export async function seedCampaignsDemo(q: Queryable, now: Date = new Date()): Promise<void> {
  const today = localToday(now);
  await insertAssociationOffice(q, searchKey('Национална асоцијација канцеларија за младе Ниш'));
  const association = (await associationOffice(q))!;
  const { users, offices } = await demoIds(q);
  const admin = users.get('admin@primer.test');
  if (admin) {
    await addMember(q, association.id, admin, 'office_admin', null);
    await addMember(q, association.id, admin, 'coordinator', null);
  }
  // Trainings: a regional one (Vojvodina) in three weeks, a national one in two months.
  const regional = await demoActivity(
    q,
    association.id,
    DEMO_REGIONAL_TRAINING,
    'Облици учешћа младих, омладинске иницијативе и волонтирање — за координаторе из Војводине.',
    addDays(today, 21),
    '10:00',
    '16:00',
    'training',
    25,
  );
  await insertTraining(q, association.id, regional, 'participation', 1, 'RS12');
  const national = await demoActivity(
    q,
    association.id,
    'Национална обука: Добро управљање — напредни ниво (пример)',
    'Праћење и вредновање ЛАП-а, показатељи, управљање пројектима.',
    addDays(today, 60),
    '10:00',
    '17:00',
    'training',
    40,
  );
  await insertTraining(q, association.id, national, 'management', 2, null);
  const cacak = offices.get('cacak');
  const luka = users.get('cacak@primer.test');
  if (cacak && luka) {
    const answers = Object.fromEntries(
      ['management', 'partnership', 'participation', 'inclusion'].flatMap((s, k) =>
        [1, 2, 3, 4].map((i) => [`${s}_${i}`, [3, 3, 2, 1][k]!]),
      ),
    );
    await insertAssessment(q, cacak, luka, answers, { management: 2, partnership: 2, participation: 1, inclusion: 1 });
  }
  // International Youth Day: the whole of August, the day itself the 12th.
  const day = nextYouthDay(today);
  const c: Omit<Campaign, 'id'> = {
    slug: DEMO_CAMPAIGN_SLUG,
    title: `Међународни дан младих ${day.slice(0, 4)}`,
    description: 'Канцеларије за младе широм Србије обележавају 12. август активностима за младе. Придружите се!',
    starts_on: `${day.slice(0, 7)}-01`,
    ends_on: `${day.slice(0, 7)}-31`,
  };
  const id = await insertCampaign(q, c, admin ?? null);
  const campaign: Campaign = { ...c, id: id! };
  const youthDay = [
    ['pancevo', 'Дан младих на кеју: концерт и штандови удружења (пример)'],
    ['cacak', 'Трка за младе и сајам волонтирања (пример)'],
  ] as const;
  for (const [slug, title] of youthDay) {
    const officeId = offices.get(slug);
    if (!officeId) continue;
    const a = await demoActivity(q, officeId, title, 'Обележавање Међународног дана младих.', day, '17:00', '21:00', 'event', 300);
    await insertCampaignActivity(q, officeId, a, campaign, admin ?? null);
  }
  const pancevo = offices.get('pancevo');
  if (pancevo) {
    // One more of Pančevo's August activities, not yet in the campaign: what "add to the campaign" offers.
    await demoActivity(
      q,
      pancevo,
      'Радионица: права младих на раду (пример)',
      'Шта млади треба да знају пре првог посла.',
      addDays(day, -2),
      '12:00',
      '14:00',
      'workshop',
      25,
    );
    const m = await insertMaterial(
      q,
      pancevo,
      campaign,
      { item: 'posters', quantity: 30, note: '' },
      users.get('pancevo@primer.test') ?? null,
    );
    await markMaterialSent(q, campaign, pancevo, m, 30);
    await insertMaterial(
      q,
      pancevo,
      campaign,
      { item: 'tshirts', quantity: 20, note: 'величине M и L' },
      users.get('pancevo@primer.test') ?? null,
    );
  }
  await recordAudit(q, {
    officeId: association.id,
    actorId: null,
    action: 'campaign.create',
    target: DEMO_CAMPAIGN_SLUG,
    data: { demo: true },
  });
}
