import type { MessageKey } from '../../core/i18n/messages.ts';

/**
 * Why an office processes a young person's data: one entry per consent purpose. The consent
 * forms, the withdrawal page and the record of processing activities (ZZPL art. 47) are all
 * generated from this list, so what people agree to and what the office declares cannot drift
 * apart. Labels and texts are message keys (features/people/messages.ts).
 */
export interface Purpose {
  code: PurposeCode;
  /** Short name, e.g. "Register of young people". */
  label: MessageKey;
  /** What is done with the data, in a sentence the person reads before agreeing. */
  description: MessageKey;
  /** The data items processed for this purpose (message keys of field labels). */
  data: readonly MessageKey[];
  /** Who receives the data besides the office, if anyone. */
  recipients: MessageKey;
  /** How long it is kept. */
  retention: MessageKey;
  /** Special category (ZZPL art. 17): asked separately, with an explicit consent. */
  special: boolean;
  /** Needed to be in the register at all (the others are optional). */
  required: boolean;
}

export const PURPOSE_CODES = ['register', 'contact', 'photos', 'sensitive'] as const;
export type PurposeCode = (typeof PURPOSE_CODES)[number];
