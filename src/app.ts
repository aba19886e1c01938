import type { Hono } from 'hono';
import { createCore, finish, type Core } from './core/http/app-core.ts';
import type { AppEnv, Deps } from './core/http/env.ts';
import type { RouteTable } from './core/http/routes.ts';
import { registerSystemRoutes } from './core/http/system.ts';
import { registerAccountRoutes } from './features/accounts/routes.tsx';
import { registerActivityRoutes } from './features/activities/routes.tsx';
import { registerAdminRoutes } from './features/admin/routes.tsx';
import { registerAssociationApi } from './features/associations/api.ts';
import { registerAssociationRoutes } from './features/associations/routes.tsx';
import { registerCalendarRoutes } from './features/calendar/routes.tsx';
import { registerCertificateRoutes } from './features/certificates/routes.tsx';
import { registerCheckinRoutes } from './features/checkin/routes.tsx';
import { registerHomeRoutes } from './features/home/routes.tsx';
import { registerImportRoutes } from './features/imports/routes.tsx';
import { registerMeRoutes } from './features/me/routes.tsx';
import { registerOfficeApi } from './features/offices/api.ts';
import { registerOfficeRoutes } from './features/offices/routes.tsx';
import { registerPartnerRoutes } from './features/partners/routes.tsx';
import { registerPeopleRoutes } from './features/people/routes.tsx';
import { registerRegistrationRoutes } from './features/registrations/routes.tsx';
/** Every feature, in one list: a new feature adds its register function here. */
const FEATURES: Array<(core: Core) => void> = [
  registerSystemRoutes,
  registerHomeRoutes,
  registerOfficeRoutes,
  registerOfficeApi,
  registerAccountRoutes,
  // Before admin: the route × role harness revokes team roles on the admin pages, and the
  // office admin's access-log page must still be tried as the office admin.
  registerPeopleRoutes,
  registerAdminRoutes,
  registerMeRoutes,
  registerAssociationRoutes,
  registerAssociationApi,
  registerPartnerRoutes,
  registerImportRoutes,
  registerActivityRoutes,
  registerCalendarRoutes,
  registerRegistrationRoutes,
  registerCheckinRoutes,
  registerCertificateRoutes,
];

export interface App {
  app: Hono<AppEnv>;
  routes: RouteTable;
  /** The JSON API (mounted in app under /api/v1); its registry holds each operation's zod schemas. */
  api: Core['api'];
}

/** Builds the HTTP app for the given dependencies; no I/O happens here. */
export function buildApp(deps: Deps): App {
  const core = createCore(deps);
  for (const register of FEATURES) register(core);
  finish(core);
  return { app: core.app, routes: core.table, api: core.api };
}
