/**
 * Page-cache tags of the activities family. Each public page carries the narrowest one that
 * covers what it shows:
 * - the all-offices calendar: ALL_ACTIVITIES;
 * - an office's calendar (list and month): officeActivitiesTag(officeId);
 * - one activity's page: activityTag(activityId).
 * A write that changes what the public sees of an activity (published, edited, cancelled, its
 * places left) touches activityTags(officeId, activityId) in its transaction (pageWrite), so
 * another office's pages, and the other activities' pages, stay cached. A write to a draft, or
 * a sign-up that changes no public count (waitlisted, pending, an unconfirmed guest), touches
 * nothing.
 */
export const ALL_ACTIVITIES = 'activities:all';
export const officeActivitiesTag = (officeId: string) => `activities:${officeId}`;
export const activityTag = (activityId: string) => `activity:${activityId}`;

export const activityTags = (officeId: string, activityId: string) => [
  ALL_ACTIVITIES,
  officeActivitiesTag(officeId),
  activityTag(activityId),
];
