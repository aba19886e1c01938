import { paramResolver } from '../../core/http/params.ts';
import { findPerson, type PersonRow } from './repo.ts';

declare module '../../core/http/env.ts' {
  interface ParamRows {
    /** The office's person named by :person (merged and anonymised rows included: their pages say so). */
    person: PersonRow;
  }
}

export const personParam = paramResolver({ name: 'person', load: (db, officeId, id) => findPerson(db, officeId, id) });
