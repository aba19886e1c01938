import type { MessageKey } from '../../core/i18n/messages.ts';

/**
 * Why an office processes a young person's data: one entry per consent purpose. The consent
 * forms, the withdrawal page, the privacy notice and the record of processing activities
 * (ZZPL art. 47) are all generated from this list, so what people agree to and what the office
 * declares cannot drift apart. Labels and texts are message keys (features/me/messages.ts).
 */
export interface Purpose {
  code: PurposeCode;
  /** Short name, e.g. "Register of young people". */
  label: MessageKey;
  /** What is done with the data, in a sentence the person reads before agreeing. */
  description: MessageKey;
  /** The data items processed for this purpose (message keys of field labels). */
  data: readonly MessageKey[];
  /** Whose data it is (categories of data subjects, for the record of processing). */
  subjects: MessageKey;
  /** Who receives the data besides the office, if anyone. */
  recipients: MessageKey;
  /** How long it is kept ({months}: RETENTION_MONTHS, {grace}: RETENTION_GRACE_DAYS). */
  retention: MessageKey;
  /** Special category (ZZPL art. 17): asked separately, with an explicit consent. */
  special: boolean;
  /** Needed to be in the register at all (the others are optional). */
  required: boolean;
  /** A parent may give it online for a child under 15 (special categories only in person). */
  parentOnline: boolean;
}

export const PURPOSE_CODES = ['register', 'contact', 'photos', 'sensitive', 'guidance'] as const;
export type PurposeCode = (typeof PURPOSE_CODES)[number];

const PROFILE_DATA: readonly MessageKey[] = [
  'me.field.full_name',
  'me.field.email',
  'me.field.phone',
  'me.field.birth_date',
  'me.field.gender',
  'me.field.settlement_id',
  'me.field.status',
  'me.field.interests',
  'me.field.script',
];

export const PURPOSES: readonly Purpose[] = [
  {
    code: 'register',
    label: 'purpose.register',
    description: 'purpose.register.text',
    data: PROFILE_DATA,
    subjects: 'purpose.subjects.young',
    recipients: 'purpose.recipients.none',
    retention: 'purpose.register.retention',
    special: false,
    required: true,
    parentOnline: true,
  },
  {
    code: 'contact',
    label: 'purpose.contact',
    description: 'purpose.contact.text',
    data: ['me.field.full_name', 'me.field.email', 'me.field.phone', 'me.field.interests', 'me.field.script'],
    subjects: 'purpose.subjects.young',
    recipients: 'purpose.recipients.mail',
    retention: 'purpose.untilWithdrawn',
    special: false,
    required: false,
    parentOnline: true,
  },
  {
    code: 'photos',
    label: 'purpose.photos',
    description: 'purpose.photos.text',
    data: ['me.data.photos'],
    subjects: 'purpose.subjects.young',
    recipients: 'purpose.recipients.public',
    retention: 'purpose.photos.retention',
    special: false,
    required: false,
    parentOnline: true,
  },
  {
    code: 'sensitive',
    label: 'purpose.sensitive',
    description: 'purpose.sensitive.text',
    data: ['me.field.ethnicity', 'me.field.disability', 'me.field.health_note'],
    subjects: 'purpose.subjects.young',
    recipients: 'purpose.recipients.aggregates',
    retention: 'purpose.untilWithdrawn',
    special: true,
    required: false,
    parentOnline: false,
  },
  {
    // The career counsellor's private notes on a session (features/guidance): withdrawing the
    // consent deletes them (a trigger, migration 0010).
    code: 'guidance',
    label: 'purpose.guidance',
    description: 'purpose.guidance.text',
    data: ['purpose.guidance.data'],
    subjects: 'purpose.subjects.young',
    recipients: 'purpose.recipients.none',
    retention: 'purpose.untilWithdrawn',
    special: false,
    required: false,
    parentOnline: false,
  },
];

export function purposeOf(code: PurposeCode): Purpose {
  return PURPOSES.find((p) => p.code === code)!;
}
