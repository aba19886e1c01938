import type { FormErrors, FormValues } from '../../../core/http/forms.ts';
import { Field, Form } from '../../../core/views/forms.tsx';
import { Page } from '../../../core/views/layout.tsx';
import { formatDate } from '../../../core/views/format.ts';
import type { View } from '../../../core/views/view.ts';
import type { Membership } from '../../../core/auth/actor.ts';

type FormProps = { v: View; values?: FormValues; errors?: FormErrors | undefined };

export function SignUpPage({ v, values = {}, errors }: FormProps) {
  return (
    <Page v={v} title={v.t('signup.title')}>
      <h1>{v.t('signup.title')}</h1>
      <p>{v.t('signup.lead')}</p>
      <Form v={v} action={v.href('/nalog/registracija')} errors={errors} novalidate>
        <Field
          v={v}
          name="display_name"
          label={v.t('signup.name')}
          value={values.display_name}
          errors={errors}
          required
          autocomplete="name"
          maxlength={120}
        />
        <Field
          v={v}
          name="email"
          label={v.t('signup.email')}
          type="email"
          value={values.email}
          errors={errors}
          required
          autocomplete="email"
          maxlength={254}
        />
        <Field
          v={v}
          name="password"
          label={v.t('signup.password')}
          type="password"
          hint={v.t('signup.passwordHint')}
          errors={errors}
          required
          autocomplete="new-password"
          maxlength={200}
        />
        <Field
          v={v}
          name="birth_date"
          label={v.t('signup.birth')}
          type="date"
          hint={v.t('signup.birthHint')}
          value={values.birth_date}
          errors={errors}
          required
          autocomplete="bday"
        />
        <div class={errors?.consent ? 'field check has-error' : 'field check'}>
          {errors?.consent ? (
            <p class="error" id="f-consent-error">
              {errors.consent}
            </p>
          ) : null}
          <input
            type="checkbox"
            id="f-consent"
            name="consent"
            checked={values.consent === 'on'}
            aria-invalid={errors?.consent ? 'true' : undefined}
            aria-describedby={errors?.consent ? 'f-consent-error' : undefined}
            required
          />
          <label for="f-consent">
            {v.t('signup.consent')} (<a href={v.href('/privatnost')}>{v.t('footer.privacy')}</a>)
          </label>
        </div>
        <button type="submit">{v.t('signup.submit')}</button>
      </Form>
      <p>
        {v.t('signup.haveAccount')} <a href={v.href('/nalog/prijava')}>{v.t('nav.login')}</a>
      </p>
    </Page>
  );
}

export function Under15Page({ v }: { v: View }) {
  return (
    <Page v={v} title={v.t('signup.under15.title')}>
      <h1>{v.t('signup.under15.title')}</h1>
      <p>{v.t('signup.under15.text')}</p>
      <p>{v.t('signup.under15.how')}</p>
      <p>
        <a href={v.href('/kancelarije')}>{v.t('signup.under15.find')}</a>
      </p>
    </Page>
  );
}

export function MessagePage({ v, title, text, link }: { v: View; title: string; text: string; link?: { href: string; text: string } }) {
  return (
    <Page v={v} title={title}>
      <h1>{title}</h1>
      <p role="status">{text}</p>
      {link ? (
        <p>
          <a href={link.href}>{link.text}</a>
        </p>
      ) : null}
    </Page>
  );
}

/** A new-password link that no longer works: why, and where to ask for a new one. */
export function ResetBadPage({ v }: { v: View }) {
  return (
    <MessagePage
      v={v}
      title={v.t('reset.title')}
      text={v.t('reset.bad')}
      link={{ href: v.href('/nalog/zaboravljena-lozinka'), text: v.t('reset.again') }}
    />
  );
}

export function LogInPage({ v, values = {}, errors, unconfirmed }: FormProps & { unconfirmed?: boolean }) {
  return (
    <Page v={v} title={v.t('login.title')}>
      <h1>{v.t('login.title')}</h1>
      <Form v={v} action={v.href('/nalog/prijava')} errors={errors} novalidate>
        {values.next ? <input type="hidden" name="next" value={values.next} /> : null}
        <Field
          v={v}
          name="email"
          label={v.t('signup.email')}
          type="email"
          value={values.email}
          errors={errors}
          required
          autocomplete="username"
          maxlength={254}
        />
        <Field
          v={v}
          name="password"
          label={v.t('signup.password')}
          type="password"
          errors={errors}
          required
          autocomplete="current-password"
          maxlength={200}
        />
        <button type="submit">{v.t('login.submit')}</button>
      </Form>
      {unconfirmed ? (
        <Form v={v} action={v.href('/nalog/potvrda/ponovo')}>
          <input type="hidden" name="email" value={values.email ?? ''} />
          <button type="submit" class="secondary">
            {v.t('confirm.resend')}
          </button>
        </Form>
      ) : null}
      <p>
        <a href={v.href('/nalog/zaboravljena-lozinka')}>{v.t('login.forgot')}</a>
      </p>
      <p>
        {v.t('login.noAccount')} <a href={v.href('/nalog/registracija')}>{v.t('nav.signup')}</a>
      </p>
    </Page>
  );
}

