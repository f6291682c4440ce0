import type { BallotRules } from '../cycles/cycles.schema.js';

/** One mark on a ballot: a project, and the points given to it (cumulative ballots only). */
export interface BallotChoice {
  proposalId: string;
  points?: number;
}

/** A project as the ballot offers it. Withdrawn projects stay listed but take no votes. */
export interface BallotProject {
  id: string;
  cost: number;
  withdrawn: boolean;
}

export interface BallotContext {
  rules: BallotRules;
  /** The district's budget (knapsack ballots). */
  budget: number;
  projects: readonly BallotProject[];
}

export type BallotProblem =
  | { code: 'empty' }
  | { code: 'unknown_project'; proposalId: string }
  | { code: 'withdrawn_project'; proposalId: string }
  | { code: 'duplicate_project'; proposalId: string }
  | { code: 'too_few_projects'; minimum: number; given: number }
  | { code: 'too_many_projects'; maximum: number; given: number }
  | { code: 'over_budget'; budget: number; total: number }
  | { code: 'under_minimum_spend'; minimum: number; total: number }
  | { code: 'points_not_allowed'; proposalId: string }
  | { code: 'points_missing'; proposalId: string }
  | { code: 'points_per_project'; proposalId: string; maximum: number; given: number }
  | { code: 'points_total'; maximum: number; given: number };

export type BallotValidation = { valid: true } | { valid: false; problems: BallotProblem[] };

/** The approval limits, with the defaults of a rule set that leaves them out. */
export function approvalLimits(rules: BallotRules, projectCount: number): { minimum: number; maximum: number } {
  return { minimum: Math.max(1, rules.minProjects ?? 1), maximum: rules.maxProjects ?? projectCount };
}

/** Cumulative: the points to distribute and the most one project may take. */
export function pointLimits(rules: BallotRules): { points: number; perProject: number } {
  const points = rules.points ?? 10;
  return { points, perProject: Math.min(points, rules.maxPointsPerProject ?? points) };
}

/** Ranked: how many projects a ballot may rank. */
export function rankLimit(rules: BallotRules, projectCount: number): number {
  return Math.min(rules.maxRanked ?? projectCount, Math.max(projectCount, 1));
}

/** Knapsack: the least a ballot must spend, from the cycle's minimum-spend percentage. */
export function minimumSpend(rules: BallotRules, budget: number): number {
  return Math.ceil((budget * (rules.minSpendPercent ?? 0)) / 100);
}

function checkProjects(choices: readonly BallotChoice[], context: BallotContext): BallotProblem[] {
  const byId = new Map(context.projects.map((project) => [project.id, project]));
  const seen = new Set<string>();
  const problems: BallotProblem[] = [];
  for (const choice of choices) {
    const project = byId.get(choice.proposalId);
    if (project === undefined) problems.push({ code: 'unknown_project', proposalId: choice.proposalId });
    else if (project.withdrawn) problems.push({ code: 'withdrawn_project', proposalId: choice.proposalId });
    if (seen.has(choice.proposalId)) problems.push({ code: 'duplicate_project', proposalId: choice.proposalId });
    seen.add(choice.proposalId);
  }
  return problems;
}

function checkNoPoints(choices: readonly BallotChoice[]): BallotProblem[] {
  return choices
    .filter((choice) => choice.points !== undefined)
    .map((choice) => ({ code: 'points_not_allowed', proposalId: choice.proposalId }));
}

function checkCount(count: number, minimum: number, maximum: number): BallotProblem[] {
  if (count < minimum) return [{ code: 'too_few_projects', minimum, given: count }];
  if (count > maximum) return [{ code: 'too_many_projects', maximum, given: count }];
  return [];
}

function totalCost(choices: readonly BallotChoice[], context: BallotContext): number {
  const costs = new Map(context.projects.map((project) => [project.id, project.cost]));
  return choices.reduce((sum, choice) => sum + (costs.get(choice.proposalId) ?? 0), 0);
}

function checkKnapsack(choices: readonly BallotChoice[], context: BallotContext): BallotProblem[] {
  const total = totalCost(choices, context);
  const problems = checkNoPoints(choices);
  if (total > context.budget) problems.push({ code: 'over_budget', budget: context.budget, total });
  const minimum = minimumSpend(context.rules, context.budget);
  if (total < minimum) problems.push({ code: 'under_minimum_spend', minimum, total });
  return problems;
}

