import { isFrozen, type BallotRules, type Phase } from '@pb/shared';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { BallotErrors } from './ballots.errors.js';
import {
  findVotingCycle,
  listBallotProjects,
  listVotingDistricts,
  type BallotProjectRow,
  type CycleDistrictInfo,
} from './ballots.repository.js';

/** What casting needs of a cycle and never changes once voting has opened. */
export interface FrozenCycle {
  id: string;
  rules: BallotRules;
  requiresVerification: boolean;
  minimumAge: number | null;
  timeZone: string;
  districts: CycleDistrictInfo[];
  /** Each district's ballot list, read on first use; only withdrawals change it, and the casting statement checks those. */
  ballotLists: Map<string, BallotProjectRow[]>;
}

/**
 * Kept in memory per process: from voting on, the database's triggers refuse any change to these
 * rules, districts and budgets, so a cached copy is never stale and replicas need not agree on it.
 * The phase is not cached: the ballot triggers read it, FOR SHARE, in the casting statement.
 */
const frozenCycles = new Map<string, FrozenCycle>();
const MAX_CACHED = 200;

export async function frozenCycle(db: Database, cycleId: string): Promise<FrozenCycle> {
  const cached = frozenCycles.get(cycleId);
  if (cached !== undefined) return cached;
  const row = await findVotingCycle(db, cycleId, false);
  if (row === undefined || row.phase === 'draft') throw new AppError(BallotErrors.notFound);
  if (!isFrozen(row.phase as Phase)) throw new AppError(BallotErrors.votingClosed);
  const cycle: FrozenCycle = {
    id: row.id,
    rules: row.ballotRules as BallotRules,
    requiresVerification: row.requiresVerification,
    minimumAge: row.minimumAge,
    timeZone: row.timeZone,
    districts: await listVotingDistricts(db, cycleId),
    ballotLists: new Map(),
  };
  if (frozenCycles.size >= MAX_CACHED) frozenCycles.clear();
  frozenCycles.set(cycleId, cycle);
  return cycle;
}

export function findCycleDistrict(districts: readonly CycleDistrictInfo[], districtId: string): CycleDistrictInfo {
  const district = districts.find((row) => row.districtId === districtId);
  if (district === undefined)
    throw new AppError(BallotErrors.notFound, 'This district does not take part in this cycle.');
  return district;
}

/** The ballot list of a district as it was when voting opened, withdrawals aside. */
export async function frozenBallotList(
  db: Database,
  cycle: FrozenCycle,
  districtId: string,
): Promise<BallotProjectRow[]> {
  const cached = cycle.ballotLists.get(districtId);
  if (cached !== undefined) return cached;
  const projects = (await listBallotProjects(db, cycle.id, districtId)).map((project) => ({
    ...project,
    withdrawn: false,
  }));
  cycle.ballotLists.set(districtId, projects);
  return projects;
}

const yearFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar year in the city's time zone (minimum ages count by birth year). */
export function yearIn(timeZone: string): number {
  let format = yearFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' });
    yearFormats.set(timeZone, format);
  }
  return Number(format.format(new Date()));
}
