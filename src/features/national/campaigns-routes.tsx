import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { NATIONAL, PUBLIC, STAFF } from '../../core/http/routes.ts';
import { t } from '../../core/i18n/messages.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import { localToday } from '../accounts/age.ts';
import { ALL_ACTIVITIES } from '../activities/cache.ts';
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

/** The campaign a path names (:kampanja, by slug, of the association); undefined → 404. */
async function campaignOf(c: Ctx): Promise<Campaign | undefined> {
  const association = await associationOffice(c.var.deps.db);
  const slug = c.req.param('kampanja') ?? '';
  return association && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) ? campaignBySlug(c.var.deps.db, association.id, slug) : undefined;
}

export function registerCampaignRoutes(core: Core): void {
  // ── Public: the campaigns and one campaign's activities on the map ──
  core.page(
    { name: 'national.campaigns', method: 'GET', path: `${L}${CAMPAIGNS_PUBLIC}`, access: PUBLIC, cacheTags: () => ['campaigns'] },
    async (c) => {
      const association = await associationOffice(c.var.deps.db);
      return c.html(<CampaignsPage v={view(c)} campaigns={association ? await listCampaigns(c.var.deps.db, association.id) : []} />);
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
      return c.html(<CampaignPage v={view(c)} campaign={campaign} activities={await campaignActivities(c.var.deps.db, campaign, true)} />);
    },
  );

  // ── The national admin ──
  const adminList = async (c: Ctx, values?: FormValues, errors?: FormErrors) => {
    const association = await associationOffice(c.var.deps.db);
    return c.html(
      <CampaignsAdminPage
        v={view(c)}
        campaigns={association ? await listCampaigns(c.var.deps.db, association.id) : []}
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
    return c.html(<CampaignAdminPage v={view(c)} campaign={campaign} activities={activities} materials={materials} errors={errors} />, errors ? 400 : 200);
  };
  core.page({ name: 'national.campaign.admin', method: 'GET', path: `${L}${CAMPAIGNS_ADMIN}/:kampanja`, access: NATIONAL }, async (c) => {
    const campaign = await campaignOf(c);
    return campaign ? adminOne(c, campaign) : errorResponse(c, 404);
  });
  core.page({ name: 'national.campaign.sent', method: 'POST', path: `${L}${CAMPAIGNS_ADMIN}/:kampanja/poslato`, access: NATIONAL }, async (c) => {
    const { deps, locale, actor } = c.var;
    const campaign = await campaignOf(c);
    if (!campaign) return errorResponse(c, 404);
    const parsed = parseForm(sentForm, await readForm(c), locale);
    if (!parsed.ok) return adminOne(c, campaign, parsed.errors);
    const r = await recordSent(deps, actor!, campaign, parsed.data.request, parsed.data.sent_quantity);
    if (!r.ok) return adminOne(c, campaign, { [r.field ?? '_form']: t(locale, r.error, r.vars) });
    return c.redirect(`/${locale}${campaignAdminPath(campaign.slug)}?n=nat.camp.sent`, 303);
  });

  // ── An office: its activities in the open campaigns, promotional material ──
  const officePage = async (c: Ctx, failed?: { slug: string; form: 'activity' | 'material'; values: FormValues; errors: FormErrors }) => {
    const { db, now } = c.var.deps;
    const office = c.var.office;
    const association = await associationOffice(db);
    const open = association ? await openCampaigns(db, association.id, localToday(now())) : [];
    const campaigns: OfficeCampaign[] = await Promise.all(
      open.map(async (campaign) => ({
        campaign,
        mine: await officeCampaignActivities(db, office.id, campaign),
        addable: await addableActivities(db, office.id, campaign),
        materials: await officeMaterials(db, office.id, campaign),
      })),
    );
    c.header('cache-control', 'private, no-store');
    return c.html(<OfficeCampaignsPage v={view(c)} office={office} campaigns={campaigns} failed={failed} />, failed ? 400 : 200);
  };
  const officePath = `${L}/admin/kancelarije/:office/kampanje`;
  core.page({ name: 'national.campaigns.office', method: 'GET', path: officePath, access: STAFF }, (c) => officePage(c));

  /** The form's values without the campaign's prefix on each field name. */
  const unprefixed = (values: FormValues, slug: string): FormValues =>
    Object.fromEntries(Object.entries(values).map(([k, x]) => [k.startsWith(`${slug}-`) ? k.slice(slug.length + 1) : k, x]));

  core.page({ name: 'national.campaigns.office.add', method: 'POST', path: `${officePath}/:kampanja/aktivnost`, access: STAFF }, async (c) => {
    const { deps, locale, actor, office } = c.var;
    const campaign = await campaignOf(c);
    if (!campaign || campaign.ends_on < localToday(deps.now())) return errorResponse(c, 404);
    const values = unprefixed(await readForm(c), campaign.slug);
    const again = (errors: FormErrors) => officePage(c, { slug: campaign.slug, form: 'activity', values, errors });
    const parsed = parseForm(addActivityForm, values, locale);
    if (!parsed.ok) return again(parsed.errors);
    const r = await addToCampaign(deps, actor!, office.id, campaign, parsed.data.activity);
    if (!r.ok) return again({ [r.field ?? '_form']: t(locale, r.error, r.vars) });
    return c.redirect(`/${locale}${officeCampaignsPath(office)}?n=nat.camp.added`, 303);
  });
  core.page(
    { name: 'national.campaigns.office.material', method: 'POST', path: `${officePath}/:kampanja/materijal`, access: STAFF },
    async (c) => {
      const { deps, locale, actor, office } = c.var;
      const campaign = await campaignOf(c);
      if (!campaign || campaign.ends_on < localToday(deps.now())) return errorResponse(c, 404);
      const values = unprefixed(await readForm(c), campaign.slug);
      const parsed = parseForm(materialForm, values, locale);
      if (!parsed.ok) return officePage(c, { slug: campaign.slug, form: 'material', values, errors: parsed.errors });
      await requestMaterial(deps, actor!, office.id, campaign, parsed.data);
      return c.redirect(`/${locale}${officeCampaignsPath(office)}?n=nat.camp.requested`, 303);
    },
  );
}
