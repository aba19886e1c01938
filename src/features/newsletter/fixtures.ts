import type { Db } from '../../core/db/db.ts';
import { findFullOffice } from '../../core/http/params.ts';
import { linkKey, type LinkDeps } from './mails.ts';

/**
 * Test fixtures (test/actors.ts PARAM_FIXTURES ':key' and ':campaign'): a confirmed subscriber of
 * the office (its manage / unsubscribe key) and a draft newsletter of the office, made once per
 * database. A route that unsubscribes the fixture leaves its key valid (the pages then say so).
 */
const made = new WeakMap<Db, Promise<{ subscriber: string; nonce: number; campaign: string }>>();

function make(db: Db, officeSlug: string) {
  let ids = made.get(db);
  if (!ids) {
    ids = db.transaction(async (tx) => {
      const office = (await findFullOffice(tx, officeSlug))!;
      const [s] = await tx.query<{ id: string; link_nonce: number }>(
        `INSERT INTO newsletter_subscribers (email, script, areas, status, confirmed_at)
         VALUES ('pretplatnica.matrica@primer.test', 'lat', '{education}', 'active', now()) RETURNING id, link_nonce`,
      );
      await tx.query(`INSERT INTO newsletter_subscriptions (office_id, subscriber_id) VALUES ($1, $2)`, [office.id, s!.id]);
      const [c] = await tx.query<{ id: string }>(
        `INSERT INTO newsletter_campaigns (office_id, kind, subject, body) VALUES ($1, 'letter', 'Bilten (primer)', 'Tekst biltena.') RETURNING id`,
        [office.id],
      );
      return { subscriber: s!.id, nonce: s!.link_nonce, campaign: c!.id };
    });
    made.set(db, ids);
  }
  return ids;
}

export async function newsletterKeyFixture(db: Db, deps: LinkDeps, officeSlug: string): Promise<string> {
  const f = await make(db, officeSlug);
  return linkKey(deps, f.subscriber, f.nonce);
}

/** A draft newsletter of the office; once a route has sent it, a new draft (so the send form exists again). */
export async function newsletterCampaignFixture(db: Db, officeSlug: string): Promise<string> {
  const f = await make(db, officeSlug);
  const [c] = await db.query<{ status: string }>(`SELECT status FROM newsletter_campaigns WHERE id = $1`, [f.campaign]);
  if (c?.status === 'draft') return f.campaign;
  const office = (await findFullOffice(db, officeSlug))!;
  const [fresh] = await db.query<{ id: string }>(
    `INSERT INTO newsletter_campaigns (office_id, kind, subject, body) VALUES ($1, 'letter', 'Bilten (primer)', 'Tekst biltena.') RETURNING id`,
    [office.id],
  );
  made.set(db, Promise.resolve({ ...f, campaign: fresh!.id }));
  return fresh!.id;
}
