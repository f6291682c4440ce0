import type { Readable } from 'node:stream';
import {
  CENSUS_MAX_BYTES,
  type CensusReport,
  type CensusVerifyBody,
  type CurrentUser,
  type VerificationSummary,
} from '@pb/shared';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { hasPostgresCode, PG_UNIQUE_VIOLATION } from '../../db/postgres-errors.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { listDistricts } from '../city/city.repository.js';
import { lockUser, updateUser } from '../users/users.repository.js';
import { toCurrentUser } from '../users/users.service.js';
import { UserErrors } from '../users/users.errors.js';
import { hashResidentNumber, normalizeResidentNumber, parseCensusCsv } from './census-csv.js';
import { assertVoterListOpen } from './voter-list.js';
import { VerificationErrors } from './verification.errors.js';
import {
  censusTotals,
  countVerificationByDistrict,
  deleteCensusEntries,
  findCensusEntry,
  insertCensusEntries,
  insertCensusUpload,
  isCensusHashTaken,
} from './verification.repository.js';

class RollbackSignal extends Error {}

export async function lockUnverifiedUser(db: Database, userId: string) {
  const user = await lockUser(db, userId);
  if (user?.deletedAt !== null) throw new AppError(UserErrors.notFound);
  if (user.verifiedAt !== null) throw new AppError(VerificationErrors.alreadyVerified);
  return user;
}

/** Binds the account to the census entry's district; one entry verifies one account, ever. */
export async function verifyWithCensus(
  db: Database,
  hmacKey: string,
  userId: string,
  body: CensusVerifyBody,
): Promise<CurrentUser> {
  const normalized = normalizeResidentNumber(body.residentNumber);
  try {
    return await db.transaction(async (tx) => {
      await lockUnverifiedUser(tx, userId);
      const residentHash = normalized === undefined ? undefined : hashResidentNumber(hmacKey, normalized);
      const entry = residentHash === undefined ? undefined : await findCensusEntry(tx, residentHash);
      // One answer for "no such number" and "wrong birth year": the form is no census oracle.
      if (entry?.birthYear !== body.birthYear) throw new AppError(VerificationErrors.censusNoMatch);
      if (await isCensusHashTaken(tx, entry.residentHash)) throw new AppError(VerificationErrors.censusEntryUsed);
      const updated = await updateUser(tx, userId, {
        districtId: entry.districtId,
        verificationMethod: 'census',
        verifiedAt: sql`now()`,
        censusHash: entry.residentHash,
      });
      await recordAudit(tx, {
        actorId: userId,
        action: 'verification.census',
        subjectId: userId,
        details: { districtId: entry.districtId },
      });
      if (updated === undefined) throw new AppError(UserErrors.notFound);
      return toCurrentUser(updated);
    });
  } catch (error) {
    // Two accounts racing for one entry: the unique index on users.census_hash lets one win.
    if (hasPostgresCode(error, PG_UNIQUE_VIOLATION)) throw new AppError(VerificationErrors.censusEntryUsed);
    throw error;
  }
}

export interface CensusUploadInput {
  hmacKey: string;
  actorId: string;
  dryRun: boolean;
  body: Readable;
}

/**
 * Replaces the census list in one transaction while the file streams in; any invalid line (or a
 * dry run) rolls everything back, so the previous list stays until a clean file arrives.
 */
export async function uploadCensus(db: Database, input: CensusUploadInput): Promise<CensusReport> {
  const districts = await listDistricts(db);
  const districtsBySlug = new Map(districts.filter((row) => row.retiredAt === null).map((row) => [row.slug, row.id]));
  const byDistrict = new Map<string, number>();
  let report: CensusReport | undefined;
  try {
    await db.transaction(async (tx) => {
      if (!input.dryRun) {
        await assertVoterListOpen(tx);
        await deleteCensusEntries(tx);
      }
      const parsed = await parseCensusCsv(input.body, {
        hmacKey: input.hmacKey,
        districtsBySlug,
        maxBytes: CENSUS_MAX_BYTES,
        currentYear: new Date().getFullYear(),
        async onBatch(rows) {
          for (const row of rows) byDistrict.set(row.districtId, (byDistrict.get(row.districtId) ?? 0) + 1);
          if (!input.dryRun) await insertCensusEntries(tx, rows);
        },
      });
      const applied = !input.dryRun && parsed.rejected === 0 && parsed.rows > 0;
      report = {
        applied,
        dryRun: input.dryRun,
        rows: parsed.rows,
        accepted: parsed.accepted,
        rejected: parsed.rejected,
        errors: parsed.errors,
        byDistrict: [...byDistrict].map(([districtId, entries]) => ({ districtId, entries })),
      };
      if (!applied) throw new RollbackSignal();
      await insertCensusUpload(tx, input.actorId, parsed.accepted);
      await recordAudit(tx, {
        actorId: input.actorId,
        action: 'verification.census_uploaded',
        details: { entries: parsed.accepted },
      });
    });
  } catch (error) {
    if (!(error instanceof RollbackSignal)) throw error;
  }
  if (report === undefined) throw new Error('census upload ended without a report');
  return report;
}

export async function purgeCensus(db: Database, actorId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await assertVoterListOpen(tx);
    const entries = await deleteCensusEntries(tx);
    await recordAudit(tx, { actorId, action: 'verification.census_purged', details: { entries } });
  });
}

export async function verificationSummary(db: Database): Promise<VerificationSummary> {
  const [districts, counts, totals] = await Promise.all([
    listDistricts(db),
    countVerificationByDistrict(db),
    censusTotals(db),
  ]);
  const lookup = (rows: { districtId: string | null; n: number }[], districtId: string) =>
    rows.find((row) => row.districtId === districtId)?.n ?? 0;
  return {
    census: { entries: totals.entries, used: totals.used, uploadedAt: totals.uploadedAt?.toISOString() ?? null },
    byDistrict: districts.map((district) => ({
      districtId: district.id,
      censusEntries: lookup(counts.census, district.id),
      codesIssued: lookup(counts.issued, district.id),
      codesRedeemed: lookup(counts.redeemed, district.id),
      verifiedResidents: lookup(counts.verified, district.id),
    })),
  };
}
