import { inArray } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { proposals } from '../proposals/proposals.table.js';
import { comments } from './discussion.table.js';

export async function listCommentsByIds(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(comments).where(inArray(comments.id, ids));
}

export async function listProposalsByIds(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(proposals).where(inArray(proposals.id, ids));
}
