import { LAP_AREAS } from '../../../core/domain.ts';
import { formatDate, formatRange } from '../../../core/views/format.ts';
import { Check } from '../../../core/views/forms.tsx';
import { Page, type HeadLink } from '../../../core/views/layout.tsx';
import type { View } from '../../../core/views/view.ts';
import { activityPath, calendarPath } from '../../activities/paths.ts';
import type { ActivityCard, MonthSession, PublicOffice } from '../repo.ts';
import { ACTIVITY_KINDS, PAGE_SIZE, addMonths, filterParams, withQuery, type CalendarQuery } from '../schema.ts';
import { ageLabel, areaLabel, kindLabel, monthLabel, placeLabel, placesLabel } from './parts.tsx';
import { localParts } from '../../../core/time.ts';

export interface ListData {
  rows: ActivityCard[];
  total: number;
}
export interface MonthData {
  month: string;
  sessions: MonthSession[];
  prev: string | null;
  next: string | null;
}

/** Addresses of the feeds for these filters (outside the script prefix: ?pismo= names the script). */
export function feedLinks(v: View, office: PublicOffice | null, query: CalendarQuery) {
  const p = filterParams(query);
  p.set('pismo', v.locale);
  const base = office ? calendarPath(office) : '/aktivnosti';
  return {
    ics: withQuery(`${base}.ics`, p),
    rss: office ? withQuery(`${base}.rss`, p) : null,
    atom: office ? withQuery(`${base}.atom`, p) : null,
  };
}

const select = (id: string, label: string, value: string, options: Array<[string, string]>) => (
  <div class="field">
    <label for={id}>{label}</label>
    <select id={id} name={id}>
      {options.map(([val, text]) => (
        <option value={val} selected={val === value}>
          {text}
        </option>
      ))}
    </select>
  </div>
);

function Filters({ v, action, query }: { v: View; action: string; query: CalendarQuery }) {
  return (
    // On a phone the filters would fill the first screen: they fold behind "Filter" (a plain
    // <details>, no JavaScript) and stay open once any filter is in use.
    <details class="filters" open={filterParams(query).size > 0}>
      <summary>{v.t('calendar.filters')}</summary>
      <form method="get" action={action} class="search" role="search" aria-label={v.t('calendar.filters')}>
        {query.prikaz === 'mesec' ? <input type="hidden" name="prikaz" value="mesec" /> : null}
        {query.prikaz === 'mesec' && query.mesec ? <input type="hidden" name="mesec" value={query.mesec} /> : null}
        <div class="field">
          <label for="q">{v.t('calendar.q')}</label>
          <input id="q" name="q" type="search" value={query.q} maxlength={100} autocomplete="off" />
        </div>
        {select('oblast', v.t('calendar.area'), query.oblast, [
          ['', v.t('calendar.any')],
          ...LAP_AREAS.map((a) => [a, areaLabel(v, a)] as [string, string]),
        ])}
        {select('vrsta', v.t('calendar.kind'), query.vrsta, [
          ['', v.t('calendar.any')],
          ...ACTIVITY_KINDS.map((k) => [k, kindLabel(v, k)] as [string, string]),
        ])}
        <div class="field">
          <label for="od">{v.t('calendar.from')}</label>
          <input id="od" name="od" type="date" value={query.od} />
        </div>
        <div class="field">
          <label for="do">{v.t('calendar.to')}</label>
          <input id="do" name="do" type="date" value={query.do} />
        </div>
        <div class="field">
          <label for="uzrast">{v.t('calendar.age')}</label>
          <p class="hint" id="uzrast-hint">
            {v.t('calendar.age.hint')}
          </p>
          <input
            id="uzrast"
            name="uzrast"
            type="number"
            inputmode="numeric"
            min={10}
            max={35}
            value={query.uzrast}
            aria-describedby="uzrast-hint"
          />
        </div>
        <Check v={v} name="slobodno" value="1" label={v.t('calendar.free')} checked={query.slobodno === '1'} />
        <button type="submit">{v.t('calendar.search')}</button>
      </form>
    </details>
  );
}

