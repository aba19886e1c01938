import type { Context } from 'hono';
import { z } from 'zod';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { STAFF } from '../../core/http/routes.ts';
import { t } from '../../core/i18n/messages.ts';
import type { Refusal } from '../../core/result.ts';
import { findFile, fileResponse } from '../../core/files.ts';
import { localParts } from '../../core/time.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { isOn } from '../../core/views/forms.tsx';
import { view } from '../../core/views/view.ts';
import { listPlans } from '../plan/repo.ts';
import { narrativeForm } from './narrative.ts';
import { planFor } from './plan-sections.ts';
import { FORMATS, SCRIPTS, findReport, listReports, reportFileList, type AnnualReport, type Format, type Script } from './repo.ts';
import { generate, reopen, saveNarrative, yearProblem } from './service.ts';
import { ReportPage, ReportsPage, reportPath } from './views.tsx';

type C = Context<AppEnv>;

/** The :reportYear parameter: a year as four digits (which years have a report is the service's question). */
const yearParam = (c: C): number | null => {
  const s = c.req.param('reportYear') ?? '';
  return /^20[0-9]{2}$/.test(s) ? Number(s) : null;
};

/** The :reportFile parameter: 'cir.pdf', 'lat.docx', … */
const fileParam = (c: C): { script: Script; format: Format } | null => {
  const m = /^(cir|lat)\.(pdf|docx|xlsx)$/.exec(c.req.param('reportFile') ?? '');
  return m && SCRIPTS.includes(m[1] as Script) && FORMATS.includes(m[2] as Format)
    ? { script: m[1] as Script, format: m[2] as Format }
    : null;
};

const openForm = z.object({
  godina: z
    .string()
    .trim()
    .regex(/^[0-9]{4}$/, 'report.err.year'),
});

