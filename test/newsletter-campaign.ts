import assert from 'node:assert/strict';
import type { Actor } from '../src/core/auth/actor.ts';
import type { Db } from '../src/core/db/db.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { createLetter, startSending } from '../src/features/newsletter/service.ts';
import { findCampaign } from '../src/features/newsletter/repo.ts';

/**
 * For the newsletter's crash test and its window probe (test/newsletter-window.ts): a migrated
 * database with one office, `subscribers` confirmed subscribers of it (half Cyrillic, half Latin)
 * and a letter to all of them queued — every delivery row written, no mail sent yet. Returns the
 * campaign and the Message-ID each subscriber's mail will carry, mapped to their address.
 */
export async function queueNewsletter(
  db: Db,
  o: { slug: string; town: string; subscribers: number; secret: string },
): Promise<{ campaignId: string; expected: Map<string, string> }> {
  await migrate(db);
  const [office] = await db.query<{ id: string; slug: string; name: string }>(
    `INSERT INTO offices (slug, status, name, town, region, search_key) VALUES ($1, 'full', 'Kancelarija za mlade ' || $2, $2, 'vojvodina', $1)
     RETURNING id, slug, name`,
    [o.slug, o.town],
  );
  const email = `koord@${o.slug}.test`;
  const [user] = await db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, display_name, birth_date) VALUES ($1, 'x', 'Koordinatorka', '1990-01-01') RETURNING id`,
    [email],
  );
  await db.query(
    `WITH s AS (
       INSERT INTO newsletter_subscribers (email, script, status, confirmed_at)
       SELECT 'pretplatnik' || i || '@' || $3 || '.test', CASE WHEN i % 2 = 0 THEN 'cir' ELSE 'lat' END, 'active', now()
         FROM generate_series(1, $2::int) AS i
       RETURNING id)
     INSERT INTO newsletter_subscriptions (office_id, subscriber_id) SELECT $1, id FROM s`,
    [office!.id, o.subscribers, o.slug],
  );
  const actor = { userId: user!.id, email } as Actor;
  const deps = { db, config: { SECRET: o.secret, BASE_URL: `http://${o.slug}.test` }, now: () => new Date() } as never;
  const id = await createLetter(deps, actor, office!, { subject: 'Билтен', body: 'Добар дан, ово је билтен.', areas: [], kinds: [] });
  const r = await startSending(deps, actor, office!, (await findCampaign(db, office!.id, id))!);
  assert.ok(r.ok && r.value === o.subscribers, 'every subscriber has a delivery row before any SMTP call');
  const subs = await db.query<{ id: string; email: string }>(`SELECT id, email FROM newsletter_subscribers`);
  return { campaignId: id, expected: new Map(subs.map((s) => [`<nl.${id}.${s.id}@kzm>`, s.email])) };
}
