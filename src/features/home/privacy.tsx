import type { View } from '../../core/views/view.ts';

/**
 * The privacy notice people consent to at sign-up (its version is PRIVACY_NOTICE_VERSION).
 * Serbian is written once, in Cyrillic, and shown in either script; English is a translation.
 */
const SR: Array<[string, string]> = [
  ['Ко обрађује податке', 'Податке обрађује канцеларија за младе чијим услугама приступате, а платформу КЗМ одржава оператер инсталације. Податке не продајемо и не користимо за оглашавање.'],
  ['Које податке прикупљамо', 'Само неопходно: име, е-адресу, лозинку (чувамо само њен криптографски отисак argon2id) и датум рођења, који нам говори да ли можете сами да дате сагласност. Бележимо и када сте дали сагласност и на коју верзију овог обавештења.'],
  ['Зашто', 'Да бисте могли да се пријављујете на активности, да бисмо вас обавештавали о њима и да бисмо канцеларијама омогућили да воде евиденцију коју закон и градови од њих траже.'],
  ['Млађи од 15 година', 'По члану 16. Закона о заштити података о личности, особа од 15 година сама даје сагласност за коришћење ове услуге. За млађе од 15 сагласност даје родитељ или старатељ, у канцеларији.'],
  ['Ваша права', 'Имате право на приступ подацима (члан 26), исправку (29), брисање (30), ограничење обраде (31) и преносивост (36), као и да повучете сагласност у сваком тренутку. Обратите се канцеларији или Поверенику за информације од јавног значаја и заштиту података о личности.'],
  ['Колачићи', 'Користимо само неопходне колачиће: за пријаву, заштиту образаца и памћење изабраног писма. Нема колачића за праћење.'],
];

const EN: Array<[string, string]> = [
  ['Who processes the data', 'The youth office whose services you use processes the data; the KZM platform is run by the operator of this installation. We do not sell data or use it for advertising.'],
  ['What we collect', 'Only what is necessary: name, e-mail address, password (we keep only its argon2id hash) and date of birth, which tells us whether you can consent yourself. We also record when you consented and to which version of this notice.'],
  ['Why', 'So that you can register for activities, so that we can tell you about them, and so that offices can keep the records the law and their towns ask of them.'],
  ['Under 15', 'Under Article 16 of the Law on Personal Data Protection, a person from 15 consents to this service alone. For people under 15 a parent or guardian consents, at the office.'],
  ['Your rights', 'You have the right of access (Article 26), rectification (29), erasure (30), restriction (31) and portability (36), and may withdraw consent at any time. Contact the office or the Commissioner for Information of Public Importance and Personal Data Protection.'],
  ['Cookies', 'We use only necessary cookies: for logging in, protecting forms and remembering your chosen script. No tracking cookies.'],
];

export function PrivacyNotice({ v }: { v: View }) {
  const sections = v.locale === 'en' ? EN : SR;
  return (
    <>
      {sections.map(([h, p]) => (
        <section>
          <h2>{v.tx(h)}</h2>
          <p>{v.tx(p)}</p>
        </section>
      ))}
    </>
  );
}
