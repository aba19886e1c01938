import type { Queryable } from '../../core/db/db.ts';
import { LAP_AREAS } from '../../core/domain.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { localToday } from '../accounts/age.ts';
import type { PurposeCode } from './purposes.ts';
import { firstCoordinator, insertSettlement, listSettlements } from './repo.ts';
import { ETHNICITIES, GENDERS, STATUSES, type Ethnicity } from './schema.ts';
import { createPeople, type NewPersonInput } from './service.ts';

/**
 * Demo register for the three full offices: each town's real settlements (urban seat, rural
 * villages) and about 30 clearly fictional young people per office with a realistic spread of
 * ages, genders, settlements, statuses and interests; their paper consents, a few with special
 * categories, one under 15 with a parent's consent and one over 30.
 * Deterministic (a seeded generator), ages relative to the seeding day.
 */
export const DEMO_SETTLEMENTS: Record<string, Array<[string, 'urban' | 'rural']>> = {
  pancevo: [
    ['Pančevo', 'urban'],
    ['Starčevo', 'rural'],
    ['Omoljica', 'rural'],
    ['Banatsko Novo Selo', 'rural'],
    ['Dolovo', 'rural'],
    ['Kačarevo', 'rural'],
    ['Jabuka', 'rural'],
    ['Glogonj', 'rural'],
    ['Ivanovo', 'rural'],
    ['Banatski Brestovac', 'rural'],
  ],
  cacak: [
    ['Čačak', 'urban'],
    ['Mrčajevci', 'rural'],
    ['Prijevor', 'rural'],
    ['Preljina', 'rural'],
    ['Zablaće', 'rural'],
    ['Trbušani', 'rural'],
    ['Ljubić', 'rural'],
  ],
  ivanjica: [
    ['Ивањица', 'urban'],
    ['Кушићи', 'rural'],
    ['Прилике', 'rural'],
    ['Међуречје', 'rural'],
    ['Дубрава', 'rural'],
    ['Девићи', 'rural'],
  ],
};

const FIRST_F = [
  'Ana',
  'Milica',
  'Jovana',
  'Teodora',
  'Sara',
  'Ivana',
  'Katarina',
  'Marija',
  'Nevena',
  'Dunja',
  'Lena',
  'Tijana',
  'Anđela',
  'Mina',
];
const FIRST_M = [
  'Luka',
  'Stefan',
  'Nikola',
  'Marko',
  'Lazar',
  'Vuk',
  'Filip',
  'Nemanja',
  'Đorđe',
  'Uroš',
  'Aleksa',
  'Mihajlo',
  'Dušan',
  'Petar',
];
/** Surnames no real family carries: every demo person is obviously invented. */
const LAST = [
  'Izmišljenović',
  'Primerović',
  'Oglednić',
  'Probić',
  'Uzorković',
  'Demić',
  'Maštović',
  'Zamišljenović',
  'Nepostojić',
  'Šablonović',
  'Obrascić',
  'Makétić',
];

