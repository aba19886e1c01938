import type { FormErrors, FormValues } from '../../../core/http/forms.ts';
import type { MessageKey } from '../../../core/i18n/messages.ts';
import { LOCALE_NAMES, type Locale } from '../../../core/i18n/locale.ts';
import { Field, Form } from '../../../core/views/forms.tsx';
import { formatDate, formatDateTime } from '../../../core/views/format.ts';
import { Page } from '../../../core/views/layout.tsx';
import { DataTable } from '../../../core/views/table.tsx';
import type { View } from '../../../core/views/view.ts';
import type { OwnConsent } from '../repo.ts';
import type { PersonalData, RegisterExport } from '../export.ts';
import { ConsentHistory } from './consents.tsx';
import { ProfileFields, SensitiveFields, label, type SettlementOption } from './fields.tsx';

const dateTime = (v: View, d: Date | null) => (d ? formatDateTime(v.locale, d) : '—');

/** Account-event codes shown in words where we have them; others as recorded. */
function eventName(v: View, action: string): string {
  const known: Record<string, MessageKey> = {
    'account.signup': 'signup.title',
    'account.email_confirmed': 'confirm.ok',
    'account.login': 'login.title',
    'account.login_failed': 'login.bad',
    'account.password_reset': 'reset.title',
    'account.email_changed': 'account.changeEmail.done',
    'account.password_changed': 'account.changePassword',
  };
  return known[action] ? v.t(known[action]) : action;
}

