import { LAP_AREAS } from '../../core/domain.ts';
import { SuppressedTable } from '../people/views/stats.tsx';
import { CSRF_FIELD } from '../../core/http/csrf.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import type { MessageKey } from '../../core/i18n/messages.ts';
import { STATIC_FILES } from '../../core/views/assets.ts';
import { localParts } from '../../core/time.ts';
import { formatDate, formatDateTime } from '../../core/views/format.ts';
import { Field, Form } from '../../core/views/forms.tsx';
import { Page } from '../../core/views/layout.tsx';
import type { View } from '../../core/views/view.ts';
import { adminActivitiesPath, adminActivityPath } from '../activities/paths.ts';
import { formatEntryCode } from '../registrations/entry-code.ts';
import { display, type OutCell, type Table } from '../../core/suppress.ts';
import type { CheckinActivity, CheckinRow, CheckinSession } from './repo.ts';
import { ACTIVITY_KINDS } from './schema.ts';
import { OUTCOMES, type Outcome } from './service.ts';
import type { AttendanceNumbers } from './stats.ts';

/** The camera and offline-queue script (progressive enhancement: the page works without it). */
const CHECKIN_JS = `/static/checkin.js?v=${STATIC_FILES.get('checkin.js')?.hash ?? ''}`;
/** The JavaScript QR decoder the script loads where the browser has no BarcodeDetector. */
const JSQR_JS = `/static/jsqr.js?v=${STATIC_FILES.get('jsqr.js')?.hash ?? ''}`;

export const checkinPath = (office: { slug: string }, activityId: string) => `${adminActivityPath(office, activityId)}/dolazak`;
export const activityStatsPath = (office: { slug: string }, activityId: string) => `${adminActivityPath(office, activityId)}/statistika`;
/** The JSON endpoint the check-in script syncs its queue to (in the API, described in OpenAPI). */
export const syncPath = (office: { slug: string }, activityId: string) =>
  `/api/v1/offices/${office.slug}/activities/${activityId}/check-ins`;
export const periodStatsPath = (office: { slug: string }) => `${adminActivitiesPath(office)}/statistika`;

/** The message of a check-in outcome, with the person's name where it has one. */
export function outcomeMessage(v: Pick<View, 't' | 'tx'>, outcome: Outcome, name?: string): string {
  return v.t(`checkin.outcome.${outcome}` as MessageKey, { name: v.tx(name ?? '') });
}