export function ForgotPage({ v, values = {}, errors }: FormProps) {
  return (
    <Page v={v} title={v.t('forgot.title')}>
      <h1>{v.t('forgot.title')}</h1>
      <p>{v.t('forgot.lead')}</p>
      <Form v={v} action={v.href('/nalog/zaboravljena-lozinka')} errors={errors} novalidate>
        <Field
          v={v}
          name="email"
          label={v.t('signup.email')}
          type="email"
          value={values.email}
          errors={errors}
          required
          autocomplete="email"
          maxlength={254}
        />
        <button type="submit">{v.t('forgot.submit')}</button>
      </Form>
    </Page>
  );
}

export function ResetPage({ v, token, errors }: { v: View; token: string; errors?: FormErrors | undefined }) {
  return (
    <Page v={v} title={v.t('reset.title')}>
      <h1>{v.t('reset.title')}</h1>
      <Form v={v} action={v.href('/nalog/nova-lozinka')} errors={errors} novalidate>
        <input type="hidden" name="token" value={token} />
        <Field
          v={v}
          name="password"
          label={v.t('reset.password')}
          type="password"
          hint={v.t('signup.passwordHint')}
          errors={errors}
          required
          autocomplete="new-password"
          maxlength={200}
        />
        <button type="submit">{v.t('reset.submit')}</button>
      </Form>
    </Page>
  );
}

export interface AccountData {
  email: string;
  displayName: string;
  birthDate: string;
  isNationalAdmin: boolean;
  memberships: Membership[];
  consents: Array<{ notice_version: string; given_at: Date; withdrawn_at: Date | null }>;
}

/** `failed` says which of the page's two forms the errors belong to. */
export function AccountPage({
  v,
  data,
  values = {},
  errors,
  failed = 'email',
}: FormProps & { data: AccountData; failed?: 'email' | 'password' }) {
  const emailErrors = failed === 'email' ? errors : undefined;
  const passwordErrors = failed === 'password' ? errors : undefined;
  const roles = data.memberships.map((m) => `${v.t(`role.${m.role}`)} — ${v.tx(m.officeName)}`);
  if (data.isNationalAdmin) roles.unshift(v.t('role.national_admin'));
  return (
    <Page v={v} title={v.t('account.title')}>
      <h1>{v.t('account.title')}</h1>
      <section aria-labelledby="details">
        <h2 id="details">{v.t('account.details')}</h2>
        <dl class="facts">
          <dt>{v.t('account.name')}</dt>
          <dd>{v.tx(data.displayName)}</dd>
          <dt>{v.t('account.email')}</dt>
          <dd>{data.email}</dd>
          <dt>{v.t('account.birth')}</dt>
          <dd>{formatDate(v.locale, data.birthDate)}</dd>
          <dt>{v.t('account.roles')}</dt>
          <dd>{roles.length ? roles.join('; ') : v.t('account.roles.none')}</dd>
          <dt>{v.t('account.consents')}</dt>
          {data.consents.map((c) => (
            <dd>{v.t('account.consent.line', { version: c.notice_version, date: formatDate(v.locale, c.given_at.toISOString()) })}</dd>
          ))}
        </dl>
      </section>
      <section aria-labelledby="rights">
        <h2 id="rights">{v.t('me.nav.rights')}</h2>
        <ul>
          <li>
            <a href={v.href('/moj-nalog/prijave')}>{v.t('me.data.activityRegs.manage')}</a>
          </li>
          <li>
            <a href={v.href('/moj-nalog/podaci')}>{v.t('me.nav.data')}</a>
          </li>
          <li>
            <a href={v.href('/moj-nalog/saglasnosti')}>{v.t('me.nav.consents')}</a>
          </li>
          <li>
            <a href={v.href('/moj-nalog/obrisi')}>{v.t('me.nav.erase')}</a>
          </li>
          {v.actor?.memberships.some((m) => m.role === 'association_rep') ? (
            <li>
              <a href={v.href('/admin/moja-udruzenja')}>{v.t('associations.mine')}</a>
            </li>
          ) : null}
        </ul>
      </section>
      <section aria-labelledby="change-email">
        <h2 id="change-email">{v.t('account.changeEmail')}</h2>
        <Form v={v} action={v.href('/nalog/email')} errors={emailErrors} novalidate>
          <Field
            v={v}
            name="new_email"
            label={v.t('account.newEmail')}
            type="email"
            value={values.new_email}
            errors={emailErrors}
            required
            autocomplete="email"
            maxlength={254}
          />
          <Field
            v={v}
            name="current_password"
            label={v.t('account.currentPassword')}
            type="password"
            errors={emailErrors}
            required
            autocomplete="current-password"
            maxlength={200}
          />
          <button type="submit">{v.t('account.changeEmail.submit')}</button>
        </Form>
      </section>
      <section aria-labelledby="change-password">
        <h2 id="change-password">{v.t('account.changePassword')}</h2>
        <Form v={v} action={v.href('/nalog/lozinka')} errors={passwordErrors} novalidate>
          <Field
            v={v}
            name="old_password"
            label={v.t('account.oldPassword')}
            type="password"
            errors={passwordErrors}
            required
            autocomplete="current-password"
            maxlength={200}
          />
          <Field
            v={v}
            name="new_password"
            label={v.t('account.newPassword')}
            type="password"
            hint={v.t('signup.passwordHint')}
            errors={passwordErrors}
            required
            autocomplete="new-password"
            maxlength={200}
          />
          <button type="submit">{v.t('account.changePassword.submit')}</button>
        </Form>
      </section>
    </Page>
  );
}
