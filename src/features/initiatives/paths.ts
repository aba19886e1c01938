/** Paths of youth initiatives (without the locale prefix), for links, redirects and mails. */
export const publicPath = (office: { slug: string }) => `/kancelarije/${office.slug}/inicijative`;
export const newPath = (office: { slug: string }) => `/kancelarije/${office.slug}/inicijative/nova`;
/** The mailed invitation's page; the token names the office and the initiative. */
export const INVITE_PATH = '/inicijative/poziv';
export const initiativePath = (office: { slug: string }, id: string) => `/kancelarije/${office.slug}/inicijative/${id}`;
export const editPath = (office: { slug: string }, id: string) => `${initiativePath(office, id)}/izmena`;
export const photoPath = (office: { slug: string }, id: string, fileId: string) => `${initiativePath(office, id)}/fotografije/${fileId}`;
export const adminPath = (office: { slug: string }) => `/admin/kancelarije/${office.slug}/inicijative`;
export const MINE_PATH = '/moj-nalog/inicijative';
