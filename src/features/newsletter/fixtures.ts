import type { Db } from '../../core/db/db.ts';
import { findFullOffice } from '../../core/http/params.ts';
import { CONFIRM_PATH, confirmHash, linkKey, newConfirmToken, type LinkDeps } from './mails.ts';

/**
 * Test fixtures (test/actors.ts PARAM_FIXTURES ':key' and ':campaign'): a confirmed subscriber of
 * the office (its manage / unsubscribe key), made once per database (a route that unsubscribes it
 * leaves its key valid: the pages then say so), and newsletters of the office.
 */
const made = new WeakMap<Db, Promise<{ subscriber: string; nonce: number }>>();

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
      return { subscriber: s!.id, nonce: s!.link_nonce };
    });
    made.set(db, ids);
  }
  return ids;
}

export async function newsletterKeyFixture(db: Db, deps: LinkDeps, officeSlug: string): Promise<string> {
  const f = await make(db, officeSlug);
  return linkKey(deps, f.subscriber, f.nonce);
}

const campaigns = new WeakMap<Db, Map<string, string>>();

/**
 * A newsletter of the office in the state the route acts on: 'sending' for the pause route,
 * 'paused' for resume, otherwise a draft; the same one while it stays in that state, a new one
 * once a route has moved it on (so office A's own staff can always act, and probes find a form).
 */
export async function newsletterCampaignFixture(db: Db, officeSlug: string, routeName: string): Promise<string> {
  await make(db, officeSlug);
  const status = routeName === 'newsletter.campaign.pause' ? 'sending' : routeName === 'newsletter.campaign.resume' ? 'paused' : 'draft';
  const mine = campaigns.get(db) ?? campaigns.set(db, new Map()).get(db)!;
  const known = mine.get(status);
  if (known) {
    const [c] = await db.query<{ status: string }>(`SELECT status FROM newsletter_campaigns WHERE id = $1`, [known]);
    if (c?.status === status) return known;
  }
  const office = (await findFullOffice(db, officeSlug))!;
  const [fresh] = await db.query<{ id: string }>(
    `INSERT INTO newsletter_campaigns (office_id, kind, subject, body, status, queued_at)
     VALUES ($1, 'letter', 'Bilten (primer)', 'Tekst biltena.', $2, CASE WHEN $2 = 'draft' THEN NULL ELSE now() END) RETURNING id`,
    [office.id, status],
  );
  mine.set(status, fresh!.id);
  return fresh!.id;
}

/** The confirmation page of a pending subscriber's mailed link (a fresh token each call), for the form harness. */
export async function newsletterConfirmPath(db: Db, officeSlug: string): Promise<string> {
  const token = newConfirmToken();
  const pending = JSON.stringify({ script: 'lat', areas: [], kinds: [], offices: [officeSlug] });
  await db.query(
    `INSERT INTO newsletter_subscribers (email, script, pending, confirm_hash, confirm_expires_at, confirm_sent_at)
     VALUES ('forms.bilten@primer.test', 'lat', $1, $2, now() + interval '7 days', now())
     ON CONFLICT (email) DO UPDATE SET status = 'pending', pending = $1, confirm_hash = $2, confirm_expires_at = now() + interval '7 days'`,
    [pending, confirmHash(token)],
  );
  return `/lat${CONFIRM_PATH}?token=${token}`;
}
