import { BALLOT_METHOD_FIELDS, BALLOT_RULE_FIELDS, type AllocationRules, type BallotRules } from '@pb/shared';
import { AppError } from '../../errors.js';
import { CycleErrors } from './cycles.errors.js';

function invalid(message: string, params: Record<string, string>): AppError {
  return new AppError(CycleErrors.invalidRules, message, { params });
}

/** Checks what a schema cannot: fields that belong to another method, and bounds that contradict. */
export function assertConsistentRules(ballot: BallotRules, allocation: AllocationRules): void {
  for (const field of BALLOT_RULE_FIELDS) {
    if (ballot[field] !== undefined && !BALLOT_METHOD_FIELDS[ballot.method].includes(field)) {
      throw invalid(`ballot.${field} does not apply to the ${ballot.method} method`, {
        reason: 'field_not_for_method',
        field,
        method: ballot.method,
      });
    }
  }
  if (ballot.minProjects !== undefined && ballot.maxProjects !== undefined && ballot.minProjects > ballot.maxProjects) {
    throw invalid('ballot.minProjects must not exceed ballot.maxProjects', { reason: 'min_above_max' });
  }
  if (ballot.method === 'cumulative') {
    if (ballot.points === undefined)
      throw invalid('the cumulative method needs ballot.points', { reason: 'points_needed' });
    if (ballot.maxPointsPerProject !== undefined && ballot.maxPointsPerProject > ballot.points) {
      throw invalid('ballot.maxPointsPerProject must not exceed ballot.points', { reason: 'per_project_above_points' });
    }
  }
  if (ballot.method === 'ranked' && ballot.maxRanked === undefined)
    throw invalid('the ranked method needs ballot.maxRanked', { reason: 'ranks_needed' });
  const scored = ballot.method === 'cumulative' || ballot.method === 'ranked';
  if (!scored && (allocation.utility === 'points' || allocation.utility === 'points-cost')) {
    throw invalid(
      `allocation.utility ${allocation.utility} needs points or ranks; ${ballot.method} ballots have none`,
      {
        reason: 'utility_needs_scores',
        method: ballot.method,
      },
    );
  }
  if (allocation.rule !== 'mes' && (allocation.completion !== 'none' || allocation.comparison !== 'none')) {
    throw invalid('allocation.completion and allocation.comparison apply to the mes rule only', { reason: 'mes_only' });
  }
  if (allocation.ties === 'lottery' && allocation.seed === undefined)
    throw invalid('a lottery tie-break needs allocation.seed', { reason: 'seed_needed' });
}