function ActivityNav({ v, office, activity, current }: { v: View; office: OfficeRef; activity: CheckinActivity; current: string }) {
  const links: Array<[string, MessageKey]> = [
    [adminActivityPath(office, activity.id), 'checkin.back'],
    [checkinPath(office, activity.id), 'checkin.nav'],
    [activityStatsPath(office, activity.id), 'checkin.statsLink'],
    [periodStatsPath(office), 'checkin.stats.periodLink'],
  ];
  return (
    <nav aria-label={v.t('checkin.nav')} class="subnav">
      <ul>
        {links.map(([path, key]) => (
          <li>
            <a href={v.href(path)} aria-current={path === current ? 'page' : undefined}>
              {key === 'checkin.nav' ? v.t('checkin.title', { title: v.tx(activity.title) }) : v.t(key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface CheckinResult {
  outcome: Outcome;
  name?: string;
  registrationId?: string;
}

export interface CheckinPageProps {
  v: View;
  office: OfficeRef;
  activity: CheckinActivity;
  sessions: CheckinSession[];
  session: CheckinSession | undefined;
  rows: CheckinRow[];
  /** Rows shown (the search applied). */
  shown: CheckinRow[];
  q: string;
  /** A result to announce after a redirect (no-JS forms), shown at the top and beside the name. */
  result?: CheckinResult | undefined;
  /** Today's date in Belgrade (YYYY-MM-DD): a session on a later day warns before check-in. */
  today: string;
  codeValues?: FormValues;
  codeErrors?: FormErrors;
}

export function CheckinPage(p: CheckinPageProps) {
  const { v, office, activity, session } = p;
  const base = checkinPath(office, activity.id);
  const title = v.t('checkin.title', { title: v.tx(activity.title) });
  const present = p.rows.filter((r) => r.checked_at).length;
  const sessionQs = session ? `?sesija=${session.id}` : '';
  const sessionDay = session ? localParts(session.starts_at).date : '';
  return (
    <Page v={v} title={title}>
      <ActivityNav v={v} office={office} activity={activity} current={base} />
      <h1>{title}</h1>
      <p>{v.t('checkin.lead')}</p>
      {activity.status === 'cancelled' ? (
        <p class="notice" role="status">
          {v.t('checkin.cancelled')}
        </p>
      ) : null}
      {p.result ? (
        <p class="notice" role="status" id="result">
          {outcomeMessage(v, p.result.outcome, p.result.name)}
        </p>
      ) : null}
      {!session ? (
        <p>{v.t('checkin.noSessions')}</p>
      ) : (
        <>
          {p.sessions.length > 1 ? (
            <nav aria-label={v.t('checkin.sessions')}>
              <h2>{v.t('checkin.sessions')}</h2>
              <ul>
                {p.sessions.map((s) => (
                  <li>
                    <a href={`${v.href(base)}?sesija=${s.id}`} aria-current={s.id === session.id ? 'page' : undefined}>
                      {v.t('checkin.session', { n: s.position, date: formatDateTime(v.locale, s.starts_at) })}
                    </a>{' '}
                    <span class="meta">({v.t('checkin.sessionPresent', { n: s.present })})</span>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <p
            id="summary"
            data-msg-summary={v.t('checkin.summary', { present: '{present}', confirmed: '{confirmed}' })}
            data-present={present}
            data-confirmed={p.rows.length}
          >
            <strong>{v.t('checkin.session', { n: session.position, date: formatDateTime(v.locale, session.starts_at) })}</strong>
            {' — '}
            <span id="summary-count" aria-live="polite">
              {v.t('checkin.summary', { present, confirmed: p.rows.length })}
            </span>
          </p>
          {sessionDay > p.today ? (
            <p class="notice warn" role="status">
              {v.t('checkin.early', { date: formatDate(v.locale, sessionDay) })}
            </p>
          ) : null}

          <section
            id="camera"
            hidden
            aria-labelledby="camera-title"
            data-sync={syncPath(office, activity.id)}
            data-locale={v.locale}
            data-session={session.id}
            data-jsqr={JSQR_JS}
            data-msg-none={v.t('checkin.camera.none')}
            data-msg-denied={v.t('checkin.camera.denied')}
            data-msg-scanning={v.t('checkin.camera.scanning')}
            data-msg-queue={v.t('checkin.queue', { n: '{n}' })}
            data-msg-queued={v.t('checkin.queued')}
            data-msg-synced={v.t('checkin.synced', { n: '{n}' })}
            data-msg-present={v.t('checkin.list.present', { time: '{time}' })}
            data-msg-start={v.t('checkin.camera.start')}
            data-msg-stop={v.t('checkin.camera.stop')}
            data-msg-pending={v.t('checkin.pending')}
            data-msg-unmark={v.t('checkin.list.unmark')}
            {...Object.fromEntries(
              OUTCOMES.map((o) => [`data-msg-${o.replaceAll('_', '-')}`, v.t(`checkin.outcome.${o}` as MessageKey, { name: '{name}' })]),
            )}
          >
            <h2 id="camera-title">{v.t('checkin.camera.title')}</h2>
            <button type="button" id="camera-toggle">
              {v.t('checkin.camera.start')}
            </button>
            <video id="camera-video" width="320" height="240" muted playsinline hidden aria-label={v.t('checkin.camera.video')}></video>
            <p id="camera-status" role="status" aria-live="polite"></p>
            <p id="queue-status" class="meta" aria-live="polite"></p>
          </section>

          {activity.status !== 'cancelled' ? (
            <section aria-labelledby="code-title">
              <h2 id="code-title">{v.t('checkin.code.title')}</h2>
              <Form v={v} action={`${v.href(base)}/kod`} errors={p.codeErrors} class="checkin-code">
                <input type="hidden" name="sesija" value={session.id} />
                <Field
                  v={v}
                  name="code"
                  label={v.t('checkin.code.label')}
                  hint={v.t('checkin.code.hint')}
                  value={p.codeValues?.code ?? ''}
                  errors={p.codeErrors}
                  required
                  autocomplete="off"
                  maxlength={200}
                />
                <button type="submit">{v.t('checkin.code.submit')}</button>
              </Form>
            </section>
          ) : null}

          <section aria-labelledby="list-title">
            <h2 id="list-title">{v.t('checkin.list.title')}</h2>
            <form method="get" action={v.href(base)} class="search" role="search">
              <input type="hidden" name="sesija" value={session.id} />
              <div class="field">
                <label for="q">{v.t('checkin.search.label')}</label>
                <input id="q" name="q" type="search" value={p.q} maxlength={100} autocomplete="off" />
              </div>
              <button type="submit">{v.t('checkin.search.submit')}</button>
              {p.q ? (
                <>
                  {' '}
                  <a href={`${v.href(base)}${sessionQs}`}>{v.t('checkin.search.all')}</a>
                </>
              ) : null}
            </form>
            <p class="meta" role="status">
              {v.t('checkin.list.found', { n: p.shown.length })}
            </p>
            {p.shown.length === 0 ? (
              <p>{v.t('checkin.list.empty')}</p>
            ) : (
              <ul class="checkin-list">
                {p.shown.map((r) => (
                  <li id={`r-${r.id}`} data-code={r.code} data-entry={r.short_code}>
                    <strong>{v.tx(r.full_name)}</strong> <span class="meta entry-code-small">{formatEntryCode(r.short_code)}</span>
                    {r.source === 'walk_in' ? <span class="meta"> ({v.t('checkin.list.walkIn')})</span> : null}
                    <br />
                    <span class="checkin-state">
                      {r.checked_at
                        ? v.t('checkin.list.present', { time: formatDateTime(v.locale, r.checked_at) })
                        : v.t('checkin.list.absent')}
                    </span>{' '}
                    {p.result?.registrationId === r.id ? (
                      <strong class="checked-now">✓ {outcomeMessage(v, p.result.outcome, p.result.name)}</strong>
                    ) : null}{' '}
                    {activity.status !== 'cancelled' || r.checked_at ? (
                      <form method="post" action={v.href(base)} class="inline checkin-toggle">
                        <input type="hidden" name={CSRF_FIELD} value={v.csrf()} />
                        <input type="hidden" name="registration" value={r.id} />
                        <input type="hidden" name="sesija" value={session.id} />
                        <input type="hidden" name="q" value={p.q} />
                        <input type="hidden" name="present" value={r.checked_at ? '0' : '1'} />
                        <button type="submit">
                          {v.t(r.checked_at ? 'checkin.list.unmark' : 'checkin.list.mark')}
                          <span class="visually-hidden">: {v.tx(r.full_name)}</span>
                        </button>
                      </form>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <script src={CHECKIN_JS} defer></script>
        </>
      )}
    </Page>
  );
}

// ── Statistics ─────────────────────────────────────────────────────────────

const LABEL_PREFIX: Record<string, string> = {
  reg_status: 'checkin.reg',
  age: 'people.age',
  gender: 'people.gender',
  settlement_kind: 'people.kind',
  status: 'people.status',
  first_time: 'checkin.first',
};

function StatTable({ v, name, table, labels }: { v: View; name: string; table: Table; labels?: Record<string, string> }) {
  const label = (key: string) =>
    labels?.[key] ?? (key === 'unknown' ? v.t('people.unknown') : v.t(`${LABEL_PREFIX[name]}.${key}` as MessageKey));
  return (
    <SuppressedTable
      v={v}
      caption={v.t(`checkin.stats.dim.${name}` as MessageKey)}
      head={v.t(name === 'activity' ? 'checkin.stats.activity' : 'checkin.stats.category')}
      count={v.t('checkin.stats.count')}
      total={v.t('checkin.stats.total')}
      table={table}
      label={label}
    />
  );
}

function Figures({ v, n }: { v: View; n: AttendanceNumbers }) {
  const cell = (c: OutCell) => display(c, n.threshold);
  const rows: Array<[MessageKey, string]> = [
    ['checkin.stats.activities', String(n.activities)],
    ['checkin.stats.sessions', String(n.sessions)],
    ['checkin.stats.registrations', cell(n.registrations.total!)],
    ['checkin.stats.attendance', cell(n.attendance)],
    ['checkin.stats.participants', cell(n.participants)],
    ['checkin.stats.firstTimers', cell(n.firstTimers)],
  ];
  return (
    <>
      <h2>{v.t('checkin.stats.figures')}</h2>
      <dl class="figures" id="figures">
        {rows.map(([k, value]) => (
          <div>
            <dt>{v.t(k)}</dt>
            <dd data-figure={k.slice('checkin.stats.'.length)}>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function Profile({ v, n }: { v: View; n: AttendanceNumbers }) {
  return (
    <div class="columns">
      <StatTable v={v} name="reg_status" table={n.registrations} />
      <StatTable v={v} name="first_time" table={n.profile.first_time} />
      <StatTable v={v} name="age" table={n.profile.age} />
      <StatTable v={v} name="gender" table={n.profile.gender} />
      <StatTable v={v} name="settlement_kind" table={n.profile.settlement_kind} />
      <StatTable v={v} name="status" table={n.profile.status} />
    </div>
  );
}

export function ActivityStatsPage({
  v,
  office,
  activity,
  numbers,
}: {
  v: View;
  office: OfficeRef;
  activity: CheckinActivity;
  numbers: AttendanceNumbers;
}) {
  const title = v.t('checkin.stats.title', { title: v.tx(activity.title) });
  const sessions: Table = {
    cells: numbers.bySession.map((s) => ({ ...s.cell, key: s.id })),
    total: numbers.attendance,
    threshold: numbers.threshold,
  };
  const labels = Object.fromEntries(
    numbers.bySession.map((s) => [s.id, v.t('checkin.session', { n: s.position, date: formatDateTime(v.locale, s.startsAt) })]),
  );
  return (
    <Page v={v} title={title}>
      <ActivityNav v={v} office={office} activity={activity} current={activityStatsPath(office, activity.id)} />
      <h1>{title}</h1>
      <p>{v.t('checkin.stats.lead', { t: numbers.threshold })}</p>
      <p class="hint">{v.t('checkin.stats.definitions')}</p>
      <Figures v={v} n={numbers} />
      <div class="columns">
        <StatTable v={v} name="session" table={sessions} labels={labels} />
      </div>
      <Profile v={v} n={numbers} />
    </Page>
  );
}

export interface PeriodFilter {
  od: string;
  do: string;
  oblast: string;
  vrsta: string;
}

export function PeriodStatsPage({
  v,
  office,
  filter,
  numbers,
  staff,
}: {
  v: View;
  office: OfficeRef;
  filter: PeriodFilter;
  numbers: AttendanceNumbers;
  /** The office's staff see the way back to its activities; the national admin reaches only the figures. */
  staff: boolean;
}) {
  const title = v.t('checkin.stats.periodTitle');
  const byActivity: Table = { cells: numbers.byActivity.map((a) => ({ ...a.cell, key: a.id })), total: null, threshold: numbers.threshold };
  const labels = Object.fromEntries(numbers.byActivity.map((a) => [a.id, v.tx(a.title)]));
  return (
    <Page v={v} title={title}>
      {staff ? (
        <nav aria-label={v.t('checkin.nav')} class="subnav">
          <ul>
            <li>
              <a href={v.href(adminActivitiesPath(office))}>{v.t('checkin.nav')}</a>
            </li>
          </ul>
        </nav>
      ) : null}
      <h1>{title}</h1>
      <p>{v.t('checkin.stats.lead', { t: numbers.threshold })}</p>
      <p class="hint">{v.t('checkin.stats.definitions')}</p>
      <form method="get" action={v.href(periodStatsPath(office))} class="search" aria-label={v.t('checkin.stats.filter')}>
        <div class="field">
          <label for="od">{v.t('checkin.stats.from')}</label>
          <input id="od" name="od" type="date" value={filter.od} />
        </div>
        <div class="field">
          <label for="do">{v.t('checkin.stats.to')}</label>
          <input id="do" name="do" type="date" value={filter.do} />
        </div>
        <div class="field">
          <label for="oblast">{v.t('checkin.stats.area')}</label>
          <select id="oblast" name="oblast">
            <option value="">{v.t('checkin.stats.any')}</option>
            {LAP_AREAS.map((a) => (
              <option value={a} selected={a === filter.oblast}>
                {v.t(`lap.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="vrsta">{v.t('checkin.stats.kind')}</label>
          <select id="vrsta" name="vrsta">
            <option value="">{v.t('checkin.stats.any')}</option>
            {ACTIVITY_KINDS.map((k) => (
              <option value={k} selected={k === filter.vrsta}>
                {v.t(`checkin.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{v.t('checkin.stats.show')}</button>
      </form>
      <Figures v={v} n={numbers} />
      {numbers.activities === 0 ? <p>{v.t('checkin.stats.none')}</p> : null}
      <Profile v={v} n={numbers} />
      {byActivity.cells.length > 0 ? (
        <div class="table-scroll">
          <StatTable v={v} name="activity" table={byActivity} labels={labels} />
        </div>
      ) : null}
    </Page>
  );
}