function checkCumulative(choices: readonly BallotChoice[], context: BallotContext): BallotProblem[] {
  const limits = pointLimits(context.rules);
  const problems: BallotProblem[] = [];
  let given = 0;
  for (const choice of choices) {
    if (choice.points === undefined || !Number.isInteger(choice.points) || choice.points < 1) {
      problems.push({ code: 'points_missing', proposalId: choice.proposalId });
      continue;
    }
    given += choice.points;
    if (choice.points > limits.perProject) {
      problems.push({
        code: 'points_per_project',
        proposalId: choice.proposalId,
        maximum: limits.perProject,
        given: choice.points,
      });
    }
  }
  if (given > limits.points) problems.push({ code: 'points_total', maximum: limits.points, given });
  return problems;
}

/**
 * Whether a ballot may be cast under the cycle's rules. Pure: the web ballot calls it on every
 * change and the server calls it again inside the casting transaction, with the frozen rules.
 */
export function validateBallot(choices: readonly BallotChoice[], context: BallotContext): BallotValidation {
  const { rules } = context;
  const problems: BallotProblem[] = [];
  if (choices.length === 0) problems.push({ code: 'empty' });
  problems.push(...checkProjects(choices, context));
  const selectable = context.projects.filter((project) => !project.withdrawn).length;
  switch (rules.method) {
    case 'approval': {
      const limits = approvalLimits(rules, selectable);
      problems.push(...checkNoPoints(choices));
      if (choices.length > 0) problems.push(...checkCount(choices.length, limits.minimum, limits.maximum));
      break;
    }
    case 'knapsack':
      problems.push(...checkKnapsack(choices, context));
      break;
    case 'cumulative':
      problems.push(...checkCumulative(choices, context));
      break;
    case 'ranked':
      problems.push(...checkNoPoints(choices));
      if (choices.length > 0) problems.push(...checkCount(choices.length, 1, rankLimit(rules, selectable)));
      break;
  }
  return problems.length === 0 ? { valid: true } : { valid: false, problems };
}

/**
 * The form a ballot is stored in: sets (approval, knapsack) sorted by project id, so nothing of
 * the order the voter saw them in survives; cumulative ballots likewise; ranked ballots keep the
 * voter's order, which is the vote.
 */
export function canonicalChoices(method: BallotRules['method'], choices: readonly BallotChoice[]): BallotChoice[] {
  const copies = choices.map((choice) =>
    method === 'cumulative'
      ? { proposalId: choice.proposalId, points: choice.points }
      : { proposalId: choice.proposalId },
  );
  if (method === 'ranked') return copies;
  return copies.sort((left, right) =>
    left.proposalId < right.proposalId ? -1 : left.proposalId > right.proposalId ? 1 : 0,
  );
}

/** One line of English per problem, for API messages and logs (the web app translates codes). */
export function describeBallotProblem(problem: BallotProblem): string {
  switch (problem.code) {
    case 'empty':
      return 'The ballot has no choices.';
    case 'unknown_project':
      return `Project ${problem.proposalId} is not on this ballot.`;
    case 'withdrawn_project':
      return `Project ${problem.proposalId} was withdrawn and takes no votes.`;
    case 'duplicate_project':
      return `Project ${problem.proposalId} is chosen more than once.`;
    case 'too_few_projects':
      return `Choose at least ${problem.minimum} projects (${problem.given} chosen).`;
    case 'too_many_projects':
      return `Choose at most ${problem.maximum} projects (${problem.given} chosen).`;
    case 'over_budget':
      return `The chosen projects cost ${problem.total}, more than the budget of ${problem.budget}.`;
    case 'under_minimum_spend':
      return `The chosen projects cost ${problem.total}; spend at least ${problem.minimum}.`;
    case 'points_not_allowed':
      return `Points are only given on cumulative ballots (project ${problem.proposalId}).`;
    case 'points_missing':
      return `Give project ${problem.proposalId} a whole number of points, at least 1.`;
    case 'points_per_project':
      return `Project ${problem.proposalId} has ${problem.given} points; at most ${problem.maximum} per project.`;
    case 'points_total':
      return `${problem.given} points given; at most ${problem.maximum} in all.`;
  }
}
