import type { Queryable } from '../../core/db/db.ts';
import type { OpeningInterval } from './hours.ts';

export const REGIONS = ['vojvodina', 'belgrade', 'central', 'west', 'south_east'] as const;
export type Region = (typeof REGIONS)[number];

export interface Phone {
  label: string;
  number: string;
}
export interface SocialLink {
  network: string;
  url: string;
  label: string;
}

export interface OfficeSummary {
  id: string;
  slug: string;
  status: 'full' | 'directory';
  name: string;
  town: string;
  region: Region;
}

export interface Coordinator {
  id: string;
  full_name: string;
  title: string;
  phone: string;
  email: string;
  position: number;
}

/** What an office edits about itself (the profile form). */
export interface OfficeProfile {
  name: string;
  town: string;
  region: Region;
  address: string;
  postal_code: string;
  room: string;
  email: string;
  website: string;
  phones: Phone[];
  social_links: SocialLink[];
  latitude: number | null;
  longitude: number | null;
  founded_on: string | null;
  description: string;
  hours_note: string;
  awards: string;
  /** Approved association representatives may enter this office's activities (issue #5). */
  associations_create_activities: boolean;
  search_key: string;
}

/** One office as its public page shows it. */
export interface Office extends OfficeSummary, Omit<OfficeProfile, 'search_key'> {
  founded_year: number | null;
  updated_at: Date;
  hours: OpeningInterval[];
  coordinators: Coordinator[];
}

const SUMMARY = 'id, slug, status, name, town, region';

/**
 * Directory listing. `key` is a searchKey() of what was typed; offices store the same
 * folding of their name and town, so "Чачак", "Čačak" and "cacak" all match.
 */
export async function listOffices(q: Queryable, filter: { key?: string; region?: Region | undefined } = {}): Promise<OfficeSummary[]> {
  // A closed office (national/) leaves every list; its rows stay for the national figures. The
  // national association's own office (its trainings, national/competencies*) is no youth office.
  const where: string[] = [`status <> 'closed'`, 'NOT national_association'];
  const params: unknown[] = [];
  if (filter.key) {
    params.push(`%${filter.key.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    where.push(`search_key LIKE $${params.length}`);
  }
  if (filter.region) {
    params.push(filter.region);
    where.push(`region = $${params.length}`);
  }
  return q.query<OfficeSummary>(
    `SELECT ${SUMMARY} FROM offices WHERE ${where.join(' AND ')}
      ORDER BY status = 'full' DESC, search_key`,
    params,
  );
}

/** One office with its hours and coordinators, in one round trip. */
export async function findOffice(q: Queryable, slug: string): Promise<Office | undefined> {
  const rows = await q.query<Office>(
    `SELECT o.*,
            COALESCE((SELECT json_agg(json_build_object('weekday', h.weekday, 'opens', h.opens, 'closes', h.closes)
                                      ORDER BY h.weekday, h.opens)
                        FROM office_hours h WHERE h.office_id = o.id), '[]') AS hours,
            COALESCE((SELECT json_agg(json_build_object('id', c.id, 'full_name', c.full_name, 'title', c.title,
                                                        'phone', c.phone, 'email', c.email, 'position', c.position)
                                      ORDER BY c.position, c.full_name)
                        FROM office_coordinators c WHERE c.office_id = o.id), '[]') AS coordinators
       FROM offices o WHERE o.slug = $1 AND o.status <> 'closed'`,
    [slug],
  );
  return rows[0];
}

export async function updateOfficeProfile(q: Queryable, officeId: string, p: OfficeProfile): Promise<void> {
  await q.query(
    `UPDATE offices SET name = $2, town = $3, region = $4, address = $5, postal_code = $6, room = $7,
            email = $8, website = $9, phones = $10, social_links = $11, latitude = $12, longitude = $13,
            founded_on = $14, description = $15, hours_note = $16, awards = $17, search_key = $18,
            associations_create_activities = $19, updated_at = now()
      WHERE id = $1`,
    [
      officeId,
      p.name,
      p.town,
      p.region,
      p.address,
      p.postal_code,
      p.room,
      p.email,
      p.website,
      JSON.stringify(p.phones),
      JSON.stringify(p.social_links),
      p.latitude,
      p.longitude,
      p.founded_on,
      p.description,
      p.hours_note,
      p.awards,
      p.search_key,
      p.associations_create_activities,
    ],
  );
}

export async function replaceHours(q: Queryable, officeId: string, hours: readonly OpeningInterval[]): Promise<void> {
  await q.query('DELETE FROM office_hours WHERE office_id = $1', [officeId]);
  for (const h of hours) {
    await q.query('INSERT INTO office_hours (office_id, weekday, opens, closes) VALUES ($1, $2, $3, $4)', [
      officeId,
      h.weekday,
      h.opens,
      h.closes,
    ]);
  }
}

export async function replaceCoordinators(q: Queryable, officeId: string, people: ReadonlyArray<Omit<Coordinator, 'id'>>): Promise<void> {
  await q.query('DELETE FROM office_coordinators WHERE office_id = $1', [officeId]);
  for (const p of people) {
    await q.query('INSERT INTO office_coordinators (office_id, full_name, title, phone, email, position) VALUES ($1, $2, $3, $4, $5, $6)', [
      officeId,
      p.full_name,
      p.title,
      p.phone,
      p.email,
      p.position,
    ]);
  }
}

export interface NewOffice extends Omit<OfficeProfile, 'search_key' | 'associations_create_activities'> {
  slug: string;
  status: 'full' | 'directory';
  founded_year: number | null;
}

export async function insertOffice(q: Queryable, o: NewOffice, searchKeyValue: string): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO offices (slug, status, name, town, region, address, postal_code, room, email, website, phones,
                          social_links, latitude, longitude, founded_on, founded_year, description, hours_note, awards, search_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id`,
    [
      o.slug,
      o.status,
      o.name,
      o.town,
      o.region,
      o.address,
      o.postal_code,
      o.room,
      o.email,
      o.website,
      JSON.stringify(o.phones),
      JSON.stringify(o.social_links),
      o.latitude,
      o.longitude,
      o.founded_on,
      o.founded_year,
      o.description,
      o.hours_note,
      o.awards,
      searchKeyValue,
    ],
  );
  return rows[0]!.id;
}
