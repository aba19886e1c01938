import type { OfficeRef } from '../../core/http/env.ts';
import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import { ConfirmForm, Field, Form, RadioGroup } from '../../core/views/forms.tsx';
import { formatRange } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import { display } from '../../core/suppress.ts';
import { AGE_GROUPS } from '../people/schema.ts';
import { CANCEL_PATH, CONFIRM_PATH, MY_BOOKINGS_PATH } from './mails.ts';
import { PLACE_KINDS, TOPICS, type Booking, type Counsellor, type MyBooking, type Slot } from './repo.ts';
import { LENGTHS, MAX_WEEKS, REPEATS } from './schema.ts';
import type { NotesState } from './service.ts';
import type { GuidanceStats } from './stats.ts';

type Office = Pick<OfficeRef, 'slug' | 'name'>;

export const publicPath = (o: Pick<Office, 'slug'>) => `/kancelarije/${o.slug}/savetovanje`;
export const bookPath = (o: Pick<Office, 'slug'>, slotId: string) => `${publicPath(o)}/${slotId}/zakazivanje`;
export const adminPath = (o: Pick<Office, 'slug'>) => `/admin/kancelarije/${o.slug}/savetovanje`;
export const slotAdminPath = (o: Pick<Office, 'slug'>, slotId: string) => `${adminPath(o)}/termini/${slotId}`;
export const statsPath = (o: Pick<Office, 'slug'>) => `${adminPath(o)}/statistika`;
export const counsellorsPath = (o: Pick<Office, 'slug'>) => `${adminPath(o)}/savetnici`;

const topicOptions = (v: View) => TOPICS.map((t) => [t, v.t(`guid.topic.${t}`)] as const);

/** Where, for the reader: an online session says the link comes by mail (the counsellor sees the link). */
function where(v: View, s: Pick<Slot, 'place_kind' | 'place_text'>, staff = false): string {
  if (s.place_kind === 'online') return staff ? s.place_text : v.t('guid.online');
  return v.tx(s.place_text);
}

const counsellorOf = (v: View, s: Pick<Slot, 'counsellor_name' | 'partner_name'>) =>
  s.partner_name ? `${v.tx(s.counsellor_name)} (${v.tx(s.partner_name)})` : v.tx(s.counsellor_name);

function Facts({
  v,
  s,
  staff = false,
}: {
  v: View;
  s: Pick<Slot, 'starts_at' | 'ends_at' | 'place_kind' | 'place_text' | 'counsellor_name'> & { partner_name?: string | null };
  staff?: boolean;
}) {
  return (
    <dl class="facts">
      <dt>{v.t('guid.when')}</dt>
      <dd>{formatRange(v.locale, s.starts_at, s.ends_at)}</dd>
      <dt>{v.t('guid.where')}</dt>
      <dd>{where(v, s, staff)}</dd>
      <dt>{v.t('guid.counsellor')}</dt>
      <dd>{counsellorOf(v, { counsellor_name: s.counsellor_name, partner_name: s.partner_name ?? null })}</dd>
    </dl>
  );
}

/** A refusal shown above the page's content, read out at once (as a form's error summary). */
function Problem({ v, text }: { v: View; text: string }) {
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="errors">
      <p>{v.t('form.errors')}</p>
      <ul>
        <li>{text}</li>
      </ul>
    </div>
  );
}

// ── Public ─────────────────────────────────────────────────────────────────

export function PublicSlotsPage({ v, office, slots, canPublish }: { v: View; office: Office; slots: Slot[]; canPublish: boolean }) {
  const title = v.t('guid.public.title', { office: v.tx(office.name) });
  return (
    <Page v={v} title={title}>
      <h1>{title}</h1>
      <p>{v.t('guid.public.lead')}</p>
      <ul>
        {TOPICS.map((t) => (
          <li>{v.t(`guid.topic.${t}`)}</li>
        ))}
      </ul>
      <DataTable
        caption={v.t('guid.public.free')}
        rows={slots}
        empty={<p>{v.t('guid.public.none')}</p>}
        columns={[
          { label: v.t('guid.when'), cell: (s) => formatRange(v.locale, s.starts_at, s.ends_at), rowHeader: true },
          { label: v.t('guid.counsellor'), cell: (s) => counsellorOf(v, s) },
          { label: v.t('guid.where'), cell: (s) => where(v, s) },
          {
            label: v.t('guid.book'),
            actions: true,
            cell: (s) => (
              <a
                href={v.href(bookPath(office, s.id))}
                aria-label={v.t('guid.bookAt', { when: formatRange(v.locale, s.starts_at, s.ends_at) })}
              >
                {v.t('guid.book')}
              </a>
            ),
          },
        ]}
      />
      {v.actor ? (
        <p>
          <a href={v.href(MY_BOOKINGS_PATH)}>{v.t('guid.mine.title')}</a>
          {canPublish ? (
            <>
              {' · '}
              <a href={v.href(adminPath(office))}>{v.t('guid.admin.title')}</a>
            </>
          ) : null}
        </p>
      ) : null}
    </Page>
  );
}

