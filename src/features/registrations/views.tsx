import { raw } from 'hono/html';
import type { OfficeRef } from '../../core/http/env.ts';
import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import { Check, CheckGroup, ConfirmForm, Field, Form, RadioGroup, isOn } from '../../core/views/forms.tsx';
import { formatRange } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import { CertificateLink } from '../certificates/views.tsx';
import { activityPath, adminActivityPath, calendarPath } from '../activities/paths.ts';
import { placeShown } from '../activities/place.ts';
import { formatEntryCode } from './entry-code.ts';
import { CANCEL_PATH, CONFIRM_PATH, MY_REGISTRATIONS_PATH } from './mails.ts';
import type { LockedActivity, MyRegistration, Registration, RegistrationStatus, StaffRow } from './repo.ts';
import { MESSAGE_GROUPS } from './schema.ts';

type Office = Pick<OfficeRef, 'slug' | 'name'>;
export type ActivityInfo = LockedActivity & { place_kind: string; place: string; online_url: string };

export const signUpPath = (office: Office, activityId: string) => `${activityPath(office, activityId)}/prijava`;
export const staffPath = (office: Office, activityId: string) => `${adminActivityPath(office, activityId)}/prijave`;

/** When and where; the coordinator sees an online activity's link, a young person that it comes by mail. */
function When({
  v,
  a,
  staff = false,
}: {
  v: View;
  a: Pick<ActivityInfo, 'starts_at' | 'ends_at' | 'place_kind' | 'place_text'>;
  staff?: boolean;
}) {
  return (
    <dl class="facts">
      <dt>{v.t('reg.when')}</dt>
      <dd>{formatRange(v.locale, a.starts_at, a.ends_at)}</dd>
      <dt>{v.t('reg.where')}</dt>
      <dd>{placeShown(a, v.tx, staff ? undefined : v.t('reg.online'))}</dd>
    </dl>
  );
}

/** Places left; when full, the young person is told they may wait, the coordinator where new sign-ups go. */
function placesLeft(v: View, a: Pick<ActivityInfo, 'capacity' | 'confirmed_count'>, reader: 'person' | 'staff' = 'person'): string {
  if (a.capacity === null) return v.t('reg.places.unlimited');
  const left = a.capacity - a.confirmed_count;
  return left > 0 ? v.t('reg.places.left', { n: left }) : v.t(reader === 'staff' ? 'reg.staff.places.full' : 'reg.places.full');
}

/** A registration's state in words (and the waitlist position). */
export function StatusText({ v, status, position }: { v: View; status: RegistrationStatus; position?: number | null | undefined }) {
  return (
    <strong class="tag">
      {status === 'waitlisted' && position ? v.t('reg.status.waitlistedN', { n: position }) : v.t(`reg.status.${status}`)}
    </strong>
  );
}

/** A confirmed place's door pass: the QR code (the long secret) and the entry code to type, grouped. */
export function EntryCode({ v, shortCode, qr }: { v: View; shortCode: string; qr?: string | undefined }) {
  const code = formatEntryCode(shortCode);
  return (
    <figure class="qr">
      {qr ? (
        <div role="img" aria-label={v.t('reg.qr.alt', { code })}>
          {raw(qr)}
        </div>
      ) : null}
      <figcaption>
        {v.t('reg.codeIs')} <strong class="entry-code">{code}</strong>
      </figcaption>
    </figure>
  );
}

function Questions({ v, a, values, errors }: { v: View; a: ActivityInfo; values: FormValues; errors?: FormErrors | undefined }) {
  if (a.questions.length === 0) return null;
  return (
    <fieldset>
      <legend>{v.t('reg.questions')}</legend>
      {a.questions.map((q) => (
        <Field
          v={v}
          name={`q_${q.id}`}
          label={v.tx(q.label)}
          value={values[`q_${q.id}`]}
          errors={errors}
          required={q.required}
          maxlength={1000}
        />
      ))}
    </fieldset>
  );
}

