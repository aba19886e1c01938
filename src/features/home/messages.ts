/**
 * UI strings of the home page and the privacy notice: Serbian once, in Cyrillic; English as a translation (see
 * core/i18n/messages.ts).
 */
export const sr = {
  'home.title': 'Канцеларије за младе у Србији',
  'home.lead': 'Информације, радионице, подршка иницијативама и волонтирању за све младе од 15 до 30 година — бесплатно, у вашем граду.',
  'home.search': 'Пронађите канцеларију',
  'home.featured': 'Канцеларије на платформи',
  'home.allOffices': 'Све канцеларије у именику',
  'home.what': 'Шта канцеларија за младе ради',
  'home.what.text':
    'Информише младе, организује неформално образовање (радионице, семинаре, обуке, кампове), подржава иницијативе и удружења младих простором, материјалом и техничком помоћи, промовише волонтирање, води омладински клуб, помаже у професионалној оријентацији и подржава Савет за младе.',
  'privacy.title': 'Обавештење о приватности',
  'privacy.version': 'Верзија {version}',
} as const;

export const en: Record<keyof typeof sr, string> = {
  'home.title': 'Youth Offices in Serbia',
  'home.lead':
    'Information, workshops, support for initiatives and volunteering for all young people aged 15 to 30 — free of charge, in your town.',
  'home.search': 'Find an office',
  'home.featured': 'Offices on the platform',
  'home.allOffices': 'All offices in the directory',
  'home.what': 'What a youth office does',
  'home.what.text':
    'It informs young people, runs non-formal education (workshops, seminars, trainings, camps), backs youth initiatives and associations with space, material and technical help, promotes volunteering, runs a youth club, helps with career guidance and supports the Youth Council.',
  'privacy.title': 'Privacy notice',
  'privacy.version': 'Version {version}',
};

/** Notices a redirect may show (?n=key). */
export const notices: ReadonlyArray<keyof typeof sr> = [];

declare module '../../core/i18n/messages.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface MessageCatalog extends Record<keyof typeof sr, string> {}
}