export function BookPage(p: {
  v: View;
  office: Office;
  slot: Slot;
  settlements: Array<{ id: string; name: string }>;
  values?: FormValues;
  errors?: FormErrors | undefined;
  /** Why it cannot be booked now (taken, past, cancelled). */
  closed?: string | undefined;
}) {
  const { v, office, slot, errors } = p;
  const values = p.values ?? {};
  const title = v.t('guid.book.title');
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href(publicPath(office))}>{v.t('guid.public.title', { office: v.tx(office.name) })}</a>
      </p>
      <h1>{title}</h1>
      <Facts v={v} s={slot} />
      {p.closed ? (
        <Problem v={v} text={p.closed} />
      ) : (
        <Form v={v} action={v.href(bookPath(office, slot.id))} errors={errors}>
          <RadioGroup
            v={v}
            name="topic"
            legend={v.t('guid.topic')}
            options={topicOptions(v)}
            value={values.topic}
            errors={errors}
            required
          />
          {p.settlements.length > 0 ? (
            <Field
              v={v}
              name="settlement_id"
              label={v.t('guid.settlement')}
              hint={v.t('guid.settlement.hint')}
              value={values.settlement_id}
              errors={errors}
              options={[['', v.t('guid.settlement.none')], ...p.settlements.map((s) => [s.id, v.tx(s.name)] as [string, string])]}
            />
          ) : null}
          {v.actor ? (
            <p>{v.t('guid.book.asAccount', { name: v.actor.displayName, email: v.actor.email })}</p>
          ) : (
            <fieldset>
              <legend>{v.t('guid.book.guest')}</legend>
              <p class="hint">{v.t('guid.book.guestHint')}</p>
              <Field
                v={v}
                name="full_name"
                label={v.t('guid.fullName')}
                value={values.full_name}
                errors={errors}
                required
                maxlength={120}
                autocomplete="name"
              />
              <Field
                v={v}
                name="email"
                type="email"
                label={v.t('guid.email')}
                value={values.email}
                errors={errors}
                required
                maxlength={254}
                autocomplete="email"
              />
              <Field
                v={v}
                name="birth_year"
                label={v.t('guid.birthYear')}
                value={values.birth_year}
                errors={errors}
                required
                maxlength={4}
                inputmode="numeric"
              />
            </fieldset>
          )}
          <button type="submit">{v.t('guid.book.submit')}</button>
        </Form>
      )}
    </Page>
  );
}

export function CheckMailPage({ v, office }: { v: View; office: Office }) {
  return (
    <Page v={v} title={v.t('guid.checkMail.title')}>
      <h1>{v.t('guid.checkMail.title')}</h1>
      <p>{v.t('guid.checkMail.text')}</p>
      <p>
        <a href={v.href(publicPath(office))}>{v.t('guid.public.title', { office: v.tx(office.name) })}</a>
      </p>
    </Page>
  );
}

export function StatusText({ v, status }: { v: View; status: Booking['status'] }) {
  return <strong class="tag">{v.t(`guid.status.${status}`)}</strong>;
}

/** The page a mailed link opens: the booking and one button (a mail scanner's visit changes nothing). */
export function LinkPage(p: {
  v: View;
  kind: 'confirm' | 'cancel';
  token: string;
  b?: MyBooking | undefined;
  error?: string | undefined;
  canAct: boolean;
}) {
  const { v, b } = p;
  const title = v.t(p.kind === 'confirm' ? 'guid.link.confirm.title' : 'guid.link.cancel.title');
  return (
    <Page v={v} title={title}>
      <h1>{title}</h1>
      {p.error ? <Problem v={v} text={p.error} /> : null}
      {b ? (
        <>
          <Facts v={v} s={{ ...b, partner_name: null }} />
          <p>
            {v.t('guid.topic')}: {v.t(`guid.topic.${b.topic}`)} · <StatusText v={v} status={b.status} />
          </p>
          {p.canAct ? (
            p.kind === 'confirm' ? (
              <Form v={v} action={v.href(CONFIRM_PATH)}>
                <input type="hidden" name="t" value={p.token} />
                <button type="submit">{v.t('guid.link.confirm.button')}</button>
              </Form>
            ) : (
              <ConfirmForm
                v={v}
                action={v.href(CANCEL_PATH)}
                label={v.t('guid.cancel')}
                question={v.t('guid.cancel.question')}
                fields={{ t: p.token }}
              />
            )
          ) : null}
        </>
      ) : null}
    </Page>
  );
}

