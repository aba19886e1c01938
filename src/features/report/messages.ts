/** UI strings of the annual report: Serbian once, in Cyrillic; English as a translation (see core/i18n/messages.ts). */
export const sr = {
  'report.title': 'Извештај о раду за {year}. годину',
  'report.subtitle': '{office} — извештај Градском већу и Скупштини града',
  'report.made': 'Направљено у КЗМ {date}.',
  'report.narrative': 'Реч координатора',
  'report.area': 'Област ЛАП-а',
  'report.activities': 'Активности',
  'report.sessions': 'Термини',
  'report.participants': 'Учесници',
  'report.attendance': 'Долазака',
  'report.all': 'Све области',
  'report.group': 'Група',
  'report.total': 'Укупно',
  'report.activities.heading': 'Активности по областима Локалног акционог плана',
  'report.activities.summary':
    'Канцеларија је у години имала {activities, plural, one {# активност} few {# активности} other {# активности}} са {sessions, plural, one {# термином} few {# термина} other {# термина}}.',
  'report.activities.byArea': 'Активности, учесници и доласци по областима ЛАП-а',
  'report.note.areas':
    'Активност може бити у више области, па збир редова није укупан број. Број особа мањи од {threshold} приказан је као „<{threshold}“, а „×“ скрива број из којег би се могао израчунати мали број.',
  'report.note.suppressed':
    'Број особа мањи од {threshold} приказан је као „<{threshold}“; „×“ скрива број из којег би се могао израчунати мали број.',
  'report.reach.heading': 'Учесници и обухват',
  'report.reach.summary': 'Од {from} до {to} у активностима је учествовало {participants} младих, од тога {firstTimers} први пут.',
  'report.reach.age': 'Учесници по узрасту',
  'report.reach.gender': 'Учесници по полу',
  'report.reach.settlement': 'Учесници по врсти насеља',
  'report.associations.heading': 'Удружења',
  'report.associations.summary': 'У регистру канцеларије је {total} удружења и неформалних група, од тога {active} активних.',
  'report.associations.byKind': 'Удружења по врсти',
  'report.associations.kind': 'Врста',
  'report.associations.total': 'У регистру',
  'report.associations.active': 'Активна',
  'report.associations.added': 'Уписана у години',
  'report.sheet.text': 'Текст',
} as const;

export const en: Record<keyof typeof sr, string> = {
  'report.title': 'Annual report for {year}',
  'report.subtitle': '{office} — report to the Town Council and Assembly',
  'report.made': 'Made in KZM on {date}.',
  'report.narrative': 'The coordinator’s words',
  'report.area': 'LAP area',
  'report.activities': 'Activities',
  'report.sessions': 'Sessions',
  'report.participants': 'Participants',
  'report.attendance': 'Attendances',
  'report.all': 'All areas',
  'report.group': 'Group',
  'report.total': 'Total',
  'report.activities.heading': 'Activities by area of the Local Action Plan',
  'report.activities.summary':
    'In the year the office had {activities, plural, one {# activity} other {# activities}} with {sessions, plural, one {# session} other {# sessions}}.',
  'report.activities.byArea': 'Activities, participants and attendances by LAP area',
  'report.note.areas':
    'An activity may be in several areas, so the rows do not add up to the total. A number of people under {threshold} is shown as “<{threshold}”; “×” hides a number from which a small one could be worked out.',
  'report.note.suppressed':
    'A number of people under {threshold} is shown as “<{threshold}”; “×” hides a number from which a small one could be worked out.',
  'report.reach.heading': 'Participants and reach',
  'report.reach.summary':
    'From {from} to {to}, {participants} young people took part in activities, {firstTimers} of them for the first time.',
  'report.reach.age': 'Participants by age',
  'report.reach.gender': 'Participants by gender',
  'report.reach.settlement': 'Participants by kind of settlement',
  'report.associations.heading': 'Associations',
  'report.associations.summary': 'The office’s register holds {total} associations and informal groups, {active} of them active.',
  'report.associations.byKind': 'Associations by kind',
  'report.associations.kind': 'Kind',
  'report.associations.total': 'In the register',
  'report.associations.active': 'Active',
  'report.associations.added': 'Registered in the year',
  'report.sheet.text': 'Text',
};

export const notices: ReadonlyArray<keyof typeof sr> = [];

declare module '../../core/i18n/messages.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface MessageCatalog extends Record<keyof typeof sr, string> {}
}
