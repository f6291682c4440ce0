import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { proposals } from '../proposals/proposals.table.js';
import { users } from '../users/users.table.js';

/** Threaded comments; a deleted one keeps its row (and its place in the thread) without a body. */
export const comments = pgTable(
  'comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => comments.id, { onDelete: 'restrict' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    hiddenReason: text('hidden_reason'),
  },
  (table) => [
    index('comments_proposal').on(table.proposalId, table.createdAt),
    check('comments_body', sql`(${table.body} IS NULL) = (${table.deletedAt} IS NOT NULL)`),
  ],
);

/** One flag per person and target; moderators resolve them by hiding or restoring. */
export const flags = pgTable(
  'flags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    targetKind: text('target_kind').notNull(),
    targetId: uuid('target_id').notNull(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('flags_one_per_user').on(table.targetKind, table.targetId, table.userId),
    index('flags_open')
      .on(table.targetKind, table.targetId)
      .where(sql`${table.resolvedAt} IS NULL`),
    check('flags_kind', sql`${table.targetKind} IN ('proposal', 'comment')`),
  ],
);