function Register({ v, r, index }: { v: View; r: RegisterExport; index: number }) {
  const p = r.person;
  const office = v.tx(r.office.name);
  const consents: OwnConsent[] = r.consents.map((c) => ({ ...c, office_id: '', root_id: p.id }));
  return (
    <section aria-labelledby={`r-${index}`} class="register">
      <h3 id={`r-${index}`}>{v.t('me.data.register', { office })}</h3>
      <dl class="facts">
        <dt>{v.t('me.field.full_name')}</dt>
        <dd>{v.tx(p.full_name)}</dd>
        <dt>{v.t('me.field.email')}</dt>
        <dd>{p.email || '—'}</dd>
        <dt>{v.t('me.field.phone')}</dt>
        <dd>{p.phone || '—'}</dd>
        <dt>{v.t('me.field.birth_date')}</dt>
        <dd>{p.birth_date ? formatDate(v.locale, p.birth_date) : String(p.birth_year)}</dd>
        <dt>{v.t('me.field.gender')}</dt>
        <dd>{label.gender(v, p.gender)}</dd>
        <dt>{v.t('me.field.settlement_id')}</dt>
        <dd>{p.settlement ? `${v.tx(p.settlement.name)} (${label.settlementKind(v, p.settlement.kind)})` : v.t('me.notGiven')}</dd>
        <dt>{v.t('me.field.status')}</dt>
        <dd>{label.status(v, p.status)}</dd>
        <dt>{v.t('me.field.interests')}</dt>
        <dd>{p.interests.length ? p.interests.map((i) => label.interest(v, i)).join(', ') : v.t('me.notGiven')}</dd>
        <dt>{v.t('me.field.script')}</dt>
        <dd>{label.script(v, p.script)}</dd>
        <dt>{v.t('me.data.source')}</dt>
        <dd>{v.t(`me.data.source.${p.source}` as MessageKey)}</dd>
        <dt>{v.t('me.data.inRegisterSince')}</dt>
        <dd>{formatDateTime(v.locale, p.created_at)}</dd>
      </dl>
      {r.duplicates.length > 0 ? (
        <>
          <h4>{v.t('me.data.duplicates')}</h4>
          <ul>
            {r.duplicates.map((d) => (
              <li>
                {[v.tx(d.full_name), d.email, d.phone, d.birth_date ? formatDate(v.locale, d.birth_date) : ''].filter(Boolean).join(', ')} (
                {v.t(`me.data.source.${d.source}` as MessageKey)}, {formatDateTime(v.locale, d.created_at)})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p class="no-print">
        <a href={v.href(`/moj-nalog/podaci/${r.office.slug}/uredi`)}>{v.t('me.data.edit')}</a>
      </p>
      <h4>{v.t('me.data.sensitive')}</h4>
      {r.sensitive ? (
        <dl class="facts">
          <dt>{v.t('me.field.ethnicity')}</dt>
          <dd>{label.ethnicity(v, r.sensitive.ethnicity)}</dd>
          <dt>{v.t('me.field.disability')}</dt>
          <dd>{label.disability(v, r.sensitive.disability)}</dd>
          <dt>{v.t('me.field.health_note')}</dt>
          <dd>{r.sensitive.health_note ? v.tx(r.sensitive.health_note) : '—'}</dd>
        </dl>
      ) : (
        <p>{v.t('me.data.sensitiveNone')}</p>
      )}
      <h4>{v.t('me.data.consents')}</h4>
      <ConsentHistory v={v} consents={consents} caption={`${v.t('me.data.consents')}: ${office}`} />
      <p class="no-print">
        <a href={v.href('/moj-nalog/saglasnosti')}>{v.t('me.data.manageConsents')}</a>
      </p>
      <h4>{v.t('me.data.access')}</h4>
      <p>{v.t('me.data.accessLead')}</p>
      <DataTable
        caption={v.t('me.data.accessCaption', { office })}
        rows={r.access_log}
        empty={v.t('me.data.accessNone')}
        columns={[
          { label: v.t('me.data.when'), cell: (a) => formatDateTime(v.locale, a.at) },
          {
            label: v.t('me.data.who'),
            cell: (a) => (a.by ? v.tx(a.by) : a.action === 'anonymise' ? v.t('me.data.system') : v.t('me.data.deletedAccount')),
          },
          { label: v.t('me.data.what'), cell: (a) => label.access(v, a.action) },
          { label: v.t('me.data.why'), cell: (a) => (a.reason ? v.tx(a.reason) : '—') },
        ]}
      />
    </section>
  );
}

export function DataPage({ v, data }: { v: View; data: PersonalData }) {
  const a = data.account;
  return (
    <Page v={v} title={v.t('me.data.title')}>
      <h1>{v.t('me.data.title')}</h1>
      <p class="lead">{v.t('me.data.lead')}</p>
      <ul class="no-print">
        <li>
          <a href={v.href('/moj-nalog/podaci.json')} download="kzm-moji-podaci.json">
            {v.t('me.data.download')}
          </a>{' '}
          <span class="hint">{v.t('me.data.downloadHint')}</span>
        </li>
        <li>{v.t('me.data.print')}</li>
        <li>
          <a href={v.href('/moj-nalog/saglasnosti')}>{v.t('me.nav.consents')}</a>
        </li>
        <li>
          <a href={v.href('/moj-nalog/obrisi')}>{v.t('me.data.erase')}</a>
        </li>
      </ul>

      <section aria-labelledby="account">
        <h2 id="account">{v.t('me.data.account')}</h2>
        <dl class="facts">
          <dt>{v.t('account.name')}</dt>
          <dd>{v.tx(a.display_name)}</dd>
          <dt>{v.t('account.email')}</dt>
          <dd>{a.email}</dd>
          <dt>{v.t('account.birth')}</dt>
          <dd>{formatDate(v.locale, a.birth_date)}</dd>
          <dt>{v.t('me.data.locale')}</dt>
          <dd>{LOCALE_NAMES[a.locale as Locale] ?? a.locale}</dd>
          <dt>{v.t('me.data.created')}</dt>
          <dd>{dateTime(v, a.created_at)}</dd>
          <dt>{v.t('me.data.confirmed')}</dt>
          <dd>{dateTime(v, a.email_confirmed_at)}</dd>
          <dt>{v.t('me.data.lastActive')}</dt>
          <dd>{dateTime(v, a.last_active_at)}</dd>
          <dt>{v.t('me.data.sessions')}</dt>
          <dd>{v.t('me.data.sessionsText', { n: data.sessions.length })}</dd>
        </dl>
        <p class="no-print">
          {v.t('me.data.changeEmail')} <a href={v.href('/nalog')}>{v.t('me.edit.accountLink')}</a>
        </p>
        <h3>{v.t('me.data.accountConsents')}</h3>
        <ul>
          {data.account_consents.map((c) => (
            <li>
              {v.t('me.data.accountConsent', { version: c.notice_version, date: formatDate(v.locale, c.given_at.toISOString()) })}
              {c.withdrawn_at ? ` — ${v.t('me.consents.withdrawnOn', { date: formatDate(v.locale, c.withdrawn_at.toISOString()) })}` : ''}
            </li>
          ))}
        </ul>
        {data.roles.length > 0 ? (
          <>
            <h3>{v.t('me.data.roles')}</h3>
            <ul>
              {data.roles.map((r) => (
                <li>
                  {v.t(`role.${r.role}` as MessageKey)} — {v.tx(r.office.name)} ({formatDate(v.locale, r.granted_at.toISOString())})
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="registers">
        <h2 id="registers">{v.t('me.data.registers')}</h2>
        {data.registers.length === 0 ? (
          <p>
            {v.t('me.data.registersNone')} <a href={v.href('/kancelarije')}>{v.t('me.consents.findOffice')}</a>
          </p>
        ) : null}
        {data.registers.map((r, i) => (
          <Register v={v} r={r} index={i} />
        ))}
      </section>

      <section aria-labelledby="associations">
        <h2 id="associations">{v.t('me.data.associations')}</h2>
        {data.association_representations.length === 0 ? (
          <p>{v.t('me.data.associationsNone')}</p>
        ) : (
          <ul>
            {data.association_representations.map((r) => (
              <li>
                {v.tx(r.association)} — {v.tx(r.office.name)}: {v.t(`me.assoc.${r.status}` as MessageKey)} (
                {formatDate(v.locale, r.requested_at.toISOString())})
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="activity-regs">
        <h2 id="activity-regs">{v.t('me.data.activityRegs')}</h2>
        <DataTable
          caption={v.t('me.data.activityRegs')}
          captionHidden
          rows={data.activity_registrations}
          empty={v.t('me.data.activityRegsNone')}
          columns={[
            {
              label: v.t('me.data.activityRegs.activity'),
              rowHeader: true,
              cell: (r) => `${v.tx(String(r.activity))} — ${v.tx(String(r.office))}`,
            },
            { label: v.t('me.data.activityRegs.when'), cell: (r) => dateTime(v, r.starts_at as Date) },
            { label: v.t('me.data.activityRegs.status'), cell: (r) => v.t(`reg.status.${String(r.status)}` as MessageKey) },
            { label: v.t('me.data.activityRegs.code'), cell: (r) => (r.entry_code ? String(r.entry_code) : '—') },
            { label: v.t('me.data.activityRegs.at'), cell: (r) => dateTime(v, r.created_at as Date) },
          ]}
        />
        <p class="no-print">
          <a href={v.href('/moj-nalog/prijave')}>{v.t('me.data.activityRegs.manage')}</a>
        </p>
      </section>

      <section aria-labelledby="events">
        <h2 id="events">{v.t('me.data.events')}</h2>
        <DataTable
          caption={v.t('me.data.eventsCaption')}
          captionHidden
          rows={data.account_events}
          columns={[
            { label: v.t('me.data.when'), cell: (e) => formatDateTime(v.locale, e.at) },
            { label: v.t('me.data.event'), cell: (e) => eventName(v, e.action) },
          ]}
        />
      </section>
    </Page>
  );
}

export function EditPage(props: {
  v: View;
  office: { slug: string; name: string };
  settlements: SettlementOption[];
  sensitive: boolean;
  values: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, settlements, sensitive, values, errors } = props;
  const title = v.t('me.edit.title', { office: v.tx(office.name) });
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href('/moj-nalog/podaci')}>{v.t('me.nav.data')}</a>
      </p>
      <h1>{title}</h1>
      <p>
        {v.t('me.edit.lead')} <a href={v.href('/nalog')}>{v.t('me.edit.accountLink')}</a>
      </p>
      <Form v={v} action={v.href(`/moj-nalog/podaci/${office.slug}/uredi`)} errors={errors} novalidate>
        <ProfileFields v={v} values={values} errors={errors} settlements={settlements} />
        {sensitive ? (
          <fieldset>
            <legend>{v.t('me.edit.sensitive')}</legend>
            <SensitiveFields v={v} values={values} errors={errors} />
          </fieldset>
        ) : null}
        <button type="submit">{v.t('form.save')}</button>
      </Form>
    </Page>
  );
}

export function ErasePage({ v, errors }: { v: View; errors?: FormErrors | undefined }) {
  return (
    <Page v={v} title={v.t('me.erase.title')}>
      <p class="crumbs">
        <a href={v.href('/moj-nalog/podaci')}>{v.t('me.nav.data')}</a>
      </p>
      <h1>{v.t('me.erase.title')}</h1>
      <p class="lead">{v.t('me.erase.lead')}</p>
      <h2>{v.t('me.erase.removed')}</h2>
      <ul>
        <li>{v.t('me.erase.removed.account')}</li>
        <li>{v.t('me.erase.removed.registers')}</li>
        <li>{v.t('me.erase.removed.roles')}</li>
      </ul>
      <h2>{v.t('me.erase.kept')}</h2>
      <ul>
        <li>{v.t('me.erase.kept.counts')}</li>
        <li>{v.t('me.erase.kept.log')}</li>
        <li>{v.t('me.erase.kept.consents')}</li>
      </ul>
      <p>
        <a href={v.href('/moj-nalog/podaci.json')} download="kzm-moji-podaci.json">
          {v.t('me.data.download')}
        </a>
      </p>
      <Form v={v} action={v.href('/moj-nalog/obrisi')} errors={errors} novalidate>
        <Field
          v={v}
          name="password"
          label={v.t('me.erase.password')}
          type="password"
          hint={v.t('me.erase.passwordHint')}
          errors={errors}
          required
          autocomplete="current-password"
          maxlength={200}
        />
        <button type="submit">{v.t('me.erase.submit')}</button>
      </Form>
    </Page>
  );
}
