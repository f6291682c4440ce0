import { createHash, randomBytes } from 'node:crypto';
import {
  VOTING_CODE_BITS,
  codeLengthForBits,
  encodeBase32,
  groupCode,
  normalizeCode,
  type CreatedVotingCodes,
  type CurrentUser,
  type ResidentNumberProblem,
  type VotingCodeBatch,
} from '@pb/shared';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { hasPostgresCode, PG_UNIQUE_VIOLATION } from '../../db/postgres-errors.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { updateUser } from '../users/users.repository.js';
import { UserErrors } from '../users/users.errors.js';
import { toCurrentUser } from '../users/users.service.js';
import { hashResidentNumber, normalizeResidentNumber } from './census-csv.js';
import { VerificationErrors } from './verification.errors.js';
import {
  findCensusDistricts,
  insertVotingCodeBatch,
  isCensusHashTaken,
  listVotingCodeBatches,
  redeemVotingCode,
  revokeUnusedCodes,
  type CensusDistrictRow,
} from './verification.repository.js';
import { lockUnverifiedUser } from './verification.service.js';
import { assertVoterListOpen } from './voter-list.js';

export function hashVotingCode(canonical: string): string {
  return createHash('sha256').update(`voting-code:${canonical}`).digest('hex');
}

/** `count` distinct random voting codes, canonical (ungrouped). */
export function newVotingCodes(count: number): string[] {
  const byteLength = Math.ceil((codeLengthForBits(VOTING_CODE_BITS) * 5) / 8);
  const codes = new Set<string>();
  while (codes.size < count)
    codes.add(encodeBase32(randomBytes(byteLength)).slice(0, codeLengthForBits(VOTING_CODE_BITS)));
  return [...codes];
}

/**
 * A letter's code verifies the account as its census entry would: the account takes the entry's
 * hash, so the entry still verifies one account ever, and its ballots meet the census number's.
 */
export async function redeemCode(db: Database, userId: string, typed: string): Promise<CurrentUser> {
  const canonical = normalizeCode(typed);
  try {
    return await db.transaction(async (tx) => {
      await lockUnverifiedUser(tx, userId);
      const code = canonical === null ? undefined : await redeemVotingCode(tx, hashVotingCode(canonical), userId);
      // A resident taken off the census list is no voter any more, whatever letter they hold.
      if (!code?.onCensus) throw new AppError(VerificationErrors.codeInvalid);
      const { districtId, censusHash } = code;
      if (censusHash !== null && (await isCensusHashTaken(tx, censusHash))) {
        throw new AppError(VerificationErrors.censusEntryUsed);
      }
      const updated = await updateUser(tx, userId, {
        districtId,
        verificationMethod: 'code',
        verifiedAt: sql`now()`,
        ...(censusHash === null ? {} : { censusHash }),
      });
      await recordAudit(tx, {
        actorId: userId,
        action: 'verification.code',
        subjectId: userId,
        details: { districtId },
      });
      if (updated === undefined) throw new AppError(UserErrors.notFound);
      return toCurrentUser(updated);
    });
  } catch (error) {
    // Two accounts racing for one entry (by code and by census number): the unique index decides.
    if (hasPostgresCode(error, PG_UNIQUE_VIOLATION)) throw new AppError(VerificationErrors.censusEntryUsed);
    throw error;
  }
}

export type IssueOutcome = { created: CreatedVotingCodes } | { rejected: ResidentNumberProblem[] };

/** Every number that cannot take a letter, with why; empty when all can. */
function problemsOf(
  residentNumbers: readonly string[],
  hashes: readonly (string | undefined)[],
  entries: ReadonlyMap<string, CensusDistrictRow>,
): ResidentNumberProblem[] {
  const seen = new Set<string>();
  const problems: ResidentNumberProblem[] = [];
  residentNumbers.forEach((residentNumber, index) => {
    const hash = hashes[index];
    const entry = hash === undefined ? undefined : entries.get(hash);
    let problem: ResidentNumberProblem['problem'] | undefined;
    if (hash === undefined) problem = 'invalid';
    else if (seen.has(hash)) problem = 'duplicate';
    else if (entry === undefined) problem = 'not_on_census';
    else if (entry.retired) problem = 'district_retired';
    if (hash !== undefined) seen.add(hash);
    if (problem !== undefined) problems.push({ index, residentNumber, problem });
  });
  return problems;
}

/**
 * One letter per resident number: a code tied to the census entry, in a batch per district. A
 * resident's unused code is revoked, so a lost letter can be replaced and only the newest works.
 * Either every number takes a letter or nothing is issued.
 */
export async function issueVotingCodes(
  db: Database,
  hmacKey: string,
  actorId: string,
  residentNumbers: readonly string[],
): Promise<IssueOutcome> {
  const hashes = residentNumbers.map((number) => {
    const normalized = normalizeResidentNumber(number);
    return normalized === undefined ? undefined : hashResidentNumber(hmacKey, normalized);
  });
  return db.transaction(async (tx) => {
    await assertVoterListOpen(tx);
    const known = hashes.filter((hash) => hash !== undefined);
    const entries = new Map((await findCensusDistricts(tx, known)).map((row) => [row.residentHash, row]));
    const rejected = problemsOf(residentNumbers, hashes, entries);
    if (rejected.length > 0) return { rejected };
    const letters = known.map((hash) => {
      const entry = entries.get(hash);
      if (entry === undefined) throw new Error('census entry vanished within the transaction');
      return entry;
    });
    const replaced = new Set(await revokeUnusedCodes(tx, known));
    const canonical = newVotingCodes(letters.length);
    const byDistrict = new Map<string, number[]>();
    letters.forEach((letter, index) => {
      const indexes = byDistrict.get(letter.districtId);
      if (indexes === undefined) byDistrict.set(letter.districtId, [index]);
      else indexes.push(index);
    });
    const batches: VotingCodeBatch[] = [];
    for (const [districtId, indexes] of byDistrict) {
      const codes = indexes.map((index) => ({
        codeHash: hashVotingCode(canonical[index] ?? ''),
        censusHash: letters[index]?.residentHash ?? null,
      }));
      const batch = await insertVotingCodeBatch(tx, { districtId, issued: codes.length, createdBy: actorId }, codes);
      const audit = { actorId, subjectId: batch.id };
      await recordAudit(tx, {
        ...audit,
        action: 'verification.codes_issued',
        details: { districtId, count: codes.length },
      });
      const revoked = codes.filter((code) => code.censusHash !== null && replaced.has(code.censusHash)).length;
      if (revoked > 0) {
        await recordAudit(tx, {
          ...audit,
          action: 'verification.codes_revoked',
          details: { districtId, count: revoked },
        });
      }
      batches.push({
        id: batch.id,
        districtId,
        issued: codes.length,
        redeemed: 0,
        revoked: 0,
        createdAt: batch.createdAt.toISOString(),
      });
    }
    const codes = letters.map((letter, index) => ({
      residentNumber: residentNumbers[index] ?? '',
      districtId: letter.districtId,
      code: groupCode(canonical[index] ?? ''),
      replacesUnused: replaced.has(letter.residentHash),
    }));
    return { created: { batches, codes } };
  });
}

export async function listBatches(db: Database): Promise<VotingCodeBatch[]> {
  const rows = await listVotingCodeBatches(db);
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}
