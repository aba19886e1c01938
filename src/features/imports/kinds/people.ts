import { LAP_AREAS } from '../../../core/domain.ts';
import { LOCALES } from '../../../core/i18n/locale.ts';
import type { MessageKey } from '../../../core/i18n/messages.ts';
import { searchKey } from '../../../core/i18n/script.ts';
import { findDuplicates } from '../../people/merge-repo.ts';
import { listSettlements, type Settlement } from '../../people/repo.ts';
import { GENDERS, STATUSES, nameKey, paperConsentFields, profileFields } from '../../people/schema.ts';
import { createPerson, validatePerson, type NewPersonInput } from '../../people/service.ts';
import { zodErrors, type ImportColumn, type ImportKind, type RowErrors } from '../kind.ts';
import { exportPeople } from '../repo.ts';

const lap = (code: string) => `lap.${code}` as MessageKey;

/**
 * Young people with the evidence of their consent to the register: who gave it (the person
 * from 15, a parent under 15, named) and where the signed forms are kept. Profiles are checked
 * by profileFields and paperConsentFields, the age and consent rules by validatePerson, and
 * each row is written by createPerson (evidence 'import', access log 'import'). Special
 * categories are never imported.
 */
export const peopleColumns: readonly ImportColumn[] = [
  {
    field: 'full_name',
    header: 'imports.h.fullName',
    required: true,
    type: { type: 'text' },
    aliases: ['ime', 'ime i prezime', 'prezime i ime', 'name', 'full name'],
  },
  {
    field: 'birth_date',
    header: 'imports.h.birthDate',
    required: true,
    type: { type: 'date' },
    aliases: ['rodjen', 'rodjena', 'datum rodjenja', 'birth date', 'date of birth', 'dob'],
  },
  { field: 'email', header: 'imports.h.email', type: { type: 'latin' }, aliases: ['email', 'e mail', 'mejl', 'imejl', 'e adresa'] },
  {
    field: 'phone',
    header: 'imports.h.phone',
    type: { type: 'latin' },
    aliases: ['tel', 'telefon', 'mobilni', 'broj telefona', 'phone number'],
  },
  {
    field: 'gender',
    header: 'imports.h.gender',
    aliases: ['rod', 'sex'],
    type: {
      type: 'code',
      codes: GENDERS,
      label: (c) => `people.gender.${c}` as MessageKey,
      aliases: {
        female: ['z', 'zensko', 'zenski', 'zena', 'f', 'female', 'devojka'],
        male: ['m', 'musko', 'muski', 'muskarac', 'male', 'mladic'],
        other: ['drugo', 'other'],
        undisclosed: ['ne zeli da kaze', 'ne zelim da kazem', 'bez odgovora', 'prefer not to say'],
      },
    },
  },
  {
    field: 'settlement',
    header: 'imports.h.settlement',
    type: { type: 'text' },
    aliases: ['mesto', 'mesto stanovanja', 'naselje stanovanja', 'selo', 'settlement', 'place'],
  },
  {
    field: 'status',
    header: 'imports.h.status',
    aliases: ['zanimanje', 'radni status'],
    type: {
      type: 'code',
      codes: STATUSES,
      label: (c) => `people.status.${c}` as MessageKey,
      aliases: {
        pupil: ['ucenik', 'ucenica', 'pupil'],
        student: ['student', 'studentkinja'],
        employed: ['zaposlen', 'zaposlena', 'employed'],
        unemployed: ['nezaposlen', 'nezaposlena', 'unemployed'],
        neet: ['neet', 'van obrazovanja i zaposlenja'],
      },
    },
  },
  {
    field: 'interests',
    header: 'imports.h.interests',
    type: { type: 'codes', codes: LAP_AREAS, label: lap },
    aliases: ['oblasti interesovanja', 'interesovanja lap', 'interests'],
  },
  {
    field: 'script',
    header: 'imports.h.script',
    aliases: ['pismo', 'jezik', 'language'],
    type: {
      type: 'code',
      codes: LOCALES,
      label: (c) => `imports.script.${c}` as MessageKey,
      aliases: { cir: ['cirilica', 'cyrillic', 'cyr'], lat: ['latinica', 'latin'], en: ['engleski', 'english'] },
    },
  },
  {
    field: 'given_by',
    header: 'imports.h.givenBy',
    required: true,
    aliases: ['saglasnost', 'saglasnost dao', 'saglasnost dala', 'saglasnost dao la', 'consent', 'consent given by', 'consent_given_by'],
    type: {
      type: 'code',
      codes: ['self', 'parent'],
      label: (c) => `imports.givenBy.${c}` as MessageKey,
      aliases: {
        self: ['sam', 'sama', 'licno', 'osoba', 'mlada osoba', 'self'],
        parent: ['roditelj', 'staratelj', 'roditelj staratelj', 'roditelj ili staratelj', 'guardian', 'parent'],
      },
    },
  },
  {
    field: 'parent_name',
    header: 'imports.h.parentName',
    type: { type: 'text' },
    aliases: ['roditelj', 'ime roditelja', 'roditelj staratelj', 'parent', 'parent name', 'guardian'],
  },
  {
    field: 'parent_email',
    header: 'imports.h.parentEmail',
    type: { type: 'latin' },
    aliases: ['mejl roditelja', 'email roditelja', 'parent email'],
  },
  {
    field: 'evidence_note',
    header: 'imports.h.evidenceNote',
    type: { type: 'text' },
    aliases: ['dokaz', 'dokaz o saglasnosti', 'napomena o saglasnosti', 'evidence', 'evidence note'],
  },
];

