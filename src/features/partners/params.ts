import { paramResolver } from '../../core/http/params.ts';
import { findPartner, type Partner } from './repo.ts';

declare module '../../core/http/env.ts' {
  interface ParamRows {
    /** The office's partner named by :partner. */
    partner: Partner;
  }
}

export const partnerParam = paramResolver({ name: 'partner', load: (db, officeId, id) => findPartner(db, officeId, id) });
