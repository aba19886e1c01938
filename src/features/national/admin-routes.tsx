import type { Context } from 'hono';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { NATIONAL } from '../../core/http/routes.ts';
import { DEFAULT_THRESHOLD } from '../../core/suppress.ts';
import { chartFigures } from '../../core/views/chart.tsx';
import { view, type View } from '../../core/views/view.ts';
import { localToday } from '../accounts/age.ts';
import { CONTENT_TYPES, fileTask } from '../imports/export.ts';
import {
  ADMIN_DASHBOARD,
  AdminDashboardPage,
  adminCharts,
  adminQuery,
  adminSheet,
  printAdmin,
  type AdminQuery,
} from './admin-dashboard.tsx';
import { labelOf, nationalPrinting } from './dashboard.tsx';
import { officeYearFigures } from './opendata-repo.ts';
import { figures } from './figures-repo.ts';
import { listNetwork } from './repo.ts';
import { consultationStatuses } from './consultation-repo.ts';
import { ConsultationStatusTable } from './consultation-views.tsx';
import { associationTrained, TrainedTable } from './trained.tsx';

/** The national admin's dashboard and its exports (the XLSX built in the worker pool). Aggregates only. */
export function registerNationalAdminRoutes(core: Core): void {
  const parseQuery = (c: Context<AppEnv>): AdminQuery => adminQuery.parse({ ...c.req.query(), k: c.req.queries('k') ?? [] });
  const load = async (c: Context<AppEnv>, v: View, q: AdminQuery) => {
    const years = { from: Math.min(q.od, q.do), to: Math.max(q.od, q.do) };
    const rows = await figures(c.var.deps.db, q.po, years);
    const printing = q.po === 'area' ? undefined : nationalPrinting(await officeYearFigures(c.var.deps.db, years));
    return printAdmin(rows, q.po, labelOf(v, q.po), q.m, DEFAULT_THRESHOLD, printing);
  };

  core.page({ name: 'national.admin.dashboard', method: 'GET', path: `${L}${ADMIN_DASHBOARD}`, access: NATIONAL }, async (c) => {
    const v = view(c);
    const q = parseQuery(c);
    const f = await load(c, v, q);
    let compared = q.po === 'office' ? f.rows : [];
    if (q.k.length > 0 && q.po !== 'office') compared = (await load(c, v, { ...q, po: 'office' })).rows;
    compared = compared.filter((r) => q.k.includes(r.key)).sort((a, b) => a.year - b.year || q.k.indexOf(a.key) - q.k.indexOf(b.key));
    const [charts, offices, statuses, trained] = await Promise.all([
      chartFigures(v, adminCharts(v, q, f)),
      listNetwork(c.var.deps.db),
      consultationStatuses(c.var.deps.db),
      associationTrained(c.var.deps.db, { from: Math.min(q.od, q.do), to: Math.max(q.od, q.do) }, c.var.deps.now()),
    ]);
    c.header('cache-control', 'no-store');
    return c.html(
      <AdminDashboardPage
        v={v}
        q={q}
        f={f}
        charts={charts}
        offices={offices}
        compared={compared}
        trained={<TrainedTable v={v} rows={trained} />}
        consultation={<ConsultationStatusTable v={v} rows={statuses} links />}
      />,
    );
  });

  for (const format of ['csv', 'xlsx'] as const)
    core.page(
      { name: `national.admin.dashboard.${format}`, method: 'GET', path: `${L}${ADMIN_DASHBOARD}.${format}`, access: NATIONAL },
      async (c) => {
        const v = view(c);
        const q = parseQuery(c);
        const sheet = adminSheet(v, q.po, await load(c, v, q), q.m);
        const body = await c.var.deps.heavy.run(fileTask, sheet, format, v.t('natd.adm.title'));
        c.header('content-type', CONTENT_TYPES[format]);
        c.header(
          'content-disposition',
          `attachment; filename="kzm-mreza-${q.po}-${q.od}-${q.do}-${localToday(c.var.deps.now())}.${format}"`,
        );
        c.header('cache-control', 'no-store');
        return c.body(body as Uint8Array<ArrayBuffer>);
      },
    );
}
