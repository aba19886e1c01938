import type { Context } from 'hono';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import { clientIp } from '../../core/http/client.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { isUuid } from '../../core/http/ids.ts';
import { initiativeLink } from './initiative-link.ts';
import { PUBLIC, SIGNED_IN, STAFF } from '../../core/http/routes.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { belgradeInstant, localParts } from '../../core/time.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import { icsEvents } from '../calendar/feeds.ts';
import { CONFIRM_PATH, MY_REQUESTS_PATH } from './mails.ts';
import { bookingsBetween, listRequests, listResources, myRequests, requestBookings, type OpeningHours } from './repo.ts';
import { bookingIdForm, declineForm, freeQuery, guestFields, requestForm, resourceForm, statsQuery, weekQuery } from './schema.ts';
import {
  addDays,
  approveRequest,
  cancelOwnRequest,
  checkIn,
  confirmGuest,
  declineRequest,
  releaseNoShow,
  requestAsGuest,
  requestBooking,
  requestByToken,
  saveResource,
  weekdayOf,
  weeklySpans,
  whatIsFree,
  type BookingRequestInput,
} from './service.ts';
import { usageStats } from './stats.ts';
import { formatDate } from '../../core/views/format.ts';
import {
  AdminPage,
  CheckMailPage,
  LinkPage,
  MyRequestsPage,
  PublicPage,
  RequestAdminPage,
  RequestPage,
  ResourceFormPage,
  ResourcePage,
  StatsPage,
  adminPath,
  adminRequestPath,
  icsPath,
  publicPath,
  resourceValues,
} from './views.tsx';

type C = Context<AppEnv>;

const DAY = 24 * 3_600_000;

/** Monday of the week of an ISO date. */
const mondayOf = (iso: string) => addDays(iso, 1 - weekdayOf(iso));