/** A small seeded generator (mulberry32), so the demo is the same on every seeding. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, pick, chance: (p: number) => next() < p };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Seeds settlements and people for one office; `actorId` is the coordinator recorded as entering them. */
export async function seedPeopleDemo(
  q: Queryable,
  officeId: string,
  slug: string,
  actorId: string | null,
  now: Date = new Date(),
  count = 30,
): Promise<void> {
  for (const [name, kind] of DEMO_SETTLEMENTS[slug] ?? []) await insertSettlement(q, officeId, { name, kind, searchKey: searchKey(name) });
  const settlements = await listSettlements(q, officeId);
  if (settlements.length === 0) return;
  const urban = settlements.filter((s) => s.kind === 'urban');
  const rural = settlements.filter((s) => s.kind === 'rural');
  const r = generator([...slug].reduce((h, ch) => h * 31 + ch.charCodeAt(0), 7));
  const cyrillic = slug === 'ivanjica';
  const today = localToday(now);
  const thisYear = Number(today.slice(0, 4));

  const people: NewPersonInput[] = [];
  for (let i = 0; i < count; i++) {
    const female = r.chance(0.52);
    const first = r.pick(female ? FIRST_F : FIRST_M);
    const last = r.pick(LAST);
    // Mostly 15–30; person 0 is 13 (a parent signed), person 1 is 32 (outside the Law on Youth).
    const age = i === 0 ? 13 : i === 1 ? 32 : 15 + (Math.floor(r.next() * r.next() * 16 + r.next() * 4) % 16);
    // Exactly `age` completed years today: the birthday was 0–364 days ago.
    const born = new Date(`${today}T12:00:00Z`);
    born.setUTCFullYear(born.getUTCFullYear() - age);
    born.setUTCDate(born.getUTCDate() - Math.floor(r.next() * 365));
    const birth = `${born.getUTCFullYear()}-${pad(born.getUTCMonth() + 1)}-${pad(born.getUTCDate())}`;
    const settlement = r.chance(0.62) && urban.length > 0 ? r.pick(urban) : r.pick(rural.length > 0 ? rural : urban);
    const status =
      age < 19 ? 'pupil' : age < 24 ? r.pick(['student', 'student', 'employed', 'unemployed', 'neet'] as const) : r.pick(STATUSES);
    const interests = LAP_AREAS.filter(() => r.chance(0.25));
    const login = searchKey(`${first}.${last}`).replace(/[^a-z.]/g, '');
    const purposes: PurposeCode[] = ['register'];
    if (r.chance(0.7)) purposes.push('contact');
    if (r.chance(0.4)) purposes.push('photos');
    const sensitive = i % 9 === 4;
    if (sensitive) purposes.push('sensitive');
    const ethnicity: Ethnicity = r.chance(0.5) ? 'roma' : r.pick(ETHNICITIES);
    const fullName = `${first} ${last}`;
    people.push({
      full_name: fullName,
      email: r.chance(0.8) ? `${login}${i}@primer.test` : '',
      phone: r.chance(0.4)
        ? `06${Math.floor(r.next() * 10)}/${100 + Math.floor(r.next() * 900)}-${1000 + Math.floor(r.next() * 9000)}`
        : '',
      birth_date: birth,
      gender: r.chance(0.9) ? (female ? 'female' : 'male') : r.pick(GENDERS),
      settlement_id: settlement.id,
      status: r.chance(0.9) ? status : null,
      interests,
      script: cyrillic || r.chance(0.3) ? 'cir' : 'lat',
      consents: purposes,
      paper: {
        given_by: age < 15 ? 'parent' : 'self',
        parent_name: age < 15 ? `${r.pick(FIRST_F)} ${last}` : '',
        parent_email: '',
        evidence_note: `${cyrillic ? 'Регистратор' : 'Registrator'} ${thisYear}, ${cyrillic ? 'образац' : 'obrazac'} ${i + 1}`,
      },
      sensitive: sensitive ? { ethnicity, disability: r.chance(0.3), health_note: '' } : undefined,
      source: i % 7 === 6 ? 'import' : 'offline',
      evidenceNote: i % 7 === 6 ? `${cyrillic ? 'увоз' : 'uvoz'} spisak-radionica-${thisYear}.xlsx` : undefined,
    });
  }
  // One batch (five statements) rather than ~9 round trips per person.
  await createPeople(q, officeId, actorId, people, now);
}

/** The demo register of every office in DEMO_SETTLEMENTS that was seeded (slug → office id). */
export async function seedPeopleDemoOffices(q: Queryable, offices: ReadonlyMap<string, string>, now: Date = new Date()): Promise<void> {
  for (const slug of Object.keys(DEMO_SETTLEMENTS)) {
    const officeId = offices.get(slug);
    if (officeId) await seedPeopleDemo(q, officeId, slug, await firstCoordinator(q, officeId), now);
  }
}
