import { z } from 'zod';
import { checkbox, isoDate, optionalEmail, optionalUrl, phone, requiredText, text, blankable } from '../../core/http/forms.ts';
import { searchKey } from '../../core/i18n/script.ts';

/**
 * A partner institution in an office's register, as typed in a form or a spreadsheet row: one
 * schema for the staff form and the import (features/imports). Kind labels are messages
 * 'partners.kind.<code>'.
 */
export const PARTNER_KINDS = [
  'school',
  'faculty',
  'police',
  'employment_service',
  'health_centre',
  'public_health',
  'culture_centre',
  'sports_club',
  'pupils_parliament',
  'student_organisation',
  'media',
  'other',
] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** Entries of the cooperation log. */
export const LOG_KINDS = ['joint_activity', 'meeting', 'letter', 'other'] as const;
export type LogKind = (typeof LOG_KINDS)[number];

/**
 * The fields of a partner. `active` reads like a checkbox: absent is false, so an import
 * without the column sends 'true'.
 */
export const partnerFields = z.object({
  kind: z.enum(PARTNER_KINDS, 'err.choice'),
  name: requiredText(200).pipe(z.string().min(2, 'err.tooShort')),
  address: text(300),
  contact_person: text(120),
  email: optionalEmail,
  phone,
  website: optionalUrl,
  notes: text(4000),
  active: checkbox,
});
export type PartnerInput = z.output<typeof partnerFields>;

/** A partner's name folded for search and for the one-name-per-office rule (any script, no diacritics). */
export const partnerSearchKey = (name: string) => searchKey(name);

/** An agreement (the file, if any, is checked apart by core/http/uploads.ts). valid_until ≥ signed_on. */
export const agreementFields = z
  .object({
    title: requiredText(200).pipe(z.string().min(2, 'err.tooShort')),
    signed_on: isoDate,
    valid_until: blankable(z.union([z.literal('').transform(() => null), isoDate])),
    notes: text(2000),
  })
  .transform((a, ctx) => {
    if (a.valid_until !== null && a.valid_until < a.signed_on) {
      ctx.addIssue({ code: 'custom', path: ['valid_until'], message: 'partners.err.validUntil' });
    }
    return a;
  });
export type AgreementInput = z.output<typeof agreementFields>;

/**
 * One entry of the cooperation log. The fields carry a log_ prefix: the form sits on the
 * partner's page beside the agreement form, and ids must stay unique there.
 */
export const logFields = z.object({
  log_date: isoDate,
  log_kind: z.enum(LOG_KINDS, 'err.choice'),
  log_title: requiredText(200).pipe(z.string().min(2, 'err.tooShort')),
  log_notes: text(4000),
});
export type LogInput = z.output<typeof logFields>;
