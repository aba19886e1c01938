import type { Context } from 'hono';
import { qrSvg } from './qr.ts';
import type { Core } from '../../core/http/app-core.ts';
import { clientIp } from '../../core/http/client.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { uuidOrNull } from '../../core/http/ids.ts';
import { findActivity } from '../activities/repo.ts';
import { parseForm, readForm, type FormErrors } from '../../core/http/forms.ts';
import { PUBLIC, SIGNED_IN, STAFF } from '../../core/http/routes.ts';
import { t } from '../../core/i18n/messages.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view, type View } from '../../core/views/view.ts';
import { eligibleRegistrationIds } from '../certificates/repo.ts';
import { logAccess } from '../people/access-repo.ts';
import { CANCEL_PATH, CONFIRM_PATH, MY_REGISTRATIONS_PATH } from './mails.ts';
import {
  findLive,
  findOffice,
  listForActivity,
  listMyRegistrations,
  waitlistPosition,
  type Registration,
  type RegistrationStatus,
} from './repo.ts';
import { guestFields, messageFields, walkInFields } from './schema.ts';
import { windowState } from './seats.ts';
import {
  addWalkIn,
  cancelByToken,
  cancelMine,
  confirmByToken,
  guestAge,
  messageAll,
  readAnswers,
  registrationByToken,
  signUpAccount,
  signUpGuest,
  staffCancel,
  staffDecide,
} from './service.ts';
import {
  CheckMailPage,
  LinkPage,
  MyRegistrationsPage,
  SignUpPage,
  StaffPage,
  Under15Page,
  signUpPath,
  staffPath,
  type ActivityInfo,
} from './views.tsx';

type C = Context<AppEnv>;

/** The :activity (resolved by core) as the public sees it: published or cancelled, a draft is not found. */
function publicActivity(c: C): ActivityInfo | undefined {
  const a = c.var.activity;
  return a.status === 'draft' ? undefined : a;
}

/**
 * The page a sign-up or a guest's confirmation redirects to tells the truth once: a place on
 * the waitlist is named by its number (the layout's notice is a fixed text, so it steps aside).
 */
function waitlistNotice(
  v: View,
  reg: { status: RegistrationStatus; position?: number | undefined } | undefined,
): [View, string | undefined] {
  if (v.notice !== 'reg.n.waitlisted' || reg?.status !== 'waitlisted' || !reg.position) return [v, undefined];
  return [{ ...v, notice: undefined }, v.t('reg.n.waitlistedN', { n: reg.position })];
}

async function withPosition(c: C, r: Registration | undefined): Promise<(Registration & { position?: number | undefined }) | undefined> {
  if (!r) return undefined;
  return r.status === 'waitlisted' ? { ...r, position: await waitlistPosition(c.var.deps.db, r.office_id, r.id) } : r;
}

