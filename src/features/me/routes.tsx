import type { Context } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../../core/auth/sessions.ts';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import { clientIp } from '../../core/http/client.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { PUBLIC, SIGNED_IN } from '../../core/http/routes.ts';
import { inScript, type Locale } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import { MessagePage } from '../accounts/views/pages.tsx';
import { withdrawConsent } from '../people/consents.ts';
import { lockConsent } from '../people/consents-repo.ts';
import { listSettlements } from '../people/repo.ts';
import { findSensitive } from '../people/sensitive-repo.ts';
import { collectPersonalData } from './export.ts';
import { findAccount } from './account-repo.ts';
import {
  findFullOffice,
  findLivePurpose,
  findOwnPerson,
  listFullOffices,
  listOwnConsents,
  listOwnPeople,
  type OfficeInfo,
} from './repo.ts';
import { decisionForm, editForm, eraseForm, giveForm, joinForm, parentForm, withdrawForm } from './schema.ts';
import {
  decideParentRequest,
  eraseAccount,
  giveConsent,
  joinRegister,
  parentRequest,
  requestParentConsent,
  updateOwnData,
  type FieldErrors,
} from './service.ts';
import { ConsentsPage, ParentConfirmPage, WithdrawRegisterPage } from './views/consents.tsx';
import { DataPage, EditPage, ErasePage } from './views/data.tsx';
import { personFormValues } from '../people/views/form.tsx';
import { JoinPage, ParentPage } from './views/join.tsx';
import { RopaPage } from './views/ropa.tsx';

type C = Context<AppEnv>;

/** Service errors (message keys) as form errors in the reader's script. */
const formErrors = (locale: Locale, errors: FieldErrors, vars: Record<string, string> = {}): FormErrors => {
  const shown = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, inScript(locale, v)]));
  return Object.fromEntries(Object.entries(errors).map(([k, key]) => [k, t(locale, key, shown)]));
};

/** A parent's token as mailed (newToken: 32 random bytes, base64url). */
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The young person's side: joining an office's register (alone from 15, through a parent's
 * confirmed e-mail under 15), consents, every ZZPL right (see, download, correct, erase) and
 * the record of processing activities. Rows are found by the signed-in account, never by an
 * id from the request alone, so nobody reaches another person's data.
 */
