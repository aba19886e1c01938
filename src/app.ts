import type { Hono } from 'hono';
import type { BackgroundJob } from './core/background.ts';
import { createCore, finish, type Core } from './core/http/app-core.ts';
import type { AppEnv, Deps } from './core/http/env.ts';
import type { AnyParamResolver } from './core/http/params.ts';
import type { RouteTable } from './core/http/routes.ts';
import { registerSystemRoutes } from './core/http/system.ts';
import { installMessages, type FeatureMessages } from './core/i18n/messages.ts';
import type { OfficeHomeSection } from './core/views/home-section.ts';
import type { OfficeStaffLink } from './core/views/staff-link.ts';
import * as accountsMessages from './features/accounts/messages.ts';
import { registerAccountRoutes } from './features/accounts/routes.tsx';
import * as activitiesMessages from './features/activities/messages.ts';
import { provideSeatKeeper } from './features/activities/seat-keeper.ts';
import { activityParam } from './features/activities/params.ts';
import { registerActivityRoutes } from './features/activities/routes.tsx';
import * as adminMessages from './features/admin/messages.ts';
import { registerAdminRoutes } from './features/admin/routes.tsx';
import { registerAssociationApi } from './features/associations/api.ts';
import * as associationsMessages from './features/associations/messages.ts';
import { associationParam } from './features/associations/params.ts';
import { registerAssociationRoutes } from './features/associations/routes.tsx';
import * as calendarMessages from './features/calendar/messages.ts';
import { thisWeekSection } from './features/calendar/home.tsx';
import { registerCalendarRoutes } from './features/calendar/routes.tsx';
import { startFeedbackMails } from './features/certificates/feedback-job.ts';
import * as certificatesMessages from './features/certificates/messages.ts';
import { registerCertificateRoutes } from './features/certificates/routes.tsx';
import { guidanceSection } from './features/guidance/home.tsx';
import * as guidanceMessages from './features/guidance/messages.ts';
import * as nationalMessages from './features/national/messages.ts';
import { registerNationalRoutes } from './features/national/routes.tsx';
import { startFiguresJob } from './features/national/job.ts';
import * as nationalDataMessages from './features/national/data-messages.ts';
import { registerOpenDataRoutes } from './features/national/opendata-routes.tsx';
import { registerNationalAdminRoutes } from './features/national/admin-routes.tsx';
import { registerConsultationRoutes } from './features/national/consultation-routes.tsx';
import { consultationStaffLink } from './features/national/consultation-link.ts';
import { slotParam } from './features/guidance/params.ts';
import { startGuidanceJob } from './features/guidance/reminders.ts';
import { registerGuidanceRoutes } from './features/guidance/routes.tsx';
import * as checkinMessages from './features/checkin/messages.ts';
import { registerCheckinRoutes } from './features/checkin/routes.tsx';
import * as homeMessages from './features/home/messages.ts';
import { registerHomeRoutes } from './features/home/routes.tsx';
import * as importsMessages from './features/imports/messages.ts';
import { registerImportRoutes } from './features/imports/routes.tsx';
import type { DigestSource } from './core/content.ts';
import type { IndicatorSource } from './core/indicators.ts';
import { activityDigest } from './features/activities/digest-repo.ts';
import * as meMessages from './features/me/messages.ts';
import { startRetention } from './features/me/retention.ts';
import { registerMeRoutes } from './features/me/routes.tsx';
import { latestNewsSection } from './features/news/home.tsx';
import { digestItems as newsDigest } from './features/news/digest.ts';
import * as newsMessages from './features/news/messages.ts';
import { postParam } from './features/news/params.ts';
import { registerNewsRoutes } from './features/news/routes.tsx';
import { registerOfficeApi } from './features/offices/api.ts';
import * as officesMessages from './features/offices/messages.ts';
import { registerOfficeRoutes } from './features/offices/routes.tsx';
import { registerOpportunityApi } from './features/opportunities/api.ts';
import { closingSoonSection } from './features/opportunities/home.tsx';
import { digestItems as opportunitiesDigest } from './features/opportunities/digest.ts';
import * as opportunitiesMessages from './features/opportunities/messages.ts';
import { opportunityParam } from './features/opportunities/params.ts';
import { registerOpportunityRoutes } from './features/opportunities/routes.tsx';
import * as partnersMessages from './features/partners/messages.ts';
import { partnerParam } from './features/partners/params.ts';
import { registerPartnerRoutes } from './features/partners/routes.tsx';
import * as peopleMessages from './features/people/messages.ts';
import { personParam } from './features/people/params.ts';
import { registerPeopleRoutes } from './features/people/routes.tsx';
import * as registrationsMessages from './features/registrations/messages.ts';
import { startReminders } from './features/registrations/reminders.ts';
import { cancelActivitySeats, fillFreedSeats } from './features/registrations/seats.ts';
import { registerRegistrationRoutes } from './features/registrations/routes.tsx';
import { provideDigestSources } from './features/newsletter/digest.ts';
import * as newsletterMessages from './features/newsletter/messages.ts';
import { campaignParam } from './features/newsletter/params.ts';
import { registerNewsletterRoutes } from './features/newsletter/routes.tsx';
import { startNewsletterSender } from './features/newsletter/sender.ts';
import { councilSection } from './features/council/home.tsx';
import { councilReportSection } from './features/council/report.ts';
import { provideReportSections } from './features/report/build.ts';
import { startReportWorker } from './features/report/job.ts';
import { registerReportRoutes } from './features/report/routes.tsx';
import * as reportMessages from './features/report/messages.ts';
import type { ReportSection } from './core/report.ts';
import { councilMeetings } from './features/council/indicators.ts';
import * as councilMessages from './features/council/messages.ts';
import { councilMeetingParam, councilMemberParam } from './features/council/params.ts';
import { registerCouncilRoutes } from './features/council/routes.tsx';
import { bookingHours } from './features/bookings/indicators.ts';
import * as bookingsMessages from './features/bookings/messages.ts';
import { bookingsStaffLink } from './features/bookings/dashboard.ts';
import { startBookingHolds } from './features/bookings/holds.ts';
import { requestParam, resourceParam } from './features/bookings/params.ts';
import { registerBookingRoutes } from './features/bookings/routes.tsx';
import { provideInitiativeLink } from './features/bookings/initiative-link.ts';
import { bookableInitiative } from './features/initiatives/repo.ts';
import { initiativesSection } from './features/initiatives/home.tsx';
import { supportedInitiatives } from './features/initiatives/indicators.ts';
import * as initiativesMessages from './features/initiatives/messages.ts';
import { initiativeParam } from './features/initiatives/params.ts';
import { registerInitiativeRoutes } from './features/initiatives/routes.tsx';
import { volunteeringHours } from './features/volunteering/indicators.ts';
import * as volunteeringMessages from './features/volunteering/messages.ts';
import { volunteerParam, volunteeringParam } from './features/volunteering/params.ts';
import { registerVolunteeringRoutes } from './features/volunteering/routes.tsx';
import { activityIndicators } from './features/activities/indicators.ts';
import { associationIndicators } from './features/associations/indicators.ts';
import { checkinIndicators } from './features/checkin/indicators.ts';
import { peopleIndicators } from './features/people/indicators.ts';
import { provideIndicatorSources } from './features/plan/catalogue.ts';
import { providePlanItems } from './features/council/plan-items.ts';
import { providePlanActivities } from './features/activities/plan-link.ts';
import { currentPlanActivities, currentPlanItems, planActivityByKey } from './features/plan/links-repo.ts';
import * as planMessages from './features/plan/messages.ts';
import { indicatorParam, planActivityParam, planParam } from './features/plan/params.ts';
import { registerPlanRoutes } from './features/plan/routes.tsx';
import { surveyShare } from './features/surveys/indicators.ts';
import * as surveysMessages from './features/surveys/messages.ts';
import { surveyParam } from './features/surveys/params.ts';
import { registerSurveyRoutes } from './features/surveys/routes.tsx';