export function MyBookingsPage({ v, rows, now }: { v: View; rows: MyBooking[]; now: Date }) {
  const title = v.t('guid.mine.title');
  return (
    <Page v={v} title={title}>
      <h1>{title}</h1>
      <DataTable
        caption={title}
        captionHidden
        rows={rows}
        empty={<p>{v.t('guid.mine.none')}</p>}
        columns={[
          { label: v.t('guid.when'), cell: (b) => formatRange(v.locale, b.starts_at, b.ends_at), rowHeader: true },
          { label: v.t('guid.topic'), cell: (b) => v.t(`guid.topic.${b.topic}`) },
          { label: v.t('guid.office'), cell: (b) => v.tx(b.office_name) },
          { label: v.t('guid.counsellor'), cell: (b) => v.tx(b.counsellor_name) },
          { label: v.t('guid.where'), cell: (b) => (b.place_kind === 'online' ? b.place_text : v.tx(b.place_text)) },
          { label: v.t('guid.status'), cell: (b) => <StatusText v={v} status={b.status} /> },
          {
            label: v.t('guid.cancel'),
            actions: true,
            cell: (b) =>
              (b.status === 'confirmed' || b.status === 'pending') && new Date(b.starts_at) > now ? (
                <ConfirmForm
                  v={v}
                  action={v.href(`${MY_BOOKINGS_PATH}/otkazi`)}
                  label={v.t('guid.cancel')}
                  question={v.t('guid.cancel.question')}
                  fields={{ office: b.office_id, id: b.id }}
                  ariaLabel={v.t('guid.cancelAt', { when: formatRange(v.locale, b.starts_at, b.ends_at) })}
                />
              ) : null,
          },
        ]}
      />
    </Page>
  );
}

// ── Counsellors and staff ──────────────────────────────────────────────────

