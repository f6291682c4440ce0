import fc from 'fast-check';
import type { BallotMethod, BallotRules } from '../cycles/cycles.schema.js';
import {
  validateBallot,
  type BallotChoice,
  type BallotContext,
  type BallotProblem,
  type BallotProject,
} from './validate-ballot.js';

/** Shared helpers and arbitraries for the validate-ballot tests. */

export const METHODS: readonly BallotMethod[] = ['approval', 'knapsack', 'cumulative', 'ranked'];

export function project(id: string, cost = 100, withdrawn = false): BallotProject {
  return { id, cost, withdrawn };
}

export function context(rules: BallotRules, projects: readonly BallotProject[], budget = 1000): BallotContext {
  return { rules, budget, projects };
}

export function picks(...ids: string[]): BallotChoice[] {
  return ids.map((proposalId) => ({ proposalId }));
}

export function problemsOf(choices: readonly BallotChoice[], ballotContext: BallotContext): BallotProblem[] {
  const result = validateBallot(choices, ballotContext);
  return result.valid ? [] : result.problems;
}

export function codesOf(choices: readonly BallotChoice[], ballotContext: BallotContext): string[] {
  return problemsOf(choices, ballotContext).map((problem) => problem.code);
}

/** Five open projects a..e costing 100, 200, 300, 400, 500. */
export const FIVE = ['a', 'b', 'c', 'd', 'e'].map((id, index) => project(id, (index + 1) * 100));

/** Rules under which every well-formed ballot of up to five projects passes, per method. */
export function lenientRules(method: BallotMethod): BallotRules {
  switch (method) {
    case 'approval':
      return { method };
    case 'knapsack':
      return { method };
    case 'cumulative':
      return { method, points: 1000, maxPointsPerProject: 1000 };
    case 'ranked':
      return { method };
  }
}

/** A valid ballot of projects a and b under lenientRules, for each method. */
export function validPair(method: BallotMethod): BallotChoice[] {
  return method === 'cumulative'
    ? [
        { proposalId: 'a', points: 1 },
        { proposalId: 'b', points: 2 },
      ]
    : picks('a', 'b');
}

/** Distinct project ids in random order (uuids, so sorting by id is meaningful). */
export const projectIds = (minLength: number, maxLength: number) => fc.uniqueArray(fc.uuid(), { minLength, maxLength });

/** Ids with a random subset chosen (a mask per id). */
export const idsWithSubset = (minLength: number, maxLength: number) =>
  projectIds(minLength, maxLength).chain((ids) =>
    fc.tuple(
      fc.constant(ids),
      fc
        .array(fc.boolean(), { minLength: ids.length, maxLength: ids.length })
        .map((mask) => ids.filter((_, index) => mask[index])),
    ),
  );

/** Ids with a random subset chosen, and a random cost from 0 to maxCost for each id. */
export const idsWithSubsetAndCosts = (minLength: number, maxLength: number, maxCost: number) =>
  idsWithSubset(minLength, maxLength).chain(([ids, chosen]) =>
    fc.tuple(
      fc.constant(ids),
      fc.constant(chosen),
      fc.array(fc.integer({ min: 0, max: maxCost }), { minLength: ids.length, maxLength: ids.length }),
    ),
  );
