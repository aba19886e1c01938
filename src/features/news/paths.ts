/** Addresses of an office's news (without the locale prefix; views add it with v.href). */
export const newsListPath = (office: { slug: string }) => `/kancelarije/${office.slug}/vesti`;
export const newsPostPath = (office: { slug: string }, id: string) => `${newsListPath(office)}/${id}`;
/** The post's image (public once the post is), for <img src>, Open Graph and feeds. */
export const newsImagePath = (office: { slug: string }, id: string) => `${newsPostPath(office, id)}/slika`;
export const adminNewsPath = (office: { slug: string }) => `/admin/kancelarije/${office.slug}/vesti`;
export const adminPostPath = (office: { slug: string }, id: string) => `${adminNewsPath(office)}/${id}`;
/** Feeds (in the reader's script: they carry the locale prefix like every page). */
export const officeFeedPath = (office: { slug: string }, format: 'rss' | 'atom') => `${newsListPath(office)}.${format}`;
export const nationalFeedPath = (format: 'rss' | 'atom') => `/vesti.${format}`;
