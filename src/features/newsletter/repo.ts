import type { DigestItem } from '../../core/content.ts';
import { maybeOne, one, type Queryable } from '../../core/db/db.ts';
import type { OfficeRef } from '../../core/http/env.ts';

/** Every SQL statement of the newsletter. Subscribers are global (one address, any offices); campaigns and deliveries are the office's. */

// ── Subscribers ─────────────────────────────────────────────────────────────

export interface Subscriber {
  id: string;
  email: string;
  script: 'cir' | 'lat';
  areas: string[];
  kinds: string[];
  status: 'pending' | 'active' | 'unsubscribed' | 'bouncing';
  pending: PendingSelection | null;
  confirm_expires_at: Date | null;
  confirm_sent_at: Date | null;
  link_nonce: number;
  bounces: number;
}

/** What a confirmation link applies when it is followed. */
export interface PendingSelection {
  script: 'cir' | 'lat';
  areas: string[];
  kinds: string[];
  offices: string[];
}

const SUBSCRIBER = `id, email, script, areas, kinds, status, pending, confirm_expires_at, confirm_sent_at, link_nonce, bounces`;

export const findSubscriberByEmail = (q: Queryable, email: string) =>
  maybeOne<Subscriber>(q, `SELECT ${SUBSCRIBER} FROM newsletter_subscribers WHERE email = $1`, [email]);

export const findSubscriber = (q: Queryable, id: string) =>
  maybeOne<Subscriber>(q, `SELECT ${SUBSCRIBER} FROM newsletter_subscribers WHERE id = $1`, [id]);

/** The subscriber row, locked for the rest of the transaction. */
export const lockSubscriber = (q: Queryable, id: string) =>
  maybeOne<Subscriber>(q, `SELECT ${SUBSCRIBER} FROM newsletter_subscribers WHERE id = $1 FOR UPDATE`, [id]);

/** A new pending subscriber; undefined when the address exists already (a concurrent subscribe: the caller reads it). */
export async function insertPendingSubscriber(q: Queryable, email: string, script: string): Promise<string | undefined> {
  const row = await maybeOne<{ id: string }>(
    q,
    `INSERT INTO newsletter_subscribers (email, script) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING RETURNING id`,
    [email, script],
  );
  return row?.id;
}

/** A new confirmation: the selection it applies, its token's hash and expiry (any earlier link stops working). */
export async function setConfirmation(
  q: Queryable,
  id: string,
  pending: PendingSelection,
  hash: Buffer,
  expiresAt: Date,
  now: Date,
): Promise<void> {
  await q.query(
    `UPDATE newsletter_subscribers
        SET pending = $2, confirm_hash = $3, confirm_expires_at = $4, confirm_sent_at = $5, updated_at = $5
      WHERE id = $1`,
    [id, JSON.stringify(pending), hash, expiresAt, now],
  );
}

/** The subscriber a confirmation token names (expired or not: the caller tells the two apart). */
export const findByConfirmHash = (q: Queryable, hash: Buffer) =>
  maybeOne<Subscriber>(q, `SELECT ${SUBSCRIBER} FROM newsletter_subscribers WHERE confirm_hash = $1 FOR UPDATE`, [hash]);

/** Confirms: the pending selection becomes the subscription; the token is used up; bounces start again. */
export async function activateSubscriber(q: Queryable, id: string, sel: PendingSelection, now: Date): Promise<void> {
  await q.query(
    `UPDATE newsletter_subscribers
        SET status = 'active', script = $2, areas = $3, kinds = $4, pending = NULL, confirm_hash = NULL,
            confirm_expires_at = NULL, confirmed_at = $5, unsubscribed_at = NULL, bounces = 0, updated_at = $5
      WHERE id = $1`,
    [id, sel.script, sel.areas, sel.kinds, now],
  );
}

export async function updatePreferences(
  q: Queryable,
  id: string,
  script: string,
  areas: string[],
  kinds: string[],
  now: Date,
): Promise<void> {
  await q.query(`UPDATE newsletter_subscribers SET script = $2, areas = $3, kinds = $4, updated_at = $5 WHERE id = $1`, [
    id,
    script,
    areas,
    kinds,
    now,
  ]);
}

/** Replaces the offices a subscriber follows (given by id). */
export async function replaceSubscriptions(q: Queryable, subscriberId: string, officeIds: readonly string[]): Promise<void> {
  await q.query(`DELETE FROM newsletter_subscriptions WHERE subscriber_id = $1 AND NOT (office_id = ANY($2::uuid[]))`, [
    subscriberId,
    officeIds,
  ]);
  await q.query(
    `INSERT INTO newsletter_subscriptions (office_id, subscriber_id)
     SELECT o, $1 FROM unnest($2::uuid[]) AS o ON CONFLICT DO NOTHING`,
    [subscriberId, officeIds],
  );
}

