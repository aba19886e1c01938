import type { Actor } from '../../core/auth/actor.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import { throttle, LIMITS } from '../../core/http/throttle.ts';
import { recordAudit } from '../../core/audit.ts';
import { enqueueMail } from '../../core/mail/outbox.ts';
import type { Result } from '../../core/result.ts';
import { collectDigest } from './digest.ts';
import {
  CONFIRM_DAYS,
  campaignText,
  confirmHash,
  confirmMail,
  keyId,
  keyMatches,
  newConfirmToken,
  welcomeMail,
  type LinkDeps,
} from './mails.ts';
import {
  activateSubscriber,
  findByConfirmHash,
  findCampaign,
  findSubscriber,
  findSubscriberByEmail,
  insertCampaign,
  insertConsent,
  insertPendingSubscriber,
  lastSentAt,
  lockSubscriber,
  markUnsubscribed,
  materialiseRecipients,
  moveCampaign,
  officesBySlugs,
  replaceSubscriptions,
  setConfirmation,
  subscriberOffices,
  updateDraft,
  updatePreferences,
  type Campaign,
  type PendingSelection,
  type Subscriber,
} from './repo.ts';
import { NOTICE_VERSION, type CampaignInput, type DigestInput, type ManageInput, type SubscribeInput } from './schema.ts';

/** A new confirmation mail for one address at most this often (subscribing again meanwhile sends nothing). */
export const RESEND_AFTER_MS = 5 * 60_000;

type SvcDeps = Pick<Deps, 'db' | 'config' | 'now'>;

// ── Subscribers ─────────────────────────────────────────────────────────────

/**
 * Subscribe (public, no account). Whatever the address's state, the answer is the same neutral
 * "check your mail" (no enumeration). A confirmation mail goes out unless the address is
 * bouncing or one went out in the last RESEND_AFTER_MS; its link applies the selection made
 * now. Nothing is mailed to the address except that confirmation until it is confirmed.
 */
export async function subscribe(deps: SvcDeps, input: SubscribeInput, source: string, clientIp: string): Promise<Result> {
  const offices = await officesBySlugs(deps.db, input.offices);
  if (offices.length === 0) return { ok: false, error: 'newsletter.err.offices', field: 'offices' };
  const [limit, windowSec] = LIMITS.mail;
  if (!(await throttle(deps.db, `mail-ip:${clientIp}`, limit * 4, windowSec))) return { ok: false, error: 'err.throttled' };
  const now = deps.now();
  const selection: PendingSelection = {
    script: input.script,
    areas: input.areas,
    kinds: input.kinds,
    offices: offices.map((o) => o.slug),
  };
  await deps.db.transaction(async (tx) => {
    const id = (await insertPendingSubscriber(tx, input.email, input.script)) ?? (await findSubscriberByEmail(tx, input.email))!.id;
    const s = (await lockSubscriber(tx, id))!;
    await insertConsent(tx, { subscriberId: id, action: 'requested', version: NOTICE_VERSION, source, data: selection, at: now });
    if (s.status === 'bouncing') return;
    if (s.confirm_sent_at && now.getTime() - new Date(s.confirm_sent_at).getTime() < RESEND_AFTER_MS) return;
    const token = newConfirmToken();
    await setConfirmation(tx, id, selection, confirmHash(token), new Date(now.getTime() + CONFIRM_DAYS * 86400_000), now);
    await enqueueMail(
      tx,
      confirmMail(
        deps,
        s.email,
        input.script,
        token,
        offices.map((o) => o.name),
      ),
    );
  });
  return { ok: true, value: undefined };
}

export type TokenState = 'ok' | 'invalid' | 'expired';

/** What a confirmation link shows before the button is pressed (no change on GET: mail scanners follow links). */
export async function confirmationState(deps: SvcDeps, token: string): Promise<TokenState> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return 'invalid';
  const s = await deps.db.transaction((tx) => findByConfirmHash(tx, confirmHash(token)));
  if (!s || !s.pending) return 'invalid';
  return s.confirm_expires_at && new Date(s.confirm_expires_at) > deps.now() ? 'ok' : 'expired';
}

