import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { districts } from '../city/city.table.js';

/**
 * Accounts. Deleting an account erases the personal data (email, name, password) and keeps the
 * row as a tombstone, so participations and the audit log keep a valid reference and a deleted
 * resident's census entry cannot verify a second account in the same cycle.
 */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email'),
    passwordHash: text('password_hash'),
    displayName: text('display_name'),
    locale: text('locale').notNull().default('ja'),
    roles: text('roles')
      .array()
      .notNull()
      .default(sql`'{resident}'::text[]`),
    districtId: uuid('district_id').references(() => districts.id, { onDelete: 'restrict' }),
    verificationMethod: text('verification_method'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    /** HMAC of the resident number that verified this account: one census entry, one account. */
    censusHash: text('census_hash').unique(),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    /**
     * When the account last gained the staff role (a trigger keeps it; null without the role): an
     * account made staff after a move was requested cannot confirm that move.
     */
    staffSince: timestamp('staff_since', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('users_email_lower_unique').on(sql`lower(${table.email})`),
    index('users_roles_gin').using('gin', table.roles),
    check('users_locale', sql`${table.locale} IN ('ja', 'en')`),
    check(
      'users_roles_known',
      sql`${table.roles} <@ ARRAY['resident', 'moderator', 'staff', 'auditor', 'admin']::text[]`,
    ),
    check('users_verification_method', sql`${table.verificationMethod} IN ('census', 'code')`),
    check(
      'users_verification_complete',
      sql`(${table.verifiedAt} IS NULL) = (${table.districtId} IS NULL) AND (${table.verifiedAt} IS NULL) = (${table.verificationMethod} IS NULL)`,
    ),
    check(
      'users_personal_data_until_deleted',
      sql`${table.deletedAt} IS NOT NULL OR (${table.email} IS NOT NULL AND ${table.passwordHash} IS NOT NULL AND ${table.displayName} IS NOT NULL)`,
    ),
  ],
);