export function registerReportRoutes(core: Core): void {
  const root = `${L}/admin/kancelarije/:office/izvestaj`;
  const year = `${root}/:reportYear`;

  const indexPage = async (c: C, values?: FormValues, errors?: FormErrors) => {
    const { deps, office } = c.var;
    const [plans, reports] = await Promise.all([listPlans(deps.db, office.id), listReports(deps.db, office.id)]);
    const thisYear = Number(localParts(deps.now()).date.slice(0, 4));
    const years = [...new Set(plans.flatMap((p) => Array.from({ length: p.end_year - p.start_year + 1 }, (_, i) => p.start_year + i)))]
      .filter((y) => y <= thisYear)
      .sort((a, b) => b - a)
      .map((y) => ({ year: y, plan: planFor(plans, y)!, report: reports.find((r) => r.year === y) }));
    c.header('cache-control', 'private, no-store');
    return c.html(<ReportsPage v={view(c)} office={office} years={years} values={values} errors={errors} />, errors ? 400 : 200);
  };

  // The index; its "open a year" form is a GET (it only finds the page): ?godina=2026 → that year's page,
  // or the index again (400) with the reason beside the field.
  core.page({ name: 'report.index', method: 'GET', path: root, access: STAFF }, async (c) => {
    const { deps, office, locale } = c.var;
    const asked = c.req.query('godina');
    if (asked === undefined) return indexPage(c);
    const values = { godina: asked };
    const parsed = parseForm(openForm, values, locale);
    if (!parsed.ok) return indexPage(c, values, parsed.errors);
    const y = Number(parsed.data.godina);
    const problem = await yearProblem(deps.db, office.id, y, deps.now());
    if (problem) return indexPage(c, values, { godina: t(locale, problem.error, problem.vars) });
    return c.redirect(`/${locale}${reportPath(office, y)}`, 303);
  });

  /** The year's page (a report not yet started shows as an empty draft: nothing is stored by looking). */
  const yearPage = async (c: C, extra: { values?: FormValues; errors?: FormErrors; problem?: Refusal } = {}) => {
    const { deps, office, locale } = c.var;
    const y = yearParam(c);
    if (y === null || (await yearProblem(deps.db, office.id, y, deps.now()))) return errorResponse(c, 404);
    const report: AnnualReport = (await findReport(deps.db, office.id, y)) ?? {
      id: '',
      office_id: office.id,
      year: y,
      narrative: {},
      status: 'draft',
      latin: false,
      progress: 0,
      step: '',
      error: '',
      attempts: 0,
      requested_at: null,
      finished_at: null,
      updated_at: deps.now(),
    };
    const files = report.id && report.status === 'done' ? await reportFileList(deps.db, office.id, report.id) : [];
    c.header('cache-control', 'private, no-store');
    // While it is being made the page refreshes itself (an HTTP header every browser follows, no script).
    if (report.status === 'queued' || report.status === 'running') c.header('refresh', '2');
    const failed = Boolean(extra.errors || extra.problem);
    return c.html(
      <ReportPage
        v={view(c)}
        office={office}
        report={report}
        files={files}
        values={extra.values}
        errors={extra.errors}
        problem={extra.problem ? t(locale, extra.problem.error, extra.problem.vars) : undefined}
      />,
      failed ? (extra.problem && extra.problem.error !== 'report.err.long' ? 409 : 400) : 200,
    );
  };

  core.page({ name: 'report.year', method: 'GET', path: year, access: STAFF }, (c) => yearPage(c));

  core.page({ name: 'report.narrative', method: 'POST', path: `${year}/tekst`, access: STAFF }, async (c) => {
    const { deps, office, actor, locale } = c.var;
    const y = yearParam(c);
    if (y === null) return errorResponse(c, 404);
    const values = await readForm(c);
    const parsed = parseForm(narrativeForm, values, locale);
    if (!parsed.ok) return yearPage(c, { values, errors: parsed.errors });
    const r = await saveNarrative(deps, actor!, office, y, parsed.data);
    if (!r.ok) return r.field === 'year' ? errorResponse(c, 404) : yearPage(c, { problem: r });
    return c.redirect(`/${locale}${reportPath(office, y)}?n=report.n.saved`, 303);
  });

  core.page({ name: 'report.generate', method: 'POST', path: `${year}/napravi`, access: STAFF }, async (c) => {
    const { deps, office, actor, locale } = c.var;
    const y = yearParam(c);
    if (y === null) return errorResponse(c, 404);
    const values = await readForm(c);
    const r = await generate(deps, actor!, office, y, isOn(values.latin));
    if (!r.ok) return r.field === 'year' ? errorResponse(c, 404) : yearPage(c, { problem: r });
    return c.redirect(`/${locale}${reportPath(office, y)}?n=report.n.queued`, 303);
  });

  core.page({ name: 'report.reopen', method: 'POST', path: `${year}/otvori`, access: STAFF }, async (c) => {
    const { deps, office, actor, locale } = c.var;
    const y = yearParam(c);
    if (y === null || (await yearProblem(deps.db, office.id, y, deps.now()))) return errorResponse(c, 404);
    const r = await reopen(deps, actor!, office, y);
    if (!r.ok) return yearPage(c, { problem: r });
    return c.redirect(`/${locale}${reportPath(office, y)}?n=report.n.reopened`, 303);
  });

  core.page({ name: 'report.file', method: 'GET', path: `${year}/:reportFile`, access: STAFF }, async (c) => {
    const { deps, office } = c.var;
    const y = yearParam(c);
    const which = fileParam(c);
    if (y === null || !which) return errorResponse(c, 404);
    const report = await findReport(deps.db, office.id, y);
    if (!report || report.status !== 'done') return errorResponse(c, 404);
    const entry = (await reportFileList(deps.db, office.id, report.id)).find((f) => f.script === which.script && f.format === which.format);
    const file = entry && (await findFile(deps.db, office.id, entry.file_id));
    if (!file) return errorResponse(c, 404);
    return fileResponse(c, file);
  });
}