/** Confirms: the selection becomes the subscription, consent recorded, the welcome mail queued — one transaction. */
export async function confirm(deps: SvcDeps, token: string, source: string): Promise<Result<TokenState>> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: true, value: 'invalid' };
  const now = deps.now();
  const state = await deps.db.transaction(async (tx): Promise<TokenState> => {
    const s = await findByConfirmHash(tx, confirmHash(token));
    if (!s || !s.pending) return 'invalid';
    if (!s.confirm_expires_at || new Date(s.confirm_expires_at) <= now) return 'expired';
    const offices = await officesBySlugs(tx, s.pending.offices);
    await activateSubscriber(tx, s.id, s.pending, now);
    await replaceSubscriptions(
      tx,
      s.id,
      offices.map((o) => o.id),
    );
    await insertConsent(tx, { subscriberId: s.id, action: 'confirmed', version: NOTICE_VERSION, source, data: s.pending, at: now });
    await enqueueMail(
      tx,
      welcomeMail(
        deps,
        s.email,
        s.pending.script,
        s.id,
        s.link_nonce,
        offices.map((o) => o.name),
      ),
    );
    return 'ok';
  });
  return { ok: true, value: state };
}

/** The subscriber a manage / unsubscribe key names, when the key is genuine. */
export async function subscriberByKey(deps: Pick<Deps, 'db' | 'config'>, key: string): Promise<Subscriber | undefined> {
  const id = keyId(key);
  if (!id) return undefined;
  const s = await findSubscriber(deps.db, id);
  return s && keyMatches(deps, key, s.link_nonce) ? s : undefined;
}

export const officesOf = (deps: Pick<Deps, 'db'>, s: Subscriber) => subscriberOffices(deps.db, s.id);

/** The manage page's save: interests, script and offices (an active subscriber only), consent recorded. */
export async function savePreferences(deps: SvcDeps, s: Subscriber, input: ManageInput, source: string): Promise<Result> {
  if (s.status !== 'active') return { ok: false, error: 'newsletter.err.notActive' };
  const offices = await officesBySlugs(deps.db, input.offices);
  if (offices.length === 0) return { ok: false, error: 'newsletter.err.offices', field: 'offices' };
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    await updatePreferences(tx, s.id, input.script, input.areas, input.kinds, now);
    await replaceSubscriptions(
      tx,
      s.id,
      offices.map((o) => o.id),
    );
    await insertConsent(tx, {
      subscriberId: s.id,
      action: 'changed',
      version: NOTICE_VERSION,
      source,
      data: { ...input, offices: offices.map((o) => o.slug) },
      at: now,
    });
  });
  return { ok: true, value: undefined };
}

/** Unsubscribes (link or one-click): idempotent; withdrawal recorded once. No mail is sent about it. */
export async function unsubscribe(deps: SvcDeps, s: Subscriber, source: string): Promise<void> {
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    if (await markUnsubscribed(tx, s.id, now)) {
      await insertConsent(tx, { subscriberId: s.id, action: 'withdrawn', version: NOTICE_VERSION, source, at: now });
    }
  });
}

// ── Campaigns (the coordinator) ──────────────────────────────────────────────

export async function createLetter(deps: SvcDeps, actor: Actor, office: OfficeRef, input: CampaignInput): Promise<string> {
  return deps.db.transaction(async (tx) => {
    const id = await insertCampaign(tx, office.id, {
      kind: 'letter',
      subject: input.subject,
      body: input.body,
      areas: input.areas,
      kinds: input.kinds,
      createdBy: actor.userId,
    });
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'newsletter.create', target: id });
    return id;
  });
}

/** How far back a first digest looks (the office never sent one). */
export const FIRST_DIGEST_DAYS = 30;

