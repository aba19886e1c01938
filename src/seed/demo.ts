import type { Config } from '../core/config.ts';
import { createPasswordHasher } from '../core/auth/password.ts';
import type { OfficeRole } from '../core/auth/actor.ts';
import type { Db, Queryable } from '../core/db/db.ts';
import { insertAccount } from '../features/accounts/service.ts';
import { addMember } from '../features/admin/repo.ts';
import type { OpeningInterval } from '../features/offices/hours.ts';
import { insertOffice, replaceCoordinators, replaceHours, type NewOffice } from '../features/offices/repo.ts';
import { officeSearchKey } from '../features/offices/schema.ts';
import { seedAssociationsDemo } from '../features/associations/demo.ts';
import { seedPartnersDemo } from '../features/partners/demo.ts';
import { seedMeDemo } from '../features/me/demo.ts';
import { seedActivitiesDemo } from '../features/activities/demo.ts';
import { seedNewsDemo } from '../features/news/demo.ts';
import { seedCheckinDemo } from '../features/checkin/demo.ts';
import { seedGuidanceDemo } from '../features/guidance/demo.ts';
import { seedCouncilDemo } from '../features/council/demo.ts';
import { seedBookingsDemo } from '../features/bookings/demo.ts';
import { seedInitiativesDemo } from '../features/initiatives/demo.ts';
import { seedPlanDemo } from '../features/plan/demo.ts';
import { seedReportDemo } from '../features/report/demo.ts';
import { seedSurveysDemo } from '../features/surveys/demo.ts';
import { seedNationalDemo } from '../features/national/demo.ts';
import { seedConsultationDemo } from '../features/national/consultation-demo.ts';
import { seedRegistrationsDemo } from '../features/registrations/demo.ts';
import { seedPeopleDemoOffices } from '../features/people/demo.ts';
import { seedOpportunitiesDemo } from '../features/opportunities/demo.ts';
import { seedVolunteeringDemo } from '../features/volunteering/demo.ts';
import { hasNoOffices } from './empty.ts';

/**
 * Demo data: the real public details of the offices in the seed pages (Pančevo, Čačak,
 * Ivanjica), the seven offices opened in 2017–18 as directory entries, and clearly
 * fictional people. Ivanjica is typed in Cyrillic, as its own site is; the others in Latin.
 */
const weekdays = (opens: string, closes: string): OpeningInterval[] => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens, closes }));

const blank = {
  address: '',
  postal_code: '',
  room: '',
  email: '',
  website: '',
  phones: [],
  social_links: [],
  founded_on: null,
  founded_year: null,
  description: '',
  hours_note: '',
  awards: '',
} satisfies Partial<NewOffice>;

interface DemoOffice {
  office: NewOffice;
  hours: OpeningInterval[];
  coordinators: Array<{ full_name: string; title: string; phone: string; email: string }>;
}

