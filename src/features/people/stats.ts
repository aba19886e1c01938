/** The register's statistics: its dimensions and their suppressed tables (rules in core/suppress.ts). */

import { LAP_AREAS } from '../../core/domain.ts';
import {
  DEFAULT_THRESHOLD,
  cellsOf,
  suppress,
  suppressShared,
  type DimensionSpec,
  type RawCount,
  type Table,
} from '../../core/suppress.ts';
import { AGE_GROUPS, ETHNICITIES, GENDERS, SETTLEMENT_KINDS, STATUSES } from './schema.ts';

export interface PeopleStats {
  /** Partitions of the counted population (shared total) and the non-partition interests. */
  population: Record<string, Table>;
  /** Partitions of the people with special-category data (their own shared total). */
  sensitive: Record<string, Table>;
}

/** Suppressed tables for each group of dimensions (partitions of one group share their total). */
export function buildStats(
  raw: readonly RawCount[],
  groups: { population: readonly DimensionSpec[]; sensitive: readonly DimensionSpec[] },
  threshold: number = DEFAULT_THRESHOLD,
): PeopleStats {
  const group = (specs: readonly DimensionSpec[]) => {
    const partitions = Object.fromEntries(specs.filter((s) => s.partition).map((s) => [s.name, cellsOf(raw, s)]));
    const tables = suppressShared(partitions, threshold);
    for (const s of specs) if (!s.partition) tables[s.name] = suppress(cellsOf(raw, s), threshold, { partition: false });
    return tables;
  };
  return { population: group(groups.population), sensitive: group(groups.sensitive) };
}

/** The register's dimensions, in display order (see repo.ts countPeople). */
export const PEOPLE_DIMENSIONS: { population: readonly DimensionSpec[]; sensitive: readonly DimensionSpec[] } = {
  population: [
    { name: 'gender', codes: [...GENDERS, 'unknown'], partition: true },
    { name: 'age', codes: AGE_GROUPS, partition: true },
    { name: 'settlement_kind', codes: [...SETTLEMENT_KINDS, 'unknown'], partition: true },
    { name: 'status', codes: [...STATUSES, 'unknown'], partition: true },
    { name: 'interest', codes: LAP_AREAS, partition: false },
  ],
  sensitive: [
    { name: 'ethnicity', codes: [...ETHNICITIES, 'unknown'], partition: true },
    { name: 'disability', codes: ['yes', 'no', 'unknown'], partition: true },
  ],
};
