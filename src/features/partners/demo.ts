import type { Queryable } from '../../core/db/db.ts';
import { insertFile } from '../../core/files.ts';
import { localToday } from '../accounts/age.ts';
import { SAMPLE_PDF } from './fixtures.ts';
import { insertAgreement, insertLog } from './repo.ts';
import type { LogInput, PartnerInput } from './schema.ts';
import { addDays, createPartner } from './service.ts';

/**
 * Demo partners of the full demo offices (school, employment service, health centre, police,
 * culture centre, media, …), invented and marked "(primer)", with agreements — one with a
 * stored PDF, one expiring within 60 days of the day the demo was seeded, one expired — and
 * entries in the cooperation log. Dates are relative to the seeding day. Ivanjica's in Cyrillic.
 */
interface DemoPartner {
  partner: Partial<PartnerInput> & Pick<PartnerInput, 'kind' | 'name'>;
  /** [title, signed days ago, valid for days from today (null: no end), with the sample PDF] */
  agreements?: Array<[string, number, number | null, boolean]>;
  /** [days ago, kind, title, notes] */
  log?: Array<[number, LogInput['log_kind'], string, string]>;
}

const blank: PartnerInput = {
  kind: 'other',
  name: '',
  address: '',
  contact_person: '',
  email: '',
  phone: '',
  website: '',
  notes: '',
  active: true,
};

const DEMO: Record<string, DemoPartner[]> = {
  pancevo: [
    {
      partner: {
        kind: 'school',
        name: 'Srednja škola Primerna (primer)',
        address: 'Školska 5, Pančevo',
        contact_person: 'Direktorka Ivana Ogledić',
        email: 'skola@primer.test',
        phone: '013/000-201',
        website: 'https://example.org/skola-primerna',
      },
      agreements: [['Sporazum o saradnji na programu vršnjačke edukacije', 300, 40, true]],
      log: [
        [12, 'joint_activity', 'Radionica o medijskoj pismenosti za treće razrede', 'Učestvovalo 48 učenika.'],
        [45, 'meeting', 'Dogovor o planu radionica za polugodište', ''],
      ],
    },
    {
      partner: {
        kind: 'employment_service',
        name: 'Nacionalna služba za zapošljavanje, ispostava (primer)',
        contact_person: 'Savetnik Marko Uzorić',
        email: 'nsz@primer.test',
        phone: '013/000-202',
      },
      agreements: [['Protokol o sajmu zapošljavanja mladih', 500, -20, false]],
      log: [[30, 'joint_activity', 'Sajam zapošljavanja mladih', 'Predstavilo se 15 poslodavaca.']],
    },
    {
      partner: { kind: 'health_centre', name: 'Dom zdravlja, savetovalište za mlade (primer)', phone: '013/000-203' },
      log: [[60, 'letter', 'Poziv na tribinu o mentalnom zdravlju', '']],
    },
    { partner: { kind: 'police', name: 'Policijska uprava, prevencija (primer)', contact_person: 'Inspektor Petar Izmišljenović' } },
    {
      partner: { kind: 'culture_centre', name: 'Kulturni centar Primer (primer)', website: 'https://example.org/kulturni-centar' },
      agreements: [['Korišćenje male sale za omladinske programe', 120, null, false]],
    },
    {
      partner: {
        kind: 'media',
        name: 'Radio Talas Primer (primer)',
        email: 'radio@primer.test',
        active: false,
        notes: 'Saradnja obustavljena.',
      },
    },
  ],
  cacak: [
    {
      partner: { kind: 'school', name: 'Ekonomska škola Primer (primer)', contact_person: 'Pedagoškinja Jelena Primerović' },
      agreements: [['Sporazum o volonterskoj praksi učenika', 200, 25, true]],
      log: [[20, 'meeting', 'Sastanak sa učeničkim parlamentom', '']],
    },
    {
      partner: { kind: 'public_health', name: 'Zavod za javno zdravlje Primer (primer)' },
      log: [[90, 'joint_activity', 'Kampanja o štetnosti pušenja', '']],
    },
    { partner: { kind: 'pupils_parliament', name: 'Učenički parlament gimnazije Primer (primer)' } },
    { partner: { kind: 'student_organisation', name: 'Studentska organizacija Primer (primer)' } },
  ],
  ivanjica: [
    {
      partner: { kind: 'school', name: 'Техничка школа Пример (пример)', contact_person: 'Директор Милан Огледић' },
      agreements: [['Споразум о сарадњи на радионицама каријерног вођења', 150, 300, false]],
      log: [[15, 'joint_activity', 'Радионица каријерног вођења', '']],
    },
    {
      partner: { kind: 'sports_club', name: 'Спортски клуб Голија Пример (пример)' },
      log: [[40, 'meeting', 'Договор о турниру у малом фудбалу', '']],
    },
  ],
};

/** Adds the demo partners (inside seedDemo's transaction); `offices` maps slug → id. */
export async function seedPartnersDemo(tx: Queryable, offices: Map<string, string>, now: Date = new Date()): Promise<void> {
  const today = localToday(now);
  for (const [slug, list] of Object.entries(DEMO)) {
    const officeId = offices.get(slug);
    if (!officeId) continue;
    for (const d of list) {
      const id = await createPartner(tx, officeId, null, { ...blank, ...d.partner });
      for (const [title, signedAgo, validFor, withFile] of d.agreements ?? []) {
        const file = withFile
          ? await insertFile(tx, officeId, {
              name: 'sporazum-primer.pdf',
              contentType: 'application/pdf',
              bytes: SAMPLE_PDF,
              uploadedBy: null,
            })
          : null;
        const signed = addDays(today, -signedAgo);
        await insertAgreement(
          tx,
          officeId,
          id,
          { title, signed_on: signed, valid_until: validFor === null ? null : addDays(today, validFor), notes: '' },
          file,
          null,
        );
      }
      for (const [ago, kind, title, notes] of d.log ?? []) {
        await insertLog(tx, officeId, id, { log_date: addDays(today, -ago), log_kind: kind, log_title: title, log_notes: notes }, null);
      }
    }
  }
}
