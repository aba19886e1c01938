import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { staffOffices } from '../../core/auth/actor.ts';
import { deleteSession, loadActor, SESSION_COOKIE } from '../../core/auth/sessions.ts';
import { isHttps } from '../../core/config.ts';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import { clientIp, safeLocalPath } from '../../core/http/client.ts';
import { rotateCsrf } from '../../core/http/csrf.ts';
import { parseForm, readForm, type FormErrors } from '../../core/http/forms.ts';
import { PUBLIC, SIGNED_IN } from '../../core/http/routes.ts';
import { t } from '../../core/i18n/messages.ts';
import { view } from '../../core/views/view.ts';
import { findUserById, listConsents, tokenIsValid } from './repo.ts';
import { changeEmailForm, changePasswordForm, emailOnlyForm, logInForm, resetForm, signUpForm } from './schema.ts';
import {
  changePassword,
  confirmEmailChange,
  confirmSignUp,
  logIn,
  requestEmailChange,
  requestPasswordReset,
  resendConfirmation,
  resetPassword,
  signUp,
} from './service.ts';
import { AccountPage, ForgotPage, LogInPage, MessagePage, ResetBadPage, ResetPage, SignUpPage, Under15Page } from './views/pages.tsx';

export function registerAccountRoutes(core: Core): void {
  const go = (locale: string, path: string, notice?: string) =>
    `/${locale}${path}${notice ? `${path.includes('?') ? '&' : '?'}n=${notice}` : ''}`;

  core.page({ name: 'accounts.signup.form', method: 'GET', path: `${L}/nalog/registracija`, access: PUBLIC }, (c) =>
    c.html(<SignUpPage v={view(c)} />),
  );

  core.page({ name: 'accounts.signup', method: 'POST', path: `${L}/nalog/registracija`, access: PUBLIC }, async (c) => {
    const values = await readForm(c);
    const v = view(c);
    const parsed = parseForm(signUpForm, values, c.var.locale);
    if (!parsed.ok) return c.html(<SignUpPage v={v} values={values} errors={parsed.errors} />, 400);
    const r = await signUp(c.var.deps, parsed.data, c.var.locale, clientIp(c));
    if (r.ok) {
      return c.html(
        <MessagePage v={v} title={v.t('signup.checkMail.title')} text={v.t('signup.checkMail.text', { email: parsed.data.email })} />,
      );
    }
    if ('under15' in r) return c.html(<Under15Page v={v} />);
    const errors: FormErrors = { [r.field ?? '_form']: v.t(r.error) };
    return c.html(<SignUpPage v={v} values={values} errors={errors} />, r.error === 'err.throttled' ? 429 : 400);
  });

  core.page({ name: 'accounts.confirm', method: 'GET', path: `${L}/nalog/potvrda`, access: PUBLIC }, async (c) => {
    const ok = await confirmSignUp(c.var.deps, c.req.query('token') ?? '');
    return c.redirect(go(c.var.locale, '/nalog/prijava', ok ? 'confirm.ok' : 'confirm.bad'), 303);
  });

  core.page({ name: 'accounts.confirm.resend', method: 'POST', path: `${L}/nalog/potvrda/ponovo`, access: PUBLIC }, async (c) => {
    const parsed = parseForm(emailOnlyForm, await readForm(c), c.var.locale);
    if (parsed.ok) {
      const r = await resendConfirmation(c.var.deps, parsed.data.email, clientIp(c));
      if (!r.ok) return c.html(<LogInPage v={view(c)} errors={{ _form: t(c.var.locale, r.error) }} />, 429);
    }
    return c.redirect(go(c.var.locale, '/nalog/prijava', 'confirm.resent'), 303);
  });

  core.page({ name: 'accounts.login.form', method: 'GET', path: `${L}/nalog/prijava`, access: PUBLIC }, (c) =>
    c.html(<LogInPage v={view(c)} values={{ next: c.req.query('next') ?? '' }} />),
  );

  core.page({ name: 'accounts.login', method: 'POST', path: `${L}/nalog/prijava`, access: PUBLIC }, async (c) => {
    const values = await readForm(c);
    const v = view(c);
    const parsed = parseForm(logInForm, values, c.var.locale);
    if (!parsed.ok) return c.html(<LogInPage v={v} values={values} errors={parsed.errors} />, 400);
    const r = await logIn(c.var.deps, parsed.data.email, parsed.data.password, clientIp(c));
    if (!r.ok) {
      const status = r.error === 'err.throttled' ? 429 : 400;
      return c.html(<LogInPage v={v} values={values} errors={{ _form: v.t(r.error) }} unconfirmed={r.unconfirmed} />, status);
    }
    // A fresh session id at every log-in; any earlier session of this browser ends, and so do
    // the forms it rendered (a new CSRF cookie; tokens are bound to the session cookie too).
    const old = getCookie(c, SESSION_COOKIE);
    if (old) await deleteSession(c.var.deps.db, old);
    rotateCsrf(c);
    setCookie(c, SESSION_COOKIE, r.token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: isHttps(c.var.deps.config),
      path: '/',
      maxAge: c.var.deps.config.SESSION_DAYS * 24 * 3600,
    });
    // Staff start their day on the administration page; everyone else on their account.
    const actor = await loadActor(c.var.deps.db, r.token, c.var.deps.config.SESSION_DAYS, c.var.deps.now());
    const home = actor && (actor.isNationalAdmin || staffOffices(actor).length > 0) ? '/admin' : '/nalog';
    return c.redirect(safeLocalPath(parsed.data.next, `/${c.var.locale}${home}`), 303);
  });

  core.page({ name: 'accounts.logout', method: 'POST', path: `${L}/nalog/odjava`, access: PUBLIC }, async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSession(c.var.deps.db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect(go(c.var.locale, '/', 'logout.done'), 303);
  });

  core.page({ name: 'accounts.forgot.form', method: 'GET', path: `${L}/nalog/zaboravljena-lozinka`, access: PUBLIC }, (c) =>
    c.html(<ForgotPage v={view(c)} />),
  );

  core.page({ name: 'accounts.forgot', method: 'POST', path: `${L}/nalog/zaboravljena-lozinka`, access: PUBLIC }, async (c) => {
    const values = await readForm(c);
    const v = view(c);
    const parsed = parseForm(emailOnlyForm, values, c.var.locale);
    if (!parsed.ok) return c.html(<ForgotPage v={v} values={values} errors={parsed.errors} />, 400);
    const r = await requestPasswordReset(c.var.deps, parsed.data.email, clientIp(c));
    if (!r.ok) return c.html(<ForgotPage v={v} values={values} errors={{ _form: v.t(r.error) }} />, 429);
    return c.html(<MessagePage v={v} title={v.t('forgot.title')} text={v.t('forgot.sent')} />);
  });

  core.page({ name: 'accounts.reset.form', method: 'GET', path: `${L}/nalog/nova-lozinka`, access: PUBLIC }, async (c) => {
    const token = c.req.query('token') ?? '';
    const v = view(c);
    if (!(await tokenIsValid(c.var.deps.db, token, 'reset_password'))) return c.html(<ResetBadPage v={v} />, 400);
    return c.html(<ResetPage v={v} token={token} />);
  });

  core.page({ name: 'accounts.reset', method: 'POST', path: `${L}/nalog/nova-lozinka`, access: PUBLIC }, async (c) => {
    const values = await readForm(c);
    const v = view(c);
    const parsed = parseForm(resetForm, values, c.var.locale);
    if (!parsed.ok) return c.html(<ResetPage v={v} token={values.token ?? ''} errors={parsed.errors} />, 400);
    const ok = await resetPassword(c.var.deps, parsed.data.token, parsed.data.password);
    if (!ok) return c.html(<ResetBadPage v={v} />, 400);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect(go(c.var.locale, '/nalog/prijava', 'reset.done'), 303);
  });

  const accountPage = async (
    c: Parameters<Parameters<Core['page']>[1]>[0],
    values?: Record<string, string>,
    errors?: FormErrors,
    opts: { failed?: 'email' | 'password'; status?: 400 | 429 } = {},
  ) => {
    const { db } = c.var.deps;
    const actor = c.var.actor!;
    const user = await findUserById(db, actor.userId);
    const consents = await listConsents(db, actor.userId);
    const data = {
      email: user?.email ?? actor.email,
      displayName: actor.displayName,
      birthDate: user?.birth_date ?? '',
      isNationalAdmin: actor.isNationalAdmin,
      memberships: actor.memberships,
      consents,
    };
    return c.html(
      <AccountPage v={view(c)} data={data} values={values} errors={errors} failed={opts.failed} />,
      errors ? (opts.status ?? 400) : 200,
    );
  };

  core.page({ name: 'accounts.show', method: 'GET', path: `${L}/nalog`, access: SIGNED_IN }, (c) => accountPage(c));

  core.page({ name: 'accounts.email.change', method: 'POST', path: `${L}/nalog/email`, access: SIGNED_IN }, async (c) => {
    const values = await readForm(c);
    const parsed = parseForm(changeEmailForm, values, c.var.locale);
    if (!parsed.ok) return accountPage(c, values, parsed.errors);
    const r = await requestEmailChange(c.var.deps, c.var.actor!.userId, parsed.data.new_email, parsed.data.current_password, clientIp(c));
    if (!r.ok)
      return accountPage(
        c,
        values,
        { [r.field ?? '_form']: t(c.var.locale, r.error) },
        { status: r.error === 'err.throttled' ? 429 : 400 },
      );
    return c.redirect(go(c.var.locale, '/nalog', 'account.changeEmail.sent'), 303);
  });

  core.page({ name: 'accounts.password.change', method: 'POST', path: `${L}/nalog/lozinka`, access: SIGNED_IN }, async (c) => {
    const values = await readForm(c);
    const parsed = parseForm(changePasswordForm, values, c.var.locale);
    if (!parsed.ok) return accountPage(c, {}, parsed.errors, { failed: 'password' });
    const r = await changePassword(c.var.deps, c.var.actor!, parsed.data, clientIp(c));
    if (!r.ok) {
      const status = r.error === 'err.throttled' ? 429 : 400;
      return accountPage(c, {}, { [r.field ?? '_form']: t(c.var.locale, r.error) }, { failed: 'password', status });
    }
    return c.redirect(go(c.var.locale, '/nalog', 'account.changePassword.done'), 303);
  });

  core.page({ name: 'accounts.email.confirm', method: 'GET', path: `${L}/nalog/email/potvrda`, access: PUBLIC }, async (c) => {
    const ok = await confirmEmailChange(c.var.deps, c.req.query('token') ?? '');
    const target = c.var.actor ? '/nalog' : '/nalog/prijava';
    return c.redirect(go(c.var.locale, target, ok ? 'account.changeEmail.done' : 'confirm.bad'), 303);
  });
}
