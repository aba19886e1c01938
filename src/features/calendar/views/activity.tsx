import { formatDateTime, formatRange } from '../../../core/views/format.ts';
import { Form } from '../../../core/views/forms.tsx';
import { Page, type MetaTag } from '../../../core/views/layout.tsx';
import type { View } from '../../../core/views/view.ts';
import { activityPath, calendarPath } from '../../activities/paths.ts';
import { publicPlanItemPath, type PlanActivityChoice } from '../../activities/plan-link.ts';
import type { MyRegistration, PublicActivity, PublicOffice } from '../repo.ts';
import { ageLabel, areaLabel, kindLabel, placeLabel, placesLabel } from './parts.tsx';

/** The image of a published activity (served by the activities feature, under the script prefix). */
export const imagePath = (office: { slug: string }, id: string) => `${activityPath(office, id)}/slika`;
export const activityIcsPath = (office: { slug: string }, id: string) => `${activityPath(office, id)}/kalendar.ics`;

type Window = 'open' | 'notYet' | 'closed' | 'past' | 'cancelled';

/** Where registration stands for the activity at `now`. */
export function registrationWindow(
  a: Pick<PublicActivity, 'status' | 'starts_at' | 'ends_at' | 'registration_opens' | 'registration_closes'>,
  now: Date,
): Window {
  if (a.status === 'cancelled') return 'cancelled';
  if (new Date(a.ends_at) <= now) return 'past';
  if (a.registration_opens && new Date(a.registration_opens) > now) return 'notYet';
  const closes = a.registration_closes ?? a.starts_at;
  return new Date(closes) <= now ? 'closed' : 'open';
}

function SignUp({
  v,
  office,
  a,
  mine,
  now,
}: {
  v: View;
  office: PublicOffice;
  a: PublicActivity;
  mine: MyRegistration | undefined;
  now: Date;
}) {
  const win = registrationWindow(a, now);
  const signupPath = v.href(`${activityPath(office, a.id)}/prijava`);
  const full = a.capacity !== null && a.confirmed_count >= a.capacity;
  const status = mine ? (
    <>
      <p class="notice">
        {mine.status === 'waitlisted'
          ? v.t('calendar.activity.status.waitlisted', { n: mine.position ?? 1 })
          : v.t(`calendar.activity.status.${mine.status}` as 'calendar.activity.status.confirmed')}
      </p>
      <p>
        <a href={v.href('/moj-nalog/prijave')}>{v.t('calendar.activity.myRegistrations')}</a>
      </p>
    </>
  ) : null;
  let body;
  if (win === 'cancelled') body = <p class="notice">{v.t('calendar.activity.cancelled')}</p>;
  else if (win === 'past') body = <p>{v.t('calendar.activity.past')}</p>;
  else if (mine) body = status;
  else if (win === 'notYet')
    body = <p>{v.t('calendar.activity.signup.notYet', { at: formatDateTime(v.locale, new Date(a.registration_opens!)) })}</p>;
  else if (win === 'closed') body = <p>{v.t('calendar.activity.signup.closed')}</p>;
  else if (!v.actor) {
    body = (
      <>
        <p>{v.t('calendar.activity.signup.guest')}</p>
        <p>
          <a href={signupPath} class="button">
            {full ? v.t('calendar.activity.signup.waitlist') : v.t('calendar.activity.signup.button')}
          </a>
        </p>
      </>
    );
  } else if (a.questions.length > 0) {
    body = (
      <p>
        <a href={signupPath}>{v.t('calendar.activity.signup.form')}</a>
      </p>
    );
  } else {
    body = (
      <Form v={v} action={signupPath}>
        <button type="submit">{full ? v.t('calendar.activity.signup.waitlist') : v.t('calendar.activity.signup.button')}</button>
      </Form>
    );
  }
  return (
    <section aria-labelledby="signup">
      <h2 id="signup">{v.t('calendar.activity.signup')}</h2>
      {a.status === 'published' && win !== 'past' ? <p>{placesLabel(v, a, now)}</p> : null}
      {a.needs_approval && win === 'open' && !mine ? <p>{v.t('calendar.activity.approval')}</p> : null}
      {body}
    </section>
  );
}

/** Open Graph and Twitter card tags, so a shared link shows the title, summary and image. */
function shareTags(v: View, office: PublicOffice, a: PublicActivity, description: string): MetaTag[] {
  const url = `${v.baseUrl}${v.href(activityPath(office, a.id))}`;
  const tags: MetaTag[] = [
    { property: 'og:type', content: 'article' },
    { property: 'og:site_name', content: v.t('site.name') },
    { property: 'og:title', content: v.tx(a.title) },
    ...(description
      ? [
          { property: 'og:description', content: description },
          { name: 'twitter:description', content: description },
        ]
      : []),
    { property: 'og:url', content: url },
    { property: 'og:locale', content: v.locale === 'en' ? 'en_GB' : 'sr_RS' },
    { name: 'twitter:card', content: a.image_file_id ? 'summary_large_image' : 'summary' },
    { name: 'twitter:title', content: v.tx(a.title) },
  ];
  if (a.image_file_id) {
    const image = `${v.baseUrl}${v.href(imagePath(office, a.id))}`;
    tags.push(
      { property: 'og:image', content: image },
      { property: 'og:image:alt', content: v.tx(a.image_alt) },
      { name: 'twitter:image', content: image },
      { name: 'twitter:image:alt', content: v.tx(a.image_alt) },
    );
  }
  return tags;
}