interface Ctx {
  settlements: Map<string, Settlement>;
}

export type PersonRow = NewPersonInput & { settlement_name: string };

const keys = (p: { email: string; full_name: string; birth_date: string }) => [
  ...(p.email ? [`email:${p.email.toLowerCase()}`] : []),
  `name:${nameKey(p.full_name)}|${p.birth_date}`,
];

export const peopleKind: ImportKind<PersonRow, Ctx> = {
  name: 'people',
  columns: peopleColumns,
  registerPath: '/mladi',
  async load(q, officeId) {
    return { settlements: new Map((await listSettlements(q, officeId)).map((s) => [searchKey(s.name), s])) };
  },
  validate(input, ctx, now) {
    const errors: RowErrors = {};
    let settlementId = '';
    if (input.settlement) {
      const s = ctx.settlements.get(searchKey(input.settlement));
      if (s) settlementId = s.id;
      else errors.settlement = { key: 'imports.err.settlement', vars: { value: input.settlement } };
    }
    const profile = profileFields.safeParse({ ...input, settlement_id: settlementId });
    const paper = paperConsentFields.safeParse(input);
    if (!profile.success) Object.assign(errors, zodErrors(profile.error), errors);
    if (!paper.success) Object.assign(errors, zodErrors(paper.error), errors);
    // The age and consent rules need only the birth date and the consent, so they are checked
    // (and reported with the rest) even while another cell of the row is wrong.
    const birth = profileFields.shape.birth_date.safeParse(input.birth_date);
    if (birth.success && paper.success) {
      const rules: NewPersonInput = {
        ...(profile.success
          ? profile.data
          : { full_name: '', email: '', phone: '', gender: null, settlement_id: null, status: null, interests: [], script: 'cir' }),
        birth_date: birth.data,
        consents: ['register'],
        paper: paper.data,
        source: 'import',
      };
      for (const [field, key] of Object.entries(validatePerson(rules, now))) errors[field] ??= { key };
    }
    if (!profile.success || !paper.success || Object.keys(errors).length > 0) return { ok: false, errors };
    return {
      ok: true,
      row: { ...profile.data, consents: ['register'], paper: paper.data, source: 'import', settlement_name: input.settlement ?? '' },
    };
  },
  keys: (p) => keys({ email: p.email, full_name: p.full_name, birth_date: p.birth_date }),
  async existing(q, officeId, rows) {
    const out: Array<string | null> = rows.map(() => null);
    for (const m of await findDuplicates(
      q,
      officeId,
      rows.map((r) => ({ email: r.email, full_name: r.full_name, birth_date: r.birth_date })),
    )) {
      out[m.row] ??= m.birth_date ? `${m.full_name} (${m.birth_date})` : m.full_name;
    }
    return out;
  },
  insert(tx, officeId, actorId, row, source, now) {
    // The list's own note on where the signed forms are kept; without one, which file and row.
    const evidenceNote = row.paper.evidence_note || `${source.filename} #${source.line}`;
    return createPerson(tx, officeId, actorId, { ...row, evidenceNote }, now);
  },
  exportRows: (q, officeId, actorId) => exportPeople(q, officeId, actorId),
};
