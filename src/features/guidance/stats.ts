/**
 * Career-guidance statistics: sessions (confirmed bookings) in a period by topic, age group and
 * settlement, as aggregates with small cells suppressed by the register's own rules
 * (people/stats.ts): the three tables are partitions of the same sessions and share one total.
 */
import type { Queryable } from '../../core/db/db.ts';
import { AGE_GROUPS } from '../people/schema.ts';
import { DEFAULT_THRESHOLD, cellsOf, suppressShared, type Table } from '../../core/suppress.ts';
import { officeSettlements, rawSessionCounts, TOPICS, type StatsScope } from './repo.ts';

export interface GuidanceStats {
  threshold: number;
  topic: Table;
  age: Table;
  settlement: Table;
  /** Settlement ids → names ('unknown' for sessions without one). */
  settlementNames: Map<string, string>;
}

export async function guidanceStats(q: Queryable, scope: StatsScope, threshold: number = DEFAULT_THRESHOLD): Promise<GuidanceStats> {
  const raw = await rawSessionCounts(q, scope);
  const settlements = await officeSettlements(q, scope.officeId);
  const tables = suppressShared(
    {
      topic: cellsOf(raw, { name: 'topic', codes: TOPICS, partition: true }),
      age: cellsOf(raw, { name: 'age', codes: [...AGE_GROUPS, 'unknown'], partition: true }),
      settlement: cellsOf(raw, { name: 'settlement', codes: [...settlements.map((s) => s.id), 'unknown'], partition: true }),
    },
    threshold,
  );
  return {
    threshold,
    topic: tables.topic!,
    age: tables.age!,
    settlement: tables.settlement!,
    settlementNames: new Map(settlements.map((s) => [s.id, s.name])),
  };
}
