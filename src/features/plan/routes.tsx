import type { Context } from 'hono';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { PUBLIC, STAFF } from '../../core/http/routes.ts';
import { checkUpload, type UploadKind } from '../../core/http/uploads.ts';
import { cleanFileName, fileResponse, findFile } from '../../core/files.ts';
import { t } from '../../core/i18n/messages.ts';
import type { Result } from '../../core/result.ts';
import { localParts } from '../../core/time.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { chartFigure, chartFigures } from '../../core/views/chart.tsx';
import { view } from '../../core/views/view.ts';
import { dashboardCharts, indicatorChart } from './charts.ts';
import { LAP_AREAS, type LapArea } from '../../core/domain.ts';
import { indicatorSources, findSource } from './catalogue.ts';
import { compareVersions } from './compare.ts';
import { indicatorPath, lapPageTag, monitoringPath, planActivityPath, planPath, workplanPath } from './paths.ts';
import {
  evidenceFileId,
  findPlan,
  findWorkplan,
  latestAdopted,
  linkableActivities,
  linkedActivities,
  listPlans,
  loadTree,
  officeOptions,
  planVersions,
  workplanItems,
  type Plan,
} from './repo.ts';
import { parseFigure } from './rules.ts';
import {
  activityForm,
  areaForm,
  goalForm,
  indicatorForm,
  linkForm,
  measureForm,
  opinionForm,
  planForm,
  spendingForm,
  statusForm,
  valueForm,
  workplanItemForm,
  yearForm,
} from './schema.ts';
import {
  addArea,
  addGoal,
  addIndicator,
  addMeasure,
  addPlanActivity,
  advanceWorkplan,
  createPlan,
  createWorkplan,
  dashboard,
  editWorkplanItem,
  linkActivity,
  measureAll,
  openRevision,
  readTargets,
  recordOpinion,
  recordSpending,
  recordValue,
  setPlanStatus,
  type StoredUpload,
} from './service.ts';
import { applySheet, decodeOps, encodeOps, previewSheet, readSheet } from './sheet.ts';
import {
  ComparePage,
  ImportPage,
  IndicatorPage,
  MonitoringPage,
  PlanActivityPage,
  PlanPage,
  PlansPage,
  PublicPlanPage,
  WorkplanPage,
  type FormState,
} from './views.tsx';
import { decisionsOnPlan } from './links-repo.ts';

type C = Context<AppEnv>;

/** The year a page shows: ?godina= within the plan's period, else this year clamped into it. */
function yearOf(c: C, plan: Pick<Plan, 'start_year' | 'end_year'>): number {
  const asked = Number(c.req.query('godina'));
  const now = Number(localParts(c.var.deps.now()).date.slice(0, 4));
  const y = Number.isInteger(asked) && asked >= plan.start_year && asked <= plan.end_year ? asked : now;
  return Math.min(plan.end_year, Math.max(plan.start_year, y));
}

/** The uploaded file of a multipart form's field, checked by its content; null when none was sent. */
async function uploaded(
  c: C,
  field: string,
  kind: UploadKind,
): Promise<{ ok: true; file: StoredUpload | null } | { ok: false; error: string }> {
  const body = await c.req.parseBody({ all: true });
  const sent = [body[field]].flat().find((f): f is File => f instanceof File && (f.size > 0 || f.name !== ''));
  if (!sent) return { ok: true, file: null };
  const check = await checkUpload(sent, kind);
  if (!check.ok) return { ok: false, error: t(c.var.locale, check.error, check.maxMb ? { maxMb: check.maxMb } : undefined) };
  return { ok: true, file: { name: cleanFileName(sent.name), contentType: check.type, bytes: check.bytes } };
}

/** A multipart body carries line breaks as CRLF (browsers and FormData both): the text as typed, with LF. */
const lf = (values: FormValues): FormValues => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.replace(/\r\n?/g, '\n')]));

