import { IntlMessageFormat } from 'intl-messageformat';
import type { Locale } from './locale.ts';
import { toLatin } from './script.ts';

/**
 * UI strings, kept once: Serbian in Cyrillic (the official script; Cyrillic → Latin is
 * lossless, so the Latin UI is derived, never typed twice) and English as a real translation.
 * `{name}` placeholders are filled by t(). The core's strings are here; each feature keeps its
 * own in `features/<name>/messages.ts` (exports `sr`, `en` and the `notices` a redirect may
 * show, and adds its keys to `MessageCatalog`), and declares them in its entry of src/app.ts's
 * feature list, which installs them all here once — a key defined twice stops the app at start.
 * Core imports no feature.
 */
const coreSr = {
  'site.name': 'КЗМ',
  'site.tagline': 'Канцеларије за младе',
  'skip': 'Пређи на садржај',
  'nav.main': 'Главни мени',
  'nav.home': 'Почетна',
  'nav.offices': 'Канцеларије',
  'nav.login': 'Пријава',
  'nav.signup': 'Регистрација',
  'nav.account': 'Мој налог',
  'nav.myRegistrations': 'Моје пријаве на активности',
  'nav.admin': 'Администрација',
  'nav.logout': 'Одјава',
  'nav.script': 'Писмо и језик',
  'footer.about': 'КЗМ је отворена платформа канцеларија за младе у Србији.',
  'footer.privacy': 'Обавештење о приватности',
  'footer.api': 'API за програмере',

  'home.title': 'Канцеларије за младе у Србији',
  'home.lead': 'Информације, радионице, подршка иницијативама и волонтирању за све младе од 15 до 30 година — бесплатно, у вашем граду.',
  'home.search': 'Пронађите канцеларију',
  'home.featured': 'Канцеларије на платформи',
  'home.allOffices': 'Све канцеларије у именику',
  'home.what': 'Шта канцеларија за младе ради',
  'home.what.text': 'Информише младе, организује неформално образовање (радионице, семинаре, обуке, кампове), подржава иницијативе и удружења младих простором, материјалом и техничком помоћи, промовише волонтирање, води омладински клуб, помаже у професионалној оријентацији и подржава Савет за младе.',

  'dir.title': 'Именик канцеларија за младе',
  'dir.q': 'Град, општина или назив',
  'dir.region': 'Регион',
  'dir.allRegions': 'Сви региони',
  'dir.search': 'Тражи',
  'dir.found': 'Пронађено канцеларија: {n}',
  'dir.none': 'Ниједна канцеларија не одговара претрази. Проверите назив или изаберите други регион.',
  'dir.listed': 'у именику',
  'region.vojvodina': 'Војводина',
  'region.belgrade': 'Београд',
  'region.central': 'Централна Србија',
  'region.west': 'Западна Србија',
  'region.south_east': 'Јужна и источна Србија',

  'office.contact': 'Адреса и контакт',
  'office.address': 'Адреса',
  'office.room': 'Просторија',
  'office.phones': 'Телефон',
  'office.email': 'Е-пошта',
  'office.website': 'Веб-сајт',
  'office.hours': 'Радно време',
  'office.hours.none': 'Радно време није објављено; јавите се телефоном или е-поштом.',
  'office.hours.noneNoContact': 'Радно време још није објављено.',
  'office.openNow': 'Сада отворено',
  'office.closedNow': 'Сада затворено',
  'office.closed': 'затворено',
  'office.map': 'Погледајте на мапи (OpenStreetMap)',
  'office.social': 'Друштвене мреже',
  'office.coordinators': 'Координатори',
  'office.founded': 'Основана',
  'office.awards': 'Признања',
  'office.about': 'О канцеларији',
  'office.serves': 'Коме је канцеларија намењена',
  'office.serves.text': 'Свим младима од навршених 15 до навршених 30 година, бесплатно, без обзира на пол, националну припадност, веру, језик, имовинско стање, чланство у организацијама, инвалидитет, здравствено стање, сексуалну оријентацију, родни идентитет и друга лична својства — као и удружењима младих, удружењима за младе, неформалним групама и институцијама које раде са младима.',
  'office.directoryNote': 'Ова канцеларија је у именику Националне асоцијације, али још не води свој рад у КЗМ.',
  'office.region': 'Регион',
  'office.all': 'Све канцеларије',

  'weekday.1': 'понедељак',
  'weekday.2': 'уторак',
  'weekday.3': 'среда',
  'weekday.4': 'четвртак',
  'weekday.5': 'петак',
  'weekday.6': 'субота',
  'weekday.7': 'недеља',

  'lap.education': 'Образовање',
  'lap.health': 'Здравље и одрастање',
  'lap.safety': 'Безбедност',
  'lap.employment': 'Запошљавање',
  'lap.participation': 'Активно учешће у одлучивању',
  'lap.volunteering': 'Волонтеризам и активизам',
  'lap.mobility': 'Мобилност и интеркултурализам',
  'lap.youth_work': 'Омладински рад и простори за младе',

  'form.errors': 'Образац има грешке. Исправите означена поља.',
  'form.save': 'Сачувај',
  'form.saved': 'Сачувано.',
  'form.optional': '(није обавезно)',
  'err.required': 'Ово поље је обавезно.',
  'err.tooLong': 'Највише {max, plural, one {# знак} few {# знака} other {# знакова}}.',
  'err.tooShort': 'Најмање {min, plural, one {# знак} few {# знака} other {# знакова}}.',
  'err.email': 'Упишите исправну е-адресу, на пример ime@primer.rs.',
  'err.url': 'Упишите пуну адресу која почиње са https://.',
  'err.phone': 'Упишите број телефона цифрама, на пример 013/308-907.',
  'err.date': 'Упишите датум, на пример 2008-03-21 или 21.03.2008.',
  'err.time': 'Упишите време као ЧЧ:ММ, на пример 08:30.',
  'err.hours': 'Затварање мора бити после отварања.',
  'err.number': 'Упишите број.',
  'err.range': 'Вредност мора бити између {min} и {max}.',
  'err.negative': 'Број не може бити негативан.',
  'err.birthFuture': 'Датум рођења не може бити у будућности.',
  'err.birthRange': 'Датум рођења није у разумном опсегу.',
  'err.consent': 'Без ваше сагласности не можемо да отворимо налог.',
  'err.passwordShort': 'Лозинка мора имати најмање 10 знакова.',
  'err.passwordLong': 'Лозинка може имати највише 200 знакова.',
  'err.passwordWrong': 'Лозинка није тачна.',
  'err.choice': 'Изаберите једну од понуђених вредности.',
  'err.slugTaken': 'Та адреса је заузета.',
  'err.noAccount': 'Не постоји налог са том е-адресом.',
  'err.throttled': 'Превише покушаја. Сачекајте неколико минута па покушајте поново.',
  'err.csrf': 'Образац је истекао или није послат са ове странице. Освежите страницу и покушајте поново.',
  'err.sameEmail': 'То је већ ваша е-адреса.',
  'err.fileEmpty': 'Датотека је празна.',
  'err.fileTooLarge': 'Датотека је превелика (највише {maxMb} MB).',
  'err.fileType': 'Садржај датотеке није у дозвољеном облику.',

  'signup.title': 'Регистрација',
  'signup.lead': 'Налог вам омогућава пријаве на радионице и друге активности канцеларија за младе. Тражимо само оно што је неопходно.',
  'signup.name': 'Име и презиме',
  'signup.email': 'Е-адреса',
  'signup.password': 'Лозинка',
  'signup.passwordHint': 'Најмање 10 знакова. Дужа фраза је сигурнија од компликоване речи.',
  'signup.birth': 'Датум рођења',
  'signup.birthHint': 'Потребан је да бисмо знали да ли можете сами да дате сагласност (од 15 година).',
  'signup.consent': 'Прочитао/ла сам обавештење о приватности и пристајем да КЗМ обрађује моје податке ради коришћења платформе.',
  'signup.submit': 'Направи налог',
  'signup.haveAccount': 'Већ имате налог?',
  'signup.under15.title': 'Млађи сте од 15 година',
  'signup.under15.text': 'По Закону о заштити података о личности, сагласност за особе млађе од 15 година даје родитељ или старатељ. Зато налог не можете да отворите сами.',
  'signup.under15.how': 'Како да се укључите: дођите у канцеларију за младе у свом граду са родитељем или старатељем, који ће потписати сагласност, или нека родитељ пише канцеларији е-поштом. Координатор ће вас уписати и обавештавати о активностима.',
  'signup.under15.find': 'Пронађите своју канцеларију',
  'signup.checkMail.title': 'Проверите пошту',
  'signup.checkMail.text': 'Послали смо поруку на {email}. Отворите везу у њој да бисте потврдили адресу; веза важи 48 сати.',

  'confirm.ok': 'Е-адреса је потврђена. Сада се можете пријавити.',
  'confirm.bad': 'Веза није важећа, већ је искоришћена или је истекла.',
  'confirm.resend': 'Пошаљи нову везу за потврду',
  'confirm.resent': 'Ако налог постоји и још није потврђен, послали смо нову везу.',

  'login.title': 'Пријава',
  'login.submit': 'Пријави се',
  'login.bad': 'Погрешна е-адреса или лозинка.',
  'login.unconfirmed': 'Прво потврдите е-адресу: отворите везу коју смо вам послали.',
  'login.forgot': 'Заборавили сте лозинку?',
  'login.noAccount': 'Немате налог?',
  'logout.done': 'Одјављени сте.',

  'forgot.title': 'Заборављена лозинка',
  'forgot.lead': 'Упишите е-адресу налога. Ако налог постоји, послаћемо везу за нову лозинку.',
  'forgot.submit': 'Пошаљи везу',
  'forgot.sent': 'Ако налог са том адресом постоји, послали смо везу. Важи један сат.',
  'reset.title': 'Нова лозинка',
  'reset.password': 'Нова лозинка',
  'reset.submit': 'Промени лозинку',
  'reset.done': 'Лозинка је промењена и све пријаве су одјављене. Пријавите се новом лозинком.',
  'reset.bad': 'Ова веза за нову лозинку више не важи: већ је искоришћена, истекла је, или је лозинка у међувремену промењена (кад се искористи једна веза, све раније послате престају да важе).',
  'reset.again': 'Затражите нову везу',

  'account.title': 'Мој налог',
  'account.details': 'Подаци налога',
  'account.name': 'Име',
  'account.email': 'Е-адреса',
  'account.birth': 'Датум рођења',
  'account.roles': 'Улоге',
  'account.roles.none': 'Млада особа (сваки налог).',
  'account.consents': 'Сагласности',
  'account.consent.line': 'Обавештење о приватности, верзија {version}, дато {date}.',
  'account.changeEmail': 'Промена е-адресе',
  'account.newEmail': 'Нова е-адреса',
  'account.currentPassword': 'Тренутна лозинка',
  'account.changeEmail.submit': 'Пошаљи потврду на нову адресу',
  'account.changeEmail.sent': 'Послали смо везу за потврду на нову адресу. Промена важи кад је потврдите.',
  'account.changeEmail.done': 'Е-адреса је промењена.',
  'account.changePassword': 'Промена лозинке',
  'account.oldPassword': 'Тренутна лозинка',
  'account.newPassword': 'Нова лозинка',
  'account.changePassword.submit': 'Промени лозинку',
  'account.changePassword.done': 'Лозинка је промењена. Све остале пријаве су одјављене.',

  'role.young': 'млада особа',
  'role.association_rep': 'представник/ца удружења',
  'role.youth_council': 'члан/ица Савета за младе',
  'role.coordinator': 'координатор/ка',
  'role.office_admin': 'администратор/ка канцеларије',
  'role.national_admin': 'национални администратор/ка',

  'admin.title': 'Администрација',
  'admin.yourOffices': 'Канцеларије којима управљате',
  'admin.none': 'Немате улогу координатора ни у једној канцеларији.',
  'admin.edit': 'Подаци канцеларије',
  'admin.edit.title': 'Подаци канцеларије: {name}',
  'admin.view': 'Јавна страница',
  'admin.team': 'Тим и улоге',
  'admin.mailbox': 'Развојно поштанско сандуче',
  'admin.mailbox.lead': 'SMTP није подешен (SMTP_URL), па се поруке не шаљу, већ се чувају овде.',
  'admin.mailbox.empty': 'Нема порука.',
  'admin.mailbox.to': 'За',
  'admin.mailbox.subject': 'Наслов',
  'admin.mailbox.when': 'Време',
  'admin.section.basic': 'Основно',
  'admin.section.contact': 'Контакт',
  'admin.section.hours': 'Радно време',
  'admin.section.hoursHelp': 'Оставите празно за нерадне дане. Време у облику ЧЧ:ММ.',
  'admin.section.coordinators': 'Координатори (јавни контакти)',
  'admin.section.social': 'Друштвене мреже',
  'admin.section.location': 'Локација на мапи',
  'field.name': 'Назив',
  'field.town': 'Град или општина',
  'field.region': 'Регион',
  'field.address': 'Улица и број',
  'field.postalCode': 'Поштански број',
  'field.room': 'Спрат и просторија',
  'field.email': 'Е-пошта',
  'field.website': 'Веб-сајт',
  'field.phoneLabel': 'Опис броја',
  'field.phone': 'Телефон',
  'field.description': 'Опис',
  'field.hoursNote': 'Напомена уз радно време',
  'field.awards': 'Признања',
  'field.foundedOn': 'Датум оснивања',
  'field.latitude': 'Географска ширина',
  'field.longitude': 'Географска дужина',
  'field.opens': 'Отвара',
  'field.closes': 'Затвара',
  'field.fullName': 'Име и презиме',
  'field.title': 'Звање',
  'field.socialUrl': 'Адреса профила',
  'field.socialLabel': 'Назив профила',
  'team.lead': 'Доделите улогу особи која већ има налог.',
  'team.email': 'Е-адреса налога',
  'team.role': 'Улога',
  'team.add': 'Додели улогу',
  'team.remove': 'Уклони',
  'confirm.yes': 'Да, {action}',
  'team.remove.confirm': 'Особа губи приступ подацима канцеларије у овој улози. Улогу јој можете поново доделити.',
  'team.removeLabel': 'Уклони улогу {role} за {name}',
  'team.added': 'Улога је додељена.',
  'team.removed': 'Улога је уклоњена.',
  'team.lastAdmin': 'Канцеларија мора имати бар једног администратора.',
  'team.exists': 'Особа већ има ту улогу.',

  'privacy.title': 'Обавештење о приватности',
  'privacy.version': 'Верзија {version}',

  'error.401.title': 'Потребна је пријава',
  'error.404.title': 'Страница није пронађена',
  'error.404.text': 'Адреса је можда погрешно укуцана или страница више не постоји.',
  'error.403.title': 'Немате приступ',
  'error.403.text': 'Ова страница је доступна само особама са одговарајућом улогом.',
  'error.413.title': 'Послато је превише података',
  'error.413.text': 'Образац или датотека су већи од дозвољеног. Смањите их и покушајте поново.',
  'error.400.title': 'Захтев није исправан',
  'error.400.body': 'Послати подаци обрасца нису могли да се прочитају. Отворите образац поново и пошаљите га.',
  'error.500.title': 'Нешто није у реду',
  'error.500.text': 'Грешка је забележена. Покушајте поново за који тренутак.',
  'error.503.title': 'Сервер је тренутно заузет',
  'error.503.text': 'Припрема датотеке трајала је предуго или сервер обрађује много других. Покушајте поново за минут.',
  'error.home': 'Почетна страница',

  'mail.greeting': 'Здраво, {name},',
  'mail.signature': 'КЗМ — Канцеларије за младе',
  'mail.ignore': 'Ако нисте ви тражили ову поруку, занемарите је.',
  'mail.confirm.subject': 'Потврдите е-адресу за КЗМ',
  'mail.confirm.body': 'Да бисте потврдили адресу и довршили регистрацију, отворите ову везу (важи 48 сати):',
  'mail.exists.subject': 'Већ имате налог на КЗМ',
  'mail.exists.body': 'Неко је покушао да отвори налог са овом адресом, а налог већ постоји. Ако сте заборавили лозинку, поставите нову овде:',
  'mail.reset.subject': 'Нова лозинка за КЗМ',
  'mail.reset.body': 'Да бисте поставили нову лозинку, отворите ову везу (важи један сат):',
  'mail.changeEmail.subject': 'Потврдите нову е-адресу за КЗМ',
  'mail.changeEmail.body': 'Да бисте ову адресу поставили као адресу налога, отворите везу (важи 48 сати):',
  'mail.emailChanged.subject': 'Е-адреса налога на КЗМ је промењена',
  'mail.emailChanged.body': 'Адреса вашег налога је промењена у {email}. Ако то нисте ви урадили, одмах се јавите канцеларији.',
  'mail.passwordChanged.subject': 'Лозинка налога на КЗМ је промењена',
  'mail.passwordChanged.body': 'Лозинка вашег налога је управо промењена. Ако то нисте ви урадили, одмах затражите нову лозинку преко странице за пријаву и јавите се канцеларији.',
} as const;