/** What a feature brings: its routes, its UI strings, and the jobs that run beside the server. */
interface Feature {
  name: string;
  /** Registered in this order (the route table's order). */
  routes: ReadonlyArray<(core: Core) => void>;
  /** Its messages.ts: `sr`, `en`, `notices` (its keys join MessageCatalog by augmentation). */
  messages: FeatureMessages;
  /** Started by core/background.ts in every app process (each one runs on one process of the cluster at a time). */
  jobs?: readonly BackgroundJob[];
  /** Path parameters naming its rows, which core loads within the office before a handler runs. */
  params?: readonly AnyParamResolver[];
  /** Sections it adds to an office's home page (core/views/home-section.ts), handed to offices by homeSections() below. */
  home?: readonly OfficeHomeSection[];
  /** What it publishes, for the newsletter's digest (core/content.ts): the office's new items in a span. */
  digest?: readonly DigestSource[];
  /** Links on the admin dashboard's office cards, with what awaits staff there (core/views/staff-link.ts). */
  staffLinks?: readonly OfficeStaffLink[];
  /** Live indicators it can compute for the Local Action Plan (core/indicators.ts), read by the plan's catalogue. */
  indicators?: readonly IndicatorSource[];
  /** Its sections of the annual report to the town council and assembly (core/report.ts), read by the report feature. */
  reportSections?: readonly ReportSection[];
}

