import type { MessageKey } from '../../../core/i18n/messages.ts';
import { PARTNER_KINDS, partnerFields, partnerSearchKey, type PartnerInput } from '../../partners/schema.ts';
import { PartnerNameTaken, createPartner } from '../../partners/service.ts';
import { zodErrors, type ImportColumn, type ImportKind } from '../kind.ts';
import { exportPartners, registerPartners } from '../repo.ts';

/** Partners: rows checked by partnerFields, written by createPartner. */
export const partnerColumns: readonly ImportColumn[] = [
  {
    field: 'name',
    header: 'imports.h.name',
    required: true,
    type: { type: 'text' },
    aliases: ['naziv ustanove', 'naziv institucije', 'ustanova', 'institucija', 'partner', 'institution'],
  },
  {
    field: 'kind',
    header: 'imports.h.kind',
    required: true,
    aliases: ['vrsta partnera', 'vrsta ustanove', 'tip', 'type'],
    type: {
      type: 'code',
      codes: PARTNER_KINDS,
      label: (c) => `partners.kind.${c}` as MessageKey,
      aliases: {
        school: ['skola', 'osnovna skola', 'srednja skola', 'gimnazija'],
        faculty: ['fakultet', 'visoka skola', 'univerzitet'],
        police: ['policija', 'policijska uprava', 'mup'],
        employment_service: ['nsz', 'nacionalna sluzba za zaposljavanje', 'sluzba za zaposljavanje'],
        health_centre: ['dom zdravlja'],
        public_health: ['zavod za javno zdravlje', 'institut za javno zdravlje'],
        culture_centre: ['kulturni centar', 'dom kulture', 'centar za kulturu'],
        sports_club: ['sportski klub', 'klub'],
        pupils_parliament: ['ucenicki parlament'],
        student_organisation: ['studentska organizacija', 'studentski parlament'],
        media: ['mediji', 'medij', 'radio', 'televizija', 'tv', 'novine', 'portal'],
        other: ['drugo', 'ostalo'],
      },
    },
  },
  { field: 'address', header: 'imports.h.address', type: { type: 'text' }, aliases: ['sediste'] },
  { field: 'contact_person', header: 'imports.h.contactPerson', type: { type: 'text' }, aliases: ['kontakt', 'kontakt osoba', 'contact'] },
  { field: 'email', header: 'imports.h.email', type: { type: 'latin' }, aliases: ['email', 'e mail', 'mejl', 'imejl', 'e adresa'] },
  { field: 'phone', header: 'imports.h.phone', type: { type: 'latin' }, aliases: ['tel', 'telefon', 'broj telefona', 'phone number'] },
  { field: 'website', header: 'imports.h.website', type: { type: 'latin' }, aliases: ['sajt', 'veb sajt', 'web', 'url', 'web site'] },
  { field: 'notes', header: 'imports.h.notes', type: { type: 'text' }, aliases: ['napomena', 'opis', 'note', 'description'] },
  { field: 'active', header: 'imports.h.active', type: { type: 'bool' }, whenEmpty: 'da', aliases: ['aktivan', 'aktivna', 'is active'] },
];

export const partnersKind: ImportKind<PartnerInput, null> = {
  name: 'partners',
  columns: partnerColumns,
  registerPath: '/partneri',
  load: async () => null,
  validate(input) {
    const r = partnerFields.safeParse(input);
    return r.success ? { ok: true, row: r.data } : { ok: false, errors: zodErrors(r.error) };
  },
  keys: (p) => [`name:${partnerSearchKey(p.name)}`],
  async existing(q, officeId, rows) {
    const index = new Map((await registerPartners(q, officeId)).map((p) => [p.search_key, p.name]));
    return rows.map((r) => index.get(partnerSearchKey(r.name)) ?? null);
  },
  isConflict: (err) => err instanceof PartnerNameTaken,
  insert: (tx, officeId, actorId, row) => createPartner(tx, officeId, actorId, row),
  exportRows: (q, officeId) => exportPartners(q, officeId),
};
