import { z } from 'zod';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { NATIONAL, PUBLIC, STAFF } from '../../core/http/routes.ts';
import { t } from '../../core/i18n/messages.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import { localToday } from '../accounts/age.ts';
import { ALL_ACTIVITIES } from '../activities/cache.ts';
import { serbiaMap } from './map.ts';
import {
  addableActivities,
  campaignActivities,
  campaignBySlug,
  campaignMaterials,
  listCampaigns,
  officeCampaignActivities,
  officeMaterials,
  openCampaigns,
  type Campaign,
} from './campaigns-repo.ts';
import {
  addActivityForm,
  addToCampaign,
  campaignTags,
  campaignForm,
  createCampaign,
  materialForm,
  recordSent,
  requestMaterial,
  sentForm,
} from './campaigns-service.ts';
import {
  CAMPAIGNS_ADMIN,
  CAMPAIGNS_PUBLIC,
  CampaignAdminPage,
  CampaignPage,
  CampaignsAdminPage,
  CampaignsPage,
  OfficeCampaignsPage,
  campaignAdminPath,
  officeCampaignsPath,
  type OfficeCampaign,
} from './campaigns-views.tsx';
import { associationOffice } from './competencies-repo.ts';
import { ensureAssociation } from './competencies-service.ts';

type Ctx = Parameters<Parameters<Core['page']>[1]>[0];

/** Which open campaign an office's page shows (a query string is read as far as it goes, never an error). */
const kampanjaQuery = z.object({ kampanja: z.string().catch('').optional() });

/** The campaign a path names (:kampanja, by slug, of the association); undefined → 404. */
async function campaignOf(c: Ctx): Promise<Campaign | undefined> {
  const slug = c.req.param('kampanja') ?? '';
  return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) ? campaignBySlug(c.var.deps.db, slug) : undefined;
}

