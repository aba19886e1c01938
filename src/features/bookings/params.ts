import { paramResolver } from '../../core/http/params.ts';
import { findRequest, findResource, type Request, type Resource } from './repo.ts';

declare module '../../core/http/env.ts' {
  interface ParamRows {
    /** The office's room or item named by :resource (active or not). */
    resource: Resource;
    /** The office's booking request named by :request. */
    request: Request;
  }
}

/** `:resource`: loaded within the office before the handler (another office's id → 404). */
export const resourceParam = paramResolver({ name: 'resource', load: (db, officeId, id) => findResource(db, officeId, id) });
/** `:request`: a booking request of the office. */
export const requestParam = paramResolver({ name: 'request', load: (db, officeId, id) => findRequest(db, officeId, id) });
