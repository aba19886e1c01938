import type { Queryable } from '../../core/db/db.ts';

/**
 * What a booking asks of the initiative it serves (issue #14: "a supported initiative books its
 * space and equipment straight from its page"). Initiatives builds on bookings (its page links
 * to the request form and lists the initiative's requests), never the reverse, so bookings names
 * here what it needs and src/app.ts hands it initiatives' function at start — as activities'
 * SeatKeeper. The database keeps the link honest: booking_requests' foreign key (migration 0018).
 */
export interface InitiativeLink {
  /**
   * The initiative when it is supported or running and the account is in its team (otherwise
   * null): its title, who proposed it (a person, an informal group, an association) and the
   * group's or association's name, and its LAP area — the request form starts from these.
   */
  bookableFor(
    q: Queryable,
    officeId: string,
    initiativeId: string,
    userId: string,
  ): Promise<{ title: string; kind: 'person' | 'informal' | 'association'; group: string; area: string } | null>;
}

let link: InitiativeLink | undefined;

/** src/app.ts calls it once, with initiatives' function. */
export function provideInitiativeLink(l: InitiativeLink): void {
  link = l;
}

export function initiativeLink(): InitiativeLink {
  if (!link) throw new Error('no initiative link: import src/app.ts (the feature list) first');
  return link;
}
