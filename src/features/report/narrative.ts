import { z } from 'zod';
import type { Locale } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';

/**
 * The coordinator's own sections of the annual report: four texts with fixed headings (what a
 * report to the assembly has — an introduction, the main results, challenges, next year's plans),
 * typed in either script and written into the report in its script. Stored by key in
 * annual_reports.narrative; an empty text leaves its section out.
 */
export const NARRATIVE_KEYS = ['intro', 'results', 'challenges', 'next'] as const;
export type NarrativeKey = (typeof NARRATIVE_KEYS)[number];
export const NARRATIVE_MAX = 20_000;

export const narrativeForm = z.object(
  Object.fromEntries(NARRATIVE_KEYS.map((k) => [k, z.string().max(NARRATIVE_MAX, 'report.err.long').optional().default('')])) as Record<
    NarrativeKey,
    z.ZodDefault<z.ZodOptional<z.ZodString>>
  >,
);

export const narrativeHeading = (L: Locale, k: NarrativeKey) => t(L, `report.narrative.${k}`);

/** The stored texts as buildReport takes them, in their order, with their headings in the report's script. */
export function narrativeOf(L: Locale, stored: Record<string, string>): Array<{ heading: string; text: string }> {
  return NARRATIVE_KEYS.map((k) => ({ heading: narrativeHeading(L, k), text: typeof stored[k] === 'string' ? stored[k] : '' }));
}