/**
 * The key of every UI string, checked when the program compiles: the core's here, and each
 * feature adds its own by augmenting this interface in its messages.ts:
 * `declare module '../../core/i18n/messages.ts' { interface MessageCatalog extends Record<keyof typeof sr, string> {} }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MessageCatalog extends Record<keyof typeof coreSr, string> {}

export type MessageKey = keyof MessageCatalog & string;

/** What a feature's messages.ts exports (its module namespace is one). */
export interface FeatureMessages {
  readonly sr: Readonly<Record<string, string>>;
  readonly en: Readonly<Record<string, string>>;
  /** Keys a redirect may show as a notice (?n=key). */
  readonly notices: readonly string[];
}

const coreEn: Record<keyof typeof coreSr, string> = {
  'site.name': 'KZM',
  'site.tagline': 'Youth Offices',
  'skip': 'Skip to content',
  'nav.main': 'Main menu',
  'nav.home': 'Home',
  'nav.offices': 'Offices',
  'nav.login': 'Log in',
  'nav.signup': 'Sign up',
  'nav.account': 'My account',
  'nav.myRegistrations': 'My registrations',
  'nav.admin': 'Administration',
  'nav.logout': 'Log out',
  'nav.script': 'Script and language',
  'footer.about': 'KZM is an open platform for the youth offices of Serbia.',
  'footer.privacy': 'Privacy notice',
  'footer.api': 'API for developers',

  'home.title': 'Youth Offices in Serbia',
  'home.lead': 'Information, workshops, support for initiatives and volunteering for all young people aged 15 to 30 — free of charge, in your town.',
  'home.search': 'Find an office',
  'home.featured': 'Offices on the platform',
  'home.allOffices': 'All offices in the directory',
  'home.what': 'What a youth office does',
  'home.what.text': 'It informs young people, runs non-formal education (workshops, seminars, trainings, camps), backs youth initiatives and associations with space, material and technical help, promotes volunteering, runs a youth club, helps with career guidance and supports the Youth Council.',

  'dir.title': 'Directory of youth offices',
  'dir.q': 'Town, municipality or name',
  'dir.region': 'Region',
  'dir.allRegions': 'All regions',
  'dir.search': 'Search',
  'dir.found': 'Offices found: {n}',
  'dir.none': 'No office matches your search. Check the name or choose another region.',
  'dir.listed': 'directory listing',
  'region.vojvodina': 'Vojvodina',
  'region.belgrade': 'Belgrade',
  'region.central': 'Central Serbia',
  'region.west': 'Western Serbia',
  'region.south_east': 'Southern and Eastern Serbia',

  'office.contact': 'Address and contact',
  'office.address': 'Address',
  'office.room': 'Room',
  'office.phones': 'Phone',
  'office.email': 'E-mail',
  'office.website': 'Website',
  'office.hours': 'Opening hours',
  'office.hours.none': 'Opening hours are not published; please call or write.',
  'office.hours.noneNoContact': 'Opening hours are not published yet.',
  'office.openNow': 'Open now',
  'office.closedNow': 'Closed now',
  'office.closed': 'closed',
  'office.map': 'See it on a map (OpenStreetMap)',
  'office.social': 'Social media',
  'office.coordinators': 'Coordinators',
  'office.founded': 'Founded',
  'office.awards': 'Awards',
  'office.about': 'About the office',
  'office.serves': 'Who the office is for',
  'office.serves.text': 'Every young person from 15 to 30, free of charge, regardless of sex, ethnicity, religion, language, wealth, membership of organisations, disability, health, sexual orientation, gender identity or any other personal trait — and youth associations, associations for youth, informal groups and institutions that work with young people.',
  'office.directoryNote': 'This office is in the national association\'s directory but does not run its work in KZM yet.',
  'office.region': 'Region',
  'office.all': 'All offices',

  'weekday.1': 'Monday',
  'weekday.2': 'Tuesday',
  'weekday.3': 'Wednesday',
  'weekday.4': 'Thursday',
  'weekday.5': 'Friday',
  'weekday.6': 'Saturday',
  'weekday.7': 'Sunday',

  'lap.education': 'Education',
  'lap.health': 'Health and growing up',
  'lap.safety': 'Safety',
  'lap.employment': 'Employment',
  'lap.participation': 'Active participation in decision-making',
  'lap.volunteering': 'Volunteering and activism',
  'lap.mobility': 'Mobility and interculturalism',
  'lap.youth_work': 'Youth work and youth spaces',

  'form.errors': 'The form has errors. Please correct the marked fields.',
  'form.save': 'Save',
  'form.saved': 'Saved.',
  'form.optional': '(optional)',
  'err.required': 'This field is required.',
  'err.tooLong': 'At most {max, plural, one {# character} other {# characters}}.',
  'err.tooShort': 'At least {min, plural, one {# character} other {# characters}}.',
  'err.email': 'Enter a valid e-mail address, for example name@example.com.',
  'err.url': 'Enter a full address starting with https://.',
  'err.phone': 'Enter the phone number in digits, for example 013/308-907.',
  'err.date': 'Enter a date, for example 2008-03-21 or 21.03.2008.',
  'err.time': 'Enter the time as HH:MM, for example 08:30.',
  'err.hours': 'Closing must be after opening.',
  'err.number': 'Enter a number.',
  'err.range': 'The value must be between {min} and {max}.',
  'err.negative': 'The number cannot be negative.',
  'err.birthFuture': 'A birth date cannot be in the future.',
  'err.birthRange': 'This birth date is outside any sensible range.',
  'err.consent': 'We cannot open an account without your consent.',
  'err.passwordShort': 'The password must have at least 10 characters.',
  'err.passwordLong': 'The password can have at most 200 characters.',
  'err.passwordWrong': 'The password is not correct.',
  'err.choice': 'Choose one of the offered values.',
  'err.slugTaken': 'That address is taken.',
  'err.noAccount': 'There is no account with that e-mail address.',
  'err.throttled': 'Too many attempts. Wait a few minutes and try again.',
  'err.csrf': 'The form expired or was not sent from this page. Reload the page and try again.',
  'err.sameEmail': 'That is already your e-mail address.',
  'err.fileEmpty': 'The file is empty.',
  'err.fileTooLarge': 'The file is too large (at most {maxMb} MB).',
  'err.fileType': 'The file\'s content is not in an allowed format.',

  'signup.title': 'Sign up',
  'signup.lead': 'An account lets you register for workshops and other activities of youth offices. We ask only for what is necessary.',
  'signup.name': 'Full name',
  'signup.email': 'E-mail address',
  'signup.password': 'Password',
  'signup.passwordHint': 'At least 10 characters. A longer phrase is safer than a complicated word.',
  'signup.birth': 'Date of birth',
  'signup.birthHint': 'We need it to know whether you can give consent yourself (from 15).',
  'signup.consent': 'I have read the privacy notice and agree that KZM processes my data so that I can use the platform.',
  'signup.submit': 'Create account',
  'signup.haveAccount': 'Already have an account?',
  'signup.under15.title': 'You are younger than 15',
  'signup.under15.text': 'Under the Law on Personal Data Protection, consent for people under 15 is given by a parent or guardian, so you cannot open an account on your own.',
  'signup.under15.how': 'How to join: come to the youth office in your town with a parent or guardian, who will sign the consent, or ask your parent to write to the office by e-mail. The coordinator will register you and keep you informed about activities.',
  'signup.under15.find': 'Find your office',
  'signup.checkMail.title': 'Check your mail',
  'signup.checkMail.text': 'We sent a message to {email}. Open the link in it to confirm your address; the link is valid for 48 hours.',

  'confirm.ok': 'Your e-mail address is confirmed. You can log in now.',
  'confirm.bad': 'The link is not valid, has already been used or has expired.',
  'confirm.resend': 'Send a new confirmation link',
  'confirm.resent': 'If the account exists and is not confirmed yet, we sent a new link.',

  'login.title': 'Log in',
  'login.submit': 'Log in',
  'login.bad': 'Wrong e-mail address or password.',
  'login.unconfirmed': 'Please confirm your e-mail address first: open the link we sent you.',
  'login.forgot': 'Forgot your password?',
  'login.noAccount': 'No account yet?',
  'logout.done': 'You are logged out.',

  'forgot.title': 'Forgotten password',
  'forgot.lead': 'Enter your account\'s e-mail address. If the account exists, we will send a link to set a new password.',
  'forgot.submit': 'Send the link',
  'forgot.sent': 'If an account with that address exists, we sent a link. It is valid for one hour.',
  'reset.title': 'New password',
  'reset.password': 'New password',
  'reset.submit': 'Change password',
  'reset.done': 'Your password is changed and every session was logged out. Log in with the new password.',
  'reset.bad': 'This new-password link is no longer valid: it was already used, it expired, or the password was changed since (once one link is used, every link sent earlier stops working).',
  'reset.again': 'Ask for a new link',

  'account.title': 'My account',
  'account.details': 'Account details',
  'account.name': 'Name',
  'account.email': 'E-mail address',
  'account.birth': 'Date of birth',
  'account.roles': 'Roles',
  'account.roles.none': 'Young person (every account).',
  'account.consents': 'Consents',
  'account.consent.line': 'Privacy notice, version {version}, given on {date}.',
  'account.changeEmail': 'Change e-mail address',
  'account.newEmail': 'New e-mail address',
  'account.currentPassword': 'Current password',
  'account.changeEmail.submit': 'Send confirmation to the new address',
  'account.changeEmail.sent': 'We sent a confirmation link to the new address. The change takes effect when you confirm it.',
  'account.changeEmail.done': 'Your e-mail address is changed.',
  'account.changePassword': 'Change password',
  'account.oldPassword': 'Current password',
  'account.newPassword': 'New password',
  'account.changePassword.submit': 'Change password',
  'account.changePassword.done': 'Your password is changed. Every other session was logged out.',

  'role.young': 'young person',
  'role.association_rep': 'association representative',
  'role.youth_council': 'youth council member',
  'role.coordinator': 'coordinator',
  'role.office_admin': 'office administrator',
  'role.national_admin': 'national administrator',

  'admin.title': 'Administration',
  'admin.yourOffices': 'Offices you manage',
  'admin.none': 'You have no coordinator role in any office.',
  'admin.edit': 'Office details',
  'admin.edit.title': 'Office details: {name}',
  'admin.view': 'Public page',
  'admin.team': 'Team and roles',
  'admin.mailbox': 'Development mailbox',
  'admin.mailbox.lead': 'SMTP is not configured (SMTP_URL), so messages are not sent but kept here.',
  'admin.mailbox.empty': 'No messages.',
  'admin.mailbox.to': 'To',
  'admin.mailbox.subject': 'Subject',
  'admin.mailbox.when': 'Time',
  'admin.section.basic': 'Basics',
  'admin.section.contact': 'Contact',
  'admin.section.hours': 'Opening hours',
  'admin.section.hoursHelp': 'Leave closed days empty. Times as HH:MM.',
  'admin.section.coordinators': 'Coordinators (public contacts)',
  'admin.section.social': 'Social media',
  'admin.section.location': 'Location on the map',
  'field.name': 'Name',
  'field.town': 'Town or municipality',
  'field.region': 'Region',
  'field.address': 'Street and number',
  'field.postalCode': 'Postal code',
  'field.room': 'Floor and room',
  'field.email': 'E-mail',
  'field.website': 'Website',
  'field.phoneLabel': 'What the number is for',
  'field.phone': 'Phone',
  'field.description': 'Description',
  'field.hoursNote': 'Note on opening hours',
  'field.awards': 'Awards',
  'field.foundedOn': 'Founding date',
  'field.latitude': 'Latitude',
  'field.longitude': 'Longitude',
  'field.opens': 'Opens',
  'field.closes': 'Closes',
  'field.fullName': 'Full name',
  'field.title': 'Title',
  'field.socialUrl': 'Profile address',
  'field.socialLabel': 'Profile name',
  'team.lead': 'Give a role to a person who already has an account.',
  'team.email': 'Account e-mail address',
  'team.role': 'Role',
  'team.add': 'Give role',
  'team.remove': 'Remove',
  'confirm.yes': 'Yes, {action}',
  'team.remove.confirm': 'The person loses access to the office’s data in this role. You can give the role again later.',
  'team.removeLabel': 'Remove role {role} from {name}',
  'team.added': 'The role was given.',
  'team.removed': 'The role was removed.',
  'team.lastAdmin': 'An office must keep at least one administrator.',
  'team.exists': 'The person already has that role.',

  'privacy.title': 'Privacy notice',
  'privacy.version': 'Version {version}',

  'error.401.title': 'Log-in required',
  'error.404.title': 'Page not found',
  'error.404.text': 'The address may be mistyped, or the page no longer exists.',
  'error.403.title': 'No access',
  'error.403.text': 'This page is only for people with the right role.',
  'error.413.title': 'Too much data was sent',
  'error.413.text': 'The form or file is larger than allowed. Make it smaller and try again.',
  'error.400.title': 'The request is not valid',
  'error.400.body': 'The form data sent could not be read. Open the form again and send it.',
  'error.500.title': 'Something went wrong',
  'error.500.text': 'The error was logged. Please try again in a moment.',
  'error.503.title': 'The server is busy',
  'error.503.text': 'Preparing the file took too long, or the server is preparing many others. Try again in a minute.',
  'error.home': 'Home page',

  'mail.greeting': 'Hello {name},',
  'mail.signature': 'KZM — Youth Offices',
  'mail.ignore': 'If you did not ask for this message, ignore it.',
  'mail.confirm.subject': 'Confirm your e-mail address for KZM',
  'mail.confirm.body': 'To confirm your address and finish signing up, open this link (valid for 48 hours):',
  'mail.exists.subject': 'You already have a KZM account',
  'mail.exists.body': 'Someone tried to open an account with this address, but the account already exists. If you forgot your password, set a new one here:',
  'mail.reset.subject': 'A new password for KZM',
  'mail.reset.body': 'To set a new password, open this link (valid for one hour):',
  'mail.changeEmail.subject': 'Confirm your new e-mail address for KZM',
  'mail.changeEmail.body': 'To make this the address of your account, open the link (valid for 48 hours):',
  'mail.emailChanged.subject': 'Your KZM account e-mail address was changed',
  'mail.emailChanged.body': 'The address of your account was changed to {email}. If that was not you, contact the office at once.',
  'mail.passwordChanged.subject': 'Your KZM password was changed',
  'mail.passwordChanged.body': 'The password of your account was just changed. If that was not you, ask for a new password from the log-in page at once and contact the office.',
};