export const DEMO_OFFICES: DemoOffice[] = [
  {
    office: {
      ...blank,
      slug: 'pancevo',
      status: 'full',
      name: 'Kancelarija za mlade grada Pančeva',
      town: 'Pančevo',
      region: 'vojvodina',
      address: 'Trg kralja Petra I, broj 2-4',
      postal_code: '26101',
      room: 'Gradska uprava grada Pančeva, II sprat, kancelarija broj 204',
      email: 'kancelarijazamlade@pancevo.rs',
      phones: [{ label: 'radnim danima od 8:30 do 15:30', number: '013/308-907' }],
      social_links: [
        {
          network: 'facebook',
          label: 'Kancelarija za mlade grada Pančeva',
          url: 'https://www.facebook.com/search/top?q=Kancelarija%20za%20mlade%20grada%20Pan%C4%8Deva',
        },
      ],
      latitude: 44.8706,
      longitude: 20.6406,
      founded_year: 2007,
      description:
        'Kancelarija za mlade grada Pančeva je operativno telo osnovano 2007. godine, kao programski deo Odseka za kulturu, informisanje, sport, brigu o mladima i civilni sektor Sekretarijata za javne službe i socijalna pitanja Gradske uprave grada Pančeva.\n\n' +
        'Kancelarija za mlade je servis sa osnovnim ciljem pružanja podrške svim mladima i onima koji se na bilo koji način njima bave. Uz pomoć Kancelarije, mladi pojedinci i grupe mogu se povezati sa organizacijama civilnog društva, ustanovama, institucijama i lokalnim vlastima.\n\n' +
        'Kancelarija omogućava sticanje i razvoj veština, znanja, sposobnosti i vrednosti kroz neformalno obrazovanje: seminare, kampove, obuke, treninge i radionice. Prioritetne oblasti lokalnih akcionih planova su obrazovanje, zdravlje i odrastanje, bezbednost, zapošljavanje, aktivno učešće mladih u odlučivanju, volonterizam i aktivizam, mobilnost i interkulturalizam.',
    },
    hours: weekdays('08:30', '15:30'),
    coordinators: [
      {
        full_name: 'Petra Primerović',
        title: 'koordinatorka (izmišljena osoba za demo)',
        phone: '',
        email: 'kancelarijazamlade@pancevo.rs',
      },
    ],
  },
  {
    office: {
      ...blank,
      slug: 'cacak',
      status: 'full',
      name: 'Kancelarija za mlade grada Čačka',
      town: 'Čačak',
      region: 'west',
      address: 'Gradski trg, Dom kulture',
      postal_code: '32000',
      room: 'Prostor Doma kulture; u okviru Kancelarije radi i Omladinski klub',
      latitude: 43.8915,
      longitude: 20.3495,
      founded_year: 2015,
      hours_note: 'Informacije i kontaktom putem društvenih mreža.',
      description:
        'Kancelarija za mlade je deo Gradske uprave grada Čačka. Sa radom je počela 2015. godine i od tada deluje u pravcu prepoznavanja potreba, rešavanja problema mladih, pružanja podrške i obezbeđivanja jednakog položaja mladih iz osetljivih grupa, kao i promovisanja različitosti, tolerancije i solidarnosti.\n\n' +
        'U okviru Kancelarije nalazi se i Omladinski klub, prostor za mlade koji pruža podršku aktivnom učešću mladih i njihovom volontiranju, kao i programima neformalnog obrazovanja i omladinskog rada, besplatno dostupan svim mladima grada Čačka.\n\n' +
        'Kancelarija sarađuje sa Gradskom upravom, Policijskom upravom Čačak, Nacionalnom službom za zapošljavanje, Domom zdravlja, Zavodom za javno zdravlje Čačak, Ministarstvom omladine i sporta, Domom kulture, učeničkim parlamentima i studentskim organizacijama.',
    },
    hours: weekdays('07:00', '15:00'),
    coordinators: [{ full_name: 'Luka Demić', title: 'koordinator (izmišljena osoba za demo)', phone: '', email: '' }],
  },
  {
    office: {
      ...blank,
      slug: 'ivanjica',
      status: 'full',
      name: 'Канцеларија за младе општине Ивањица',
      town: 'Ивањица',
      region: 'west',
      postal_code: '32250',
      latitude: 43.5815,
      longitude: 20.229,
      founded_on: '2009-02-11',
      awards:
        'Три награде „МЛАДГРАД“ за најбољу Канцеларију за младе у Србији, које додељују Министарство омладине и спорта, Министарство за државну управу и локалну самоуправу и Грађанске иницијативе.',
      description:
        'Канцеларија за младе општине Ивањица, место где млади налазе подршку, инспирацију и прилике за развој. Наша мисија је да оснажимо младе кроз разнолике програме образовања, каријерне оријентације и креативног изражавања.\n\n' +
        'Основана је 11.02.2009. године у оквиру Одељења за друштвене делатности Општинске управе, преко пројекта Међународне организације за миграције (ИОМ) „Оснаживање људског капитала у Србији кроз активно учешће младих“, у сарадњи са Министарством омладине и спорта. Израђена су два Локална акциона плана за младе, уз свакогодишњу ревизију потреба, а општина је усвојила и буџетску линију за њихову реализацију.\n\n' +
        'Потенцијални корисници су ученици основних и средњих школа, студенти, млади у ученичким и студентским домовима, удружења младих, омладинске и ромске организације и особе са инвалидитетом.',
    },
    hours: [],
    coordinators: [{ full_name: 'Мила Пробић', title: 'координаторка (измишљена особа за демо)', phone: '', email: '' }],
  },
  ...(
    [
      ['nova-crnja', 'Kancelarija za mlade opštine Nova Crnja', 'Nova Crnja', 'vojvodina', 45.6686, 20.605],
      ['opovo', 'Kancelarija za mlade opštine Opovo', 'Opovo', 'vojvodina', 45.0522, 20.4303],
      ['boljevac', 'Kancelarija za mlade opštine Boljevac', 'Boljevac', 'south_east', 43.8253, 21.9567],
      ['valjevo', 'Kancelarija za mlade grada Valjeva', 'Valjevo', 'west', 44.27, 19.89],
      ['sabac', 'Kancelarija za mlade grada Šapca', 'Šabac', 'west', 44.7553, 19.69],
      ['gornji-milanovac', 'Kancelarija za mlade opštine Gornji Milanovac', 'Gornji Milanovac', 'central', 44.025, 20.46],
      ['cuprija', 'Kancelarija za mlade opštine Ćuprija', 'Ćuprija', 'central', 43.9275, 21.37],
    ] as const
  ).map(([slug, name, town, region, latitude, longitude]) => ({
    office: {
      ...blank,
      slug,
      status: 'directory' as const,
      name,
      town,
      region,
      latitude,
      longitude,
      description:
        'Otvorena 2017–2018. uz podršku projekta „Osnaživanje Kancelarija za mlade“ Nacionalne asocijacije Kancelarija za mlade i Međunarodne organizacije za migracije.',
    },
    hours: [],
    coordinators: [],
  })),
];