/**
 * Every feature's home-page sections, for offices (which comes early and imports none of them);
 * read when the routes are registered, so a feature anywhere in the list may add one.
 */
const homeSections = (): OfficeHomeSection[] => FEATURES.flatMap((f) => f.home ?? []);
/** Every feature's dashboard links, for admin (which comes early and imports none of them). */
const staffLinks = (): OfficeStaffLink[] => FEATURES.flatMap((f) => f.staffLinks ?? []);

/** Every feature, in one list: a new feature adds its entry here. Core imports none of them. */
const FEATURES: readonly Feature[] = [
  { name: 'home', routes: [registerHomeRoutes], messages: homeMessages },
  { name: 'offices', routes: [(core) => registerOfficeRoutes(core, homeSections()), registerOfficeApi], messages: officesMessages },
  { name: 'accounts', routes: [registerAccountRoutes], messages: accountsMessages },
  // Before admin: the route × role harness revokes team roles on the admin pages, and the
  // office admin's access-log page must still be tried as the office admin.
  { name: 'people', routes: [registerPeopleRoutes], messages: peopleMessages, params: [personParam], indicators: peopleIndicators },
  { name: 'admin', routes: [(core) => registerAdminRoutes(core, staffLinks())], messages: adminMessages },
  { name: 'me', routes: [registerMeRoutes], messages: meMessages, jobs: [startRetention] },
  {
    name: 'associations',
    routes: [registerAssociationRoutes, registerAssociationApi],
    messages: associationsMessages,
    params: [associationParam],
    indicators: associationIndicators,
  },
  { name: 'partners', routes: [registerPartnerRoutes], messages: partnersMessages, params: [partnerParam] },
  { name: 'imports', routes: [registerImportRoutes], messages: importsMessages },
  {
    name: 'activities',
    routes: [registerActivityRoutes],
    messages: activitiesMessages,
    params: [activityParam],
    digest: [activityDigest],
    indicators: activityIndicators,
  },
  { name: 'calendar', routes: [registerCalendarRoutes], messages: calendarMessages, home: [thisWeekSection] },
  { name: 'registrations', routes: [registerRegistrationRoutes], messages: registrationsMessages, jobs: [startReminders] },
  { name: 'checkin', routes: [registerCheckinRoutes], messages: checkinMessages, indicators: checkinIndicators },
  { name: 'certificates', routes: [registerCertificateRoutes], messages: certificatesMessages, jobs: [startFeedbackMails] },
  {
    name: 'news',
    routes: [registerNewsRoutes],
    messages: newsMessages,
    params: [postParam],
    home: [latestNewsSection],
    digest: [newsDigest],
  },
  {
    name: 'opportunities',
    routes: [registerOpportunityRoutes, registerOpportunityApi],
    messages: opportunitiesMessages,
    params: [opportunityParam],
    home: [closingSoonSection],
    digest: [opportunitiesDigest],
  },
  {
    name: 'newsletter',
    routes: [registerNewsletterRoutes],
    messages: newsletterMessages,
    jobs: [startNewsletterSender],
    params: [campaignParam],
  },
  {
    name: 'guidance',
    routes: [registerGuidanceRoutes],
    messages: guidanceMessages,
    jobs: [startGuidanceJob],
    params: [slotParam],
    home: [guidanceSection],
  },
  {
    name: 'council',
    routes: [registerCouncilRoutes],
    messages: councilMessages,
    params: [councilMemberParam, councilMeetingParam],
    home: [councilSection],
    indicators: [councilMeetings],
    reportSections: [councilReportSection],
  },
  {
    name: 'bookings',
    routes: [registerBookingRoutes],
    messages: bookingsMessages,
    params: [resourceParam, requestParam],
    indicators: [bookingHours],
    staffLinks: [bookingsStaffLink],
    jobs: [startBookingHolds],
  },
  {
    name: 'initiatives',
    routes: [registerInitiativeRoutes],
    messages: initiativesMessages,
    params: [initiativeParam],
    home: [initiativesSection],
    indicators: [supportedInitiatives],
  },
  {
    name: 'volunteering',
    routes: [registerVolunteeringRoutes],
    messages: volunteeringMessages,
    params: [volunteeringParam, volunteerParam],
    indicators: [volunteeringHours],
  },
  {
    name: 'surveys',
    routes: [registerSurveyRoutes],
    messages: surveysMessages,
    params: [surveyParam],
    indicators: [surveyShare],
  },
  {
    name: 'plan',
    routes: [registerPlanRoutes],
    messages: planMessages,
    params: [planParam, indicatorParam, planActivityParam],
  },
  { name: 'national', routes: [registerNationalRoutes], messages: nationalMessages, jobs: [startFiguresJob] },
  // National open data, the admin dashboard and the LAP consultation (issue #17 points 3, 5, 7), in the national folder.
  {
    name: 'national-data',
    routes: [registerOpenDataRoutes, registerNationalAdminRoutes, registerConsultationRoutes],
    messages: nationalDataMessages,
    staffLinks: [consultationStaffLink],
  },
  {
    name: 'report',
    routes: [registerReportRoutes],
    messages: reportMessages,
    jobs: [startReportWorker],
    staffLinks: [{ label: 'report.staffLink', path: 'izvestaj' }],
  },
];

