import type { View } from '../../core/views/view.ts';
import { PURPOSES } from '../people/purposes.ts';

/**
 * The privacy notice people consent to at sign-up and when they join an office's register (its
 * version is PRIVACY_NOTICE_VERSION). Serbian is written once, in Cyrillic, and shown in either
 * script; English is a translation. The purposes of the registers are listed from PURPOSES
 * (features/people/purposes.ts), the same list the consent forms and the record of processing
 * activities are generated from, so the three cannot disagree.
 */
type Section = [heading: string, ...paragraphs: string[]];

const SR_BEFORE: Section[] = [
  [
    'Ко обрађује податке',
    'Податке обрађује канцеларија за младе чијим услугама приступате: свака канцеларија је руковалац за свој регистар младих. Платформу КЗМ одржава оператер инсталације (обрађивач). Податке не продајемо и не користимо за оглашавање.',
  ],
  [
    'Које податке прикупљамо за налог',
    'Само неопходно: име, е-адресу, лозинку (чувамо само њен криптографски отисак argon2id) и датум рођења, који нам говори да ли можете сами да дате сагласност. Бележимо и када сте дали сагласност и на коју верзију овог обавештења, као и пријаве на налог.',
  ],
  [
    'Регистар младих канцеларије',
    'Кад се упишете у регистар канцеларије, она чува ваше име, датум рођења и, ако их наведете, е-адресу, телефон, пол (можете изабрати „не желим да кажем“), насеље, статус (ученик, студент, запослен…), интересовања и писмо порука. Сагласност дајете посебно за сваку сврху испод; само регистар је обавезан за упис.',
  ],
];

const SR_AFTER: Section[] = [
  [
    'Посебне врсте података',
    'Националну припадност, инвалидитет и здравље канцеларија чува само ако за то дате посебну, изричиту сагласност. Чувају се одвојено, види их само координатор који наведе разлог (бележи се), а у статистици се појављују само збирно, без група мањих од 5 особа.',
  ],
  [
    'Млађи од 15 година',
    'По члану 16. Закона о заштити података о личности, особа од 15 година сама даје сагласност за коришћење ове услуге. За млађе од 15 сагласност даје родитељ или старатељ: у канцеларији, потписом, или на платформи, потврдом преко везе послате на своју е-адресу. Док родитељ не потврди, подаци детета се не користе, а ако не потврди у року од 7 дана, бришу се.',
  ],
  [
    'Ко је гледао ваше податке',
    'Сваки преглед, извоз и измену ваших података од стране особља канцеларије бележимо: ко, када, шта и зашто. Тај запис видите на страници „Моји подаци“.',
  ],
  [
    'Колико дуго чувамо податке',
    'Док имате налог и док сте у регистру. Налог који се не користи {months} месеци добија упозорење е-поштом, а ако се ни после {grace} дана не пријавите, брише се, а подаци у регистрима анонимизују. Анонимни збирни бројеви (година рођења, пол, врста насеља, статус) остају, да извештаји градовима остану тачни.',
  ],
  [
    'Ваша права',
    'Имате право на приступ подацима (члан 26), исправку (29), брисање (30), ограничење обраде (31) и преносивост (36), као и да повучете сагласност у сваком тренутку, једнако лако као што сте је дали. Све то можете сами, на страницама „Моји подаци“ (преглед, преузимање, исправка), „Моје сагласности“ и „Брисање налога“, или преко канцеларије. Жалбу можете упутити Поверенику за информације од јавног значаја и заштиту података о личности.',
  ],
  ['Колачићи', 'Користимо само неопходне колачиће: за пријаву, заштиту образаца и памћење изабраног писма. Нема колачића за праћење.'],
];

const EN_BEFORE: Section[] = [
  [
    'Who processes the data',
    'The youth office whose services you use processes the data: each office is the controller of its own register of young people. The KZM platform is run by the operator of this installation (a processor). We do not sell data or use it for advertising.',
  ],
  [
    'What we collect for an account',
    'Only what is necessary: name, e-mail address, password (we keep only its argon2id hash) and date of birth, which tells us whether you can consent yourself. We also record when you consented and to which version of this notice, and log-ins to the account.',
  ],
  [
    'An office’s register of young people',
    'When you join an office’s register, it keeps your name, date of birth and, if you give them, e-mail address, phone, gender (you can choose “prefer not to say”), settlement, status (pupil, student, employed…), interests and the script of messages. You consent separately to each purpose below; only the register is required to join.',
  ],
];

const EN_AFTER: Section[] = [
  [
    'Special categories of data',
    'The office keeps ethnicity, disability and health only if you give a separate, explicit consent. They are stored apart, only a coordinator who gives a reason sees them (this is logged), and statistics show them only as totals, with no group smaller than 5 people.',
  ],
  [
    'Under 15',
    'Under Article 16 of the Law on Personal Data Protection, a person from 15 consents to this service alone. For people under 15 a parent or guardian consents: at the office, by signing, or on the platform, by confirming through a link sent to their own e-mail address. Until the parent confirms, the child’s data is not used, and if they do not confirm within 7 days it is deleted.',
  ],
  [
    'Who looked at your data',
    'Every view, export and change of your data by office staff is logged: who, when, what and why. You see that log on the “My data” page.',
  ],
  [
    'How long we keep data',
    'While you have an account and are in a register. An account not used for {months} months gets a warning by e-mail, and if you do not log in within {grace} days it is deleted and your data in the registers anonymised. Anonymous totals (year of birth, gender, kind of settlement, status) remain, so that reports to towns stay right.',
  ],
  [
    'Your rights',
    'You have the right of access (Article 26), rectification (29), erasure (30), restriction (31) and portability (36), and may withdraw consent at any time, as easily as you gave it. You can do all of this yourself on the “My data” (see, download, correct), “My consents” and “Delete account” pages, or through the office. You may complain to the Commissioner for Information of Public Importance and Personal Data Protection.',
  ],
  ['Cookies', 'We use only necessary cookies: for logging in, protecting forms and remembering your chosen script. No tracking cookies.'],
];

export function PrivacyNotice({ v, retention }: { v: View; retention: { months: number; grace: number } }) {
  const en = v.locale === 'en';
  const fill = (s: string) => s.replace('{months}', String(retention.months)).replace('{grace}', String(retention.grace));
  const render = (sections: Section[]) =>
    sections.map(([h, ...ps]) => (
      <section>
        <h2>{v.tx(h)}</h2>
        {ps.map((p) => (
          <p>{v.tx(fill(p))}</p>
        ))}
      </section>
    ));
  return (
    <>
      {render(en ? EN_BEFORE : SR_BEFORE)}
      <section>
        <h2>{en ? 'Purposes you consent to' : v.tx('Сврхе за које дајете сагласност')}</h2>
        <ul>
          {PURPOSES.map((p) => (
            <li>
              <strong>{v.t(p.label)}</strong>
              {p.required ? ` ${v.t('me.join.required')}` : ''}: {v.t(p.description)} {v.t(p.retention, retention)}
            </li>
          ))}
        </ul>
        <p>
          <a href={v.href('/privatnost/evidencija')}>{v.t('ropa.title')}</a>
        </p>
      </section>
      {render(en ? EN_AFTER : SR_AFTER)}
    </>
  );
}
