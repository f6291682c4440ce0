import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { proposalFollows } from '../proposals/proposals.table.js';

export async function followProposal(db: Database, proposalId: string, userId: string): Promise<void> {
  await db.insert(proposalFollows).values({ proposalId, userId }).onConflictDoNothing();
}

export async function unfollowProposal(db: Database, proposalId: string, userId: string): Promise<void> {
  await db
    .delete(proposalFollows)
    .where(and(eq(proposalFollows.proposalId, proposalId), eq(proposalFollows.userId, userId)));
}
