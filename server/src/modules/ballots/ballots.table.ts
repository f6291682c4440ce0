import { sql } from 'drizzle-orm';
import { check, date, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { BallotChoice } from '@pb/shared';
import { districts } from '../city/city.table.js';
import { cycles } from '../cycles/cycles.table.js';
import { users } from '../users/users.table.js';

/**
 * *That* someone voted: one row per person, cycle and district. `voter_key` names the person by
 * the credential that admits them (census entry, voting code, or the account when the cycle asks
 * no verification), so an online, assisted and paper ballot of one person collide here.
 * `replace_tag` is SHA-256("participation:" + receipt code): without the code it joins nothing.
 */
export const participations = pgTable(
  'participations',
  {
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'restrict' }),
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id, { onDelete: 'restrict' }),
    voterKey: text('voter_key').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'restrict' }),
    channel: text('channel').notNull(),
    castOnDay: date('cast_on_day').notNull(),
    replaceTag: text('replace_tag'),
  },
  (table) => [
    primaryKey({ columns: [table.cycleId, table.districtId, table.voterKey] }),
    uniqueIndex('participations_one_per_user').on(table.cycleId, table.districtId, table.userId),
    check('participations_channel', sql`${table.channel} IN ('online', 'assisted', 'paper', 'imported')`),
    check(
      'participations_paper_is_final',
      sql`(${table.channel} IN ('paper', 'imported')) = (${table.replaceTag} IS NULL)`,
    ),
  ],
);

/**
 * *What* was voted. Random keys; no user, no channel, no time. Partitioned per cycle (custom
 * migration): entering tallying rewrites a cycle's ballots in random order into a fresh
 * partition and drops the old one, so neither physical order nor transaction ids link a ballot
 * to its participation afterwards.
 */
export const ballots = pgTable(
  'ballots',
  {
    id: uuid('id').notNull().defaultRandom(),
    // No foreign keys: creating and dropping a partition would then take locks on `cycles` that
    // deadlock with ballots being cast; the ballots guard trigger checks cycle and district.
    cycleId: uuid('cycle_id').notNull(),
    districtId: uuid('district_id').notNull(),
    /** SHA-256("ballot:" + receipt code); paper ballots have no receipt. */
    receiptHash: text('receipt_hash'),
    choices: jsonb('choices').$type<BallotChoice[]>().notNull(),
    status: text('status').notNull().default('counted'),
  },
  (table) => [
    primaryKey({ columns: [table.cycleId, table.id] }),
    index('ballots_receipt').on(table.cycleId, table.receiptHash),
    uniqueIndex('ballots_one_counted_per_receipt')
      .on(table.cycleId, table.receiptHash)
      .where(sql`${table.status} = 'counted'`),
    check('ballots_status', sql`${table.status} IN ('counted', 'replaced')`),
  ],
);