export function registerRegistrationRoutes(core: Core): void {
  const signUp = `${L}/kancelarije/:office/aktivnosti/:activity/prijava`;

  /** Why nobody can sign up now, in words; undefined when open. */
  const closedReason = (c: C, a: ActivityInfo): string | undefined => {
    const { locale } = c.var;
    if (a.status === 'cancelled') return t(locale, 'reg.err.activityCancelled');
    const w = windowState(a, c.var.deps.now());
    if (w === 'notYet') return t(locale, 'reg.err.notYetOpen');
    if (w === 'closed') return t(locale, 'reg.err.closed');
    return undefined;
  };

  const showSignUp = async (
    c: C,
    a: ActivityInfo,
    status: 200 | 400 = 200,
    extra: { values?: Record<string, string>; errors?: FormErrors } = {},
  ) => {
    const actor = c.var.actor;
    const mine = actor ? await withPosition(c, await findLive(c.var.deps.db, c.var.office.id, a.id, { userId: actor.userId })) : undefined;
    c.header('cache-control', 'private, no-store');
    const [v, notice] = waitlistNotice(view(c), mine);
    return c.html(
      <SignUpPage v={v} office={c.var.office} a={a} mine={mine} closed={closedReason(c, a)} notice={notice} {...extra} />,
      status,
    );
  };

  core.page({ name: 'registrations.form', method: 'GET', path: signUp, access: PUBLIC, params: ['office', 'activity'] }, async (c) => {
    const a = publicActivity(c);
    return a ? showSignUp(c, a) : errorResponse(c, 404);
  });

  core.page({ name: 'registrations.create', method: 'POST', path: signUp, access: PUBLIC, params: ['office', 'activity'] }, async (c) => {
    const a = publicActivity(c);
    if (!a) return errorResponse(c, 404);
    const { deps, office, locale, actor } = c.var;
    const values = await readForm(c);
    const again = (errors: FormErrors) => showSignUp(c, a, 400, { values, errors });
    const { answers, errors: answerErrors } = readAnswers(a.questions, values, locale);
    const done = (status: string) => c.redirect(`/${locale}${signUpPath(office, a.id)}?n=reg.n.${status}`, 303);
    if (actor) {
      if (Object.keys(answerErrors).length > 0) return again(answerErrors);
      const r = await signUpAccount(deps, actor, office, a.id, answers, locale);
      if (!r.ok) return again({ [r.field ?? '_form']: t(locale, r.error, r.vars) });
      return done(r.value.status);
    }
    const parsed = parseForm(guestFields, values, locale);
    const errors: FormErrors = { ...(parsed.ok ? {} : parsed.errors), ...answerErrors };
    if (parsed.ok) {
      // The foundation's under-15 rule: nothing is stored; the page says how to join with a parent.
      const age = guestAge(parsed.data.birth_year, parsed.data.turned15, deps.now());
      if (age === 'under15') return c.html(<Under15Page v={view(c)} office={office} />);
      if (age === 'ask') errors.turned15 = t(locale, 'reg.err.turned15');
    }
    if (!parsed.ok || Object.keys(errors).length > 0) return again(errors);
    const r = await signUpGuest(deps, office, a.id, parsed.data, answers, locale, clientIp(c));
    if (!r.ok) return again({ [r.field ?? '_form']: t(locale, r.error, r.vars) });
    return c.html(<CheckMailPage v={view(c)} office={office} a={a} />);
  });

  // ── Mailed links: the page shows the registration and one button (a link opened by a mail
  // scanner changes nothing).
  const linkPage = async (c: C, kind: 'confirm' | 'cancel', token: string, error?: string, status: 200 | 400 = 200) => {
    const reg = await registrationByToken(c.var.deps, token);
    c.header('cache-control', 'no-store');
    if (!reg) return c.html(<LinkPage v={view(c)} kind={kind} token="" error={t(c.var.locale, 'reg.err.badLink')} />, 404);
    const [a, office] = await Promise.all([
      findActivity(c.var.deps.db, reg.office_id, reg.activity_id),
      findOffice(c.var.deps.db, reg.office_id),
    ]);
    let err = error;
    // Just confirmed (the redirect's notice names the outcome): that notice is the one message.
    const justDone = view(c).notice === `reg.n.${reg.status}`;
    if (!err && kind === 'confirm' && reg.status !== 'unconfirmed' && !justDone) {
      err = t(c.var.locale, reg.status === 'cancelled' || reg.status === 'declined' ? 'reg.err.linkCancelled' : 'reg.err.linkUsed');
    } else if (!err && kind === 'confirm' && reg.token_expires_at && new Date(reg.token_expires_at) <= c.var.deps.now()) {
      err = t(c.var.locale, 'reg.err.linkExpired');
    }
    const qr = reg.status === 'confirmed' ? await qrSvg(reg.code) : undefined;
    const shown = await withPosition(c, reg);
    const [v, notice] = waitlistNotice(view(c), shown);
    return c.html(
      <LinkPage
        v={v}
        kind={kind}
        token={token}
        reg={shown}
        a={a}
        office={office}
        error={err}
        qr={qr}
        rejected={status === 400}
        notice={notice}
      />,
      status,
    );
  };

  core.page({ name: 'registrations.confirm.form', method: 'GET', path: `${L}${CONFIRM_PATH}`, access: PUBLIC }, (c) =>
    linkPage(c, 'confirm', c.req.query('t') ?? ''),
  );
  core.page({ name: 'registrations.confirm', method: 'POST', path: `${L}${CONFIRM_PATH}`, access: PUBLIC }, async (c) => {
    const token = (await readForm(c)).t ?? '';
    const r = await confirmByToken(c.var.deps, token);
    if (!r.ok) return linkPage(c, 'confirm', token, t(c.var.locale, r.error), 400);
    return c.redirect(`/${c.var.locale}${CONFIRM_PATH}?t=${encodeURIComponent(token)}&n=reg.n.${r.value.status}`, 303);
  });

  core.page({ name: 'registrations.cancelLink.form', method: 'GET', path: `${L}${CANCEL_PATH}`, access: PUBLIC }, (c) =>
    linkPage(c, 'cancel', c.req.query('t') ?? ''),
  );
  core.page({ name: 'registrations.cancelLink', method: 'POST', path: `${L}${CANCEL_PATH}`, access: PUBLIC }, async (c) => {
    const token = (await readForm(c)).t ?? '';
    const r = await cancelByToken(c.var.deps, token);
    if (!r.ok) return linkPage(c, 'cancel', token, t(c.var.locale, r.error), 400);
    return c.redirect(`/${c.var.locale}${CANCEL_PATH}?t=${encodeURIComponent(token)}&n=reg.n.cancelled`, 303);
  });

  // ── The person's registrations, with QR codes.
  core.page({ name: 'registrations.mine', method: 'GET', path: `${L}${MY_REGISTRATIONS_PATH}`, access: SIGNED_IN }, async (c) => {
    const { db, now } = c.var.deps;
    const [rows, eligible] = await Promise.all([
      listMyRegistrations(db, c.var.actor!.userId),
      eligibleRegistrationIds(db, c.var.actor!.userId, now()),
    ]);
    const qr = new Map<string, string>();
    for (const r of rows) {
      if (r.status === 'confirmed') qr.set(r.id, await qrSvg(r.code));
    }
    c.header('cache-control', 'private, no-store');
    return c.html(<MyRegistrationsPage v={view(c)} rows={rows} qr={qr} certificates={new Set(eligible)} />);
  });

  core.page(
    { name: 'registrations.mine.cancel', method: 'POST', path: `${L}${MY_REGISTRATIONS_PATH}/otkazi`, access: SIGNED_IN },
    async (c) => {
      const id = uuidOrNull((await readForm(c)).id);
      if (!id) return errorResponse(c, 404);
      const r = await cancelMine(c.var.deps, c.var.actor!, id);
      if (!r.ok) return errorResponse(c, 404);
      return c.redirect(`/${c.var.locale}${MY_REGISTRATIONS_PATH}?n=reg.n.cancelled`, 303);
    },
  );

  // ── Staff: the activity's registrations.
  const staff = `${L}/admin/kancelarije/:office/aktivnosti/:activity/prijave`;
  type StaffExtra = Omit<Parameters<typeof StaffPage>[0], 'v' | 'office' | 'a' | 'rows'>;
  const showStaff = async (c: C, a: ActivityInfo, status: 200 | 400 = 200, extra: StaffExtra = {}) => {
    const { db } = c.var.deps;
    const rows = await listForActivity(db, c.var.office.id, a.id);
    // People of the office's register shown here: a logged view each (ZZPL; people/access-repo.ts).
    for (const personId of new Set(rows.map((r) => r.person_id).filter((p): p is string => p !== null))) {
      await logAccess(db, c.var.office.id, c.var.actor?.userId ?? null, personId, 'view', 'registrations');
    }
    c.header('cache-control', 'private, no-store');
    return c.html(<StaffPage v={view(c)} office={c.var.office} a={a} rows={rows} {...extra} />, status);
  };
  const back = (c: C, a: ActivityInfo, notice: string) => c.redirect(`/${c.var.locale}${staffPath(c.var.office, a.id)}?n=${notice}`, 303);

  core.page({ name: 'registrations.staff', method: 'GET', path: staff, access: STAFF, params: ['activity'] }, async (c) => {
    return showStaff(c, c.var.activity);
  });

  core.page(
    { name: 'registrations.staff.decide', method: 'POST', path: `${staff}/odluka`, access: STAFF, params: ['activity'] },
    async (c) => {
      const a = c.var.activity;
      const values = await readForm(c);
      const id = uuidOrNull(values.id);
      if (!id || (values.odluka !== 'approve' && values.odluka !== 'decline'))
        return showStaff(c, a, 400, { rowError: t(c.var.locale, 'reg.err.notPending') });
      const r = await staffDecide(c.var.deps, c.var.actor!, c.var.office, a.id, id, values.odluka === 'approve');
      if (!r.ok)
        return r.error === 'error.404.title' ? errorResponse(c, 404) : showStaff(c, a, 400, { rowError: t(c.var.locale, r.error) });
      return back(c, a, values.odluka === 'approve' ? 'reg.n.approved' : 'reg.n.declined');
    },
  );

  core.page(
    { name: 'registrations.staff.cancel', method: 'POST', path: `${staff}/otkazi`, access: STAFF, params: ['activity'] },
    async (c) => {
      const a = c.var.activity;
      const id = uuidOrNull((await readForm(c)).id);
      if (!id) return errorResponse(c, 404);
      const r = await staffCancel(c.var.deps, c.var.actor!, c.var.office, a.id, id);
      if (!r.ok) return errorResponse(c, 404);
      return back(c, a, 'reg.n.cancelled');
    },
  );

  core.page(
    { name: 'registrations.staff.walkIn', method: 'POST', path: `${staff}/na-licu-mesta`, access: STAFF, params: ['activity'] },
    async (c) => {
      const a = c.var.activity;
      const { locale } = c.var;
      const values = await readForm(c);
      const parsed = parseForm(walkInFields, values, locale);
      if (!parsed.ok) return showStaff(c, a, 400, { walkInValues: values, walkInErrors: parsed.errors });
      const r = await addWalkIn(c.var.deps, c.var.actor!, c.var.office, a.id, parsed.data, locale);
      if (!r.ok) return showStaff(c, a, 400, { walkInValues: values, walkInErrors: { [r.field ?? '_form']: t(locale, r.error, r.vars) } });
      return back(c, a, 'reg.n.walkIn');
    },
  );

  core.page(
    { name: 'registrations.staff.message', method: 'POST', path: `${staff}/poruka`, access: STAFF, params: ['activity'] },
    async (c) => {
      const a = c.var.activity;
      const { locale } = c.var;
      const values = await readForm(c);
      const parsed = parseForm(messageFields, values, locale);
      if (!parsed.ok) return showStaff(c, a, 400, { messageValues: values, messageErrors: parsed.errors });
      await messageAll(c.var.deps, c.var.actor!, c.var.office, a.id, parsed.data);
      return back(c, a, 'reg.n.messageSent');
    },
  );
}