/** A digest draft: the office's items since its last newsletter (or FIRST_DIGEST_DAYS), from every digest source. */
export async function createDigest(
  deps: SvcDeps,
  actor: Actor,
  office: OfficeRef,
  input: DigestInput,
  texts: { subject: string; intro: string },
): Promise<Result<string>> {
  const until = deps.now();
  const since = (await lastSentAt(deps.db, office.id)) ?? new Date(until.getTime() - FIRST_DIGEST_DAYS * 86400_000);
  const items = await collectDigest(deps.db, office.id, since, until);
  if (items.length === 0) return { ok: false, error: 'newsletter.err.digestEmpty' };
  const id = await deps.db.transaction(async (tx) => {
    const id = await insertCampaign(tx, office.id, {
      kind: 'digest',
      subject: input.subject || texts.subject,
      body: texts.intro,
      areas: input.areas,
      kinds: input.kinds,
      items,
      since,
      until,
      createdBy: actor.userId,
    });
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'newsletter.digest',
      target: id,
      data: { items: items.length },
    });
    return id;
  });
  return { ok: true, value: id };
}

export async function saveDraft(deps: SvcDeps, actor: Actor, office: OfficeRef, c: Campaign, input: CampaignInput): Promise<Result> {
  const ok = await deps.db.transaction(async (tx) => {
    const changed = await updateDraft(tx, office.id, c.id, {
      subject: input.subject,
      body: input.body,
      areas: input.areas,
      kinds: input.kinds,
    });
    if (changed) await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'newsletter.edit', target: c.id });
    return changed;
  });
  return ok ? { ok: true, value: undefined } : { ok: false, error: 'newsletter.err.notDraft' };
}

/** A test mail to the coordinator's own address, in the script of the page (English readers get Latin). */
export async function sendTest(deps: SvcDeps, actor: Actor, office: OfficeRef, c: Campaign, script: 'cir' | 'lat'): Promise<Result> {
  const [limit, windowSec] = LIMITS.mail;
  if (!(await throttle(deps.db, `mail:${actor.email.toLowerCase()}`, limit * 4, windowSec))) return { ok: false, error: 'err.throttled' };
  const m = campaignText(deps as LinkDeps, c, office.name, script, undefined);
  await deps.db.transaction(async (tx) => {
    await enqueueMail(tx, { to: actor.email, subject: `[TEST] ${m.subject}`, text: m.text });
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'newsletter.test', target: c.id });
  });
  return { ok: true, value: undefined };
}

/** "Send": every recipient's delivery row written in one transaction, before any SMTP call. */
export async function startSending(deps: SvcDeps, actor: Actor, office: OfficeRef, c: Campaign): Promise<Result<number>> {
  const n = await deps.db.transaction(async (tx) => {
    const n = await materialiseRecipients(tx, office.id, c.id, deps.now());
    if (n !== undefined) {
      await recordAudit(tx, {
        officeId: office.id,
        actorId: actor.userId,
        action: 'newsletter.send',
        target: c.id,
        data: { recipients: n },
      });
    }
    return n;
  });
  return n === undefined ? { ok: false, error: 'newsletter.err.notDraft' } : { ok: true, value: n };
}

export async function pauseOrResume(
  deps: SvcDeps,
  actor: Actor,
  office: OfficeRef,
  c: Campaign,
  to: 'paused' | 'sending',
): Promise<Result> {
  const from = to === 'paused' ? 'sending' : 'paused';
  const ok = await deps.db.transaction(async (tx) => {
    const moved = await moveCampaign(tx, office.id, c.id, from, to);
    if (moved)
      await recordAudit(tx, {
        officeId: office.id,
        actorId: actor.userId,
        action: `newsletter.${to === 'paused' ? 'pause' : 'resume'}`,
        target: c.id,
      });
    return moved;
  });
  return ok ? { ok: true, value: undefined } : { ok: false, error: 'newsletter.err.state' };
}

export { findCampaign };
