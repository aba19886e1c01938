import type { Child } from 'hono/jsx';
import { Page } from '../../../core/views/layout.tsx';
import type { View } from '../../../core/views/view.ts';
import { formatDate } from '../../../core/views/format.ts';
import { groupHours, type OpeningInterval } from '../hours.ts';
import type { Office } from '../repo.ts';

function weekdays(v: View, from: number, to: number): string {
  const a = v.t(`weekday.${from}` as 'weekday.1');
  return from === to ? a : `${a}–${v.t(`weekday.${to}` as 'weekday.1')}`;
}

function Hours({ v, hours, reachable }: { v: View; hours: OpeningInterval[]; reachable: boolean }) {
  // "Call or write to us" only where there is a phone or an address to show.
  if (hours.length === 0) return <p>{v.t(reachable ? 'office.hours.none' : 'office.hours.noneNoContact')}</p>;
  return (
    <>
      <dl class="hours">
        {groupHours(hours).map(([from, to, times]) => (
          <>
            <dt>{weekdays(v, from, to)}</dt>
            <dd>{times ?? v.t('office.closed')}</dd>
          </>
        ))}
      </dl>
    </>
  );
}

/**
 * The office's home page, its front door: open now, links to what it offers, the sections later
 * features bring (this week's activities, opportunities closing soon, the latest news — see
 * core/views/home-section.ts), contact and hours, who works there, and about the office.
 * No script, small HTML: it is the page a young person opens first, often on a cheap phone.
 */
