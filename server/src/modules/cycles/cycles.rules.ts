import { BALLOT_METHOD_FIELDS, BALLOT_RULE_FIELDS, type AllocationRules, type BallotRules } from '@pb/shared';
import { AppError } from '../../errors.js';
import { CycleErrors } from './cycles.errors.js';

function invalid(message: string): AppError {
  return new AppError(CycleErrors.invalidRules, message);
}

/** Checks what a schema cannot: fields that belong to another method, and bounds that contradict. */
export function assertConsistentRules(ballot: BallotRules, allocation: AllocationRules): void {
  for (const field of BALLOT_RULE_FIELDS) {
    if (ballot[field] !== undefined && !BALLOT_METHOD_FIELDS[ballot.method].includes(field)) {
      throw invalid(`ballot.${field} does not apply to the ${ballot.method} method`);
    }
  }
  if (ballot.minProjects !== undefined && ballot.maxProjects !== undefined && ballot.minProjects > ballot.maxProjects) {
    throw invalid('ballot.minProjects must not exceed ballot.maxProjects');
  }
  if (ballot.method === 'cumulative') {
    if (ballot.points === undefined) throw invalid('the cumulative method needs ballot.points');
    if (ballot.maxPointsPerProject !== undefined && ballot.maxPointsPerProject > ballot.points) {
      throw invalid('ballot.maxPointsPerProject must not exceed ballot.points');
    }
  }
  if (ballot.method === 'ranked' && ballot.maxRanked === undefined)
    throw invalid('the ranked method needs ballot.maxRanked');
  const scored = ballot.method === 'cumulative' || ballot.method === 'ranked';
  if (!scored && (allocation.utility === 'points' || allocation.utility === 'points-cost')) {
    throw invalid(`allocation.utility ${allocation.utility} needs points or ranks; ${ballot.method} ballots have none`);
  }
  if (allocation.rule !== 'mes' && (allocation.completion !== 'none' || allocation.comparison !== 'none')) {
    throw invalid('allocation.completion and allocation.comparison apply to the mes rule only');
  }
  if (allocation.ties === 'lottery' && allocation.seed === undefined)
    throw invalid('a lottery tie-break needs allocation.seed');
}