export function CounsellorPage(p: {
  v: View;
  office: Office;
  slots: Slot[];
  all: boolean;
  staff: boolean;
  /** The date the form offers first (a week ahead). */
  firstDate: string;
  values?: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, errors } = p;
  const values: FormValues = {
    repeat: 'once',
    length: '60',
    place_kind: 'office',
    count: '1',
    weeks: '4',
    date: p.firstDate,
    time: '10:00',
    ...(p.values ?? {}),
  };
  const title = v.t('guid.admin.title');
  return (
    <Page v={v} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={v.href(publicPath(office))}>{v.t('guid.admin.public')}</a>
        {p.staff ? (
          <>
            {' · '}
            <a href={v.href(statsPath(office))}>{v.t('guid.stats.title')}</a>
            {' · '}
            <a href={v.href(counsellorsPath(office))}>{v.t('guid.counsellors.title')}</a>
          </>
        ) : null}
      </p>
      <h2>{v.t('guid.admin.publish')}</h2>
      <Form v={v} action={v.href(`${adminPath(office)}/termini`)} errors={errors}>
        <Field v={v} name="date" type="date" label={v.t('guid.slot.date')} value={values.date} errors={errors} required />
        <Field v={v} name="time" type="time" label={v.t('guid.slot.time')} value={values.time} errors={errors} required />
        <Field
          v={v}
          name="length"
          label={v.t('guid.slot.length')}
          value={values.length}
          errors={errors}
          required
          options={LENGTHS.map((l) => [l, v.t('guid.minutes', { n: Number(l) })] as [string, string])}
        />
        <Field
          v={v}
          name="count"
          label={v.t('guid.slot.count')}
          hint={v.t('guid.slot.countHint')}
          value={values.count}
          errors={errors}
          required
          maxlength={2}
          inputmode="numeric"
        />
        <RadioGroup
          v={v}
          name="repeat"
          legend={v.t('guid.slot.repeat')}
          options={REPEATS.map((r) => [r, v.t(`guid.repeat.${r}`)] as const)}
          value={values.repeat}
          errors={errors}
          required
        />
        <Field
          v={v}
          name="weeks"
          label={v.t('guid.slot.weeks')}
          hint={v.t('guid.slot.weeksHint', { n: MAX_WEEKS })}
          value={values.weeks}
          errors={errors}
          required
          maxlength={2}
          inputmode="numeric"
        />
        <RadioGroup
          v={v}
          name="place_kind"
          legend={v.t('guid.slot.placeKind')}
          options={PLACE_KINDS.map((k) => [k, v.t(`guid.place.${k}`)] as const)}
          value={values.place_kind}
          errors={errors}
          required
        />
        <Field
          v={v}
          name="place"
          label={v.t('guid.slot.place')}
          hint={v.t('guid.slot.placeHint')}
          value={values.place}
          errors={errors}
          maxlength={300}
        />
        <Field
          v={v}
          name="online_url"
          type="url"
          label={v.t('guid.slot.onlineUrl')}
          value={values.online_url}
          errors={errors}
          maxlength={500}
        />
        <button type="submit">{v.t('guid.admin.publishButton')}</button>
      </Form>
      <h2>{v.t(p.all ? 'guid.admin.allSlots' : 'guid.admin.mySlots')}</h2>
      <DataTable
        caption={v.t(p.all ? 'guid.admin.allSlots' : 'guid.admin.mySlots')}
        captionHidden
        rows={p.slots}
        empty={<p>{v.t('guid.admin.noSlots')}</p>}
        columns={[
          {
            label: v.t('guid.when'),
            rowHeader: true,
            cell: (s) => <a href={v.href(slotAdminPath(office, s.id))}>{formatRange(v.locale, s.starts_at, s.ends_at)}</a>,
          },
          p.all && { label: v.t('guid.counsellor'), cell: (s) => counsellorOf(v, s) },
          { label: v.t('guid.where'), cell: (s) => where(v, s, true) },
          {
            label: v.t('guid.status'),
            cell: (s) => v.t(s.status === 'cancelled' ? 'guid.slot.cancelled' : s.booked ? `guid.slot.${s.booked}` : 'guid.slot.free'),
          },
        ]}
      />
    </Page>
  );
}

