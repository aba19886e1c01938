import { paramResolver } from '../../core/http/params.ts';
import { findSurvey, type Survey } from './repo.ts';

declare module '../../core/http/env.ts' {
  interface ParamRows {
    /** The office's survey named by :survey. */
    survey: Survey;
  }
}

/** `:survey`: core loads the office's survey before the handler (another office's id → 404). */
export const surveyParam = paramResolver({ name: 'survey', load: (db, officeId, id) => findSurvey(db, officeId, id) });
