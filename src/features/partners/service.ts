import { recordAudit } from '../../core/audit.ts';
import type { Queryable } from '../../core/db/db.ts';
import { isUniqueViolation } from '../../core/db/db.ts';
import { insertPartner } from './repo.ts';
import { partnerSearchKey, type PartnerInput } from './schema.ts';

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
