import { and, asc, eq, getTableColumns } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/database.js';
import { cycles } from '../cycles/cycles.table.js';
import { proposalImages, proposals } from './proposals.table.js';

export type ProposalImageRow = typeof proposalImages.$inferSelect;
/** Everything but the bytes: lists never read them. */
export type ProposalImageInfo = Omit<ProposalImageRow, 'content'>;

const { content: _content, ...INFO_COLUMNS } = getTableColumns(proposalImages);

export async function listImageInfos(db: Database, proposalId: string): Promise<ProposalImageInfo[]> {
  return db
    .select(INFO_COLUMNS)
    .from(proposalImages)
    .where(eq(proposalImages.proposalId, proposalId))
    .orderBy(asc(proposalImages.position));
}

/** One photo with its bytes and what decides who may see it. */
export async function findImageWithContent(
  db: Database,
  proposalId: string,
  imageId: string,
): Promise<(ProposalImageRow & { proposalHiddenAt: Date | null; cyclePhase: string }) | undefined> {
  const rows = await db
    .select({ image: proposalImages, proposalHiddenAt: proposals.hiddenAt, cyclePhase: cycles.phase })
    .from(proposalImages)
    .innerJoin(proposals, eq(proposals.id, proposalImages.proposalId))
    .innerJoin(cycles, eq(cycles.id, proposals.cycleId))
    .where(and(eq(proposalImages.id, imageId), eq(proposalImages.proposalId, proposalId)))
    .limit(1);
  const row = rows[0];
  return row === undefined
    ? undefined
    : { ...row.image, proposalHiddenAt: row.proposalHiddenAt, cyclePhase: row.cyclePhase };
}

export async function lockImageInfo(
  db: Database,
  proposalId: string,
  imageId: string,
): Promise<ProposalImageInfo | undefined> {
  const rows = await db
    .select(INFO_COLUMNS)
    .from(proposalImages)
    .where(and(eq(proposalImages.id, imageId), eq(proposalImages.proposalId, proposalId)))
    .limit(1)
    .for('update');
  return rows[0];
}

export async function insertImage(db: Database, values: typeof proposalImages.$inferInsert): Promise<string> {
  const rows = await db.insert(proposalImages).values(values).returning({ id: proposalImages.id });
  const row = rows[0];
  if (row === undefined) throw new Error('proposal image insert returned no row');
  return row.id;
}

export async function updateImage(
  db: Database,
  imageId: string,
  values: PgUpdateSetSource<typeof proposalImages>,
): Promise<void> {
  await db.update(proposalImages).set(values).where(eq(proposalImages.id, imageId));
}

export async function deleteImage(db: Database, imageId: string): Promise<void> {
  await db.delete(proposalImages).where(eq(proposalImages.id, imageId));
}

export async function usedPositions(db: Database, proposalId: string): Promise<number[]> {
  const rows = await db
    .select({ position: proposalImages.position })
    .from(proposalImages)
    .where(eq(proposalImages.proposalId, proposalId));
  return rows.map((row) => row.position);
}
