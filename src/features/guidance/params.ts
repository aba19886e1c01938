import { paramResolver } from '../../core/http/params.ts';
import { findSlot, type Slot } from './repo.ts';

declare module '../../core/http/env.ts' {
  interface ParamRows {
    /** The office's career-guidance slot named by :slot, any status. */
    slot: Slot;
  }
}

/** `:slot`: core loads the office's slot before the handler (another office's id → 404). */
export const slotParam = paramResolver({ name: 'slot', load: (db, officeId, id) => findSlot(db, officeId, id) });
