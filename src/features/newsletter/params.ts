import { paramResolver } from '../../core/http/params.ts';
import { findCampaign, type Campaign } from './repo.ts';

declare module '../../core/http/env.ts' {
  interface ParamRows {
    /** The office's newsletter named by :campaign. */
    campaign: Campaign;
  }
}

export const campaignParam = paramResolver({ name: 'campaign', load: (db, officeId, id) => findCampaign(db, officeId, id) });
