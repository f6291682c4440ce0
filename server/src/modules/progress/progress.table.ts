import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cycles } from '../cycles/cycles.table.js';
import { proposals } from '../proposals/proposals.table.js';
import { users } from '../users/users.table.js';

/** How far the city has got in building a funded project; one row per funded project. */
export const projectProgress = pgTable(
  'project_progress',
  {
    proposalId: uuid('proposal_id')
      .primaryKey()
      .references(() => proposals.id, { onDelete: 'restrict' }),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'restrict' }),
    status: text('status').notNull().default('planned'),
    percentComplete: smallint('percent_complete').notNull().default(0),
    noteJa: text('note_ja').notNull().default(''),
    noteEn: text('note_en').notNull().default(''),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('project_progress_cycle').on(table.cycleId),
    check('project_progress_status', sql`${table.status} IN ('planned', 'in_progress', 'done', 'cancelled')`),
    check('project_progress_percent', sql`${table.percentComplete} BETWEEN 0 AND 100`),
  ],
);

/** Dated steps of a funded project (tender, construction start, opening…), public. */
export const projectMilestones = pgTable(
  'project_milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => projectProgress.proposalId, { onDelete: 'cascade' }),
    onDate: date('on_date').notNull(),
    titleJa: text('title_ja').notNull(),
    titleEn: text('title_en').notNull(),
    noteJa: text('note_ja').notNull().default(''),
    noteEn: text('note_en').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('project_milestones_proposal').on(table.proposalId, table.onDate)],
);