const errorsOf = (c: C, r: Exclude<Result<unknown>, { ok: true }>): FormErrors => ({
  [r.field ?? '_form']: t(c.var.locale, r.error, r.vars),
});

export function registerPlanRoutes(core: Core): void {
  const admin = `${L}/admin/kancelarije/:office/lap`;
  const one = `${admin}/:lapPlan`;
  const P = ['office', 'lapPlan'] as const;

  // ── The office's plans ──
  const showPlans = async (c: C, status: 200 | 400 = 200, state?: FormState) => {
    const plans = await listPlans(c.var.deps.db, c.var.office.id);
    c.header('cache-control', 'private, no-store');
    return c.html(<PlansPage v={view(c)} office={c.var.office} plans={plans} state={state} now={c.var.deps.now()} />, status);
  };
  core.page({ name: 'plan.list', method: 'GET', path: admin, access: STAFF, params: ['office'] }, (c) => showPlans(c));
  core.page({ name: 'plan.create', method: 'POST', path: admin, access: STAFF, params: ['office'] }, async (c) => {
    const values = await readForm(c);
    const parsed = parseForm(planForm, values, c.var.locale);
    const areas = (values.areas ?? '').split(',').filter((a): a is LapArea => (LAP_AREAS as readonly string[]).includes(a));
    if (!parsed.ok) return showPlans(c, 400, { form: 'plan', values, errors: parsed.errors });
    const r = await createPlan(c.var.deps, c.var.actor!, c.var.office, { ...parsed.data, areas });
    if (!r.ok) return showPlans(c, 400, { form: 'plan', values, errors: errorsOf(c, r) });
    return c.redirect(`/${c.var.locale}${planPath(c.var.office, r.value.id)}?n=plan.n.created`, 303);
  });

  // ── One version ──
  const showPlan = async (c: C, status: 200 | 400 | 409 = 200, state?: FormState) => {
    const { deps, office, lapPlan: plan } = c.var;
    const tree = await loadTree(deps.db, office.id, plan.id);
    const year = yearOf(c, plan);
    const sources = indicatorSources();
    const sourceParams: Record<string, ReadonlyArray<{ value: string; label: string }>> = {};
    for (const s of sources) if (s.params) sourceParams[s.key] = await s.params(deps.db, office.id);
    c.header('cache-control', 'private, no-store');
    return c.html(
      <PlanPage
        v={view(c)}
        office={office}
        plan={plan}
        tree={tree}
        versions={await planVersions(deps.db, office.id, plan.series_id)}
        reports={await measureAll(deps.db, office.id, tree, year, deps.now())}
        year={year}
        sources={sources}
        sourceParams={sourceParams}
        partners={await officeOptions(deps.db, office.id, 'partners')}
        associations={await officeOptions(deps.db, office.id, 'associations')}
        decisions={await decisionsOnPlan(deps.db, office.id, plan.series_id)}
        state={state}
      />,
      status,
    );
  };
  core.page({ name: 'plan.show', method: 'GET', path: one, access: STAFF, params: [...P] }, (c) => showPlan(c));

  /** A form on the plan page: parse, call the service, redirect back or show the page with the errors. */
  const planForm_ = <T,>(
    name: string,
    path: string,
    form: string,
    parse: (values: FormValues, c: C) => { ok: true; data: T } | { ok: false; errors: FormErrors },
    act: (c: C, data: T, values: FormValues) => Promise<Result<unknown>>,
    anchor = '',
  ) =>
    core.page({ name, method: 'POST', path: `${one}${path}`, access: STAFF, params: [...P] }, async (c) => {
      const values = await readForm(c);
      const parsed = parse(values, c);
      if (!parsed.ok) return showPlan(c, 400, { form, values, errors: parsed.errors });
      const r = await act(c, parsed.data, values);
      if (!r.ok) return showPlan(c, r.error === 'plan.err.frozen' ? 409 : 400, { form, values, errors: errorsOf(c, r) });
      return c.redirect(`/${c.var.locale}${planPath(c.var.office, c.var.lapPlan.id)}?n=plan.n.saved${anchor}`, 303);
    });

  planForm_(
    'plan.status',
    '/stanje',
    'status',
    (v, c) => parseForm(statusForm, v, c.var.locale),
    (c, d) => setPlanStatus(c.var.deps, c.var.actor!, c.var.office, c.var.lapPlan, d),
  );
  planForm_(
    'plan.area.add',
    '/oblasti',
    'area',
    (v, c) => parseForm(areaForm, v, c.var.locale),
    (c, d) => addArea(c.var.deps, c.var.actor!, c.var.office, c.var.lapPlan, d),
    '#add-area',
  );
  planForm_(
    'plan.goal.add',
    '/ciljevi',
    'goal',
    (v, c) => parseForm(goalForm, v, c.var.locale),
    (c, d) => addGoal(c.var.deps, c.var.actor!, c.var.office, c.var.lapPlan, d),
    '#add-goal',
  );
  planForm_(
    'plan.measure.add',
    '/mere',
    'measure',
    (v, c) => parseForm(measureForm, v, c.var.locale),
    (c, d) => addMeasure(c.var.deps, c.var.actor!, c.var.office, c.var.lapPlan, d),
    '#add-measure',
  );
  planForm_(
    'plan.activity.add',
    '/aktivnosti',
    'activity',
    (v, c) => parseForm(activityForm, v, c.var.locale),
    (c, d) => addPlanActivity(c.var.deps, c.var.actor!, c.var.office, c.var.lapPlan, d),
    '#add-activity',
  );
  planForm_(
    'plan.indicator.add',
    '/pokazatelji',
    'indicator',
    (values, c) => {
      const parsed = parseForm(indicatorForm, values, c.var.locale);
      const targets = readTargets(c.var.lapPlan, parsed.ok ? parsed.data.unit : 'count', values, parseFigure);
      if (!parsed.ok || !targets.ok) {
        const errors: FormErrors = parsed.ok ? {} : { ...parsed.errors };
        if (!targets.ok) errors[targets.field] = t(c.var.locale, targets.error);
        return { ok: false, errors };
      }
      return { ok: true, data: { input: parsed.data, targets: targets.targets } };
    },
    (c, d) => addIndicator(c.var.deps, c.var.actor!, c.var.office, c.var.lapPlan, d.input, d.targets),
    '#add-indicator',
  );
  core.page({ name: 'plan.revision', method: 'POST', path: `${one}/revizija`, access: STAFF, params: [...P] }, async (c) => {
    const r = await openRevision(c.var.deps, c.var.actor!, c.var.office, c.var.lapPlan);
    if (!r.ok) return showPlan(c, 409, { form: 'revision', values: {}, errors: errorsOf(c, r) });
    return c.redirect(`/${c.var.locale}${planPath(c.var.office, r.value.id)}?n=plan.n.revision`, 303);
  });

  // ── An indicator ──
  const ind = `${one}/pokazatelji/:lapIndicator`;
  const IP = ['office', 'lapPlan', 'lapIndicator'] as const;
  const showIndicator = async (c: C, status: 200 | 400 | 409 = 200, state?: FormState) => {
    const { deps, office, lapPlan: plan, lapIndicator: indicator } = c.var;
    if (indicator.plan_id !== plan.id) return errorResponse(c, 404);
    const tree = await loadTree(deps.db, office.id, plan.id);
    const only = { ...tree, indicators: tree.indicators.filter((i) => i.id === indicator.id) };
    const years = [];
    for (let y = plan.start_year; y <= plan.end_year; y++)
      years.push({ year: y, report: (await measureAll(deps.db, office.id, only, y, deps.now()))[0]! });
    c.header('cache-control', 'private, no-store');
    const v = view(c);
    return c.html(
      <IndicatorPage
        v={v}
        chart={await chartFigure(v, indicatorChart(v, indicator, years))}
        office={office}
        plan={plan}
        indicator={indicator}
        area={tree.areas.find((a) => a.id === indicator.area_id)}
        years={years}
        year={yearOf(c, plan)}
        source={findSource(indicator.source_key)}
        today={localParts(deps.now()).date}
        state={state}
      />,
      status,
    );
  };
  core.page({ name: 'plan.indicator', method: 'GET', path: ind, access: STAFF, params: [...IP] }, (c) => showIndicator(c));
  core.page(
    { name: 'plan.indicator.value', method: 'POST', path: `${ind}/vrednost`, access: STAFF, params: [...IP], upload: 'agreement' },
    async (c) => {
      const { deps, office, lapPlan: plan, lapIndicator: indicator, locale } = c.var;
      if (indicator.plan_id !== plan.id) return errorResponse(c, 404);
      const values = lf(await readForm(c));
      const parsed = parseForm(valueForm, values, locale);
      const file = await uploaded(c, 'file', 'agreement');
      const errors: FormErrors = { ...(parsed.ok ? {} : parsed.errors), ...(file.ok ? {} : { file: file.error }) };
      if (!parsed.ok || !file.ok) return showIndicator(c, 400, { form: 'value', values, errors });
      const r = await recordValue(deps, c.var.actor!, office, plan, indicator, { ...parsed.data, value: parsed.data.value! }, file.file);
      if (!r.ok) return showIndicator(c, 400, { form: 'value', values, errors: errorsOf(c, r) });
      return c.redirect(`/${locale}${indicatorPath(office, plan.id, indicator.id)}?godina=${parsed.data.year}&n=plan.n.saved`, 303);
    },
  );
  core.page({ name: 'plan.indicator.evidence', method: 'GET', path: `${ind}/dokaz`, access: STAFF, params: [...IP] }, async (c) => {
    const { deps, office, lapPlan: plan, lapIndicator: indicator } = c.var;
    if (indicator.plan_id !== plan.id) return errorResponse(c, 404);
    const fileId = await evidenceFileId(deps.db, office.id, indicator.id, yearOf(c, plan));
    const file = fileId ? await findFile(deps.db, office.id, fileId) : undefined;
    return file ? fileResponse(c, file) : errorResponse(c, 404);
  });

  // ── A plan activity ──
  const act = `${one}/aktivnosti/:lapActivity`;
  const AP = ['office', 'lapPlan', 'lapActivity'] as const;
  const showActivity = async (c: C, status: 200 | 400 = 200, state?: FormState) => {
    const { deps, office, lapPlan: plan, lapActivity: a } = c.var;
    if (a.plan_id !== plan.id) return errorResponse(c, 404);
    c.header('cache-control', 'private, no-store');
    return c.html(
      <PlanActivityPage
        v={view(c)}
        office={office}
        plan={plan}
        activity={a}
        linked={await linkedActivities(deps.db, office.id, a.key)}
        linkable={await linkableActivities(deps.db, office.id)}
        decisions={(await decisionsOnPlan(deps.db, office.id, plan.series_id)).filter(
          (d) => d.item_kind === 'activity' && d.item_key === a.key,
        )}
        state={state}
      />,
      status,
    );
  };
  core.page({ name: 'plan.activity', method: 'GET', path: act, access: STAFF, params: [...AP] }, (c) => showActivity(c));
  core.page({ name: 'plan.activity.link', method: 'POST', path: `${act}/veza`, access: STAFF, params: [...AP] }, async (c) => {
    const { deps, office, lapPlan: plan, lapActivity: a, locale } = c.var;
    if (a.plan_id !== plan.id) return errorResponse(c, 404);
    const values = await readForm(c);
    const parsed = parseForm(linkForm, values, locale);
    if (!parsed.ok) return showActivity(c, 400, { form: 'link', values, errors: parsed.errors });
    const r = await linkActivity(deps, c.var.actor!, office, a, parsed.data.activity_id, parsed.data.unlink !== '');
    if (!r.ok && r.error === 'error.404.title') return errorResponse(c, 404);
    if (!r.ok) return showActivity(c, 400, { form: 'link', values, errors: errorsOf(c, r) });
    return c.redirect(`/${locale}${planActivityPath(office, plan.id, a.id)}?n=plan.n.saved`, 303);
  });
  core.page({ name: 'plan.activity.spending', method: 'POST', path: `${act}/utrosak`, access: STAFF, params: [...AP] }, async (c) => {
    const { deps, office, lapPlan: plan, lapActivity: a, locale } = c.var;
    if (a.plan_id !== plan.id) return errorResponse(c, 404);
    const values = await readForm(c);
    const parsed = parseForm(spendingForm, values, locale);
    if (!parsed.ok) return showActivity(c, 400, { form: 'spending', values, errors: parsed.errors });
    const r = await recordSpending(deps, c.var.actor!, office, a, parsed.data);
    if (!r.ok) return showActivity(c, 400, { form: 'spending', values, errors: errorsOf(c, r) });
    return c.redirect(`/${locale}${planActivityPath(office, plan.id, a.id)}?n=plan.n.saved`, 303);
  });

  // ── Monitoring and comparison ──
  core.page({ name: 'plan.monitoring', method: 'GET', path: `${one}/pracenje`, access: STAFF, params: [...P] }, async (c) => {
    const { deps, office, lapPlan: plan } = c.var;
    const d = await dashboard(deps.db, office.id, plan, yearOf(c, plan), deps.now());
    c.header('cache-control', 'private, no-store');
    const v = view(c);
    return c.html(<MonitoringPage v={v} office={office} plan={plan} d={d} charts={<>{await chartFigures(v, dashboardCharts(v, d))}</>} />);
  });
  core.page({ name: 'plan.compare', method: 'GET', path: `${one}/poredjenje`, access: STAFF, params: [...P] }, async (c) => {
    const { deps, office, lapPlan: plan } = c.var;
    const previous = plan.revision_of ? await findPlan(deps.db, office.id, plan.revision_of) : undefined;
    const changes = previous
      ? compareVersions(await loadTree(deps.db, office.id, previous.id), await loadTree(deps.db, office.id, plan.id))
      : [];
    c.header('cache-control', 'private, no-store');
    return c.html(<ComparePage v={view(c)} office={office} plan={plan} previous={previous} changes={changes} />);
  });

  // ── Annual work plan ──
  const wp = `${one}/plan-rada`;
  const showWorkplan = async (c: C, year: number, status: 200 | 400 | 409 = 200, state?: FormState) => {
    const { deps, office, lapPlan: plan } = c.var;
    const w = await findWorkplan(deps.db, office.id, plan.id, year);
    c.header('cache-control', 'private, no-store');
    return c.html(
      <WorkplanPage
        v={view(c)}
        office={office}
        plan={plan}
        year={year}
        workplan={w}
        items={w ? await workplanItems(deps.db, office.id, w.id) : []}
        decisions={(await decisionsOnPlan(deps.db, office.id, plan.series_id)).filter(
          (d) => d.item_kind === 'workplan' && d.item_key === String(year),
        )}
        state={state}
      />,
      status,
    );
  };
  const formYear = (c: C, values: FormValues) => {
    const y = Number(values.year);
    const plan = c.var.lapPlan;
    return Number.isInteger(y) && y >= plan.start_year && y <= plan.end_year ? y : yearOf(c, plan);
  };
  const firstYearWithout = async (c: C): Promise<number | null> => {
    const plan = c.var.lapPlan;
    for (let y = plan.start_year; y <= plan.end_year; y++) if (!(await findWorkplan(c.var.deps.db, c.var.office.id, plan.id, y))) return y;
    return null;
  };
  const wpDone = (c: C, year: number) =>
    c.redirect(`/${c.var.locale}${workplanPath(c.var.office, c.var.lapPlan.id)}?godina=${year}&n=plan.n.saved`, 303);
  core.page({ name: 'plan.workplan', method: 'GET', path: wp, access: STAFF, params: [...P] }, (c) =>
    showWorkplan(c, yearOf(c, c.var.lapPlan)),
  );
  core.page({ name: 'plan.workplan.create', method: 'POST', path: wp, access: STAFF, params: [...P] }, async (c) => {
    const values = await readForm(c);
    // Without a year: the first year of the plan that has no work plan yet.
    if ((values.year ?? '').trim() === '') values.year = String((await firstYearWithout(c)) ?? '');
    const parsed = parseForm(yearForm, values, c.var.locale);
    if (!parsed.ok) return showWorkplan(c, formYear(c, values), 400, { form: 'create', values, errors: parsed.errors });
    const r = await createWorkplan(c.var.deps, c.var.actor!, c.var.office, c.var.lapPlan, parsed.data.year);
    if (!r.ok) return showWorkplan(c, formYear(c, values), 400, { form: 'create', values, errors: errorsOf(c, r) });
    return wpDone(c, parsed.data.year);
  });
  core.page({ name: 'plan.workplan.item', method: 'POST', path: `${wp}/stavka`, access: STAFF, params: [...P] }, async (c) => {
    const values = await readForm(c);
    const parsed = parseForm(workplanItemForm, values, c.var.locale);
    if (!parsed.ok) return showWorkplan(c, formYear(c, values), 400, { form: 'item', values, errors: parsed.errors });
    const r = await editWorkplanItem(c.var.deps, c.var.actor!, c.var.office, c.var.lapPlan, parsed.data);
    if (!r.ok && r.error === 'error.404.title') return errorResponse(c, 404);
    if (!r.ok) return showWorkplan(c, parsed.data.year, 409, { form: 'item', values, errors: errorsOf(c, r) });
    return wpDone(c, parsed.data.year);
  });
  core.page({ name: 'plan.workplan.step', method: 'POST', path: `${wp}/korak`, access: STAFF, params: [...P] }, async (c) => {
    const values = await readForm(c);
    const parsed = parseForm(yearForm, values, c.var.locale);
    const step = values.step === 'adopt' ? 'adopt' : values.step === 'send' ? 'send' : null;
    if (!parsed.ok || !step)
      return showWorkplan(c, formYear(c, values), 400, {
        form: 'step',
        values,
        errors: parsed.ok ? { _form: t(c.var.locale, 'err.choice') } : parsed.errors,
      });
    const r = await advanceWorkplan(c.var.deps, c.var.actor!, c.var.office, c.var.lapPlan, parsed.data.year, step);
    if (!r.ok && r.error === 'error.404.title') return errorResponse(c, 404);
    if (!r.ok) return showWorkplan(c, parsed.data.year, 409, { form: 'step', values, errors: errorsOf(c, r) });
    return wpDone(c, parsed.data.year);
  });
  core.page(
    { name: 'plan.workplan.opinion', method: 'POST', path: `${wp}/misljenje`, access: STAFF, params: [...P], upload: 'agreement' },
    async (c) => {
      const values = lf(await readForm(c));
      const parsed = parseForm(opinionForm, values, c.var.locale);
      const file = await uploaded(c, 'file', 'agreement');
      const errors: FormErrors = { ...(parsed.ok ? {} : parsed.errors), ...(file.ok ? {} : { file: file.error }) };
      if (!parsed.ok || !file.ok) return showWorkplan(c, formYear(c, values), 400, { form: 'opinion', values, errors });
      const r = await recordOpinion(c.var.deps, c.var.actor!, c.var.office, c.var.lapPlan, parsed.data, file.file);
      if (!r.ok && r.error === 'error.404.title') return errorResponse(c, 404);
      if (!r.ok) return showWorkplan(c, parsed.data.year, 409, { form: 'opinion', values, errors: errorsOf(c, r) });
      return wpDone(c, parsed.data.year);
    },
  );
  core.page({ name: 'plan.workplan.opinionFile', method: 'GET', path: `${wp}/misljenje`, access: STAFF, params: [...P] }, async (c) => {
    const { deps, office, lapPlan: plan } = c.var;
    const w = await findWorkplan(deps.db, office.id, plan.id, yearOf(c, plan));
    const file = w?.opinion_file_id ? await findFile(deps.db, office.id, w.opinion_file_id) : undefined;
    return file ? fileResponse(c, file) : errorResponse(c, 404);
  });

  // ── XLSX bulk update: preview, then confirm ──
  const sheet = `${one}/tabela`;
  core.page({ name: 'plan.sheet', method: 'GET', path: sheet, access: STAFF, params: [...P] }, (c) => {
    c.header('cache-control', 'private, no-store');
    return c.html(<ImportPage v={view(c)} office={c.var.office} plan={c.var.lapPlan} />);
  });
  core.page(
    { name: 'plan.sheet.preview', method: 'POST', path: sheet, access: STAFF, params: [...P], upload: 'spreadsheet' },
    async (c) => {
      const { deps, office, lapPlan: plan, locale } = c.var;
      const again = (error: string) =>
        c.html(<ImportPage v={view(c)} office={office} plan={plan} state={{ form: 'sheet', values: {}, errors: { sheet: error } }} />, 400);
      const file = await uploaded(c, 'sheet', 'spreadsheet');
      if (!file.ok) return again(file.error);
      if (!file.file) return again(t(locale, 'err.required'));
      const table = await readSheet(deps, { bytes: file.file.bytes, type: file.file.contentType });
      if (!table.ok) return again(t(locale, table.error.key, table.error.vars));
      const preview = await previewSheet(deps, c.var.actor!, office, plan, table.value, file.file.name, locale);
      c.header('cache-control', 'private, no-store');
      return c.html(
        <ImportPage
          v={view(c)}
          office={office}
          plan={plan}
          lines={preview.lines}
          payload={encodeOps(preview.ops)}
          problem={preview.problem ? t(locale, preview.problem) : undefined}
        />,
      );
    },
  );
  core.page({ name: 'plan.sheet.confirm', method: 'POST', path: `${sheet}/potvrda`, access: STAFF, params: [...P] }, async (c) => {
    const { deps, office, lapPlan: plan, locale } = c.var;
    const values = await readForm(c);
    await applySheet(deps, c.var.actor!, office, plan, decodeOps((values.payload ?? '').slice(0, 2_000_000)));
    return c.redirect(`/${locale}${monitoringPath(office, plan.id)}?n=plan.n.imported`, 303);
  });

  // ── The public progress page ──
  // In the page cache: its plan's own writes (a version adopted, a value, spending, a link; service.ts
  // and sheet.ts) name lapPageTag inside their transaction, so those show at once. Its live indicators
  // read a dozen features' data (attendance, registrations, associations, the register, bookings,
  // volunteering, initiatives, surveys, the council); naming this page in every one of those writes
  // would tie each feature to the plan, and the issue asks for a progress page to follow, not a live
  // feed: those figures are at most the cache's time limit old (PageCache ttlMs, 60 s), and the page
  // is rendered at most once a minute per script and year instead of on every request (the
  // dashboard is the heaviest read of the public site).
  core.page(
    {
      name: 'plan.public',
      method: 'GET',
      path: `${L}/kancelarije/:office/lap`,
      access: PUBLIC,
      params: ['office'],
      cacheTags: (c) => [lapPageTag(c.var.office.id), `office:${c.var.office.slug}`],
      cacheQuery: (q) => ({ godina: /^\d{4}$/.test(q.godina ?? '') ? q.godina : undefined }),
    },
    async (c) => {
      const { deps, office } = c.var;
      const plan = await latestAdopted(deps.db, office.id);
      const d = plan ? await dashboard(deps.db, office.id, plan, yearOf(c, plan), deps.now()) : undefined;
      const v = view(c);
      const charts = d ? <>{await chartFigures(v, dashboardCharts(v, d))}</> : undefined;
      return c.html(<PublicPlanPage v={v} office={office} plan={plan} d={d} charts={charts} />);
    },
  );
}
