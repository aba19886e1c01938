import { recordAudits } from '../../core/audit.ts';
import type { Queryable } from '../../core/db/db.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { localParts } from '../../core/time.ts';
import { addDays } from './service.ts';

/**
 * Demo opportunities: real programmes' kinds with example details (links to the programmes'
 * public pages), deadlines relative to the day the seed runs — two close within days, so the
 * "closing soon" marks show, one is rolling, one has expired (reachable, marked closed).
 * [office slug, kind, title, description, days to deadline (null: rolling), age min, max, statuses, link, source, areas]
 */
type Row = [string, string, string, string, number | null, number | null, number | null, string[], string, string, string[]];
const DEMO: Row[] = [
  [
    'pancevo',
    'scholarship',
    'Градске стипендије за студенте (пример)',
    'Град додељује стипендије студентима са пребивалиштем у граду који студирају први пут.\n\nУз пријаву: уверење о упису и просек оцена.',
    5,
    18,
    26,
    ['student'],
    'https://www.pancevo.rs/',
    'Град Панчево',
    ['education'],
  ],
  [
    'pancevo',
    'exchange',
    'Европске снаге солидарности: волонтирање у иностранству',
    'Волонтерски пројекти од два до дванаест месеци; трошкове пута, смештаја и хране покрива програм.',
    null,
    18,
    30,
    [],
    'https://youth.europa.eu/solidarity_en',
    'Фондација Темпус',
    ['mobility', 'volunteering'],
  ],
  [
    'pancevo',
    'internship',
    'Praksa u lokalnoj samoupravi (primer)',
    'Tromesečna plaćena praksa za mlade bez radnog iskustva.',
    21,
    19,
    30,
    ['unemployed', 'student'],
    'https://www.nsz.gov.rs/',
    'Nacionalna služba za zapošljavanje',
    ['employment'],
  ],
  [
    'pancevo',
    'competition',
    'Konkurs za najbolji omladinski projekat (primer)',
    'Udruženja i neformalne grupe mladih predlažu projekte za svoj kraj.',
    -3,
    15,
    30,
    [],
    'https://www.mos.gov.rs/',
    'Ministarstvo turizma i omladine',
    ['participation'],
  ],
  [
    'cacak',
    'training',
    'Обука за писање пројеката (пример)',
    'Тродневна обука у Београду за младе из удружења; трошкови пута се надокнађују.',
    1,
    18,
    30,
    [],
    'https://www.kombeg.org.rs/',
    'Кровна организација младих Србије',
    ['youth_work', 'participation'],
  ],
  [
    'cacak',
    'job',
    'Posao: saradnik u omladinskom klubu (primer)',
    'Pola radnog vremena, ugovor na godinu dana.',
    40,
    20,
    30,
    ['unemployed'],
    'https://www.infostud.com/',
    'Omladinski klub Čačak',
    ['employment', 'youth_work'],
  ],
];

/** Adds the demo opportunities in one statement (inside seedDemo's transaction); `offices` maps slug → id. */
export async function seedOpportunitiesDemo(tx: Queryable, offices: Map<string, string>, now: Date = new Date()): Promise<void> {
  const today = localParts(now).date;
  const rows = DEMO.filter((d) => offices.has(d[0])).map(
    ([slug, kind, title, description, days, min, max, statuses, link, source, areas]) => ({
      office_id: offices.get(slug)!,
      kind,
      title,
      description,
      deadline: days === null ? null : addDays(today, days),
      age_min: min,
      age_max: max,
      statuses,
      link,
      source,
      areas,
      search_key: searchKey(`${title} ${source} ${description}`),
    }),
  );
  if (rows.length === 0) return;
  const ids = await tx.query<{ office_id: string; id: string }>(
    `INSERT INTO opportunities (office_id, kind, title, description, deadline, age_min, age_max, statuses, link, source, areas, search_key)
     SELECT r.office_id, r.kind, r.title, r.description, r.deadline, r.age_min, r.age_max, r.statuses, r.link, r.source, r.areas, r.search_key
       FROM jsonb_to_recordset($1::jsonb) AS r(office_id uuid, kind text, title text, description text, deadline date, age_min smallint,
            age_max smallint, statuses text[], link text, source text, areas text[], search_key text)
     RETURNING office_id, id`,
    [JSON.stringify(rows)],
  );
  await recordAudits(
    tx,
    ids.map((r) => ({ officeId: r.office_id, actorId: null, action: 'opportunity.create', target: r.id })),
  );
}
