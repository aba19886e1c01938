import { hasOfficeRole } from '../../core/auth/actor.ts';
import type { Context } from 'hono';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { isUuid } from '../../core/http/ids.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { STAFF, withNational } from '../../core/http/routes.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import { localToday } from '../accounts/age.ts';
import { parseEntryCode } from '../registrations/entry-code.ts';
import { registerCheckinApi } from './api.ts';
import { findRegistration, listConfirmed, listSessionsWithPresence, type CheckinActivity, type CheckinRow } from './repo.ts';
import { codeFields, periodQuery, toggleFields } from './schema.ts';
import { OUTCOMES, checkIn, defaultSession, uncheck, type Outcome } from './service.ts';
import { attendanceNumbers } from './stats.ts';
import { localParts } from '../../core/time.ts';
import { ActivityStatsPage, CheckinPage, PeriodStatsPage, checkinPath, outcomeMessage, type CheckinResult } from './views.tsx';

/** Rows whose name, e-mail or code contain every word of the search (any script, no diacritics); an entry code finds its row. */
export function filterRows(rows: readonly CheckinRow[], q: string): CheckinRow[] {
  const entry = parseEntryCode(q);
  if (entry) return rows.filter((r) => r.short_code === entry);
  const words = searchKey(q).split(' ').filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((r) => {
    const key = `${searchKey(`${r.full_name} ${r.email}`)} ${r.code.toLowerCase()} ${r.short_code.toLowerCase()}`;
    return words.every((w) => key.includes(w));
  });
}

