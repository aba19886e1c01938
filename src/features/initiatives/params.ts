import { paramResolver } from '../../core/http/params.ts';
import { findInitiative, type Initiative } from './repo.ts';

declare module '../../core/http/env.ts' {
  interface ParamRows {
    /** The office's youth initiative named by :initiative, any status (policy.ts decides who sees it). */
    initiative: Initiative;
  }
}

/** `:initiative`: core loads the office's initiative before the handler (another office's id → 404). */
export const initiativeParam = paramResolver({ name: 'initiative', load: (db, officeId, id) => findInitiative(db, officeId, id) });
