import { z } from 'zod';
import { LAP_AREAS } from '../../core/domain.ts';
import {
  blankable,
  checkbox,
  codeList,
  optionalEmail,
  optionalInt,
  optionalUrl,
  phone,
  requiredText,
  text,
} from '../../core/http/forms.ts';
import { searchKey } from '../../core/i18n/script.ts';

/**
 * An association in an office's register, as typed in a form or a spreadsheet row. One schema
 * for the staff form, the representative's form and the import (features/imports), so the
 * three accept exactly the same data. Labels of every code are messages
 * ('associations.kind.<code>', 'associations.legalForm.<code>', 'associations.target.<code>').
 */

/**
 * youth: an association of young people (at least two thirds of members aged 15–30, goals
 * aimed at youth — Law on Youth); for_youth: goals include youth; umbrella: a union of
 * associations; informal: an unregistered group (no legal form, no registry number).
 */
export const ASSOCIATION_KINDS = ['youth', 'for_youth', 'umbrella', 'informal'] as const;
export type AssociationKind = (typeof ASSOCIATION_KINDS)[number];

/** Legal forms under the Law on Associations and the Law on Endowments and Foundations. */
export const LEGAL_FORMS = ['association', 'union', 'foundation', 'informal_group', 'other'] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

/**
 * Whom an association works with. Chosen from the groups the seeds and the National Youth
 * Strategy name: 'all' (young people generally), pupils, students, employed, unemployed,
 * neet (not in education, employment or training), roma, disability (young people with
 * disabilities), rural (from villages), dorms (in pupils' and students' dorms), care (without
 * parental care), minorities (national minorities other than Roma).
 */
export const TARGET_GROUPS = [
  'all',
  'pupils',
  'students',
  'employed',
  'unemployed',
  'neet',
  'roma',
  'disability',
  'rural',
  'dorms',
  'care',
  'minorities',
] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

/**
 * What a representative may publish in the public directory; the name and the kind are
 * always shown. 'members' covers both counts.
 */
export const PUBLISHABLE_FIELDS = [
  'description',
  'address',
  'email',
  'phone',
  'website',
  'contact_person',
  'areas',
  'target_groups',
  'members',
  'founded_year',
  'registry_number',
] as const;
export type PublishableField = (typeof PUBLISHABLE_FIELDS)[number];

/**
 * Matični broj (MB) of a legal entity in Serbia: 8 digits, the last a check digit, MOD 11
 * with weights 2, 3, 4, 5, 6, 7, 2 taken from the right over the first seven digits (2, 7, 6,
 * 5, 4, 3, 2 from the left); check = 11 − (sum mod 11), and a remainder of 0 or 1 (11 or 10)
 * gives 0. Checked against published numbers (17162543, 20084693, 07737068, 07204990 —
 * remainder 1 → 0 — and others in schema.test.ts). Spaces, dots and dashes people type are
 * ignored; returns the 8 digits, or null when it is not a valid MB.
 */
export function normaliseRegistryNumber(input: string): string | null {
  const digits = input.replace(/[\s.\-\u00a0]/g, '');
  if (!/^[0-9]{8}$/.test(digits)) return null;
  return registryCheckDigit(digits) === Number(digits[7]) ? digits : null;
}

const MB_WEIGHTS = [2, 7, 6, 5, 4, 3, 2] as const;

/** The check digit for the first seven digits of an MB. */
export function registryCheckDigit(firstSeven: string): number {
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(firstSeven[i]) * MB_WEIGHTS[i]!;
  return ((11 - (sum % 11)) % 11) % 10;
}

/**
 * The Law on Youth: a youth association has at least two thirds of its members aged 15–30.
 * null when the counts are not known (or there are no members).
 */
export function meetsYouthShare(membersTotal: number | null, membersYoung: number | null): boolean | null {
  if (membersTotal === null || membersYoung === null || membersTotal <= 0) return null;
  return 3 * membersYoung >= 2 * membersTotal;
}

