import { and, count, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { users } from '../users/users.table.js';
import { censusEntries, censusUploads, votingCodeBatches, votingCodes } from './verification.table.js';
import type { CensusRow } from './census-csv.js';

export async function findCensusEntry(db: Database, residentHash: string) {
  const rows = await db.select().from(censusEntries).where(eq(censusEntries.residentHash, residentHash)).limit(1);
  return rows[0];
}

export async function isCensusHashTaken(db: Database, residentHash: string): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.censusHash, residentHash)).limit(1);
  return rows.length > 0;
}

export async function deleteCensusEntries(db: Database): Promise<number> {
  const deleted = await db.delete(censusEntries).returning({ hash: censusEntries.residentHash });
  return deleted.length;
}

/** Three array parameters instead of three per row: a thousand rows cost one small statement. */
export async function insertCensusEntries(db: Database, rows: CensusRow[]): Promise<void> {
  await db.execute(sql`
    INSERT INTO ${censusEntries} (resident_hash, district_id, birth_year)
    SELECT * FROM unnest(
      ${sql.param(rows.map((row) => row.residentHash))}::text[],
      ${sql.param(rows.map((row) => row.districtId))}::uuid[],
      ${sql.param(rows.map((row) => row.birthYear))}::smallint[]
    )`);
}

export async function insertCensusUpload(db: Database, uploadedBy: string, entries: number): Promise<void> {
  await db.insert(censusUploads).values({ uploadedBy, entries });
}

export async function insertVotingCodeBatch(
  db: Database,
  values: { districtId: string; issued: number; createdBy: string },
  codeHashes: string[],
) {
  const rows = await db.insert(votingCodeBatches).values(values).returning();
  const batch = rows[0];
  if (batch === undefined) throw new Error('batch insert returned no row');
  for (let start = 0; start < codeHashes.length; start += 1000) {
    await db
      .insert(votingCodes)
      .values(codeHashes.slice(start, start + 1000).map((codeHash) => ({ codeHash, batchId: batch.id })));
  }
  return batch;
}

/** Claims an unused code for a user, atomically; returns the code's district or undefined. */
export async function redeemVotingCode(db: Database, codeHash: string, userId: string): Promise<string | undefined> {
  const rows = await db
    .update(votingCodes)
    .set({ redeemedBy: userId, redeemedAt: sql`now()` })
    .where(and(eq(votingCodes.codeHash, codeHash), isNull(votingCodes.redeemedBy)))
    .returning({ batchId: votingCodes.batchId });
  const batchId = rows[0]?.batchId;
  if (batchId === undefined) return undefined;
  const batches = await db
    .select({ districtId: votingCodeBatches.districtId })
    .from(votingCodeBatches)
    .where(eq(votingCodeBatches.id, batchId));
  return batches[0]?.districtId;
}

export async function listVotingCodeBatches(db: Database) {
  return db
    .select({
      id: votingCodeBatches.id,
      districtId: votingCodeBatches.districtId,
      issued: votingCodeBatches.issued,
      createdAt: votingCodeBatches.createdAt,
      redeemed: sql<number>`(SELECT count(*) FROM ${votingCodes} WHERE ${votingCodes.batchId} = ${votingCodeBatches.id} AND ${votingCodes.redeemedBy} IS NOT NULL)::int`,
    })
    .from(votingCodeBatches)
    .orderBy(desc(votingCodeBatches.createdAt));
}

/** Counts per district in four grouped queries, whatever the number of districts. */
export async function countVerificationByDistrict(db: Database) {
  const [census, issued, redeemed, verified] = await Promise.all([
    db
      .select({ districtId: censusEntries.districtId, n: count() })
      .from(censusEntries)
      .groupBy(censusEntries.districtId),
    db
      .select({ districtId: votingCodeBatches.districtId, n: sql<number>`sum(${votingCodeBatches.issued})::int` })
      .from(votingCodeBatches)
      .groupBy(votingCodeBatches.districtId),
    db
      .select({ districtId: votingCodeBatches.districtId, n: count() })
      .from(votingCodes)
      .innerJoin(votingCodeBatches, eq(votingCodeBatches.id, votingCodes.batchId))
      .where(isNotNull(votingCodes.redeemedBy))
      .groupBy(votingCodeBatches.districtId),
    db
      .select({ districtId: users.districtId, n: count() })
      .from(users)
      .where(and(isNotNull(users.verifiedAt), isNull(users.deletedAt)))
      .groupBy(users.districtId),
  ]);
  return { census, issued, redeemed, verified };
}

export async function censusTotals(db: Database) {
  const [entries, used, lastUpload] = await Promise.all([
    db.select({ n: count() }).from(censusEntries),
    db.select({ n: count() }).from(censusEntries).innerJoin(users, eq(users.censusHash, censusEntries.residentHash)),
    db.select({ at: censusUploads.uploadedAt }).from(censusUploads).orderBy(desc(censusUploads.uploadedAt)).limit(1),
  ]);
  return { entries: entries[0]?.n ?? 0, used: used[0]?.n ?? 0, uploadedAt: lastUpload[0]?.at ?? null };
}
