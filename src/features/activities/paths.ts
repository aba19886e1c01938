/**
 * Addresses of an office's activities (without the locale prefix; views add it with v.href).
 * Every feature of the activities family links through these, so a path is written once.
 */
export const calendarPath = (office: { slug: string }) => `/kancelarije/${office.slug}/aktivnosti`;
export const activityPath = (office: { slug: string }, id: string) => `${calendarPath(office)}/${id}`;
export const adminActivitiesPath = (office: { slug: string }) => `/admin/kancelarije/${office.slug}/aktivnosti`;
export const adminActivityPath = (office: { slug: string }, id: string) => `${adminActivitiesPath(office)}/${id}`;
/** The activity's image (public once published), for <img src> and Open Graph. */
export const activityImagePath = (office: { slug: string }, id: string) => `${activityPath(office, id)}/slika`;
