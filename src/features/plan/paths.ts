type Office = { slug: string };

/** The plan's staff pages, under /admin/kancelarije/:office/lap (without the locale). */
export const plansPath = (o: Office) => `/admin/kancelarije/${o.slug}/lap`;
export const planPath = (o: Office, planId: string) => `${plansPath(o)}/${planId}`;
export const indicatorPath = (o: Office, planId: string, id: string) => `${planPath(o, planId)}/pokazatelji/${id}`;
export const planActivityPath = (o: Office, planId: string, id: string) => `${planPath(o, planId)}/aktivnosti/${id}`;
export const monitoringPath = (o: Office, planId: string) => `${planPath(o, planId)}/pracenje`;
export const comparePath = (o: Office, planId: string) => `${planPath(o, planId)}/poredjenje`;
export const workplanPath = (o: Office, planId: string) => `${planPath(o, planId)}/plan-rada`;
export const importPath = (o: Office, planId: string) => `${planPath(o, planId)}/tabela`;
/** The public progress page. */
export const publicPlanPath = (o: Office) => `/kancelarije/${o.slug}/lap`;
/**
 * The page-cache tag of the office's public progress page (and of the plan activity an activity's
 * page names): every write of the plan's data names it (service.ts, sheet.ts), so the page shows a
 * new value, status or version at once.
 */
export { lapPageTag } from '../activities/plan-link.ts';
