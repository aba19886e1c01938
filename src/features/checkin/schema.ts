import { z } from 'zod';
import { LAP_AREAS } from '../../core/domain.ts';
import { isoDate, requiredText } from '../../core/http/forms.ts';
import { LOCALES } from '../../core/i18n/locale.ts';

/** What a check-in code looks like (registrations.code); anything else is not a code of ours. */
export const CODE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** A code as typed or read: spaces and line breaks around or inside it are dropped. */
export const normaliseCode = (s: string) => s.replace(/\s+/g, '');

const uuid = z.string().trim().toLowerCase().pipe(z.uuid('err.choice'));

/** The list's "present" toggle (one form per person). */
export const toggleFields = z.object({
  registration: uuid,
  sesija: uuid,
  present: z.enum(['1', '0'], 'err.choice'),
});

/** A code typed by hand. */
export const codeFields = z.object({
  code: requiredText(200).transform(normaliseCode),
  sesija: uuid,
});

/** Most items one sync request may carry (a phone that was offline for a whole event). */
export const MAX_SYNC_ITEMS = 500;

/**
 * The body the check-in script sends when it syncs: check-ins made on the device, each with
 * the session it was made for and the time the device saw the code. `id` is the device's own
 * name for the item, echoed in the answer.
 */
export const syncBody = z.object({
  /** The script of the answers' messages (the page's); otherwise the reader's negotiated one. */
  locale: z.enum(LOCALES).optional(),
  items: z
    .array(
      z.object({
        id: z.string().max(64),
        code: z.string().max(200),
        session: z.string().max(64),
        at: z.string().max(40),
        method: z.enum(['qr', 'list']).default('qr'),
      }),
    )
    .max(MAX_SYNC_ITEMS),
});
export type SyncBody = z.output<typeof syncBody>;

export const ACTIVITY_KINDS = ['workshop', 'seminar', 'training', 'camp', 'info_session', 'event', 'exchange', 'club'] as const;

/** Period filters of the statistics page and API; anything unexpected is ignored. */
export const periodQuery = z.object({
  od: isoDate.optional().catch(undefined),
  do: isoDate.optional().catch(undefined),
  oblast: z.enum(LAP_AREAS).optional().catch(undefined),
  vrsta: z.enum(ACTIVITY_KINDS).optional().catch(undefined),
});
