import type { Context } from 'hono';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { parseForm, readForm, type FormErrors } from '../../core/http/forms.ts';
import { PUBLIC, STAFF } from '../../core/http/routes.ts';
import { localParts, nextLocalMidnight } from '../../core/time.ts';
import { view } from '../../core/views/view.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { ALL_OPPORTUNITIES, officeOpportunitiesTag, opportunityTag } from './cache.ts';
import { ALL_OPPORTUNITIES_PATH, adminOpportunitiesPath, adminOpportunityPath } from './paths.ts';
import { mayManage } from './policy.ts';
import { listForOffice, listOpen, type OpportunityFilter } from './repo.ts';
import { LIST_LIMIT, SOON_DAYS, opportunityFields, opportunityQuery, type OpportunityQuery } from './schema.ts';
import { addDays, createOpportunity, removeOpportunity, saveOpportunity } from './service.ts';
import {
  AdminOpportunitiesPage,
  EditOpportunityPage,
  NEW_OPPORTUNITY_VALUES,
  NewOpportunityPage,
  OpportunitiesPage,
  OpportunityPage,
  opportunityFormValues,
} from './views.tsx';

const today = (c: Context<AppEnv>) => localParts(c.var.deps.now()).date;

/** The list's filter from its (canonical) query. */
export function filterOf(q: OpportunityQuery, day: string, officeId?: string): OpportunityFilter {
  return {
    officeId,
    kind: q.vrsta || undefined,
    area: q.oblast || undefined,
    status: q.status || undefined,
    age: q.uzrast ? Number(q.uzrast) : undefined,
    closesBy: q.uskoro ? addDays(day, SOON_DAYS) : undefined,
  };
}

/**
 * The public lists change by the clock alone: at Belgrade midnight an item may expire and every
 * "closes in N days" counts down, so a cached list lives no longer than that.
 */
const untilMidnight = (c: Context<AppEnv>) => nextLocalMidnight(c.var.deps.now());
const cacheQuery = (q: Record<string, string>) => opportunityQuery.parse(q);

export function registerOpportunityRoutes(core: Core): void {
  core.page(
    {
      name: 'opportunities.all',
      method: 'GET',
      path: `${L}${ALL_OPPORTUNITIES_PATH}`,
      access: PUBLIC,
      cacheTags: () => [ALL_OPPORTUNITIES, 'offices'],
      cacheQuery,
      cacheUntil: untilMidnight,
    },
    async (c) => {
      const query = opportunityQuery.parse(c.req.query());
      const day = today(c);
      const rows = await listOpen(c.var.deps.db, filterOf(query, day), day, LIST_LIMIT);
      return c.html(<OpportunitiesPage v={view(c)} office={null} rows={rows} query={query} today={day} />);
    },
  );

  core.page(
    {
      name: 'opportunities.office',
      method: 'GET',
      path: `${L}/kancelarije/:office/prilike`,
      access: PUBLIC,
      params: ['office'],
      cacheTags: (c) => [officeOpportunitiesTag(c.var.office.id), `office:${c.var.office.slug}`],
      cacheQuery,
      cacheUntil: untilMidnight,
    },
    async (c) => {
      const query = opportunityQuery.parse(c.req.query());
      const day = today(c);
      const rows = await listOpen(c.var.deps.db, filterOf(query, day, c.var.office.id), day, LIST_LIMIT);
      return c.html(<OpportunitiesPage v={view(c)} office={c.var.office} rows={rows} query={query} today={day} />);
    },
  );

  // Open or closed: the address keeps working after the deadline, and the page says it closed.
  core.page(
    {
      name: 'opportunities.show',
      method: 'GET',
      path: `${L}/kancelarije/:office/prilike/:opportunity`,
      access: PUBLIC,
      params: ['office', 'opportunity'],
      cacheTags: (c) => [opportunityTag(c.var.opportunity.id), `office:${c.var.office.slug}`],
      cacheUntil: untilMidnight,
    },
    (c) =>
      c.html(
        <OpportunityPage
          v={view(c)}
          office={c.var.office}
          o={c.var.opportunity}
          today={today(c)}
          canManage={mayManage(c.var.actor, c.var.office.id)}
        />,
      ),
  );

  const admin = `${L}/admin/kancelarije/:office/prilike`;

  core.page({ name: 'opportunities.admin.list', method: 'GET', path: admin, access: STAFF }, async (c) => {
    const day = today(c);
    const rows = await listForOffice(c.var.deps.db, c.var.office.id, day);
    return c.html(<AdminOpportunitiesPage v={view(c)} office={c.var.office} rows={rows} today={day} />);
  });

  // Registered before ':opportunity', which would also match 'nova'.
  core.page({ name: 'opportunities.admin.new', method: 'GET', path: `${admin}/nova`, access: STAFF }, (c) =>
    c.html(<NewOpportunityPage v={view(c)} office={c.var.office} values={NEW_OPPORTUNITY_VALUES} />),
  );

  core.page({ name: 'opportunities.admin.create', method: 'POST', path: admin, access: STAFF }, async (c) => {
    const { deps, office, locale } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(opportunityFields, values, locale);
    if (!parsed.ok) return c.html(<NewOpportunityPage v={view(c)} office={office} values={values} errors={parsed.errors} />, 400);
    await createOpportunity(deps, c.var.actor!, office, parsed.data);
    return c.redirect(`/${locale}${adminOpportunitiesPath(office)}?n=opportunities.created`, 303);
  });

  core.page(
    { name: 'opportunities.admin.edit', method: 'GET', path: `${admin}/:opportunity/uredi`, access: STAFF, params: ['opportunity'] },
    (c) => {
      const o = c.var.opportunity;
      return c.html(<EditOpportunityPage v={view(c)} office={c.var.office} o={o} values={opportunityFormValues(o)} />);
    },
  );

  core.page(
    { name: 'opportunities.admin.update', method: 'POST', path: `${admin}/:opportunity/uredi`, access: STAFF, params: ['opportunity'] },
    async (c) => {
      const { deps, office, locale, opportunity: o } = c.var;
      const values = await readForm(c);
      const again = (errors: FormErrors) =>
        c.html(<EditOpportunityPage v={view(c)} office={office} o={o} values={values} errors={errors} />, 400);
      const parsed = parseForm(opportunityFields, values, locale);
      if (!parsed.ok) return again(parsed.errors);
      const r = await saveOpportunity(deps, c.var.actor!, office, o.id, parsed.data);
      if (!r.ok) return errorResponse(c, 404);
      return c.redirect(`/${locale}${adminOpportunityPath(office, o.id)}/uredi?n=opportunities.saved`, 303);
    },
  );

  core.page(
    { name: 'opportunities.admin.delete', method: 'POST', path: `${admin}/:opportunity/obrisi`, access: STAFF, params: ['opportunity'] },
    async (c) => {
      const { deps, office, locale, opportunity: o } = c.var;
      const r = await removeOpportunity(deps, c.var.actor!, office, o.id);
      if (!r.ok) return errorResponse(c, 404);
      return c.redirect(`/${locale}${adminOpportunitiesPath(office)}?n=opportunities.deleted`, 303);
    },
  );
}