export function OfficePage({
  v,
  office,
  open,
  sections = [],
  subscribe = false,
}: {
  v: View;
  office: Office;
  open: boolean | null;
  sections?: readonly Child[];
  subscribe?: boolean;
}) {
  const o = office;
  const mapUrl =
    o.latitude != null && o.longitude != null
      ? `https://www.openstreetmap.org/?mlat=${o.latitude}&mlon=${o.longitude}#map=18/${o.latitude}/${o.longitude}`
      : null;
  const address = [o.address, [o.postal_code, o.town].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const description = o.description.split(/\n{2,}/).filter(Boolean);
  return (
    <Page v={v} title={v.tx(o.name)} description={v.tx(o.description.slice(0, 160))}>
      <p class="crumbs">
        <a href={v.href('/kancelarije')}>{v.t('office.all')}</a>
      </p>
      <h1>{v.tx(o.name)}</h1>
      <p class="meta">
        {v.tx(o.town)} · {v.t(`region.${o.region}`)}
      </p>
      {o.hours.length > 0 ? (
        <p class={open ? 'status open' : 'status closed'}>
          <strong>{open ? v.t('office.openNow') : v.t('office.closedNow')}</strong> · <a href="#hours">{v.t('office.hours')}</a>
        </p>
      ) : null}
      {o.status === 'directory' ? <p class="notice">{v.t('office.directoryNote')}</p> : null}
      {o.status === 'full' ? (
        <nav aria-label={v.t('office.home.nav')}>
          <p>
            <a href={v.href(`/kancelarije/${o.slug}/aktivnosti`)}>{v.t('calendar.link')}</a> ·{' '}
            <a href={v.href(`/kancelarije/${o.slug}/prilike`)}>{v.t('office.home.opportunities')}</a> ·{' '}
            <a href={v.href(`/kancelarije/${o.slug}/udruzenja`)}>{v.t('associations.directory.link')}</a>
            {subscribe ? (
              <>
                {' '}
                · <a href={v.href(`/kancelarije/${o.slug}/bilten`)}>{v.t('office.home.subscribe')}</a>
              </>
            ) : null}
          </p>
        </nav>
      ) : null}
      {[...sections]}
      <div class="columns">
        <section aria-labelledby="contact">
          <h2 id="contact">{v.t('office.contact')}</h2>
          <dl class="facts">
            {address ? (
              <>
                <dt>{v.t('office.address')}</dt>
                <dd>
                  {v.tx(address)}
                  {mapUrl ? (
                    <>
                      <br />
                      <a href={mapUrl} rel="noopener">
                        {v.t('office.map')}
                      </a>
                    </>
                  ) : null}
                </dd>
              </>
            ) : null}
            {o.room ? (
              <>
                <dt>{v.t('office.room')}</dt>
                <dd>{v.tx(o.room)}</dd>
              </>
            ) : null}
            {o.phones.length > 0 ? (
              <>
                <dt>{v.t('office.phones')}</dt>
                {o.phones.map((p) => (
                  <dd>
                    <a href={`tel:${p.number.replace(/[^+0-9]/g, '')}`}>{p.number}</a>
                    {p.label ? ` (${v.tx(p.label)})` : ''}
                  </dd>
                ))}
              </>
            ) : null}
            {o.email ? (
              <>
                <dt>{v.t('office.email')}</dt>
                <dd>
                  <a href={`mailto:${o.email}`}>{o.email}</a>
                </dd>
              </>
            ) : null}
            {o.website ? (
              <>
                <dt>{v.t('office.website')}</dt>
                <dd>
                  <a href={o.website} rel="noopener">
                    {o.website.replace(/^https?:\/\//, '')}
                  </a>
                </dd>
              </>
            ) : null}
            {o.social_links.length > 0 ? (
              <>
                <dt>{v.t('office.social')}</dt>
                {o.social_links.map((s) => (
                  <dd>
                    <a href={s.url} rel="noopener me">
                      {s.label ? v.tx(s.label) : s.url}
                    </a>
                  </dd>
                ))}
              </>
            ) : null}
          </dl>
        </section>
        <section aria-labelledby="hours">
          <h2 id="hours">{v.t('office.hours')}</h2>
          <Hours v={v} hours={o.hours} reachable={o.phones.length > 0 || o.email !== ''} />
          {o.hours_note ? <p>{v.tx(o.hours_note)}</p> : null}
        </section>
      </div>
      {o.coordinators.length > 0 ? (
        <section aria-labelledby="coordinators">
          <h2 id="coordinators">{v.t('office.coordinators')}</h2>
          <ul class="people">
            {o.coordinators.map((p) => (
              <li>
                <strong>{v.tx(p.full_name)}</strong>
                {p.title ? <>, {v.tx(p.title)}</> : null}
                {p.phone ? (
                  <>
                    <br />
                    <a href={`tel:${p.phone.replace(/[^+0-9]/g, '')}`}>{p.phone}</a>
                  </>
                ) : null}
                {p.email ? (
                  <>
                    <br />
                    <a href={`mailto:${p.email}`}>{p.email}</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {description.length > 0 || o.founded_on || o.founded_year || o.awards ? (
        <section aria-labelledby="about">
          <h2 id="about">{v.t('office.about')}</h2>
          {description.map((para) => (
            <p>{v.tx(para)}</p>
          ))}
          <dl class="facts">
            {o.founded_on || o.founded_year ? (
              <>
                <dt>{v.t('office.founded')}</dt>
                <dd>{o.founded_on ? formatDate(v.locale, o.founded_on) : String(o.founded_year)}</dd>
              </>
            ) : null}
            {o.awards ? (
              <>
                <dt>{v.t('office.awards')}</dt>
                <dd>{v.tx(o.awards)}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
      <section aria-labelledby="serves">
        <h2 id="serves">{v.t('office.serves')}</h2>
        <p>{v.t('office.serves.text')}</p>
        {o.status === 'full' ? (
          <p>
            <a href={v.href(`/kancelarije/${o.slug}/pridruzi-se`)}>{v.t('me.join.cta')}</a> ·{' '}
            <a href={v.href(`/kancelarije/${o.slug}/pridruzi-se/roditelj`)}>{v.t('me.join.under15Link')}</a> ·{' '}
            <a href={v.href(`/kancelarije/${o.slug}/privatnost/evidencija`)}>{v.t('me.join.ropa')}</a>
          </p>
        ) : null}
      </section>
    </Page>
  );
}
