import { toLatin } from '../../core/i18n/script.ts';

/**
 * The entry code people type (issue #11): six characters of an alphabet without look-alikes
 * (no 0/O, no 1/I/L), unique per office, stored bare (registrations.short_code, picked by the
 * database on insert: migration 0006) and shown grouped as KZM-4F7-Q2X. The QR code carries
 * the long secret (registrations.code) instead; check-in accepts either.
 */
export const ENTRY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ENTRY_CODE_LENGTH = 6;
const PREFIX = 'KZM';
const BARE = new RegExp(`^[${ENTRY_CODE_ALPHABET}]{${ENTRY_CODE_LENGTH}}$`);

/** KZM-4F7-Q2X (the same as registration_short_code_display in SQL, which the seat statement mails). */
export function formatEntryCode(bare: string): string {
  return `${PREFIX}-${bare.slice(0, 3)}-${bare.slice(3)}`;
}

/**
 * The bare code in what someone typed, or null when it is not one: any case, in either
 * script (a Cyrillic keyboard's КЗМ), with or without the KZM prefix, spaces, dashes or dots
 * anywhere.
 */
export function parseEntryCode(typed: string): string | null {
  let s = toLatin(typed.normalize('NFKC'))
    .toUpperCase()
    .replace(/[\s\p{Pd}_.·]+/gu, '');
  if (s.length === PREFIX.length + ENTRY_CODE_LENGTH && s.startsWith(PREFIX)) s = s.slice(PREFIX.length);
  return BARE.test(s) ? s : null;
}
