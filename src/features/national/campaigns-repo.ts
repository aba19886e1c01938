import type { Queryable } from '../../core/db/db.ts';

export const MATERIAL_ITEMS = ['posters', 'flyers', 'tshirts', 'badges', 'banner'] as const;
export type MaterialItem = (typeof MATERIAL_ITEMS)[number];

export interface Campaign {
  id: string;
  slug: string;
  title: string;
  description: string;
  starts_on: string;
  ends_on: string;
}

const CAMPAIGN_COLUMNS = `id, slug, title, description, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on`;

/** The national campaigns, newest first. */
export function listCampaigns(q: Queryable): Promise<Campaign[]> {
  return q.query<Campaign>(`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns ORDER BY starts_on DESC, slug`);
}

/** Campaigns offices may still join (not ended before `today`). */
export function openCampaigns(q: Queryable, today: string): Promise<Campaign[]> {
  return q.query<Campaign>(`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE ends_on >= $1::date ORDER BY starts_on, slug`, [today]);
}

export async function campaignBySlug(q: Queryable, slug: string): Promise<Campaign | undefined> {
  const rows = await q.query<Campaign>(`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE slug = $1`, [slug]);
  return rows[0];
}

/** Inserts a campaign; undefined when the slug is taken (the unique index decides). */
export async function insertCampaign(
  q: Queryable,
  c: { slug: string; title: string; description: string; starts_on: string; ends_on: string },
  by: string | null,
): Promise<string | undefined> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO campaigns (slug, title, description, starts_on, ends_on, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (slug) DO NOTHING RETURNING id`,
    [c.slug, c.title, c.description, c.starts_on, c.ends_on, by],
  );
  return rows[0]?.id;
}

// ── Activities in a campaign ─────────────────────────────────────────────

export interface CampaignActivity {
  office_id: string;
  id: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  confirmed_count: number;
  office_slug: string;
  office_name: string;
  town: string;
  latitude: number | null;
  longitude: number | null;
}

/** Every office's activities in the campaign (published ones only for the public page). */
export function campaignActivities(q: Queryable, campaign: Campaign, publishedOnly: boolean): Promise<CampaignActivity[]> {
  return q.query<CampaignActivity>(
    `SELECT a.office_id, a.id, a.title, a.starts_at, a.ends_at, a.status, a.confirmed_count,
            o.slug AS office_slug, o.name AS office_name, o.town, o.latitude, o.longitude
       FROM campaign_activities ca
       JOIN activities a ON a.office_id = ca.office_id AND a.id = ca.activity_id
       JOIN offices o ON o.id = ca.office_id
      WHERE ca.campaign_id = $1 AND o.status = 'full'
        ${publishedOnly ? `AND a.status = 'published'` : `AND a.status <> 'cancelled'`}
      ORDER BY a.starts_at, o.search_key, a.id`,
    [campaign.id],
  );
}

/** One office's activities in a campaign. */
export function officeCampaignActivities(
  q: Queryable,
  officeId: string,
  campaign: Campaign,
): Promise<Array<{ id: string; title: string; starts_at: Date; ends_at: Date; status: string }>> {
  return q.query(
    `SELECT a.id, a.title, a.starts_at, a.ends_at, a.status
       FROM campaign_activities ca JOIN activities a ON a.office_id = ca.office_id AND a.id = ca.activity_id
      WHERE ca.office_id = $1 AND ca.campaign_id = $2
      ORDER BY a.starts_at, a.id`,
    [officeId, campaign.id],
  );
}

/** The office's activities it could add: not cancelled, not yet in the campaign, starting within the campaign's days. */
export function addableActivities(
  q: Queryable,
  officeId: string,
  campaign: Campaign,
): Promise<Array<{ id: string; title: string; starts_at: Date }>> {
  return q.query(
    `SELECT a.id, a.title, a.starts_at FROM activities a
      WHERE a.office_id = $1 AND a.status <> 'cancelled'
        AND (a.starts_at AT TIME ZONE 'Europe/Belgrade')::date BETWEEN $3::date AND $4::date
        AND NOT EXISTS (SELECT 1 FROM campaign_activities ca
                         WHERE ca.office_id = a.office_id AND ca.activity_id = a.id AND ca.campaign_id = $2)
      ORDER BY a.starts_at, a.id LIMIT 200`,
    [officeId, campaign.id, campaign.starts_on, campaign.ends_on],
  );
}

/** The office's activity and whether it starts within the campaign (undefined: no such activity of the office). */
export async function activityForCampaign(
  q: Queryable,
  officeId: string,
  activityId: string,
  campaign: Campaign,
): Promise<{ title: string; within: boolean } | undefined> {
  const rows = await q.query<{ title: string; within: boolean }>(
    `SELECT title, (starts_at AT TIME ZONE 'Europe/Belgrade')::date BETWEEN $3::date AND $4::date AS within
       FROM activities WHERE office_id = $1 AND id = $2 AND status <> 'cancelled'`,
    [officeId, activityId, campaign.starts_on, campaign.ends_on],
  );
  return rows[0];
}

/** Adds the office's activity to the campaign; false when it already was. */
export async function insertCampaignActivity(
  q: Queryable,
  officeId: string,
  activityId: string,
  campaign: Campaign,
  by: string | null,
): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO campaign_activities (office_id, activity_id, campaign_id, added_by)
     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
    [officeId, activityId, campaign.id, by],
  );
  return rows.length > 0;
}

// ── Promotional material ─────────────────────────────────────────────────

export interface MaterialRequest {
  office_id: string;
  id: string;
  office_name: string;
  item: MaterialItem;
  quantity: number;
  note: string;
  requested_at: Date;
  sent_quantity: number | null;
  sent_at: Date | null;
}

const MATERIAL_COLUMNS = `m.office_id, m.id, o.name AS office_name, m.item, m.quantity, m.note, m.requested_at, m.sent_quantity, m.sent_at`;

export function campaignMaterials(q: Queryable, campaign: Campaign): Promise<MaterialRequest[]> {
  return q.query<MaterialRequest>(
    `SELECT ${MATERIAL_COLUMNS} FROM campaign_materials m JOIN offices o ON o.id = m.office_id
      WHERE m.campaign_id = $1 ORDER BY m.sent_at NULLS FIRST, m.requested_at, m.id`,
    [campaign.id],
  );
}

export function officeMaterials(q: Queryable, officeId: string, campaign: Campaign): Promise<MaterialRequest[]> {
  return q.query<MaterialRequest>(
    `SELECT ${MATERIAL_COLUMNS} FROM campaign_materials m JOIN offices o ON o.id = m.office_id
      WHERE m.office_id = $1 AND m.campaign_id = $2 ORDER BY m.requested_at, m.id`,
    [officeId, campaign.id],
  );
}

export async function insertMaterial(
  q: Queryable,
  officeId: string,
  campaign: Campaign,
  m: { item: MaterialItem; quantity: number; note: string },
  by: string | null,
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO campaign_materials (office_id, campaign_id, item, quantity, note, requested_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [officeId, campaign.id, m.item, m.quantity, m.note, by],
  );
  return rows[0]!.id;
}

/** Records what was sent for a request of the campaign; false when the campaign has no such request. */
export async function markMaterialSent(q: Queryable, campaign: Campaign, officeId: string, id: string, sent: number): Promise<boolean> {
  const rows = await q.query(
    `UPDATE campaign_materials SET sent_quantity = $4, sent_at = now()
      WHERE office_id = $2 AND id = $3 AND campaign_id = $1 RETURNING 1`,
    [campaign.id, officeId, id, sent],
  );
  return rows.length > 0;
}
