/** UI strings of this feature: Serbian once, in Cyrillic; English as a translation (see core/i18n/messages.ts). */
export const sr = {
  'people.err.under15Parent': 'Млађи од 15 година: сагласност мора дати родитељ или старатељ.',
  'people.err.parentName': 'Упишите име родитеља или старатеља који је потписао сагласност.',
  'people.err.registerRequired': 'Без сагласности за регистар особа не може бити уписана.',
  'people.err.sensitiveConsent': 'Посебне категорије података уписују се само уз посебну изричиту сагласност.',
  'people.err.duplicate': 'Можда је ова особа већ уписана. Проверите списак испод и потврдите ако ипак желите да је додате.',
} as const;

export const en: Record<keyof typeof sr, string> = {
  'people.err.under15Parent': 'Under 15: the consent must be given by a parent or guardian.',
  'people.err.parentName': 'Enter the name of the parent or guardian who signed the consent.',
  'people.err.registerRequired': 'Without consent to the register the person cannot be added.',
  'people.err.sensitiveConsent': 'Special categories of data are recorded only with their own explicit consent.',
  'people.err.duplicate': 'This person may already be in the register. Check the list below and confirm if you still want to add them.',
};

/** Keys a redirect may show as a notice (?n=key). */
export const notices: ReadonlyArray<keyof typeof sr> = [];
