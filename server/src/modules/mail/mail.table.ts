import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Mail that could not be sent because SMTP_URL is unset: staff read it and pass it on. */
export const mailOutbox = pgTable('mail_outbox', {
  id: uuid('id').primaryKey().defaultRandom(),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
