import {
  groupCode,
  normalizeCode,
  type BallotChoice,
  type BallotProblem,
  type BallotSheetProject,
  type VoterIdentifier,
} from '@pb/shared';

/** What the ballot components change: the choices, in the order that matters (ranked ballots). */
export type Choices = BallotChoice[];

export function isChosen(choices: readonly BallotChoice[], proposalId: string): boolean {
  return choices.some((choice) => choice.proposalId === proposalId);
}

export function withProject(choices: readonly BallotChoice[], proposalId: string): Choices {
  return isChosen(choices, proposalId) ? [...choices] : [...choices, { proposalId }];
}

export function withoutProject(choices: readonly BallotChoice[], proposalId: string): Choices {
  return choices.filter((choice) => choice.proposalId !== proposalId);
}

/** The summed cost of the chosen projects (knapsack meter, review totals). */
export function chosenCost(choices: readonly BallotChoice[], projects: readonly BallotSheetProject[]): number {
  const costs = new Map(projects.map((project) => [project.id, project.cost]));
  return choices.reduce((sum, choice) => sum + (costs.get(choice.proposalId) ?? 0), 0);
}

/** Cumulative ballots: every point given so far. */
export function pointsGiven(choices: readonly BallotChoice[]): number {
  return choices.reduce((sum, choice) => sum + (choice.points ?? 0), 0);
}

export function pointsOf(choices: readonly BallotChoice[], proposalId: string): number {
  return choices.find((choice) => choice.proposalId === proposalId)?.points ?? 0;
}

/** Sets a project's points; 0 takes it off the ballot. Keeps the order projects were first given points. */
export function withPoints(choices: readonly BallotChoice[], proposalId: string, points: number): Choices {
  if (points <= 0) return withoutProject(choices, proposalId);
  if (!isChosen(choices, proposalId)) return [...choices, { proposalId, points }];
  return choices.map((choice) => (choice.proposalId === proposalId ? { proposalId, points } : choice));
}

/** Ranked ballots: moves the choice at `index` by `delta` places (−1 up, +1 down); unchanged at the ends. */
export function moved(choices: readonly BallotChoice[], index: number, delta: -1 | 1): Choices {
  const target = index + delta;
  const next = [...choices];
  const item = next[index];
  const other = next[target];
  if (item === undefined || other === undefined) return next;
  next[target] = item;
  next[index] = other;
  return next;
}

/** Receipt codes are shown in groups of four, whatever way they were typed or sent. */
export function groupedReceipt(code: string): string {
  return groupCode(normalizeCode(code) ?? code.replace(/[\s-]/g, '').toUpperCase());
}

/** Voting codes are 16 base32 characters; a census number is anything else (usually digits). */
export function voterIdentifier(value: string): VoterIdentifier {
  const trimmed = value.trim();
  const normalized = normalizeCode(trimmed);
  const looksLikeCode = normalized !== null && normalized.length === 16 && /[A-Za-z-]/.test(trimmed);
  return { kind: looksLikeCode ? 'code' : 'census', value: trimmed };
}

type Translate = (id: string, options?: { values?: Record<string, string | number> }) => string;

/** One sentence per problem of validateBallot, in the reader's language, naming projects by title. */
export function problemMessage(
  problem: BallotProblem,
  translate: Translate,
  titleOf: (proposalId: string) => string,
  money: (amount: number) => string,
): string {
  const key = `ballotProblems.${problem.code}`;
  switch (problem.code) {
    case 'empty':
      return translate(key);
    case 'unknown_project':
    case 'withdrawn_project':
    case 'duplicate_project':
    case 'points_not_allowed':
    case 'points_missing':
      return translate(key, { values: { project: titleOf(problem.proposalId) } });
    case 'too_few_projects':
    case 'too_many_projects':
      return translate(key, {
        values: {
          count: problem.code === 'too_few_projects' ? problem.minimum : problem.maximum,
          given: problem.given,
        },
      });
    case 'over_budget':
      return translate(key, { values: { budget: money(problem.budget), total: money(problem.total) } });
    case 'under_minimum_spend':
      return translate(key, { values: { minimum: money(problem.minimum), total: money(problem.total) } });
    case 'points_per_project':
      return translate(key, {
        values: { project: titleOf(problem.proposalId), maximum: problem.maximum, given: problem.given },
      });
    case 'points_total':
      return translate(key, { values: { maximum: problem.maximum, given: problem.given } });
  }
}
