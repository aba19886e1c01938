import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Queryable } from '../../core/db/db.ts';
import { isUniqueViolation } from '../../core/db/db.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import { pageWrite } from '../../core/http/page-cache.ts';
import { isLocale } from '../../core/i18n/locale.ts';
import { queueAccountMail } from '../accounts/mails.ts';
import { addMember, removeMember } from '../admin/repo.ts';
import {
  decideRepresentation,
  representationStatus,
  findUserContact,
  insertAssociation,
  lockApprovedCount,
  setAssociationActive,
  updateAssociation,
  upsertRequest,
  type Association,
  type RepStatus,
} from './repo.ts';
import { associationSearchKey, type AssociationInput, type PublicationInput, type PublishableField } from './schema.ts';
import type { Result } from '../../core/result.ts';

/** Thrown when the office's register already has an association with this registry number. */
export class RegistryNumberTaken extends Error {
  constructor() {
    super('registry number already in this office’s register');
  }
}

/**
 * Page-cache tag of everything public about an office's associations (its directory and each
 * association's page, in every script); every write below invalidates it.
 */
export const associationTags = (officeSlug: string) => [`associations:${officeSlug}`];

/**
 * Writes a new association in an office's register inside the caller's transaction `tx`:
 * the row (with its search key), and an 'association.create' audit event. Returns its id.
 * `publication` (default: not listed, nothing published) is what the public directory may show.
 * A registry number the office already has throws RegistryNumberTaken — decided by the unique
 * index, so two concurrent inserts cannot both pass; the caller's transaction is then aborted.
 * Used by the staff form, the import (features/imports) and the demo data. The caller
 * touches the page cache (associationTags) in its transaction (pageWrite) if it listed one.
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

const registryTaken = { ok: false, field: 'registry_number', error: 'associations.err.registryTaken' } as const;

/** The staff form's create: one transaction; a duplicate registry number is a field error. */
export async function addAssociation(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  input: AssociationInput,
  publication: PublicationInput,
): Promise<Result<string>> {
  try {
    const id = await pageWrite(deps, (tx, touch) => {
      if (publication.listed) touch(associationTags(office.slug));
      return createAssociation(tx, office.id, actor.userId, input, publication);
    });
    return { ok: true, value: id };
  } catch (err) {
    if (err instanceof RegistryNumberTaken) return registryTaken;
    throw err;
  }
}

/**
 * Saves the profile and what it publishes. A representative cannot change whether the office
 * counts the association as active (the stored value is kept).
 */
export async function saveAssociation(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  current: Association,
  input: AssociationInput,
  publication: PublicationInput,
  as: 'staff' | 'representative',
): Promise<Result> {
  const values = as === 'staff' ? input : { ...input, active: current.active };
  try {
    const saved = await pageWrite(deps, async (tx, touch) => {
      const ok = await updateAssociation(
        tx,
        office.id,
        current.id,
        values,
        publication,
        associationSearchKey(values.name, values.short_name),
      );
      if (!ok) return false;
      // Listed before or after: its public page and the directory change.
      if (current.listed || publication.listed) touch(associationTags(office.slug));
      await recordAudit(tx, {
        officeId: office.id,
        actorId: actor.userId,
        action: 'association.update',
        target: current.id,
        data: { as, listed: publication.listed, published: publication.published_fields },
      });
      return true;
    });
    if (!saved) return { ok: false, error: 'error.404.title' };
  } catch (err) {
    if (isUniqueViolation(err, 'associations_registry_key')) return registryTaken;
    throw err;
  }
  return { ok: true, value: undefined };
}

export async function setActive(deps: Deps, actor: Actor, office: OfficeRef, id: string, active: boolean): Promise<boolean> {
  const done = await pageWrite(deps, async (tx, touch) => {
    if (!(await setAssociationActive(tx, office.id, id, active))) return false;
    touch(associationTags(office.slug));
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: active ? 'association.activate' : 'association.deactivate',
      target: id,
    });
    return true;
  });
  return done;
}

