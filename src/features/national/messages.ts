/** UI strings of the national network: Serbian once, in Cyrillic; English as a translation (see core/i18n/messages.ts). */
export const sr = {
  'nat.title': 'Мрежа канцеларија за младе',
  'nat.admin.title': 'Мрежа канцеларија: управљање',
  'nat.admin.lead':
    'Национални администратор отвара, затвара и спаја канцеларије и води регионе. Подаци о младима се овде не виде — само збирни бројеви.',
  'nat.admin.open': 'Отвори нову канцеларију',
  'nat.col.office': 'Канцеларија',
  'nat.col.district': 'Округ',
  'nat.col.region': 'Статистички регион',
  'nat.col.member': 'Члан асоцијације',
  'nat.col.status': 'Стање',
  'nat.col.actions': 'Радње',
  'nat.col.town': 'Место',
  'nat.col.distance': 'Удаљеност',
  'nat.status.full': 'ради у КЗМ',
  'nat.status.directory': 'у именику',
  'nat.yes': 'да',
  'nat.no': 'не',
  'nat.memberSince': 'од {year}.',
  'nat.close': 'Затвори',
  'nat.closeOffice': 'Затвори канцеларију {name}',
  'nat.merge': 'Споји',
  'nat.mergeOffice': 'Споји канцеларију {name} са другом',
  'nat.edit': 'Подаци',
  'nat.none': 'Још нема канцеларија.',

  'nat.new.title': 'Нова канцеларија',
  'nat.new.lead':
    'Канцеларија почиње да ради у КЗМ чим је отворите; њен први администратор добија позив е-поштом и прихвата га преко везе.',
  'nat.field.slug': 'Адреса странице (слаг)',
  'nat.field.slugHint': 'Мала латинична слова, бројеви и цртице, нпр. novi-pazar.',
  'nat.field.district': 'Округ',
  'nat.field.member': 'Члан Националне асоцијације канцеларија за младе',
  'nat.field.memberSince': 'Година учлањења',
  'nat.field.adminEmail': 'Е-адреса првог администратора',
  'nat.field.adminEmailHint': 'На ову адресу стиже позив; особа прихвата позив са својим налогом (или га прво направи).',
  'nat.field.latitude': 'Географска ширина',
  'nat.field.longitude': 'Географска дужина',
  'nat.field.coordsHint': 'Тачка канцеларије на мапи, нпр. 43,14 и 20,52.',
  'nat.err.slugTaken': 'Канцеларија са адресом „{slug}“ већ постоји ({name}). Изаберите другу адресу.',
  'nat.err.slug': 'Само мала латинична слова, бројеви и цртице између њих.',
  'nat.opened': 'Канцеларија је отворена, а позив је послат првом администратору.',

  'nat.invite.subject': 'Позив: администратор канцеларије {office}',
  'nat.invite.body':
    'Национална асоцијација канцеларија за младе отворила је канцеларију {office} у КЗМ и позива вас да будете њен администратор.\n\nПрихватите позив преко ове везе (важи 14 дана):\n{link}\n\nАко немате налог, направите га са овом е-адресом, па поново отворите везу.',
  'nat.invite.title': 'Позив за администратора канцеларије',
  'nat.invite.lead': 'Позвани сте да будете администратор канцеларије {office}.',
  'nat.invite.accept': 'Прихвати позив',
  'nat.invite.wrongAccount': 'Позив је послат на другу е-адресу. Пријавите се налогом те адресе да бисте га прихватили.',
  'nat.invite.used': 'Овај позив је већ прихваћен.',
  'nat.invite.expired': 'Позив је истекао. Замолите националног администратора за нови.',
  'nat.invite.accepted': 'Сада сте администратор канцеларије.',

  'nat.close.title': 'Затварање канцеларије {name}',
  'nat.close.lead':
    'Када затворите канцеларију, она нестаје из именика, са мапе и са јавних страница. Њени збирни бројеви остају у националном прегледу. Ово ће се десити:',
  'nat.close.registrations':
    '{n, plural, =0 {Нема отворених пријава на активности.} one {# пријава на предстојеће активности биће отказана, а особа обавештена е-поштом.} few {# пријаве на предстојеће активности биће отказане, а свака особа обавештена е-поштом.} other {# пријава на предстојеће активности биће отказано, а свака особа обавештена е-поштом.}}',
  'nat.close.activities':
    '{n, plural, =0 {Нема предстојећих активности.} one {# предстојећа активност биће отказана.} few {# предстојеће активности биће отказане.} other {# предстојећих активности биће отказано.}}',
  'nat.close.bookings':
    '{n, plural, =0 {Нема заказаних разговора о каријери.} one {# заказан разговор о каријери биће отказан, а особа обавештена.} few {# заказана разговора о каријери биће отказана, а свака особа обавештена.} other {# заказаних разговора о каријери биће отказано, а свака особа обавештена.}}',
  'nat.close.subscriptions':
    '{n, plural, =0 {Нико не прима билтен канцеларије.} one {# претплата на билтен престаје (особа остаје пријављена на билтене других канцеларија).} few {# претплате на билтен престају (особе остају пријављене на билтене других канцеларија).} other {# претплата на билтен престаје (особе остају пријављене на билтене других канцеларија).}}',
  'nat.close.confirm': 'Да, затвори канцеларију',
  'nat.close.confirmOpen': 'Канцеларија има отворене пријаве: потврдите да их откажете',
  'nat.close.reason': 'Канцеларија {office} је затворена.',
  'nat.closed': 'Канцеларија је затворена.',
  'nat.err.alreadyClosed': 'Канцеларија је већ затворена.',
  'nat.err.openRegistrations': 'Канцеларија има отворене пријаве. Прочитајте шта ће се десити и потврдите.',

  'nat.merge.title': 'Спајање канцеларије {name}',
  'nat.merge.lead':
    'Канцеларија се затвара (као доле), а њен рад наставља канцеларија коју изаберете; национални преглед је приказује као спојену.',
  'nat.merge.into': 'Рад наставља канцеларија',
  'nat.merge.confirm': 'Споји и затвори',
  'nat.merged': 'Канцеларије су спојене.',
  'nat.err.mergeSelf': 'Изаберите другу канцеларију.',

  'nat.map.title': 'Канцеларије за младе у Србији',
  'nat.map.lead': 'Свака тачка је канцеларија за младе. Испод мапе је исти списак као текст.',
  'nat.map.alt': 'Мапа Србије са {n, plural, one {# канцеларијом} few {# канцеларије} other {# канцеларија}} за младе',
  'nat.map.source': 'Граница: Natural Earth (јавно добро), пакет world-atlas.',
  'nat.list.title': 'Списак канцеларија',
  'nat.nearest.title': 'Најближа канцеларија',
  'nat.nearest.field': 'Ваше место',
  'nat.nearest.hint': 'Ћирилицом или латиницом, са или без квачица: Чачак, Čačak, cacak.',
  'nat.nearest.submit': 'Пронађи',
  'nat.nearest.unknown': 'Не познајемо место „{place}“. Покушајте са најближим већим местом.',
  'nat.nearest.result': 'Најближе канцеларије месту {place}:',
  'nat.km': '{n} km',
} as const;

