import type { OfficeRef } from '../../core/http/env.ts';
import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import { UPLOAD_KINDS, uploadMaxMb } from '../../core/http/uploads.ts';
import { Check, Field, Form, isOn } from '../../core/views/forms.tsx';
import { formatDate } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import type { Agreement, ExpiringAgreement, LogEntry, Partner, PartnerSummary } from './repo.ts';
import { LOG_KINDS, PARTNER_KINDS } from './schema.ts';
import { expiryState } from './service.ts';

type Office = Pick<OfficeRef, 'slug' | 'name'>;
const base = (o: Office) => `/admin/kancelarije/${o.slug}/partneri`;

/** What the file field accepts (the server checks the content anyway). */
export const AGREEMENT_ACCEPT = '.pdf,.docx,.odt,.png,.jpg,.jpeg,' + UPLOAD_KINDS.agreement.types.join(',');

export interface PartnerQuery {
  q: string;
  kind: string;
  active: '' | 'yes' | 'no';
}

function Crumbs({ v, office, register }: { v: View; office: Office; register?: boolean }) {
  return (
    <p class="crumbs">
      <a href={v.href('/admin')}>{v.t('admin.title')}</a> · <a href={v.href(`/admin/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a>
      {register ? (
        <>
          {' '}
          · <a href={v.href(base(office))}>{v.t('partners.backToList')}</a>
        </>
      ) : null}
    </p>
  );
}

/** The expiry mark beside an end date: in words, not by colour alone. */
function Expiry({ v, validUntil, today }: { v: View; validUntil: string | null; today: string }) {
  const state = expiryState(validUntil, today);
  if (!state) return null;
  return (
    <>
      {' '}
      <strong class="tag">{v.t(state === 'expired' ? 'partners.agreement.expired' : 'partners.agreement.expiring')}</strong>
    </>
  );
}

export function PartnersPage(props: {
  v: View;
  office: Office;
  rows: PartnerSummary[];
  expiring: ExpiringAgreement[];
  query: PartnerQuery;
  today: string;
}) {
  const { v, office, rows, expiring, query, today } = props;
  const title = `${v.t('partners.register')}: ${v.tx(office.name)}`;
  const filtered = query.q !== '' || query.kind !== '' || query.active !== '';
  return (
    <Page v={v} title={title}>
      <Crumbs v={v} office={office} />
      <h1>{title}</h1>
      <p>
        <a href={v.href(`${base(office)}/novi`)}>{v.t('partners.new')}</a>
      </p>
      <section aria-labelledby="expiring">
        <h2 id="expiring">{v.t('partners.expiring.title')}</h2>
        {expiring.length === 0 ? (
          <p>{v.t('partners.expiring.none')}</p>
        ) : (
          <ul>
            {expiring.map((e) => (
              <li>
                <a href={v.href(`${base(office)}/${e.partner_id}`)}>{v.tx(e.partner_name)}</a>: {v.tx(e.title)} —{' '}
                {v.t('partners.agreement.validUntil')} {formatDate(v.locale, e.valid_until)}
                <Expiry v={v} validUntil={e.valid_until} today={today} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <h2>{v.t('partners.title')}</h2>
      <form method="get" action={v.href(base(office))} class="search" role="search">
        <div class="field">
          <label for="q">{v.t('partners.q')}</label>
          <input id="q" name="q" type="search" value={query.q} maxlength={100} autocomplete="off" />
        </div>
        <div class="field">
          <label for="kind">{v.t('partners.filter.kind')}</label>
          <select id="kind" name="kind">
            <option value="">{v.t('partners.filter.any')}</option>
            {PARTNER_KINDS.map((k) => (
              <option value={k} selected={k === query.kind}>
                {v.t(`partners.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="active">{v.t('partners.filter.active')}</label>
          <select id="active" name="active">
            {(
              [
                ['', 'partners.filter.any'],
                ['yes', 'partners.filter.activeOnly'],
                ['no', 'partners.filter.inactiveOnly'],
              ] as const
            ).map(([val, key]) => (
              <option value={val} selected={val === query.active}>
                {v.t(key)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{v.t('partners.search')}</button>
      </form>
      <DataTable
        caption={v.t('partners.title')}
        captionHidden
        rows={rows}
        empty={filtered ? v.t('partners.noneFound') : v.t('partners.none')}
        found={(n) => v.t('partners.found', { n })}
        columns={[
          {
            label: v.t('partners.field.name'),
            rowHeader: true,
            cell: (p) => (
              <>
                <a href={v.href(`${base(office)}/${p.id}`)}>{v.tx(p.name)}</a>
                {p.active ? null : (
                  <>
                    {' '}
                    <span class="tag">{v.t('partners.inactive')}</span>
                  </>
                )}
              </>
            ),
          },
          { label: v.t('partners.field.kind'), cell: (p) => v.t(`partners.kind.${p.kind}`) },
          { label: v.t('partners.field.contactPerson'), cell: (p) => v.tx(p.contact_person) || '—' },
          { label: v.t('partners.agreements'), numeric: true, cell: (p) => p.agreements },
          { label: v.t('partners.log'), cell: (p) => (p.last_contact ? formatDate(v.locale, p.last_contact) : '—') },
        ]}
      />
    </Page>
  );
}

export const NEW_PARTNER_VALUES: FormValues = { active: 'on' };

export function partnerFormValues(p: Partner): FormValues {
  return {
    kind: p.kind,
    name: p.name,
    address: p.address,
    contact_person: p.contact_person,
    email: p.email,
    phone: p.phone,
    website: p.website,
    notes: p.notes,
    active: p.active ? 'on' : '',
  };
}

function PartnerForm({ v, action, values, errors }: { v: View; action: string; values: FormValues; errors?: FormErrors | undefined }) {
  const field = (name: string, label: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field v={v} name={name} label={label} value={values[name]} errors={errors} {...extra} />
  );
  return (
    <Form v={v} action={action} errors={errors} novalidate>
      <fieldset>
        <legend>{v.t('partners.section.basic')}</legend>
        {field('name', v.t('partners.field.name'), { required: true, maxlength: 200 })}
        {field('kind', v.t('partners.field.kind'), {
          required: true,
          options: PARTNER_KINDS.map((k) => [k, v.t(`partners.kind.${k}`)] as [string, string]),
        })}
        {field('notes', v.t('partners.field.notes'), { multiline: true, rows: 4, maxlength: 4000 })}
        <Check v={v} name="active" label={v.t('partners.field.active')} checked={isOn(values.active)} errors={errors} />
      </fieldset>
      <fieldset>
        <legend>{v.t('partners.section.contact')}</legend>
        {field('address', v.t('partners.field.address'), { maxlength: 300, autocomplete: 'street-address' })}
        {field('contact_person', v.t('partners.field.contactPerson'), { maxlength: 120 })}
        {field('email', v.t('partners.field.email'), { type: 'email', maxlength: 254 })}
        {field('phone', v.t('partners.field.phone'), { type: 'tel', maxlength: 40 })}
        {field('website', v.t('partners.field.website'), { type: 'url', maxlength: 500 })}
      </fieldset>
      <button type="submit">{v.t('form.save')}</button>
    </Form>
  );
}

export function NewPartnerPage(props: { v: View; office: Office; values: FormValues; errors?: FormErrors | undefined }) {
  const { v, office } = props;
  return (
    <Page v={v} title={v.t('partners.new')}>
      <Crumbs v={v} office={office} register />
      <h1>{v.t('partners.new')}</h1>
      <PartnerForm v={v} action={v.href(base(office))} values={props.values} errors={props.errors} />
    </Page>
  );
}

export function EditPartnerPage(props: { v: View; office: Office; partner: Partner; values: FormValues; errors?: FormErrors | undefined }) {
  const { v, office, partner } = props;
  const title = v.t('partners.edit.title', { name: v.tx(partner.name) });
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href(`${base(office)}/${partner.id}`)}>{v.tx(partner.name)}</a> ·{' '}
        <a href={v.href(base(office))}>{v.t('partners.backToList')}</a>
      </p>
      <h1>{title}</h1>
      <PartnerForm v={v} action={v.href(`${base(office)}/${partner.id}/uredi`)} values={props.values} errors={props.errors} />
    </Page>
  );
}

const KB = (n: number) => (n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

export function PartnerPage(props: {
  v: View;
  office: Office;
  partner: Partner;
  agreements: Agreement[];
  log: LogEntry[];
  today: string;
  agreementValues?: FormValues;
  agreementErrors?: FormErrors | undefined;
  logValues?: FormValues;
  logErrors?: FormErrors | undefined;
}) {
  const { v, office, partner: p, agreements, log, today } = props;
  const av = props.agreementValues ?? {};
  const lv = props.logValues ?? { log_kind: 'joint_activity', log_date: today };
  const facts: Array<[string, string]> = [
    [v.t('partners.field.kind'), v.t(`partners.kind.${p.kind}`)],
    [v.t('partners.field.address'), v.tx(p.address) || '—'],
    [v.t('partners.field.contactPerson'), v.tx(p.contact_person) || '—'],
    [v.t('partners.field.email'), p.email || '—'],
    [v.t('partners.field.phone'), p.phone || '—'],
    [v.t('partners.field.website'), p.website || '—'],
  ];
  const maxMb = uploadMaxMb('agreement');
  return (
    <Page v={v} title={v.tx(p.name)}>
      <Crumbs v={v} office={office} register />
      <h1>{v.tx(p.name)}</h1>
      {p.active ? null : <p class="tag">{v.t('partners.inactive')}</p>}
      <p>
        <a href={v.href(`${base(office)}/${p.id}/uredi`)}>{v.t('partners.edit')}</a>
      </p>
      <dl class="facts">
        {facts.map(([k, val]) => (
          <>
            <dt>{k}</dt>
            <dd>{val}</dd>
          </>
        ))}
      </dl>
      {p.notes ? <p>{v.tx(p.notes)}</p> : null}

      <h2 id="agreements">{v.t('partners.agreements')}</h2>
      <DataTable
        caption={v.t('partners.agreements')}
        captionHidden
        rows={agreements}
        empty={v.t('partners.agreements.none')}
        columns={[
          {
            label: v.t('partners.agreement.title'),
            rowHeader: true,
            cell: (a) => (
              <>
                {v.tx(a.title)}
                {a.notes ? <p class="meta">{v.tx(a.notes)}</p> : null}
              </>
            ),
          },
          { label: v.t('partners.agreement.signedOn'), cell: (a) => formatDate(v.locale, a.signed_on) },
          {
            label: v.t('partners.agreement.validUntil'),
            cell: (a) => (
              <>
                {a.valid_until ? formatDate(v.locale, a.valid_until) : v.t('partners.agreement.indefinite')}
                <Expiry v={v} validUntil={a.valid_until} today={today} />
              </>
            ),
          },
          {
            label: v.t('partners.agreement.file'),
            cell: (a) =>
              a.file_id && a.file_name ? (
                <a href={v.href(`${base(office)}/${p.id}/sporazumi/${a.id}/datoteka`)} download>
                  {v.t('partners.agreement.download', { name: a.file_name })} ({KB(a.file_size ?? 0)})
                </a>
              ) : (
                v.t('partners.agreement.noFile')
              ),
          },
        ]}
      />
      <h3>{v.t('partners.agreement.add')}</h3>
      <Form v={v} action={v.href(`${base(office)}/${p.id}/sporazumi`)} errors={props.agreementErrors} novalidate multipart>
        <Field
          v={v}
          name="title"
          label={v.t('partners.agreement.title')}
          value={av.title}
          errors={props.agreementErrors}
          required
          maxlength={200}
        />
        <div class="row">
          <Field
            v={v}
            name="signed_on"
            label={v.t('partners.agreement.signedOn')}
            type="date"
            value={av.signed_on}
            errors={props.agreementErrors}
            required
          />
          <Field
            v={v}
            name="valid_until"
            label={v.t('partners.agreement.validUntil')}
            type="date"
            value={av.valid_until}
            errors={props.agreementErrors}
            hint={v.t('partners.agreement.validUntil.hint')}
          />
        </div>
        <Field
          v={v}
          name="notes"
          label={v.t('partners.agreement.notes')}
          value={av.notes}
          errors={props.agreementErrors}
          multiline
          rows={2}
          maxlength={2000}
        />
        <FileField v={v} errors={props.agreementErrors} hint={v.t('partners.agreement.file.hint', { maxMb })} />
        <button type="submit">{v.t('partners.agreement.add')}</button>
      </Form>

      <h2 id="log">{v.t('partners.log')}</h2>
      {log.length === 0 ? (
        <p>{v.t('partners.log.none')}</p>
      ) : (
        <ol class="log">
          {log.map((e) => (
            <li>
              <p>
                <strong>{formatDate(v.locale, e.happened_on)}</strong> · {v.t(`partners.log.kind.${e.kind}`)} · {v.tx(e.title)}
              </p>
              {e.notes ? <p class="meta">{v.tx(e.notes)}</p> : null}
            </li>
          ))}
        </ol>
      )}
      <h3>{v.t('partners.log.add')}</h3>
      <Form v={v} action={v.href(`${base(office)}/${p.id}/dnevnik`)} errors={props.logErrors} novalidate>
        <div class="row">
          <Field v={v} name="log_date" label={v.t('partners.log.date')} type="date" value={lv.log_date} errors={props.logErrors} required />
          <Field
            v={v}
            name="log_kind"
            label={v.t('partners.log.kind')}
            value={lv.log_kind}
            errors={props.logErrors}
            required
            options={LOG_KINDS.map((k) => [k, v.t(`partners.log.kind.${k}`)] as [string, string])}
          />
        </div>
        <Field
          v={v}
          name="log_title"
          label={v.t('partners.log.title')}
          value={lv.log_title}
          errors={props.logErrors}
          required
          maxlength={200}
        />
        <Field
          v={v}
          name="log_notes"
          label={v.t('partners.log.notes')}
          value={lv.log_notes}
          errors={props.logErrors}
          multiline
          rows={3}
          maxlength={4000}
        />
        <button type="submit">{v.t('partners.log.add')}</button>
      </Form>
    </Page>
  );
}

function FileField({ v, errors, hint }: { v: View; errors?: FormErrors | undefined; hint: string }) {
  const error = errors?.file;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for="f-file">
        {v.t('partners.agreement.file')}
        <span class="optional"> {v.t('form.optional')}</span>
      </label>
      <p class="hint" id="f-file-hint">
        {hint}
      </p>
      {error ? (
        <p class="error" id="f-file-error">
          {error}
        </p>
      ) : null}
      <input
        type="file"
        id="f-file"
        name="file"
        accept={AGREEMENT_ACCEPT}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'f-file-hint f-file-error' : 'f-file-hint'}
      />
    </div>
  );
}
