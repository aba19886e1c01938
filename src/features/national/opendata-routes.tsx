import type { Context } from 'hono';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { PUBLIC } from '../../core/http/routes.ts';
import { DEFAULT_THRESHOLD } from '../../core/suppress.ts';
import { formatDate, formatDateTime } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import { view, type View } from '../../core/views/view.ts';
import { localToday } from '../accounts/age.ts';
import { FIGURES_TAG } from './job.ts';
import {
  citation,
  COLUMNS,
  dataPackage,
  dcat,
  LICENCE,
  OPEN_DATA,
  OPEN_FILES,
  openCsv,
  openJson,
  openRecords,
  tableSchema,
} from './opendata.ts';
import { figuresState, officeYearFigures } from './opendata-repo.ts';
import { NETWORK_TAGS } from './service.ts';

/**
 * The open data's stable URLs (outside the script prefix: one address per file, as a harvester
 * keeps it) and its page in each script. Public: aggregates only, suppressed as on the dashboard.
 */
export function registerOpenDataRoutes(core: Core): void {
  const file = (c: Context<AppEnv>, body: string, type: string, name: string) => {
    c.header('content-type', `${type}; charset=utf-8`);
    c.header('content-disposition', `attachment; filename="${name}"`);
    c.header('x-content-type-options', 'nosniff');
    c.header('access-control-allow-origin', '*');
    return c.body(body, 200);
  };
  const meta = async (c: Context<AppEnv>) => {
    const s = await figuresState(c.var.deps.db);
    return { baseUrl: c.var.deps.config.BASE_URL, refreshed: s.refreshed, years: { min: s.min, max: s.max } };
  };

  core.page({ name: 'national.opendata.csv', method: 'GET', path: OPEN_FILES.csv, access: PUBLIC }, async (c) =>
    file(c, openCsv(openRecords(await officeYearFigures(c.var.deps.db))), 'text/csv', OPEN_FILES.csv.split('/').pop()!),
  );
  core.page({ name: 'national.opendata.json', method: 'GET', path: OPEN_FILES.json, access: PUBLIC }, async (c) => {
    const m = await meta(c);
    const body = openJson(openRecords(await officeYearFigures(c.var.deps.db)), m);
    return file(c, JSON.stringify(body), 'application/json', OPEN_FILES.json.split('/').pop()!);
  });
  core.page({ name: 'national.opendata.schema', method: 'GET', path: OPEN_FILES.schema, access: PUBLIC }, (c) =>
    file(c, JSON.stringify(tableSchema(), null, 2), 'application/json', OPEN_FILES.schema.split('/').pop()!),
  );
  core.page({ name: 'national.opendata.package', method: 'GET', path: OPEN_FILES.datapackage, access: PUBLIC }, async (c) =>
    file(c, JSON.stringify(dataPackage(await meta(c)), null, 2), 'application/json', 'datapackage.json'),
  );
  core.page({ name: 'national.opendata.dcat', method: 'GET', path: OPEN_FILES.dcat, access: PUBLIC }, async (c) =>
    file(c, JSON.stringify(dcat(await meta(c)), null, 2), 'application/ld+json', 'dcat.jsonld'),
  );

  core.page(
    { name: 'national.opendata', method: 'GET', path: `${L}${OPEN_DATA}`, access: PUBLIC, cacheTags: () => [FIGURES_TAG, ...NETWORK_TAGS] },
    async (c) => {
      const s = await figuresState(c.var.deps.db);
      return c.html(<OpenDataPage v={view(c)} refreshed={s.refreshed} today={localToday(c.var.deps.now())} />);
    },
  );
}

function OpenDataPage({ v, refreshed, today }: { v: View; refreshed: Date | null; today: string }) {
  const files = [
    [OPEN_FILES.csv, 'natd.od.file.csv'],
    [OPEN_FILES.json, 'natd.od.file.json'],
    [OPEN_FILES.schema, 'natd.od.file.schema'],
    [OPEN_FILES.datapackage, 'natd.od.file.datapackage'],
    [OPEN_FILES.dcat, 'natd.od.file.dcat'],
  ] as const;
  return (
    <Page v={v} title={v.t('natd.od.title')}>
      <p class="crumbs">
        <a href={v.href('/mreza')}>{v.t('nat.map.title')}</a> · <a href={v.href('/mreza/pregled')}>{v.t('nat.dash.title')}</a>
      </p>
      <h1>{v.t('natd.od.title')}</h1>
      <p>{v.t('natd.od.lead')}</p>
      <p>{refreshed ? v.t('natd.od.refreshed', { date: formatDateTime(v.locale, refreshed) }) : v.t('natd.od.never')}</p>
      <h2>{v.t('natd.od.files')}</h2>
      <ul>
        {files.map(([path, label]) => (
          <li>
            <a href={path}>{v.t(label)}</a> — <code>{`${v.baseUrl}${path}`}</code>
          </li>
        ))}
      </ul>
      <h2>{v.t('natd.od.licence')}</h2>
      <p>
        <a href={LICENCE.path} rel="license">
          {v.t('natd.od.licence.text')}
        </a>
      </p>
      <h2>{v.t('natd.od.cite')}</h2>
      <p>{v.t('natd.od.cite.lead')}</p>
      <blockquote>{citation(v.locale, v.baseUrl, formatDate(v.locale, today))}</blockquote>
      <h2>{v.t('natd.od.columns')}</h2>
      <DataTable
        caption={v.t('natd.od.columns')}
        captionHidden
        rows={COLUMNS}
        columns={[
          { label: v.t('natd.od.col.name'), rowHeader: true, cell: (c) => <code>{c}</code> },
          {
            label: v.t('natd.od.col.meaning'),
            cell: (c) => `${v.t(`natd.col.${c}`)}: ${v.t(`natd.col.${c}.d`, { threshold: DEFAULT_THRESHOLD })}`,
          },
        ]}
      />
    </Page>
  );
}