/** Notices of the core itself (shown after a redirect with ?n=key). */
const CORE_NOTICES: readonly MessageKey[] = [
  'form.saved',
  'confirm.ok',
  'confirm.bad',
  'confirm.resent',
  'logout.done',
  'reset.done',
  'forgot.sent',
  'account.changeEmail.sent',
  'account.changePassword.done',
  'account.changeEmail.done',
  'team.added',
  'team.removed',
];

/** The installed catalogue: plain data, so a heavy worker receives it as it is (core/heavy.ts). */
export interface MessageData {
  catalogs: Record<Locale, Record<string, string>>;
  notices: string[];
}

let installed: { catalogs: Record<Locale, Record<string, string>>; notices: Set<string> } | undefined;

/**
 * Merges the core's strings with the features' (src/app.ts calls it once, with every feature's
 * messages) and derives the Latin catalogue. A key defined twice, or without its English, stops
 * the app at start.
 */
export function installMessages(features: readonly FeatureMessages[]): void {
  if (installed) throw new Error('UI messages are already installed');
  const sr: Record<string, string> = { ...coreSr };
  const en: Record<string, string> = { ...coreEn };
  for (const f of features) {
    for (const [key, text] of Object.entries(f.sr)) {
      if (key in sr) throw new Error(`Message key defined twice: ${key}`);
      const english = f.en[key];
      if (english === undefined) throw new Error(`Message key without English: ${key}`);
      sr[key] = text;
      en[key] = english;
    }
  }
  adoptMessages({
    catalogs: { cir: sr, lat: Object.fromEntries(Object.entries(sr).map(([k, v]) => [k, toLatin(v)])), en },
    notices: [...CORE_NOTICES, ...features.flatMap((f) => f.notices)],
  });
}

