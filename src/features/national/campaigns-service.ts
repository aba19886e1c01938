import { z } from 'zod';
import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Deps } from '../../core/http/env.ts';
import { pageWrite } from '../../core/http/page-cache.ts';
import { isoDate, requiredText, text } from '../../core/http/forms.ts';
import { searchKey } from '../../core/i18n/script.ts';
import type { Result } from '../../core/result.ts';
import {
  activityForCampaign,
  insertCampaign,
  insertCampaignActivity,
  insertMaterial,
  markMaterialSent,
  MATERIAL_ITEMS,
  type Campaign,
} from './campaigns-repo.ts';
import type { AssociationOffice } from './competencies-repo.ts';

/** The page-cache tag of a campaign's public page (and the campaigns list). */
export const campaignTags = (slug: string) => ['campaigns', `campaign:${slug}`];

const slug = text(60).pipe(z.string().regex(/^([a-z0-9]+(-[a-z0-9]+)*)?$/, 'nat.err.slug'));

/** A campaign's address made from its title when none is typed ("Међународни дан младих" → medjunarodni-dan-mladih). */
export function slugOf(title: string): string {
  const s = searchKey(title.replace(/[ђЂ]/g, 'dj').replace(/đ/gi, 'dj'))
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s || 'kampanja';
}

/** The national admin creates a campaign (International Youth Day, 12 August). */
export const campaignForm = z
  .object({
    title: requiredText(200).pipe(z.string().min(3, 'err.tooShort')),
    slug,
    description: text(2000),
    starts_on: isoDate,
    ends_on: isoDate,
  })
  .superRefine((f, ctx) => {
    if (f.ends_on < f.starts_on) ctx.addIssue({ code: 'custom', path: ['ends_on'], message: 'nat.camp.err.endsBefore' });
  })
  .transform((f) => ({ ...f, slug: f.slug || slugOf(f.title) }));
export type CampaignInput = z.output<typeof campaignForm>;

export const addActivityForm = z.object({ activity: z.string().trim().uuid('err.choice') });

export const materialForm = z.object({
  item: z.enum(MATERIAL_ITEMS, 'err.choice'),
  quantity: z
    .string()
    .trim()
    .min(1, 'err.required')
    .regex(/^[0-9]{1,5}$/, 'err.number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'err.number').max(10000, 'err.number')),
  note: text(500),
});

export const sentForm = z.object({
  office: z.string().trim().uuid('err.choice'),
  request: z.string().trim().uuid('err.choice'),
  sent_quantity: z
    .string()
    .trim()
    .min(1, 'err.required')
    .regex(/^[0-9]{1,5}$/, 'err.number')
    .transform(Number)
    .pipe(z.number().int().min(0, 'err.number').max(10000, 'err.number')),
});

export async function createCampaign(
  deps: Deps,
  actor: Actor,
  association: AssociationOffice,
  input: CampaignInput,
): Promise<Result<string>> {
  return pageWrite(deps, async (tx, touch): Promise<Result<string>> => {
    const id = await insertCampaign(tx, input, actor.userId);
    if (!id) return { ok: false, field: 'slug', error: 'nat.camp.err.slugTaken', vars: { slug: input.slug } };
    await recordAudit(tx, { officeId: association.id, actorId: actor.userId, action: 'campaign.create', target: input.slug });
    touch(campaignTags(input.slug));
    return { ok: true, value: id };
  });
}

/** An office adds one of its activities that starts within the campaign's days. */
export async function addToCampaign(deps: Deps, actor: Actor, officeId: string, campaign: Campaign, activityId: string): Promise<Result> {
  return pageWrite(deps, async (tx, touch): Promise<Result> => {
    const a = await activityForCampaign(tx, officeId, activityId, campaign);
    if (!a) return { ok: false, field: 'activity', error: 'err.choice' };
    if (!a.within) return { ok: false, field: 'activity', error: 'nat.camp.err.outside' };
    if (!(await insertCampaignActivity(tx, officeId, activityId, campaign, actor.userId)))
      return { ok: false, field: 'activity', error: 'nat.camp.err.already' };
    await recordAudit(tx, {
      officeId,
      actorId: actor.userId,
      action: 'campaign.activity.add',
      target: activityId,
      data: { campaign: campaign.slug },
    });
    touch(campaignTags(campaign.slug));
    return { ok: true, value: undefined };
  });
}

export async function requestMaterial(
  deps: Deps,
  actor: Actor,
  officeId: string,
  campaign: Campaign,
  input: z.output<typeof materialForm>,
): Promise<Result> {
  return deps.db.transaction(async (tx): Promise<Result> => {
    const id = await insertMaterial(tx, officeId, campaign, input, actor.userId);
    await recordAudit(tx, {
      officeId,
      actorId: actor.userId,
      action: 'campaign.material.request',
      target: id,
      data: { campaign: campaign.slug },
    });
    return { ok: true, value: undefined };
  });
}

export async function recordSent(
  deps: Deps,
  actor: Actor,
  campaign: Campaign,
  officeId: string,
  id: string,
  sent: number,
): Promise<Result> {
  return deps.db.transaction(async (tx): Promise<Result> => {
    if (!(await markMaterialSent(tx, campaign, officeId, id, sent))) return { ok: false, field: 'request', error: 'err.choice' };
    await recordAudit(tx, {
      officeId,
      actorId: actor.userId,
      action: 'campaign.material.sent',
      target: id,
      data: { campaign: campaign.slug, sent },
    });
    return { ok: true, value: undefined };
  });
}
