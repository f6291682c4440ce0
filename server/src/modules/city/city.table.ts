import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The one city this installation serves; a CHECK keeps it to a single row. */
export const city = pgTable(
  'city',
  {
    id: smallint('id').primaryKey().default(1),
    nameJa: text('name_ja').notNull(),
    nameEn: text('name_en').notNull(),
    timeZone: text('time_zone').notNull().default('Asia/Tokyo'),
    currency: text('currency').notNull().default('JPY'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('city_single_row', sql`${table.id} = 1`),
    check('city_currency_iso4217', sql`${table.currency} ~ '^[A-Z]{3}$'`),
  ],
);

export const districts = pgTable(
  'districts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    nameJa: text('name_ja').notNull(),
    nameEn: text('name_en').notNull(),
    cityWide: boolean('city_wide').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check('districts_slug_format', sql`${table.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)],
);
