import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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

/** One-time voting codes, stored as SHA-256 of the canonical code (80 random bits each). */
export const votingCodes = pgTable(
  'voting_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => votingCodeBatches.id, { onDelete: 'cascade' }),
    redeemedBy: uuid('redeemed_by').references(() => users.id, { onDelete: 'restrict' }),
    redeemedAt: timestamp('redeemed_at', { withTimezone: true }),
  },
  (table) => [
    index('voting_codes_batch_id').on(table.batchId),
    index('voting_codes_redeemed_by').on(table.redeemedBy),
    check('voting_codes_redemption', sql`(${table.redeemedBy} IS NULL) = (${table.redeemedAt} IS NULL)`),
  ],
);
