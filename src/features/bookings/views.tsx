import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import { LAP_AREAS } from '../../core/domain.ts';
import { OfficeAdminCrumbs } from '../../core/views/crumbs.tsx';
import { Check, CheckGroup, ConfirmForm, Field, Form, RadioGroup, isOn } from '../../core/views/forms.tsx';
import { formatDate, formatRange } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import { localParts } from '../../core/time.ts';
import { CONFIRM_PATH } from './mails.ts';
import { BOOKER_KINDS, CATEGORIES, RESOURCE_KINDS, type BookingRow, type PendingRequest, type Request, type Resource } from './repo.ts';
import type { Availability, DateProblem } from './service.ts';
import { addDays } from './service.ts';
import type { UsageStats } from './stats.ts';
import { display } from '../../core/suppress.ts';

type Office = { slug: string; name: string };

export const publicPath = (o: { slug: string }) => `/kancelarije/${o.slug}/prostor`;
export const resourcePath = (o: { slug: string }, id: string) => `${publicPath(o)}/${id}`;
export const requestPath = (o: { slug: string }) => `${publicPath(o)}/zahtev`;
export const icsPath = (o: { slug: string }, id: string) => `/kancelarije/${o.slug}/prostor/${id}/kalendar.ics`;
export const adminPath = (o: { slug: string }) => `/admin/kancelarije/${o.slug}/prostor`;
export const adminRequestPath = (o: { slug: string }, id: string) => `${adminPath(o)}/zahtevi/${id}`;
export const adminResourcePath = (o: { slug: string }, id: string) => `${adminPath(o)}/resursi/${id}`;

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

function Hours({ v, r }: { v: View; r: Resource }) {
  return (
    <dl class="hours">
      {WEEKDAYS.map((d) => {
        const h = r.hours.find((x) => x.weekday === d);
        return (
          <>
            <dt>{v.t(`weekday.${d}`)}</dt>
            <dd>{h ? `${h.opens}–${h.closes}` : v.t('bk.hours.closed')}</dd>
          </>
        );
      })}
    </dl>
  );
}

function ResourceFacts({ v, r }: { v: View; r: Resource }) {
  return (
    <>
      <p>
        {v.t(`bk.kind.${r.kind}`)} · {v.t(`bk.category.${r.category}`)}
        {r.capacity ? ` · ${v.t('bk.capacity')}: ${r.capacity}` : ''}
      </p>
      {r.accessibility ? (
        <p>
          <strong>{v.t('bk.accessibility')}:</strong> {v.tx(r.accessibility)}
        </p>
      ) : null}
      {r.rules ? (
        <p>
          <strong>{v.t('bk.rules')}:</strong> {v.tx(r.rules)}
        </p>
      ) : null}
    </>
  );
}