export function registerBookingRoutes(core: Core): void {
  const pub = `${L}/kancelarije/:office/prostor`;

  // ── Public: the list, "what is free", one resource's week ────────────────
  core.page({ name: 'bookings.public', method: 'GET', path: pub, access: PUBLIC, params: ['office'] }, async (c) => {
    const { deps, office, locale } = c.var;
    const resources = await listResources(deps.db, office.id, { activeOnly: true });
    const query = c.req.query();
    const values = { datum: query.datum ?? '', od: query.od ?? '', do: query.do ?? '' };
    let free;
    let errors: FormErrors | undefined;
    if (values.datum || values.od || values.do) {
      const q = parseForm(freeQuery, values, locale);
      if (!q.ok) errors = q.errors;
      else if (!q.data.datum || !q.data.od || !q.data.do) errors = { datum: t(locale, 'err.required') };
      else {
        const from = q.data.od.replace('.', ':').padStart(5, '0');
        const to = q.data.do.replace('.', ':').padStart(5, '0');
        if (to <= from) errors = { do: t(locale, 'bk.err.endBeforeStart') };
        else {
          const span = { start: belgradeInstant(q.data.datum, from), end: belgradeInstant(q.data.datum, to) };
          free = { date: q.data.datum, from, to, rows: await whatIsFree(deps, office.id, span) };
        }
      }
    }
    c.header('cache-control', 'no-store');
    return c.html(
      <PublicPage v={view(c)} office={office} resources={resources} free={free} query={values} errors={errors} />,
      errors ? 400 : 200,
    );
  });

  core.page(
    { name: 'bookings.resource', method: 'GET', path: `${pub}/:resource`, access: PUBLIC, params: ['office', 'resource'] },
    async (c) => {
      const { deps, office, resource } = c.var;
      if (!resource.active) return errorResponse(c, 404);
      const today = localParts(deps.now()).date;
      const q = weekQuery.parse(c.req.query());
      // A week within five years either way (a typed year 9999 would run off the calendar).
      const asked = q.nedelja && q.nedelja >= addDays(today, -5 * 366) && q.nedelja <= addDays(today, 5 * 366) ? q.nedelja : today;
      const week = mondayOf(asked);
      const from = belgradeInstant(week, '00:00');
      const until = belgradeInstant(addDays(week, 7), '00:00');
      const bookings = await bookingsBetween(deps.db, office.id, from, until, { resourceId: resource.id });
      c.header('cache-control', 'no-store');
      return c.html(<ResourcePage v={view(c)} office={office} r={resource} week={week} bookings={bookings} today={today} />);
    },
  );

  // iCalendar of one room's approved bookings (outside the script prefix; ?pismo= picks the script), as the calendar's feeds.
  core.page(
    {
      name: 'bookings.ics',
      method: 'GET',
      path: '/kancelarije/:office/prostor/:resource/kalendar.ics',
      access: PUBLIC,
      params: ['office', 'resource'],
    },
    async (c) => {
      const { deps, office, resource } = c.var;
      if (!resource.active) return errorResponse(c, 404);
      const p = c.req.query('pismo');
      const locale = p === 'lat' || p === 'en' ? p : 'cir';
      const now = deps.now();
      const rows = await bookingsBetween(deps.db, office.id, new Date(now.getTime() - 30 * DAY), new Date(now.getTime() + 366 * DAY), {
        resourceId: resource.id,
        approvedOnly: true,
      });
      const name = t(locale, 'bk.ics.name', { resource: inScript(locale, resource.name), office: inScript(locale, office.name) });
      const url = `${deps.config.BASE_URL}${icsPath(office, resource.id)}?pismo=${locale}`;
      const body = await icsEvents(
        { locale, baseUrl: deps.config.BASE_URL, name, url, now },
        rows.map((b) => ({
          id: b.id,
          start: new Date(b.starts),
          end: new Date(b.ends),
          summary: t(locale, 'bk.ics.summary', { resource: inScript(locale, resource.name) }),
          location: inScript(locale, resource.name),
          url: `${deps.config.BASE_URL}/${locale}${publicPath(office)}/${resource.id}`,
          stamp: now,
        })),
      );
      c.header('content-type', 'text/calendar; charset=utf-8');
      c.header('content-disposition', `attachment; filename="${office.slug}-prostor.ics"`);
      return c.body(body, 200);
    },
  );

  // ── Requests ─────────────────────────────────────────────────────────────
  /** The initiative a request names (?inicijativa= on the form, `initiative` in the post), when the reader may book for it. */
  const initiativeOf = async (c: C, id: string | undefined) => {
    if (!id || !c.var.actor || !isUuid(id)) return null;
    const found = await initiativeLink().bookableFor(c.var.deps.db, c.var.office.id, id, c.var.actor.userId);
    return found && { id, ...found };
  };
  const showRequest = async (
    c: C,
    status: 200 | 400 | 409 = 200,
    values: FormValues = {},
    errors?: FormErrors,
    conflicts?: { dates: import('./service.ts').DateProblem[]; free: number },
  ) => {
    const [resources, initiative] = await Promise.all([
      listResources(c.var.deps.db, c.var.office.id, { activeOnly: true }),
      initiativeOf(c, typeof values.initiative === 'string' ? values.initiative : undefined),
    ]);
    c.header('cache-control', 'private, no-store');
    return c.html(
      <RequestPage
        v={view(c)}
        office={c.var.office}
        resources={resources}
        values={values}
        errors={errors}
        conflicts={conflicts}
        guest={!c.var.actor}
        initiative={initiative}
      />,
      status,
    );
  };
  core.page({ name: 'bookings.request.form', method: 'GET', path: `${pub}/zahtev`, access: PUBLIC, params: ['office'] }, async (c) => {
    const q = c.req.query();
    const pick = (k: string) => (typeof q[k] === 'string' ? q[k].slice(0, 200) : '');
    // From an initiative's page: the request is the initiative's, and starts from what it says
    // (who books — its group or association —, the purpose, the LAP area).
    const initiative = pick('inicijativa') ? await initiativeOf(c, pick('inicijativa')) : null;
    return showRequest(c, 200, {
      resource: pick('resource'),
      date: pick('date'),
      from: pick('from'),
      to: pick('to'),
      ...(initiative
        ? {
            initiative: initiative.id,
            booker_kind: initiative.kind,
            group_name: initiative.kind === 'person' ? '' : initiative.group,
            purpose: initiative.title,
            area: initiative.area,
          }
        : pick('inicijativa')
          ? { initiative: pick('inicijativa'), booker_kind: 'informal' }
          : {}),
    });
  });
  core.page({ name: 'bookings.request', method: 'POST', path: `${pub}/zahtev`, access: PUBLIC, params: ['office'] }, async (c) => {
    const { deps, office, locale, actor } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(requestForm, values, locale);
    const guest = actor ? undefined : parseForm(guestFields, values, locale);
    if (!parsed.ok || (guest && !guest.ok)) {
      const errors = { ...(parsed.ok ? {} : parsed.errors), ...(guest && !guest.ok ? guest.errors : {}) };
      return showRequest(c, 400, values, errors);
    }
    const d = parsed.data;
    // A request for an initiative comes from its page: the team's, while it is supported or running.
    const initiative = values.initiative ? await initiativeOf(c, values.initiative) : null;
    if (values.initiative && !initiative) return showRequest(c, 400, values, { _form: t(locale, 'bk.err.initiative') });
    const input: BookingRequestInput = {
      office,
      resourceIds: d.resource,
      spans: weeklySpans(d.date, d.from, d.to, d.weeks ?? 1),
      booker: {
        userId: actor?.userId ?? null,
        kind: d.booker_kind,
        groupName: d.group_name,
        fullName: guest?.ok ? guest.data.full_name : actor!.displayName,
        email: guest?.ok ? guest.data.email : actor!.email,
        locale,
      },
      purpose: d.purpose,
      attendees: d.attendees,
      area: d.area === '' ? null : d.area,
      skipConflicts: d.skip,
      initiativeId: initiative?.id ?? null,
    };
    const r = guest ? await requestAsGuest(deps, input, clientIp(c)) : await requestBooking(deps, input);
    if (!r.ok) {
      // A resource's name in the message is shown in the reader's script, as everywhere else.
      const vars =
        r.vars &&
        Object.fromEntries(
          Object.entries(r.vars).map(([k, x]) => [
            k,
            typeof x !== 'string' ? x : k === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(x) ? formatDate(locale, x) : inScript(locale, x),
          ]),
        );
      const message = t(locale, r.error, vars);
      const conflicts = 'conflicts' in r ? { dates: r.conflicts, free: r.free } : undefined;
      return showRequest(c, conflicts || r.error === 'bk.err.taken' ? 409 : 400, values, { [r.field ?? '_form']: message }, conflicts);
    }
    if (r.value.status === 'unconfirmed') return c.html(<CheckMailPage v={view(c)} office={office} />);
    return c.redirect(`/${locale}${MY_REQUESTS_PATH}?n=bk.n.sent`, 303);
  });

  // ── The guest's mailed link ──────────────────────────────────────────────
  const linkPage = async (c: C, token: string, error?: string, status: 200 | 400 | 404 = 200) => {
    const found = await requestByToken(c.var.deps, token);
    c.header('cache-control', 'no-store');
    if (!found)
      return c.html(<LinkPage v={view(c)} token="" bookings={[]} error={t(c.var.locale, 'bk.err.badLink')} canAct={false} />, 404);
    const bookings = await requestBookings(c.var.deps.db, found.office_id, found.id);
    const expired =
      found.status === 'expired' ||
      (found.status === 'unconfirmed' && !!found.token_expires_at && new Date(found.token_expires_at) <= c.var.deps.now());
    const err = error ?? (expired ? t(c.var.locale, 'bk.err.linkExpired') : undefined);
    const canAct = !err && found.status === 'unconfirmed';
    return c.html(<LinkPage v={view(c)} token={token} r={found} bookings={bookings} error={err} canAct={canAct} />, status);
  };
  core.page({ name: 'bookings.confirm.form', method: 'GET', path: `${L}${CONFIRM_PATH}`, access: PUBLIC }, (c) =>
    linkPage(c, c.req.query('t') ?? ''),
  );
  core.page({ name: 'bookings.confirm', method: 'POST', path: `${L}${CONFIRM_PATH}`, access: PUBLIC }, async (c) => {
    const token = (await readForm(c)).t ?? '';
    const r = await confirmGuest(c.var.deps, token);
    if (!r.ok) return linkPage(c, token, t(c.var.locale, r.error), 400);
    return c.redirect(`/${c.var.locale}${CONFIRM_PATH}?t=${encodeURIComponent(token)}&n=bk.n.confirmed`, 303);
  });

  core.page({ name: 'bookings.mine', method: 'GET', path: `${L}${MY_REQUESTS_PATH}`, access: SIGNED_IN }, async (c) => {
    const rows = await myRequests(c.var.deps.db, c.var.actor!.userId);
    c.header('cache-control', 'private, no-store');
    return c.html(<MyRequestsPage v={view(c)} rows={rows} now={c.var.deps.now()} />);
  });

  core.page(
    // The booker's own request (another account's answers 404): its slots are freed at once.
    { name: 'bookings.cancel', method: 'POST', path: `${pub}/zahtevi/:request/otkaz`, access: SIGNED_IN, params: ['office', 'request'] },
    async (c) => {
      const r = await cancelOwnRequest(c.var.deps, c.var.actor!, c.var.office, c.var.request.id);
      if (!r.ok && r.error === 'error.404.title') return errorResponse(c, 404);
      if (!r.ok) {
        const rows = await myRequests(c.var.deps.db, c.var.actor!.userId);
        c.header('cache-control', 'private, no-store');
        return c.html(<MyRequestsPage v={view(c)} rows={rows} now={c.var.deps.now()} error={t(c.var.locale, r.error)} />, 409);
      }
      return c.redirect(`/${c.var.locale}${MY_REQUESTS_PATH}?n=bk.n.cancelled`, 303);
    },
  );

  // ── Staff ────────────────────────────────────────────────────────────────
  const admin = `${L}/admin/kancelarije/:office/prostor`;
  const showAdmin = async (c: C, status: 200 | 400 | 409 = 200) => {
    const { deps, office } = c.var;
    const now = deps.now();
    const today = localParts(now).date;
    const [pending, decided, todays, resources] = await Promise.all([
      listRequests(deps.db, office.id, ['pending']),
      listRequests(deps.db, office.id, ['approved', 'declined'], 20),
      bookingsBetween(deps.db, office.id, belgradeInstant(today, '00:00'), belgradeInstant(addDays(today, 1), '00:00')),
      listResources(deps.db, office.id),
    ]);
    c.header('cache-control', 'private, no-store');
    return c.html(
      <AdminPage v={view(c)} office={office} pending={pending} decided={decided} today={todays} resources={resources} now={now} />,
      status,
    );
  };
  core.page({ name: 'bookings.admin', method: 'GET', path: admin, access: STAFF }, (c) => showAdmin(c));

  for (const [name, path, act, notice] of [
    ['bookings.admin.checkin', 'dolazak', checkIn, 'bk.n.checkedIn'],
    ['bookings.admin.release', 'oslobodi', releaseNoShow, 'bk.n.released'],
  ] as const) {
    core.page({ name, method: 'POST', path: `${admin}/${path}`, access: STAFF }, async (c) => {
      const parsed = parseForm(bookingIdForm, await readForm(c), c.var.locale);
      if (!parsed.ok) return errorResponse(c, 404);
      const r = await act(c.var.deps, c.var.actor!, c.var.office, parsed.data.booking);
      if (!r.ok) {
        if (r.error === 'error.404.title') return errorResponse(c, 404);
        return c.redirect(`/${c.var.locale}${adminPath(c.var.office)}`, 303);
      }
      return c.redirect(`/${c.var.locale}${adminPath(c.var.office)}?n=${notice}`, 303);
    });
  }

  const hoursOf = (d: Record<string, unknown>): OpeningHours[] =>
    [1, 2, 3, 4, 5, 6, 7].flatMap((w) =>
      d[`opens_${w}`] ? [{ weekday: w, opens: d[`opens_${w}`] as string, closes: d[`closes_${w}`] as string }] : [],
    );

  const showResource = (c: C, values: FormValues, errors?: FormErrors, withRow = false) => {
    c.header('cache-control', 'private, no-store');
    return c.html(
      <ResourceFormPage v={view(c)} office={c.var.office} r={withRow ? c.var.resource : undefined} values={values} errors={errors} />,
      errors ? 400 : 200,
    );
  };
  const saveFrom = async (c: C, id: string | null) => {
    const values = await readForm(c);
    const parsed = parseForm(resourceForm, values, c.var.locale);
    if (!parsed.ok) return showResource(c, values, parsed.errors, id !== null);
    const d = parsed.data;
    const r = await saveResource(
      c.var.deps,
      c.var.actor!,
      c.var.office,
      id,
      {
        kind: d.kind,
        category: d.category,
        name: d.name,
        capacity: d.capacity,
        accessibility: d.accessibility,
        rules: d.rules,
        active: d.active,
      },
      hoursOf(d as Record<string, unknown>),
    );
    if (!r.ok) return errorResponse(c, 404);
    return c.redirect(`/${c.var.locale}${adminPath(c.var.office)}?n=bk.n.saved`, 303);
  };
  core.page({ name: 'bookings.admin.resource.new.form', method: 'GET', path: `${admin}/resursi/novi`, access: STAFF }, (c) =>
    showResource(c, {
      active: 'on',
      opens_1: '16:00',
      closes_1: '21:00',
      opens_2: '16:00',
      closes_2: '21:00',
      opens_3: '16:00',
      closes_3: '21:00',
      opens_4: '16:00',
      closes_4: '21:00',
      opens_5: '16:00',
      closes_5: '21:00',
    }),
  );
  core.page({ name: 'bookings.admin.resource.new', method: 'POST', path: `${admin}/resursi/novi`, access: STAFF }, (c) =>
    saveFrom(c, null),
  );
  core.page(
    { name: 'bookings.admin.resource.form', method: 'GET', path: `${admin}/resursi/:resource`, access: STAFF, params: ['resource'] },
    (c) => showResource(c, resourceValues(c.var.resource), undefined, true),
  );
  core.page(
    { name: 'bookings.admin.resource', method: 'POST', path: `${admin}/resursi/:resource`, access: STAFF, params: ['resource'] },
    (c) => saveFrom(c, c.var.resource.id),
  );

  const showReq = async (c: C, status: 200 | 400 | 409 = 200, values?: FormValues, errors?: FormErrors) => {
    const { deps, office, request } = c.var;
    const bookings = await requestBookings(deps.db, office.id, request.id);
    c.header('cache-control', 'private, no-store');
    return c.html(<RequestAdminPage v={view(c)} office={office} r={request} bookings={bookings} values={values} errors={errors} />, status);
  };
  const req = `${admin}/zahtevi/:request`;
  core.page({ name: 'bookings.admin.request', method: 'GET', path: req, access: STAFF, params: ['request'] }, (c) => showReq(c));
  core.page(
    { name: 'bookings.admin.request.approve', method: 'POST', path: `${req}/odobri`, access: STAFF, params: ['request'] },
    async (c) => {
      const r = await approveRequest(c.var.deps, c.var.actor!, c.var.office, c.var.request.id);
      if (!r.ok) return r.error === 'error.404.title' ? errorResponse(c, 404) : showReq(c, 409, {}, { _form: t(c.var.locale, r.error) });
      return c.redirect(`/${c.var.locale}${adminPath(c.var.office)}?n=bk.n.approved`, 303);
    },
  );
  core.page(
    { name: 'bookings.admin.request.decline', method: 'POST', path: `${req}/odbij`, access: STAFF, params: ['request'] },
    async (c) => {
      const values = await readForm(c);
      const parsed = parseForm(declineForm, values, c.var.locale);
      if (!parsed.ok) return showReq(c, 400, values, parsed.errors);
      const r = await declineRequest(c.var.deps, c.var.actor!, c.var.office, c.var.request.id, parsed.data.reason);
      if (!r.ok)
        return r.error === 'error.404.title' ? errorResponse(c, 404) : showReq(c, 409, values, { _form: t(c.var.locale, r.error) });
      return c.redirect(`/${c.var.locale}${adminRequestPath(c.var.office, c.var.request.id)}?n=bk.n.declined`, 303);
    },
  );

  core.page({ name: 'bookings.stats', method: 'GET', path: `${admin}/statistika`, access: STAFF }, async (c) => {
    const { deps, office, locale } = c.var;
    const q = parseForm(statsQuery, c.req.query(), locale);
    const today = localParts(deps.now()).date;
    // Dates within twenty years back and five ahead (a typed year 9999 would run off the calendar).
    const sane = (d: string | undefined) => (d && d >= addDays(today, -20 * 366) && d <= addDays(today, 5 * 366) ? d : '');
    const from0 = (q.ok && sane(q.data.from)) || addDays(today, -365);
    const to0 = (q.ok && sane(q.data.to)) || today;
    const [from, to] = from0 <= to0 ? [from0, to0] : [to0, from0];
    const stats = await usageStats(deps.db, office.id, belgradeInstant(from, '00:00'), belgradeInstant(addDays(to, 1), '00:00'));
    c.header('cache-control', 'private, no-store');
    return c.html(
      <StatsPage v={view(c)} office={office} stats={stats} from={from} to={to} errors={q.ok ? undefined : q.errors} />,
      q.ok ? 200 : 400,
    );
  });
}
