import type { Queryable } from '../../core/db/db.ts';
import { DEFAULT_THRESHOLD } from '../../core/suppress.ts';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import { parseForm, readForm } from '../../core/http/forms.ts';
import { NATIONAL, PUBLIC, SIGNED_IN } from '../../core/http/routes.ts';
import { t } from '../../core/i18n/messages.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import {
  DASHBOARD,
  DashboardPage,
  dashboardQuery,
  figuresCsv,
  labelOf,
  nationalPrinting,
  printFigures,
  type DashboardQuery,
} from './dashboard.tsx';
import { officeYearFigures } from './opendata-repo.ts';
import { associationTrained, TrainedTable } from './trained.tsx';
import { figures, type FigureRow } from './figures-repo.ts';
import { FIGURES_TAG } from './job.ts';
import { serbiaMap } from './map.ts';
import { registerCampaignRoutes } from './campaigns-routes.tsx';
import { registerCompetencyRoutes } from './competencies-routes.tsx';
import { distanceKm, findPlace } from './places.ts';
import { listDistricts, listNetwork, openOfficeBySlug } from './repo.ts';
import { closeForm, mergeForm, nearestQuery, openOfficeForm } from './schema.ts';
import { acceptInvitation, closeOffice, impactOf, NETWORK_TAGS, openOffice, readInvitation } from './service.ts';
import { ClosePage, InvitationPage, MapPage, NETWORK_ADMIN, NetworkAdminPage, OpenOfficePage, type NearestResult } from './views.tsx';

/** How many offices "nearest office" lists. */
const NEAREST = 3;