export function PublicPage(p: {
  v: View;
  office: Office;
  resources: Resource[];
  free?: { date: string; from: string; to: string; rows: Availability[] } | undefined;
  query: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office } = p;
  const title = v.t('bk.public.title', { office: v.tx(office.name) });
  return (
    <Page v={v} title={title}>
      <h1>{title}</h1>
      <p>{v.t('bk.public.lead')}</p>
      <p>
        <a class="button" href={v.href(requestPath(office))}>
          {v.t('bk.request')}
        </a>
      </p>
      {p.resources.length === 0 ? <p>{v.t('bk.none')}</p> : null}
      <ul class="cards">
        {p.resources.map((r) => (
          <li class="card">
            <h2>
              <a href={v.href(resourcePath(office, r.id))}>{v.tx(r.name)}</a>
            </h2>
            <ResourceFacts v={v} r={r} />
          </li>
        ))}
      </ul>
      <h2 id="slobodno">{v.t('bk.free.title')}</h2>
      <p>{v.t('bk.free.lead')}</p>
      <form method="get" action={v.href(publicPath(office))} class="filters">
        <Field v={v} name="datum" label={v.t('bk.date')} type="date" value={p.query.datum} errors={p.errors} required />
        <Field v={v} name="od" label={v.t('bk.from')} type="time" value={p.query.od} errors={p.errors} required />
        <Field v={v} name="do" label={v.t('bk.to')} type="time" value={p.query.do} errors={p.errors} required />
        <button type="submit">{v.t('bk.free.search')}</button>
      </form>
      {p.free ? (
        <DataTable
          caption={`${v.t('bk.free.title')}: ${formatDate(v.locale, p.free.date)} ${p.free.from}–${p.free.to}`}
          rows={p.free.rows}
          columns={[
            { label: v.t('bk.name'), rowHeader: true, cell: (a) => v.tx(a.resource.name) },
            { label: v.t('bk.kindLabel'), cell: (a) => v.t(`bk.kind.${a.resource.kind}`) },
            { label: v.t('bk.state'), cell: (a) => <strong class="tag">{v.t(`bk.free.state.${a.state}`)}</strong> },
            {
              label: v.t('bk.request'),
              actions: true,
              cell: (a) =>
                a.state === 'free' ? (
                  <a
                    href={v.href(
                      `${requestPath(office)}?resource=${a.resource.id}&date=${p.free!.date}&from=${encodeURIComponent(p.free!.from)}&to=${encodeURIComponent(p.free!.to)}`,
                    )}
                  >
                    {v.t('bk.free.book', { resource: v.tx(a.resource.name) })}
                  </a>
                ) : null,
            },
          ]}
        />
      ) : null}
    </Page>
  );
}

