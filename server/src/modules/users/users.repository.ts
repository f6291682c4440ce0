import { and, arrayContains, asc, count, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/database.js';
import { users } from './users.table.js';

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
/** Column values or SQL expressions such as `now()`. */
export type UserUpdate = PgUpdateSetSource<typeof users>;

export async function insertUser(db: Database, values: NewUserRow): Promise<UserRow | undefined> {
  const rows = await db.insert(users).values(values).onConflictDoNothing().returning();
  return rows[0];
}

export async function findUserById(db: Database, userId: string): Promise<UserRow | undefined> {
  const rows = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return rows[0];
}

/** Case-insensitive, like the unique index; deleted accounts have no email and never match. */
export async function findUserByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  const rows = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1);
  return rows[0];
}

/** Locks the row for the rest of the transaction (verification, role changes). */
export async function lockUser(db: Database, userId: string): Promise<UserRow | undefined> {
  const rows = await db.select().from(users).where(eq(users.id, userId)).limit(1).for('update');
  return rows[0];
}

export async function updateUser(db: Database, userId: string, values: UserUpdate): Promise<UserRow | undefined> {
  const rows = await db.update(users).set(values).where(eq(users.id, userId)).returning();
  return rows[0];
}

export interface UserSearch {
  q: string | undefined;
  role: string | undefined;
  limit: number;
  offset: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export async function searchUsers(db: Database, search: UserSearch): Promise<{ rows: UserRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [isNull(users.deletedAt)];
  if (search.q !== undefined && search.q.trim() !== '') {
    const pattern = `%${escapeLike(search.q.trim())}%`;
    conditions.push(or(ilike(users.email, pattern), ilike(users.displayName, pattern)));
  }
  if (search.role !== undefined) conditions.push(arrayContains(users.roles, [search.role]));
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(users)
      .where(where)
      .orderBy(asc(users.createdAt), asc(users.id))
      .limit(search.limit)
      .offset(search.offset),
    db.select({ total: count() }).from(users).where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}