/** The public page of one activity. */
export function ActivityPage({
  v,
  office,
  a,
  mine,
  now,
  planItem = null,
}: {
  v: View;
  office: PublicOffice;
  a: PublicActivity;
  mine: MyRegistration | undefined;
  now: Date;
  /** The plan activity it is carried out under (issue #15), linked to the public progress page. */
  planItem?: PlanActivityChoice | null;
}) {
  const description = v.tx((a.summary || a.description).slice(0, 200));
  const age = ageLabel(v, a.age_min, a.age_max);
  const paragraphs = a.description.split(/\n{2,}/).filter(Boolean);
  const facts: Array<[string, unknown]> = [[v.t('calendar.activity.kind'), kindLabel(v, a.kind)]];
  facts.push([v.t('calendar.activity.where'), placeLabel(v, a)]);
  if (a.areas.length > 0) facts.push([v.t('calendar.activity.areas'), a.areas.map((x) => areaLabel(v, x)).join(', ')]);
  if (a.target_group) facts.push([v.t('calendar.activity.target'), v.tx(a.target_group)]);
  if (age) facts.push([v.t('calendar.activity.age'), age]);
  facts.push([v.t('calendar.activity.cost'), a.cost ? v.tx(a.cost) : v.t('calendar.free.cost')]);
  if (a.certificate_hours)
    facts.push([v.t('calendar.activity.hours'), v.t('calendar.activity.hours.value', { hours: Number(a.certificate_hours) })]);
  if (a.registration_opens || a.registration_closes) {
    facts.push([
      v.t('calendar.activity.window'),
      [
        a.registration_opens ? v.t('calendar.activity.window.opens', { at: formatDateTime(v.locale, new Date(a.registration_opens)) }) : '',
        a.registration_closes
          ? v.t('calendar.activity.window.closes', { at: formatDateTime(v.locale, new Date(a.registration_closes)) })
          : '',
      ]
        .filter(Boolean)
        .join(' '),
    ]);
  }
  if (a.partners.length > 0) facts.push([v.t('calendar.activity.partners'), a.partners.map((p) => v.tx(p.name)).join(', ')]);
  if (planItem)
    facts.push([
      v.t('calendar.activity.plan'),
      <a href={v.href(publicPlanItemPath(office.slug, planItem))}>
        {v.t('calendar.activity.plan.item', { title: v.tx(planItem.title), year: String(planItem.year) })}
      </a>,
    ]);
  return (
    <Page v={v} title={v.tx(a.title)} description={description || undefined} meta={shareTags(v, office, a, description)}>
      <p class="crumbs">
        <a href={v.href(`/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a> ·{' '}
        <a href={v.href(calendarPath(office))}>{v.t('calendar.activity.backToList')}</a>
      </p>
      <h1>{v.tx(a.title)}</h1>
      {a.status === 'cancelled' ? (
        <p class="notice">
          <strong>{v.t('calendar.activity.cancelled')}</strong>
        </p>
      ) : null}
      {a.summary ? <p class="lead">{v.tx(a.summary)}</p> : null}
      {a.image_file_id ? <img src={v.href(imagePath(office, a.id))} alt={v.tx(a.image_alt)} width="640" /> : null}
      <section aria-labelledby="when">
        <h2 id="when">{v.t('calendar.activity.when')}</h2>
        {a.sessions.length > 1 ? (
          <ol>
            {a.sessions.map((s) => (
              <li>
                {formatRange(v.locale, s.starts_at, s.ends_at)}
                {s.title ? ` — ${v.tx(s.title)}` : ''}
              </li>
            ))}
          </ol>
        ) : (
          <p>{formatRange(v.locale, a.starts_at, a.ends_at)}</p>
        )}
        <p>
          <a href={activityIcsPath(office, a.id) + `?pismo=${v.locale}`}>{v.t('calendar.activity.addToCalendar')}</a>
        </p>
      </section>
      <dl class="facts">
        {facts.map(([k, val]) => (
          <>
            <dt>{k}</dt>
            <dd>{val}</dd>
          </>
        ))}
      </dl>
      <SignUp v={v} office={office} a={a} mine={mine} now={now} />
      {paragraphs.length > 0 ? (
        <section aria-labelledby="about">
          <h2 id="about">{v.t('calendar.activity.about')}</h2>
          {paragraphs.map((p) => (
            <p>{v.tx(p)}</p>
          ))}
        </section>
      ) : null}
      <section aria-labelledby="subscribe">
        <h2 id="subscribe">{v.t('calendar.subscribe')}</h2>
        <ul>
          <li>
            <a href={`${calendarPath(office)}.ics?pismo=${v.locale}`}>{v.t('calendar.subscribe.ics')}</a>
          </li>
          <li>
            <a href={`${calendarPath(office)}.rss?pismo=${v.locale}`}>{v.t('calendar.subscribe.rss')}</a>
          </li>
          <li>
            <a href={`${calendarPath(office)}.atom?pismo=${v.locale}`}>{v.t('calendar.subscribe.atom')}</a>
          </li>
        </ul>
      </section>
    </Page>
  );
}
