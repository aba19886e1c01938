/**
 * UI strings of the administration dashboard, team and roles, and the development mailbox: Serbian once, in Cyrillic; English as a translation (see
 * core/i18n/messages.ts).
 */
export const sr = {
  'err.noAccount': 'Не постоји налог са том е-адресом.',
  'admin.title': 'Администрација',
  'admin.yourOffices': 'Канцеларије којима управљате',
  'admin.none': 'Немате улогу координатора ни у једној канцеларији.',
  'admin.edit': 'Подаци канцеларије',
  'admin.view': 'Јавна страница',
  'admin.team': 'Тим и улоге',
  'admin.network': 'Мрежа канцеларија',
  'admin.networkLink': 'Отварање, затварање и спајање канцеларија, региони, национални преглед',
  'admin.networkEmpty': 'Нема других канцеларија.',
  'admin.networkSees': 'Подаци и збирни прегледи',
  'admin.networkPeopleStats': 'Статистика регистра младих',
  'admin.mailbox': 'Развојно поштанско сандуче',
  'admin.mailbox.lead': 'SMTP није подешен (SMTP_URL), па се поруке не шаљу, већ се чувају овде.',
  'admin.mailbox.empty': 'Нема порука.',
  'admin.mailbox.to': 'За',
  'admin.mailbox.subject': 'Наслов',
  'admin.mailbox.when': 'Време',
  'team.lead': 'Доделите улогу особи која већ има налог.',
  'team.email': 'Е-адреса налога',
  'team.role': 'Улога',
  'team.add': 'Додели улогу',
  'team.remove': 'Уклони',
  'team.remove.confirm': 'Особа губи приступ подацима канцеларије у овој улози. Улогу јој можете поново доделити.',
  'team.removeLabel': 'Уклони улогу {role} за {name}',
  'team.added': 'Улога је додељена.',
  'team.removed': 'Улога је уклоњена.',
  'team.lastAdmin': 'Канцеларија мора имати бар једног администратора.',
  'team.exists': 'Особа већ има ту улогу.',
} as const;

export const en: Record<keyof typeof sr, string> = {
  'err.noAccount': 'There is no account with that e-mail address.',
  'admin.title': 'Administration',
  'admin.yourOffices': 'Offices you manage',
  'admin.none': 'You have no coordinator role in any office.',
  'admin.edit': 'Office details',
  'admin.view': 'Public page',
  'admin.team': 'Team and roles',
  'admin.network': 'Network of offices',
  'admin.networkLink': 'Opening, closing and merging offices, regions, national overview',
  'admin.networkEmpty': 'There are no other offices.',
  'admin.networkSees': 'Details and aggregate views',
  'admin.networkPeopleStats': 'Register statistics',
  'admin.mailbox': 'Development mailbox',
  'admin.mailbox.lead': 'SMTP is not configured (SMTP_URL), so messages are not sent but kept here.',
  'admin.mailbox.empty': 'No messages.',
  'admin.mailbox.to': 'To',
  'admin.mailbox.subject': 'Subject',
  'admin.mailbox.when': 'Time',
  'team.lead': 'Give a role to a person who already has an account.',
  'team.email': 'Account e-mail address',
  'team.role': 'Role',
  'team.add': 'Give role',
  'team.remove': 'Remove',
  'team.remove.confirm': 'The person loses access to the office’s data in this role. You can give the role again later.',
  'team.removeLabel': 'Remove role {role} from {name}',
  'team.added': 'The role was given.',
  'team.removed': 'The role was removed.',
  'team.lastAdmin': 'An office must keep at least one administrator.',
  'team.exists': 'The person already has that role.',
};

/** Notices a redirect may show (?n=key). */
export const notices: ReadonlyArray<keyof typeof sr> = ['team.added', 'team.removed'];

declare module '../../core/i18n/messages.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface MessageCatalog extends Record<keyof typeof sr, string> {}
}