/** One activity in the list. `level` keeps the heading outline right. */
export function ActivityCardItem({ v, a, now, showOffice }: { v: View; a: ActivityCard; now: Date; showOffice: boolean }) {
  const age = ageLabel(v, a.age_min, a.age_max);
  return (
    <li class="card">
      <h2>
        <a href={v.href(activityPath({ slug: a.office_slug }, a.id))}>{v.tx(a.title)}</a>
      </h2>
      <p class="meta">
        {a.status === 'cancelled' ? (
          <>
            <span class="tag">{v.t('calendar.cancelled')}</span>{' '}
          </>
        ) : null}
        {kindLabel(v, a.kind)} · {formatRange(v.locale, a.starts_at, a.ends_at)}
        {a.session_count > 1 ? ` · ${v.t('calendar.sessions', { n: a.session_count })}` : ''}
      </p>
      <p class="meta">
        {showOffice ? `${v.tx(a.office_town)} · ` : ''}
        {placeLabel(v, a)}
        {age ? ` · ${age}` : ''}
      </p>
      {a.summary ? <p>{v.tx(a.summary)}</p> : null}
      {a.status === 'published' ? <p>{placesLabel(v, a, now)}</p> : null}
    </li>
  );
}

function Pager({ v, base, query, total }: { v: View; base: string; query: CalendarQuery; total: number }) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return null;
  const link = (n: number) => {
    const p = filterParams(query);
    if (n > 1) p.set('strana', String(n));
    return v.href(withQuery(base, p));
  };
  const n = Math.min(query.strana, pages);
  return (
    <nav aria-label={v.t('calendar.pages')}>
      <p>
        {n > 1 ? (
          <>
            <a href={link(n - 1)} rel="prev">
              {v.t('calendar.prev')}
            </a>{' '}
            ·{' '}
          </>
        ) : null}
        {v.t('calendar.page', { n, total: pages })}
        {n < pages ? (
          <>
            {' '}
            ·{' '}
            <a href={link(n + 1)} rel="next">
              {v.t('calendar.next')}
            </a>
          </>
        ) : null}
      </p>
    </nav>
  );
}

