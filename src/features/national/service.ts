import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { newToken, tokenHash } from '../../core/auth/sessions.ts';
import type { Deps } from '../../core/http/env.ts';
import { pageWrite } from '../../core/http/page-cache.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { enqueueMail } from '../../core/mail/outbox.ts';
import type { Result } from '../../core/result.ts';
import { activityTags } from '../activities/cache.ts';
import { seatKeeper } from '../activities/seat-keeper.ts';
import { addMember } from '../admin/repo.ts';
import { cancelOfficeSlots } from '../guidance/service.ts';
import { officeTags } from '../offices/service.ts';
import {
  closingImpact,
  districtRegion,
  endSubscriptions,
  insertInvitation,
  insertNetworkOffice,
  invitationByToken,
  legacyRegion,
  lockOffice,
  markActivityCancelled,
  markClosed,
  markInvitationAccepted,
  officeBySlug,
  upcomingActivityIds,
  upcomingSlotIds,
  type ClosingImpact,
  type Invitation,
} from './repo.ts';
import type { OpenOfficeInput } from './schema.ts';

/** How long a first admin's invitation stays valid. */
export const INVITATION_DAYS = 14;
/** The page-cache tags of the network's public pages (map, directory, dashboard). */
export const NETWORK_TAGS = ['offices', 'network'];

/**
 * Opens an office: the office, and its first admin's invitation mailed, in one transaction. A
 * slug another office has is refused with its name (the unique index decides, so two admins
 * opening the same slug at once cannot both succeed).
 */
export async function openOffice(deps: Deps, actor: Actor, locale: Locale, input: OpenOfficeInput): Promise<Result<string>> {
  return pageWrite(deps, async (tx, touch): Promise<Result<string>> => {
    const region = await districtRegion(tx, input.district);
    if (!region) return { ok: false, field: 'district', error: 'err.choice' };
    const id = await insertNetworkOffice(tx, {
      slug: input.slug,
      name: input.name,
      town: input.town,
      region: legacyRegion(input.district, region),
      district: input.district,
      member: input.member,
      memberSince: input.member_since,
      latitude: input.latitude,
      longitude: input.longitude,
      searchKey: `${searchKey(input.name)} ${searchKey(input.town)}`,
    });
    if (!id) {
      const other = await officeBySlug(tx, input.slug);
      return { ok: false, field: 'slug', error: 'nat.err.slugTaken', vars: { slug: input.slug, name: other?.name ?? input.slug } };
    }
    const token = newToken();
    await insertInvitation(
      tx,
      id,
      input.admin_email,
      tokenHash(token),
      actor.userId,
      new Date(deps.now().getTime() + INVITATION_DAYS * 86_400_000),
    );
    const link = `${deps.config.BASE_URL}/${locale}/poziv/${token}`;
    await enqueueMail(tx, {
      to: input.admin_email,
      subject: t(locale, 'nat.invite.subject', { office: input.name }),
      text: t(locale, 'nat.invite.body', { office: input.name, link }),
    });
    await recordAudit(tx, {
      officeId: id,
      actorId: actor.userId,
      action: 'office.open',
      target: input.slug,
      data: { invited: input.admin_email },
    });
    touch([...NETWORK_TAGS, ...officeTags(input.slug)]);
    return { ok: true, value: id };
  });
}

export type InvitationState =
  { ok: true; invitation: Invitation } | { ok: false; error: 'nat.invite.used' | 'nat.invite.expired' | 'notFound' };

/** What a mailed invitation link names, and whether it can still be accepted. */
export async function readInvitation(deps: Deps, token: string): Promise<InvitationState> {
  const inv = await invitationByToken(deps.db, tokenHash(token));
  if (!inv) return { ok: false, error: 'notFound' };
  if (inv.accepted_at) return { ok: false, error: 'nat.invite.used' };
  if (new Date(inv.expires_at) <= deps.now()) return { ok: false, error: 'nat.invite.expired' };
  return { ok: true, invitation: inv };
}

/** The invited person accepts with the account of the invited address: they become the office's admin. */
export async function acceptInvitation(deps: Deps, actor: Actor, token: string): Promise<Result<{ slug: string }>> {
  return deps.db.transaction(async (tx): Promise<Result<{ slug: string }>> => {
    const inv = await invitationByToken(tx, tokenHash(token), true);
    if (!inv) return { ok: false, error: 'error.404.title' };
    if (inv.accepted_at) return { ok: false, error: 'nat.invite.used' };
    if (new Date(inv.expires_at) <= deps.now()) return { ok: false, error: 'nat.invite.expired' };
    if (inv.email.toLowerCase() !== actor.email.toLowerCase()) return { ok: false, error: 'nat.invite.wrongAccount' };
    await addMember(tx, inv.office_id, actor.userId, 'office_admin', null);
    await addMember(tx, inv.office_id, actor.userId, 'coordinator', null);
    await markInvitationAccepted(tx, inv.office_id, inv.id, actor.userId);
    await recordAudit(tx, { officeId: inv.office_id, actorId: actor.userId, action: 'office.invitation.accept', target: inv.id });
    return { ok: true, value: { slug: inv.office_slug } };
  });
}

export function impactOf(deps: Pick<Deps, 'db'>, officeId: string): Promise<ClosingImpact> {
  return closingImpact(deps.db, officeId);
}

/**
 * Closes an office (or merges it into another, whose work continues it). One transaction: every
 * upcoming activity is cancelled through the seat keeper (registrations/seats.ts: each live
 * registration cancelled, its person mailed once), every future career-guidance slot and its
 * booking cancelled (mailed), the newsletter subscriptions to the office ended, then the office
 * leaves every list. With open registrations it is refused unless `confirmed` (the confirm page
 * spells out what happens).
 */
export async function closeOffice(
  deps: Deps,
  actor: Actor,
  locale: Locale,
  office: { id: string; slug: string; name: string },
  opts: { confirmed: boolean; into?: { id: string; slug: string } | undefined },
): Promise<Result<ClosingImpact>> {
  return pageWrite(deps, async (tx, touch): Promise<Result<ClosingImpact>> => {
    const locked = await lockOffice(tx, office.id);
    if (!locked || locked.status === 'closed') return { ok: false, error: 'nat.err.alreadyClosed' };
    const impact = await closingImpact(tx, office.id);
    if (impact.registrations + impact.bookings > 0 && !opts.confirmed) return { ok: false, error: 'nat.err.openRegistrations' };
    const reason = t(locale, 'nat.close.reason', { office: office.name });
    for (const id of await upcomingActivityIds(tx, office.id)) {
      await seatKeeper().cancelActivitySeats(tx, deps, office.id, id, reason);
      await markActivityCancelled(tx, office.id, id);
      touch(activityTags(office.id, id));
    }
    await cancelOfficeSlots(tx, deps, office.id, await upcomingSlotIds(tx, office.id));
    await endSubscriptions(tx, office.id);
    if (!(await markClosed(tx, office.id, opts.into?.id ?? null))) return { ok: false, error: 'nat.err.alreadyClosed' };
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: opts.into ? 'office.merge' : 'office.close',
      target: office.slug,
      data: { ...impact, into: opts.into?.slug ?? null },
    });
    touch([...NETWORK_TAGS, ...officeTags(office.slug)]);
    return { ok: true, value: impact };
  });
}
