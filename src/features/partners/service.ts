import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Queryable } from '../../core/db/db.ts';
import { isUniqueViolation } from '../../core/db/db.ts';
import { insertFile } from '../../core/files.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import { insertAgreement, insertLog, insertPartner, updatePartner } from './repo.ts';
import { partnerSearchKey, type AgreementInput, type LogInput, type PartnerInput } from './schema.ts';
import type { Result } from '../../core/result.ts';

/** Thrown when the office already has a partner of that name (compared by search key: any script, no diacritics). */
export class PartnerNameTaken extends Error {
  constructor() {
    super('partner name already in this office’s register');
  }
}

/**
 * Writes a new partner in an office's register inside the caller's transaction `tx`: the row
 * (with its search key) and a 'partner.create' audit event. Returns its id. A name the office
 * already has (same folding) throws PartnerNameTaken, decided by the unique index; the caller's
 * transaction is then aborted. Used by the staff form, the import and the demo data.
 */
export async function createPartner(tx: Queryable, officeId: string, actorId: string | null, input: PartnerInput): Promise<string> {
  let id: string;
  try {
    id = await insertPartner(tx, officeId, input, partnerSearchKey(input.name));
  } catch (err) {
    if (isUniqueViolation(err, 'partners_name_key')) throw new PartnerNameTaken();
    throw err;
  }
  await recordAudit(tx, { officeId, actorId, action: 'partner.create', target: id });
  return id;
}

const nameTaken = { ok: false, field: 'name', error: 'partners.err.nameTaken' } as const;

export async function addPartner(deps: Deps, actor: Actor, office: OfficeRef, input: PartnerInput): Promise<Result<string>> {
  try {
    return { ok: true, value: await deps.db.transaction((tx) => createPartner(tx, office.id, actor.userId, input)) };
  } catch (err) {
    if (err instanceof PartnerNameTaken) return nameTaken;
    throw err;
  }
}

export async function savePartner(deps: Deps, actor: Actor, office: OfficeRef, id: string, input: PartnerInput): Promise<Result> {
  try {
    const saved = await deps.db.transaction(async (tx) => {
      if (!(await updatePartner(tx, office.id, id, input, partnerSearchKey(input.name)))) return false;
      await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'partner.update', target: id });
      return true;
    });
    return saved ? { ok: true, value: undefined } : { ok: false, error: 'error.404.title' };
  } catch (err) {
    if (isUniqueViolation(err, 'partners_name_key')) return nameTaken;
    throw err;
  }
}

/** A checked upload (core/http/uploads.ts) to keep with the agreement. */
export interface AgreementFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/**
 * Records an agreement, and its file if one came: one transaction (the file row, the
 * agreement pointing at it, the audit event). The partner must be the office's (the caller
 * looked it up by office and id; the foreign key repeats the rule).
 */
export async function addAgreement(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  partnerId: string,
  input: AgreementInput,
  file: AgreementFile | null,
): Promise<string> {
  return deps.db.transaction(async (tx) => {
    const fileId = file ? await insertFile(tx, office.id, { ...file, uploadedBy: actor.userId }) : null;
    const id = await insertAgreement(tx, office.id, partnerId, input, fileId, actor.userId);
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'partner.agreement.create',
      target: id,
      data: { partner: partnerId, file: fileId },
    });
    return id;
  });
}

export async function addLogEntry(deps: Deps, actor: Actor, office: OfficeRef, partnerId: string, input: LogInput): Promise<string> {
  return deps.db.transaction(async (tx) => {
    const id = await insertLog(tx, office.id, partnerId, input, actor.userId);
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'partner.log.create',
      target: id,
      data: { partner: partnerId },
    });
    return id;
  });
}

/** 'YYYY-MM-DD' plus n days. */
export function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** How many days ahead an agreement's end is highlighted. */
export const EXPIRY_WARNING_DAYS = 60;

/** 'expired', 'expiring' (within EXPIRY_WARNING_DAYS, today included) or null, for an end date. */
export function expiryState(validUntil: string | null, today: string): 'expired' | 'expiring' | null {
  if (!validUntil) return null;
  if (validUntil < today) return 'expired';
  return validUntil <= addDays(today, EXPIRY_WARNING_DAYS) ? 'expiring' : null;
}
