import type { MessageKey } from './i18n/messages.ts';

/** Why a service refused: a message for the reader, at a form field when one is named. */
export interface Refusal {
  ok: false;
  error: MessageKey;
  field?: string;
  vars?: Record<string, string | number>;
}

/**
 * What every service function that may refuse returns: its value, or a refusal the route shows
 * (beside the field it names, else above the form). `F` is a feature's own refusal shape where
 * one message is not enough (people: a message per field).
 */
export type Result<T = void, F extends { ok: false } = Refusal> = { ok: true; value: T } | F;
