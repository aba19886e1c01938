import { paramResolver } from '../../core/http/params.ts';
import { findAssociation, type Association } from './repo.ts';

declare module '../../core/http/env.ts' {
  interface ParamRows {
    /** The office's association named by :association (the public pages add: listed and active). */
    association: Association;
  }
}

export const associationParam = paramResolver({ name: 'association', load: (db, officeId, id) => findAssociation(db, officeId, id) });