/** A week of one resource as a list per day: readable on a phone, no script. */
export function ResourcePage(p: { v: View; office: Office; r: Resource; week: string; bookings: BookingRow[]; today: string }) {
  const { v, office, r } = p;
  const days = Array.from({ length: 7 }, (_, i) => addDays(p.week, i));
  const title = `${v.tx(r.name)} — ${v.tx(office.name)}`;
  const weekLink = (d: string) => `${v.href(resourcePath(office, r.id))}?nedelja=${d}`;
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href(publicPath(office))}>{v.t('bk.public.title', { office: v.tx(office.name) })}</a>
      </p>
      <h1>{v.tx(r.name)}</h1>
      <ResourceFacts v={v} r={r} />
      <h2>{v.t('bk.hours')}</h2>
      <Hours v={v} r={r} />
      <p>
        <a class="button" href={v.href(`${requestPath(office)}?resource=${r.id}`)}>
          {v.t('bk.request')}
        </a>{' '}
        · <a href={`${icsPath(office, r.id)}?pismo=${v.locale}`}>{v.t('bk.ics')}</a>
      </p>
      <h2>{v.t('bk.week', { from: formatDate(v.locale, days[0]!), to: formatDate(v.locale, days[6]!) })}</h2>
      <nav aria-label={v.t('bk.week', { from: formatDate(v.locale, days[0]!), to: formatDate(v.locale, days[6]!) })} class="pager">
        <a href={weekLink(addDays(p.week, -7))}>{v.t('bk.week.prev')}</a> · <a href={weekLink(addDays(p.week, 7))}>{v.t('bk.week.next')}</a>
      </nav>
      <ol class="week">
        {days.map((d, i) => {
          const mine = p.bookings.filter((b) => localParts(new Date(b.starts)).date === d);
          return (
            <li>
              <h3>
                {v.t(`weekday.${(i + 1) as 1}`)}, {formatDate(v.locale, d)}
              </h3>
              {mine.length === 0 ? (
                <p>{v.t('bk.week.free')}</p>
              ) : (
                <ul>
                  {mine.map((b) => (
                    <li>
                      {localParts(new Date(b.starts)).time}–{localParts(new Date(b.ends)).time}:{' '}
                      {v.t(b.status === 'approved' ? 'bk.busy' : 'bk.busy.pending')}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </Page>
  );
}

export function RequestPage(p: {
  v: View;
  office: Office;
  resources: Resource[];
  values: FormValues;
  errors?: FormErrors | undefined;
  conflicts?: { dates: DateProblem[]; free: number } | undefined;
  guest: boolean;
  /** The initiative this request serves (from its page), when the reader may book for it. */
  initiative?: { id: string; title: string } | null | undefined;
}) {
  const { v, office, values, errors } = p;
  const title = v.t('bk.request.title');
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href(publicPath(office))}>{v.t('bk.public.title', { office: v.tx(office.name) })}</a>
      </p>
      <h1>{title}</h1>
      <p>{v.t('bk.request.lead')}</p>
      {p.initiative ? <p class="note">{v.t('bk.request.forInitiative', { title: v.tx(p.initiative.title) })}</p> : null}
      {p.conflicts ? (
        <section aria-labelledby="conflicts">
          <h2 id="conflicts">{v.t('bk.conflicts.title')}</h2>
          <p>{v.t('bk.conflicts.lead', { n: p.conflicts.dates.length, free: p.conflicts.free })}</p>
          <ul>
            {p.conflicts.dates.map((c) => (
              <li>
                {formatRange(v.locale, c.start, c.end)} — {v.t('bk.conflicts.taken', { what: c.taken.map((x) => v.tx(x)).join(', ') })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Form v={v} action={v.href(requestPath(office))} errors={errors} novalidate>
        {p.initiative ? <input type="hidden" name="initiative" value={p.initiative.id} /> : null}
        <CheckGroup
          v={v}
          name="resource"
          legend={v.t('bk.request.resources')}
          options={p.resources.map((r) => [r.id, `${v.tx(r.name)} (${v.t(`bk.kind.${r.kind}`)})`] as const)}
          value={values.resource}
          errors={errors}
          required
        />
        <Field v={v} name="date" label={v.t('bk.date')} type="date" value={values.date} errors={errors} required />
        <Field v={v} name="from" label={v.t('bk.from')} type="time" value={values.from} errors={errors} required />
        <Field v={v} name="to" label={v.t('bk.to')} type="time" value={values.to} errors={errors} required />
        <Field
          v={v}
          name="weeks"
          label={v.t('bk.weeks')}
          hint={v.t('bk.weeks.hint')}
          inputmode="numeric"
          maxlength={2}
          value={values.weeks ?? '1'}
          errors={errors}
        />
        <Check v={v} name="skip" label={v.t('bk.skip')} checked={isOn(values.skip)} errors={errors} />
        <RadioGroup
          v={v}
          name="booker_kind"
          legend={v.t('bk.bookerKind')}
          options={BOOKER_KINDS.filter((k) => k !== 'office').map((k) => [k, v.t(`bk.bookerKind.${k}`)] as const)}
          value={values.booker_kind ?? 'person'}
          errors={errors}
          required
        />
        <Field v={v} name="group_name" label={v.t('bk.groupName')} value={values.group_name} errors={errors} maxlength={200} />
        <Field
          v={v}
          name="purpose"
          label={v.t('bk.purpose')}
          value={values.purpose}
          errors={errors}
          required
          multiline
          rows={3}
          maxlength={500}
        />
        <Field
          v={v}
          name="attendees"
          label={v.t('bk.attendees')}
          inputmode="numeric"
          maxlength={5}
          value={values.attendees}
          errors={errors}
        />
        <Field
          v={v}
          name="area"
          label={v.t('bk.area')}
          value={values.area}
          errors={errors}
          options={[['', v.t('bk.area.none')], ...LAP_AREAS.map((a) => [a, v.t(`lap.${a}`)] as [string, string])]}
        />
        {p.guest ? (
          <>
            <Field
              v={v}
              name="full_name"
              label={v.t('bk.fullName')}
              value={values.full_name}
              errors={errors}
              required
              maxlength={120}
              autocomplete="name"
            />
            <Field
              v={v}
              name="email"
              label={v.t('bk.email')}
              hint={v.t('bk.email.hint')}
              type="email"
              value={values.email}
              errors={errors}
              required
              maxlength={254}
              autocomplete="email"
            />
          </>
        ) : null}
        <button type="submit">{v.t('bk.request')}</button>
      </Form>
    </Page>
  );
}

export function CheckMailPage({ v, office }: { v: View; office: Office }) {
  return (
    <Page v={v} title={v.t('bk.checkMail.title')}>
      <h1>{v.t('bk.checkMail.title')}</h1>
      <p>{v.t('bk.checkMail.text')}</p>
      <p>
        <a href={v.href(publicPath(office))}>{v.t('bk.public.title', { office: v.tx(office.name) })}</a>
      </p>
    </Page>
  );
}

const StatusTag = ({ v, status }: { v: View; status: BookingRow['status'] }) => <strong class="tag">{v.t(`bk.status.${status}`)}</strong>;

function BookingList({ v, rows }: { v: View; rows: BookingRow[] }) {
  return (
    <DataTable
      caption={v.t('bk.when')}
      captionHidden
      rows={rows}
      columns={[
        { label: v.t('bk.when'), rowHeader: true, cell: (b) => formatRange(v.locale, b.starts, b.ends) },
        { label: v.t('bk.what'), cell: (b) => v.tx(b.resource_name) },
        { label: v.t('bk.state'), cell: (b) => <StatusTag v={v} status={b.status} /> },
      ]}
    />
  );
}

export function LinkPage(p: {
  v: View;
  token: string;
  r?: Request | undefined;
  bookings: BookingRow[];
  error?: string | undefined;
  canAct: boolean;
}) {
  const { v, r } = p;
  const title = v.t('bk.link.title');
  return (
    <Page v={v} title={title}>
      <h1>{title}</h1>
      {p.error ? (
        <p class="problem" role="alert">
          {p.error}
        </p>
      ) : null}
      {r ? (
        <>
          <p>
            {v.tx(r.purpose)} · <StatusTag v={v} status={r.status} />
          </p>
          <BookingList v={v} rows={p.bookings} />
        </>
      ) : null}
      {p.canAct ? (
        <Form v={v} action={v.href(CONFIRM_PATH)}>
          <input type="hidden" name="t" value={p.token} />
          <button type="submit">{v.t('bk.link.button')}</button>
        </Form>
      ) : null}
    </Page>
  );
}

/** Where the booker cancels their own request (POST). */
export const cancelPath = (officeSlug: string, id: string) => `/kancelarije/${officeSlug}/prostor/zahtevi/${id}/otkaz`;

export function MyRequestsPage({
  v,
  rows,
  now,
  error,
}: {
  v: View;
  rows: Array<PendingRequest & { office_slug: string; office_name: string }>;
  now: Date;
  /** Why a cancellation was refused. */
  error?: string | undefined;
}) {
  return (
    <Page v={v} title={v.t('bk.mine.title')}>
      <h1>{v.t('bk.mine.title')}</h1>
      {error ? (
        <div class="error-summary" role="alert" tabindex={-1} id="errors">
          <p>{error}</p>
        </div>
      ) : null}
      <DataTable
        caption={v.t('bk.mine.title')}
        captionHidden
        rows={rows}
        empty={v.t('bk.mine.none')}
        columns={[
          { label: v.t('bk.what'), rowHeader: true, cell: (r) => `${v.tx(r.resources ?? '')} — ${v.tx(r.office_name)}` },
          {
            label: v.t('bk.when'),
            cell: (r) =>
              r.first_start ? `${formatRange(v.locale, r.first_start, r.first_start)} · ${v.t('bk.dates', { n: r.dates })}` : '',
          },
          { label: v.t('bk.state'), cell: (r) => <StatusTag v={v} status={r.status} /> },
          {
            label: v.t('bk.actions'),
            actions: true,
            cell: (r) =>
              (r.status === 'pending' || r.status === 'approved') && r.first_start && new Date(r.first_start) > now ? (
                <ConfirmForm
                  v={v}
                  action={v.href(cancelPath(r.office_slug, r.id))}
                  label={v.t('bk.cancel')}
                  question={v.t('bk.cancel.confirm')}
                  ariaLabel={v.t('bk.cancel.aria', { what: v.tx(r.resources ?? r.purpose) })}
                />
              ) : (
                ''
              ),
          },
        ]}
      />
    </Page>
  );
}

// ── Staff ───────────────────────────────────────────────────────────────────

function RequestsTable({ v, office, rows, caption }: { v: View; office: Office; rows: PendingRequest[]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      captionHidden
      rows={rows}
      columns={[
        {
          label: v.t('bk.who'),
          rowHeader: true,
          cell: (r) => (
            <a href={v.href(adminRequestPath(office, r.id))}>
              {v.tx(r.group_name || r.full_name)} ({v.t(`bk.bookerKind.${r.booker_kind}`)})
            </a>
          ),
        },
        { label: v.t('bk.what'), cell: (r) => v.tx(r.resources ?? '') },
        {
          label: v.t('bk.when'),
          cell: (r) =>
            r.first_start ? `${formatDate(v.locale, localParts(new Date(r.first_start)).date)} · ${v.t('bk.dates', { n: r.dates })}` : '',
        },
        { label: v.t('bk.state'), cell: (r) => <StatusTag v={v} status={r.status} /> },
      ]}
    />
  );
}

export function AdminPage(p: {
  v: View;
  office: Office;
  pending: PendingRequest[];
  decided: PendingRequest[];
  today: BookingRow[];
  resources: Resource[];
  now: Date;
}) {
  const { v, office } = p;
  const title = v.t('bk.admin.title', { office: v.tx(office.name) });
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs v={v} office={office} />
      <h1>{title}</h1>
      <p>
        <a href={v.href(`${adminPath(office)}/statistika`)}>{v.t('bk.stats.title')}</a> ·{' '}
        <a href={v.href(publicPath(office))}>{v.t('bk.free.title')}</a>
      </p>
      <h2>{v.t('bk.admin.pending')}</h2>
      <p role="status">{v.t('bk.admin.pendingCount', { n: p.pending.length })}</p>
      <RequestsTable v={v} office={office} rows={p.pending} caption={v.t('bk.admin.pending')} />
      <h2>{v.t('bk.admin.today')}</h2>
      <DataTable
        caption={v.t('bk.admin.today')}
        captionHidden
        rows={p.today}
        empty={v.t('bk.admin.noToday')}
        columns={[
          { label: v.t('bk.when'), rowHeader: true, cell: (b) => formatRange(v.locale, b.starts, b.ends) },
          { label: v.t('bk.what'), cell: (b) => v.tx(b.resource_name) },
          { label: v.t('bk.who'), cell: (b) => v.tx(b.group_name || b.full_name) },
          {
            label: v.t('bk.state'),
            cell: (b) => (
              <>
                <StatusTag v={v} status={b.status} />
                {b.checked_in_at ? ` · ${v.t('bk.checkedIn')}` : ''}
              </>
            ),
          },
          {
            label: v.t('bk.checkin'),
            actions: true,
            cell: (b) =>
              b.status === 'approved' && !b.checked_in_at ? (
                <>
                  <Form v={v} action={v.href(`${adminPath(office)}/dolazak`)} class="inline">
                    <input type="hidden" name="booking" value={b.id} />
                    <button type="submit">{v.t('bk.checkin')}</button>
                  </Form>
                  <ConfirmForm
                    v={v}
                    action={v.href(`${adminPath(office)}/oslobodi`)}
                    fields={{ booking: b.id }}
                    label={v.t('bk.release')}
                    question={v.t('bk.release.question')}
                  />
                </>
              ) : null,
          },
        ]}
      />
      <h2>{v.t('bk.admin.resources')}</h2>
      <p>
        <a class="button" href={v.href(`${adminPath(office)}/resursi/novi`)}>
          {v.t('bk.admin.add')}
        </a>
      </p>
      <DataTable
        caption={v.t('bk.admin.resources')}
        captionHidden
        rows={p.resources}
        columns={[
          { label: v.t('bk.name'), rowHeader: true, cell: (r) => <a href={v.href(adminResourcePath(office, r.id))}>{v.tx(r.name)}</a> },
          { label: v.t('bk.category'), cell: (r) => v.t(`bk.category.${r.category}`) },
          { label: v.t('bk.active'), cell: (r) => (r.active ? '✓' : '—') },
        ]}
      />
      <h2>{v.t('bk.admin.recent')}</h2>
      <RequestsTable v={v} office={office} rows={p.decided} caption={v.t('bk.admin.recent')} />
    </Page>
  );
}

export function ResourceFormPage(p: {
  v: View;
  office: Office;
  r?: Resource | undefined;
  values: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, values, errors } = p;
  const title = p.r ? v.t('bk.admin.editTitle', { name: v.tx(p.r.name) }) : v.t('bk.admin.add');
  const action = p.r ? adminResourcePath(office, p.r.id) : `${adminPath(office)}/resursi/novi`;
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs v={v} office={office} back={{ href: adminPath(office), label: v.t('bk.title') }} />
      <h1>{title}</h1>
      <Form v={v} action={v.href(action)} errors={errors} novalidate>
        <Field v={v} name="name" label={v.t('bk.name')} value={values.name} errors={errors} required maxlength={120} />
        <Field
          v={v}
          name="kind"
          label={v.t('bk.kindLabel')}
          value={values.kind ?? 'room'}
          errors={errors}
          required
          options={RESOURCE_KINDS.map((k) => [k, v.t(`bk.kind.${k}`)] as [string, string])}
        />
        <Field
          v={v}
          name="category"
          label={v.t('bk.category')}
          value={values.category ?? 'youth_club'}
          errors={errors}
          required
          options={CATEGORIES.map((k) => [k, v.t(`bk.category.${k}`)] as [string, string])}
        />
        <Field
          v={v}
          name="capacity"
          label={v.t('bk.capacity')}
          hint={v.t('bk.capacity.hint')}
          inputmode="numeric"
          maxlength={5}
          value={values.capacity}
          errors={errors}
        />
        <Field
          v={v}
          name="accessibility"
          label={v.t('bk.accessibility')}
          hint={v.t('bk.accessibility.hint')}
          multiline
          rows={3}
          maxlength={1000}
          value={values.accessibility}
          errors={errors}
        />
        <Field v={v} name="rules" label={v.t('bk.rules')} multiline rows={4} maxlength={3000} value={values.rules} errors={errors} />
        <Check v={v} name="active" label={v.t('bk.active')} checked={isOn(values.active)} errors={errors} />
        <fieldset>
          <legend>{v.t('bk.hours')}</legend>
          <p class="hint">{v.t('bk.hours.hint')}</p>
          {WEEKDAYS.map((d) => (
            <div class="row">
              <Field
                v={v}
                name={`opens_${d}`}
                label={v.t('bk.opens', { day: v.t(`weekday.${d}`) })}
                type="time"
                value={values[`opens_${d}`]}
                errors={errors}
              />
              <Field
                v={v}
                name={`closes_${d}`}
                label={v.t('bk.closes', { day: v.t(`weekday.${d}`) })}
                type="time"
                value={values[`closes_${d}`]}
                errors={errors}
              />
            </div>
          ))}
        </fieldset>
        <button type="submit">{v.t('form.save')}</button>
      </Form>
    </Page>
  );
}

/** A resource's stored values as the form's. */
export function resourceValues(r: Resource): FormValues {
  const out: FormValues = {
    name: r.name,
    kind: r.kind,
    category: r.category,
    capacity: r.capacity === null ? '' : String(r.capacity),
    accessibility: r.accessibility,
    rules: r.rules,
    active: r.active ? 'on' : '',
  };
  for (const h of r.hours) {
    out[`opens_${h.weekday}`] = h.opens;
    out[`closes_${h.weekday}`] = h.closes;
  }
  return out;
}

export function RequestAdminPage(p: {
  v: View;
  office: Office;
  r: Request;
  bookings: BookingRow[];
  values?: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, r } = p;
  const title = v.t('bk.admin.request', { who: v.tx(r.group_name || r.full_name) });
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs v={v} office={office} back={{ href: adminPath(office), label: v.t('bk.title') }} />
      <h1>{title}</h1>
      <dl>
        <dt>{v.t('bk.bookerKind')}</dt>
        <dd>{v.t(`bk.bookerKind.${r.booker_kind}`)}</dd>
        <dt>{v.t('bk.fullName')}</dt>
        <dd>
          {v.tx(r.full_name)} {r.email ? `<${r.email}>` : ''}
        </dd>
        <dt>{v.t('bk.purpose')}</dt>
        <dd>{v.tx(r.purpose)}</dd>
        {r.attendees ? (
          <>
            <dt>{v.t('bk.attendees')}</dt>
            <dd>{r.attendees}</dd>
          </>
        ) : null}
        {r.area ? (
          <>
            <dt>{v.t('bk.area')}</dt>
            <dd>{v.t(`lap.${r.area}`)}</dd>
          </>
        ) : null}
        <dt>{v.t('bk.state')}</dt>
        <dd>
          <StatusTag v={v} status={r.status} />
          {r.decline_reason ? ` — ${v.tx(r.decline_reason)}` : ''}
        </dd>
      </dl>
      <BookingList v={v} rows={p.bookings} />
      {r.status === 'pending' ? (
        <Form v={v} action={v.href(`${adminRequestPath(office, r.id)}/odobri`)}>
          <button type="submit">{v.t('bk.approve')}</button>
        </Form>
      ) : null}
      {r.status === 'pending' || r.status === 'approved' ? (
        <Form v={v} action={v.href(`${adminRequestPath(office, r.id)}/odbij`)} errors={p.errors} novalidate>
          <Field
            v={v}
            name="reason"
            label={v.t('bk.decline.reason')}
            value={p.values?.reason}
            errors={p.errors}
            required
            multiline
            rows={3}
            maxlength={500}
          />
          <button type="submit" class="danger">
            {v.t('bk.decline')}
          </button>
        </Form>
      ) : null}
    </Page>
  );
}

export function StatsPage(p: { v: View; office: Office; stats: UsageStats; from: string; to: string; errors?: FormErrors | undefined }) {
  const { v, office, stats } = p;
  const title = v.t('bk.stats.title');
  const lines = (caption: string, rows: UsageStats['byKind'], label: (k: string) => string) => (
    <DataTable
      caption={caption}
      rows={rows}
      columns={[
        { label: caption, rowHeader: true, cell: (r) => label(r.key) },
        { label: v.t('bk.stats.hours'), numeric: true, cell: (r) => String(r.hours) },
        { label: v.t('bk.stats.bookings'), numeric: true, cell: (r) => String(r.bookings) },
      ]}
    />
  );
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs v={v} office={office} back={{ href: adminPath(office), label: v.t('bk.title') }} />
      <h1>{title}</h1>
      <p>{v.t('bk.stats.lead')}</p>
      <form method="get" action={v.href(`${adminPath(office)}/statistika`)} class="filters">
        <Field v={v} name="from" label={v.t('bk.stats.from')} type="date" value={p.from} errors={p.errors} />
        <Field v={v} name="to" label={v.t('bk.stats.to')} type="date" value={p.to} errors={p.errors} />
        <button type="submit">{v.t('bk.stats.show')}</button>
      </form>
      {lines(v.t('bk.stats.byKind'), stats.byKind, (k) => v.t(`bk.bookerKind.${k as 'person'}`))}
      {lines(v.t('bk.stats.byArea'), stats.byArea, (k) => (k === 'none' ? v.t('bk.stats.noArea') : v.t(`lap.${k as 'education'}`)))}
      <DataTable
        caption={v.t('bk.stats.bookers')}
        rows={stats.bookers.cells}
        columns={[
          { label: v.t('bk.bookerKind'), rowHeader: true, cell: (c) => v.t(`bk.bookerKind.${c.key as 'person'}`) },
          { label: v.t('bk.stats.bookers'), numeric: true, cell: (c) => display(c, stats.threshold) },
        ]}
      />
    </Page>
  );
}
