import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { NotificationList } from '@pb/shared';
import type { Database } from '../../db/database.js';
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

export async function listNotifications(db: Database, userId: string): Promise<NotificationList> {
  const [rows, unread] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, userId))
      .orderBy(desc(notifications.createdAt))
      .limit(50),
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))),
  ]);
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      proposalId: row.proposalId,
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
