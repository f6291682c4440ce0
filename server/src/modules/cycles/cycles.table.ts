import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AllocationRules, BallotRules } from '@pb/shared';
import { districts } from '../city/city.table.js';
import { users } from '../users/users.table.js';

const PHASE_CHECK = `('draft', 'submission', 'review', 'voting', 'tallying', 'published', 'closed')`;

/**
 * A budget cycle. Rules live in jsonb (validated by the API's schemas); a trigger (custom
 * migration) refuses any change to them, to the budgets and to the ballot list once voting opens.
 */
export const cycles = pgTable(
  'cycles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phase: text('phase').notNull().default('draft'),
    titleJa: text('title_ja').notNull(),
    titleEn: text('title_en').notNull(),
    descriptionJa: text('description_ja').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    ballotRules: jsonb('ballot_rules').$type<BallotRules>().notNull(),
    allocationRules: jsonb('allocation_rules').$type<AllocationRules>().notNull(),
    requiresVerification: boolean('requires_verification').notNull().default(true),
    minimumAge: smallint('minimum_age'),
    proposalQuota: integer('proposal_quota').notNull().default(3),
    commentPhases: text('comment_phases')
      .array()
      .notNull()
      .default(sql`'{submission,review}'::text[]`),
    flagThreshold: integer('flag_threshold').notNull().default(3),
    /** Whether verified residents can support proposals during submission. */
    supportsEnabled: boolean('supports_enabled').notNull().default(false),
    /** Supports a proposal needs before it goes to review; null: none needed. */
    supportThreshold: integer('support_threshold'),
    clonedFrom: uuid('cloned_from'),
    /** `imported`: created from a pabulib file, directly in `published`, with its ballots. */
    source: text('source').notNull().default('platform'),
    importedFileName: text('imported_file_name'),
    importedFileSha256: text('imported_file_sha256'),
    /** When the purge job removed what tied people to this closed cycle. */
    personalDataPurgedAt: timestamp('personal_data_purged_at', { withTimezone: true }),
    /** Paper ballots are entered during voting and tallying until staff close paper entry. */
    paperEntryClosedAt: timestamp('paper_entry_closed_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('cycles_phase', sql.raw(`"phase" IN ${PHASE_CHECK}`)),
    check(
      'cycles_ballot_method',
      sql`${table.ballotRules}->>'method' IN ('approval', 'knapsack', 'cumulative', 'ranked')`,
    ),
    check('cycles_allocation_rule', sql`${table.allocationRules}->>'rule' IN ('greedy', 'mes', 'phragmen')`),
    check('cycles_minimum_age', sql`${table.minimumAge} IS NULL OR ${table.minimumAge} BETWEEN 0 AND 120`),
    check('cycles_source', sql`${table.source} IN ('platform', 'imported')`),
    check('cycles_support_threshold', sql`${table.supportThreshold} IS NULL OR ${table.supportThreshold} > 0`),
    check('cycles_quota', sql`${table.proposalQuota} > 0 AND ${table.flagThreshold} > 0`),
  ],
);

/** The districts taking part in a cycle and their budgets (integers, smallest currency unit). */
export const cycleDistricts = pgTable(
  'cycle_districts',
  {
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id, { onDelete: 'restrict' }),
    budget: bigint('budget', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.cycleId, table.districtId] }),
    check('cycle_districts_budget', sql`${table.budget} >= 0`),
  ],
);

/** Public history of phase moves. */
export const cyclePhaseEvents = pgTable(
  'cycle_phase_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    fromPhase: text('from_phase'),
    toPhase: text('to_phase').notNull(),
    actorId: uuid('actor_id'),
    confirmedBy: uuid('confirmed_by'),
    scheduled: boolean('scheduled').notNull().default(false),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('cycle_phase_events_cycle').on(table.cycleId, table.at)],
);

/** A move that waits for a second staff member (opening voting, publishing); one per cycle. */
export const cyclePhaseRequests = pgTable(
  'cycle_phase_requests',
  {
    cycleId: uuid('cycle_id')
      .primaryKey()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    toPhase: text('to_phase').notNull(),
    requestedBy: uuid('requested_by').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
  },
  () => [check('cycle_phase_requests_phase', sql.raw(`"to_phase" IN ${PHASE_CHECK}`))],
);

/**
 * Phase moves planned for a date and time (entered in the city's time zone, stored as instants).
 * A job runs due entries; `done_at` is set in the same transaction as the move, so no entry runs
 * twice, whatever the number of server processes.
 */
export const cycleSchedule = pgTable(
  'cycle_schedule',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    toPhase: text('to_phase').notNull(),
    runAt: timestamp('run_at', { withTimezone: true }).notNull(),
    requestedBy: uuid('requested_by').notNull(),
    confirmedBy: uuid('confirmed_by'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    outcome: text('outcome'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('cycle_schedule_due')
      .on(table.runAt)
      .where(sql`${table.doneAt} IS NULL`),
    uniqueIndex('cycle_schedule_one_pending_per_phase')
      .on(table.cycleId, table.toPhase)
      .where(sql`${table.doneAt} IS NULL`),
    check('cycle_schedule_phase', sql.raw(`"to_phase" IN ${PHASE_CHECK}`)),
    check('cycle_schedule_done', sql`(${table.doneAt} IS NULL) = (${table.outcome} IS NULL)`),
  ],
);
