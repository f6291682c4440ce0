import { and, count, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { proposalSupports } from '../proposals/proposals.table.js';

/** The primary key keeps one support per person: a second insert, even a concurrent one, adds nothing. */
export async function insertSupport(db: Database, proposalId: string, userId: string): Promise<boolean> {
  const rows = await db
    .insert(proposalSupports)
    .values({ proposalId, userId })
    .onConflictDoNothing()
    .returning({ userId: proposalSupports.userId });
  return rows.length > 0;
}

export async function deleteSupport(db: Database, proposalId: string, userId: string): Promise<void> {
  await db
    .delete(proposalSupports)
    .where(and(eq(proposalSupports.proposalId, proposalId), eq(proposalSupports.userId, userId)));
}

export async function countSupports(db: Database, proposalId: string): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(proposalSupports)
    .where(eq(proposalSupports.proposalId, proposalId));
  return rows[0]?.n ?? 0;
}