export function registerCheckinRoutes(core: Core): void {
  const activityBase = `${L}/admin/kancelarije/:office/aktivnosti/:activity`;
  const page = `${activityBase}/dolazak`;

  const showPage = async (
    c: Context<AppEnv>,
    activity: CheckinActivity,
    opts: {
      sessionId?: string | undefined;
      q?: string;
      status?: 200 | 400;
      result?: CheckinResult;
      codeValues?: FormValues;
      codeErrors?: FormErrors;
    } = {},
  ) => {
    const { db, now } = c.var.deps;
    const office = c.var.office;
    const sessions = await listSessionsWithPresence(db, office.id, activity.id);
    const session = defaultSession(sessions, opts.sessionId, now());
    const rows = session ? await listConfirmed(db, office.id, activity.id, session.id) : [];
    const q = (opts.q ?? '').slice(0, 100);
    return c.html(
      <CheckinPage
        v={view(c)}
        office={office}
        activity={activity}
        sessions={sessions}
        session={session}
        rows={rows}
        shown={filterRows(rows, q)}
        q={q}
        result={opts.result}
        today={localParts(now()).date}
        codeValues={opts.codeValues ?? {}}
        codeErrors={opts.codeErrors ?? {}}
      />,
      opts.status ?? 200,
    );
  };

  /** Where a check-in form leads back to: the same session and search, with the outcome to announce. */
  const back = (c: Context<AppEnv>, activityId: string, params: Record<string, string>, anchor = '') => {
    const qs = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== ''));
    return c.redirect(`/${c.var.locale}${checkinPath(c.var.office, activityId)}?${qs.toString()}${anchor}`, 303);
  };

  core.page({ name: 'checkin.page', method: 'GET', path: page, access: STAFF, params: ['activity'] }, async (c) => {
    const activity = c.var.activity;
    const sessionId = c.req.query('sesija');
    const ishod = c.req.query('ishod') as Outcome | undefined;
    let result: CheckinResult | undefined;
    if (ishod && (OUTCOMES as readonly string[]).includes(ishod)) {
      const r = c.req.query('r');
      const rows =
        r && isUuid(r) && sessionId && isUuid(sessionId)
          ? await listConfirmed(c.var.deps.db, c.var.office.id, activity.id, sessionId.toLowerCase())
          : [];
      const name = rows.find((x) => x.id === r?.toLowerCase())?.full_name;
      result =
        name !== undefined
          ? { outcome: ishod, name, registrationId: r!.toLowerCase() }
          : ishod.startsWith('ok') || ishod === 'already'
            ? undefined
            : { outcome: ishod };
    }
    return showPage(c, activity, { sessionId: sessionId?.toLowerCase(), q: c.req.query('q') ?? '', result });
  });

  // A tick on the list (present=1) or its undoing (present=0); works without JavaScript.
  core.page({ name: 'checkin.toggle', method: 'POST', path: page, access: STAFF, params: ['activity'] }, async (c) => {
    const activity = c.var.activity;
    const { deps, office, locale } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(toggleFields, values, locale);
    if (!parsed.ok) return errorResponse(c, 400, Object.values(parsed.errors).join(' '));
    const { registration, sesija, present } = parsed.data;
    const q = (values.q ?? '').slice(0, 100);
    if (present === '0') {
      const sessions = await listSessionsWithPresence(deps.db, office.id, activity.id);
      if (!sessions.some((s) => s.id === sesija) || !(await findRegistration(deps.db, office.id, activity.id, registration)))
        return errorResponse(c, 404);
      await uncheck(deps, c.var.actor!, office, activity, registration, sesija);
      return back(c, activity.id, { sesija, q, n: 'checkin.undone' }, `#r-${registration}`);
    }
    const [r] = await checkIn(deps, c.var.actor!, office, activity, [
      { registrationId: registration, sessionId: sesija, at: deps.now(), method: 'list' },
    ]);
    if (r!.outcome === 'ok' || r!.outcome === 'already')
      return back(c, activity.id, { sesija, q, ishod: r!.outcome, r: registration }, `#r-${registration}`);
    // The list's hidden ids name a session and a registration of this activity: any other is not found.
    if (r!.outcome === 'bad_session' || r!.outcome === 'unknown') return errorResponse(c, 404);
    return showPage(c, activity, {
      sessionId: sesija,
      q,
      status: 400,
      result: { outcome: r!.outcome, ...(r!.name !== undefined ? { name: r!.name } : {}) },
    });
  });

  // A code typed by hand (or sent by the form when the script is not running).
  core.page({ name: 'checkin.code', method: 'POST', path: `${page}/kod`, access: STAFF, params: ['activity'] }, async (c) => {
    const activity = c.var.activity;
    const { deps, office, locale } = c.var;
    const values = await readForm(c);
    const sessionId = isUuid(values.sesija ?? '') ? values.sesija!.toLowerCase() : undefined;
    // The session comes from the page (a hidden field), the code from the person: only the code may be wrong.
    if (sessionId && !(await listSessionsWithPresence(deps.db, office.id, activity.id)).some((s) => s.id === sessionId))
      return errorResponse(c, 404);
    const parsed = parseForm(codeFields, values, locale);
    if (!parsed.ok) return showPage(c, activity, { sessionId, status: 400, codeValues: values, codeErrors: parsed.errors });
    const { code, sesija } = parsed.data;
    const [r] = await checkIn(deps, c.var.actor!, office, activity, [{ code, sessionId: sesija, at: deps.now(), method: 'qr' }]);
    if (r!.outcome === 'ok' || r!.outcome === 'already')
      return back(c, activity.id, { sesija, ishod: r!.outcome, r: r!.registrationId! }, '#result');
    if (r!.outcome === 'bad_session') return errorResponse(c, 404);
    const message = outcomeMessage(view(c), r!.outcome, r!.name);
    // A cancelled activity shows no code form: the refusal is announced on the page instead.
    if (activity.status === 'cancelled') return showPage(c, activity, { sessionId, status: 400, result: { outcome: r!.outcome } });
    return showPage(c, activity, { sessionId, status: 400, codeValues: values, codeErrors: { code: message } });
  });

  core.page(
    { name: 'checkin.stats.activity', method: 'GET', path: `${activityBase}/statistika`, access: STAFF, params: ['activity'] },
    async (c) => {
      const activity = c.var.activity;
      const numbers = await attendanceNumbers(c.var.deps.db, { officeId: c.var.office.id, activityId: activity.id });
      return c.html(<ActivityStatsPage v={view(c)} office={c.var.office} activity={activity} numbers={numbers} />);
    },
  );

  core.page(
    {
      name: 'checkin.stats.period',
      method: 'GET',
      path: `${L}/admin/kancelarije/:office/aktivnosti/statistika`,
      access: withNational(STAFF),
    },
    async (c) => {
      const query = periodQuery.parse(c.req.query());
      const today = localToday(c.var.deps.now());
      const filter = {
        od: query.od ?? `${today.slice(0, 4)}-01-01`,
        do: query.do ?? today,
        oblast: query.oblast ?? '',
        vrsta: query.vrsta ?? '',
      };
      const numbers = await attendanceNumbers(c.var.deps.db, {
        officeId: c.var.office.id,
        from: filter.od,
        to: filter.do,
        area: filter.oblast || null,
        kind: filter.vrsta || null,
      });
      const staff = hasOfficeRole(c.var.actor, c.var.office.id, ['coordinator', 'office_admin']);
      return c.html(<PeriodStatsPage v={view(c)} office={c.var.office} filter={filter} numbers={numbers} staff={staff} />);
    },
  );

  registerCheckinApi(core);
}
