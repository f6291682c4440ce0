import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { districts } from '../city/city.table.js';
import { cycles } from '../cycles/cycles.table.js';
import { users } from '../users/users.table.js';

/** PROPOSAL_CATEGORIES of @pb/shared (drizzle-kit cannot load the package; a test keeps them equal). */
export const CATEGORY_CHECK = `('parks', 'streets', 'culture', 'sport', 'education', 'environment', 'welfare', 'safety', 'other')`;

/**
 * Proposals of a cycle. The ballot list is the ballot-eligible ones; once voting opens a trigger
 * keeps it (and each cost and district) fixed, except for a withdrawal.
 */
export const proposals = pgTable(
  'proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'restrict' }),
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id, { onDelete: 'restrict' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    description: text('description').notNull(),
    category: text('category').notNull(),
    location: text('location'),
    estimatedCost: bigint('estimated_cost', { mode: 'number' }).notNull(),
    /** Cost after staff review; the ballot and the tally use it. */
    cost: bigint('cost', { mode: 'number' }),
    status: text('status').notNull().default('submitted'),
    ballotEligible: boolean('ballot_eligible').notNull().default(false),
    /** Kept by the discussion module, for sorting by "most discussed" without counting per row. */
    commentCount: integer('comment_count').notNull().default(0),
    /** Moderation: hidden pending review after enough flags, or by a moderator, with a reason. */
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    hiddenReason: text('hidden_reason'),
    /** A merged proposal points to the one it was merged into. */
    mergedInto: uuid('merged_into').references((): AnyPgColumn => proposals.id, { onDelete: 'restrict' }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    /** The `project_id` of an imported pabulib file: ties are broken and exports keyed by it. */
    externalId: text('external_id'),
    withdrawalReason: text('withdrawal_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('proposals_cycle_district').on(table.cycleId, table.districtId),
    index('proposals_cycle_created').on(table.cycleId, table.createdAt),
    index('proposals_author').on(table.authorId, table.cycleId),
    uniqueIndex('proposals_external_id').on(table.cycleId, table.externalId),
    check('proposals_costs', sql`${table.estimatedCost} >= 0 AND (${table.cost} IS NULL OR ${table.cost} >= 0)`),
    check('proposals_category', sql.raw(`"category" IN ${CATEGORY_CHECK}`)),
    check('proposals_status', sql`${table.status} IN ('submitted', 'feasible', 'infeasible', 'merged', 'withdrawn')`),
    check('proposals_withdrawal', sql`(${table.withdrawnAt} IS NULL) = (${table.withdrawalReason} IS NULL)`),
    check('proposals_merge', sql`(${table.status} = 'merged') = (${table.mergedInto} IS NOT NULL)`),
    // A withdrawn proposal keeps its place on the ballot: ballots already cast stay as they are.
    check(
      'proposals_eligible',
      sql`NOT ${table.ballotEligible} OR (${table.status} IN ('feasible', 'withdrawn') AND ${table.cost} IS NOT NULL)`,
    ),
  ],
);

/** The public history of a proposal: every status, cost and eligibility change with its reason. */
export const proposalEvents = pgTable(
  'proposal_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    cost: bigint('cost', { mode: 'number' }),
    ballotEligible: boolean('ballot_eligible').notNull(),
    reason: text('reason'),
    actorId: uuid('actor_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('proposal_events_proposal').on(table.proposalId, table.at)],
);
