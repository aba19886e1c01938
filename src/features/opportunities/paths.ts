/** Addresses of opportunities (without the locale prefix; views add it with v.href). */
export const ALL_OPPORTUNITIES_PATH = '/prilike';
export const opportunitiesPath = (office: { slug: string }) => `/kancelarije/${office.slug}/prilike`;
export const opportunityPath = (office: { slug: string }, id: string) => `${opportunitiesPath(office)}/${id}`;
export const adminOpportunitiesPath = (office: { slug: string }) => `/admin/kancelarije/${office.slug}/prilike`;
export const adminOpportunityPath = (office: { slug: string }, id: string) => `${adminOpportunitiesPath(office)}/${id}`;
