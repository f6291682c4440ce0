import {
  canonicalChoices,
  describeBallotProblem,
  isFrozen,
  validateBallot,
  type BallotChannel,
  type BallotChoice,
  type BallotReceipt,
  type BallotRules,
  type BallotSheet,
  type MyVotingStatus,
  type Phase,
  type ReceiptLookup,
} from '@pb/shared';
import type { Database } from '../../db/database.js';
import type { RequestAuth } from '../../plugins/app/access.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { BallotErrors } from './ballots.errors.js';
import { findCycleDistrict, frozenBallotList, frozenCycle, yearIn } from './ballots.context.js';
import { hashesOfTyped, newReceipt, shuffleForVoter } from './ballots.receipts.js';
import {
  findBallotsByReceipt,
  findVotingCycle,
  insertBallot,
  insertCast,
  listBallotProjects,
  listVotingDistricts,
  lockReplaceableParticipation,
  markBallotReplaced,
  updateReplaceTag,
  type BallotProjectRow,
  type CycleDistrictInfo,
  type VotingCycleRow,
} from './ballots.repository.js';
import {
  ineligibility,
  ineligibilityError,
  voterForUser,
  voterFromAuth,
  votingStatus,
  type Voter,
} from './ballots.voters.js';

export async function loadCycle(db: Database, cycleId: string, share = false): Promise<VotingCycleRow> {
  const cycle = await findVotingCycle(db, cycleId, share);
  if (cycle === undefined || cycle.phase === 'draft') throw new AppError(BallotErrors.notFound);
  return cycle;
}

export async function loadDistrict(db: Database, cycleId: string, districtId: string): Promise<CycleDistrictInfo> {
  return findCycleDistrict(await listVotingDistricts(db, cycleId), districtId);
}

export function validChoices(
  rules: BallotRules,
  budget: number,
  projects: readonly BallotProjectRow[],
  choices: readonly BallotChoice[],
): BallotChoice[] {
  const validation = validateBallot(choices, { rules, budget, projects });
  if (!validation.valid) {
    throw new AppError(
      BallotErrors.invalid,
      validation.problems.map((problem) => describeBallotProblem(problem)).join(' '),
    );
  }
  return canonicalChoices(rules.method, choices);
}

/** Validates against the frozen rules and returns the ballot in its stored form. */
export async function checkedChoices(
  db: Database,
  cycleId: string,
  rules: BallotRules,
  district: CycleDistrictInfo,
  choices: readonly BallotChoice[],
): Promise<BallotChoice[]> {
  return validChoices(rules, district.budget, await listBallotProjects(db, cycleId, district.districtId), choices);
}

/** The casting statement refused the ballot: someone voted already, or a project was just withdrawn. */
function refusedCast(outcome: { cast: boolean; withdrawn: string[] }): AppError | undefined {
  if (outcome.withdrawn.length > 0) {
    const problems = outcome.withdrawn.map((proposalId) =>
      describeBallotProblem({ code: 'withdrawn_project', proposalId }),
    );
    return new AppError(BallotErrors.invalid, problems.join(' '));
  }
  return outcome.cast ? undefined : new AppError(BallotErrors.alreadyVoted);
}

export interface CastInput {
  cycleId: string;
  districtId: string;
  choices: readonly BallotChoice[];
  voter: Voter;
  channel: 'online' | 'assisted';
  /** Staff who entered an assisted ballot (audited, without the choices). */
  enteredBy?: string;
}

/** The district, if `voter` may vote there through `channel` now; the reason why not as an error. */
export async function eligibleDistrict(
  tx: Database,
  cycle: VotingCycleRow,
  districtId: string,
  voter: Voter,
  channel: BallotChannel,
): Promise<CycleDistrictInfo> {
  const district = findCycleDistrict(await listVotingDistricts(tx, cycle.id), districtId);
  const reason = ineligibility(cycle, district, voter, channel);
  if (reason === 'not_voting' && channel === 'paper') throw new AppError(BallotErrors.paperEntryClosed);
  if (reason !== null) throw ineligibilityError(reason);
  return district;
}

/** A ballot with its receipt, inside the caller's transaction, which holds the cycle FOR SHARE. */
async function writeBallot(
  tx: Database,
  cycle: VotingCycleRow,
  input: Omit<CastInput, 'cycleId' | 'enteredBy'>,
): Promise<BallotReceipt> {
  const district = await eligibleDistrict(tx, cycle, input.districtId, input.voter, input.channel);
  const rules = cycle.ballotRules as BallotRules;
  const choices = await checkedChoices(tx, cycle.id, rules, district, input.choices);
  const receipt = newReceipt();
  const outcome = await insertCast(tx, {
    cycleId: cycle.id,
    districtId: district.districtId,
    voterKey: input.voter.key,
    userId: input.voter.userId,
    channel: input.channel,
    replaceTag: receipt.replaceTag,
    receiptHash: receipt.ballotHash,
    choices,
  });
  const refusal = refusedCast(outcome);
  if (refusal !== undefined) throw refusal;
  return { receipt: receipt.code, cycleId: cycle.id, districtId: district.districtId, channel: input.channel };
}

/**
 * A resident's own ballot: the hot path at the close of a vote, so it reads the frozen rules from
 * memory, the ballot list (withdrawals can still happen) and writes both rows in one statement,
 * whose triggers check the phase.
 */
