import { createHash } from 'node:crypto';
import { recordAudit } from '../../core/audit.ts';
import type { Queryable } from '../../core/db/db.ts';
import { localToday } from '../accounts/age.ts';
import { DEMO_REP_ASSOCIATION } from '../associations/demo.ts';
import { addDays } from '../partners/service.ts';
import {
  findAssociationByName,
  findPartnerByName,
  insertActivity,
  insertDemoRegistrations,
  replacePartners,
  saveSessions,
  setAssociationsMayCreate,
  type ActivityRow,
} from './repo.ts';
import { activitySearchKey, type ActivityKind, type ActivityStatus, type PlaceKind, type Question } from './schema.ts';
import { belgradeInstant } from '../../core/time.ts';

/**
 * Demo activities of Pančevo and Čačak, invented from what the seed offices really run: a
 * five-session peer-educator training, workshops (one full, with a waitlist), an online info
 * session, a public event (manifestacija), a camp awaiting publication (draft), past ones, and
 * in Pančevo one entered by the demo association's representative (the office allows it).
 * Dates are relative to the seeding day, in Belgrade time.
 */
interface DemoActivity {
  kind: ActivityKind;
  status: ActivityStatus;
  title: string;
  summary: string;
  description?: string;
  areas: string[];
  targetGroup?: string;
  age?: [number, number];
  place: [PlaceKind, string, string?];
  capacity: number | null;
  /** [days from today, start 'HH:MM', end 'HH:MM', days the session lasts beyond its first (camps), title] */
  sessions: Array<[number, string, string, number?, string?]>;
  /** Registration closes this many days before the first session. */
  closesBefore?: number;
  needsApproval?: boolean;
  questions?: Question[];
  cost?: string;
  hours?: number;
  partners?: string[];
  association?: string;
  /** [confirmed, waitlisted] demo registrations. */
  registrations?: [number, number];
}

const weekly = (first: number, n: number, from: string, to: string, titles: string[]): DemoActivity['sessions'] =>
  Array.from({ length: n }, (_, i) => [first + 7 * i, from, to, 0, titles[i] ?? ''] as [number, string, string, number, string]);

/** The title of Pančevo's upcoming training: benchmarks and other features' demos find it by title. */
export const DEMO_TRAINING_TITLE = 'Obuka za vršnjačke edukatore (primer)';
/** Pančevo's workshop that is full, with people on the waitlist. */
export const DEMO_FULL_TITLE = 'Radionica: Kako napisati CV koji se čita (primer)';