export function registerMeRoutes(core: Core): void {
  const go = (c: C, path: string, notice?: string) => c.redirect(`/${c.var.locale}${path}${notice ? `?n=${notice}` : ''}`, 303);
  const office = (c: C, param = 'office') => findFullOffice(c.var.deps.db, c.req.param(param) ?? '');
  const settlements = async (c: C, o: OfficeInfo) =>
    (await listSettlements(c.var.deps.db, o.id)).map(({ id, name, kind }) => ({ id, name, kind }));

  // ── Joining a register (15+, with an account) ──

  const joinPage = async (c: C, o: OfficeInfo, values: FormValues, errors?: FormErrors) =>
    c.html(<JoinPage v={view(c)} office={o} settlements={await settlements(c, o)} values={values} errors={errors} />, errors ? 400 : 200);

  core.page({ name: 'me.join.form', method: 'GET', path: `${L}/kancelarije/:office/pridruzi-se`, access: SIGNED_IN }, async (c) => {
    const o = await office(c);
    if (!o) return errorResponse(c, 404);
    const { db } = c.var.deps;
    const actor = c.var.actor!;
    if (await findOwnPerson(db, o.id, actor.userId)) return go(c, '/moj-nalog/podaci', 'me.join.already');
    const user = await findAccount(db, actor.userId);
    return joinPage(c, o, {
      full_name: actor.displayName,
      email: actor.email,
      birth_date: user?.birth_date ?? '',
      script: actor.locale,
      purposes: 'register',
    });
  });

  core.page({ name: 'me.join', method: 'POST', path: `${L}/kancelarije/:office/pridruzi-se`, access: SIGNED_IN }, async (c) => {
    const o = await office(c);
    if (!o) return errorResponse(c, 404);
    const values = await readForm(c);
    const parsed = parseForm(joinForm, values, c.var.locale);
    if (!parsed.ok) return joinPage(c, o, values, parsed.errors);
    const r = await joinRegister(c.var.deps, c.var.actor!, o, parsed.data);
    if (r.ok) return go(c, '/moj-nalog/podaci', 'me.join.done');
    if ('already' in r) return go(c, '/moj-nalog/podaci', 'me.join.already');
    return joinPage(c, o, values, formErrors(c.var.locale, r.errors));
  });

  // ── Under 15: a parent asks, and confirms from their own e-mail ──

  const parentPage = async (c: C, o: OfficeInfo, values: FormValues, errors?: FormErrors, status: 200 | 400 | 429 = 200) =>
    c.html(<ParentPage v={view(c)} office={o} settlements={await settlements(c, o)} values={values} errors={errors} />, status);

  core.page({ name: 'me.parent.form', method: 'GET', path: `${L}/kancelarije/:office/pridruzi-se/roditelj`, access: PUBLIC }, async (c) => {
    const o = await office(c);
    if (!o) return errorResponse(c, 404);
    return parentPage(c, o, { purposes: 'register' });
  });

  core.page({ name: 'me.parent', method: 'POST', path: `${L}/kancelarije/:office/pridruzi-se/roditelj`, access: PUBLIC }, async (c) => {
    const o = await office(c);
    if (!o) return errorResponse(c, 404);
    const values = await readForm(c);
    const parsed = parseForm(parentForm, values, c.var.locale);
    if (!parsed.ok) return parentPage(c, o, values, parsed.errors, 400);
    const r = await requestParentConsent(c.var.deps, o, parsed.data, c.var.locale, clientIp(c));
    if (!r.ok) return parentPage(c, o, values, formErrors(c.var.locale, r.errors), r.errors._form === 'err.throttled' ? 429 : 400);
    const v = view(c);
    return c.html(
      <MessagePage v={v} title={v.t('me.parent.sent.title')} text={v.t('me.parent.sent.text', { email: parsed.data.parent_email })} />,
    );
  });

  const badLink = (c: C) => {
    const v = view(c);
    return c.html(<MessagePage v={v} title={v.t('me.confirm.bad.title')} text={v.t('me.confirm.bad.text')} />, 410);
  };

  core.page({ name: 'me.parent.link', method: 'GET', path: `${L}/saglasnost/:office/:token`, access: PUBLIC }, async (c) => {
    const o = await office(c);
    if (!o) return errorResponse(c, 404);
    const token = c.req.param('token') ?? '';
    const req = TOKEN_RE.test(token) ? await parentRequest(c.var.deps, o, token) : undefined;
    if (!req) return badLink(c);
    // The page holds a child's data: no browser or proxy keeps it.
    c.header('cache-control', 'private, no-store');
    return c.html(<ParentConfirmPage v={view(c)} office={o} req={req} token={token} />);
  });

  core.page({ name: 'me.parent.decide', method: 'POST', path: `${L}/saglasnost/:office/:token`, access: PUBLIC }, async (c) => {
    const o = await office(c);
    if (!o) return errorResponse(c, 404);
    const token = c.req.param('token') ?? '';
    if (!TOKEN_RE.test(token)) return badLink(c);
    const parsed = parseForm(decisionForm, await readForm(c), c.var.locale);
    if (!parsed.ok) {
      const req = await parentRequest(c.var.deps, o, token);
      if (!req) return badLink(c);
      c.header('cache-control', 'private, no-store');
      return c.html(
        <ParentConfirmPage v={view(c)} office={o} req={req} token={token} errors={{ _form: t(c.var.locale, 'me.confirm.decide') }} />,
        400,
      );
    }
    const agree = parsed.data.decision === 'agree';
    if (!(await decideParentRequest(c.var.deps, o, token, agree))) return badLink(c);
    const v = view(c);
    return agree
      ? c.html(<MessagePage v={v} title={v.t('me.confirm.agreed.title')} text={v.t('me.confirm.agreed.text', { office: v.tx(o.name) })} />)
      : c.html(<MessagePage v={v} title={v.t('me.confirm.refused.title')} text={v.t('me.confirm.refused.text')} />);
  });

  // ── Consents ──

  core.page({ name: 'me.consents', method: 'GET', path: `${L}/moj-nalog/saglasnosti`, access: SIGNED_IN }, async (c) => {
    const { db } = c.var.deps;
    const userId = c.var.actor!.userId;
    return c.html(<ConsentsPage v={view(c)} people={await listOwnPeople(db, userId)} consents={await listOwnConsents(db, userId)} />);
  });

  core.page({ name: 'me.consents.withdraw', method: 'POST', path: `${L}/moj-nalog/saglasnosti/povuci`, access: SIGNED_IN }, async (c) => {
    const parsed = parseForm(withdrawForm, await readForm(c), c.var.locale);
    if (!parsed.ok) return errorResponse(c, 400);
    const o = await findFullOffice(c.var.deps.db, parsed.data.office);
    const actor = c.var.actor!;
    const consent = o ? await lockConsent(c.var.deps.db, o.id, parsed.data.consent, actor.userId, { lock: false }) : undefined;
    if (!o || !consent) return errorResponse(c, 404);
    if (consent.purpose === 'register' && !consent.withdrawn_at && parsed.data.confirm !== 'yes') {
      return c.html(<WithdrawRegisterPage v={view(c)} office={o} consentId={consent.id} />);
    }
    const r = await withdrawConsent(c.var.deps, actor, o.id, consent.id, 'person');
    if (!r.ok) return errorResponse(c, 404);
    if (r.purpose === 'register') return go(c, '/moj-nalog/podaci', 'me.withdraw.done');
    return go(
      c,
      '/moj-nalog/saglasnosti',
      r.purpose === 'sensitive' && !r.already ? 'me.consents.sensitiveWithdrawn' : 'me.consents.withdrawn',
    );
  });

  core.page({ name: 'me.consents.give', method: 'POST', path: `${L}/moj-nalog/saglasnosti/daj`, access: SIGNED_IN }, async (c) => {
    const parsed = parseForm(giveForm, await readForm(c), c.var.locale);
    if (!parsed.ok) return errorResponse(c, 400);
    const o = await findFullOffice(c.var.deps.db, parsed.data.office);
    if (!o || !(await giveConsent(c.var.deps, c.var.actor!, o.id, parsed.data.purpose))) return errorResponse(c, 404);
    return go(c, '/moj-nalog/saglasnosti', 'me.consents.givenNotice');
  });

  // ── My data: see, download, correct ──

  core.page({ name: 'me.data', method: 'GET', path: `${L}/moj-nalog/podaci`, access: SIGNED_IN }, async (c) => {
    const data = await collectPersonalData(c.var.deps.db, c.var.actor!.userId, c.var.deps.now());
    if (!data) return errorResponse(c, 404);
    return c.html(<DataPage v={view(c)} data={data} />);
  });

  core.page({ name: 'me.data.json', method: 'GET', path: `${L}/moj-nalog/podaci.json`, access: SIGNED_IN }, async (c) => {
    const now = c.var.deps.now();
    const data = await collectPersonalData(c.var.deps.db, c.var.actor!.userId, now);
    if (!data) return errorResponse(c, 404);
    c.header('content-disposition', `attachment; filename="kzm-moji-podaci-${now.toISOString().slice(0, 10)}.json"`);
    return c.body(JSON.stringify(data, null, 2), 200, { 'content-type': 'application/json; charset=utf-8' });
  });

  const editPage = async (c: C, o: OfficeInfo, values: FormValues, errors?: FormErrors) => {
    const person = await findOwnPerson(c.var.deps.db, o.id, c.var.actor!.userId);
    if (!person) return errorResponse(c, 404);
    const sensitive = (await findLivePurpose(c.var.deps.db, o.id, person.id, 'sensitive')) !== undefined;
    return c.html(
      <EditPage v={view(c)} office={o} settlements={await settlements(c, o)} sensitive={sensitive} values={values} errors={errors} />,
      errors ? 400 : 200,
    );
  };

  core.page({ name: 'me.edit.form', method: 'GET', path: `${L}/moj-nalog/podaci/:register/uredi`, access: SIGNED_IN }, async (c) => {
    const o = await office(c, 'register');
    const person = o ? await findOwnPerson(c.var.deps.db, o.id, c.var.actor!.userId) : undefined;
    if (!o || !person) return errorResponse(c, 404);
    const s = await findSensitive(c.var.deps.db, o.id, person.id);
    const sensitiveValues: FormValues = s
      ? { ethnicity: s.ethnicity ?? '', disability: s.disability === null ? '' : s.disability ? 'yes' : 'no', health_note: s.health_note }
      : {};
    return editPage(c, o, { ...personFormValues(person), ...sensitiveValues });
  });

  core.page({ name: 'me.edit', method: 'POST', path: `${L}/moj-nalog/podaci/:register/uredi`, access: SIGNED_IN }, async (c) => {
    const o = await office(c, 'register');
    if (!o) return errorResponse(c, 404);
    const values = await readForm(c);
    const parsed = parseForm(editForm, values, c.var.locale);
    if (!parsed.ok) return editPage(c, o, values, parsed.errors);
    const r = await updateOwnData(c.var.deps, c.var.actor!, o.id, parsed.data);
    if (r.ok) return go(c, '/moj-nalog/podaci', 'form.saved');
    if ('notFound' in r) return errorResponse(c, 404);
    return editPage(c, o, values, formErrors(c.var.locale, r.errors));
  });

  // ── Erase ──

  core.page({ name: 'me.erase.form', method: 'GET', path: `${L}/moj-nalog/obrisi`, access: SIGNED_IN }, (c) =>
    c.html(<ErasePage v={view(c)} />),
  );

  core.page({ name: 'me.erase', method: 'POST', path: `${L}/moj-nalog/obrisi`, access: SIGNED_IN }, async (c) => {
    const parsed = parseForm(eraseForm, await readForm(c), c.var.locale);
    if (!parsed.ok) return c.html(<ErasePage v={view(c)} errors={parsed.errors} />, 400);
    const r = await eraseAccount(c.var.deps, c.var.actor!, parsed.data.password, clientIp(c));
    if (!r.ok)
      return c.html(
        <ErasePage v={view(c)} errors={formErrors(c.var.locale, r.errors, r.vars)} />,
        r.errors._form === 'err.throttled' ? 429 : 400,
      );
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return go(c, '/', 'me.erase.done');
  });

  // ── Record of processing activities ──

  core.page(
    { name: 'me.ropa', method: 'GET', path: `${L}/privatnost/evidencija`, access: PUBLIC, cacheTags: () => ['offices'] },
    async (c) => c.html(<RopaPage v={view(c)} config={c.var.deps.config} offices={await listFullOffices(c.var.deps.db)} />),
  );

  core.page(
    {
      name: 'me.ropa.office',
      method: 'GET',
      path: `${L}/kancelarije/:office/privatnost/evidencija`,
      access: PUBLIC,
      cacheTags: (c) => [`office:${c.req.param('office')}`],
    },
    async (c) => {
      const o = await office(c);
      if (!o) return errorResponse(c, 404);
      return c.html(<RopaPage v={view(c)} config={c.var.deps.config} offices={[o]} office={o} />);
    },
  );
}
