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
  skip: 'Пређи на садржај',
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
  'err.number': 'Упишите број.',
  'err.range': 'Вредност мора бити између {min} и {max}.',
  'err.negative': 'Број не може бити негативан.',
  'err.passwordShort': 'Лозинка мора имати најмање 10 знакова.',
  'err.passwordLong': 'Лозинка може имати највише 200 знакова.',
  'err.choice': 'Изаберите једну од понуђених вредности.',
  'err.throttled': 'Превише покушаја. Сачекајте неколико минута па покушајте поново.',
  'err.csrf': 'Образац је истекао или није послат са ове странице. Освежите страницу и покушајте поново.',
  'err.fileEmpty': 'Датотека је празна.',
  'err.fileTooLarge': 'Датотека је превелика (највише {maxMb} MB).',
  'err.fileType': 'Садржај датотеке није у дозвољеном облику.',

  'role.young': 'млада особа',
  'role.association_rep': 'представник/ца удружења',
  'role.youth_council': 'члан/ица Савета за младе',
  'role.coordinator': 'координатор/ка',
  'role.office_admin': 'администратор/ка канцеларије',
  'role.counsellor': 'саветник/ца за каријеру',
  'role.national_admin': 'национални администратор/ка',

  'confirm.yes': 'Да, {action}',

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
  'chart.alt': '{title}. Бројке су у табели испод графикона.',
  'chart.table': 'Бројке у табели',
  'chart.category': 'Ставка',
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
  skip: 'Skip to content',
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
  'err.number': 'Enter a number.',
  'err.range': 'The value must be between {min} and {max}.',
  'err.negative': 'The number cannot be negative.',
  'err.passwordShort': 'The password must have at least 10 characters.',
  'err.passwordLong': 'The password can have at most 200 characters.',
  'err.choice': 'Choose one of the offered values.',
  'err.throttled': 'Too many attempts. Wait a few minutes and try again.',
  'err.csrf': 'The form expired or was not sent from this page. Reload the page and try again.',
  'err.fileEmpty': 'The file is empty.',
  'err.fileTooLarge': 'The file is too large (at most {maxMb} MB).',
  'err.fileType': "The file's content is not in an allowed format.",

  'role.young': 'young person',
  'role.association_rep': 'association representative',
  'role.youth_council': 'youth council member',
  'role.coordinator': 'coordinator',
  'role.office_admin': 'office administrator',
  'role.counsellor': 'career counsellor',
  'role.national_admin': 'national administrator',

  'confirm.yes': 'Yes, {action}',

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
  'chart.alt': '{title}. The figures are in the table below the chart.',
  'chart.table': 'The figures as a table',
  'chart.category': 'Item',
};

/** Notices of the core itself (shown after a redirect with ?n=key). */
const CORE_NOTICES: readonly MessageKey[] = ['form.saved'];

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
  return noDoubleStop(
    locale,
    text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)),
  );
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
