import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/database.js';
import { proposals } from '../proposals/proposals.table.js';
import { users } from '../users/users.table.js';
import { comments, flags } from './discussion.table.js';

export type CommentRow = typeof comments.$inferSelect;
export type CommentWithAuthor = CommentRow & { authorName: string | null };

export async function listComments(db: Database, proposalId: string): Promise<CommentWithAuthor[]> {
  const rows = await db
    .select({ comment: comments, authorName: users.displayName })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(eq(comments.proposalId, proposalId))
    .orderBy(asc(comments.createdAt), asc(comments.id));
  return rows.map((row) => ({ ...row.comment, authorName: row.authorName }));
}

export async function findComment(db: Database, commentId: string): Promise<CommentWithAuthor | undefined> {
  const rows = await db
    .select({ comment: comments, authorName: users.displayName })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(eq(comments.id, commentId))
    .limit(1);
  const row = rows[0];
  return row === undefined ? undefined : { ...row.comment, authorName: row.authorName };
}

export async function lockComment(db: Database, commentId: string): Promise<CommentRow | undefined> {
  const rows = await db.select().from(comments).where(eq(comments.id, commentId)).limit(1).for('update');
  return rows[0];
}

export async function insertComment(db: Database, values: typeof comments.$inferInsert): Promise<CommentRow> {
  const rows = await db.insert(comments).values(values).returning();
  const row = rows[0];
  if (row === undefined) throw new Error('comment insert returned no row');
  return row;
}

export async function updateComment(
  db: Database,
  commentId: string,
  values: PgUpdateSetSource<typeof comments>,
): Promise<void> {
  await db.update(comments).set(values).where(eq(comments.id, commentId));
}

/** Keeps proposals.comment_count (visible comments) in step, for "most discussed". */
export async function adjustCommentCount(db: Database, proposalId: string, delta: number): Promise<void> {
  await db
    .update(proposals)
    .set({ commentCount: sql`greatest(0, ${proposals.commentCount} + ${delta})` })
    .where(eq(proposals.id, proposalId));
}

/** Inserts a flag unless this user already flagged the target; returns the open flag count or undefined. */
export async function addFlag(
  db: Database,
  values: { targetKind: 'proposal' | 'comment'; targetId: string; proposalId: string; userId: string; reason: string },
): Promise<number | undefined> {
  const inserted = await db.insert(flags).values(values).onConflictDoNothing().returning({ id: flags.id });
  if (inserted.length === 0) return undefined;
  const rows = await db
    .select({ n: count() })
    .from(flags)
    .where(and(eq(flags.targetKind, values.targetKind), eq(flags.targetId, values.targetId), isNull(flags.resolvedAt)));
  return rows[0]?.n ?? 0;
}

export async function resolveFlags(db: Database, targetKind: string, targetId: string): Promise<void> {
  await db
    .update(flags)
    .set({ resolvedAt: sql`now()` })
    .where(and(eq(flags.targetKind, targetKind), eq(flags.targetId, targetId), isNull(flags.resolvedAt)));
}

export interface OpenFlagGroup {
  targetKind: string;
  targetId: string;
  proposalId: string;
  flags: number;
  reasons: string[];
  firstFlaggedAt: Date;
}

/** Open flags grouped by target, oldest first: one query. */
export async function openFlagGroups(db: Database): Promise<OpenFlagGroup[]> {
  const rows = await db
    .select({
      targetKind: flags.targetKind,
      targetId: flags.targetId,
      proposalId: flags.proposalId,
      flags: count(),
      reasons: sql<string[]>`array_agg(${flags.reason} ORDER BY ${flags.createdAt})`,
      firstFlaggedAt: sql<Date>`min(${flags.createdAt})`.mapWith((value: string | Date) => new Date(value)),
    })
    .from(flags)
    .where(isNull(flags.resolvedAt))
    .groupBy(flags.targetKind, flags.targetId, flags.proposalId)
    .orderBy(sql`min(${flags.createdAt})`);
  return rows;
}
