import type { Queryable } from '../../core/db/db.ts';
import { seedCampaignsDemo } from './campaigns-demo.ts';

/** The demo offices' districts and membership of the national association (founded 2014 by 56 towns). */
const DEMO_NETWORK: ReadonlyArray<readonly [slug: string, district: string, memberSince: number | null]> = [
  ['pancevo', 'RS-04', 2014],
  ['cacak', 'RS-17', 2014],
  ['ivanjica', 'RS-17', 2015],
  ['nova-crnja', 'RS-03', 2018],
  ['opovo', 'RS-04', 2018],
  ['boljevac', 'RS-15', 2018],
  ['valjevo', 'RS-09', 2018],
  ['sabac', 'RS-08', null],
  ['gornji-milanovac', 'RS-17', 2018],
  ['cuprija', 'RS-13', 2018],
];

export async function seedNationalDemo(q: Queryable): Promise<void> {
  for (const [slug, district, since] of DEMO_NETWORK) {
    await q.query(`UPDATE offices SET district_code = $2, association_member = $3, association_member_since = $4 WHERE slug = $1`, [
      slug,
      district,
      since !== null,
      since,
    ]);
  }
  // The association's office, trainings and the Youth Day campaign (campaigns-demo.ts).
  await seedCampaignsDemo(q);
}
