/** UI strings of this feature: Serbian once, in Cyrillic; English as a translation (see core/i18n/messages.ts). */
export const sr = {};

export const en: Record<keyof typeof sr, string> = {};

/** Keys a redirect may show as a notice (?n=key). */
export const notices: ReadonlyArray<keyof typeof sr> = [];
