import { paramResolver } from '../../core/http/params.ts';
import { findApplication, findVolOpportunity, type Application, type VolOpportunity } from './repo.ts';

declare module '../../core/http/env.ts' {
  interface ParamRows {
    /** The office's volunteering opportunity named by :volunteering. */
    volunteering: VolOpportunity;
    /** The office's volunteer application named by :volunteer (whose it is, the handler's policy asks). */
    volunteer: Application;
  }
}

/** `:volunteering`: an opportunity of the route's office (another office's id → 404). */
export const volunteeringParam = paramResolver({ name: 'volunteering', load: (db, officeId, id) => findVolOpportunity(db, officeId, id) });
/** `:volunteer`: an application of the route's office (another office's id → 404). */
export const volunteerParam = paramResolver({ name: 'volunteer', load: (db, officeId, id) => findApplication(db, officeId, id) });