/** Unsubscribes (idempotent): true when the address was subscribed until now. Revokes every mailed link but the unsubscribe ones. */
export async function markUnsubscribed(q: Queryable, id: string, now: Date): Promise<boolean> {
  const rows = await q.query(
    `UPDATE newsletter_subscribers
        SET status = 'unsubscribed', unsubscribed_at = $2, pending = NULL, confirm_hash = NULL, confirm_expires_at = NULL, updated_at = $2
      WHERE id = $1 AND status IN ('active', 'pending')
     RETURNING id`,
    [id, now],
  );
  if (rows.length > 0) await q.query(`DELETE FROM newsletter_subscriptions WHERE subscriber_id = $1`, [id]);
  return rows.length > 0;
}

export async function insertConsent(
  q: Queryable,
  c: {
    subscriberId: string;
    action: 'requested' | 'confirmed' | 'changed' | 'withdrawn';
    version: string;
    source: string;
    data?: unknown;
    at: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO newsletter_consents (subscriber_id, action, notice_version, source, data, at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [c.subscriberId, c.action, c.version, c.source, JSON.stringify(c.data ?? {}), c.at],
  );
}

/** Offices that use KZM, for the subscribe form's choice. */
export const listFullOffices = (q: Queryable) =>
  q.query<OfficeRef>(`SELECT id, slug, name FROM offices WHERE status = 'full' ORDER BY name`);

/** The offices among these slugs that use KZM. */
export const officesBySlugs = (q: Queryable, slugs: readonly string[]) =>
  q.query<OfficeRef>(`SELECT id, slug, name FROM offices WHERE status = 'full' AND slug = ANY($1::text[]) ORDER BY name`, [slugs]);

export const subscriberOffices = (q: Queryable, subscriberId: string) =>
  q.query<OfficeRef>(
    `SELECT o.id, o.slug, o.name FROM newsletter_subscriptions s JOIN offices o ON o.id = s.office_id
      WHERE s.subscriber_id = $1 ORDER BY o.name`,
    [subscriberId],
  );

/** Counts by status of the office's subscribers (the coordinator's page). */
export async function subscriberCounts(q: Queryable, officeId: string): Promise<{ active: number }> {
  return one<{ active: number }>(
    q,
    `SELECT count(*)::int AS active FROM newsletter_subscriptions s JOIN newsletter_subscribers n ON n.id = s.subscriber_id
      WHERE s.office_id = $1 AND n.status = 'active'`,
    [officeId],
  );
}

// ── Campaigns ───────────────────────────────────────────────────────────────

export interface Campaign {
  id: string;
  office_id: string;
  kind: 'letter' | 'digest';
  subject: string;
  body: string;
  segment_areas: string[];
  segment_kinds: string[];
  status: 'draft' | 'sending' | 'paused' | 'done';
  digest_items: DigestItem[];
  digest_since: Date | null;
  digest_until: Date | null;
  total: number;
  created_at: Date;
  queued_at: Date | null;
  finished_at: Date | null;
}

const CAMPAIGN = `id, office_id, kind, subject, body, segment_areas, segment_kinds, status, digest_items, digest_since, digest_until,
  total, created_at, queued_at, finished_at`;

export async function insertCampaign(
  q: Queryable,
  officeId: string,
  c: {
    kind: 'letter' | 'digest';
    subject: string;
    body: string;
    areas: string[];
    kinds: string[];
    items?: DigestItem[];
    since?: Date | null;
    until?: Date | null;
    createdBy: string | null;
  },
): Promise<string> {
  const row = await one<{ id: string }>(
    q,
    `INSERT INTO newsletter_campaigns (office_id, kind, subject, body, segment_areas, segment_kinds, digest_items, digest_since, digest_until, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [officeId, c.kind, c.subject, c.body, c.areas, c.kinds, JSON.stringify(c.items ?? []), c.since ?? null, c.until ?? null, c.createdBy],
  );
  return row.id;
}

/** Changes a draft (only a draft: once sending starts, the text is what the recipients get). */
export async function updateDraft(
  q: Queryable,
  officeId: string,
  id: string,
  c: { subject: string; body: string; areas: string[]; kinds: string[] },
): Promise<boolean> {
  const rows = await q.query(
    `UPDATE newsletter_campaigns SET subject = $3, body = $4, segment_areas = $5, segment_kinds = $6, updated_at = now()
      WHERE office_id = $1 AND id = $2 AND status = 'draft' RETURNING id`,
    [officeId, id, c.subject, c.body, c.areas, c.kinds],
  );
  return rows.length > 0;
}

export const findCampaign = (q: Queryable, officeId: string, id: string) =>
  maybeOne<Campaign>(q, `SELECT ${CAMPAIGN} FROM newsletter_campaigns WHERE office_id = $1 AND id = $2`, [officeId, id]);

export const listCampaigns = (q: Queryable, officeId: string) =>
  q.query<Campaign>(`SELECT ${CAMPAIGN} FROM newsletter_campaigns WHERE office_id = $1 ORDER BY created_at DESC LIMIT 200`, [officeId]);

/** When the office's last newsletter started sending (the digest takes what is newer). */
export async function lastSentAt(q: Queryable, officeId: string): Promise<Date | null> {
  const row = await one<{ at: Date | null }>(
    q,
    `SELECT max(queued_at) AS at FROM newsletter_campaigns WHERE office_id = $1 AND status <> 'draft'`,
    [officeId],
  );
  return row.at;
}

/** The segment's condition on subscriber n: an empty segment list, or an empty interest list, matches everything. */
const SEGMENT = `(cardinality(c.segment_areas) = 0 OR cardinality(n.areas) = 0 OR n.areas && c.segment_areas)
   AND (cardinality(c.segment_kinds) = 0 OR cardinality(n.kinds) = 0 OR n.kinds && c.segment_kinds)`;

/** How many confirmed subscribers the campaign's segment reaches now. */
export async function segmentSize(q: Queryable, officeId: string, campaignId: string): Promise<number> {
  const row = await one<{ n: number }>(
    q,
    `SELECT count(*)::int AS n
       FROM newsletter_campaigns c
       JOIN newsletter_subscriptions s ON s.office_id = c.office_id
       JOIN newsletter_subscribers n ON n.id = s.subscriber_id AND n.status = 'active'
      WHERE c.office_id = $1 AND c.id = $2 AND ${SEGMENT}`,
    [officeId, campaignId],
  );
  return row.n;
}

/**
 * "Send": the draft becomes 'sending' and every confirmed subscriber of its segment gets one
 * delivery row, in the caller's transaction, before any SMTP call. Returns the number of
 * recipients, or undefined when the campaign was not a draft (sent already, or by someone else).
 */
export async function materialiseRecipients(q: Queryable, officeId: string, campaignId: string, now: Date): Promise<number | undefined> {
  const taken = await q.query(
    `UPDATE newsletter_campaigns SET status = 'sending', queued_at = $3, updated_at = $3
      WHERE office_id = $1 AND id = $2 AND status = 'draft' RETURNING id`,
    [officeId, campaignId, now],
  );
  if (taken.length === 0) return undefined;
  const rows = await q.query(
    `INSERT INTO newsletter_deliveries (office_id, campaign_id, subscriber_id, next_attempt_at)
     SELECT c.office_id, c.id, n.id, $3
       FROM newsletter_campaigns c
       JOIN newsletter_subscriptions s ON s.office_id = c.office_id
       JOIN newsletter_subscribers n ON n.id = s.subscriber_id AND n.status = 'active'
      WHERE c.office_id = $1 AND c.id = $2 AND ${SEGMENT}
     RETURNING subscriber_id`,
    [officeId, campaignId, now],
  );
  await q.query(
    `UPDATE newsletter_campaigns SET total = $3, status = CASE WHEN $3 = 0 THEN 'done' ELSE status END,
            finished_at = CASE WHEN $3 = 0 THEN $4::timestamptz ELSE NULL END
      WHERE office_id = $1 AND id = $2`,
    [officeId, campaignId, rows.length, now],
  );
  return rows.length;
}

/** sending → paused, or paused → sending; false when the campaign was not in the state the move starts from. */
export async function moveCampaign(q: Queryable, officeId: string, id: string, from: 'sending' | 'paused', to: 'sending' | 'paused') {
  const rows = await q.query(
    `UPDATE newsletter_campaigns SET status = $4, updated_at = now() WHERE office_id = $1 AND id = $2 AND status = $3 RETURNING id`,
    [officeId, id, from, to],
  );
  return rows.length > 0;
}

export interface Progress {
  total: number;
  queued: number;
  sending: number;
  sent: number;
  /** Sent rows without the server's 250 on record (the process died between the final "." and recording the answer). */
  unconfirmed: number;
  failed: number;
  skipped: number;
}

export async function campaignProgress(q: Queryable, officeId: string, campaignId: string): Promise<Progress> {
  return one<Progress>(
    q,
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE state = 'queued')::int AS queued,
            count(*) FILTER (WHERE state = 'sending')::int AS sending,
            count(*) FILTER (WHERE state = 'sent')::int AS sent,
            count(*) FILTER (WHERE state = 'sent' AND accepted_at IS NULL)::int AS unconfirmed,
            count(*) FILTER (WHERE state = 'failed')::int AS failed,
            count(*) FILTER (WHERE state = 'skipped')::int AS skipped
       FROM newsletter_deliveries WHERE office_id = $1 AND campaign_id = $2`,
    [officeId, campaignId],
  );
}

// ── The sender's queries ────────────────────────────────────────────────────

/** A delivery claimed by a sender, with what its mail needs. */
export interface ClaimedDelivery {
  office_id: string;
  campaign_id: string;
  subscriber_id: string;
  attempts: number;
  email: string;
  script: 'cir' | 'lat';
  link_nonce: number;
}

/** Offices with a campaign sending now, and how many mails each may still send this minute (sent + in flight counted; ≤ 0: none). */
export const officeBudgets = (q: Queryable, perMinute: number, now: Date) =>
  q.query<{ office_id: string; budget: number }>(
    `SELECT o.office_id,
              ($1 - (SELECT count(*) FROM newsletter_deliveries d
                      WHERE d.office_id = o.office_id
                        AND (d.sent_at > $2::timestamptz - interval '1 minute' OR (d.state = 'sending' AND d.locked_until > $2))))::int AS budget
         FROM (SELECT DISTINCT office_id FROM newsletter_campaigns WHERE status = 'sending') o`,
    [perMinute, now],
  );

/**
 * Claims up to `limit` due deliveries of an office's sending campaigns: state 'sending', a lease,
 * attempts + 1 (the fence: a claim by anyone else changes it). Rows whose subscriber is no longer
 * active (unsubscribed or bouncing since the send began) are skipped in the same transaction.
 */
export async function claimDeliveries(
  q: Queryable,
  officeId: string,
  limit: number,
  leaseSeconds: number,
  now: Date,
): Promise<ClaimedDelivery[]> {
  await q.query(
    `UPDATE newsletter_deliveries d SET state = 'skipped', locked_until = NULL, last_error = 'not subscribed'
       FROM newsletter_subscribers n
      WHERE d.office_id = $1 AND d.subscriber_id = n.id AND n.status <> 'active' AND d.state IN ('queued', 'sending')
        AND (d.locked_until IS NULL OR d.locked_until < $2)`,
    [officeId, now],
  );
  return q.query<ClaimedDelivery>(
    `WITH due AS (
       SELECT d.office_id, d.campaign_id, d.subscriber_id
         FROM newsletter_deliveries d
         JOIN newsletter_campaigns c ON c.office_id = d.office_id AND c.id = d.campaign_id AND c.status = 'sending'
        WHERE d.office_id = $1 AND d.state IN ('queued', 'sending') AND d.next_attempt_at <= $4
          AND (d.locked_until IS NULL OR d.locked_until < $4)
        ORDER BY d.next_attempt_at, d.campaign_id, d.subscriber_id
        LIMIT $2
        FOR UPDATE OF d SKIP LOCKED
     )
     UPDATE newsletter_deliveries d
        SET state = 'sending', attempts = d.attempts + 1,
            locked_until = $4::timestamptz + $3::double precision * interval '1 second'
       FROM due, newsletter_subscribers n
      WHERE d.office_id = due.office_id AND d.campaign_id = due.campaign_id AND d.subscriber_id = due.subscriber_id
        AND n.id = d.subscriber_id
     RETURNING d.office_id, d.campaign_id, d.subscriber_id, d.attempts, n.email, n.script, n.link_nonce`,
    [officeId, limit, leaseSeconds, now],
  );
}

type Key = Pick<ClaimedDelivery, 'office_id' | 'campaign_id' | 'subscriber_id' | 'attempts'>;
const KEY = `office_id = $1 AND campaign_id = $2 AND subscriber_id = $3 AND attempts = $4`;
const keyParams = (k: Key) => [k.office_id, k.campaign_id, k.subscriber_id, k.attempts];

/** Renews the lease just before this row's SMTP exchange; false when the lease was lost (someone else claimed it). */
export async function renewLease(q: Queryable, k: Key, leaseSeconds: number): Promise<boolean> {
  const rows = await q.query(
    `UPDATE newsletter_deliveries SET locked_until = now() + $5::double precision * interval '1 second'
      WHERE ${KEY} AND state = 'sending' RETURNING subscriber_id`,
    [...keyParams(k), leaseSeconds],
  );
  return rows.length > 0;
}

/**
 * The row becomes 'sent' (in the caller's transaction, whose COMMIT goes out with the final "." of
 * DATA: sender.ts). False when our claim is no longer the row's (the caller then never writes the ".").
 */
export async function markSentBeforeDot(q: Queryable, k: Key): Promise<boolean> {
  const rows = await q.query(
    `UPDATE newsletter_deliveries SET state = 'sent', sent_at = now(), locked_until = NULL
      WHERE ${KEY} AND state = 'sending' RETURNING subscriber_id`,
    keyParams(k),
  );
  return rows.length > 0;
}

/** The server's 250s to the final ".": recorded for the progress page (not needed for correctness), one statement per batch. */
export async function markAccepted(q: Queryable, keys: readonly Key[]): Promise<void> {
  await q.query(
    `UPDATE newsletter_deliveries d SET accepted_at = now(), last_error = NULL
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[]) AS k(office_id, campaign_id, subscriber_id, attempts)
      WHERE d.office_id = k.office_id AND d.campaign_id = k.campaign_id AND d.subscriber_id = k.subscriber_id
        AND d.attempts = k.attempts AND d.state = 'sent'`,
    [keys.map((k) => k.office_id), keys.map((k) => k.campaign_id), keys.map((k) => k.subscriber_id), keys.map((k) => k.attempts)],
  );
}

/**
 * A refusal: before the "." (the row is still 'sending') or of the "." itself (the row was marked
 * 'sent' a moment before and is taken back). Permanent (5xx) or out of attempts: 'failed';
 * otherwise queued again after `retrySeconds`.
 */
export async function markRefused(
  q: Queryable,
  k: Key,
  r: { error: string; giveUp: boolean; retrySeconds: number; atDot: boolean },
): Promise<boolean> {
  const rows = await q.query(
    `UPDATE newsletter_deliveries
        SET state = CASE WHEN $6 THEN 'failed' ELSE 'queued' END, locked_until = NULL, sent_at = NULL, last_error = $5,
            next_attempt_at = now() + $7::double precision * interval '1 second'
      WHERE ${KEY} AND state = CASE WHEN $8 THEN 'sent' ELSE 'sending' END AND accepted_at IS NULL
     RETURNING subscriber_id`,
    [...keyParams(k), r.error, r.giveUp, r.retrySeconds, r.atDot],
  );
  return rows.length > 0;
}

/** A permanent refusal counts against the address; at `limit` it is marked bouncing and never mailed again. */
export async function countBounce(q: Queryable, subscriberId: string, limit: number): Promise<void> {
  await q.query(
    `UPDATE newsletter_subscribers
        SET bounces = bounces + 1, status = CASE WHEN bounces + 1 >= $2 AND status = 'active' THEN 'bouncing' ELSE status END,
            updated_at = now()
      WHERE id = $1`,
    [subscriberId, limit],
  );
}

/** Campaigns with nothing left to send are done. */
export async function finishCampaigns(q: Queryable): Promise<number> {
  const rows = await q.query(
    `UPDATE newsletter_campaigns c SET status = 'done', finished_at = now(), updated_at = now()
      WHERE c.status = 'sending'
        AND NOT EXISTS (SELECT 1 FROM newsletter_deliveries d
                         WHERE d.office_id = c.office_id AND d.campaign_id = c.id AND d.state IN ('queued', 'sending'))
     RETURNING id`,
  );
  return rows.length;
}

/** On PGlite (one process owns the data directory) a lease found at start was left by a dead process. */
export async function releaseLeases(q: Queryable): Promise<number> {
  const rows = await q.query(
    `UPDATE newsletter_deliveries SET locked_until = NULL WHERE state = 'sending' AND locked_until IS NOT NULL RETURNING subscriber_id`,
  );
  return rows.length;
}

/** When the next delivery comes due (for the sender's sleep), or null. */
export async function nextDue(q: Queryable): Promise<Date | null> {
  const row = await one<{ at: Date | null }>(
    q,
    `SELECT min(greatest(d.next_attempt_at, coalesce(d.locked_until, d.next_attempt_at))) AS at
       FROM newsletter_deliveries d JOIN newsletter_campaigns c ON c.office_id = d.office_id AND c.id = d.campaign_id
      WHERE c.status = 'sending' AND d.state IN ('queued', 'sending')`,
  );
  return row.at;
}

/** The office's name (the mail's footer). */
export async function officeName(q: Queryable, officeId: string): Promise<string> {
  return (await one<{ name: string }>(q, `SELECT name FROM offices WHERE id = $1`, [officeId])).name;
}
