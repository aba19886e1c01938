import type { Queryable } from '../../core/db/db.ts';
import { findUserByEmail } from '../accounts/repo.ts';
import { addMember } from '../admin/repo.ts';
import { insertApprovedRepresentative, upsertRequest } from './repo.ts';
import type { AssociationInput, PublicationInput } from './schema.ts';
import { registryCheckDigit } from './schema.ts';
import { createAssociation } from './service.ts';

/**
 * Demo associations for the full demo offices: every kind, some listed with a choice of
 * published fields, one youth association whose counts fall under the two-thirds rule (the
 * warning shows), the demo representative (udruzenje@primer.test) approved for one
 * Pančevo association, and one request waiting for the Pančevo coordinator's decision. All invented, with "(primer)" in the name; registry numbers are
 * invented too (99… prefix), with a valid check digit. Ivanjica's are typed in Cyrillic, as
 * its own site is.
 */
const mb = (seven: string) => `${seven}${registryCheckDigit(seven)}`;

type Demo = {
  input: Partial<AssociationInput> & Pick<AssociationInput, 'kind' | 'name'>;
  publication?: PublicationInput;
  /** An approved representative (e-mail). */
  rep?: string;
  /** A request waiting for the office's decision: [e-mail, note]. */
  pending?: [string, string];
};

const blank: AssociationInput = {
  kind: 'youth',
  name: '',
  short_name: '',
  legal_form: 'association',
  registry_number: null,
  founded_year: null,
  address: '',
  email: '',
  phone: '',
  website: '',
  contact_person: '',
  description: '',
  areas: [],
  target_groups: [],
  members_total: null,
  members_young: null,
  active: true,
};

export const DEMO_REP_EMAIL = 'udruzenje@primer.test';
export const DEMO_REP_ASSOCIATION = 'Omladinski klub Iskra (primer)';

