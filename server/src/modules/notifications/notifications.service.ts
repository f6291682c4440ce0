import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { NotificationKind, NotificationList } from '@pb/shared';
import { queryRows, type Database } from '../../db/database.js';
import { proposals } from '../proposals/proposals.table.js';
import { notifications } from './notifications.table.js';

export interface NewNotification {
  userId: string;
  kind: string;
  proposalId?: string;
  details?: Record<string, unknown>;
}

export async function notify(db: Database, notification: NewNotification): Promise<void> {
  await db.insert(notifications).values({
    userId: notification.userId,
    kind: notification.kind,
    proposalId: notification.proposalId ?? null,
    details: notification.details ?? {},
  });
}

export type ProposalNewsKind = NotificationKind;

export interface ProposalNews {
  proposalId: string;
  kind: ProposalNewsKind;
  /** Never told of their own action. */
  actorId: string | null;
  details: Record<string, unknown>;
  /** Told even when not following (the author of a status change). */
  also?: readonly string[];
  /** Not told (someone already told in another way, such as the author of the comment replied to). */
  except?: readonly string[];
}

function uuidList(ids: readonly string[]) {
  return sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
}

/**
 * Tells the proposal's followers (and `also`) in one INSERT … SELECT, however many follow it, so
 * commenting stays fast. Returns who was told, for the mail that may follow.
 */
export async function notifyFollowers(db: Database, news: ProposalNews): Promise<string[]> {
  const also = (news.also ?? []).map((id) => sql` UNION SELECT ${id}::uuid`);
  const excluded = [...(news.except ?? []), ...(news.actorId === null ? [] : [news.actorId])];
  const rows = await queryRows<{ userId: string }>(
    db,
    sql`INSERT INTO notifications (user_id, proposal_id, kind, details)
        SELECT audience.user_id, ${news.proposalId}::uuid, ${news.kind}, ${JSON.stringify(news.details)}::jsonb
          FROM (SELECT user_id FROM proposal_follows WHERE proposal_id = ${news.proposalId}::uuid${sql.join(also)}) audience
          ${excluded.length === 0 ? sql`` : sql`WHERE audience.user_id NOT IN (${uuidList(excluded)})`}
        RETURNING user_id AS "userId"`,
  );
  return rows.map((row) => row.userId);
}

export async function listNotifications(db: Database, userId: string): Promise<NotificationList> {
  const [rows, unread] = await Promise.all([
    db
      .select({ notification: notifications, title: proposals.title, hiddenAt: proposals.hiddenAt })
      .from(notifications)
      .leftJoin(proposals, eq(proposals.id, notifications.proposalId))
      .where(eq(notifications.userId, userId))
      .orderBy(desc(notifications.createdAt))
      .limit(50),
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))),
  ]);
  return {
    items: rows.map(({ notification: row, title, hiddenAt }) => ({
      id: row.id,
      kind: row.kind,
      proposalId: row.proposalId,
      proposalTitle: title === null || hiddenAt !== null ? null : title,
      details: row.details,
      createdAt: row.createdAt.toISOString(),
      read: row.readAt !== null,
    })),
    unread: unread[0]?.n ?? 0,
  };
}

/** Marks the given notifications (all when `ids` is omitted) of this user as read. */
export async function markRead(db: Database, userId: string, ids: string[] | undefined): Promise<void> {
  if (ids?.length === 0) return;
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        ids === undefined ? undefined : inArray(notifications.id, ids),
      ),
    );
}