export function SignUpPage(props: {
  v: View;
  office: Office;
  a: ActivityInfo;
  /** The signed-in person's live registration. */
  mine?: (Registration & { position?: number | undefined }) | undefined;
  values?: FormValues;
  errors?: FormErrors | undefined;
  /** Why sign-up is not possible now (closed, cancelled …). */
  closed?: string | undefined;
  /** What the sign-up just did, when the layout's notice cannot say it (the waitlist position). */
  notice?: string | undefined;
}) {
  const { v, office, a, mine, errors } = props;
  const values = props.values ?? {};
  const title = v.t('reg.signUp.title', { title: v.tx(a.title) });
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href(calendarPath(office))}>{v.t('reg.calendar')}</a> · <a href={v.href(activityPath(office, a.id))}>{v.tx(a.title)}</a>
      </p>
      <h1>{title}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <When v={v} a={a} />
      <p>{placesLeft(v, a)}</p>
      {a.needs_approval ? <p>{v.t('reg.needsApproval')}</p> : null}
      {mine ? (
        <section>
          <p>
            {v.t('reg.yourStatus')} <StatusText v={v} status={mine.status} position={mine.position} />
          </p>
          <p>
            <a href={v.href(MY_REGISTRATIONS_PATH)}>{v.t('reg.my.title')}</a>
          </p>
        </section>
      ) : props.closed ? (
        <p class="notice">{props.closed}</p>
      ) : v.actor ? (
        <Form v={v} action={v.href(signUpPath(office, a.id))} errors={errors} novalidate>
          <p>{v.t('reg.asAccount', { name: v.actor.displayName })}</p>
          <Questions v={v} a={a} values={values} errors={errors} />
          <button type="submit">{v.t('reg.signUp.button')}</button>
        </Form>
      ) : (
        <>
          <p>
            {v.t('reg.guest.lead')}{' '}
            <a href={v.href(`/nalog/prijava?next=${encodeURIComponent(v.href(signUpPath(office, a.id)))}`)}>{v.t('reg.guest.login')}</a>
          </p>
          <Form v={v} action={v.href(signUpPath(office, a.id))} errors={errors} novalidate>
            <Field
              v={v}
              name="full_name"
              label={v.t('reg.field.name')}
              value={values.full_name}
              errors={errors}
              required
              autocomplete="name"
              maxlength={120}
            />
            <Field
              v={v}
              name="email"
              label={v.t('reg.field.email')}
              type="email"
              value={values.email}
              errors={errors}
              required
              autocomplete="email"
              hint={v.t('reg.field.email.hint')}
            />
            <Field
              v={v}
              name="birth_year"
              label={v.t('reg.field.birthYear')}
              value={values.birth_year}
              errors={errors}
              required
              inputmode="numeric"
              maxlength={4}
              hint={v.t('reg.field.birthYear.hint')}
            />
            {/* Asked only of someone born exactly 15 years ago, after the birth year told us so. */}
            {errors?.turned15 !== undefined || (values.turned15 ?? '') !== '' ? (
              <RadioGroup
                v={v}
                name="turned15"
                legend={v.t('reg.field.turned15')}
                options={[
                  ['yes', v.t('reg.field.turned15.yes')],
                  ['no', v.t('reg.field.turned15.no')],
                ]}
                value={values.turned15}
                errors={errors}
                required
              />
            ) : null}
            <Questions v={v} a={a} values={values} errors={errors} />
            <p class="hint">
              {v.t('reg.guest.privacy')} <a href={v.href('/privatnost')}>{v.t('footer.privacy')}</a>
            </p>
            <button type="submit">{v.t('reg.signUp.button')}</button>
          </Form>
        </>
      )}
    </Page>
  );
}