/** Demo accounts (fictional people). All share DEMO_PASSWORD; README lists them. */
export const DEMO_PASSWORD = 'demo-lozinka';
export const DEMO_USERS: Array<{ email: string; name: string; birth: string; national?: boolean; roles: Array<[string, OfficeRole]> }> = [
  { email: 'admin@primer.test', name: 'Vesna Primerović', birth: '1985-04-12', national: true, roles: [] },
  {
    email: 'pancevo@primer.test',
    name: 'Petra Primerović',
    birth: '1990-06-01',
    roles: [
      ['pancevo', 'office_admin'],
      ['pancevo', 'coordinator'],
    ],
  },
  {
    email: 'cacak@primer.test',
    name: 'Luka Demić',
    birth: '1992-09-15',
    roles: [
      ['cacak', 'office_admin'],
      ['cacak', 'coordinator'],
    ],
  },
  {
    email: 'ivanjica@primer.test',
    name: 'Мила Пробић',
    birth: '1991-02-11',
    roles: [
      ['ivanjica', 'office_admin'],
      ['ivanjica', 'coordinator'],
    ],
  },
  { email: 'udruzenje@primer.test', name: 'Nikola Oglednić', birth: '2001-03-03', roles: [['pancevo', 'association_rep']] },
  { email: 'savet@primer.test', name: 'Јана Узорковић', birth: '2004-10-20', roles: [['cacak', 'youth_council']] },
  { email: 'mladi@primer.test', name: 'Tara Izmišljenović', birth: '2007-05-30', roles: [] },
  { email: 'savetnik@primer.test', name: 'Marko Uzorić', birth: '1983-08-08', roles: [['pancevo', 'counsellor']] },
];

export async function seedDemo(db: Db, config: Pick<Config, 'ARGON2_MEMORY_KIB'>): Promise<void> {
  const passwords = createPasswordHasher(config.ARGON2_MEMORY_KIB);
  const hash = await passwords.hash(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const ids = new Map<string, string>();
    for (const d of DEMO_OFFICES) {
      const id = await insertOffice(tx, d.office, officeSearchKey(d.office.name, d.office.town));
      ids.set(d.office.slug, id);
      await replaceHours(tx, id, d.hours);
      await replaceCoordinators(
        tx,
        id,
        d.coordinators.map((c, position) => ({ ...c, position })),
      );
    }
    for (const u of DEMO_USERS) await insertDemoUser(tx, u, hash, ids);
    await seedAssociationsDemo(tx, ids);
    await seedPartnersDemo(tx, ids);
    await seedPeopleDemoOffices(tx, ids);
    await seedMeDemo(tx, ids);
    await seedActivitiesDemo(tx, ids);
    await seedRegistrationsDemo(tx, config, ids);
    await seedCheckinDemo(tx, ids);
    await seedNewsDemo(tx, ids);
    await seedOpportunitiesDemo(tx, ids);
    await seedVolunteeringDemo(tx, ids);
    await seedGuidanceDemo(tx, ids);
    await seedCouncilDemo(tx, ids);
    await seedBookingsDemo(tx, ids);
    await seedInitiativesDemo(tx, ids);
    await seedPlanDemo(tx, ids);
    await seedSurveysDemo(tx, ids);
    await seedNationalDemo(tx);
    await seedConsultationDemo(tx);
  });
}

async function insertDemoUser(q: Queryable, u: (typeof DEMO_USERS)[number], hash: string, offices: Map<string, string>): Promise<void> {
  const userId = await insertAccount(q, {
    email: u.email,
    passwordHash: hash,
    displayName: u.name,
    birthDate: u.birth,
    locale: 'lat',
    confirmed: true,
    nationalAdmin: u.national ?? false,
  });
  for (const [slug, role] of u.roles) await addMember(q, offices.get(slug)!, userId, role, null);
}

/** Seeds only a database without offices; returns whether it did. */
export async function seedDemoIfEmpty(db: Db, config: Pick<Config, 'ARGON2_MEMORY_KIB'>): Promise<boolean> {
  if (!(await hasNoOffices(db))) return false;
  await seedDemo(db, config);
  // Only a first start queues the demo annual report (made by the report's job seconds later):
  // the test templates are seeded by seedDemo alone, so no test server spends its CPU making it.
  await seedReportDemo(db);
  return true;
}