const DEMO: Record<string, DemoActivity[]> = {
  pancevo: [
    {
      kind: 'training',
      status: 'published',
      title: DEMO_TRAINING_TITLE,
      summary: 'Pet susreta za srednjoškolce koji žele da vršnjacima prenose znanje o zdravim stilovima života.',
      description:
        'Obuka po programu vršnjačke edukacije: komunikacija, rad u grupi, vođenje radionice, teme zdravlja i bezbednosti.\n\nPosle obuke polaznici uz podršku Kancelarije drže radionice u svojim školama.',
      areas: ['education', 'health'],
      targetGroup: 'učenici srednjih škola',
      age: [15, 19],
      place: ['office', 'Sala za sastanke, II sprat'],
      capacity: 20,
      sessions: weekly(10, 5, '17:00', '20:00', [
        'Uvod i komunikacija',
        'Rad u grupi',
        'Vođenje radionice',
        'Zdravi stilovi života',
        'Završna radionica i sertifikati',
      ]),
      closesBefore: 1,
      questions: [
        { id: 'q1', label: 'Koju školu pohađaš?', required: true },
        { id: 'q2', label: 'Da li imaš posebne zahteve u vezi sa ishranom?', required: false },
      ],
      hours: 15,
      partners: ['Srednja škola Primerna (primer)', 'Dom zdravlja, savetovalište za mlade (primer)'],
      registrations: [6, 0],
    },
    {
      kind: 'workshop',
      status: 'published',
      title: DEMO_FULL_TITLE,
      summary: 'Praktična radionica: biografija, motivaciono pismo i prvi razgovor za posao.',
      areas: ['employment'],
      age: [18, 30],
      place: ['office', 'Sala za sastanke, II sprat'],
      capacity: 12,
      sessions: [[4, '12:00', '14:00']],
      partners: ['Nacionalna služba za zapošljavanje, ispostava (primer)'],
      registrations: [12, 3],
    },
    {
      kind: 'info_session',
      status: 'published',
      title: 'Info-sesija: Erasmus+ i Evropske snage solidarnosti (primer)',
      summary: 'Kako mladi mogu na razmenu, volontiranje ili obuku u inostranstvu.',
      areas: ['mobility', 'volunteering'],
      place: ['online', '', 'https://example.org/sastanak/erasmus'],
      capacity: null,
      sessions: [[6, '18:00', '19:30']],
    },
    {
      kind: 'event',
      status: 'published',
      title: 'Festival mladih Pančevo (primer)',
      summary: 'Dva dana koncerata, radionica i štandova udruženja na gradskom trgu.',
      areas: ['participation', 'volunteering', 'youth_work'],
      place: ['address', 'Trg kralja Petra I, Pančevo'],
      capacity: null,
      sessions: [
        [30, '16:00', '23:00', 0, 'Prvi dan: udruženja i radionice'],
        [31, '16:00', '23:00', 0, 'Drugi dan: koncerti'],
      ],
      partners: ['Kulturni centar Primer (primer)'],
    },
    {
      kind: 'camp',
      status: 'draft',
      title: 'Letnji omladinski kamp na Tamišu (primer)',
      summary: 'Pet dana neformalnog obrazovanja i druženja u prirodi.',
      areas: ['youth_work', 'participation'],
      age: [16, 25],
      place: ['address', 'Odmaralište na Tamišu (primer)'],
      capacity: 30,
      sessions: [[60, '10:00', '14:00', 4, 'Kamp']],
      closesBefore: 14,
      needsApproval: true,
      questions: [{ id: 'q1', label: 'Zašto želiš da učestvuješ?', required: true }],
      cost: '3.000 din.',
      hours: 30,
    },
    {
      kind: 'club',
      status: 'published',
      title: 'Omladinski klub Iskra: veče društvenih igara (primer)',
      summary: 'Društvene igre i upoznavanje sa radom udruženja.',
      areas: ['youth_work'],
      place: ['address', 'Prostor udruženja, Primerna 3, Pančevo'],
      capacity: 25,
      sessions: [[8, '18:00', '21:00']],
      association: DEMO_REP_ASSOCIATION,
    },
    {
      kind: 'workshop',
      status: 'published',
      title: 'Radionica medijske pismenosti (primer)',
      summary: 'Kako prepoznati lažnu vest.',
      areas: ['education'],
      age: [15, 19],
      place: ['office', 'Sala za sastanke, II sprat'],
      capacity: 25,
      sessions: [[-20, '13:00', '16:00']],
      hours: 3,
      partners: ['Srednja škola Primerna (primer)'],
      registrations: [18, 0],
    },
    {
      kind: 'event',
      status: 'published',
      title: 'Tribina o mentalnom zdravlju mladih (primer)',
      summary: 'Razgovor sa psiholozima savetovališta za mlade.',
      areas: ['health'],
      place: ['address', 'Kulturni centar, mala sala'],
      capacity: null,
      sessions: [[-45, '18:00', '20:00']],
    },
  ],
  cacak: [
    {
      kind: 'training',
      status: 'published',
      title: 'Obuka vršnjačkih edukatora o reproduktivnom zdravlju (primer)',
      summary: 'Pet susreta sa lekarima i iskusnim edukatorima.',
      areas: ['health', 'education'],
      age: [15, 19],
      place: ['office', 'Omladinski centar, sala 1'],
      capacity: 16,
      sessions: weekly(14, 5, '16:00', '19:00', ['Uvod', 'Telo i zdravlje', 'Odnosi i pristanak', 'Vođenje radionice', 'Završni susret']),
      hours: 15,
      partners: ['Zavod za javno zdravlje Primer (primer)'],
    },
    {
      kind: 'workshop',
      status: 'published',
      title: 'Radionica: Volontiranje u zajednici (primer)',
      summary: 'Gde i kako volontirati u Čačku.',
      areas: ['volunteering'],
      place: ['office', 'Omladinski centar, sala 2'],
      capacity: 15,
      sessions: [[5, '17:00', '19:00']],
    },
    {
      kind: 'info_session',
      status: 'published',
      title: 'Info-sesija: Omladinsko preduzetništvo (primer)',
      summary: 'Programi podrške za mlade koji pokreću posao.',
      areas: ['employment'],
      place: ['online', '', 'https://example.org/sastanak/preduzetnistvo'],
      capacity: null,
      sessions: [[9, '18:00', '19:00']],
    },
    {
      kind: 'camp',
      status: 'published',
      title: 'Planinarski kamp Ovčar (primer)',
      summary: 'Tri dana planinarenja i radionica o zaštiti prirode.',
      areas: ['youth_work', 'health'],
      age: [15, 24],
      place: ['address', 'Ovčar Banja (primer)'],
      capacity: 20,
      sessions: [[40, '09:00', '17:00', 2, 'Kamp']],
      closesBefore: 7,
      needsApproval: true,
      cost: '1.500 din.',
    },
    {
      kind: 'event',
      status: 'published',
      title: 'Sajam omladinskog volontiranja (primer)',
      summary: 'Udruženja predstavljaju programe za volontere.',
      areas: ['volunteering', 'participation'],
      place: ['address', 'Gradski trg, Čačak'],
      capacity: null,
      sessions: [[-30, '11:00', '15:00']],
    },
  ],
};

