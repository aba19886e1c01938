import { recordAudit } from '../../core/audit.ts';
import type { Queryable } from '../../core/db/db.ts';
import { isUniqueViolation } from '../../core/db/db.ts';
import { insertAssociation } from './repo.ts';
import { associationSearchKey, type AssociationInput, type PublicationInput } from './schema.ts';

/** Thrown when the office's register already has an association with this registry number. */
export class RegistryNumberTaken extends Error {
  constructor() {
    super('registry number already in this office’s register');
  }
}

/**
 * Writes a new association in an office's register inside the caller's transaction `tx`:
 * the row (with its search key), and an 'association.create' audit event. Returns its id.
 * `publication` (default: not listed, nothing published) is what the public directory may show.
 * A registry number the office already has throws RegistryNumberTaken — decided by the unique
 * index, so two concurrent inserts cannot both pass; the caller's transaction is then aborted.
 * Used by the staff form, the import (features/imports) and the demo data.
 */
export async function createAssociation(
  tx: Queryable,
  officeId: string,
  actorId: string | null,
  input: AssociationInput,
  publication: PublicationInput = { listed: false, published_fields: [] },
): Promise<string> {
  let id: string;
  try {
    id = await insertAssociation(tx, officeId, input, publication, associationSearchKey(input.name, input.short_name));
  } catch (err) {
    if (isUniqueViolation(err, 'associations_registry_key')) throw new RegistryNumberTaken();
    throw err;
  }
  await recordAudit(tx, { officeId, actorId, action: 'association.create', target: id });
  return id;
}
