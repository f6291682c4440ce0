import {
  normalizeCode,
  type BallotChannel,
  type DistrictVotingStatus,
  type IneligibleReason,
  type VoterIdentifier,
} from '@pb/shared';
import type { Database } from '../../db/database.js';
import type { RequestAuth } from '../../plugins/app/access.js';
import { AppError } from '../../errors.js';
import { hashResidentNumber, normalizeResidentNumber } from '../verification/census-csv.js';
import { hashVotingCode } from '../verification/verification.codes.js';
import { BallotErrors } from './ballots.errors.js';
import {
  findCensusVoter,
  findCodeVoter,
  findUserVoter,
  listParticipations,
  type CycleDistrictInfo,
  type VotingCycleRow,
} from './ballots.repository.js';

/**
 * A person as the ballot box knows them. `key` is the credential that admits them: the census
 * entry (also when they come with a voting code issued for it), else a voting code issued
 * without a census entry, else (cycles without verification) the account. The same key from any
 * channel meets the same unique index, so nobody votes twice in one district.
 */
export interface Voter {
  key: string;
  userId: string | null;
  homeDistrictId: string | null;
  verified: boolean;
  birthYear: number | null;
}

export async function voterForUser(db: Database, userId: string): Promise<Voter> {
  const row = await findUserVoter(db, userId);
  if (row === undefined) throw new AppError(BallotErrors.notFound, 'No such account.');
  const key =
    row.censusHash !== null
      ? `census:${row.censusHash}`
      : row.codeHash !== null
        ? `code:${row.codeHash}`
        : `user:${row.userId}`;
  return { key, userId, homeDistrictId: row.districtId, verified: row.verified, birthYear: row.birthYear };
}

async function voterByCensus(db: Database, hmacKey: string, value: string): Promise<Voter | undefined> {
  const normalized = normalizeResidentNumber(value);
  if (normalized === undefined) return undefined;
  const residentHash = hashResidentNumber(hmacKey, normalized);
  const entry = await findCensusVoter(db, residentHash);
  if (entry === undefined) return undefined;
  return {
    key: `census:${residentHash}`,
    userId: null,
    homeDistrictId: entry.districtId,
    verified: true,
    birthYear: entry.birthYear,
  };
}

async function voterByCode(db: Database, value: string): Promise<Voter | undefined> {
  const canonical = normalizeCode(value);
  if (canonical === null) return undefined;
  const codeHash = hashVotingCode(canonical);
  const code = await findCodeVoter(db, codeHash);
  if (code === undefined) return undefined;
  const voter = { userId: null, homeDistrictId: code.districtId, verified: true, birthYear: code.birthYear };
  if (code.censusHash === null) return { ...voter, key: `code:${codeHash}` };
  // A letter stands for its census entry: without the entry on the list, it admits nobody.
  return code.onCensus ? { ...voter, key: `census:${code.censusHash}` } : undefined;
}

/**
 * The signed-in resident as a voter, from what the session query already read: no query for a
 * census-verified resident unless the cycle has a minimum age (the birth year is in the census).
 */
export async function voterFromAuth(db: Database, auth: RequestAuth, needBirthYear: boolean): Promise<Voter> {
  const { districtId, verificationMethod, censusHash } = auth.residency;
  if (censusHash !== null && !needBirthYear) {
    return {
      key: `census:${censusHash}`,
      userId: auth.userId,
      homeDistrictId: districtId,
      verified: verificationMethod !== null,
      birthYear: null,
    };
  }
  if (verificationMethod === null) {
    return { key: `user:${auth.userId}`, userId: auth.userId, homeDistrictId: null, verified: false, birthYear: null };
  }
  return voterForUser(db, auth.userId);
}

/** Staff identify a resident by census number or voting code (the code as printed on the letter). */
export async function voterForIdentifier(db: Database, hmacKey: string, identifier: VoterIdentifier): Promise<Voter> {
  const voter =
    identifier.kind === 'census'
      ? await voterByCensus(db, hmacKey, identifier.value)
      : await voterByCode(db, identifier.value);
  if (voter === undefined) throw new AppError(BallotErrors.unknownVoter);
  return voter;
}

/**
 * A paper sheet carries one field for either: a voting code has 80 random bits, so trying it as a
 * code first cannot mistake a census number for somebody's code.
 */
export async function voterForSheet(db: Database, hmacKey: string, value: string): Promise<Voter | undefined> {
  return (await voterByCode(db, value)) ?? (await voterByCensus(db, hmacKey, value));
}

const INELIGIBLE_ERRORS = {
  not_voting: BallotErrors.votingClosed,
  verification_required: BallotErrors.verificationRequired,
  other_district: BallotErrors.districtNotEligible,
  too_young: BallotErrors.tooYoung,
  age_unknown: BallotErrors.ageUnknown,
} as const satisfies Record<IneligibleReason, unknown>;

export function ineligibilityError(reason: IneligibleReason): AppError {
  return new AppError(INELIGIBLE_ERRORS[reason]);
}

/** Why `voter` may not vote in `district` of `cycle` through `channel`, or null. */
export function ineligibility(
  cycle: Pick<VotingCycleRow, 'phase' | 'paperEntryClosedAt' | 'requiresVerification' | 'minimumAge' | 'thisYear'>,
  district: CycleDistrictInfo,
  voter: Voter,
  channel: BallotChannel,
): IneligibleReason | null {
  const open =
    cycle.phase === 'voting' ||
    (channel === 'paper' && cycle.phase === 'tallying' && cycle.paperEntryClosedAt === null);
  if (!open) return 'not_voting';
  if (cycle.requiresVerification && !voter.verified) return 'verification_required';
  if (!district.cityWide && district.districtId !== voter.homeDistrictId) return 'other_district';
  // A minimum age of 0 asks nothing, not even a known birth year.
  if (cycle.minimumAge === null || cycle.minimumAge <= 0) return null;
  // The census holds birth years only: a resident counts as turning N on 1 January.
  if (voter.birthYear !== null) return cycle.thisYear - voter.birthYear < cycle.minimumAge ? 'too_young' : null;
  // A verified voter without a census birth year (a code issued without a census entry) could be
  // any age; an unverified account in a cycle without verification was never age-checked.
  return voter.verified ? 'age_unknown' : null;
}

export async function votingStatus(
  db: Database,
  cycle: VotingCycleRow,
  districts: readonly CycleDistrictInfo[],
  voter: Voter,
  channel: BallotChannel,
): Promise<DistrictVotingStatus[]> {
  const cast = new Map((await listParticipations(db, cycle.id, voter.key)).map((row) => [row.districtId, row]));
  return districts.map((district) => {
    const participation = cast.get(district.districtId);
    const reason = ineligibility(cycle, district, voter, channel);
    return {
      districtId: district.districtId,
      eligible: reason === null && participation === undefined,
      reason,
      voted: participation !== undefined,
      channel: participation?.channel ?? null,
      canReplace: participation?.replaceable === true && cycle.phase === 'voting',
    };
  });
}
