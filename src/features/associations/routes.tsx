import type { Context } from 'hono';
import { z } from 'zod';
import { LAP_AREAS } from '../../core/domain.ts';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { PUBLIC, SIGNED_IN, STAFF, officeRoles } from '../../core/http/routes.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { t } from '../../core/i18n/messages.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import { editorRole } from './policy.ts';
import {
  listAssociations,
  listMyRepresentations,
  listPendingRequests,
  listPublicAssociations,
  listRepresentatives,
  representationStatus,
} from './repo.ts';
import { ASSOCIATION_KINDS, TARGET_GROUPS, associationFields, publicationFields, representationRequestFields } from './schema.ts';
import {
  DECISIONS,
  addAssociation,
  associationTags,
  decide,
  publicView,
  requestRepresentation,
  saveAssociation,
  setActive,
} from './service.ts';
import { AssociationAdminPage, EditAssociationPage, MyAssociationsPage, NewAssociationPage, RegisterPage } from './views/admin.tsx';
import { NEW_ASSOCIATION_VALUES, associationFormValues } from './views/form.tsx';
import { DirectoryPage, PublicAssociationPage, RequestPage } from './views/public.tsx';

/** The profile editor: staff, and representatives (whose handler also checks THIS association). */
const REP_OR_STAFF = officeRoles('association_rep', 'coordinator', 'office_admin');

const text100 = z
  .string()
  .catch('')
  .default('')
  .transform((s) => s.slice(0, 100));
const code = <const T extends readonly [string, ...string[]]>(codes: T) => z.enum(codes).or(z.literal('')).catch('').default('');

/** Register filters from the query string; anything unexpected is ignored, never an error. */
export const registerQuery = z.object({
  q: text100,
  kind: code(ASSOCIATION_KINDS),
  area: code(LAP_AREAS),
  active: z.enum(['yes', 'no']).or(z.literal('')).catch('').default(''),
});
export const directoryQuery = z.object({ q: text100, kind: code(ASSOCIATION_KINDS), area: code(LAP_AREAS), target: code(TARGET_GROUPS) });

const decisionForm = z.object({ user_id: z.uuid(), decision: z.enum(DECISIONS) });
const statusForm = z.object({ active: z.enum(['true', 'false']) });

/** Parses the profile form: the association's fields and what it publishes, errors of both at once. */
function parseProfile(values: FormValues, locale: AppEnv['Variables']['locale']) {
  const fields = parseForm(associationFields, values, locale);
  const publication = parseForm(publicationFields, values, locale);
  if (fields.ok && publication.ok) return { ok: true as const, fields: fields.data, publication: publication.data };
  return {
    ok: false as const,
    errors: { ...(fields.ok ? {} : fields.errors), ...(publication.ok ? {} : publication.errors) } as FormErrors,
  };
}

