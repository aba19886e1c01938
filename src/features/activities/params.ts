import { paramResolver } from '../../core/http/params.ts';
import { findActivity, type Activity } from './repo.ts';

declare module '../../core/http/env.ts' {
  interface ParamRows {
    /** The office's activity named by :activity, any status (routes that show only published ones say so). */
    activity: Activity;
  }
}

/**
 * `:activity`, for every feature of the activities family: core loads the row within the route's
 * office before the handler (registrations, check-in and certificates reuse this one row).
 */
export const activityParam = paramResolver({ name: 'activity', load: (db, officeId, id) => findActivity(db, officeId, id) });
