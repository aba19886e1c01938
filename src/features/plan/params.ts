import { paramResolver } from '../../core/http/params.ts';
import { findIndicator, findPlan, findPlanActivity, type Indicator, type Plan, type PlanActivity } from './repo.ts';

declare module '../../core/http/env.ts' {
  interface ParamRows {
    /** A version of one of the office's Local Action Plans, named by :lapPlan. */
    lapPlan: Plan;
    /** An indicator of a plan of the office (:lapIndicator); routes check it is of :lapPlan. */
    lapIndicator: Indicator;
    /** An activity of a plan of the office (:lapActivity); routes check it is of :lapPlan. */
    lapActivity: PlanActivity;
  }
}

/** `:lapPlan`, `:lapIndicator`, `:lapActivity`: core loads the office's row first (another office's id → 404). */
export const planParam = paramResolver({ name: 'lapPlan', load: (db, officeId, id) => findPlan(db, officeId, id) });
export const indicatorParam = paramResolver({ name: 'lapIndicator', load: (db, officeId, id) => findIndicator(db, officeId, id) });
export const planActivityParam = paramResolver({ name: 'lapActivity', load: (db, officeId, id) => findPlanActivity(db, officeId, id) });