export function registerAssociationRoutes(core: Core): void {
  const admin = `${L}/admin/kancelarije/:office/udruzenja`;

  // ── Staff: the register ──────────────────────────────────────────────────
  core.page({ name: 'associations.admin.list', method: 'GET', path: admin, access: STAFF }, async (c) => {
    const query = registerQuery.parse(c.req.query());
    const { db } = c.var.deps;
    const office = c.var.office;
    const [rows, pending] = await Promise.all([
      listAssociations(db, office.id, {
        key: searchKey(query.q),
        kind: query.kind || undefined,
        area: query.area || undefined,
        active: query.active === '' ? undefined : query.active === 'yes',
      }),
      listPendingRequests(db, office.id),
    ]);
    return c.html(<RegisterPage v={view(c)} office={office} rows={rows} pending={pending} query={query} />);
  });

  // Registered before ':association', which would also match 'novo'.
  core.page({ name: 'associations.admin.new', method: 'GET', path: `${admin}/novo`, access: STAFF }, (c) =>
    c.html(<NewAssociationPage v={view(c)} office={c.var.office} values={NEW_ASSOCIATION_VALUES} />),
  );

  core.page({ name: 'associations.admin.create', method: 'POST', path: admin, access: STAFF }, async (c) => {
    const { deps, office, locale } = c.var;
    const values = await readForm(c);
    const parsed = parseProfile(values, locale);
    const again = (errors: FormErrors) => c.html(<NewAssociationPage v={view(c)} office={office} values={values} errors={errors} />, 400);
    if (!parsed.ok) return again(parsed.errors);
    const r = await addAssociation(deps, c.var.actor!, office, parsed.fields, parsed.publication);
    if (!r.ok) return again({ [r.field ?? '_form']: t(locale, r.error) });
    return c.redirect(`/${locale}/admin/kancelarije/${office.slug}/udruzenja/${r.value}?n=associations.created`, 303);
  });

  core.page(
    { name: 'associations.admin.show', method: 'GET', path: `${admin}/:association`, access: STAFF, params: ['association'] },
    async (c) => {
      const { db } = c.var.deps;
      const a = c.var.association;
      const reps = await listRepresentatives(db, c.var.office.id, a.id);
      return c.html(<AssociationAdminPage v={view(c)} office={c.var.office} association={a} reps={reps} />);
    },
  );

  core.page(
    { name: 'associations.admin.status', method: 'POST', path: `${admin}/:association/status`, access: STAFF, params: ['association'] },
    async (c) => {
      const id = c.var.association.id;
      const parsed = parseForm(statusForm, await readForm(c), c.var.locale);
      if (!parsed.ok) return errorResponse(c, 400);
      const active = parsed.data.active === 'true';
      if (!(await setActive(c.var.deps, c.var.actor!, c.var.office, id, active))) return errorResponse(c, 404);
      const notice = active ? 'associations.activated' : 'associations.deactivated';
      return c.redirect(`/${c.var.locale}/admin/kancelarije/${c.var.office.slug}/udruzenja/${id}?n=${notice}`, 303);
    },
  );

  core.page(
    {
      name: 'associations.admin.decide',
      method: 'POST',
      path: `${admin}/:association/predstavnici`,
      access: STAFF,
      params: ['association'],
    },
    async (c) => {
      const { deps, office, locale, association: a } = c.var;
      const parsed = parseForm(decisionForm, await readForm(c), locale);
      if (!parsed.ok) return errorResponse(c, 400);
      const r = await decide(deps, c.var.actor!, office, a, parsed.data.user_id, parsed.data.decision);
      if (!r.ok) {
        if (r.error === 'error.404.title') return errorResponse(c, 404);
        const reps = await listRepresentatives(deps.db, office.id, a.id);
        return c.html(
          <AssociationAdminPage v={view(c)} office={office} association={a} reps={reps} errors={{ _form: t(locale, r.error) }} />,
          409,
        );
      }
      const notice = { approve: 'associations.reps.approved', reject: 'associations.reps.rejected', revoke: 'associations.reps.revoked' }[
        parsed.data.decision
      ];
      return c.redirect(`/${locale}/admin/kancelarije/${office.slug}/udruzenja/${a.id}?n=${notice}`, 303);
    },
  );

  // ── The profile editor: staff, or an approved representative of this association ──
  const editable = async (c: Context<AppEnv>) => {
    const { db } = c.var.deps;
    const a = c.var.association;
    const role = await editorRole(db, c.var.actor, c.var.office.id, a.id);
    if (!role) return { response: errorResponse(c, 403) } as const;
    return { a, role } as const;
  };

  core.page(
    { name: 'associations.edit', method: 'GET', path: `${admin}/:association/uredi`, access: REP_OR_STAFF, params: ['association'] },
    async (c) => {
      const e = await editable(c);
      if ('response' in e) return e.response;
      return c.html(
        <EditAssociationPage
          v={view(c)}
          office={c.var.office}
          association={e.a}
          values={associationFormValues(e.a)}
          staff={e.role === 'staff'}
        />,
      );
    },
  );

  core.page(
    { name: 'associations.update', method: 'POST', path: `${admin}/:association/uredi`, access: REP_OR_STAFF, params: ['association'] },
    async (c) => {
      const e = await editable(c);
      if ('response' in e) return e.response;
      const { deps, office, locale } = c.var;
      const staff = e.role === 'staff';
      const values = await readForm(c);
      // A representative's form has no "active" box: what is stored stays.
      const checked = staff ? values : { ...values, active: e.a.active ? 'on' : '' };
      const again = (errors: FormErrors) =>
        c.html(<EditAssociationPage v={view(c)} office={office} association={e.a} values={values} errors={errors} staff={staff} />, 400);
      const parsed = parseProfile(checked, locale);
      if (!parsed.ok) return again(parsed.errors);
      const r = await saveAssociation(deps, c.var.actor!, office, e.a, parsed.fields, parsed.publication, e.role);
      if (!r.ok) return r.error === 'error.404.title' ? errorResponse(c, 404) : again({ [r.field ?? '_form']: t(locale, r.error) });
      const back = staff
        ? `/admin/kancelarije/${office.slug}/udruzenja/${e.a.id}`
        : `/admin/kancelarije/${office.slug}/udruzenja/${e.a.id}/uredi`;
      return c.redirect(`/${locale}${back}?n=associations.saved`, 303);
    },
  );

  core.page({ name: 'associations.mine', method: 'GET', path: `${L}/admin/moja-udruzenja`, access: SIGNED_IN }, async (c) => {
    const rows = await listMyRepresentations(c.var.deps.db, c.var.actor!.userId);
    return c.html(<MyAssociationsPage v={view(c)} rows={rows} />);
  });

  // ── Public directory ─────────────────────────────────────────────────────
  const pub = `${L}/kancelarije/:office/udruzenja`;
  const tags = (c: Context<AppEnv>) => associationTags(c.req.param('office') ?? '');

  core.page(
    {
      name: 'associations.directory',
      method: 'GET',
      path: pub,
      access: PUBLIC,
      cacheTags: tags,
      cacheQuery: (q) => directoryQuery.parse(q),
      params: ['office'],
    },
    async (c) => {
      const { db } = c.var.deps;
      const office = c.var.office;
      const query = directoryQuery.parse(c.req.query());
      const rows = await listPublicAssociations(db, office.id, {
        key: searchKey(query.q),
        kind: query.kind || undefined,
        area: query.area || undefined,
        target: query.target || undefined,
      });
      return c.html(<DirectoryPage v={view(c)} office={office} rows={rows.map(publicView)} query={query} />);
    },
  );

  core.page(
    {
      name: 'associations.public',
      method: 'GET',
      path: `${pub}/:association`,
      access: PUBLIC,
      cacheTags: tags,
      params: ['office', 'association'],
    },
    async (c) => {
      const { office, association: a } = c.var;
      // Not listed (or no longer active): for the public it does not exist.
      if (!a.listed || !a.active) return errorResponse(c, 404);
      return c.html(<PublicAssociationPage v={view(c)} office={office} a={publicView(a)} />);
    },
  );

  // ── A signed-in person asks to represent an association ──────────────────
  const requestTarget = (c: Context<AppEnv>) => {
    const { office, association: a } = c.var;
    // Any active association of the office, listed or not: the office may send the link.
    return a.active ? { office, a } : undefined;
  };

  core.page(
    {
      name: 'associations.request',
      method: 'GET',
      path: `${pub}/:association/predstavnik`,
      access: SIGNED_IN,
      params: ['office', 'association'],
    },
    async (c) => {
      const target = requestTarget(c);
      if (!target) return errorResponse(c, 404);
      const status = await representationStatus(c.var.deps.db, target.office.id, target.a.id, c.var.actor!.userId);
      return c.html(
        <RequestPage v={view(c)} office={target.office} association={target.a} status={status === 'rejected' ? undefined : status} />,
      );
    },
  );

  core.page(
    {
      name: 'associations.request.submit',
      method: 'POST',
      path: `${pub}/:association/predstavnik`,
      access: SIGNED_IN,
      params: ['office', 'association'],
    },
    async (c) => {
      const target = requestTarget(c);
      if (!target) return errorResponse(c, 404);
      const values = await readForm(c);
      const parsed = parseForm(representationRequestFields, values, c.var.locale);
      if (!parsed.ok) {
        return c.html(
          <RequestPage
            v={view(c)}
            office={target.office}
            association={target.a}
            status={undefined}
            values={values}
            errors={parsed.errors}
          />,
          400,
        );
      }
      const status = await requestRepresentation(c.var.deps, c.var.actor!, target.office, target.a.id, parsed.data.note);
      const path = `/${c.var.locale}/kancelarije/${target.office.slug}/udruzenja/${target.a.id}/predstavnik`;
      return c.redirect(status === 'pending' ? `${path}?n=associations.request.sent` : path, 303);
    },
  );
}
