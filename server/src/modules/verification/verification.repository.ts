import { and, count, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../db/database.js';
import { districts } from '../city/city.table.js';
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

export interface NewVotingCode {
  codeHash: string;
  /** The census entry the letter is for; null only for codes issued before letters were tied to one. */
  censusHash: string | null;
}

export async function insertVotingCodeBatch(
  db: Database,
  values: { districtId: string; issued: number; createdBy: string },
  codes: NewVotingCode[],
) {
  const rows = await db.insert(votingCodeBatches).values(values).returning();
  const batch = rows[0];
  if (batch === undefined) throw new Error('batch insert returned no row');
  for (let start = 0; start < codes.length; start += 1000) {
    await db
      .insert(votingCodes)
      .values(codes.slice(start, start + 1000).map((code) => ({ ...code, batchId: batch.id })));
  }
  return batch;
}

export interface CensusDistrictRow {
  residentHash: string;
  districtId: string;
  retired: boolean;
}

/** The census entries among `residentHashes`, with their district; one statement for 5000. */
export async function findCensusDistricts(db: Database, residentHashes: string[]): Promise<CensusDistrictRow[]> {
  return queryRows<CensusDistrictRow>(
    db,
    sql`SELECT ce.resident_hash AS "residentHash", ce.district_id AS "districtId", d.retired_at IS NOT NULL AS retired
        FROM ${censusEntries} ce JOIN ${districts} d ON d.id = ce.district_id
        WHERE ce.resident_hash = ANY(${sql.param(residentHashes)}::text[])`,
  );
}

/** Revokes the unused codes of these census entries; returns the entries that had one. */
export async function revokeUnusedCodes(db: Database, censusHashes: string[]): Promise<string[]> {
  const rows = await queryRows<{ censusHash: string }>(
    db,
    sql`UPDATE ${votingCodes} SET revoked_at = now()
        WHERE census_hash = ANY(${sql.param(censusHashes)}::text[]) AND redeemed_by IS NULL AND revoked_at IS NULL
        RETURNING census_hash AS "censusHash"`,
  );
  return rows.map((row) => row.censusHash);
}

export interface RedeemedCode {
  districtId: string;
  censusHash: string | null;
  /** Whether the code's census entry is still on the list (always true for a code without one). */
  onCensus: boolean;
}

/** Claims an unused, unrevoked code for a user, atomically; undefined when there is none. */
export async function redeemVotingCode(
  db: Database,
  codeHash: string,
  userId: string,
): Promise<RedeemedCode | undefined> {
  const rows = await queryRows<RedeemedCode>(
    db,
    sql`WITH claimed AS (
          UPDATE ${votingCodes} SET redeemed_by = ${userId}, redeemed_at = now()
          WHERE code_hash = ${codeHash} AND redeemed_by IS NULL AND revoked_at IS NULL
          RETURNING batch_id, census_hash
        )
        SELECT coalesce(ce.district_id, b.district_id) AS "districtId", c.census_hash AS "censusHash",
          (c.census_hash IS NULL OR ce.resident_hash IS NOT NULL) AS "onCensus"
        FROM claimed c JOIN ${votingCodeBatches} b ON b.id = c.batch_id
        LEFT JOIN ${censusEntries} ce ON ce.resident_hash = c.census_hash`,
  );
  return rows[0];
}

export async function listVotingCodeBatches(db: Database) {
  return db
    .select({
      id: votingCodeBatches.id,
      districtId: votingCodeBatches.districtId,
      issued: votingCodeBatches.issued,
      createdAt: votingCodeBatches.createdAt,
      redeemed: sql<number>`(SELECT count(*) FROM ${votingCodes} WHERE ${votingCodes.batchId} = ${votingCodeBatches.id} AND ${votingCodes.redeemedBy} IS NOT NULL)::int`,
      revoked: sql<number>`(SELECT count(*) FROM ${votingCodes} WHERE ${votingCodes.batchId} = ${votingCodeBatches.id} AND ${votingCodes.revokedAt} IS NOT NULL)::int`,
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