const FIRST = [
  'Ana',
  'Marko',
  'Jelena',
  'Nikola',
  'Milica',
  'Stefan',
  'Teodora',
  'Luka',
  'Sara',
  'Vuk',
  'Mina',
  'Filip',
  'Iva',
  'Pavle',
  'Lena',
  'Ognjen',
  'Dunja',
  'Relja',
];
const LAST = ['Primerović', 'Uzorić', 'Ogledić', 'Probić', 'Izmišljenović', 'Demić'];

/** Adds the demo activities (inside seedDemo's transaction); `offices` maps slug → id. Pančevo lets associations enter activities. */
export async function seedActivitiesDemo(tx: Queryable, offices: Map<string, string>, now: Date = new Date()): Promise<void> {
  const today = localToday(now);
  const pancevo = offices.get('pancevo');
  if (pancevo) await setAssociationsMayCreate(tx, pancevo, true);
  let person = 0;
  for (const [slug, list] of Object.entries(DEMO)) {
    const officeId = offices.get(slug);
    if (!officeId) continue;
    for (const d of list) {
      const sessions = d.sessions
        .map(([day, from, to, extra, title]) => ({
          id: null,
          starts_at: belgradeInstant(addDays(today, day), from),
          ends_at: belgradeInstant(addDays(today, day + (extra ?? 0)), to),
          title: title ?? '',
        }))
        .sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime());
      const first = sessions[0]!;
      const [placeKind, place, url] = d.place;
      const row: ActivityRow = {
        kind: d.kind,
        title: d.title,
        summary: d.summary,
        description: d.description ?? '',
        areas: d.areas,
        target_group: d.targetGroup ?? '',
        age_min: d.age?.[0] ?? null,
        age_max: d.age?.[1] ?? null,
        place_kind: placeKind,
        place,
        online_url: url ?? '',
        capacity: d.capacity,
        registration_opens: null,
        registration_closes: d.closesBefore ? new Date(first.starts_at.getTime() - d.closesBefore * 86_400_000) : null,
        needs_approval: d.needsApproval ?? false,
        questions: d.questions ?? [],
        image_file_id: null,
        image_alt: '',
        cost: d.cost ?? '',
        certificate_hours: d.hours ?? null,
        starts_at: first.starts_at,
        ends_at: new Date(Math.max(...sessions.map((s) => s.ends_at.getTime()))),
        search_key: activitySearchKey({ title: d.title, summary: d.summary, place }),
      };
      const associationId = d.association ? ((await findAssociationByName(tx, officeId, d.association)) ?? null) : null;
      const id = await insertActivity(tx, officeId, row, { status: d.status, associationId, createdBy: null });
      await saveSessions(tx, officeId, id, sessions);
      const partners: string[] = [];
      for (const name of d.partners ?? []) {
        const p = await findPartnerByName(tx, officeId, name);
        if (p) partners.push(p);
      }
      await replacePartners(tx, officeId, id, partners);
      const [confirmed, waitlisted] = d.registrations ?? [0, 0];
      const regs = [];
      for (let i = 0; i < confirmed + waitlisted; i++, person++) {
        const name = `${FIRST[person % FIRST.length]} ${LAST[Math.floor(person / FIRST.length) % LAST.length]}`;
        regs.push({
          fullName: `${name} (primer)`,
          email: `ucesnik${person + 1}@primer.test`,
          birthYear: 2004 + (person % 6),
          status: i < confirmed ? ('confirmed' as const) : ('waitlisted' as const),
          code: createHash('sha256').update(`demo-registration-${person}`).digest('base64url').slice(0, 24),
        });
      }
      await insertDemoRegistrations(tx, officeId, id, regs);
      await recordAudit(tx, { officeId, actorId: null, action: 'activity.create', target: id, data: { demo: true } });
    }
  }
}
