import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Deps } from '../../core/http/env.ts';
import { logAccess } from './access-repo.ts';
import { anonymisePerson } from './anonymise-repo.ts';
import { lockConsent, setConsentWithdrawn } from './consents-repo.ts';
import type { PurposeCode } from './purposes.ts';
import { deleteSensitive } from './sensitive-repo.ts';

export type WithdrawResult = { ok: true; purpose: PurposeCode; already?: boolean } | { ok: false };

/**
 * Withdraws one consent, with its effect everywhere, in one transaction:
 * - 'sensitive': the special-category row is deleted;
 * - 'register': the person's row in that office is anonymised (anonymisePerson: counts stay,
 *   every other consent is withdrawn with it);
 * - 'contact', 'photos': withdrawn_at is set (every use asks hasLiveConsent / liveConsentSql).
 * by 'person': only a consent of the actor's own live row is found; by 'staff': any consent of
 * the office (the route's access rule checked the role) — logged as an 'edit' in the access log
 * here, so staff pages need not log it again. Withdrawing twice is not an error.
 */
export async function withdrawConsent(
  deps: Deps,
  actor: Actor | null,
  officeId: string,
  consentId: string,
  by: 'person' | 'staff',
): Promise<WithdrawResult> {
  if (by === 'person' && !actor) return { ok: false };
  const now = deps.now();
  return deps.db.transaction(async (tx): Promise<WithdrawResult> => {
    const c = await lockConsent(tx, officeId, consentId, by === 'person' ? actor!.userId : null);
    if (!c) return { ok: false };
    if (c.withdrawn_at) return { ok: true, purpose: c.purpose, already: true };
    const actorId = actor?.userId ?? null;
    await setConsentWithdrawn(tx, officeId, c.id, now);
    if (c.purpose === 'register') {
      await anonymisePerson(tx, officeId, c.person_id, { actorId: by === 'staff' ? actorId : null, reason: 'withdrawal', at: now });
    } else {
      if (c.purpose === 'sensitive') await deleteSensitive(tx, officeId, c.person_id);
      if (by === 'staff') await logAccess(tx, officeId, actorId, c.person_id, 'edit', 'consent withdrawn');
    }
    await recordAudit(tx, { officeId, actorId, action: 'consent.withdraw', target: c.id, data: { purpose: c.purpose, by } });
    return { ok: true, purpose: c.purpose };
  });
}
