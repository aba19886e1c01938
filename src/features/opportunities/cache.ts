/**
 * Page-cache tags of opportunities. Each public page carries the narrowest one that covers
 * what it shows: the national list ALL_OPPORTUNITIES, an office's list and its home page's
 * "closing soon" section officeOpportunitiesTag(officeId), one opportunity's page
 * opportunityTag(id). A write touches all three in its transaction (pageWrite).
 *
 * The lists also change by the clock alone (an item expires, "closes in N days" counts down at
 * midnight): their cache entries end at the next Belgrade midnight (RouteDef.cacheUntil).
 */
export const ALL_OPPORTUNITIES = 'opportunities:all';
export const officeOpportunitiesTag = (officeId: string) => `opportunities:${officeId}`;
export const opportunityTag = (id: string) => `opportunity:${id}`;

export const opportunityTags = (officeId: string, id: string) => [ALL_OPPORTUNITIES, officeOpportunitiesTag(officeId), opportunityTag(id)];
