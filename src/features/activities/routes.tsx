import type { Context } from 'hono';
import { z } from 'zod';
import { hasOfficeRole } from '../../core/auth/actor.ts';
import { fileResponse, findFile } from '../../core/files.ts';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { parseForm, readForm, text, checkbox, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { PUBLIC, officeRoles } from '../../core/http/routes.ts';
import { formImage } from '../../core/http/uploads.ts';
import { t } from '../../core/i18n/messages.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import { localToday } from '../accounts/age.ts';
import { adminActivityPath } from './paths.ts';
import { activityPartners, countLive, listActivities, listPartnerOptions, listSessions, type Activity, type ListView } from './repo.ts';
import { activityForm, imageFields, type ActivityInput } from './schema.ts';
import { editorOf, mayEdit, mayManage, mayViewImage, scopeOf, type Editor } from './policy.ts';
import { cancelActivity, createActivity, publishActivity, saveActivity, setActivityImage, type PlanLink } from './service.ts';
import { planActivityChoices } from './plan-link.ts';
import { isUuid } from '../../core/http/ids.ts';
import {
  ActivitiesPage,
  ActivityPage,
  EditActivityPage,
  NewActivityPage,
  NotAllowedPage,
  activityFormValues,
  newActivityValues,
  type SubPage,
} from './views.tsx';

/**
 * Who may open the staff side of activities: the office's staff, and association
 * representatives — who then see and edit only their associations' activities, and only when
 * the office allows it (offices.associations_create_activities); otherwise they read why.
 */
export const ACTIVITY_EDITORS = officeRoles('coordinator', 'office_admin', 'association_rep');

const listQuery = z.object({
  prikaz: z.enum(['upcoming', 'past', 'drafts', 'cancelled', 'all']).catch('upcoming').default('upcoming'),
});

const cancelFields = z.object({ reason: text(1000), confirm: checkbox });

/** Other features' pages of one activity, linked from its overview once they exist (path suffix, label). */
const SUB_PAGES: ReadonlyArray<[string, SubPage['label']]> = [
  ['/prijave', 'activities.nav.registrations'],
  ['/dolazak', 'activities.nav.checkin'],
  ['/statistika', 'activities.nav.stats'],
  ['/utisci', 'activities.nav.feedback'],
  ['/sertifikati', 'activities.nav.certificates'],
  ['/ucesnici.csv', 'activities.nav.csv'],
  ['/ucesnici.xlsx', 'activities.nav.xlsx'],
  ['/lista-prisutnih.pdf', 'activities.nav.sheet'],
];

export function registerActivityRoutes(core: Core): void {
  const admin = `${L}/admin/kancelarije/:office/aktivnosti`;

  const editor = (c: Context<AppEnv>): Promise<Editor> => editorOf(c.var.deps.db, c.var.actor!, c.var.office.id);

  /** The activity of the :activity path (resolved by core), as far as this editor may see it; undefined → 404. */
  const activityOf = (c: Context<AppEnv>, e: Editor): Activity | undefined => (mayEdit(e, c.var.activity) ? c.var.activity : undefined);

  const formData = async (c: Context<AppEnv>, e: Editor) => ({
    partners: await listPartnerOptions(c.var.deps.db, c.var.office.id),
    associations: e.kind === 'rep' ? e.associations : null,
    // The current plan's activities, for staff (a representative links nothing to the plan).
    planActivities: e.kind === 'rep' ? null : await planActivityChoices(c.var.deps.db, c.var.office.id),
  });

  /**
   * The plan link the form sends (its marker `lap_link` says the select was there): a key, or
   * null for none; undefined without the marker (the link is left as it is). A value that is not
   * a key is refused at the field.
   */
  const planLinkOf = (values: FormValues): { link?: PlanLink; error?: true } => {
    if (values.lap_link !== '1') return {};
    const key = (values.lap_activity_key ?? '').trim().toLowerCase();
    if (key === '') return { link: { key: null } };
    return isUuid(key) ? { link: { key } } : { error: true };
  };

  /** The form's values and, when they pass every rule, the activity they describe. */
  const readActivity = async (
    c: Context<AppEnv>,
    existing: Awaited<ReturnType<typeof listSessions>>,
  ): Promise<{ values: FormValues; errors: FormErrors | null; input?: ActivityInput; notFound?: true }> => {
    const values = await readForm(c);
    // A session row names one of this activity's sessions, or none (a new one): any other id is not found.
    const known = new Set(existing.map((s) => s.id));
    if (Object.entries(values).some(([k, v]) => /^s_id_\d+$/.test(k) && v !== '' && !known.has(v)))
      return { values, errors: null, notFound: true };
    const schema = activityForm(c.var.deps.now(), new Map(existing.map((s) => [s.id, s])));
    const parsed = parseForm(schema, values, c.var.locale);
    return parsed.ok ? { values, errors: null, input: parsed.data } : { values, errors: parsed.errors };
  };

  core.page({ name: 'activities.admin.list', method: 'GET', path: admin, access: ACTIVITY_EDITORS }, async (c) => {
    const { db, now } = c.var.deps;
    const e = await editor(c);
    const { prikaz } = listQuery.parse(c.req.query());
    const rows = !mayManage(e) ? [] : await listActivities(db, c.var.office.id, prikaz as ListView, now(), scopeOf(e));
    return c.html(<ActivitiesPage v={view(c)} office={c.var.office} editor={e} rows={rows} view={prikaz as ListView} />);
  });

  // Registered before ':activity', which would also match 'nova'.
  core.page({ name: 'activities.admin.new', method: 'GET', path: `${admin}/nova`, access: ACTIVITY_EDITORS }, async (c) => {
    const e = await editor(c);
    if (!mayManage(e)) return c.html(<NotAllowedPage v={view(c)} office={c.var.office} reason={e.reason} />);
    const fresh = newActivityValues(localToday(c.var.deps.now()));
    const values = e.kind === 'rep' && e.associations.length === 1 ? { ...fresh, association: e.associations[0]!.id } : fresh;
    return c.html(<NewActivityPage v={view(c)} office={c.var.office} values={values} {...await formData(c, e)} />);
  });

  core.page({ name: 'activities.admin.create', method: 'POST', path: admin, access: ACTIVITY_EDITORS }, async (c) => {
    const { deps, office, locale } = c.var;
    const e = await editor(c);
    if (!mayManage(e)) return c.html(<NotAllowedPage v={view(c)} office={office} reason={e.reason} />);
    const read = await readActivity(c, []);
    if (read.notFound) return errorResponse(c, 404);
    const again = async (errors: FormErrors) =>
      c.html(<NewActivityPage v={view(c)} office={office} values={read.values} errors={errors} {...await formData(c, e)} />, 400);
    const planLink = planLinkOf(read.values);
    if (planLink.error) return again({ ...read.errors, lap_activity_key: t(locale, 'err.choice') });
    if (read.errors || !read.input) return again(read.errors ?? {});
    const r = await createActivity(deps, c.var.actor!, office, e, read.input, planLink.link);
    if (!r.ok) return again({ [r.field ?? '_form']: t(locale, r.error, r.vars) });
    return c.redirect(`/${locale}${adminActivityPath(office, r.value)}?n=activities.created`, 303);
  });

  const showActivity = async (
    c: Context<AppEnv>,
    a: Activity,
    e: Editor,
    status: 200 | 400 = 200,
    cancel?: { values: FormValues; errors: FormErrors },
    image?: { values: FormValues; errors: FormErrors },
  ) => {
    const { db } = c.var.deps;
    const office = c.var.office;
    const [sessions, partners, live] = await Promise.all([
      listSessions(db, office.id, a.id),
      activityPartners(db, office.id, a.id),
      countLive(db, office.id, a.id),
    ]);
    const subPages: SubPage[] = [];
    for (const [suffix, label] of SUB_PAGES) {
      const route = core.table.routes.find((r) => r.method === 'GET' && r.path === `${admin}/:activity${suffix}`);
      if (route && route.access.kind === 'office' && hasOfficeRole(c.var.actor, office.id, route.access.roles)) {
        subPages.push({ label, href: `${adminActivityPath(office, a.id)}${suffix}` });
      }
    }
    return c.html(
      <ActivityPage
        v={view(c)}
        office={office}
        activity={a}
        sessions={sessions}
        partners={partners}
        live={live}
        subPages={subPages}
        canManage={mayManage(e)}
        cancelErrors={cancel?.errors}
        cancelValues={cancel?.values}
        imageErrors={image?.errors}
        imageValues={image?.values}
      />,
      status,
    );
  };

  core.page(
    { name: 'activities.admin.show', method: 'GET', path: `${admin}/:activity`, access: ACTIVITY_EDITORS, params: ['activity'] },
    async (c) => {
      const e = await editor(c);
      const a = activityOf(c, e);
      return a ? showActivity(c, a, e) : errorResponse(c, 404);
    },
  );

  const editPage = async (c: Context<AppEnv>, e: Editor, a: Activity, values?: FormValues, errors?: FormErrors) => {
    const { db } = c.var.deps;
    const office = c.var.office;
    const v = values ?? activityFormValues(a, await listSessions(db, office.id, a.id), await activityPartners(db, office.id, a.id));
    return c.html(
      <EditActivityPage v={view(c)} office={office} activity={a} values={v} errors={errors} {...await formData(c, e)} />,
      errors ? 400 : 200,
    );
  };

  core.page(
    { name: 'activities.admin.edit', method: 'GET', path: `${admin}/:activity/uredi`, access: ACTIVITY_EDITORS, params: ['activity'] },
    async (c) => {
      const e = await editor(c);
      const a = activityOf(c, e);
      if (!a) return errorResponse(c, 404);
      if (a.status === 'cancelled') return showActivity(c, a, e);
      return editPage(c, e, a);
    },
  );

  core.page(
    { name: 'activities.admin.update', method: 'POST', path: `${admin}/:activity/uredi`, access: ACTIVITY_EDITORS, params: ['activity'] },
    async (c) => {
      const { deps, office, locale } = c.var;
      const e = await editor(c);
      const a = activityOf(c, e);
      if (!a) return errorResponse(c, 404);
      const read = await readActivity(c, await listSessions(deps.db, office.id, a.id));
      if (read.notFound) return errorResponse(c, 404);
      const planLink = planLinkOf(read.values);
      if (planLink.error) return editPage(c, e, a, read.values, { ...read.errors, lap_activity_key: t(locale, 'err.choice') });
      if (read.errors || !read.input) return editPage(c, e, a, read.values, read.errors ?? {});
      const r = await saveActivity(deps, c.var.actor!, office, e, a.id, read.input, planLink.link);
      if (!r.ok)
        return r.error === 'error.404.title'
          ? errorResponse(c, 404)
          : editPage(c, e, a, read.values, { [r.field ?? '_form']: t(locale, r.error, r.vars) });
      return c.redirect(`/${locale}${adminActivityPath(office, a.id)}?n=activities.saved`, 303);
    },
  );

  core.page(
    { name: 'activities.admin.publish', method: 'POST', path: `${admin}/:activity/objavi`, access: ACTIVITY_EDITORS, params: ['activity'] },
    async (c) => {
      const { deps, office, locale } = c.var;
      const e = await editor(c);
      const a = activityOf(c, e);
      if (!a) return errorResponse(c, 404);
      const r = await publishActivity(deps, c.var.actor!, office, e, a.id);
      if (!r.ok)
        return r.error === 'error.404.title'
          ? errorResponse(c, 404)
          : showActivity(c, a, e, 400, { values: {}, errors: { _form: t(locale, r.error) } });
      return c.redirect(`/${locale}${adminActivityPath(office, a.id)}?n=activities.published`, 303);
    },
  );

  core.page(
    { name: 'activities.admin.cancel', method: 'POST', path: `${admin}/:activity/otkazi`, access: ACTIVITY_EDITORS, params: ['activity'] },
    async (c) => {
      const { deps, office, locale } = c.var;
      const e = await editor(c);
      const a = activityOf(c, e);
      if (!a) return errorResponse(c, 404);
      const values = await readForm(c);
      const parsed = parseForm(cancelFields, values, locale);
      if (!parsed.ok) return showActivity(c, a, e, 400, { values, errors: parsed.errors });
      if (!parsed.data.confirm)
        return showActivity(c, a, e, 400, { values, errors: { confirm: t(locale, 'activities.cancel.mustConfirm') } });
      const r = await cancelActivity(deps, c.var.actor!, office, e, a.id, parsed.data.reason);
      if (!r.ok)
        return r.error === 'error.404.title'
          ? errorResponse(c, 404)
          : showActivity(c, a, e, 400, { values, errors: { _form: t(locale, r.error) } });
      return c.redirect(`/${locale}${adminActivityPath(office, a.id)}?n=activities.cancelled`, 303);
    },
  );

  // The image, with its description: multipart, the file judged by its bytes.
  core.page(
    {
      name: 'activities.admin.image',
      method: 'POST',
      path: `${admin}/:activity/slika`,
      access: ACTIVITY_EDITORS,
      params: ['activity'],
      upload: 'image',
    },
    async (c) => {
      const { deps, office, locale } = c.var;
      const e = await editor(c);
      const a = activityOf(c, e);
      if (!a) return errorResponse(c, 404);
      const values = await readForm(c);
      const parsed = parseForm(imageFields, values, locale);
      const remove = parsed.ok && parsed.data.remove_image;
      const { image, error } = remove ? { image: null } : await formImage(c);
      const errors: FormErrors = parsed.ok ? {} : { ...parsed.errors };
      if (error) errors.image = error;
      else if (!remove && !image && !a.image_file_id) errors.image = t(locale, 'activities.err.imageMissing');
      if (!parsed.ok || Object.keys(errors).length > 0) return showActivity(c, a, e, 400, undefined, { values, errors });
      const r = await setActivityImage(deps, c.var.actor!, office, e, a.id, remove ? 'remove' : { image, alt: parsed.data.image_alt });
      if (!r.ok)
        return r.error === 'error.404.title'
          ? errorResponse(c, 404)
          : showActivity(c, a, e, 400, undefined, { values, errors: { [r.field ?? '_form']: t(locale, r.error) } });
      return c.redirect(
        `/${locale}${adminActivityPath(office, a.id)}?n=${remove ? 'activities.image.removed' : 'activities.image.saved'}#image`,
        303,
      );
    },
  );

  // The image of a published (or cancelled) activity, for the calendar and the activity page;
  // a draft's only for those who may edit it (its overview shows it).
  core.page(
    {
      name: 'activities.image',
      method: 'GET',
      path: `${L}/kancelarije/:office/aktivnosti/:activity/slika`,
      access: PUBLIC,
      params: ['office', 'activity'],
    },
    async (c) => {
      const { db } = c.var.deps;
      const { actor, office, activity: a } = c.var;
      if (!a.image_file_id) return errorResponse(c, 404);
      if (!(await mayViewImage(db, actor, office, a))) return errorResponse(c, 404);
      const file = await findFile(db, office.id, a.image_file_id);
      return file ? fileResponse(c, file) : errorResponse(c, 404);
    },
  );
}