const DEMO: Record<string, Demo[]> = {
  pancevo: [
    {
      input: {
        kind: 'youth',
        name: DEMO_REP_ASSOCIATION,
        short_name: 'OK Iskra',
        registry_number: mb('9900101'),
        founded_year: 2016,
        address: 'Primerna ulica 12, Pančevo',
        email: 'iskra@primer.test',
        phone: '013/000-101',
        website: 'https://example.org/iskra',
        contact_person: 'Nikola Oglednić',
        description:
          'Omladinski klub koji vode mladi: debatni klub, volonterske akcije u kraju i radionice medijske pismenosti za srednjoškolce.',
        areas: ['participation', 'volunteering', 'education'],
        target_groups: ['pupils', 'students'],
        members_total: 40,
        members_young: 34,
      },
      // The e-mail is not published yet: the demo representative's journey publishes it.
      publication: { listed: true, published_fields: ['description', 'website', 'areas', 'target_groups', 'members', 'founded_year'] },
      rep: DEMO_REP_EMAIL,
    },
    {
      input: {
        kind: 'for_youth',
        name: 'Centar za podršku mladima Most (primer)',
        short_name: 'Most',
        registry_number: mb('9900102'),
        founded_year: 2009,
        address: 'Izmišljena 4, Pančevo',
        email: 'most@primer.test',
        phone: '013/000-102',
        contact_person: 'Milena Uzorić',
        description: 'Savetovanje o zapošljavanju i karijeri, obuke za pisanje biografije i pripremu za razgovor za posao.',
        areas: ['employment', 'education'],
        target_groups: ['unemployed', 'neet'],
        members_total: 25,
        members_young: 8,
      },
      publication: { listed: true, published_fields: ['description', 'address', 'phone', 'areas', 'target_groups'] },
      pending: ['savet@primer.test', 'Volonterka Centra, vodim program obuka (demo).'],
    },
    {
      input: {
        kind: 'umbrella',
        name: 'Savez omladinskih udruženja Tamiš (primer)',
        legal_form: 'union',
        registry_number: mb('9900103'),
        founded_year: 2012,
        website: 'https://example.org/savez-tamis',
        email: 'savez@primer.test',
        description: 'Savez šest udruženja mladih sa teritorije grada: zajedničko zagovaranje i razmena iskustava.',
        areas: ['participation'],
        target_groups: ['all'],
      },
      publication: { listed: true, published_fields: ['description', 'website'] },
    },
    {
      input: {
        kind: 'informal',
        name: 'Neformalna grupa Kvart (primer)',
        legal_form: 'informal_group',
        contact_person: 'Una Primerić',
        description: 'Mladi iz Starčeva koji uređuju igralište i organizuju turnire.',
        areas: ['volunteering', 'youth_work'],
        target_groups: ['rural'],
        members_total: 9,
        members_young: 9,
      },
      publication: { listed: true, published_fields: ['description', 'areas', 'target_groups'] },
    },
    {
      input: {
        kind: 'youth',
        name: 'Udruženje Novi korak (primer)',
        registry_number: mb('9900104'),
        founded_year: 2021,
        email: 'novikorak@primer.test',
        description: 'Podaci o članstvu su stari: udruženje treba da ih ažurira.',
        areas: ['health'],
        members_total: 12,
        members_young: 5,
      },
    },
  ],
  cacak: [
    {
      input: {
        kind: 'youth',
        name: 'Udruženje mladih Čačak u pokretu (primer)',
        short_name: 'ČuP',
        registry_number: mb('9900201'),
        founded_year: 2018,
        email: 'cup@primer.test',
        website: 'https://example.org/cup',
        description: 'Sportske i kulturne akcije za srednjoškolce, uz podršku Omladinskog kluba.',
        areas: ['health', 'mobility'],
        target_groups: ['pupils'],
        members_total: 30,
        members_young: 27,
      },
      publication: { listed: true, published_fields: ['description', 'email', 'website', 'areas', 'members'] },
    },
    {
      input: {
        kind: 'informal',
        name: 'Studentska inicijativa Morava (primer)',
        legal_form: 'informal_group',
        description: 'Studenti koji se vraćaju u Čačak i pomažu mlađima u izboru fakulteta.',
        areas: ['education'],
        target_groups: ['pupils', 'students'],
      },
      publication: { listed: true, published_fields: ['description', 'areas', 'target_groups'] },
    },
    {
      input: {
        kind: 'for_youth',
        name: 'Fondacija Zeleni grad (primer)',
        legal_form: 'foundation',
        registry_number: mb('9900202'),
        founded_year: 2010,
        description: 'Ekološke radionice; još nije odlučila šta objavljuje.',
        areas: ['volunteering'],
      },
    },
  ],
  ivanjica: [
    {
      input: {
        kind: 'youth',
        name: 'Удружење младих Голија (пример)',
        short_name: 'УМГ',
        registry_number: mb('9900301'),
        founded_year: 2014,
        email: 'golija@primer.test',
        description: 'Планинарење, камп на Голији и волонтерске акције у селима општине.',
        areas: ['volunteering', 'mobility'],
        target_groups: ['rural', 'pupils'],
        members_total: 22,
        members_young: 20,
      },
      publication: { listed: true, published_fields: ['description', 'email', 'areas', 'target_groups', 'members'] },
    },
    {
      input: {
        kind: 'informal',
        name: 'Неформална група Моравички кадар (пример)',
        legal_form: 'informal_group',
        description: 'Млади филмаџије: радионице снимања и монтаже.',
        areas: ['education'],
        target_groups: ['all'],
      },
      publication: { listed: true, published_fields: ['description', 'areas'] },
    },
  ],
};

/** Adds the demo associations (inside seedDemo's transaction); `offices` maps slug → id. */
export async function seedAssociationsDemo(tx: Queryable, offices: Map<string, string>): Promise<void> {
  for (const [slug, list] of Object.entries(DEMO)) {
    const officeId = offices.get(slug);
    if (!officeId) continue;
    for (const d of list) {
      const id = await createAssociation(tx, officeId, null, { ...blank, ...d.input }, d.publication);
      if (d.pending) {
        const asking = await findUserByEmail(tx, d.pending[0]);
        if (asking) await upsertRequest(tx, officeId, id, asking.id, d.pending[1]);
      }
      if (!d.rep) continue;
      const user = await findUserByEmail(tx, d.rep);
      if (!user) continue;
      await insertApprovedRepresentative(tx, officeId, id, user.id, 'Predsednik udruženja (demo).');
      await addMember(tx, officeId, user.id, 'association_rep', null);
    }
  }
}
