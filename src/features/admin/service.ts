import { recordAudit } from '../../core/audit.ts';
import type { Actor, OfficeRole } from '../../core/auth/actor.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import { findUserByEmail } from '../accounts/repo.ts';
import { addMember, lockAdmins, removeMember } from './repo.ts';
import type { Result } from '../../core/result.ts';

export async function grantRole(deps: Deps, actor: Actor, office: OfficeRef, email: string, role: OfficeRole): Promise<Result> {
  return deps.db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user) return { ok: false, field: 'email', error: 'err.noAccount' };
    if (!(await addMember(tx, office.id, user.id, role, actor.userId))) return { ok: false, field: 'role', error: 'team.exists' };
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'member.grant', target: user.id, data: { role } });
    return { ok: true, value: undefined };
  });
}

export async function revokeRole(deps: Deps, actor: Actor, office: OfficeRef, userId: string, role: OfficeRole): Promise<Result> {
  return deps.db.transaction(async (tx) => {
    if (role === 'office_admin' && (await lockAdmins(tx, office.id)) <= 1) return { ok: false, error: 'team.lastAdmin' };
    if (!(await removeMember(tx, office.id, userId, role))) return { ok: false, error: 'error.404.title' };
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'member.revoke', target: userId, data: { role } });
    return { ok: true, value: undefined };
  });
}
