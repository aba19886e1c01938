import { LAP_AREAS } from '../../../core/domain.ts';
import type { MessageKey } from '../../../core/i18n/messages.ts';
import { searchKey } from '../../../core/i18n/script.ts';
import { ASSOCIATION_KINDS, LEGAL_FORMS, TARGET_GROUPS, associationFields, type AssociationInput } from '../../associations/schema.ts';
import { RegistryNumberTaken, createAssociation } from '../../associations/service.ts';
import { zodErrors, type ImportColumn, type ImportKind } from '../kind.ts';
import { exportAssociations, registerAssociations } from '../repo.ts';

const lap = (code: string) => `lap.${code}` as MessageKey;

/** Associations: rows checked by associationFields, written by createAssociation. */
export const associationColumns: readonly ImportColumn[] = [
  {
    field: 'name',
    header: 'imports.h.name',
    required: true,
    type: { type: 'text' },
    aliases: ['naziv udruzenja', 'naziv organizacije', 'udruzenje', 'organizacija', 'association', 'organisation', 'organization'],
  },
  {
    field: 'kind',
    header: 'imports.h.kind',
    required: true,
    aliases: ['vrsta udruzenja', 'tip', 'type'],
    type: {
      type: 'code',
      codes: ASSOCIATION_KINDS,
      label: (c) => `associations.kind.${c}` as MessageKey,
      aliases: {
        youth: ['omladinsko udruzenje', 'udruzenje mladih', 'youth association', 'mladi'],
        for_youth: ['udruzenje za mlade', 'association for youth', 'za mlade'],
        umbrella: ['savez', 'krovna organizacija', 'krovno udruzenje', 'umbrella association'],
        informal: ['neformalna grupa', 'neformalna', 'informal group'],
      },
    },
  },
  { field: 'short_name', header: 'imports.h.shortName', type: { type: 'text' }, aliases: ['skracenica', 'akronim', 'acronym'] },
  {
    field: 'legal_form',
    header: 'imports.h.legalForm',
    aliases: ['pravni oblik', 'oblik organizovanja'],
    type: {
      type: 'code',
      codes: LEGAL_FORMS,
      label: (c) => `associations.legalForm.${c}` as MessageKey,
      aliases: { informal_group: ['neformalna grupa', 'bez pravne forme'], foundation: ['fondacija', 'zaduzbina'] },
    },
  },
  {
    field: 'registry_number',
    header: 'imports.h.registryNumber',
    type: { type: 'latin', digits: 8 },
    aliases: ['mb', 'maticni broj udruzenja', 'registarski broj', 'registry no', 'company number'],
  },
  { field: 'founded_year', header: 'imports.h.foundedYear', type: { type: 'int' }, aliases: ['osnovano', 'godina osnivanja', 'founded'] },
  { field: 'address', header: 'imports.h.address', type: { type: 'text' }, aliases: ['sediste', 'adresa sedista'] },
  {
    field: 'email',
    header: 'imports.h.email',
    type: { type: 'latin' },
    aliases: ['email', 'e mail', 'mejl', 'imejl', 'e adresa', 'elektronska posta'],
  },
  {
    field: 'phone',
    header: 'imports.h.phone',
    type: { type: 'latin' },
    aliases: ['tel', 'telefon', 'broj telefona', 'mobilni', 'phone number'],
  },
  {
    field: 'website',
    header: 'imports.h.website',
    type: { type: 'latin' },
    aliases: ['sajt', 'veb sajt', 'web', 'internet stranica', 'url', 'web site'],
  },
  {
    field: 'contact_person',
    header: 'imports.h.contactPerson',
    type: { type: 'text' },
    aliases: ['kontakt', 'kontakt osoba', 'odgovorno lice', 'contact'],
  },
  { field: 'description', header: 'imports.h.description', type: { type: 'text' }, aliases: ['o udruzenju', 'about', 'napomena'] },
  {
    field: 'areas',
    header: 'imports.h.areas',
    type: { type: 'codes', codes: LAP_AREAS, label: lap },
    aliases: ['oblasti', 'oblasti rada lap', 'lap oblasti', 'areas'],
  },
  {
    field: 'target_groups',
    header: 'imports.h.targetGroups',
    type: { type: 'codes', codes: TARGET_GROUPS, label: (c) => `associations.target.${c}` as MessageKey },
    aliases: ['ciljna grupa', 'target group'],
  },
  {
    field: 'members_total',
    header: 'imports.h.membersTotal',
    type: { type: 'int' },
    aliases: ['broj clanova', 'clanova', 'ukupno clanova', 'members total'],
  },
  {
    field: 'members_young',
    header: 'imports.h.membersYoung',
    type: { type: 'int' },
    aliases: ['mladih clanova', 'broj mladih', 'mladi clanovi', 'clanova 15 30'],
  },
  { field: 'active', header: 'imports.h.active', type: { type: 'bool' }, whenEmpty: 'da', aliases: ['aktivan', 'aktivna', 'is active'] },
];

const keys = (a: { registry_number: string | null; name: string }) => [
  ...(a.registry_number ? [`mb:${a.registry_number}`] : []),
  `name:${searchKey(a.name)}`,
];

export const associationsKind: ImportKind<AssociationInput, null> = {
  name: 'associations',
  columns: associationColumns,
  registerPath: '/udruzenja',
  load: async () => null,
  validate(input) {
    const r = associationFields.safeParse(input);
    return r.success ? { ok: true, row: r.data } : { ok: false, errors: zodErrors(r.error) };
  },
  keys,
  async existing(q, officeId, rows) {
    const index = new Map<string, string>();
    for (const a of await registerAssociations(q, officeId)) for (const k of keys(a)) if (!index.has(k)) index.set(k, a.name);
    return rows.map(
      (r) =>
        keys(r)
          .map((k) => index.get(k))
          .find((n) => n !== undefined) ?? null,
    );
  },
  isConflict: (err) => err instanceof RegistryNumberTaken,
  insert: (tx, officeId, actorId, row) => createAssociation(tx, officeId, actorId, row),
  exportRows: (q, officeId) => exportAssociations(q, officeId),
};
