import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../core/config.ts';
import type { DigestItem } from '../../core/content.ts';
import { isUuid } from '../../core/http/ids.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import type { OutgoingMail } from '../../core/mail/outbox.ts';
import { formatDateTime } from '../../core/views/format.ts';

/** What the newsletter's links and mails need of the configuration. */
export interface LinkDeps {
  config: Pick<Config, 'SECRET' | 'BASE_URL'>;
}

type Script = 'cir' | 'lat';

// ── Tokens ──────────────────────────────────────────────────────────────────

/** A confirmation token (mailed once; only its SHA-256 is stored) and how long it works. */
export const CONFIRM_DAYS = 7;
export const newConfirmToken = () => randomBytes(32).toString('base64url');
export const confirmHash = (token: string) => createHash('sha256').update(token).digest();

/**
 * The key of a subscriber's manage and unsubscribe links: the subscriber's id and an HMAC of it
 * (with the row's link_nonce) under SECRET. Every mail carries the same links; nothing to store.
 */
export function linkKey(deps: LinkDeps, subscriberId: string, nonce: number): string {
  return `${subscriberId}.${linkMac(deps, subscriberId, nonce)}`;
}
const linkMac = (deps: LinkDeps, id: string, nonce: number) =>
  createHmac('sha256', deps.config.SECRET).update(`newsletter-link:${id}:${nonce}`).digest('base64url').slice(0, 32);

/** The subscriber id a key names, when its form is right (the MAC is checked by `keyMatches` against the row). */
export function keyId(key: string): string | undefined {
  const [id, mac] = key.split('.');
  return id && mac && isUuid(id) && /^[A-Za-z0-9_-]{32}$/.test(mac) ? id : undefined;
}
export function keyMatches(deps: LinkDeps, key: string, nonce: number): boolean {
  const [id, mac] = key.split('.');
  if (!id || !mac) return false;
  const want = Buffer.from(linkMac(deps, id, nonce));
  const got = Buffer.from(mac);
  return want.length === got.length && timingSafeEqual(want, got);
}

// ── Paths ───────────────────────────────────────────────────────────────────

export const subscribePath = (officeSlug: string) => `/kancelarije/${officeSlug}/bilten`;
export const CONFIRM_PATH = '/bilten/potvrda';
export const managePath = (key: string) => `/bilten/podesavanja/${key}`;
export const unsubscribePath = (key: string) => `/bilten/odjava/${key}`;

export function links(deps: LinkDeps, script: Script, subscriberId: string, nonce: number) {
  const key = linkKey(deps, subscriberId, nonce);
  const base = deps.config.BASE_URL;
  return {
    manage: `${base}/${script}${managePath(key)}`,
    unsubscribe: `${base}/${script}${unsubscribePath(key)}`,
  };
}

/** RFC 2369 + RFC 8058 headers every newsletter mail carries (the one-click POST goes to the same address). */
export function unsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** The footer of every newsletter mail: why you get it, manage, unsubscribe (no tracking: plain links). */
function footer(script: Script, office: string, l: { manage: string; unsubscribe: string }): string {
  return [
    '',
    '--',
    t(script, 'newsletter.mail.footer', { office: inScript(script, office) }),
    `${t(script, 'newsletter.mail.manage')}: ${l.manage}`,
    `${t(script, 'newsletter.mail.unsubscribe')}: ${l.unsubscribe}`,
  ].join('\n');
}

// ── Mails ───────────────────────────────────────────────────────────────────

export function confirmMail(deps: LinkDeps, to: string, script: Script, token: string, offices: string[]): OutgoingMail {
  const url = `${deps.config.BASE_URL}/${script}${CONFIRM_PATH}?token=${encodeURIComponent(token)}`;
  return {
    to,
    subject: t(script, 'newsletter.mail.confirm.subject'),
    text: [
      t(script, 'newsletter.mail.confirm.body', { offices: offices.map((o) => inScript(script, o)).join(', '), days: CONFIRM_DAYS }),
      '',
      url,
      '',
      t(script, 'newsletter.mail.confirm.ignore'),
    ].join('\n'),
  };
}

export function welcomeMail(
  deps: LinkDeps,
  to: string,
  script: Script,
  subscriberId: string,
  nonce: number,
  offices: string[],
): OutgoingMail {
  const l = links(deps, script, subscriberId, nonce);
  return {
    to,
    subject: t(script, 'newsletter.mail.welcome.subject'),
    text: [
      t(script, 'newsletter.mail.welcome.body', { offices: offices.map((o) => inScript(script, o)).join(', ') }),
      footer(script, offices.join(', '), l),
    ].join('\n'),
    headers: unsubscribeHeaders(l.unsubscribe),
  };
}

/** What a campaign's mail is made of (the campaign row, as typed). */
export interface CampaignContent {
  subject: string;
  body: string;
  kind: 'letter' | 'digest';
  digest_items: DigestItem[];
}

/** The digest's items as plain text in the reader's script, each with its link. */
function digestText(deps: LinkDeps, script: Script, items: DigestItem[]): string {
  if (items.length === 0) return '';
  const kinds: Record<DigestItem['kind'], 'newsletter.digest.news' | 'newsletter.digest.activity' | 'newsletter.digest.opportunity'> = {
    news: 'newsletter.digest.news',
    activity: 'newsletter.digest.activity',
    opportunity: 'newsletter.digest.opportunity',
  };
  return items
    .map((i) => {
      const at = formatDateTime(script, new Date(i.at));
      const lines = [`* ${inScript(script, i.title)} (${t(script, kinds[i.kind])}, ${at})`];
      if (i.summary) lines.push(`  ${inScript(script, i.summary)}`);
      lines.push(`  ${deps.config.BASE_URL}/${script}${i.path}`);
      return lines.join('\n');
    })
    .join('\n\n');
}

/** A campaign's subject and text as one reader gets them: their script, their links. */
export function campaignText(
  deps: LinkDeps,
  c: CampaignContent,
  officeName: string,
  script: Script,
  subscriber: { id: string; nonce: number } | undefined,
): { subject: string; text: string; unsubscribe: string | undefined } {
  const l = subscriber ? links(deps, script, subscriber.id, subscriber.nonce) : undefined;
  const parts = [inScript(script, c.body)];
  const digest = digestText(deps, script, c.digest_items);
  if (digest) parts.push('', digest);
  if (l) parts.push(footer(script, officeName, l));
  return { subject: inScript(script, c.subject), text: parts.join('\n'), unsubscribe: l?.unsubscribe };
}

/** The stable Message-ID of one campaign's mail to one subscriber: the same on every attempt. */
export const campaignMessageId = (campaignId: string, subscriberId: string) => `<nl.${campaignId}.${subscriberId}@kzm>`;