/** Share of young members in whole percent (rounded down), or null when unknown. */
export function youngSharePercent(membersTotal: number | null, membersYoung: number | null): number | null {
  if (membersTotal === null || membersYoung === null || membersTotal <= 0) return null;
  return Math.floor((100 * membersYoung) / membersTotal);
}

/**
 * Shown as a warning (never an error: the office may know better, e.g. counts are old) when
 * an association is registered as a youth association but fewer than two thirds of its
 * members are young.
 */
export function youthShareWarning(a: { kind: string; members_total: number | null; members_young: number | null }): boolean {
  return a.kind === 'youth' && meetsYouthShare(a.members_total, a.members_young) === false;
}

/** The folding of what people search an association by (name, short name), any script. */
export const associationSearchKey = (name: string, shortName: string) => searchKey(`${name} ${shortName}`);

/**
 * The fields of an association. `registry_number` is required for registered forms and
 * refused for informal groups; `legal_form` may be left empty (an informal group's is
 * 'informal_group', anyone else's 'association'). `active` reads like a checkbox: absent is
 * false, so an import without the column sends 'true'.
 */
export const associationFields = z
  .object({
    kind: z.enum(ASSOCIATION_KINDS, 'err.choice'),
    name: requiredText(200).pipe(z.string().min(2, 'err.tooShort')),
    short_name: text(60),
    legal_form: blankable(z.union([z.literal(''), z.enum(LEGAL_FORMS, 'err.choice')])),
    registry_number: text(20).refine((s) => s === '' || normaliseRegistryNumber(s) !== null, 'associations.err.registryNumber'),
    founded_year: optionalInt(1900, () => new Date().getFullYear()),
    address: text(300),
    email: optionalEmail,
    phone,
    website: optionalUrl,
    contact_person: text(120),
    description: text(4000),
    areas: codeList(LAP_AREAS),
    target_groups: codeList(TARGET_GROUPS),
    members_total: optionalInt(0, () => 1_000_000),
    members_young: optionalInt(0, () => 1_000_000),
    active: checkbox,
  })
  // Rules between fields run even when another field failed (when: always), so a form shows
  // every message at once; they read the values defensively for that reason.
  .superRefine(
    (a, ctx) => {
      const informal = a.kind === 'informal';
      const legalForm = typeof a.legal_form === 'string' ? a.legal_form : '';
      if (legalForm !== '' && (legalForm === 'informal_group') !== informal && (ASSOCIATION_KINDS as readonly string[]).includes(a.kind)) {
        ctx.addIssue({ code: 'custom', path: ['legal_form'], message: 'associations.err.legalForm' });
      }
      const registry = typeof a.registry_number === 'string' ? a.registry_number.trim() : '';
      if (informal && registry !== '') {
        ctx.addIssue({ code: 'custom', path: ['registry_number'], message: 'associations.err.registryInformal' });
      } else if (!informal && (ASSOCIATION_KINDS as readonly string[]).includes(a.kind) && registry === '') {
        ctx.addIssue({ code: 'custom', path: ['registry_number'], message: 'associations.err.registryRequired' });
      }
      if (typeof a.members_total === 'number' && typeof a.members_young === 'number' && a.members_young > a.members_total) {
        ctx.addIssue({ code: 'custom', path: ['members_young'], message: 'associations.err.membersYoung' });
      }
    },
    { when: () => true },
  )
  .transform((a) => {
    const legal_form: LegalForm = a.legal_form || (a.kind === 'informal' ? 'informal_group' : 'association');
    const registry_number = a.kind === 'informal' ? null : normaliseRegistryNumber(a.registry_number);
    return { ...a, legal_form, registry_number };
  });
export type AssociationInput = z.output<typeof associationFields>;

/** What the association agreed to publish: listed at all, and which fields. */
export const publicationFields = z.object({
  listed: checkbox,
  published_fields: codeList(PUBLISHABLE_FIELDS),
});
export type PublicationInput = z.output<typeof publicationFields>;

/** A signed-in person's request to represent an association. */
export const representationRequestFields = z.object({ note: text(500) });