export function SlotPage(p: {
  v: View;
  office: Office;
  slot: Slot;
  booking?: Booking | undefined;
  showBooking: boolean;
  canCancel: boolean;
  notes: NotesState;
  now: Date;
  noteValues?: FormValues;
  noteErrors?: FormErrors | undefined;
  error?: string | undefined;
}) {
  const { v, office, slot, booking, notes } = p;
  const title = v.t('guid.slot.title');
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href(adminPath(office))}>{v.t('guid.admin.title')}</a>
      </p>
      <h1>{title}</h1>
      {p.error ? <Problem v={v} text={p.error} /> : null}
      <Facts v={v} s={slot} staff />
      <p>
        {v.t('guid.status')}:{' '}
        <strong class="tag">
          {v.t(slot.status === 'cancelled' ? 'guid.slot.cancelled' : slot.booked ? `guid.slot.${slot.booked}` : 'guid.slot.free')}
        </strong>
      </p>
      {p.showBooking && booking ? (
        <dl class="facts">
          <dt>{v.t('guid.bookedBy')}</dt>
          <dd>
            {v.tx(booking.full_name)} {booking.email ? `<${booking.email}>` : ''}
          </dd>
          <dt>{v.t('guid.topic')}</dt>
          <dd>{v.t(`guid.topic.${booking.topic}`)}</dd>
        </dl>
      ) : null}
      {p.canCancel && slot.status === 'open' && new Date(slot.starts_at) > p.now ? (
        <ConfirmForm
          v={v}
          action={v.href(`${slotAdminPath(office, slot.id)}/otkazi`)}
          label={v.t('guid.slot.cancel')}
          question={v.t(booking ? 'guid.slot.cancelQuestionBooked' : 'guid.slot.cancelQuestion')}
        />
      ) : null}
      {notes.kind !== 'none' && notes.kind !== 'notAllowed' ? (
        <section aria-labelledby="notes-h">
          <h2 id="notes-h">{v.t('guid.notes.title')}</h2>
          {notes.kind === 'noRegister' ? <p>{v.t('guid.notes.noRegister')}</p> : null}
          {notes.kind === 'noConsent' ? <p>{v.t('guid.notes.noConsent')}</p> : null}
          {notes.kind === 'open' ? (
            <>
              <p class="hint">{v.t('guid.notes.logged')}</p>
              <Form v={v} action={v.href(`${slotAdminPath(office, slot.id)}/beleska`)} errors={p.noteErrors}>
                <Field
                  v={v}
                  name="body"
                  label={v.t('guid.notes.body')}
                  multiline
                  rows={8}
                  value={p.noteValues?.body ?? notes.note?.body ?? ''}
                  errors={p.noteErrors}
                  required
                  maxlength={5000}
                />
                <button type="submit">{v.t('guid.notes.save')}</button>
              </Form>
            </>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}

export function StatsPage({
  v,
  office,
  stats,
  from,
  to,
  errors,
}: {
  v: View;
  office: Office;
  stats: GuidanceStats;
  from: string;
  to: string;
  errors?: FormErrors | undefined;
}) {
  const title = v.t('guid.stats.title');
  const table = (caption: string, t: GuidanceStats['topic'], label: (key: string) => string) => (
    <DataTable
      caption={caption}
      rows={t.cells}
      columns={[
        { label: caption, cell: (c) => label(c.key), rowHeader: true },
        { label: v.t('guid.stats.sessions'), cell: (c) => display(c, stats.threshold), numeric: true },
      ]}
      totals={t.total ? [v.t('guid.stats.total'), display(t.total, stats.threshold)] : undefined}
    />
  );
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href(adminPath(office))}>{v.t('guid.admin.title')}</a>
      </p>
      <h1>{title}</h1>
      <form method="get" action={v.href(statsPath(office))} class="filters">
        <Field v={v} name="from" type="date" label={v.t('guid.stats.from')} value={from} errors={errors} />
        <Field v={v} name="to" type="date" label={v.t('guid.stats.to')} value={to} errors={errors} />
        <button type="submit">{v.t('guid.stats.show')}</button>
      </form>
      <p class="hint">{v.t('guid.stats.suppressed', { n: stats.threshold })}</p>
      {table(v.t('guid.topic'), stats.topic, (k) => v.t(`guid.topic.${k as 'cv'}`))}
      {table(v.t('guid.stats.age'), stats.age, (k) =>
        (AGE_GROUPS as readonly string[]).includes(k) && k !== 'other'
          ? k
          : v.t(k === 'other' ? 'guid.stats.ageOther' : 'guid.stats.unknown'),
      )}
      {table(v.t('guid.settlement'), stats.settlement, (k) =>
        k === 'unknown' ? v.t('guid.stats.unknown') : v.tx(stats.settlementNames.get(k) ?? ''),
      )}
    </Page>
  );
}

export function CounsellorsPage(p: {
  v: View;
  office: Office;
  counsellors: Counsellor[];
  partners: Array<{ id: string; name: string }>;
  error?: string | undefined;
}) {
  const { v, office } = p;
  const title = v.t('guid.counsellors.title');
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href(adminPath(office))}>{v.t('guid.admin.title')}</a>
      </p>
      <h1>{title}</h1>
      <p>{v.t('guid.counsellors.lead')}</p>
      {p.error ? <Problem v={v} text={p.error} /> : null}
      <DataTable
        caption={title}
        captionHidden
        rows={p.counsellors}
        empty={<p>{v.t('guid.counsellors.none')}</p>}
        columns={[
          { label: v.t('guid.counsellor'), cell: (c) => v.tx(c.display_name), rowHeader: true },
          {
            label: v.t('guid.counsellors.partner'),
            actions: true,
            cell: (c) => (
              <Form v={v} action={v.href(counsellorsPath(office))} class="inline">
                <input type="hidden" name="user_id" value={c.user_id} />
                {/* One select per row: its id names the counsellor (Field's id would repeat on the page). */}
                <div class="field">
                  <label for={`partner-${c.user_id}`}>{v.t('guid.counsellors.partnerOf', { name: v.tx(c.display_name) })}</label>
                  <select id={`partner-${c.user_id}`} name="partner_id">
                    {[
                      ['', v.t('guid.counsellors.ownStaff')] as [string, string],
                      ...p.partners.map((x) => [x.id, v.tx(x.name)] as [string, string]),
                    ].map(([value, label]) => (
                      <option value={value} selected={value === (c.partner_id ?? '')}>
                        {label}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit">{v.t('guid.counsellors.save')}</button>
              </Form>
            ),
          },
        ]}
      />
    </Page>
  );
}
