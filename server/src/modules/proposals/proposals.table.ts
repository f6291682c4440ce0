import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
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
    /** A point chosen on the map (WGS 84), both or neither. */
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
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
    check(
      'proposals_point',
      sql`(${table.latitude} IS NULL) = (${table.longitude} IS NULL) AND (${table.latitude} IS NULL OR (${table.latitude} BETWEEN -90 AND 90 AND ${table.longitude} BETWEEN -180 AND 180))`,
    ),
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

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Photos of a proposal, already re-encoded (metadata stripped) before they reach this table.
 * Stored in PostgreSQL so every replica serves them; at most three per proposal (positions 1–3).
 */
export const proposalImages = pgTable(
  'proposal_images',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    position: smallint('position').notNull(),
    contentType: text('content_type').notNull(),
    content: bytea('content').notNull(),
    sha256: text('sha256').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    altText: text('alt_text').notNull(),
    /** The language the author wrote the alt text in. */
    altLocale: text('alt_locale').notNull(),
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    hiddenReason: text('hidden_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('proposal_images_position').on(table.proposalId, table.position),
    check('proposal_images_position_range', sql`${table.position} BETWEEN 1 AND 3`),
    check('proposal_images_type', sql`${table.contentType} IN ('image/jpeg', 'image/png', 'image/webp')`),
    check('proposal_images_locale', sql`${table.altLocale} IN ('ja', 'en')`),
    check('proposal_images_alt', sql`length(btrim(${table.altText})) > 0`),
  ],
);

/** Residents supporting a proposal during submission: one per resident and proposal. */
export const proposalSupports = pgTable(
  'proposal_supports',
  {
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.proposalId, table.userId] }),
    index('proposal_supports_user').on(table.userId),
  ],
);

/** People following a proposal, notified of its status changes and new comments. */
export const proposalFollows = pgTable(
  'proposal_follows',
  {
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.proposalId, table.userId] }),
    index('proposal_follows_user').on(table.userId),
  ],
);
