import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { districts } from '../city/city.table.js';
import { users } from '../users/users.table.js';

/** The current census list: only an HMAC of each resident number is kept. */
export const censusEntries = pgTable(
  'census_entries',
  {
    residentHash: text('resident_hash').primaryKey(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id, { onDelete: 'restrict' }),
    birthYear: smallint('birth_year').notNull(),
  },
  (table) => [
    index('census_entries_district_id').on(table.districtId),
    check('census_entries_birth_year', sql`${table.birthYear} BETWEEN 1900 AND 2100`),
  ],
);

export const censusUploads = pgTable('census_uploads', {
  id: uuid('id').primaryKey().defaultRandom(),
  uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  entries: integer('entries').notNull(),
});

export const votingCodeBatches = pgTable(
  'voting_code_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id, { onDelete: 'restrict' }),
    issued: integer('issued').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check('voting_code_batches_issued', sql`${table.issued} > 0`)],
);

/**
 * One-time voting codes, stored as SHA-256 of the canonical code (80 random bits each). A code is
 * a letter to one census entry (`census_hash`, no foreign key: the census is replaced whole and
 * the same resident keeps the same hash); codes issued before that carry none. A new letter for
 * the same resident revokes the unused one, so at most one unused code per entry works.
 */
export const votingCodes = pgTable(
  'voting_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => votingCodeBatches.id, { onDelete: 'cascade' }),
    censusHash: text('census_hash'),
    redeemedBy: uuid('redeemed_by').references(() => users.id, { onDelete: 'restrict' }),
    redeemedAt: timestamp('redeemed_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [
    index('voting_codes_batch_id').on(table.batchId),
    index('voting_codes_redeemed_by').on(table.redeemedBy),
    uniqueIndex('voting_codes_one_unused_per_census_entry')
      .on(table.censusHash)
      .where(sql`${table.redeemedBy} IS NULL AND ${table.revokedAt} IS NULL`),
    check('voting_codes_redemption', sql`(${table.redeemedBy} IS NULL) = (${table.redeemedAt} IS NULL)`),
    check('voting_codes_revoked_unused', sql`${table.revokedAt} IS NULL OR ${table.redeemedBy} IS NULL`),
  ],
);