export function registerCampaignRoutes(core: Core): void {
  // ── Public: the campaigns and one campaign's activities on the map ──
  core.page(
    { name: 'national.campaigns', method: 'GET', path: `${L}${CAMPAIGNS_PUBLIC}`, access: PUBLIC, cacheTags: () => ['campaigns'] },
    async (c) => {
      return c.html(<CampaignsPage v={view(c)} campaigns={await listCampaigns(c.var.deps.db)} />);
    },
  );
  core.page(
    {
      name: 'national.campaign',
      method: 'GET',
      path: `${L}${CAMPAIGNS_PUBLIC}/:kampanja`,
      access: PUBLIC,
      // Any public change to an activity touches ALL_ACTIVITIES; adding one to the campaign touches the campaign's tag.
      cacheTags: (c) => [ALL_ACTIVITIES, ...campaignTags(c.req.param('kampanja') ?? ''), 'offices'],
    },
    async (c) => {
      const campaign = await campaignOf(c);
      if (!campaign) return errorResponse(c, 404);
      return c.html(
        <CampaignPage
          v={view(c)}
          campaign={campaign}
          activities={await campaignActivities(c.var.deps.db, campaign, true)}
          map={await serbiaMap()}
        />,
      );
    },
  );

  // ── The national admin ──
  const adminList = async (c: Ctx, values?: FormValues, errors?: FormErrors) => {
    const association = await associationOffice(c.var.deps.db);
    return c.html(
      <CampaignsAdminPage
        v={view(c)}
        campaigns={await listCampaigns(c.var.deps.db)}
        ready={association !== undefined}
        values={values}
        errors={errors}
      />,
      errors ? 400 : 200,
    );
  };
  core.page({ name: 'national.campaigns.admin', method: 'GET', path: `${L}${CAMPAIGNS_ADMIN}`, access: NATIONAL }, (c) => adminList(c));
  core.page({ name: 'national.campaigns.create', method: 'POST', path: `${L}${CAMPAIGNS_ADMIN}`, access: NATIONAL }, async (c) => {
    const { deps, locale, actor } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(campaignForm, values, locale);
    if (!parsed.ok) return adminList(c, values, parsed.errors);
    const association = await ensureAssociation(deps, actor!);
    const r = await createCampaign(deps, actor!, association, parsed.data);
    if (!r.ok) return adminList(c, values, { [r.field ?? '_form']: t(locale, r.error, r.vars) });
    return c.redirect(`/${locale}${campaignAdminPath(parsed.data.slug)}?n=nat.camp.created`, 303);
  });

  const adminOne = async (c: Ctx, campaign: Campaign, errors?: FormErrors) => {
    const { db } = c.var.deps;
    const [activities, materials] = await Promise.all([campaignActivities(db, campaign, false), campaignMaterials(db, campaign)]);
    return c.html(
      <CampaignAdminPage v={view(c)} campaign={campaign} activities={activities} materials={materials} errors={errors} />,
      errors ? 400 : 200,
    );
  };
  core.page({ name: 'national.campaign.admin', method: 'GET', path: `${L}${CAMPAIGNS_ADMIN}/:kampanja`, access: NATIONAL }, async (c) => {
    const campaign = await campaignOf(c);
    return campaign ? adminOne(c, campaign) : errorResponse(c, 404);
  });
  core.page(
    { name: 'national.campaign.sent', method: 'POST', path: `${L}${CAMPAIGNS_ADMIN}/:kampanja/poslato`, access: NATIONAL },
    async (c) => {
      const { deps, locale, actor } = c.var;
      const campaign = await campaignOf(c);
      if (!campaign) return errorResponse(c, 404);
      const parsed = parseForm(sentForm, await readForm(c), locale);
      if (!parsed.ok) return adminOne(c, campaign, parsed.errors);
      const r = await recordSent(deps, actor!, campaign, parsed.data.office, parsed.data.request, parsed.data.sent_quantity);
      // A request this campaign has not got (another's, or none) is not found.
      if (!r.ok) return errorResponse(c, 404);
      return c.redirect(`/${locale}${campaignAdminPath(campaign.slug)}?n=nat.camp.sent`, 303);
    },
  );

  // ── An office: its activities in an open campaign (?kampanja=, the first by default), promotional material ──
  const officePage = async (
    c: Ctx,
    failed?: { form: 'activity' | 'material'; values: FormValues; errors: FormErrors },
    chosen?: string,
  ) => {
    const { db, now } = c.var.deps;
    const office = c.var.office;
    const open = await openCampaigns(db, localToday(now()));
    const wanted = chosen ?? kampanjaQuery.parse(c.req.query()).kampanja;
    const campaign = open.find((x) => x.slug === wanted) ?? open[0];
    const current: OfficeCampaign | undefined = campaign
      ? {
          campaign,
          mine: await officeCampaignActivities(db, office.id, campaign),
          addable: await addableActivities(db, office.id, campaign),
          materials: await officeMaterials(db, office.id, campaign),
        }
      : undefined;
    c.header('cache-control', 'private, no-store');
    return c.html(<OfficeCampaignsPage v={view(c)} office={office} open={open} current={current} failed={failed} />, failed ? 400 : 200);
  };
  const officePath = `${L}/admin/kancelarije/:office/kampanje`;
  core.page({ name: 'national.campaigns.office', method: 'GET', path: officePath, access: STAFF }, (c) => officePage(c));

  /** The open campaign a form names (its hidden `campaign` slug); undefined → 404. */
  const openCampaign = async (c: Ctx, slug: string | undefined): Promise<Campaign | undefined> => {
    if (!slug || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) return undefined;
    const campaign = await campaignBySlug(c.var.deps.db, slug);
    return campaign && campaign.ends_on >= localToday(c.var.deps.now()) ? campaign : undefined;
  };
  const back = (c: Ctx, campaign: Campaign, n: string) =>
    c.redirect(`/${c.var.locale}${officeCampaignsPath(c.var.office)}?kampanja=${campaign.slug}&n=${n}`, 303);

  core.page({ name: 'national.campaigns.office.add', method: 'POST', path: `${officePath}/aktivnost`, access: STAFF }, async (c) => {
    const { deps, locale, actor, office } = c.var;
    const values = await readForm(c);
    const campaign = await openCampaign(c, values.campaign);
    if (!campaign) return errorResponse(c, 404);
    const again = (errors: FormErrors) => officePage(c, { form: 'activity', values, errors }, campaign.slug);
    const parsed = parseForm(addActivityForm, values, locale);
    if (!parsed.ok) return again(parsed.errors);
    const r = await addToCampaign(deps, actor!, office.id, campaign, parsed.data.activity);
    if (!r.ok) return again({ [r.field ?? '_form']: t(locale, r.error, r.vars) });
    return back(c, campaign, 'nat.camp.added');
  });
  core.page({ name: 'national.campaigns.office.material', method: 'POST', path: `${officePath}/materijal`, access: STAFF }, async (c) => {
    const { deps, locale, actor, office } = c.var;
    const values = await readForm(c);
    const campaign = await openCampaign(c, values.campaign);
    if (!campaign) return errorResponse(c, 404);
    const parsed = parseForm(materialForm, values, locale);
    if (!parsed.ok) return officePage(c, { form: 'material', values, errors: parsed.errors }, campaign.slug);
    await requestMaterial(deps, actor!, office.id, campaign, parsed.data);
    return back(c, campaign, 'nat.camp.requested');
  });
}
