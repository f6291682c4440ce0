import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AllocationRules, DistrictReconciliation, ProjectExplanation } from '@pb/shared';
import { districts } from '../city/city.table.js';
import { cycles } from '../cycles/cycles.table.js';

/** What the count of one district produced, with the public ids (ballot numbers) of the projects. */
export interface StoredOutcome {
  /** Funded, in the order the rule funded them. */
  selected: string[];
  /** What greedy-by-votes would have funded, for comparison. */
  greedySelected: string[];
  explanations: ProjectExplanation[];
  tiesMet: number;
  /** Ballots against participations when counted; absent in counts stored before the check. */
  reconciliation?: DistrictReconciliation | null;
}

/**
 * One row per district once the count has run: the rule and options used, and the SHA-256 of
 * the canonical .pb export it was computed from, so anyone can recount and compare.
 */
export const cycleResults = pgTable(
  'cycle_results',
  {
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'restrict' }),
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id, { onDelete: 'restrict' }),
    ballotsSha256: text('ballots_sha256').notNull(),
    ballotCount: integer('ballot_count').notNull(),
    rules: jsonb('rules').$type<AllocationRules>().notNull(),
    outcome: jsonb('outcome').$type<StoredOutcome>().notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.cycleId, table.districtId] })],
);

/**
 * The participation figures of a cycle, kept when the purge job deletes its participations
 * (which tie people to the cycle). Raw counts: suppression is applied when they are shown.
 */
export const cycleStatistics = pgTable('cycle_statistics', {
  cycleId: uuid('cycle_id')
    .primaryKey()
    .references(() => cycles.id, { onDelete: 'restrict' }),
  statistics: jsonb('statistics').$type<Record<string, unknown>>().notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
});
