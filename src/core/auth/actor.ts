import type { Locale } from '../i18n/locale.ts';

export const OFFICE_ROLES = ['association_rep', 'youth_council', 'coordinator', 'office_admin', 'counsellor'] as const;
export type OfficeRole = (typeof OFFICE_ROLES)[number];

export interface Membership {
  officeId: string;
  officeSlug: string;
  officeName: string;
  role: OfficeRole;
}

/** The signed-in person behind a request. Every account is a young person; roles add to it. */
export interface Actor {
  userId: string;
  sessionId: string;
  email: string;
  displayName: string;
  locale: Locale;
  isNationalAdmin: boolean;
  memberships: Membership[];
}

/**
 * Whether the actor holds one of the roles in the office. Being the national admin is no office
 * role: the national admin manages offices and sees aggregates, never a young person's data
 * (issue #17), so an office page lets them in only where its route says so (Access `national`).
 */
export function hasOfficeRole(actor: Actor | null, officeId: string, roles: readonly OfficeRole[]): boolean {
  if (!actor) return false;
  return actor.memberships.some((m) => m.officeId === officeId && roles.includes(m.role));
}

/** Offices where the actor is staff (coordinator or office admin). */
export function staffOffices(actor: Actor): Membership[] {
  const seen = new Set<string>();
  return actor.memberships.filter((m) => {
    if (m.role !== 'coordinator' && m.role !== 'office_admin') return false;
    if (seen.has(m.officeId)) return false;
    seen.add(m.officeId);
    return true;
  });
}
