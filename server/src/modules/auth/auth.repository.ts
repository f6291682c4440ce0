import { and, eq, gt, isNull, like, lte, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { users } from '../users/users.table.js';
import { passwordResetTokens, rateLimitCounters, sessions } from './auth.table.js';

export interface SessionWithUser {
  sessionId: string;
  userId: string;
  expiresAt: Date;
  revokedAt: Date | null;
  roles: string[];
  disabledAt: Date | null;
  deletedAt: Date | null;
  mustChangePassword: boolean;
  districtId: string | null;
  verificationMethod: string | null;
  censusHash: string | null;
}

function buildSessionQuery(db: Database) {
  return db
    .select({
      sessionId: sessions.id,
      userId: sessions.userId,
      expiresAt: sessions.expiresAt,
      revokedAt: sessions.revokedAt,
      roles: users.roles,
      disabledAt: users.disabledAt,
      deletedAt: users.deletedAt,
      mustChangePassword: users.mustChangePassword,
      districtId: users.districtId,
      verificationMethod: users.verificationMethod,
      censusHash: users.censusHash,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('sessionId')))
    .limit(1)
    .prepare('find_session_with_user');
}

const sessionQueries = new WeakMap<Database, ReturnType<typeof buildSessionQuery>>();

/**
 * The one query every authenticated request makes: built once per database and sent as a named
 * prepared statement, so neither drizzle nor PostgreSQL plans it again on every request.
 */
export async function findSessionWithUser(db: Database, sessionId: string): Promise<SessionWithUser | undefined> {
  let query = sessionQueries.get(db);
  if (query === undefined) {
    query = buildSessionQuery(db);
    sessionQueries.set(db, query);
  }
  const rows = await query.execute({ sessionId });
  return rows[0];
}

export async function insertSession(
  db: Database,
  userId: string,
  lifetimeMs: number,
): Promise<{ id: string; expiresAt: Date }> {
  const rows = await db
    .insert(sessions)
    .values({ userId, expiresAt: sql`now() + ${lifetimeMs} * interval '1 millisecond'` })
    .returning({ id: sessions.id, expiresAt: sessions.expiresAt });
  const row = rows[0];
  if (row === undefined) throw new Error('session insert returned no row');
  return row;
}

export async function revokeSession(db: Database, sessionId: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Ends every session of a user (disabling, password change, deletion), optionally sparing one. */
export async function revokeUserSessions(db: Database, userId: string, exceptSessionId?: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        exceptSessionId === undefined ? undefined : sql`${sessions.id} <> ${exceptSessionId}`,
      ),
    );
}

export async function deleteExpiredSessions(db: Database): Promise<void> {
  await db.delete(sessions).where(lte(sessions.expiresAt, sql`now() - interval '1 day'`));
}

export async function insertPasswordResetToken(
  db: Database,
  values: { tokenHash: string; userId: string; lifetimeMs: number },
): Promise<void> {
  await db.insert(passwordResetTokens).values({
    tokenHash: values.tokenHash,
    userId: values.userId,
    expiresAt: sql`now() + ${values.lifetimeMs} * interval '1 millisecond'`,
  });
}

/** Marks a valid token used and returns its user; a used or expired token returns undefined. */
export async function consumePasswordResetToken(db: Database, tokenHash: string): Promise<string | undefined> {
  const rows = await db
    .update(passwordResetTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(passwordResetTokens.tokenHash, tokenHash),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, sql`now()`),
      ),
    )
    .returning({ userId: passwordResetTokens.userId });
  return rows[0]?.userId;
}

export interface RateLimitHit {
  hits: number;
  ttlMs: number;
}

/** Counts one hit in a fixed window, atomically, whatever the number of server processes. */
export async function incrementRateLimit(db: Database, key: string, windowMs: number): Promise<RateLimitHit> {
  const rows = await db
    .insert(rateLimitCounters)
    .values({ key, hits: 1, expiresAt: sql`now() + ${windowMs} * interval '1 millisecond'` })
    .onConflictDoUpdate({
      target: rateLimitCounters.key,
      set: {
        hits: sql`CASE WHEN ${rateLimitCounters.expiresAt} <= now() THEN 1 ELSE ${rateLimitCounters.hits} + 1 END`,
        expiresAt: sql`CASE WHEN ${rateLimitCounters.expiresAt} <= now() THEN excluded.expires_at ELSE ${rateLimitCounters.expiresAt} END`,
      },
    })
    .returning({
      hits: rateLimitCounters.hits,
      ttlMs: sql<number>`greatest(0, ceil(extract(epoch FROM ${rateLimitCounters.expiresAt} - now()) * 1000))::int`,
    });
  const row = rows[0];
  if (row === undefined) throw new Error('rate limit upsert returned no row');
  return row;
}

export async function deleteExpiredRateLimits(db: Database): Promise<void> {
  await db.delete(rateLimitCounters).where(lte(rateLimitCounters.expiresAt, sql`now()`));
}

/** Forgets every counter of one rate-limit rule (its name starts the key), e.g. when purging. */
export async function deleteRateLimitsOf(db: Database, ruleName: string): Promise<number> {
  const removed = await db
    .delete(rateLimitCounters)
    .where(like(rateLimitCounters.key, `%${ruleName}:%`))
    .returning({ key: rateLimitCounters.key });
  return removed.length;
}