/** A month as a table of weeks (Monday first); each day lists the sessions that start then. */
function MonthGrid({ v, data, showOffice }: { v: View; data: MonthData; showOffice: boolean }) {
  const [y, m] = data.month.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1, 1));
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: Array<number | null> = [...Array<null>(lead).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: Array<Array<number | null>> = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const byDay = new Map<number, MonthSession[]>();
  for (const s of data.sessions) {
    const d = Number(s.day.slice(8, 10));
    byDay.set(d, [...(byDay.get(d) ?? []), s]);
  }
  return (
    // Below 40rem (public/app.css) the same table reads as a day-by-day agenda: weeks and days
    // stack, days without a session are hidden, each day shows its weekday. The roles keep the
    // table's semantics once CSS changes how it is displayed.
    <table class="month" role="table">
      <caption>{v.t('calendar.month.caption', { month: monthLabel(v, data.month) })}</caption>
      <thead role="rowgroup">
        <tr role="row">
          {[1, 2, 3, 4, 5, 6, 7].map((d) => (
            <th scope="col" role="columnheader">
              {v.t(`weekday.${d}` as 'weekday.1')}
            </th>
          ))}
        </tr>
      </thead>
      <tbody role="rowgroup">
        {weeks.map((week) => (
          <tr role="row">
            {week.map((d, i) =>
              d === null ? (
                <td role="cell" class="blank"></td>
              ) : (
                <td role="cell" class={(byDay.get(d) ?? []).length > 0 ? 'busy' : 'free'}>
                  <strong>
                    <span class="weekday">{v.t(`weekday.${i + 1}` as 'weekday.1')}, </span>
                    {formatDate(v.locale, `${data.month}-${String(d).padStart(2, '0')}`)}
                  </strong>
                  {(byDay.get(d) ?? []).length > 0 ? (
                    <ul>
                      {(byDay.get(d) ?? []).map((s) => (
                        <li>
                          {localParts(s.session_starts_at).time}{' '}
                          <a href={v.href(activityPath({ slug: s.office_slug }, s.id))}>{v.tx(s.title)}</a>
                          {s.session_count > 1 ? ` (${v.t('calendar.activity.session', { n: s.position })})` : ''}
                          {showOffice ? `, ${v.tx(s.office_town)}` : ''}
                          {s.status === 'cancelled' ? (
                            <>
                              {' '}
                              <span class="tag">{v.t('calendar.cancelled')}</span>
                            </>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The calendar of one office (office given) or of all offices: list or month view, filters, feeds. */
export function CalendarPage(props: {
  v: View;
  office: PublicOffice | null;
  query: CalendarQuery;
  list?: ListData;
  month?: MonthData;
  now: Date;
}) {
  const { v, office, query, list, month, now } = props;
  const base = office ? calendarPath(office) : '/aktivnosti';
  const title = office ? v.t('calendar.title.office', { office: v.tx(office.name) }) : v.t('calendar.title');
  const feeds = feedLinks(v, office, query);
  const params = filterParams(query);
  const listHref = v.href(withQuery(base, params));
  const monthParams = (mo: string) => {
    const p = filterParams(query);
    p.set('prikaz', 'mesec');
    p.set('mesec', mo);
    return v.href(withQuery(base, p));
  };
  const thisMonth = month?.month ?? query.mesec;
  const links: HeadLink[] = [{ rel: 'alternate', type: 'text/calendar', href: v.baseUrl + feeds.ics, title }];
  if (feeds.rss) links.push({ rel: 'alternate', type: 'application/rss+xml', href: v.baseUrl + feeds.rss, title });
  if (feeds.atom) links.push({ rel: 'alternate', type: 'application/atom+xml', href: v.baseUrl + feeds.atom, title });
  return (
    <Page v={v} title={title} description={office ? v.t('calendar.lead.office') : v.t('calendar.lead')} links={links}>
      {office ? (
        <p class="crumbs">
          <a href={v.href(`/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a> ·{' '}
          <a href={v.href('/aktivnosti')}>{v.t('calendar.title')}</a>
        </p>
      ) : null}
      <h1>{title}</h1>
      <p class="lead">{office ? v.t('calendar.lead.office') : v.t('calendar.lead')}</p>
      <Filters v={v} action={v.href(base)} query={query} />
      <nav aria-label={v.t('calendar.view')}>
        <p>
          {v.t('calendar.view')}:{' '}
          {month ? <a href={listHref}>{v.t('calendar.view.list')}</a> : <strong aria-current="page">{v.t('calendar.view.list')}</strong>} ·{' '}
          {month ? (
            <strong aria-current="page">{v.t('calendar.view.month')}</strong>
          ) : (
            <a href={monthParams(thisMonth || monthOf(now))}>{v.t('calendar.view.month')}</a>
          )}
        </p>
      </nav>
      {list ? (
        <>
          <p role="status" class="count">
            {list.total > 0 ? v.t('calendar.found', { n: list.total }) : v.t('calendar.none')}
          </p>
          <ul class="cards">
            {list.rows.map((a) => (
              <ActivityCardItem v={v} a={a} now={now} showOffice={!office} />
            ))}
          </ul>
          <Pager v={v} base={base} query={query} total={list.total} />
        </>
      ) : null}
      {month ? (
        <>
          <form method="get" action={v.href(base)} class="search" aria-label={v.t('calendar.month.show')}>
            <input type="hidden" name="prikaz" value="mesec" />
            {[...params].map(([k, val]) => (
              <input type="hidden" name={k} value={val} />
            ))}
            <div class="field">
              <label for="mesec">{v.t('calendar.month')}</label>
              <input id="mesec" name="mesec" type="month" value={month.month} />
            </div>
            <button type="submit" class="secondary">
              {v.t('calendar.month.show')}
            </button>
          </form>
          <nav aria-label={v.t('calendar.view.month')}>
            <p>
              {month.prev ? <a href={monthParams(month.prev)}>{v.t('calendar.month.prev', { month: monthLabel(v, month.prev) })}</a> : null}
              {month.prev && month.next ? ' · ' : null}
              {month.next ? <a href={monthParams(month.next)}>{v.t('calendar.month.next', { month: monthLabel(v, month.next) })}</a> : null}
            </p>
          </nav>
          {month.sessions.length === 0 ? (
            <p role="status" class="count">
              {v.t('calendar.month.none')}
            </p>
          ) : null}
          <MonthGrid v={v} data={month} showOffice={!office} />
        </>
      ) : null}
      <section aria-labelledby="subscribe">
        <h2 id="subscribe">{v.t('calendar.subscribe')}</h2>
        <p>{v.t('calendar.subscribe.hint')}</p>
        <ul>
          <li>
            <a href={feeds.ics}>{v.t('calendar.subscribe.ics')}</a>
          </li>
          {feeds.rss ? (
            <li>
              <a href={feeds.rss}>{v.t('calendar.subscribe.rss')}</a>
            </li>
          ) : null}
          {feeds.atom ? (
            <li>
              <a href={feeds.atom}>{v.t('calendar.subscribe.atom')}</a>
            </li>
          ) : null}
        </ul>
      </section>
    </Page>
  );
}

const monthOf = (now: Date) => localParts(now).date.slice(0, 7);
export { addMonths };