/** A guest under 15: nothing was stored; how to join with a parent. */
export function Under15Page({ v, office }: { v: View; office: Office }) {
  return (
    <Page v={v} title={v.t('signup.under15.title')}>
      <h1>{v.t('signup.under15.title')}</h1>
      <p>{v.t('reg.under15.text')}</p>
      <p>{v.t('signup.under15.how')}</p>
      <p>
        <a href={v.href(`/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a>
      </p>
    </Page>
  );
}

export function CheckMailPage({ v, office, a }: { v: View; office: Office; a: ActivityInfo }) {
  return (
    <Page v={v} title={v.t('reg.checkMail.title')}>
      <h1>{v.t('reg.checkMail.title')}</h1>
      <p>{v.t('reg.checkMail.text', { title: v.tx(a.title) })}</p>
      <p>
        <a href={v.href(activityPath(office, a.id))}>{v.tx(a.title)}</a>
      </p>
    </Page>
  );
}

/** The page a mailed link opens (confirm or cancel): the registration, and one button. */
export function LinkPage(props: {
  v: View;
  kind: 'confirm' | 'cancel';
  token: string;
  reg?: (Registration & { position?: number | undefined }) | undefined;
  a?: ActivityInfo | undefined;
  office?: Office | undefined;
  error?: string | undefined;
  /** The check-in QR code (SVG) of a confirmed registration. */
  qr?: string | undefined;
  /** The error answers a submission (400): shown as an error summary, not as a notice. */
  rejected?: boolean;
  /** What the confirmation just did, when the layout's notice cannot say it (the waitlist position). */
  notice?: string | undefined;
}) {
  const { v, kind, reg, a, office } = props;
  const title = v.t(kind === 'confirm' ? 'reg.confirm.title' : 'reg.cancel.title');
  // After a refusal (an expired link …) the button is not offered again.
  const canAct =
    reg && !props.error && (kind === 'confirm' ? reg.status === 'unconfirmed' : reg.status !== 'cancelled' && reg.status !== 'declined');
  return (
    <Page v={v} title={title}>
      <h1>{title}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.error && !props.rejected ? <p class="notice">{props.error}</p> : null}
      {props.error && props.rejected ? (
        <div class="error-summary" role="alert" tabindex={-1} id="errors">
          <p>{v.t('form.errors')}</p>
          <ul>
            <li>{props.error}</li>
          </ul>
        </div>
      ) : null}
      {reg && a && office ? (
        <>
          <h2>{v.tx(a.title)}</h2>
          <When v={v} a={a} />
          <p>
            {v.t('reg.yourStatus')} <StatusText v={v} status={reg.status} position={reg.position} />
          </p>
          {reg.status === 'confirmed' ? <EntryCode v={v} shortCode={reg.short_code} qr={props.qr} /> : null}
          {kind === 'confirm' && reg.status === 'unconfirmed' ? (
            <>
              <p>{v.t('reg.link.details')}</p>
              <dl class="facts" id="typed">
                <dt>{v.t('reg.field.name')}</dt>
                <dd>{v.tx(reg.full_name)}</dd>
                <dt>{v.t('reg.field.email')}</dt>
                <dd>{reg.email}</dd>
                {reg.birth_year !== null ? (
                  <>
                    <dt>{v.t('reg.field.birthYear')}</dt>
                    <dd>{reg.birth_year}</dd>
                  </>
                ) : null}
                {a.questions
                  .filter((q) => (reg.answers[q.id] ?? '') !== '')
                  .map((q) => (
                    <>
                      <dt>{v.tx(q.label)}</dt>
                      <dd>{v.tx(reg.answers[q.id]!)}</dd>
                    </>
                  ))}
              </dl>
              {canAct ? <p>{v.t('reg.link.notYou')}</p> : null}
            </>
          ) : null}
          {canAct ? (
            <Form v={v} action={v.href(kind === 'confirm' ? CONFIRM_PATH : CANCEL_PATH)}>
              <input type="hidden" name="t" value={props.token} />
              <button type="submit" class={kind === 'cancel' ? 'danger' : undefined}>
                {v.t(kind === 'confirm' ? 'reg.confirm.button' : 'reg.cancel.button')}
              </button>
            </Form>
          ) : null}
          {kind === 'confirm' && reg.status !== 'unconfirmed' && reg.status !== 'cancelled' && reg.status !== 'declined' ? (
            <p>
              <a href={v.href(`${CANCEL_PATH}?t=${encodeURIComponent(props.token)}`)}>{v.t('reg.cancel.title')}</a>
            </p>
          ) : null}
          <p>
            <a href={v.href(activityPath(office, a.id))}>{v.t('reg.toActivity')}</a>
          </p>
        </>
      ) : null}
    </Page>
  );
}

/** certificates: the registrations that earn a certificate now (features/certificates decides). */
export function MyRegistrationsPage({
  v,
  rows,
  qr,
  certificates,
}: {
  v: View;
  rows: MyRegistration[];
  qr: Map<string, string>;
  certificates: Set<string>;
}) {
  const title = v.t('reg.my.title');
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href('/nalog')}>{v.t('reg.my.account')}</a>
      </p>
      <h1>{title}</h1>
      {rows.length === 0 ? <p>{v.t('reg.my.none')}</p> : null}
      <ul class="cards">
        {rows.map((r) => {
          const live = r.status !== 'cancelled' && r.status !== 'declined';
          const upcoming = new Date(r.ends_at).getTime() > Date.now();
          const svg = qr.get(r.id);
          return (
            <li class="card">
              <h2>
                <a href={v.href(activityPath({ slug: r.office_slug }, r.activity_id))}>{v.tx(r.activity_title)}</a>
              </h2>
              <p>{v.tx(r.office_name)}</p>
              <When v={v} a={r} />
              <p>
                <StatusText v={v} status={r.status} position={r.position} />
                {r.activity_status === 'cancelled' ? <strong class="tag"> {v.t('reg.activityCancelled')}</strong> : null}
              </p>
              {r.status === 'confirmed' && svg ? <EntryCode v={v} shortCode={r.short_code} qr={svg} /> : null}
              {certificates.has(r.id) ? (
                <p>
                  <CertificateLink v={v} registrationId={r.id} />
                </p>
              ) : null}
              {live && upcoming ? (
                <ConfirmForm
                  v={v}
                  action={v.href(`${MY_REGISTRATIONS_PATH}/otkazi`)}
                  fields={{ id: r.id }}
                  label={v.t('reg.cancel.button')}
                  ariaLabel={`${v.t('reg.cancel.button')}: ${v.tx(r.activity_title)}`}
                  question={v.t('reg.cancel.confirm')}
                />
              ) : null}
            </li>
          );
        })}
      </ul>
    </Page>
  );
}

/** The coordinator's page of an activity's registrations. */
export function StaffPage(props: {
  v: View;
  office: Office;
  a: ActivityInfo;
  rows: StaffRow[];
  walkInValues?: FormValues;
  walkInErrors?: FormErrors | undefined;
  messageValues?: FormValues;
  messageErrors?: FormErrors | undefined;
  rowError?: string | undefined;
}) {
  const { v, office, a, rows } = props;
  const title = v.t('reg.staff.title', { title: v.tx(a.title) });
  const wv = props.walkInValues ?? {};
  const mv = props.messageValues ?? { to: 'confirmed' };
  const counts = (s: RegistrationStatus) => rows.filter((r) => r.status === s).length;
  const base = staffPath(office, a.id);
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href('/admin')}>{v.t('admin.title')}</a> · <a href={v.href(adminActivityPath(office, a.id))}>{v.tx(a.title)}</a>
      </p>
      <h1>{title}</h1>
      <When v={v} a={a} staff />
      <p>
        {placesLeft(v, a, 'staff')} ·{' '}
        {v.t('reg.staff.counts', {
          confirmed: counts('confirmed'),
          waitlisted: counts('waitlisted'),
          pending: counts('pending'),
          unconfirmed: counts('unconfirmed'),
        })}
      </p>
      {props.rowError ? (
        <div class="error-summary" role="alert" tabindex={-1} id="errors">
          <p>{v.t('form.errors')}</p>
          <ul>
            <li>{props.rowError}</li>
          </ul>
        </div>
      ) : null}
      <DataTable
        caption={v.t('reg.staff.list')}
        rows={rows}
        empty={v.t('reg.staff.none')}
        columns={[
          { label: v.t('reg.field.name'), rowHeader: true, cell: (r) => v.tx(r.full_name) || v.t('reg.anonymised') },
          { label: v.t('reg.field.email'), cell: (r) => r.email },
          { label: v.t('reg.field.birthYear'), cell: (r) => r.birth_year ?? '' },
          { label: v.t('reg.staff.status'), cell: (r) => <StatusText v={v} status={r.status} position={r.position} /> },
          { label: v.t('reg.staff.source'), cell: (r) => v.t(`reg.source.${r.source}`) },
          a.questions.length > 0 && {
            label: v.t('reg.questions'),
            cell: (r) =>
              a.questions
                .filter((q) => r.answers[q.id])
                .map((q) => (
                  <p>
                    {v.tx(q.label)}: {r.answers[q.id]}
                  </p>
                )),
          },
          {
            label: v.t('reg.staff.actions'),
            actions: true,
            cell: (r) => (
              <>
                {r.status === 'pending' ? (
                  <>
                    <Form v={v} action={v.href(`${base}/odluka`)} class="inline">
                      <input type="hidden" name="id" value={r.id} />
                      <input type="hidden" name="odluka" value="approve" />
                      <button type="submit" class="small">
                        {v.t('reg.staff.approve')}
                      </button>
                    </Form>
                    <ConfirmForm
                      v={v}
                      action={v.href(`${base}/odluka`)}
                      fields={{ id: r.id, odluka: 'decline' }}
                      label={v.t('reg.staff.decline')}
                      ariaLabel={`${v.t('reg.staff.decline')}: ${v.tx(r.full_name)}`}
                      question={v.t('reg.staff.decline.confirm')}
                    />
                  </>
                ) : null}
                {r.status !== 'cancelled' && r.status !== 'declined' ? (
                  <ConfirmForm
                    v={v}
                    action={v.href(`${base}/otkazi`)}
                    fields={{ id: r.id }}
                    label={v.t('reg.staff.cancel')}
                    ariaLabel={`${v.t('reg.staff.cancel')}: ${v.tx(r.full_name)}`}
                    question={v.t('reg.staff.cancel.confirm')}
                  />
                ) : null}
              </>
            ),
          },
        ]}
      />

      <section aria-labelledby="walkin">
        <h2 id="walkin">{v.t('reg.walkIn.title')}</h2>
        <p>{v.t('reg.walkIn.lead')}</p>
        <Form v={v} action={v.href(`${base}/na-licu-mesta`)} errors={props.walkInErrors} novalidate>
          <Field
            v={v}
            name="full_name"
            label={v.t('reg.field.name')}
            value={wv.full_name}
            errors={props.walkInErrors}
            required
            maxlength={120}
          />
          <Field v={v} name="email" label={v.t('reg.field.email')} type="email" value={wv.email} errors={props.walkInErrors} />
          <Field
            v={v}
            name="birth_year"
            label={v.t('reg.field.birthYear')}
            value={wv.birth_year}
            errors={props.walkInErrors}
            inputmode="numeric"
            maxlength={4}
          />
          <Check
            v={v}
            name="over_capacity"
            label={v.t('reg.walkIn.overCapacity')}
            checked={isOn(wv.over_capacity)}
            errors={props.walkInErrors}
          />
          <button type="submit">{v.t('reg.walkIn.button')}</button>
        </Form>
      </section>

      <section aria-labelledby="message">
        <h2 id="message">{v.t('reg.message.title')}</h2>
        <Form v={v} action={v.href(`${base}/poruka`)} errors={props.messageErrors} novalidate>
          <CheckGroup
            v={v}
            name="to"
            legend={v.t('reg.message.to')}
            options={MESSAGE_GROUPS.map((g) => [g, v.t(`reg.status.${g}`)] as const)}
            value={mv.to}
            errors={props.messageErrors}
            required
          />
          <Field
            v={v}
            name="subject"
            label={v.t('reg.message.subject')}
            value={mv.subject}
            errors={props.messageErrors}
            required
            maxlength={150}
          />
          <Field
            v={v}
            name="body"
            label={v.t('reg.message.body')}
            value={mv.body}
            errors={props.messageErrors}
            required
            multiline
            rows={6}
            maxlength={5000}
          />
          <button type="submit">{v.t('reg.message.button')}</button>
        </Form>
      </section>
    </Page>
  );
}