export async function castOnline(
  db: Database,
  auth: RequestAuth,
  cycleId: string,
  districtId: string,
  choices: readonly BallotChoice[],
): Promise<BallotReceipt> {
  const cycle = await frozenCycle(db, cycleId);
  const district = findCycleDistrict(cycle.districts, districtId);
  const voter = await voterFromAuth(db, auth, cycle.minimumAge !== null);
  const reason = ineligibility(
    { ...cycle, phase: 'voting', paperEntryClosedAt: null, thisYear: yearIn(cycle.timeZone) },
    district,
    voter,
    'online',
  );
  if (reason !== null) throw ineligibilityError(reason);
  const projects = await frozenBallotList(db, cycle, districtId);
  const stored = validChoices(cycle.rules, district.budget, projects, choices);
  const receipt = newReceipt();
  const outcome = await insertCast(db, {
    cycleId,
    districtId,
    voterKey: voter.key,
    userId: voter.userId,
    channel: 'online',
    replaceTag: receipt.replaceTag,
    receiptHash: receipt.ballotHash,
    choices: stored,
  });
  const refusal = refusedCast(outcome);
  if (refusal !== undefined) throw refusal;
  return { receipt: receipt.code, cycleId, districtId, channel: 'online' };
}

export async function castBallot(db: Database, input: CastInput): Promise<BallotReceipt> {
  return db.transaction(async (tx) => {
    const cycle = await loadCycle(tx, input.cycleId, true);
    const receipt = await writeBallot(tx, cycle, input);
    if (input.enteredBy !== undefined) {
      await recordAudit(tx, {
        actorId: input.enteredBy,
        action: 'ballot.assisted_cast',
        subjectId: cycle.id,
        details: { districtId: input.districtId },
      });
    }
    return receipt;
  });
}

/**
 * The signed-in resident whose participation holds the receipt's tag replaces that ballot: the old
 * one stays, marked replaced; the new one gets a new receipt code, which the tag then follows.
 */
export async function replaceBallot(
  db: Database,
  userId: string,
  cycleId: string,
  typedReceipt: string,
  choices: readonly BallotChoice[],
): Promise<BallotReceipt> {
  const hashes = hashesOfTyped(typedReceipt);
  if (hashes === undefined) throw new AppError(BallotErrors.receiptNotFound);
  const voter = await voterForUser(db, userId);
  return db.transaction(async (tx) => {
    const cycle = await loadCycle(tx, cycleId, true);
    if (cycle.phase !== 'voting') throw new AppError(BallotErrors.votingClosed);
    const participation = await lockReplaceableParticipation(tx, cycleId, voter.key, hashes.replaceTag);
    if (participation === undefined) throw new AppError(BallotErrors.receiptNotFound);
    const district = await loadDistrict(tx, cycleId, participation.districtId);
    const stored = await checkedChoices(tx, cycleId, cycle.ballotRules as BallotRules, district, choices);
    if (!(await markBallotReplaced(tx, cycleId, hashes.ballotHash))) throw new AppError(BallotErrors.receiptNotFound);
    const receipt = newReceipt();
    await updateReplaceTag(tx, { cycleId, districtId: district.districtId, voterKey: voter.key }, receipt.replaceTag);
    await insertBallot(tx, {
      cycleId,
      districtId: district.districtId,
      receiptHash: receipt.ballotHash,
      choices: stored,
    });
    return { receipt: receipt.code, cycleId, districtId: district.districtId, channel: 'online' };
  });
}

const PUBLISHED: readonly Phase[] = ['published', 'closed'];

export async function lookupReceipt(db: Database, cycleId: string, typed: string): Promise<ReceiptLookup> {
  const cycle = await loadCycle(db, cycleId);
  const hashes = hashesOfTyped(typed);
  const rows = hashes === undefined ? [] : await findBallotsByReceipt(db, cycleId, hashes.ballotHash);
  const ballot = rows.find((row) => row.status === 'counted') ?? rows[0];
  if (ballot === undefined) return { found: false, status: null, districtId: null, choices: null };
  const published = PUBLISHED.includes(cycle.phase as Phase) && ballot.status === 'counted';
  return {
    found: true,
    status: published ? 'published' : ballot.status === 'counted' ? 'counted' : 'replaced',
    districtId: ballot.districtId,
    choices: published ? ballot.choices : null,
  };
}

export async function myVotingStatus(db: Database, userId: string, cycleId: string): Promise<MyVotingStatus> {
  const cycle = await loadCycle(db, cycleId);
  const voter = await voterForUser(db, userId);
  const districts = await listVotingDistricts(db, cycleId);
  return { cycleId, phase: cycle.phase, districts: await votingStatus(db, cycle, districts, voter, 'online') };
}

export interface SheetViewer {
  userId: string | null;
  staff: boolean;
}

export async function getBallotSheet(
  db: Database,
  shuffleSecret: string,
  cycleId: string,
  districtId: string,
  viewer: SheetViewer,
  order: 'shuffled' | 'number' | undefined,
): Promise<BallotSheet> {
  const cycle = await loadCycle(db, cycleId);
  const phase = cycle.phase as Phase;
  const visible = isFrozen(phase) || (viewer.staff && phase === 'review');
  if (!visible) throw new AppError(BallotErrors.sheetNotReady);
  const district = await loadDistrict(db, cycleId, districtId);
  const projects = await listBallotProjects(db, cycleId, districtId);
  const shuffled = order !== 'number' && viewer.userId !== null;
  return {
    cycleId,
    districtId,
    rules: cycle.ballotRules as BallotRules,
    budget: district.budget,
    currency: cycle.currency,
    shuffled,
    projects: shuffled ? shuffleForVoter(projects, shuffleSecret, `${viewer.userId ?? ''}:${cycleId}`) : projects,
  };
}