// The UI strings are one catalogue, built once when this list is first imported.
installMessages(FEATURES.map((f) => f.messages));

// Activities changes seats only through registrations/seats.ts, which builds on activities: the
// one place a seat is taken or freed is handed to activities here (activities imports no registrations module).
provideSeatKeeper({ fillFreedSeats, cancelActivitySeats });

// A booking may serve an initiative; initiatives builds on bookings, so the team check is handed
// to bookings here (bookings imports nothing of initiatives).
provideInitiativeLink({ bookableFor: async (q, officeId, id, userId) => (await bookableInitiative(q, officeId, id, userId)) ?? null });

// The newsletter's digest asks every feature that publishes (news, activities, opportunities)
// through the sources their entries declare; it imports none of them.
provideDigestSources(FEATURES.flatMap((f) => f.digest ?? []));

// The annual report reads every feature's sections (the council's meetings, later the plan's budget
// and indicators) through their entries; it imports none of them.
provideReportSections(FEATURES.flatMap((f) => f.reportSections ?? []));
// The Local Action Plan's catalogue of live indicators reads the sources each data feature declares.
provideIndicatorSources(FEATURES.flatMap((f) => f.indicators ?? []));
// The plan builds on the council and on activities: the current plan's items reach the council's
// decision form, and its activities the activity form, through these hand-overs (migration 0020).
providePlanItems({ choices: currentPlanItems });
providePlanActivities({ choices: currentPlanActivities, describe: planActivityByKey });

/** The features' background jobs, for core/background.ts's startBackground. */
export const JOBS: readonly BackgroundJob[] = FEATURES.flatMap((f) => f.jobs ?? []);

/** The rows path parameters name, each declared by the feature that owns the table (a route lists the ones it needs in its `params`). */
const PARAMS: readonly AnyParamResolver[] = FEATURES.flatMap((f) => f.params ?? []);

export interface App {
  app: Hono<AppEnv>;
  routes: RouteTable;
  /** The JSON API (mounted in app under /api/v1); its registry holds each operation's zod schemas. */
  api: Core['api'];
}

/** Builds the HTTP app for the given dependencies; no I/O happens here. */
export function buildApp(deps: Deps): App {
  const core = createCore(deps, PARAMS);
  registerSystemRoutes(core);
  for (const feature of FEATURES) for (const register of feature.routes) register(core);
  finish(core);
  return { app: core.app, routes: core.table, api: core.api };
}