export const en: Record<keyof typeof sr, string> = {
  'nat.title': 'Network of youth offices',
  'nat.admin.title': 'Network of offices: management',
  'nat.admin.lead':
    'The national admin opens, closes and merges offices and keeps the regions. No young person’s data is shown here — aggregates only.',
  'nat.admin.open': 'Open a new office',
  'nat.col.office': 'Office',
  'nat.col.district': 'District',
  'nat.col.region': 'Statistical region',
  'nat.col.member': 'Association member',
  'nat.col.status': 'Status',
  'nat.col.actions': 'Actions',
  'nat.col.town': 'Town',
  'nat.col.distance': 'Distance',
  'nat.status.full': 'uses KZM',
  'nat.status.directory': 'in the directory',
  'nat.yes': 'yes',
  'nat.no': 'no',
  'nat.memberSince': 'since {year}',
  'nat.close': 'Close',
  'nat.closeOffice': 'Close the office {name}',
  'nat.merge': 'Merge',
  'nat.mergeOffice': 'Merge the office {name} into another',
  'nat.edit': 'Details',
  'nat.none': 'There are no offices yet.',

  'nat.new.title': 'New office',
  'nat.new.lead':
    'The office starts using KZM as soon as you open it; its first administrator is invited by e-mail and accepts through a link.',
  'nat.field.slug': 'Page address (slug)',
  'nat.field.slugHint': 'Lower-case Latin letters, digits and hyphens, e.g. novi-pazar.',
  'nat.field.district': 'District',
  'nat.field.member': 'Member of the National Association of Youth Offices',
  'nat.field.memberSince': 'Year joined',
  'nat.field.adminEmail': 'First administrator’s e-mail address',
  'nat.field.adminEmailHint': 'The invitation goes to this address; the person accepts it with their account (or creates one first).',
  'nat.field.latitude': 'Latitude',
  'nat.field.longitude': 'Longitude',
  'nat.field.coordsHint': 'The office’s point on the map, e.g. 43.14 and 20.52.',
  'nat.err.slugTaken': 'An office with the address “{slug}” already exists ({name}). Choose another address.',
  'nat.err.slug': 'Only lower-case Latin letters, digits and hyphens between them.',
  'nat.opened': 'The office is open, and its first administrator has been invited.',

  'nat.invite.subject': 'Invitation: administrator of {office}',
  'nat.invite.body':
    'The National Association of Youth Offices has opened {office} in KZM and invites you to be its administrator.\n\nAccept the invitation through this link (valid for 14 days):\n{link}\n\nIf you have no account, create one with this e-mail address, then open the link again.',
  'nat.invite.title': 'Invitation to administer an office',
  'nat.invite.lead': 'You are invited to be the administrator of {office}.',
  'nat.invite.accept': 'Accept the invitation',
  'nat.invite.wrongAccount': 'The invitation was sent to another e-mail address. Log in with that address’s account to accept it.',
  'nat.invite.used': 'This invitation has already been accepted.',
  'nat.invite.expired': 'The invitation has expired. Ask the national admin for a new one.',
  'nat.invite.accepted': 'You are now the office’s administrator.',

  'nat.close.title': 'Closing the office {name}',
  'nat.close.lead':
    'A closed office leaves the directory, the map and the public pages. Its aggregate figures stay in the national overview. This will happen:',
  'nat.close.registrations':
    '{n, plural, =0 {There are no open registrations.} one {# registration for upcoming activities will be cancelled and the person told by e-mail.} other {# registrations for upcoming activities will be cancelled and each person told by e-mail.}}',
  'nat.close.activities':
    '{n, plural, =0 {There are no upcoming activities.} one {# upcoming activity will be cancelled.} other {# upcoming activities will be cancelled.}}',
  'nat.close.bookings':
    '{n, plural, =0 {There are no booked career-guidance sessions.} one {# booked career-guidance session will be cancelled and the person told.} other {# booked career-guidance sessions will be cancelled and each person told.}}',
  'nat.close.subscriptions':
    '{n, plural, =0 {Nobody receives the office’s newsletter.} one {# newsletter subscription ends (the person keeps other offices’ newsletters).} other {# newsletter subscriptions end (the people keep other offices’ newsletters).}}',
  'nat.close.confirm': 'Yes, close the office',
  'nat.close.confirmOpen': 'The office has open registrations: confirm to cancel them',
  'nat.close.reason': 'The office {office} has closed.',
  'nat.closed': 'The office is closed.',
  'nat.err.alreadyClosed': 'The office is already closed.',
  'nat.err.openRegistrations': 'The office has open registrations. Read what will happen and confirm.',

  'nat.merge.title': 'Merging the office {name}',
  'nat.merge.lead': 'The office closes (as below), and the office you choose continues its work; the national overview shows it as merged.',
  'nat.merge.into': 'Work continues at',
  'nat.merge.confirm': 'Merge and close',
  'nat.merged': 'The offices were merged.',
  'nat.err.mergeSelf': 'Choose another office.',

  'nat.map.title': 'Youth offices in Serbia',
  'nat.map.lead': 'Each point is a youth office. Below the map, the same offices as a list.',
  'nat.map.alt': 'Map of Serbia with {n, plural, one {# youth office} other {# youth offices}}',
  'nat.map.source': 'Border: Natural Earth (public domain), world-atlas package.',
  'nat.list.title': 'List of offices',
  'nat.nearest.title': 'Nearest office',
  'nat.nearest.field': 'Your town or village',
  'nat.nearest.hint': 'In Cyrillic or Latin, with or without diacritics: Чачак, Čačak, cacak.',
  'nat.nearest.submit': 'Find',
  'nat.nearest.unknown': 'We do not know the place “{place}”. Try the nearest larger town.',
  'nat.nearest.result': 'Offices nearest to {place}:',
  'nat.km': '{n} km',
};

/** Notices a redirect may show (?n=key). */
export const notices: ReadonlyArray<keyof typeof sr> = ['nat.opened', 'nat.closed', 'nat.merged', 'nat.invite.accepted'];

declare module '../../core/i18n/messages.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface MessageCatalog extends Record<keyof typeof sr, string> {}
}