/** The installed catalogue as plain data (undefined before installMessages). */
export function messageData(): MessageData | undefined {
  return installed && { catalogs: installed.catalogs, notices: [...installed.notices] };
}

/** Takes a catalogue built elsewhere (a heavy worker gets its parent's), so it is built once. */
export function adoptMessages(data: MessageData): void {
  installed = { catalogs: data.catalogs, notices: new Set(data.notices) };
}

function catalogs(): Record<Locale, Record<string, string>> {
  if (!installed) throw new Error('UI messages are not installed: import src/app.ts (the feature list) first');
  return installed.catalogs;
}

/**
 * A message with a count agrees with it through ICU plural syntax, e.g.
 * `{n, plural, one {# знак} few {# знака} other {# знакова}}` — Serbian has three forms
 * (1, 21 → one; 2–4, 22–24 → few; the rest, 11–14 included → other), English two. Such
 * messages are compiled once per locale (intl-messageformat, with Intl.PluralRules); plain
 * `{name}` messages keep the cheap replace below.
 */
const ICU = /\{\s*\w+\s*,\s*(plural|select|selectordinal)\s*,/;
const compiled = new Map<string, IntlMessageFormat>();
const pluralLocale: Record<Locale, string> = { cir: 'sr', lat: 'sr-Latn', en: 'en' };

export function t(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = catalogs()[locale][key]!;
  if (!vars) return text;
  if (ICU.test(text)) {
    const id = `${locale}\u0000${key}`;
    let format = compiled.get(id);
    if (!format) {
      format = new IntlMessageFormat(text, pluralLocale[locale], undefined, { ignoreTag: true });
      compiled.set(id, format);
    }
    return noDoubleStop(locale, String(format.format(vars)));
  }
  return noDoubleStop(locale, text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)));
}

/**
 * A Serbian date ends with a full stop ("6. 12. 2026."), so one at the end of a sentence
 * would double it: "…2026.." becomes "…2026." (an ellipsis is left alone).
 */
function noDoubleStop(locale: Locale, text: string): string {
  return locale === 'en' || !text.includes('..') ? text : text.replace(/(\d\.)\.(?!\.)/g, '$1');
}

/** Every key, for tests that walk the whole catalogue. */
export function messageKeys(): MessageKey[] {
  return Object.keys(catalogs().cir) as MessageKey[];
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(catalogs().cir, key);
}

/** Whether ?n= names a notice a page shows (the page cache keeps only those). */
export function isNotice(key: string): key is MessageKey {
  catalogs();
  return installed!.notices.has(key);
}
