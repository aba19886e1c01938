import type { ImportKind, KindName } from '../kind.ts';
import { associationsKind } from './associations.ts';
import { partnersKind } from './partners.ts';
import { peopleKind } from './people.ts';

/** Every register the import and export know, by name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const KINDS: Record<KindName, ImportKind<any, any>> = {
  associations: associationsKind,
  partners: partnersKind,
  people: peopleKind,
};
