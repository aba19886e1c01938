import { paramResolver } from '../../core/http/params.ts';
import { findOpportunity, type Opportunity } from './repo.ts';

declare module '../../core/http/env.ts' {
  interface ParamRows {
    /** The office's opportunity named by :opportunity, open or closed. */
    opportunity: Opportunity;
  }
}

/** `:opportunity`: core loads the row within the route's office before the handler (another office's id → 404). */
export const opportunityParam = paramResolver({ name: 'opportunity', load: (db, officeId, id) => findOpportunity(db, officeId, id) });