export function registerNationalRoutes(core: Core): void {
  // ── Public: the map of Serbia, the list, the nearest office ──
  core.page(
    {
      name: 'national.map',
      method: 'GET',
      path: `${L}/mreza`,
      access: PUBLIC,
      cacheTags: () => NETWORK_TAGS,
      cacheQuery: (q) => nearestQuery.parse(q),
    },
    async (c) => {
      const { mesto } = nearestQuery.parse(c.req.query());
      const offices = await listNetwork(c.var.deps.db);
      let nearest: NearestResult | undefined;
      if (mesto) {
        const located = offices.flatMap((o) =>
          o.latitude !== null && o.longitude !== null ? [{ name: o.town, latitude: o.latitude, longitude: o.longitude }] : [],
        );
        const place = findPlace(mesto, located);
        nearest = {
          typed: mesto,
          place,
          offices: place
            ? offices
                .flatMap((o) =>
                  o.latitude !== null && o.longitude !== null
                    ? [{ ...o, km: distanceKm(place, { latitude: o.latitude, longitude: o.longitude }) }]
                    : [],
                )
                .sort((a, b) => a.km - b.km)
                .slice(0, NEAREST)
            : [],
        };
      }
      return c.html(<MapPage v={view(c)} map={await serbiaMap()} offices={offices} nearest={nearest} />);
    },
  );

  // ── The national dashboard (public: aggregates only, small cells suppressed) and its CSV ──
  core.page(
    {
      name: 'national.dashboard',
      method: 'GET',
      path: `${L}${DASHBOARD}`,
      access: PUBLIC,
      cacheTags: () => [FIGURES_TAG, ...NETWORK_TAGS],
      cacheQuery: (q) => dashboardQuery.parse(q),
    },
    async (c) => {
      const query = dashboardQuery.parse(c.req.query());
      const v = view(c);
      const rows = await publishedFigures(c.var.deps.db, query, labelOf(v, query.po));
      const trained = await associationTrained(c.var.deps.db, { from: query.od, to: query.do }, c.var.deps.now());
      return c.html(<DashboardPage v={v} query={query} rows={rows} trained={<TrainedTable v={v} rows={trained} />} />);
    },
  );
  core.page({ name: 'national.dashboard.csv', method: 'GET', path: `${L}${DASHBOARD}.csv`, access: PUBLIC }, async (c) => {
    const query = dashboardQuery.parse(c.req.query());
    const v = view(c);
    const rows = await publishedFigures(c.var.deps.db, query, labelOf(v, query.po));
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="kzm-nacionalni-pregled-${query.po}-${query.od}-${query.do}.csv"`);
    c.header('x-content-type-options', 'nosniff');
    return c.body(figuresCsv(v, query.po, rows), 200);
  });

  // ── The national admin: the network, opening, closing and merging offices ──
  core.page({ name: 'national.admin', method: 'GET', path: `${L}${NETWORK_ADMIN}`, access: NATIONAL }, async (c) => {
    return c.html(<NetworkAdminPage v={view(c)} offices={await listNetwork(c.var.deps.db)} />);
  });

  core.page({ name: 'national.open.form', method: 'GET', path: `${L}${NETWORK_ADMIN}/nova`, access: NATIONAL }, async (c) => {
    return c.html(<OpenOfficePage v={view(c)} districts={await listDistricts(c.var.deps.db)} />);
  });

  core.page({ name: 'national.open', method: 'POST', path: `${L}${NETWORK_ADMIN}/nova`, access: NATIONAL }, async (c) => {
    const { deps, locale, actor } = c.var;
    const values = await readForm(c);
    const again = async (errors: Record<string, string>) =>
      c.html(<OpenOfficePage v={view(c)} districts={await listDistricts(deps.db)} values={values} errors={errors} />, 400);
    const parsed = parseForm(openOfficeForm, values, locale);
    if (!parsed.ok) return again(parsed.errors);
    const r = await openOffice(deps, actor!, locale, parsed.data);
    if (!r.ok) return again({ [r.field ?? '_form']: t(locale, r.error, r.vars) });
    return c.redirect(`/${locale}${NETWORK_ADMIN}?n=nat.opened`, 303);
  });

  type Ctx = Parameters<Parameters<Core['page']>[1]>[0];
  /**
   * The office a close or merge route names (:kzm, an open office by slug). Not core's :office,
   * which would resolve it the same way but whose harness fixture is the office every other route
   * is tried in: closing that one would end the run.
   */
  const target = (c: Ctx) => openOfficeBySlug(c.var.deps.db, c.req.param('kzm') ?? '');
  const closing =
    (merge: boolean) =>
    async (c: Ctx, values: Record<string, string> = {}, errors?: Record<string, string>) => {
      const { deps } = c.var;
      const office = await target(c);
      if (!office) return errorResponse(c, 404);
      const impact = await impactOf(deps, office.id);
      const offices = merge ? await listNetwork(deps.db) : [];
      return c.html(
        <ClosePage v={view(c)} office={office} impact={impact} errors={errors} merge={merge ? { offices, values } : undefined} />,
        errors ? 400 : 200,
      );
    };

  core.page({ name: 'national.close.form', method: 'GET', path: `${L}${NETWORK_ADMIN}/:kzm/zatvori`, access: NATIONAL }, (c: Ctx) =>
    closing(false)(c),
  );
  core.page({ name: 'national.close', method: 'POST', path: `${L}${NETWORK_ADMIN}/:kzm/zatvori`, access: NATIONAL }, async (c) => {
    const { deps, locale, actor } = c.var;
    const office = await target(c);
    if (!office) return errorResponse(c, 404);
    const values = await readForm(c);
    const parsed = parseForm(closeForm, values, locale);
    if (!parsed.ok) return closing(false)(c, values, parsed.errors);
    const r = await closeOffice(deps, actor!, locale, office, { confirmed: parsed.data.confirm });
    if (!r.ok)
      return closing(false)(c, values, { [r.error === 'nat.err.openRegistrations' ? 'confirm' : '_form']: t(locale, r.error, r.vars) });
    return c.redirect(`/${locale}${NETWORK_ADMIN}?n=nat.closed`, 303);
  });
  core.page({ name: 'national.merge.form', method: 'GET', path: `${L}${NETWORK_ADMIN}/:kzm/spoji`, access: NATIONAL }, (c: Ctx) =>
    closing(true)(c),
  );
  core.page({ name: 'national.merge', method: 'POST', path: `${L}${NETWORK_ADMIN}/:kzm/spoji`, access: NATIONAL }, async (c) => {
    const { deps, locale, actor } = c.var;
    const office = await target(c);
    if (!office) return errorResponse(c, 404);
    const values = await readForm(c);
    const parsed = parseForm(mergeForm, values, locale);
    if (!parsed.ok) return closing(true)(c, values, parsed.errors);
    const into = (await listNetwork(deps.db)).find((o) => o.slug === parsed.data.into && o.status === 'full');
    if (!into) return closing(true)(c, values, { into: t(locale, 'err.choice') });
    if (into.id === office.id) return closing(true)(c, values, { into: t(locale, 'nat.err.mergeSelf') });
    const r = await closeOffice(deps, actor!, locale, office, { confirmed: parsed.data.confirm, into });
    if (!r.ok)
      return closing(true)(c, values, { [r.error === 'nat.err.openRegistrations' ? 'confirm' : '_form']: t(locale, r.error, r.vars) });
    return c.redirect(`/${locale}${NETWORK_ADMIN}?n=nat.merged`, 303);
  });

  // ── The invited first admin ──
  core.page({ name: 'national.invitation', method: 'GET', path: `${L}/poziv/:invitation`, access: SIGNED_IN }, async (c) => {
    const token = c.req.param('invitation') ?? '';
    const state = await readInvitation(c.var.deps, token);
    if (!state.ok) {
      if (state.error === 'notFound') return errorResponse(c, 404);
      return c.html(<InvitationPage v={view(c)} token={token} message={t(c.var.locale, state.error)} />);
    }
    const inv = state.invitation;
    const mismatch = inv.email.toLowerCase() !== c.var.actor!.email.toLowerCase();
    return c.html(
      <InvitationPage
        v={view(c)}
        token={token}
        office={inv.office_name}
        message={mismatch ? t(c.var.locale, 'nat.invite.wrongAccount') : undefined}
      />,
    );
  });

  core.page({ name: 'national.invitation.accept', method: 'POST', path: `${L}/poziv/:invitation`, access: SIGNED_IN }, async (c) => {
    const token = c.req.param('invitation') ?? '';
    const r = await acceptInvitation(c.var.deps, c.var.actor!, token);
    if (!r.ok && r.error === 'error.404.title') return errorResponse(c, 404);
    if (!r.ok) return c.html(<InvitationPage v={view(c)} token={token} message={t(c.var.locale, r.error, r.vars)} />, 400);
    return c.redirect(`/${c.var.locale}/admin/kancelarije/${r.value.slug}?n=nat.invite.accepted`, 303);
  });

  // Competencies and trainings, campaigns (issue #17 points 4 and 6): their own files.
  registerCompetencyRoutes(core);
  registerCampaignRoutes(core);
}

/** The public dashboard's rows: by region or office from the national printing, so neither view gives the other's hidden cells away. */
async function publishedFigures(db: Queryable, query: DashboardQuery, label: (r: FigureRow) => string) {
  const years = { from: query.od, to: query.do };
  const rows = await figures(db, query.po, years);
  if (query.po === 'area') return printFigures(rows, label);
  return printFigures(rows, label, DEFAULT_THRESHOLD, { printing: nationalPrinting(await officeYearFigures(db, years)), by: query.po });
}