/** A signed-in person asks to represent an association; the answer says what the row is now. */
export async function requestRepresentation(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  associationId: string,
  note: string,
): Promise<RepStatus | 'already'> {
  return deps.db.transaction(async (tx) => {
    const r = await upsertRequest(tx, office.id, associationId, actor.userId, note);
    if (!r.changed) return r.status === 'pending' ? 'already' : r.status;
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'association.rep.request', target: associationId });
    return r.status;
  });
}

export const DECISIONS = ['approve', 'reject', 'revoke'] as const;
export type Decision = (typeof DECISIONS)[number];

const TRANSITIONS: Record<Decision, [RepStatus, RepStatus]> = {
  approve: ['pending', 'approved'],
  reject: ['pending', 'rejected'],
  revoke: ['approved', 'rejected'],
};

/**
 * The office decides on a representation. Approving grants the office role association_rep
 * (if not held); rejecting or revoking takes it away when no other approved representation
 * in the office remains. The person's representations are locked first, so concurrent
 * decisions about the same person cannot leave the role wrong. The approved person is told by
 * mail (in the same transaction, through the outbox).
 */
export async function decide(
  deps: Deps,
  actor: Actor,
  office: OfficeRef,
  association: Pick<Association, 'id' | 'name'>,
  userId: string,
  decision: Decision,
): Promise<Result> {
  const [from, to] = TRANSITIONS[decision];
  const done = await deps.db.transaction(async (tx) => {
    await lockApprovedCount(tx, office.id, userId);
    if (!(await decideRepresentation(tx, office.id, association.id, userId, from, to, actor.userId))) return false;
    const approved = await lockApprovedCount(tx, office.id, userId);
    if (to === 'approved') await addMember(tx, office.id, userId, 'association_rep', actor.userId);
    else if (approved === 0) await removeMember(tx, office.id, userId, 'association_rep');
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: `association.rep.${decision}`,
      target: association.id,
      data: { user: userId },
    });
    if (decision === 'approve') {
      const user = await findUserContact(tx, userId);
      if (user) {
        const locale = isLocale(user.locale) ? user.locale : 'cir';
        await queueAccountMail(tx, {
          to: user.email,
          locale,
          name: user.display_name,
          subject: 'associations.mail.approved.subject',
          body: 'associations.mail.approved.body',
          vars: { association: association.name },
          link: `${deps.config.BASE_URL}/${locale}/admin/kancelarije/${office.slug}/udruzenja/${association.id}/uredi`,
          ignoreHint: false,
        });
      }
    }
    return true;
  });
  if (done) return { ok: true, value: undefined };
  // A person who never asked to represent this association (a foreign or made-up id): not found here.
  if (!(await representationStatus(deps.db, office.id, association.id, userId))) return { ok: false, error: 'error.404.title' };
  return { ok: false, error: 'associations.reps.gone' };
}

/** An association as the public sees it: name and kind always, the rest only if published. */
export interface PublicAssociation {
  id: string;
  kind: Association['kind'];
  name: string;
  short_name: string;
  description?: string;
  address?: string;
  email?: string;
  phone?: string;
  website?: string;
  contact_person?: string;
  areas?: string[];
  target_groups?: string[];
  members_total?: number | null;
  members_young?: number | null;
  founded_year?: number | null;
  registry_number?: string | null;
}

/** Keeps only what the association agreed to publish (pure; every public page and the API go through it). */
export function publicView(a: Association): PublicAssociation {
  const out: PublicAssociation = { id: a.id, kind: a.kind, name: a.name, short_name: a.short_name };
  const has = (f: PublishableField) => a.published_fields.includes(f);
  if (has('description')) out.description = a.description;
  if (has('address')) out.address = a.address;
  if (has('email')) out.email = a.email;
  if (has('phone')) out.phone = a.phone;
  if (has('website')) out.website = a.website;
  if (has('contact_person')) out.contact_person = a.contact_person;
  if (has('areas')) out.areas = a.areas;
  if (has('target_groups')) out.target_groups = a.target_groups;
  if (has('members')) {
    out.members_total = a.members_total;
    out.members_young = a.members_young;
  }
  if (has('founded_year')) out.founded_year = a.founded_year;
  if (has('registry_number')) out.registry_number = a.registry_number;
  return out;
}
